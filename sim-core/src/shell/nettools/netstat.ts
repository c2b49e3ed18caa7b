/**
 * net-tools 2.10 `netstat`: sockets (TCP and UDP from /proc/net/tcp and /proc/net/udp, the UNIX
 * block's header; -t -u -w -x -l -a -n -e -p -o), the routing table (-r, shared with `route`, -e
 * switching the layout the other way round), the interface table (-i, -ie = ifconfig's long
 * blocks), -s (the SNMP counters, statistics.ts), and netstat.c's messages. -g (group memberships),
 * -M and the IPv6 tables are not modelled: they say so.
 */
import { ip4Str } from "../../util/inet";
import { socketsOf } from "../../sockets/table";
import { serviceName } from "../../sockets/services";
import type { Cmd, CmdResult, Wait } from "../types";
import { getoptLong, type LongOpt } from "./getopt";
import { RResolver } from "./netdb";
import { interfaceNames, fetchOrError, printLong, printShort, SHORT_HEADER } from "./ifconfig";
import { AF_NAMES, rprintCache, rprintFib } from "./route";
import { IFF_UP } from "../../kernel/rtnl-link";
import { printStatistics } from "./statistics";

const USAGE =
  "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n" +
  "       netstat [-vWnNcaeol] [<Socket> ...]\n" +
  "       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n\n" +
  "        -r, --route              display routing table\n" +
  "        -i, --interfaces         display interface table\n" +
  "        -g, --groups             display multicast group memberships\n" +
  "        -s, --statistics         display networking statistics (like SNMP)\n" +
  "        -M, --masquerade         display masqueraded connections\n\n" +
  "        -v, --verbose            be verbose\n" +
  "        -W, --wide               don't truncate IP addresses\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        --numeric-hosts          don't resolve host names\n" +
  "        --numeric-ports          don't resolve port names\n" +
  "        --numeric-users          don't resolve user names\n" +
  "        -N, --symbolic           resolve hardware names\n" +
  "        -e, --extend             display other/more information\n" +
  "        -p, --programs           display PID/Program name for sockets\n" +
  "        -o, --timers             display timers\n" +
  "        -c, --continuous         continuous listing\n\n" +
  "        -l, --listening          display listening server sockets\n" +
  "        -a, --all                display all sockets (default: connected)\n" +
  "        -F, --fib                display Forwarding Information Base (default)\n" +
  "        -C, --cache              display routing cache instead of FIB\n" +
  "        -Z, --context            display SELinux security context for sockets\n\n" +
  "  <Socket>={-t|--tcp} {-u|--udp} {-U|--udplite} {-S|--sctp} {-w|--raw}\n" +
  "           {-x|--unix} --ax25 --ipx --netrom\n" +
  "  <AF>=Use '-6|-4' or '-A <af>' or '--<af>'; default: inet\n" +
  "  List of possible address families (which support routing):\n";

const AF_LIST =
  "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n" +
  "    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

const VERSION =
  "net-tools 2.10\nFred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others\n" +
  "+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\n" +
  "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n" +
  "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n";

const TCP_STATES = [
  "",
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
];

const LONGOPTS: LongOpt[] = [
  { name: "inet", hasArg: 0, val: "\u0001inet" },
  { name: "inet6", hasArg: 0, val: "\u0001inet6" },
  { name: "ax25", hasArg: 0, val: "\u0001ax25" },
  { name: "netrom", hasArg: 0, val: "\u0001netrom" },
  { name: "ipx", hasArg: 0, val: "\u0001ipx" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "interfaces", hasArg: 0, val: "i" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "route", hasArg: 0, val: "r" },
  { name: "masquerade", hasArg: 0, val: "M" },
  { name: "protocol", hasArg: 1, val: "A" },
  { name: "tcp", hasArg: 0, val: "t" },
  { name: "sctp", hasArg: 0, val: "S" },
  { name: "udp", hasArg: 0, val: "u" },
  { name: "udplite", hasArg: 0, val: "U" },
  { name: "raw", hasArg: 0, val: "w" },
  { name: "unix", hasArg: 0, val: "x" },
  { name: "listening", hasArg: 0, val: "l" },
  { name: "all", hasArg: 0, val: "a" },
  { name: "timers", hasArg: 0, val: "o" },
  { name: "continuous", hasArg: 0, val: "c" },
  { name: "extend", hasArg: 0, val: "e" },
  { name: "programs", hasArg: 0, val: "p" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "statistics", hasArg: 0, val: "s" },
  { name: "wide", hasArg: 0, val: "W" },
  { name: "numeric", hasArg: 0, val: "n" },
  { name: "numeric-hosts", hasArg: 0, val: "\u0002host" },
  { name: "numeric-ports", hasArg: 0, val: "\u0002port" },
  { name: "numeric-users", hasArg: 0, val: "\u0002user" },
  { name: "symbolic", hasArg: 0, val: "N" },
  { name: "cache", hasArg: 0, val: "C" },
  { name: "fib", hasArg: 0, val: "F" },
  { name: "groups", hasArg: 0, val: "g" },
  { name: "context", hasArg: 0, val: "Z" },
];

interface Opts {
  all: boolean;
  lst: boolean;
  numHost: boolean;
  numPort: boolean;
  numUser: boolean;
  exp: number;
  prg: boolean;
  opt: boolean;
  wide: boolean;
}

export function netstat(c: Cmd): CmdResult {
  return main(c);
}

function usageErr(c: Cmd, msg?: string): number {
  c.err((msg ?? "") + USAGE + AF_LIST);
  return 3;
}

function* main(c: Cmd): Generator<Wait, number, void> {
  const p = getoptLong(c.argv, "A:CFMacdeghilnNoprsStuUvVWw2fx64?Z", LONGOPTS);
  const o: Opts = {
    all: false,
    lst: false,
    numHost: false,
    numPort: false,
    numUser: false,
    exp: 1,
    prg: false,
    opt: false,
    wide: false,
  };
  let route = false;
  let ifaces = false;
  let cache = false;
  let stats = false;
  let groups = false;
  let masq = false;
  let af = "";
  const socks = { t: false, u: false, w: false, x: false, U: false, S: false };
  for (const { opt, arg } of p.opts) {
    if (opt.startsWith("\u0001")) {
      af = opt.slice(1);
      continue;
    }
    if (opt.startsWith("\u0002")) {
      if (opt === "\u0002host") o.numHost = true;
      if (opt === "\u0002port") o.numPort = true;
      if (opt === "\u0002user") o.numUser = true;
      continue;
    }
    switch (opt) {
      case "A":
        if (!AF_NAMES.has(arg!)) {
          c.err(`Unknown address family \`${arg}'.\n`);
          return 1;
        }
        af = arg!;
        break;
      case "M":
        masq = true;
        break;
      case "a":
        o.all = true;
        break;
      case "c":
      case "v":
      case "N":
      case "F":
      case "Z":
      case "d":
      case "f":
      case "2":
        break;
      case "C":
        cache = true;
        break;
      case "e":
        o.exp++;
        break;
      case "g":
        groups = true;
        break;
      case "i":
        ifaces = true;
        break;
      case "W":
        o.wide = true;
        break;
      case "n":
        o.numHost = o.numPort = o.numUser = true;
        break;
      case "o":
        o.opt = true;
        break;
      case "6":
        af = "inet6";
        break;
      case "4":
        af = "inet";
        break;
      case "p":
        o.prg = true;
        break;
      case "r":
        route = true;
        break;
      case "s":
        stats = true;
        break;
      case "l":
        o.lst = true;
        break;
      case "t":
      case "u":
      case "w":
      case "x":
      case "U":
      case "S":
        socks[opt] = true;
        break;
      case "V":
        c.out(VERSION);
        return 0;
      case "h":
        c.err(AF_LIST);
        c.out(USAGE);
        return 0;
      default:
        return usageErr(c);
    }
  }
  if (p.error) return usageErr(c, p.error);
  if (+route + +ifaces + +masq + +stats > 1) return usageErr(c);
  if (masq) {
    c.err("netstat: no support for `ip_masquerade' on this system.\n");
    return 1;
  }
  if (stats) {
    // without -t/-u/-w/-S/-U every protocol's counters are shown
    const any = socks.t || socks.u || socks.w || socks.U || socks.S;
    const all = !any;
    return printStatistics(c, socks.x ? "unix" : af || "inet", {
      raw: all || socks.w,
      tcp: all || socks.t,
      udp: all || socks.u,
      sctp: all || socks.S,
    });
  }
  if (groups || af === "inet6") {
    c.err(
      `netstat: ${groups ? "-g (group memberships)" : "the IPv6 tables"} is not modelled by the simulator\n`,
    );
    return 1;
  }
  if (route) {
    // netstat swaps the meaning of one -e: plain -r shows MSS/Window/irtt
    const ext = o.exp === 2 ? 1 : o.exp === 1 ? 2 : Math.min(o.exp, 3);
    if (cache) return rprintCache(c, ext);
    return yield* rprintFib(c, ext, o.numHost);
  }
  if (ifaces) {
    if (o.exp < 2) {
      c.out("Kernel Interface table\n" + SHORT_HEADER);
      for (const n of interfaceNames(c)) {
        const f = fetchOrError(c, n);
        if (f && (f.flags & IFF_UP || o.all)) c.out(printShort(f));
      }
    } else {
      c.out("Kernel Interface table\n");
      for (const n of interfaceNames(c)) {
        const f = fetchOrError(c, n);
        if (f && (f.flags & IFF_UP || o.all)) c.out(printLong(f));
      }
    }
    return 0;
  }
  const any = socks.t || socks.u || socks.w || socks.x || socks.U || socks.S;
  const inet = !any || socks.t || socks.u || socks.w || socks.U || socks.S;
  if (inet && af !== "unix") {
    c.out(
      `Active Internet connections ${o.all ? "(servers and established)" : o.lst ? "(only servers)" : "(w/o servers)"}\n`,
    );
    let h = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
    if (o.exp > 1) h += " User       Inode     ";
    if (o.prg) h += " PID/Program name    ";
    if (o.opt) h += " Timer";
    c.out(h + "\n");
    const rr = new RResolver(c);
    if (!any || socks.t) yield* inetSockets(c, o, rr, "tcp");
    if (!any || socks.u) yield* inetSockets(c, o, rr, "udp");
  }
  if ((!any || socks.x) && (af === "" || af === "unix")) {
    c.out(
      `Active UNIX domain sockets ${o.all ? "(servers and established)" : o.lst ? "(only servers)" : "(w/o servers)"}\n`,
    );
    c.out(
      `Proto RefCnt Flags       Type       State         I-Node   ${o.prg ? "PID/Program name     " : ""}Path\n`,
    );
  }
  return 0;
}

function fromLe(hex: string): number {
  const v = parseInt(hex, 16) >>> 0;
  return (((v & 0xff) << 24) | (((v >>> 8) & 0xff) << 16) | (((v >>> 16) & 0xff) << 8) | (v >>> 24)) >>> 0;
}

/** tcp_do_one / udp_do_one over /proc/net/{tcp,udp}. */
function* inetSockets(c: Cmd, o: Opts, rr: RResolver, proto: "tcp" | "udp"): Generator<Wait, void, void> {
  const r = c.fs.read(c.ctx, `/proc/net/${proto}`);
  if (!r.ok) return;
  const table = socketsOf(c.ctx.ns);
  const owners = new Map<number, string>();
  for (const s of [...table.tcp, ...table.udp])
    if (s.owners.length) owners.set(s.inode, `${s.owners[0].pid}/${s.owners[0].comm}`);
  for (const line of r.value.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [la, lp] = f[1].split(":");
    const [ra, rp] = f[2].split(":");
    const local = fromLe(la);
    const localPort = parseInt(lp, 16);
    const rem = fromLe(ra);
    const remPort = parseInt(rp, 16);
    const state = parseInt(f[3], 16);
    const [txq, rxq] = f[4].split(":").map((x) => parseInt(x, 16));
    const uid = Number(f[7]);
    const inode = Number(f[9]);
    if (proto === "tcp") {
      const listening = state === 10;
      if (!o.all && ((o.lst && !listening) || (!o.lst && listening))) continue;
    } else {
      const connected = rem !== 0;
      if (!(o.all || (connected && !o.lst) || (!connected && o.lst))) continue;
    }
    const localText = yield* addrPort(rr, o, local, localPort, proto);
    const remText = yield* addrPort(rr, o, rem, remPort, proto);
    const stateText = proto === "tcp" ? (TCP_STATES[state] ?? "UNKNOWN") : state === 1 ? "ESTABLISHED" : "";
    const w = (s: string) => s.padEnd(Math.max(23, s.length));
    let out = `${proto.padEnd(4)}  ${String(rxq).padStart(6)} ${String(txq).padStart(6)} ${w(localText)} ${w(remText)} ${stateText.padEnd(11)}`;
    if (o.exp > 1)
      out += ` ${(o.numUser ? String(uid) : uid === 0 ? "root" : String(uid)).padEnd(10)} ${String(inode).padEnd(10)}`;
    if (o.prg) out += ` ${(owners.get(inode) ?? "-").padEnd(20)}`;
    if (o.opt) out += " off (0.00/0/0)";
    c.out(out + "\n");
  }
}

/** addr:port as netstat prints it, the address shortened so that the pair fits 22 columns (unless -W). */
function* addrPort(
  rr: RResolver,
  o: Opts,
  ip: number,
  port: number,
  proto: "tcp" | "udp",
): Generator<Wait, string, void> {
  let addr = ip === 0 ? "0.0.0.0" : o.numHost ? ip4Str(ip) : yield* rr.name(ip, 0x4000);
  const svc = port === 0 ? "*" : o.numPort ? String(port) : (serviceName(port, proto) ?? String(port));
  if (!o.wide && addr.length + svc.length > 22) addr = addr.slice(0, 22 - svc.length);
  return `${addr}:${svc}`;
}
