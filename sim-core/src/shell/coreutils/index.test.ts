import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { coreutils, runCommandLine } from "./index.js";
import { runTool } from "./conformance/harness.js";

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
