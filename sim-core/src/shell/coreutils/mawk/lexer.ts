/**
 * mawk's scanner (scan.c yylex): tokens are produced on demand because the parser steers the
 * scanner (print_flag makes `>` a redirection, getline_flag makes `<` an input redirection),
 * and the previous token decides whether `/` divides or starts a regular expression. A `}`
 * after a statement first yields a "fake" semicolon; NL, `;`, `{`, `,`, `&&`, `||` and `}`
 * swallow the newlines that follow them. The program text ends with a newline, as mawk
 * appends one.
 */
import { reEscape } from "./regex.js";

export type Tok =
  | "EOF"
  | "NL"
  | "SEMI_COLON"
  | "LBRACE"
  | "RBRACE"
  | "LPAREN"
  | "RPAREN"
  | "LBOX"
  | "RBOX"
  | "QMARK"
  | "COLON"
  | "OR"
  | "AND"
  | "ASSIGN"
  | "ADD_ASG"
  | "SUB_ASG"
  | "MUL_ASG"
  | "DIV_ASG"
  | "MOD_ASG"
  | "POW_ASG"
  | "EQ"
  | "NEQ"
  | "LT"
  | "LTE"
  | "GT"
  | "GTE"
  | "MATCH"
  | "PLUS"
  | "MINUS"
  | "MUL"
  | "DIV"
  | "MOD"
  | "POW"
  | "NOT"
  | "COMMA"
  | "INC_or_DEC"
  | "DOUBLE"
  | "STRING_"
  | "RE"
  | "ID"
  | "D_ID"
  | "FUNCT_ID"
  | "BUILTIN"
  | "LENGTH"
  | "FIELD"
  | "DOLLAR"
  | "IO_OUT"
  | "IO_IN"
  | "PIPE"
  | "UNEXPECTED"
  | "BAD_DECIMAL"
  // keywords
  | "PRINT"
  | "PRINTF"
  | "DO"
  | "WHILE"
  | "FOR"
  | "BREAK"
  | "CONTINUE"
  | "IF"
  | "ELSE"
  | "IN"
  | "DELETE"
  | "SPLIT"
  | "MATCH_FUNC"
  | "BEGIN"
  | "END"
  | "EXIT"
  | "NEXT"
  | "NEXTFILE"
  | "RETURN"
  | "GETLINE"
  | "SUB"
  | "GSUB"
  | "FUNCTION";

export const KEYWORDS: Record<string, Tok> = {
  print: "PRINT",
  printf: "PRINTF",
  do: "DO",
  while: "WHILE",
  for: "FOR",
  break: "BREAK",
  continue: "CONTINUE",
  if: "IF",
  else: "ELSE",
  in: "IN",
  delete: "DELETE",
  split: "SPLIT",
  match: "MATCH_FUNC",
  BEGIN: "BEGIN",
  END: "END",
  exit: "EXIT",
  next: "NEXT",
  nextfile: "NEXTFILE",
  return: "RETURN",
  getline: "GETLINE",
  sub: "SUB",
  gsub: "GSUB",
  function: "FUNCTION",
};

/** bi_funct.c: name → [min args, max args] */
export const BUILTINS: Record<string, [number, number]> = {
  length: [0, 1],
  index: [2, 2],
  substr: [2, 3],
  sprintf: [1, 255],
  sin: [1, 1],
  cos: [1, 1],
  atan2: [2, 2],
  exp: [1, 1],
  log: [1, 1],
  int: [1, 1],
  sqrt: [1, 1],
  rand: [0, 0],
  srand: [0, 1],
  close: [1, 1],
  system: [1, 1],
  toupper: [1, 1],
  tolower: [1, 1],
  fflush: [0, 1],
  systime: [0, 0],
  mktime: [1, 1],
  strftime: [0, 3],
};

export interface Token {
  type: Tok;
  /** what mawk's string_buff holds, for "syntax error at or near …" */
  text: string;
  /** DOUBLE value, STRING_/RE contents, names, INC_or_DEC '+'/'-', MATCH 1 (~) or 0 (!~) */
  value: number | string;
  line: number;
  /** field number of a FIELD token made from `$digits` (-1 for NF-like names) */
  field?: number;
}

/** A fatal scanner error (runaway string or regular expression): mawk exits at once. */
export class CompileError extends Error {}

const SC_SPACE = (c: string) => c === " " || c === "\t" || c === "\f" || c === "\r" || c === "\v";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isIdStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c);
const isIdChar = (c: string | undefined) => c !== undefined && /[A-Za-z_0-9]/.test(c);

/** rm_escape: process escapes in a string literal or -F / -v value. */
export function rmEscape(s: string): string {
  let out = "";
  for (let p = 0; p < s.length;) {
    if (s[p] !== "\\") {
      out += s[p++];
      continue;
    }
    const ch = s[++p];
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      f: "\f",
      b: "\b",
      r: "\r",
      a: "\x07",
      v: "\v",
      "\\": "\\",
      '"': '"',
    };
    if (ch === undefined) {
      out += "\\";
      break;
    }
    if (ch in simple) {
      out += simple[ch];
      p++;
    } else if ((ch >= "0" && ch <= "7") || (ch === "x" && /[0-9A-Fa-f]/.test(s[p + 1] ?? ""))) {
      const [c, j] = reEscape(s, p);
      out += String.fromCharCode(c);
      p = j;
    } else {
      out += "\\" + ch;
      p++;
    }
  }
  return out;
}

export class Lexer {
  private p = 0;
  lineno = 1;
  tokenLineno = 1;
  parenCnt = 0;
  braceCnt = 0;
  printFlag = false;
  getlineFlag = false;
  current: Tok | "SC_FAKE_SEMI_COLON" | "" = "";
  /** names known to be functions (called before or defined) */
  readonly functions = new Set<string>();
  /** non-fatal diagnostics (extra '}' …), printed in order with the parser's */
  readonly messages: string[] = [];
  private lastDecimal = "";

  constructor(
    private readonly src: string,
    private readonly fileName: string | null,
  ) {}

  /** the next character; "\0" at the end (a NUL ends the program text, as in C) */
  private next(): string {
    const c = this.p < this.src.length ? this.src[this.p] : "\0";
    this.p++;
    return c;
  }

  private unNext(): void {
    this.p--;
  }

  fileNamePrefix(): string {
    return this.fileName ? `${this.fileName}: ` : "";
  }

  compileError(msg: string): string {
    return `${this.fileNamePrefix()}line ${this.tokenLineno}: ${msg}`;
  }

  /** eat_nl: all white space including newlines and comments */
  eatNl(): void {
    for (;;) {
      const c = this.next();
      if (c === "#") this.eatComment();
      else if (c === "\n") this.lineno++;
      else if (SC_SPACE(c)) continue;
      else if (c === "\\") {
        let d: string;
        while (SC_SPACE((d = this.next())));
        if (d === "\n") this.tokenLineno = ++this.lineno;
        else {
          this.unNext();
          if (d !== "\0") this.unNext();
          return;
        }
      } else {
        this.unNext();
        return;
      }
    }
  }

  private eatComment(): void {
    let c: string;
    while ((c = this.next()) !== "\0" && c !== "\n");
    this.unNext();
  }

  private eatSemiColon(): void {
    let c: string;
    while (SC_SPACE((c = this.next())));
    if (c !== ";") this.unNext();
  }

  private ret(type: Tok, text: string, value: number | string = text): Token {
    this.current = type;
    return { type, text, value, line: this.tokenLineno };
  }

  lex(): Token {
    this.tokenLineno = this.lineno;
    for (;;) {
      const c = this.next();
      if (c === "\0") {
        this.unNext();
        return this.ret("EOF", "end of file");
      }
      if (SC_SPACE(c)) continue;
      switch (c) {
        case "#":
          this.eatComment();
          continue;
        case "\n":
          this.lineno++;
          this.eatNl();
          return this.ret("NL", "end of line");
        case "\\": {
          let d: string;
          while (SC_SPACE((d = this.next())));
          if (d === "\n") {
            this.tokenLineno = ++this.lineno;
            continue;
          }
          this.unNext();
          if (d === "\0") return this.ret("EOF", "end of file");
          return this.ret("UNEXPECTED", "", "\\");
        }
        case ";":
          this.eatNl();
          return this.ret("SEMI_COLON", ";");
        case "{":
          this.eatNl();
          this.braceCnt++;
          return this.ret("LBRACE", "{");
        case "+": {
          const d = this.next();
          if (d === "+") return this.ret("INC_or_DEC", "++", "+");
          if (d === "=") return this.ret("ADD_ASG", "+=");
          this.unNext();
          return this.ret("PLUS", "+");
        }
        case "-": {
          const d = this.next();
          if (d === "-") return this.ret("INC_or_DEC", "--", "-");
          if (d === "=") return this.ret("SUB_ASG", "-=");
          this.unNext();
          return this.ret("MINUS", "-");
        }
        case ",":
          this.eatNl();
          return this.ret("COMMA", ",");
        case "*":
          return this.test1("=", "MUL_ASG", "*=", "MUL", "*");
        case "/": {
          const canPrecedeDiv: (typeof this.current)[] = [
            "DOUBLE",
            "STRING_",
            "RPAREN",
            "ID",
            "D_ID",
            "RE",
            "RBOX",
            "FIELD",
            "GETLINE",
            "INC_or_DEC",
          ];
          if (canPrecedeDiv.includes(this.current)) {
            if (this.current !== "INC_or_DEC") return this.test1("=", "DIV_ASG", "/=", "DIV", "/");
            // mawk 1.3.4: after ++/-- a '/' starts a regular expression, and the character
            // after the '/' is swallowed unless it is '=' (scan.c, can_precede_div)
            if (this.next() === "=") this.unNext();
          }
          return this.collectRE();
        }
        case "%":
          return this.test1("=", "MOD_ASG", "%=", "MOD", "%");
        case "^":
          return this.test1("=", "POW_ASG", "^=", "POW", "^");
        case "(":
          this.parenCnt++;
          return this.ret("LPAREN", "(");
        case ")":
          if (--this.parenCnt < 0) {
            this.messages.push(this.compileError("extra ')'"));
            this.parenCnt = 0;
            continue;
          }
          return this.ret("RPAREN", ")");
        case "[":
          return this.ret("LBOX", "[");
        case "]":
          return this.ret("RBOX", "]");
        case "~":
          return this.ret("MATCH", "~", 1);
        case "=":
          return this.test1("=", "EQ", "==", "ASSIGN", "=");
        case "!": {
          const d = this.next();
          if (d === "~") return this.ret("MATCH", "!~", 0);
          if (d === "=") return this.ret("NEQ", "!=");
          this.unNext();
          return this.ret("NOT", "!");
        }
        case "<": {
          let t: Tok = "LT";
          let text = "<";
          if (this.next() === "=") {
            t = "LTE";
            text = "<=";
          } else this.unNext();
          if (this.getlineFlag) {
            this.getlineFlag = false;
            return this.ret("IO_IN", "<");
          }
          return this.ret(t, text);
        }
        case ">": {
          if (this.printFlag && this.parenCnt === 0) {
            this.printFlag = false;
            if (this.next() === ">") return this.ret("IO_OUT", ">>", ">>");
            this.unNext();
            return this.ret("IO_OUT", ">", ">");
          }
          return this.test1("=", "GTE", ">=", "GT", ">");
        }
        case "|": {
          if (this.next() === "|") {
            this.eatNl();
            return this.ret("OR", "||");
          }
          this.unNext();
          if (this.printFlag && this.parenCnt === 0) {
            this.printFlag = false;
            return this.ret("IO_OUT", "|", "|");
          }
          return this.ret("PIPE", "|");
        }
        case "&":
          if (this.next() === "&") {
            this.eatNl();
            return this.ret("AND", "&&");
          }
          this.unNext();
          return this.ret("UNEXPECTED", "", "&");
        case "?":
          return this.ret("QMARK", "?");
        case ":":
          return this.ret("COLON", ":");
        case "}": {
          if (--this.braceCnt < 0) {
            this.messages.push(this.compileError("extra '}'"));
            this.eatSemiColon();
            this.braceCnt = 0;
            continue;
          }
          const cur = this.current;
          if (cur === "NL" || cur === "SEMI_COLON" || cur === "SC_FAKE_SEMI_COLON" || cur === "RBRACE") {
            if (this.braceCnt === 0) this.eatSemiColon();
            this.eatNl();
            return this.ret("RBRACE", "}");
          }
          // supply the missing semicolon before a '}'
          this.braceCnt++;
          this.unNext();
          this.current = "SC_FAKE_SEMI_COLON";
          return { type: "SEMI_COLON", text: "}", value: "}", line: this.tokenLineno };
        }
        case '"':
          return this.collectString();
        case "$": {
          let d: string;
          while (SC_SPACE((d = this.next())));
          if (!isDigit(d) && d !== ".") {
            this.unNext();
            return this.ret("DOLLAR", "$");
          }
          const { value, flag } = this.collectDecimal(d);
          if (flag) return this.ret(flag, this.lastDecimal, flag === "UNEXPECTED" ? "." : this.lastDecimal);
          let field = 0;
          if (value > 0) {
            const ival = Math.trunc(Math.min(value, 0x7fffffff));
            if (ival !== value)
              this.messages.push(this.compileError(`$${fmtG(value)} is invalid field index`));
            field = ival;
          }
          const t = this.ret("FIELD", "$");
          t.field = field;
          return t;
        }
        default:
          break;
      }
      if (isDigit(c) || c === ".") {
        const { value, flag } = this.collectDecimal(c);
        if (flag) return this.ret(flag, this.lastDecimal, flag === "UNEXPECTED" ? "." : this.lastDecimal);
        return this.ret("DOUBLE", this.lastDecimal, value);
      }
      if (isIdStart(c)) {
        let name = c;
        let d: string;
        while (isIdChar((d = this.next()))) name += d;
        this.unNext();
        if (name in KEYWORDS) return this.ret(KEYWORDS[name], name);
        if (name === "length") {
          let e: string;
          const save = this.p;
          while (SC_SPACE((e = this.next())));
          this.p = save;
          return this.ret(e === "(" ? "BUILTIN" : "LENGTH", name);
        }
        if (name in BUILTINS) return this.ret("BUILTIN", name);
        if (this.functions.has(name)) return this.ret("FUNCT_ID", name);
        if (this.src[this.p] === "(") {
          this.functions.add(name);
          return this.ret("FUNCT_ID", name);
        }
        if (name === "NF" || name === "RS" || name === "FS" || name === "OFMT" || name === "CONVFMT") {
          const t = this.ret("FIELD", name);
          t.field = -1;
          return t;
        }
        return this.ret(this.current === "DOLLAR" ? "D_ID" : "ID", name);
      }
      return this.ret("UNEXPECTED", "", c);
    }
  }

  private test1(second: string, yes: Tok, yesText: string, no: Tok, noText: string): Token {
    if (this.next() === second) return this.ret(yes, yesText);
    this.unNext();
    return this.ret(no, noText);
  }

  /** collect_decimal */
  private collectDecimal(c: string): { value: number; flag: Tok | null } {
    const start = this.p - 1;
    let text = c;
    if (c === ".") {
      const d = this.next();
      if (!isDigit(d)) {
        this.unNext();
        this.lastDecimal = ".";
        return { value: 0, flag: "UNEXPECTED" };
      }
      text += d;
    } else {
      let d: string;
      while (isDigit((d = this.next()))) text += d;
      if (d === ".") text += d;
      else this.unNext();
    }
    let d: string;
    while (isDigit((d = this.next()))) text += d;
    if (d !== "e" && d !== "E") this.unNext();
    else {
      const e = this.next();
      if (!isDigit(e) && e !== "-" && e !== "+") {
        // undo the 'e' and the character after it
        this.unNext();
        this.unNext();
      } else {
        text += d + e;
        let f: string;
        while (isDigit((f = this.next()))) text += f;
        this.unNext();
      }
    }
    // strtod may stop early (e.g. "1e+"): push back what it did not use
    const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(text);
    const used = m ? m[0].length : 0;
    if (used < text.length) this.p = start + used;
    this.lastDecimal = text.slice(0, used);
    const value = Number(this.lastDecimal);
    // strtod's ERANGE: mawk says "underflow" only when the result is 0 (a subnormal is "overflow")
    if (value === Infinity || (value !== 0 && value < 2.2250738585072014e-308))
      this.messages.push(this.compileError(`${this.lastDecimal} : decimal overflow`));
    else if (value === 0 && /[1-9]/.test(this.lastDecimal.replace(/[eE].*$/, "")))
      this.messages.push(this.compileError(`${this.lastDecimal} : decimal underflow`));
    return { value, flag: null };
  }

  private collectString(): Token {
    let s = "";
    let escaped = false;
    for (;;) {
      const c = this.next();
      if (c === '"') break;
      if (c === "\n" || c === "\0") {
        throw new CompileError(this.compileError(`runaway string constant "${s.slice(0, 10)} ...`));
      }
      if (c === "\\") {
        const d = this.next();
        if (d === "\n") {
          this.lineno++;
          continue;
        }
        if (d === "\0") {
          this.unNext();
          continue;
        }
        s += "\\" + d;
        escaped = true;
        continue;
      }
      s += c;
    }
    const value = escaped ? rmEscape(s) : s;
    this.current = "STRING_";
    return { type: "STRING_", text: value, value, line: this.tokenLineno };
  }

  /** collect_RE: the text of /…/ (escaped slashes unescaped; brackets may contain '/') */
  private collectRE(): Token {
    let s = "";
    let boxed = 0;
    let first = -1;
    for (;;) {
      const c = this.next();
      if (c === "\n" || c === "\0") {
        throw new CompileError(this.compileError(`runaway regular expression /${s.slice(0, 10)} ...`));
      }
      if (c === "^") {
        // [^]…] : the ']' right after "[^" is still an ordinary character
        if (boxed && s.length === first) first = s.length + 1;
        s += c;
        continue;
      }
      if (c === "[") {
        s += c;
        if (!boxed) {
          first = s.length;
          boxed++;
        } else if (this.src[this.p] === ":") boxed++;
        continue;
      }
      if (c === "]") {
        if (boxed && s.length !== first) boxed--;
        s += c;
        continue;
      }
      if (c === "/" && !boxed) break;
      if (c === "\\") {
        const d = this.next();
        if (d === "/") s += "/";
        else if (d === "\n") {
          /* line continuation */
        } else if (d === "\0") this.unNext();
        else s += "\\" + d;
        continue;
      }
      s += c;
    }
    this.current = "RE";
    return { type: "RE", text: s, value: s, line: this.tokenLineno };
  }
}

function fmtG(d: number): string {
  return String(Number(d.toPrecision(6)));
}
