/**
 * Shell arithmetic as bash's expr.c evaluates it: 64-bit two's-complement integers, C operator
 * precedence with `**`, assignment operators, pre/post increment, `?:`, the comma, numbers in
 * any base (0x…, 0…, BASE#DIGITS), variables whose values are themselves evaluated, and bash's
 * error messages with the "error token" being the text from the last token read.
 */

export interface ArithVars {
  /** A variable's value (`sub` for `name[sub]`); undefined when unset. */
  get(name: string, sub?: string): string | undefined;
  set(name: string, value: bigint, sub?: string): void;
}

/** An arithmetic error: `expr: msg (error token is "tok")`. */
export class ArithError {
  constructor(
    readonly expr: string,
    readonly msg: string,
    readonly token: string,
  ) {}

  get text(): string {
    return `${this.expr}: ${this.msg} (error token is "${this.token}")`;
  }
}

const MAX_DEPTH = 1024;
/**
 * Operands nested in one expression (parentheses, unary operators). bash's C stack goes deeper;
 * a fixed limit gives the same answer on every JavaScript stack.
 */
const MAX_NESTING = 256;

const enum T {
  EOF = 0,
  NUM,
  STR,
  OP,
}

const wrap = (v: bigint) => BigInt.asIntN(64, v);

function isStarter(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

class Evaluator {
  private tp = 0;
  private lasttp = 0;
  private tok: T = T.EOF;
  /** The operator text of the current token when tok === OP. */
  private op = "";
  private lastTok: T = T.EOF;
  private lastOp = "";
  private val = 0n;
  /** The variable name (with subscript) of the current STR token. */
  private name = "";
  private sub: string | undefined;
  private noeval = 0;
  /** Operands being evaluated inside one another (parentheses, unary operators). */
  private nesting = 0;
  private readonly shown: string;

  constructor(
    private readonly s: string,
    private readonly vars: ArithVars,
    private readonly depth: number,
  ) {
    this.shown = s.replace(/^[ \t\n]+/, "");
  }

  private numEnd: number | undefined;

  private fail(msg: string, token?: string): never {
    if (this.numEnd !== undefined) {
      const shown = this.s.slice(0, this.numEnd).replace(/^[ \t\n]+/, "");
      throw new ArithError(shown, msg, this.s.slice(this.lasttp, this.numEnd));
    }
    throw new ArithError(this.shown, msg, token ?? this.s.slice(this.lasttp));
  }

  run(): bigint {
    this.readtok();
    if (this.cur() === T.EOF) return 0n;
    const v = this.expcomma();
    if (this.cur() !== T.EOF) this.fail("syntax error in expression");
    return v;
  }

  private readtok(): void {
    const s = this.s;
    let cp = this.tp;
    while (cp < s.length && /[ \t\n\r]/.test(s[cp])) cp++;
    if (cp >= s.length) {
      this.lastTok = this.tok;
      this.lastOp = this.op;
      this.tok = T.EOF;
      this.op = "";
      this.tp = cp;
      return;
    }
    this.lasttp = this.tp = cp;
    const c = s[cp];
    this.lastTok = this.tok;
    this.lastOp = this.op;
    if (isStarter(c)) {
      let e = cp;
      while (isNameChar(s[e])) e++;
      const name = s.slice(cp, e);
      let sub: string | undefined;
      if (s[e] === "[") {
        let depth = 0;
        let k = e;
        for (; k < s.length; k++) {
          if (s[k] === "[") depth++;
          else if (s[k] === "]" && --depth === 0) break;
        }
        if (k >= s.length) this.fail("bad array subscript");
        sub = s.slice(e + 1, k);
        e = k + 1;
      }
      this.tp = e;
      this.name = name;
      this.sub = sub;
      this.val = this.noeval ? 0n : this.varValue(name, sub);
      this.tok = T.STR;
      this.op = "";
      return;
    }
    if (/[0-9]/.test(c)) {
      let e = cp;
      while (e < s.length && /[A-Za-z0-9#@_]/.test(s[e])) e++;
      this.tp = e;
      // bash terminates the expression at the number while converting it
      this.numEnd = e;
      this.val = this.strlong(s.slice(cp, e));
      this.numEnd = undefined;
      this.tok = T.NUM;
      this.op = "";
      return;
    }
    const c1 = s[cp + 1];
    let op = c;
    let len = 1;
    const two = c + (c1 ?? "");
    if (
      two === "==" ||
      two === "!=" ||
      two === ">=" ||
      two === "<=" ||
      two === "&&" ||
      two === "||" ||
      two === "**"
    ) {
      op = two;
      len = 2;
    } else if (two === "<<" || two === ">>") {
      op = two;
      len = 2;
      if (s[cp + 2] === "=") {
        op = two + "=";
        len = 3;
      }
    } else if ((c === "-" || c === "+") && c1 === c && this.tok === T.STR) {
      op = c === "-" ? "post--" : "post++";
      len = 2;
    } else if ((c === "-" || c === "+") && c1 === c) {
      let x = cp + 2;
      while (x < s.length && /[ \t\n]/.test(s[x])) x++;
      if (isStarter(s[x])) {
        op = c === "-" ? "pre--" : "pre++";
        len = 2;
      }
    } else if (c1 === "=" && "*/%+-&^|".includes(c)) {
      op = two;
      len = 2;
    } else if (!"=<>&|^!~+-*/%?:,()".includes(c)) {
      if ((this.tok as T) === T.EOF || (this.tok === T.OP && this.op !== ")" && !this.op.startsWith("post")))
        this.fail("syntax error: operand expected");
      this.fail("syntax error: invalid arithmetic operator");
    }
    this.tp = cp + len;
    this.tok = T.OP;
    this.op = op;
  }

  private varValue(name: string, sub: string | undefined): bigint {
    const v = this.vars.get(name, sub === undefined ? undefined : this.subscript(sub));
    if (v === undefined || v === "") return 0n;
    if (/^[ \t]*-?[0-9]+[ \t]*$/.test(v) && !/^[ \t]*-?0[0-9]/.test(v)) return wrap(BigInt(v.trim()));
    if (this.depth >= MAX_DEPTH) this.fail("expression recursion level exceeded");
    return new Evaluator(v, this.vars, this.depth + 1).run();
  }

  private subscript(sub: string): string {
    if (sub === "@" || sub === "*") return sub;
    return String(new Evaluator(sub, this.vars, this.depth + 1).run());
  }

  private strlong(num: string): bigint {
    let base = 10n;
    let digits = num;
    if (/^0[xX]/.test(num)) {
      base = 16n;
      digits = num.slice(2);
      if (!digits) this.fail("invalid number", num);
    } else if (num.includes("#")) {
      const [b, d] = [num.slice(0, num.indexOf("#")), num.slice(num.indexOf("#") + 1)];
      const bn = /^[0-9]+$/.test(b) ? parseInt(b, 10) : NaN;
      if (!(bn >= 2 && bn <= 64)) this.fail("invalid arithmetic base", num);
      base = BigInt(bn);
      digits = d;
      if (!digits) this.fail("invalid integer constant", num);
    } else if (num.length > 1 && num[0] === "0") {
      base = 8n;
      digits = num.slice(1);
    }
    let v = 0n;
    for (const ch of digits) {
      let d: number;
      if (/[0-9]/.test(ch)) d = ch.charCodeAt(0) - 48;
      else if (/[a-z]/.test(ch)) d = ch.charCodeAt(0) - 97 + 10;
      else if (/[A-Z]/.test(ch)) d = ch.charCodeAt(0) - 65 + (base <= 36n ? 10 : 36);
      else if (ch === "@") d = 62;
      else if (ch === "_") d = 63;
      else this.fail("invalid number", num);
      if (BigInt(d) >= base) this.fail("value too great for base", num);
      v = wrap(v * base + BigInt(d));
    }
    return v;
  }

  private cur(): T {
    return this.tok;
  }

  private is(op: string): boolean {
    return this.tok === T.OP && this.op === op;
  }

  private expcomma(): bigint {
    let v = this.expassign();
    while (this.is(",")) {
      this.readtok();
      v = this.expassign();
    }
    return v;
  }

  private expassign(): bigint {
    const v = this.expcond();
    if (this.tok === T.OP && (this.op === "=" || /^([*/%+\-&^|]|<<|>>)=$/.test(this.op))) {
      const op = this.op;
      if (this.lastTok !== T.STR) this.fail("attempted assignment to non-variable");
      const name = this.name;
      const sub = this.sub;
      const lhs = this.val;
      this.readtok();
      if (this.cur() === T.EOF) this.fail("syntax error: operand expected");
      let value = this.expassign();
      if (op !== "=") value = this.binop(op.slice(0, -1), lhs, value);
      if (!this.noeval) this.vars.set(name, value, sub === undefined ? undefined : this.subscript(sub));
      return value;
    }
    return v;
  }

  private expcond(): bigint {
    const cond = this.explor();
    if (!this.is("?")) return cond;
    this.readtok();
    if (this.cur() === T.EOF || this.is(":")) this.fail("expression expected");
    if (cond === 0n) this.noeval++;
    const a = this.expcomma();
    if (cond === 0n) this.noeval--;
    if (!this.is(":")) this.fail("`:' expected for conditional expression");
    this.readtok();
    if (this.cur() === T.EOF) this.fail("expression expected");
    if (cond !== 0n) this.noeval++;
    const b = this.expcond();
    if (cond !== 0n) this.noeval--;
    return cond !== 0n ? a : b;
  }

  private explor(): bigint {
    let v = this.expland();
    while (this.is("||")) {
      const set = v !== 0n;
      if (set) this.noeval++;
      this.readtok();
      const r = this.expland();
      if (set) this.noeval--;
      v = set || r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private expland(): bigint {
    let v = this.expbor();
    while (this.is("&&")) {
      const zero = v === 0n;
      if (zero) this.noeval++;
      this.readtok();
      const r = this.expbor();
      if (zero) this.noeval--;
      v = !zero && r !== 0n ? 1n : 0n;
    }
    return v;
  }

  private level(ops: string[], next: () => bigint): bigint {
    let v = next();
    while (this.tok === T.OP && ops.includes(this.op)) {
      const op = this.op;
      this.readtok();
      const r = next();
      v = this.binop(op, v, r);
    }
    return v;
  }

  private expbor(): bigint {
    return this.level(["|"], () => this.expbxor());
  }
  private expbxor(): bigint {
    return this.level(["^"], () => this.expband());
  }
  private expband(): bigint {
    return this.level(["&"], () => this.exp5());
  }
  private exp5(): bigint {
    return this.level(["==", "!="], () => this.exp4());
  }
  private exp4(): bigint {
    return this.level(["<", ">", "<=", ">="], () => this.expshift());
  }
  private expshift(): bigint {
    return this.level(["<<", ">>"], () => this.exp3());
  }
  private exp3(): bigint {
    return this.level(["+", "-"], () => this.exp2());
  }
  private exp2(): bigint {
    return this.level(["*", "/", "%"], () => this.exppower());
  }

  private binop(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case "|":
        return a | b;
      case "^":
        return a ^ b;
      case "&":
        return a & b;
      case "==":
        return a === b ? 1n : 0n;
      case "!=":
        return a !== b ? 1n : 0n;
      case "<":
        return a < b ? 1n : 0n;
      case ">":
        return a > b ? 1n : 0n;
      case "<=":
        return a <= b ? 1n : 0n;
      case ">=":
        return a >= b ? 1n : 0n;
      case "<<":
        return wrap(a << (b & 63n));
      case ">>":
        return a >> (b & 63n);
      case "+":
        return wrap(a + b);
      case "-":
        return wrap(a - b);
      case "*":
        return wrap(a * b);
      case "/":
      case "%":
        if (b === 0n) {
          if (this.noeval) return 0n;
          this.fail("division by 0");
        }
        if (b === -1n) return op === "/" ? wrap(-a) : 0n;
        return op === "/" ? a / b : a % b;
    }
    return 0n;
  }

  private exppower(): bigint {
    const v = this.exp1();
    if (this.is("**")) {
      this.readtok();
      const e = this.exppower();
      if (e < 0n) {
        if (this.noeval) return 0n;
        this.fail("exponent less than 0");
      }
      let r = 1n;
      let base = v;
      let n = e;
      while (n > 0n) {
        if (n & 1n) r = wrap(r * base);
        base = wrap(base * base);
        n >>= 1n;
      }
      return r;
    }
    return v;
  }

  private exp1(): bigint {
    if (++this.nesting > MAX_NESTING) this.fail("expression recursion level exceeded");
    try {
      return this.exp1Body();
    } finally {
      this.nesting--;
    }
  }

  private exp1Body(): bigint {
    if (this.is("!")) {
      this.readtok();
      return this.exp1() === 0n ? 1n : 0n;
    }
    if (this.is("~")) {
      this.readtok();
      return ~this.exp1();
    }
    if (this.is("-")) {
      this.readtok();
      return wrap(-this.exp1());
    }
    if (this.is("+")) {
      this.readtok();
      return this.exp1();
    }
    return this.exp0();
  }

  private exp0(): bigint {
    if (this.is("pre++") || this.is("pre--")) {
      const inc = this.op === "pre++" ? 1n : -1n;
      this.readtok();
      if (this.tok !== T.STR) this.fail("identifier expected after pre-increment or pre-decrement");
      const v = wrap(this.val + inc);
      if (!this.noeval)
        this.vars.set(this.name, v, this.sub === undefined ? undefined : this.subscript(this.sub));
      this.readtok();
      return v;
    }
    if (this.is("(")) {
      this.readtok();
      const v = this.expcomma();
      if (!this.is(")")) this.fail("missing `)'");
      this.readtok();
      return v;
    }
    if (this.tok === T.NUM) {
      const v = this.val;
      this.readtok();
      return v;
    }
    if (this.tok === T.STR) {
      const v = this.val;
      const name = this.name;
      const sub = this.sub;
      this.readtok();
      if (this.is("post++") || this.is("post--")) {
        const nv = wrap(v + (this.op === "post++" ? 1n : -1n));
        if (!this.noeval) this.vars.set(name, nv, sub === undefined ? undefined : this.subscript(sub));
        this.readtok();
      }
      return v;
    }
    this.fail("syntax error: operand expected");
  }
}

/** Evaluates an arithmetic expression (already expanded); throws ArithError. */
export function evalArith(expr: string, vars: ArithVars): bigint {
  try {
    return new Evaluator(expr, vars, 0).run();
  } catch (e) {
    // thousands of nested parentheses or unary operators: the JavaScript stack runs out where
    // bash's C stack would not; answer with bash's own recursion error instead of crashing
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new ArithError(expr.replace(/^[ \t\n]+/, ""), "expression recursion level exceeded", expr.trim());
    throw e;
  }
}
