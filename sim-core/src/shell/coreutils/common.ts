/**
 * Helpers shared by the text utilities: reading file operands, coreutils' quoting of file
 * names in diagnostics, coreutils' number parsing (xstrtoumax with size suffixes), and the
 * usual "Try 'x --help'" lines. All strings here are byte strings (see bytes.ts).
 */
import type { FileData, ReadError, TextIO } from "./types.js";
import { HELP, VERSION } from "./help.js";

export const ENOENT = "No such file or directory";

/** The error of a file that does not exist. */
export const NO_SUCH_FILE: ReadError = { errno: "ENOENT", message: ENOENT };
/** The error of reading a directory (open(2) succeeds, read(2) fails). */
export const IS_A_DIRECTORY: ReadError = { errno: "EISDIR", message: "Is a directory" };

export function isReadError(d: FileData): d is ReadError {
  return typeof d !== "string";
}

/**
 * open(2) succeeded and read(2) failed: a directory (EISDIR) or an nsfs file (EINVAL). The tools
 * then print their read-error message and treat the input as opened (wc still prints counts,
 * grep -c a 0, head its header).
 */
export function failsOnRead(e: ReadError): boolean {
  return e.errno === "EISDIR" || e.errno === "EINVAL" || e.errno === "EIO";
}

/** The size of glibc's buffer for a stdout that is a pipe or a file (st_blksize). */
export const BUFSIZ = 4096;

/**
 * How much of the output a program wrote with stdio, and has not flushed, has reached the
 * terminal or the pipe when the program then writes to stderr without flushing stdout first, as
 * sed and mawk do (gnulib's error(), which the coreutils use, flushes): on a terminal stdout is
 * line buffered, so its complete lines; into a pipe or a file only the blocks that filled up. The
 * rest comes out after the message.
 */
export function writtenBeforeStderr(pending: string, isatty: boolean | undefined): number {
  return isatty ? pending.lastIndexOf("\n") + 1 : pending.length - (pending.length % BUFSIZ);
}

/**
 * Runs a /bin/sh command line for awk's pipes and system() and sed's `e` (see index.ts); its
 * programs read files as the caller does.
 */
export type CommandRunner = (
  cmd: string,
  input: string,
  readFile?: TextIO["readFile"],
) => { stdout: string; stderr: string; status: number };

/**
 * Reads file operands; "-" is standard input, which can be read once (a second read is at EOF;
 * when reading it fails, as for a directory, it fails every time).
 */
export class Inputs {
  private stdinUsed = false;
  constructor(private readonly io: TextIO) {}

  /** The data of `name`, or why it cannot be read. */
  read(name: string): FileData {
    if (name === "-") {
      if (this.stdinUsed && !isReadError(this.io.stdin)) return "";
      this.stdinUsed = true;
      return this.io.stdin;
    }
    return this.io.readFile(name);
  }
}

/** Split into lines (without terminators); `complete` tells whether the last one had `sep`. */
export function splitLines(data: string, sep = "\n"): { lines: string[]; complete: boolean } {
  if (data === "") return { lines: [], complete: true };
  const lines = data.split(sep);
  const complete = lines[lines.length - 1] === "";
  if (complete) lines.pop();
  return { lines, complete };
}

const SHELL_SAFE = /^[A-Za-z0-9_./+,:=@%^-]+$/;

/**
 * gnulib's quotearg with shell_escape_always_quoting_style (coreutils' `quoteaf` in messages
 * such as "cannot open 'x' for reading").
 */
export function quoteAlways(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f]/.test(name)) {
    if (!name.includes("'")) return `'${name}'`;
    if (!/[\\"$`]/.test(name)) return `"${name}"`;
  }
  // general form: 'abc'\''def' with $'\n' for control characters
  let out = "'";
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === "'") out += "'\\''";
    else if (c < 0x20 || c === 0x7f) out += `'$'\\${controlEscape(c)}''`;
    else out += ch;
  }
  out += "'";
  return out.replace(/^''(?=.)/, "").replace(/(?<=.)''$/, "");
}

function controlEscape(c: number): string {
  switch (c) {
    case 7:
      return "a";
    case 8:
      return "b";
    case 9:
      return "t";
    case 10:
      return "n";
    case 11:
      return "v";
    case 12:
      return "f";
    case 13:
      return "r";
    default:
      return c.toString(8).padStart(3, "0");
  }
}

/** coreutils' `quotef`: quote a file name only when the shell would need it. */
export function quoteIfNeeded(name: string): string {
  return SHELL_SAFE.test(name) ? name : quoteAlways(name);
}

/** gnulib `quote()` (locale_quoting_style in the C locale): 'x' */
export function quote(s: string): string {
  return quoteAlways(s);
}

/** "Try 'prog --help' for more information." */
export function tryHelp(prog: string): string {
  return `Try '${prog} --help' for more information.\n`;
}

/** Print --help / --version text recorded from the real tool, if we have it. */
export function printHelp(io: TextIO, tool: string): number {
  const text = HELP[tool];
  io.stdout(text ?? "");
  return 0;
}

export function printVersion(io: TextIO, tool: string): number {
  io.stdout(VERSION[tool] ?? "");
  return 0;
}

// ---- coreutils number parsing (gnulib xstrtoumax) ------------------------------------------

export type XstrtolResult =
  { kind: "ok"; value: bigint } | { kind: "overflow" } | { kind: "invalid" } | { kind: "invalid_suffix" };

export const UINTMAX_MAX = (1n << 64n) - 1n;

/**
 * gnulib xstrtoumax(s, 10, validSuffixes): leading blanks allowed, no sign, decimal digits,
 * optional size suffix (b=512, k/K=1024, M, G, … ; with '0' in validSuffixes also "KB"=1000 and
 * "KiB"=1024).
 */
export function xstrtoumax(s: string, validSuffixes: string | null): XstrtolResult {
  let i = 0;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i])) i++;
  if (s[i] === "-") return { kind: "invalid" };
  if (s[i] === "+") i++;
  const start = i;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
  let value: bigint;
  if (i === start) {
    // no digits: a bare suffix means 1 of it (e.g. "k"), if the suffix is valid
    if (validSuffixes && i < s.length && validSuffixes.includes(s[i])) value = 1n;
    else return { kind: "invalid" };
  } else value = BigInt(s.slice(start, i));
  let overflow = value > UINTMAX_MAX;
  if (i < s.length) {
    if (!validSuffixes) return { kind: "invalid_suffix" };
    const ch = s[i];
    if (!validSuffixes.includes(ch)) return { kind: "invalid_suffix" };
    let base = 1024n;
    let suffixLen = 1;
    if (validSuffixes.includes("0")) {
      if (s[i + 1] === "i" && s[i + 2] === "B") suffixLen = 3;
      else if (s[i + 1] === "D" || s[i + 1] === "B") {
        base = 1000n;
        suffixLen = 2;
      }
    }
    const powers: Record<string, number> = {
      k: 1,
      K: 1,
      M: 2,
      m: 2,
      G: 3,
      g: 3,
      T: 4,
      t: 4,
      P: 5,
      E: 6,
      Z: 7,
      Y: 8,
      R: 9,
      Q: 10,
    };
    let mult: bigint;
    if (ch === "b") mult = 512n;
    else if (ch === "B") mult = 1024n;
    else if (ch === "c") mult = 1n;
    else if (ch === "w") mult = 2n;
    else if (ch in powers) mult = base ** BigInt(powers[ch]);
    else return { kind: "invalid_suffix" };
    value *= mult;
    if (value > UINTMAX_MAX) overflow = true;
    i += suffixLen;
    if (i < s.length) return { kind: "invalid_suffix" };
  }
  if (overflow) return { kind: "overflow" };
  return { kind: "ok", value };
}

/** Clamp a bigint count to a safe JS number (inputs are far smaller anyway). */
export function clampCount(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}
