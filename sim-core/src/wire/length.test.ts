import { describe, expect, it } from "vitest";
import { emitArp } from "./arp";
import { emitEthernet, parseEthernet } from "./ethernet";
import { emitIcmp } from "./icmp";
import { emitIcmpv6 } from "./icmpv6";
import { emitIpv4 } from "./ipv4";
import { emitIpv6 } from "./ipv6";
import {
  ARP_LENGTH,
  frameLength,
  icmpLength,
  icmpv6Length,
  ipv4HeaderLength,
  ipv4TotalLength,
  ipv6Length,
  ipv6PayloadLength,
  l3Length,
  tcpHeaderLength,
  tcpLength,
  udpLength,
  VXLAN_OVERHEAD,
  vxlanLength,
} from "./length";
import { emitTcp } from "./tcp";
import { GOLDEN, golden } from "./testdata/golden";
import { strip } from "./testdata/util";
import { emitUdp } from "./udp";
import { emitVxlan } from "./vxlan";
import type { EthernetFrame, Ipv4Packet } from "./types";

const names = Object.keys(GOLDEN) as Array<keyof typeof GOLDEN>;

/** Every header in a frame, outermost first. */
function walk(f: EthernetFrame, visit: (x: unknown, ip?: Ipv4Packet) => void): void {
  visit(f);
  const p = f.payload;
  visit(p);
  if (p.kind === "ipv4") {
    visit(p.payload, p);
    if (p.payload.kind === "udp" && p.payload.payload.kind === "vxlan") {
      visit(p.payload.payload);
      walk(p.payload.payload.inner, visit);
    }
  } else if (p.kind === "ipv6") {
    visit(p.payload);
  }
}

describe("length.ts agrees with emit, layer by layer, on every golden frame", () => {
  it.each(names)("%s", (name) => {
    const r = parseEthernet(golden(name));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const f = strip(r.value);
    walk(f, (x, ip) => {
      const h = x as { kind?: string };
      if (h.kind === undefined) {
        expect(frameLength(x as EthernetFrame)).toBe(emitEthernet(x as EthernetFrame).length);
        return;
      }
      switch (h.kind) {
        case "arp":
          expect(ARP_LENGTH).toBe(emitArp(x as never).length);
          break;
        case "ipv4":
          expect(ipv4TotalLength(x as never)).toBe(emitIpv4(x as never).length);
          expect(l3Length(x as never)).toBe(ipv4TotalLength(x as never));
          break;
        case "ipv6":
          expect(ipv6Length(x as never)).toBe(emitIpv6(x as never).length);
          expect(ipv6PayloadLength(x as never)).toBe(ipv6Length(x as never) - 40);
          break;
        case "icmp":
          expect(icmpLength(x as never)).toBe(emitIcmp(x as never).length);
          break;
        case "udp":
          expect(udpLength(x as never)).toBe(emitUdp(x as never, ip!.src, ip!.dst).length);
          break;
        case "tcp":
          expect(tcpLength(x as never)).toBe(emitTcp(x as never, ip!.src, ip!.dst).length);
          break;
        case "vxlan":
          expect(vxlanLength(x as never)).toBe(emitVxlan(x as never).length);
          break;
        case "icmpv6":
          expect(icmpv6Length(x as never)).toBe(
            emitIcmpv6(x as never, new Uint8Array(16) as never, new Uint8Array(16) as never).length,
          );
          break;
      }
    });
  });
});

describe("header sizes the engine relies on", () => {
  it("matches the captured length fields", () => {
    const syn = parseEthernet(golden("tcpSyn"));
    if (!syn.ok || syn.value.payload.kind !== "ipv4" || syn.value.payload.payload.kind !== "tcp")
      throw new Error("tcpSyn");
    expect(ipv4HeaderLength(syn.value.payload)).toBe(20);
    expect(tcpHeaderLength(syn.value.payload.payload)).toBe(40);
    expect(ipv4TotalLength(syn.value.payload)).toBe(syn.value.payload.totalLength);
    const rr = parseEthernet(golden("echoRecordRouteRequest"));
    if (!rr.ok || rr.value.payload.kind !== "ipv4") throw new Error("rr");
    expect(ipv4HeaderLength(rr.value.payload)).toBe(60);
  });

  it("VXLAN adds 50 bytes: flannel.1's mtu 1450 on a 1500 underlay", () => {
    expect(VXLAN_OVERHEAD).toBe(50);
    // The captured frame: the inner 84-byte IP packet in a 14-byte inner Ethernet header, plus 50.
    expect(golden("vxlan8472EchoRequest").length).toBe(84 + 14 + VXLAN_OVERHEAD);
  });
});
