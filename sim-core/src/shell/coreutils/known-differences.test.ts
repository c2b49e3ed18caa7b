/**
 * Where these utilities deliberately differ from Debian (see README.md): they cannot write
 * files, walk directories or run real programs. These tests pin the chosen behaviour.
 */
import { describe, expect, test } from "vitest";
import { runTool } from "./conformance/harness.js";

describe("deliberate differences", () => {
  test("sed: w FILE other than /dev/stdout or /dev/stderr is refused at compile time", () => {
    expect(runTool(["sed", "w out.txt"], "a\n")).toEqual({
      stdout: "",
      stderr: "sed: couldn't open file out.txt: Read-only file system\n",
      status: 4,
    });
  });
  test("sed -i is refused", () => {
    expect(runTool(["sed", "-i", "s/a/b/", "f"], "", { f: "a\n" }).status).toBe(4);
  });
  test("sed --debug and sort --debug are not implemented: rejected as unknown options", () => {
    expect(runTool(["sed", "--debug", "p"], "a\n").stderr).toMatch(/^sed: unrecognized option '--debug'\n/);
    expect(runTool(["sort", "--debug"], "a\n").stderr).toBe(
      "sort: unrecognized option '--debug'\nTry 'sort --help' for more information.\n",
    );
  });
  test("awk: output redirection to a file is refused", () => {
    expect(runTool(["awk", 'BEGIN { print "x" > "out.txt" }'])).toEqual({
      stdout: "",
      stderr: 'awk: cannot open "out.txt" for output (Read-only file system)\n',
      status: 2,
    });
  });
  test("awk: pipes run the simulator's own utilities; others are not found", () => {
    expect(runTool(["awk", '{ print | "sort -r" }'], "a\nb\n").stdout).toBe("b\na\n");
    expect(runTool(["awk", 'BEGIN { system("date") }'])).toMatchObject({
      stderr: "sh: 1: date: not found\n",
    });
  });
  test("awk: srand/rand are seeded deterministically (mawk seeds from the clock)", () => {
    expect(runTool(["awk", "BEGIN { print rand() }"]).stdout).toBe(
      runTool(["awk", "BEGIN { print rand() }"]).stdout,
    );
  });
  test("grep --color=auto never colours: the output is not known to be a terminal", () => {
    expect(runTool(["grep", "--color=auto", "a"], "a\n").stdout).toBe("a\n");
  });
  test("sort -o FILE is refused (except /dev/stdout)", () => {
    expect(runTool(["sort", "-o", "x"], "b\na\n").stderr).toBe(
      "sort: open failed: x: Read-only file system\n",
    );
    expect(runTool(["sort", "-o", "/dev/stdout"], "b\na\n").stdout).toBe("a\nb\n");
  });
});

describe("runaway programs stop (no ^C in a browser tab)", () => {
  test("awk", () => {
    const r = runTool(["awk", "BEGIN { while (1) x++ }"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/runaway loops/);
  });
  test("awk recursion", () => {
    const r = runTool(["awk", "function f(n) { return f(n + 1) } BEGIN { f(1) }"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nesting too deep/);
  });
  test("sed", () => {
    const r = runTool(["sed", ":a;ba"], "x\n");
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/runaway scripts/);
  });
});
