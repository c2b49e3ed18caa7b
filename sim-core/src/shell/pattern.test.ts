/** Pattern matching for globs, case, [[ == ]] and ${var#pat}. */
import { describe, expect, it } from "vitest";
import { hasGlob, matchPattern, quotePattern, removeAffix, replacePattern } from "./pattern";

describe("patterns", () => {
  it("matches *, ? and bracket expressions", () => {
    expect(matchPattern("eth*", "eth0")).toBe(true);
    expect(matchPattern("eth?", "eth10")).toBe(false);
    expect(matchPattern("[a-c]x", "bx")).toBe(true);
    expect(matchPattern("[!a-c]x", "bx")).toBe(false);
    expect(matchPattern("[[:digit:]]*", "9lives")).toBe(true);
    expect(matchPattern("a\\*", "a*")).toBe(true);
    expect(matchPattern("a\\*", "ab")).toBe(false);
    expect(matchPattern(quotePattern("eth*"), "eth0")).toBe(false);
    expect(matchPattern("*", "a/b")).toBe(true);
    expect(matchPattern("*", "a/b", { pathname: true })).toBe(false);
  });

  it("knows which words are globs", () => {
    expect(hasGlob("l*")).toBe(true);
    expect(hasGlob("\\*")).toBe(false);
    expect(hasGlob("[a")).toBe(false);
    expect(hasGlob("[ab]")).toBe(true);
  });

  it("removes prefixes and suffixes, shortest and longest", () => {
    expect(removeAffix("a.b.c", ".*", "%")).toBe("a.b");
    expect(removeAffix("a.b.c", ".*", "%%")).toBe("a");
    expect(removeAffix("a.b.c", "*.", "#")).toBe("b.c");
    expect(removeAffix("a.b.c", "*.", "##")).toBe("c");
    expect(removeAffix("abc", "x", "#")).toBe("abc");
  });

  it("replaces the first, every, leading or trailing match", () => {
    expect(replacePattern("a.b.c", ".", "-", "/")).toBe("a-b.c");
    expect(replacePattern("a.b.c", ".", "-", "//")).toBe("a-b-c");
    expect(replacePattern("a.b.c", "a", "Z", "/#")).toBe("Z.b.c");
    expect(replacePattern("a.b.c", "c", "Z", "/%")).toBe("a.b.Z");
    expect(replacePattern("aaa", "a*", "X", "/")).toBe("X");
  });
});
