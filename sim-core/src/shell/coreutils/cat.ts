/**
 * cat (GNU coreutils 9.1): concatenate files to standard output, with -n/-b numbering,
 * -s squeezing, -E/-T/-v/-A/-e/-t visualisation. Numbering and blank-line state carry over
 * from one file to the next, as in cat.c (`newlines2`, `line_num`).
 */
import { Inputs, isReadError, printHelp, printVersion, quoteIfNeeded, tryHelp } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "number-nonblank", arg: "none", key: "b" },
  { name: "number", arg: "none", key: "n" },
  { name: "squeeze-blank", arg: "none", key: "s" },
  { name: "show-nonprinting", arg: "none", key: "v" },
  { name: "show-ends", arg: "none", key: "E" },
  { name: "show-tabs", arg: "none", key: "T" },
  { name: "show-all", arg: "none", key: "A" },
  ...HELP_VERSION,
] as const;

/** cat -v notation for one byte. */
export function visible(c: number, showTabs: boolean): string {
  let prefix = "";
  if (c >= 128) {
    prefix = "M-";
    c -= 128;
  }
  if (c === 9 && !showTabs && prefix === "") return "\t";
  if (c < 32) return `${prefix}^${String.fromCharCode(c + 64)}`;
  if (c === 127) return `${prefix}^?`;
  return prefix + String.fromCharCode(c);
}

export function cat(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "benstuvAET", long: LONG });
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  let number = false;
  let nonblank = false;
  let squeeze = false;
  let nonprinting = false;
  let ends = false;
  let tabs = false;
  for (const o of r.options) {
    switch (o.key) {
      case "b":
        number = nonblank = true;
        break;
      case "e":
        ends = nonprinting = true;
        break;
      case "n":
        number = true;
        break;
      case "s":
        squeeze = true;
        break;
      case "t":
        tabs = nonprinting = true;
        break;
      case "u":
        break;
      case "v":
        nonprinting = true;
        break;
      case "A":
        nonprinting = ends = tabs = true;
        break;
      case "E":
        ends = true;
        break;
      case "T":
        tabs = true;
        break;
      case "--help":
        return printHelp(io, "cat");
      case "--version":
        return printVersion(io, "cat");
    }
  }
  const files = r.operands.length ? r.operands : ["-"];
  const inputs = new Inputs(io);
  const plain = !(number || squeeze || nonprinting || ends || tabs);
  // cat.c state: newlines = 0 at the start of a line, -1 inside a line, 1.. after blank lines
  let newlines = 0;
  let lineNum = 0;
  let ok = true;
  const lineNumber = () => {
    lineNum++;
    const s = String(lineNum);
    return (s.length < 6 ? " ".repeat(6 - s.length) + s : s) + "\t";
  };
  for (const f of files) {
    const data = inputs.read(f);
    if (isReadError(data)) {
      io.stderr(`${prog}: ${quoteIfNeeded(f)}: ${data.message}\n`);
      ok = false;
      continue;
    }
    if (plain) {
      io.stdout(data);
      continue;
    }
    let out = "";
    for (let i = 0; i < data.length; i++) {
      const c = data.charCodeAt(i);
      if (c === 10) {
        if (++newlines > 0) {
          if (newlines >= 2) {
            newlines = 2;
            if (squeeze) continue;
          }
          if (number && !nonblank) out += lineNumber();
        }
        out += ends ? "$\n" : "\n";
        continue;
      }
      if (newlines >= 0 && number) out += lineNumber();
      newlines = -1;
      if (c === 13 && ends && data.charCodeAt(i + 1) === 10) {
        out += "^M";
        continue;
      }
      if (nonprinting) {
        if (c === 9) out += tabs ? "^I" : "\t";
        else out += visible(c, tabs);
      } else if (c === 9 && tabs) out += "^I";
      else out += data[i];
    }
    io.stdout(out);
  }
  return ok ? 0 : 1;
}
