/** bash arithmetic (expr.c): values, precedence, bases, assignment, and the error messages. */
import { describe, expect, it } from "vitest";
import { evalArith, ArithError, type ArithVars } from "./arith";

function vars(init: Record<string, string> = {}): ArithVars & { store: Map<string, string> } {
  const store = new Map(Object.entries(init));
  return {
    store,
    get: (n, sub) => store.get(sub === undefined ? n : `${n}[${sub}]`),
    set: (n, v, sub) => void store.set(sub === undefined ? n : `${n}[${sub}]`, String(v)),
  };
}

const ev = (e: string, v = vars()) => evalArith(e, v).toString();

function err(e: string): string {
  try {
    evalArith(e, vars());
  } catch (x) {
    if (x instanceof ArithError) return x.text;
    throw x;
  }
  return "no error";
}

describe("arithmetic", () => {
  it("computes with C precedence and 64-bit wrap-around", () => {
    expect(ev("6*7")).toBe("42");
    expect(ev("1 + 2 * 3 ** 2")).toBe("19");
    expect(ev("-17 / 5")).toBe("-3");
    expect(ev("-17 % 5")).toBe("-2");
    expect(ev("2**63")).toBe("-9223372036854775808");
    expect(ev("-2**63 / -1")).toBe("-9223372036854775808");
    expect(ev("9223372036854775807 + 1")).toBe("-9223372036854775808");
    expect(ev("1 << 8 | 1")).toBe("257");
    expect(ev("~0")).toBe("-1");
    expect(ev("!5")).toBe("0");
    expect(ev("1 ? 10 : 20")).toBe("10");
    expect(ev("1, 2")).toBe("2");
    expect(ev("5 > 3 && 2 < 1")).toBe("0");
    expect(ev("")).toBe("0");
  });

  it("reads numbers in any base", () => {
    expect(ev("0xff")).toBe("255");
    expect(ev("010")).toBe("8");
    expect(ev("2#1010")).toBe("10");
    expect(ev("16#ff")).toBe("255");
    expect(ev("64#@_")).toBe("4031");
    expect(ev("36#z")).toBe("35");
  });

  it("assigns and increments variables, and evaluates their values", () => {
    const v = vars({ x: "5", e: "1+2" });
    expect(ev("x++ + ++x", v)).toBe("12");
    expect(v.store.get("x")).toBe("7");
    expect(ev("x *= 2", v)).toBe("14");
    expect(ev("e * 2", v)).toBe("6");
    expect(ev("unset + 1", v)).toBe("1");
    expect(ev("0 && (y = 5)", v)).toBe("0");
    expect(v.store.has("y")).toBe(false);
    expect(ev("a[2] = 7", v)).toBe("7");
    expect(v.store.get("a[2]")).toBe("7");
  });

  it("reports errors as bash does, with the error token", () => {
    expect(err("1/0")).toBe('1/0: division by 0 (error token is "0")');
    expect(err(" 1/0 ")).toBe('1/0 : division by 0 (error token is "0 ")');
    expect(err("1+")).toBe('1+: syntax error: operand expected (error token is "+")');
    expect(err(" 09 ")).toBe('09: value too great for base (error token is "09")');
    expect(err("2#102")).toBe('2#102: value too great for base (error token is "2#102")');
    expect(err("3 ** -1 ")).toBe('3 ** -1 : exponent less than 0 (error token is "1 ")');
    expect(err("a b ")).toBe('a b : syntax error in expression (error token is "b ")');
    expect(err("x = ")).toBe('x = : syntax error: operand expected (error token is "= ")');
    expect(err("1 = 2")).toBe('1 = 2: attempted assignment to non-variable (error token is "= 2")');
    expect(err("(1 + 2")).toBe('(1 + 2: missing `)\' (error token is "2")');
    expect(err("1 @ 2")).toBe('1 @ 2: syntax error: invalid arithmetic operator (error token is "@ 2")');
    expect(err("0 && 1/0")).toBe("no error");
  });
});
