/**
 * uniq (GNU coreutils 9.1): -c -d -D[METHOD] --group[=METHOD] -u -i -f N -s N -w N -z and
 * the obsolete -N / +N forms (uniq.c). Lines are compared after skipping fields and bytes.
 */
import {
  Inputs,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quote,
  quoteAlways,
  quoteIfNeeded,
  tryHelp,
  xstrtoumax,
  clampCount,
} from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "count", arg: "none", key: "c" },
  { name: "repeated", arg: "none", key: "d" },
  { name: "all-repeated", arg: "optional", key: "D" },
  { name: "group", arg: "optional", key: "group" },
  { name: "ignore-case", arg: "none", key: "i" },
  { name: "unique", arg: "none", key: "u" },
  { name: "skip-fields", arg: "required", key: "f" },
  { name: "skip-chars", arg: "required", key: "s" },
  { name: "check-chars", arg: "required", key: "w" },
  { name: "zero-terminated", arg: "none", key: "z" },
  ...HELP_VERSION,
] as const;

const isBlank = (c: string) => c === " " || c === "\t";

/** argmatch: exact or unique prefix; returns the index or an error text. */
export function argmatch(
  prog: string,
  option: string,
  arg: string,
  valid: readonly string[],
  groups?: readonly string[][],
): number | string {
  const exact = valid.indexOf(arg);
  if (exact >= 0) return exact;
  const cands = valid.map((v, i) => [v, i] as const).filter(([v]) => v.startsWith(arg));
  if (cands.length === 1) return cands[0][1];
  const kind = cands.length ? "ambiguous" : "invalid";
  const list = (groups ?? valid.map((v) => [v])).map((g) => `  - ${g.map(quote).join(", ")}`).join("\n");
  return `${prog}: ${kind} argument ${quote(arg)} for ${quote(option)}\nValid arguments are:\n${list}\n${tryHelp(prog)}`;
}

export function uniq(io: TextIO): number {
  const prog = io.argv[0];
  // uniq permutes nothing: operands are read in order (optstring starts with '-')
  const argv = io.argv.map((a) => a);
  const r = getopt(argv, { short: "0123456789Dcdf:is:uw:z", long: LONG });
  let count = false;
  let outUnique = true; // output lines that occur once
  let outFirstRepeated = true; // output one copy of repeated lines
  let allRepeated = false;
  let delimit: "none" | "prepend" | "separate" = "none";
  let grouping: "none" | "prepend" | "append" | "separate" | "both" = "none";
  let ignoreCase = false;
  let skipFields = 0;
  let skipChars = 0;
  let checkChars = Infinity;
  let sep = "\n";
  let outputOptionUsed = false;
  let obsoleteFields: number | null = null;
  const sizeOpt = (v: string, what: string): number | null => {
    const x = xstrtoumax(v, "");
    if (x.kind !== "ok") {
      io.stderr(`${prog}: ${v}: ${what}\n`);
      return null;
    }
    return clampCount(x.value);
  };
  for (const o of r.options) {
    if (/^[0-9]$/.test(o.key)) {
      obsoleteFields = (obsoleteFields ?? 0) * 10 + Number(o.key);
      skipFields = obsoleteFields;
      continue;
    }
    obsoleteFields = null;
    switch (o.key) {
      case "c":
        count = true;
        outputOptionUsed = true;
        break;
      case "d":
        outUnique = false;
        outputOptionUsed = true;
        break;
      case "D": {
        outUnique = false;
        allRepeated = true;
        if (o.value !== undefined) {
          const m = argmatch(prog, "--all-repeated", o.value, ["none", "prepend", "separate"]);
          if (typeof m === "string") {
            io.stderr(m);
            return 1;
          }
          delimit = (["none", "prepend", "separate"] as const)[m];
        }
        outputOptionUsed = true;
        break;
      }
      case "group": {
        grouping = "separate";
        if (o.value !== undefined) {
          const names = ["prepend", "append", "separate", "both"] as const;
          const m = argmatch(prog, "--group", o.value, names);
          if (typeof m === "string") {
            io.stderr(m);
            return 1;
          }
          grouping = names[m];
        }
        break;
      }
      case "f": {
        const v = sizeOpt(o.value!, "invalid number of fields to skip");
        if (v === null) return 1;
        skipFields = v;
        break;
      }
      case "i":
        ignoreCase = true;
        break;
      case "s": {
        const v = sizeOpt(o.value!, "invalid number of bytes to skip");
        if (v === null) return 1;
        skipChars = v;
        break;
      }
      case "u":
        outFirstRepeated = false;
        outputOptionUsed = true;
        break;
      case "w": {
        const v = sizeOpt(o.value!, "invalid number of bytes to compare");
        if (v === null) return 1;
        checkChars = v;
        break;
      }
      case "z":
        sep = "\0";
        break;
      case "--help":
        return printHelp(io, "uniq");
      case "--version":
        return printVersion(io, "uniq");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  const files: string[] = [];
  for (const op of r.operands) {
    if (op.length > 1 && op[0] === "+" && /^\+[0-9]+$/.test(op)) {
      skipChars = Number(op.slice(1));
      continue;
    }
    if (files.length === 2) {
      io.stderr(`${prog}: extra operand ${quote(op)}\n${tryHelp(prog)}`);
      return 1;
    }
    files.push(op);
  }
  if (grouping !== "none" && outputOptionUsed) {
    io.stderr(`${prog}: --group is mutually exclusive with -c/-d/-D/-u\n${tryHelp(prog)}`);
    return 1;
  }
  if (grouping !== "none" && count) {
    io.stderr(`${prog}: grouping and printing repeat counts is meaningless\n${tryHelp(prog)}`);
    return 1;
  }
  if (count && allRepeated) {
    io.stderr(`${prog}: printing all duplicated lines and repeat counts is meaningless\n${tryHelp(prog)}`);
    return 1;
  }
  const infile = files[0] ?? "-";
  const data = new Inputs(io).read(infile);
  if (isReadError(data) && !failsOnRead(data)) {
    io.stderr(`${prog}: ${quoteIfNeeded(infile)}: ${data.message}\n`);
    return 1;
  }
  if (files[1] !== undefined && files[1] !== "-" && files[1] !== "/dev/stdout") {
    io.stderr(`${prog}: ${quoteIfNeeded(files[1])}: Read-only file system\n`);
    return 1;
  }
  if (isReadError(data)) {
    // opened (a directory), then the read fails: ferror (stdin), reported without errno
    io.stderr(`${prog}: error reading ${quoteAlways(infile)}\n`);
    return 1;
  }
  const lines = data === "" ? [] : data.split(sep);
  if (lines.length && lines[lines.length - 1] === "") lines.pop();

  const keyOf = (line: string): string => {
    let i = 0;
    for (let f = 0; f < skipFields && i < line.length; f++) {
      while (i < line.length && isBlank(line[i])) i++;
      while (i < line.length && !isBlank(line[i])) i++;
    }
    i = Math.min(line.length, i + skipChars);
    let k = checkChars === Infinity ? line.slice(i) : line.slice(i, i + checkChars);
    if (ignoreCase) k = k.replace(/[a-z]+/g, (m) => m.toUpperCase());
    return k;
  };

  // uniq.c check_file
  let out = "";
  if (outUnique && outFirstRepeated && !count) {
    let prev: string | null = null;
    let firstGroupPrinted = false;
    for (const line of lines) {
      const key = keyOf(line);
      const newGroup = prev === null || key !== prev;
      if (
        newGroup &&
        grouping !== "none" &&
        (grouping === "prepend" ||
          grouping === "both" ||
          (firstGroupPrinted && (grouping === "append" || grouping === "separate")))
      )
        out += sep;
      if (newGroup || grouping !== "none") {
        out += line + sep;
        prev = key;
        firstGroupPrinted = true;
      }
    }
    if ((grouping === "both" || grouping === "append") && firstGroupPrinted) out += sep;
    io.stdout(out);
    return 0;
  }
  if (lines.length === 0) return 0;
  const writeline = (line: string, match: boolean, n: number) => {
    if (!(n === 0 ? outUnique : !match ? outFirstRepeated : allRepeated)) return;
    if (count) out += `${String(n + 1).padStart(7)} `;
    out += line + sep;
  };
  let prevLine = lines[0];
  let prevKey = keyOf(prevLine);
  let matchCount = 0;
  let firstDelimiter = true;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const key = keyOf(line);
    const match = key === prevKey;
    if (match) matchCount++;
    if (delimit !== "none") {
      if (!match) {
        if (matchCount) firstDelimiter = false;
      } else if (matchCount === 1) {
        if (delimit === "prepend" || (delimit === "separate" && !firstDelimiter)) out += sep;
      }
    }
    if (!match || allRepeated) {
      writeline(prevLine, match, matchCount);
      prevLine = line;
      prevKey = key;
      if (!match) matchCount = 0;
    }
  }
  writeline(prevLine, false, matchCount);
  io.stdout(out);
  return 0;
}
