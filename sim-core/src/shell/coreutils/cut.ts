/**
 * cut (GNU coreutils 9.1): -b/-c LIST (bytes; characters are bytes in the C locale), -f LIST
 * with -d DELIM, -s, --complement, --output-delimiter, -z. LIST parsing and its diagnostics
 * follow set-fields.c.
 */
import { Inputs, isReadError, printHelp, printVersion, quote, quoteIfNeeded, tryHelp } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "bytes", arg: "required", key: "b" },
  { name: "characters", arg: "required", key: "c" },
  { name: "fields", arg: "required", key: "f" },
  { name: "delimiter", arg: "required", key: "d" },
  { name: "only-delimited", arg: "none", key: "s" },
  { name: "output-delimiter", arg: "required", key: "output-delimiter" },
  { name: "complement", arg: "none", key: "complement" },
  { name: "zero-terminated", arg: "none", key: "z" },
  ...HELP_VERSION,
] as const;

const UMAX = Number.MAX_SAFE_INTEGER;

interface Range {
  lo: number;
  hi: number;
}

class ListError extends Error {
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

/** set-fields.c set_fields */
export function parseList(list: string, positions: boolean, allowDash: boolean): Range[] {
  const ranges: Range[] = [];
  let initial = 1;
  let value = 0;
  let lhs = false;
  let rhs = false;
  let dash = false;
  let inDigits = false;
  let numStart = 0;
  const fatal = (m: string) => new ListError(m, false);
  let s = list;
  if (allowDash && s === "-") {
    value = 1;
    lhs = true;
    dash = true;
    s = "";
  }
  for (let i = 0; ; i++) {
    const ch = i < s.length ? s[i] : "\0";
    if (ch === "-") {
      inDigits = false;
      if (dash) throw fatal(positions ? "invalid byte or character range" : "invalid field range");
      dash = true;
      if (lhs && !value)
        throw fatal(
          positions ? "byte/character positions are numbered from 1" : "fields are numbered from 1",
        );
      initial = lhs ? value : 1;
      value = 0;
    } else if (ch === "," || ch === " " || ch === "\t" || ch === "\0") {
      inDigits = false;
      if (dash) {
        dash = false;
        if (!lhs && !rhs) {
          if (allowDash) initial = 1;
          else throw fatal("invalid range with no endpoint: -");
        }
        if (!rhs) ranges.push({ lo: initial, hi: UMAX });
        else {
          if (value < initial) throw fatal("invalid decreasing range");
          ranges.push({ lo: initial, hi: value });
        }
        value = 0;
      } else {
        if (value === 0)
          throw fatal(
            positions ? "byte/character positions are numbered from 1" : "fields are numbered from 1",
          );
        ranges.push({ lo: value, hi: value });
        value = 0;
      }
      if (ch === "\0" && i >= s.length) break;
      lhs = false;
      rhs = false;
    } else if (ch >= "0" && ch <= "9") {
      if (!inDigits) numStart = i;
      inDigits = true;
      if (dash) rhs = true;
      else lhs = true;
      value = value * 10 + Number(ch);
      if (value >= UMAX) {
        const bad = /^[0-9]*/.exec(s.slice(numStart))![0];
        throw new ListError(
          positions
            ? `byte/character offset ${quote(bad)} is too large`
            : `field number ${quote(bad)} is too large`,
          true,
        );
      }
    } else {
      throw new ListError(
        positions
          ? `invalid byte/character position ${quote(s.slice(i))}`
          : `invalid field value ${quote(s.slice(i))}`,
        true,
      );
    }
  }
  if (ranges.length === 0)
    throw fatal(positions ? "missing list of byte/character positions" : "missing list of fields");
  ranges.sort((a, b) => a.lo - b.lo);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.lo <= last.hi) last.hi = Math.max(last.hi, r.hi);
    else merged.push({ ...r });
  }
  return merged;
}

function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 1;
  for (const r of ranges) {
    if (r.lo > next) out.push({ lo: next, hi: r.lo - 1 });
    next = r.hi === UMAX ? UMAX : r.hi + 1;
  }
  if (next !== UMAX) out.push({ lo: next, hi: UMAX });
  return out;
}

export function cut(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "b:c:d:f:nsz", long: LONG });
  let mode: "" | "bytes" | "fields" = "";
  let list = "";
  let delim: string | null = null;
  let outDelim: string | null = null;
  let onlyDelimited = false;
  let compl = false;
  let eol = "\n";
  const fatal = (m: string) => {
    io.stderr(`${prog}: ${m}\n${tryHelp(prog)}`);
    return 1;
  };
  for (const o of r.options) {
    switch (o.key) {
      case "b":
      case "c":
      case "f":
        if (mode) return fatal("only one list may be specified");
        mode = o.key === "f" ? "fields" : "bytes";
        list = o.value!;
        break;
      case "d":
        if (o.value!.length > 1) return fatal("the delimiter must be a single character");
        delim = o.value === "" ? "\0" : o.value!;
        break;
      case "output-delimiter":
        outDelim = o.value === "" ? "" : o.value!;
        break;
      case "n":
        break;
      case "s":
        onlyDelimited = true;
        break;
      case "complement":
        compl = true;
        break;
      case "z":
        eol = "\0";
        break;
      case "--help":
        return printHelp(io, "cut");
      case "--version":
        return printVersion(io, "cut");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  if (!mode) return fatal("you must specify a list of bytes, characters, or fields");
  if (mode === "bytes") {
    if (delim !== null) return fatal("an input delimiter may be specified only when operating on fields");
    if (onlyDelimited)
      return fatal("suppressing non-delimited lines makes sense\n\tonly when operating on fields");
  }
  let ranges: Range[];
  try {
    ranges = parseList(list, mode === "bytes", false);
  } catch (e) {
    if (!(e instanceof ListError)) throw e;
    return fatal(e.message);
  }
  if (compl) ranges = complement(ranges);
  const selected = (n: number) => ranges.some((rg) => n >= rg.lo && n <= rg.hi);
  const isRangeStart = (n: number) => ranges.some((rg) => rg.lo === n);
  const d = delim ?? "\t";
  const od = outDelim ?? d;

  const inputs = new Inputs(io);
  const files = r.operands.length ? r.operands : ["-"];
  let ok = true;
  for (const f of files) {
    const data = inputs.read(f);
    if (isReadError(data)) {
      io.stderr(`${prog}: ${quoteIfNeeded(f)}: ${data.message}\n`);
      ok = false;
      continue;
    }
    if (data === "") continue;
    const lines = data.split(eol);
    if (lines[lines.length - 1] === "") lines.pop();
    let out = "";
    for (const line of lines) {
      if (mode === "bytes") {
        let printDelim = false;
        for (let i = 0; i < line.length; i++) {
          if (!selected(i + 1)) continue;
          if (outDelim !== null) {
            if (printDelim && isRangeStart(i + 1)) out += outDelim;
            printDelim = true;
          }
          out += line[i];
        }
        out += eol;
      } else {
        if (!line.includes(d)) {
          if (!onlyDelimited) out += line + eol;
          continue;
        }
        const fields = line.split(d);
        let any = false;
        for (let i = 0; i < fields.length; i++) {
          if (!selected(i + 1)) continue;
          if (any) out += od;
          out += fields[i];
          any = true;
        }
        out += eol;
      }
    }
    io.stdout(out);
  }
  return ok ? 0 : 1;
}
