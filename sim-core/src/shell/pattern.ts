/**
 * Bash pattern matching (`*`, `?`, `[…]` with `!`/`^`, ranges and [:classes:]) for pathname
 * expansion, `case`, `[[ x == pat ]]` and `${var#pat}`. A pattern is a string in which a
 * backslash quotes the next character: quoted parts of a word arrive escaped (see quotePattern),
 * so `"*"` matches a star only.
 */

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
  word: "A-Za-z0-9_",
};

/** Escapes every pattern-special character of a literal string. */
export function quotePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, "\\$&");
}

/** Removes the quoting backslashes of a pattern (what an unmatched glob leaves as the word). */
export function unquotePattern(p: string): string {
  return p.replace(/\\(.)/gs, "$1");
}

/** True when the pattern has an unquoted `*`, `?` or a bracket expression. */
export function hasGlob(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?") return true;
    else if (c === "[" && bracketEnd(p, i) > 0) return true;
  }
  return false;
}

/** The index of the `]` closing the bracket expression at `i`, or -1. */
function bracketEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "!" || p[j] === "^") j++;
  if (p[j] === "]") j++;
  for (; j < p.length; j++) {
    if (p[j] === "\\") j++;
    else if (p[j] === "[" && p[j + 1] === ":") {
      const e = p.indexOf(":]", j + 2);
      if (e > 0) j = e + 1;
    } else if (p[j] === "]") return j;
  }
  return -1;
}

const reEscape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/** The JavaScript regular expression source for a pattern (not anchored). */
export function patternSource(p: string, opts: { pathname?: boolean } = {}): string {
  let out = "";
  const any = opts.pathname ? "[^/]" : "[\\s\\S]";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 < p.length) out += reEscape(p[++i]);
      else out += "\\\\";
    } else if (c === "*") {
      while (p[i + 1] === "*") i++;
      out += `${any}*`;
    } else if (c === "?") out += any;
    else if (c === "[") {
      const end = bracketEnd(p, i);
      if (end < 0) {
        out += "\\[";
        continue;
      }
      let j = i + 1;
      let neg = false;
      if (p[j] === "!" || p[j] === "^") {
        neg = true;
        j++;
      }
      let set = "";
      let first = true;
      for (; j < end; j++) {
        const d = p[j];
        if (d === "[" && p[j + 1] === ":") {
          const e = p.indexOf(":]", j + 2);
          const cls = CLASSES[p.slice(j + 2, e)];
          if (cls !== undefined) set += cls;
          j = e + 1;
        } else if (d === "\\" && j + 1 < end) {
          set += reEscape(p[++j]);
        } else if (d === "-" && !first && j + 1 < end && p[j + 1] !== "]") {
          set += "-";
        } else set += reEscape(d);
        first = false;
      }
      out += `[${neg ? "^" : ""}${set}]`;
      i = end;
    } else out += reEscape(c);
  }
  return out;
}

const cache = new Map<string, RegExp>();

/** Whole-string match of a pattern. */
export function matchPattern(
  p: string,
  s: string,
  opts: { pathname?: boolean; nocase?: boolean } = {},
): boolean {
  const key = `${opts.pathname ? 1 : 0}${opts.nocase ? 1 : 0}${p}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^(?:${patternSource(p, opts)})$`, opts.nocase ? "i" : "");
    if (cache.size > 500) cache.clear();
    cache.set(key, re);
  }
  return re.test(s);
}

/**
 * `${var#pat}` / `##` / `%` / `%%`: removes the shortest or longest matching prefix or suffix.
 */
export function removeAffix(s: string, p: string, op: "#" | "##" | "%" | "%%"): string {
  const re = new RegExp(`^(?:${patternSource(p)})$`);
  if (op === "#") {
    for (let i = 0; i <= s.length; i++) if (re.test(s.slice(0, i))) return s.slice(i);
  } else if (op === "##") {
    for (let i = s.length; i >= 0; i--) if (re.test(s.slice(0, i))) return s.slice(i);
  } else if (op === "%") {
    for (let i = s.length; i >= 0; i--) if (re.test(s.slice(i))) return s.slice(0, i);
  } else {
    for (let i = 0; i <= s.length; i++) if (re.test(s.slice(i))) return s.slice(0, i);
  }
  return s;
}

/** `${var/pat/rep}` and its `//`, `/#`, `/%` forms (longest match at each position). */
export function replacePattern(s: string, p: string, rep: string, op: "/" | "//" | "/#" | "/%"): string {
  if (p === "") return s;
  const re = new RegExp(`^(?:${patternSource(p)})$`);
  const longestAt = (i: number, mustEnd: boolean): number => {
    if (mustEnd) return re.test(s.slice(i)) ? s.length : -1;
    for (let j = s.length; j >= i; j--) if (re.test(s.slice(i, j))) return j;
    return -1;
  };
  if (op === "/#") {
    const j = longestAt(0, false);
    return j < 0 ? s : rep + s.slice(j);
  }
  if (op === "/%") {
    for (let i = 0; i <= s.length; i++) if (re.test(s.slice(i))) return s.slice(0, i) + rep;
    return s;
  }
  let out = "";
  let i = 0;
  while (i < s.length) {
    const j = longestAt(i, false);
    if (j > i) {
      out += rep;
      i = j;
      if (op === "/") return out + s.slice(i);
      continue;
    }
    out += s[i];
    i++;
  }
  return out;
}
