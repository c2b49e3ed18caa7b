/**
 * mawk's values (CELL types, cast.c) and C number formatting (printf's %d %e %f %g …) on
 * byte strings. Numbers print as "%d" when they are integers that fit mawk's 32-bit Int,
 * otherwise with CONVFMT/OFMT.
 */

export const enum T {
  NOINIT = 0,
  DOUBLE = 1,
  STRING = 2,
  STRNUM = 3,
  /** a string from input that might be a number (checked lazily, cast.c check_strnum) */
  MBSTRN = 4,
}

export interface Cell {
  type: T;
  s: string;
  d: number;
}

export const MAX_INT = 0x7fffffff;
export const MAX_UINT = 0xffffffff;

export const noinit = (): Cell => ({ type: T.NOINIT, s: "", d: 0 });
export const num = (d: number): Cell => ({ type: T.DOUBLE, s: "", d });
export const str = (s: string): Cell => ({ type: T.STRING, s, d: 0 });
export const mbstrn = (s: string): Cell => ({ type: T.MBSTRN, s, d: 0 });
export const copy = (c: Cell): Cell => ({ type: c.type, s: c.s, d: c.d });

/** a cell's type, read through a call so that TypeScript does not keep an old narrowing */
export const typeOf = (c: Cell): T => c.type;

/** d_to_I: truncate to mawk's Int, clamping to ±Max_Int (NaN → -Max_Int). */
export function dToI(d: number): number {
  if (d >= MAX_INT) return MAX_INT;
  if (d > -MAX_INT) return Math.trunc(d);
  return -MAX_INT;
}

export function dToU(d: number): number {
  if (d >= MAX_UINT) return MAX_UINT;
  if (d > 0) return Math.trunc(d);
  return 0;
}

/** A NaN with the sign bit set, like glibc's log(-1) (printed "-nan"). */
export const NEG_NAN = (() => {
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(0, 0xfff80000);
  b.setUint32(4, 0);
  return b.getFloat64(0);
})();

const SPACE = /[ \t\n\v\f\r]/;

/** glibc strtod on a prefix: [value, characters consumed] (0 consumed = no conversion). */
export function strtod(s: string, start = 0): [number, number] {
  let i = start;
  while (i < s.length && SPACE.test(s[i])) i++;
  const m =
    /^[+-]?(?:0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN](?:\([0-9A-Za-z_]*\))?)/.exec(
      s.slice(i),
    );
  if (!m) return [0, 0];
  let t = m[0];
  const neg = t[0] === "-";
  if (t[0] === "+" || t[0] === "-") t = t.slice(1);
  let v: number;
  if (/^0[xX]/.test(t)) {
    const hm = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?$/.exec(t)!;
    if (hm[1] === "" && hm[2] === "") {
      // "0x" alone: only the 0 converts
      return [neg ? -0 : 0, i - start + (m[0].length - t.length) + 1];
    }
    v = 0;
    for (const d of hm[1]) v = v * 16 + parseInt(d, 16);
    let sc = 1 / 16;
    for (const d of hm[2]) {
      v += parseInt(d, 16) * sc;
      sc /= 16;
    }
    if (hm[3]) v *= 2 ** Number(hm[3]);
  } else if (/^[iI]/.test(t)) v = Infinity;
  else if (/^[nN]/.test(t)) v = NaN;
  else v = Number(t);
  // -v would lose the sign of a NaN in JavaScript
  if (neg && Number.isNaN(v)) return [NEG_NAN, i - start + m[0].length];
  return [neg ? -v : v, i - start + m[0].length];
}

/** atof-style conversion of a whole string (cast1_to_d). */
export function toNumber(c: Cell): number {
  switch (c.type) {
    case T.NOINIT:
      return 0;
    case T.DOUBLE:
    case T.STRNUM:
      return c.d;
    default:
      return strtod(c.s)[0];
  }
}

const isScSpace = (ch: string) =>
  ch === " " || ch === "\t" || ch === "\n" || ch === "\f" || ch === "\r" || ch === "\v";

/** cast.c check_strnum: decide whether an input string is numeric. Mutates c. */
export function checkStrnum(c: Cell): void {
  if (c.type !== T.MBSTRN) return;
  c.type = T.STRING;
  const s = c.s;
  let a = 0;
  let b = s.length;
  while (a < b && isScSpace(s[a])) a++;
  if (a === b) return;
  while (isScSpace(s[b - 1])) b--;
  const last = s[b - 1];
  if (!((last >= "0" && last <= "9") || last === ".")) return;
  const first = s[a];
  if (!((first >= "0" && first <= "9") || first === "+" || first === "-" || first === ".")) return;
  const [d, n] = strtod(s, a);
  if (!Number.isFinite(d) && !Number.isNaN(d)) return; // ERANGE
  if (a + n >= b) {
    c.type = T.STRNUM;
    c.d = d;
  }
}

/** Number → string as mawk does it for CONVFMT (cast1_to_s) or OFMT (print). */
export function numToString(d: number, fmt: string): string {
  const i = dToI(d);
  if (i === d) return String(i);
  return sprintfNumber(fmt, d);
}

export function toStr(c: Cell, convfmt: string): string {
  switch (c.type) {
    case T.NOINIT:
      return "";
    case T.DOUBLE:
      return numToString(c.d, convfmt);
    default:
      return c.s;
  }
}

// ---- C printf ----------------------------------------------------------------------------------

interface Spec {
  flags: string;
  width: number | null;
  prec: number | null;
  conv: string;
}

function pad(body: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  if (body.length >= w) return body;
  const left = spec.flags.includes("-");
  if (left) return body + " ".repeat(w - body.length);
  if (numeric && spec.flags.includes("0")) {
    const m = /^([+\- ]?(?:0[xX])?)(.*)$/.exec(body)!;
    return m[1] + "0".repeat(w - body.length) + m[2];
  }
  return " ".repeat(w - body.length) + body;
}

function signPrefix(neg: boolean, flags: string): string {
  if (neg) return "-";
  if (flags.includes("+")) return "+";
  if (flags.includes(" ")) return " ";
  return "";
}

/** The exact value of a finite double as mantissa × 2^exp. */
function decompose(d: number): { m: bigint; e: number } {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, d);
  const hi = b.getUint32(0);
  const lo = b.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return { m, e: -1074 };
  m |= 1n << 52n;
  return { m, e: exp - 1075 };
}

/** round(|d| × 10^k) to an integer, ties to even (glibc's default rounding of printf). */
function scaledRound(d: number, k: number): bigint {
  const { m, e } = decompose(Math.abs(d));
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  const q = num / den;
  const r = num % den;
  const twice = r * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) return q + 1n;
  return q;
}

/** %f digits of |d|: exact, rounded half to even like glibc. */
function fixed(d: number, prec: number): string {
  const q = scaledRound(d, prec).toString();
  if (prec === 0) return q;
  const padded = q.padStart(prec + 1, "0");
  return `${padded.slice(0, padded.length - prec)}.${padded.slice(padded.length - prec)}`;
}

/** %e of |d| with `prec` fraction digits: "d.ddde+XX". */
function expo(d: number, prec: number): string {
  const a = Math.abs(d);
  if (a === 0) return `${prec > 0 ? "0." + "0".repeat(prec) : "0"}e+00`;
  // first guess of the decimal exponent, then fix it with exact arithmetic
  let x = Math.floor(Math.log10(a));
  let digits = scaledRound(a, prec - x);
  const limit = 10n ** BigInt(prec + 1);
  if (digits >= limit) {
    x++;
    digits = scaledRound(a, prec - x);
  } else if (digits < limit / 10n) {
    x--;
    digits = scaledRound(a, prec - x);
  }
  if (digits >= limit) {
    x++;
    digits = scaledRound(a, prec - x);
  }
  const ds = digits.toString();
  const mant = prec > 0 ? `${ds[0]}.${ds.slice(1)}` : ds;
  const ax = Math.abs(x);
  return `${mant}e${x < 0 ? "-" : "+"}${ax < 10 ? "0" + ax : ax}`;
}

function formatFloat(d: number, spec: Spec): string {
  const conv = spec.conv;
  const upper = conv === "E" || conv === "G" || conv === "F";
  // x86 produces negative NaNs ("-nan") from invalid operations; JavaScript engines do not
  // keep a NaN's sign reliably, so every NaN prints as glibc prints those
  const neg = d < 0 || (d === 0 && Object.is(d, -0)) || Number.isNaN(d);
  const sign = signPrefix(neg, spec.flags);
  if (!Number.isFinite(d)) {
    const t = Number.isNaN(d) ? "nan" : "inf";
    const body = sign + (upper ? t.toUpperCase() : t);
    return pad(body, { ...spec, flags: spec.flags.replace("0", "") }, false);
  }
  const a = Math.abs(d);
  let prec = spec.prec ?? 6;
  let body: string;
  const alt = spec.flags.includes("#");
  switch (conv.toLowerCase()) {
    case "f":
      body = fixed(a, prec);
      if (alt && prec === 0) body += ".";
      break;
    case "e":
      body = expo(a, prec);
      if (alt && prec === 0) body = body.replace("e", ".e");
      break;
    default: {
      // %g
      if (prec === 0) prec = 1;
      let x = 0;
      if (a !== 0) {
        const e = expo(a, prec - 1);
        x = Number(e.slice(e.indexOf("e") + 1));
      }
      if (prec > x && x >= -4) body = fixed(a, prec - 1 - x);
      else body = expo(a, prec - 1);
      if (!alt) {
        // strip trailing zeros of the fraction, and a bare decimal point
        const e = body.indexOf("e");
        let mant = e >= 0 ? body.slice(0, e) : body;
        const exp = e >= 0 ? body.slice(e) : "";
        if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
        body = mant + exp;
      }
    }
  }
  if (upper) body = body.toUpperCase();
  return pad(sign + body, spec, true);
}

/** sprintf of one floating conversion like "%.6g" (used for CONVFMT/OFMT). */
export function sprintfNumber(fmt: string, d: number): string {
  const m = /^([^%]*)%([-+ #0']*)(\d*)(?:\.(\d*))?([eEfFgG])(.*)$/s.exec(fmt);
  if (!m) {
    // an odd CONVFMT: go through the general formatter
    const out = formatPrintf(fmt, [num(d)], "", () => "");
    return typeof out === "string" ? out : fmt;
  }
  return (
    m[1] +
    formatFloat(d, {
      flags: m[2],
      width: m[3] ? Number(m[3]) : null,
      prec: m[4] !== undefined ? Number(m[4] || "0") : null,
      conv: m[5],
    }) +
    m[6]
  );
}

function formatInt(v: number, spec: Spec, unsigned: boolean): string {
  const conv = spec.conv;
  const neg = !unsigned && v < 0;
  let digits: string;
  const a = Math.abs(v);
  switch (conv) {
    case "o":
      digits = a.toString(8);
      break;
    case "x":
      digits = a.toString(16);
      break;
    case "X":
      digits = a.toString(16).toUpperCase();
      break;
    default:
      digits = String(a);
  }
  if (spec.prec !== null) {
    if (spec.prec === 0 && v === 0) digits = "";
    else digits = digits.padStart(spec.prec, "0");
  }
  let prefix = unsigned ? "" : signPrefix(neg, spec.flags);
  if (spec.flags.includes("#")) {
    if (conv === "o" && !digits.startsWith("0")) digits = "0" + digits;
    if ((conv === "x" || conv === "X") && v !== 0) prefix = conv === "x" ? "0x" : "0X";
  }
  const zeroOk = spec.prec === null;
  return pad(prefix + digits, zeroOk ? spec : { ...spec, flags: spec.flags.replace(/0/g, "") }, true);
}

/** %s / %c as mawk's puts_sfmt does them. */
function formatStr(s: string, spec: Spec): string {
  let out = "";
  if (spec.flags.includes(" ") && s.length === 0) out += " ";
  if (spec.prec !== null && s.length > spec.prec) s = s.slice(0, spec.prec);
  let width = spec.width ?? s.length;
  let left = spec.flags.includes("-");
  if (width < 0) {
    width = -width;
    left = true;
  }
  if (!left && s.length < width) out += " ".repeat(width - s.length);
  out += s;
  if (left && s.length < width) out += " ".repeat(width - s.length);
  return out;
}

export type PrintfError = { error: string; partial: string };

/**
 * mawk do_printf: format `fmt` with `args`. Returns the text, or an error message (mawk's run
 * time error text) when there are too few arguments or a bad conversion.
 */
export function formatPrintf(
  fmt: string,
  args: Cell[],
  who: string,
  toS: (c: Cell) => string,
): string | PrintfError {
  let out = "";
  let ai = 0;
  let nconv = 0;
  let q = 0;
  const argc = args.length;
  const need = () => ai < argc;
  for (;;) {
    const pct = fmt.indexOf("%", q);
    if (pct < 0) {
      out += fmt.slice(q);
      return out;
    }
    out += fmt.slice(q, pct);
    q = pct + 1;
    nconv++;
    if (fmt[q] === "%") {
      out += "%";
      q++;
      continue;
    }
    let flags = "";
    while (q < fmt.length && "-+ #0'".includes(fmt[q])) flags += fmt[q++];
    let width: number | null = null;
    let prec: number | null = null;
    if (fmt[q] === "*") {
      width = need() ? dToI(toNumber(args[ai++])) : 0;
      q++;
    } else {
      const st = q;
      while (fmt[q] >= "0" && fmt[q] <= "9") q++;
      if (q > st) width = Number(fmt.slice(st, q));
    }
    if (fmt[q] === ".") {
      q++;
      if (fmt[q] === "*") {
        prec = need() ? dToI(toNumber(args[ai++])) : 0;
        q++;
      } else {
        const st = q;
        while (fmt[q] >= "0" && fmt[q] <= "9") q++;
        prec = Number(fmt.slice(st, q) || "0");
      }
    }
    if (!need()) return { error: `not enough arguments passed to ${who}("${fmt}")`, partial: out };
    let lh = 0;
    if (fmt[q] === "l" || fmt[q] === "h") {
      lh = 1;
      q++;
    }
    const conv = fmt[q++];
    const arg = args[ai++];
    const bad = () => ({ error: `improper conversion(number ${nconv}) in ${who}("${fmt}")`, partial: out });
    if (width !== null && width < 0) {
      flags += "-";
      width = -width;
    }
    if (prec !== null && prec < 0) prec = null;
    const spec: Spec = { flags, width, prec, conv: conv ?? "" };
    switch (conv) {
      case "s":
        if (lh) return bad();
        out += formatStr(toS(arg), spec);
        break;
      case "c": {
        if (lh) return bad();
        let ch: string;
        if (arg.type === T.MBSTRN) checkStrnum(arg);
        const ty = typeOf(arg);
        if (ty === T.NOINIT) ch = "\0";
        else if (ty === T.DOUBLE || ty === T.STRNUM) ch = String.fromCharCode(dToI(arg.d) & 0xff);
        else ch = arg.s.length ? arg.s[0] : "\0";
        out += formatStr(ch, { ...spec, prec: null });
        break;
      }
      case "d":
      case "i":
        out += formatInt(dToI(toNumber(arg)), spec, false);
        break;
      case "o":
      case "x":
      case "X":
      case "u":
        out += formatInt(dToU(toNumber(arg)), spec, true);
        break;
      case "e":
      case "g":
      case "f":
      case "E":
      case "G":
        if (lh) return bad();
        out += formatFloat(toNumber(arg), spec);
        break;
      default:
        return bad();
    }
  }
}
