/**
 * A bash 5.2 parser for the command lines learners type: quoting ('…', "…", $'…', \), parameter
 * expansion in all its `${…}` forms, command substitution $(…) and `…`, arithmetic $((…)),
 * pipelines (| and |&), && || ; & and newlines, redirections ([n]> >> < >& <& &> &>> <<< >| and
 * here-documents), subshells ( … ), groups { …; }, if/elif/else, for (both forms), while/until,
 * case/esac, [[ … ]], (( … )), function definitions, array assignments, `!`, and aliases.
 * Errors carry bash's wording ("syntax error near unexpected token `|'"); input that is merely
 * unfinished (an open quote, a trailing |, an open here-document) is reported as incomplete so
 * a terminal can ask for more lines.
 */

export interface ParamExp {
  /** An identifier, positional digits, or one of the special parameters @ * # ? - $ ! 0. */
  name: string;
  /** The raw subscript of `name[…]` ("@", "*" or an arithmetic expression / assoc key). */
  sub?: string;
  /** `${#…}` (length) or `${!…}` (indirection, or keys with `[@]`, or names with `*`/`@`). */
  prefix?: "#" | "!";
  /** The operator: ":-" "-" ":=" "=" ":+" "+" ":?" "?" "#" "##" "%" "%%" "/" "//" "/#" "/%" "^" "^^" "," ",," ":" "@". */
  op?: string;
  /** The operand word (default value, pattern, …). */
  arg?: Word;
  /** The replacement of a `/` operator (undefined when there is no second `/`). */
  rep?: Word;
  /** The raw operands of `${x:off:len}` (arithmetic). */
  off?: string;
  len?: string;
  /** The text between `${` and `}` (for "bad substitution"). */
  text: string;
  bad?: boolean;
}

export type Part =
  | { t: "lit"; s: string; quoted: boolean }
  | { t: "param"; e: ParamExp; quoted: boolean }
  | { t: "cmdsub"; src: string; quoted: boolean }
  | { t: "arith"; src: string; quoted: boolean };

/** A word; `raw` is its source text (for printing functions as bash does). */
export type Word = Part[] & { raw?: string };

export interface Redir {
  fd: number;
  op: ">" | ">>" | "<" | ">&" | "<&" | "&>" | "&>>" | "<<" | "<<<" | ">|" | "<>";
  target: Word;
  /** Here-document body (after `<<`). */
  heredoc?: string;
  heredocQuoted?: boolean;
  strip?: boolean;
  /** The line the here-document starts on. */
  line?: number;
}

export interface Assign {
  name: string;
  /** Source text. */
  raw?: string;
  /** Raw subscript of `name[sub]=`. */
  sub?: string;
  append: boolean;
  value?: Word;
  /** `name=(…)`: the elements (each may be `[key]=value`). */
  array?: Word[];
}

export type CondExpr =
  | { t: "and" | "or"; a: CondExpr; b: CondExpr }
  | { t: "not"; e: CondExpr }
  | { t: "unary"; op: string; w: Word }
  | { t: "binary"; op: string; l: Word; r: Word }
  | { t: "word"; w: Word };

export interface CaseItem {
  patterns: Word[];
  body: Script;
  term: ";;" | ";&" | ";;&";
}

export type Command =
  | { t: "simple"; assigns: Assign[]; words: Word[]; redirs: Redir[]; line: number }
  | { t: "subshell"; body: Script; redirs: Redir[]; line: number }
  | { t: "group"; body: Script; redirs: Redir[]; line: number }
  | { t: "if"; clauses: { cond: Script; body: Script }[]; otherwise?: Script; redirs: Redir[]; line: number }
  | { t: "for"; name: string; items: Word[] | undefined; body: Script; redirs: Redir[]; line: number }
  | { t: "arithfor"; init: string; cond: string; step: string; body: Script; redirs: Redir[]; line: number }
  | { t: "while"; until: boolean; cond: Script; body: Script; redirs: Redir[]; line: number }
  | { t: "case"; word: Word; items: CaseItem[]; redirs: Redir[]; line: number }
  | { t: "cond"; expr: CondExpr | undefined; redirs: Redir[]; line: number; raw: string }
  | { t: "arith"; src: string; redirs: Redir[]; line: number }
  | { t: "funcdef"; name: string; body: Command; src: string; line: number; source?: string };

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
  /** For each `|` joining cmds[i] and cmds[i+1]: true when it was `|&`. */
  errPipe: boolean[];
  /** `time` before the pipeline. */
  time?: boolean;
}

export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; p: Pipeline }[];
  background: boolean;
  /** The source text of this list item (for job control messages). */
  src: string;
}

export interface Script {
  items: AndOr[];
}

export class ParseError {
  constructor(
    /** The token bash names in "syntax error near unexpected token `X'", or a full message. */
    readonly token: string,
    readonly incomplete: boolean,
    readonly message?: string,
    /** The line the error is reported at (1-based, within the parsed text). */
    readonly line?: number,
  ) {}
}

const RESERVED = new Set([
  "if",
  "then",
  "elif",
  "else",
  "fi",
  "do",
  "done",
  "for",
  "while",
  "until",
  "in",
  "{",
  "}",
  "!",
  "case",
  "esac",
  "function",
  "select",
  "time",
  "[[",
  "]]",
]);
const META = " \t\n;&|()<>";
const DECL = new Set(["declare", "typeset", "local", "export", "readonly"]);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ParseOptions {
  /** Aliases to expand at the start of simple commands (interactive shells). */
  aliases?: Map<string, string>;
  /**
   * A here-document still open at the end of the text: bash warns and takes what it has
   * (`warnings`), instead of reporting the text as unfinished.
   */
  warnings?: string[];
}

export function parse(src: string, opts: ParseOptions = {}): Script {
  const p = new Parser(src, opts);
  try {
    const s = p.script(new Set());
    p.skipBlanks();
    if (!p.eof()) throw p.unexpected();
    p.finishHeredocs();
    return s;
  } catch (e) {
    // thousands of nested ( { $( if …: the recursive-descent parser runs out of JavaScript stack
    // where bash's parser would go on; a syntax error rather than a crash
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new ParseError("", false, TOO_DEEP, p.line);
    throw e;
  }
}

/** The error of a line nested too deeply for the parser's stack. */
export const TOO_DEEP = "syntax error: nested too deeply (the simulator's limit)";
/** How deeply lists may nest in one line (subshells, groups, $( … ), if/while bodies). */
export const MAX_PARSE_DEPTH = 500;
let scriptDepth = 0;

export class Parser {
  i = 0;
  line = 1;
  private pendingHeredocs: Redir[] = [];
  private aliasDepth = 0;
  private expandedAliases = new Set<string>();

  constructor(
    public src: string,
    readonly opts: ParseOptions = {},
  ) {}

  eof(): boolean {
    return this.i >= this.src.length;
  }

  unexpected(tok = this.peekToken()): ParseError {
    return new ParseError(tok, tok === "newline" && this.eof(), undefined, this.line);
  }

  skipBlanks(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === " " || c === "\t") this.i++;
      else if (c === "\\" && this.src[this.i + 1] === "\n") {
        this.i += 2;
        this.line++;
      } else if (c === "#" && (this.i === 0 || " \t\n;&|()".includes(this.src[this.i - 1]))) {
        while (this.i < this.src.length && this.src[this.i] !== "\n") this.i++;
      } else break;
    }
  }

  private newline(): boolean {
    this.skipBlanks();
    if (this.src[this.i] === "\n") {
      this.i++;
      this.line++;
      this.readHeredocs();
      return true;
    }
    return false;
  }

  private skipNewlines(): void {
    while (this.newline()) {
      /* empty */
    }
  }

  private readHeredocs(): void {
    const docs = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const r of docs) {
      const delim = wordText(r.target, true);
      let body = "";
      for (;;) {
        if (this.eof()) {
          // bash warns and takes what it has (the caller decides whether to ask for more)
          r.heredoc = body;
          const msg = `here-document at line ${r.line ?? 1} delimited by end-of-file (wanted \`${delim}')`;
          if (this.opts.warnings) {
            this.opts.warnings.push(msg);
            break;
          }
          throw new ParseError("", true, msg, this.line);
        }
        let end = this.src.indexOf("\n", this.i);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.i, end);
        this.i = Math.min(this.src.length, end + 1);
        this.line++;
        if (r.strip) line = line.replace(/^\t+/, "");
        if (line === delim) break;
        body += line + "\n";
      }
      r.heredoc = body;
    }
  }

  /** Here-documents whose body never started (the text ended on their line). */
  finishHeredocs(): void {
    if (!this.pendingHeredocs.length) return;
    for (const r of this.pendingHeredocs) {
      const msg = `here-document at line ${r.line ?? 1} delimited by end-of-file (wanted \`${wordText(r.target, true)}')`;
      if (!this.opts.warnings) throw new ParseError("", true, msg, this.line);
      this.opts.warnings.push(msg);
      r.heredoc = "";
    }
    this.pendingHeredocs = [];
  }

  /** The next token as bash would name it in an error. */
  peekToken(): string {
    this.skipBlanks();
    if (this.eof()) return "newline";
    const three = this.src.slice(this.i, this.i + 3);
    if ([";;&", "&>>", "<<<", "<<-"].includes(three)) return three;
    const two = this.src.slice(this.i, this.i + 2);
    if (["&&", "||", ";;", ";&", ">>", "<<", "&>", ">&", "<&", "|&", ">|", "<>"].includes(two)) return two;
    const c = this.src[this.i];
    if (c === "\n") return "newline";
    if (META.includes(c)) return c;
    let j = this.i;
    while (j < this.src.length && !META.includes(this.src[j])) j++;
    return this.src.slice(this.i, j);
  }

  /** A list of and-or items until one of the `stop` reserved words (or `)` for subshells). */
  script(stop: Set<string>): Script {
    // nesting is counted across sub-parsers ($( … )): deterministic, whatever the stack size
    if (scriptDepth >= MAX_PARSE_DEPTH) throw new ParseError("", false, TOO_DEEP, this.line);
    scriptDepth++;
    try {
      return this.scriptBody(stop);
    } finally {
      scriptDepth--;
    }
  }

  private scriptBody(stop: Set<string>): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      this.skipBlanks();
      if (this.eof()) break;
      const tok = this.peekWord();
      if (tok !== undefined && stop.has(tok)) break;
      const c = this.src[this.i];
      if (c === ")" && stop.has(")")) break;
      if (stop.has(";;") && (this.src.startsWith(";;", this.i) || this.src.startsWith(";&", this.i))) break;
      if (c === ";" || c === "&" || c === "|" || c === ")") throw this.unexpected();
      const start = this.i;
      const item = this.andOr();
      this.skipBlanks();
      const d = this.src[this.i];
      const srcEnd = this.i;
      if (d === "&" && this.src[this.i + 1] !== "&" && this.src[this.i + 1] !== ">") {
        this.i++;
        item.background = true;
      } else if (d === ";" && this.src[this.i + 1] !== ";" && this.src[this.i + 1] !== "&") {
        this.i++;
      } else if (d === ";" && stop.has(";;")) {
        /* end of a case item */
      } else if (d === "\n" || this.eof()) {
        /* the newline is consumed by skipNewlines */
      } else if (d === ")" && stop.has(")")) {
        /* end of subshell */
      } else {
        const w = this.peekWord();
        if (!(w !== undefined && stop.has(w))) throw this.unexpected();
      }
      item.src = this.src.slice(start, srcEnd).trim();
      items.push(item);
    }
    return { items };
  }

  /** The reserved word at the cursor, if the next token is a plain word. */
  peekWord(): string | undefined {
    this.skipBlanks();
    let j = this.i;
    while (j < this.src.length && !META.includes(this.src[j]) && !"'\"\\$`".includes(this.src[j])) j++;
    if (j === this.i) return undefined;
    if (j < this.src.length && !META.includes(this.src[j])) return undefined;
    return this.src.slice(this.i, j);
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr["rest"] = [];
    for (;;) {
      this.skipBlanks();
      const two = this.src.slice(this.i, this.i + 2);
      if (two !== "&&" && two !== "||") break;
      this.i += 2;
      this.skipNewlines();
      if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
      rest.push({ op: two, p: this.pipeline() });
    }
    return { first, rest, background: false, src: "" };
  }

  private pipeline(): Pipeline {
    this.skipBlanks();
    let bang = false;
    let time = false;
    for (;;) {
      const w = this.peekWord();
      if (w === "!") {
        this.i++;
        bang = !bang;
      } else if (w === "time") {
        this.i += 4;
        time = true;
      } else break;
      this.skipBlanks();
    }
    const cmds = [this.command()];
    const errPipe: boolean[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.src[this.i] === "|" && this.src[this.i + 1] !== "|") {
        const amp = this.src[this.i + 1] === "&";
        this.i += amp ? 2 : 1;
        errPipe.push(amp);
        this.skipNewlines();
        if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
        cmds.push(this.command());
      } else break;
    }
    return { bang, cmds, errPipe, time };
  }

  private expectWord(w: string): void {
    this.skipNewlines();
    this.skipBlanks();
    if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
    if (this.peekWord() !== w) throw this.unexpected();
    this.i += w.length;
  }

  /** Expands an alias at the cursor (interactive shells), as bash does before parsing the command. */
  private expandAlias(): void {
    const aliases = this.opts.aliases;
    if (!aliases || !aliases.size || this.aliasDepth > 20) return;
    const w = this.peekWord();
    if (w === undefined || RESERVED.has(w) || this.expandedAliases.has(w)) return;
    const v = aliases.get(w);
    if (v === undefined) return;
    this.expandedAliases.add(w);
    this.aliasDepth++;
    this.src = this.src.slice(0, this.i) + v + this.src.slice(this.i + w.length);
    if (/[ \t]$/.test(v)) {
      // a value ending in a blank: the next word is checked for an alias too
      const save = this.i;
      this.i += v.length;
      this.expandAlias();
      this.i = save;
    }
  }

  command(): Command {
    this.skipBlanks();
    if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
    this.expandAlias();
    this.skipBlanks();
    const line = this.line;
    const c = this.src[this.i];
    if (c === "(") {
      if (this.src[this.i + 1] === "(") {
        const arith = this.tryArithCommand();
        if (arith !== undefined) return { t: "arith", src: arith, redirs: this.trailingRedirs(), line };
      }
      this.i++;
      const body = this.script(new Set([")"]));
      this.skipBlanks();
      if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
      if (this.src[this.i] !== ")") throw this.unexpected();
      this.i++;
      return { t: "subshell", body, redirs: this.trailingRedirs(), line };
    }
    const w = this.peekWord();
    switch (w) {
      case "{": {
        this.i++;
        const body = this.script(new Set(["}"]));
        this.expectWord("}");
        return { t: "group", body, redirs: this.trailingRedirs(), line };
      }
      case "[[": {
        this.i += 2;
        const at = this.i;
        const expr = this.condExpr();
        const raw = this.src.slice(at, this.i - 2).trim();
        return { t: "cond", expr, redirs: this.trailingRedirs(), line, raw };
      }
      case "if": {
        this.i += 2;
        const clauses: { cond: Script; body: Script }[] = [];
        let otherwise: Script | undefined;
        const cond = this.compoundList(new Set(["then"]));
        this.expectWord("then");
        const body = this.compoundList(new Set(["elif", "else", "fi"]));
        clauses.push({ cond, body });
        for (;;) {
          this.skipNewlines();
          const k = this.peekWord();
          if (k === "elif") {
            this.i += 4;
            const c2 = this.compoundList(new Set(["then"]));
            this.expectWord("then");
            clauses.push({ cond: c2, body: this.compoundList(new Set(["elif", "else", "fi"])) });
          } else if (k === "else") {
            this.i += 4;
            otherwise = this.compoundList(new Set(["fi"]));
          } else break;
        }
        this.expectWord("fi");
        return { t: "if", clauses, otherwise, redirs: this.trailingRedirs(), line };
      }
      case "for":
        return this.forCommand(line);
      case "while":
      case "until": {
        this.i += w.length;
        const cond = this.compoundList(new Set(["do"]));
        this.expectWord("do");
        const body = this.compoundList(new Set(["done"]));
        this.expectWord("done");
        return { t: "while", until: w === "until", cond, body, redirs: this.trailingRedirs(), line };
      }
      case "case":
        return this.caseCommand(line);
      case "function": {
        this.i += 8;
        this.skipBlanks();
        const start = this.i;
        const name = this.peekToken();
        if (this.eof() || META.includes(this.src[this.i])) throw this.unexpected();
        this.i += name.length;
        this.skipBlanks();
        if (this.src[this.i] === "(") {
          this.i++;
          this.skipBlanks();
          if (this.src[this.i] !== ")") throw this.unexpected();
          this.i++;
        }
        return this.funcBody(name, line, start);
      }
      case "then":
      case "elif":
      case "else":
      case "fi":
      case "do":
      case "done":
      case "}":
      case "esac":
      case "in":
      case "]]":
        throw new ParseError(w, false, undefined, this.line);
    }
    // name ( ) compound-command
    if (w !== undefined && !w.includes("=")) {
      let j = this.i + w.length;
      while (this.src[j] === " " || this.src[j] === "\t") j++;
      if (this.src[j] === "(") {
        let k = j + 1;
        while (this.src[k] === " " || this.src[k] === "\t") k++;
        if (this.src[k] === ")") {
          const start = this.i;
          this.i = k + 1;
          return this.funcBody(w, line, start);
        }
      }
    }
    return this.simple();
  }

  /** A compound list: like script(), but an empty one is a syntax error at the next token. */
  private compoundList(stop: Set<string>): Script {
    const s = this.script(stop);
    if (!s.items.length) {
      this.skipNewlines();
      if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
      throw this.unexpected();
    }
    return s;
  }

  private funcBody(name: string, line: number, start: number): Command {
    this.skipNewlines();
    this.skipBlanks();
    if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
    const w = this.peekWord();
    const c = this.src[this.i];
    if (!(
      c === "(" ||
      w === "{" ||
      w === "if" ||
      w === "for" ||
      w === "while" ||
      w === "until" ||
      w === "case" ||
      w === "[["
    ))
      throw this.unexpected();
    const body = this.command();
    return { t: "funcdef", name, body, src: this.src.slice(start, this.i), line };
  }

  /** `((expr))` as a command, or undefined when it is a nested subshell `( (…) )`. */
  private tryArithCommand(): string | undefined {
    const end = findArithEnd(this.src, this.i + 2);
    if (end < 0) {
      if (this.src.indexOf(")", this.i) < 0) throw new ParseError("(", true, undefined, this.line);
      return undefined;
    }
    const expr = this.src.slice(this.i + 2, end);
    this.line += countNl(expr);
    this.i = end + 2;
    return expr;
  }

  private forCommand(line: number): Command {
    this.i += 3;
    this.skipBlanks();
    if (this.src.startsWith("((", this.i)) {
      const end = findArithEnd(this.src, this.i + 2);
      if (end < 0) throw new ParseError("(", true, undefined, this.line);
      const inner = this.src.slice(this.i + 2, end);
      this.i = end + 2;
      const parts = splitTopLevel(inner, ";");
      if (parts.length !== 3) throw new ParseError("", false, "syntax error: `;' unexpected", this.line);
      this.skipBlanks();
      if (this.src[this.i] === ";") this.i++;
      this.skipNewlines();
      this.skipBlanks();
      let body: Script;
      if (this.peekWord() === "{") {
        this.i++;
        body = this.script(new Set(["}"]));
        this.expectWord("}");
      } else {
        this.expectWord("do");
        body = this.compoundList(new Set(["done"]));
        this.expectWord("done");
      }
      return {
        t: "arithfor",
        init: parts[0],
        cond: parts[1],
        step: parts[2],
        body,
        redirs: this.trailingRedirs(),
        line,
      };
    }
    const name = this.peekWord();
    if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
    if (!name || !NAME_RE.test(name)) {
      const tok = this.peekToken();
      if (META.includes(tok[0] ?? "") || tok === "newline") throw this.unexpected();
      throw new ParseError(tok, false, `\`${tok}': not a valid identifier`, this.line);
    }
    this.i += name.length;
    let items: Word[] | undefined;
    this.skipBlanks();
    if (this.src[this.i] === ";") this.i++;
    this.skipNewlines();
    if (this.peekWord() === "in") {
      this.i += 2;
      items = [];
      for (;;) {
        this.skipBlanks();
        const ch = this.src[this.i];
        if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
        if (ch === ";" || ch === "\n") {
          this.i++;
          if (ch === "\n") {
            this.line++;
            this.readHeredocs();
          }
          break;
        }
        if (META.includes(ch)) throw this.unexpected();
        items.push(this.word()!);
      }
    }
    this.skipNewlines();
    this.skipBlanks();
    let body: Script;
    if (this.peekWord() === "{") {
      this.i++;
      body = this.script(new Set(["}"]));
      this.expectWord("}");
    } else {
      this.expectWord("do");
      body = this.compoundList(new Set(["done"]));
      this.expectWord("done");
    }
    return { t: "for", name, items, body, redirs: this.trailingRedirs(), line };
  }

  private caseCommand(line: number): Command {
    this.i += 4;
    this.skipBlanks();
    if (this.eof() || META.includes(this.src[this.i])) throw this.unexpected();
    const num = /^[0-9]+(?=[<>])/.exec(this.src.slice(this.i, this.i + 20));
    if (num) throw new ParseError(num[0], false, undefined, this.line);
    const word = this.word()!;
    this.skipNewlines();
    this.expectWord("in");
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      this.skipBlanks();
      if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
      if (this.peekWord() === "esac") {
        this.i += 4;
        break;
      }
      if (this.src[this.i] === "(") this.i++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipBlanks();
        if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
        const ch = this.src[this.i];
        if (META.includes(ch)) throw this.unexpected();
        patterns.push(this.word()!);
        this.skipBlanks();
        if (this.src[this.i] === "|") {
          this.i++;
          continue;
        }
        if (this.src[this.i] === ")") {
          this.i++;
          break;
        }
        if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
        throw this.unexpected();
      }
      const body = this.script(new Set([";;", "esac"]));
      this.skipNewlines();
      this.skipBlanks();
      let term: CaseItem["term"] = ";;";
      if (this.src.startsWith(";;&", this.i)) {
        term = ";;&";
        this.i += 3;
      } else if (this.src.startsWith(";;", this.i)) this.i += 2;
      else if (this.src.startsWith(";&", this.i)) {
        term = ";&";
        this.i += 2;
      } else if (this.peekWord() === "esac") {
        items.push({ patterns, body, term });
        this.i += 4;
        break;
      } else if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
      else throw this.unexpected();
      items.push({ patterns, body, term });
    }
    return { t: "case", word, items, redirs: this.trailingRedirs(), line };
  }

  // ---- [[ … ]] ----

  private condExpr(): CondExpr | undefined {
    const toks = this.condTokens();
    let k = 0;
    const peek = () => toks[k];
    const isOp = (t: CondTok | undefined, s: string) => t !== undefined && t.op === s;
    const fail = (t: CondTok | undefined): never => {
      if (!t) throw new ParseError("", false, "unexpected token `]]' in conditional command", this.line);
      throw new ParseError(t.op ?? wordText(t.w!), false, undefined, this.line);
    };
    const orExpr = (): CondExpr => {
      let a = andExpr();
      while (isOp(peek(), "||")) {
        k++;
        a = { t: "or", a, b: andExpr() };
      }
      return a;
    };
    const andExpr = (): CondExpr => {
      let a = notExpr();
      while (isOp(peek(), "&&")) {
        k++;
        a = { t: "and", a, b: notExpr() };
      }
      return a;
    };
    const notExpr = (): CondExpr => {
      if (isOp(peek(), "!")) {
        k++;
        return { t: "not", e: notExpr() };
      }
      return primary();
    };
    const primary = (): CondExpr => {
      const t = peek();
      if (!t) fail(t);
      if (isOp(t, "(")) {
        k++;
        const e = orExpr();
        if (!isOp(peek(), ")")) fail(peek());
        k++;
        return e;
      }
      if (t.op && t.op !== "<" && t.op !== ">") fail(t);
      const text = t.w ? plainText(t.w) : undefined;
      const next = toks[k + 1];
      // unary operator
      if (text !== undefined && /^-[a-zA-Z]$/.test(text) && next && !next.op && !isBinary(toks[k + 2])) {
        k += 2;
        return { t: "unary", op: text, w: next.w! };
      }
      if (next && isBinary(next)) {
        const op = next.op ?? plainText(next.w!)!;
        const r = toks[k + 2];
        if (!r || (r.op && !r.regex)) {
          throw new ParseError("", false, "unexpected argument to conditional binary operator", this.line);
        }
        k += 3;
        return { t: "binary", op, l: t.w ?? [{ t: "lit", s: t.op!, quoted: false }], r: r.w! };
      }
      if (!t.w) fail(t);
      k++;
      return { t: "word", w: t.w! };
    };
    if (!toks.length) return undefined;
    const e = orExpr();
    if (k < toks.length) {
      const t = toks[k];
      if (t.op)
        throw new ParseError(
          t.op,
          false,
          `syntax error in conditional expression: unexpected token \`${t.op}'`,
          this.line,
        );
      throw new ParseError("", false, "conditional binary operator expected", this.line);
    }
    return e;
  }

  private condTokens(): CondTok[] {
    const toks: CondTok[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.src[this.i] === "\n") {
        this.i++;
        this.line++;
        continue;
      }
      if (this.eof())
        throw new ParseError("newline", true, "unexpected EOF while looking for `]]'", this.line);
      const two = this.src.slice(this.i, this.i + 2);
      if (two === "&&" || two === "||") {
        toks.push({ op: two });
        this.i += 2;
        continue;
      }
      const c = this.src[this.i];
      if (c === "(" || c === ")" || c === "<" || c === ">") {
        toks.push({ op: c });
        this.i++;
        continue;
      }
      if (c === ";" || c === "&" || c === "|") throw this.unexpected();
      const prev = toks[toks.length - 1];
      const isRegex = prev && !prev.op && prev.w && plainText(prev.w) === "=~";
      const pw = this.peekWord();
      if (pw === "]]") {
        this.i += 2;
        return toks;
      }
      if (pw === "!" && !isRegex) {
        toks.push({ op: "!" });
        this.i++;
        continue;
      }
      const w = isRegex ? this.regexWord() : this.word();
      if (!w) throw this.unexpected();
      toks.push({ w, regex: isRegex || undefined });
    }
  }

  /** The right side of `=~`: parentheses and `|` belong to the regular expression. */
  private regexWord(): Word {
    const parts: Part[] = [];
    let depth = 0;
    const lit = (s: string, quoted: boolean) => pushLit(parts, s, quoted);
    while (!this.eof()) {
      const c = this.src[this.i];
      if (depth === 0 && (c === " " || c === "\t" || c === "\n")) break;
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0) break;
        depth--;
      }
      if (c === "\\" && this.i + 1 < this.src.length) {
        lit(this.src[this.i + 1], true);
        this.i += 2;
        continue;
      }
      if (c === "'" || c === '"' || c === "$" || c === "`") {
        const w = this.wordPiece();
        parts.push(...w);
        continue;
      }
      lit(c, false);
      this.i++;
    }
    return parts;
  }

  /** One quoted string or expansion at the cursor (for regexWord). */
  private wordPiece(): Part[] {
    const parts: Part[] = [];
    const lit = (s: string, quoted: boolean) => pushLit(parts, s, quoted);
    const c = this.src[this.i];
    if (c === "'") {
      const end = this.src.indexOf("'", this.i + 1);
      if (end < 0)
        throw new ParseError("'", true, "unexpected EOF while looking for matching `''", this.line);
      lit(this.src.slice(this.i + 1, end), true);
      this.i = end + 1;
    } else if (c === '"') {
      this.i++;
      this.doubleQuoted(parts, lit);
    } else if (!this.expansion(parts, false)) {
      lit(c, false);
      this.i++;
    }
    return parts;
  }

  // ---- simple commands ----

  private trailingRedirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      const r = this.redir();
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  private simple(): Command {
    const line = this.line;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.eof()) break;
      const c = this.src[this.i];
      if (c === "\n" || c === ";" || c === "|" || c === ")" || (c === "&" && this.src[this.i + 1] !== ">"))
        break;
      if (c === "(") throw this.unexpected();
      const r = this.redir();
      if (r) {
        redirs.push(r);
        continue;
      }
      if (!words.length) {
        const a = this.assignment();
        if (a) {
          assigns.push(a);
          continue;
        }
      } else if (DECL.has(plainText(words[0]) ?? "")) {
        // `declare a=(1 2)`: an array assignment as an argument; the elements are passed
        // separated by \u0001 for the builtin to split
        const save = this.i;
        const a = this.assignment();
        if (a && a.array) {
          const w: Word = [{ t: "lit", s: `${a.name}${a.append ? "+" : ""}=(`, quoted: true }];
          for (const el of a.array) {
            w.push({ t: "lit", s: "\u0001", quoted: true });
            w.push(...el);
          }
          w.push({ t: "lit", s: "\u0001)", quoted: true });
          w.raw = a.raw;
          words.push(w);
          continue;
        }
        this.i = save;
      }
      const wd = this.word();
      if (!wd) throw this.unexpected();
      words.push(wd);
    }
    if (!words.length && !assigns.length && !redirs.length) throw this.unexpected();
    return { t: "simple", assigns, words, redirs, line };
  }

  /** `name=value`, `name+=value`, `name[sub]=value`, `name=(…)` at the cursor. */
  private assignment(): Assign | undefined {
    const start = this.i;
    const a = this.assignmentInner();
    if (a) a.raw = this.src.slice(start, this.i);
    return a;
  }

  private assignmentInner(): Assign | undefined {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[)?/.exec(this.src.slice(this.i, this.i + 256));
    if (!m) return undefined;
    let j = this.i + m[1].length;
    let sub: string | undefined;
    if (m[2]) {
      const end = matchBracket(this.src, j);
      if (end < 0) return undefined;
      sub = this.src.slice(j + 1, end);
      j = end + 1;
    }
    let append = false;
    if (this.src[j] === "+" && this.src[j + 1] === "=") {
      append = true;
      j++;
    }
    if (this.src[j] !== "=") return undefined;
    this.i = j + 1;
    if (this.src[this.i] === "(" && sub === undefined) {
      this.i++;
      const array: Word[] = [];
      for (;;) {
        this.skipBlanks();
        while (this.src[this.i] === "\n") {
          this.i++;
          this.line++;
          this.skipBlanks();
        }
        if (this.eof()) throw new ParseError("newline", true, undefined, this.line);
        if (this.src[this.i] === ")") {
          this.i++;
          break;
        }
        if (META.includes(this.src[this.i])) throw this.unexpected();
        array.push(this.word()!);
      }
      return { name: m[1], sub, append, array };
    }
    const value = this.word() ?? [];
    return { name: m[1], sub, append, value };
  }

  private redir(): Redir | undefined {
    const save = this.i;
    let fd = -1;
    let j = this.i;
    while (j < this.src.length && this.src[j] >= "0" && this.src[j] <= "9") j++;
    if (j > this.i && (this.src[j] === ">" || this.src[j] === "<")) {
      fd = parseInt(this.src.slice(this.i, j), 10);
      this.i = j;
    }
    const s3 = this.src.slice(this.i, this.i + 3);
    const s2 = this.src.slice(this.i, this.i + 2);
    const c = this.src[this.i];
    let op: Redir["op"] | undefined;
    let len = 0;
    let strip = false;
    if (s3 === "&>>" && fd < 0) [op, len] = ["&>>", 3];
    else if (s3 === "<<<") [op, len] = ["<<<", 3];
    else if (s3 === "<<-") [op, len, strip] = ["<<", 3, true];
    else if (s2 === "&>" && fd < 0) [op, len] = ["&>", 2];
    else if (s2 === ">>") [op, len] = [">>", 2];
    else if (s2 === ">&") [op, len] = [">&", 2];
    else if (s2 === "<&") [op, len] = ["<&", 2];
    else if (s2 === ">|") [op, len] = [">|", 2];
    else if (s2 === "<>") [op, len] = ["<>", 2];
    else if (s2 === "<<") [op, len] = ["<<", 2];
    else if (c === ">") [op, len] = [">", 1];
    else if (c === "<") [op, len] = ["<", 1];
    if (!op) {
      this.i = save;
      return undefined;
    }
    this.i += len;
    this.skipBlanks();
    if (this.eof() || "\n;&|()<>".includes(this.src[this.i])) {
      throw new ParseError(this.peekToken(), false, undefined, this.line);
    }
    const target = this.word();
    if (!target) throw this.unexpected();
    if (fd < 0) fd = op === "<" || op === "<&" || op === "<<" || op === "<<<" || op === "<>" ? 0 : 1;
    const r: Redir = { fd, op: op === ">|" ? ">" : op, target };
    if (op === "<<") {
      r.heredocQuoted = target.some((p) => p.t === "lit" && p.quoted);
      r.strip = strip;
      r.line = this.line;
      this.pendingHeredocs.push(r);
    }
    return r;
  }

  // ---- words ----

  /** One word: a run of unquoted chars, quoted strings and expansions, up to a metacharacter. */
  word(): Word | undefined {
    const parts: Part[] = [];
    const lit = (s: string, quoted: boolean) => pushLit(parts, s, quoted);
    const start = this.i;
    while (!this.eof()) {
      const c = this.src[this.i];
      if (META.includes(c)) break;
      if (c === "\\") {
        if (this.i + 1 >= this.src.length) {
          lit("\\", false);
          this.i++;
          break;
        }
        if (this.src[this.i + 1] === "\n") {
          this.i += 2;
          this.line++;
          continue;
        }
        lit(this.src[this.i + 1], true);
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = this.src.indexOf("'", this.i + 1);
        if (end < 0)
          throw new ParseError("'", true, "unexpected EOF while looking for matching `''", this.line);
        lit(this.src.slice(this.i + 1, end), true);
        this.line += countNl(this.src.slice(this.i, end));
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        this.i++;
        this.doubleQuoted(parts, lit);
        continue;
      }
      if (c === "$" || c === "`") {
        if (this.expansion(parts, false)) continue;
        lit("$", false);
        this.i++;
        continue;
      }
      lit(c, false);
      this.i++;
    }
    if (this.i === start) return undefined;
    if (!parts.length) parts.push({ t: "lit", s: "", quoted: true });
    (parts as Word).raw = this.src.slice(start, this.i);
    return parts;
  }

  doubleQuotedInto(parts: Part[]): void {
    this.doubleQuoted(parts, (t, q) => pushLit(parts, t, q));
  }

  private doubleQuoted(parts: Part[], lit: (s: string, q: boolean) => void): void {
    let any = false;
    for (;;) {
      if (this.eof())
        throw new ParseError('"', true, "unexpected EOF while looking for matching `\"'", this.line);
      const c = this.src[this.i];
      if (c === '"') {
        this.i++;
        if (!any) lit("", true);
        return;
      }
      any = true;
      if (c === "\\" && '$`"\\\n'.includes(this.src[this.i + 1] ?? "")) {
        if (this.src[this.i + 1] !== "\n") lit(this.src[this.i + 1], true);
        else this.line++;
        this.i += 2;
        continue;
      }
      if ((c === "$" || c === "`") && this.expansion(parts, true)) continue;
      if (c === "\n") this.line++;
      lit(c, true);
      this.i++;
    }
  }

  /** An expansion at the cursor ($…, ${…}, $(…), $((…)), `…`, $'…', $"…"); false if `$` is literal. */
  expansion(parts: Part[], quoted: boolean): boolean {
    const s = this.src;
    const c = s[this.i];
    if (c === "`") {
      let j = this.i + 1;
      let body = "";
      for (; j < s.length && s[j] !== "`"; j++) {
        if (s[j] === "\\" && "$`\\".includes(s[j + 1] ?? "")) {
          body += s[j + 1];
          j++;
        } else body += s[j];
      }
      if (j >= s.length)
        throw new ParseError("`", true, "unexpected EOF while looking for matching ``'", this.line);
      parts.push({ t: "cmdsub", src: body, quoted });
      this.line += countNl(s.slice(this.i, j));
      this.i = j + 1;
      return true;
    }
    const n = s[this.i + 1];
    if (n === "'" && !quoted) {
      const { text, end } = ansiC(s, this.i + 2);
      if (end < 0)
        throw new ParseError("'", true, "unexpected EOF while looking for matching `''", this.line);
      pushLit(parts, text, true);
      this.i = end + 1;
      return true;
    }
    if (n === '"' && !quoted) {
      this.i += 2;
      this.doubleQuoted(parts, (t, q) => pushLit(parts, t, q));
      return true;
    }
    if (n === "(") {
      if (s[this.i + 2] === "(") {
        const end = findArithEnd(s, this.i + 3);
        if (end >= 0) {
          parts.push({ t: "arith", src: s.slice(this.i + 3, end), quoted });
          this.line += countNl(s.slice(this.i, end));
          this.i = end + 2;
          return true;
        }
      }
      // $( … ): parse the inside as a script to find its end
      const sub = new Parser(s, this.opts);
      sub.i = this.i + 2;
      sub.line = this.line;
      try {
        sub.script(new Set([")"]));
      } catch (e) {
        if (e instanceof ParseError && e.incomplete)
          throw new ParseError("(", true, "unexpected EOF while looking for matching `)'", sub.line);
        throw e;
      }
      sub.skipBlanks();
      if (sub.eof())
        throw new ParseError("(", true, "unexpected EOF while looking for matching `)'", sub.line);
      if (s[sub.i] !== ")") throw sub.unexpected();
      parts.push({ t: "cmdsub", src: s.slice(this.i + 2, sub.i), quoted });
      this.line = sub.line;
      this.i = sub.i + 1;
      return true;
    }
    if (n === "{") {
      this.i += 2;
      parts.push({ t: "param", e: this.braceParam(quoted), quoted });
      return true;
    }
    if (n === "[") {
      // $[…]: the old form of $((…))
      const end = matchBracket(s, this.i + 1);
      if (end > 0) {
        parts.push({ t: "arith", src: s.slice(this.i + 2, end), quoted });
        this.i = end + 1;
        return true;
      }
    }
    if (n !== undefined && /[?$#!0-9@*-]/.test(n)) {
      parts.push({ t: "param", e: { name: n, text: n }, quoted });
      this.i += 2;
      return true;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i + 1, this.i + 257));
    if (m) {
      parts.push({ t: "param", e: { name: m[0], text: m[0] }, quoted });
      this.i += 1 + m[0].length;
      return true;
    }
    return false;
  }

  /** The inside of `${…}` (the cursor is after `${`). */
  private braceParam(quoted: boolean): ParamExp {
    const s = this.src;
    const start = this.i;
    const textTo = (): string => {
      // the whole text up to the matching brace, for "bad substitution"
      const end = findBraceEnd(s, start);
      if (end < 0)
        throw new ParseError("{", true, "unexpected EOF while looking for matching `}'", this.line);
      this.i = end + 1;
      return s.slice(start, end);
    };
    let prefix: ParamExp["prefix"];
    if (
      (s[this.i] === "#" || s[this.i] === "!") &&
      s[this.i + 1] !== "}" &&
      /[A-Za-z_0-9@*?$!#-]/.test(s[this.i + 1] ?? "")
    ) {
      prefix = s[this.i] as "#" | "!";
      this.i++;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!@*0-])/.exec(s.slice(this.i, this.i + 256));
    if (!m) return { name: "", text: textTo(), bad: true };
    const name = m[1];
    this.i += name.length;
    const e: ParamExp = { name, prefix, text: "" };
    if (s[this.i] === "[" && /^[A-Za-z_]/.test(name)) {
      const end = matchBracket(s, this.i);
      if (end < 0) return { ...e, text: textTo(), bad: true };
      e.sub = s.slice(this.i + 1, end);
      this.i = end + 1;
    }
    if (s[this.i] === "}") {
      this.i++;
      e.text = s.slice(start, this.i - 1);
      return e;
    }
    if (prefix === "!" && (s[this.i] === "*" || s[this.i] === "@") && s[this.i + 1] === "}") {
      e.op = s[this.i];
      this.i += 2;
      e.text = s.slice(start, this.i - 1);
      return e;
    }
    if (prefix === "#") return { ...e, text: textTo(), bad: true };
    const ops = [
      ":-",
      ":=",
      ":+",
      ":?",
      "##",
      "%%",
      "//",
      "/#",
      "/%",
      "^^",
      ",,",
      "-",
      "=",
      "+",
      "?",
      "#",
      "%",
      "/",
      "^",
      ",",
      ":",
      "@",
    ];
    const op = ops.find((o) => s.startsWith(o, this.i));
    if (!op) return { ...e, text: textTo(), bad: true };
    this.i += op.length;
    e.op = op;
    if (op === ":") {
      const end = findBraceEnd(s, this.i);
      if (end < 0)
        throw new ParseError("{", true, "unexpected EOF while looking for matching `}'", this.line);
      const pieces = splitTopLevel(s.slice(this.i, end), ":");
      e.off = pieces[0];
      e.len = pieces.length > 1 ? pieces.slice(1).join(":") : undefined;
      this.i = end + 1;
      e.text = s.slice(start, end);
      return e;
    }
    if (op === "@") {
      const end = findBraceEnd(s, this.i);
      if (end < 0)
        throw new ParseError("{", true, "unexpected EOF while looking for matching `}'", this.line);
      const flag = s.slice(this.i, end);
      this.i = end + 1;
      e.arg = [{ t: "lit", s: flag, quoted: true }];
      e.text = s.slice(start, end);
      if (!/^[QEPAaUuLK]$/.test(flag)) e.bad = true;
      return e;
    }
    const pattern = op[0] === "#" || op[0] === "%" || op[0] === "/" || op[0] === "^" || op[0] === ",";
    e.arg = this.paramWord(quoted, op[0] === "/", pattern);
    if (op[0] === "/" && s[this.i] === "/") {
      this.i++;
      e.rep = this.paramWord(quoted, false, false);
    }
    if (s[this.i] !== "}")
      throw new ParseError("{", true, "unexpected EOF while looking for matching `}'", this.line);
    this.i++;
    e.text = s.slice(start, this.i - 1);
    return e;
  }

  /** The operand of a `${…}` operator, up to the closing brace (or `/` for a pattern to replace). */
  private paramWord(quoted: boolean, stopAtSlash: boolean, pattern: boolean): Word {
    const parts: Part[] = [];
    const lit = (t: string, q: boolean) => pushLit(parts, t, q);
    let depth = 0;
    for (;;) {
      if (this.eof())
        throw new ParseError("{", true, "unexpected EOF while looking for matching `}'", this.line);
      const c = this.src[this.i];
      if (c === "}" && depth === 0) break;
      if (c === "/" && stopAtSlash && depth === 0) break;
      if (c === "{") depth++;
      if (c === "}") depth--;
      if (c === "\\" && this.i + 1 < this.src.length) {
        const n = this.src[this.i + 1];
        if (n === "\n") {
          this.i += 2;
          continue;
        }
        if (quoted && !pattern && !'$`"\\}'.includes(n)) lit("\\", true);
        lit(n, true);
        this.i += 2;
        continue;
      }
      if (c === "'" && (!quoted || pattern)) {
        const end = this.src.indexOf("'", this.i + 1);
        if (end < 0)
          throw new ParseError("'", true, "unexpected EOF while looking for matching `''", this.line);
        lit(this.src.slice(this.i + 1, end), true);
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        this.i++;
        this.doubleQuoted(parts, lit);
        continue;
      }
      if ((c === "$" || c === "`") && this.expansion(parts, quoted)) continue;
      if (c === "\n") this.line++;
      lit(c, quoted);
      this.i++;
    }
    if (!parts.length) parts.push({ t: "lit", s: "", quoted: true });
    return parts;
  }
}

interface CondTok {
  op?: string;
  w?: Word;
  regex?: boolean;
}

const COND_BINARY = new Set([
  "==",
  "=",
  "!=",
  "=~",
  "<",
  ">",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
]);

function isBinary(t: CondTok | undefined): boolean {
  if (!t) return false;
  if (t.op) return t.op === "<" || t.op === ">";
  const s = plainText(t.w!);
  return s !== undefined && COND_BINARY.has(s);
}

function pushLit(parts: Part[], s: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.t === "lit" && last.quoted === quoted) last.s += s;
  else parts.push({ t: "lit", s, quoted });
}

/** The text of a word made only of unquoted literal characters (a keyword or operator), else undefined. */
export function plainText(w: Word): string | undefined {
  if (w.length !== 1 || w[0].t !== "lit" || w[0].quoted) return undefined;
  return w[0].s;
}

/** The end of `$((…))` / `((…))`: the index of the first `)` of the closing `))`, or -1. */
function findArithEnd(s: string, from: number): number {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (c === "(") depth++;
    else if (c === ")") {
      if (depth === 0) return s[j + 1] === ")" ? j : -1;
      depth--;
    } else if (c === "'") {
      const e = s.indexOf("'", j + 1);
      if (e < 0) return -1;
      j = e;
    }
  }
  return -1;
}

/** The index of the `}` closing a `${` whose inside starts at `from`, or -1. */
function findBraceEnd(s: string, from: number): number {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") j++;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return j;
      depth--;
    } else if (c === "'") {
      const e = s.indexOf("'", j + 1);
      if (e < 0) return -1;
      j = e;
    }
  }
  return -1;
}

/** The index of the `]` matching the `[` at `from`, or -1. */
function matchBracket(s: string, from: number): number {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    if (s[j] === "[") depth++;
    else if (s[j] === "]") {
      depth--;
      if (depth === 0) return j;
    } else if (s[j] === "\n") return -1;
  }
  return -1;
}

/** Splits on `sep` outside parentheses. */
function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    // nested ${…} and (…) keep their colons (`${x: ${y:1} }`)
    if (c === "(" || c === "{") depth++;
    if (c === ")" || c === "}") depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** `$'…'`: ANSI-C escapes; `from` is after the opening quote. */
function ansiC(s: string, from: number): { text: string; end: number } {
  let text = "";
  let j = from;
  for (; j < s.length; j++) {
    const c = s[j];
    if (c === "'") return { text, end: j };
    if (c !== "\\") {
      text += c;
      continue;
    }
    const n = s[++j];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      e: "\x1b",
      E: "\x1b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      "'": "'",
      '"': '"',
      "?": "?",
    };
    if (n in simple) text += simple[n];
    else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(j))![0];
      text += String.fromCharCode(parseInt(m, 8) & 255);
      j += m.length - 1;
    } else if (n === "x") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(j + 1));
      if (m) {
        text += String.fromCharCode(parseInt(m[0], 16));
        j += m[0].length;
      } else text += "\\x";
    } else if (n === "u" || n === "U") {
      const m = new RegExp(`^[0-9a-fA-F]{1,${n === "u" ? 4 : 8}}`).exec(s.slice(j + 1));
      if (m) {
        text += cLocaleChar(parseInt(m[0], 16), n);
        j += m[0].length;
      } else text += "\\" + n;
    } else if (n === "c") {
      const ch = s[j + 1] ?? "";
      text += String.fromCharCode(ch.toUpperCase().charCodeAt(0) & 31);
      j++;
    } else text += "\\" + (n ?? "");
  }
  return { text, end: -1 };
}

/** A \\u / \\U escape in the C locale: characters beyond ASCII cannot be converted and stay escaped. */
export function cLocaleChar(cp: number, u: string): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  return (
    "\\" +
    u +
    cp
      .toString(16)
      .toUpperCase()
      .padStart(u === "u" ? 4 : 8, "0")
  );
}

function countNl(s: string): number {
  let n = 0;
  for (const c of s) if (c === "\n") n++;
  return n;
}

/**
 * A whole string as one word with expansions but no word boundaries: the inside of `$((…))`
 * (quotes are removed) or an unquoted here-document body (`heredoc`: only `$`, `` ` `` and `\`
 * are special, quotes stay).
 */
export function parseTemplate(src: string, heredoc = false): Word {
  const p = new Parser(src);
  const parts: Part[] = [];
  const lit = (s: string, quoted: boolean) => pushLit(parts, s, quoted);
  while (!p.eof()) {
    const c = src[p.i];
    if (c === "\\") {
      const n = src[p.i + 1];
      if (n === undefined) {
        lit("\\", false);
        p.i++;
      } else if (n === "\n") p.i += 2;
      else if (!heredoc || "$`\\".includes(n)) {
        lit(n, true);
        p.i += 2;
      } else {
        lit("\\" + n, heredoc);
        p.i += 2;
      }
      continue;
    }
    if (!heredoc && c === "'") {
      const end = src.indexOf("'", p.i + 1);
      if (end < 0) throw new ParseError("'", true, "unexpected EOF while looking for matching `''");
      lit(src.slice(p.i + 1, end), true);
      p.i = end + 1;
      continue;
    }
    if (!heredoc && c === '"') {
      p.i++;
      p.doubleQuotedInto(parts);
      continue;
    }
    if ((c === "$" && src[p.i + 1] !== "'" && src[p.i + 1] !== '"') || c === "`") {
      if (p.expansion(parts, heredoc)) continue;
    }
    lit(c, heredoc);
    p.i++;
  }
  return parts;
}

/** The text of a word without expansions (for here-doc delimiters), quotes removed when `unquote`. */
export function wordText(w: Word, unquote = false): string {
  return w
    .map((p) =>
      p.t === "lit"
        ? unquote || !p.quoted
          ? p.s
          : p.s
        : p.t === "param"
          ? `$${p.e.text.length > 1 || p.e.op ? `{${p.e.text}}` : p.e.text}`
          : p.t === "arith"
            ? `$((${p.src}))`
            : `$(${p.src})`,
    )
    .join("");
}

/** True when the line is unfinished (open quote, trailing pipe or &&, open here-document, open compound command). */
export function isIncomplete(src: string): boolean {
  try {
    parse(src);
    return /(^|[^\\])(\\\\)*\\$/.test(src);
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
}

export { RESERVED };
