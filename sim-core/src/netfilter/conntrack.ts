/**
 * Connection tracking as nf_conntrack does it for IPv4: tuples (nf_conntrack_tuple), lookup in
 * both directions, unconfirmed entries made at PREROUTING/OUTPUT and inserted at confirm (end of
 * POSTROUTING / INPUT), ctinfo (NEW, ESTABLISHED, RELATED, *_REPLY), the protocol trackers —
 * TCP state machine of nf_conntrack_proto_tcp (tcp_conntracks table, ASSURED after the
 * handshake, RST before any reply kills the entry, SYN reopens TIME_WAIT/CLOSE), UDP
 * (UNREPLIED 30 s, ASSURED stream 120 s once traffic both ways lasts 2 s), ICMP (30 s, echo id
 * as the "port", errors RELATED to the flow they quote: nf_conntrack_inet_error), generic 600 s —
 * and expiry on virtual time.
 */
import type { Ipv4Packet } from "../wire/types";
import type {
  Conn,
  ConntrackTable,
  CtInfo,
  NfEnv,
  NfSkb,
  Netfilter,
  SkbCt,
  TcpCtState,
  Tuple,
} from "./types";
import { CtInfo as CI, CtStatus, TcpCtState as S } from "./types";
import { readU16 } from "./util";

export const TIMEOUTS = {
  tcp: [0, 120, 60, 432000, 120, 60, 30, 120, 10, 120] as readonly number[],
  udp: 30,
  udpStream: 120,
  icmp: 30,
  generic: 600,
} as const;

const IPPROTO_ICMP = 1;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/** ICMP types that open a conntrack entry, and their reply type (icmp_invert_tuple). */
const ICMP_INVERT: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
const ICMP_VALID_NEW = new Set([8, 13, 15, 17]);
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);

export function tupleKey(t: Tuple): string {
  return `${t.src}|${t.dst}|${t.proto}|${t.sport}|${t.dport}`;
}

export function invertTuple(t: Tuple): Tuple {
  if (t.proto === IPPROTO_ICMP) {
    const type = t.dport >>> 8;
    const rt = ICMP_INVERT[type] ?? type;
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (rt << 8) | (t.dport & 0xff) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

/** The tuple of a packet (nf_ct_get_tuple); ICMP: id and type/code. */
export function packetTuple(ip: Ipv4Packet): Tuple {
  const p = ip.payload;
  const base = { src: ip.src as number, dst: ip.dst as number, proto: ip.protocol };
  if (ip.fragOffset > 0 || p.kind === "raw") return { ...base, sport: 0, dport: 0 };
  if (p.kind === "tcp" || p.kind === "udp") return { ...base, sport: p.srcPort, dport: p.dstPort };
  if (p.kind === "icmp") return { ...base, sport: (p.rest >>> 16) & 0xffff, dport: (p.type << 8) | p.code };
  return { ...base, sport: 0, dport: 0 };
}

export function sameTuple(a: Tuple, b: Tuple): boolean {
  return (
    a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport
  );
}

// ---------------------------------------------------------------------------------------------
// The table

export function ctFind(ct: ConntrackTable, t: Tuple, now: number): { conn: Conn; dir: 0 | 1 } | null {
  const c = ct.byTuple.get(tupleKey(t));
  if (!c) return null;
  if (c.expires <= now) {
    ctDelete(ct, c);
    return null;
  }
  return { conn: c, dir: sameTuple(c.orig, t) ? 0 : 1 };
}

export function ctDelete(ct: ConntrackTable, c: Conn): void {
  if (!ct.entries.has(c)) return;
  ct.entries.delete(c);
  const ko = tupleKey(c.orig);
  const kr = tupleKey(c.reply);
  if (ct.byTuple.get(ko) === c) ct.byTuple.delete(ko);
  if (ct.byTuple.get(kr) === c) ct.byTuple.delete(kr);
}

/** Remove expired entries (the conntrack GC worker). */
export function ctExpire(ct: ConntrackTable, now: number): void {
  for (const c of ct.entries) if (c.expires <= now) ctDelete(ct, c);
}

/** Is this reply tuple taken by a confirmed entry other than `self` (nf_nat_used_tuple)? */
export function tupleTaken(ct: ConntrackTable, reply: Tuple, self: Conn | null, now: number): boolean {
  const c = ct.byTuple.get(tupleKey(reply));
  return !!c && c !== self && c.expires > now;
}

function insert(ct: ConntrackTable, c: Conn): void {
  ct.entries.add(c);
  ct.byTuple.set(tupleKey(c.orig), c);
  ct.byTuple.set(tupleKey(c.reply), c);
}

// ---------------------------------------------------------------------------------------------
// TCP (tcp_conntracks of nf_conntrack_proto_tcp.c)

const sNO = S.NONE,
  sSS = S.SYN_SENT,
  sSR = S.SYN_RECV,
  sES = S.ESTABLISHED,
  sFW = S.FIN_WAIT,
  sCW = S.CLOSE_WAIT,
  sLA = S.LAST_ACK,
  sTW = S.TIME_WAIT,
  sCL = S.CLOSE,
  sS2 = S.SYN_SENT2;
const sIV = 10;
const sIG = 11;

const TCP_SYN_SET = 0,
  TCP_SYNACK_SET = 1,
  TCP_FIN_SET = 2,
  TCP_ACK_SET = 3,
  TCP_RST_SET = 4,
  TCP_NONE_SET = 5;

// prettier-ignore
const TCP_CONNTRACKS: readonly (readonly (readonly number[])[])[] = [
  [ // ORIGINAL: sNO sSS sSR sES sFW sCW sLA sTW sCL sS2
    [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2], // syn
    [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR], // synack
    [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV], // fin
    [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV], // ack
    [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL], // rst
    [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV], // none
  ],
  [ // REPLY
    [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2], // syn
    [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR], // synack
    [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV], // fin
    [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG], // ack
    [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL], // rst
    [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV], // none
  ],
];

function tcpIndex(flags: number): number {
  if (flags & 0x04) return TCP_RST_SET;
  if (flags & 0x02) return flags & 0x10 ? TCP_SYNACK_SET : TCP_SYN_SET;
  if (flags & 0x01) return TCP_FIN_SET;
  if (flags & 0x10) return TCP_ACK_SET;
  return TCP_NONE_SET;
}

// ---------------------------------------------------------------------------------------------
// The conntrack hook (ipv4_conntrack_in / ipv4_conntrack_local)

export type CtResult = "ok" | "invalid" | "untracked";

function newConn(ct: ConntrackTable, t: Tuple, now: number): Conn {
  return {
    id: ct.nextId++,
    orig: t,
    reply: invertTuple(t),
    status: 0,
    tcpState: sNO as TcpCtState,
    tcpLastDir: 0,
    expires: now,
    mark: 0,
    created: now,
    masqDev: null,
  };
}

function infoFor(c: Conn, dir: 0 | 1): CtInfo {
  if (dir === 1) return CI.ESTABLISHED_REPLY;
  if (c.status & CtStatus.SEEN_REPLY) return CI.ESTABLISHED;
  if (c.status & CtStatus.EXPECTED) return CI.RELATED;
  return CI.NEW;
}

/**
 * nf_conntrack_in: attach the packet to its entry (creating an unconfirmed one for a valid
 * first packet), run the protocol tracker. Sets skb.ct (null = INVALID).
 */
export function conntrackIn(nf: Netfilter, skb: NfSkb, env: NfEnv): CtResult {
  if (skb.ct !== undefined && skb.ct !== null) return "ok"; // looped back: keeps its entry
  if (skb.untracked) return "untracked";
  const ct = nf.conntrack;
  const now = env.now();
  const ip = skb.ip;
  const p = ip.payload;

  // ICMP errors: RELATED to the flow they quote
  if (ip.protocol === IPPROTO_ICMP && p.kind === "icmp" && ip.fragOffset === 0) {
    if (ICMP_ERRORS.has(p.type)) {
      const inner = quotedTuple(p.data);
      if (!inner) {
        skb.ct = null;
        return "invalid";
      }
      const f = ctFind(ct, invertTuple(inner), now);
      if (!f) {
        skb.ct = null;
        return "invalid";
      }
      const dirTuple = f.dir === 0 ? f.conn.orig : f.conn.reply;
      if (dirTuple.dst !== (ip.dst as number)) {
        skb.ct = null;
        return "invalid";
      }
      skb.ct = {
        conn: f.conn,
        dir: f.dir,
        info: f.dir === 1 ? CI.RELATED_REPLY : CI.RELATED,
        unconfirmed: false,
      };
      return "ok";
    }
  }

  const t = packetTuple(ip);
  let found = ctFind(ct, t, now);
  // TCP: a SYN on a TIME_WAIT/CLOSE entry reopens the connection (the old entry is killed)
  if (found && ip.protocol === IPPROTO_TCP && p.kind === "tcp" && found.dir === 0) {
    const idx = tcpIndex(p.flags);
    if (idx === TCP_SYN_SET && (found.conn.tcpState === sTW || found.conn.tcpState === sCL)) {
      ctDelete(ct, found.conn);
      found = null;
    }
  }
  let sct: SkbCt;
  if (found) {
    sct = { conn: found.conn, dir: found.dir, info: infoFor(found.conn, found.dir), unconfirmed: false };
  } else {
    // a valid first packet?
    if (ip.protocol === IPPROTO_ICMP) {
      if (p.kind !== "icmp" || !ICMP_VALID_NEW.has(p.type)) {
        skb.ct = null;
        return "invalid";
      }
    }
    const c = newConn(ct, t, now);
    if (ip.protocol === IPPROTO_TCP && p.kind === "tcp") {
      const st = TCP_CONNTRACKS[0][tcpIndex(p.flags)][sNO];
      if (st >= sIV) {
        skb.ct = null;
        return "invalid";
      }
    }
    sct = { conn: c, dir: 0, info: CI.NEW, unconfirmed: true };
  }
  const ok = trackPacket(nf, sct, skb, now);
  if (!ok) {
    skb.ct = null;
    return "invalid";
  }
  if (sct.dir === 1 && !(sct.conn.status & CtStatus.SEEN_REPLY)) sct.conn.status |= CtStatus.SEEN_REPLY;
  skb.ct = sct;
  return "ok";
}

/** The per-protocol packet handler; false = invalid. Refreshes the timeout. */
function trackPacket(nf: Netfilter, s: SkbCt, skb: NfSkb, now: number): boolean {
  const c = s.conn;
  const ip = skb.ip;
  const p = ip.payload;
  if (ip.protocol === IPPROTO_TCP && p.kind === "tcp") {
    const idx = tcpIndex(p.flags);
    const old = c.tcpState;
    let next = TCP_CONNTRACKS[s.dir][idx][old];
    if (old === sNO) next = TCP_CONNTRACKS[0][idx][sNO];
    if (next === sIG) return true;
    if (next === sIV) return false;
    if (!(c.status & CtStatus.SEEN_REPLY) && s.dir === 1 && p.flags & 0x04) {
      // only a RST answered: forget the connection
      ctDelete(nf.conntrack, c);
      c.expires = now;
      return true;
    }
    c.tcpState = next as TcpCtState;
    c.tcpLastDir = s.dir;
    c.expires = now + TIMEOUTS.tcp[next] * 1000;
    const seenReply = (c.status & CtStatus.SEEN_REPLY) !== 0 || s.dir === 1;
    if (seenReply && !(c.status & CtStatus.ASSURED) && (old === sSR || old === sES) && next === sES) {
      c.status |= CtStatus.ASSURED;
    }
    return true;
  }
  if (ip.protocol === IPPROTO_UDP) {
    const seen = (c.status & CtStatus.SEEN_REPLY) !== 0 || s.dir === 1;
    if (seen) {
      let extra: number = TIMEOUTS.udp;
      let stream = false;
      if (now > c.created + 2000) {
        extra = TIMEOUTS.udpStream;
        stream = (c.status & CtStatus.ASSURED) === 0;
      }
      c.expires = now + extra * 1000;
      if (stream) c.status |= CtStatus.ASSURED;
    } else c.expires = now + TIMEOUTS.udp * 1000;
    return true;
  }
  if (ip.protocol === IPPROTO_ICMP) {
    c.expires = now + TIMEOUTS.icmp * 1000;
    return true;
  }
  c.expires = now + TIMEOUTS.generic * 1000;
  return true;
}

/** __nf_conntrack_confirm: insert the first packet's entry (end of POSTROUTING / INPUT). */
export function conntrackConfirm(nf: Netfilter, skb: NfSkb): void {
  const s = skb.ct;
  if (!s || !s.unconfirmed) return;
  s.unconfirmed = false;
  const c = s.conn;
  if (c.expires <= c.created && c.status & CtStatus.DYING) return;
  c.status |= CtStatus.CONFIRMED;
  // a clash with an entry confirmed meanwhile: the later packet is dropped by the kernel;
  // we keep the first one
  if (nf.conntrack.byTuple.has(tupleKey(c.orig)) || nf.conntrack.byTuple.has(tupleKey(c.reply))) return;
  insert(nf.conntrack, c);
}

/** The conntrack state bits the conntrack/state matches test (XT_CONNTRACK_STATE_*). */
export function ctStateBits(skb: NfSkb): number {
  if (skb.untracked) return 1 << 8;
  const s = skb.ct;
  if (!s) return 1; // INVALID
  let bits: number;
  switch (s.info) {
    case CI.NEW:
      bits = 1 << 3;
      break;
    case CI.RELATED:
    case CI.RELATED_REPLY:
      bits = 1 << 2;
      break;
    default:
      bits = 1 << 1;
  }
  if (s.conn.status & CtStatus.SRC_NAT) bits |= 1 << 9;
  if (s.conn.status & CtStatus.DST_NAT) bits |= 1 << 10;
  return bits;
}

/** The tuple of the datagram an ICMP error quotes (IP header + ≥ 8 bytes). */
export function quotedTuple(data: Uint8Array): Tuple | null {
  if (data.length < 20) return null;
  const ihl = (data[0] & 0x0f) * 4;
  if (data[0] >> 4 !== 4 || data.length < ihl + 4) return null;
  const proto = data[9];
  const src = ((data[12] << 24) | (data[13] << 16) | (data[14] << 8) | data[15]) >>> 0;
  const dst = ((data[16] << 24) | (data[17] << 16) | (data[18] << 8) | data[19]) >>> 0;
  const fragOff = readU16(data, 6) & 0x1fff;
  if (fragOff) return { src, dst, proto, sport: 0, dport: 0 };
  if (proto === IPPROTO_TCP || proto === IPPROTO_UDP) {
    return { src, dst, proto, sport: readU16(data, ihl), dport: readU16(data, ihl + 2) };
  }
  if (proto === IPPROTO_ICMP) {
    if (data.length < ihl + 8) return null;
    return { src, dst, proto, sport: readU16(data, ihl + 4), dport: (data[ihl] << 8) | data[ihl + 1] };
  }
  return { src, dst, proto, sport: 0, dport: 0 };
}

/** Is conntrack in use in this namespace (some rule or the nat table needs it)? */
export function conntrackNeeded(nf: Netfilter): boolean {
  if (nf.tables.nat) return true;
  for (const t of Object.values(nf.tables)) {
    if (!t) continue;
    for (const c of t.chains) {
      for (const r of c.rules) {
        if (r.target.kind === "NOTRACK") return true;
        for (const m of r.matches) if (m.kind === "conntrack" || m.kind === "state") return true;
      }
    }
  }
  return false;
}

/** MASQUERADE's notifier: a device went down -> forget the entries masqueraded through it. */
export function conntrackDeviceDown(nf: Netfilter, dev: string): void {
  for (const c of nf.conntrack.entries) if (c.masqDev === dev) ctDelete(nf.conntrack, c);
}

/** MASQUERADE's notifier: an address was removed -> forget entries NATed to it. */
export function conntrackAddressRemoved(nf: Netfilter, addr: number): void {
  for (const c of nf.conntrack.entries) {
    if (c.masqDev !== null && c.reply.dst === addr >>> 0) ctDelete(nf.conntrack, c);
  }
}
