/**
 * C printf formatting (the subset the ported tools use: flags - 0 + space #, width and precision
 * incl. `*`, length modifiers ignored, conversions d i u x X o c s f F e E g G %).
 */
export function sprintf(fmt: string, ...args: unknown[]): string {
  let out = "";
  let ai = 0;
  const next = () => args[ai++];
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch !== "%") {
      out += ch;
      continue;
    }
    let j = i + 1;
    let flags = "";
    while (j < fmt.length && "-0+ #'".includes(fmt[j])) flags += fmt[j++];
    let width = "";
    if (fmt[j] === "*") {
      width = String(next());
      j++;
    } else while (j < fmt.length && fmt[j] >= "0" && fmt[j] <= "9") width += fmt[j++];
    let prec: string | undefined;
    if (fmt[j] === ".") {
      j++;
      prec = "";
      if (fmt[j] === "*") {
        prec = String(next());
        j++;
      } else while (j < fmt.length && fmt[j] >= "0" && fmt[j] <= "9") prec += fmt[j++];
    }
    while (j < fmt.length && "hlLqjzt".includes(fmt[j])) j++;
    const conv = fmt[j];
    i = j;
    if (conv === "%") {
      out += "%";
      continue;
    }
    let w = width === "" ? 0 : parseInt(width, 10);
    let left = flags.includes("-");
    if (w < 0) {
      left = true;
      w = -w;
    }
    const p = prec === undefined ? undefined : Math.max(0, parseInt(prec || "0", 10));
    let s: string;
    switch (conv) {
      case "d":
      case "i":
      case "u": {
        let v = Number(next() ?? 0);
        if (!Number.isFinite(v)) v = 0;
        v = Math.trunc(v);
        if (conv === "u" && v < 0) v = v >>> 0;
        let digits = Math.abs(v).toString();
        if (p !== undefined) digits = p === 0 && v === 0 ? "" : digits.padStart(p, "0");
        const sign = v < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
        s = sign + digits;
        if (flags.includes("0") && !left && p === undefined && s.length < w)
          s = sign + digits.padStart(w - sign.length, "0");
        break;
      }
      case "x":
      case "X":
      case "o": {
        let v = Number(next() ?? 0);
        if (v < 0) v = v >>> 0;
        let digits = Math.trunc(v).toString(conv === "o" ? 8 : 16);
        if (conv === "X") digits = digits.toUpperCase();
        if (p !== undefined) digits = p === 0 && v === 0 ? "" : digits.padStart(p, "0");
        const prefix =
          flags.includes("#") && v !== 0 ? (conv === "o" ? "0" : conv === "x" ? "0x" : "0X") : "";
        s = prefix + digits;
        if (flags.includes("0") && !left && p === undefined && s.length < w)
          s = prefix + digits.padStart(w - prefix.length, "0");
        break;
      }
      case "c": {
        const v = next();
        s = typeof v === "number" ? String.fromCharCode(v) : String(v ?? "").slice(0, 1);
        break;
      }
      case "s": {
        const v = next();
        s = v === undefined || v === null ? "(null)" : String(v);
        if (p !== undefined) s = s.slice(0, p);
        break;
      }
      case "f":
      case "F":
      case "e":
      case "E":
      case "g":
      case "G": {
        const v = Number(next() ?? 0);
        s = formatFloat(v, conv, p ?? 6, flags);
        if (flags.includes("0") && !left && s.length < w && Number.isFinite(v)) {
          const sign = /^[+\- ]/.test(s) ? s[0] : "";
          s = sign + s.slice(sign.length).padStart(w - sign.length, "0");
        }
        break;
      }
      default:
        s = "%" + flags + width + (prec !== undefined ? "." + prec : "") + (conv ?? "");
        out += s;
        continue;
    }
    if (s.length < w) s = left ? s.padEnd(w) : s.padStart(w);
    out += s;
  }
  return out;
}

export function formatFloat(v: number, conv: string, prec: number, flags = ""): string {
  const sign = v < 0 || Object.is(v, -0) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return sign + (Number.isNaN(v) ? "nan" : "inf");
  let body: string;
  switch (conv) {
    case "f":
    case "F":
      body = toFixed(a, prec);
      break;
    case "e":
    case "E":
      body = expo(a, prec);
      if (conv === "E") body = body.toUpperCase();
      break;
    default: {
      const P = prec === 0 ? 1 : prec;
      if (a === 0) {
        body = flags.includes("#") ? (0).toFixed(P - 1) : "0";
        break;
      }
      const X = Math.floor(Math.log10(Number(a.toExponential(P - 1))));
      if (P > X && X >= -4) {
        body = toFixed(a, P - 1 - X);
      } else {
        body = expo(a, P - 1);
      }
      if (!flags.includes("#")) {
        // strip trailing zeros
        if (body.includes(".")) {
          const [mant, exp] = body.split("e");
          let t = mant.replace(/0+$/, "");
          if (t.endsWith(".")) t = t.slice(0, -1);
          body = t + (exp !== undefined ? "e" + exp : "");
        }
      }
      if (conv === "G") body = body.toUpperCase();
    }
  }
  return sign + body;
}

function toFixed(a: number, prec: number): string {
  if (a < 1e21) return a.toFixed(Math.min(100, prec));
  return a.toLocaleString("en-US", {
    useGrouping: false,
    minimumFractionDigits: prec,
    maximumFractionDigits: prec,
  });
}

function expo(a: number, prec: number): string {
  const s = a.toExponential(Math.min(100, prec));
  const [m, e] = s.split("e");
  const n = parseInt(e, 10);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}
