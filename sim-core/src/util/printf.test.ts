import { describe, expect, it } from "vitest";
import { sprintf } from "./printf";

describe("sprintf", () => {
  it("formats like C", () => {
    expect(sprintf("%-14s|", "UP")).toBe("UP            |");
    expect(sprintf("%5d|%-5d|%05d", 42, 42, 42)).toBe("   42|42   |00042");
    expect(sprintf("%x %X %#x %08x", 255, 255, 255, 255)).toBe("ff FF 0xff 000000ff");
    expect(sprintf("%.3f %.2f %.1f", 0.0994, 1.399, 3.29)).toBe("0.099 1.40 3.3");
    expect(sprintf("%g %g %g %g", 100000, 1000000, 0.0001, 3.14159265)).toBe("100000 1e+06 0.0001 3.14159");
    expect(sprintf("%s %%", "x")).toBe("x %");
    expect(sprintf("%*d|%-*s|", 4, 7, 3, "a")).toBe("   7|a  |");
    expect(sprintf("%u", -1)).toBe("4294967295");
    expect(sprintf("%e", 12345.678)).toBe("1.234568e+04");
  });
});
