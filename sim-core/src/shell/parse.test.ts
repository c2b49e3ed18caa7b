/** The parser: structure, words with their quoting, and bash's syntax errors. */
import { describe, expect, it } from "vitest";
import { parse, ParseError, isIncomplete, type Command } from "./parse";
import { braceExpand } from "./interp";

function first(src: string): Command {
  return parse(src).items[0].first.cmds[0];
}

function error(src: string): ParseError {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error("parsed");
}

describe("parser", () => {
  it("parses simple commands, assignments and redirections", () => {
    const c = first("X=1 a[2]=y echo 'a b' \"$X\" >out 2>&1");
    expect(c.t).toBe("simple");
    if (c.t !== "simple") return;
    expect(c.assigns.map((a) => [a.name, a.sub])).toEqual([
      ["X", undefined],
      ["a", "2"],
    ]);
    expect(c.words.map((w) => w.raw)).toEqual(["echo", "'a b'", '"$X"']);
    expect(c.redirs.map((r) => [r.fd, r.op])).toEqual([
      [1, ">"],
      [2, ">&"],
    ]);
  });

  it("parses compound commands", () => {
    expect(first("if a; then b; elif c; then d; else e; fi").t).toBe("if");
    expect(first("for i in 1 2; do echo $i; done").t).toBe("for");
    expect(first("for ((i=0; i<3; i++)); do :; done").t).toBe("arithfor");
    expect(first("while false; do :; done").t).toBe("while");
    expect(first("case x in a|b) echo;; *) :;; esac").t).toBe("case");
    expect(first("[[ -f x && $y == z* ]]").t).toBe("cond");
    expect(first("(( x++ ))").t).toBe("arith");
    expect(first("( cd / )").t).toBe("subshell");
    expect(first("f() { echo hi; }").t).toBe("funcdef");
    expect(first("function g { :; }").t).toBe("funcdef");
    const a = first("arr=(1 'two three' [5]=x)");
    expect(a.t === "simple" && a.assigns[0].array?.length).toBe(3);
  });

  it("parses every ${…} form", () => {
    const p = (s: string) => {
      const c = first(`echo ${s}`);
      if (c.t !== "simple") throw new Error();
      const part = c.words[1][0];
      if (part.t !== "param") throw new Error(part.t);
      return part.e;
    };
    expect(p("${x:-a b}").op).toBe(":-");
    expect(p("${#x}").prefix).toBe("#");
    expect(p("${!x}").prefix).toBe("!");
    expect(p("${x##*.}").op).toBe("##");
    expect(p("${x//a/b}").rep).toBeDefined();
    expect(p("${x:1:2}").len).toBe("2");
    expect(p("${a[@]}").sub).toBe("@");
    expect(p("${x$}").bad).toBe(true);
  });

  it("reports syntax errors with bash's token", () => {
    expect(error("echo )").token).toBe(")");
    expect(error("if; then fi").token).toBe(";");
    expect(error("fi").token).toBe("fi");
    expect(error("a | | b").token).toBe("|");
    expect(error("case 2>&1").token).toBe("2");
    expect(error("echo 'x").incomplete).toBe(true);
  });

  it("knows unfinished input", () => {
    expect(isIncomplete("echo 'a")).toBe(true);
    expect(isIncomplete("ls |")).toBe(true);
    expect(isIncomplete("if true; then")).toBe(true);
    expect(isIncomplete("cat <<EOF")).toBe(true);
    expect(isIncomplete("echo a\\")).toBe(true);
    expect(isIncomplete("echo a")).toBe(false);
  });

  it("brace-expands words", () => {
    const words = (s: string) => {
      const c = first(`echo ${s}`);
      if (c.t !== "simple") throw new Error();
      return braceExpand(c.words[1]).map((w) => w.map((p) => (p.t === "lit" ? p.s : "?")).join(""));
    };
    expect(words("{1..3}")).toEqual(["1", "2", "3"]);
    expect(words("x{a,b,}y")).toEqual(["xay", "xby", "xy"]);
    expect(words("{05..11..3}")).toEqual(["05", "08", "11"]);
    expect(words("{a..c}{1,2}")).toEqual(["a1", "a2", "b1", "b2", "c1", "c2"]);
    expect(words('"{a,b}"')).toEqual(["{a,b}"]);
    expect(words("{a}")).toEqual(["{a}"]);
  });
});
