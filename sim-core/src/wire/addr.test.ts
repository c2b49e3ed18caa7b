import { describe, expect, it } from "vitest";
import type { Ip4, Ip6, Mac } from "../util/brand";
import {
  broadcastAddress,
  inPrefix,
  ip4,
  ip4FromOctets,
  ip4MulticastMac,
  ip4ToString,
  ip6,
  ip6Equal,
  ip6InPrefix,
  ip6MulticastMac,
  ip6ToString,
  isBroadcastMac,
  isIp4Multicast,
  isIp6LinkLocal,
  isIp6Multicast,
  isLocalAdminMac,
  isMulticastMac,
  linkLocalFromMac,
  mac,
  macFromBytes,
  macToBytes,
  networkAddress,
  prefixLength,
  prefixMask,
  readIp4,
  readMac,
  solicitedNodeMulticast,
  writeIp4,
} from "./addr";
import { parseEthernet } from "./ethernet";
import { GLIBC_INET_NTOP6, GLIBC_INET_PTON4, GLIBC_INET_PTON6 } from "./testdata/glibc-addr";
import { bytesToHex, golden, hexToBytes } from "./testdata/golden";
import type { Ipv6Packet } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const A6 = (s: string): Ip6 => ip6(s)!;

describe("IPv4 text (glibc inet_pton / inet_ntop)", () => {
  it.each(GLIBC_INET_PTON4)("ip4(%j) is what glibc inet_pton gives", (text, hex) => {
    const a = ip4(text);
    if (hex === null) expect(a).toBeUndefined();
    else expect(a).toBe(parseInt(hex, 16));
  });

  it("formats as a dotted quad and round-trips", () => {
    expect(ip4ToString(0x0a000001 as Ip4)).toBe("10.0.0.1");
    expect(ip4ToString(0xffffffff as Ip4)).toBe("255.255.255.255");
    expect(ip4ToString(0 as Ip4)).toBe("0.0.0.0");
    for (const s of ["192.168.56.11", "10.244.1.0", "172.16.0.255", "1.2.3.4"])
      expect(ip4ToString(A(s))).toBe(s);
  });

  it("reads and writes network order", () => {
    const b = new Uint8Array(6);
    writeIp4(b, 1, A("192.168.56.12"));
    expect(bytesToHex(b)).toBe("00c0a8380c00");
    expect(readIp4(b, 1)).toBe(A("192.168.56.12"));
    expect(ip4FromOctets(10, 244, 1, 0)).toBe(A("10.244.1.0"));
  });
});

describe("IPv4 prefixes (inet_make_mask / inet_mask_len)", () => {
  it("masks", () => {
    expect(ip4ToString(prefixMask(24))).toBe("255.255.255.0");
    expect(ip4ToString(prefixMask(0))).toBe("0.0.0.0");
    expect(ip4ToString(prefixMask(32))).toBe("255.255.255.255");
    expect(ip4ToString(prefixMask(1))).toBe("128.0.0.0");
    expect(ip4ToString(prefixMask(17))).toBe("255.255.128.0");
    for (let n = 0; n <= 32; n++) expect(prefixLength(prefixMask(n))).toBe(n);
    expect(prefixLength(A("255.0.255.0"))).toBeUndefined();
    expect(prefixLength(A("0.0.0.255"))).toBeUndefined();
  });

  it("network, broadcast, membership", () => {
    expect(ip4ToString(networkAddress(A("10.244.1.17"), 24))).toBe("10.244.1.0");
    expect(ip4ToString(broadcastAddress(A("10.244.1.17"), 24))).toBe("10.244.1.255");
    expect(ip4ToString(broadcastAddress(A("10.0.0.1"), 8))).toBe("10.255.255.255");
    expect(ip4ToString(broadcastAddress(A("10.0.0.1"), 32))).toBe("10.0.0.1");
    expect(ip4ToString(networkAddress(A("10.0.0.1"), 0))).toBe("0.0.0.0");
    expect(inPrefix(A("10.244.1.5"), A("10.244.0.0"), 16)).toBe(true);
    expect(inPrefix(A("10.245.1.5"), A("10.244.0.0"), 16)).toBe(false);
    expect(inPrefix(A("200.1.1.1"), A("0.0.0.0"), 0)).toBe(true);
    expect(inPrefix(A("255.255.255.255"), A("255.255.255.255"), 32)).toBe(true);
    expect(inPrefix(A("128.0.0.1"), A("0.0.0.0"), 1)).toBe(false);
  });

  it("multicast → 01:00:5e + low 23 bits (ip_eth_mc_map)", () => {
    expect(isIp4Multicast(A("224.0.0.251"))).toBe(true);
    expect(isIp4Multicast(A("239.255.255.255"))).toBe(true);
    expect(isIp4Multicast(A("240.0.0.1"))).toBe(false);
    expect(ip4MulticastMac(A("224.0.0.251"))).toBe("01:00:5e:00:00:fb");
    expect(ip4MulticastMac(A("239.255.255.250"))).toBe("01:00:5e:7f:ff:fa");
    expect(ip4MulticastMac(A("224.128.1.2"))).toBe("01:00:5e:00:01:02"); // bit 23 dropped
  });
});

describe("MAC text (glibc ether_aton)", () => {
  // Results of glibc 2.36 ether_aton for the same strings (see the note on trailing text below).
  const cases: Array<[string, string | undefined]> = [
    ["be:f9:cc:dd:06:17", "be:f9:cc:dd:06:17"],
    ["BE:F9:CC:DD:06:17", "be:f9:cc:dd:06:17"],
    ["0A:0:5E:1:2:3", "0a:00:5e:01:02:03"],
    ["1:2:3:4:5:6", "01:02:03:04:05:06"],
    ["ff:ff:ff:ff:ff:ff", "ff:ff:ff:ff:ff:ff"],
    ["01-02-03-04-05-06", undefined],
    ["1:2:3:4:5", undefined],
    ["001:2:3:4:5:6", undefined],
    ["1:2:3:4:5:6:7", undefined],
    ["g1:2:3:4:5:6", undefined],
    ["::::::", undefined],
    ["1:2:3:4:5:", undefined],
    ["0102.0304.0506", undefined],
    ["1:2:3:4:5:6x", undefined],
    // glibc accepts trailing whitespace and anything after it; we take whole tokens only.
    ["1:2:3:4:5:6 ", undefined],
  ];
  it.each(cases)("mac(%j)", (text, want) => expect(mac(text)).toBe(want));

  it("bytes ↔ text", () => {
    const m = "be:f9:cc:dd:06:17" as Mac;
    expect(bytesToHex(macToBytes(m))).toBe("bef9ccdd0617");
    expect(macFromBytes(hexToBytes("0a000000000a"))).toBe("0a:00:00:00:00:0a");
    expect(readMac(hexToBytes("00ffffffffffff"), 1)).toBe("ff:ff:ff:ff:ff:ff");
  });

  it("group and broadcast bits (is_multicast_ether_addr counts broadcast)", () => {
    expect(isMulticastMac("ff:ff:ff:ff:ff:ff" as Mac)).toBe(true);
    expect(isBroadcastMac("ff:ff:ff:ff:ff:ff" as Mac)).toBe(true);
    expect(isMulticastMac("33:33:00:00:00:16" as Mac)).toBe(true);
    expect(isBroadcastMac("33:33:00:00:00:16" as Mac)).toBe(false);
    expect(isMulticastMac("01:00:5e:00:00:fb" as Mac)).toBe(true);
    expect(isMulticastMac("be:f9:cc:dd:06:17" as Mac)).toBe(false);
    expect(isMulticastMac("02:00:00:00:00:01" as Mac)).toBe(false);
    expect(isLocalAdminMac("be:f9:cc:dd:06:17" as Mac)).toBe(true);
    expect(isLocalAdminMac("00:16:3e:00:00:01" as Mac)).toBe(false);
  });
});

describe("IPv6 text (glibc inet_pton / inet_ntop)", () => {
  it.each(GLIBC_INET_PTON6)("ip6(%j) is what glibc inet_pton gives", (text, hex) => {
    const a = ip6(text);
    if (hex === null) expect(a).toBeUndefined();
    else expect(bytesToHex(a!)).toBe(hex);
  });

  it("prints every zero-group pattern exactly as glibc inet_ntop", () => {
    for (const [hex, text] of GLIBC_INET_NTOP6) {
      expect(ip6ToString(hexToBytes(hex) as Ip6), hex).toBe(text);
      // and reads its own output back
      expect(bytesToHex(ip6(text)!), text).toBe(hex);
    }
  });

  it("prefix and kind helpers", () => {
    expect(ip6InPrefix(A6("fe80::bcf9:ccff:fedd:617"), A6("fe80::"), 64)).toBe(true);
    expect(ip6InPrefix(A6("fe80:0:0:1::1"), A6("fe80::"), 64)).toBe(false);
    expect(ip6InPrefix(A6("2001:db8::1"), A6("2001:db8::"), 33)).toBe(true);
    expect(ip6InPrefix(A6("2001:db8:8000::1"), A6("2001:db8::"), 33)).toBe(false);
    expect(ip6InPrefix(A6("::1"), A6("::1"), 128)).toBe(true);
    expect(ip6InPrefix(A6("::2"), A6("::1"), 128)).toBe(false);
    expect(ip6InPrefix(A6("1::"), A6("::"), 0)).toBe(true);
    expect(isIp6Multicast(A6("ff02::16"))).toBe(true);
    expect(isIp6LinkLocal(A6("fe80::1"))).toBe(true);
    expect(isIp6LinkLocal(A6("febf::1"))).toBe(true);
    expect(isIp6LinkLocal(A6("fec0::1"))).toBe(false);
    expect(ip6Equal(A6("::1"), A6("0::0:1"))).toBe(true);
  });
});

describe("IPv6 addresses the kernel derives (checked against real packets)", () => {
  // The sandbox gave veth `va` MAC be:f9:cc:dd:06:17; `ip -6 addr` then showed
  // "inet6 fe80::bcf9:ccff:fedd:617/64 scope link", and the captured frames below carry it.
  it("EUI-64 link-local: be:f9:cc:dd:06:17 → fe80::bcf9:ccff:fedd:617", () => {
    expect(ip6ToString(linkLocalFromMac("be:f9:cc:dd:06:17" as Mac))).toBe("fe80::bcf9:ccff:fedd:617");
    expect(ip6ToString(linkLocalFromMac("02:00:00:00:00:02" as Mac))).toBe("fe80::ff:fe00:2");
  });

  it("matches the source of the captured router solicitation and MLD report", () => {
    const rs = parseEthernet(golden("routerSolicitation"));
    const mld = parseEthernet(golden("mldReportFromLinkLocal"));
    expect(rs.ok && mld.ok).toBe(true);
    if (!rs.ok || !mld.ok) return;
    const rsIp = rs.value.payload as Ipv6Packet;
    const mldIp = mld.value.payload as Ipv6Packet;
    expect(ip6Equal(rsIp.src, linkLocalFromMac(rs.value.src))).toBe(true);
    expect(ip6Equal(mldIp.src, linkLocalFromMac(mld.value.src))).toBe(true);
  });

  it("solicited-node group and its MAC match the captured DAD probe", () => {
    const dad = parseEthernet(golden("dadNeighbourSolicitation"));
    expect(dad.ok).toBe(true);
    if (!dad.ok) return;
    const ip = dad.value.payload as Ipv6Packet;
    const target = A6("fe80::ff:fe00:2");
    expect(ip6ToString(solicitedNodeMulticast(target))).toBe("ff02::1:ff00:2");
    expect(ip6Equal(ip.dst, solicitedNodeMulticast(target))).toBe(true);
    expect(dad.value.dst).toBe(ip6MulticastMac(ip.dst));
    expect(ip6MulticastMac(A6("ff02::16"))).toBe("33:33:00:00:00:16");
    expect(ip6MulticastMac(solicitedNodeMulticast(A6("fe80::bcf9:ccff:fedd:617")))).toBe("33:33:ff:dd:06:17");
  });
});
