/**
 * head (GNU coreutils 9.1): -n [-]N, -c [-]N, -q, -v, -z, and the obsolete `-N[bcklmqvz]`
 * first argument; numbers take coreutils' size suffixes (head.c, string_to_integer).
 */
import {
  Inputs,
  clampCount,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quote,
  quoteAlways,
  tryHelp,
  xstrtoumax,
} from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "bytes", arg: "required", key: "c" },
  { name: "lines", arg: "required", key: "n" },
  { name: "quiet", arg: "none", key: "q" },
  { name: "silent", arg: "none", key: "q" },
  { name: "verbose", arg: "none", key: "v" },
  { name: "zero-terminated", arg: "none", key: "z" },
  ...HELP_VERSION,
] as const;

export const SIZE_SUFFIXES = "bkKmMGTPEZY0";

/** xdectoumax's diagnostic for a bad count, or the count. */
export function parseCount(
  prog: string,
  s: string,
  what: string,
): { ok: true; n: number } | { ok: false; msg: string } {
  const r = xstrtoumax(s, SIZE_SUFFIXES);
  if (r.kind === "ok") return { ok: true, n: clampCount(r.value) };
  if (r.kind === "overflow")
    return { ok: false, msg: `${prog}: ${what}: ${quote(s)}: Value too large for defined data type\n` };
  return { ok: false, msg: `${prog}: ${what}: ${quote(s)}\n` };
}

/** Byte offset just after the n-th separator (or the end). */
function afterNthSep(data: string, n: number, sep: string): number {
  let pos = 0;
  for (let k = 0; k < n; k++) {
    const i = data.indexOf(sep, pos);
    if (i < 0) return data.length;
    pos = i + 1;
  }
  return pos;
}

/** Offset where the last n lines begin (a final unterminated line counts as a line). */
export function startOfLastLines(data: string, n: number, sep: string): number {
  if (n === 0) return data.length;
  let end = data.length;
  if (end > 0 && data[end - 1] === sep) end--;
  let count = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (data[i] === sep) {
      count++;
      if (count === n) return i + 1;
    }
  }
  return 0;
}

export function head(io: TextIO): number {
  const prog = io.argv[0];
  let argv = io.argv;
  let header: "multiple" | "always" | "never" = "multiple";
  let lines = true;
  let elide = false;
  let n = 10;
  let sep = "\n";

  // obsolete syntax: head -5, head -5c, head -2k
  if (argv.length > 1 && /^-[0-9]/.test(argv[1])) {
    const m = /^-([0-9]+)(.*)$/.exec(argv[1])!;
    let mult = "";
    for (const ch of m[2]) {
      switch (ch) {
        case "c":
          lines = false;
          mult = "";
          break;
        case "b":
        case "k":
        case "m":
          lines = false;
          mult = ch;
          break;
        case "l":
          lines = true;
          break;
        case "q":
          header = "never";
          break;
        case "v":
          header = "always";
          break;
        case "z":
          sep = "\0";
          break;
        default:
          io.stderr(`${prog}: invalid trailing option -- ${ch}\n${tryHelp(prog)}`);
          return 1;
      }
    }
    const c = parseCount(prog, m[1] + mult, lines ? "invalid number of lines" : "invalid number of bytes");
    if (!c.ok) {
      io.stderr(c.msg);
      return 1;
    }
    n = c.n;
    argv = [argv[0], ...argv.slice(2)];
  }

  const r = getopt(argv, { short: "c:n:qvz0123456789", long: LONG });
  for (const o of r.options) {
    switch (o.key) {
      case "c":
      case "n": {
        lines = o.key === "n";
        let v = o.value!;
        elide = v.startsWith("-");
        if (elide) v = v.slice(1);
        const c = parseCount(prog, v, lines ? "invalid number of lines" : "invalid number of bytes");
        if (!c.ok) {
          io.stderr(c.msg);
          return 1;
        }
        n = c.n;
        break;
      }
      case "q":
        header = "never";
        break;
      case "v":
        header = "always";
        break;
      case "z":
        sep = "\0";
        break;
      case "--help":
        return printHelp(io, "head");
      case "--version":
        return printVersion(io, "head");
      default:
        // a digit after the obsolete form
        io.stderr(`${prog}: invalid trailing option -- ${o.key}\n${tryHelp(prog)}`);
        return 1;
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  const files = r.operands.length ? r.operands : ["-"];
  const printHeaders = header === "always" || (header === "multiple" && files.length > 1);
  const inputs = new Inputs(io);
  let first = true;
  let ok = true;
  for (const f of files) {
    const data = inputs.read(f);
    const name = f === "-" ? "standard input" : f;
    if (isReadError(data) && !failsOnRead(data)) {
      io.stderr(`${prog}: cannot open ${quoteAlways(f)} for reading: ${data.message}\n`);
      ok = false;
      continue;
    }
    if (printHeaders) {
      io.stdout(`${first ? "" : "\n"}==> ${name} <==\n`);
      first = false;
    }
    if (isReadError(data)) {
      // opened (a directory): the first read fails, unless nothing is to be read
      if (n === 0 && !elide) continue;
      io.stderr(`${prog}: error reading ${quoteAlways(name)}: ${data.message}\n`);
      ok = false;
      continue;
    }
    let out: string;
    if (lines) {
      out = elide ? data.slice(0, startOfLastLines(data, n, sep)) : data.slice(0, afterNthSep(data, n, sep));
    } else {
      out = elide ? data.slice(0, Math.max(0, data.length - n)) : data.slice(0, n);
    }
    io.stdout(out);
  }
  return ok ? 0 : 1;
}
