import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { coreutils, runCommandLine } from "./index.js";
import { runTool } from "./conformance/harness.js";
import { IS_A_DIRECTORY, NO_SUCH_FILE } from "./common.js";
import type { FileData } from "./types.js";

describe("registry", () => {
  test("has every utility under the names the shell uses", () => {
    expect(Object.keys(coreutils).sort()).toEqual(
      [
        "awk",
        "cat",
        "column",
        "cut",
        "egrep",
        "fgrep",
        "grep",
        "head",
        "mawk",
        "nl",
        "sed",
        "sort",
        "tac",
        "tail",
        "tr",
        "uniq",
        "wc",
      ].sort(),
    );
  });
  test("works on text: UTF-8 in and out", () => {
    expect(runTool(["tr", "a-z", "A-Z"], "héllo\n").stdout).toBe("HéLLO\n");
    expect(runTool(["wc", "-c"], "é\n").stdout).toBe("3\n");
    expect(runTool(["head", "-c", "2"], "héllo").stdout).toBe("h\ufffd");
  });
  test('pipelines of the utilities (awk\'s print | "cmd")', () => {
    expect(runCommandLine("sort -r | head -n 1", "a\nc\nb\n")).toEqual({
      stdout: "c\n",
      stderr: "",
      status: 0,
    });
    expect(runCommandLine("nosuch x", "")).toEqual({
      stdout: "",
      stderr: "sh: 1: nosuch: not found\n",
      status: 127,
    });
    expect(runCommandLine("echo 'a  b'", "")).toMatchObject({ stdout: "a  b\n" });
  });
});

describe("never throws", () => {
  const tools = Object.keys(coreutils);
  const arg = fc.oneof(
    fc.constantFrom(
      "-n",
      "-c",
      "-v",
      "-E",
      "-F",
      "-o",
      "-w",
      "-x",
      "-k2",
      "-t:",
      "-d",
      " ",
      "-f1",
      "-s",
      "-u",
      "--",
      "-",
      "1",
      "0",
      "-1",
      "99999999999999999999",
    ),
    fc.string({ maxLength: 6 }),
    fc.constantFrom("[", "\\(", "a*", "{print $1}", "s/a/b/g", "$", "^", "(", ")", "|", "[[:alpha:]]", "\\"),
  );
  test("on odd arguments and input", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...tools),
        fc.array(arg, { maxLength: 4 }),
        fc.string({ maxLength: 40 }),
        (tool, args, stdin) => {
          const r = runTool([tool, ...args], stdin);
          expect(typeof r.status).toBe("number");
          expect(r.stderr).not.toContain("internal error");
        },
      ),
      { numRuns: 1500 },
    );
  });
  test.each(Object.keys(coreutils))("%s on empty input, binary bytes and a huge line", (tool) => {
    for (const stdin of ["", "\0\x01\xff\n", "x".repeat(200000), "no newline"]) {
      const r = runTool(
        [
          tool,
          ...(tool === "sed"
            ? ["p"]
            : tool.endsWith("awk")
              ? ["{print NF}"]
              : tool.endsWith("grep")
                ? ["x"]
                : tool === "tr"
                  ? ["a", "b"]
                  : []),
        ],
        stdin,
      );
      expect(r.stderr).not.toContain("internal error");
    }
  });
});

describe("files that cannot be read", () => {
  const ARGS: Record<string, string[]> = {
    sed: ["p"],
    awk: ["1"],
    mawk: ["1"],
    tr: ["a", "b"],
    cut: ["-c1"],
  };
  const argsFor = (tool: string) => ARGS[tool] ?? (tool.endsWith("grep") ? ["x"] : []);
  test.each(Object.keys(coreutils))(
    "%s with a directory on standard input fails, in its own words",
    (tool) => {
      const r = runTool([tool, ...argsFor(tool)], IS_A_DIRECTORY);
      expect(r.status).not.toBe(0);
      // uniq alone says only "error reading '-'" (ferror, no errno)
      expect(r.stderr).toMatch(tool === "uniq" ? /error reading '-'/ : /Is a directory/);
      expect(r.stderr).not.toContain("internal error");
    },
  );
  test("the programs of awk's pipes read the caller's files", () => {
    const files: Record<string, FileData> = { a: "x\n", d: IS_A_DIRECTORY };
    const readFile = (p: string) => files[p] ?? NO_SUCH_FILE;
    expect(runCommandLine("cat a d", "", readFile)).toEqual({
      stdout: "x\n",
      stderr: "cat: d: Is a directory\n",
      status: 1,
    });
    expect(
      runTool(["awk", 'BEGIN { while (("cat a" | getline l) > 0) print "got", l }'], "", files).stdout,
    ).toBe("got x\n");
  });
  /** stdout and stderr in the order they reach one terminal or pipe */
  const merged = (argv: string[], isatty: boolean) => {
    let log = "";
    const status = coreutils[argv[0]]({
      argv,
      stdin: "",
      isatty,
      stdout: (s) => (log += s),
      stderr: (s) => (log += `[${s.trimEnd()}]\n`),
      readFile: (p) => (p === "f" ? "one\ntwo\n" : p === "d" ? IS_A_DIRECTORY : NO_SUCH_FILE),
    });
    return { log, status };
  };
  test("sed and mawk do not flush stdout before their messages: a pipe gets them first", () => {
    expect(merged(["sed", "-n", "p", "f", "d", "f"], false)).toEqual({
      log: "[sed: read error on d: Is a directory]\none\ntwo\n",
      status: 4,
    });
    expect(merged(["awk", "1", "f", "d"], false)).toEqual({
      log: "[awk: read error (Is a directory)]\none\ntwo\n",
      status: 2,
    });
    expect(merged(["sed", "p", "f", "missing"], false).log).toBe(
      "[sed: can't read missing: No such file or directory]\none\none\ntwo\ntwo\n",
    );
  });
  test("on a terminal stdout is line buffered: the lines come first", () => {
    expect(merged(["sed", "-n", "p", "f", "d", "f"], true).log).toBe(
      "one\ntwo\n[sed: read error on d: Is a directory]\n",
    );
    expect(merged(["awk", "1", "f", "d"], true).log).toBe("one\ntwo\n[awk: read error (Is a directory)]\n");
  });
  test("tac holds its output until the end; the coreutils flush before a message", () => {
    expect(merged(["tac", "f", "d"], true).log).toBe("[tac: d: read error: Is a directory]\ntwo\none\n");
    expect(merged(["cat", "f", "d", "f"], false).log).toBe("one\ntwo\n[cat: d: Is a directory]\none\ntwo\n");
  });
});
