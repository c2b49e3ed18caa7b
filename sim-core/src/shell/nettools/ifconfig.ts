/**
 * net-tools 2.10 `ifconfig`: the interface list (names from /proc/net/dev plus the IPv4 labels
 * SIOCGIFCONF reports, sorted with nstrcmp; only UP ones without -a), the long block of
 * lib/interface.c ife_print_long (flags, inet with netmask/broadcast of the label's address,
 * inet6 from /proc/net/if_inet6, the hardware line, counters with KiB/MiB units; aliases have
 * no counters), the short table (-s), and configuring: an address (SIOCSIFADDR, classful mask,
 * then up), netmask, broadcast, pointopoint, up/down, mtu, hw ether, txqueuelen, arp, promisc,
 * allmulti, multicast, name — with ifconfig.c's messages and exit statuses.
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { sprintf } from "../../util/printf";
import { ip6ToString } from "../../wire/addr";
import { Errno, KernelError, Scope, STRERROR } from "../../kernel/types";
import type { NetDevice } from "../../kernel/device";
import {
  currentFlags,
  IFF_ALLMULTI,
  IFF_BROADCAST,
  IFF_LOOPBACK,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_POINTOPOINT,
  IFF_PROMISC,
  IFF_RUNNING,
  IFF_UP,
  rtnlNewlink,
  type LinkReq,
} from "../../kernel/rtnl-link";
import {
  devinetGet,
  siocgifconf,
  siocsifaddr,
  siocsifbrdaddr,
  siocsifdstaddr,
  siocsifflagsAlias,
  siocsifnetmask,
} from "../../kernel/ioctl";
import type { Cmd, CmdResult, Wait } from "../types";
import { HSTRERROR, inetResolve } from "./netdb";
import { HW_TYPES, inEther } from "./hw";

const IFF_DEBUG = 0x4;
const IFF_NOTRAILERS = 0x20;
const IFF_MASTER = 0x400;
const IFF_SLAVE = 0x800;

const FLAG_NAMES: [number, string][] = [
  [IFF_UP, "UP"],
  [IFF_BROADCAST, "BROADCAST"],
  [IFF_DEBUG, "DEBUG"],
  [IFF_LOOPBACK, "LOOPBACK"],
  [IFF_POINTOPOINT, "POINTOPOINT"],
  [IFF_NOTRAILERS, "NOTRAILERS"],
  [IFF_RUNNING, "RUNNING"],
  [IFF_NOARP, "NOARP"],
  [IFF_PROMISC, "PROMISC"],
  [IFF_ALLMULTI, "ALLMULTI"],
  [IFF_SLAVE, "SLAVE"],
  [IFF_MASTER, "MASTER"],
  [IFF_MULTICAST, "MULTICAST"],
];

const USAGE_HEAD =
  "Usage:\n" +
  "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n" +
  "  [add <address>[/<prefixlen>]]\n" +
  "  [del <address>[/<prefixlen>]]\n" +
  "  [[-]broadcast [<address>]]  [[-]pointopoint [<address>]]\n" +
  "  [netmask <address>]  [dstaddr <address>]  [tunnel <address>]\n" +
  "  [outfill <NN>] [keepalive <NN>]\n" +
  "  [hw <HW> <address>]  [mtu <NN>]\n" +
  "  [[-]trailers]  [[-]arp]  [[-]allmulti]\n" +
  "  [multicast]  [[-]promisc]\n" +
  "  [mem_start <NN>]  [io_addr <NN>]  [irq <NN>]  [media <type>]\n" +
  "  [txqueuelen <NN>]\n" +
  "  [name <newname>]\n" +
  "  [[-]dynamic]\n" +
  "  [up|down] ...\n\n" +
  "  <HW>=Hardware Type.\n" +
  "  List of possible hardware types:\n";
/** print_hwlist(0): written to stderr whatever stream the usage text goes to. */
const HW_LIST =
  "    loop (Local Loopback) slip (Serial Line IP) cslip (VJ Serial Line IP) \n" +
  "    slip6 (6-bit Serial Line IP) cslip6 (VJ 6-bit Serial Line IP) adaptive (Adaptive Serial Line IP) \n" +
  "    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n" +
  "    netrom (AMPR NET/ROM) rose (AMPR ROSE) tunnel (IPIP Tunnel) \n" +
  "    ppp (Point-to-Point Protocol) hdlc ((Cisco)-HDLC) lapb (LAPB) \n" +
  "    arcnet (ARCnet) dlci (Frame Relay DLCI) frad (Frame Relay Access Device) \n" +
  "    sit (IPv6-in-IPv4) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n" +
  "    irda (IrLAP) ec (Econet) x25 (generic X.25) \n" +
  "    eui64 (Generic EUI-64) \n";
const USAGE_MID = "  <AF>=Address family. Default: inet\n  List of possible address families:\n";
const AF_LIST =
  "    unix (UNIX Domain) inet (DARPA Internet) inet6 (IPv6) \n" +
  "    ax25 (AMPR AX.25) netrom (AMPR NET/ROM) rose (AMPR ROSE) \n" +
  "    ipx (Novell IPX) ddp (Appletalk DDP) ec (Econet) \n" +
  "    ash (Ash) x25 (CCITT X.25) \n";

/** nstrcmp: names compared with their numbers as numbers (eth2 < eth10), an alias after its device. */
export function nstrcmp(a: string, b: string): number {
  const split = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (/^\d/.test(p) && /^\d/.test(q)) {
      if (Number(p) !== Number(q)) return Number(p) - Number(q);
    } else if (p !== q) return p < q ? -1 : 1;
  }
  return x.length - y.length;
}

/** The interfaces ifconfig knows: /proc/net/dev names plus SIOCGIFCONF labels, sorted. */
export function interfaceNames(c: Cmd): string[] {
  const names = new Set<string>();
  for (const d of c.ctx.ns.listOrder()) names.add(d.name);
  for (const e of siocgifconf(c.ctx.ns)) names.add(e.name);
  return [...names].sort(nstrcmp);
}

interface Iface {
  name: string;
  dev: NetDevice;
  flags: number;
  stats: boolean;
  addr?: Ip4;
  mask?: Ip4;
  brd?: Ip4;
  dst?: Ip4;
}

/** if_fetch: SIOCGIFFLAGS & co (the device part of an alias name is what they look at). */
function fetch(c: Cmd, name: string): Iface | undefined {
  const ns = c.ctx.ns;
  const colon = name.indexOf(":");
  const dev = ns.byName(colon >= 0 ? name.slice(0, colon) : name);
  if (!dev) return undefined;
  const f: Iface = { name, dev, flags: currentFlags(dev) & 0xffff, stats: ns.byName(name) === dev };
  try {
    f.addr = devinetGet(ns, "SIOCGIFADDR", name);
    f.dst = devinetGet(ns, "SIOCGIFDSTADDR", name);
    f.brd = devinetGet(ns, "SIOCGIFBRDADDR", name);
    f.mask = devinetGet(ns, "SIOCGIFNETMASK", name);
  } catch (e) {
    if (!(e instanceof KernelError)) throw e;
  }
  return f;
}

function humanBytes(n: number): string {
  const units: [number, string][] = [
    [1125899906842624, "PiB"],
    [1099511627776, "TiB"],
    [1073741824, "GiB"],
    [1048576, "MiB"],
    [1024, "KiB"],
  ];
  let short = n * 10;
  let ext = "B";
  for (const [div, u] of units) {
    if (n > div) {
      short = Math.floor(short / div);
      ext = u;
      break;
    }
  }
  return `${Math.floor(short / 10)}.${short % 10} ${ext}`;
}

function scopeName(scope: number): [number, string] {
  if (scope === Scope.host) return [0x10, "host"];
  if (scope === Scope.link) return [0x20, "link"];
  if (scope === Scope.site) return [0x40, "site"];
  return [0, "global"];
}

/** ife_print_long */
export function printLong(f: Iface): string {
  const d = f.dev;
  let s = `${f.name}: flags=${f.flags}<`;
  s += f.flags
    ? FLAG_NAMES.filter(([b]) => f.flags & b)
        .map(([, n]) => n)
        .join(",")
    : "NO FLAGS";
  s += `>  mtu ${d.mtu}\n`;
  if (f.addr !== undefined) {
    s += `        inet ${ip4Str(f.addr)}  netmask ${ip4Str(f.mask ?? 0)}`;
    if (f.flags & IFF_BROADCAST) s += `  broadcast ${ip4Str(f.brd ?? 0)}`;
    if (f.flags & IFF_POINTOPOINT) s += `  destination ${ip4Str(f.dst ?? 0)}`;
    s += "\n";
  }
  if (f.stats) {
    for (const a of d.in6) {
      const [id, name] = scopeName(a.scope);
      s += `        inet6 ${ip6ToString(a.addr)}  prefixlen ${a.prefixLen}  scopeid 0x${id.toString(16)}<${name}>\n`;
    }
  }
  if (d.isLoopback()) s += "        loop";
  else s += `        ether ${d.mac}`;
  s += `  txqueuelen ${d.txqlen}  (${d.isLoopback() ? "Local Loopback" : "Ethernet"})\n`;
  if (f.stats) {
    const st = d.stats;
    s += `        RX packets ${st.rxPackets}  bytes ${st.rxBytes} (${humanBytes(st.rxBytes)})\n`;
    s += `        RX errors ${st.rxErrors}  dropped ${st.rxDropped}  overruns 0  frame 0\n`;
    s += `        TX packets ${st.txPackets}  bytes ${st.txBytes} (${humanBytes(st.txBytes)})\n`;
    s += `        TX errors ${st.txErrors}  dropped ${st.txDropped} overruns 0  carrier ${st.txCarrier}  collisions ${st.collisions}\n`;
  }
  return s + "\n";
}

export const SHORT_HEADER =
  "Iface      MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

/** ife_print_short */
export function printShort(f: Iface): string {
  const d = f.dev;
  let s = sprintf("%-15.15s %5d ", f.name, d.mtu);
  if (f.stats) {
    const st = d.stats;
    s += sprintf("%8d %6d %6d %-6d ", st.rxPackets, st.rxErrors, st.rxDropped, 0);
    s += sprintf("%8d %6d %6d %6d ", st.txPackets, st.txErrors, st.txDropped, 0);
  } else s += sprintf("%-56s", "     - no statistics available -");
  const fl = f.flags;
  if (!fl) s += "[NO FLAGS]";
  const letters: [number, string][] = [
    [IFF_ALLMULTI, "A"],
    [IFF_BROADCAST, "B"],
    [IFF_DEBUG, "D"],
    [IFF_LOOPBACK, "L"],
    [IFF_MULTICAST, "M"],
    [IFF_PROMISC, "P"],
    [IFF_NOTRAILERS, "N"],
    [IFF_NOARP, "O"],
    [IFF_POINTOPOINT, "P"],
    [IFF_SLAVE, "s"],
    [IFF_MASTER, "m"],
    [IFF_RUNNING, "R"],
    [IFF_UP, "U"],
  ];
  for (const [b, l] of letters) if (fl & b) s += l;
  return s + "\n";
}

export function fetchOrError(c: Cmd, name: string): Iface | undefined {
  const f = fetch(c, name);
  if (!f) c.err(`${name}: error fetching interface information: Device not found\n`);
  return f;
}

export function ifconfig(c: Cmd): CmdResult {
  return main(c);
}

class Exit {
  constructor(readonly code: number) {}
}

/** usage(rc): the text on stdout for --help (stderr otherwise); the two lists always on stderr. */
function usage(c: Cmd, code: number): never {
  if (code) c.err(USAGE_HEAD + HW_LIST + USAGE_MID + AF_LIST);
  else {
    c.err(HW_LIST + AF_LIST);
    c.out(USAGE_HEAD + USAGE_MID);
  }
  throw new Exit(code);
}

function* main(c: Cmd): Generator<Wait, number, void> {
  let all = false;
  let short = false;
  const args = c.argv.slice(1);
  try {
    while (args.length && args[0].startsWith("-")) {
      const a = args.shift()!;
      if (a === "-a") all = true;
      else if (a === "-s") short = true;
      else if (a === "-v") continue;
      else if (a === "-V" || a === "-version" || a === "--version") {
        c.out("net-tools 2.10\n");
        return 0;
      } else if (a === "-?" || a === "-h" || a === "-help" || a === "--help") usage(c, 0);
      else {
        c.err(`ifconfig: option \`${a}' not recognised.\nifconfig: \`--help' gives usage information.\n`);
        return 1;
      }
    }
    if (!args.length) {
      if (short) c.out(SHORT_HEADER);
      for (const n of interfaceNames(c)) {
        const f = fetch(c, n);
        if (!f) continue;
        if (f.flags & IFF_UP || all) c.out(short ? printShort(f) : printLong(f));
      }
      return 0;
    }
    const name = args.shift()!.slice(0, 15);
    if (!args.length) {
      if (short) c.out(SHORT_HEADER);
      const f = fetchOrError(c, name);
      if (!f) return 1;
      c.out(short ? printShort(f) : printLong(f));
      return 0;
    }
    return yield* configure(c, name, args);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

function errnoOf(e: unknown): number {
  if (e instanceof KernelError) return e.errno;
  throw e;
}

const AF_NUMBERS: Record<string, number> = {
  unix: 1,
  inet: 2,
  inet6: 10,
  ax25: 3,
  netrom: 6,
  rose: 11,
  ipx: 4,
  ddp: 5,
  ec: 19,
  ash: 18,
  x25: 9,
};

function* configure(c: Cmd, name: string, args: string[]): Generator<Wait, number, void> {
  const ns = c.ctx.ns;
  let goterr = 0;
  let didnetmask = false;
  let prefixMask = false;
  let family = 2;
  if (args[0] in AF_NUMBERS) family = AF_NUMBERS[args.shift()!];
  const devName = name.includes(":") ? name.slice(0, name.indexOf(":")) : name;
  /** set_flag / clr_flag: SIOCGIFFLAGS, then SIOCSIFFLAGS with some bits set or cleared. */
  const flag = (set: number, clear: number, target = name): number => {
    const dev = ns.byName(devName);
    if (!dev) {
      c.err(`${target}: ERROR while getting interface flags: No such device\n`);
      return -1;
    }
    const want = ((currentFlags(dev) & 0xffff) | set) & ~clear;
    try {
      if (target.includes(":")) siocsifflagsAlias(ns, target, (want & IFF_UP) !== 0);
      else
        setlink(c, dev, {
          change: IFF_UP | IFF_PROMISC | IFF_ALLMULTI | IFF_NOARP | IFF_MULTICAST,
          flags: want,
        });
    } catch (e) {
      c.err(`SIOCSIFFLAGS: ${STRERROR[errnoOf(e)]}\n`);
      return -1;
    }
    return 0;
  };
  const resolve = function* (host: string) {
    const r = yield* inetResolve(c, host);
    if (!r.ok) c.err(`${host}: ${HSTRERROR[r.herr]}\n`);
    return r;
  };
  /** An address argument (`10.0.0.1`, `10.0.0.1/24`, a host or network name) for `label`. */
  const setAddress = function* (
    label: string,
    arg: string,
    isAdd = false,
  ): Generator<Wait, number | undefined, void> {
    let host = arg;
    let mask: Ip4 | undefined;
    const slash = host.indexOf("/");
    if (slash >= 0) {
      const pfx = host.slice(slash + 1);
      host = host.slice(0, slash);
      if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(pfx)) usage(c, 3);
      if (didnetmask) usage(c, 3);
      const n = Number(pfx) & 31 || (Number(pfx) ? 32 : 0);
      mask = (n >= 32 ? 0xffffffff : n <= 0 ? 0 : (0xffffffff << (32 - n)) >>> 0) as Ip4;
    }
    if (family !== 2) {
      // what the oracle's net-tools answers for inet6 `add`; other families cannot set addresses
      c.err(
        family === 10 && isAdd
          ? "SIOCSIFADDR: Permission denied\n"
          : `Don't know how to set addresses for family ${family}.\n`,
      );
      return 1;
    }
    const r = yield* inetResolve(c, host);
    if (!r.ok) {
      c.err(`${host}: ${HSTRERROR[r.herr]}\n`);
      c.err("ifconfig: `--help' gives usage information.\n");
      return 1;
    }
    goterr |= ioctl(c, "SIOCSIFADDR", () => siocsifaddr(ns, label, r.ip));
    if (mask !== undefined) {
      goterr |= ioctl(c, "SIOCSIFNETMASK", () => siocsifnetmask(ns, label, mask));
      prefixMask = true;
    }
    // an alias set to 0.0.0.0 is gone: it is not brought up
    if (!(label.includes(":") && r.ip === 0)) goterr |= flag(IFF_UP | IFF_RUNNING, 0, label);
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string => {
      if (args[i + 1] === undefined) usage(c, 3);
      return args[++i];
    };
    switch (a) {
      case "arp":
        goterr |= flag(0, IFF_NOARP);
        continue;
      case "-arp":
        goterr |= flag(IFF_NOARP, 0);
        continue;
      case "trailers":
      case "-trailers":
      case "dynamic":
      case "-dynamic":
        // IFF_NOTRAILERS / IFF_DYNAMIC: flags nothing in the simulation looks at
        continue;
      case "promisc":
        goterr |= flag(IFF_PROMISC, 0);
        continue;
      case "-promisc":
        goterr |= flag(0, IFF_PROMISC);
        continue;
      case "multicast":
        goterr |= flag(IFF_MULTICAST, 0);
        continue;
      case "-multicast":
        goterr |= flag(0, IFF_MULTICAST);
        continue;
      case "allmulti":
        goterr |= flag(IFF_ALLMULTI, 0);
        continue;
      case "-allmulti":
        goterr |= flag(0, IFF_ALLMULTI);
        continue;
      case "up":
        goterr |= flag(IFF_UP | IFF_RUNNING, 0);
        continue;
      case "down":
        goterr |= flag(0, IFF_UP);
        continue;
      case "mtu": {
        const v = atoi(next());
        goterr |= ioctl(c, "SIOCSIFMTU", () =>
          withDev(c, devName, (dev) => setlink(c, dev, { mtu: v }, true)),
        );
        continue;
      }
      case "txqueuelen": {
        const v = atoi(next());
        goterr |= ioctl(c, "SIOCSIFTXQLEN", () =>
          withDev(c, devName, (dev) => {
            if (v < 0) throw new KernelError(Errno.EINVAL);
            dev.txqlen = v;
          }),
        );
        continue;
      }
      case "name": {
        const v = next();
        goterr |= ioctl(c, "SIOCSIFNAME", () =>
          withDev(c, devName, (dev) => setlink(c, dev, { ifname: v.slice(0, 15) }, true)),
        );
        continue;
      }
      case "netmask": {
        if (args[i + 1] === undefined || didnetmask) usage(c, 3);
        const v = args[++i];
        if (prefixMask) continue;
        let mask: Ip4;
        if (v === "default") mask = 0 as Ip4;
        else {
          const r = yield* resolve(v);
          if (!r.ok) {
            goterr = 1;
            continue;
          }
          mask = r.ip;
        }
        didnetmask = true;
        goterr |= ioctl(c, "SIOCSIFNETMASK", () => siocsifnetmask(ns, name, mask));
        continue;
      }
      case "broadcast": {
        if (args[i + 1] !== undefined) {
          const r = yield* resolve(args[++i]);
          if (!r.ok) {
            goterr = 1;
            continue;
          }
          goterr |= ioctl(c, "SIOCSIFBRDADDR", () => siocsifbrdaddr(ns, name, r.ip));
        }
        goterr |= flag(IFF_BROADCAST, 0);
        continue;
      }
      case "-broadcast": {
        goterr |= flag(0, IFF_BROADCAST);
        // IFF_BROADCAST is not a flag SIOCSIFFLAGS can change
        const dev = ns.byName(devName);
        if (dev && currentFlags(dev) & IFF_BROADCAST)
          c.out(`Warning: Interface ${name} still in BROADCAST mode.\n`);
        continue;
      }
      case "dstaddr":
      case "pointopoint": {
        if (args[i + 1] === undefined) {
          if (a === "dstaddr") usage(c, 3);
          goterr |= flag(IFF_POINTOPOINT, 0);
          continue;
        }
        const r = yield* resolve(args[++i]);
        if (!r.ok) {
          goterr = 1;
          continue;
        }
        goterr |= ioctl(c, "SIOCSIFDSTADDR", () => siocsifdstaddr(ns, name, r.ip));
        if (a === "pointopoint") goterr |= flag(IFF_POINTOPOINT, 0);
        continue;
      }
      case "-pointopoint":
        goterr |= flag(0, IFF_POINTOPOINT);
        continue;
      case "hw": {
        const type = next();
        if (
          !(type in HW_TYPES) &&
          !["cslip", "slip6", "cslip6", "adaptive", "hdlc", "lapb", "frad", "ec"].includes(type)
        )
          usage(c, 3);
        if (type === "loop") {
          c.err(`hw address type \`${type}' has no handler to set address. failed.\n`);
          i += 1;
          goterr = 1;
          continue;
        }
        const addr = next();
        if (type !== "ether") {
          c.err(`SIOCSIFHWADDR: ${STRERROR[Errno.EINVAL]}\n`);
          goterr = 1;
          continue;
        }
        const mac = inEther(addr);
        if (!mac) {
          c.err(`${addr}: invalid ether address.\n`);
          goterr = 1;
          continue;
        }
        const err = tryKernel(() =>
          withDev(c, devName, (dev) =>
            setlink(c, dev, { address: mac.split(":").map((h) => parseInt(h, 16)) }, true),
          ),
        );
        if (err) {
          if (err === Errno.EBUSY)
            c.err(`SIOCSIFHWADDR: ${STRERROR[err]} - you may need to down the interface\n`);
          else c.err(`SIOCSIFHWADDR: ${STRERROR[err]}\n`);
          goterr = 1;
        }
        continue;
      }
      case "add": {
        // inet: the address goes on the first free alias label (eth0:0, eth0:1, …)
        const v = next();
        const dev = ns.byName(devName);
        let label = `${devName}:0`;
        for (let n = 0; dev && dev.in4.some((x) => x.label === label); n++) label = `${devName}:${n + 1}`;
        const rc = yield* setAddress(label, v, true);
        if (rc !== undefined) return rc;
        continue;
      }
      case "del": {
        const v = next();
        const r = yield* resolve(v.split("/")[0]);
        if (!r.ok) {
          goterr = 1;
          continue;
        }
        const dev = ns.byName(devName);
        const ifa = dev?.in4.find((x) => x.local === r.ip && x.label.startsWith(devName + ":"));
        if (!ifa) {
          c.err(`SIOCSIFFLAGS: ${STRERROR[Errno.EADDRNOTAVAIL]}\n`);
          goterr = -1;
          continue;
        }
        goterr |= flag(0, IFF_UP, ifa.label);
        continue;
      }
      case "tunnel":
        c.err(`${next()}: Resolver Error 0 (no error)\n`);
        return 1;
      case "irq":
      case "mem_start":
      case "io_addr":
        next();
        c.err(`${a}: SIOCSIFMAP: ${STRERROR[Errno.EOPNOTSUPP]}\n`);
        goterr = 1;
        continue;
      case "outfill":
      case "keepalive":
        next();
        c.err(`SIOCS${a.toUpperCase()}: ${STRERROR[Errno.EOPNOTSUPP]}\n`);
        goterr = 1;
        continue;
      case "media": {
        // SIOCSIFMAP is not supported: the value is then taken as an address
        const rc = yield* setAddress(name, next());
        if (rc !== undefined) return rc;
        continue;
      }
    }
    const rc = yield* setAddress(name, a);
    if (rc !== undefined) return rc;
  }
  return goterr & 0xff;
}

function atoi(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? parseInt(m[1], 10) | 0 : 0;
}

function tryKernel(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (e) {
    return errnoOf(e);
  }
}

/** An ioctl whose failure is reported as `NAME: strerror` (perror or fprintf). */
function ioctl(c: Cmd, what: string, fn: () => void, _fprintf = false): number {
  const err = tryKernel(fn);
  if (!err) return 0;
  c.err(`${what}: ${STRERROR[err]}\n`);
  return 1;
}

function withDev(c: Cmd, name: string, fn: (dev: NetDevice) => void): void {
  const dev = c.ctx.ns.byName(name);
  if (!dev) throw new KernelError(Errno.ENODEV);
  fn(dev);
}

/** dev_ifsioc / dev_change_flags through the link layer (ioctls carry no extack: plain errno). */
function setlink(c: Cmd, dev: NetDevice, r: Partial<LinkReq>, mtu = false): void {
  const req: LinkReq = {
    create: false,
    excl: false,
    replace: false,
    ifindex: dev.ifindex,
    change: 0,
    flags: 0,
    ...r,
  };
  try {
    rtnlNewlink(c.ctx.ns, req);
  } catch (e) {
    if (e instanceof KernelError && mtu) throw new KernelError(e.errno);
    throw e;
  }
}
