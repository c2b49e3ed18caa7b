/**
 * The sockets of one network namespace (struct net's TCP and UDP hash tables): binding and port
 * selection as inet_csk_get_port / __inet_hash_connect / udp_lib_get_port do it, demultiplexing
 * of incoming segments and datagrams (established 4-tuple first, then the best listener or bound
 * socket), ICMP errors routed to the socket whose packet caused them (tcp_v4_err, __udp4_lib_err),
 * and the /proc/net/tcp and /proc/net/udp views.
 */
import type { Ip4 } from "../util/brand";
import type { Netns } from "../kernel/netns";
import type { NetDevice, SkbMeta } from "../kernel/device";
import type { Ipv4Packet } from "../wire/types";
import { IpProto } from "../wire/types";
import { Errno } from "../kernel/types";
import { TraceKind } from "../engine/trace";
import { ip4Str } from "../util/inet";
import { TCP } from "../kernel/mib";
import { TcpSocket, TcpState, tcpRcvNoSocket } from "./tcp";
import { UdpSocket } from "./udp";

/** Who holds a socket open, for `ss -p` (users:(("python3",pid=41,fd=3))). */
export interface SocketOwner {
  comm: string;
  pid: number;
  fd: number;
}

/** icmp_err_convert: the errno an ICMP destination-unreachable code means, and whether it is fatal. */
export function icmpErrno(type: number, code: number): { errno: number; fatal: boolean } | undefined {
  if (type === 11) return { errno: Errno.EHOSTUNREACH, fatal: false };
  if (type === 12) return { errno: 71, fatal: true };
  if (type !== 3) return undefined;
  const table: [number, boolean][] = [
    [Errno.ENETUNREACH, false],
    [Errno.EHOSTUNREACH, false],
    [92, true],
    [Errno.ECONNREFUSED, true],
    [Errno.EMSGSIZE, false],
    [Errno.EOPNOTSUPP, false],
    [Errno.ENETUNREACH, true],
    [Errno.EHOSTDOWN, true],
    [64, true],
    [Errno.ECONNREFUSED, true],
    [Errno.ECONNREFUSED, true],
    [Errno.ENETUNREACH, false],
    [Errno.EHOSTUNREACH, false],
    [Errno.EHOSTUNREACH, true],
    [Errno.EHOSTUNREACH, true],
    [Errno.EHOSTUNREACH, true],
  ];
  const e = table[code];
  return e ? { errno: e[0], fatal: e[1] } : undefined;
}

export class SocketTable {
  readonly tcp = new Set<TcpSocket>();
  readonly udp = new Set<UdpSocket>();
  /** Incremented by __inet_hash_connect for every connect (the table_perturb index). */
  private connectHint = 0;
  private mix?: number;
  private secretV?: number;

  constructor(readonly ns: Netns) {
    const stack = ns.stack;
    stack.tcpHandler = (ip, dev, meta) => this.tcpRcv(ip, dev, meta);
    stack.udpHandler = (ip, dev, meta) => this.udpRcv(ip, dev, meta);
    stack.icmpListeners.add((ip) => this.icmpErr(ip));
    ns.mib.currEstab = () => {
      let n = 0;
      for (const s of this.tcp) if (s.state === TcpState.ESTABLISHED || s.state === TcpState.CLOSE_WAIT) n++;
      return n;
    };
  }

  get world() {
    return this.ns.world;
  }

  /** net_hash_mix: a per-namespace secret that orders hash buckets (drawn on first use). */
  get hashMix(): number {
    return (this.mix ??= this.world.rng.u32());
  }

  /** The secret behind the connect() port hash (drawn on first use). */
  get secret(): number {
    return (this.secretV ??= this.world.rng.u32());
  }

  /** The sysctl net.ipv4.ip_local_port_range. */
  portRange(): [number, number] {
    const r = (this.ns.sysctl.get("net/ipv4/ip_local_port_range") ?? "32768\t60999").split(/\s+/).map(Number);
    return [r[0] || 32768, r[1] || 60999];
  }

  tcpSocket(): TcpSocket {
    return new TcpSocket(this);
  }

  udpSocket(): UdpSocket {
    return new UdpSocket(this);
  }

  // ---------------------------------------------------------------- ports

  /** Whether binding TCP `addr:port` conflicts with an existing socket (inet_csk_bind_conflict). */
  tcpBindConflict(sk: TcpSocket, addr: number, port: number): boolean {
    for (const o of this.tcp) {
      if (o === sk || o.localPort !== port || !o.bound) continue;
      if (o.localAddr !== 0 && addr !== 0 && o.localAddr !== addr) continue;
      if (sk.reusePort && o.reusePort && (o.state === TcpState.TIME_WAIT || o.ownerUid === sk.ownerUid))
        continue;
      if (sk.reuseAddr && o.reuseAddr && o.state !== TcpState.LISTEN) continue;
      if (sk.reuseAddr && o.state === TcpState.TIME_WAIT) continue;
      return true;
    }
    return false;
  }

  /** inet_csk_find_open_port: bind() to port 0 prefers odd ports of the range (connect takes even ones). */
  tcpBindEphemeral(sk: TcpSocket, addr: number): number | undefined {
    const [lo, hi] = this.portRange();
    const span = hi - lo + 1;
    const offset = this.world.rng.below(span);
    for (const parity of [1, 0]) {
      for (let i = 0; i < span; i++) {
        const port = lo + ((offset + i) % span);
        if ((port & 1) !== parity) continue;
        if (!this.tcpBindConflict(sk, addr, port)) return port;
      }
    }
    return undefined;
  }

  /**
   * __inet_hash_connect: the source port for a connect() from an unbound socket. The kernel walks
   * the range from a hash of (saddr, daddr, dport) plus a perturbation, even ports first, and
   * takes the first whose 4-tuple is unique.
   */
  tcpConnectPort(src: number, dst: number, dport: number): number | undefined {
    const [lo, hi] = this.portRange();
    const span = hi - lo + 1;
    let h =
      this.secret ^ Math.imul(src, 0x9e3779b1) ^ Math.imul(dst, 0x85ebca6b) ^ Math.imul(dport, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    const offset = (h + this.connectHint) % span;
    this.connectHint += 2 + this.world.rng.below(2) * 2;
    for (const parity of [0, 1]) {
      for (let i = 0; i < span; i++) {
        const port = lo + ((offset + i) % span);
        if ((port & 1) !== parity) continue;
        let used = false;
        for (const o of this.tcp) {
          if (o.localPort !== port) continue;
          // a bound (listening or bind()-only) socket owns the port; connected ones only their 4-tuple
          if (o.bindOnly || o.state === TcpState.LISTEN) {
            used = true;
            break;
          }
          if ((o.localAddr === src || o.localAddr === 0) && o.remoteAddr === dst && o.remotePort === dport) {
            used = true;
            break;
          }
        }
        if (!used) return port;
      }
    }
    return undefined;
  }

  udpPortUsed(sk: UdpSocket, addr: number, port: number): boolean {
    for (const o of this.udp) {
      if (o === sk || o.localPort !== port) continue;
      if (o.localAddr !== 0 && addr !== 0 && o.localAddr !== addr) continue;
      if (sk.reuseAddr && o.reuseAddr) continue;
      if (sk.reusePort && o.reusePort) continue;
      return true;
    }
    return false;
  }

  /** udp_lib_get_port with port 0: a random start in the range, the first free port. */
  udpEphemeral(sk: UdpSocket, addr: number): number | undefined {
    const [lo, hi] = this.portRange();
    const span = hi - lo + 1;
    const start = this.world.rng.below(span);
    for (let i = 0; i < span; i++) {
      const port = lo + ((start + i) % span);
      if (!this.udpPortUsed(sk, addr, port)) return port;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- demux

  /** __inet_lookup: established (exact 4-tuple) first, then the best-scoring listener. */
  tcpLookup(src: number, sport: number, dst: number, dport: number): TcpSocket | undefined {
    let listener: TcpSocket | undefined;
    let best = -1;
    for (const s of this.tcp) {
      if (s.localPort !== dport) continue;
      if (s.state === TcpState.LISTEN) {
        if (s.localAddr !== 0 && s.localAddr !== dst) continue;
        const score = s.localAddr === dst ? 2 : 1;
        if (score > best) {
          best = score;
          listener = s;
        }
        continue;
      }
      if (s.state === TcpState.CLOSE || !s.connected) continue;
      if (s.remoteAddr === src && s.remotePort === sport && s.localAddr === dst) return s;
    }
    return listener;
  }

  private tcpRcv(ip: Ipv4Packet, dev: NetDevice, meta: SkbMeta): boolean {
    const seg = ip.payload;
    if (seg.kind !== "tcp") return true;
    this.ns.mib.tcp[TCP.InSegs]++; // tcp_v4_rcv: "Count it even if it's bad"
    const sk = this.tcpLookup(ip.src, seg.srcPort, ip.dst, seg.dstPort);
    if (!sk) {
      this.ns.stack.trace(TraceKind.deliver, meta, `no socket on TCP port ${seg.dstPort}: reset`, {
        dev: dev.name,
        ip,
      });
      tcpRcvNoSocket(this, ip, seg, meta);
      return true;
    }
    this.ns.stack.trace(
      TraceKind.deliver,
      meta,
      `TCP ${ip4Str(ip.src)}:${seg.srcPort} → ${ip4Str(ip.dst)}:${seg.dstPort} delivered to socket (${sk.stateName()})`,
      { dev: dev.name, ip },
    );
    sk.rcv(ip, seg, meta);
    return true;
  }

  /** __udp4_lib_lookup: connected 4-tuple, then bound address, then wildcard. */
  udpLookup(src: number, sport: number, dst: number, dport: number): UdpSocket | undefined {
    let found: UdpSocket | undefined;
    let best = -1;
    for (const s of this.udp) {
      if (s.localPort !== dport || s.closed) continue;
      let score = 0;
      if (s.localAddr !== 0) {
        if (s.localAddr !== dst) continue;
        score += 4;
      }
      if (s.remoteAddr !== 0) {
        if (s.remoteAddr !== src || s.remotePort !== sport) continue;
        score += 4;
      }
      if (score > best) {
        best = score;
        found = s;
      }
    }
    return found;
  }

  private udpRcv(ip: Ipv4Packet, dev: NetDevice, meta: SkbMeta): boolean {
    const d = ip.payload;
    if (d.kind !== "udp") return false;
    const sk = this.udpLookup(ip.src, d.srcPort, ip.dst, d.dstPort);
    if (!sk) return false;
    this.ns.stack.trace(
      TraceKind.deliver,
      meta,
      `UDP ${ip4Str(ip.src)}:${d.srcPort} → ${ip4Str(ip.dst)}:${d.dstPort} delivered to socket`,
      { dev: dev.name, ip },
    );
    const bytes = d.payload.kind === "raw" ? d.payload.bytes : new Uint8Array(0);
    sk.deliver(bytes, ip.src, d.srcPort, ip.dst);
    return true;
  }

  /** ICMP errors to the socket that sent the quoted packet. */
  private icmpErr(ip: Ipv4Packet): void {
    const icmp = ip.payload;
    if (icmp.kind !== "icmp") return;
    const conv = icmpErrno(icmp.type, icmp.code);
    if (!conv) return;
    const q = this.world.codec.quotedHeader(icmp.data);
    if (!q || q.payload.length < 8) return;
    const p = q.payload;
    const sport = (p[0] << 8) | p[1];
    const dport = (p[2] << 8) | p[3];
    if (q.protocol === IpProto.TCP) {
      const seq = ((p[4] << 24) | (p[5] << 16) | (p[6] << 8) | p[7]) >>> 0;
      const sk = this.tcpLookup(q.dst, dport, q.src, sport);
      if (sk && sk.state !== TcpState.LISTEN)
        sk.icmpError(conv.errno, conv.fatal, seq, icmp.type, icmp.code, icmp.rest);
    } else if (q.protocol === IpProto.UDP) {
      for (const s of this.udp) {
        if (s.localPort !== sport) continue;
        if (s.localAddr !== 0 && s.localAddr !== q.src) continue;
        s.icmpError(conv.errno, q.dst, dport);
      }
    }
  }

  // ---------------------------------------------------------------- views

  /** /proc/net/tcp (tcp4_seq_show): listeners first, then the established hash. */
  procTcp(): string {
    const hex = (ip: number) =>
      (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0;
    const h8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, "0");
    const h4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
    let out =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n";
    let i = 0;
    for (const s of this.orderedTcp()) {
      const st = s.state;
      const tx = st === TcpState.LISTEN ? 0 : s.sendQueued();
      const rx = st === TcpState.LISTEN ? s.acceptQueue.length : s.recvQueued();
      const line =
        `${String(i).padStart(4)}: ${h8(hex(s.localAddr))}:${h4(s.localPort)} ${h8(hex(s.remoteAddr))}:${h4(s.remotePort)} ` +
        `${st.toString(16).toUpperCase().padStart(2, "0")} ${h8(tx)}:${h8(rx)} 00:00000000 00000000     0        0 ${s.inode} 1 0000000000000000 100 0 0 10 0`;
      out += line.padEnd(149) + "\n";
      i++;
    }
    return out;
  }

  procUdp(): string {
    const hex = (ip: number) =>
      (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0;
    const h8 = (n: number) => (n >>> 0).toString(16).toUpperCase().padStart(8, "0");
    const h4 = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
    let out =
      "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops             \n";
    for (const s of this.orderedUdp()) {
      const slot = (s.localPort + this.hashMix) & 0x7fff;
      const st = s.remoteAddr ? 1 : 7;
      const line =
        `${String(slot).padStart(5)}: ${h8(hex(s.localAddr))}:${h4(s.localPort)} ${h8(hex(s.remoteAddr))}:${h4(s.remotePort)} ` +
        `${h4(st).slice(2)} ${h8(0)}:${h8(s.recvQueued())} 00:00000000 00000000     0        0 ${s.inode} 2 0000000000000000 ${s.drops}`;
      out += line.padEnd(127) + "\n";
    }
    return out;
  }

  /**
   * The order a netlink dump (and /proc) walks the sockets: the listening hash (bucketed by
   * port and address, with the per-namespace hash mix), then the established hash.
   */
  orderedTcp(): TcpSocket[] {
    const all = [...this.tcp].filter((s) => s.state !== TcpState.CLOSE || s.bindOnly);
    const listen = all.filter((s) => s.state === TcpState.LISTEN);
    const other = all.filter((s) => s.state !== TcpState.LISTEN);
    listen.sort((a, b) => a.created - b.created);
    other.sort((a, b) => a.created - b.created);
    return [...listen, ...other];
  }

  orderedUdp(): UdpSocket[] {
    return [...this.udp].filter((s) => !s.closed && s.localPort).sort((a, b) => a.created - b.created);
  }

  nextInode(): number {
    return 20000 + this.world.rng.below(40000);
  }
}

const KEY = "sockets";

/** The socket table of a namespace, created (and hooked into its stack) on first use. */
export function socketsOf(ns: Netns): SocketTable {
  let t = ns.ext.get(KEY) as SocketTable | undefined;
  if (!t) {
    t = new SocketTable(ns);
    ns.ext.set(KEY, t);
  }
  return t;
}

/** Hooks the socket layer into a new namespace's stack (called by the Netns constructor). */
export function attachSockets(ns: Netns): void {
  socketsOf(ns);
}

/** The table if sockets were ever used in this namespace (for views that must not create one). */
export function socketsIfAny(ns: Netns): SocketTable | undefined {
  return ns.ext.get(KEY) as SocketTable | undefined;
}

export type { Ip4 };
