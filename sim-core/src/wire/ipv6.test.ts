import { describe, expect, it } from "vitest";
import type { Ip6, Mac } from "../util/brand";
import { ip6, ip6MulticastMac } from "./addr";
import { emitEthernet, parseEthernet } from "./ethernet";
import { Icmpv6Type, Mld2RecordType, mld2ReportBody } from "./icmpv6";
import { emitIpv6, mldHopByHopOptions, parseIpv6 } from "./ipv6";
import { hopByHopLength, ipv6Length } from "./length";
import { bytesToHex, golden, GOLDEN, hexToBytes } from "./testdata/golden";
import { strip } from "./testdata/util";
import { EtherType, IpProto, type EthernetFrame, type Ipv6Packet } from "./types";

const A6 = (s: string): Ip6 => ip6(s)!;

/** An MLDv2 report as Linux sends one while an address is tentative or just configured. */
function mldReport(srcMac: string, src: string, group: string): EthernetFrame {
  const dst = A6("ff02::16");
  return {
    dst: ip6MulticastMac(dst),
    src: srcMac as Mac,
    ethertype: EtherType.IPv6,
    payload: {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 1,
      src: A6(src),
      dst,
      hopByHop: mldHopByHopOptions(),
      nextHeader: IpProto.ICMPV6,
      payload: {
        kind: "icmpv6",
        type: Icmpv6Type.MLD2_REPORT,
        code: 0,
        body: mld2ReportBody([{ type: Mld2RecordType.CHANGE_TO_EXCLUDE, group: A6(group) }]),
      },
    },
  };
}

describe("IPv6 with a hop-by-hop header (golden: MLDv2 reports in veth-pair.pcap)", () => {
  // tcpdump -v: "IP6 (hlim 1, next-header Options (0) payload length: 36) :: > ff02::16: HBH (rtalert: 0x0000)
  //   (padn) [icmp6 sum ok] ICMP6, multicast listener report v2, 1 group record(s) [gaddr ff02::1:ffdd:617 to_ex, 0 source(s)]"
  it("emits the report sent from :: during DAD", () => {
    const f = mldReport("be:f9:cc:dd:06:17", "::", "ff02::1:ffdd:617");
    expect(bytesToHex(emitEthernet(f))).toBe(GOLDEN.mldReportFromUnspecified.hex);
  });

  it("emits the report sent from the link-local address", () => {
    const f = mldReport("be:f9:cc:dd:06:17", "fe80::bcf9:ccff:fedd:617", "ff02::1:ffdd:617");
    expect(bytesToHex(emitEthernet(f))).toBe(GOLDEN.mldReportFromLinkLocal.hex);
  });

  it("parses it: hop-by-hop options area, upper-layer next header, payload length", () => {
    const r = parseEthernet(golden("mldReportFromUnspecified"));
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.payload.kind !== "ipv6") return;
    const p = r.value.payload;
    expect(bytesToHex(p.hopByHop!)).toBe("050200000100");
    expect(p.nextHeader).toBe(58);
    expect(p.payloadLength).toBe(36);
    expect(strip(r.value)).toEqual(mldReport("be:f9:cc:dd:06:17", "::", "ff02::1:ffdd:617"));
  });

  it("pads a hop-by-hop options area with Pad1 or PadN", () => {
    const base: Ipv6Packet = {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 1,
      src: A6("::"),
      dst: A6("ff02::16"),
      nextHeader: 59,
      payload: { kind: "raw", bytes: new Uint8Array(0) },
    };
    expect(hopByHopLength(hexToBytes("05020000"))).toBe(8);
    expect(bytesToHex(emitIpv6({ ...base, hopByHop: hexToBytes("05020000") }).subarray(40))).toBe(
      "3b00050200000100",
    );
    expect(bytesToHex(emitIpv6({ ...base, hopByHop: hexToBytes("0502000000") }).subarray(40))).toBe(
      "3b00050200000000",
    );
    expect(bytesToHex(emitIpv6({ ...base, hopByHop: hexToBytes("050200000100") }).subarray(40))).toBe(
      "3b00050200000100",
    );
    expect(emitIpv6({ ...base, hopByHop: new Uint8Array(7) }).subarray(40).length).toBe(16);
  });

  it("a hop-by-hop header cut short leaves the payload raw, bytes kept", () => {
    const b = golden("mldReportFromUnspecified").slice(14);
    b[41] = 9; // hdr ext len 9 → 80 bytes, more than there is
    const r = parseIpv6(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.nextHeader).toBe(0);
    expect(r.value.payload).toMatchObject({ kind: "raw", malformed: "IPv6: hop-by-hop header cut short" });
    expect(emitIpv6(r.value)).toEqual(b);
  });
});

describe("IPv6 header fields (golden: ping -6 in veth-pair.pcap)", () => {
  it("traffic class and flow label", () => {
    // "IP6 (flowlabel 0x4c07c, hlim 64, next-header ICMPv6 (58) payload length: 64)"
    const r = parseIpv6(golden("icmpv6EchoRequest").subarray(14));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.flowLabel).toBe(0x4c07c);
    expect(r.value.hopLimit).toBe(64);
    expect(r.value.trafficClass).toBe(0);
    const tc = emitIpv6({ ...r.value, trafficClass: 0xb8, flowLabel: 0xfffff });
    expect(bytesToHex(tc.subarray(0, 4))).toBe("6b8fffff");
    const back = parseIpv6(tc);
    expect(back.ok && [back.value.trafficClass, back.value.flowLabel]).toEqual([0xb8, 0xfffff]);
  });

  it("payload length beyond the bytes: parsed as far as it goes, checksum unchecked", () => {
    const b = golden("icmpv6EchoRequest").subarray(14, 14 + 40 + 30);
    const r = parseIpv6(b);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.payload.kind !== "icmpv6") return;
    expect(r.value.payloadLength).toBe(64);
    expect(r.value.payload.checksumValid).toBeUndefined();
    expect(ipv6Length(r.value)).toBe(70);
    expect(emitIpv6(r.value)).toEqual(b);
  });

  it("other next headers stay raw; bad versions and short headers are refused", () => {
    const b = golden("icmpv6EchoRequest").slice(14);
    b[6] = 17;
    const r = parseIpv6(b);
    expect(r.ok && r.value.payload).toEqual({ kind: "raw", bytes: b.slice(40) });
    expect(parseIpv6(b.subarray(0, 39)).ok).toBe(false);
    b[0] = 0x40;
    expect(parseIpv6(b)).toEqual({ ok: false, error: "IPv6: version field is 4" });
  });
});
