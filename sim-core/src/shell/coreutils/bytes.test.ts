import { describe, expect, test } from "vitest";
import { toBytes, Utf8Decoder } from "./bytes.js";

describe("UTF-8 at the boundary", () => {
  test("ASCII is unchanged, other text becomes one char per byte", () => {
    expect(toBytes("abc")).toBe("abc");
    expect(toBytes("é")).toBe("\xc3\xa9");
    expect(toBytes("✓")).toBe("\xe2\x9c\x93");
    expect(toBytes("😀")).toBe("\xf0\x9f\x98\x80");
  });
  test("decoding is streaming and replaces invalid bytes like TextDecoder", () => {
    const d = new Utf8Decoder();
    expect(d.write("h\xc3")).toBe("h");
    expect(d.write("\xa9!")).toBe("é!");
    expect(d.write("\xff")).toBe("\ufffd");
    expect(d.write("\xc3")).toBe("");
    expect(d.end()).toBe("\ufffd");
    expect(new Utf8Decoder().write("\xe2\x9c\n")).toBe("\ufffd\n");
  });
});
