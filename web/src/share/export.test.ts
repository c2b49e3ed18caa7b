import { describe, expect, it } from "vitest";
import { parseImport, realScript, toJson, toShellScript } from "./export";
import { encodeLink } from "./link";
import { restore, type LabDoc } from "../engine/doc";
import { runLab } from "../../../sim-core/src/lab/runner";

import BRIDGE_NAT from "../../../public/labs/bridge-nat.sh?raw";

function doc(script: string, extra: Partial<LabDoc> = {}): LabDoc {
  const r = restore({
    v: 1,
    script,
    title: "Bridge and NAT",
    description: "Two namespaces on a bridge.",
    ...extra,
  });
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

describe("export as .sh", () => {
  it("writes entered namespaces out so that bash running a file does the same", () => {
    const s = realScript(
      "ip netns add RED\nnsenter --net=/var/run/netns/RED\nip route\nping -c 1 'x y'\nexit\nip a\n",
    );
    expect(s).toBe(
      [
        "ip netns add RED",
        "# nsenter --net=/var/run/netns/RED   (entered: the lines below run inside, until exit)",
        "nsenter --net=/var/run/netns/RED bash -c 'ip route'",
        "nsenter --net=/var/run/netns/RED bash -c 'ping -c 1 '\\''x y'\\'''",
        "# exit",
        "ip a",
        "",
      ].join("\n"),
    );
    // entering is per machine, and `ip netns exec NS bash` enters too
    expect(
      realScript("#@machine a\nip netns exec X bash\n#@machine b\nip a\n#@machine a\nip r\nexit\n"),
    ).toBe(
      "#@machine a\n# ip netns exec X bash   (entered: the lines below run inside, until exit)\n#@machine b\nip a\n#@machine a\nip netns exec X bash -c 'ip r'\n# exit\n",
    );
  });

  it("gives the same results as the lab itself, command for command (in the simulator)", () => {
    const original = runLab(BRIDGE_NAT).results.filter((r) => !/^(nsenter|exit)/.test(r.line));
    const exported = runLab(toShellScript(doc(BRIDGE_NAT))).results;
    expect(exported.map((r) => [r.output, r.status])).toEqual(original.map((r) => [r.output, r.status]));
  });

  it("has a header that says how to run it, and reads back with its title and description", () => {
    const sh = toShellScript(doc(BRIDGE_NAT));
    expect(sh.startsWith("#!/bin/bash\n# Bridge and NAT\n# Two namespaces on a bridge.\n#\n")).toBe(true);
    expect(sh).toContain("sudo bash bridge-and-nat.sh");
    expect(sh).toContain("oracle/real-linux");
    const back = parseImport(sh, "bridge-and-nat.sh");
    expect(back).toMatchObject({
      kind: "lab",
      doc: { title: "Bridge and NAT", description: "Two namespaces on a bridge." },
    });
    const single = toShellScript(doc("ip netns add RED\n"));
    expect(single).not.toContain("several machines");
  });
});

describe("export as JSON and import", () => {
  const full = doc("#@machine A\nip netns add RED\n", {
    seed: 9,
    layout: { positions: { "ns:A/RED": { x: 5, y: 6 } } },
    activeMachine: "A",
    lesson: { id: "veth-pair", step: 1, base: 2 },
  });

  it("JSON keeps the whole document", () => {
    const r = parseImport(toJson(full), "lab.json");
    expect(r).toEqual({ kind: "lab", doc: full, warnings: [], from: "JSON" });
  });

  it("recognises a pasted link, a lesson, and a plain script", () => {
    const url = `https://example.org/app/#lab=${encodeLink(full)}`;
    expect(parseImport(url)).toMatchObject({
      kind: "lab",
      doc: { seed: 9, activeMachine: "A" },
      from: "link",
    });
    expect(parseImport("# My lesson\n## Step\nDo it.\n```check\nnetns RED\n```\n")).toMatchObject({
      kind: "lesson",
      lesson: { title: "My lesson" },
    });
    expect(parseImport("# Two\nip netns add A\n")).toMatchObject({ kind: "lab", doc: { title: "Two" } });
  });

  it("refuses broken input with a reason", () => {
    expect(parseImport("")).toEqual({ kind: "error", error: "the pasted text is empty" });
    expect(parseImport("{ nope")).toMatchObject({ kind: "error", error: /not valid JSON/ });
    expect(parseImport('{"v":1,"script":"#@machine <b>\\n"}')).toMatchObject({
      kind: "error",
      error: /bad machine/,
    });
    expect(parseImport("https://example.org/#lab=2.AAAA")).toMatchObject({ kind: "error" });
    expect(parseImport("# L\n## S\n```check\nfrob\n```\n")).toMatchObject({
      kind: "error",
      error: /unknown check/,
    });
  });
});
