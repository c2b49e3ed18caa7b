/**
 * UDP sockets (net/ipv4/udp.c): bind with udp_lib_get_port, connect (which only fixes the peer
 * and picks the source), datagrams queued whole, and ICMP errors reported to connected sockets
 * only (__udp4_lib_err without IP_RECVERR: a port unreachable becomes ECONNREFUSED on the next
 * call).
 */
import type { Ip4 } from "../util/brand";
import type { SkbMeta } from "../kernel/device";
import type { Ipv4Packet } from "../wire/types";
import { IpProto } from "../wire/types";
import { Errno } from "../kernel/types";
import { TraceKind } from "../engine/trace";
import { ip4Str } from "../util/inet";
import { IP, UDP } from "../kernel/mib";
import type { SocketOwner, SocketTable } from "./table";

export interface Datagram {
  data: Uint8Array;
  from: number;
  port: number;
  to: number;
}

let created = 0;

export class UdpSocket {
  localAddr = 0;
  localPort = 0;
  remoteAddr = 0;
  remotePort = 0;
  reuseAddr = false;
  reusePort = false;
  closed = false;
  readonly queue: Datagram[] = [];
  /** sk_err: reported (and cleared) by the next send or receive. */
  err = 0;
  drops = 0;
  readonly owners: SocketOwner[] = [];
  readonly created = ++created;
  readonly inode: number;

  constructor(readonly table: SocketTable) {
    this.inode = table.nextInode();
  }

  private get ns() {
    return this.table.ns;
  }

  bind(addr: number, port: number): number {
    if (this.localPort) return Errno.EINVAL;
    if (
      addr !== 0 &&
      !this.ns.isLocalAddress(addr as Ip4) &&
      !this.ns.sysctl.int("net/ipv4/ip_nonlocal_bind")
    )
      return Errno.EADDRNOTAVAIL;
    let p = port;
    if (!p) {
      const e = this.table.udpEphemeral(this, addr);
      if (e === undefined) return Errno.EADDRINUSE;
      p = e;
    } else if (this.table.udpPortUsed(this, addr, p)) return Errno.EADDRINUSE;
    this.localAddr = addr;
    this.localPort = p;
    this.table.udp.add(this);
    return 0;
  }

  /** connect(2): the route decides the source address; the socket is bound if it was not. */
  connect(addr: number, port: number): number {
    const r = this.ns.stack.routeOutput(addr as Ip4, {
      src: this.localAddr ? (this.localAddr as Ip4) : undefined,
    });
    if (!r.ok) return r.errno;
    if (!this.localPort) {
      const e = this.bind(0, 0);
      if (e) return e;
    }
    if (!this.localAddr) this.localAddr = r.rt.src;
    this.remoteAddr = addr;
    this.remotePort = port;
    return 0;
  }

  /** The bytes waiting to be read (what ss shows as Recv-Q). */
  recvQueued(): number {
    return this.queue.reduce((n, d) => n + d.data.length, 0);
  }

  /** sendto(2) / send(2) on a connected socket. Returns 0 or an errno. */
  send(data: Uint8Array, addr?: number, port?: number): number {
    if (this.err) {
      // sock_alloc_send_skb reports the pending error; __ip_append_data counts the discard
      const e = this.err;
      this.err = 0;
      this.ns.mib.ip[IP.OutDiscards]++;
      return e;
    }
    const dst = addr ?? this.remoteAddr;
    const dport = port ?? this.remotePort;
    if (!dst && addr === undefined) return Errno.ENOTCONN ?? 107;
    const stack = this.ns.stack;
    const r = stack.routeOutput(dst as Ip4, { src: this.localAddr ? (this.localAddr as Ip4) : undefined });
    if (!r.ok) {
      if (r.errno === Errno.ENETUNREACH) this.ns.mib.ip[IP.OutNoRoutes]++;
      return r.errno;
    }
    if (!this.localPort) {
      const e = this.bind(0, 0);
      if (e) return e;
      this.localAddr = 0;
    }
    if (8 + data.length + 20 > 65535) return Errno.EMSGSIZE;
    const ip: Ipv4Packet = {
      kind: "ipv4",
      tos: 0,
      id: this.table.world.ipId(),
      df: 8 + data.length + 20 <= r.rt.mtu,
      mf: false,
      fragOffset: 0,
      ttl: this.ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
      protocol: IpProto.UDP,
      src: (this.localAddr || r.rt.src) as Ip4,
      dst: dst as Ip4,
      payload: {
        kind: "udp",
        srcPort: this.localPort,
        dstPort: dport,
        payload: { kind: "raw", bytes: data },
      },
    };
    const meta: SkbMeta = { jid: this.table.world.newJid(), mark: 0 };
    stack.trace(
      TraceKind.send,
      meta,
      `UDP ${ip4Str(ip.src)}:${this.localPort} → ${ip4Str(dst)}:${dport} (${data.length} bytes)`,
      { ip },
    );
    // udp_send_skb: a driver drop (ENOBUFS) is a send buffer error (ip_send_skb: a discard), not a failure
    const mib = this.ns.mib;
    if (stack.sendLocal(ip, r.rt, meta) === Errno.ENOBUFS) {
      mib.ip[IP.OutDiscards]++;
      mib.udp[UDP.SndbufErrors]++;
    } else mib.udp[UDP.OutDatagrams]++;
    return 0;
  }

  /** recv(2): the next datagram, if any. */
  recv(): Datagram | undefined {
    const d = this.queue.shift();
    if (d) this.ns.mib.udp[UDP.InDatagrams]++; // udp_recvmsg counts what the application reads
    return d;
  }

  /** Takes a pending error (the next call's result). */
  takeError(): number {
    const e = this.err;
    this.err = 0;
    return e;
  }

  deliver(data: Uint8Array, from: number, port: number, to: number): void {
    // a connected socket only takes datagrams from its peer (the lookup scored that already)
    const rcvbuf = this.ns.sysctl.int("net/core/rmem_default", 212992);
    if (this.recvQueued() + data.length > rcvbuf) {
      this.drops++;
      this.ns.mib.udp[UDP.RcvbufErrors]++;
      this.ns.mib.udp[UDP.InErrors]++;
      return;
    }
    this.queue.push({ data, from, port, to });
  }

  icmpError(errno: number, dst: number, dport: number): void {
    if (!this.remoteAddr) return;
    if (this.remoteAddr !== dst || this.remotePort !== dport) return;
    if (
      errno !== Errno.ECONNREFUSED &&
      errno !== Errno.EHOSTUNREACH &&
      errno !== Errno.ENETUNREACH &&
      errno !== 92 &&
      errno !== Errno.EHOSTDOWN
    )
      return;
    this.err = errno;
  }

  close(): void {
    this.closed = true;
    this.owners.length = 0;
    this.table.udp.delete(this);
  }
}
