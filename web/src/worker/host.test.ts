import { describe, expect, it } from "vitest";
import { splitSteps, parseIptablesSave, removeFromScript } from "./host";
import { joinContinuation } from "./join";
import type { SimEvent } from "./protocol";
import { fakeClockHost } from "./fake-clock-host";

/** A host on a fake clock: `later(ms)` lets real time pass and runs what is due. */
/** A host on a fake clock; `output()` is the host machine's terminal by default. */
function setup() {
  const h = fakeClockHost();
  return { ...h, output: (machine = "host") => h.output(machine) };
}

const VETH = `ip netns add RED
ip netns add BLUE
ip link add veth-red netns RED type veth peer name veth-blue netns BLUE
ip -n RED addr add 10.0.0.1/24 dev veth-red
ip -n BLUE addr add 10.0.0.2/24 dev veth-blue
ip -n RED link set veth-red up
ip -n BLUE link set veth-blue up
`;

describe("SimHost", () => {
  it("runs a command at once and streams its output", async () => {
    const { host, events, output } = setup();
    await host.load({ script: "", seed: 1 });
    host.submit("host", "ip netns add RED");
    host.submit("host", "ip netns list");
    expect(output()).toBe("RED\n");
    expect(events.filter((e) => e.t === "done")).toHaveLength(2);
    const world = events.filter((e): e is Extract<SimEvent, { t: "world" }> => e.t === "world").at(-1)!;
    expect(world.view.script).toBe("ip netns add RED\nip netns list\n");
    expect(world.view.busy).toBe(false);
  });

  it("paces ping against real time and records an interrupt as timeout -s INT", async () => {
    const { host, later, output, events } = setup();
    await host.load({ script: VETH, seed: 1 });
    host.submit("host", "ip netns exec RED ping 10.0.0.2");
    later(100);
    expect(output().match(/icmp_seq=/g)).toHaveLength(1);
    later(2000);
    expect(output().match(/icmp_seq=/g)).toHaveLength(3);
    expect(events.some((e) => e.t === "done")).toBe(false);
    host.interrupt("host");
    later(50);
    expect(output()).toContain("--- 10.0.0.2 ping statistics ---\n3 packets transmitted, 3 received");
    expect(host.view().script).toMatch(/^timeout -s INT 2\.\d+ ip netns exec RED ping 10\.0\.0\.2$/m);
    // the recorded script replays to the same world
    const again = setup();
    await again.host.load({ script: host.view().script, seed: 1 });
    expect(again.host.view().script).toBe(host.view().script);
  });

  it("prints ^C where Ctrl-C lands: after the replies already sent, before ping's statistics", async () => {
    const { host, later, events } = setup();
    await host.load({ script: VETH, seed: 1 });
    host.submit("host", "ip netns exec RED ping 10.0.0.2");
    later(2100);
    const sent = events.length;
    host.interrupt("host");
    later(50);
    const outs = events.filter((e): e is Extract<SimEvent, { t: "out" }> => e.t === "out").map((e) => e.data);
    const caret = outs.indexOf("^C");
    expect(caret).toBeGreaterThan(0);
    // every reply was sent before the interrupt; nothing but the statistics comes after ^C
    expect(events.slice(0, sent).filter((e) => e.t === "out" && /icmp_seq=3 /.test(e.data))).toHaveLength(1);
    expect(outs.slice(caret + 1).join("")).toMatch(/^\n--- 10\.0\.0\.2 ping statistics ---\n3 packets/);
    expect(outs.slice(caret + 1).join("")).not.toMatch(/bytes from/);
    // a command killed by the signal: bash's next prompt starts on a new line
    host.submit("host", "sleep 100");
    later(500);
    host.interrupt("host");
    later(10);
    const tail = events.slice(events.map((e) => e.t).lastIndexOf("start"));
    expect(tail.filter((e) => e.t === "out").map((e) => (e as { data: string }).data)).toEqual(["^C", "\n"]);
    expect(tail.find((e) => e.t === "done")).toMatchObject({ status: 130 });
  });

  it("drops a typed command still waiting for its turn on Ctrl-C, and says so", async () => {
    const { host, later, events } = setup();
    await host.load({ script: VETH, seed: 1 });
    host.submit("host", "ip netns exec RED ping -c 3 10.0.0.2", { echo: true });
    const { id } = host.submit("node", "ip netns add GREEN");
    expect(id).toBeDefined();
    host.interrupt("node");
    later(3000);
    expect(
      events.filter((e) => e.t === "out" && e.machine === "node").map((e) => (e as { data: string }).data),
    ).toEqual(["^C\n"]);
    expect(events.find((e) => e.t === "done" && e.id === id)).toMatchObject({ status: 130, machine: "node" });
    expect(host.view().script).not.toContain("GREEN");
  });

  it("reports the script as of the last finished command, even with more queued", async () => {
    const { host, events } = setup();
    await host.load({ script: "", seed: 1 });
    host.submit("host", "ip netns add RED");
    const world = events.filter((e): e is Extract<SimEvent, { t: "world" }> => e.t === "world").at(-1)!;
    expect(world.view.script).toBe("ip netns add RED\n");
  });

  it("queues commands from other terminals behind a running one", async () => {
    const { host, later, events } = setup();
    await host.load({ script: VETH, seed: 1 });
    host.submit("host", "ip netns exec RED ping -c 2 10.0.0.2");
    host.submit("host", "ip netns add GREEN", { echo: true });
    expect(events.filter((e) => e.t === "start")).toHaveLength(1);
    later(1500);
    const starts = events.filter((e): e is Extract<SimEvent, { t: "start" }> => e.t === "start");
    expect(starts.map((s) => [s.line, s.echo])).toEqual([
      ["ip netns exec RED ping -c 2 10.0.0.2", false],
      ["ip netns add GREEN", true],
    ]);
  });

  it("undoes and redoes by replay, read-only commands going with the step before", async () => {
    const { host } = setup();
    await host.load({ script: "", seed: 1 });
    host.submit("host", "ip netns add RED");
    host.submit("host", "ip netns add BLUE");
    host.submit("host", "ip netns list");
    expect(host.undo()).toMatchObject({ ok: true, undone: "ip netns add BLUE ; ip netns list" });
    expect(host.view().script).toBe("ip netns add RED\n");
    expect(host.redo()).toMatchObject({ ok: true });
    expect(host.view().script).toBe("ip netns add RED\nip netns add BLUE\nip netns list\n");
    host.undo();
    host.submit("host", "ip netns add GREEN");
    expect(host.redo()).toMatchObject({ ok: false });
  });

  it("adds machines and cables with directives, and hides an unused host", async () => {
    const { host } = setup();
    await host.load({ script: "#@machine a\nip link set lo up\n", seed: 1 });
    expect(host.view().machines).toEqual(["a"]);
    expect(host.view().hidden).toEqual(["host"]);
    expect(host.directive("#@link a:eth0 b:eth0").ok).toBe(true);
    expect(host.view().machines).toEqual(["a", "b"]);
    expect(host.view().script).toContain("#@link a:eth0 b:eth0");
    expect(host.directive("rm -rf /").ok).toBe(false);
    // a lab that starts on host and grows a machine keeps host
    const fresh = setup();
    await fresh.host.load({ script: "", seed: 1 });
    fresh.host.directive("#@machine node1");
    expect(fresh.host.view().machines).toEqual(["host", "node1"]);
  });

  it("shows the hidden host again once a command runs on it, whatever ran before", async () => {
    const { host } = setup();
    await host.load({ script: "#@machine a\nip link set lo up\n#@machine b\nip link set lo up\n", seed: 1 });
    expect(host.view().hidden).toEqual(["host"]);
    // commands on the other machines (the script grows; only the new lines are looked at)
    host.submit("a", "ip link add d0 type dummy");
    host.submit("b", "ip -br link");
    expect(host.view().hidden).toEqual(["host"]);
    host.submit("host", "ip link add h0 type dummy");
    expect(host.view().hidden).toEqual([]);
    expect(host.view().machines).toEqual(["host", "a", "b"]);
    // undone: hidden again (the script shrank: looked at whole)
    host.undo();
    expect(host.view().hidden).toEqual(["host"]);
    expect(host.view().canUndo).toBe(true);
  });

  it("keeps the canvas up to date while a command runs (a storm from a bridge loop)", async () => {
    const { host, events, later } = setup();
    await host.load({
      script: `ip link add br0 type bridge
ip link add a1 type veth peer name a2
ip link set a1 master br0
ip link set a2 master br0
ip link set br0 up
ip link set a1 up
ip link set a2 up
ip addr add 10.9.0.1/24 dev br0
`,
      seed: 1,
    });
    host.submit("host", "ping 10.9.0.2");
    later(2500);
    const live = events.filter((e): e is Extract<SimEvent, { t: "world" }> => e.t === "world");
    expect(live.length).toBeGreaterThan(0);
    expect(live.every((e) => e.view.busy)).toBe(true);
    const snap = live
      .map((e) => e.view.snapshot)
      .filter((s) => s !== undefined)
      .at(-1)!;
    expect(snap.alerts.map((a) => a.kind)).toContain("broadcast-storm");
    const br0 = snap.machines[0].namespaces[0].devices.find((d) => d.name === "br0")!;
    expect(br0.storm?.storms).toBeGreaterThan(0);
    host.interrupt("host");
    later(100);
    expect(host.view().busy).toBe(false);
  });

  it("takes a machine or a lab switch out of the script, as one step to undo and redo", async () => {
    const script = `#@lan lan0 a:eth0 b:eth0 c:eth0
#@link a:eth1 b:eth1
#@machine a
ip addr add 10.0.0.1/24 dev eth0
#@machine b
ip addr add 10.0.0.2/24 dev eth0
#@machine a
ping -c 1 10.0.0.2
`;
    expect(removeFromScript(script, { kind: "machine", name: "b" })).toBe(
      "#@lan lan0 a:eth0 c:eth0\n#@machine a\nip addr add 10.0.0.1/24 dev eth0\n#@machine a\nping -c 1 10.0.0.2\n",
    );
    // #@lan lan0 takes cables 1–3; the #@link's switch is cable4
    expect(removeFromScript(script, { kind: "switch", name: "cable4" })).toBe(
      script.replace("#@link a:eth1 b:eth1\n", ""),
    );
    expect(removeFromScript(script, { kind: "switch", name: "lan0" })).not.toContain("#@lan");
    const { host, events } = setup();
    await host.load({ script, seed: 1 });
    expect(host.view().machines).toEqual(["a", "b", "c"]);
    expect((await host.remove({ kind: "machine", name: "b" })).ok).toBe(true);
    expect(host.view().machines).toEqual(["a", "c"]);
    expect(events.at(-1)).toMatchObject({
      t: "reset",
      note: "machine b taken out (3 lines of the lab script)",
    });
    host.submit("a", "ip -br addr show eth0");
    // undo: the command first, then the removal
    host.undo();
    expect(host.undo()).toMatchObject({
      ok: true,
      undone: "machine b taken out (3 lines of the lab script)",
    });
    expect(host.view().machines).toEqual(["a", "b", "c"]);
    expect(host.view().script).toBe(script);
    expect(host.redo()).toMatchObject({ ok: true });
    expect(host.view().machines).toEqual(["a", "c"]);
    expect((await host.remove({ kind: "machine", name: "zz" })).ok).toBe(false);
  });

  it("asks for more on an unfinished line, joins continuation lines into one step", async () => {
    const { host } = setup();
    await host.load({ script: "", seed: 1 });
    expect(host.submit("host", "for n in A B; do").needsMore).toBe(true);
    expect(host.submit("host", "for n in A B; do\nip netns add $n\ndone").needsMore).toBe(false);
    expect(host.view().script).toBe("for n in A B; do ip netns add $n; done\n");
  });

  it("keeps a terminal open on exit at top level, leaves a netns on exit inside", async () => {
    const { host, output } = setup();
    await host.load({ script: "ip netns add RED\n", seed: 1 });
    host.submit("host", "exit");
    expect(output()).toBe("logout\n");
    host.submit("host", "ip netns exec RED bash");
    expect(host.view().prompts.host).toBe("root@host [netns RED]:~# ");
    host.submit("host", "exit");
    expect(host.view().prompts.host).toBe("root@host:~# ");
    host.submit("host", "hostname");
    expect(output()).toContain("host\n");
  });

  it("survives a lab whose replay throws, and an unreplayable script", async () => {
    const { host } = setup();
    const r = await host.load({ script: "#@bogus directive\n", seed: 1 });
    expect(r.ok).toBe(false);
    expect(host.view().machines).toEqual(["host"]);
  });

  it("inspects without recording", async () => {
    const { host } = setup();
    await host.load({ script: VETH + "ip netns exec RED ping -c 1 10.0.0.2\n", seed: 1 });
    const before = host.view().script;
    const i = (await host.inspect({ machine: "host", netns: "host/RED", device: "veth-red" }))!;
    expect(i.device?.addrs.map((a) => a.local)).toContain("10.0.0.1");
    expect(i.device?.peer).toBe("veth-blue in netns BLUE");
    expect(i.routes.map((r) => r.dst)).toContain("10.0.0.0/24");
    expect(i.neigh.map((n) => n.dst)).toEqual(["10.0.0.2"]);
    expect(i.device?.stats?.tx.packets).toBeGreaterThan(0);
    expect(host.view().script).toBe(before);
  });
});

describe("splitSteps", () => {
  it("groups machine switches with their command and read-only commands with the step before", () => {
    expect(
      splitSteps("#@machine a\nip link set lo up\n#@machine host\nip a\n#@machine a\nip netns add X\n"),
    ).toEqual([
      ["#@machine a"],
      ["ip link set lo up", "#@machine host", "ip a"],
      ["#@machine a", "ip netns add X"],
    ]);
  });
});

describe("joinContinuation", () => {
  it("joins like bash's cmdhist", () => {
    expect(joinContinuation("for i in 1 2; do\necho $i\ndone")).toBe("for i in 1 2; do echo $i; done");
    expect(joinContinuation("ip a |\ngrep inet")).toBe("ip a | grep inet");
    expect(joinContinuation("echo 'a\nb'")).toBe("echo 'a\nb'");
    expect(joinContinuation("ip link \\\nshow")).toBe("ip link show");
  });
});

describe("parseIptablesSave", () => {
  it("reads chains, policies, rules and counters", () => {
    const t = parseIptablesSave(
      "filter",
      "-P INPUT ACCEPT -c 0 0\n-P FORWARD DROP -c 3 252\n-N DOCKER-USER\n-A FORWARD -c 5 420 -j DOCKER-USER\n",
    );
    expect(t.chains).toEqual([
      { name: "INPUT", policy: "ACCEPT", pkts: 0, rules: [] },
      { name: "FORWARD", policy: "DROP", pkts: 3, rules: [{ spec: "-j DOCKER-USER", pkts: 5, bytes: 420 }] },
      { name: "DOCKER-USER", rules: [] },
    ]);
  });
});
