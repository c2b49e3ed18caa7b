import { describe, expect, test } from "vitest";
import {
  compileRegex,
  SYNTAX_EGREP,
  SYNTAX_GREP,
  SYNTAX_SED_BASIC,
  SYNTAX_SED_EXTENDED,
  RE,
} from "./index.js";

const ere = (p: string) => compileRegex(p, { syntax: SYNTAX_EGREP }).regex;
const bre = (p: string) => compileRegex(p, { syntax: SYNTAX_GREP }).regex;

describe("POSIX matching (leftmost-longest)", () => {
  test("alternation picks the longest match, not the first", () => {
    expect(ere("a|ab").search("abcd", 0)).toEqual({ start: 0, end: 2 });
    expect(ere("(ab|a)(c|bcd)").search("abcd", 0)).toEqual({ start: 0, end: 4 });
  });
  test("the leftmost start wins over a longer match further right", () => {
    expect(ere("b|abc").search("xabc", 0)).toEqual({ start: 1, end: 4 });
    expect(ere("a.*z|b").search("abz", 0)).toEqual({ start: 0, end: 3 });
  });
  test("empty matches and anchors", () => {
    expect(ere("x*").search("abc", 0)).toEqual({ start: 0, end: 0 });
    expect(ere("c$").search("abc", 0)).toEqual({ start: 2, end: 3 });
    expect(ere("^b").search("abc", 1)).toBeNull();
    expect(ere("$").search("abc", 0)).toEqual({ start: 3, end: 3 });
  });
  test("GNU word operators", () => {
    expect(bre("\\<foo\\>").search("xfoo foo", 0)).toEqual({ start: 5, end: 8 });
    expect(bre("\\bx").search("ax x", 0)).toEqual({ start: 3, end: 4 });
    expect(bre("\\w\\+").search("  hi_1 ", 0)).toEqual({ start: 2, end: 6 });
    expect(bre("\\s").search("a b", 0)).toEqual({ start: 1, end: 2 });
  });
  test("BRE \\+ \\? \\| and intervals", () => {
    expect(bre("a\\+").search("baaa", 0)).toEqual({ start: 1, end: 4 });
    expect(bre("ab\\?c").test("ac")).toBe(true);
    expect(bre("x\\|yy").search("ayy", 0)).toEqual({ start: 1, end: 3 });
    expect(bre("[0-9]\\{2,3\\}").search("1 2345", 0)).toEqual({ start: 2, end: 5 });
  });
  test("bracket expressions and classes (C locale)", () => {
    expect(ere("[[:digit:]]+").search("ip 10.0", 0)).toEqual({ start: 3, end: 5 });
    expect(ere("[]a]+").search("x]a]", 0)).toEqual({ start: 1, end: 4 });
    expect(ere("[^a-z]").search("abC", 0)).toEqual({ start: 2, end: 3 });
    const icase = compileRegex("[a-c]x", { syntax: SYNTAX_GREP | RE.ICASE }).regex;
    expect(icase.test("BX")).toBe(true);
  });
  test("back-references", () => {
    expect(ere("(.)\\1").search("abccd", 0)).toEqual({ start: 2, end: 4 });
    expect(bre("\\(a*\\)b\\1").search("xaabaa", 0)).toEqual({ start: 1, end: 6 });
  });
  test("sub-matches follow glibc: first path in priority order that gives the overall match", () => {
    expect(compileRegex("\\(a\\|ab\\)\\(b*\\)", { syntax: SYNTAX_SED_BASIC }).regex.exec("abb", 0)).toEqual([
      0, 3, 0, 1, 1, 3,
    ]);
    expect(compileRegex("(x)?(y)", { syntax: SYNTAX_SED_EXTENDED }).regex.exec("y", 0)).toEqual([
      0, 1, -1, -1, 0, 1,
    ]);
  });
  test("pathological patterns finish (no exponential backtracking)", () => {
    expect(ere("(a*)*b").search("a".repeat(5000), 0)).toBeNull();
    expect(ere("(a|aa)+c").search("a".repeat(3000), 0)).toBeNull();
    expect(ere("(.)\\1(x|y)*z").search("aa" + "xy".repeat(20), 0)).toBeNull();
  });
});

describe("syntax errors carry glibc's messages", () => {
  const err = (p: string, syntax = SYNTAX_GREP) => {
    try {
      compileRegex(p, { syntax, confusingBracketsError: true });
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  test.each([
    ["[", "Invalid regular expression"],
    ["[a", "Unmatched [, [^, [:, [., or [="],
    ["a\\{1", "Unmatched \\{"],
    ["\\(", "Unmatched ( or \\("],
    ["\\)", "Unmatched ) or \\)"],
    ["x\\{2,1\\}", "Invalid content of \\{\\}"],
    ["a\\", "Trailing backslash"],
    ["\\1", "Invalid back reference"],
    ["[z-a]", "Invalid range end"],
    ["[[:foo:]]", "Invalid character class name"],
    ["[:space:]", "character class syntax is [[:space:]], not [:space:]"],
  ])("%s", (p, msg) => expect(err(p)).toBe(msg));
  test("ERE treats an invalid interval as ordinary characters", () => {
    expect(err("a{1", SYNTAX_EGREP)).toBeNull();
  });
  test("ERE leading repetition is accepted with dfa.c's warning", () => {
    expect(compileRegex("*a", { syntax: SYNTAX_EGREP, startWarnings: true }).warnings).toEqual([
      "* at start of expression",
    ]);
  });
});
