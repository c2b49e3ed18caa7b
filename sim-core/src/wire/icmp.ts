/**
 * ICMP for IPv4 (RFC 792; the kernel's `net/ipv4/icmp.c`): type, code, checksum over the whole
 * message, a 4-byte "rest of header" word, data. Type and code constants carry the names of
 * <linux/icmp.h> without their `ICMP_` prefix (ICMP_DEST_UNREACH → IcmpType.DEST_UNREACH).
 *
 * `icmpErrorQuote` / `icmpError` build an error's data as `__icmp_send` does: the offending IP
 * packet from its IP header on, cut so that the whole ICMP error IP packet is at most 576 bytes
 * (or the route MTU when smaller): 576 − 20 (IP header) − reply options − 8 (ICMP header) = 548
 * bytes of quote at most.
 */
import type { Ip4 } from "../util/brand";
import { internetChecksum } from "./checksum";
import { emitIpv4 } from "./ipv4";
import { ICMP_HEADER_LENGTH, IPV4_HEADER_LENGTH } from "./length";
import { fail, ok, type ParseResult } from "./result";
import type { IcmpPacket, Ipv4Packet } from "./types";

/** ICMP types (<linux/icmp.h>). */
export const IcmpType = {
  ECHOREPLY: 0,
  DEST_UNREACH: 3,
  SOURCE_QUENCH: 4,
  REDIRECT: 5,
  ECHO: 8,
  TIME_EXCEEDED: 11,
  PARAMETERPROB: 12,
  TIMESTAMP: 13,
  TIMESTAMPREPLY: 14,
  INFO_REQUEST: 15,
  INFO_REPLY: 16,
  ADDRESS: 17,
  ADDRESSREPLY: 18,
} as const;

/** Codes for DEST_UNREACH (<linux/icmp.h>). */
export const IcmpUnreachCode = {
  NET_UNREACH: 0,
  HOST_UNREACH: 1,
  PROT_UNREACH: 2,
  PORT_UNREACH: 3,
  FRAG_NEEDED: 4,
  SR_FAILED: 5,
  NET_UNKNOWN: 6,
  HOST_UNKNOWN: 7,
  HOST_ISOLATED: 8,
  NET_ANO: 9,
  HOST_ANO: 10,
  NET_UNR_TOS: 11,
  HOST_UNR_TOS: 12,
  PKT_FILTERED: 13,
  PREC_VIOLATION: 14,
  PREC_CUTOFF: 15,
} as const;

/** Codes for REDIRECT (<linux/icmp.h>). */
export const IcmpRedirectCode = {
  REDIR_NET: 0,
  REDIR_HOST: 1,
  REDIR_NETTOS: 2,
  REDIR_HOSTTOS: 3,
} as const;

/** Codes for TIME_EXCEEDED (<linux/icmp.h>). */
export const IcmpTimeExceededCode = {
  EXC_TTL: 0,
  EXC_FRAGTIME: 1,
} as const;

/** The most an ICMP error IP packet may be (RFC 1812 §4.3.2.3; `icmp_send`'s 576). */
export const ICMP_ERROR_MAX_PACKET = 576;

/**
 * TOS of an ICMP error as Linux sends it: the offending packet's TOS bits kept, precedence set to
 * Internet Control (`(iph->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL`) — 0xc0 usually.
 */
export function icmpErrorTos(offendingTos: number): number {
  return (offendingTos & 0x1e) | 0xc0;
}

/** The rest-of-header word of an echo request/reply. */
export function echoRest(id: number, seq: number): number {
  return (((id & 0xffff) << 16) | (seq & 0xffff)) >>> 0;
}

/** Identifier of an echo request/reply. */
export function echoId(rest: number): number {
  return rest >>> 16;
}

/** Sequence number of an echo request/reply. */
export function echoSeq(rest: number): number {
  return rest & 0xffff;
}

/** The rest-of-header word of "fragmentation needed": the next-hop MTU in the low 16 bits (RFC 1191). */
export function fragNeededRest(mtu: number): number {
  return mtu & 0xffff;
}

/** The rest-of-header word of a redirect: the gateway address. */
export function redirectRest(gateway: Ip4): number {
  return gateway >>> 0;
}

export function writeIcmp(m: IcmpPacket, buf: Uint8Array, off: number): number {
  const end = off + ICMP_HEADER_LENGTH + m.data.length;
  buf[off] = m.type;
  buf[off + 1] = m.code;
  buf[off + 2] = 0;
  buf[off + 3] = 0;
  buf[off + 4] = m.rest >>> 24;
  buf[off + 5] = m.rest >>> 16;
  buf[off + 6] = m.rest >>> 8;
  buf[off + 7] = m.rest;
  buf.set(m.data, off + ICMP_HEADER_LENGTH);
  const check = m.checksum ?? internetChecksum(buf, off, end);
  buf[off + 2] = check >>> 8;
  buf[off + 3] = check;
  return end;
}

export function emitIcmp(m: IcmpPacket): Uint8Array {
  const buf = new Uint8Array(ICMP_HEADER_LENGTH + m.data.length);
  writeIcmp(m, buf, 0);
  return buf;
}

/** Parse an ICMP message (all of `bytes` is the message). Never throws. */
export function parseIcmp(bytes: Uint8Array): ParseResult<IcmpPacket> {
  if (bytes.length < ICMP_HEADER_LENGTH) return fail(`ICMP: ${bytes.length} bytes, need 8`);
  return ok({
    kind: "icmp",
    type: bytes[0],
    code: bytes[1],
    rest: ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0,
    data: bytes.slice(ICMP_HEADER_LENGTH),
    checksum: (bytes[2] << 8) | bytes[3],
    checksumValid: internetChecksum(bytes) === 0,
  });
}

export interface IcmpErrorOptions {
  /** MTU of the route back to the sender (`dst_mtu`); only matters when below 576. Default 1500. */
  mtu?: number;
  /** Length of the IP options the error itself carries (echoed options); default 0. */
  replyOptionsLength?: number;
}

/**
 * The data of an ICMP error about `offending` (an IPv4 packet from its IP header on), as
 * `__icmp_send` cuts it; undefined when the route MTU leaves no room for even an IP header (Linux
 * then sends nothing). Bytes past the offending packet's total length (link padding) are not quoted.
 */
export function icmpErrorQuote(offending: Uint8Array, opts?: IcmpErrorOptions): Uint8Array | undefined {
  const mtu = opts?.mtu ?? 1500;
  const optlen = opts?.replyOptionsLength ?? 0;
  const room = Math.min(mtu, ICMP_ERROR_MAX_PACKET) - IPV4_HEADER_LENGTH - optlen - ICMP_HEADER_LENGTH;
  if (room <= IPV4_HEADER_LENGTH) return undefined;
  let len = offending.length;
  if (len >= 4) {
    const total = (offending[2] << 8) | offending[3];
    if (total >= IPV4_HEADER_LENGTH && total < len) len = total;
  }
  return offending.slice(0, Math.min(len, room));
}

/**
 * An ICMP error message about `offending` (type/code from the constants above; `rest` e.g.
 * fragNeededRest(mtu) for FRAG_NEEDED). The quote is taken from the packet as received — for a
 * forwarded packet, before its TTL was decremented, as in `ip_forward`. Undefined when Linux would
 * send nothing (see icmpErrorQuote).
 */
export function icmpError(
  type: number,
  code: number,
  offending: Ipv4Packet | Uint8Array,
  rest = 0,
  opts?: IcmpErrorOptions,
): IcmpPacket | undefined {
  const bytes = offending instanceof Uint8Array ? offending : emitIpv4(offending);
  const data = icmpErrorQuote(bytes, opts);
  if (data === undefined) return undefined;
  return { kind: "icmp", type, code, rest: rest >>> 0, data };
}
