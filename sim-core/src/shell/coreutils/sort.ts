/**
 * sort (GNU coreutils 9.1) in the C locale: byte order, keys (-k POS1[,POS2] with per-key
 * options), -t, -b -d -f -g -h -i -M -n -R -r -V, -s, -u, -c/-C, -z, -m. A port of sort.c's
 * begfield/limfield/keycompare/compare, including the inheritance of global options by keys
 * without their own, and the last-resort whole-line comparison (skipped with -s or -u).
 * -R orders by a fixed hash (deterministic, like every random choice in the simulator).
 */
import {
  Inputs,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quote,
  quoteIfNeeded,
  tryHelp,
} from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";
import { pushAll } from "../../util/array";

const LONG = [
  { name: "ignore-leading-blanks", arg: "none", key: "b" },
  { name: "check", arg: "optional", key: "check" },
  { name: "compress-program", arg: "required", key: "compress-program" },
  { name: "dictionary-order", arg: "none", key: "d" },
  { name: "ignore-case", arg: "none", key: "f" },
  { name: "files0-from", arg: "required", key: "files0-from" },
  { name: "general-numeric-sort", arg: "none", key: "g" },
  { name: "ignore-nonprinting", arg: "none", key: "i" },
  { name: "key", arg: "required", key: "k" },
  { name: "merge", arg: "none", key: "m" },
  { name: "month-sort", arg: "none", key: "M" },
  { name: "numeric-sort", arg: "none", key: "n" },
  { name: "human-numeric-sort", arg: "none", key: "h" },
  { name: "version-sort", arg: "none", key: "V" },
  { name: "random-sort", arg: "none", key: "R" },
  { name: "random-source", arg: "required", key: "random-source" },
  { name: "sort", arg: "required", key: "sort" },
  { name: "output", arg: "required", key: "o" },
  { name: "reverse", arg: "none", key: "r" },
  { name: "stable", arg: "none", key: "s" },
  { name: "batch-size", arg: "required", key: "batch-size" },
  { name: "buffer-size", arg: "required", key: "S" },
  { name: "field-separator", arg: "required", key: "t" },
  { name: "temporary-directory", arg: "required", key: "T" },
  { name: "unique", arg: "none", key: "u" },
  { name: "zero-terminated", arg: "none", key: "z" },
  { name: "parallel", arg: "required", key: "parallel" },
  ...HELP_VERSION,
] as const;

const SIZE_MAX = Number.MAX_SAFE_INTEGER;

interface Key {
  sword: number; // SIZE_MAX: start of line
  schar: number;
  eword: number; // SIZE_MAX: end of line
  echar: number;
  skipsblanks: boolean;
  skipeblanks: boolean;
  ignore: "nondictionary" | "nonprinting" | null;
  translate: boolean;
  numeric: boolean;
  generalNumeric: boolean;
  humanNumeric: boolean;
  month: boolean;
  random: boolean;
  version: boolean;
  reverse: boolean;
}

function newKey(): Key {
  return {
    sword: SIZE_MAX,
    schar: 0,
    eword: SIZE_MAX,
    echar: 0,
    skipsblanks: false,
    skipeblanks: false,
    ignore: null,
    translate: false,
    numeric: false,
    generalNumeric: false,
    humanNumeric: false,
    month: false,
    random: false,
    version: false,
    reverse: false,
  };
}

function defaultKeyCompare(k: Key): boolean {
  return !(
    k.ignore ||
    k.translate ||
    k.skipsblanks ||
    k.skipeblanks ||
    k.numeric ||
    k.generalNumeric ||
    k.humanNumeric ||
    k.month ||
    k.version ||
    k.random
  );
}

/** sort.c set_ordering: returns the index of the first character that is not an option. */
function setOrdering(s: string, i: number, key: Key, blank: "start" | "end" | "both"): number {
  for (; i < s.length; i++) {
    switch (s[i]) {
      case "b":
        if (blank !== "end") key.skipsblanks = true;
        if (blank !== "start") key.skipeblanks = true;
        break;
      case "d":
        key.ignore = "nondictionary";
        break;
      case "f":
        key.translate = true;
        break;
      case "g":
        key.generalNumeric = true;
        break;
      case "h":
        key.humanNumeric = true;
        break;
      case "i":
        if (!key.ignore) key.ignore = "nonprinting";
        break;
      case "M":
        key.month = true;
        break;
      case "n":
        key.numeric = true;
        break;
      case "R":
        key.random = true;
        break;
      case "r":
        key.reverse = true;
        break;
      case "V":
        key.version = true;
        break;
      default:
        return i;
    }
  }
  return i;
}

function keyToOpts(k: Key): string {
  let s = "";
  if (k.skipsblanks || k.skipeblanks) s += "b";
  if (k.ignore === "nondictionary") s += "d";
  if (k.translate) s += "f";
  if (k.generalNumeric) s += "g";
  if (k.humanNumeric) s += "h";
  if (k.ignore === "nonprinting") s += "i";
  if (k.month) s += "M";
  if (k.numeric) s += "n";
  if (k.random) s += "R";
  if (k.reverse) s += "r";
  if (k.version) s += "V";
  return s;
}

class SortError extends Error {}

/** sort.c parse_field_count: digits, saturating. */
function parseFieldCount(s: string, i: number, msg: string): [number, number] {
  const start = i;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
  if (i === start) throw new SortError(`${msg}: invalid count at start of ${quote(s.slice(i))}`);
  const n = Number(s.slice(start, i));
  return [Number.isSafeInteger(n) ? n : SIZE_MAX, i];
}

function parseKeySpec(spec: string): Key {
  const key = newKey();
  let [sword, i] = parseFieldCount(spec, 0, "invalid number at field start");
  if (sword === 0) throw new SortError(`field number is zero: invalid field specification ${quote(spec)}`);
  sword--;
  let schar = 0;
  if (spec[i] === ".") {
    [schar, i] = parseFieldCount(spec, i + 1, "invalid number after '.'");
    if (schar === 0)
      throw new SortError(`character offset is zero: invalid field specification ${quote(spec)}`);
    schar--;
  }
  key.sword = sword;
  key.schar = schar;
  if (!(key.sword || key.schar)) key.sword = SIZE_MAX;
  i = setOrdering(spec, i, key, "start");
  if (spec[i] !== ",") {
    key.eword = SIZE_MAX;
    key.echar = 0;
  } else {
    let eword: number;
    [eword, i] = parseFieldCount(spec, i + 1, "invalid number after ','");
    if (eword === 0) throw new SortError(`field number is zero: invalid field specification ${quote(spec)}`);
    eword--;
    let echar = 0;
    if (spec[i] === ".") [echar, i] = parseFieldCount(spec, i + 1, "invalid number after '.'");
    key.eword = eword;
    key.echar = echar;
    i = setOrdering(spec, i, key, "end");
  }
  if (i < spec.length)
    throw new SortError(`stray character in field spec: invalid field specification ${quote(spec)}`);
  return key;
}

// ---- character tables (C locale) ------------------------------------------------------------

const isBlank = (c: number) => c === 32 || c === 9 || c === 10;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const ignoreTable = {
  nondictionary: (c: number) => !isAlnum(c) && !isBlank(c),
  nonprinting: (c: number) => !(c >= 32 && c <= 126),
};
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

// ---- field positions -----------------------------------------------------------------------

function begfield(line: string, key: Key, tab: number): number {
  let ptr = 0;
  const lim = line.length;
  let sword = key.sword;
  if (tab >= 0) {
    while (ptr < lim && sword-- > 0) {
      while (ptr < lim && line.charCodeAt(ptr) !== tab) ++ptr;
      if (ptr < lim) ++ptr;
    }
  } else {
    while (ptr < lim && sword-- > 0) {
      while (ptr < lim && isBlank(line.charCodeAt(ptr))) ++ptr;
      while (ptr < lim && !isBlank(line.charCodeAt(ptr))) ++ptr;
    }
  }
  if (key.skipsblanks) while (ptr < lim && isBlank(line.charCodeAt(ptr))) ++ptr;
  return Math.min(lim, ptr + key.schar);
}

function limfield(line: string, key: Key, tab: number): number {
  let ptr = 0;
  const lim = line.length;
  let eword = key.eword;
  const echar = key.echar;
  if (echar === 0) eword++;
  if (tab >= 0) {
    while (ptr < lim && eword-- > 0) {
      while (ptr < lim && line.charCodeAt(ptr) !== tab) ++ptr;
      if (ptr < lim && (eword > 0 || echar)) ++ptr;
    }
  } else {
    while (ptr < lim && eword-- > 0) {
      while (ptr < lim && isBlank(line.charCodeAt(ptr))) ++ptr;
      while (ptr < lim && !isBlank(line.charCodeAt(ptr))) ++ptr;
    }
  }
  if (echar !== 0) {
    if (key.skipeblanks) while (ptr < lim && isBlank(line.charCodeAt(ptr))) ++ptr;
    ptr = Math.min(lim, ptr + echar);
  }
  return ptr;
}

// ---- comparisons ---------------------------------------------------------------------------

/** gnulib strnumcmp with '.' as decimal point and no thousands separator. */
export function strnumcmp(a: string, b: string): number {
  const pa = parseNum(a);
  const pb = parseNum(b);
  if (pa.neg !== pb.neg) return pa.neg ? -1 : 1;
  const sign = pa.neg ? -1 : 1;
  if (pa.int.length !== pb.int.length) return pa.int.length < pb.int.length ? -sign : sign;
  if (pa.int !== pb.int) return pa.int < pb.int ? -sign : sign;
  if (pa.frac !== pb.frac) return pa.frac < pb.frac ? -sign : sign;
  return 0;
}

function parseNum(s: string): { neg: boolean; int: string; frac: string } {
  let i = 0;
  let neg = false;
  if (s[i] === "-") {
    neg = true;
    i++;
  }
  const st = i;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
  const int = s.slice(st, i).replace(/^0+/, "");
  let frac = "";
  if (s[i] === ".") {
    const fs = ++i;
    while (i < s.length && s[i] >= "0" && s[i] <= "9") i++;
    frac = s.slice(fs, i).replace(/0+$/, "");
  }
  if (int === "" && frac === "") neg = false; // -0 == 0
  return { neg, int, frac };
}

function skipBlanks(s: string): string {
  let i = 0;
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return s.slice(i);
}

function numcompare(a: string, b: string): number {
  return strnumcmp(skipBlanks(a), skipBlanks(b));
}

const UNIT_ORDER: Record<string, number> = { K: 1, k: 1, M: 2, G: 3, T: 4, P: 5, E: 6, Z: 7, Y: 8 };

function findUnitOrder(s: string): number {
  const minus = s[0] === "-";
  let i = minus ? 1 : 0;
  let maxDigit = "0";
  let sawDigit = false;
  while (i < s.length && s[i] >= "0" && s[i] <= "9") {
    sawDigit = true;
    if (s[i] > maxDigit) maxDigit = s[i];
    i++;
  }
  if (s[i] === ".") {
    i++;
    while (i < s.length && s[i] >= "0" && s[i] <= "9") {
      if (s[i] > maxDigit) maxDigit = s[i];
      i++;
    }
  }
  void sawDigit;
  if (maxDigit > "0") {
    const order = UNIT_ORDER[s[i]] ?? 0;
    return minus ? -order : order;
  }
  return 0;
}

function humanNumcompare(a: string, b: string): number {
  a = skipBlanks(a);
  b = skipBlanks(b);
  const diff = findUnitOrder(a) - findUnitOrder(b);
  return diff || strnumcmp(a, b);
}

/** strtold prefix: the value, or null when nothing converts. */
export function strtold(s: string): number | null {
  const m =
    /^[ \t\n\v\f\r]*([+-]?)(?:(0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?)|((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)|([iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|([nN][aA][nN](?:\([0-9A-Za-z_]*\))?))/.exec(
      s,
    );
  if (!m) return null;
  const sign = m[1] === "-" ? -1 : 1;
  if (m[2]) {
    const hm = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?$/.exec(m[2])!;
    let v = 0;
    for (const d of hm[1]) v = v * 16 + parseInt(d, 16);
    let scale = 1 / 16;
    for (const d of hm[2]) {
      v += parseInt(d, 16) * scale;
      scale /= 16;
    }
    if (hm[3]) v *= 2 ** Number(hm[3]);
    return sign * v;
  }
  if (m[3]) return sign * Number(m[3]);
  if (m[4]) return sign * Infinity;
  return NaN;
}

function generalNumcompare(sa: string, sb: string): number {
  const a = strtold(sa);
  const b = strtold(sb);
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  return Number.isNaN(a) ? -1 : 1;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function getmonth(s: string): number {
  s = skipBlanks(s);
  for (let m = 0; m < 12; m++) {
    const name = MONTHS[m];
    let ok = true;
    for (let i = 0; i < 3; i++) {
      if (i >= s.length || upper(s.charCodeAt(i)) !== name.charCodeAt(i)) {
        ok = false;
        break;
      }
    }
    if (ok) return m + 1;
  }
  return 0;
}

/** gnulib filevercmp / filenvercmp (version sort). */
export function filevercmp(a: string, b: string): number {
  if (a === "") return b === "" ? 0 : -1;
  if (b === "") return 1;
  if (a[0] === ".") {
    if (b[0] !== ".") return -1;
    const adot = a === ".";
    const bdot = b === ".";
    if (adot) return bdot ? 0 : -1;
    if (bdot) return 1;
    const adotdot = a === "..";
    const bdotdot = b === "..";
    if (adotdot) return bdotdot ? 0 : -1;
    if (bdotdot) return 1;
  } else if (b[0] === ".") return 1;
  const ap = filePrefixLen(a);
  const bp = filePrefixLen(b);
  const onePass = ap === a.length && bp === b.length;
  const r = verrevcmp(a.slice(0, ap), b.slice(0, bp));
  return r || onePass ? r : verrevcmp(a, b);
}

const cIsDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const cIsAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

function filePrefixLen(s: string): number {
  const n = s.length;
  for (let i = 0; ; i++) {
    const prefixlen = i;
    while (i + 1 < n && s[i] === "." && (cIsAlpha(s[i + 1]) || s[i + 1] === "~"))
      for (i += 2; i < n && (cIsAlpha(s[i]) || cIsDigit(s[i]) || s[i] === "~"); i++);
    if (i >= n) return prefixlen;
  }
}

function verOrder(s: string, pos: number): number {
  if (pos === s.length) return -1;
  const c = s[pos];
  if (cIsDigit(c)) return 0;
  if (cIsAlpha(c)) return c.charCodeAt(0);
  if (c === "~") return -2;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(s1: string, s2: string): number {
  let p1 = 0;
  let p2 = 0;
  while (p1 < s1.length || p2 < s2.length) {
    let firstDiff = 0;
    while ((p1 < s1.length && !cIsDigit(s1[p1])) || (p2 < s2.length && !cIsDigit(s2[p2]))) {
      const c1 = verOrder(s1, p1);
      const c2 = verOrder(s2, p2);
      if (c1 !== c2) return c1 - c2;
      p1++;
      p2++;
    }
    while (p1 < s1.length && s1[p1] === "0") p1++;
    while (p2 < s2.length && s2[p2] === "0") p2++;
    while (p1 < s1.length && p2 < s2.length && cIsDigit(s1[p1]) && cIsDigit(s2[p2])) {
      if (!firstDiff) firstDiff = s1.charCodeAt(p1) - s2.charCodeAt(p2);
      p1++;
      p2++;
    }
    if (p1 < s1.length && cIsDigit(s1[p1])) return 1;
    if (p2 < s2.length && cIsDigit(s2[p2])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** A fixed (seedless) FNV-1a hash standing in for sort -R's random MD5 salt. */
function randomKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function byteCompare(a: string, b: string): number {
  if (a.length === 0) return b.length ? -1 : 0;
  if (b.length === 0) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function transform(s: string, key: Key): string {
  if (!key.ignore && !key.translate) return s;
  const ign = key.ignore ? ignoreTable[key.ignore] : null;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (ign && ign(c)) continue;
    out += String.fromCharCode(key.translate ? upper(c) : c);
  }
  return out;
}

function compareKeyText(ta: string, tb: string, key: Key): number {
  if (key.numeric || key.generalNumeric || key.humanNumeric || key.month || key.random || key.version) {
    const a = transform(ta, key);
    const b = transform(tb, key);
    if (key.numeric) return numcompare(a, b);
    if (key.generalNumeric) return generalNumcompare(a, b);
    if (key.humanNumeric) return humanNumcompare(a, b);
    if (key.month) return getmonth(a) - getmonth(b);
    if (key.random) {
      const d = randomKey(a) - randomKey(b);
      return d || byteCompare(a, b);
    }
    return filevercmp(a, b);
  }
  if (key.ignore) {
    const ign = ignoreTable[key.ignore];
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < ta.length && ign(ta.charCodeAt(i))) i++;
      while (j < tb.length && ign(tb.charCodeAt(j))) j++;
      if (!(i < ta.length && j < tb.length)) break;
      let ca = ta.charCodeAt(i);
      let cb = tb.charCodeAt(j);
      if (key.translate) {
        ca = upper(ca);
        cb = upper(cb);
      }
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
    return (i < ta.length ? 1 : 0) - (j < tb.length ? 1 : 0);
  }
  if (ta.length === 0) return tb.length ? -1 : 0;
  if (tb.length === 0) return 1;
  if (key.translate) {
    const n = Math.min(ta.length, tb.length);
    for (let i = 0; i < n; i++) {
      const d = upper(ta.charCodeAt(i)) - upper(tb.charCodeAt(i));
      if (d) return d;
    }
    return ta.length < tb.length ? -1 : ta.length !== tb.length ? 1 : 0;
  }
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function keySpan(line: string, key: Key, tab: number): [number, number] {
  let lim = key.eword !== SIZE_MAX ? limfield(line, key, tab) : line.length;
  let beg: number;
  if (key.sword !== SIZE_MAX) beg = begfield(line, key, tab);
  else {
    beg = 0;
    if (key.skipsblanks) while (beg < lim && isBlank(line.charCodeAt(beg))) beg++;
  }
  lim = Math.max(beg, lim);
  return [beg, lim];
}

function keycompare(a: string, b: string, keys: Key[], tab: number): number {
  for (const key of keys) {
    const [ab, al] = keySpan(a, key, tab);
    const [bb, bl] = keySpan(b, key, tab);
    const diff = compareKeyText(a.slice(ab, al), b.slice(bb, bl), key);
    if (diff) return key.reverse ? -diff : diff;
  }
  return 0;
}

/** Merge sorted runs, taking from the earliest input on ties (stable). */
function mergeRuns(runs: string[][], cmp: (a: string, b: string) => number): string[] {
  const idx = runs.map(() => 0);
  const out: string[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < runs.length; i++) {
      if (idx[i] >= runs[i].length) continue;
      if (best < 0 || cmp(runs[i][idx[i]], runs[best][idx[best]]) < 0) best = i;
    }
    if (best < 0) return out;
    out.push(runs[best][idx[best]++]);
  }
}

/**
 * The obsolete `+POS1 [-POS2]` key syntax (sort.c, traditional usage): `+1 -2` is `-k2,2`.
 * Operands that do not parse as a position stay file names.
 */
function obsoleteKeys(argv: readonly string[]): string[] {
  const out = [argv[0]];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      pushAll(out, argv.slice(i));
      break;
    }
    const m = /^\+(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)$/.exec(a);
    if (!m) {
      out.push(a);
      continue;
    }
    let spec = `${Number(m[1]) + 1}.${Number(m[2] ?? 0) + 1}${m[3]}`;
    const next = argv[i + 1];
    const e = next !== undefined ? /^-(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)$/.exec(next) : null;
    if (e) {
      const ew = Number(e[1]);
      const ec = Number(e[2] ?? 0);
      spec += ec === 0 ? `,${ew}${e[3]}` : `,${ew + 1}.${ec}${e[3]}`;
      i++;
    }
    out.push(`-k${spec}`);
  }
  return out;
}

export function sort(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(obsoleteKeys(io.argv), { short: "bcCdfghik:mMno:rRsS:t:T:uVy:z", long: LONG });
  const gkey = newKey();
  const keys: Key[] = [];
  let tab = -1;
  let unique = false;
  let stable = false;
  let checkonly: "" | "c" | "C" = "";
  let eol = "\n";
  let outfile: string | null = null;
  let files0: string | null = null;
  let merge = false;
  const die = (msg: string) => {
    io.stderr(`${prog}: ${msg}\n`);
    return 2;
  };
  for (const o of r.options) {
    let k = o.key;
    if (k === "sort") {
      const map: Record<string, string> = {
        "general-numeric": "g",
        "human-numeric": "h",
        month: "M",
        numeric: "n",
        random: "R",
        version: "V",
      };
      const names = Object.keys(map).filter((n) => n.startsWith(o.value!));
      const exact = names.find((n) => n === o.value);
      if (!exact && names.length !== 1) {
        io.stderr(
          `${prog}: ${names.length ? "ambiguous" : "invalid"} argument ${quote(o.value!)} for '--sort'\nValid arguments are:\n${Object.keys(
            map,
          )
            .map((n) => `  - ${quote(n)}`)
            .join("\n")}\n${tryHelp(prog)}`,
        );
        return 1;
      }
      k = map[exact ?? names[0]];
    }
    if (k === "check") {
      const v = o.value;
      if (v === undefined) k = "c";
      else {
        const map: Record<string, string> = { quiet: "C", silent: "C", "diagnose-first": "c" };
        const names = Object.keys(map).filter((n) => n.startsWith(v));
        const exact = names.find((n) => n === v);
        const distinct = new Set(names.map((n) => map[n]));
        if (!exact && distinct.size !== 1) {
          io.stderr(
            `${prog}: ${names.length ? "ambiguous" : "invalid"} argument ${quote(v)} for '--check'\nValid arguments are:\n  - 'quiet', 'silent'\n  - 'diagnose-first'\n${tryHelp(prog)}`,
          );
          return 1;
        }
        k = map[exact ?? names[0]];
      }
    }
    switch (k) {
      case "b":
      case "d":
      case "f":
      case "g":
      case "h":
      case "i":
      case "M":
      case "n":
      case "r":
      case "R":
      case "V":
        setOrdering(k, 0, gkey, "both");
        break;
      case "c":
      case "C":
        if (checkonly && checkonly !== k) return die("options '-cC' are incompatible");
        checkonly = k;
        break;
      case "k":
        try {
          keys.push(parseKeySpec(o.value!));
        } catch (e) {
          if (!(e instanceof SortError)) throw e;
          return die(e.message);
        }
        break;
      case "m":
        merge = true;
        break;
      case "compress-program":
      case "random-source":
      case "S":
      case "T":
      case "batch-size":
      case "parallel":
      case "y":
        break;
      case "files0-from":
        files0 = o.value!;
        break;
      case "o":
        if (outfile !== null && outfile !== o.value) return die("multiple output files specified");
        outfile = o.value!;
        break;
      case "s":
        stable = true;
        break;
      case "t": {
        const v = o.value!;
        if (v === "") return die("empty tab");
        let t = v.charCodeAt(0);
        if (v.length > 1) {
          if (v === "\\0") t = 0;
          else return die(`multi-character tab ${quote(v)}`);
        }
        if (tab >= 0 && tab !== t) return die("incompatible tabs");
        tab = t;
        break;
      }
      case "u":
        unique = true;
        break;
      case "z":
        eol = "\0";
        break;
      case "--help":
        return printHelp(io, "sort");
      case "--version":
        return printVersion(io, "sort");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 2;
  }
  // inheritance of global options by keys without their own
  for (const key of keys) {
    if (defaultKeyCompare(key) && !key.reverse) {
      key.ignore = gkey.ignore;
      key.translate = gkey.translate;
      key.skipsblanks = gkey.skipsblanks;
      key.skipeblanks = gkey.skipeblanks;
      key.month = gkey.month;
      key.numeric = gkey.numeric;
      key.generalNumeric = gkey.generalNumeric;
      key.humanNumeric = gkey.humanNumeric;
      key.version = gkey.version;
      key.random = gkey.random;
      key.reverse = gkey.reverse;
    }
  }
  if (keys.length === 0 && !defaultKeyCompare(gkey)) keys.push(gkey);
  for (const key of keys) {
    if (
      +key.numeric +
        +key.generalNumeric +
        +key.humanNumeric +
        +key.month +
        +(key.version || key.random || !!key.ignore) >
      1
    ) {
      // sort.c clears b and r before naming the conflicting options
      return die(
        `options '-${keyToOpts({ ...key, skipsblanks: false, skipeblanks: false, reverse: false })}' are incompatible`,
      );
    }
  }
  const reverse = gkey.reverse;

  let files = r.operands;
  if (files0 !== null) {
    if (files.length) {
      io.stderr(
        `${prog}: extra operand ${quoteIfNeeded(files[0])}\nfile operands cannot be combined with --files0-from\n${tryHelp(prog)}`,
      );
      return 2;
    }
    const list = files0 === "-" ? io.stdin : io.readFile(files0);
    if (isReadError(list)) {
      if (failsOnRead(list)) return die(`cannot read file names from ${quote(files0)}`);
      return die(`cannot open ${quote(files0)} for reading: ${list.message}`);
    }
    files = list.split("\0").filter((x, i, arr) => x !== "" || i < arr.length - 1);
  }
  if (files.length === 0) files = ["-"];
  if (checkonly && files.length > 1) {
    io.stderr(`${prog}: extra operand ${quote(files[1])} not allowed with -${checkonly}\n`);
    return 2;
  }
  if (outfile !== null && checkonly) return die(`options '-${checkonly}o' are incompatible`);

  const compare = (a: string, b: string): number => {
    if (keys.length) {
      const diff = keycompare(a, b, keys, tab);
      if (diff || unique || stable) return diff;
    }
    const diff = byteCompare(a, b);
    return reverse ? -diff : diff;
  };

  const inputs = new Inputs(io);
  const lines: string[] = [];
  const runs: string[][] = [];
  // check_inputs: every input must be readable (euidaccess) before any is read; -c checks its
  // one file by opening it
  for (const f of files) {
    if (f === "-") continue;
    const d = io.readFile(f);
    if (isReadError(d) && !failsOnRead(d))
      return die(`${checkonly ? "open failed" : "cannot read"}: ${quoteIfNeeded(f)}: ${d.message}`);
  }
  // check_output
  if (outfile !== null && outfile !== "/dev/stdout" && outfile !== "-") {
    // the text utilities cannot write files (the shell's redirections do)
    return die(`open failed: ${quoteIfNeeded(outfile)}: Read-only file system`);
  }
  for (const f of files) {
    const data = inputs.read(f);
    // opened, and the read fails (a directory)
    if (isReadError(data)) return die(`read failed: ${quoteIfNeeded(f)}: ${data.message}`);
    if (data === "") continue;
    const parts = data.split(eol);
    if (parts[parts.length - 1] === "") parts.pop();
    if (checkonly) {
      for (let i = 1; i < parts.length; i++) {
        const d = compare(parts[i - 1], parts[i]);
        if (d > 0 || (unique && d === 0)) {
          if (checkonly === "c") io.stderr(`${prog}: ${f}:${i + 1}: disorder: ${parts[i]}\n`);
          return 1;
        }
      }
      return 0;
    }
    for (const p of parts) lines.push(p);
    runs.push(parts);
  }
  // -m merges inputs that are already sorted, without sorting them
  const sorted = merge ? mergeRuns(runs, compare) : lines.slice().sort(compare);
  let out = "";
  let prev: string | null = null;
  for (const l of sorted) {
    if (unique && prev !== null && compare(prev, l) === 0) continue;
    out += l + eol;
    prev = l;
  }
  io.stdout(out);
  return 0;
}
