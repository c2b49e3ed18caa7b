/**
 * IPv6 (RFC 8200; the kernel's `struct ipv6hdr`, `ip6_xmit`, `ipv6_rcv`): version 6, traffic
 * class, 20-bit flow label, payload length, next header, hop limit, addresses — plus the
 * hop-by-hop options header (RFC 8200 §4.3) that MLD reports carry for their router alert
 * (RFC 2711), as `mld_newpack` builds it: 3a 00 05 02 00 00 01 00.
 *
 * In the representation `hopByHop` is the options area only and `nextHeader` the protocol of the
 * payload; emit writes the IPv6 Next Header as 0 (HOPOPT) when `hopByHop` is present. Parsing
 * recurses into ICMPv6 (checksum verified with the pseudo-header); any other next header, or an
 * extension header other than hop-by-hop, leaves the rest `raw`.
 */
import { readIp6, writeIp6 } from "./addr";
import { parseIcmpv6, writeIcmpv6 } from "./icmpv6";
import { hopByHopLength, IPV6_HEADER_LENGTH, ipv6Length } from "./length";
import { fail, malformed, ok, type ParseOptions, type ParseResult } from "./result";
import { IpProto, type Ipv6Packet } from "./types";

/** Hop-by-hop option types (IPV6_TLV_* in include/uapi/linux/in6.h). */
export const Ipv6TlvType = {
  PAD1: 0,
  PADN: 1,
  ROUTERALERT: 5,
  JUMBO: 0xc2,
} as const;

/** Router alert values (RFC 2711): 0 = the datagram holds an MLD message. */
export const IPV6_ROUTER_ALERT_MLD = 0;

/** The hop-by-hop options area of an MLD report as Linux sends it: router alert (MLD) + PadN(0). */
export function mldHopByHopOptions(): Uint8Array {
  return Uint8Array.of(Ipv6TlvType.ROUTERALERT, 2, 0, IPV6_ROUTER_ALERT_MLD, Ipv6TlvType.PADN, 0);
}

/** Write `p` at `off`; returns the offset after it. */
export function writeIpv6(p: Ipv6Packet, buf: Uint8Array, off: number): number {
  let o = off + IPV6_HEADER_LENGTH;
  const hbh = p.hopByHop;
  if (hbh !== undefined) {
    const hl = hopByHopLength(hbh);
    buf[o] = p.nextHeader;
    buf[o + 1] = (hl >>> 3) - 1;
    buf.set(hbh, o + 2);
    const pad = hl - 2 - hbh.length;
    const padAt = o + 2 + hbh.length;
    if (pad === 1) {
      buf[padAt] = Ipv6TlvType.PAD1;
    } else if (pad >= 2) {
      buf[padAt] = Ipv6TlvType.PADN;
      buf[padAt + 1] = pad - 2;
      buf.fill(0, padAt + 2, padAt + pad);
    }
    o += hl;
  }
  const pl = p.payload;
  let end: number;
  if (pl.kind === "icmpv6") {
    end = writeIcmpv6(pl, buf, o, p.src, p.dst);
  } else {
    buf.set(pl.bytes, o);
    end = o + pl.bytes.length;
  }
  const plen = p.payloadLength ?? end - off - IPV6_HEADER_LENGTH;
  buf[off] = 0x60 | ((p.trafficClass >>> 4) & 0x0f);
  buf[off + 1] = ((p.trafficClass & 0x0f) << 4) | ((p.flowLabel >>> 16) & 0x0f);
  buf[off + 2] = p.flowLabel >>> 8;
  buf[off + 3] = p.flowLabel;
  buf[off + 4] = plen >>> 8;
  buf[off + 5] = plen;
  buf[off + 6] = hbh !== undefined ? IpProto.HOPOPT : p.nextHeader;
  buf[off + 7] = p.hopLimit;
  writeIp6(buf, off + 8, p.src);
  writeIp6(buf, off + 24, p.dst);
  return end;
}

/** The bytes of an IPv6 packet. */
export function emitIpv6(p: Ipv6Packet): Uint8Array {
  const buf = new Uint8Array(ipv6Length(p));
  writeIpv6(p, buf, 0);
  return buf;
}

/** Parse an IPv6 packet (bytes past the payload length are ignored). Never throws. */
export function parseIpv6(bytes: Uint8Array, _opts?: ParseOptions): ParseResult<Ipv6Packet> {
  const len = bytes.length;
  if (len < IPV6_HEADER_LENGTH) return fail(`IPv6: ${len} bytes, shorter than the 40-byte header`);
  const version = bytes[0] >>> 4;
  if (version !== 6) return fail(`IPv6: version field is ${version}`);
  const payloadLength = (bytes[4] << 8) | bytes[5];
  const truncated = IPV6_HEADER_LENGTH + payloadLength > len;
  const end = Math.min(IPV6_HEADER_LENGTH + payloadLength, len);
  const src = readIp6(bytes, 8);
  const dst = readIp6(bytes, 24);
  const p: Ipv6Packet = {
    kind: "ipv6",
    trafficClass: ((bytes[0] & 0x0f) << 4) | (bytes[1] >>> 4),
    flowLabel: ((bytes[1] & 0x0f) << 16) | (bytes[2] << 8) | bytes[3],
    hopLimit: bytes[7],
    src,
    dst,
    nextHeader: bytes[6],
    payloadLength,
    payload: { kind: "raw", bytes: new Uint8Array(0) },
  };
  let o = IPV6_HEADER_LENGTH;
  if (p.nextHeader === IpProto.HOPOPT) {
    const hl = o + 2 <= end ? (bytes[o + 1] + 1) * 8 : 0;
    if (hl === 0 || o + hl > end) {
      p.payload = malformed(bytes.slice(o, end), "IPv6: hop-by-hop header cut short");
      return ok(p);
    }
    p.hopByHop = bytes.slice(o + 2, o + hl);
    p.nextHeader = bytes[o];
    o += hl;
  }
  const region = bytes.subarray(o, end);
  if (p.nextHeader === IpProto.ICMPV6) {
    const r = parseIcmpv6(region, truncated ? undefined : { src, dst });
    p.payload = r.ok ? r.value : malformed(region.slice(), r.error);
  } else {
    p.payload = { kind: "raw", bytes: region.slice() };
  }
  return ok(p);
}
