import { describe, expect, it } from "vitest";
import { restore, titleOf } from "./doc";

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
      { v: 1, script: "", title: 5 },
      { v: 1, script: "", lesson: "veth" },
      { v: 1, script: "", lesson: { text: "no title", step: 0 } },
    ]) {
      expect(restore(bad).ok).toBe(false);
    }
  });

  it("says why, in words", () => {
    expect(restore({ v: 3, script: "" })).toEqual({
      ok: false,
      error: "this lab was saved by a newer Hopscope (document version 3)",
    });
    expect(restore({ v: 1, script: "ip a\n\u001b[2J\n" })).toEqual({
      ok: false,
      error: "the lab script contains a control character (U+001B) on line 2",
    });
    const many = restore({ v: 1, script: "ip netns add X\n".repeat(5001) });
    expect(many).toEqual({ ok: false, error: "the lab has more than 5,000 commands (too many to replay)" });
    expect(restore({ v: 1, script: "ip netns add X\n".repeat(5000) }).ok).toBe(true);
  });

  it("reads the simulator's own directives as the simulator does (#@cluster, here-documents)", () => {
    expect(restore({ v: 1, script: "#@cluster k8s nodes=3 pod-network=10.244.0.0/16\n" }).ok).toBe(true);
    expect(restore({ v: 1, script: "#@cluster k8s nodes=999\n" })).toEqual({
      ok: false,
      error: "line 1: #@cluster: nodes must be between 1 and 155",
    });
    expect(restore({ v: 1, script: "cat <<EOF\n#@nonsense inside a here-document\nEOF\n" }).ok).toBe(false);
  });

  it("drops bad layout entries and a bad seed, keeping the rest", () => {
    const r = restore({
      v: 1,
      script: "",
      seed: -3,
      layout: {
        positions: {
          "m:a": { x: 1, y: 2 },
          "m:b": { x: "1", y: 2 },
          "m:c": { x: Infinity, y: 0 },
          "m:d": null,
          e: { x: 0, y: 0 },
        },
      },
      journey: { line: "x" },
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.seed).toBe(1);
      expect(Object.keys(r.doc.layout.positions)).toEqual(["m:a"]);
      expect(r.doc.journey).toBeUndefined();
      expect(r.warnings).toHaveLength(2);
    }
  });

  it("keeps a lesson by id or by text, with its step in range", () => {
    const text = "# L\n## One\n```check\nnetns A\n```\n## Two\n```check\nnetns B\n```\n";
    expect(restore({ v: 1, script: "", lesson: { text, step: 9, base: 2 } })).toMatchObject({
      ok: true,
      doc: { lesson: { text, step: 1, base: 2 } },
    });
    expect(restore({ v: 1, script: "", lesson: { id: "veth-pair", step: 3 } })).toMatchObject({
      ok: true,
      doc: { lesson: { id: "veth-pair", step: 3 } },
    });
  });

  it("reads a bare script (an imported .sh file) with its title", () => {
    const r = restore("#!/bin/bash\n# Two namespaces\n#@machine a\nip netns add X\n");
    expect(r).toMatchObject({ ok: true, doc: { title: "Two namespaces" } });
    expect(titleOf("ip a\n")).toBe("Untitled lab");
  });
});
