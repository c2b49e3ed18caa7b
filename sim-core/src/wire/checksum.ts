/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
 * the data taken as big-endian 16-bit words (an odd last byte is padded with a zero byte), plus
 * the pseudo-headers that UDP/TCP over IPv4 (RFC 768, RFC 793) and ICMPv6 over IPv6 (RFC 8200
 * §8.1) add to the sum, and incremental update (RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m')) — the
 * kernel's `csum_replace4` / `inet_proto_csum_replace2/4` that NAT uses, and `ip_decrease_ttl`.
 *
 * Sums are carried as plain non-negative numbers ("accumulators") and folded to 16 bits at the
 * end; an accumulator stays exact for any realistic packet (it is a double, exact to 2^53).
 */
import type { Ip4, Ip6 } from "../util/brand";

/** Fold an accumulator to a 16-bit one's complement sum (end-around carry). */
export function foldSum(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return acc;
}

/** Add bytes [start, end) to an accumulator, as big-endian 16-bit words. */
export function sumBytes(buf: Uint8Array, start: number, end: number, acc = 0): number {
  let i = start;
  const last = end - 1;
  for (; i < last; i += 2) acc += (buf[i] << 8) | buf[i + 1];
  if (i === last) acc += buf[i] << 8;
  return acc;
}

/**
 * The checksum field value for bytes [start, end) plus an initial accumulator (a pseudo-header
 * sum): ~fold(sum) & 0xffff. Computed over data whose checksum field holds 0, it is the value to
 * store; computed over data with the checksum in place, it is 0 when the checksum is right.
 */
export function internetChecksum(buf: Uint8Array, start = 0, end = buf.length, initial = 0): number {
  return ~foldSum(sumBytes(buf, start, end, initial)) & 0xffff;
}

/** The IPv4 pseudo-header sum (source, destination, zero, protocol, L4 length) for UDP and TCP. */
export function pseudoHeaderSum4(src: Ip4, dst: Ip4, protocol: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + (length & 0xffff);
}

/** The IPv6 pseudo-header sum (source, destination, upper-layer length, next header). */
export function pseudoHeaderSum6(src: Ip6, dst: Ip6, nextHeader: number, length: number): number {
  let acc = sumBytes(src, 0, 16, 0);
  acc = sumBytes(dst, 0, 16, acc);
  return acc + Math.floor(length / 0x10000) + (length & 0xffff) + nextHeader;
}

// Linux's 32-bit one's complement helpers (include/net/checksum.h), on big-endian values: the
// one's complement sum does not depend on byte order, so results equal the kernel's byte for byte,
// including which of the two zeros (0x0000 / 0xffff) comes out.
function csumAdd(a: number, b: number): number {
  const r = (a + b) >>> 0;
  return (r + (r < b ? 1 : 0)) >>> 0;
}

function csumFold(c: number): number {
  let s = (c & 0xffff) + (c >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/**
 * RFC 1624 eqn. 3 for a 32-bit value of the covered data (or pseudo-header) changing from
 * `oldValue` to `newValue`: the kernel's `csum_replace4`, what NAT does to an IPv4 header checksum
 * and (via `inet_proto_csum_replace4`) to a TCP/UDP checksum when it rewrites an address.
 */
export function checksumUpdate32(check: number, oldValue: number, newValue: number): number {
  const tmp = csumAdd(~check >>> 0, ~oldValue >>> 0);
  return csumFold(csumAdd(tmp, newValue >>> 0));
}

/**
 * The same for a 16-bit word (a port, an ICMP echo id): the kernel's `inet_proto_csum_replace2`,
 * which widens the words to 32 bits and goes through `csum_replace4`.
 */
export function checksumUpdate16(check: number, oldWord: number, newWord: number): number {
  return checksumUpdate32(check, oldWord & 0xffff, newWord & 0xffff);
}

/**
 * UDP flavour of checksumUpdate16 (nf_nat_udp / udp_manip_pkt): a zero checksum means "none" and
 * stays zero; an updated checksum that comes out as zero is sent as 0xffff (CSUM_MANGLED_0).
 */
export function udpChecksumUpdate16(check: number, oldWord: number, newWord: number): number {
  if (check === 0) return 0;
  const c = checksumUpdate16(check, oldWord, newWord);
  return c === 0 ? 0xffff : c;
}

/** UDP flavour of checksumUpdate32 (see udpChecksumUpdate16). */
export function udpChecksumUpdate32(check: number, oldValue: number, newValue: number): number {
  if (check === 0) return 0;
  const c = checksumUpdate32(check, oldValue, newValue);
  return c === 0 ? 0xffff : c;
}

/**
 * The IPv4 header checksum after the TTL is decremented by one, exactly as `ip_decrease_ttl`
 * computes it on a little-endian machine (`check += htons(0x0100); check += check >= 0xffff`),
 * which is what a forwarding Linux router puts on the wire.
 */
export function decreaseTtlChecksum(check: number): number {
  const le = ((check & 0xff) << 8) | (check >>> 8);
  let c = le + 1;
  c = (c + (c >= 0xffff ? 1 : 0)) & 0xffff;
  return ((c & 0xff) << 8) | (c >>> 8);
}
