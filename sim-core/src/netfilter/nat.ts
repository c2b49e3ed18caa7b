/**
 * NAT as nf_nat does it: bindings made once per connection and direction (nf_nat_setup_info,
 * get_unique_tuple with find_best_ips_proto and nf_nat_l4proto_unique_tuple: port preserved
 * unless the reply tuple is taken, --random / --random-fully, port ranges), null bindings,
 * translation of every later packet from the conntrack entry (nf_nat_packet), ICMP errors whose
 * quoted header is translated too (nf_nat_icmp_reply_translation), and MASQUERADE's source
 * choice (nf_nat_masquerade_ipv4).
 */
import type { IcmpPacket, Ipv4Packet, TcpSegment, UdpDatagram } from "../wire/types";
import type { Conn, NatRange, Netfilter, NfSkb, Tuple } from "./types";
import { CtStatus } from "./types";
import { invertTuple, tupleKey, tupleTaken } from "./conntrack";
import { csumReplace16, csumReplace32, readU16, readU32, writeU16, writeU32 } from "./util";

export type Manip = "SRC" | "DST";

export interface NatRequest {
  range: NatRange;
  /** NF_NAT_RANGE_PROTO_RANDOM */
  random: boolean;
  /** NF_NAT_RANGE_PROTO_RANDOM_FULLY */
  randomFully: boolean;
  persistent: boolean;
}

const NAT_DONE = { SRC: CtStatus.SRC_NAT_DONE, DST: CtStatus.DST_NAT_DONE } as const;
const NAT_BIT = { SRC: CtStatus.SRC_NAT, DST: CtStatus.DST_NAT } as const;

export function natInitialized(c: Conn, m: Manip): boolean {
  return (c.status & NAT_DONE[m]) !== 0;
}

/** A small deterministic hash for the address choice in a range (find_best_ips_proto). */
function hash32(a: number, b: number): number {
  let h = 0x811c9dc5;
  for (const v of [a, b]) {
    for (let i = 0; i < 4; i++) {
      h ^= (v >>> (i * 8)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

function hasPorts(proto: number): boolean {
  return proto === 6 || proto === 17 || proto === 132 || proto === 33 || proto === 136;
}

function inRange(t: Tuple, m: Manip, r: NatRange): boolean {
  const addr = m === "SRC" ? t.src : t.dst;
  if (r.minAddr !== null && (addr < r.minAddr || addr > (r.maxAddr ?? r.minAddr))) return false;
  if (r.minPort !== null) {
    const port = portOf(t, m);
    if (port < r.minPort || port > (r.maxPort ?? r.minPort)) return false;
  }
  return true;
}

function portOf(t: Tuple, m: Manip): number {
  if (t.proto === 1) return t.sport; // icmp id
  return m === "SRC" ? t.sport : t.dport;
}

function setPort(t: Tuple, m: Manip, v: number): void {
  if (t.proto === 1) t.sport = v;
  else if (m === "SRC") t.sport = v;
  else t.dport = v;
}

/**
 * get_unique_tuple: the orig-direction tuple after this manip, such that its inverse (the new
 * reply tuple) is not in use by another connection.
 */
function uniqueTuple(
  nf: Netfilter,
  conn: Conn,
  cur: Tuple,
  req: NatRequest,
  m: Manip,
  now: number,
  rnd: () => number,
): Tuple {
  const used = (t: Tuple) => tupleTaken(nf.conntrack, invertTuple(t), conn, now);
  const randomAll = req.random || req.randomFully;
  const r = req.range;
  if (m === "SRC" && !randomAll) {
    if (inRange(cur, m, r) && !used(cur)) return { ...cur };
  }
  const t: Tuple = { ...cur };
  if (r.minAddr !== null) {
    const min = r.minAddr >>> 0;
    const max = (r.maxAddr ?? r.minAddr) >>> 0;
    let ip = min;
    if (max > min) {
      const h = hash32(m === "SRC" ? t.src : t.dst, req.persistent ? 0 : m === "SRC" ? t.dst : t.src);
      ip = (min + (h % (max - min + 1))) >>> 0;
    }
    if (m === "SRC") t.src = ip;
    else t.dst = ip;
  }
  if (!randomAll) {
    if (r.minPort !== null) {
      const p = portOf(t, m);
      if (p >= r.minPort && p <= (r.maxPort ?? r.minPort) && (r.minPort === r.maxPort || !used(t))) return t;
    } else if (!used(t)) return t;
  }
  // nf_nat_l4proto_unique_tuple
  if (!hasPorts(t.proto) && t.proto !== 1) return t;
  let min: number;
  let size: number;
  if (r.minPort === null) {
    if (m === "DST") return t;
    if (t.proto === 1) {
      min = 0;
      size = 65536;
    } else {
      const port = portOf(t, m);
      if (port < 1024) {
        if (port < 512) {
          min = 1;
          size = 511;
        } else {
          min = 600;
          size = 1023 - 600 + 1;
        }
      } else {
        min = 1024;
        size = 65535 - 1024 + 1;
      }
    }
  } else {
    min = Math.min(r.minPort, r.maxPort ?? r.minPort);
    size = Math.abs((r.maxPort ?? r.minPort) - r.minPort) + 1;
  }
  let off = randomAll || m !== "DST" ? rnd() & 0xffff : 0;
  let attempts = Math.min(size, 128);
  for (;;) {
    for (let i = 0; i < attempts; i++, off++) {
      setPort(t, m, min + (off % size));
      if (!used(t)) return t;
    }
    if (attempts >= size || attempts < 16) return t;
    attempts = Math.floor(attempts / 2);
    off = rnd() & 0xffff;
  }
}

/** nf_nat_setup_info: bind the connection for this manip (a null binding when req is null). */
export function natSetup(
  nf: Netfilter,
  skb: NfSkb,
  m: Manip,
  req: NatRequest | null,
  now: number,
  rnd: () => number,
): void {
  const s = skb.ct;
  if (!s) return;
  const c = s.conn;
  if (natInitialized(c, m)) return;
  if (req) {
    const cur = invertTuple(c.reply);
    const next = uniqueTuple(nf, c, cur, req, m, now, rnd);
    const changed =
      next.src !== cur.src || next.dst !== cur.dst || next.sport !== cur.sport || next.dport !== cur.dport;
    if (changed) {
      const wasInTable = nf.conntrack.byTuple.get(tupleKey(c.reply)) === c;
      if (wasInTable) nf.conntrack.byTuple.delete(tupleKey(c.reply));
      c.reply = invertTuple(next);
      if (wasInTable) nf.conntrack.byTuple.set(tupleKey(c.reply), c);
      c.status |= NAT_BIT[m];
    }
  }
  c.status |= NAT_DONE[m];
}

/** nf_nat_packet: translate this packet from its entry's bindings. */
export function natPacket(skb: NfSkb, m: Manip): void {
  const s = skb.ct;
  if (!s) return;
  const c = s.conn;
  let bit: number = NAT_BIT[m];
  if (s.dir === 1) bit = m === "SRC" ? CtStatus.DST_NAT : CtStatus.SRC_NAT;
  if (!(c.status & bit)) return;
  if ((s.info === 1 || s.info === 4) && skb.ip.protocol === 1) {
    icmpErrorTranslation(skb, m);
    return;
  }
  const target = invertTuple(s.dir === 0 ? c.reply : c.orig);
  skb.ip = manipPacket(skb.ip, target, m);
}

/** Rewrite the address and port (or ICMP echo id) of one side of a packet. */
export function manipPacket(ip: Ipv4Packet, t: Tuple, m: Manip): Ipv4Packet {
  const out: Ipv4Packet = { ...ip, checksum: undefined };
  if (m === "SRC") out.src = t.src as Ipv4Packet["src"];
  else out.dst = t.dst as Ipv4Packet["dst"];
  if (ip.fragOffset > 0) return out;
  const p = ip.payload;
  if (p.kind === "tcp" || p.kind === "udp") {
    const q: TcpSegment | UdpDatagram = { ...p, checksum: undefined };
    if (m === "SRC") q.srcPort = t.sport;
    else q.dstPort = t.dport;
    out.payload = q;
  } else if (p.kind === "icmp") {
    const q: IcmpPacket = { ...p, checksum: undefined };
    if (
      p.type === 0 ||
      p.type === 8 ||
      p.type === 13 ||
      p.type === 14 ||
      p.type === 15 ||
      p.type === 16 ||
      p.type === 17 ||
      p.type === 18
    ) {
      q.rest = (((t.sport & 0xffff) << 16) | (p.rest & 0xffff)) >>> 0;
    }
    out.payload = q;
  }
  return out;
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error about a NATed flow. The quoted header is
 * translated as a packet of the other direction, then the outer header as a reply.
 */
function icmpErrorTranslation(skb: NfSkb, m: Manip): void {
  const s = skb.ct!;
  const c = s.conn;
  const ip = skb.ip;
  const p = ip.payload;
  if (p.kind !== "icmp") return;
  const other = s.dir === 0 ? c.reply : c.orig;
  const inner = new Uint8Array(p.data);
  manipQuoted(inner, other, m === "SRC" ? "DST" : "SRC");
  const outerTarget = invertTuple(other);
  const out: Ipv4Packet = { ...ip, checksum: undefined, payload: { ...p, data: inner, checksum: undefined } };
  if (m === "SRC") out.src = outerTarget.src as Ipv4Packet["src"];
  else out.dst = outerTarget.dst as Ipv4Packet["dst"];
  skb.ip = out;
}

/** Rewrite a quoted IPv4 header (+ its first 8 bytes of L4) in place, fixing checksums. */
function manipQuoted(b: Uint8Array, t: Tuple, m: Manip): void {
  if (b.length < 20) return;
  const ihl = (b[0] & 0x0f) * 4;
  const proto = b[9];
  const aOff = m === "SRC" ? 12 : 16;
  const oldA = readU32(b, aOff);
  const newA = (m === "SRC" ? t.src : t.dst) >>> 0;
  writeU32(b, aOff, newA);
  writeU16(b, 10, csumReplace32(readU16(b, 10), oldA, newA));
  const frag = readU16(b, 6) & 0x1fff;
  if (frag) return;
  if ((proto === 6 || proto === 17) && b.length >= ihl + 4) {
    const pOff = ihl + (m === "SRC" ? 0 : 2);
    const oldP = readU16(b, pOff);
    const newP = m === "SRC" ? t.sport : t.dport;
    writeU16(b, pOff, newP);
    const cOff = proto === 6 ? ihl + 16 : ihl + 6;
    if (b.length >= cOff + 2) {
      let cs = readU16(b, cOff);
      if (!(proto === 17 && cs === 0)) {
        cs = csumReplace32(cs, oldA, newA);
        cs = csumReplace16(cs, oldP, newP);
        writeU16(b, cOff, cs);
      }
    }
  } else if (proto === 1 && b.length >= ihl + 8) {
    const type = b[ihl];
    if (
      type === 8 ||
      type === 0 ||
      type === 13 ||
      type === 14 ||
      type === 15 ||
      type === 16 ||
      type === 17 ||
      type === 18
    ) {
      const oldId = readU16(b, ihl + 4);
      writeU16(b, ihl + 4, t.sport);
      writeU16(b, ihl + 2, csumReplace16(readU16(b, ihl + 2), oldId, t.sport));
    }
  }
}
