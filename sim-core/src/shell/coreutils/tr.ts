/**
 * tr (GNU coreutils 9.1) on bytes: translate, -d delete, -s squeeze, -c/-C complement,
 * -t truncate. SET syntax: backslash escapes (\n \t \\ \NNN …), ranges a-z, [:class:],
 * [=c=], and [c*n] / [c*] repeats in SET2, with tr.c's diagnostics.
 */
import { isReadError, printHelp, printVersion, quote, tryHelp } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import { ctype, isCtypeName } from "./regex/parse.js";
import type { TextIO } from "./types.js";
import { charCodesToString } from "../../util/array";

const LONG = [
  { name: "complement", arg: "none", key: "c" },
  { name: "delete", arg: "none", key: "d" },
  { name: "squeeze-repeats", arg: "none", key: "s" },
  { name: "truncate-set1", arg: "none", key: "t" },
  ...HELP_VERSION,
] as const;

type Elem =
  | { t: "char"; c: number }
  | { t: "range"; lo: number; hi: number }
  | { t: "class"; name: string }
  | { t: "equiv"; c: number }
  | { t: "repeat"; c: number; n: number | null }; // null: [c*] fill

class TrError extends Error {}

/** Unescape a SET operand into bytes, remembering which bytes were escaped. */
function unescape(s: string, warn: (m: string) => void): { bytes: number[]; escaped: boolean[] } {
  const bytes: number[] = [];
  const escaped: boolean[] = [];
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== "\\") {
      bytes.push(s.charCodeAt(i) & 0xff);
      escaped.push(false);
      continue;
    }
    if (i + 1 >= s.length) {
      warn("warning: an unescaped backslash at end of string is not portable");
      bytes.push(92);
      escaped.push(true);
      continue;
    }
    const n = s[++i];
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (n in simple) {
      bytes.push(simple[n]);
    } else if (n >= "0" && n <= "7") {
      let v = Number(n);
      let digits = n;
      for (let k = 0; k < 2 && i + 1 < s.length && s[i + 1] >= "0" && s[i + 1] <= "7"; k++) {
        const nv = v * 8 + Number(s[i + 1]);
        if (nv > 255) {
          warn(
            `warning: the ambiguous octal escape \\${digits}${s[i + 1]} is being\n\tinterpreted as the 2-byte sequence \\0${digits}, ${s[i + 1]}`,
          );
          break;
        }
        v = nv;
        digits += s[++i];
      }
      bytes.push(v);
    } else {
      bytes.push(s.charCodeAt(i) & 0xff);
    }
    escaped.push(true);
  }
  return { bytes, escaped };
}

function showByte(c: number): string {
  // tr.c make_printable_char
  if (c >= 32 && c <= 126 && c !== 92) return String.fromCharCode(c);
  const names: Record<number, string> = {
    7: "\\a",
    8: "\\b",
    12: "\\f",
    10: "\\n",
    13: "\\r",
    9: "\\t",
    11: "\\v",
    92: "\\\\",
  };
  return names[c] ?? "\\" + c.toString(8).padStart(3, "0");
}

function parseSet(s: string, warn: (m: string) => void): Elem[] {
  const { bytes: b, escaped: esc } = unescape(s, warn);
  const elems: Elem[] = [];
  const str = (from: number, to: number) => charCodesToString(b.slice(from, to));
  for (let i = 0; i < b.length;) {
    // [:class:] [=c=] [c*n]
    if (b[i] === 91 && !esc[i] && i + 1 < b.length) {
      const c1 = b[i + 1];
      if ((c1 === 58 || c1 === 61) && !esc[i + 1]) {
        // find closing ":]" or "=]"
        let j = i + 2;
        while (j + 1 < b.length && !(b[j] === c1 && b[j + 1] === 93 && !esc[j] && !esc[j + 1])) j++;
        if (j + 1 < b.length) {
          const name = str(i + 2, j);
          if (c1 === 58) {
            if (name === "") throw new TrError("missing character class name '[::]'");
            if (!isCtypeName(name)) throw new TrError(`invalid character class ${quote(name)}`);
            elems.push({ t: "class", name });
          } else {
            if (j - (i + 2) === 0) throw new TrError("missing equivalence class character '[==]'");
            if (j - (i + 2) !== 1)
              throw new TrError(`${quote(name)}: equivalence class operand must be a single character`);
            elems.push({ t: "equiv", c: b[i + 2] });
          }
          i = j + 2;
          continue;
        }
      }
      // [c*n] / [c*]
      if (i + 2 < b.length && b[i + 2] === 42 && !esc[i + 2]) {
        let j = i + 3;
        while (j < b.length && b[j] !== 93) j++;
        if (j < b.length) {
          const digits = str(i + 3, j);
          let n: number | null = null;
          if (digits !== "") {
            if (!/^[0-9]+$/.test(digits))
              throw new TrError(`invalid repeat count ${quote(digits)} in [c*n] construct`);
            n = digits.startsWith("0") ? parseInt(digits, 8) : parseInt(digits, 10);
            if (Number.isNaN(n))
              throw new TrError(`invalid repeat count ${quote(digits)} in [c*n] construct`);
            if (n === 0) n = null;
          }
          elems.push({ t: "repeat", c: b[i + 1], n });
          i = j + 1;
          continue;
        }
      }
    }
    // ranges
    if (i + 2 < b.length && b[i + 1] === 45 && !esc[i + 1]) {
      const lo = b[i];
      const hi = b[i + 2];
      if (lo > hi)
        throw new TrError(
          `range-endpoints of '${showByte(lo)}-${showByte(hi)}' are in reverse collating sequence order`,
        );
      elems.push({ t: "range", lo, hi });
      i += 3;
      continue;
    }
    elems.push({ t: "char", c: b[i] });
    i++;
  }
  return elems;
}

function classChars(name: string): number[] {
  const pred = ctype[name as keyof typeof ctype];
  const out: number[] = [];
  for (let c = 0; c < 256; c++) if (pred(c)) out.push(c);
  return out;
}

/** Expand a set; a [c*] fill is expanded to `fill` copies. */
function expand(elems: Elem[], fill = 0): number[] {
  const out: number[] = [];
  for (const e of elems) {
    switch (e.t) {
      case "char":
      case "equiv":
        out.push(e.c);
        break;
      case "range":
        for (let c = e.lo; c <= e.hi; c++) out.push(c);
        break;
      case "class":
        out.push(...classChars(e.name));
        break;
      case "repeat": {
        const n = e.n ?? fill;
        for (let k = 0; k < n; k++) out.push(e.c);
        break;
      }
    }
  }
  return out;
}

/**
 * tr.c validate_case_classes: a [:upper:] or [:lower:] in SET2 must start at the same
 * position as a case class in SET1.
 */
function checkCaseClasses(e1: Elem[], e2: Elem[]): void {
  const units = (elems: Elem[]) => {
    const out: { caseClass: boolean; first: boolean }[] = [];
    for (const e of elems) {
      if (e.t === "class" && (e.name === "upper" || e.name === "lower"))
        out.push({ caseClass: true, first: true });
      else {
        const n = expand([e], 0).length;
        for (let k = 0; k < n; k++) out.push({ caseClass: false, first: k === 0 });
      }
    }
    return out;
  };
  const u1 = units(e1);
  const u2 = units(e2);
  for (let i = 0; i < Math.min(u1.length, u2.length); i++) {
    if (u2[i].caseClass && u2[i].first && !(u1[i].caseClass && u1[i].first))
      throw new TrError("misaligned [:upper:] and/or [:lower:] construct");
  }
}

export function tr(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "AcCdst", long: LONG, stopAtOperand: true });
  let complement = false;
  let del = false;
  let squeeze = false;
  let truncate = false;
  for (const o of r.options) {
    switch (o.key) {
      case "A":
        break;
      case "c":
      case "C":
        complement = true;
        break;
      case "d":
        del = true;
        break;
      case "s":
        squeeze = true;
        break;
      case "t":
        truncate = true;
        break;
      case "--help":
        return printHelp(io, "tr");
      case "--version":
        return printVersion(io, "tr");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  const args = r.operands;
  const translating = args.length === 2 && !del;
  const minOps = 1 + (del === squeeze ? 1 : 0);
  const maxOps = 1 + (!del || squeeze ? 1 : 0);
  if (args.length < minOps) {
    if (args.length === 0) io.stderr(`${prog}: missing operand\n`);
    else
      io.stderr(
        `${prog}: missing operand after ${quote(args[args.length - 1])}\n${
          squeeze
            ? "Two strings must be given when both deleting and squeezing repeats."
            : "Two strings must be given when translating."
        }\n`,
      );
    io.stderr(tryHelp(prog));
    return 1;
  }
  if (args.length > maxOps) {
    io.stderr(`${prog}: extra operand ${quote(args[maxOps])}\n`);
    if (args.length === 2)
      io.stderr("Only one string may be given when deleting without squeezing repeats.\n");
    io.stderr(tryHelp(prog));
    return 1;
  }
  const warn = (m: string) => io.stderr(`${prog}: ${m}\n`);
  let e1: Elem[];
  let e2: Elem[] | null = null;
  try {
    e1 = parseSet(args[0], warn);
    if (args.length === 2) e2 = parseSet(args[1], warn);
    if (e1.some((e) => e.t === "repeat"))
      throw new TrError("the [c*] repeat construct may not appear in string1");
    if (e2) {
      if (e2.filter((e) => e.t === "repeat" && e.n === null).length > 1)
        throw new TrError("only one [c*] repeat construct may appear in string2");
      if (translating && !complement && e2.some((e) => e.t === "class")) checkCaseClasses(e1, e2);
      if (translating) {
        if (e2.some((e) => e.t === "equiv"))
          throw new TrError("[=c=] expressions may not appear in string2 when translating");
        if (e2.some((e) => e.t === "class" && e.name !== "upper" && e.name !== "lower"))
          throw new TrError(
            "when translating, the only character classes that may appear in\nstring2 are 'upper' and 'lower'",
          );
      }
    }
  } catch (e) {
    if (!(e instanceof TrError)) throw e;
    io.stderr(`${prog}: ${e.message}\n`);
    return 1;
  }

  const inSet = (chars: number[], comp: boolean): boolean[] => {
    const s = new Array<boolean>(256).fill(false);
    for (const c of chars) s[c] = true;
    return comp ? s.map((x) => !x) : s;
  };
  const s1chars = expand(e1);
  if (isReadError(io.stdin)) {
    io.stderr(`${prog}: read error: ${io.stdin.message}\n`);
    return 1;
  }
  const data = io.stdin;
  let out = "";

  if (translating) {
    const xlate = new Array<number>(256);
    for (let i = 0; i < 256; i++) xlate[i] = i;
    let src: number[];
    if (complement) {
      const in1 = inSet(s1chars, false);
      src = [];
      for (let c = 0; c < 256; c++) if (!in1[c]) src.push(c);
    } else src = s1chars;
    const fixedLen = expand(e2!.filter((e) => !(e.t === "repeat" && e.n === null))).length;
    let s2chars = expand(e2!, Math.max(0, src.length - fixedLen));
    if (s2chars.length === 0 && !truncate) {
      io.stderr(`${prog}: when not truncating set1, string2 must be non-empty\n`);
      return 1;
    }
    // upper/lower pairs map case to case
    if (truncate) src = src.slice(0, s2chars.length);
    else if (s2chars.length < src.length) {
      const last = s2chars[s2chars.length - 1];
      s2chars = s2chars.concat(new Array<number>(src.length - s2chars.length).fill(last));
    }
    for (let i = 0; i < src.length; i++) xlate[src[i]] = s2chars[i];
    const sq = squeeze ? inSet(expand(e2!, 0), false) : null;
    let last = -1;
    for (let i = 0; i < data.length; i++) {
      const c = xlate[data.charCodeAt(i) & 0xff];
      if (sq && sq[c] && c === last) continue;
      out += String.fromCharCode(c);
      last = c;
    }
    io.stdout(out);
    return 0;
  }

  const delSet = del ? inSet(s1chars, complement) : null;
  const sqSet = squeeze ? (del ? inSet(expand(e2!), false) : inSet(s1chars, complement)) : null;
  let last = -1;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i) & 0xff;
    if (delSet && delSet[c]) continue;
    if (sqSet && sqSet[c] && c === last) continue;
    out += String.fromCharCode(c);
    last = c;
  }
  io.stdout(out);
  return 0;
}
