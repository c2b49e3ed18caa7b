/**
 * The worker's journey API on the recorded labs: flannel's pod-to-pod ping placed on the canvas
 * hop by hop (the VXLAN envelope from flannel.1 on k8s-w1 to flannel.1 on k8s-w2, the ARP it
 * waited for flooded by the lab's switch), bridge-nat's first ping dropped in FORWARD, a terminal
 * line located, and the view bounded.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../../../sim-core/src/api/session";
import { readPcap } from "../../../sim-core/src/wire/pcap";
import { journeyApi, plainLine, MAX_ROWS, MAX_JOURNEYS } from "./journey-api";
import { copiesAt } from "../journey/track";

import flannelLab from "../../../sim-core/test/fixtures/shared/flannel-vxlan.sh?raw";
import bridgeNatLab from "../../../sim-core/test/fixtures/shared/bridge-nat.sh?raw";

const lab = (name: "flannel-vxlan" | "bridge-nat") => (name === "flannel-vxlan" ? flannelLab : bridgeNatLab);

describe("journey API (worker side)", () => {
  const flannel = new Session({ script: lab("flannel-vxlan") });
  const api = journeyApi(() => flannel);
  const cmd = api.journeyCommands().find((c) => c.line === "ip netns exec pod-1 ping -c 1 -W 1 172.16.2.8")!;

  it("lists the commands that sent packets with counts only", () => {
    expect(cmd).toMatchObject({ machine: "k8s-w1", count: 1 });
    expect(cmd.first).toBe(cmd.last);
    const items = api.journeyList({ command: cmd.id });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ protocol: "ICMP", seq: 1, outcome: "delivered", children: 3 });
  });

  it("places flannel's ping on the canvas: an envelope from k8s-w1's flannel.1 to k8s-w2's", () => {
    const v = api.journeyOpen({ kind: "journey", id: cmd.first })!;
    expect(v.journeys.map((j) => j.protocol)).toEqual(["ICMP", "ARP", "ARP", "ICMP", "ARP", "ARP"]);
    const rows = v.rows;
    // time order, and at the same time the order the kernel did things in: the ARP reply is
    // received before the packet that waited for it leaves
    for (let i = 1; i < rows.length; i++) expect(rows[i].t).toBeGreaterThanOrEqual(rows[i - 1].t);
    const arpIn = rows.findIndex((r) => r.label === "recv" && r.machine === "k8s-w1" && r.proto === "ARP");
    const leave = rows.findIndex(
      (r) => r.label === "xmit" && r.machine === "k8s-w1" && r.dev === "enp0s8" && !!r.env,
    );
    expect(arpIn).toBeGreaterThan(0);
    expect(leave).toBeGreaterThan(arpIn);
    const encap = rows.find((r) => r.wrap)!;
    const decap = rows.find((r) => r.unwrap)!;
    expect(encap).toMatchObject({
      machine: "k8s-w1",
      place: ["d:k8s-w1/root/flannel.1", "m:k8s-w1"],
      env: { vni: 1, src: "192.168.100.101", dst: "192.168.100.102", port: 8472 },
      inner: "ICMP echo request 172.16.1.7 → 172.16.2.8",
    });
    expect(decap).toMatchObject({ machine: "k8s-w2", place: ["d:k8s-w2/root/flannel.1", "m:k8s-w2"] });
    // between them the packet is in its envelope, and crosses the lab's switch
    const between = rows.slice(rows.indexOf(encap), rows.indexOf(decap) + 1).filter((r) => r.j === encap.j);
    expect(between.every((r) => r.env?.vni === 1)).toBe(true);
    expect(between.some((r) => r.place[0] === "sw:vbox0")).toBe(true);
    // the NIC's transmission arrives at the switch; the switch's at k8s-w2's NIC
    expect(rows[leave].peer).toEqual(["sw:vbox0"]);
    const out = between.find((r) => r.machine === "fabric" && r.label === "xmit")!;
    expect(out.peer?.[0]).toBe("d:k8s-w2/root/enp0s8");
    const inW2 = between.find((r) => r.machine === "k8s-w2" && r.label === "recv")!;
    expect(rows[inW2.pred]).toBe(out);
    // the first hop of the pod's packet is in its namespace
    expect(rows[0]).toMatchObject({ kind: "send", place: ["ns:k8s-w1/pod-1", "m:k8s-w1"], pred: -1 });
  });

  it("floods the ARP who-has out of every port of the switch, one copy each", () => {
    const v = api.journeyOpen({ kind: "journey", id: cmd.first })!;
    const rows = v.rows;
    const flood = rows.findIndex((r) => r.flood && r.machine === "fabric");
    expect(rows[flood]).toMatchObject({ proto: "ARP", bcast: true, place: ["sw:vbox0"] });
    const copies = rows.filter((r) => r.pred === flood && r.kind === "xmit");
    expect(copies.map((r) => r.peer?.[0]).sort()).toEqual(["d:k8s-m/root/enp0s8", "d:k8s-w2/root/enp0s8"]);
    // once both copies arrived, both are drawn (and the echo request waiting for the answer)
    const arrived = rows.findIndex((r) => r.proto === "ARP" && r.kind === "recv" && r.machine === "k8s-w2");
    const at = copiesAt(v, arrived).map((i) => rows[i]);
    expect(at.map((r) => `${r.machine} ${r.label}`)).toEqual([
      "k8s-w2 recv",
      "k8s-m recv",
      "k8s-w1 neighbour resolve",
    ]);
  });

  it("says where and why bridge-nat's first ping was dropped", () => {
    const s = new Session({ script: lab("bridge-nat") });
    const a = journeyApi(() => s);
    const first = a.journeyCommands().find((c) => c.line === "ip netns exec RED ping -c 1 -W 1 11.11.11.3")!;
    const v = a.journeyOpen({ kind: "journey", id: first.first })!;
    const drop = v.rows[v.journeys[0].dropRow!];
    expect(drop).toMatchObject({ kind: "drop", label: "FORWARD DROP", machine: "host", dev: "beth1" });
    expect(drop.drop).toBe(
      "dropped at host FORWARD (filter): policy DROP — bridged traffic traverses iptables because bridge-nf-call-iptables=1",
    );
    expect(v.journeys[0].dropReason).toBe(drop.drop);
    // the hop's detail: the netfilter decision and the bytes of the packet
    const h = a.journeyHop(v.journeys[0].id, drop.hop)!;
    expect(h.hop.netfilter).toMatchObject({
      hook: "FORWARD",
      table: "filter",
      verdict: "DROP",
      policy: true,
    });
    expect(h.detail?.headers.name).toBe("IPv4");
  });

  it("finds the journey a terminal line names (the n-th run of a command, ping's icmp_seq)", () => {
    const s = new Session({ script: lab("bridge-nat") });
    const a = journeyApi(() => s);
    const runs = a.journeyCommands().filter((c) => c.line === "ip netns exec RED ping -c 1 -W 1 11.11.11.3");
    expect(runs).toHaveLength(2);
    expect(a.journeyLocate("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 0, 1)).toEqual({
      command: runs[1].id,
      journey: runs[1].first,
    });
    expect(a.journeyLocate("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 1)?.journey).toBe(
      runs[0].first,
    );
    expect(a.journeyLocate("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 2)).toBeNull();
    expect(a.journeyLocate("outside", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 0)).toBeNull();
    // a run that sent nothing is not confused with an earlier one that did
    s.runSync("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3");
    expect(a.journeyLocate("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 0)).toBeNull();
    expect(a.journeyLocate("host", "ip netns exec RED ping -c 1 -W 1 11.11.11.3", 1)?.journey).toBe(
      runs[1].first,
    );
  });

  it("reads a script line as typed", () => {
    expect(plainLine("timeout -s INT 3.787 tcpdump -i eth0 -n icmp &")).toBe("tcpdump -i eth0 -n icmp");
    expect(plainLine("bash -c 'timeout -s INT 2 ping -c 1 x | grep '\\''ttl'\\''' &")).toBe(
      "ping -c 1 x | grep 'ttl'",
    );
    expect(plainLine("ping -c 1 10.0.0.2")).toBe("ping -c 1 10.0.0.2");
  });

  it("bounds a command's view and saves pcaps", () => {
    const s = new Session({
      script:
        "ip netns add RED\nip netns add BLUE\nip link add va netns RED type veth peer name vb netns BLUE\n" +
        "ip -n RED addr add 10.0.0.1/24 dev va\nip -n BLUE addr add 10.0.0.2/24 dev vb\n" +
        "ip -n RED link set va up\nip -n BLUE link set vb up\nip netns exec RED ping -f -c 4000 10.0.0.2\n",
    });
    const a = journeyApi(() => s);
    const c = a.journeyCommands()[0];
    expect(c.count).toBeGreaterThan(2000);
    const v = a.journeyOpen({ kind: "command", id: c.id })!;
    expect(v.rows.length).toBeLessThanOrEqual(MAX_ROWS);
    // whole pings (each request with its reply), the first ones, and how many were left out
    expect(v.journeys.length).toBe(MAX_JOURNEYS);
    expect(v.journeys.filter((j) => j.parentIndex < 0)).toHaveLength(MAX_JOURNEYS / 2);
    expect(v.journeys[1]).toMatchObject({ parentIndex: 0, protocol: "ICMP" });
    expect(v.omittedJourneys).toBe(c.count - MAX_JOURNEYS / 2);
    expect(a.journeyList({ command: c.id, limit: 300 })).toHaveLength(300);
    const pcap = readPcap(a.journeyPcap(c.first, true));
    expect(pcap.ok && pcap.value.records.length).toBe(2);
    const dev = readPcap(a.devicePcap("host/RED/va"));
    expect(dev.ok && dev.value.records.length).toBeGreaterThan(4000);
    expect(a.machineFile("host", "/nonexistent")).toBeNull();
  }, 60_000);
});
