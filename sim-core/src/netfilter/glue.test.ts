/**
 * Netfilter in the simulated kernel (glue.ts): the hooks the packet path calls, with the packet's
 * NfSkb kept from hook to hook — verdicts with trace events that name the rule, NAT rewrites as
 * trace events, REJECT's TCP RST attached to the flow's conntrack entry, br_netfilter's bridged
 * traversal with physdev, ip_sabotage_in, loopback keeping conntrack, and dmesg.
 */
import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import type { Ipv4Packet, TcpSegment } from "../wire/types";
import type { TraceEvent } from "../engine/trace";
import { NS_PER_MS } from "../engine/scheduler";
import { runLab, runCommand } from "../lab/runner";
import { Shell } from "../shell/interp";
import { defaultCommands } from "../shell/commands";
import type { World } from "../kernel/world";
import type { Netns } from "../kernel/netns";
import { peekNetfilter } from "./glue";

const ip4 = (s: string) => s.split(".").reduce((a, o) => a * 256 + Number(o), 0) as Ip4;

/** client ns — router (host root) — server ns, with the router forwarding. */
const ROUTER = `
ip netns add client
ip netns add server
ip link add eth0 netns client type veth peer name c0
ip link add eth0 netns server type veth peer name s0
ip -n client addr add 10.0.1.2/24 dev eth0
ip addr add 10.0.1.1/24 dev c0
ip addr add 10.0.2.1/24 dev s0
ip -n server addr add 10.0.2.2/24 dev eth0
ip -n client link set eth0 up
ip link set c0 up
ip link set s0 up
ip -n server link set eth0 up
ip -n client route add default via 10.0.1.1
ip -n server route add default via 10.0.2.1
sysctl -w net.ipv4.ip_forward=1
`;

function lab(script: string): {
  world: World;
  events: TraceEvent[];
  sh: Shell;
  run: (line: string) => string;
  ns: (n: string) => Netns;
} {
  const events: TraceEvent[] = [];
  const { world } = runLab(script, { trace: { emit: (e) => events.push(e) } });
  const host = world.machines.get("host")!;
  const sh = new Shell(world, host, defaultCommands(), false);
  return {
    world,
    events,
    sh,
    run: (line) => runCommand(sh, line).output,
    ns: (n) => (n === "root" ? host.root : host.netnsDir.get(n)!),
  };
}

function syn(src: string, sport: number, dst: string, dport: number): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0,
    id: 0,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: 6,
    src: ip4(src),
    dst: ip4(dst),
    payload: {
      kind: "tcp",
      srcPort: sport,
      dstPort: dport,
      seq: 1000,
      ack: 0,
      flags: 0x02,
      window: 64240,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    },
  };
}

function sendFrom(world: World, ns: Netns, ip: Ipv4Packet): void {
  const r = ns.stack.routeOutput(ip.dst);
  if (!r.ok) throw new Error("no route");
  ns.stack.sendLocal(ip, r.rt, { jid: world.newJid(), mark: 0 });
  world.runUntil(world.sched.now + 50 * NS_PER_MS);
}

describe("netfilter in the packet path", () => {
  it("a FORWARD drop is a trace event naming the rule, and the counters count it", () => {
    const t = lab(
      ROUTER + "iptables -A FORWARD -p icmp -j DROP\nip netns exec client ping -c 1 -W 1 10.0.2.2\n",
    );
    const drop = t.events.find((e) => e.kind === "drop" && e.hook === "FORWARD");
    expect(drop).toMatchObject({ table: "filter", chain: "FORWARD", rule: 1, verdict: "DROP" });
    expect(drop!.reason).toContain("-A FORWARD -p icmp -j DROP");
    expect(
      t.events.some(
        (e) => e.kind === "netfilter" && e.hook === "FORWARD" && e.rule === 1 && e.verdict === "DROP",
      ),
    ).toBe(true);
    expect(t.run("iptables -L FORWARD -n -v -x")).toContain("       1       84 DROP");
  });

  it("MASQUERADE rewrites the source (a nat trace event) and conntrack lists the flow", () => {
    const t = lab(
      ROUTER +
        "iptables -t nat -A POSTROUTING -o s0 -j MASQUERADE\nip netns exec client ping -c 1 -W 1 10.0.2.2\n",
    );
    const nat = t.events.find((e) => e.kind === "nat");
    expect(nat?.text).toBe("POSTROUTING NAT: source 10.0.1.2 → 10.0.2.1");
    expect(t.run("conntrack -L")).toMatch(
      /^conntrack v1.4.7 \(conntrack-tools\): 1 flow entries have been shown.\nicmp +1 \d+ src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=\d+ src=10.0.2.2 dst=10.0.2.1 type=0 code=0 id=\d+ mark=0 use=1\n$/,
    );
  });

  it("REJECT --reject-with tcp-reset answers a SYN with RST|ACK from the destination, RELATED to the flow", () => {
    const t = lab(
      ROUTER +
        "iptables -A OUTPUT -p tcp -m conntrack --ctstate RELATED -j LOG --log-prefix RST-RELATED:\n" +
        "iptables -A FORWARD -p tcp -j REJECT --reject-with tcp-reset\n",
    );
    const got: Ipv4Packet[] = [];
    const client = t.ns("client");
    client.stack.tcpHandler = (ip) => {
      got.push(ip);
      return true;
    };
    sendFrom(t.world, client, syn("10.0.1.2", 40000, "10.0.2.2", 80));
    expect(got).toHaveLength(1);
    const rst = got[0];
    const seg = rst.payload as TcpSegment;
    expect([rst.src, rst.dst, rst.df, rst.id]).toEqual([ip4("10.0.2.2"), ip4("10.0.1.2"), true, 0]);
    expect([seg.srcPort, seg.dstPort, seg.seq, seg.ack, seg.flags, seg.window]).toEqual([
      80, 40000, 0, 1001, 0x14, 0,
    ]);
    expect(t.run("dmesg")).toMatch(
      /^\[ *\d+\.\d{6}\] RST-RELATED:IN= OUT=c0 SRC=10.0.2.2 DST=10.0.1.2 LEN=40 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF PROTO=TCP SPT=80 DPT=40000 WINDOW=0 RES=0x00 ACK RST URGP=0 \n$/,
    );
    expect(t.run("iptables -L FORWARD -n -v")).toContain("    1    40 REJECT");
  });

  it("a RST for a DNATed flow leaves with the published address", () => {
    const t = lab(
      ROUTER +
        "iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80\niptables -A FORWARD -p tcp -j REJECT --reject-with tcp-reset\n",
    );
    const got: Ipv4Packet[] = [];
    const client = t.ns("client");
    client.stack.tcpHandler = (ip) => {
      got.push(ip);
      return true;
    };
    sendFrom(t.world, client, syn("10.0.1.2", 40001, "10.0.1.1", 8080));
    expect(got).toHaveLength(1);
    expect(got[0].src).toBe(ip4("10.0.1.1"));
    expect((got[0].payload as TcpSegment).srcPort).toBe(8080);
  });

  it("br_netfilter: a bridged frame meets FORWARD with in = out = the bridge and its ports", () => {
    const t = lab(`
ip netns add a
ip netns add b
ip link add br0 type bridge
ip link add va type veth peer name eth0 netns a
ip link add vb type veth peer name eth0 netns b
ip link set va master br0
ip link set vb master br0
ip link set va up
ip link set vb up
ip link set br0 up
ip -n a addr add 10.9.0.1/24 dev eth0
ip -n b addr add 10.9.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in va --physdev-out vb -j LOG --log-prefix BR:
iptables -A FORWARD -m physdev --physdev-is-bridged -j DROP
ip netns exec a ping -c 1 -W 1 10.9.0.2
`);
    expect(t.run("dmesg -t")).toMatch(
      /^BR:IN=br0 OUT=br0 PHYSIN=va PHYSOUT=vb MAC=[0-9a-f:]{41} SRC=10.9.0.1 DST=10.9.0.2 LEN=84 /m,
    );
    expect(t.events.some((e) => e.kind === "drop" && e.hook === "FORWARD" && e.rule === 2)).toBe(true);
    // with the sysctl at 0 the bridge no longer calls iptables
    t.run("sysctl -qw net.bridge.bridge-nf-call-iptables=0");
    expect(t.run("ip netns exec a ping -c 1 -W 1 10.9.0.2")).toContain("1 received");
  });

  it("a bridged frame for the host runs PREROUTING once (ip_sabotage_in), then INPUT with its port", () => {
    const t = lab(`
ip netns add a
ip link add br0 type bridge
ip link add va type veth peer name eth0 netns a
ip link set va master br0
ip link set va up
ip link set br0 up
ip addr add 10.9.0.254/24 dev br0
ip -n a addr add 10.9.0.1/24 dev eth0
ip -n a link set eth0 up
iptables -t raw -A PREROUTING -p icmp --icmp-type echo-request
iptables -A INPUT -p icmp -j LOG --log-prefix IN:
ip netns exec a ping -c 1 -W 1 10.9.0.254
`);
    expect(t.run("iptables -t raw -L PREROUTING -n -v -x")).toContain("       1       84            1");
    expect(t.run("dmesg -t")).toMatch(/^IN:IN=br0 OUT= PHYSIN=va MAC=/m);
  });

  it("loopback keeps the conntrack entry: the reply is ESTABLISHED in the same namespace", () => {
    const t = lab(
      "iptables -A INPUT -i lo -m conntrack --ctstate ESTABLISHED -j ACCEPT\niptables -A INPUT -i lo -m conntrack --ctstate NEW -j ACCEPT\nping -c 2 -i 0.2 -W 1 127.0.0.1\n",
    );
    const out = t.run("iptables -L INPUT -n -v -x");
    // the first request is NEW; its reply and the second exchange are ESTABLISHED
    expect(out).toMatch(/ +3 +252 ACCEPT .*ctstate ESTABLISHED/);
    expect(out).toMatch(/ +1 +84 ACCEPT .*ctstate NEW/);
    expect(peekNetfilter(t.ns("root"))!.conntrack.entries.size).toBe(1);
  });

  it("dmesg: levels, -x, -l, -C", () => {
    const t = lab(
      "iptables -A OUTPUT -o lo -p icmp -j LOG --log-prefix L6: --log-level info\niptables -A OUTPUT -o lo -p icmp -j LOG --log-prefix L4:\nping -c 1 -W 1 127.0.0.1\n",
    );
    const x = t.run("dmesg -x");
    expect(x).toMatch(/^kern {2}:info {2}: \[ *\d+\.\d{6}\] L6:IN= OUT=lo /m);
    expect(x).toMatch(/^kern {2}:warn {2}: \[ *\d+\.\d{6}\] L4:IN= OUT=lo /m);
    expect(
      t
        .run("dmesg -l warn -t")
        .split("\n")
        .filter(Boolean)
        .every((l) => l.startsWith("L4:")),
    ).toBe(true);
    expect(t.run("dmesg -C")).toBe("");
    expect(t.run("dmesg")).toBe("");
    expect(runCommand(t.sh, "dmesg -z").status).toBe(1);
  });
});
