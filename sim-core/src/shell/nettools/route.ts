/**
 * net-tools 2.10 `route` (route.c, lib/inet_gr.c rprint_fib, lib/inet_sr.c INET_setroute): the
 * main table read from /proc/net/route in three layouts (plain, -e, -ee), names for networks
 * (/etc/networks), hosts and gateways (/etc/hosts, DNS) unless -n, `default` for 0.0.0.0; `add` /
 * `del` with -net/-host, /prefix, netmask, gw, metric, mss, window, irtt, reject, dev — turned
 * into an rtentry for SIOCADDRT/SIOCDELRT — and the tool's messages and odd exit statuses
 * (usage 3, lookup failure 6, ioctl failure 7, the bare usage 0). Also the IPv4 part of
 * `netstat -r`, which prints the same table.
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { sprintf } from "../../util/printf";
import { KernelError, STRERROR } from "../../kernel/types";
import {
  ipRtIoctl,
  RTF_DYNAMIC,
  RTF_GATEWAY,
  RTF_HOST,
  RTF_IRTT,
  RTF_MODIFIED,
  RTF_MTU,
  RTF_REINSTATE,
  RTF_REJECT,
  RTF_UP,
  RTF_WINDOW,
  type RtEntry,
} from "../../kernel/ioctl";
import type { Cmd, CmdResult, Wait } from "../types";
import { getoptLong, type LongOpt } from "./getopt";
import { HErr, HSTRERROR, inetResolve, RResolver } from "./netdb";

const ROUTE_USAGE =
  "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n" +
  "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n\n" +
  "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n" +
  "       route {-V|--version}                  Display version/author and exit.\n\n" +
  "        -v, --verbose            be verbose\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        -e, --extend             display other/more information\n" +
  "        -F, --fib                display Forwarding Information Base (default)\n" +
  "        -C, --cache              display routing cache instead of FIB\n\n" +
  "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n" +
  "  List of possible address families (which support routing):\n";

/** print_aflist(1): written to stderr. */
const AF_LIST_ROUTE =
  "    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n" +
  "    ddp (Appletalk DDP) x25 (CCITT X.25) \n";

const INET_USAGE =
  "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n" +
  "       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n" +
  "                              [netmask N] [mss Mss] [window W] [irtt I]\n" +
  "                              [mod] [dyn] [reinstate] [[dev] If]\n" +
  "       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n" +
  "       inet_route [-FC] flush      NOT supported\n";

export const ROUTE_VERSION =
  "net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n" +
  "AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n" +
  "HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n";

const E_OPTERR = 3;
const E_LOOKUP = 6;
const E_SOCK = 7;

/** The address families route/netstat know by name (lib/af.c). */
export const AF_NAMES = new Set([
  "inet",
  "inet6",
  "ax25",
  "netrom",
  "rose",
  "ipx",
  "ddp",
  "x25",
  "unix",
  "ec",
  "ash",
]);

const LONGOPTS: LongOpt[] = [
  { name: "inet", hasArg: 0, val: "\u0001inet" },
  { name: "inet6", hasArg: 0, val: "\u0001inet6" },
  { name: "ax25", hasArg: 0, val: "\u0001ax25" },
  { name: "netrom", hasArg: 0, val: "\u0001netrom" },
  { name: "rose", hasArg: 0, val: "\u0001rose" },
  { name: "ipx", hasArg: 0, val: "\u0001ipx" },
  { name: "ddp", hasArg: 0, val: "\u0001ddp" },
  { name: "x25", hasArg: 0, val: "\u0001x25" },
  { name: "extend", hasArg: 0, val: "e" },
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "numeric", hasArg: 0, val: "n" },
  { name: "symbolic", hasArg: 0, val: "N" },
  { name: "protocol", hasArg: 1, val: "A" },
  { name: "cache", hasArg: 0, val: "C" },
  { name: "fib", hasArg: 0, val: "F" },
  { name: "help", hasArg: 0, val: "h" },
];

interface ProcRoute {
  iface: string;
  dst: number;
  gw: number;
  flags: number;
  refcnt: number;
  use: number;
  metric: number;
  mask: number;
  mss: number;
  window: number;
  irtt: number;
}

/** A __be32 as /proc prints it (%08X of the little-endian value) back to an address. */
function fromLe(hex: string): number {
  const v = parseInt(hex, 16) >>> 0;
  return (((v & 0xff) << 24) | (((v >>> 8) & 0xff) << 16) | (((v >>> 16) & 0xff) << 8) | (v >>> 24)) >>> 0;
}

function readProcRoute(c: Cmd): ProcRoute[] | undefined {
  const r = c.fs.read(c.ctx, "/proc/net/route");
  if (!r.ok) return undefined;
  const out: ProcRoute[] = [];
  for (const line of r.value.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 11) continue;
    out.push({
      iface: f[0],
      dst: fromLe(f[1]),
      gw: fromLe(f[2]),
      flags: parseInt(f[3], 16),
      refcnt: Number(f[4]),
      use: Number(f[5]),
      metric: Number(f[6]),
      mask: fromLe(f[7]),
      mss: Number(f[8]),
      window: Number(f[9]),
      irtt: Number(f[10]),
    });
  }
  return out;
}

/** rprint_fib: ext 1 = Metric/Ref/Use, 2 = MSS/Window/irtt, 3 = both. */
export function* rprintFib(c: Cmd, ext: number, numeric: boolean): Generator<Wait, number, void> {
  const rows = readProcRoute(c);
  if (!rows) {
    c.err("/proc/net/route: No such file or directory\n");
    c.out("INET (IPv4) not configured in this system.\n");
    return 1;
  }
  c.out("Kernel IP routing table\n");
  if (ext === 1) c.out("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
  if (ext === 2) c.out("Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n");
  if (ext >= 3)
    c.out(
      "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
    );
  const rr = new RResolver(c);
  const num = numeric ? 4 : 0;
  for (const r of rows) {
    if (!(r.flags & RTF_UP)) continue;
    const net = (yield* rr.name(r.dst, num | 0x8000 | (r.flags & RTF_HOST ? 0x4000 : 0), r.mask)).slice(
      0,
      15,
    );
    const gate = (yield* rr.name(r.gw, num | 0x4000)).slice(0, 15);
    const mask = ip4Str(r.mask);
    let flags = "";
    if (r.flags & RTF_UP) flags += "U";
    if (r.flags & RTF_GATEWAY) flags += "G";
    if (r.flags & RTF_REJECT) flags = "!";
    if (r.flags & RTF_HOST) flags += "H";
    if (r.flags & RTF_REINSTATE) flags += "R";
    if (r.flags & RTF_DYNAMIC) flags += "D";
    if (r.flags & RTF_MODIFIED) flags += "M";
    const reject = (r.flags & RTF_REJECT) !== 0;
    if (ext === 1) {
      if (reject)
        c.out(sprintf("%-15s -               %-15s %-5s %-6d -  %7d -\n", net, mask, flags, r.metric, r.use));
      else
        c.out(
          sprintf(
            "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s\n",
            net,
            gate,
            mask,
            flags,
            r.metric,
            r.refcnt,
            r.use,
            r.iface,
          ),
        );
    }
    if (ext === 2) {
      if (reject) c.out(sprintf("%-15s -               %-15s %-5s     - -          - -\n", net, mask, flags));
      else
        c.out(
          sprintf(
            "%-15s %-15s %-15s %-5s %5d %-5d %6d %s\n",
            net,
            gate,
            mask,
            flags,
            r.mss,
            r.window,
            r.irtt,
            r.iface,
          ),
        );
    }
    if (ext >= 3) {
      if (reject)
        c.out(
          sprintf(
            "%-15s -               %-15s %-5s %-6d -  %7d -        -     -      -\n",
            net,
            mask,
            flags,
            r.metric,
            r.use,
          ),
        );
      else
        c.out(
          sprintf(
            "%-15s %-15s %-15s %-5s %-6d %-3d %6d %-6.6s   %-5d %-6d %d\n",
            net,
            gate,
            mask,
            flags,
            r.metric,
            r.refcnt,
            r.use,
            r.iface,
            r.mss,
            r.window,
            r.irtt,
          ),
        );
    }
  }
  return 0;
}

/** rprint_cache: the kernel has had no IPv4 routing cache since 3.6: only the headers. */
export function rprintCache(c: Cmd, ext: number): number {
  c.out("Kernel IP routing cache\n");
  if (ext === 1) c.out("Source          Destination     Gateway         Flags Metric Ref    Use Iface\n");
  if (ext === 2) c.out("Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n");
  if (ext >= 3)
    c.out(
      "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n",
    );
  return 0;
}

class Exit {
  constructor(readonly code: number) {}
}

function routeUsage(c: Cmd, code: number): never {
  if (code) c.err(ROUTE_USAGE + AF_LIST_ROUTE);
  else {
    c.err(AF_LIST_ROUTE);
    c.out(ROUTE_USAGE);
  }
  throw new Exit(code);
}

/** lib/inet_sr.c usage(): stdout for the bare `route add`, stderr otherwise; returns the status. */
function inetUsage(c: Cmd, code: number): number {
  if (code) c.err(INET_USAGE);
  else c.out(INET_USAGE);
  return code;
}

export function route(c: Cmd): CmdResult {
  return main(c);
}

function* main(c: Cmd): Generator<Wait, number, void> {
  // "getopts and -net wont work": -net and -host are renamed before option parsing
  const argv = c.argv.map((a, i) => (i && a === "-net" ? "#net" : i && a === "-host" ? "#host" : a));
  const p = getoptLong(argv, "A:eCFhnN64Vv?", LONGOPTS);
  let numeric = false;
  let ext = 1;
  let cache = false;
  let af = "inet";
  try {
    for (const { opt, arg } of p.opts) {
      if (opt.startsWith("\u0001")) {
        af = opt.slice(1);
        continue;
      }
      switch (opt) {
        case "n":
          numeric = true;
          break;
        case "N":
        case "v":
        case "F":
          break;
        case "e":
          ext++;
          break;
        case "C":
          cache = true;
          break;
        case "A":
          if (!AF_NAMES.has(arg!)) {
            c.err(`Unknown address family \`${arg}'.\n`);
            return 1;
          }
          af = arg!;
          break;
        case "6":
          af = "inet6";
          break;
        case "4":
          af = "inet";
          break;
        case "V":
          c.out(ROUTE_VERSION);
          return 0;
        default:
          routeUsage(c, 0);
      }
    }
    if (p.error) {
      c.err(p.error);
      routeUsage(c, 0);
    }
    if (af !== "inet") {
      c.err(`route: the ${af} routing table is not modelled by the simulator\n`);
      return 1;
    }
    const args = p.operands;
    if (!args.length)
      return cache ? rprintCache(c, Math.min(ext, 3)) : yield* rprintFib(c, Math.min(ext, 3), numeric);
    const cmd = args[0];
    let action: "add" | "del" | "flush";
    if (cmd === "add") action = "add";
    else if (cmd === "del" || cmd === "delete") action = "del";
    else if (cmd === "flush") action = "flush";
    else routeUsage(c, E_OPTERR);
    if (action === "flush") {
      c.err("Flushing `inet' routing table not supported\n");
      return inetUsage(c, E_OPTERR);
    }
    if (cache) {
      c.err("Modifying `inet' routing cache not supported\n");
      return inetUsage(c, E_OPTERR);
    }
    if (args.length < 2) return inetUsage(c, 0);
    return yield* setroute(c, action, args.slice(1));
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

function contiguousBad(mask: number): boolean {
  const inv = ~mask >>> 0;
  return (inv & (inv + 1)) >>> 0 !== 0;
}

/** INET_setroute */
function* setroute(c: Cmd, action: "add" | "del", argsIn: string[]): Generator<Wait, number, void> {
  const args = [...argsIn];
  let xflag = 0;
  if (args[0] === "#net") {
    xflag = 1;
    args.shift();
  } else if (args[0] === "#host") {
    xflag = 2;
    args.shift();
  }
  if (!args.length) return inetUsage(c, E_OPTERR);
  let target = args.shift()!;
  let netmaskText = "default";
  const rt: RtEntry = {
    dst: 0 as Ip4,
    gateway: 0 as Ip4,
    gatewaySet: false,
    genmask: 0 as Ip4,
    flags: 0,
    metric: 0,
    mtu: 0,
    window: 0,
    irtt: 0,
  };
  let maskSet = false;
  // the /prefix syntax (INET_getnetmask)
  const slash = target.indexOf("/");
  if (slash >= 0) {
    const pfx = target.slice(slash + 1);
    target = target.slice(0, slash);
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(pfx)) return inetUsage(c, E_OPTERR);
    const n = Number(pfx);
    netmaskText = `/${n}`;
    // htonl(~(0xffffffffU >> prefix)), with the shift count taken mod 32 as x86 does
    rt.genmask = (~(0xffffffff >>> (n % 32)) >>> 0) as Ip4;
    maskSet = true;
  }
  const t = yield* inetResolve(c, target, xflag === 2);
  if (!t.ok) {
    c.err(`${target}: ${HSTRERROR[xflag === 2 ? HErr.HOST_NOT_FOUND : t.herr]}\n`);
    return E_LOOKUP;
  }
  rt.dst = t.ip;
  let isnet = t.net;
  if (xflag === 1) isnet = true;
  if (xflag === 2) isnet = false;
  rt.flags = RTF_UP | RTF_HOST;
  if (isnet) rt.flags &= ~RTF_HOST;
  while (args.length) {
    const a = args.shift()!;
    if (a === "metric") {
      const v = args.shift();
      if (v === undefined || !/^\d/.test(v)) return inetUsage(c, E_OPTERR);
      rt.metric = parseInt(v, 10) + 1;
      continue;
    }
    if (a === "netmask") {
      const v = args.shift();
      if (v === undefined || maskSet) return inetUsage(c, E_OPTERR);
      netmaskText = v;
      const m = yield* inetResolve(c, v);
      if (!m.ok) {
        c.err(`${v}: ${HSTRERROR[m.herr]}\n`);
        return E_LOOKUP;
      }
      rt.genmask = m.ip;
      maskSet = true;
      continue;
    }
    if (a === "gw" || a === "gateway") {
      const v = args.shift();
      if (v === undefined || rt.flags & RTF_GATEWAY) return inetUsage(c, E_OPTERR);
      const g = yield* inetResolve(c, v, true);
      if (!g.ok) {
        // getnetbyname ran after the host lookup and left h_errno at HOST_NOT_FOUND
        c.err(`${v}: ${HSTRERROR[HErr.HOST_NOT_FOUND]}\n`);
        return E_LOOKUP;
      }
      if (g.net) {
        c.err(`route: ${v}: cannot use a NETWORK as gateway!\n`);
        return inetUsage(c, E_OPTERR);
      }
      rt.gateway = g.ip;
      rt.gatewaySet = true;
      rt.flags |= RTF_GATEWAY;
      continue;
    }
    if (a === "mss" || a === "mtu") {
      const v = args.shift();
      rt.flags |= RTF_MTU;
      if (v === undefined) return inetUsage(c, E_OPTERR);
      rt.mtu = atoi(v);
      if (rt.mtu < 64 || rt.mtu > 65536) {
        c.err("route: Invalid MSS/MTU.\n");
        return inetUsage(c, E_OPTERR);
      }
      continue;
    }
    if (a === "window") {
      const v = args.shift();
      if (v === undefined) return inetUsage(c, E_OPTERR);
      rt.flags |= RTF_WINDOW;
      rt.window = atoi(v);
      if (rt.window < 128) {
        c.err("route: Invalid window.\n");
        return inetUsage(c, E_OPTERR);
      }
      continue;
    }
    if (a === "irtt") {
      const v = args.shift();
      if (v === undefined) return inetUsage(c, E_OPTERR);
      rt.flags |= RTF_IRTT;
      rt.irtt = atoi(v);
      continue;
    }
    if (a === "reject") {
      rt.flags |= RTF_REJECT;
      continue;
    }
    if (a === "mod") {
      rt.flags |= RTF_MODIFIED;
      continue;
    }
    if (a === "dyn") {
      rt.flags |= RTF_DYNAMIC;
      continue;
    }
    if (a === "reinstate") {
      rt.flags |= RTF_REINSTATE;
      continue;
    }
    if (a === "device" || a === "dev") {
      const v = args.shift();
      if (rt.dev !== undefined || v === undefined) return inetUsage(c, E_OPTERR);
      rt.dev = v;
      continue;
    }
    // nothing matches: the device name, which must come last
    if (rt.dev === undefined) {
      rt.dev = a;
      if (args.length) return inetUsage(c, E_OPTERR);
    } else return inetUsage(c, E_OPTERR);
  }
  if (rt.flags & RTF_REJECT && rt.dev === undefined) rt.dev = "lo";
  if (rt.genmask) {
    const mask = ~rt.genmask >>> 0;
    if (rt.flags & RTF_HOST && mask !== 0xffffffff) {
      c.err(sprintf("route: netmask %.8x doesn't make sense with host route\n", mask));
      return inetUsage(c, E_OPTERR);
    }
    if (contiguousBad(rt.genmask)) {
      c.err(`route: bogus netmask ${netmaskText}\n`);
      return inetUsage(c, E_OPTERR);
    }
    if ((rt.dst & ~rt.genmask) >>> 0) {
      c.err("route: netmask doesn't match route address\n");
      return inetUsage(c, E_OPTERR);
    }
  }
  if (action === "add" && rt.flags & RTF_HOST) rt.genmask = 0xffffffff as Ip4;
  const cmd = action === "del" ? "SIOCDELRT" : "SIOCADDRT";
  try {
    ipRtIoctl(c.ctx.ns, cmd, rt);
  } catch (e) {
    if (e instanceof KernelError) {
      c.err(`${cmd}: ${STRERROR[e.errno]}\n`);
      return E_SOCK;
    }
    throw e;
  }
  return 0;
}

function atoi(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? parseInt(m[1], 10) | 0 : 0;
}
