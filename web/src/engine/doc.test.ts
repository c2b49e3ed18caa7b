import { describe, expect, it } from "vitest";
import { decodeShare, encodeShare, restore, titleOf } from "./doc";

describe("restore", () => {
  it("accepts a document and normalises it", () => {
    const r = restore({
      v: 1,
      script: "ip netns add RED\r\n",
      seed: 7,
      title: " My lab ",
      layout: { positions: { "ns:host/RED": { x: 10, y: 20 } } },
    });
    expect(r).toMatchObject({
      ok: true,
      doc: {
        script: "ip netns add RED\n",
        seed: 7,
        title: "My lab",
        layout: { positions: { "ns:host/RED": { x: 10, y: 20 } } },
      },
    });
  });

  it("refuses what is not a lab, without throwing", () => {
    for (const bad of [
      null,
      42,
      [],
      { v: 2, script: "" },
      { v: 1 },
      { v: 1, script: 5 },
      { v: 1, script: "#@frobnicate\n" },
      { v: 1, script: "a\u0000b" },
    ]) {
      expect(restore(bad).ok).toBe(false);
    }
  });

  it("drops bad layout entries and a bad seed, keeping the rest", () => {
    const r = restore({
      v: 1,
      script: "",
      seed: -3,
      layout: { positions: { a: { x: 1, y: 2 }, b: { x: "1", y: 2 }, c: { x: Infinity, y: 0 }, d: null } },
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.seed).toBe(1);
      expect(Object.keys(r.doc.layout.positions)).toEqual(["a"]);
      expect(r.warnings).toHaveLength(1);
    }
  });

  it("reads a bare script (an imported .sh file) with its title", () => {
    const r = restore("# Two namespaces\n#@machine a\nip netns add X\n");
    expect(r).toMatchObject({ ok: true, doc: { title: "Two namespaces" } });
    expect(titleOf("ip a\n")).toBe("Untitled lab");
  });
});

describe("share links", () => {
  it("round-trip through restore", async () => {
    const doc = {
      v: 1 as const,
      script: "ip netns add RED\n".repeat(50),
      seed: 3,
      title: "T",
      layout: { positions: { x: { x: 1, y: 2 } } },
    };
    const link = await encodeShare(doc);
    expect(link).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(link.length).toBeLessThan(200);
    const r = await decodeShare(link);
    expect(r).toMatchObject({ ok: true, doc: { script: doc.script, seed: 3, layout: doc.layout } });
  });

  it("refuses a damaged link", async () => {
    expect((await decodeShare("not-a-lab")).ok).toBe(false);
    expect((await decodeShare("")).ok).toBe(false);
  });
});
