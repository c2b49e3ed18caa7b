/**
 * The `bridge` command (iproute2 bridge/): `bridge link show` (with the quirk that a port's
 * IFLA_LINK is resolved by index in the current namespace), `bridge fdb add|append|replace|del|
 * show`, `bridge vlan show`. bridge's main returns the object's value directly, so an error
 * that returns -1 exits with 255.
 */
import type { Ip4, Mac } from "../../util/brand";
import { stpSetPathCost, stpSetPortPriority } from "../../kernel/bridge-stp";
import { Errno, KernelError, Nud, PORT_STATE_NAMES } from "../../kernel/types";
import {
  NTF_MASTER,
  NTF_SELF,
  rtnlFdbAdd,
  rtnlFdbDel,
  rtnlFdbDump,
  type FdbReq,
  type FdbRow,
} from "../../kernel/rtnl-fdb";
import type { NetDevice } from "../../kernel/device";
import { NicDevice, VethDevice } from "../../kernel/device";
import { BridgeDevice } from "../../kernel/bridge";
import { ExitStatus, type Cmd, type CmdResult } from "../types";
import { Color, Out, PRINT_ANY, PRINT_FP, PRINT_JSON } from "./print";
import { AF_UNSPEC, Args, getAddr, ip4Text, IpCtx, matches } from "./common";
import { defaultIpOpts, matchesColor } from "./ip";
import { netnsSwitch } from "./ipnetns";
import { linkFlags } from "./ipaddress";
import { USAGE } from "./usage";
import {
  IFF_ALLMULTI,
  IFF_BROADCAST,
  IFF_LOOPBACK,
  IFF_LOWER_UP,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_PROMISC,
  IFF_RUNNING,
  IFF_UP,
} from "../../kernel/rtnl-link";

function usage(ip: IpCtx, key = "bridge help"): never {
  ip.err(USAGE[key]);
  ip.exit(255);
}

// ---- bridge link ----

function printLinkFlags(ip: IpCtx, flags: number, mdown: boolean): void {
  const o = ip.out;
  o.openArray(PRINT_ANY, o.isJson() ? "flags" : "<");
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) o.string(PRINT_ANY, null, flags ? "%s," : "%s", "NO-CARRIER");
  flags &= ~IFF_RUNNING;
  const names: [number, string][] = [
    [IFF_LOOPBACK, "LOOPBACK"],
    [IFF_BROADCAST, "BROADCAST"],
    [IFF_MULTICAST, "MULTICAST"],
    [IFF_NOARP, "NOARP"],
    [IFF_ALLMULTI, "ALLMULTI"],
    [IFF_PROMISC, "PROMISC"],
    [IFF_UP, "UP"],
    [IFF_LOWER_UP, "LOWER_UP"],
  ];
  for (const [bit, n] of names) {
    if (flags & bit) {
      flags &= ~bit;
      o.string(PRINT_ANY, null, flags ? "%s," : "%s", n);
    }
  }
  if (mdown) o.string(PRINT_ANY, null, ",%s", "M-DOWN");
  o.closeArray(PRINT_ANY, "> ");
}

/** br_fill_ifinfo: IFLA_LINK only when iflink differs from the ifindex, and never a netnsid. */
function printBrLink(ip: IpCtx, dev: NetDevice): void {
  const o = ip.out;
  const p = dev.port!;
  o.openObject(null);
  o.int(PRINT_ANY, "ifindex", "%d: ", dev.ifindex);
  let name = dev.name;
  let mdown = false;
  const iflink =
    dev instanceof NicDevice
      ? dev.ifindex
      : dev instanceof VethDevice
        ? (dev.peer?.ifindex ?? 0)
        : dev.iflink();
  if (iflink !== dev.ifindex) {
    if (iflink) {
      const local = ip.ns.byIndex(iflink);
      const l = local ? local.name : `if${iflink}`;
      if (o.isJson()) o.string(PRINT_JSON, "link", null, l);
      else name = `${name}@${l}`;
      // M-DOWN comes from whatever device holds that index here (none: no flag)
      mdown = local ? !local.up : false;
    } else if (o.isJson()) o.null(PRINT_JSON, "link", null, null);
    else name = `${name}@NONE`;
  }
  o.string(PRINT_ANY, "ifname", "%s: ", name, Color.IFNAME);
  printLinkFlags(ip, linkFlags(dev), mdown);
  o.int(PRINT_ANY, "mtu", "mtu %u ", dev.mtu);
  o.string(PRINT_ANY, "master", "master %s ", p.br.name);
  o.string(PRINT_ANY, "state", "state %s ", PORT_STATE_NAMES[p.state]);
  o.uint(PRINT_ANY, "priority", "priority %u ", p.priority);
  o.uint(PRINT_ANY, "cost", "cost %u ", p.cost);
  if (ip.opts.details) {
    if (!o.isJson()) o.printf("%s    ", o.SL);
    const onOff = (k: string, v: boolean) => o.onOff(PRINT_ANY, k, `${k} %s `, v);
    onOff("hairpin", p.hairpin);
    onOff("guard", p.extraFlags.guard ?? false);
    onOff("root_block", p.extraFlags.root_block ?? false);
    onOff("fastleave", p.extraFlags.fastleave ?? false);
    onOff("learning", p.learning);
    onOff("flood", p.flood);
    onOff("mcast_flood", p.mcastFlood);
    onOff("bcast_flood", p.bcastFlood);
    o.uint(PRINT_ANY, "mcast_router", "mcast_router %u ", 1);
    onOff("mcast_to_unicast", p.extraFlags.mcast_to_unicast ?? false);
    onOff("neigh_suppress", p.extraFlags.neigh_suppress ?? false);
    onOff("vlan_tunnel", p.extraFlags.vlan_tunnel ?? false);
    onOff("isolated", p.isolated);
    onOff("locked", p.extraFlags.locked ?? false);
  }
  o.string(PRINT_FP, null, "%s", "\n");
  o.closeObject();
}

function doLink(ip: IpCtx, argv: string[]): number {
  const c = argv[0];
  if (c !== undefined && !(matches(c, "show") || matches(c, "lst") || matches(c, "list"))) {
    if (matches(c, "help")) usage(ip, "bridge link help");
    if (matches(c, "set") || matches(c, "change")) return brlinkModify(ip, argv.slice(1));
    ip.err(`Command "${c}" is unknown, try "bridge link help".\n`);
    ip.exit(-1);
  }
  let filter = 0;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "dev") {
      const v = args[++i];
      if (v === undefined) ip.incomplete();
      if (filter) ip.duparg("dev", v);
      filter = ip.nameToIndex(v);
      if (!filter) return ip.nodev(v);
    }
  }
  ip.out.newJsonObj();
  // rtnl_bridge_getlink walks for_each_netdev: registration order, not ifindex order
  for (const dev of ip.ns.listOrder()) {
    if (!dev.port) continue;
    if (filter && dev.ifindex !== filter) continue;
    printBrLink(ip, dev);
  }
  ip.out.deleteJsonObj();
  return 0;
}

const BRLINK_USAGE =
  "Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n" +
  "                               [ guard {on | off} ]\n" +
  "                               [ hairpin {on | off} ]\n" +
  "                               [ fastleave {on | off} ]\n" +
  "                               [ root_block {on | off} ]\n" +
  "                               [ learning {on | off} ]\n" +
  "                               [ learning_sync {on | off} ]\n" +
  "                               [ flood {on | off} ]\n" +
  "                               [ mcast_router MULTICAST_ROUTER ]\n" +
  "                               [ mcast_flood {on | off} ]\n" +
  "                               [ bcast_flood {on | off} ]\n" +
  "                               [ mcast_to_unicast {on | off} ]\n" +
  "                               [ neigh_suppress {on | off} ]\n" +
  "                               [ vlan_tunnel {on | off} ]\n" +
  "                               [ isolated {on | off} ]\n" +
  "                               [ locked {on | off} ]\n" +
  "                               [ hwmode {vepa | veb} ]\n" +
  "                               [ backup_port DEVICE ] [ nobackup_port ]\n" +
  "                               [ self ] [ master ]\n" +
  "       bridge link show [dev DEV]\n";

const STP_STATES = ["disabled", "listening", "learning", "forwarding", "blocking"];

/** C atoi: leading blanks, sign, digits; anything else stops (0 when none). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  return Number(BigInt.asIntN(32, BigInt(m[1])));
}

/** brlink_modify (bridge/link.c): RTM_SETLINK with PF_BRIDGE protinfo → br_setport. */
function brlinkModify(ip: IpCtx, argv: string[]): number {
  let d: string | undefined;
  const flags: Record<string, boolean> = {};
  let cost = 0;
  let priority = -1;
  let state = -1;
  let i = 0;
  const next = (): string => {
    i++;
    if (i >= argv.length) ip.incomplete();
    return argv[i];
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "dev") d = next();
    else if (
      [
        "guard",
        "hairpin",
        "fastleave",
        "root_block",
        "learning",
        "learning_sync",
        "flood",
        "mcast_flood",
        "bcast_flood",
        "mcast_to_unicast",
        "neigh_suppress",
        "vlan_tunnel",
        "isolated",
        "locked",
      ].includes(a)
    ) {
      const v = next();
      if (v !== "on" && v !== "off") {
        ip.err(`Error: argument of "${a}" must be one of "off", "on", not "${v}"\n`);
        return -22;
      }
      flags[a] = v === "on";
    } else if (a === "mcast_router") next();
    else if (a === "cost") cost = atoi(next());
    else if (a === "priority") priority = (atoi(next()) << 16) >> 16;
    else if (a === "state") {
      const v = next();
      if (/^[+-]?\d+$/.test(v)) state = (parseInt(v, 10) << 24) >> 24;
      else {
        state = STP_STATES.indexOf(v);
        if (state < 0) {
          ip.err("Error: invalid STP port state\n");
          return -1;
        }
      }
    } else if (a === "hwmode") {
      const v = next();
      if (v !== "vepa" && v !== "veb") {
        ip.err('Mode argument must be "vepa" or "veb".\n');
        return -1;
      }
    } else if (a === "self" || a === "master" || a === "nobackup_port") continue;
    else if (a === "backup_port") {
      const v = next();
      if (!ip.nameToIndex(v)) {
        ip.err(`Error: device ${v} does not exist\n`);
        return -1;
      }
    } else {
      ip.err(BRLINK_USAGE);
      ip.exit(255);
    }
  }
  if (d === undefined) {
    ip.err("Device is a required argument.\n");
    return -1;
  }
  const idx = ip.nameToIndex(d);
  if (!idx) {
    ip.err(`Cannot find bridge device "${d}"\n`);
    return -1;
  }
  const dev = ip.ns.byIndex(idx)!;
  try {
    brSetport(dev, flags, cost, priority, state);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -1;
    }
    throw e;
  }
  return 0;
}

/** br_setport: flags first, then cost, priority and state, each with its range check. */
function brSetport(
  dev: NetDevice,
  flags: Record<string, boolean>,
  cost: number,
  priority: number,
  state: number,
): void {
  const p = dev.port;
  if (!p) throw new KernelError(Errno.EOPNOTSUPP);
  if (flags.hairpin !== undefined) p.hairpin = flags.hairpin;
  if (flags.learning !== undefined) p.learning = flags.learning;
  if (flags.flood !== undefined) p.flood = flags.flood;
  if (flags.mcast_flood !== undefined) p.mcastFlood = flags.mcast_flood;
  if (flags.bcast_flood !== undefined) p.bcastFlood = flags.bcast_flood;
  if (flags.isolated !== undefined) p.isolated = flags.isolated;
  for (const k of [
    "guard",
    "root_block",
    "fastleave",
    "mcast_to_unicast",
    "neigh_suppress",
    "vlan_tunnel",
    "locked",
  ]) {
    if (flags[k] !== undefined) p.extraFlags[k] = flags[k];
  }
  if (cost > 0) stpSetPathCost(p, cost);
  if (priority >= 0 || priority < -1) stpSetPortPriority(p, priority);
  if (state >= 0 || state < -1) {
    p.br.setPortState(p, state);
  }
}

// ---- bridge fdb ----

function stateN2a(s: number, json: boolean): string {
  if (s & Nud.PERMANENT) return "permanent";
  if (s & Nud.NOARP) return "static";
  if (s & Nud.STALE) return "stale";
  if (s & Nud.REACHABLE) return "";
  return json ? `0x${s.toString(16)}` : `state=0x${s.toString(16)}`;
}

function printFdb(ip: IpCtx, r: FdbRow, filterIndex: number): void {
  const o = ip.out;
  o.openObject(null);
  o.string(PRINT_ANY, "mac", "%s ", r.mac, Color.MAC);
  if (!filterIndex) {
    o.string(PRINT_FP, null, "dev ", null);
    o.string(PRINT_ANY, "ifname", "%s ", r.dev.name, Color.IFNAME);
  }
  if (r.dst !== undefined) {
    o.string(PRINT_FP, null, "dst ", null);
    o.string(PRINT_ANY, "dst", "%s ", ip4Text(r.dst), Color.INET);
  }
  if (r.vlan) o.uint(PRINT_ANY, "vlan", "vlan %u ", r.vlan);
  if (r.port !== undefined) o.uint(PRINT_ANY, "port", "port %u ", r.port);
  if (r.vni !== undefined) o.uint(PRINT_ANY, "vni", "vni %u ", r.vni);
  if (r.via) o.string(PRINT_ANY, "viaIf", "via %s ", r.via.name);
  o.openArray(PRINT_JSON, o.isJson() ? "flags" : "");
  if (r.self) o.string(PRINT_ANY, null, "%s ", "self");
  o.closeArray(PRINT_JSON, null);
  if (r.master) o.string(PRINT_ANY, "master", "master %s ", r.master.name);
  o.string(PRINT_ANY, "state", "%s\n", stateN2a(r.state, o.isJson()));
  o.closeObject();
}

function fdbShow(ip: IpCtx, args: string[]): number {
  let filterDev: string | undefined;
  let br: string | undefined;
  let vlan = 0;
  let dynamic = false;
  let stateFilter = 0;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "brport" || arg === "dev") filterDev = a.next();
    else if (arg === "br") br = a.next();
    else if (arg === "vlan") {
      const v = a.next();
      if (vlan) ip.duparg("vlan", v);
      vlan = parseInt(v, 10) || 0;
    } else if (arg === "state") {
      const v = a.next();
      const s =
        v === "permanent"
          ? Nud.PERMANENT
          : v === "static"
            ? Nud.NOARP
            : v === "dynamic"
              ? Nud.REACHABLE
              : undefined;
      if (s === undefined) ip.invarg("invalid state", v);
      stateFilter |= s;
    } else if (arg === "dynamic") dynamic = true;
    else if (matches(arg, "help")) usage(ip, "bridge fdb help");
  }
  let brIndex = 0;
  if (br) {
    brIndex = ip.nameToIndex(br);
    if (!brIndex) {
      ip.err(`Cannot find bridge device "${br}"\n`);
      return -1;
    }
  }
  let devIndex = 0;
  if (filterDev) {
    devIndex = ip.nameToIndex(filterDev);
    if (!devIndex) return ip.nodev(filterDev);
  }
  ip.out.newJsonObj();
  for (const r of rtnlFdbDump(ip.ns, brIndex, devIndex)) {
    if (stateFilter && !(r.state & stateFilter)) continue;
    if (vlan && vlan !== (r.vlan ?? 0)) continue;
    if (dynamic && r.state & Nud.PERMANENT) continue;
    printFdb(ip, r, devIndex);
  }
  ip.out.deleteJsonObj();
  return 0;
}

function fdbModify(ip: IpCtx, cmd: "add" | "append" | "replace" | "del", args: string[]): number {
  const req: FdbReq = {
    ifindex: 0,
    mac: "00:00:00:00:00:00" as Mac,
    flags: 0,
    state: Nud.NOARP,
    create: cmd !== "del",
    excl: cmd === "add",
    append: cmd === "append",
    replace: cmd === "replace",
  };
  let addr: string | undefined;
  let dev: string | undefined;
  let dstOk = false;
  let vid = -1;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "dev") dev = a.next();
    else if (arg === "dst") {
      const v = a.next();
      if (dstOk) ip.duparg2("dst", v);
      req.dst = getAddr(ip, v, ip.opts.family).v4 as Ip4;
      dstOk = true;
    } else if (arg === "port") {
      const v = a.next();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n > 0xffff) ip.invarg("invalid port\n", v);
      req.port = n;
    } else if (arg === "vni") {
      const v = a.next();
      const n = Number(v);
      if (!/^\d+$/.test(v) || n >= 1 << 24) ip.invarg("invalid VNI\n", v);
      req.vni = n;
    } else if (arg === "src_vni" || arg === "nhid") a.next();
    else if (arg === "via") {
      const v = a.next();
      const via = ip.nameToIndex(v);
      if (!via) ip.exit(ip.nodev(v));
      req.via = via;
    } else if (arg === "self") req.flags |= NTF_SELF;
    else if (matches(arg, "master")) req.flags |= NTF_MASTER;
    else if (
      matches(arg, "router") ||
      matches(arg, "use") ||
      matches(arg, "extern_learn") ||
      matches(arg, "sticky")
    )
      continue;
    else if (matches(arg, "local") || matches(arg, "permanent")) req.state |= Nud.PERMANENT;
    else if (matches(arg, "temp") || matches(arg, "static")) req.state |= Nud.REACHABLE;
    else if (matches(arg, "dynamic")) {
      req.state |= Nud.REACHABLE;
      req.state &= ~Nud.NOARP;
    } else if (matches(arg, "vlan")) {
      if (vid >= 0) ip.duparg2("vlan", arg);
      vid = parseInt(a.next(), 10) || 0;
      req.vlan = vid;
    } else {
      let v = arg;
      if (v === "to") v = a.next();
      if (matches(v, "help")) usage(ip, "bridge fdb help");
      if (addr) ip.duparg2("to", v);
      addr = v;
    }
  }
  if (!dev || !addr) {
    ip.err("Device and address are required arguments.\n");
    return -1;
  }
  if (!(req.flags & (NTF_SELF | NTF_MASTER))) req.flags |= NTF_SELF;
  if (!(req.state & (Nud.PERMANENT | Nud.REACHABLE))) req.state |= Nud.PERMANENT;
  const m =
    /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})/.exec(
      addr,
    );
  if (!m) {
    ip.err(`Invalid mac address ${addr}\n`);
    return -1;
  }
  req.mac = m
    .slice(1)
    .map((h) => parseInt(h, 16).toString(16).padStart(2, "0"))
    .join(":") as Mac;
  req.ifindex = ip.nameToIndex(dev);
  if (!req.ifindex) return ip.nodev(dev);
  try {
    if (cmd === "del") rtnlFdbDel(ip.ns, req);
    else rtnlFdbAdd(ip.ns, req);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -1;
    }
    throw e;
  }
  return 0;
}

function doFdb(ip: IpCtx, argv: string[]): number {
  if (!argv.length) return fdbShow(ip, []);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return fdbModify(ip, "add", rest);
  if (matches(c, "append")) return fdbModify(ip, "append", rest);
  if (matches(c, "replace")) return fdbModify(ip, "replace", rest);
  if (matches(c, "delete")) return fdbModify(ip, "del", rest);
  if (matches(c, "show") || matches(c, "lst") || matches(c, "list")) return fdbShow(ip, rest);
  if (matches(c, "help")) usage(ip, "bridge fdb help");
  ip.err(`Command "${c}" is unknown, try "bridge fdb help".\n`);
  ip.exit(-1);
}

// ---- bridge vlan ----
// The reference kernel is built without CONFIG_BRIDGE_VLAN_FILTERING: the dumps are empty,
// adding a VLAN (or setting VLAN options) is refused with EOPNOTSUPP, deleting one from a bridge
// port succeeds and changes nothing. The argument checks are vlan.c's.

const short = (n: number): number => (n << 16) >> 16;
const ushort = (n: number): number => n & 0xffff;

/** vid VLAN[-END] as vlan.c parses it into shorts; an error message when it is out of range. */
function parseVid(
  v: string,
  checkRange: (vid: number, end: number) => boolean,
): { vid: number; end: number; range: boolean; error?: string } {
  const dash = v.indexOf("-");
  if (dash >= 0) {
    const vid = short(atoi(v.slice(0, dash)));
    const end = short(atoi(v.slice(dash + 1)));
    const error = checkRange(vid, end) ? `Invalid VLAN range "${ushort(vid)}-${ushort(end)}"\n` : undefined;
    return { vid, end, range: true, error };
  }
  return { vid: short(atoi(v)), end: -1, range: false };
}

/** vlan_modify: RTM_SETLINK / RTM_DELLINK with a PF_BRIDGE IFLA_AF_SPEC. */
function vlanModify(ip: IpCtx, del: boolean, argv: string[]): number {
  const a = new Args(argv, ip);
  let d: string | undefined;
  let vid = -1;
  let end = -1;
  let range = false;
  let pvid = false;
  let self = false;
  let master = false;
  while (a.argc > 0) {
    const w = a.cur;
    if (w === "dev") d = a.next();
    else if (w === "vid") {
      const r = parseVid(a.next(), () => false);
      ({ vid, end, range } = r);
    } else if (w === "self") self = true;
    else if (w === "master") master = true;
    else if (w === "pvid") pvid = true;
    else if (w === "untagged") {
      // BRIDGE_VLAN_INFO_UNTAGGED: refused with the rest
    } else if (w === "tunnel_info") {
      // parse_tunnel_info: "tunnel_info id TUNNEL_ID"
      a.next();
      a.next();
    } else if (matches(w, "help")) a.next();
    a.advance();
  }
  if (d === undefined || vid === -1) {
    ip.err("Device and VLAN ID are required arguments.\n");
    return -1;
  }
  const ifindex = ip.nameToIndex(d);
  if (!ifindex) {
    ip.err(`Cannot find bridge device "${d}"\n`);
    return -1;
  }
  if (vid >= 4096) {
    ip.err(`Invalid VLAN ID "${ushort(vid)}"\n`);
    return -1;
  }
  if (range) {
    if (end === -1 || end >= 4096 || vid >= end) {
      ip.err(`Invalid VLAN range "${ushort(vid)}-${ushort(end)}"\n`);
      return -1;
    }
    if (pvid) {
      ip.err("pvid cannot be configured for a vlan range\n");
      return -1;
    }
  }
  // rtnl_bridge_setlink / rtnl_bridge_dellink: MASTER unless only SELF was asked for; MASTER
  // goes to the device's bridge, SELF to the device's own ndo (only a bridge has one).
  const dev = ip.ns.byIndex(ifindex);
  const toMaster = master || !self;
  let supported = true;
  if (toMaster && !dev?.master) supported = false;
  if (self && !(dev instanceof BridgeDevice)) supported = false;
  if (!supported) {
    ip.rtnlError(new KernelError(Errno.EOPNOTSUPP));
    return -1;
  }
  // br_process_vlan_info: br_vlan_valid_id (1…4094) first; the extack reaches only setlink's caller
  const bad = (v: number) => ushort(v) === 0 || ushort(v) >= 4095;
  if (bad(vid) || (range && bad(end))) {
    ip.rtnlError(new KernelError(Errno.EINVAL, del ? undefined : "bridge: Vlan id is invalid"));
    return -1;
  }
  if (!del) {
    ip.rtnlError(new KernelError(Errno.EOPNOTSUPP));
    return -1;
  }
  return 0;
}

/** vlan_option_set and vlan_global_option_set: RTM_NEWVLAN, which this kernel refuses. */
function vlanOptionSet(ip: IpCtx, argv: string[], global: boolean): number {
  const a = new Args(argv, ip);
  let d: string | undefined;
  let vid = -1;
  while (a.argc > 0) {
    const w = a.cur;
    if (w === "dev") {
      d = a.next();
      if (!ip.nameToIndex(d)) {
        ip.err(`Cannot find network device "${d}"\n`);
        return -1;
      }
    } else if (w === "vid") {
      const r = parseVid(a.next(), (v, e) => v >= e || e >= 4096);
      if (r.error) {
        ip.err(r.error);
        return -1;
      }
      vid = r.vid;
      if (vid >= 4096) {
        ip.err(`Invalid VLAN ID "${ushort(vid)}"\n`);
        return -1;
      }
    } else if (!global && w === "state") {
      const v = a.next();
      let state = /^[+-]?\d+$/.test(v) ? atoi(v) : STP_STATES.indexOf(v);
      if (v === "") state = -1;
      if (state === -1) {
        ip.err("Error: invalid STP state\n");
        return -1;
      }
    } else if (!global && w === "mcast_router") {
      const v = a.next();
      if (!/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(v) || Number(v) > 255)
        ip.invarg("invalid mcast_router", v);
    } else if (global && w.startsWith("mcast_")) a.next();
    else if (matches(w, "help")) a.next();
    a.advance();
  }
  if (d === undefined || vid === -1) {
    ip.err("Device and VLAN ID are required arguments.\n");
    return -1;
  }
  ip.rtnlError(new KernelError(Errno.EOPNOTSUPP));
  return -1;
}

/** vlan_show / vlan_global_show: the header, then a dump with no entries. */
function vlanShow(ip: IpCtx, argv: string[], what: "vlan" | "tunnel" | "global"): number {
  const a = new Args(argv, ip);
  let filterDev: string | undefined;
  let filterVid = false;
  while (a.argc > 0) {
    const w = a.cur;
    if (w === "dev") {
      const v = a.next();
      if (filterDev !== undefined) ip.duparg("dev", v);
      filterDev = v;
    } else if (w === "vid") {
      const v = a.next();
      if (filterVid) ip.duparg("vid", v);
      filterVid = atoi(v) !== 0;
    }
    a.advance();
  }
  if (filterDev !== undefined && !ip.nameToIndex(filterDev)) return ip.nodev(filterDev);
  const o = ip.out;
  o.newJsonObj();
  // the new per-VLAN dump (RTM_GETVLAN), used for -d and for "global", is refused
  const vlanDb = what === "global" || (ip.opts.details > 0 && what === "vlan");
  if (!o.isJson()) {
    if (what !== "global" && ip.opts.stats > 0 && !vlanDb) o.printf("%-16s  vlan-id\n", "port");
    else o.printf("%-16s  %-9s%s\n", "port", "vlan-id", what === "tunnel" ? "  tunnel-id" : "");
  }
  if (vlanDb) {
    ip.rtnlError(new KernelError(Errno.EOPNOTSUPP));
    ip.err("Dump terminated\n");
    ip.exit(1);
  }
  o.deleteJsonObj();
  return 0;
}

function doVlan(ip: IpCtx, argv: string[]): number {
  const c = argv[0];
  if (c === undefined) return vlanShow(ip, [], "vlan");
  const rest = argv.slice(1);
  if (matches(c, "add")) return vlanModify(ip, false, rest);
  if (matches(c, "delete")) return vlanModify(ip, true, rest);
  if (matches(c, "show") || matches(c, "lst") || matches(c, "list")) return vlanShow(ip, rest, "vlan");
  if (matches(c, "tunnelshow")) return vlanShow(ip, rest, "tunnel");
  if (matches(c, "set")) return vlanOptionSet(ip, rest, false);
  if (c === "global") {
    const g = rest[0];
    if (g === undefined || g === "show" || g === "lst" || g === "list")
      return vlanShow(ip, rest.slice(1), "global");
    if (g === "set") return vlanOptionSet(ip, rest.slice(1), true);
    usage(ip, "bridge vlan help");
  }
  if (matches(c, "help")) usage(ip, "bridge vlan help");
  ip.err(`Command "${c}" is unknown, try "bridge vlan help".\n`);
  ip.exit(-1);
}

export function bridgeCommand(c: Cmd): CmdResult {
  const opts = defaultIpOpts();
  opts.family = AF_UNSPEC;
  const ip = new IpCtx(c.ctx, opts, { out: c.out, err: c.err });
  const argv = c.argv.slice(1);
  let i = 0;
  let color = 0;
  try {
    while (i < argv.length) {
      let opt = argv[i];
      if (opt === "--") {
        i++;
        break;
      }
      if (opt[0] !== "-") break;
      if (opt[1] === "-") opt = opt.slice(1);
      if (matches(opt, "-help")) usage(ip);
      else if (matches(opt, "-Version")) {
        c.out("bridge utility, 6.1.0\n");
        return 0;
      } else if (matches(opt, "-stats") || matches(opt, "-statistics")) opts.stats++;
      else if (matches(opt, "-details")) opts.details++;
      else if (matches(opt, "-oneline")) opts.oneline = true;
      else if (matches(opt, "-timestamp")) {
        // accepted (only `bridge monitor` prints timestamps); `continue` here skipped i++: a hang
      } else if (matches(opt, "-family")) {
        i++;
        if (i >= argv.length) usage(ip);
      } else if (opt === "-4" || opt === "-6") {
        // accepted, as bridge does (preferred_family is not used by these commands)
      } else if (matches(opt, "-netns")) {
        i++;
        if (i >= argv.length) ip.incomplete();
        const ctx = netnsSwitch(ip, argv[i]);
        if (!ctx) ip.exit(-1);
        ip.ctx = ctx!;
      } else if (matchesColor(opt) !== undefined) color = matchesColor(opt)!;
      else if (matches(opt, "-compressvlans") || matches(opt, "-force")) {
        // accepted
      } else if (matches(opt, "-json")) opts.json = true;
      else if (matches(opt, "-pretty")) opts.pretty = true;
      else {
        ip.err(`Option "${opt}" is unknown, try "bridge help".\n`);
        ip.exit(-1);
      }
      i++;
    }
    opts.color = color === 1 && !opts.json;
    ip.out = new Out({ json: opts.json, pretty: opts.pretty, color: opts.color, oneline: opts.oneline });
    const rest = argv.slice(i);
    if (!rest.length) usage(ip);
    const objects: [string, (ip: IpCtx, a: string[]) => number][] = [
      ["link", doLink],
      ["fdb", doFdb],
      ["mdb", (x) => (x.err("bridge mdb: not modelled by the simulator\n"), -1)],
      ["vlan", doVlan],
      ["vni", (x) => (x.err("bridge vni: not modelled by the simulator\n"), -1)],
      ["monitor", (x) => (x.err("bridge monitor: not modelled by the simulator\n"), -1)],
      ["help", (x) => usage(x)],
    ];
    const obj = objects.find(([n]) => matches(rest[0], n));
    if (!obj) {
      ip.err(`Object "${rest[0]}" is unknown, try "bridge help".\n`);
      return 255;
    }
    const r = obj[1](ip, rest.slice(1));
    ip.flush();
    return r & 0xff;
  } catch (e) {
    if (e instanceof ExitStatus) {
      ip.flush();
      return e.code;
    }
    throw e;
  }
}
