/**
 * IPv4 (RFC 791; the kernel's `struct iphdr`, `ip_build_and_send_pkt`, `ip_rcv_core`): version 4,
 * IHL, TOS, total length, id, flags (DF 0x4000, MF 0x2000) + 13-bit fragment offset in 8-byte
 * units, TTL, protocol, header checksum, addresses, options.
 *
 * Parsing recurses into ICMP, UDP and TCP, verifying their checksums (with the pseudo-header for
 * UDP and TCP); a fragment (MF set or offset > 0) keeps its slice of the original payload as
 * `raw`, as the kernel does until `ip_defrag` has all pieces. A total length larger than the bytes
 * present (a truncated capture, the quoted header inside an ICMP error) is kept as given and the
 * payload is what is present; checksums that cannot be checked are left unset. The reserved flag
 * bit (0x8000) is not represented (Linux never sets it).
 */
import { readIp4, writeIp4 } from "./addr";
import { internetChecksum } from "./checksum";
import { parseIcmp, writeIcmp } from "./icmp";
import { IPV4_HEADER_LENGTH, ipv4OptionsLength, ipv4TotalLength } from "./length";
import { fail, malformed, ok, type ParseOptions, type ParseResult } from "./result";
import { parseTcp, writeTcp } from "./tcp";
import { IpProto, type Ipv4Packet } from "./types";
import { parseUdp, writeUdp } from "./udp";

/** Flag bits of the 16-bit flags/fragment-offset word (IP_DF, IP_MF, IP_OFFSET). */
export const IP_DF = 0x4000;
export const IP_MF = 0x2000;
export const IP_OFFSET = 0x1fff;

/** Write `p` (header, options, payload) at `off`; returns the offset after it. */
export function writeIpv4(p: Ipv4Packet, buf: Uint8Array, off: number): number {
  const optLen = ipv4OptionsLength(p);
  const hl = IPV4_HEADER_LENGTH + optLen;
  const pl = p.payload;
  let end: number;
  switch (pl.kind) {
    case "icmp":
      end = writeIcmp(pl, buf, off + hl);
      break;
    case "udp":
      end = writeUdp(pl, buf, off + hl, p.src, p.dst);
      break;
    case "tcp":
      end = writeTcp(pl, buf, off + hl, p.src, p.dst);
      break;
    case "raw":
      buf.set(pl.bytes, off + hl);
      end = off + hl + pl.bytes.length;
      break;
  }
  const total = p.totalLength ?? end - off;
  const frag = (p.df ? IP_DF : 0) | (p.mf ? IP_MF : 0) | ((p.fragOffset >>> 3) & IP_OFFSET);
  buf[off] = 0x40 | (hl >>> 2);
  buf[off + 1] = p.tos;
  buf[off + 2] = total >>> 8;
  buf[off + 3] = total;
  buf[off + 4] = p.id >>> 8;
  buf[off + 5] = p.id;
  buf[off + 6] = frag >>> 8;
  buf[off + 7] = frag;
  buf[off + 8] = p.ttl;
  buf[off + 9] = p.protocol;
  buf[off + 10] = 0;
  buf[off + 11] = 0;
  writeIp4(buf, off + 12, p.src);
  writeIp4(buf, off + 16, p.dst);
  if (p.options !== undefined) {
    buf.set(p.options, off + IPV4_HEADER_LENGTH);
    buf.fill(0, off + IPV4_HEADER_LENGTH + p.options.length, off + hl);
  }
  const check = p.checksum ?? internetChecksum(buf, off, off + hl);
  buf[off + 10] = check >>> 8;
  buf[off + 11] = check;
  return end;
}

/** The bytes of an IPv4 packet. */
export function emitIpv4(p: Ipv4Packet): Uint8Array {
  const buf = new Uint8Array(ipv4TotalLength(p));
  writeIpv4(p, buf, 0);
  return buf;
}

/** Parse an IPv4 packet (bytes past the total length are ignored). Never throws. */
export function parseIpv4(bytes: Uint8Array, opts?: ParseOptions): ParseResult<Ipv4Packet> {
  const len = bytes.length;
  if (len < IPV4_HEADER_LENGTH) return fail(`IPv4: ${len} bytes, shorter than the 20-byte header`);
  const version = bytes[0] >>> 4;
  if (version !== 4) return fail(`IPv4: version field is ${version}`);
  const hl = (bytes[0] & 0x0f) * 4;
  if (hl < IPV4_HEADER_LENGTH) return fail(`IPv4: header length ${hl} is less than 20`);
  if (hl > len) return fail(`IPv4: header length ${hl} but only ${len} bytes`);
  const totalLength = (bytes[2] << 8) | bytes[3];
  const frag = (bytes[6] << 8) | bytes[7];
  const checksum = (bytes[10] << 8) | bytes[11];
  const protocol = bytes[9];
  const src = readIp4(bytes, 12);
  const dst = readIp4(bytes, 16);
  const p: Ipv4Packet = {
    kind: "ipv4",
    tos: bytes[1],
    id: (bytes[4] << 8) | bytes[5],
    df: (frag & IP_DF) !== 0,
    mf: (frag & IP_MF) !== 0,
    fragOffset: (frag & IP_OFFSET) * 8,
    ttl: bytes[8],
    protocol,
    src,
    dst,
    checksum,
    totalLength,
    checksumValid: internetChecksum(bytes, 0, hl) === 0,
    payload: { kind: "raw", bytes: new Uint8Array(0) },
  };
  if (hl > IPV4_HEADER_LENGTH) p.options = bytes.slice(IPV4_HEADER_LENGTH, hl);
  // A total length shorter than the header is bogus: show everything present as payload.
  const end = totalLength >= hl ? Math.min(totalLength, len) : len;
  const truncated = totalLength > len;
  const region = bytes.subarray(hl, end);
  if (p.mf || p.fragOffset > 0) {
    p.payload = { kind: "raw", bytes: region.slice() };
    return ok(p);
  }
  switch (protocol) {
    case IpProto.ICMP: {
      const r = parseIcmp(region);
      if (r.ok) {
        if (truncated) delete r.value.checksumValid;
        p.payload = r.value;
      } else {
        p.payload = malformed(region.slice(), r.error);
      }
      break;
    }
    case IpProto.UDP: {
      const r = parseUdp(region, truncated ? undefined : { src, dst }, opts);
      p.payload = r.ok ? r.value : malformed(region.slice(), r.error);
      break;
    }
    case IpProto.TCP: {
      const r = parseTcp(region, truncated ? undefined : { src, dst });
      p.payload = r.ok ? r.value : malformed(region.slice(), r.error);
      break;
    }
    default:
      p.payload = { kind: "raw", bytes: region.slice() };
  }
  return ok(p);
}
