import { describe, expect, it } from "vitest";
import { Session } from "../../../sim-core/src/api/session";
import {
  planAddBridge,
  planAddNetns,
  planAddr,
  planConnect,
  planDelete,
  planRename,
  planRoute,
  type Plan,
} from "./actions";

/** Runs a plan's commands in a session, as the terminal would; every one must succeed. */
function apply(s: Session, plan: Plan): string[] {
  if (!plan.ok) throw new Error(plan.error);
  const lines: string[] = [];
  for (const st of plan.steps) {
    if ("directive" in st) {
      lines.push(st.directive);
      continue;
    }
    let err = "";
    const status = s.runSync(st.machine, st.line, (c) => (err += c));
    expect(status, `${st.line}: ${err}`).toBe(0);
    lines.push(st.line);
  }
  return lines;
}

describe("canvas plans are real commands that work", () => {
  it("adds namespaces and joins them with a veth pair", () => {
    const s = new Session();
    expect(apply(s, planAddNetns(s.snapshot(), "host"))).toEqual(["ip netns add RED"]);
    expect(apply(s, planAddNetns(s.snapshot(), "host"))).toEqual(["ip netns add BLUE"]);
    const lines = apply(
      s,
      planConnect(
        s.snapshot(),
        { kind: "netns", machine: "host", netns: "host/RED" },
        { kind: "netns", machine: "host", netns: "host/BLUE" },
      ),
    );
    expect(lines).toEqual(["ip link add veth-red netns RED type veth peer name veth-blue netns BLUE"]);
    // a second pair gets fresh names
    const again = apply(
      s,
      planConnect(
        s.snapshot(),
        { kind: "netns", machine: "host", netns: "host/RED" },
        { kind: "netns", machine: "host", netns: "host/BLUE" },
      ),
    );
    expect(again).toEqual(["ip link add veth-red1 netns RED type veth peer name veth-blue1 netns BLUE"]);
    expect(s.snapshot().links.filter((l) => l.kind === "veth")).toHaveLength(2);
  });

  it("joins a namespace to a bridge, enslaving the host end", () => {
    const s = new Session({ script: "ip netns add RED\n" });
    expect(apply(s, planAddBridge(s.snapshot(), "host"))).toEqual(["ip link add br0 type bridge"]);
    const lines = apply(
      s,
      planConnect(
        s.snapshot(),
        { kind: "netns", machine: "host", netns: "host/RED" },
        { kind: "bridge", machine: "host", netns: "host/root", device: "br0" },
      ),
    );
    expect(lines).toEqual([
      "ip link add veth-red netns RED type veth peer name veth-red-br",
      "ip link set veth-red-br master br0",
    ]);
    expect(s.snapshot().links.some((l) => l.kind === "bridge-port" && l.device === "veth-red-br")).toBe(true);
  });

  it("enslaves a device dropped on a bridge, moves one dropped on a namespace", () => {
    const s = new Session({
      script: "ip netns add RED\nip link add d0 type dummy\nip link add br0 type bridge\n",
    });
    apply(
      s,
      planConnect(
        s.snapshot(),
        { kind: "device", machine: "host", netns: "host/root", device: "d0" },
        { kind: "bridge", machine: "host", netns: "host/root", device: "br0" },
      ),
    );
    expect(
      apply(
        s,
        planConnect(
          s.snapshot(),
          { kind: "device", machine: "host", netns: "host/root", device: "d0" },
          { kind: "netns", machine: "host", netns: "host/RED" },
        ),
      ),
    ).toEqual(["ip link set d0 netns RED"]);
  });

  it("lays a cable between two machines with a directive", () => {
    const s = new Session({ script: "#@machine a\n#@machine b\n" });
    const plan = planConnect(
      s.snapshot(),
      { kind: "machine", machine: "a" },
      { kind: "machine", machine: "b" },
    );
    expect(plan).toMatchObject({ ok: true, steps: [{ directive: "#@link a:eth0 b:eth0" }] });
    expect(
      planConnect(
        s.snapshot(),
        { kind: "machine", machine: "a" },
        { kind: "netns", machine: "b", netns: "b/X" },
      ).ok,
    ).toBe(false);
  });

  it("renames (down, rename, up when the device is up), addresses, routes, deletes", () => {
    const s = new Session({
      script:
        "ip netns add RED\nip link add veth-red netns RED type veth peer name veth-host\nip -n RED link set veth-red up\n",
    });
    expect(apply(s, planRename(s.snapshot(), "host", "host/RED", "veth-red", "eth0"))).toEqual([
      "ip -n RED link set veth-red down",
      "ip -n RED link set veth-red name eth0",
      "ip -n RED link set eth0 up",
    ]);
    expect(apply(s, planAddr(s.snapshot(), "host", "host/RED", "eth0", "10.9.0.2/24"))).toEqual([
      "ip -n RED addr add 10.9.0.2/24 dev eth0",
    ]);
    expect(apply(s, planRoute(s.snapshot(), "host", "host/RED", "default", "10.9.0.1", ""))).toEqual([
      "ip -n RED route add default via 10.9.0.1",
    ]);
    expect(apply(s, planRoute(s.snapshot(), "host", "host/RED", "default", "", "", true))).toEqual([
      "ip -n RED route del default",
    ]);
    expect(planAddr(s.snapshot(), "host", "host/RED", "eth0", "10.9.0.300/24").ok).toBe(false);
    expect(
      apply(
        s,
        planDelete(s.snapshot(), {
          kind: "device",
          machine: "host",
          netns: "host/root",
          device: "veth-host",
        }),
      ),
    ).toEqual(["ip link del veth-host"]);
    expect(apply(s, planDelete(s.snapshot(), { kind: "netns", machine: "host", netns: "host/RED" }))).toEqual(
      ["ip netns del RED"],
    );
    expect(planDelete(s.snapshot(), { kind: "machine", machine: "host" }).ok).toBe(false);
  });
});
