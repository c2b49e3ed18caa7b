/**
 * LOG lines against the recording of ipt-log.sh: the same packets through the router's hooks
 * must produce the lines dmesg showed (with the lab's sed applied to both).
 */
import { describe, expect, it } from "vitest";
import logLab from "../../test/labs/ipt-log.real.txt?raw";
import type { Mac } from "../util/brand";
import type { Ipv4Packet } from "../wire/types";
import type { NfSkb } from "./types";
import { createNetfilter } from "./tables";
import { nfHook } from "./hooks";
import { parseTranscript, runLine } from "./testing/transcript";
import { SYN_OPTIONS, fakeKernel, icmpEcho, ip4, tcp } from "./testing/packets";

const MAC = {
  client: "02:00:00:00:01:02" as Mac,
  fw0: "02:00:00:00:01:01" as Mac,
  fw1: "02:00:00:00:02:01" as Mac,
  server: "02:00:00:00:02:02" as Mac,
};

/** The bytes Linux quotes in an ICMP error about a SYN: its IPv4 header and whole TCP header. */
function quoteSyn(ip: Ipv4Packet): Uint8Array {
  const t = ip.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>;
  const b = new Uint8Array(60);
  b.set([0x45, 0, 0, 60, 0x12, 0x34, 0x40, 0, ip.ttl, 6, 0, 0]);
  for (let i = 0; i < 4; i++) {
    b[12 + i] = (ip.src >>> (24 - 8 * i)) & 255;
    b[16 + i] = (ip.dst >>> (24 - 8 * i)) & 255;
  }
  const l4 = b.subarray(20);
  l4.set([
    t.srcPort >> 8,
    t.srcPort & 255,
    t.dstPort >> 8,
    t.dstPort & 255,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0xa0,
    t.flags,
    t.window >> 8,
    t.window & 255,
  ]);
  l4.set([2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7], 20);
  return b;
}

describe("ipt-log", () => {
  it("produces the recorded dmesg lines", () => {
    const nf = createNetfilter();
    const k = fakeKernel({ eth0: ["10.0.1.1"], eth1: ["10.0.2.1"] });
    const steps = parseTranscript(logLab);
    for (const s of steps.filter((x) => x.machine === "fw" && x.command.startsWith("iptables -A"))) {
      expect(runLine(nf, s.command, {}).exitCode).toBe(0);
    }
    const fwd = (ip: Ipv4Packet, inDev: string, outDev: string, src: Mac, dst: Mac) => {
      const skb: NfSkb = { ip, inDev, outDev: null, mark: 0, eth: { src, dst, ethertype: 0x800 } };
      nfHook(nf, "PREROUTING", skb, k.env);
      skb.ip = { ...skb.ip, ttl: skb.ip.ttl - 1 };
      skb.outDev = outDev;
      nfHook(nf, "FORWARD", skb, k.env);
      nfHook(nf, "POSTROUTING", skb, k.env);
    };
    // client pings the server through the router
    fwd(icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1", MAC.client, MAC.fw0);
    fwd(icmpEcho("10.0.2.2", "10.0.1.2", { reply: true }), "eth1", "eth0", MAC.server, MAC.fw1);
    // client pings the router
    const inp: NfSkb = {
      ip: icmpEcho("10.0.1.2", "10.0.1.1"),
      inDev: "eth0",
      outDev: null,
      mark: 0,
      eth: { src: MAC.client, dst: MAC.fw0, ethertype: 0x800 },
    };
    nfHook(nf, "PREROUTING", inp, k.env);
    nfHook(nf, "INPUT", inp, k.env);
    const out: NfSkb = {
      ip: icmpEcho("10.0.1.1", "10.0.1.2", { reply: true }),
      inDev: null,
      outDev: "eth0",
      mark: 0,
    };
    nfHook(nf, "OUTPUT", out, k.env);
    nfHook(nf, "POSTROUTING", out, k.env);
    // curl to :80 and :81 (SYNs), the server's port unreachable for :81
    const syn80 = tcp("10.0.1.2", 40000, "10.0.2.2", 80, 0x02, { synOptions: true });
    fwd(syn80, "eth0", "eth1", MAC.client, MAC.fw0);
    const syn81 = tcp("10.0.1.2", 40001, "10.0.2.2", 81, 0x02, { synOptions: true });
    fwd(syn81, "eth0", "eth1", MAC.client, MAC.fw0);
    const arrived = { ...syn81, ttl: 63 };
    const err: Ipv4Packet = {
      ...icmpEcho("10.0.2.2", "10.0.1.2"),
      tos: 0xc0,
      df: false,
      payload: { kind: "icmp", type: 3, code: 3, rest: 0, data: quoteSyn(arrived) },
    };
    fwd(err, "eth1", "eth0", MAC.server, MAC.fw1);

    const sed = (l: string) => l.replace(/ ID=[0-9]+/g, "").replace(/(SPT|DPT)=[0-9]{5}/g, "$1=N");
    const got = k.logs.map((l) => sed(l.text) + "\n").join("");
    const rec = steps.find((s) => s.command.startsWith("dmesg"))!;
    expect(got).toBe(rec.output);
    expect(k.logs.map((l) => l.level)).toEqual([4, 4, 4, 4, 6, 6, 4]);
    void SYN_OPTIONS;
    void ip4;
  });
});
