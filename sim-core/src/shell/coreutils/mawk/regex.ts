/**
 * mawk's regular expression dialect (rexp0.c RE_lex / do_str / do_class / escape), parsed into
 * the AST of ../regex so the shared engine (leftmost-longest) can match it:
 * - operators ( ) | * + ? . [ ] ^ $ ; braces are ordinary characters (no intervals);
 * - `^` and `$` are anchors wherever they appear; `)` with no `(` is an ordinary character;
 * - backslash escapes \n \t \f \b \r \a \v \ddd \xhh, anything else is the character itself
 *   (there are no \w \s \< \> \b word operators and no back-references);
 * - `.` and negated classes match a newline too.
 * Errors carry mawk's REerrlist text.
 */
import { Regex } from "../regex/engine.js";
import { ctype, isCtypeName, type Node } from "../regex/parse.js";

export class AwkRegexError extends Error {}

const E = {
  MISSING_LP: "missing '('",
  MISSING_RP: "missing ')'",
  BAD_CLASS: "bad class -- [], [^] or [",
  MISSING_OPERAND: "missing operand",
  START_STAR: "syntax error ^* or ^+",
} as const;

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "7";
}

function hexVal(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) ? -1 : v;
}

/** rexp0.c escape(): the character for the escape at s[i] (just after the backslash). */
export function reEscape(s: string, i: number): [number, number] {
  const c = s[i];
  switch (c) {
    case "n":
      return [10, i + 1];
    case "t":
      return [9, i + 1];
    case "f":
      return [12, i + 1];
    case "b":
      return [8, i + 1];
    case "r":
      return [13, i + 1];
    case "a":
      return [7, i + 1];
    case "v":
      return [11, i + 1];
    case undefined:
      return [92, i];
  }
  if (isOctal(c)) {
    let x = Number(c);
    let j = i + 1;
    if (isOctal(s[j])) {
      x = x * 8 + Number(s[j++]);
      if (isOctal(s[j])) x = x * 8 + Number(s[j++]);
    }
    return [x & 0xff, j];
  }
  if (c === "x") {
    const x = hexVal(s[i + 1]);
    if (x < 0) return [120, i + 1];
    const xx = hexVal(s[i + 2]);
    if (xx >= 0) return [x * 16 + xx, i + 3];
    return [x, i + 2];
  }
  return [s.charCodeAt(i) & 0xff, i + 1];
}

function charSet(c: number): Node {
  const set = new Uint8Array(256);
  set[c] = 1;
  return { t: "set", set };
}

class RParser {
  private i = 0;
  private nest = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    if (this.s.length === 0) return { t: "empty" };
    const n = this.alt();
    if (this.i < this.s.length) {
      // a ')' closing nothing was handled as a char; anything left is an error
      throw new AwkRegexError(E.MISSING_LP);
    }
    return n;
  }

  private alt(): Node {
    const items: Node[] = [this.cat()];
    while (this.s[this.i] === "|") {
      this.i++;
      items.push(this.cat());
    }
    return items.length === 1 ? items[0] : { t: "alt", items };
  }

  private cat(): Node {
    const items: Node[] = [];
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined || c === "|") break;
      if (c === ")" && this.nest > 0) break;
      items.push(this.repeat(items.length === 0));
    }
    if (items.length === 0) throw new AwkRegexError(E.MISSING_OPERAND);
    return items.length === 1 ? items[0] : { t: "cat", items };
  }

  private repeat(first: boolean): Node {
    const atomStart = this.i;
    let node = this.atom(first);
    const isStart = node.t === "anchor" && node.kind === "bol";
    for (;;) {
      const c = this.s[this.i];
      if (c === "*" || c === "+") {
        if (isStart && this.i === atomStart + 1) throw new AwkRegexError(E.START_STAR);
        this.i++;
        node = { t: "rep", node, min: c === "+" ? 1 : 0, max: -1 };
      } else if (c === "?") {
        this.i++;
        node = { t: "rep", node, min: 0, max: 1 };
      } else break;
    }
    // a trailing '$' right after an operand anchors it
    return node;
  }

  private atom(_first: boolean): Node {
    const s = this.s;
    const c = s[this.i];
    switch (c) {
      case "*":
      case "+":
      case "?":
        throw new AwkRegexError(E.MISSING_OPERAND);
      case "(": {
        this.i++;
        this.nest++;
        if (this.i >= s.length) throw new AwkRegexError(E.MISSING_RP);
        if (s[this.i] === ")") throw new AwkRegexError(E.MISSING_OPERAND);
        const inner = this.alt();
        if (s[this.i] !== ")") throw new AwkRegexError(E.MISSING_RP);
        this.i++;
        this.nest--;
        return inner;
      }
      case ")":
        this.i++;
        return charSet(41);
      case ".": {
        this.i++;
        return { t: "set", set: new Uint8Array(256).fill(1) };
      }
      case "^":
        this.i++;
        return { t: "anchor", kind: "bufStart" };
      case "$":
        this.i++;
        return { t: "anchor", kind: "bufEnd" };
      case "[":
        return this.klass();
      case "\\": {
        const [ch, j] = reEscape(s, this.i + 1);
        this.i = j;
        return charSet(ch);
      }
      default:
        this.i++;
        return charSet(s.charCodeAt(this.i - 1) & 0xff);
    }
  }

  /** rexp0.c do_class */
  private klass(): Node {
    const s = this.s;
    let p = this.i + 1;
    const literalLeftsq = (k: number) => s[k] === "[" && s[k + 1] !== ":";
    if (literalLeftsq(p) || s[p] === "]") p++;
    else if (s[p] === "^" && (literalLeftsq(p + 1) || s[p + 1] === "]")) p += 2;
    let q = p;
    for (let level = 0; ; ++q) {
      if (q >= s.length) throw new AwkRegexError(E.BAD_CLASS);
      if (s[q] === "[" && s[q + 1] === ":") {
        if (++level > 1) throw new AwkRegexError(E.BAD_CLASS);
      } else if (s[q] === "]") {
        if (level === 0) break;
        if (s[q - 1] !== ":") throw new AwkRegexError(E.BAD_CLASS);
        --level;
      } else if (s[q] === "\\") ++q;
    }
    p = this.i + 1;
    this.i = q + 1;
    const set = new Uint8Array(256);
    let comp = false;
    if (s[p] === "^") {
      comp = true;
      p++;
    }
    let prevc = -1;
    while (p < q) {
      const ch = s[p];
      if (ch === "\\") {
        const [c, j] = reEscape(s, p + 1);
        p = j;
        prevc = c;
        set[c] = 1;
      } else if (ch === "[") {
        const m = /^\[:([a-z]+):\]/.exec(s.slice(p, q + 1));
        if (m && isCtypeName(m[1])) {
          const pred = ctype[m[1]];
          for (let c = 0; c < 256; c++) if (pred(c)) set[c] = 1;
          p += m[0].length;
        } else {
          prevc = s.charCodeAt(p++) & 0xff;
          set[prevc] = 1;
        }
      } else if (ch === "-") {
        if (prevc === -1 || p + 1 === q) {
          prevc = 45;
          set[45] = 1;
          p++;
        } else {
          const mark = ++p;
          let c: number;
          if (s[p] !== "\\") c = s.charCodeAt(p++) & 0xff;
          else [c, p] = reEscape(s, p + 1);
          if (prevc <= c) {
            for (let x = prevc; x <= c; x++) set[x] = 1;
            prevc = -1;
          } else {
            p = mark;
            prevc = 45;
            set[45] = 1;
          }
        }
      } else {
        prevc = s.charCodeAt(p++) & 0xff;
        set[prevc] = 1;
      }
    }
    if (comp) for (let c = 0; c < 256; c++) set[c] = set[c] ? 0 : 1;
    return { t: "set", set };
  }
}

export interface AwkRegex {
  source: string;
  re: Regex;
  /** the empty regex matches the empty string everywhere */
  empty: boolean;
}

const cache = new Map<string, AwkRegex>();

/** Compile a mawk regex (throws AwkRegexError). */
export function awkRegex(source: string): AwkRegex {
  let r = cache.get(source);
  if (r) return r;
  const node = new RParser(source).parse();
  r = {
    source,
    re: new Regex({ node, nsub: 0, hasBackrefs: false, warnings: [] }, false),
    empty: source === "",
  };
  if (cache.size > 500) cache.clear();
  cache.set(source, r);
  return r;
}
