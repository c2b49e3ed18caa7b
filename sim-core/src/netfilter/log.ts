/**
 * The LOG target's kernel line (net/netfilter/nf_log_syslog.c: nf_log_dump_packet_common,
 * dump_mac_header, dump_ipv4_packet with its TCP/UDP/ICMP parts and one level of ICMP
 * recursion), and the packet lines of `xtables-monitor --trace` (iptables 1.8.9
 * xtables-monitor.c trace_print_packet). Both are byte-exact to what Debian 12 shows.
 */
import type { Ipv4Packet } from "../wire/types";
import type { NfSkb } from "./types";
import { LogFlag } from "./types";
import { ipTotalLength, ipToString, readU16, readU32, tcpOptionsLength } from "./util";

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

function macBytes(mac: string): number[] {
  return mac.split(":").map((x) => parseInt(x, 16));
}

const TCP_OPT_KIND = { eol: 0, nop: 1, mss: 2, windowScale: 3, sackPermitted: 4, timestamps: 8 } as const;

function tcpOptionBytes(opts: Extract<Ipv4Packet["payload"], { kind: "tcp" }>["options"]): number[] {
  const out: number[] = [];
  for (const o of opts) {
    switch (o.kind) {
      case "mss":
        out.push(2, 4, (o.value >> 8) & 255, o.value & 255);
        break;
      case "sackPermitted":
        out.push(4, 2);
        break;
      case "timestamps":
        out.push(
          8,
          10,
          ...[24, 16, 8, 0].map((s) => (o.tsval >>> s) & 255),
          ...[24, 16, 8, 0].map((s) => (o.tsecr >>> s) & 255),
        );
        break;
      case "windowScale":
        out.push(3, 3, o.shift);
        break;
      case "sack":
        out.push(5, 2 + 8 * o.blocks.length);
        for (const b of o.blocks)
          for (const v of [b.left, b.right]) out.push(...[24, 16, 8, 0].map((s) => (v >>> s) & 255));
        break;
      case "raw":
        out.push(...o.bytes);
        break;
      default:
        out.push(TCP_OPT_KIND[o.kind]);
    }
  }
  while (out.length % 4) out.push(0);
  return out;
}

/** dump_ipv4_packet for a parsed packet (the outer one). */
function dumpIpv4(ip: Ipv4Packet, flags: number, skb: NfSkb | null): string {
  let s = `SRC=${ipToString(ip.src)} DST=${ipToString(ip.dst)} `;
  const len = skb?.len ?? ipTotalLength(ip);
  s += `LEN=${len} TOS=0x${hex2(ip.tos & 0x1e).toUpperCase()} PREC=0x${hex2(ip.tos & 0xe0).toUpperCase()} TTL=${ip.ttl} ID=${ip.id} `;
  if (ip.df) s += "DF ";
  if (ip.mf) s += "MF ";
  const frag = ip.fragOffset >> 3;
  if (frag) s += `FRAG:${frag} `;
  if (flags & LogFlag.IPOPT && ip.options && ip.options.length) {
    s += "OPT (" + [...ip.options].map((b) => hex2(b).toUpperCase()).join("") + ") ";
  }
  const p = ip.payload;
  switch (ip.protocol) {
    case 6: {
      s += "PROTO=TCP ";
      if (frag || p.kind !== "tcp") break;
      s += `SPT=${p.srcPort} DPT=${p.dstPort} `;
      if (flags & LogFlag.TCPSEQ) s += `SEQ=${p.seq >>> 0} ACK=${p.ack >>> 0} `;
      s += `WINDOW=${p.window} RES=0x00 `;
      const f = p.flags;
      if (f & 0x80) s += "CWR ";
      if (f & 0x40) s += "ECE ";
      if (f & 0x20) s += "URG ";
      if (f & 0x10) s += "ACK ";
      if (f & 0x08) s += "PSH ";
      if (f & 0x04) s += "RST ";
      if (f & 0x02) s += "SYN ";
      if (f & 0x01) s += "FIN ";
      s += `URGP=${p.urgent} `;
      if (flags & LogFlag.TCPOPT && tcpOptionsLength(p.options) > 0) {
        s +=
          "OPT (" +
          tcpOptionBytes(p.options)
            .map((b) => hex2(b).toUpperCase())
            .join("") +
          ") ";
      }
      break;
    }
    case 17:
      s += "PROTO=UDP ";
      if (frag || p.kind !== "udp") break;
      s += `SPT=${p.srcPort} DPT=${p.dstPort} LEN=${len - 20 - (ip.options?.length ?? 0)} `;
      break;
    case 1: {
      s += "PROTO=ICMP ";
      if (frag || p.kind !== "icmp") break;
      s += `TYPE=${p.type} CODE=${p.code} `;
      switch (p.type) {
        case 0:
        case 8:
          s += `ID=${(p.rest >>> 16) & 0xffff} SEQ=${p.rest & 0xffff} `;
          break;
        case 12:
          s += `PARAMETER=${(p.rest >>> 24) & 0xff} `;
          break;
        case 5:
        case 3:
        case 4:
        case 11:
          if (p.type === 5) s += `GATEWAY=${ipToString(p.rest >>> 0)} `;
          if (p.data.length < 20) {
            s += `INCOMPLETE [${8 + p.data.length} bytes] `;
            break;
          }
          s += "[" + dumpQuoted(p.data, flags) + "] ";
          if (p.type === 3 && p.code === 4) s += `MTU=${p.rest & 0xffff} `;
          break;
      }
      break;
    }
    case 50:
      s += "PROTO=ESP ";
      break;
    case 51:
      s += "PROTO=AH ";
      break;
    default:
      s += `PROTO=${ip.protocol} `;
  }
  if (skb) {
    if (flags & LogFlag.UID && skb.uid !== undefined) s += `UID=${skb.uid} GID=${skb.uid} `;
    if (skb.mark) s += `MARK=0x${(skb.mark >>> 0).toString(16)} `;
  }
  return s;
}

/** dump_ipv4_packet on the bytes an ICMP error quotes (header + 8 bytes or more). */
function dumpQuoted(b: Uint8Array, flags: number): string {
  const ihl = (b[0] & 0x0f) * 4;
  const tos = b[1];
  const totlen = readU16(b, 2);
  const id = readU16(b, 4);
  const fo = readU16(b, 6);
  let s = `SRC=${ipToString(readU32(b, 12))} DST=${ipToString(readU32(b, 16))} `;
  s += `LEN=${totlen} TOS=0x${hex2(tos & 0x1e).toUpperCase()} PREC=0x${hex2(tos & 0xe0).toUpperCase()} TTL=${b[8]} ID=${id} `;
  if (fo & 0x8000) s += "CE ";
  if (fo & 0x4000) s += "DF ";
  if (fo & 0x2000) s += "MF ";
  const frag = fo & 0x1fff;
  if (frag) s += `FRAG:${frag} `;
  const proto = b[9];
  const l4 = b.subarray(ihl);
  switch (proto) {
    case 6: {
      s += "PROTO=TCP ";
      if (frag) break;
      if (l4.length < 20) {
        s += `INCOMPLETE [${l4.length} bytes] `;
        break;
      }
      s += `SPT=${readU16(l4, 0)} DPT=${readU16(l4, 2)} `;
      if (flags & LogFlag.TCPSEQ) s += `SEQ=${readU32(l4, 4)} ACK=${readU32(l4, 8)} `;
      s += `WINDOW=${readU16(l4, 14)} RES=0x${hex2((l4[12] & 0x0f) << 2)} `;
      const f = l4[13];
      if (f & 0x80) s += "CWR ";
      if (f & 0x40) s += "ECE ";
      if (f & 0x20) s += "URG ";
      if (f & 0x10) s += "ACK ";
      if (f & 0x08) s += "PSH ";
      if (f & 0x04) s += "RST ";
      if (f & 0x02) s += "SYN ";
      if (f & 0x01) s += "FIN ";
      s += `URGP=${readU16(l4, 18)} `;
      const doff = (l4[12] >> 4) * 4;
      if (flags & LogFlag.TCPOPT && doff > 20) {
        if (l4.length < doff) s += "OPT (TRUNCATED)";
        else s += "OPT (" + [...l4.subarray(20, doff)].map((b) => hex2(b).toUpperCase()).join("") + ") ";
      }
      break;
    }
    case 17:
      s += "PROTO=UDP ";
      if (frag) break;
      if (l4.length < 8) s += `INCOMPLETE [${l4.length} bytes] `;
      else s += `SPT=${readU16(l4, 0)} DPT=${readU16(l4, 2)} LEN=${readU16(l4, 4)} `;
      break;
    case 1:
      s += "PROTO=ICMP ";
      if (frag) break;
      if (l4.length < 4) {
        s += `INCOMPLETE [${l4.length} bytes] `;
        break;
      }
      s += `TYPE=${l4[0]} CODE=${l4[1]} `;
      if ((l4[0] === 0 || l4[0] === 8) && l4.length >= 8) s += `ID=${readU16(l4, 4)} SEQ=${readU16(l4, 6)} `;
      break;
    default:
      s += `PROTO=${proto} `;
  }
  return s;
}

/**
 * The text of one LOG line (without the syslog level and the dmesg timestamp), e.g.
 * `FWD: IN=eth0 OUT=eth1 MAC=… SRC=10.0.1.2 DST=10.0.2.2 LEN=84 … PROTO=ICMP TYPE=8 CODE=0 ID=87 SEQ=1 `
 * (the kernel ends it with a space).
 */
export function logLine(skb: NfSkb, prefix: string, flags: number): string {
  let s = `${prefix}IN=${skb.inDev ?? ""} OUT=${skb.outDev ?? ""} `;
  if (skb.physIn && skb.physIn !== skb.inDev) s += `PHYSIN=${skb.physIn} `;
  if (skb.physOut && skb.physOut !== skb.outDev) s += `PHYSOUT=${skb.physOut} `;
  if (skb.inDev) {
    if (flags & LogFlag.MACDECODE && skb.eth) {
      s += `MACSRC=${skb.eth.src} MACDST=${skb.eth.dst} MACPROTO=${skb.eth.ethertype.toString(16).padStart(4, "0")} `;
    } else {
      s += "MAC=";
      if (skb.eth) {
        const bytes = [
          ...macBytes(skb.eth.dst),
          ...macBytes(skb.eth.src),
          skb.eth.ethertype >> 8,
          skb.eth.ethertype & 255,
        ];
        s += bytes.map(hex2).join(":");
      }
      s += " ";
    }
  }
  return s + dumpIpv4(skb.ip, flags, skb);
}

/** ether_ntoa: hex without leading zeros */
function etherNtoa(mac: string): string {
  return macBytes(mac)
    .map((b) => b.toString(16))
    .join(":");
}

/** The `PACKET:` line xtables-monitor --trace prints when a base chain starts tracing a packet. */
export function tracePacketLine(skb: NfSkb, id: number, hook: string): string {
  let s = `PACKET: 2 ${(id >>> 0).toString(16).padStart(8, "0")} `;
  const inDev = hook === "OUTPUT" || hook === "POSTROUTING" ? null : skb.inDev;
  const outDev = hook === "PREROUTING" || hook === "INPUT" ? null : skb.outDev;
  if (inDev) s += `IN=${inDev} `;
  if (outDev) s += `OUT=${outDev} `;
  if (inDev === "lo") s += "LOOPBACK ";
  else if (inDev && skb.eth) {
    s += `MACSRC=${etherNtoa(skb.eth.src)} MACDST=${etherNtoa(skb.eth.dst)} MACPROTO=${skb.eth.ethertype.toString(16).padStart(4, "0")} `;
  }
  const ip = skb.ip;
  s += `SRC=${ipToString(ip.src)} DST=${ipToString(ip.dst)} `;
  s += `LEN=${skb.len ?? ipTotalLength(ip)} TOS=0x${ip.tos.toString(16)} TTL=${ip.ttl} ID=${ip.id} `;
  if (ip.df) s += "DF ";
  if (ip.mf) s += "MF ";
  if (ip.fragOffset >> 3) s += `FRAG:${ip.fragOffset >> 3} `;
  const p = ip.payload;
  if (ip.fragOffset === 0) {
    if (p.kind === "udp") s += `SPORT=${p.srcPort} DPORT=${p.dstPort} `;
    else if (p.kind === "tcp") {
      s += `SPORT=${p.srcPort} DPORT=${p.dstPort} `;
      if (p.flags & 0x02) s += "SYN ";
      if (p.flags & 0x10) s += "ACK ";
      if (p.flags & 0x01) s += "FIN ";
      if (p.flags & 0x04) s += "RST ";
      if (p.flags & 0x08) s += "PSH ";
      if (p.flags & 0x20) s += "URG ";
    }
  }
  if (skb.mark) s += `MARK=0x${(skb.mark >>> 0).toString(16)} `;
  return s;
}
