/**
 * UDP (RFC 768; the kernel's `udp_send_skb` / `__udp4_lib_rcv`): ports, length, checksum over the
 * IPv4 pseudo-header + the datagram. A computed checksum of 0 is sent as 0xffff; a checksum field
 * of 0 means "none" (what Linux VXLAN sends only with `noudpcsum`: by default, iproute2 6.1 shows
 * `udpcsum` and the outer checksum is computed). Datagrams to a VXLAN port (ParseOptions.vxlanPorts,
 * default 8472 and 4789) are parsed as VXLAN, matched on the destination port as the receiving
 * VXLAN socket is.
 */
import type { Ip4 } from "../util/brand";
import { internetChecksum, pseudoHeaderSum4 } from "./checksum";
import { UDP_HEADER_LENGTH, udpLength } from "./length";
import { fail, malformed, ok, type ParseOptions, type ParseResult } from "./result";
import { IpProto, type UdpDatagram } from "./types";
import { parseVxlan, VXLAN_DEFAULT_PORTS, writeVxlan } from "./vxlan";

/** Addresses for the pseudo-header. */
export interface Ip4Pair {
  src: Ip4;
  dst: Ip4;
}

/** Write `u` at `off`, its checksum over the pseudo-header of `src` → `dst`; returns the end offset. */
export function writeUdp(u: UdpDatagram, buf: Uint8Array, off: number, src: Ip4, dst: Ip4): number {
  const pl = u.payload;
  let end: number;
  if (pl.kind === "vxlan") {
    end = writeVxlan(pl, buf, off + UDP_HEADER_LENGTH);
  } else {
    buf.set(pl.bytes, off + UDP_HEADER_LENGTH);
    end = off + UDP_HEADER_LENGTH + pl.bytes.length;
  }
  const length = u.length ?? end - off;
  buf[off] = u.srcPort >>> 8;
  buf[off + 1] = u.srcPort;
  buf[off + 2] = u.dstPort >>> 8;
  buf[off + 3] = u.dstPort;
  buf[off + 4] = length >>> 8;
  buf[off + 5] = length;
  buf[off + 6] = 0;
  buf[off + 7] = 0;
  let check = u.checksum;
  if (check === undefined) {
    check = internetChecksum(buf, off, end, pseudoHeaderSum4(src, dst, IpProto.UDP, end - off));
    if (check === 0) check = 0xffff;
  }
  buf[off + 6] = check >>> 8;
  buf[off + 7] = check;
  return end;
}

/** The bytes of a UDP datagram sent from `src` to `dst`. */
export function emitUdp(u: UdpDatagram, src: Ip4, dst: Ip4): Uint8Array {
  const buf = new Uint8Array(udpLength(u));
  writeUdp(u, buf, 0, src, dst);
  return buf;
}

/**
 * Parse a UDP datagram (all of `bytes` is the IP payload). With `ip` the checksum is verified;
 * without it, or when the checksum is 0 or the datagram is cut short, `checksumValid` is unset.
 * Never throws.
 */
export function parseUdp(bytes: Uint8Array, ip?: Ip4Pair, opts?: ParseOptions): ParseResult<UdpDatagram> {
  const len = bytes.length;
  if (len < UDP_HEADER_LENGTH) return fail(`UDP: ${len} bytes, need 8`);
  const srcPort = (bytes[0] << 8) | bytes[1];
  const dstPort = (bytes[2] << 8) | bytes[3];
  const length = (bytes[4] << 8) | bytes[5];
  const checksum = (bytes[6] << 8) | bytes[7];
  const sane = length >= UDP_HEADER_LENGTH && length <= len;
  const end = length >= UDP_HEADER_LENGTH ? Math.min(length, len) : len;
  const region = bytes.subarray(UDP_HEADER_LENGTH, end);
  const u: UdpDatagram = {
    kind: "udp",
    srcPort,
    dstPort,
    payload: { kind: "raw", bytes: new Uint8Array(0) },
    checksum,
    length,
  };
  if (ip !== undefined && checksum !== 0 && sane) {
    u.checksumValid =
      internetChecksum(bytes, 0, length, pseudoHeaderSum4(ip.src, ip.dst, IpProto.UDP, length)) === 0;
  }
  if ((opts?.vxlanPorts ?? VXLAN_DEFAULT_PORTS).has(dstPort)) {
    const r = parseVxlan(region, opts);
    u.payload = r.ok ? r.value : malformed(region.slice(), r.error);
  } else {
    u.payload = { kind: "raw", bytes: region.slice() };
  }
  return ok(u);
}
