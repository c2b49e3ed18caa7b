/**
 * iputils ping (20221126), IPv4: option parsing with its messages, the route probe that gives
 * "connect: Network is unreachable", the raw-socket send path (DF per -M, TTL, -I device or
 * address, local EMSGSIZE → "local error: message too long, mtu=N"), replies and ICMP errors
 * matched by identifier, the reply and error lines, the statistics summary and exit status.
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { sprintf } from "../../util/printf";
import { Errno, STRERROR } from "../../kernel/types";
import { IpProto, type IcmpPacket, type Ipv4Packet } from "../../wire/types";
import { ipv4TotalLength } from "../../wire/length";
import type { NetDevice } from "../../kernel/device";
import { NS_PER_MS, NS_PER_S, NS_PER_US } from "../../engine/scheduler";
import { TraceKind } from "../../engine/trace";
import type { Cmd, CmdResult, Wait } from "../types";
import { resolveHost, reverseHost } from "../resolve";
import { PING_HELP } from "./ping-help";

const OPTS_WITH_ARG = new Set("ceFiIlmMNpQsStTwW".split(""));
const OPTS_FLAGS = new Set("46aAbBCdDfhLnOqrRUvV".split(""));

interface PingOpts {
  count: number;
  interval: number;
  lingerMs: number;
  deadline: number;
  size: number;
  ttl?: number;
  pmtudisc?: "do" | "dont" | "want" | "probe";
  iface?: string;
  quiet: boolean;
  numeric: boolean;
  broadcast: boolean;
  verbose: boolean;
  tos: number;
  /** -f: a dot per probe, a backspace per answer, the next probe as soon as the answer is in */
  flood?: boolean;
  /** -i was given */
  intervalSet?: boolean;
  /** -R */
  recordRoute?: boolean;
  /** -T's argument */
  timestamp?: string;
}

/**
 * getaddrinfo with AI_IDN (iputils built with IDN): a name that is not plain ASCII fails its
 * IDNA encoding; a name with blanks fails before any query; else /etc/hosts (there is no DNS).
 */
function pingResolve(c: Cmd, name: string): ReturnType<typeof resolveHost> {
  // (code points rather than a regular expression of control characters, which lint refuses)
  const codes = [...name].map((ch) => ch.codePointAt(0)!);
  if (codes.some((x) => x > 0x7f)) return { ok: false, error: "Parameter string not correctly encoded" };
  if (codes.some((x) => x <= 0x20 || x === 0x7f)) return { ok: false, error: "Name or service not known" };
  return resolveHost(c.ctx, c.fs, name);
}

function errx(c: Cmd, msg: string, code: number): number {
  c.err(`ping: ${msg}\n`);
  return code;
}

/** strtol_or_err(arg, "invalid argument", min, max) */
function intArg(c: Cmd, arg: string, min: number, max: number | bigint, maxText: string): number | undefined {
  if (!/^\s*[-+]?\d+$/.test(arg)) {
    c.err(`ping: invalid argument: '${arg}'\n`);
    return undefined;
  }
  const big = BigInt(arg.trim());
  // strtol sets ERANGE past the range of a long
  if (big > 9223372036854775807n || big < -9223372036854775808n) {
    c.err(`ping: invalid argument: '${arg}': Numerical result out of range\n`);
    return undefined;
  }
  const v = Number(arg);
  if (v < min || (typeof max === "number" ? v > max : big > max)) {
    c.err(`ping: invalid argument: '${arg}': out of range: ${min} <= value <= ${maxText}\n`);
    return undefined;
  }
  return v;
}

/** ping_strtod: a float, with the "garbage" warning for trailing text. */
function floatArg(c: Cmd, arg: string): number {
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(arg);
  if (!m || m[0].length !== arg.length) {
    c.err(`ping: option argument contains garbage: ${m ? arg.slice(m[0].length) : arg}\n`);
    c.err("ping: this will become fatal error in the future\n");
  }
  return m ? parseFloat(m[0]) : 0;
}

function usage(c: Cmd, prefix = ""): number {
  c.err(prefix + PING_HELP);
  return 2;
}

export function ping(c: Cmd): CmdResult {
  const o: PingOpts = {
    count: 0,
    interval: 1,
    lingerMs: 10000,
    deadline: 0,
    size: 56,
    quiet: false,
    numeric: false,
    broadcast: false,
    verbose: false,
    tos: 0,
  };
  const hosts: string[] = [];
  const argv = c.argv;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      hosts.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      hosts.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (OPTS_WITH_ARG.has(f)) {
        let v = a.slice(j + 1);
        if (!v) {
          v = argv[++i];
          if (v === undefined) return usage(c, `ping: option requires an argument -- '${f}'\n`);
        }
        switch (f) {
          case "c": {
            const n = intArg(c, v, 1, 9223372036854775807n, "9223372036854775807");
            if (n === undefined) return 1;
            o.count = n;
            break;
          }
          case "s": {
            const n = intArg(c, v, 0, 2147483647, "2147483647");
            if (n === undefined) return 1;
            o.size = n;
            break;
          }
          case "t": {
            const n = intArg(c, v, 0, 255, "255");
            if (n === undefined) return 1;
            o.ttl = n;
            break;
          }
          case "w": {
            const n = intArg(c, v, 0, 2147483647, "2147483647");
            if (n === undefined) return 1;
            o.deadline = n;
            break;
          }
          case "W": {
            const x = floatArg(c, v);
            if (x < 0 || x > 2147483) return errx(c, `bad linger time: ${v}`, 2);
            o.lingerMs = x * 1000;
            break;
          }
          case "i": {
            // only an interval too large is refused; a negative one means "as fast as possible"
            const x = floatArg(c, v);
            if (!Number.isFinite(x) || x > 2147483) return errx(c, `bad timing interval: ${v}`, 2);
            o.interval = Math.max(0, x);
            o.intervalSet = true;
            break;
          }
          case "M":
            if (v !== "do" && v !== "dont" && v !== "want" && v !== "probe")
              return errx(c, `invalid -M argument: ${v}`, 2);
            o.pmtudisc = v;
            break;
          case "I":
            o.iface = v;
            break;
          case "T":
            o.timestamp = v;
            break;
          case "Q": {
            // parsetos: decimal or 0x hex, 0…255
            const hex = /^0x/i.test(v);
            const n = hex ? parseInt(v.slice(2), 16) : parseInt(v, 10);
            if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number.isNaN(n)) return errx(c, `bad TOS value: ${v}`, 2);
            if (n > 255)
              return errx(
                c,
                `the ${hex ? "hexadecimal" : "decimal"} value of TOS bits must be in range 0-255: ${v}`,
                2,
              );
            o.tos = n;
            break;
          }
          default:
            break;
        }
        break;
      }
      if (!OPTS_FLAGS.has(f)) return usage(c, `ping: invalid option -- '${f}'\n`);
      switch (f) {
        case "h":
          return usage(c);
        case "V":
          c.out(
            "ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n",
          );
          return 0;
        case "q":
          o.quiet = true;
          break;
        case "n":
          o.numeric = true;
          break;
        case "b":
          o.broadcast = true;
          break;
        case "R":
          o.recordRoute = true;
          break;
        case "v":
          o.verbose = true;
          break;
        case "f":
          // F_FLOOD implies numeric output
          o.flood = true;
          o.numeric = true;
          break;
        case "6":
          return errx(c, "IPv6 is not modelled by the simulator", 2);
        default:
          break;
      }
    }
  }
  if (!hosts.length) return errx(c, "usage error: Destination address required", 1);
  const target = hosts[hosts.length - 1];
  // more than one host is a loose source route (IP_OPTIONS): main() resolves the destination,
  // ping4_run checks the number of hosts against -R / -T (usage), resolves every host in order and
  // connects to the first; then setsockopt(IP_OPTIONS) is refused on this socket
  if (hosts.length > 1) {
    const dst = pingResolve(c, target);
    if (!dst.ok) return errx(c, `${target}: ${dst.error}`, 2);
    const n = hosts.length;
    if (o.recordRoute || (o.timestamp !== undefined && (o.timestamp !== "tsprespec" || n > 5)) || n > 10)
      return usage(c);
    let first: Ip4 | undefined;
    for (const h of hosts) {
      const res = pingResolve(c, h);
      if (!res.ok) return errx(c, `${h}: ${res.error}`, 2);
      first ??= res.ip;
    }
    const probe = c.ctx.ns.stack.routeOutput(first!, {});
    if (!probe.ok) return errx(c, `connect: ${STRERROR[probe.errno]}`, 2);
    return errx(c, "record route: Operation not permitted", 2);
  }
  return run(c, o, target);
}

function* run(c: Cmd, o: PingOpts, target: string): Generator<Wait, number, void> {
  const { ctx } = c;
  const ns = ctx.ns;
  const world = ctx.world;
  const res = pingResolve(c, target);
  if (!res.ok) {
    c.err(`ping: ${target}: ${res.error}\n`);
    return 2;
  }
  let dst = res.ip;
  const numeric = o.numeric || res.numeric;
  let src: Ip4 | undefined;
  let oif: NetDevice | undefined;
  if (o.iface !== undefined) {
    const asAddr = resolveHost(ctx, c.fs, o.iface);
    if (asAddr.ok && asAddr.numeric) {
      src = asAddr.ip;
      if (!ns.isLocalAddress(src)) {
        c.err("ping: bind: Cannot assign requested address\n");
        return 2;
      }
    } else {
      oif = ns.byName(o.iface);
      if (!oif) {
        c.err(`ping: SO_BINDTODEVICE ${o.iface}: No such device\n`);
        return 2;
      }
    }
  }
  if (o.broadcast) c.err("WARNING: pinging broadcast address\n");
  // the connect() probe that picks the source address
  const probe = ns.stack.routeOutput(dst, { src, oif: oif?.ifindex });
  if (!probe.ok) {
    // iputils takes EACCES from connect() for a broadcast refused by SO_BROADCAST (prohibit routes too)
    if (probe.errno === Errno.EACCES)
      c.err("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n");
    else c.err(`ping: connect: ${STRERROR[probe.errno]}\n`);
    return 2;
  }
  if (!o.broadcast && (probe.rt.type === 3 || dst === 0xffffffff)) {
    c.err("ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n");
    return 2;
  }
  // setsockopt(IP_TTL) accepts 1…255 only
  if (o.ttl === 0) {
    c.err("ping: cannot set unicast time-to-live: Invalid argument\n");
    return 2;
  }
  const source = src ?? probe.rt.src;
  // ping4_run: pinging 0.0.0.0 pings the source the connect() probe picked
  if (dst === 0) dst = source;
  const name = (ip: number) => {
    if (numeric) return ip4Str(ip);
    const n = reverseHost(ctx, c.fs, ip);
    return n ? `${n} (${ip4Str(ip)})` : ip4Str(ip);
  };
  // a name is shown as getaddrinfo's canonical name (the first name of its /etc/hosts line)
  const hostname = res.ok && !res.numeric ? res.canonical : target;
  let header = `PING ${hostname} (${ip4Str(dst)}) `;
  if (oif || src !== undefined) header += `from ${ip4Str(source)} ${oif ? oif.name : ""}: `;
  header += `${o.size}(${o.size + 28}) bytes of data.\n`;
  c.out(header);

  const proc = ctx.machine.processes.get(c.pid);
  const ident = (c.pid * 2654435761) & 0xffff;
  const timing = o.size >= 16;
  const sent = new Map<number, number>();
  const recvd = new Set<number>();
  let ntransmitted = 0;
  let nreceived = 0;
  let nerrors = 0;
  let nrepeats = 0;
  let tmin = Infinity;
  let tmax = 0;
  let tsum = 0;
  let tsum2 = 0;
  const start = world.sched.now;
  let lastSend = start;
  let wake = false;

  // the most packets ever in flight when an answer came back ("pipe N" in the summary)
  let pipesize = 0;
  const acknowledge = (seq: number): void => {
    const diff = (ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff && diff + 1 > pipesize) pipesize = diff + 1;
  };

  let rttEwma = 0;
  const onIcmp = (ip: Ipv4Packet) => {
    const icmp = ip.payload as IcmpPacket;
    if (icmp.type === 0) {
      if (icmp.rest >>> 16 !== ident || (ip.dst !== source && !ns.isLocalAddress(ip.dst))) return;
      const seq = icmp.rest & 0xffff;
      const t0 = sent.get(seq);
      if (t0 === undefined) return;
      const dup = recvd.has(seq);
      recvd.add(seq);
      acknowledge(seq);
      const triptime = Math.max(1, Math.round((world.sched.now - t0) / NS_PER_US));
      if (dup) nrepeats++;
      else nreceived++;
      if (timing && !dup) {
        tsum += triptime;
        tsum2 += triptime * triptime;
        if (triptime < tmin) tmin = triptime;
        if (triptime > tmax) tmax = triptime;
      }
      // the smoothed RTT (×8) that the flood summary prints as ewma
      if (timing && !dup) rttEwma = rttEwma ? rttEwma + triptime - rttEwma / 8 : triptime * 8;
      if (o.flood) {
        if (!o.quiet) c.out("\b \b");
      } else if (!o.quiet) {
        let line = `${8 + icmp.data.length} bytes from ${name(ip.src)}: icmp_seq=${seq} ttl=${ip.ttl}`;
        if (timing) line += formatTime(triptime);
        if (dup) line += " (DUP!)";
        c.out(line + "\n");
      }
      wake = true;
      return;
    }
    if (icmp.type === 3 || icmp.type === 4 || icmp.type === 5 || icmp.type === 11 || icmp.type === 12) {
      const q = world.codec.quotedHeader(icmp.data);
      if (!q || q.dst !== dst || q.protocol !== IpProto.ICMP || q.payload.length < 8) return;
      const qt = q.payload[0];
      const qid = (q.payload[4] << 8) | q.payload[5];
      const qseq = (q.payload[6] << 8) | q.payload[7];
      if (qt !== 8 || qid !== ident) return;
      // errors come through the socket's error queue (counted, acknowledged); redirects and
      // source quench are only printed from the raw socket, with a colon after the address
      const isError = icmp.type !== 5 && icmp.type !== 4;
      if (isError) {
        nerrors++;
        acknowledge(qseq);
        if (o.flood) {
          if (!o.quiet) c.out("\bE");
        } else if (!o.quiet) c.out(`From ${name(ip.src)} icmp_seq=${qseq} ${icmpText(icmp, name)}\n`);
      } else if (!o.quiet) c.out(`From ${name(ip.src)}: icmp_seq=${qseq} ${icmpText(icmp, name)}\n`);
      wake = true;
    }
  };
  ns.stack.icmpListeners.add(onIcmp);
  if (proc) proc.onKill = () => ns.stack.icmpListeners.delete(onIcmp);

  const sendOne = (): void => {
    ntransmitted++;
    const seq = ntransmitted & 0xffff;
    // pinger → rcvd_clear: the duplicate table is indexed by seq mod 2^16, cleared on each send,
    // so the sequence number wrapping does not turn the next 65536 answers into duplicates
    recvd.delete(seq);
    if (o.flood && !o.quiet) c.out(".");
    const now = world.sched.now;
    lastSend = now;
    // raw_sendmsg refuses a datagram over 64 KiB outright (EMSGSIZE, nothing queued, nothing printed)
    if (o.size + 8 > 0xffff) {
      sent.set(seq, now);
      return;
    }
    const data = new Uint8Array(o.size);
    for (let i = 0; i < o.size; i++) data[i] = i & 0xff;
    if (timing) {
      const sec = Math.floor(now / NS_PER_S);
      const usec = Math.floor((now % NS_PER_S) / NS_PER_US);
      for (let i = 0; i < 8; i++) data[i] = i < 4 ? (sec >>> (8 * i)) & 0xff : 0;
      for (let i = 0; i < 8; i++) data[8 + i] = i < 4 ? (usec >>> (8 * i)) & 0xff : 0;
    }
    const r = ns.stack.routeOutput(dst, {
      src: src ?? (oif ? undefined : source),
      oif: oif?.ifindex,
      tos: o.tos,
    });
    if (!r.ok) {
      nerrors++;
      c.err(`ping: sendmsg: ${STRERROR[r.errno]}\n`);
      return;
    }
    const len = o.size + 28;
    const mtu = r.rt.mtu;
    const pmtu = o.pmtudisc ?? (ns.sysctl.int("net/ipv4/ip_no_pmtu_disc") ? "dont" : "want");
    const df = pmtu === "do" || pmtu === "probe" || (pmtu === "want" && len <= mtu);
    // ip_append_data: too big for one datagram, or DF and over the path MTU → a local error
    // in the error queue, reported with the path MTU
    if (len > 65535 || (df && len > mtu && pmtu !== "probe")) {
      nerrors++;
      sent.set(seq, now);
      if (!o.quiet) c.err(`ping: local error: message too long, mtu=${mtu}\n`);
      return;
    }
    const pkt: Ipv4Packet = {
      kind: "ipv4",
      tos: o.tos,
      id: df ? 0 : world.ipId(),
      df,
      mf: false,
      fragOffset: 0,
      ttl: o.ttl ?? ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
      protocol: IpProto.ICMP,
      src: r.rt.src,
      dst,
      payload: { kind: "icmp", type: 8, code: 0, rest: ((ident << 16) | seq) >>> 0, data },
    };
    sent.set(seq, now);
    const meta = { jid: world.newJid(), mark: 0 };
    ns.stack.trace(
      TraceKind.send,
      meta,
      `ping: ICMP echo request ${ip4Str(pkt.src)} → ${ip4Str(dst)} seq ${seq}`,
      { ip: pkt },
    );
    void ipv4TotalLength;
    const errno = ns.stack.sendLocal(pkt, r.rt, meta);
    if (errno === Errno.ENOBUFS) {
      // pinger: the device queue refused it. Retry the same probe after half an interval
      // (at most 500 ms) until the linger time is used up, then report a hard error.
      const noresMs = Math.min(500, Math.max(0, (o.interval * 1000) / 2));
      oomCount++;
      if (oomCount * noresMs < o.lingerMs) {
        ntransmitted--;
        sent.delete(seq);
        retryAfter = noresMs * NS_PER_MS;
        return;
      }
      c.err(`ping: sendmsg: ${STRERROR[errno]}\n`);
      return;
    }
    oomCount = 0;
  };
  let oomCount = 0;
  // set by sendOne when the probe must be retried sooner than the interval (-1: no)
  let retryAfter: number;

  // flood without -i: as fast as answers come back, but at least every 10 ms (MININTERVAL)
  const floodFast = !!o.flood && !o.intervalSet;
  const intervalNs = floodFast ? 10 * NS_PER_MS : Math.max(0, o.interval) * NS_PER_S;
  const deadlineAt = o.deadline ? start + o.deadline * NS_PER_S : Infinity;
  try {
    for (;;) {
      if (c.interrupted()) break;
      if (o.count && nreceived + nerrors >= o.count) break;
      if (o.deadline && nerrors) break;
      if (world.sched.now >= deadlineAt) break;
      // pinger: with a deadline, probes go on past the count until enough answers came back
      if (!o.count || ntransmitted < o.count || o.deadline) {
        retryAfter = -1;
        sendOne();
        // a local error or an immediate answer is visible at once
        const nextSend = lastSend + (retryAfter >= 0 ? retryAfter : intervalNs);
        let until = Math.min(nextSend, deadlineAt);
        if (o.count && ntransmitted >= o.count && !o.deadline) until = Math.min(deadlineAt, lingerUntil());
        wake = false;
        // flooding: the next probe goes as soon as the answer is in
        yield {
          until,
          cond: () =>
            c.interrupted() || (wake && ((!!o.count && nreceived + nerrors >= o.count) || floodFast)),
        };
        continue;
      }
      // everything sent: linger for the answers
      const until = Math.min(deadlineAt, lingerUntil());
      if (world.sched.now >= until) break;
      wake = false;
      yield { until, cond: () => c.interrupted() || nreceived + nerrors >= o.count };
      if (world.sched.now >= until) break;
    }
  } finally {
    ns.stack.icmpListeners.delete(onIcmp);
  }

  function lingerUntil(): number {
    let wait: number;
    if (nreceived) {
      wait = Math.max(2 * tmax * NS_PER_US, intervalNs);
    } else if (floodFast)
      wait = intervalNs; // flooding does not linger for lost probes
    else wait = Math.max(o.lingerMs, 1) * NS_PER_MS; // recvmsg still sees what already arrived
    return lastSend + wait;
  }

  const elapsedMs = Math.round((world.sched.now - start) / NS_PER_MS);
  let s = `\n--- ${hostname} ping statistics ---\n`;
  s += `${ntransmitted} packets transmitted, ${nreceived} received`;
  if (nrepeats) s += `, +${nrepeats} duplicates`;
  if (nerrors) s += `, +${nerrors} errors`;
  if (ntransmitted) {
    s += `, ${sprintf("%g", ((ntransmitted - nreceived) * 100) / ntransmitted)}% packet loss`;
    s += `, time ${elapsedMs}ms`;
  }
  s += "\n";
  if (nreceived && timing) {
    const n = nreceived;
    const avg = tsum / n;
    const mdev = Math.sqrt(Math.max(0, tsum2 / n - avg * avg));
    const f = (x: number) => sprintf("%d.%03d", Math.floor(x / 1000), Math.floor(x % 1000));
    s += `rtt min/avg/max/mdev = ${f(tmin)}/${f(Math.floor(avg))}/${f(tmax)}/${f(Math.floor(mdev))} ms`;
  }
  let comma = nreceived && timing ? ", " : "";
  if (pipesize > 1) {
    s += `${comma}pipe ${pipesize}`;
    comma = ", ";
  }
  if (nreceived && (!o.interval || o.flood) && ntransmitted > 1) {
    const ipg = Math.floor((world.sched.now - start) / NS_PER_US / (ntransmitted - 1));
    s += `${comma}ipg/ewma ${sprintf("%d.%03d/%d.%03d", Math.floor(ipg / 1000), ipg % 1000, Math.floor(rttEwma / 8000), Math.floor(rttEwma / 8) % 1000)} ms`;
  }
  s += "\n";
  c.out(s);
  return !nreceived || (o.deadline && nreceived < o.count) ? 1 : 0;
}

function formatTime(us: number): string {
  if (us >= 100000 - 50) return ` time=${Math.floor((us + 500) / 1000)} ms`;
  if (us >= 10000 - 5)
    return sprintf(" time=%d.%01d ms", Math.floor((us + 50) / 1000), Math.floor(((us + 50) % 1000) / 100));
  if (us >= 1000)
    return sprintf(" time=%d.%02d ms", Math.floor((us + 5) / 1000), Math.floor(((us + 5) % 1000) / 10));
  return sprintf(" time=%d.%03d ms", Math.floor(us / 1000), us % 1000);
}

/** pr_icmph */
function icmpText(icmp: IcmpPacket, name: (ip: number) => string): string {
  switch (icmp.type) {
    case 3: {
      const texts = [
        "Destination Net Unreachable",
        "Destination Host Unreachable",
        "Destination Protocol Unreachable",
        "Destination Port Unreachable",
        "",
        "Source Route Failed",
        "Destination Net Unknown",
        "Destination Host Unknown",
        "Source Host Isolated",
        "Destination Net Prohibited",
        "Destination Host Prohibited",
        "Destination Net Unreachable for Type of Service",
        "Destination Host Unreachable for Type of Service",
        "Packet filtered",
        "Precedence Violation",
        "Precedence Cutoff",
      ];
      if (icmp.code === 4) return `Frag needed and DF set (mtu = ${icmp.rest & 0xffff})`;
      return texts[icmp.code] ?? `Dest Unreachable, Bad Code: ${icmp.code}`;
    }
    case 4:
      return "Source Quench";
    case 5: {
      const t =
        [
          "Redirect Network",
          "Redirect Host",
          "Redirect Type of Service and Network",
          "Redirect Type of Service and Host",
        ][icmp.code] ?? `Redirect, Bad Code: ${icmp.code}`;
      return `${t}(New nexthop: ${name(icmp.rest >>> 0)})`;
    }
    case 11:
      return icmp.code === 0
        ? "Time to live exceeded"
        : icmp.code === 1
          ? "Frag reassembly time exceeded"
          : `Time exceeded, Bad Code: ${icmp.code}`;
    case 12:
      return `Parameter problem: pointer = ${icmp.rest >>> 24}`;
    default:
      return `Bad ICMP type: ${icmp.type}`;
  }
}

export { Errno };
