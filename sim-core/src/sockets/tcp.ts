/**
 * TCP as Linux implements it (net/ipv4/tcp_input.c, tcp_output.c, tcp_timer.c, tcp_minisocks.c,
 * inet_connection_sock.c): the RFC 793 state machine with
 *   - SYN options in Linux's layout (mss, sackOK, TS, nop, wscale), MSS from the route MTU
 *     (ipv4_default_advmss), the initial window rounded down to a multiple of the MSS, the window
 *     scale from the largest receive buffer (ilog2(max(tcp_rmem[2], rmem_max)) - 15: 7 on Debian
 *     12's 6.1 kernel, 10 on kernels with 32 MB tcp_rmem[2])
 *     (tcp_select_initial_window), window scaling after the handshake;
 *   - SYN retransmission as 6.18 does it: 1 s apart for the first tcp_syn_linear_timeouts, then
 *     doubling, until tcp_model_timeout(tcp_syn_retries) has passed; SYN-ACK retransmission;
 *   - data cut into MSS-sized segments (mss_cache: the MSS less the 12 bytes of timestamps),
 *     PSH on the segment that empties the send queue, slow start from an initial cwnd of 10,
 *     retransmission on RTO (RFC 6298 estimator, 200 ms minimum) going back to snd_una;
 *   - quick ACKs for the first segments, then an ACK every second full segment or after the
 *     40 ms delayed-ACK timer;
 *   - FIN handshakes, TIME_WAIT for 60 s, orphaned FIN_WAIT2 for tcp_fin_timeout;
 *   - RST for segments to no socket (tcp_v4_send_reset), RST on close with unread data;
 *   - ICMP errors: fatal during the handshake (tcp_v4_err aborts SYN_SENT), soft afterwards.
 * Random values (ISN, timestamp offset) come from the world's seeded PRNG.
 */
import type { Ip4 } from "../util/brand";
import type { SkbMeta } from "../kernel/device";
import type { Ipv4Packet, TcpOption, TcpSegment } from "../wire/types";
import { IpProto, TcpFlag } from "../wire/types";
import { Errno, STRERROR } from "../kernel/types";
import { TraceKind } from "../engine/trace";
import { NS_PER_MS, NS_PER_S, type TimerHandle } from "../engine/scheduler";
import { ip4Str } from "../util/inet";
import { IP, TCP, TCP_EXT } from "../kernel/mib";
import { timerWheelDelay } from "../kernel/timer-wheel";
import { ByteQueue } from "./bytes";
import type { SocketOwner, SocketTable } from "./table";

/** Linux's TCP states (include/net/tcp_states.h), numbered as /proc/net/tcp prints them. */
export const TcpState = {
  ESTABLISHED: 1,
  SYN_SENT: 2,
  SYN_RECV: 3,
  FIN_WAIT1: 4,
  FIN_WAIT2: 5,
  TIME_WAIT: 6,
  CLOSE: 7,
  CLOSE_WAIT: 8,
  LAST_ACK: 9,
  LISTEN: 10,
  CLOSING: 11,
} as const;
export type TcpState = (typeof TcpState)[keyof typeof TcpState];

/** The names ss prints (sstate_name in misc/ss.c). */
export const SS_STATE_NAMES: Record<number, string> = {
  1: "ESTAB",
  2: "SYN-SENT",
  3: "SYN-RECV",
  4: "FIN-WAIT-1",
  5: "FIN-WAIT-2",
  6: "TIME-WAIT",
  7: "UNCONN",
  8: "CLOSE-WAIT",
  9: "LAST-ACK",
  10: "LISTEN",
  11: "CLOSING",
};

export const EPIPE = 32;

const TCP_TIMEWAIT_LEN = 60 * NS_PER_S;
const TCP_DELACK = 40 * NS_PER_MS;
const TCP_RTO_MIN = 200 * NS_PER_MS;
const TCP_RTO_MAX = 120 * NS_PER_S;
const TCP_TIMEOUT_INIT = NS_PER_S;
const TCP_INIT_CWND = 10;
const TS_OPT_LEN = 12;

/** Sequence-space comparisons (mod 2^32). */
export const seqLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
export const seqLeq = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
const seqDiff = (a: number, b: number): number => (a - b) | 0;

/** tcp_model_timeout(tcp_syn_retries, TCP_TIMEOUT_INIT): how long a connect may try. */
function synTimeout(retries: number): number {
  const thresh = 6; // ilog2(TCP_RTO_MAX / TCP_TIMEOUT_INIT)
  return retries <= thresh
    ? ((2 << retries) - 1) * TCP_TIMEOUT_INIT
    : ((2 << thresh) - 1) * TCP_TIMEOUT_INIT + (retries - thresh) * TCP_RTO_MAX;
}

/** ipv4_default_advmss: the MSS a route's MTU allows, capped at IP_MAX_MTU less the headers. */
export function advMss(mtu: number): number {
  return Math.min(mtu - 40, 65535 - 40);
}

/** tcp_select_initial_window: the receive space (64 KiB) rounded down to a multiple of the MSS. */
export function initialWindow(mss: number): number {
  const space = 65535;
  return space > mss ? Math.floor(space / mss) * mss : space;
}

/** The window scale Linux offers: ilog2 of the largest receive buffer, less 15 (0…14). */
export function windowScale(sysctl: {
  get(k: string): string | undefined;
  int(k: string, d?: number): number;
}): number {
  const rmem = Number((sysctl.get("net/ipv4/tcp_rmem") ?? "4096 131072 6291456").split(/\s+/)[2]) || 6291456;
  const space = Math.max(rmem, sysctl.int("net/core/rmem_max", 212992));
  return Math.max(0, Math.min(14, Math.floor(Math.log2(space)) - 15));
}

let created = 0;

export class TcpSocket {
  state: TcpState = TcpState.CLOSE;
  localAddr = 0;
  localPort = 0;
  remoteAddr = 0;
  remotePort = 0;
  /** Holds a port (bind() or an ephemeral one). */
  bound = false;
  /** Bound with bind() and nothing else yet: owns its port in state CLOSE. */
  bindOnly = false;
  /** Has a 4-tuple (connecting, connected, or a child of a listener). */
  connected = false;
  listening = false;
  reuseAddr = false;
  reusePort = false;
  ownerUid = 0;
  backlog = 0;
  readonly acceptQueue: TcpSocket[] = [];
  parent?: TcpSocket;
  readonly owners: SocketOwner[] = [];
  readonly created = ++created;
  readonly inode: number;

  // send side
  iss = 0;
  sndUna = 0;
  sndNxt = 0;
  sndWnd = 0;
  private readonly sndQ = new ByteQueue();
  private finQueued = false;
  private finSent = false;
  private finSeq = 0;
  /** The highest sequence number sent (the kernel's snd_nxt, which an RTO does not take back): what is below it is a retransmission. */
  private sndMax = 0;
  private sndMaxValid = false;
  private synAckSent = false;
  /** When the first SYN went out (retrans_stamp while connecting). */
  private synStamp = 0;
  // receive side
  irs = 0;
  rcvNxt = 0;
  private readonly rcvQ = new ByteQueue();
  finRcvd = false;
  private rcvWnd = 65535;
  private lastAdvertised = 0;
  private unackedSegs = 0;
  private quickAcks = 16;
  // options
  advMss = 1460;
  peerMss = 536;
  mssCache = 536;
  tsOk = false;
  sackOk = false;
  private tsOffset = 0;
  private tsRecent = 0;
  sndWscale = 0;
  wscaleOk = false;
  /** Our window scale (tcp_select_initial_window). */
  rcvWscale = 7;
  // timers and congestion
  private rtxTimer?: TimerHandle;
  private delackTimer?: TimerHandle;
  private stateTimer?: TimerHandle;
  rto = TCP_TIMEOUT_INIT;
  private srtt = 0;
  private rttvar = 0;
  retransmits = 0;
  private rttSeq?: number;
  private rttStart = 0;
  cwnd = TCP_INIT_CWND;
  ssthresh = 0x7fffffff;
  ipId = 0;
  /** sk_err: a pending error for the next call (connect's result, ECONNRESET, ETIMEDOUT). */
  err = 0;
  /** sk_err_soft: the last ICMP error, reported if the connection times out. */
  softErr = 0;
  /** The application closed its descriptor. */
  orphan = false;
  shutWr = false;
  /** Counters ss -i would show. */
  bytesSent = 0;
  bytesReceived = 0;
  segsOut = 0;
  segsIn = 0;
  /** Set when an established connection was reset by the peer. */
  resetByPeer = false;
  /** Called whenever something a waiting program may care about changed. */
  onEvent?: () => void;

  constructor(readonly table: SocketTable) {
    this.inode = table.nextInode();
  }

  private get ns() {
    return this.table.ns;
  }

  private get now() {
    return this.table.world.sched.now;
  }

  stateName(): string {
    return SS_STATE_NAMES[this.state] ?? "UNKNOWN";
  }

  // ================================================================ the socket API

  /** bind(2). Returns 0 or an errno. */
  bind(addr: number, port: number): number {
    if (this.bound || this.state !== TcpState.CLOSE) return Errno.EINVAL;
    if (
      addr !== 0 &&
      !this.ns.isLocalAddress(addr as Ip4) &&
      !this.ns.sysctl.int("net/ipv4/ip_nonlocal_bind")
    )
      return Errno.EADDRNOTAVAIL;
    let p = port;
    if (p === 0) {
      const e = this.table.tcpBindEphemeral(this, addr);
      if (e === undefined) return Errno.EADDRINUSE;
      p = e;
    } else if (this.table.tcpBindConflict(this, addr, p)) return Errno.EADDRINUSE;
    this.localAddr = addr;
    this.localPort = p;
    this.bound = true;
    this.bindOnly = true;
    this.table.tcp.add(this);
    return 0;
  }

  /** listen(2): backlog clamped to net.core.somaxconn. */
  listen(backlog: number): number {
    if (this.connected) return Errno.EINVAL;
    if (!this.bound) {
      const e = this.bind(0, 0);
      if (e) return e;
    }
    this.listening = true;
    if (this.table.tcpBindConflict(this, this.localAddr, this.localPort)) {
      this.listening = false;
      return Errno.EADDRINUSE;
    }
    const somax = this.ns.sysctl.int("net/core/somaxconn", 4096);
    this.backlog = Math.min(Math.max(backlog, 0), somax);
    this.state = TcpState.LISTEN;
    this.bindOnly = false;
    return 0;
  }

  /** accept(2): the next established child, if any. */
  accept(): TcpSocket | undefined {
    const c = this.acceptQueue.shift();
    if (c) c.parent = undefined;
    return c;
  }

  /**
   * connect(2) on a non-blocking socket: 0 when the SYN is on its way (the caller waits for
   * the state to leave SYN_SENT and then reads `err`), or the errno of an immediate failure.
   */
  connect(addr: number, port: number): number {
    if (this.state === TcpState.SYN_SENT) return Errno.EALREADY;
    if (this.state !== TcpState.CLOSE || this.connected) return Errno.EISCONN;
    const r = this.ns.stack.routeOutput(addr as Ip4, {
      src: this.localAddr ? (this.localAddr as Ip4) : undefined,
    });
    if (!r.ok) return r.errno;
    const src = this.localAddr || r.rt.src;
    if (!this.bound || this.localPort === 0) {
      const p = this.table.tcpConnectPort(src, addr, port);
      if (p === undefined) return Errno.EADDRNOTAVAIL;
      this.localPort = p;
      this.bound = true;
    } else {
      for (const o of this.table.tcp) {
        if (
          o !== this &&
          o.connected &&
          o.localPort === this.localPort &&
          o.remoteAddr === addr &&
          o.remotePort === port &&
          o.localAddr === src
        )
          return Errno.EADDRNOTAVAIL;
      }
    }
    this.localAddr = src;
    this.remoteAddr = addr;
    this.remotePort = port;
    this.connected = true;
    this.bindOnly = false;
    this.table.tcp.add(this);
    const rng = this.table.world.rng;
    this.iss = rng.u32();
    this.tsOffset = rng.u32();
    this.ipId = rng.u32() & 0xffff;
    this.sndUna = this.iss;
    this.sndNxt = seqAdd(this.iss, 1);
    this.advMss = advMss(r.rt.mtu);
    this.rcvWnd = initialWindow(this.advMss);
    this.rcvWscale = windowScale(this.ns.sysctl);
    this.state = TcpState.SYN_SENT;
    this.rto = TCP_TIMEOUT_INIT;
    this.ns.mib.tcp[TCP.ActiveOpens]++; // tcp_connect
    this.synStamp = this.now;
    this.sendSyn(false);
    this.armRtx();
    return 0;
  }

  /** Bytes the application can read now. */
  recvQueued(): number {
    return this.rcvQ.length;
  }

  /** Bytes written and not yet acknowledged. */
  sendQueued(): number {
    return this.sndQ.length;
  }

  /** read(2): everything queued (empty when nothing is there: check `eof` / `err`). */
  read(max = Infinity): Uint8Array {
    const before = this.windowFree();
    const out = max >= this.rcvQ.length ? this.rcvQ.take() : this.rcvQ.peek(0, max);
    if (max < Infinity && out.length === max) this.rcvQ.drop(max);
    // tcp_cleanup_rbuf: a window update once the window has grown a lot since it was advertised
    if (
      this.state === TcpState.ESTABLISHED ||
      this.state === TcpState.FIN_WAIT1 ||
      this.state === TcpState.FIN_WAIT2
    ) {
      const after = this.windowFree();
      if (
        out.length &&
        this.lastAdvertised < this.mssCache * 2 &&
        after >= 2 * this.lastAdvertised + this.mssCache &&
        after > before
      )
        this.sendAck();
    }
    return out;
  }

  /** The peer has closed its side and everything it sent was read. */
  get eof(): boolean {
    return (this.finRcvd || this.state === TcpState.CLOSE) && this.rcvQ.length === 0;
  }

  /** write(2): queues the bytes and sends what the windows allow. Returns 0 or an errno. */
  write(data: Uint8Array): number {
    if (this.err) return this.err;
    if (this.shutWr || !(this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT))
      return EPIPE;
    this.sndQ.push(data);
    this.pushPending();
    return 0;
  }

  /** shutdown(SHUT_WR): a FIN after the queued data. */
  shutdownWrite(): void {
    if (this.shutWr) return;
    this.shutWr = true;
    switch (this.state) {
      case TcpState.ESTABLISHED:
        this.setState(TcpState.FIN_WAIT1);
        break;
      case TcpState.CLOSE_WAIT:
        this.setState(TcpState.LAST_ACK);
        break;
      case TcpState.SYN_SENT:
        this.done();
        return;
      default:
        return;
    }
    this.finQueued = true;
    this.pushPending();
  }

  /** close(2) (tcp_close). */
  close(): void {
    if (this.orphan) return;
    this.orphan = true;
    this.owners.length = 0;
    switch (this.state) {
      case TcpState.LISTEN: {
        // inet_csk_listen_stop: children not yet accepted are reset
        for (const c of this.acceptQueue.splice(0)) c.abort();
        for (const c of [...this.table.tcp]) if (c.parent === this) c.abort();
        this.done();
        return;
      }
      case TcpState.CLOSE:
      case TcpState.SYN_SENT:
        this.done();
        return;
    }
    if (this.rcvQ.length > 0) {
      // unread data: the connection is reset rather than closed (RFC 2525)
      this.ns.mib.tcpExt[TCP_EXT.TCPAbortOnClose]++;
      this.rcvQ.take();
      this.sendRstToPeer();
      this.done();
      return;
    }
    if (this.state === TcpState.SYN_RECV) {
      this.done();
      return;
    }
    this.shutdownWrite();
    if (this.state === TcpState.FIN_WAIT2) this.armFinWait2();
  }

  /** SO_LINGER 0 / tcp_disconnect: RST and forget. */
  abort(): void {
    if (
      this.state !== TcpState.CLOSE &&
      this.state !== TcpState.LISTEN &&
      this.state !== TcpState.SYN_SENT &&
      this.state !== TcpState.TIME_WAIT
    )
      this.sendRstToPeer();
    this.orphan = true;
    this.done();
  }

  // ================================================================ state

  private setState(s: TcpState): void {
    this.state = s;
    this.onEvent?.();
    this.parent?.onEvent?.();
  }

  /** tcp_done: CLOSE, timers off, out of the hash tables (unless still bound by bind()). */
  done(): void {
    // tcp_set_state(TCP_CLOSE) from a synchronized state is a reset connection
    if (this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT)
      this.ns.mib.tcp[TCP.EstabResets]++;
    this.rtxTimer?.cancel();
    this.delackTimer?.cancel();
    this.stateTimer?.cancel();
    this.rtxTimer = this.delackTimer = this.stateTimer = undefined;
    this.state = TcpState.CLOSE;
    this.connected = false;
    if (this.parent) {
      const i = this.parent.acceptQueue.indexOf(this);
      if (i >= 0) this.parent.acceptQueue.splice(i, 1);
    }
    this.table.tcp.delete(this);
    this.bound = false;
    this.onEvent?.();
  }

  private enterTimeWait(): void {
    this.countTimeWait();
    this.setState(TcpState.TIME_WAIT);
    this.rtxTimer?.cancel();
    this.rtxTimer = undefined;
    this.stateTimer?.cancel();
    this.stateTimer = this.table.world.sched.after(TCP_TIMEWAIT_LEN, () => this.done());
  }

  /**
   * tcp_time_wait → __inet_twsk_schedule counts a timewait socket when it is made (TW, or TWKilled
   * for one of 4 s or less): on TIME_WAIT, or when an orphan reaches FIN_WAIT2, once per connection.
   */
  private countTimeWait(): void {
    if (this.twCounted) return;
    this.twCounted = true;
    this.ns.mib.tcpExt[TCP_EXT.TW]++;
  }
  private twCounted = false;

  private armFinWait2(): void {
    if (!this.orphan) return;
    const mib = this.ns.mib;
    if (!this.twCounted) {
      this.twCounted = true;
      mib.tcpExt[this.ns.sysctl.int("net/ipv4/tcp_fin_timeout", 60) <= 4 ? TCP_EXT.TWKilled : TCP_EXT.TW]++;
    }
    this.stateTimer?.cancel();
    const t = this.ns.sysctl.int("net/ipv4/tcp_fin_timeout", 60) * NS_PER_S;
    this.stateTimer = this.table.world.sched.after(t, () => this.done());
  }

  // ================================================================ output

  /** ip_select_ident_segs for a connected socket: inet_id, then incremented. */
  private nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  private tsval(): number {
    return (Math.floor(this.now / NS_PER_MS) + this.tsOffset) >>> 0;
  }

  /** The receive window still free (tcp_space less what waits to be read). */
  private windowFree(): number {
    return Math.max(0, this.rcvWnd - this.rcvQ.length);
  }

  /** tcp_select_window: the advertised window, scaled and rounded up to the scale's granularity. */
  private windowField(syn: boolean): number {
    const free = this.windowFree();
    if (syn) return Math.min(free, 65535);
    if (!this.wscaleOk) return Math.min(free, 65535);
    const w = Math.ceil(free / (1 << this.rcvWscale));
    this.lastAdvertised = w << this.rcvWscale;
    return Math.min(w, 65535);
  }

  private synOptions(synAck: boolean): TcpOption[] {
    const opts: TcpOption[] = [{ kind: "mss", value: this.advMss }];
    const ts = !synAck || this.tsOk;
    const sack = !synAck || this.sackOk;
    if (ts) {
      if (sack) opts.push({ kind: "sackPermitted" });
      else opts.push({ kind: "nop" }, { kind: "nop" });
      opts.push({ kind: "timestamps", tsval: this.tsval(), tsecr: synAck ? this.tsRecent : 0 });
    } else if (sack) opts.push({ kind: "nop" }, { kind: "nop" }, { kind: "sackPermitted" });
    if (!synAck || this.wscaleOk) opts.push({ kind: "nop" }, { kind: "windowScale", shift: this.rcvWscale });
    return opts;
  }

  private sendSyn(synAck: boolean): void {
    const seg: TcpSegment = {
      kind: "tcp",
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq: this.iss,
      ack: synAck ? this.rcvNxt : 0,
      flags: synAck ? TcpFlag.SYN | TcpFlag.ACK : TcpFlag.SYN,
      window: this.windowField(true),
      urgent: 0,
      options: this.synOptions(synAck),
      payload: new Uint8Array(0),
    };
    this.transmit(seg, synAck ? "SYN-ACK" : "SYN", synAck);
  }

  /** A segment with ACK set (and the timestamp option when negotiated). */
  private segment(seq: number, flags: number, payload: Uint8Array): TcpSegment {
    return {
      kind: "tcp",
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq,
      ack: this.rcvNxt,
      flags: flags | TcpFlag.ACK,
      window: this.windowField(false),
      urgent: 0,
      options: this.tsOk
        ? [
            { kind: "nop" },
            { kind: "nop" },
            { kind: "timestamps", tsval: this.tsval(), tsecr: this.tsRecent },
          ]
        : [],
      payload,
    };
  }

  sendAck(): void {
    this.delackTimer?.cancel();
    this.delackTimer = undefined;
    this.unackedSegs = 0;
    this.transmit(this.segment(this.sndNxt, 0, new Uint8Array(0)), "ACK", false);
  }

  /** tcp_send_active_reset */
  private sendRstToPeer(): void {
    this.ns.mib.tcp[TCP.OutRsts]++;
    const seg: TcpSegment = {
      kind: "tcp",
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq: this.sndNxt,
      ack: this.rcvNxt,
      flags: TcpFlag.RST | TcpFlag.ACK,
      window: 0,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    };
    this.transmit(seg, "RST", false);
  }

  /** ip_queue_xmit: route (again: routes may change under a connection), IPv4 header, OUTPUT. */
  private transmit(seg: TcpSegment, what: string, synAck: boolean): void {
    this.countSegment(seg, synAck);
    const stack = this.ns.stack;
    const r = stack.routeOutput(this.remoteAddr as Ip4, { src: this.localAddr as Ip4 });
    const meta: SkbMeta = { jid: this.table.world.newJid(), mark: 0 };
    if (!r.ok) {
      this.ns.mib.ip[IP.OutNoRoutes]++; // ip_queue_xmit: no_route
      this.softErr = r.errno;
      stack.drop(
        meta,
        undefined,
        r.errno === Errno.EINVAL
          ? `TCP ${what} to ${ip4Str(this.remoteAddr)}:${this.remotePort} not sent: its source ${ip4Str(this.localAddr)} is no longer an address of this host`
          : `TCP ${what} to ${ip4Str(this.remoteAddr)}:${this.remotePort}: no route to ${ip4Str(this.remoteAddr)} (${STRERROR[r.errno] ?? `errno ${r.errno}`})`,
      );
      return;
    }
    const ip: Ipv4Packet = {
      kind: "ipv4",
      tos: 0,
      // ip_build_and_send_pkt gives SYN-ACKs id 0; connected sockets count from a random start
      id: synAck ? 0 : this.nextIpId(),
      df: true,
      mf: false,
      fragOffset: 0,
      ttl: this.ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
      protocol: IpProto.TCP,
      src: this.localAddr as Ip4,
      dst: this.remoteAddr as Ip4,
      payload: seg,
    };
    this.segsOut++;
    stack.trace(
      TraceKind.send,
      meta,
      `TCP ${what} ${ip4Str(this.localAddr)}:${this.localPort} → ${ip4Str(this.remoteAddr)}:${this.remotePort}${seg.payload.length ? ` (${seg.payload.length} bytes)` : ""}`,
      { ip },
    );
    stack.sendLocal(ip, r.rt, meta);
  }

  /**
   * __tcp_transmit_skb's OutSegs (new sequence space, or none: ACKs and RSTs), __tcp_retransmit_skb's
   * RetransSegs (and TCPSynRetrans), tcp_event_new_data_sent's TCPOrigDataSent; a SYN-ACK
   * (tcp_make_synack) always counts OutSegs, a repeated one also RetransSegs.
   */
  private countSegment(seg: TcpSegment, synAck: boolean): void {
    const mib = this.ns.mib;
    const f = seg.flags;
    if (synAck) {
      mib.tcp[TCP.OutSegs]++;
      if (this.synAckSent) {
        mib.tcp[TCP.RetransSegs]++;
        mib.tcpExt[TCP_EXT.TCPSynRetrans]++;
      }
      this.synAckSent = true;
      return;
    }
    const span = seg.payload.length + (f & TcpFlag.SYN ? 1 : 0) + (f & TcpFlag.FIN ? 1 : 0);
    if (!span) {
      mib.tcp[TCP.OutSegs]++;
      return;
    }
    const end = seqAdd(seg.seq, span);
    if (!this.sndMaxValid || seqLt(this.sndMax, end)) {
      this.sndMax = end;
      this.sndMaxValid = true;
      mib.tcp[TCP.OutSegs]++;
      if (!(f & TcpFlag.SYN)) mib.tcpExt[TCP_EXT.TCPOrigDataSent]++;
    } else {
      mib.tcp[TCP.RetransSegs]++;
      if (f & TcpFlag.SYN) mib.tcpExt[TCP_EXT.TCPSynRetrans]++;
    }
  }

  /** tcp_write_xmit: segments while the send and congestion windows allow, then the FIN. */
  private pushPending(probe = false): void {
    const st = this.state;
    if (
      st !== TcpState.ESTABLISHED &&
      st !== TcpState.CLOSE_WAIT &&
      st !== TcpState.FIN_WAIT1 &&
      st !== TcpState.LAST_ACK &&
      st !== TcpState.CLOSING
    )
      return;
    let sent = false;
    for (;;) {
      const offset = seqDiff(this.sndNxt, this.sndUna);
      if (this.finSent) break;
      const unsent = this.sndQ.length - offset;
      if (unsent <= 0) {
        if (this.finQueued) {
          this.finSeq = this.sndNxt;
          this.finSent = true;
          this.transmit(this.segment(this.sndNxt, TcpFlag.FIN, new Uint8Array(0)), "FIN", false);
          this.sndNxt = seqAdd(this.sndNxt, 1);
          sent = true;
        }
        break;
      }
      const wnd = Math.min(this.sndWnd, this.cwnd * this.mssCache) - offset;
      if (wnd <= 0 && !(probe && !sent)) break;
      const len = Math.min(this.mssCache, unsent, probe && !sent ? Math.max(wnd, 1) : wnd);
      const last = offset + len === this.sndQ.length;
      const fin = last && this.finQueued;
      const data = this.sndQ.peek(offset, len);
      let flags = last ? TcpFlag.PSH : 0;
      if (fin) flags |= TcpFlag.FIN;
      if (this.rttSeq === undefined) {
        this.rttSeq = seqAdd(this.sndNxt, len);
        this.rttStart = this.now;
      }
      this.transmit(this.segment(this.sndNxt, flags, data), fin ? "FIN" : "data", false);
      this.bytesSent += len;
      this.sndNxt = seqAdd(this.sndNxt, len);
      if (fin) {
        this.finSeq = this.sndNxt;
        this.finSent = true;
        this.sndNxt = seqAdd(this.sndNxt, 1);
      }
      sent = true;
    }
    if (sent) {
      this.delackTimer?.cancel();
      this.delackTimer = undefined;
      this.unackedSegs = 0;
    }
    if (!this.rtxTimer && (this.sndNxt !== this.sndUna || this.sndQ.length > 0)) this.armRtx();
  }

  private armRtx(): void {
    this.rtxTimer?.cancel();
    const delay =
      this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RECV
        ? this.rto
        : Math.min(this.rto << Math.min(this.retransmits, 10), TCP_RTO_MAX);
    // inet_csk_reset_xmit_timer: the timer wheel fires it a few jiffies late, never early
    this.rtxTimer = this.table.world.sched.after(timerWheelDelay(this.now, delay), () => this.onRtx());
  }

  /** tcp_retransmit_timer / tcp_write_timeout. */
  private onRtx(): void {
    this.rtxTimer = undefined;
    const sysctl = this.ns.sysctl;
    const mib = this.ns.mib;
    switch (this.state) {
      case TcpState.SYN_SENT: {
        mib.tcpExt[TCP_EXT.TCPTimeouts]++;
        // tcp_write_timeout (6.18): the attempt expires on time, after tcp_model_timeout of
        // tcp_syn_retries (1 + 2 + … seconds), counted from the first SYN
        const retries = sysctl.int("net/ipv4/tcp_syn_retries", 6);
        if (this.retransmits && this.now - this.synStamp >= synTimeout(retries)) {
          // tcp_write_err → tcp_done
          mib.tcp[TCP.AttemptFails]++;
          mib.tcpExt[TCP_EXT.TCPAbortOnTimeout]++;
          this.err = this.softErr || Errno.ETIMEDOUT;
          this.done();
          return;
        }
        // sk_rethink_txhash on a timeout that goes on; tcp_enter_loss finds the SYN already retransmitted
        mib.tcpExt[TCP_EXT.TcpTimeoutRehash]++;
        if (this.retransmits) mib.tcpExt[TCP_EXT.TCPLostRetransmit]++;
        this.retransmits++;
        // tcp_syn_linear_timeouts: the first retransmissions keep the initial RTO, then it doubles
        if (this.retransmits > sysctl.int("net/ipv4/tcp_syn_linear_timeouts", 4))
          this.rto = Math.min(this.rto * 2, TCP_RTO_MAX);
        this.sendSyn(false);
        this.armRtx();
        return;
      }
      case TcpState.SYN_RECV: {
        mib.tcpExt[TCP_EXT.TCPTimeouts]++; // tcp_syn_ack_timeout
        this.retransmits++;
        if (this.retransmits > sysctl.int("net/ipv4/tcp_synack_retries", 5)) {
          this.done();
          return;
        }
        this.rto = Math.min(this.rto * 2, TCP_RTO_MAX);
        this.sendSyn(true);
        this.armRtx();
        return;
      }
      case TcpState.ESTABLISHED:
      case TcpState.CLOSE_WAIT:
      case TcpState.FIN_WAIT1:
      case TcpState.LAST_ACK:
      case TcpState.CLOSING: {
        if (this.sndNxt === this.sndUna && this.sndQ.length === 0 && !(this.finQueued && !this.finSent))
          return;
        if (this.sndNxt !== this.sndUna) mib.tcpExt[TCP_EXT.TCPTimeouts]++;
        this.retransmits++;
        if (this.retransmits > sysctl.int("net/ipv4/tcp_retries2", 15)) {
          mib.tcpExt[TCP_EXT.TCPAbortOnTimeout]++;
          this.err = this.softErr || Errno.ETIMEDOUT;
          this.done();
          return;
        }
        if (this.sndNxt !== this.sndUna) mib.tcpExt[TCP_EXT.TcpTimeoutRehash]++;
        if (this.sndNxt !== this.sndUna) {
          // loss: back to one segment and go back to snd_una
          this.ssthresh = Math.max(2, Math.floor(this.cwnd / 2));
          this.cwnd = 1;
          this.sndNxt = this.sndUna;
          this.finSent = false;
          this.rttSeq = undefined;
          this.pushPending(true);
        } else this.pushPending(true);
        this.armRtx();
        return;
      }
    }
  }

  // ================================================================ input

  /** tcp_v4_rcv for this socket. */
  rcv(ip: Ipv4Packet, seg: TcpSegment, meta: SkbMeta): void {
    this.segsIn++;
    switch (this.state) {
      case TcpState.LISTEN:
        this.listenRcv(ip, seg, meta);
        return;
      case TcpState.SYN_SENT:
        this.synSentRcv(seg);
        return;
      case TcpState.TIME_WAIT:
        this.timeWaitRcv(ip, seg, meta);
        return;
      case TcpState.CLOSE:
        tcpRcvNoSocket(this.table, ip, seg, meta);
        return;
    }
    this.establishedRcv(seg);
  }

  private parseOptions(seg: TcpSegment): void {
    let mss = 536;
    for (const o of seg.options) {
      if (o.kind === "mss") mss = o.value;
      else if (o.kind === "windowScale") {
        this.wscaleOk = true;
        this.sndWscale = Math.min(o.shift, 14);
      } else if (o.kind === "sackPermitted") this.sackOk = true;
      else if (o.kind === "timestamps") {
        this.tsOk = true;
        this.tsRecent = o.tsval;
      }
    }
    this.peerMss = mss;
  }

  private updateMssCache(): void {
    const r = this.ns.stack.routeOutput(this.remoteAddr as Ip4, { src: this.localAddr as Ip4 });
    const pmtuMss = r.ok ? r.rt.mtu - 40 : this.advMss;
    this.mssCache = Math.max(48, Math.min(this.peerMss, pmtuMss) - (this.tsOk ? TS_OPT_LEN : 0));
  }

  private listenRcv(ip: Ipv4Packet, seg: TcpSegment, meta: SkbMeta): void {
    const f = seg.flags;
    if (f & TcpFlag.RST) return;
    if (f & TcpFlag.ACK) {
      tcpRcvNoSocket(this.table, ip, seg, meta);
      return;
    }
    if (!(f & TcpFlag.SYN)) return;
    const pending = [...this.table.tcp].filter(
      (s) => s.parent === this && s.state === TcpState.SYN_RECV,
    ).length;
    if (this.acceptQueue.length > this.backlog || pending > Math.max(this.backlog, 128)) {
      // tcp_conn_request: a full accept queue is an overflow; either way tcp_listendrop
      if (this.acceptQueue.length > this.backlog) this.ns.mib.tcpExt[TCP_EXT.ListenOverflows]++;
      this.ns.mib.tcpExt[TCP_EXT.ListenDrops]++;
      this.ns.stack.drop(
        meta,
        undefined,
        `listen queue of ${ip4Str(this.localAddr)}:${this.localPort} is full`,
        { ip },
      );
      return;
    }
    const c = new TcpSocket(this.table);
    c.parent = this;
    c.localAddr = ip.dst;
    c.localPort = this.localPort;
    c.remoteAddr = ip.src;
    c.remotePort = seg.srcPort;
    c.connected = true;
    c.bound = true;
    c.irs = seg.seq;
    c.rcvNxt = seqAdd(seg.seq, 1);
    const rng = this.table.world.rng;
    c.iss = rng.u32();
    c.tsOffset = rng.u32();
    c.ipId = rng.u32() & 0xffff;
    c.sndUna = c.iss;
    c.sndNxt = seqAdd(c.iss, 1);
    c.parseOptions(seg);
    c.sndWnd = seg.window;
    const r = this.ns.stack.routeOutput(ip.src, { src: ip.dst });
    c.advMss = advMss(r.ok ? r.rt.mtu : 1500);
    c.rcvWnd = initialWindow(c.advMss - (c.tsOk ? TS_OPT_LEN : 0));
    c.rcvWscale = windowScale(this.ns.sysctl);
    c.state = TcpState.SYN_RECV;
    c.reuseAddr = this.reuseAddr;
    this.table.tcp.add(c);
    c.updateMssCache();
    c.sendSyn(true);
    c.armRtx();
  }

  private synSentRcv(seg: TcpSegment): void {
    const f = seg.flags;
    if (f & TcpFlag.ACK) {
      if (seqLeq(seg.ack, this.iss) || seqLt(this.sndNxt, seg.ack)) {
        if (!(f & TcpFlag.RST)) this.sendRstFor(seg);
        return;
      }
    }
    if (f & TcpFlag.RST) {
      if (f & TcpFlag.ACK) {
        this.ns.mib.tcp[TCP.AttemptFails]++; // tcp_reset → tcp_done in SYN_SENT
        this.err = Errno.ECONNREFUSED;
        this.done();
      }
      return;
    }
    if (!(f & TcpFlag.SYN)) return;
    if (!(f & TcpFlag.ACK)) return; // simultaneous open is not modelled
    this.irs = seg.seq;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.sndUna = seg.ack;
    this.ns.mib.tcpExt[TCP_EXT.TCPDelivered]++; // tcp_ack of the SYN-ACK: the SYN was delivered
    this.parseOptions(seg);
    if (!this.wscaleOk) this.sndWscale = 0;
    this.sndWnd = seg.window << this.sndWscale;
    this.updateMssCache();
    this.retransmits = 0;
    this.rto = TCP_TIMEOUT_INIT;
    this.rtxTimer?.cancel();
    this.rtxTimer = undefined;
    this.setState(TcpState.ESTABLISHED);
    this.sendAck();
    this.pushPending();
  }

  /** tcp_v4_send_reset for a segment this socket refuses. */
  private sendRstFor(seg: TcpSegment): void {
    this.ns.mib.tcp[TCP.OutRsts]++;
    const rst: TcpSegment = {
      kind: "tcp",
      srcPort: this.localPort,
      dstPort: this.remotePort,
      seq: seg.ack,
      ack: 0,
      flags: TcpFlag.RST,
      window: 0,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    };
    this.transmit(rst, "RST", false);
  }

  private timeWaitRcv(ip: Ipv4Packet, seg: TcpSegment, meta: SkbMeta): void {
    const f = seg.flags;
    if (f & TcpFlag.RST) {
      this.done();
      return;
    }
    if (f & TcpFlag.SYN && !(f & TcpFlag.ACK) && seqLt(this.rcvNxt, seg.seq)) {
      // tcp_timewait_state_process: a new SYN may reuse the 4-tuple; the listener takes it
      this.done();
      const l = this.table.tcpLookup(ip.src, seg.srcPort, ip.dst, seg.dstPort);
      if (l) l.rcv(ip, seg, meta);
      else tcpRcvNoSocket(this.table, ip, seg, meta);
      return;
    }
    if (f & TcpFlag.FIN) {
      // a retransmitted FIN: ACK it again and restart the TIME_WAIT clock
      this.sendAck();
      this.stateTimer?.cancel();
      this.stateTimer = this.table.world.sched.after(TCP_TIMEWAIT_LEN, () => this.done());
    }
  }

  /** tcp_rcv_established + tcp_rcv_state_process for the synchronized states. */
  private establishedRcv(seg: TcpSegment): void {
    const f = seg.flags;
    const len = seg.payload.length;
    // sequence check (tcp_sequence): anything wholly left of rcv_nxt or right of the window
    if (f & TcpFlag.RST) {
      if (
        seqLeq(this.rcvNxt, seg.seq) &&
        seqLt(seg.seq, seqAdd(this.rcvNxt, Math.max(this.windowFree(), 1)))
      ) {
        if (this.state === TcpState.SYN_RECV) {
          // tcp_check_req: a reset for a request socket
          this.ns.mib.tcp[TCP.AttemptFails]++;
          this.ns.mib.tcpExt[TCP_EXT.EmbryonicRsts]++;
          this.done();
          return;
        }
        this.err = this.state === TcpState.CLOSE_WAIT ? EPIPE : Errno.ECONNRESET;
        this.resetByPeer = true;
        this.done();
      }
      return;
    }
    if (f & TcpFlag.SYN) {
      if (this.state === TcpState.SYN_RECV && seg.seq === this.irs) {
        this.sendSyn(true); // the peer retransmitted its SYN
        return;
      }
      this.sendAck(); // challenge ACK
      return;
    }
    if (!(f & TcpFlag.ACK)) return;
    const state0 = this.state;

    if (this.state === TcpState.SYN_RECV) {
      if (seg.ack !== this.sndNxt) {
        this.sendRstFor(seg);
        return;
      }
      this.sndUna = seg.ack;
      this.sndWnd = seg.window << this.sndWscale;
      if (!this.wscaleOk) this.sndWscale = 0;
      this.retransmits = 0;
      this.rto = TCP_TIMEOUT_INIT;
      this.rtxTimer?.cancel();
      this.rtxTimer = undefined;
      const parent = this.parent;
      if (!parent || parent.state !== TcpState.LISTEN) {
        this.sendRstToPeer();
        this.done();
        return;
      }
      this.state = TcpState.ESTABLISHED;
      this.ns.mib.tcp[TCP.PassiveOpens]++; // tcp_create_openreq_child
      // the child's tcp_ack (slow path): an ACK without data or FIN is a pure ACK
      if (len === 0 && !(f & TcpFlag.FIN)) this.ns.mib.tcpExt[TCP_EXT.TCPPureAcks]++;
      parent.acceptQueue.push(this);
      parent.onEvent?.();
    }

    // ACK processing (tcp_ack)
    // tcp_ack in the slow path (every state but ESTABLISHED, whose header prediction is not
    // modelled): an ACK without data or FIN is a pure ACK
    if (
      state0 !== TcpState.ESTABLISHED &&
      state0 !== TcpState.SYN_RECV &&
      len === 0 &&
      !(f & TcpFlag.FIN) &&
      seqLeq(this.sndUna, seg.ack) &&
      seqLeq(seg.ack, this.sndNxt)
    )
      this.ns.mib.tcpExt[TCP_EXT.TCPPureAcks]++;
    if (seqLt(this.sndUna, seg.ack) && seqLeq(seg.ack, this.sndNxt)) {
      const dataEnd = seqAdd(this.sndUna, this.sndQ.length);
      const dataAcked = seqLt(dataEnd, seg.ack) ? this.sndQ.length : seqDiff(seg.ack, this.sndUna);
      this.sndQ.drop(dataAcked);
      const segs = Math.max(1, Math.ceil(dataAcked / this.mssCache));
      // tcp_clean_rtx_queue → tcp_newly_delivered: the segments, and the FIN, this ACK covers
      const finWasAcked = this.finSent && seqLt(this.finSeq, this.sndUna);
      let delivered = dataAcked > 0 ? Math.ceil(dataAcked / this.mssCache) : 0;
      if (!finWasAcked && this.finSent && seqLt(this.finSeq, seg.ack)) delivered++;
      if (delivered) this.ns.mib.tcpExt[TCP_EXT.TCPDelivered] += delivered;
      this.sndUna = seg.ack;
      if (this.rttSeq !== undefined && seqLeq(this.rttSeq, seg.ack)) {
        this.rttSample(this.now - this.rttStart);
        this.rttSeq = undefined;
      }
      this.cwnd =
        this.cwnd < this.ssthresh ? this.cwnd + segs : this.cwnd + Math.max(1, Math.floor(segs / this.cwnd));
      this.cwnd = Math.min(this.cwnd, 10000);
      this.retransmits = 0;
      this.rtxTimer?.cancel();
      this.rtxTimer = undefined;
      if (this.sndUna !== this.sndNxt) this.armRtx();
      this.onEvent?.();
    }
    if (seqLeq(this.sndUna, seg.ack)) this.sndWnd = seg.window << this.sndWscale;
    const finAcked = this.finSent && seqLt(this.finSeq, this.sndUna);
    if (finAcked) {
      if (this.state === TcpState.FIN_WAIT1) {
        this.setState(TcpState.FIN_WAIT2);
        this.armFinWait2();
      } else if (this.state === TcpState.CLOSING) {
        this.enterTimeWait();
        return;
      } else if (this.state === TcpState.LAST_ACK) {
        this.done();
        return;
      }
    }

    // data (in order only: anything else is answered with a duplicate ACK)
    let ackNow = false;
    if (len > 0 || f & TcpFlag.FIN) {
      if (seg.seq !== this.rcvNxt) {
        this.sendAck();
        return;
      }
    }
    if (this.tsOk) {
      const ts = seg.options.find((o) => o.kind === "timestamps");
      if (ts && ts.kind === "timestamps") this.tsRecent = ts.tsval;
    }
    if (len > 0) {
      if (
        this.state === TcpState.ESTABLISHED ||
        this.state === TcpState.FIN_WAIT1 ||
        this.state === TcpState.FIN_WAIT2
      ) {
        if (this.orphan) {
          // data for a socket nobody will read: reset (tcp_rcv_state_process, "data after close")
          this.ns.mib.tcpExt[TCP_EXT.TCPAbortOnData]++;
          this.sendRstToPeer();
          this.done();
          return;
        }
        this.rcvQ.push(seg.payload);
        this.bytesReceived += len;
        this.rcvNxt = seqAdd(this.rcvNxt, len);
        this.unackedSegs++;
        if (this.quickAcks > 0) {
          this.quickAcks--;
          ackNow = true;
        } else if (this.unackedSegs >= 2) ackNow = true;
        this.onEvent?.();
      }
    }
    let finDelayed = false;
    if (f & TcpFlag.FIN) {
      this.rcvNxt = seqAdd(this.rcvNxt, 1);
      this.finRcvd = true;
      // tcp_fin: in ESTABLISHED the socket enters pingpong mode and the ACK waits (the
      // application's own FIN usually carries it) unless more than a full segment is unacked;
      // the FIN_WAIT states answer at once
      if (this.state === TcpState.ESTABLISHED) {
        ackNow = this.unackedSegs >= 2;
        finDelayed = true;
      } else ackNow = true;
      switch (this.state) {
        case TcpState.ESTABLISHED:
          this.setState(TcpState.CLOSE_WAIT);
          break;
        case TcpState.FIN_WAIT1:
          if (finAcked) this.enterTimeWait();
          else this.setState(TcpState.CLOSING);
          break;
        case TcpState.FIN_WAIT2:
          this.enterTimeWait();
          break;
      }
      this.onEvent?.();
    }
    this.pushPending();
    if (ackNow) this.sendAck();
    else if ((len > 0 || finDelayed) && !this.delackTimer) {
      this.delackTimer = this.table.world.sched.after(TCP_DELACK, () => {
        this.delackTimer = undefined;
        if (this.state === TcpState.CLOSE) return;
        this.ns.mib.tcpExt[TCP_EXT.DelayedACKs]++; // tcp_delack_timer_handler
        this.sendAck();
      });
    }
  }

  /** tcp_rtt_estimator + __tcp_set_rto (RFC 6298, Linux's 200 ms floor). */
  private rttSample(rtt: number): void {
    if (!this.srtt) {
      this.srtt = rtt;
      this.rttvar = rtt / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rtt);
      this.srtt = 0.875 * this.srtt + 0.125 * rtt;
    }
    this.rto = Math.min(
      TCP_RTO_MAX,
      Math.max(this.srtt + Math.max(4 * this.rttvar, TCP_RTO_MIN), TCP_RTO_MIN),
    );
  }

  /** tcp_v4_err for this socket. */
  icmpError(errno: number, _fatal: boolean, seq: number, type: number, code: number, info: number): void {
    if (type === 3 && code === 4) {
      // PMTU: the stack learned the new MTU; shrink the MSS and resend what is in flight
      void info;
      if (this.state === TcpState.SYN_SENT || this.state === TcpState.LISTEN) return;
      this.updateMssCache();
      if (this.sndNxt !== this.sndUna) {
        this.sndNxt = this.sndUna;
        this.finSent = false;
        this.pushPending(true);
      }
      return;
    }
    if (seqLt(seq, this.sndUna) || !seqLt(seq, this.sndNxt)) return;
    if (this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RECV) {
      if (this.state === TcpState.SYN_RECV) {
        this.done();
        return;
      }
      this.ns.mib.tcp[TCP.AttemptFails]++; // tcp_v4_err → tcp_done
      this.err = errno;
      this.done();
      return;
    }
    this.softErr = errno;
  }

  /** ss -i style numbers. */
  info(): { rto: number; mss: number; cwnd: number; rtt: number; rttvar: number } {
    return {
      rto: this.rto / NS_PER_MS,
      mss: this.mssCache,
      cwnd: this.cwnd,
      rtt: this.srtt / NS_PER_MS,
      rttvar: this.rttvar / NS_PER_MS,
    };
  }
}

/** tcp_v4_send_reset: the answer to a segment no socket wants. */
export function tcpRcvNoSocket(table: SocketTable, ip: Ipv4Packet, seg: TcpSegment, parent: SkbMeta): void {
  if (seg.flags & TcpFlag.RST) return;
  const stack = table.ns.stack;
  const r = stack.routeOutput(ip.src, { src: ip.dst });
  if (!r.ok) return;
  // tcp_v4_send_reset
  table.ns.mib.tcp[TCP.OutSegs]++;
  table.ns.mib.tcp[TCP.OutRsts]++;
  const rst: TcpSegment =
    seg.flags & TcpFlag.ACK
      ? {
          kind: "tcp",
          srcPort: seg.dstPort,
          dstPort: seg.srcPort,
          seq: seg.ack,
          ack: 0,
          flags: TcpFlag.RST,
          window: 0,
          urgent: 0,
          options: [],
          payload: new Uint8Array(0),
        }
      : {
          kind: "tcp",
          srcPort: seg.dstPort,
          dstPort: seg.srcPort,
          seq: 0,
          ack: seqAdd(
            seg.seq,
            seg.payload.length + (seg.flags & TcpFlag.SYN ? 1 : 0) + (seg.flags & TcpFlag.FIN ? 1 : 0),
          ),
          flags: TcpFlag.RST | TcpFlag.ACK,
          window: 0,
          urgent: 0,
          options: [],
          payload: new Uint8Array(0),
        };
  const out: Ipv4Packet = {
    kind: "ipv4",
    tos: 0,
    id: 0,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: table.ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
    protocol: IpProto.TCP,
    src: ip.dst,
    dst: ip.src,
    payload: rst,
  };
  const meta: SkbMeta = { jid: table.world.newJid(), mark: 0 };
  stack.trace(
    TraceKind.send,
    meta,
    `TCP RST ${ip4Str(ip.dst)}:${seg.dstPort} → ${ip4Str(ip.src)}:${seg.srcPort} (port closed)`,
    { ip: out, parent: parent.jid },
  );
  stack.sendLocal(out, r.rt, meta);
}
