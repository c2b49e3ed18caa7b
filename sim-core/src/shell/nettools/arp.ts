/**
 * net-tools 2.10 `arp`: the table read from /proc/net/arp in the Linux (-e, default) and BSD
 * (-a) styles, names through /etc/hosts and DNS (unless -n), the -i/-H filters; -s/-Ds (SIOCSARP:
 * permanent, `temp` = STALE, `pub` = a proxy entry), -d (SIOCDARP, private then published),
 * -f (/etc/ethers), and the messages and exit statuses of arp.c (usage exits 3, failures -1 = 255).
 */
import type { Ip4, Mac } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { sprintf } from "../../util/printf";
import { KernelError, STRERROR } from "../../kernel/types";
import {
  ATF_COM,
  ATF_DONTPUB,
  ATF_NETMASK,
  ATF_PERM,
  ATF_PUBL,
  devType,
  siocdarp,
  siocsarp,
  type ArpReq,
} from "../../kernel/ioctl";
import type { Cmd, CmdResult, Wait } from "../types";
import { getoptLong, type LongOpt } from "./getopt";
import { HSTRERROR, inetResolve, RResolver } from "./netdb";
import { HW_LIST_ARP, HW_TYPES, inEther } from "./hw";
import { inetAton } from "../resolve";

const ATF_USETRAILERS = 0x10;
const ATF_MAGIC = 0x80;

const USAGE =
  "Usage:\n" +
  "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n" +
  "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n" +
  "  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n" +
  "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n" +
  "  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n\n" +
  "        -a                       display (all) hosts in alternative (BSD) style\n" +
  "        -e                       display (all) hosts in default (Linux) style\n" +
  "        -s, --set                set a new ARP entry\n" +
  "        -d, --delete             delete a specified entry\n" +
  "        -v, --verbose            be verbose\n" +
  "        -n, --numeric            don't resolve names\n" +
  "        -i, --device             specify network interface (e.g. eth0)\n" +
  "        -D, --use-device         read <hwaddr> from given device\n" +
  "        -A, -p, --protocol       specify protocol family\n" +
  "        -f, --file               read new entries from file or from /etc/ethers\n\n" +
  "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n" +
  "  List of possible hardware types (which support ARP):\n" +
  HW_LIST_ARP;

export const NETTOOLS_VERSION =
  "net-tools 2.10\n+I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\n" +
  "HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n";

const LONGOPTS: LongOpt[] = [
  { name: "verbose", hasArg: 0, val: "v" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "all", hasArg: 0, val: "a" },
  { name: "delete", hasArg: 0, val: "d" },
  { name: "file", hasArg: 0, val: "f" },
  { name: "numeric", hasArg: 0, val: "n" },
  { name: "set", hasArg: 0, val: "s" },
  { name: "protocol", hasArg: 1, val: "A" },
  { name: "hw-type", hasArg: 1, val: "H" },
  { name: "device", hasArg: 1, val: "i" },
  { name: "help", hasArg: 0, val: "h" },
  { name: "use-device", hasArg: 0, val: "D" },
  { name: "symbolic", hasArg: 0, val: "N" },
];

/** Known address families (lib/af.c) — only inet works for arp. */
const AF_NAMES = new Set([
  "unix",
  "local",
  "inet",
  "inet6",
  "ipx",
  "ax25",
  "netrom",
  "x25",
  "ddp",
  "ec",
  "rose",
]);

class Usage {
  constructor(readonly code: number) {}
}

interface ArpState {
  c: Cmd;
  numeric: boolean;
  verbose: boolean;
  useDevice: boolean;
  linuxStyle: boolean;
  all: boolean;
  hwSet: boolean;
  hwType: number;
  device: string;
}

function usage(c: Cmd): never {
  c.err(USAGE);
  throw new Usage(3);
}

export function arp(c: Cmd): CmdResult {
  return main(c);
}

function* main(c: Cmd): Generator<Wait, number, void> {
  const p = getoptLong(c.argv, "A:H:adfp:nsei:t:vh?DNV", LONGOPTS);
  const st: ArpState = {
    c,
    numeric: false,
    verbose: false,
    useDevice: false,
    linuxStyle: false,
    all: false,
    hwSet: false,
    hwType: 1,
    device: "",
  };
  let what = 0;
  try {
    for (const { opt, arg } of p.opts) {
      switch (opt) {
        case "a":
          what = 1;
          st.all = true;
          break;
        case "f":
          what = 2;
          break;
        case "d":
          what = 3;
          break;
        case "s":
          what = 4;
          break;
        case "e":
          st.linuxStyle = true;
          break;
        case "n":
          st.numeric = true;
          break;
        case "D":
          st.useDevice = true;
          break;
        case "N":
          c.err("arp: -N not yet supported.\n");
          break;
        case "v":
          st.verbose = true;
          break;
        case "A":
        case "p":
          if (!AF_NAMES.has(arg!)) {
            c.err(`arp: ${arg}: unknown address family.\n`);
            return 255;
          }
          if (arg !== "inet") {
            c.err(`arp: ${arg}: kernel only supports 'inet'.\n`);
            return 255;
          }
          break;
        case "H":
        case "t":
          if (!(arg! in HW_TYPES)) {
            c.err(`arp: ${arg}: unknown hardware type.\n`);
            return 255;
          }
          st.hwType = HW_TYPES[arg!];
          st.hwSet = true;
          break;
        case "i":
          st.device = arg!.slice(0, 15);
          break;
        case "V":
          c.err(NETTOOLS_VERSION);
          return 0;
        default:
          usage(c);
      }
    }
    if (p.error) {
      c.err(p.error);
      usage(c);
    }
    const args = p.operands;
    let r: number;
    switch (what) {
      case 0:
        st.linuxStyle = true;
        r = yield* show(st, args[0]);
        break;
      case 1:
        r = yield* show(st, args[0]);
        break;
      case 2:
        r = yield* file(st, args[0] ?? "/etc/ethers");
        break;
      case 3:
        r = yield* del(st, args);
        break;
      default:
        r = yield* set(st, args);
        break;
    }
    return r & 0xff;
  } catch (e) {
    if (e instanceof Usage) return e.code;
    throw e;
  }
}

function* resolveArg(st: ArpState, host: string): Generator<Wait, Ip4 | undefined, void> {
  const r = yield* inetResolve(st.c, host);
  if (!r.ok) {
    st.c.err(`${host}: ${HSTRERROR[r.herr]}\n`);
    return undefined;
  }
  return r.ip;
}

interface ProcArp {
  ip: string;
  type: number;
  flags: number;
  hwa: string;
  mask: string;
  dev: string;
}

function readProcArp(st: ArpState): ProcArp[] | undefined {
  const r = st.c.fs.read(st.c.ctx, "/proc/net/arp");
  if (!r.ok) {
    st.c.err(`/proc/net/arp: ${STRERROR[r.errno]}\n`);
    return undefined;
  }
  const out: ProcArp[] = [];
  for (const line of r.value.split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) break;
    out.push({
      ip: f[0],
      type: parseInt(f[1], 16),
      flags: parseInt(f[2], 16),
      hwa: f[3],
      mask: f[4] ?? "-",
      dev: f[5] ?? "-",
    });
  }
  return out;
}

/** arp_show */
function* show(st: ArpState, name: string | undefined): Generator<Wait, number, void> {
  const c = st.c;
  let host = "";
  if (name !== undefined) {
    const ip = yield* resolveArg(st, name);
    if (ip === undefined) return -1;
    host = ip4Str(ip);
  }
  const rows = readProcArp(st);
  if (!rows) return -1;
  const rr = new RResolver(c);
  let title = false;
  let entries = 0;
  let showed = 0;
  for (const e of rows) {
    entries++;
    if (st.hwSet && e.type !== st.hwType) continue;
    if (host && e.ip !== host) continue;
    if (st.device && e.dev !== st.device) continue;
    showed++;
    let hostname: string;
    if (st.numeric) hostname = "?";
    else {
      const ip = inetAton(e.ip);
      hostname = ip === undefined ? e.ip : yield* rr.name(ip, 0x8000);
      if (hostname === e.ip) hostname = "?";
    }
    if (st.linuxStyle) {
      if (!title) {
        c.out("Address                  HWtype  HWaddress           Flags Mask            Iface\n");
        title = true;
      }
      c.out(disp2(hostname === "?" ? e.ip : hostname, e));
    } else c.out(disp(hostname, e));
  }
  if (st.verbose) c.out(`Entries: ${entries}\tSkipped: ${entries - showed}\tFound: ${showed}\n`);
  if (!showed) {
    if (host && !st.all) c.out(`${name} (${host}) -- no entry\n`);
    else if (st.hwSet || host || st.device) c.out(`arp: in ${entries} entries no match found.\n`);
  }
  return 0;
}

function flagLetters(f: number): string {
  let s = "";
  if (f & ATF_COM) s += "C";
  if (f & ATF_PERM) s += "M";
  if (f & ATF_PUBL) s += "P";
  if (f & ATF_MAGIC) s += "A";
  if (f & ATF_DONTPUB) s += "!";
  if (f & ATF_USETRAILERS) s += "T";
  return s;
}

function hwName(type: number): string {
  for (const [n, t] of Object.entries(HW_TYPES)) if (t === type && n !== "ash") return n;
  return "ether";
}

/** arp_disp_2: the Linux-style line. */
function disp2(name: string, e: ProcArp): string {
  const mask = e.flags & ATF_NETMASK ? e.mask : "";
  let s = sprintf("%-23.23s  ", name);
  if (!(e.flags & ATF_COM))
    s +=
      e.flags & ATF_PUBL
        ? sprintf("%-8.8s%-20.20s", "*", "<from_interface>")
        : sprintf("%-8.8s%-20.20s", "", "(incomplete)");
  else s += sprintf("%-8.8s%-20.20s", hwName(e.type), e.hwa);
  return s + sprintf("%-6.6s%-15.15s %s\n", flagLetters(e.flags), mask, e.dev);
}

/** arp_disp: the BSD-style line. */
function disp(name: string, e: ProcArp): string {
  let s = `${name} (${e.ip}) at `;
  if (!(e.flags & ATF_COM)) s += e.flags & ATF_PUBL ? "<from_interface> " : "<incomplete> ";
  else s += `${e.hwa} [${hwName(e.type)}] `;
  if (e.flags & ATF_NETMASK) s += `netmask ${e.mask} `;
  if (e.flags & ATF_PERM) s += "PERM ";
  if (e.flags & ATF_PUBL) s += "PUB ";
  if (e.flags & ATF_MAGIC) s += "AUTO ";
  if (e.flags & ATF_DONTPUB) s += "DONTPUB ";
  if (e.flags & ATF_USETRAILERS) s += "TRAIL ";
  return s + `on ${e.dev}\n`;
}

function kernelCall(st: ArpState, fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof KernelError) return e.errno;
    throw e;
  }
}

/** Parses the modifiers after the addresses (temp, pub, priv, trail, dontpub, auto, dev X, netmask X). */
function* modifiers(
  st: ArpState,
  args: string[],
  req: ArpReq,
  forDelete: boolean,
): Generator<Wait, { ok: boolean; pubFlags: number }, void> {
  let pubFlags = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (st.verbose && forDelete) st.c.err(`args=${a}\n`);
    switch (a) {
      case "temp":
        req.flags &= ~ATF_PERM;
        break;
      case "pub":
        if (forDelete) pubFlags |= 1;
        else req.flags |= ATF_PUBL;
        break;
      case "priv":
        if (forDelete) pubFlags |= 2;
        else req.flags &= ~ATF_PUBL;
        break;
      case "trail":
        req.flags |= ATF_USETRAILERS;
        break;
      case "dontpub":
        req.flags |= ATF_DONTPUB;
        break;
      case "auto":
        req.flags |= ATF_MAGIC;
        break;
      case "dev":
        if (args[++i] === undefined) usage(st.c);
        st.device = args[i].slice(0, 15);
        break;
      case "netmask": {
        if (args[++i] === undefined) usage(st.c);
        if (args[i] !== "255.255.255.255") {
          const m = yield* resolveArg(st, args[i]);
          if (m === undefined) return { ok: false, pubFlags };
          req.netmask = m;
          req.flags |= ATF_NETMASK;
        }
        break;
      }
      default:
        usage(st.c);
    }
  }
  return { ok: true, pubFlags };
}

/** arp_set */
function* set(st: ArpState, args: string[]): Generator<Wait, number, void> {
  const c = st.c;
  if (!args.length) {
    c.err("arp: need host name\n");
    return -1;
  }
  const ip = yield* resolveArg(st, args[0]);
  if (ip === undefined) return -1;
  if (args.length < 2) {
    c.err("arp: need hardware address\n");
    return -1;
  }
  const req: ArpReq = {
    ip,
    haFamily: 0,
    ha: "00:00:00:00:00:00" as Mac,
    flags: ATF_PERM | ATF_COM,
    netmask: 0 as Ip4,
    dev: "",
  };
  if (st.useDevice) {
    const d = c.ctx.ns.byName(args[1]);
    if (!d) {
      c.err(`arp: cant get HW-Address for \`${args[1]}': No such device.\n`);
      return -1;
    }
    if (st.hwSet && devType(d) !== st.hwType) {
      c.err("arp: protocol type mismatch.\n");
      return -1;
    }
    req.haFamily = devType(d);
    req.ha = d.mac;
    if (st.verbose) c.err(`arp: device \`${d.name}' has HW address ${hwName(devType(d))} \`${d.mac}'.\n`);
  } else {
    const m = inEther(args[1]);
    if (!m) {
      c.err("arp: invalid hardware address\n");
      return -1;
    }
    req.haFamily = st.hwType;
    req.ha = m;
  }
  const mods = yield* modifiers(st, args.slice(2), req, false);
  if (!mods.ok) return -1;
  req.dev = st.device;
  if (st.verbose) c.err("arp: SIOCSARP()\n");
  const err = kernelCall(st, () => siocsarp(c.ctx.ns, req));
  if (err) {
    c.err(`SIOCSARP: ${STRERROR[err]}\n`);
    return -1;
  }
  return 0;
}

/** arp_del */
function* del(st: ArpState, args: string[]): Generator<Wait, number, void> {
  const c = st.c;
  if (!args.length) {
    c.err("arp: need host name\n");
    return -1;
  }
  const host = args[0];
  const ip = yield* resolveArg(st, host);
  if (ip === undefined) return -1;
  const req: ArpReq = {
    ip,
    haFamily: st.hwSet ? st.hwType : 0,
    ha: "00:00:00:00:00:00" as Mac,
    flags: ATF_PERM,
    netmask: 0 as Ip4,
    dev: "",
  };
  const mods = yield* modifiers(st, args.slice(1), req, true);
  if (!mods.ok) return -1;
  const flags = mods.pubFlags || 3;
  req.dev = st.device;
  let deleted = false;
  if (flags & 2) {
    if (st.verbose) c.err("arp: SIOCDARP(dontpub)\n");
    const err = kernelCall(st, () => siocdarp(c.ctx.ns, { ...req }));
    if (err) {
      if (err === 6 || err === 2) {
        if (!(flags & 1)) {
          c.out(`No ARP entry for ${host}\n`);
          return -1;
        }
      } else {
        c.err(`SIOCDARP(dontpub): ${STRERROR[err]}\n`);
        return -1;
      }
    } else deleted = true;
  }
  if (!deleted && flags & 1) {
    req.flags |= ATF_PUBL;
    if (st.verbose) c.err("arp: SIOCDARP(pub)\n");
    const err = kernelCall(st, () => siocdarp(c.ctx.ns, req));
    if (err) {
      if (err === 6 || err === 2) {
        c.out(`No ARP entry for ${host}\n`);
        return -1;
      }
      c.err(`SIOCDARP(pub): ${STRERROR[err]}\n`);
      return -1;
    }
  }
  return 0;
}

/** arp_file: /etc/ethers lines `host hwaddr [flags]` (or `hwaddr host`). */
function* file(st: ArpState, name: string): Generator<Wait, number, void> {
  const c = st.c;
  const r = c.fs.read(c.ctx, name);
  if (!r.ok) {
    c.err(`arp: cannot open etherfile ${name} !\n`);
    return -1;
  }
  const lines = r.value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let nr = 0;
  for (const raw of lines) {
    nr++;
    if (st.verbose) c.err(`>> ${raw}\n`);
    if (raw.startsWith("#") || raw === "") continue;
    const args = raw.trim().split(/\s+/).filter(Boolean);
    if (args.length < 2) {
      c.err(`arp: format error on line ${nr} of etherfile ${name} !\n`);
      continue;
    }
    if (args[0].includes(":")) [args[0], args[1]] = [args[1], args[0]];
    const rc = yield* set(st, args);
    if (rc !== 0) c.err(`arp: cannot set entry on line ${nr} of etherfile ${name} !\n`);
  }
  return 0;
}
