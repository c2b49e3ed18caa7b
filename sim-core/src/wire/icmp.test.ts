import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import { ip4 } from "./addr";
import {
  echoId,
  echoRest,
  echoSeq,
  emitIcmp,
  fragNeededRest,
  ICMP_ERROR_MAX_PACKET,
  icmpError,
  icmpErrorQuote,
  icmpErrorTos,
  IcmpTimeExceededCode,
  IcmpType,
  IcmpUnreachCode,
  parseIcmp,
  redirectRest,
} from "./icmp";
import { emitIpv4, parseIpv4 } from "./ipv4";
import { ipv4TotalLength } from "./length";
import { bytesToHex, golden, GOLDEN } from "./testdata/golden";
import { concat } from "./testdata/util";
import type { IcmpPacket, Ipv4Packet } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const ipOf = (name: keyof typeof GOLDEN): Ipv4Packet => {
  const r = parseIpv4(golden(name).subarray(14));
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
/** An ICMP error IP packet as Linux's icmp_send builds it (tos 0xc0, ttl 64, no DF). */
const errorPacket = (id: number, src: string, dst: string, m: IcmpPacket): Ipv4Packet => ({
  kind: "ipv4",
  tos: icmpErrorTos(0),
  id,
  df: false,
  mf: false,
  fragOffset: 0,
  ttl: 64,
  protocol: 1,
  src: A(src),
  dst: A(dst),
  payload: m,
});

describe("ICMP constants carry Linux's names and numbers", () => {
  it("types and codes", () => {
    expect(IcmpType).toMatchObject({
      ECHOREPLY: 0,
      DEST_UNREACH: 3,
      REDIRECT: 5,
      ECHO: 8,
      TIME_EXCEEDED: 11,
      PARAMETERPROB: 12,
    });
    expect(IcmpUnreachCode).toMatchObject({
      NET_UNREACH: 0,
      HOST_UNREACH: 1,
      PORT_UNREACH: 3,
      FRAG_NEEDED: 4,
      PKT_FILTERED: 13,
    });
    expect(IcmpTimeExceededCode).toEqual({ EXC_TTL: 0, EXC_FRAGTIME: 1 });
  });
});

describe("ICMP echo (golden: veth-pair.pcap)", () => {
  it("emits the captured echo reply message", () => {
    const data = golden("icmpEchoReply").slice(42);
    const m: IcmpPacket = { kind: "icmp", type: IcmpType.ECHOREPLY, code: 0, rest: echoRest(10659, 1), data };
    expect(bytesToHex(emitIcmp(m))).toBe(GOLDEN.icmpEchoReply.hex.slice(68));
  });

  it("parses id and sequence, checksum checked", () => {
    const r = parseIcmp(golden("icmpEchoRequest").subarray(34));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(echoId(r.value.rest)).toBe(10659);
    expect(echoSeq(r.value.rest)).toBe(1);
    expect(r.value.checksum).toBe(0x841d);
    expect(r.value.checksumValid).toBe(true);
  });

  it("rest-of-header helpers stay unsigned", () => {
    expect(echoRest(0xffff, 0xffff)).toBe(0xffffffff);
    expect(echoId(echoRest(0x8001, 2))).toBe(0x8001);
    expect(fragNeededRest(1400)).toBe(1400);
    expect(redirectRest(A("10.0.0.254"))).toBe(0x0a0000fe);
    const m: IcmpPacket = {
      kind: "icmp",
      type: 8,
      code: 0,
      rest: echoRest(0xabcd, 0x8000),
      data: new Uint8Array(0),
    };
    const r = parseIcmp(emitIcmp(m));
    expect(r.ok && r.value.rest).toBe(0xabcd8000);
  });

  it("a bad checksum is reported and re-emitted as given", () => {
    const b = golden("icmpEchoRequest").slice(34);
    b[2] = 0;
    const r = parseIcmp(b);
    expect(r.ok && r.value.checksumValid).toBe(false);
    expect(r.ok && emitIcmp(r.value)).toEqual(b);
    expect(parseIcmp(b.subarray(0, 7)).ok).toBe(false);
  });
});

describe("ICMP errors as icmp_send builds them (goldens from real Linux)", () => {
  it("port unreachable for a small datagram quotes all of it", () => {
    const m = icmpError(IcmpType.DEST_UNREACH, IcmpUnreachCode.PORT_UNREACH, ipOf("udpHello"))!;
    expect(m.data.length).toBe(34);
    expect(bytesToHex(emitIpv4(errorPacket(34574, "10.0.0.2", "10.0.0.1", m)))).toBe(
      GOLDEN.icmpPortUnreachable.hex.slice(28),
    );
  });

  it("port unreachable for a 1052-byte datagram: 548-byte quote, 576-byte packet", () => {
    const m = icmpError(IcmpType.DEST_UNREACH, IcmpUnreachCode.PORT_UNREACH, ipOf("udp1024"))!;
    expect(m.data.length).toBe(548);
    const p = errorPacket(34647, "10.0.0.2", "10.0.0.1", m);
    expect(ipv4TotalLength(p)).toBe(ICMP_ERROR_MAX_PACKET);
    expect(bytesToHex(emitIpv4(p))).toBe(GOLDEN.icmpPortUnreachable576.hex.slice(28));
  });

  it("fragmentation needed from a router, next-hop MTU in the rest word", () => {
    const m = icmpError(
      IcmpType.DEST_UNREACH,
      IcmpUnreachCode.FRAG_NEEDED,
      ipOf("echoDfBig"),
      fragNeededRest(1400),
    )!;
    expect(bytesToHex(emitIpv4(errorPacket(41940, "10.0.1.254", "10.0.1.1", m)))).toBe(
      GOLDEN.icmpFragNeeded.hex.slice(28),
    );
  });

  it("time exceeded in transit quotes the packet as received (ttl 1)", () => {
    const m = icmpError(
      IcmpType.TIME_EXCEEDED,
      IcmpTimeExceededCode.EXC_TTL,
      golden("echoTtl1").subarray(14),
    )!;
    expect(bytesToHex(emitIpv4(errorPacket(41941, "10.0.1.254", "10.0.1.1", m)))).toBe(
      GOLDEN.icmpTimeExceeded.hex.slice(28),
    );
  });

  it("quotes from the IP header to the total length, not link padding", () => {
    const withPad = concat(golden("udpHello").subarray(14), new Uint8Array(26));
    expect(icmpErrorQuote(withPad)!.length).toBe(34);
  });

  it("a route MTU under 576 shrinks the quote; a tiny one means no error at all", () => {
    const big = golden("udp1024").subarray(14);
    expect(icmpErrorQuote(big, { mtu: 300 })!.length).toBe(300 - 28);
    expect(icmpErrorQuote(big, { replyOptionsLength: 8 })!.length).toBe(540);
    expect(icmpErrorQuote(big, { mtu: 48 })).toBeUndefined();
    expect(icmpError(3, 3, big, 0, { mtu: 48 })).toBeUndefined();
  });

  it("error TOS keeps the TOS bits and sets precedence 6", () => {
    expect(icmpErrorTos(0)).toBe(0xc0);
    expect(icmpErrorTos(0x10)).toBe(0xd0);
    expect(icmpErrorTos(0xb8)).toBe(0xd8); // EF: DSCP bits beyond the TOS mask are dropped
  });
});
