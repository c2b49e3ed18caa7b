/**
 * POSIX BRE/ERE parser with the GNU extensions, a port of glibc's regcomp.c parser
 * (peek_token / parse_reg_exp / parse_branch / parse_expression / parse_dup_op /
 * parse_bracket_exp) so that what is accepted, what is literal and which error message is
 * printed match GNU grep and GNU sed byte for byte. Input is a "byte string" (one char per
 * byte, C locale). The result is a small AST that ./program.ts compiles for matching.
 *
 * A few checks that GNU grep and sed make in gnulib's dfa.c rather than in regcomp.c are
 * reported too: `[:space:]` outside a bracket (error), and in ERE the "* at start of
 * expression" family of warnings (grep only prints them).
 */
import { RE } from "./syntax.js";

export type AnchorKind =
  "bol" | "eol" | "wordStart" | "wordEnd" | "wordBoundary" | "notWordBoundary" | "bufStart" | "bufEnd";

export type Node =
  | { t: "set"; set: Uint8Array }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "rep"; node: Node; min: number; max: number } // max -1 = unbounded
  | { t: "group"; idx: number; node: Node }
  | { t: "backref"; idx: number }
  | { t: "anchor"; kind: AnchorKind }
  | { t: "empty" };

export interface ParsedRegex {
  node: Node;
  /** number of capturing groups */
  nsub: number;
  hasBackrefs: boolean;
  /** dfa.c warnings (grep prints them as `grep: warning: …`) */
  warnings: string[];
}

/** glibc's error strings (regcomp.c __re_error_msgid). */
export const REG_ERR = {
  BADPAT: "Invalid regular expression",
  ECOLLATE: "Invalid collation character",
  ECTYPE: "Invalid character class name",
  EESCAPE: "Trailing backslash",
  ESUBREG: "Invalid back reference",
  EBRACK: "Unmatched [, [^, [:, [., or [=",
  EPAREN: "Unmatched ( or \\(",
  EBRACE: "Unmatched \\{",
  BADBR: "Invalid content of \\{\\}",
  ERANGE: "Invalid range end",
  ESPACE: "Memory exhausted",
  BADRPT: "Invalid preceding regular expression",
  EEND: "Premature end of regular expression",
  ESIZE: "Regular expression too big",
  ERPAREN: "Unmatched ) or \\)",
} as const;

export class RegexSyntaxError extends Error {}

export const RE_DUP_MAX = 0x7fff;

// ---- C-locale character classes ----------------------------------------------------------

export const ctype = {
  alpha: (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  upper: (c: number) => c >= 65 && c <= 90,
  lower: (c: number) => c >= 97 && c <= 122,
  digit: (c: number) => c >= 48 && c <= 57,
  xdigit: (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
  space: (c: number) => c === 32 || (c >= 9 && c <= 13),
  punct: (c: number) =>
    (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126),
  alnum: (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  print: (c: number) => c >= 32 && c <= 126,
  graph: (c: number) => c >= 33 && c <= 126,
  cntrl: (c: number) => c < 32 || c === 127,
  blank: (c: number) => c === 32 || c === 9,
} as const;

export type CtypeName = keyof typeof ctype;

export function isCtypeName(s: string): s is CtypeName {
  return Object.prototype.hasOwnProperty.call(ctype, s);
}

export const isWordChar = (c: number): boolean => ctype.alnum(c) || c === 95;

export function setOf(pred: (c: number) => boolean): Uint8Array {
  const s = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (pred(c)) s[c] = 1;
  return s;
}

function foldCase(set: Uint8Array): Uint8Array {
  for (let c = 65; c <= 90; c++) {
    if (set[c] || set[c + 32]) set[c] = set[c + 32] = 1;
  }
  return set;
}

// ---- tokens --------------------------------------------------------------------------------

const enum T {
  CHARACTER,
  END_OF_RE,
  BACK_SLASH,
  OP_ALT,
  OP_BACK_REF,
  ANCHOR,
  OP_WORD,
  OP_NOTWORD,
  OP_SPACE,
  OP_NOTSPACE,
  OP_OPEN_SUBEXP,
  OP_CLOSE_SUBEXP,
  OP_DUP_PLUS,
  OP_DUP_QUESTION,
  OP_DUP_ASTERISK,
  OP_OPEN_DUP_NUM,
  OP_CLOSE_DUP_NUM,
  OP_OPEN_BRACKET,
  OP_PERIOD,
  // bracket tokens
  OP_CLOSE_BRACKET,
  OP_NON_MATCH_LIST,
  OP_CHARSET_RANGE,
  OP_OPEN_COLL_ELEM,
  OP_OPEN_EQUIV_CLASS,
  OP_OPEN_CHAR_CLASS,
}

interface Token {
  type: T;
  c: number;
  anchor?: AnchorKind;
  idx?: number;
}

export interface ParseOptions {
  syntax: number;
  /** report dfa.c's "[:space:]" error (grep) */
  confusingBracketsError?: boolean;
  /** collect dfa.c's "* at start of expression" warnings (grep -E) */
  startWarnings?: boolean;
  /**
   * grep matches with dfa.c, which reads a valid leading ERE interval such as `{1}a` as a
   * repetition of nothing (regcomp would only skip the `{`)
   */
  dfaLeadingInterval?: boolean;
}

/** the current token's type, read through a function so TypeScript does not narrow it */
const typeOf = (box: { token: Token }): T => box.token.type;

class Parser {
  private pos = 0;
  private nsub = 0;
  private completedBkref = 0;
  hasBackrefs = false;
  warnings: string[] = [];
  /** the first dfa.c-level error, reported after regcomp accepted the pattern */
  dfaError: string | null = null;
  private readonly icase: boolean;

  constructor(
    private readonly re: string,
    private readonly syntax: number,
    private readonly opts: ParseOptions,
  ) {
    this.icase = (syntax & RE.ICASE) !== 0;
  }

  private byte(i: number): number {
    return this.re.charCodeAt(i) & 0xff;
  }

  private get len(): number {
    return this.re.length;
  }

  peekToken(syntax: number): [Token, number] {
    const re = this.re;
    const i = this.pos;
    if (i >= re.length) return [{ type: T.END_OF_RE, c: 0 }, 0];
    const c = this.byte(i);
    if (c === 0x5c /* \ */) {
      if (i + 1 >= re.length) return [{ type: T.BACK_SLASH, c }, 1];
      const c2 = this.byte(i + 1);
      const tok: Token = { type: T.CHARACTER, c: c2 };
      const gnu = !(syntax & RE.NO_GNU_OPS);
      switch (String.fromCharCode(c2)) {
        case "|":
          if (!(syntax & RE.LIMITED_OPS) && !(syntax & RE.NO_BK_VBAR)) tok.type = T.OP_ALT;
          break;
        case "1":
        case "2":
        case "3":
        case "4":
        case "5":
        case "6":
        case "7":
        case "8":
        case "9":
          if (!(syntax & RE.NO_BK_REFS)) {
            tok.type = T.OP_BACK_REF;
            tok.idx = c2 - 0x31;
          }
          break;
        case "<":
          if (gnu) anchor(tok, "wordStart");
          break;
        case ">":
          if (gnu) anchor(tok, "wordEnd");
          break;
        case "b":
          if (gnu) anchor(tok, "wordBoundary");
          break;
        case "B":
          if (gnu) anchor(tok, "notWordBoundary");
          break;
        case "w":
          if (gnu) tok.type = T.OP_WORD;
          break;
        case "W":
          if (gnu) tok.type = T.OP_NOTWORD;
          break;
        case "s":
          if (gnu) tok.type = T.OP_SPACE;
          break;
        case "S":
          if (gnu) tok.type = T.OP_NOTSPACE;
          break;
        case "`":
          if (gnu) anchor(tok, "bufStart");
          break;
        case "'":
          if (gnu) anchor(tok, "bufEnd");
          break;
        case "(":
          if (!(syntax & RE.NO_BK_PARENS)) tok.type = T.OP_OPEN_SUBEXP;
          break;
        case ")":
          if (!(syntax & RE.NO_BK_PARENS)) tok.type = T.OP_CLOSE_SUBEXP;
          break;
        case "+":
          if (!(syntax & RE.LIMITED_OPS) && syntax & RE.BK_PLUS_QM) tok.type = T.OP_DUP_PLUS;
          break;
        case "?":
          if (!(syntax & RE.LIMITED_OPS) && syntax & RE.BK_PLUS_QM) tok.type = T.OP_DUP_QUESTION;
          break;
        case "{":
          if (syntax & RE.INTERVALS && !(syntax & RE.NO_BK_BRACES)) tok.type = T.OP_OPEN_DUP_NUM;
          break;
        case "}":
          if (syntax & RE.INTERVALS && !(syntax & RE.NO_BK_BRACES)) tok.type = T.OP_CLOSE_DUP_NUM;
          break;
      }
      return [tok, 2];
    }
    const tok: Token = { type: T.CHARACTER, c };
    switch (String.fromCharCode(c)) {
      case "\n":
        if (syntax & RE.NEWLINE_ALT) tok.type = T.OP_ALT;
        break;
      case "|":
        if (!(syntax & RE.LIMITED_OPS) && syntax & RE.NO_BK_VBAR) tok.type = T.OP_ALT;
        break;
      case "*":
        tok.type = T.OP_DUP_ASTERISK;
        break;
      case "+":
        if (!(syntax & RE.LIMITED_OPS) && !(syntax & RE.BK_PLUS_QM)) tok.type = T.OP_DUP_PLUS;
        break;
      case "?":
        if (!(syntax & RE.LIMITED_OPS) && !(syntax & RE.BK_PLUS_QM)) tok.type = T.OP_DUP_QUESTION;
        break;
      case "{":
        if (syntax & RE.INTERVALS && syntax & RE.NO_BK_BRACES) tok.type = T.OP_OPEN_DUP_NUM;
        break;
      case "}":
        if (syntax & RE.INTERVALS && syntax & RE.NO_BK_BRACES) tok.type = T.OP_CLOSE_DUP_NUM;
        break;
      case "(":
        if (syntax & RE.NO_BK_PARENS) tok.type = T.OP_OPEN_SUBEXP;
        break;
      case ")":
        if (syntax & RE.NO_BK_PARENS) tok.type = T.OP_CLOSE_SUBEXP;
        break;
      case "[":
        tok.type = T.OP_OPEN_BRACKET;
        break;
      case ".":
        tok.type = T.OP_PERIOD;
        break;
      case "^":
        if (!(syntax & (RE.CONTEXT_INDEP_ANCHORS | RE.CARET_ANCHORS_HERE)) && i !== 0) {
          const prev = this.byte(i - 1);
          if (!(syntax & RE.NEWLINE_ALT) || prev !== 0x0a) break;
        }
        anchor(tok, "bol");
        break;
      case "$":
        if (!(syntax & RE.CONTEXT_INDEP_ANCHORS) && i + 1 !== re.length) {
          this.pos++;
          const [next] = this.peekToken(syntax);
          this.pos--;
          if (next.type !== T.OP_ALT && next.type !== T.OP_CLOSE_SUBEXP) break;
        }
        anchor(tok, "eol");
        break;
    }
    return [tok, 1];
  }

  fetchToken(syntax: number): Token {
    const [tok, n] = this.peekToken(syntax);
    this.pos += n;
    return tok;
  }

  parse(): Node {
    const token = this.fetchToken(this.syntax | RE.CARET_ANCHORS_HERE);
    const tree = this.parseRegExp({ token }, 0);
    return tree ?? { t: "empty" };
  }

  private parseRegExp(box: { token: Token }, nest: number): Node | null {
    const branches: (Node | null)[] = [];
    const initialBkref = this.completedBkref;
    branches.push(this.parseBranch(box, nest));
    let accumulated = this.completedBkref;
    while (box.token.type === T.OP_ALT) {
      box.token = this.fetchToken(this.syntax | RE.CARET_ANCHORS_HERE);
      if (
        box.token.type !== T.OP_ALT &&
        box.token.type !== T.END_OF_RE &&
        (nest === 0 || box.token.type !== T.OP_CLOSE_SUBEXP)
      ) {
        accumulated = this.completedBkref | accumulated;
        this.completedBkref = initialBkref;
        branches.push(this.parseBranch(box, nest));
        this.completedBkref |= accumulated;
      } else {
        branches.push(null);
      }
    }
    if (branches.length === 1) return branches[0];
    return { t: "alt", items: branches.map((b) => b ?? { t: "empty" }) };
  }

  private parseBranch(box: { token: Token }, nest: number): Node | null {
    const items: Node[] = [];
    const first = this.parseExpression(box, nest);
    if (first) items.push(first);
    while (
      box.token.type !== T.OP_ALT &&
      box.token.type !== T.END_OF_RE &&
      (nest === 0 || box.token.type !== T.OP_CLOSE_SUBEXP)
    ) {
      const expr = this.parseExpression(box, nest);
      if (expr) items.push(expr);
    }
    if (items.length === 0) return null;
    if (items.length === 1) return items[0];
    return { t: "cat", items };
  }

  private charNode(c: number): Node {
    const set = new Uint8Array(256);
    set[c] = 1;
    if (this.icase) foldCase(set);
    return { t: "set", set };
  }

  private parseExpression(box: { token: Token }, nest: number): Node | null {
    const syntax = this.syntax;
    const token = box.token;
    let tree: Node | null;
    switch (token.type) {
      case T.CHARACTER:
        tree = this.charNode(token.c);
        break;
      case T.OP_OPEN_SUBEXP:
        tree = this.parseSubExp(box, nest + 1);
        break;
      case T.OP_OPEN_BRACKET:
        tree = this.parseBracketExp();
        break;
      case T.OP_BACK_REF: {
        const idx = token.idx!;
        if (!(this.completedBkref & (1 << idx))) throw new RegexSyntaxError(REG_ERR.ESUBREG);
        this.hasBackrefs = true;
        tree = { t: "backref", idx: idx + 1 };
        break;
      }
      case T.OP_OPEN_DUP_NUM:
      case T.OP_DUP_ASTERISK:
      case T.OP_DUP_PLUS:
      case T.OP_DUP_QUESTION:
      case T.OP_CLOSE_SUBEXP:
      case T.OP_CLOSE_DUP_NUM: {
        // parse_expression's cascade of fall-throughs for operators in operand position
        const ty = token.type;
        if (ty === T.OP_OPEN_DUP_NUM && syntax & RE.CONTEXT_INVALID_DUP)
          throw new RegexSyntaxError(REG_ERR.BADRPT);
        if (ty !== T.OP_CLOSE_SUBEXP && ty !== T.OP_CLOSE_DUP_NUM) {
          if (syntax & RE.CONTEXT_INVALID_OPS) throw new RegexSyntaxError(REG_ERR.BADRPT);
          if (syntax & RE.CONTEXT_INDEP_OPS) {
            this.leadingRepetitionWarning(token);
            if (
              ty === T.OP_OPEN_DUP_NUM &&
              this.opts.dfaLeadingInterval &&
              this.intervalLooksValid(this.pos)
            ) {
              this.pos = this.re.indexOf("}", this.pos) + 1;
            }
            box.token = this.fetchToken(syntax);
            return this.parseExpression(box, nest);
          }
        }
        if (ty === T.OP_CLOSE_SUBEXP && !(syntax & RE.UNMATCHED_RIGHT_PAREN_ORD))
          throw new RegexSyntaxError(REG_ERR.ERPAREN);
        tree = this.charNode(token.c);
        break;
      }
      case T.ANCHOR: {
        tree = { t: "anchor", kind: token.anchor! };
        box.token = this.fetchToken(syntax);
        return tree;
      }
      case T.OP_PERIOD: {
        const set = new Uint8Array(256).fill(1);
        if (!(syntax & RE.DOT_NEWLINE)) set[10] = 0;
        if (syntax & RE.DOT_NOT_NULL) set[0] = 0;
        tree = { t: "set", set };
        break;
      }
      case T.OP_WORD:
      case T.OP_NOTWORD: {
        const neg = token.type === T.OP_NOTWORD;
        tree = { t: "set", set: setOf((c) => isWordChar(c) !== neg) };
        break;
      }
      case T.OP_SPACE:
      case T.OP_NOTSPACE: {
        const neg = token.type === T.OP_NOTSPACE;
        tree = { t: "set", set: setOf((c) => ctype.space(c) !== neg) };
        break;
      }
      case T.OP_ALT:
      case T.END_OF_RE:
        return null;
      case T.BACK_SLASH:
        throw new RegexSyntaxError(REG_ERR.EESCAPE);
      default:
        return null;
    }
    box.token = this.fetchToken(syntax);
    while (
      box.token.type === T.OP_DUP_ASTERISK ||
      box.token.type === T.OP_DUP_PLUS ||
      box.token.type === T.OP_DUP_QUESTION ||
      box.token.type === T.OP_OPEN_DUP_NUM
    ) {
      const dup = this.parseDupOp(tree, box);
      if (dup === "rollback") break;
      tree = dup;
      if (
        syntax & RE.CONTEXT_INVALID_DUP &&
        (typeOf(box) === T.OP_DUP_ASTERISK || typeOf(box) === T.OP_OPEN_DUP_NUM)
      )
        throw new RegexSyntaxError(REG_ERR.BADRPT);
    }
    return tree;
  }

  private leadingRepetitionWarning(token: Token): void {
    if (!this.opts.startWarnings) return;
    let what: string;
    switch (token.type) {
      case T.OP_DUP_ASTERISK:
        what = "*";
        break;
      case T.OP_DUP_PLUS:
        what = "+";
        break;
      case T.OP_DUP_QUESTION:
        what = "?";
        break;
      default: {
        // dfa.c treats an invalid interval as ordinary characters: no warning then.
        if (!this.intervalLooksValid(this.pos)) return;
        what = "{...}";
      }
    }
    this.warnings.push(`${what} at start of expression`);
  }

  /** dfa.c's interval validity test, for the text right after `{` (ERE). */
  private intervalLooksValid(p: number): boolean {
    const re = this.re;
    let min = -1;
    let max = -1;
    while (p < re.length && re[p] >= "0" && re[p] <= "9") {
      min = min < 0 ? +re[p] : Math.min(RE_DUP_MAX + 1, min * 10 + +re[p]);
      p++;
    }
    if (p < re.length) {
      if (re[p] !== ",") max = min;
      else {
        if (min < 0) min = 0;
        while (++p < re.length && re[p] >= "0" && re[p] <= "9")
          max = max < 0 ? +re[p] : Math.min(RE_DUP_MAX + 1, max * 10 + +re[p]);
      }
    }
    return p < re.length && re[p] === "}" && min >= 0 && (max < 0 || min <= max);
  }

  private parseSubExp(box: { token: Token }, nest: number): Node {
    const cur = this.nsub++;
    box.token = this.fetchToken(this.syntax | RE.CARET_ANCHORS_HERE);
    let tree: Node | null = null;
    if (box.token.type !== T.OP_CLOSE_SUBEXP) {
      tree = this.parseRegExp(box, nest);
      if (typeOf(box) !== T.OP_CLOSE_SUBEXP) throw new RegexSyntaxError(REG_ERR.EPAREN);
    }
    if (cur <= 8) this.completedBkref |= 1 << cur;
    return { t: "group", idx: cur + 1, node: tree ?? { t: "empty" } };
  }

  private fetchNumber(box: { token: Token }): number {
    let num = -1;
    for (;;) {
      box.token = this.fetchToken(this.syntax);
      const tok = box.token;
      const c = tok.c;
      if (tok.type === T.END_OF_RE) return -2;
      if (tok.type === T.OP_CLOSE_DUP_NUM || c === 0x2c) break;
      num =
        tok.type !== T.CHARACTER || c < 0x30 || c > 0x39 || num === -2
          ? -2
          : num === -1
            ? c - 0x30
            : Math.min(RE_DUP_MAX + 1, num * 10 + c - 0x30);
    }
    return num;
  }

  private parseDupOp(elem: Node | null, box: { token: Token }): Node | null | "rollback" {
    const syntax = this.syntax;
    const startIdx = this.pos;
    const startToken = box.token;
    let start: number;
    let end: number;
    if (typeOf(box) === T.OP_OPEN_DUP_NUM) {
      end = 0;
      start = this.fetchNumber(box);
      if (start === -1) {
        if (typeOf(box) === T.CHARACTER && box.token.c === 0x2c) start = 0;
        else throw new RegexSyntaxError(REG_ERR.BADBR);
      }
      if (start !== -2) {
        end =
          typeOf(box) === T.OP_CLOSE_DUP_NUM
            ? start
            : typeOf(box) === T.CHARACTER && box.token.c === 0x2c
              ? this.fetchNumber(box)
              : -2;
      }
      if (start === -2 || end === -2) {
        if (!(syntax & RE.INVALID_INTERVAL_ORD)) {
          if (typeOf(box) === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.EBRACE);
          throw new RegexSyntaxError(REG_ERR.BADBR);
        }
        // roll back: the `{` is an ordinary character
        this.pos = startIdx;
        box.token = { ...startToken, type: T.CHARACTER };
        return "rollback";
      }
      if ((end !== -1 && start > end) || typeOf(box) !== T.OP_CLOSE_DUP_NUM)
        throw new RegexSyntaxError(REG_ERR.BADBR);
      if (RE_DUP_MAX < (end === -1 ? start : end)) throw new RegexSyntaxError(REG_ERR.ESIZE);
    } else {
      start = typeOf(box) === T.OP_DUP_PLUS ? 1 : 0;
      end = typeOf(box) === T.OP_DUP_QUESTION ? 1 : -1;
    }
    box.token = this.fetchToken(syntax);
    if (elem === null) return null;
    if (start === 0 && end === 0) return null;
    return { t: "rep", node: elem, min: start, max: end };
  }

  // ---- bracket expressions -----------------------------------------------------------------

  private peekTokenBracket(): [Token, number] {
    const re = this.re;
    const i = this.pos;
    if (i >= re.length) return [{ type: T.END_OF_RE, c: 0 }, 0];
    const c = this.byte(i);
    if (c === 0x5c && this.syntax & RE.BACKSLASH_ESCAPE_IN_LISTS && i + 1 < re.length) {
      this.pos++;
      return [{ type: T.CHARACTER, c: this.byte(i + 1) }, 1];
    }
    if (c === 0x5b /* [ */) {
      const c2 = i + 1 < re.length ? this.byte(i + 1) : 0;
      switch (c2) {
        case 0x2e:
          return [{ type: T.OP_OPEN_COLL_ELEM, c: c2 }, 2];
        case 0x3d:
          return [{ type: T.OP_OPEN_EQUIV_CLASS, c: c2 }, 2];
        case 0x3a:
          if (this.syntax & RE.CHAR_CLASSES) return [{ type: T.OP_OPEN_CHAR_CLASS, c: c2 }, 2];
          break;
      }
      return [{ type: T.CHARACTER, c }, 1];
    }
    switch (c) {
      case 0x5d:
        return [{ type: T.OP_CLOSE_BRACKET, c }, 1];
      case 0x5e:
        return [{ type: T.OP_NON_MATCH_LIST, c }, 1];
      case 0x2d:
        if (!(i + 2 < re.length && this.byte(i + 1) === 0x2d && this.byte(i + 2) === 0x2d))
          return [{ type: T.OP_CHARSET_RANGE, c }, 1];
        this.pos += 2;
        return [{ type: T.CHARACTER, c }, 1];
    }
    return [{ type: T.CHARACTER, c }, 1];
  }

  private parseBracketExp(): Node {
    const bracketStart = this.pos; // just after '['
    const set = new Uint8Array(256);
    let nonMatch = false;
    let [token, tokenLen] = this.peekTokenBracket();
    if (token.type === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.BADPAT);
    if (token.type === T.OP_NON_MATCH_LIST) {
      nonMatch = true;
      if (this.syntax & RE.HAT_LISTS_NOT_NEWLINE) set[10] = 1;
      this.pos += tokenLen;
      [token, tokenLen] = this.peekTokenBracket();
      if (token.type === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.BADPAT);
    }
    if (token.type === T.OP_CLOSE_BRACKET) token.type = T.CHARACTER;
    let firstRound = true;
    for (;;) {
      const startElem = this.parseBracketElement(token, tokenLen, firstRound);
      firstRound = false;
      [token, tokenLen] = this.peekTokenBracket();
      let isRange = false;
      let token2: Token | null = null;
      let tokenLen2 = 0;
      if (startElem.type !== "class" && startElem.type !== "equiv") {
        if (token.type === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.EBRACK);
        if (token.type === T.OP_CHARSET_RANGE) {
          this.pos += tokenLen;
          [token2, tokenLen2] = this.peekTokenBracket();
          if (token2.type === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.EBRACK);
          if (token2.type === T.OP_CLOSE_BRACKET) {
            this.pos -= tokenLen;
            token.type = T.CHARACTER;
          } else isRange = true;
        }
      }
      if (isRange) {
        const endElem = this.parseBracketElement(token2!, tokenLen2, true);
        [token, tokenLen] = this.peekTokenBracket();
        if (
          startElem.type === "class" ||
          startElem.type === "equiv" ||
          endElem.type === "class" ||
          endElem.type === "equiv"
        )
          throw new RegexSyntaxError(REG_ERR.ERANGE);
        if (
          (startElem.type === "coll" && startElem.name.length > 1) ||
          (endElem.type === "coll" && endElem.name.length > 1)
        )
          throw new RegexSyntaxError(REG_ERR.ECOLLATE);
        const lo = startElem.type === "char" ? startElem.ch : startElem.name.charCodeAt(0) & 0xff;
        const hi = endElem.type === "char" ? endElem.ch : endElem.name.charCodeAt(0) & 0xff;
        if (this.syntax & RE.NO_EMPTY_RANGES && lo > hi) throw new RegexSyntaxError(REG_ERR.ERANGE);
        for (let c = lo; c <= hi; c++) set[c] = 1;
      } else {
        switch (startElem.type) {
          case "char":
            set[startElem.ch] = 1;
            break;
          case "equiv":
          case "coll":
            if (startElem.name.length !== 1) throw new RegexSyntaxError(REG_ERR.ECOLLATE);
            set[startElem.name.charCodeAt(0) & 0xff] = 1;
            break;
          case "class": {
            let name = startElem.name;
            if (this.icase && (name === "upper" || name === "lower")) name = "alpha";
            if (!isCtypeName(name)) throw new RegexSyntaxError(REG_ERR.ECTYPE);
            const pred = ctype[name];
            for (let c = 0; c < 256; c++) if (pred(c)) set[c] = 1;
            break;
          }
        }
      }
      if (token.type === T.END_OF_RE) throw new RegexSyntaxError(REG_ERR.EBRACK);
      if (token.type === T.OP_CLOSE_BRACKET) break;
    }
    this.pos += tokenLen;
    this.checkConfusingBracket(bracketStart, this.pos - 1);
    if (this.icase) foldCase(set);
    if (nonMatch) for (let c = 0; c < 256; c++) set[c] = set[c] ? 0 : 1;
    return { t: "set", set };
  }

  /** dfa.c: a bracket like `[:alpha:]` is an error for grep ("character class syntax is …"). */
  private checkConfusingBracket(from: number, closeAt: number): void {
    if (!this.opts.confusingBracketsError || this.dfaError) return;
    const body = this.re.slice(from, closeAt);
    let b = body;
    if (b.startsWith("^")) b = b.slice(1);
    if (b.length >= 2 && b[0] === ":" && b[b.length - 1] === ":" && /[^:]/.test(b)) {
      // bit 3 of dfa.c's colon_warning_state: ranges or [: :] [. .] [= =] inside
      if (!/\[[:.=]/.test(b) && !/.-./.test(b.slice(1, -1)))
        this.dfaError = "character class syntax is [[:space:]], not [:space:]";
    }
  }

  private parseBracketElement(
    token: Token,
    tokenLen: number,
    acceptHyphen: boolean,
  ): { type: "char"; ch: number } | { type: "coll" | "equiv" | "class"; name: string } {
    this.pos += tokenLen;
    if (
      token.type === T.OP_OPEN_COLL_ELEM ||
      token.type === T.OP_OPEN_CHAR_CLASS ||
      token.type === T.OP_OPEN_EQUIV_CLASS
    )
      return this.parseBracketSymbol(token);
    if (token.type === T.OP_CHARSET_RANGE && !acceptHyphen) {
      const [token2] = this.peekTokenBracket();
      if (token2.type !== T.OP_CLOSE_BRACKET) throw new RegexSyntaxError(REG_ERR.ERANGE);
    }
    return { type: "char", ch: token.c };
  }

  private parseBracketSymbol(token: Token): { type: "coll" | "equiv" | "class"; name: string } {
    const delim = token.c;
    if (this.pos >= this.len) throw new RegexSyntaxError(REG_ERR.EBRACK);
    let name = "";
    for (let i = 0; ; i++) {
      if (i >= 32) throw new RegexSyntaxError(REG_ERR.EBRACK);
      const ch = this.byte(this.pos++);
      if (this.pos >= this.len) throw new RegexSyntaxError(REG_ERR.EBRACK);
      if (ch === delim && this.byte(this.pos) === 0x5d) break;
      name += String.fromCharCode(ch);
    }
    this.pos++;
    const type =
      token.type === T.OP_OPEN_COLL_ELEM ? "coll" : token.type === T.OP_OPEN_EQUIV_CLASS ? "equiv" : "class";
    return { type, name };
  }

  get groupCount(): number {
    return this.nsub;
  }
}

function anchor(tok: Token, kind: AnchorKind): void {
  tok.type = T.ANCHOR;
  tok.anchor = kind;
}

/**
 * Parse `pattern` (a byte string) with the given glibc syntax bits. Throws RegexSyntaxError
 * with glibc's message (or dfa.c's, for the checks described at the top of this file).
 */
export function parseRegex(pattern: string, opts: ParseOptions): ParsedRegex {
  const p = new Parser(pattern, opts.syntax, opts);
  const node = p.parse();
  if (p.dfaError) throw new RegexSyntaxError(p.dfaError);
  return { node, nsub: p.groupCount, hasBackrefs: p.hasBackrefs, warnings: p.warnings };
}

/** An AST that matches `s` literally (grep -F, awk index-like uses). */
export function literalNode(s: string, icase: boolean): Node {
  const items: Node[] = [];
  for (let i = 0; i < s.length; i++) {
    const set = new Uint8Array(256);
    set[s.charCodeAt(i) & 0xff] = 1;
    if (icase) foldCase(set);
    items.push({ t: "set", set });
  }
  if (items.length === 0) return { t: "empty" };
  return items.length === 1 ? items[0] : { t: "cat", items };
}
