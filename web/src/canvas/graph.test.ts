import { describe, expect, it } from "vitest";
import { Session } from "../../../sim-core/src/api/session";
import { buildGraph, place, handlesFor, toElk } from "./graph";

import flannel from "../../../public/labs/flannel-vxlan.sh?raw";

describe("buildGraph", () => {
  it("derives machines, namespaces, devices, switches and edges with their test ids", () => {
    const s = new Session({ script: flannel });
    const g = buildGraph(s.snapshot(), { hidden: ["host"] });
    const ids = g.nodes.map((n) => n.testId);
    expect(ids).toContain("machine:k8s-w1:k8s-w1");
    expect(ids).toContain("netns:k8s-w1:pod-1");
    expect(ids).toContain("bridge:k8s-w1:cni0");
    expect(ids).toContain("device:k8s-w1:flannel.1");
    expect(ids).toContain("switch:fabric:vbox0");
    expect(ids).not.toContain("machine:host:host");
    expect(ids.some((i) => i.endsWith(":lo"))).toBe(false);
    const kinds = g.edges.filter((e) => e.visible).map((e) => e.kind);
    expect(kinds.filter((k) => k === "vxlan")).toHaveLength(3);
    expect(kinds.filter((k) => k === "cable")).toHaveLength(3);
    expect(g.edges.find((e) => e.kind === "veth")?.testId).toBe("link:k8s-w1:vethece9b30d");
    // parents come before their children
    const seen = new Set<string>();
    for (const n of g.nodes) {
      if (n.parent) expect(seen.has(n.parent)).toBe(true);
      seen.add(n.id);
    }
    // ELK sees tunnels as no constraint
    expect(toElk(g).edges?.some((e) => e.id.startsWith("vxlan:"))).toBe(false);
  });
});

describe("buildGraph: containers", () => {
  it("names a container's namespace after the container, keeping the test id", () => {
    const s = new Session();
    s.runSync("host", "docker run -d --name web nginx");
    const g = buildGraph(s.snapshot());
    const ns = g.nodes.find((n) => n.kind === "netns")!;
    expect(ns.testId).toMatch(/^netns:host:ns:\d+$/);
    expect(ns.data).toMatchObject({ holder: "container web", kind: "anonymous" });
  });
});

describe("place", () => {
  it("keeps what the user dragged and grows the parent around it", () => {
    const s = new Session({
      script: "ip netns add RED\nip link add veth0 netns RED type veth peer name veth1\n",
    });
    const g = buildGraph(s.snapshot());
    const boxes = place(g, null, { "ns:host/RED": { x: 400, y: 300 } });
    const red = boxes.get("ns:host/RED")!;
    const host = boxes.get("m:host")!;
    expect(red).toMatchObject({ x: 400, y: 300 });
    expect(host.width).toBeGreaterThanOrEqual(400 + red.width);
    expect(host.height).toBeGreaterThanOrEqual(300 + red.height);
  });

  it("picks edge sides facing each other", () => {
    expect(
      handlesFor({ x: 0, y: 0, width: 100, height: 40 }, { x: 0, y: 100, width: 100, height: 40 }),
    ).toEqual(["b", "t"]);
    expect(
      handlesFor({ x: 300, y: 0, width: 100, height: 40 }, { x: 0, y: 10, width: 100, height: 40 }),
    ).toEqual(["l", "r"]);
  });
});
