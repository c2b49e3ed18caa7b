/**
 * A recursive-descent parser for mawk's grammar (parse.y), with the same operator precedence
 * (yacc's %left/%right table) and the same error points: like yacc, it reports the first token
 * that cannot continue a valid program, as "syntax error at or near X", or "missing ) near X" /
 * "missing } near X" when a parenthesis or brace is open. Semantic checks done by parse.y's
 * actions (argument counts of builtins, next/return outside their scope, scalar/array use of a
 * name) are reported with mawk's wording.
 */
import { BUILTINS, CompileError, Lexer, type Tok, type Token } from "./lexer.js";
import { awkRegex, AwkRegexError, type AwkRegex } from "./regex.js";

export type LValue =
  | { k: "var"; name: string }
  | { k: "elem"; name: string; subs: Expr[] }
  | { k: "field"; index: Expr }
  | { k: "pfield"; name: string };

export type Expr =
  | LValue
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "re"; re: AwkRegex }
  | { k: "group"; items: Expr[] }
  | { k: "assign"; op: string; target: LValue; value: Expr }
  | { k: "cond"; c: Expr; a: Expr; b: Expr }
  | { k: "or"; a: Expr; b: Expr }
  | { k: "and"; a: Expr; b: Expr }
  | { k: "in"; subs: Expr[]; name: string }
  | { k: "match"; neg: boolean; a: Expr; re: Expr }
  | { k: "cmp"; op: string; a: Expr; b: Expr }
  | { k: "cat"; a: Expr; b: Expr }
  | { k: "bin"; op: string; a: Expr; b: Expr }
  | { k: "unary"; op: string; a: Expr }
  | { k: "incdec"; pre: boolean; op: "+" | "-"; target: LValue }
  | { k: "call"; name: string; args: Expr[]; line: number }
  | { k: "builtin"; name: string; args: Expr[] }
  | { k: "split"; s: Expr; name: string; sep: Expr | null }
  | { k: "matchf"; s: Expr; re: Expr }
  | { k: "sub"; global: boolean; re: Expr; repl: Expr; target: LValue | null }
  | { k: "getline"; target: LValue | null; file: Expr | null; cmd: Expr | null };

export type Stmt =
  | { k: "block"; body: Stmt[] }
  | { k: "expr"; e: Expr }
  | { k: "print"; printf: boolean; args: Expr[]; dest: { mode: string; e: Expr } | null }
  | { k: "if"; c: Expr; t: Stmt; f: Stmt | null }
  | { k: "while"; c: Expr; body: Stmt }
  | { k: "do"; body: Stmt; c: Expr }
  | { k: "for"; init: Expr | null; c: Expr | null; step: Expr | null; body: Stmt }
  | { k: "forin"; v: LValue; arr: string; body: Stmt }
  | { k: "break" }
  | { k: "continue" }
  | { k: "next" }
  | { k: "nextfile" }
  | { k: "exit"; e: Expr | null }
  | { k: "return"; e: Expr | null }
  | { k: "delete"; name: string; subs: Expr[] | null }
  | { k: "nop" };

export interface PatternAction {
  pattern: Expr | null;
  pattern2: Expr | null; // range end
  action: Stmt | null; // null = print $0
}

export interface FuncDef {
  name: string;
  params: string[];
  body: Stmt;
}

export interface Program {
  begin: Stmt[];
  end: Stmt[];
  main: PatternAction[];
  funcs: Map<string, FuncDef>;
}

/** thrown to stop parsing: messages already collected */
class ParseStop extends Error {}

const PSEUDO_FIELDS = new Set(["NF", "RS", "FS", "OFMT", "CONVFMT"]);

type Scope = "begin" | "end" | "main" | "funct";

const ASSIGN_OPS: Partial<Record<Tok, string>> = {
  ASSIGN: "=",
  ADD_ASG: "+=",
  SUB_ASG: "-=",
  MUL_ASG: "*=",
  DIV_ASG: "/=",
  MOD_ASG: "%=",
  POW_ASG: "^=",
};

const CMP_OPS: Partial<Record<Tok, string>> = { EQ: "==", NEQ: "!=", LT: "<", LTE: "<=", GT: ">", GTE: ">=" };

/** Tokens that can start a p_expr (and so continue a concatenation). */
const P_EXPR_START = new Set<Tok>([
  "DOUBLE",
  "STRING_",
  "ID",
  "LPAREN",
  "RE",
  "NOT",
  "PLUS",
  "MINUS",
  "BUILTIN",
  "LENGTH",
  "INC_or_DEC",
  "FIELD",
  "DOLLAR",
  "FUNCT_ID",
  "SPLIT",
  "MATCH_FUNC",
  "SUB",
  "GSUB",
  "GETLINE",
]);

export class Parser {
  private la: Token | null = null;
  readonly errors: string[] = [];
  private scope: Scope = "main";
  private locals: Map<string, "none" | "var" | "array"> | null = null;
  /** global symbol kinds decided at compile time (parse.y check_var / check_array) */
  private readonly globals = new Map<string, "var" | "array">();
  private readonly funcs = new Map<string, FuncDef>();
  private loopDepth = 0;

  constructor(private readonly lx: Lexer) {
    for (const n of ["NR", "FNR", "FILENAME", "OFS", "ORS", "SUBSEP", "RSTART", "RLENGTH", "ARGC"])
      this.globals.set(n, "var");
    this.globals.set("ARGV", "array");
    this.globals.set("ENVIRON", "array");
  }

  // ---- token plumbing ----------------------------------------------------------------------

  private peek(): Token {
    if (!this.la) {
      try {
        this.la = this.lx.lex();
      } catch (e) {
        if (e instanceof CompileError) {
          this.errors.push(...this.lx.messages.splice(0));
          this.errors.push(e.message);
          throw new ParseStop();
        }
        throw e;
      }
      this.flushLexMessages();
    }
    return this.la;
  }

  private flushLexMessages(): void {
    if (this.lx.messages.length) this.errors.push(...this.lx.messages.splice(0));
  }

  private advance(): Token {
    const t = this.peek();
    this.la = null;
    return t;
  }

  private at(type: Tok): boolean {
    return this.peek().type === type;
  }

  private accept(type: Tok): Token | null {
    return this.at(type) ? this.advance() : null;
  }

  private expect(type: Tok): Token {
    if (!this.at(type)) this.syntaxError();
    return this.advance();
  }

  private compileError(msg: string): void {
    this.errors.push(this.lx.compileError(msg));
  }

  /** yyerror on the lookahead token */
  syntaxError(): never {
    const t = this.peek();
    const lx = this.lx;
    const at = (s: string) => `${lx.compileError(s)}`;
    if (t.type === "UNEXPECTED") {
      const c = String(t.value).charCodeAt(0);
      const shown =
        c > 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `0x${c.toString(16).padStart(2, "0")}`;
      this.errors.push(`${lx.tokenLineno}: unexpected character ${shown}`);
      throw new ParseStop();
    }
    if (t.type === "BAD_DECIMAL") {
      this.errors.push(at(`syntax error in decimal constant ${t.text}`));
      throw new ParseStop();
    }
    if (t.type === "RE") {
      this.errors.push(at(`syntax error at or near /${t.text}/`));
      throw new ParseStop();
    }
    const missingRparen: Tok[] = ["EOF", "NL", "SEMI_COLON", "RBRACE"];
    const missingRbrace: Tok[] = ["EOF", "BEGIN", "END"];
    if (lx.parenCnt && missingRparen.includes(t.type)) {
      this.errors.push(`${lx.fileNamePrefix()}line ${t.line}: missing ) near ${t.text}`);
      throw new ParseStop();
    }
    if (lx.braceCnt && missingRbrace.includes(t.type)) {
      this.errors.push(`${lx.fileNamePrefix()}line ${t.line}: missing } near ${t.text}`);
      throw new ParseStop();
    }
    this.errors.push(at(`syntax error at or near ${t.text}`));
    throw new ParseStop();
  }

  // ---- symbols -------------------------------------------------------------------------------

  private useVar(name: string): void {
    if (this.locals?.has(name)) {
      const k = this.locals.get(name)!;
      if (k === "none") this.locals.set(name, "var");
      else if (k === "array") this.compileError(`illegal reference to local array ${name}`);
      return;
    }
    if (this.funcs.has(name) || this.lx.functions.has(name)) {
      this.compileError(`illegal reference to function ${name}`);
      return;
    }
    const k = this.globals.get(name);
    if (!k) this.globals.set(name, "var");
    else if (k === "array") this.compileError(`illegal reference to array ${name}`);
  }

  private useArray(name: string): void {
    if (this.locals?.has(name)) {
      const k = this.locals.get(name)!;
      if (k === "none") this.locals.set(name, "array");
      else if (k === "var") this.compileError(`illegal reference to local variable ${name}`);
      return;
    }
    const k = this.globals.get(name);
    if (!k) this.globals.set(name, "array");
    else if (k === "var") this.compileError(`illegal reference to variable ${name}`);
  }

  // ---- program -------------------------------------------------------------------------------

  parseProgram(): Program {
    const prog: Program = { begin: [], end: [], main: [], funcs: this.funcs };
    try {
      do {
        this.programBlock(prog);
      } while (!this.at("EOF"));
    } catch (e) {
      if (!(e instanceof ParseStop)) throw e;
    }
    this.flushLexMessages();
    if (this.errors.length === 0) this.checkCalls();
    return prog;
  }

  /** fcall.c: undefined functions, too many arguments, scalar/array mismatches */
  private checkCalls(): void {
    const where = (line: number) => `${this.lx.fileNamePrefix()}line ${line}: `;
    for (const call of this.calls) {
      const f = this.funcs.get(call.name);
      if (!f) {
        this.errors.push(`${where(this.lx.tokenLineno)}function ${call.name} never defined`);
        continue;
      }
      if (call.args.length > f.params.length) {
        this.errors.push(`${where(call.line)}too many arguments in call to ${call.name}`);
        continue;
      }
      const kinds = this.paramKinds.get(call.name) ?? [];
      call.args.forEach((a, i) => {
        const want = kinds[i];
        if (!want || want === "none" || a === "none") return;
        const got = a === "expr" ? "var" : a;
        if (got !== want)
          this.errors.push(`${where(call.line)}type error in arg(${i + 1}) in call to ${call.name}`);
      });
    }
  }

  /** every call: callee, line, and for each argument the kind of a bare name ("expr" otherwise) */
  private readonly calls: { name: string; line: number; args: ("var" | "array" | "none" | "expr")[] }[] = [];
  /** the kinds of each function's parameters once its body is parsed */
  private readonly paramKinds = new Map<string, ("none" | "var" | "array")[]>();

  private programBlock(prog: Program): void {
    const t = this.peek();
    if (t.type === "BEGIN" || t.type === "END") {
      this.advance();
      this.scope = t.type === "BEGIN" ? "begin" : "end";
      const b = this.block();
      (t.type === "BEGIN" ? prog.begin : prog.end).push(b);
      this.scope = "main";
      return;
    }
    if (t.type === "LBRACE") {
      prog.main.push({ pattern: null, pattern2: null, action: this.block() });
      return;
    }
    if (t.type === "FUNCTION") {
      this.functionDef();
      return;
    }
    const pattern = this.expr();
    let pattern2: Expr | null = null;
    if (this.accept("COMMA")) pattern2 = this.expr();
    let action: Stmt | null = null;
    if (this.at("LBRACE")) action = this.block();
    else if (this.at("NL") || this.at("SEMI_COLON")) this.advance();
    else this.syntaxError();
    prog.main.push({ pattern, pattern2, action });
  }

  private functionDef(): void {
    this.advance();
    const nameTok = this.peek();
    if (nameTok.type !== "ID" && nameTok.type !== "FUNCT_ID") this.syntaxError();
    this.advance();
    const name = String(nameTok.value);
    if (this.funcs.has(name)) this.compileError(`redefinition of ${name}`);
    else if (this.globals.has(name))
      this.compileError(
        `illegal reference to ${this.globals.get(name) === "array" ? "array" : "variable"} ${name}`,
      );
    this.lx.functions.add(name);
    this.expect("LPAREN");
    const params: string[] = [];
    if (!this.at("RPAREN")) {
      for (;;) {
        const p = this.expect("ID");
        const pn = String(p.value);
        if (params.includes(pn)) this.compileError(`${pn} is duplicated in argument list`);
        else params.push(pn);
        if (!this.accept("COMMA")) break;
      }
    }
    this.expect("RPAREN");
    this.scope = "funct";
    this.locals = new Map(params.map((p) => [p, "none"]));
    const def: FuncDef = { name, params, body: { k: "nop" } };
    this.funcs.set(name, def);
    def.body = this.block();
    this.paramKinds.set(
      name,
      params.map((p) => this.locals!.get(p) ?? "none"),
    );
    this.locals = null;
    this.scope = "main";
  }

  private block(): Stmt {
    this.expect("LBRACE");
    const body: Stmt[] = [];
    do {
      body.push(this.statement());
    } while (!this.at("RBRACE"));
    this.advance();
    return { k: "block", body };
  }

  private separator(): void {
    if (!this.accept("NL") && !this.accept("SEMI_COLON")) this.syntaxError();
  }

  // ---- statements ----------------------------------------------------------------------------

  private statement(): Stmt {
    const t = this.peek();
    switch (t.type) {
      case "LBRACE":
        return this.block();
      case "NL":
      case "SEMI_COLON":
        this.advance();
        return { k: "nop" };
      case "BREAK":
      case "CONTINUE":
        this.advance();
        this.separator();
        return { k: t.type === "BREAK" ? "break" : "continue" };
      case "NEXT":
      case "NEXTFILE":
        this.advance();
        this.separator();
        if (this.scope !== "main")
          this.compileError(`improper use of ${t.type === "NEXT" ? "next" : "nextfile"}`);
        return { k: t.type === "NEXT" ? "next" : "nextfile" };
      case "EXIT": {
        this.advance();
        if (this.at("NL") || this.at("SEMI_COLON")) {
          this.advance();
          return { k: "exit", e: null };
        }
        const e = this.expr();
        this.separator();
        return { k: "exit", e };
      }
      case "RETURN": {
        this.advance();
        let e: Expr | null = null;
        if (!this.at("NL") && !this.at("SEMI_COLON")) e = this.expr();
        this.separator();
        if (this.scope !== "funct") this.compileError("return outside function body");
        return { k: "return", e };
      }
      case "PRINT":
      case "PRINTF":
        return this.printStatement();
      case "IF": {
        this.advance();
        this.expect("LPAREN");
        const c = this.expr();
        this.expect("RPAREN");
        this.lx.eatNl();
        const th = this.statement();
        if (this.at("ELSE")) {
          this.advance();
          this.lx.eatNl();
          const el = this.statement();
          return { k: "if", c, t: th, f: el };
        }
        return { k: "if", c, t: th, f: null };
      }
      case "WHILE": {
        this.advance();
        this.expect("LPAREN");
        const c = this.expr();
        this.expect("RPAREN");
        this.lx.eatNl();
        const body = this.loopBody();
        return { k: "while", c, body };
      }
      case "DO": {
        this.advance();
        this.lx.eatNl();
        const body = this.loopBody();
        this.expect("WHILE");
        this.expect("LPAREN");
        const c = this.expr();
        this.expect("RPAREN");
        this.separator();
        return { k: "do", body, c };
      }
      case "FOR":
        return this.forStatement();
      case "DELETE": {
        this.advance();
        const id = this.expect("ID");
        const name = String(id.value);
        this.useArray(name);
        if (this.accept("LBOX")) {
          const subs = this.args();
          this.expect("RBOX");
          this.separator();
          return { k: "delete", name, subs };
        }
        this.separator();
        return { k: "delete", name, subs: null };
      }
      default: {
        const e = this.expr();
        this.separator();
        return { k: "expr", e };
      }
    }
  }

  private loopBody(): Stmt {
    this.loopDepth++;
    try {
      return this.statement();
    } finally {
      this.loopDepth--;
    }
  }

  private forStatement(): Stmt {
    this.advance();
    this.expect("LPAREN");
    // for (ID in ID)
    if (this.at("ID")) {
      const id = this.advance();
      if (this.at("IN")) {
        this.advance();
        const arr = this.peek();
        if (arr.type === "ID") {
          this.advance();
          if (this.at("RPAREN")) {
            this.advance();
            this.lx.eatNl();
            this.useVar(String(id.value));
            this.useArray(String(arr.value));
            const body = this.loopBody();
            return { k: "forin", v: { k: "var", name: String(id.value) }, arr: String(arr.value), body };
          }
          // `(x in A) …` as the init expression
          this.useVar(String(id.value));
          this.useArray(String(arr.value));
          const init = this.exprContinue({
            k: "in",
            subs: [{ k: "var", name: String(id.value) }],
            name: String(arr.value),
          });
          return this.forRest(init);
        }
        this.syntaxError();
      }
      const init = this.exprFromId(id);
      return this.forRest(init);
    }
    let init: Expr | null = null;
    if (!this.at("SEMI_COLON")) init = this.expr();
    return this.forRest(init);
  }

  private forRest(init: Expr | null): Stmt {
    this.expect("SEMI_COLON");
    let c: Expr | null = null;
    if (!this.at("SEMI_COLON")) c = this.expr();
    this.expect("SEMI_COLON");
    let step: Expr | null = null;
    if (!this.at("RPAREN")) step = this.expr();
    this.expect("RPAREN");
    this.lx.eatNl();
    const body = this.loopBody();
    return { k: "for", init, c, step, body };
  }

  private printStatement(): Stmt {
    const t = this.advance();
    const printf = t.type === "PRINTF";
    this.lx.printFlag = true;
    let args: Expr[] = [];
    if (!this.at("IO_OUT") && !this.at("NL") && !this.at("SEMI_COLON")) {
      if (this.at("LPAREN")) {
        // pr_args: LPAREN arg2 RPAREN | LPAREN RPAREN | arglist starting with '('
        const first = this.expr();
        if (first.k === "group" && first.items.length !== 1) args = first.items;
        else {
          args = [first];
          while (this.accept("COMMA")) args.push(this.expr());
        }
      } else args = this.args();
    }
    let dest: { mode: string; e: Expr } | null = null;
    if (this.at("IO_OUT")) {
      const io = this.advance();
      dest = { mode: String(io.value), e: this.expr() };
    }
    this.separator();
    this.lx.printFlag = false;
    if (printf && args.length === 0) this.compileError("no arguments in call to printf");
    return { k: "print", printf, args, dest };
  }

  private args(): Expr[] {
    const out = [this.expr()];
    while (this.accept("COMMA")) out.push(this.expr());
    return out;
  }

  // ---- expressions ---------------------------------------------------------------------------

  expr(): Expr {
    return this.binary(0);
  }

  /** Continue an expression whose first operand is already parsed. */
  private exprContinue(left: Expr): Expr {
    return this.binaryLoop(left, 0);
  }

  /** An expression that starts with an already consumed ID token. */
  private exprFromId(id: Token): Expr {
    const first = this.pexprFromId(id);
    return this.binaryLoop(this.afterOperand(first), 0);
  }

  /** An operand of the expr level: an assignment, or a concatenation. */
  private operand(): Expr {
    const first = this.pexpr(0);
    return this.afterOperand(first);
  }

  private afterOperand(first: Expr): Expr {
    const op = ASSIGN_OPS[this.peek().type];
    if (op && isLValue(first)) {
      this.advance();
      const value = this.expr();
      return { k: "assign", op, target: first, value };
    }
    if (first.k === "group") {
      if (first.items.length === 1) return this.concat(first.items[0]);
      if (!this.at("IN")) {
        // only `print (a,b)` may use a bare list
        if (this.lx.printFlag && (this.at("IO_OUT") || this.at("NL") || this.at("SEMI_COLON"))) return first;
        this.syntaxError();
      }
      return first;
    }
    return this.concat(first);
  }

  private concat(first: Expr): Expr {
    let left = first;
    while (P_EXPR_START.has(this.peek().type)) {
      const right = this.pexpr(0);
      if (right.k === "group" && right.items.length !== 1) this.syntaxError();
      left = { k: "cat", a: left, b: right.k === "group" ? right.items[0] : right };
    }
    return left;
  }

  private static readonly BIN_PREC: Partial<Record<Tok, number>> = {
    QMARK: 2,
    OR: 3,
    AND: 4,
    IN: 5,
    MATCH: 6,
    EQ: 7,
    NEQ: 7,
    LT: 7,
    LTE: 7,
    GT: 7,
    GTE: 7,
  };

  private binary(minPrec: number): Expr {
    return this.binaryLoop(this.operand(), minPrec);
  }

  private binaryLoop(left: Expr, minPrec: number): Expr {
    for (;;) {
      const t = this.peek();
      const prec = Parser.BIN_PREC[t.type];
      if (prec === undefined || prec < minPrec) return left;
      if (left.k === "group" && t.type !== "IN") this.syntaxError();
      this.advance();
      switch (t.type) {
        case "QMARK": {
          const a = this.expr();
          this.expect("COLON");
          const b = this.binary(2);
          left = { k: "cond", c: left, a, b };
          break;
        }
        case "OR":
          left = { k: "or", a: left, b: this.binary(4) };
          break;
        case "AND":
          left = { k: "and", a: left, b: this.binary(5) };
          break;
        case "IN": {
          const id = this.expect("ID");
          this.useArray(String(id.value));
          const subs = left.k === "group" ? left.items : [left];
          left = { k: "in", subs, name: String(id.value) };
          break;
        }
        case "MATCH":
          left = { k: "match", neg: t.value === 0, a: left, re: this.regexArg(this.binary(7)) };
          break;
        default:
          left = { k: "cmp", op: CMP_OPS[t.type]!, a: left, b: this.binary(8) };
      }
    }
  }

  private static readonly P_PREC: Partial<Record<Tok, number>> = {
    PLUS: 10,
    MINUS: 10,
    MUL: 11,
    DIV: 11,
    MOD: 11,
    PIPE: 13,
    POW: 14,
  };

  /** p_expr with arithmetic, `|` getline and `^` (precedence climbing). */
  private pexpr(minPrec: number): Expr {
    return this.pexprLoop(this.unary(), minPrec);
  }

  private pexprFromId(id: Token): Expr {
    return this.pexprLoop(this.postfixId(id), 0);
  }

  private pexprLoop(left: Expr, minPrec: number): Expr {
    for (;;) {
      const t = this.peek();
      const prec = Parser.P_PREC[t.type];
      if (prec === undefined || prec < minPrec) return left;
      if (left.k === "group" && left.items.length !== 1) return left;
      if (left.k === "group") left = left.items[0];
      this.advance();
      if (t.type === "PIPE") {
        this.expect("GETLINE");
        let target: LValue | null = null;
        if (this.at("ID") || this.at("FIELD") || this.at("DOLLAR")) target = this.fvalue();
        left = { k: "getline", target, file: null, cmd: left };
        continue;
      }
      const right = t.type === "POW" ? this.pexpr(14) : this.pexpr(prec + 1);
      const op =
        t.type === "PLUS"
          ? "+"
          : t.type === "MINUS"
            ? "-"
            : t.type === "MUL"
              ? "*"
              : t.type === "DIV"
                ? "/"
                : t.type === "MOD"
                  ? "%"
                  : "^";
      left = { k: "bin", op, a: left, b: ungroup(right, this) };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    switch (t.type) {
      case "NOT":
        this.advance();
        return { k: "unary", op: "!", a: ungroup(this.pexpr(13), this) };
      case "MINUS":
        this.advance();
        return { k: "unary", op: "-", a: ungroup(this.pexpr(13), this) };
      case "PLUS":
        this.advance();
        return { k: "unary", op: "+", a: ungroup(this.pexpr(13), this) };
      default:
        return this.primary();
    }
  }

  private fvalue(): LValue {
    const t = this.peek();
    if (t.type === "ID") {
      this.advance();
      const name = String(t.value);
      if (this.at("LBOX")) {
        this.advance();
        this.useArray(name);
        const subs = this.args();
        this.expect("RBOX");
        return { k: "elem", name, subs };
      }
      this.useVar(name);
      return { k: "var", name };
    }
    return this.field();
  }

  private field(): LValue {
    const t = this.advance();
    if (t.type === "FIELD") {
      if (t.field === -1 || PSEUDO_FIELDS.has(t.text)) return { k: "pfield", name: t.text };
      return { k: "field", index: { k: "num", v: t.field ?? 0 } };
    }
    if (t.type === "DOLLAR") {
      if (this.at("D_ID")) {
        const id = this.advance();
        const name = String(id.value);
        if (this.at("LBOX")) {
          this.advance();
          this.useArray(name);
          const subs = this.args();
          this.expect("RBOX");
          return { k: "field", index: { k: "elem", name, subs } };
        }
        this.useVar(name);
        return { k: "field", index: { k: "var", name } };
      }
      const e = this.pexpr(17);
      return { k: "field", index: ungroup(e, this) };
    }
    this.la = t;
    this.syntaxError();
  }

  private postfixId(id: Token): Expr {
    const name = String(id.value);
    if (this.at("LBOX")) {
      this.advance();
      this.useArray(name);
      const subs = this.args();
      this.expect("RBOX");
      const e: LValue = { k: "elem", name, subs };
      if (this.at("INC_or_DEC")) {
        const op = this.advance().value as "+" | "-";
        return { k: "incdec", pre: false, op, target: e };
      }
      return e;
    }
    this.useVar(name);
    if (this.at("INC_or_DEC")) {
      const op = this.advance().value as "+" | "-";
      return { k: "incdec", pre: false, op, target: { k: "var", name } };
    }
    return { k: "var", name };
  }

  private regexArg(e: Expr): Expr {
    if (e.k === "str") {
      try {
        return { k: "re", re: awkRegex(e.v) };
      } catch (err) {
        if (!(err instanceof AwkRegexError)) throw err;
        this.errors.push(this.lx.compileError(`regular expression compile failed (${err.message})\n${e.v}`));
        throw new ParseStop();
      }
    }
    return e;
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.type) {
      case "DOUBLE":
        this.advance();
        return { k: "num", v: Number(t.value) };
      case "STRING_":
        this.advance();
        return { k: "str", v: String(t.value) };
      case "RE": {
        this.advance();
        try {
          return { k: "re", re: awkRegex(String(t.value)) };
        } catch (err) {
          if (!(err instanceof AwkRegexError)) throw err;
          this.errors.push(
            this.lx.compileError(`regular expression compile failed (${err.message})\n${t.value}`),
          );
          throw new ParseStop();
        }
      }
      case "ID":
        this.advance();
        return this.postfixId(t);
      case "LPAREN": {
        this.advance();
        const items = [this.expr()];
        while (this.accept("COMMA")) items.push(this.expr());
        this.expect("RPAREN");
        if (items.length === 1) {
          const inner = items[0];
          // `(field)` is still a field (an lvalue)
          if ((inner.k === "field" || inner.k === "pfield") && this.at("INC_or_DEC")) {
            const op = this.advance().value as "+" | "-";
            return { k: "incdec", pre: false, op, target: inner };
          }
          if (inner.k === "field" || inner.k === "pfield") return inner;
          return { k: "group", items };
        }
        return { k: "group", items };
      }
      case "INC_or_DEC": {
        this.advance();
        const op = t.value as "+" | "-";
        const target = this.fvalue();
        return { k: "incdec", pre: true, op, target };
      }
      case "FIELD":
      case "DOLLAR": {
        const f = this.field();
        if (this.at("INC_or_DEC")) {
          const op = this.advance().value as "+" | "-";
          return { k: "incdec", pre: false, op, target: f };
        }
        return f;
      }
      case "BUILTIN":
        return this.builtin();
      case "LENGTH":
        this.advance();
        return { k: "builtin", name: "length", args: [] };
      case "FUNCT_ID":
        return this.call();
      case "SPLIT": {
        this.advance();
        this.expect("LPAREN");
        const s = this.expr();
        this.expect("COMMA");
        const id = this.expect("ID");
        this.useArray(String(id.value));
        let sep: Expr | null = null;
        if (this.accept("COMMA")) {
          sep = this.expr();
          if (sep.k === "str") sep = { k: "str", v: sep.v };
        }
        this.expect("RPAREN");
        return { k: "split", s, name: String(id.value), sep };
      }
      case "MATCH_FUNC": {
        this.advance();
        this.expect("LPAREN");
        const s = this.expr();
        this.expect("COMMA");
        const re = this.regexArg(this.expr());
        this.expect("RPAREN");
        return { k: "matchf", s, re };
      }
      case "SUB":
      case "GSUB": {
        this.advance();
        this.expect("LPAREN");
        const re = this.regexArg(this.expr());
        this.expect("COMMA");
        const repl = this.expr();
        let target: LValue | null = null;
        if (this.accept("COMMA")) target = this.fvalue();
        this.expect("RPAREN");
        return { k: "sub", global: t.type === "GSUB", re, repl, target };
      }
      case "GETLINE": {
        this.advance();
        this.lx.getlineFlag = true;
        let target: LValue | null = null;
        if (this.at("ID") || this.at("FIELD") || this.at("DOLLAR")) target = this.fvalue();
        if (this.at("IO_IN")) {
          this.advance();
          this.lx.getlineFlag = false;
          const file = ungroup(this.pexpr(14), this);
          return { k: "getline", target, file, cmd: null };
        }
        this.lx.getlineFlag = false;
        return { k: "getline", target, file: null, cmd: null };
      }
      default:
        this.syntaxError();
    }
  }

  private builtin(): Expr {
    const t = this.advance();
    const name = String(t.value);
    const [min, max] = BUILTINS[name];
    this.expect("LPAREN");
    let args: Expr[] = [];
    // parse.y: `BUILTIN mark LPAREN ID RPAREN` (length(array) and friends)
    if (this.at("ID")) {
      const id = this.advance();
      if (this.at("RPAREN")) {
        this.advance();
        const vn = String(id.value);
        if (min > 1 || max < 1) this.compileError(`wrong number of arguments in call to ${name}`);
        const kind = this.locals?.has(vn) ? this.locals.get(vn) : this.globals.get(vn);
        if (name === "length" && kind === "array")
          return { k: "builtin", name: "length_array", args: [{ k: "var", name: vn }] };
        this.useVar(vn);
        return { k: "builtin", name, args: [{ k: "var", name: vn }] };
      }
      args = [this.exprFromId(id)];
      while (this.accept("COMMA")) args.push(this.expr());
    } else if (!this.at("RPAREN")) args = this.args();
    this.expect("RPAREN");
    if (min > args.length || max < args.length)
      this.compileError(`wrong number of arguments in call to ${name}`);
    return { k: "builtin", name, args };
  }

  private call(): Expr {
    const t = this.advance();
    const name = String(t.value);
    this.expect("LPAREN");
    const args: Expr[] = [];
    if (!this.at("RPAREN")) {
      for (;;) {
        // a bare ID is passed as is (it may be an array)
        if (this.at("ID")) {
          const id = this.advance();
          if (this.at("COMMA") || this.at("RPAREN")) {
            args.push({ k: "var", name: String(id.value) });
          } else {
            args.push(this.exprFromId(id));
          }
        } else args.push(this.expr());
        if (!this.accept("COMMA")) break;
      }
    }
    this.expect("RPAREN");
    this.calls.push({
      name,
      line: t.line,
      args: args.map((a) => (a.k === "var" ? this.kindOf(a.name) : "expr")),
    });
    return { k: "call", name, args, line: t.line };
  }

  private kindOf(name: string): "var" | "array" | "none" {
    if (this.locals?.has(name)) return this.locals.get(name)!;
    return this.globals.get(name) ?? "none";
  }
}

function isLValue(e: Expr): e is LValue {
  return e.k === "var" || e.k === "elem" || e.k === "field" || e.k === "pfield";
}

function ungroup(e: Expr, p: Parser): Expr {
  if (e.k !== "group") return e;
  if (e.items.length === 1) return e.items[0];
  p.syntaxError();
}
