/**
 * Journeys of the recorded labs (test/fixtures/shared): the hops of the packets one command sends,
 * snapshot-tested, with the facts the web app's tests rely on checked explicitly — bridge-nat's
 * first ping dies in FORWARD with the br_netfilter sentence, flannel's pod-to-pod ping is
 * encapsulated on one node and decapsulated on the other, docker-bridge's curl is DNATed.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "../../src/api/session";
import {
  commandsWithJourneys,
  getJourney,
  hopDetail,
  journeyPcap,
  devicePcap,
  listJourneys,
} from "../../src/api/journeys";
import { readPcap } from "../../src/wire/pcap";
import type { Journey } from "../../src/journey/journey";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/shared");

function session(lab: string): Session {
  return new Session({ script: readFileSync(join(fixtures, `${lab}.sh`), "utf8") });
}

/** The root journeys of the first command whose line contains `needle`. */
function journeysOf(s: Session, needle: string): Journey[] {
  const c = commandsWithJourneys(s).find((x) => x.command.line.includes(needle));
  expect(c, needle).toBeDefined();
  return c!.journeys.map((id) => getJourney(s, id)!);
}

/** One line per hop, for the snapshots. */
function lines(j: Journey): string[] {
  return j.hops.map(
    (h) =>
      `${h.machine}/${h.netns}${h.dev ? ` ${h.dev}` : ""} [${h.label}]${h.nat ? ` ${h.nat.before.dst}:${h.nat.before.dport} → ${h.nat.after.dst}:${h.nat.after.dport}` : ""}${h.vxlan ? ` vni ${h.vxlan.vni} ${h.vxlan.outerSrc} → ${h.vxlan.outerDst}:${h.vxlan.dstPort}` : ""}${h.reason ? ` — ${h.reason}` : ""}`,
  );
}

describe("journeys of the recorded labs", () => {
  it("bridge-nat: the first ping is dropped in FORWARD, and the reason says why", () => {
    const s = session("bridge-nat");
    const [ping] = journeysOf(s, "ip netns exec RED ping -c 1 -W 1 11.11.11.3");
    expect(ping.command?.line).toBe("ip netns exec RED ping -c 1 -W 1 11.11.11.3");
    expect(ping.outcome).toBe("dropped");
    expect(ping.dropReason).toBe(
      "dropped at host FORWARD (filter): policy DROP — bridged traffic traverses iptables because bridge-nf-call-iptables=1",
    );
    const drop = ping.hops.find((h) => h.index === ping.dropHop)!;
    expect(drop.label).toBe("FORWARD DROP");
    expect(drop.netfilter).toMatchObject({
      hook: "FORWARD",
      table: "filter",
      chain: "FORWARD",
      policy: true,
      verdict: "DROP",
    });
    // the ARP it waited for is a journey of its own, linked to the ping and to the command
    const arp = getJourney(s, ping.children[0])!;
    expect(arp.protocol).toBe("ARP");
    expect(arp.command?.id).toBe(ping.command?.id);
    expect(arp.hops.some((h) => h.bridge?.action === "flood")).toBe(true);
    expect(lines(ping)).toMatchSnapshot();
  });

  it("flannel-vxlan: pod-to-pod ping is encapsulated on k8s-w1 and decapsulated on k8s-w2", () => {
    const s = session("flannel-vxlan");
    const [ping] = journeysOf(s, "ip netns exec pod-1 ping -c 1 -W 1 172.16.2.8");
    expect(ping.outcome).toBe("delivered");
    const encap = ping.hops.find((h) => h.label === "vxlan encap")!;
    const decap = ping.hops.find((h) => h.label === "vxlan decap")!;
    expect(encap).toMatchObject({
      machine: "k8s-w1",
      dev: "flannel.1",
      vxlan: { vni: 1, outerSrc: "192.168.100.101", outerDst: "192.168.100.102", dstPort: 8472 },
    });
    expect(decap).toMatchObject({
      machine: "k8s-w2",
      dev: "flannel.1",
      vxlan: { vni: 1, outerSrc: "192.168.100.101" },
    });
    expect(encap.index).toBeLessThan(decap.index);
    // the TTL drops once per router: 64 → 63 on k8s-w1, 63 → 62 on k8s-w2
    expect(
      ping.hops.filter((h) => h.ttl).map((h) => `${h.machine} ${h.ttl!.before}→${h.ttl!.after}`),
    ).toEqual(["k8s-w1 64→63", "k8s-w2 63→62"]);
    // the encap hop has the inner frame and, after, the outer packet: Ethernet? no — the outer IPv4/UDP/VXLAN around it
    const d = hopDetail(s, ping.id, encap.index)!;
    expect(d.headers.name).toBe("Ethernet II");
    expect(d.after!.headers.name).toBe("IPv4");
    expect(d.after!.headers.child!.name).toBe("UDP");
    expect(d.after!.headers.child!.child!.name).toBe("VXLAN");
    expect(d.after!.headers.child!.child!.child!.name).toBe("Ethernet II (inner)");
    const vni = d.after!.headers.child!.child!.fields.find((f) => f.name === "VNI")!;
    expect(vni.value).toBe("1");
    expect(d.after!.bytes.subarray(vni.offset, vni.offset + 3)).toEqual(Uint8Array.of(0, 0, 1));
    // on the wire between the nodes the packet is an outer VXLAN datagram
    const wire = ping.hops.find((h) => h.machine === "k8s-w1" && h.dev === "enp0s8" && h.label === "xmit")!;
    expect(wire.packet).toMatchObject({ protocol: "VXLAN", dport: 8472, inner: { protocol: "ICMP" } });
    expect(lines(ping)).toMatchSnapshot();
  });

  it("docker-bridge: the curl from outside is DNATed to the container", () => {
    const s = session("docker-bridge");
    const [syn, synAck] = journeysOf(s, "192.168.50.10:10001");
    expect(syn.summary).toMatch(/^TCP \[SYN\] 192\.168\.50\.20:\d+ → 192\.168\.50\.10:10001$/);
    const nat = syn.hops.find((h) => h.nat)!;
    expect(nat).toMatchObject({ machine: "host", label: "PREROUTING NAT" });
    expect(nat.nat).toMatchObject({
      before: { dst: "192.168.50.10", dport: 10001 },
      after: { dst: "172.17.0.2", dport: 80 },
    });
    expect(syn.hops.at(-1)).toMatchObject({ machine: "host", netns: "web1", kind: "deliver" });
    const d = hopDetail(s, syn.id, nat.index)!;
    expect(d.after!.headers.summary).toContain("172.17.0.2");
    // the reply is un-NATed on the way back
    const back = synAck.hops.find((h) => h.nat)!;
    expect(back.nat).toMatchObject({
      before: { src: "172.17.0.2", sport: 80 },
      after: { src: "192.168.50.10", sport: 10001 },
    });
    expect(lines(syn)).toMatchSnapshot();
  });

  it("lists journeys per command, leaves kernel chatter out unless asked, and exports pcaps", () => {
    const s = session("veth-pair");
    const all = listJourneys(s);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((j) => j.origin === "command")).toBe(true);
    expect(listJourneys(s, { kernel: true }).length).toBeGreaterThan(all.length);
    const ping = all.find((j) => j.protocol === "ICMP" && j.parent === undefined)!;
    const pcap = readPcap(journeyPcap(s, ping.id, { children: true }));
    expect(pcap.ok).toBe(true);
    if (!pcap.ok) return;
    expect(pcap.value.records.length).toBeGreaterThan(1);
    const first = getJourney(s, ping.id)!.hops.find((h) => h.label === "xmit")!;
    const dev = readPcap(devicePcap(s, first.deviceKey!));
    expect(dev.ok && dev.value.records.length).toBeGreaterThan(0);
  });
});
