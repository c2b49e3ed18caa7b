import { describe, expect, it } from "vitest";
import type { Ip6, Mac } from "../util/brand";
import { ip6, ip6MulticastMac, linkLocalFromMac, solicitedNodeMulticast } from "./addr";
import { emitEthernet } from "./ethernet";
import {
  echoBody,
  emitIcmpv6,
  ICMPV6_ERROR_MAX_QUOTE,
  icmpv6Error,
  icmpv6ErrorQuote,
  Icmpv6Type,
  Icmpv6UnreachCode,
  NdAdvertFlag,
  neighbourAdvertisementBody,
  neighbourSolicitationBody,
  parseIcmpv6,
  routerSolicitationBody,
} from "./icmpv6";
import { emitIpv6 } from "./ipv6";
import { bytesToHex, golden, GOLDEN } from "./testdata/golden";
import { EtherType, IpProto, type EthernetFrame, type Icmpv6Packet, type Ipv6Packet } from "./types";

const A6 = (s: string): Ip6 => ip6(s)!;
const MAC_A = "be:f9:cc:dd:06:17" as Mac; // va
const MAC_B = "02:00:00:00:00:02" as Mac; // vb
const LL_A = linkLocalFromMac(MAC_A); // fe80::bcf9:ccff:fedd:617
const LL_B = linkLocalFromMac(MAC_B); // fe80::ff:fe00:2

function frame(
  srcMac: Mac,
  dstMac: Mac,
  src: Ip6,
  dst: Ip6,
  hopLimit: number,
  m: Icmpv6Packet,
  flowLabel = 0,
): EthernetFrame {
  const ip: Ipv6Packet = {
    kind: "ipv6",
    trafficClass: 0,
    flowLabel,
    hopLimit,
    src,
    dst,
    nextHeader: IpProto.ICMPV6,
    payload: m,
  };
  return { dst: dstMac, src: srcMac, ethertype: EtherType.IPv6, payload: ip };
}

describe("neighbour discovery as Linux sends it (golden: veth-pair.pcap)", () => {
  it("DAD probe: from ::, to the solicited-node group, no source option, with a nonce", () => {
    // "IP6 (hlim 255 …) :: > ff02::1:ff00:2: ICMP6, neighbor solicitation, who has fe80::ff:fe00:2
    //   unknown option (14), length 8 (1): 0x0000: 5d4e 605e a358"
    const nonce = golden("dadNeighbourSolicitation").slice(-6); // random per probe
    const group = solicitedNodeMulticast(LL_B);
    const m: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.NEIGHBOUR_SOLICITATION,
      code: 0,
      body: neighbourSolicitationBody(LL_B, undefined, nonce),
    };
    expect(bytesToHex(emitEthernet(frame(MAC_B, ip6MulticastMac(group), A6("::"), group, 255, m)))).toBe(
      GOLDEN.dadNeighbourSolicitation.hex,
    );
  });

  it("neighbour solicitation with the source link-layer option", () => {
    const group = solicitedNodeMulticast(LL_B);
    const m: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.NEIGHBOUR_SOLICITATION,
      code: 0,
      body: neighbourSolicitationBody(LL_B, MAC_A),
    };
    expect(bytesToHex(emitEthernet(frame(MAC_A, ip6MulticastMac(group), LL_A, group, 255, m)))).toBe(
      GOLDEN.neighbourSolicitation.hex,
    );
  });

  it("solicited neighbour advertisement with the target link-layer option", () => {
    // "neighbor advertisement, tgt is fe80::ff:fe00:2, Flags [solicited, override]"
    const m: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.NEIGHBOUR_ADVERTISEMENT,
      code: 0,
      body: neighbourAdvertisementBody(NdAdvertFlag.SOLICITED | NdAdvertFlag.OVERRIDE, LL_B, MAC_B),
    };
    expect(bytesToHex(emitEthernet(frame(MAC_B, MAC_A, LL_B, LL_A, 255, m)))).toBe(
      GOLDEN.neighbourAdvertisement.hex,
    );
  });

  it("router solicitation", () => {
    const allRouters = A6("ff02::2");
    const m: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.ROUTER_SOLICITATION,
      code: 0,
      body: routerSolicitationBody(MAC_B),
    };
    expect(
      bytesToHex(emitEthernet(frame(MAC_B, ip6MulticastMac(allRouters), LL_B, allRouters, 255, m))),
    ).toBe(GOLDEN.routerSolicitation.hex);
  });
});

describe("ICMPv6 echo (golden: ping -6 fe80::ff:fe00:2%va)", () => {
  it("emits request and reply; flow label as Linux chose it", () => {
    const data = golden("icmpv6EchoRequest").slice(14 + 40 + 8);
    const req: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.ECHO_REQUEST,
      code: 0,
      body: echoBody(10662, 1, data),
    };
    const rep: Icmpv6Packet = {
      kind: "icmpv6",
      type: Icmpv6Type.ECHO_REPLY,
      code: 0,
      body: echoBody(10662, 1, data),
    };
    expect(bytesToHex(emitEthernet(frame(MAC_A, MAC_B, LL_A, LL_B, 64, req, 0x4c07c)))).toBe(
      GOLDEN.icmpv6EchoRequest.hex,
    );
    expect(bytesToHex(emitEthernet(frame(MAC_B, MAC_A, LL_B, LL_A, 64, rep, 0xe1bd9)))).toBe(
      GOLDEN.icmpv6EchoReply.hex,
    );
  });

  it("parses with and without the pseudo-header", () => {
    const msg = golden("icmpv6EchoReply").subarray(54);
    const r = parseIcmpv6(msg, { src: LL_B, dst: LL_A });
    expect(r.ok && r.value.checksumValid).toBe(true);
    expect(r.ok && r.value.checksum).toBe(0xd28d);
    const wrong = parseIcmpv6(msg, { src: LL_A, dst: LL_B.slice() as Ip6 });
    expect(wrong.ok && wrong.value.checksumValid).toBe(true); // the sum is symmetric in src/dst
    const other = parseIcmpv6(msg, { src: A6("fe80::1"), dst: LL_A });
    expect(other.ok && other.value.checksumValid).toBe(false);
    const none = parseIcmpv6(msg);
    expect(none.ok && none.value.checksumValid).toBeUndefined();
    expect(none.ok && emitIcmpv6(none.value, LL_B, LL_A)).toEqual(msg);
    expect(parseIcmpv6(msg.subarray(0, 3)).ok).toBe(false);
  });
});

describe("ICMPv6 errors (icmp6_send)", () => {
  it("quote at most 1232 bytes so that the error fits 1280", () => {
    expect(ICMPV6_ERROR_MAX_QUOTE).toBe(1232);
    const big: Ipv6Packet = {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 64,
      src: LL_A,
      dst: LL_B,
      nextHeader: 17,
      payload: { kind: "raw", bytes: new Uint8Array(1400) },
    };
    const m = icmpv6Error(Icmpv6Type.DEST_UNREACH, Icmpv6UnreachCode.PORT_UNREACH, big);
    expect(m.body.length).toBe(4 + 1232);
    const err: Ipv6Packet = {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 64,
      src: LL_B,
      dst: LL_A,
      nextHeader: 58,
      payload: m,
    };
    expect(emitIpv6(err).length).toBe(1280);
    const small = emitIpv6({ ...big, payload: { kind: "raw", bytes: new Uint8Array(10) } });
    const padded = new Uint8Array(small.length + 6);
    padded.set(small);
    expect(icmpv6ErrorQuote(padded)).toEqual(small);
    const tooBig = icmpv6Error(Icmpv6Type.PKT_TOOBIG, 0, small, 1280);
    expect(bytesToHex(tooBig.body.subarray(0, 4))).toBe("00000500");
  });
});
