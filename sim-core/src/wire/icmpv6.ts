/**
 * ICMPv6 (RFC 4443; the kernel's `net/ipv6/icmp.c`, `ndisc.c`, `mcast.c`): type, code, checksum
 * over the IPv6 pseudo-header (RFC 8200 §8.1) + the message, then the body. Type and code
 * constants carry the names of <linux/icmpv6.h> and <net/ndisc.h> without their prefix.
 *
 * Body builders produce the bodies Linux sends for neighbour discovery (RFC 4861: `ndisc_send_ns`,
 * `ndisc_send_na`, `ndisc_send_rs`, with the RFC 7527 nonce option on DAD probes) and MLDv2
 * reports (RFC 3810: `mld_newpack` / `add_grec`), and echo bodies (identifier, sequence, data).
 * `icmpv6ErrorQuote` cuts an error's quote as `icmp6_send` does: the offending packet, at most
 * 1280 − 40 − 8 = 1232 bytes (the whole error fits the IPv6 minimum MTU).
 */
import type { Ip6, Mac } from "../util/brand";
import { writeIp6, writeMac } from "./addr";
import { internetChecksum, pseudoHeaderSum6 } from "./checksum";
import { emitIpv6 } from "./ipv6";
import { ICMPV6_HEADER_LENGTH, icmpv6Length, IPV6_HEADER_LENGTH } from "./length";
import { fail, ok, type ParseResult } from "./result";
import { IpProto, type Icmpv6Packet, type Ipv6Packet } from "./types";

/** ICMPv6 types (ICMPV6_* in <linux/icmpv6.h>, NDISC_* in <net/ndisc.h>). */
export const Icmpv6Type = {
  DEST_UNREACH: 1,
  PKT_TOOBIG: 2,
  TIME_EXCEED: 3,
  PARAMPROB: 4,
  ECHO_REQUEST: 128,
  ECHO_REPLY: 129,
  MGM_QUERY: 130,
  MGM_REPORT: 131,
  MGM_REDUCTION: 132,
  ROUTER_SOLICITATION: 133,
  ROUTER_ADVERTISEMENT: 134,
  NEIGHBOUR_SOLICITATION: 135,
  NEIGHBOUR_ADVERTISEMENT: 136,
  REDIRECT: 137,
  MLD2_REPORT: 143,
} as const;

/** Codes for DEST_UNREACH (<linux/icmpv6.h>). */
export const Icmpv6UnreachCode = {
  NOROUTE: 0,
  ADM_PROHIBITED: 1,
  NOT_NEIGHBOUR: 2,
  ADDR_UNREACH: 3,
  PORT_UNREACH: 4,
  POLICY_FAIL: 5,
  REJECT_ROUTE: 6,
} as const;

/** Codes for TIME_EXCEED (<linux/icmpv6.h>). */
export const Icmpv6TimeExceedCode = {
  EXC_HOPLIMIT: 0,
  EXC_FRAGTIME: 1,
} as const;

/** Neighbour discovery option types (ND_OPT_* in <net/ndisc.h>). */
export const NdOption = {
  SOURCE_LL_ADDR: 1,
  TARGET_LL_ADDR: 2,
  PREFIX_INFO: 3,
  REDIRECT_HDR: 4,
  MTU: 5,
  NONCE: 14,
} as const;

/** Neighbour advertisement flags (first byte of the body). */
export const NdAdvertFlag = {
  ROUTER: 0x80,
  SOLICITED: 0x40,
  OVERRIDE: 0x20,
} as const;

/** MLDv2 multicast address record types (MLD2_* in <linux/icmpv6.h>, RFC 3810 §5.2.12). */
export const Mld2RecordType = {
  MODE_IS_INCLUDE: 1,
  MODE_IS_EXCLUDE: 2,
  CHANGE_TO_INCLUDE: 3,
  CHANGE_TO_EXCLUDE: 4,
  ALLOW_NEW_SOURCES: 5,
  BLOCK_OLD_SOURCES: 6,
} as const;

/** Addresses for the pseudo-header. */
export interface Ip6Pair {
  src: Ip6;
  dst: Ip6;
}

/** Write `m` at `off`, its checksum over the pseudo-header of `src` → `dst`; returns the end offset. */
export function writeIcmpv6(m: Icmpv6Packet, buf: Uint8Array, off: number, src: Ip6, dst: Ip6): number {
  const end = off + ICMPV6_HEADER_LENGTH + m.body.length;
  buf[off] = m.type;
  buf[off + 1] = m.code;
  buf[off + 2] = 0;
  buf[off + 3] = 0;
  buf.set(m.body, off + ICMPV6_HEADER_LENGTH);
  const check =
    m.checksum ?? internetChecksum(buf, off, end, pseudoHeaderSum6(src, dst, IpProto.ICMPV6, end - off));
  buf[off + 2] = check >>> 8;
  buf[off + 3] = check;
  return end;
}

/** The bytes of an ICMPv6 message sent from `src` to `dst`. */
export function emitIcmpv6(m: Icmpv6Packet, src: Ip6, dst: Ip6): Uint8Array {
  const buf = new Uint8Array(icmpv6Length(m));
  writeIcmpv6(m, buf, 0, src, dst);
  return buf;
}

/**
 * Parse an ICMPv6 message (all of `bytes` is the message). With `ip` the checksum is verified;
 * without it `checksumValid` is unset. Never throws.
 */
export function parseIcmpv6(bytes: Uint8Array, ip?: Ip6Pair): ParseResult<Icmpv6Packet> {
  const len = bytes.length;
  if (len < ICMPV6_HEADER_LENGTH) return fail(`ICMPv6: ${len} bytes, need 4`);
  const m: Icmpv6Packet = {
    kind: "icmpv6",
    type: bytes[0],
    code: bytes[1],
    body: bytes.slice(ICMPV6_HEADER_LENGTH),
    checksum: (bytes[2] << 8) | bytes[3],
  };
  if (ip !== undefined) {
    m.checksumValid =
      internetChecksum(bytes, 0, len, pseudoHeaderSum6(ip.src, ip.dst, IpProto.ICMPV6, len)) === 0;
  }
  return ok(m);
}

// ---------------------------------------------------------------- bodies

function llOption(type: number, lladdr: Mac, out: Uint8Array, off: number): void {
  out[off] = type;
  out[off + 1] = 1; // length in units of 8 bytes
  writeMac(out, off + 2, lladdr);
}

/** Echo request/reply body: identifier, sequence number, data. */
export function echoBody(id: number, seq: number, data: Uint8Array): Uint8Array {
  const b = new Uint8Array(4 + data.length);
  b[0] = id >>> 8;
  b[1] = id;
  b[2] = seq >>> 8;
  b[3] = seq;
  b.set(data, 4);
  return b;
}

/**
 * Neighbour solicitation body: reserved, target, then a source link-layer address option (absent
 * in DAD probes, which come from ::) and, for DAD probes, the 6-byte nonce option Linux adds.
 */
export function neighbourSolicitationBody(target: Ip6, sourceLladdr?: Mac, nonce?: Uint8Array): Uint8Array {
  const b = new Uint8Array(20 + (sourceLladdr ? 8 : 0) + (nonce ? 8 : 0));
  writeIp6(b, 4, target);
  let o = 20;
  if (sourceLladdr !== undefined) {
    llOption(NdOption.SOURCE_LL_ADDR, sourceLladdr, b, o);
    o += 8;
  }
  if (nonce !== undefined) {
    b[o] = NdOption.NONCE;
    b[o + 1] = 1;
    b.set(nonce.subarray(0, 6), o + 2);
  }
  return b;
}

/** Neighbour advertisement body: flags (NdAdvertFlag), target, target link-layer address option. */
export function neighbourAdvertisementBody(flags: number, target: Ip6, targetLladdr?: Mac): Uint8Array {
  const b = new Uint8Array(20 + (targetLladdr ? 8 : 0));
  b[0] = flags;
  writeIp6(b, 4, target);
  if (targetLladdr !== undefined) llOption(NdOption.TARGET_LL_ADDR, targetLladdr, b, 20);
  return b;
}

/** Router solicitation body: reserved, then a source link-layer address option (absent from ::). */
export function routerSolicitationBody(sourceLladdr?: Mac): Uint8Array {
  const b = new Uint8Array(4 + (sourceLladdr ? 8 : 0));
  if (sourceLladdr !== undefined) llOption(NdOption.SOURCE_LL_ADDR, sourceLladdr, b, 4);
  return b;
}

/** One MLDv2 multicast address record. */
export interface Mld2Record {
  type: number;
  group: Ip6;
  sources?: Ip6[];
}

/** MLDv2 report body: reserved, record count, records (no auxiliary data). */
export function mld2ReportBody(records: readonly Mld2Record[]): Uint8Array {
  let n = 4;
  for (const r of records) n += 20 + 16 * (r.sources?.length ?? 0);
  const b = new Uint8Array(n);
  b[2] = records.length >>> 8;
  b[3] = records.length;
  let o = 4;
  for (const r of records) {
    const ns = r.sources?.length ?? 0;
    b[o] = r.type;
    b[o + 2] = ns >>> 8;
    b[o + 3] = ns;
    writeIp6(b, o + 4, r.group);
    o += 20;
    for (let k = 0; k < ns; k++) {
      writeIp6(b, o, r.sources![k]);
      o += 16;
    }
  }
  return b;
}

// ---------------------------------------------------------------- errors

/** The most of the offending packet an ICMPv6 error quotes (IPV6_MIN_MTU − 40 − 8). */
export const ICMPV6_ERROR_MAX_QUOTE = 1280 - IPV6_HEADER_LENGTH - 8;

/** An error's quote as `icmp6_send` cuts it (bytes past the payload length are not quoted). */
export function icmpv6ErrorQuote(offending: Uint8Array): Uint8Array {
  let len = offending.length;
  if (len >= IPV6_HEADER_LENGTH) {
    const total = IPV6_HEADER_LENGTH + ((offending[4] << 8) | offending[5]);
    if (total < len) len = total;
  }
  return offending.slice(0, Math.min(len, ICMPV6_ERROR_MAX_QUOTE));
}

/**
 * An ICMPv6 error message: the 4-byte word (unused, the MTU for PKT_TOOBIG, the pointer for
 * PARAMPROB) followed by the quote of `offending`.
 */
export function icmpv6Error(
  type: number,
  code: number,
  offending: Ipv6Packet | Uint8Array,
  word = 0,
): Icmpv6Packet {
  const quote = icmpv6ErrorQuote(offending instanceof Uint8Array ? offending : emitIpv6(offending));
  const body = new Uint8Array(4 + quote.length);
  body[0] = word >>> 24;
  body[1] = word >>> 16;
  body[2] = word >>> 8;
  body[3] = word;
  body.set(quote, 4);
  return { kind: "icmpv6", type, code, body };
}
