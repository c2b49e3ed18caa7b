/**
 * nl (GNU coreutils 9.1): number lines. Styles -b/-h/-f (a, t, n, pBRE), -n ln|rn|rz, -w,
 * -s, -v, -i, -l, -p, -d and the \: section delimiters (nl.c proc_text / check_section).
 */
import { Inputs, isReadError, printHelp, printVersion, quote, quoteIfNeeded, tryHelp } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import { compileRegex, RE, RegexSyntaxError, SYNTAX_POSIX_BASIC, type Regex } from "./regex/index.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "header-numbering", arg: "required", key: "h" },
  { name: "body-numbering", arg: "required", key: "b" },
  { name: "footer-numbering", arg: "required", key: "f" },
  { name: "starting-line-number", arg: "required", key: "v" },
  { name: "line-increment", arg: "required", key: "i" },
  { name: "no-renumber", arg: "none", key: "p" },
  { name: "join-blank-lines", arg: "required", key: "l" },
  { name: "number-separator", arg: "required", key: "s" },
  { name: "number-width", arg: "required", key: "w" },
  { name: "number-format", arg: "required", key: "n" },
  { name: "section-delimiter", arg: "required", key: "d" },
  ...HELP_VERSION,
] as const;

interface Style {
  type: string;
  re: Regex | null;
}

export function nl(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "h:b:f:v:i:pl:s:w:n:d:", long: LONG });
  let header: Style = { type: "n", re: null };
  let body: Style = { type: "t", re: null };
  let footer: Style = { type: "n", re: null };
  let start = 1;
  let incr = 1;
  let reset = true;
  let blankJoin = 1;
  let sepStr = "\t";
  let width = 6;
  let format: "ln" | "rn" | "rz" = "rn";
  let sectionDel = "\\:";
  let ok = true;
  const styleArg = (v: string, what: string): Style | null | "die" => {
    switch (v[0]) {
      case "a":
      case "t":
      case "n":
        return { type: v[0], re: null };
      case "p":
        try {
          return {
            type: "p",
            re: compileRegex(v.slice(1), {
              syntax: SYNTAX_POSIX_BASIC & ~RE.CONTEXT_INVALID_DUP & ~RE.NO_EMPTY_RANGES,
            }).regex,
          };
        } catch (e) {
          if (!(e instanceof RegexSyntaxError)) throw e;
          io.stderr(`${prog}: ${e.message}\n`);
          return "die";
        }
    }
    io.stderr(`${prog}: invalid ${what} numbering style: ${quote(v)}\n`);
    return null;
  };
  const intArg = (v: string, min: number, max: number, what: string): number | null => {
    const m = /^[ \t]*([+-]?[0-9]+)$/.exec(v);
    const n = m ? Number(m[1]) : NaN;
    if (!m || n < min || n > max) {
      const range = m && (n < min || n > max) ? ": Numerical result out of range" : "";
      io.stderr(`${prog}: ${what}: ${quote(v)}${range}\n`);
      return null;
    }
    return n;
  };
  for (const o of r.options) {
    const v = o.value ?? "";
    switch (o.key) {
      case "h":
      case "b":
      case "f": {
        const s = styleArg(v, o.key === "h" ? "header" : o.key === "b" ? "body" : "footer");
        if (s === "die") return 1;
        if (s === null) ok = false;
        else if (o.key === "h") header = s;
        else if (o.key === "b") body = s;
        else footer = s;
        break;
      }
      case "v": {
        const n = intArg(
          v,
          -Number.MAX_SAFE_INTEGER,
          Number.MAX_SAFE_INTEGER,
          "invalid starting line number",
        );
        if (n === null) return 1;
        start = n;
        break;
      }
      case "i": {
        const n = intArg(
          v,
          -Number.MAX_SAFE_INTEGER,
          Number.MAX_SAFE_INTEGER,
          "invalid line number increment",
        );
        if (n === null) return 1;
        incr = n;
        break;
      }
      case "p":
        reset = false;
        break;
      case "l": {
        const n = intArg(v, 1, Number.MAX_SAFE_INTEGER, "invalid line number of blank lines");
        if (n === null) return 1;
        blankJoin = n;
        break;
      }
      case "s":
        sepStr = v;
        break;
      case "w": {
        const n = intArg(v, 1, 2147483647, "invalid line number field width");
        if (n === null) return 1;
        width = n;
        break;
      }
      case "n":
        if (v === "ln" || v === "rn" || v === "rz") format = v;
        else {
          io.stderr(`${prog}: invalid line numbering format: ${quote(v)}\n`);
          ok = false;
        }
        break;
      case "d":
        if (v.length === 1 || v.length === 2) sectionDel = v + sectionDel.slice(v.length);
        else sectionDel = v;
        break;
      case "--help":
        return printHelp(io, "nl");
      case "--version":
        return printVersion(io, "nl");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n`);
    ok = false;
  }
  if (!ok) {
    io.stderr(tryHelp(prog));
    return 1;
  }
  const headerDel = sectionDel.repeat(3);
  const bodyDel = sectionDel.repeat(2);
  const footerDel = sectionDel;
  const noNumber = " ".repeat(width + sepStr.length);
  let lineNo = start;
  let current = body;
  let blankLines = 0;
  const number = () => {
    const n = String(lineNo);
    lineNo += incr;
    if (format === "ln") return n.padEnd(width) + sepStr;
    if (format === "rz") {
      const neg = n.startsWith("-");
      const digits = neg ? n.slice(1) : n;
      return (neg ? "-" + digits.padStart(width - 1, "0") : digits.padStart(width, "0")) + sepStr;
    }
    return n.padStart(width) + sepStr;
  };
  const inputs = new Inputs(io);
  const files = r.operands.length ? r.operands : ["-"];
  let status = 0;
  for (const f of files) {
    const data = inputs.read(f);
    if (isReadError(data)) {
      io.stderr(`${prog}: ${quoteIfNeeded(f)}: ${data.message}\n`);
      status = 1;
      continue;
    }
    if (data === "") continue;
    const lines = data.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let out = "";
    for (const line of lines) {
      if (line.length >= 2 && footerDel.length >= 2 && line.startsWith(sectionDel.slice(0, 2))) {
        const sect =
          line === headerDel ? header : line === bodyDel ? body : line === footerDel ? footer : null;
        if (sect) {
          current = sect;
          if (reset) lineNo = start;
          out += "\n";
          continue;
        }
      }
      switch (current.type) {
        case "a":
          if (blankJoin > 1) {
            if (line.length > 0 || ++blankLines === blankJoin) {
              out += number();
              blankLines = 0;
            } else out += noNumber;
          } else out += number();
          break;
        case "t":
          out += line.length > 0 ? number() : noNumber;
          break;
        case "n":
          out += noNumber;
          break;
        case "p":
          out += current.re!.test(line) ? number() : noNumber;
          break;
      }
      out += line + "\n";
    }
    io.stdout(out);
  }
  return status;
}
