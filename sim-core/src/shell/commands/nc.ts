/**
 * OpenBSD netcat 1.219 as Debian 12 ships it (netcat-openbsd): getopt with its messages and
 * usage, client mode over TCP or UDP (connect to each port of a list or range; -z scans; -v
 * reports "Connection to H P port [tcp/NAME] succeeded!" and "nc: connect to H port P (tcp)
 * failed: …"; UDP scans write 'X's as udptest does), listen mode (-l [-p] PORT, address, -s,
 * -k to accept again, SO_REUSEADDR|SO_REUSEPORT as Debian sets them), and the readwrite loop:
 * stdin to the network, the network to stdout, -N shutdown on stdin EOF, -q, -w idle timeout,
 * exit when the peer closes.
 */
import type { Ip4 } from "../../util/brand";
import { STRERROR, Errno } from "../../kernel/types";
import { NS_PER_S, NS_PER_US } from "../../engine/scheduler";
import type { Cmd, CmdResult, Wait } from "../types";
import { resolveHost, inetAton } from "../resolve";
import { socketsOf } from "../../sockets/table";
import { TcpState, type TcpSocket } from "../../sockets/tcp";
import type { UdpSocket } from "../../sockets/udp";
import { bytesOf, textOf } from "../../sockets/bytes";
import { serviceName, servicePort } from "../../sockets/services";

const USAGE =
  "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n" +
  "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n" +
  "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n" +
  "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n" +
  "\t  [destination] [port]\n";

const WITH_ARG = new Set("bIiMmOPpqsTVWwXxZ".split(""));
const FLAGS = new Set("46CDdFhklNnrStUuvz".split(""));

interface NcOpts {
  listen: boolean;
  keep: boolean;
  udp: boolean;
  zero: boolean;
  verbose: number;
  numeric: boolean;
  shutdownOnEof: boolean;
  quit?: number;
  timeout?: number;
  srcPort?: number;
  srcAddr?: string;
}

function die(c: Cmd, msg: string): number {
  c.err(`nc: ${msg}\n`);
  return 1;
}

/** Port arguments: numbers, service names, ranges "lo-hi". */
function portList(c: Cmd, arg: string, proto: "tcp" | "udp"): number[] | string {
  const range = /^(\d+)-(\d+)$/.exec(arg);
  if (range) {
    let lo = Number(range[1]);
    let hi = Number(range[2]);
    if (lo < 1 || lo > 65535 || hi < 1 || hi > 65535) return "port range not valid";
    if (lo > hi) [lo, hi] = [hi, lo];
    const out: number[] = [];
    for (let p = lo; p <= hi; p++) out.push(p);
    return out;
  }
  if (/^\d+$/.test(arg)) {
    const n = Number(arg);
    if (n > 65535) return `port number too large: ${arg}`;
    if (n < 1) return `port number too small: ${arg}`;
    return [n];
  }
  const s = servicePort(arg, proto);
  if (s === undefined) return `port number invalid: ${arg}`;
  void c;
  return [s];
}

export function nc(c: Cmd): CmdResult {
  const o: NcOpts = {
    listen: false,
    keep: false,
    udp: false,
    zero: false,
    verbose: 0,
    numeric: false,
    shutdownOnEof: false,
  };
  const argv = c.argv;
  const rest: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if (WITH_ARG.has(ch)) {
        let val = a.slice(j + 1);
        if (!val) {
          if (i + 1 >= argv.length) {
            c.err(`nc: option requires an argument -- '${ch}'\n${USAGE}`);
            return 1;
          }
          val = argv[++i];
        }
        switch (ch) {
          case "p":
            if (!/^\d+$/.test(val) || Number(val) > 65535)
              return die(c, `port number ${/^\d+$/.test(val) ? "too large" : "invalid"}: ${val}`);
            o.srcPort = Number(val);
            break;
          case "s":
            o.srcAddr = val;
            break;
          case "w": {
            if (!/^\d+$/.test(val))
              return die(c, `timeout ${/^-/.test(val) ? "too small" : "invalid"}: ${val}`);
            o.timeout = Number(val);
            break;
          }
          case "q":
            o.quit = Number(val);
            break;
          default:
            break;
        }
        break;
      }
      if (FLAGS.has(ch)) {
        switch (ch) {
          case "l":
            o.listen = true;
            break;
          case "k":
            o.keep = true;
            break;
          case "u":
            o.udp = true;
            break;
          case "z":
            o.zero = true;
            break;
          case "v":
            o.verbose++;
            break;
          case "n":
            o.numeric = true;
            break;
          case "N":
            o.shutdownOnEof = true;
            break;
          case "h":
            c.err(`OpenBSD netcat (Debian patchlevel 1.219-1)\n${USAGE}`);
            return 1;
        }
        continue;
      }
      c.err(`nc: invalid option -- '${ch}'\n${USAGE}`);
      return 1;
    }
  }
  rest.push(...argv.slice(i));
  if (o.listen) {
    let host: string | undefined;
    let port: string | undefined;
    if (rest.length === 2) [host, port] = rest;
    else if (rest.length === 1) {
      if (o.srcPort !== undefined) host = rest[0];
      else port = rest[0];
    } else if (rest.length > 2) {
      c.err(USAGE);
      return 1;
    }
    if (port === undefined && o.srcPort !== undefined) port = String(o.srcPort);
    if (port === undefined) return die(c, "missing port number");
    const pl = portList(c, port, o.udp ? "udp" : "tcp");
    if (typeof pl === "string") return die(c, pl);
    if (pl.length > 1) return die(c, "port range not valid");
    return o.udp ? udpListen(c, o, host ?? o.srcAddr, pl[0]) : tcpListen(c, o, host ?? o.srcAddr, pl[0]);
  }
  if (!rest.length) {
    c.err(USAGE);
    return 1;
  }
  if (rest.length < 2) return die(c, "missing port number");
  const ports: number[] = [];
  for (const p of rest.slice(1)) {
    const pl = portList(c, p, o.udp ? "udp" : "tcp");
    if (typeof pl === "string") return die(c, pl);
    ports.push(...pl);
  }
  return client(c, o, rest[0], ports);
}

function killedFn(c: Cmd): () => boolean {
  const m = c.ctx.machine;
  return () =>
    c.interrupted() ||
    !m.processes.has(c.pid) ||
    (c.ctx.jobPid !== undefined && !m.processes.has(c.ctx.jobPid));
}

function sourceAddr(c: Cmd, o: NcOpts): Ip4 | undefined | null {
  if (o.srcAddr === undefined) return undefined;
  const a = inetAton(o.srcAddr);
  if (a === undefined) {
    c.err(`nc: getaddrinfo for host "${o.srcAddr}" port ${o.srcPort ?? 0}: Name or service not known\n`);
    return null;
  }
  return a;
}

/**
 * udptest (Debian 1.219): a write, a second one that fails if the port unreachable for the first
 * came back (ECONNREFUSED), then one write a second for the -w timeout (UDP_SCAN_TIMEOUT, 3 s,
 * without -w). 1: the port looks open, -1: refused, 130: interrupted.
 */
function* udptest(c: Cmd, o: NcOpts, u: UdpSocket, killed: () => boolean): Generator<Wait, number, void> {
  const sched = c.ctx.world.sched;
  if (u.send(bytesOf("X")) !== 0) return -1;
  // the port unreachable comes back while the second write is being made
  yield { until: sched.now + 100 * NS_PER_US, cond: killed };
  if (killed()) return 130;
  if (u.send(bytesOf("X")) === Errno.ECONNREFUSED) return -1;
  const t = o.timeout !== undefined ? Math.floor(o.timeout) : 3;
  for (let k = 0; k < t; k++) {
    yield { until: sched.now + NS_PER_S, cond: killed };
    if (killed()) return 130;
    if (u.send(bytesOf("X")) === Errno.ECONNREFUSED) return -1;
  }
  return 1;
}

function* client(c: Cmd, o: NcOpts, host: string, ports: number[]): Generator<Wait, number, void> {
  const res = resolveHost(c.ctx, c.fs, host);
  if (!res.ok) {
    c.err(`nc: getaddrinfo for host "${host}" port ${ports[0]}: ${res.error}\n`);
    return 1;
  }
  const killed = killedFn(c);
  const sched = c.ctx.world.sched;
  const table = socketsOf(c.ctx.ns);
  const proto = o.udp ? "udp" : "tcp";
  const pid = c.ctx.jobPid ?? c.pid;
  const src = sourceAddr(c, o);
  if (src === null) return 1;
  let ret = 1;
  for (const port of ports) {
    if (killed()) return 130;
    if (o.udp) {
      const u = table.udpSocket();
      u.reuseAddr = true;
      u.owners.push({ comm: "nc", pid, fd: 3 });
      if (src !== undefined || o.srcPort !== undefined) {
        const e = u.bind(src ?? 0, o.srcPort ?? 0);
        if (e) {
          u.close();
          return die(c, `bind failed: ${STRERROR[e]}`);
        }
      }
      const e = u.connect(res.ip, port);
      if (e) {
        if (o.verbose) c.err(`nc: connect to ${host} port ${port} (udp) failed: ${STRERROR[e]}\n`);
        u.close();
        continue;
      }
      // Debian 1.219 runs udptest only with -v (and then whatever stdin is)
      if (o.verbose) {
        const info = yield* udptest(c, o, u, killed);
        if (info === 130) {
          u.close();
          return 130;
        }
        if (info === -1) {
          u.close();
          ret = 1;
          continue;
        }
        c.err(`Connection to ${host} ${port} port [udp/${serviceName(port, "udp") ?? "*"}] succeeded!\n`);
      }
      ret = 0;
      if (o.zero) {
        u.close();
        continue;
      }
      yield* udpReadWrite(c, o, u, killed);
      u.close();
      return 0;
    }
    const sk = table.tcpSocket();
    sk.reuseAddr = true;
    sk.owners.push({ comm: "nc", pid, fd: 3 });
    if (src !== undefined || o.srcPort !== undefined) {
      const e = sk.bind(src ?? 0, o.srcPort ?? 0);
      if (e) {
        sk.close();
        return die(c, `bind failed: ${STRERROR[e]}`);
      }
    }
    const e = sk.connect(res.ip, port);
    if (e) {
      if (o.verbose) c.err(`nc: connect to ${host} port ${port} (tcp) failed: ${STRERROR[e]}\n`);
      sk.close();
      continue;
    }
    const deadline = o.timeout !== undefined ? sched.now + o.timeout * NS_PER_S : Infinity;
    yield { until: deadline, cond: () => sk.state !== TcpState.SYN_SENT || killed() };
    if (killed()) {
      sk.close();
      return 130;
    }
    if (sk.state === TcpState.SYN_SENT) {
      if (o.verbose)
        c.err(`nc: connect to ${host} port ${port} (tcp) timed out: ${STRERROR[Errno.EINPROGRESS]}\n`);
      sk.close();
      continue;
    }
    if (sk.state !== TcpState.ESTABLISHED && sk.state !== TcpState.CLOSE_WAIT) {
      if (o.verbose)
        c.err(
          `nc: connect to ${host} port ${port} (tcp) failed: ${STRERROR[sk.err || Errno.ECONNREFUSED]}\n`,
        );
      sk.close();
      continue;
    }
    ret = 0;
    if (o.verbose || o.zero) {
      if (o.verbose)
        c.err(
          `Connection to ${host} ${port} port [${proto}/${(!o.numeric && serviceName(port, "tcp")) || "*"}] succeeded!\n`,
        );
    }
    if (o.zero) {
      sk.close();
      continue;
    }
    yield* tcpReadWrite(c, o, sk, killed);
    sk.close();
    return 0;
  }
  return ret;
}

/** readwrite() for a TCP connection: stdin out first, then the network to stdout until EOF. */
function* tcpReadWrite(c: Cmd, o: NcOpts, sk: TcpSocket, killed: () => boolean): Generator<Wait, void, void> {
  const sched = c.ctx.world.sched;
  if (c.stdin) sk.write(bytesOf(c.stdin));
  // stdin is at EOF (a pipe, a file or /dev/null)
  if (o.shutdownOnEof) sk.shutdownWrite();
  const quitAt = o.quit !== undefined && o.quit >= 0 ? sched.now + o.quit * NS_PER_S : Infinity;
  for (;;) {
    const idle = o.timeout !== undefined ? sched.now + o.timeout * NS_PER_S : Infinity;
    yield {
      until: Math.min(idle, quitAt),
      cond: () => killed() || sk.recvQueued() > 0 || sk.eof || sk.state === TcpState.CLOSE,
    };
    if (killed()) return;
    const d = sk.read();
    if (d.length) {
      c.out(textOf(d));
      continue;
    }
    if (sk.eof || sk.state === TcpState.CLOSE) return;
    if (sched.now >= quitAt || sched.now >= idle) return;
  }
}

function* udpReadWrite(c: Cmd, o: NcOpts, u: UdpSocket, killed: () => boolean): Generator<Wait, void, void> {
  const sched = c.ctx.world.sched;
  if (c.stdin) u.send(bytesOf(c.stdin));
  const quitAt = o.quit !== undefined && o.quit >= 0 ? sched.now + o.quit * NS_PER_S : Infinity;
  for (;;) {
    const idle = o.timeout !== undefined ? sched.now + o.timeout * NS_PER_S : Infinity;
    yield { until: Math.min(idle, quitAt), cond: () => killed() || u.queue.length > 0 };
    if (killed()) return;
    const d = u.recv();
    if (d) {
      c.out(textOf(d.data));
      continue;
    }
    if (sched.now >= quitAt || sched.now >= idle) return;
  }
}

function* tcpListen(
  c: Cmd,
  o: NcOpts,
  host: string | undefined,
  port: number,
): Generator<Wait, number, void> {
  const table = socketsOf(c.ctx.ns);
  const pid = c.ctx.jobPid ?? c.pid;
  let addr = 0;
  if (host !== undefined) {
    const r = resolveHost(c.ctx, c.fs, host);
    if (!r.ok) {
      c.err(`nc: getaddrinfo for host "${host}" port ${port}: ${r.error}\n`);
      return 1;
    }
    addr = r.ip;
  }
  const ls = table.tcpSocket();
  ls.reuseAddr = true;
  ls.reusePort = true;
  ls.owners.push({ comm: "nc", pid, fd: 3 });
  let e = ls.bind(addr, port);
  if (!e) e = ls.listen(1);
  if (e) {
    ls.close();
    return die(c, STRERROR[e]);
  }
  const killed = killedFn(c);
  try {
    for (;;) {
      if (o.verbose) c.err(`Listening on ${addr ? host : "0.0.0.0"} ${port}\n`);
      yield { until: Infinity, cond: () => killed() || ls.acceptQueue.length > 0 };
      if (killed()) return 130;
      const sk = ls.accept();
      if (!sk) continue;
      sk.owners.push({ comm: "nc", pid, fd: 4 });
      if (o.verbose) c.err(`Connection received on ${hostOf(sk.remoteAddr)} ${sk.remotePort}\n`);
      yield* tcpReadWrite(c, { ...o, timeout: undefined }, sk, killed);
      sk.close();
      if (!o.keep || killed()) return killed() ? 130 : 0;
    }
  } finally {
    ls.close();
  }
}

function hostOf(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

function* udpListen(
  c: Cmd,
  o: NcOpts,
  host: string | undefined,
  port: number,
): Generator<Wait, number, void> {
  const table = socketsOf(c.ctx.ns);
  const pid = c.ctx.jobPid ?? c.pid;
  let addr = 0;
  if (host !== undefined) {
    const r = resolveHost(c.ctx, c.fs, host);
    if (!r.ok) {
      c.err(`nc: getaddrinfo for host "${host}" port ${port}: ${r.error}\n`);
      return 1;
    }
    addr = r.ip;
  }
  const u = table.udpSocket();
  u.reuseAddr = true;
  u.reusePort = true;
  u.owners.push({ comm: "nc", pid, fd: 3 });
  const e = u.bind(addr, port);
  if (e) {
    u.close();
    return die(c, STRERROR[e]);
  }
  const killed = killedFn(c);
  try {
    if (o.verbose) c.err(`Bound on ${addr ? host : "0.0.0.0"} ${port}\n`);
    yield { until: Infinity, cond: () => killed() || u.queue.length > 0 };
    if (killed()) return 130;
    const first = u.recv()!;
    if (o.keep) {
      // -k: use_sendto_recvfrom — the socket stays unconnected and hears every sender; what
      // stdin has goes to the first one
      if (o.verbose) c.err(`Connection received on ${hostOf(first.from)} ${first.port}\n`);
      c.out(textOf(first.data));
      if (c.stdin) u.send(bytesOf(c.stdin), first.from, first.port);
      for (;;) {
        yield { until: Infinity, cond: () => killed() || u.queue.length > 0 };
        if (killed()) return 130;
        const d = u.recv();
        if (d) c.out(textOf(d.data));
      }
    }
    // nc connects the socket to the first sender; later datagrams only come from it
    u.remoteAddr = first.from;
    u.remotePort = first.port;
    if (!u.localAddr) u.localAddr = first.to;
    if (o.verbose) c.err(`Connection received on ${hostOf(first.from)} ${first.port}\n`);
    c.out(textOf(first.data));
    yield* udpReadWrite(c, { ...o, timeout: undefined }, u, killed);
    return killed() ? 130 : 0;
  } finally {
    u.close();
  }
}
