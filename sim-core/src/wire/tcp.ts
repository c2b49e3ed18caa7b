/**
 * TCP (RFC 9293; the kernel's `tcp_transmit_skb` / `tcp_options_write` / `tcp_parse_options`):
 * ports, sequence and acknowledgement numbers, data offset, flags, window, checksum over the IPv4
 * pseudo-header + segment, urgent pointer, options, payload.
 *
 * Options are written in the order given, NOPs included — Linux writes a SYN's options as
 * mss, sackOK, TS, nop, wscale (`MSS | SACK_PERM+TS | NOP+WSCALE`) and later segments' as
 * nop, nop, TS — then zero-padded to a multiple of 4. Parse keeps every byte: an EOL and
 * the zero padding after it read back as `eol`, unknown or malformed options as `raw`.
 * `flags` carries the 12 bits after the data offset (the 4 reserved/AE bits above CWR included),
 * so reserved bits survive a round trip.
 */
import type { Ip4 } from "../util/brand";
import { internetChecksum, pseudoHeaderSum4 } from "./checksum";
import { TCP_HEADER_LENGTH, tcpHeaderLength, tcpLength } from "./length";
import { fail, ok, type ParseResult } from "./result";
import { IpProto, type TcpOption, type TcpSegment } from "./types";
import type { Ip4Pair } from "./udp";

/** TCP option kinds (TCPOPT_* in include/net/tcp.h). */
export const TcpOptionKind = {
  EOL: 0,
  NOP: 1,
  MSS: 2,
  WINDOW: 3,
  SACK_PERM: 4,
  SACK: 5,
  TIMESTAMP: 8,
  MD5SIG: 19,
  MPTCP: 30,
  FASTOPEN: 34,
  EXP: 254,
} as const;

function put32(buf: Uint8Array, o: number, v: number): void {
  buf[o] = v >>> 24;
  buf[o + 1] = v >>> 16;
  buf[o + 2] = v >>> 8;
  buf[o + 3] = v;
}

function get32(buf: Uint8Array, o: number): number {
  return ((buf[o] << 24) | (buf[o + 1] << 16) | (buf[o + 2] << 8) | buf[o + 3]) >>> 0;
}

/** Write options at `off`; returns the offset after them (before padding). */
function writeOptions(options: readonly TcpOption[], buf: Uint8Array, off: number): number {
  let o = off;
  for (const opt of options) {
    switch (opt.kind) {
      case "mss":
        buf[o] = TcpOptionKind.MSS;
        buf[o + 1] = 4;
        buf[o + 2] = opt.value >>> 8;
        buf[o + 3] = opt.value;
        o += 4;
        break;
      case "sackPermitted":
        buf[o] = TcpOptionKind.SACK_PERM;
        buf[o + 1] = 2;
        o += 2;
        break;
      case "timestamps":
        buf[o] = TcpOptionKind.TIMESTAMP;
        buf[o + 1] = 10;
        put32(buf, o + 2, opt.tsval);
        put32(buf, o + 6, opt.tsecr);
        o += 10;
        break;
      case "windowScale":
        buf[o] = TcpOptionKind.WINDOW;
        buf[o + 1] = 3;
        buf[o + 2] = opt.shift;
        o += 3;
        break;
      case "nop":
        buf[o++] = TcpOptionKind.NOP;
        break;
      case "eol":
        buf[o++] = TcpOptionKind.EOL;
        break;
      case "sack":
        buf[o] = TcpOptionKind.SACK;
        buf[o + 1] = 2 + 8 * opt.blocks.length;
        o += 2;
        for (const b of opt.blocks) {
          put32(buf, o, b.left);
          put32(buf, o + 4, b.right);
          o += 8;
        }
        break;
      case "raw":
        buf.set(opt.bytes, o);
        o += opt.bytes.length;
        break;
    }
  }
  return o;
}

/** Write `s` at `off`, its checksum over the pseudo-header of `src` → `dst`; returns the end offset. */
export function writeTcp(s: TcpSegment, buf: Uint8Array, off: number, src: Ip4, dst: Ip4): number {
  const hl = tcpHeaderLength(s);
  const end = off + hl + s.payload.length;
  buf[off] = s.srcPort >>> 8;
  buf[off + 1] = s.srcPort;
  buf[off + 2] = s.dstPort >>> 8;
  buf[off + 3] = s.dstPort;
  put32(buf, off + 4, s.seq);
  put32(buf, off + 8, s.ack);
  buf[off + 12] = ((hl >>> 2) << 4) | ((s.flags >>> 8) & 0x0f);
  buf[off + 13] = s.flags;
  buf[off + 14] = s.window >>> 8;
  buf[off + 15] = s.window;
  buf[off + 16] = 0;
  buf[off + 17] = 0;
  buf[off + 18] = s.urgent >>> 8;
  buf[off + 19] = s.urgent;
  const optEnd = writeOptions(s.options, buf, off + TCP_HEADER_LENGTH);
  buf.fill(0, optEnd, off + hl);
  buf.set(s.payload, off + hl);
  const check =
    s.checksum ?? internetChecksum(buf, off, end, pseudoHeaderSum4(src, dst, IpProto.TCP, end - off));
  buf[off + 16] = check >>> 8;
  buf[off + 17] = check;
  return end;
}

/** The bytes of a TCP segment sent from `src` to `dst`. */
export function emitTcp(s: TcpSegment, src: Ip4, dst: Ip4): Uint8Array {
  const buf = new Uint8Array(tcpLength(s));
  writeTcp(s, buf, 0, src, dst);
  return buf;
}

/** Parse the options area [start, end) losslessly. */
export function parseTcpOptions(bytes: Uint8Array, start: number, end: number): TcpOption[] {
  const out: TcpOption[] = [];
  let i = start;
  while (i < end) {
    const kind = bytes[i];
    if (kind === TcpOptionKind.EOL) {
      out.push({ kind: "eol" });
      i++;
      // Zero bytes up to the next multiple of 4 are the padding emit adds back; anything else is kept.
      const padEnd = start + ((i - start + 3) & ~3);
      let zeros = true;
      for (let k = i; k < end; k++) if (bytes[k] !== 0) zeros = false;
      if (!(zeros && padEnd === end)) out.push({ kind: "raw", bytes: bytes.slice(i, end) });
      return out;
    }
    if (kind === TcpOptionKind.NOP) {
      out.push({ kind: "nop" });
      i++;
      continue;
    }
    const len = i + 1 < end ? bytes[i + 1] : 0;
    if (len < 2 || i + len > end) {
      out.push({ kind: "raw", bytes: bytes.slice(i, end) });
      return out;
    }
    if (kind === TcpOptionKind.MSS && len === 4) {
      out.push({ kind: "mss", value: (bytes[i + 2] << 8) | bytes[i + 3] });
    } else if (kind === TcpOptionKind.WINDOW && len === 3) {
      out.push({ kind: "windowScale", shift: bytes[i + 2] });
    } else if (kind === TcpOptionKind.SACK_PERM && len === 2) {
      out.push({ kind: "sackPermitted" });
    } else if (kind === TcpOptionKind.TIMESTAMP && len === 10) {
      out.push({ kind: "timestamps", tsval: get32(bytes, i + 2), tsecr: get32(bytes, i + 6) });
    } else if (kind === TcpOptionKind.SACK && (len - 2) % 8 === 0) {
      const blocks: Array<{ left: number; right: number }> = [];
      for (let k = i + 2; k < i + len; k += 8)
        blocks.push({ left: get32(bytes, k), right: get32(bytes, k + 4) });
      out.push({ kind: "sack", blocks });
    } else {
      out.push({ kind: "raw", bytes: bytes.slice(i, i + len) });
    }
    i += len;
  }
  return out;
}

/**
 * Parse a TCP segment (all of `bytes` is the IP payload). With `ip` the checksum is verified over
 * all of `bytes`; without it `checksumValid` is unset. Never throws.
 */
export function parseTcp(bytes: Uint8Array, ip?: Ip4Pair): ParseResult<TcpSegment> {
  const len = bytes.length;
  if (len < TCP_HEADER_LENGTH) return fail(`TCP: ${len} bytes, shorter than the 20-byte header`);
  const hl = (bytes[12] >>> 4) * 4;
  if (hl < TCP_HEADER_LENGTH) return fail(`TCP: data offset ${hl} is less than 20`);
  if (hl > len) return fail(`TCP: data offset ${hl} but only ${len} bytes`);
  const s: TcpSegment = {
    kind: "tcp",
    srcPort: (bytes[0] << 8) | bytes[1],
    dstPort: (bytes[2] << 8) | bytes[3],
    seq: get32(bytes, 4),
    ack: get32(bytes, 8),
    flags: ((bytes[12] & 0x0f) << 8) | bytes[13],
    window: (bytes[14] << 8) | bytes[15],
    urgent: (bytes[18] << 8) | bytes[19],
    options: parseTcpOptions(bytes, TCP_HEADER_LENGTH, hl),
    payload: bytes.slice(hl),
    checksum: (bytes[16] << 8) | bytes[17],
  };
  if (ip !== undefined) {
    s.checksumValid =
      internetChecksum(bytes, 0, len, pseudoHeaderSum4(ip.src, ip.dst, IpProto.TCP, len)) === 0;
  }
  return ok(s);
}
