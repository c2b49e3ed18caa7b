import { describe, expect, test } from "vitest";
import { getopt, type LongOption } from "./getopt.js";

const LONG: LongOption[] = [
  { name: "context", arg: "required", key: "C" },
  { name: "color", arg: "optional", key: "color" },
  { name: "colour", arg: "optional", key: "color" },
  { name: "count", arg: "none", key: "c" },
];

describe("GNU getopt_long", () => {
  test("clusters, attached and separate arguments, permutation", () => {
    const r = getopt(["grep", "-nA1", "pat", "-B", "2", "file"], { short: "nA:B:", long: LONG });
    expect(r.options.map((o) => [o.key, o.value])).toEqual([
      ["n", undefined],
      ["A", "1"],
      ["B", "2"],
    ]);
    expect(r.operands).toEqual(["pat", "file"]);
  });
  test("`--` ends the options; a lone `-` is an operand", () => {
    const r = getopt(["x", "-", "--", "-n"], { short: "n" });
    expect(r.operands).toEqual(["-", "-n"]);
  });
  test("unique prefixes and identical alternatives are not ambiguous", () => {
    expect(getopt(["g", "--col=always"], { short: "", long: LONG }).options[0]).toMatchObject({
      key: "color",
      value: "always",
    });
    expect(getopt(["g", "--cou"], { short: "", long: LONG }).options[0].key).toBe("c");
  });
  test("glibc's diagnostics", () => {
    const e = (argv: string[]) => getopt(argv, { short: "A:n", long: LONG }).error;
    expect(e(["g", "-z"])).toBe("g: invalid option -- 'z'");
    expect(e(["g", "-A"])).toBe("g: option requires an argument -- 'A'");
    expect(e(["g", "--foo=1"])).toBe("g: unrecognized option '--foo=1'");
    expect(e(["g", "--count=3"])).toBe("g: option '--count' doesn't allow an argument");
    expect(e(["g", "--context"])).toBe("g: option '--context' requires an argument");
    expect(e(["g", "--co"])).toBe(
      "g: option '--co' is ambiguous; possibilities: '--context' '--color' '--colour' '--count'",
    );
  });
  test("stopAtOperand (optstring '+')", () => {
    const r = getopt(["tr", "a", "-d"], { short: "d", stopAtOperand: true });
    expect(r.options).toEqual([]);
    expect(r.operands).toEqual(["a", "-d"]);
  });
});
