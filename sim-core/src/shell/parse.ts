/**
 * A bash-compatible parser for the command lines learners type: quoting ('…', "…", \),
 * parameter expansion ($VAR, ${VAR}, $?, $$, $#), command substitution $(…) and `…`,
 * pipelines, && || ; & and newlines, redirections ([n]> >> < >& &> <<< and here-documents),
 * subshells ( … ), groups { …; }, if/then/elif/else/fi, for/while/until loops, `!`.
 * Errors carry bash's wording ("syntax error near unexpected token `|'"); input that is merely
 * unfinished (an open quote, a trailing |, an open here-document) is reported as incomplete so
 * a terminal can ask for more lines.
 */

export type Part =
  | { t: "lit"; s: string; quoted: boolean }
  | { t: "var"; name: string; quoted: boolean }
  | { t: "cmdsub"; src: string; quoted: boolean };

export type Word = Part[];

export interface Redir {
  fd: number;
  op: ">" | ">>" | "<" | ">&" | "<&" | "&>" | "&>>" | "<<" | "<<<" | ">|";
  target: Word;
  /** Here-document body (after `<<`). */
  heredoc?: string;
  heredocQuoted?: boolean;
}

export type Command =
  | { t: "simple"; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redir[]; line: number }
  | { t: "subshell"; body: Script; redirs: Redir[] }
  | { t: "group"; body: Script; redirs: Redir[] }
  | { t: "if"; clauses: { cond: Script; body: Script }[]; otherwise?: Script; redirs: Redir[] }
  | { t: "for"; name: string; items: Word[] | undefined; body: Script; redirs: Redir[] }
  | { t: "while"; until: boolean; cond: Script; body: Script; redirs: Redir[] };

export interface Pipeline {
  bang: boolean;
  cmds: Command[];
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
]);
const META = " \t\n;&|()<>";

export function parse(src: string): Script {
  const p = new Parser(src);
  const s = p.script(new Set());
  p.skipBlanks();
  if (!p.eof()) throw new ParseError(p.peekToken(), false);
  return s;
}

class Parser {
  i = 0;
  line = 1;
  private pendingHeredocs: Redir[] = [];

  constructor(readonly src: string) {}

  eof(): boolean {
    return this.i >= this.src.length;
  }

  skipBlanks(): void {
    for (;;) {
      const c = this.src[this.i];
      if (c === " " || c === "\t") this.i++;
      else if (c === "\\" && this.src[this.i + 1] === "\n") this.i += 2;
      else if (c === "#" && (this.i === 0 || " \t\n;&|()".includes(this.src[this.i - 1]))) {
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
      const delim = wordText(r.target);
      const strip = r.op === "<<" && (r as Redir & { strip?: boolean }).strip;
      let body = "";
      for (;;) {
        if (this.eof())
          throw new ParseError("", true, `here-document delimited by end-of-file (wanted \`${delim}')`);
        let end = this.src.indexOf("\n", this.i);
        if (end < 0) end = this.src.length;
        let line = this.src.slice(this.i, end);
        this.i = Math.min(this.src.length, end + 1);
        this.line++;
        if (strip) line = line.replace(/^\t+/, "");
        if (line === delim) break;
        body += line + "\n";
      }
      r.heredoc = body;
    }
  }

  /** The next token as bash would name it in an error. */
  peekToken(): string {
    this.skipBlanks();
    if (this.eof()) return "newline";
    const two = this.src.slice(this.i, this.i + 2);
    if (["&&", "||", ";;", ">>", "<<", "&>", ">&", "<&"].includes(two)) return two;
    const c = this.src[this.i];
    if (c === "\n") return "newline";
    if (META.includes(c)) return c;
    let j = this.i;
    while (j < this.src.length && !META.includes(this.src[j])) j++;
    return this.src.slice(this.i, j);
  }

  /** A list of and-or items until one of the `stop` reserved words (or `)` for subshells). */
  script(stop: Set<string>): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      this.skipBlanks();
      if (this.eof()) break;
      const tok = this.peekWord();
      if (tok !== undefined && stop.has(tok)) break;
      const c = this.src[this.i];
      if (c === ")" && stop.has(")")) break;
      if (c === ";" || c === "&" || c === "|" || c === ")") throw new ParseError(this.peekToken(), false);
      const start = this.i;
      const item = this.andOr();
      this.skipBlanks();
      const d = this.src[this.i];
      if (d === "&" && this.src[this.i + 1] !== "&") {
        this.i++;
        item.background = true;
      } else if (d === ";" && this.src[this.i + 1] !== ";") {
        this.i++;
      } else if (d === "\n" || this.eof()) {
        /* the newline is consumed by skipNewlines */
      } else if (d === ")" && stop.has(")")) {
        /* end of subshell */
      } else if (d === ")") {
        throw new ParseError(")", false);
      } else {
        const w = this.peekWord();
        if (!(w !== undefined && stop.has(w))) throw new ParseError(this.peekToken(), false);
      }
      item.src = this.src
        .slice(start, this.i)
        .replace(/[;&\s]+$/, "")
        .trim();
      items.push(item);
    }
    return { items };
  }

  /** The reserved word at the cursor, if the next token is a plain word. */
  private peekWord(): string | undefined {
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
      if (this.eof()) throw new ParseError("newline", true);
      rest.push({ op: two, p: this.pipeline() });
    }
    return { first, rest, background: false, src: "" };
  }

  private pipeline(): Pipeline {
    this.skipBlanks();
    let bang = false;
    if (this.peekWord() === "!") {
      this.i++;
      bang = true;
    }
    const cmds = [this.command()];
    for (;;) {
      this.skipBlanks();
      if (this.src[this.i] === "|" && this.src[this.i + 1] !== "|") {
        this.i++;
        this.skipNewlines();
        if (this.eof()) throw new ParseError("newline", true);
        cmds.push(this.command());
      } else break;
    }
    return { bang, cmds };
  }

  private expectWord(w: string): void {
    this.skipNewlines();
    this.skipBlanks();
    if (this.eof()) throw new ParseError("newline", true, undefined);
    if (this.peekWord() !== w) throw new ParseError(this.peekToken(), false);
    this.i += w.length;
  }

  private command(): Command {
    this.skipBlanks();
    if (this.eof()) throw new ParseError("newline", true);
    const c = this.src[this.i];
    if (c === "(") {
      this.i++;
      const body = this.script(new Set([")"]));
      this.skipBlanks();
      if (this.eof()) throw new ParseError("newline", true);
      if (this.src[this.i] !== ")") throw new ParseError(this.peekToken(), false);
      this.i++;
      return { t: "subshell", body, redirs: this.trailingRedirs() };
    }
    const w = this.peekWord();
    switch (w) {
      case "{": {
        this.i++;
        const body = this.script(new Set(["}"]));
        this.expectWord("}");
        return { t: "group", body, redirs: this.trailingRedirs() };
      }
      case "if": {
        this.i += 2;
        const clauses: { cond: Script; body: Script }[] = [];
        let otherwise: Script | undefined;
        const cond = this.script(new Set(["then"]));
        this.expectWord("then");
        const body = this.script(new Set(["elif", "else", "fi"]));
        clauses.push({ cond, body });
        for (;;) {
          this.skipNewlines();
          const k = this.peekWord();
          if (k === "elif") {
            this.i += 4;
            const c2 = this.script(new Set(["then"]));
            this.expectWord("then");
            clauses.push({ cond: c2, body: this.script(new Set(["elif", "else", "fi"])) });
          } else if (k === "else") {
            this.i += 4;
            otherwise = this.script(new Set(["fi"]));
          } else break;
        }
        this.expectWord("fi");
        return { t: "if", clauses, otherwise, redirs: this.trailingRedirs() };
      }
      case "for": {
        this.i += 3;
        this.skipBlanks();
        const name = this.peekWord();
        if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
          throw new ParseError(
            this.peekToken(),
            false,
            name ? `\`${name}': not a valid identifier` : undefined,
          );
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
            if (this.eof()) throw new ParseError("newline", true);
            if (ch === ";" || ch === "\n") {
              this.i++;
              if (ch === "\n") this.line++;
              break;
            }
            items.push(this.word()!);
          }
        }
        this.expectWord("do");
        const body = this.script(new Set(["done"]));
        this.expectWord("done");
        return { t: "for", name, items, body, redirs: this.trailingRedirs() };
      }
      case "while":
      case "until": {
        this.i += w.length;
        const cond = this.script(new Set(["do"]));
        this.expectWord("do");
        const body = this.script(new Set(["done"]));
        this.expectWord("done");
        return { t: "while", until: w === "until", cond, body, redirs: this.trailingRedirs() };
      }
      case "then":
      case "elif":
      case "else":
      case "fi":
      case "do":
      case "done":
      case "}":
      case "in":
        throw new ParseError(w, false);
    }
    return this.simple();
  }

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
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.eof()) break;
      const c = this.src[this.i];
      if (c === "\n" || c === ";" || c === "|" || c === ")" || (c === "&" && this.src[this.i + 1] !== ">"))
        break;
      if (c === "(") throw new ParseError("(", false);
      const r = this.redir();
      if (r) {
        redirs.push(r);
        continue;
      }
      const start = this.i;
      const wd = this.word();
      if (!wd) throw new ParseError(this.peekToken(), false);
      if (!words.length) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(this.src.slice(start, this.i));
        if (m && wd[0]?.t === "lit" && !wd[0].quoted && wd[0].s.startsWith(m[0])) {
          const first = wd[0];
          const rest: Word =
            first.s.length > m[0].length
              ? [{ ...first, s: first.s.slice(m[0].length) }, ...wd.slice(1)]
              : wd.slice(1);
          assigns.push({ name: m[1], value: rest });
          continue;
        }
      }
      words.push(wd);
    }
    if (!words.length && !assigns.length && !redirs.length) throw new ParseError(this.peekToken(), false);
    return { t: "simple", assigns, words, redirs, line };
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
    let strip = false;
    if (s3 === "&>>" && fd < 0) op = "&>>";
    else if (s3 === "<<<") op = "<<<";
    else if (s3 === "<<-") {
      op = "<<";
      strip = true;
      this.i++;
    } else if (s2 === "&>" && fd < 0) op = "&>";
    else if (s2 === ">>") op = ">>";
    else if (s2 === ">&") op = ">&";
    else if (s2 === "<&") op = "<&";
    else if (s2 === ">|") op = ">|";
    else if (s2 === "<<") op = "<<";
    else if (c === ">") op = ">";
    else if (c === "<") op = "<";
    if (!op) {
      this.i = save;
      return undefined;
    }
    this.i += op.length;
    this.skipBlanks();
    if (this.eof() || "\n;&|()<>".includes(this.src[this.i])) {
      throw new ParseError(this.peekToken(), this.eof());
    }
    const target = this.word();
    if (!target) throw new ParseError(this.peekToken(), false);
    if (fd < 0) fd = op === "<" || op === "<&" || op === "<<" || op === "<<<" ? 0 : 1;
    const r: Redir & { strip?: boolean } = { fd, op: op === ">|" ? ">" : op, target };
    if (op === "<<") {
      r.heredocQuoted = target.some((p) => p.quoted);
      r.strip = strip;
      this.pendingHeredocs.push(r);
    }
    return r;
  }

  /** One word: a run of unquoted chars, quoted strings and expansions, up to a metacharacter. */
  word(): Word | undefined {
    const parts: Part[] = [];
    const lit = (s: string, quoted: boolean) => {
      const last = parts[parts.length - 1];
      if (last && last.t === "lit" && last.quoted === quoted) last.s += s;
      else parts.push({ t: "lit", s, quoted });
    };
    const start = this.i;
    while (!this.eof()) {
      const c = this.src[this.i];
      if (META.includes(c)) break;
      if (c === "\\") {
        if (this.i + 1 >= this.src.length) {
          this.i++;
          break;
        }
        if (this.src[this.i + 1] === "\n") {
          this.i += 2;
          continue;
        }
        lit(this.src[this.i + 1], true);
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = this.src.indexOf("'", this.i + 1);
        if (end < 0) throw new ParseError("'", true, "unexpected EOF while looking for matching `''");
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
    return parts;
  }

  private doubleQuoted(parts: Part[], lit: (s: string, q: boolean) => void): void {
    let any = false;
    for (;;) {
      if (this.eof()) throw new ParseError('"', true, "unexpected EOF while looking for matching `\"'");
      const c = this.src[this.i];
      if (c === '"') {
        this.i++;
        if (!any) lit("", true);
        return;
      }
      any = true;
      if (c === "\\" && '$`"\\\n'.includes(this.src[this.i + 1] ?? "")) {
        if (this.src[this.i + 1] !== "\n") lit(this.src[this.i + 1], true);
        this.i += 2;
        continue;
      }
      if ((c === "$" || c === "`") && this.expansion(parts, true)) continue;
      if (c === "\n") this.line++;
      lit(c, true);
      this.i++;
    }
  }

  private expansion(parts: Part[], quoted: boolean): boolean {
    const s = this.src;
    const c = s[this.i];
    if (c === "`") {
      const end = s.indexOf("`", this.i + 1);
      if (end < 0) throw new ParseError("`", true, "unexpected EOF while looking for matching ``'");
      parts.push({ t: "cmdsub", src: s.slice(this.i + 1, end), quoted });
      this.i = end + 1;
      return true;
    }
    const n = s[this.i + 1];
    if (n === "(") {
      if (s[this.i + 2] === "(") {
        // $(( … )): arithmetic — evaluated as a command substitution of an echo of the result
        const end = s.indexOf("))", this.i + 3);
        if (end < 0) throw new ParseError("(", true);
        parts.push({ t: "cmdsub", src: `\u0000arith ${s.slice(this.i + 3, end)}`, quoted });
        this.i = end + 2;
        return true;
      }
      let depth = 0;
      let j = this.i + 1;
      for (; j < s.length; j++) {
        if (s[j] === "(") depth++;
        else if (s[j] === ")") {
          depth--;
          if (!depth) break;
        } else if (s[j] === "'") {
          const e = s.indexOf("'", j + 1);
          if (e < 0) break;
          j = e;
        }
      }
      if (j >= s.length) throw new ParseError("(", true, "unexpected EOF while looking for matching `)'");
      parts.push({ t: "cmdsub", src: s.slice(this.i + 2, j), quoted });
      this.i = j + 1;
      return true;
    }
    if (n === "{") {
      const end = s.indexOf("}", this.i + 2);
      if (end < 0) throw new ParseError("{", true);
      parts.push({ t: "var", name: s.slice(this.i + 2, end), quoted });
      this.i = end + 1;
      return true;
    }
    if (n !== undefined && /[?$#!0-9@*-]/.test(n)) {
      parts.push({ t: "var", name: n, quoted });
      this.i += 2;
      return true;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i + 1));
    if (m) {
      parts.push({ t: "var", name: m[0], quoted });
      this.i += 1 + m[0].length;
      return true;
    }
    return false;
  }
}

function countNl(s: string): number {
  let n = 0;
  for (const c of s) if (c === "\n") n++;
  return n;
}

/** The literal text of a word without expansions (for here-doc delimiters). */
export function wordText(w: Word): string {
  return w.map((p) => (p.t === "lit" ? p.s : p.t === "var" ? `$${p.name}` : `$(${p.src})`)).join("");
}

/** True when the line is unfinished (open quote, trailing pipe or &&, open here-document, open compound command). */
export function isIncomplete(src: string): boolean {
  try {
    parse(src);
    return /\\$/.test(src);
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
}

export { RESERVED };
