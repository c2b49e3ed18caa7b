/**
 * wc (GNU coreutils 9.1) in the C locale: -l -w -c -m -L. Column width follows wc.c's
 * compute_number_width: 1 when a single count of a single input is printed, otherwise the
 * digits of the total size of the regular files (those that can be opened), at least 7 when
 * standard input (a pipe) or a directory is among the inputs; and 1 when the names come from
 * `--files0-from=-` (a pipe: wc streams them and knows no sizes).
 */
import {
  Inputs,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quoteAlways,
  quoteIfNeeded,
  tryHelp,
} from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { FileData, TextIO } from "./types.js";

const LONG = [
  { name: "bytes", arg: "none", key: "c" },
  { name: "chars", arg: "none", key: "m" },
  { name: "debug", arg: "none", key: "debug" },
  { name: "files0-from", arg: "required", key: "files0-from" },
  { name: "lines", arg: "none", key: "l" },
  { name: "words", arg: "none", key: "w" },
  { name: "max-line-length", arg: "none", key: "L" },
  ...HELP_VERSION,
] as const;

interface Counts {
  lines: number;
  words: number;
  bytes: number;
  maxLen: number;
}

const isPrint = (c: number) => c >= 32 && c <= 126;

export function count(data: string): Counts {
  let lines = 0;
  let words = 0;
  let inWord = false;
  let linepos = 0;
  let maxLen = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    switch (c) {
      case 10:
      case 13:
      case 12:
        if (c === 10) lines++;
        if (linepos > maxLen) maxLen = linepos;
        linepos = 0;
        if (inWord) words++;
        inWord = false;
        break;
      case 9:
        linepos += 8 - (linepos % 8);
        if (inWord) words++;
        inWord = false;
        break;
      case 32:
      case 11:
        if (c === 32) linepos++;
        if (inWord) words++;
        inWord = false;
        break;
      default:
        if (isPrint(c)) {
          linepos++;
          inWord = true;
        }
    }
  }
  if (linepos > maxLen) maxLen = linepos;
  if (inWord) words++;
  return { lines, words, bytes: data.length, maxLen };
}

export function wc(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "clLmw", long: LONG });
  let pl = false;
  let pw = false;
  let pc = false;
  let pm = false;
  let pL = false;
  for (const o of r.options) {
    switch (o.key) {
      case "c":
        pc = true;
        break;
      case "m":
        pm = true;
        break;
      case "l":
        pl = true;
        break;
      case "w":
        pw = true;
        break;
      case "L":
        pL = true;
        break;
      case "debug":
        break;
      case "files0-from":
        // reading NUL-separated names from a file: the names are file operands
        break;
      case "--help":
        return printHelp(io, "wc");
      case "--version":
        return printVersion(io, "wc");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  let files = r.operands;
  const files0 = r.options.find((o) => o.key === "files0-from");
  if (files0) {
    if (files.length) {
      io.stderr(
        `${prog}: extra operand ${quoteAlways(files[0])}\nfile operands cannot be combined with --files0-from\n${tryHelp(prog)}`,
      );
      return 1;
    }
    const list = files0.value === "-" ? io.stdin : io.readFile(files0.value!);
    if (isReadError(list)) {
      if (failsOnRead(list))
        io.stderr(`${prog}: ${quoteIfNeeded(files0.value!)}: read error: ${list.message}\n`);
      else io.stderr(`${prog}: cannot open '${files0.value}' for reading: ${list.message}\n`);
      return 1;
    }
    files = list.split("\0").filter((x, i, arr) => x !== "" || i < arr.length - 1);
  }
  if (!(pl || pw || pm || pc || pL)) pl = pw = pc = true;
  const names = files.length ? files : [null];
  const inputs = new Inputs(io);
  // fstat pass, as wc.c get_input_fstatus
  const datas = names.map((f) => (f === null ? io.stdin : f === "" ? null : inputs.read(f)));
  /** fstat failed: the file could not be opened */
  const failed = (d: FileData | null) => d === null || (isReadError(d) && !failsOnRead(d));
  const nprinted = +pl + +pw + +pm + +pc + +pL;
  let width = 1;
  if (!(names.length === 1 && nprinted === 1) && files0?.value !== "-") {
    let minimum = 1;
    let regularTotal = 0;
    names.forEach((f, i) => {
      const d = datas[i];
      if (failed(d)) return;
      // standard input (a pipe) and directories are not regular files
      if (f === null || f === "-" || (isReadError(d!) && d.errno === "EISDIR")) minimum = 7;
      else if (!isReadError(d!)) regularTotal += d!.length;
    });
    for (; regularTotal >= 10; regularTotal = Math.floor(regularTotal / 10)) width++;
    if (width < minimum) width = minimum;
  }
  const pad = (n: number) => String(n).padStart(width);
  const line = (c: Counts, name: string | null) => {
    const cols: string[] = [];
    if (pl) cols.push(pad(c.lines));
    if (pw) cols.push(pad(c.words));
    if (pm) cols.push(pad(c.bytes));
    if (pc) cols.push(pad(c.bytes));
    if (pL) cols.push(pad(c.maxLen));
    let s = cols.join(" ");
    if (name !== null) s += ` ${name.includes("\n") ? quoteIfNeeded(name) : name}`;
    return s + "\n";
  };
  const total: Counts = { lines: 0, words: 0, bytes: 0, maxLen: 0 };
  let ok = true;
  names.forEach((f, i) => {
    if (f === "") {
      io.stderr(`${prog}: invalid zero-length file name\n`);
      ok = false;
      return;
    }
    const data = datas[i]!;
    if (isReadError(data)) {
      io.stderr(`${prog}: ${quoteIfNeeded(f ?? "standard input")}: ${data.message}\n`);
      ok = false;
      // opened, then read(2) failed: the counts so far (none) are still printed
      if (!failsOnRead(data)) return;
    }
    const c = count(isReadError(data) ? "" : data);
    io.stdout(line(c, f));
    total.lines += c.lines;
    total.words += c.words;
    total.bytes += c.bytes;
    total.maxLen = Math.max(total.maxLen, c.maxLen);
  });
  if (names.length > 1) io.stdout(line(total, "total"));
  return ok ? 0 : 1;
}
