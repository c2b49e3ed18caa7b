/**
 * `ip link add|set|change|replace|delete` (ip/iplink.c iplink_parse + iplink_modify, with the
 * type-specific parsers of link_veth.c, iplink_vxlan.c, iplink_bridge.c, iplink_bridge_slave.c).
 * The request goes to the kernel model's rtnetlink handler; kernel errors come back as
 * "RTNETLINK answers: …" or "Error: <extack>.".
 */
import type { Ip4, Mac } from "../../util/brand";
import { KernelError } from "../../kernel/types";
import {
  IFF_ALLMULTI,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_PROMISC,
  IFF_UP,
  rtnlDellink,
  rtnlNewlink,
  type LinkReq,
} from "../../kernel/rtnl-link";
import type { Netns } from "../../kernel/netns";
import {
  Args,
  checkAltifname,
  checkIfname,
  getAddr,
  getInteger,
  getUnsigned,
  groupA2n,
  type IpCtx,
  llAddrA2n,
  matches,
  strtoul0,
} from "./common";
import { ipaddrList } from "./ipaddress";
import { USAGE } from "./usage";

function newReq(create: boolean, excl: boolean, replace: boolean): LinkReq {
  return { create, excl, replace, ifindex: 0, change: 0, flags: 0 };
}

function onOff(ip: IpCtx, msg: string, val: string): number {
  ip.err(`Error: argument of "${msg}" must be "on" or "off", not "${val}"\n`);
  return -1;
}

/** netns_get_fd / a pid: the namespace a `netns X` argument names. */
function resolveNetns(ip: IpCtx, arg: string): Netns | undefined | "pid-missing" {
  const m = ip.ctx.machine;
  const named = m.netnsDir.get(arg);
  if (named) return named;
  const pid = getInteger(arg);
  if (pid === undefined) return undefined;
  const p = m.process(pid);
  if (!p) return "pid-missing";
  return p.netns;
}

/** iplink_parse. Returns the number of arguments consumed, or -1 after printing an error. */
export function iplinkParse(ip: IpCtx, a: Args, req: LinkReq, out: { type?: string }): number {
  const start = a.i;
  let name: string | undefined;
  let dev: string | undefined;
  let link: string | undefined;
  let index = 0;
  let qlen = -1;
  let mtu = -1;
  let netnsSeen = false;
  let group = -1;
  let addrLen = 0;
  let moveNetns = false;
  let ntx = -1;
  let nrx = -1;
  let pidMissing = false;
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "up") {
      req.change |= IFF_UP;
      req.flags |= IFF_UP;
    } else if (arg === "down") {
      req.change |= IFF_UP;
      req.flags &= ~IFF_UP;
    } else if (arg === "name") {
      const v = a.next();
      if (name) ip.duparg("name", v);
      if (!checkIfname(v)) ip.invarg('"name" not a valid ifname', v);
      name = v;
      if (!dev) dev = name;
    } else if (arg === "index") {
      const v = a.next();
      if (index) ip.duparg("index", v);
      index = parseInt(v, 10) || 0;
      if (index <= 0) ip.invarg('Invalid "index" value', v);
    } else if (matches(arg, "link")) {
      link = a.next();
    } else if (matches(arg, "address")) {
      const v = a.next();
      const bytes = llAddrA2n(ip, v);
      if (!bytes) return -1;
      addrLen = bytes.length;
      req.address = bytes;
    } else if (matches(arg, "broadcast") || arg === "brd") {
      const v = a.next();
      const bytes = llAddrA2n(ip, v);
      if (!bytes) return -1;
      req.broadcast = bytes;
    } else if (matches(arg, "txqueuelen") || arg === "qlen" || matches(arg, "txqlen")) {
      const v = a.next();
      if (qlen !== -1) ip.duparg("txqueuelen", v);
      const n = getInteger(v);
      if (n === undefined) ip.invarg('Invalid "txqueuelen" value\n', v);
      qlen = n;
      req.txqlen = n;
    } else if (arg === "mtu") {
      const v = a.next();
      if (mtu !== -1) ip.duparg("mtu", v);
      const n = getInteger(v);
      if (n === undefined) ip.invarg('Invalid "mtu" value\n', v);
      mtu = n;
      req.mtu = n >>> 0 === n ? n : n >>> 0;
    } else if (arg === "netns") {
      const v = a.next();
      if (netnsSeen) ip.duparg("netns", v);
      const ns = resolveNetns(ip, v);
      if (ns === undefined) ip.invarg('Invalid "netns" value\n', v);
      if (ns === "pid-missing") pidMissing = true;
      else req.netns = ns;
      netnsSeen = true;
      moveNetns = true;
    } else if (
      arg === "multicast" ||
      arg === "allmulticast" ||
      arg === "promisc" ||
      arg === "trailers" ||
      arg === "arp" ||
      matches(arg, "dynamic")
    ) {
      const v = a.next();
      const bit =
        arg === "multicast"
          ? IFF_MULTICAST
          : arg === "allmulticast"
            ? IFF_ALLMULTI
            : arg === "promisc"
              ? IFF_PROMISC
              : arg === "arp"
                ? IFF_NOARP
                : arg === "trailers"
                  ? 0x20
                  : 0x8000;
      const inverted = arg === "arp" || arg === "trailers";
      req.change |= bit;
      if (v === "on") {
        if (inverted) req.flags &= ~bit;
        else req.flags |= bit;
      } else if (v === "off") {
        if (inverted) req.flags |= bit;
        else req.flags &= ~bit;
      } else return onOff(ip, matches(arg, "dynamic") ? "dynamic" : arg, v);
    } else if (arg === "carrier") {
      const v = a.next();
      if (!matches(v, "off") && !matches(v, "on")) {
        ip.err(`Error: argument of "carrier" must be one of "off", "on", not "${v}"\n`);
        return -1;
      }
    } else if (matches(arg, "master")) {
      const v = a.next();
      const idx = ip.nameToIndex(v);
      if (!idx) ip.invarg("Device does not exist\n", v);
      req.master = idx;
    } else if (arg === "vrf") {
      const v = a.next();
      ip.invarg("Not a valid VRF name\n", v);
    } else if (matches(arg, "nomaster")) {
      req.master = 0;
    } else if (matches(arg, "type")) {
      const v = a.next();
      out.type = v;
      a.advance();
      break;
    } else if (matches(arg, "alias")) {
      const v = a.next();
      if (v.length >= 256) ip.invarg("alias too long\n", v);
      req.alias = v;
    } else if (arg === "group") {
      const v = a.next();
      if (group !== -1) ip.duparg("group", v);
      const g = groupA2n(v);
      if (g === undefined) ip.invarg('Invalid "group" value\n', v);
      group = g;
      req.group = g;
    } else if (arg === "mode") {
      const v = a.next();
      if (v !== "default" && v !== "dormant") ip.invarg("Invalid link mode\n", v);
    } else if (arg === "state") {
      const v = a.next();
      if (!/^(unknown|notpresent|down|lowerlayerdown|testing|dormant|up)$/i.test(v))
        ip.invarg("Invalid operstate\n", v);
    } else if (matches(arg, "numtxqueues") || matches(arg, "numrxqueues")) {
      const tx = matches(arg, "numtxqueues");
      const v = a.next();
      if ((tx ? ntx : nrx) !== -1) ip.duparg(tx ? "numtxqueues" : "numrxqueues", v);
      const n = getInteger(v);
      if (n === undefined) ip.invarg(`Invalid "${tx ? "numtxqueues" : "numrxqueues"}" value\n`, v);
      if (tx) {
        ntx = n;
        req.numTxQueues = n;
      } else {
        nrx = n;
        req.numRxQueues = n;
      }
    } else if (matches(arg, "addrgenmode")) {
      const v = a.next();
      if (!["eui64", "none", "stable_secret", "random"].includes(v))
        ip.invarg("Invalid address generation mode\n", v);
    } else if (arg === "gso_max_size" || arg === "gso_max_segs" || arg === "gro_max_size") {
      const v = a.next();
      if (getUnsigned(v) === undefined) ip.invarg(`Invalid "${arg}" value\n`, v);
    } else if (arg === "protodown") {
      const v = a.next();
      if (!matches(v, "off") && !matches(v, "on")) {
        ip.err(`Error: argument of "protodown" must be one of "off", "on", not "${v}"\n`);
        return -1;
      }
    } else {
      if (matches(arg, "help")) usage(ip);
      let d = arg;
      if (arg === "dev") d = a.next();
      if (dev !== name) ip.duparg2("dev", d);
      if (!checkAltifname(d)) ip.invarg('"dev" not a valid ifname', d);
      dev = d;
    }
  }
  const consumed = a.i - start;
  if (!name) name = dev;
  else if (!dev) dev = name;

  if (dev && addrLen && !req.create) {
    if (addrLen !== 6 && ip.ns.byName(dev)) {
      ip.err(`Invalid address length ${addrLen} - must be 6 bytes\n`);
      return -1;
    }
  }
  if (index && !req.create && !moveNetns) {
    ip.err("index can be used only when creating devices or when moving device to another netns.\n");
    ip.exit(-1);
  }
  if (group !== -1 && !dev) {
    if (a.argc) {
      ip.err(`Garbage instead of arguments "${a.cur} ...". Try "ip link help".\n`);
      ip.exit(-1);
    }
    if (req.create) {
      ip.err("group cannot be used when creating devices.\n");
      ip.exit(-1);
    }
    out.type = undefined;
    return consumed;
  }
  if (!req.create) {
    if (!dev) {
      ip.err('Not enough information: "dev" argument is required.\n');
      ip.exit(-1);
    }
    req.ifindex = ip.nameToIndex(dev);
    if (!req.ifindex) return ip.nodev(dev);
    if (name === dev) name = undefined;
    if (index) req.newIfindex = index;
  } else {
    if (name !== dev) {
      ip.err('both "name" and "dev" cannot be used when creating devices.\n');
      ip.exit(-1);
    }
    if (link) {
      const li = ip.nameToIndex(link);
      if (!li) return ip.nodev(link);
      req.link = li;
    }
    req.ifindex = index;
  }
  if (name) req.ifname = name;
  if (pidMissing) (req as LinkReq & { pidMissing?: boolean }).pidMissing = true;
  return consumed;
}

function usage(ip: IpCtx): never {
  ip.err(USAGE["ip link help"]);
  ip.exit(255);
}

/** iplink_modify */
function iplinkModify(ip: IpCtx, kind: "add" | "set" | "replace" | "delete", args: string[]): number {
  const req = newReq(kind === "add" || kind === "replace", kind === "add", kind === "replace");
  const a = new Args(args, ip);
  const out: { type?: string } = {};
  const ret = iplinkParse(ip, a, req, out);
  if (ret < 0) return ret;
  const type = out.type;
  if (type) {
    req.kind = type.endsWith("_slave") ? undefined : type;
    if (type.endsWith("_slave")) req.slaveKind = type.slice(0, -6);
    const rest = a.rest();
    if (rest.length) {
      const r = parseTypeOpts(ip, type, rest, req);
      if (r < 0) return -1;
    }
  } else if (req.create) {
    ip.err('Not enough information: "type" argument is required\n');
    return -1;
  }
  if ((req as LinkReq & { pidMissing?: boolean }).pidMissing) {
    ip.err("RTNETLINK answers: No such process\n");
    return -2;
  }
  try {
    if (kind === "delete") rtnlDellink(ip.ns, req.ifindex);
    else rtnlNewlink(ip.ns, req);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -2;
    }
    throw e;
  }
  return 0;
}

const TYPES_WITH_PARSER = new Set(["veth", "vxlan", "bridge", "bridge_slave", "dummy"]);
const KNOWN_TYPES = new Set([
  "amt",
  "bareudp",
  "bond",
  "bond_slave",
  "bridge",
  "bridge_slave",
  "dsa",
  "dummy",
  "erspan",
  "geneve",
  "gre",
  "gretap",
  "gtp",
  "ifb",
  "ip6erspan",
  "ip6gre",
  "ip6gretap",
  "ip6tnl",
  "ipip",
  "ipoib",
  "ipvlan",
  "ipvtap",
  "macsec",
  "macvlan",
  "macvtap",
  "netdevsim",
  "nlmon",
  "rmnet",
  "sit",
  "team",
  "team_slave",
  "vcan",
  "veth",
  "vlan",
  "vrf",
  "vti",
  "vxcan",
  "vxlan",
  "wwan",
  "xfrm",
  "virt_wifi",
]);

/** lu->parse_opt for the kinds the simulator models. */
function parseTypeOpts(ip: IpCtx, type: string, rest: string[], req: LinkReq): number {
  if (!KNOWN_TYPES.has(type)) {
    if (matches(rest[0], "help")) usage(ip);
    ip.err(`Garbage instead of arguments "${rest[0]} ...". Try "ip link help".\n`);
    return -1;
  }
  if (!TYPES_WITH_PARSER.has(type)) return 0;
  const a = new Args(rest, ip);
  switch (type) {
    case "dummy":
      return 0;
    case "veth": {
      if (rest[0] !== "peer") {
        ip.err(USAGE["ip link help veth"]);
        return -1;
      }
      a.advance();
      const peer = newReq(req.create, false, false);
      const out: { type?: string } = {};
      // the peer's attributes are parsed as if creating a device (NLM_F_CREATE is set)
      const r = iplinkParse(ip, a, peer, out);
      if (r < 0) return r;
      if (out.type) ip.duparg("type", rest[a.i - 1] ?? out.type);
      req.peer = peer;
      return 0;
    }
    case "vxlan":
      return parseVxlan(ip, a, req);
    case "bridge":
      return parseBridge(ip, a, req);
    case "bridge_slave":
      return parseBridgeSlave(ip, a, req);
  }
  return 0;
}

function parseVxlan(ip: IpCtx, a: Args, req: LinkReq): number {
  // get_addr of remote/group takes the family of `local` and vice versa (iplink_vxlan.c)
  let saddrFamily = ip.opts.family;
  let daddrFamily = ip.opts.family;
  const v: NonNullable<LinkReq["vxlan"]> = {};
  const seen = new Set<string>();
  const dup = (k: string, arg: string) => {
    if (seen.has(k)) ip.duparg(k, arg);
    seen.add(k);
  };
  const setOp = !req.create;
  let learning = true;
  let remoteIsSet = false;
  let groupIsSet = false;
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (matches(arg, "id") || matches(arg, "vni")) {
      const x = a.next();
      dup("id", x);
      const n = getUnsigned(x);
      if (n === undefined || n >= 1 << 24) ip.invarg("invalid id", x);
      v.vni = n;
      v.vniSet = true;
    } else if (matches(arg, "group")) {
      if (remoteIsSet) {
        ip.err("vxlan: both group and remote cannot be specified\n");
        return -1;
      }
      const x = a.next();
      dup("group", x);
      const addr = getAddr(ip, x, saddrFamily);
      daddrFamily = addr.family;
      if (addr.v4 >>> 28 !== 0xe) ip.invarg("invalid group address", x);
      v.remote = addr.v4;
      groupIsSet = true;
    } else if (matches(arg, "remote")) {
      if (groupIsSet) {
        ip.err("vxlan: both group and remote cannot be specified\n");
        return -1;
      }
      const x = a.next();
      dup("group", x);
      const addr = getAddr(ip, x, saddrFamily);
      daddrFamily = addr.family;
      if (addr.v4 >>> 28 === 0xe || addr.isDefault) ip.invarg("invalid remote address", x);
      v.remote = addr.v4;
      remoteIsSet = true;
    } else if (matches(arg, "local")) {
      const x = a.next();
      dup("local", x);
      const addr = getAddr(ip, x, daddrFamily);
      saddrFamily = addr.family;
      if (addr.v4 >>> 28 === 0xe || addr.isDefault) ip.invarg("invalid local address", x);
      v.local = addr.v4 as Ip4;
    } else if (matches(arg, "dev")) {
      const x = a.next();
      dup("dev", x);
      const idx = ip.nameToIndex(x);
      if (!idx) ip.exit(ip.nodev(x));
      v.lowerIfindex = idx;
    } else if (matches(arg, "ttl") || matches(arg, "hoplimit")) {
      const x = a.next();
      dup("ttl", x);
      if (x === "inherit" || x === "auto") v.ttl = 0;
      else {
        const n = getUnsigned(x);
        if (n === undefined) ip.invarg("invalid TTL", x);
        if (n > 255) ip.invarg("TTL must be <= 255", x);
        v.ttl = n;
      }
    } else if (matches(arg, "tos") || matches(arg, "dsfield")) {
      const x = a.next();
      dup("tos", x);
      if (x === "inherit") v.tos = 1;
      else {
        const n = getUnsigned(x, 16);
        if (n === undefined || n > 255) ip.invarg("bad TOS value", x);
        v.tos = n;
      }
    } else if (matches(arg, "df")) {
      const x = a.next();
      dup("df", x);
      if (x !== "unset" && x !== "set" && x !== "inherit")
        ip.invarg("DF must be 'unset', 'set' or 'inherit'", x);
      v.df = x;
    } else if (matches(arg, "ageing")) {
      const x = a.next();
      dup("ageing", x);
      if (x === "none") v.ageing = 0;
      else {
        const n = getUnsigned(x);
        if (n === undefined) ip.invarg("ageing timer", x);
        v.ageing = n;
      }
    } else if (matches(arg, "maxaddress")) {
      const x = a.next();
      dup("maxaddress", x);
      const n = x === "unlimited" ? 0 : getUnsigned(x);
      if (n === undefined) ip.invarg("max addresses", x);
      v.maxAddresses = n;
    } else if (matches(arg, "port") || matches(arg, "srcport")) {
      const lo = a.next();
      dup("srcport", lo);
      const l = getUnsigned(lo);
      if (l === undefined || l > 65535) ip.invarg("min port", lo);
      const hi = a.next();
      const h = getUnsigned(hi);
      if (h === undefined || h > 65535) ip.invarg("max port", hi);
      v.srcPortMin = l;
      v.srcPortMax = h;
    } else if (matches(arg, "dstport")) {
      const x = a.next();
      dup("dstport", x);
      const n = getUnsigned(x);
      if (n === undefined || n > 65535) ip.invarg("dst port", x);
      v.dstPort = n;
      v.dstPortSet = true;
    } else if (matches(arg, "nolearning")) {
      dup("learning", arg);
      learning = false;
    } else if (matches(arg, "learning")) {
      dup("learning", arg);
      learning = true;
    } else if (matches(arg, "noproxy") || matches(arg, "proxy")) {
      dup("proxy", arg);
      v.proxy = !arg.startsWith("no");
    } else if (matches(arg, "norsc") || matches(arg, "rsc")) {
      dup("rsc", arg);
    } else if (matches(arg, "nol2miss") || matches(arg, "l2miss")) {
      dup("l2miss", arg);
      v.l2miss = !arg.startsWith("no");
    } else if (matches(arg, "nol3miss") || matches(arg, "l3miss")) {
      dup("l3miss", arg);
      v.l3miss = !arg.startsWith("no");
    } else if (matches(arg, "udpcsum")) {
      dup("udpcsum", arg);
      v.udpCsum = true;
    } else if (matches(arg, "noudpcsum")) {
      dup("udpcsum", arg);
      v.udpCsum = false;
    } else if (matches(arg, "udp6zerocsumtx") || matches(arg, "noudp6zerocsumtx")) {
      dup("udp6zerocsumtx", arg);
      v.udp6ZeroCsumTx = !arg.startsWith("no");
    } else if (matches(arg, "udp6zerocsumrx") || matches(arg, "noudp6zerocsumrx")) {
      dup("udp6zerocsumrx", arg);
      v.udp6ZeroCsumRx = !arg.startsWith("no");
    } else if (matches(arg, "gbp")) {
      dup("gbp", arg);
      v.gbp = true;
    } else if (matches(arg, "help")) {
      ip.err(USAGE["ip link help vxlan"]);
      return -1;
    } else {
      ip.err(`vxlan: unknown command "${arg}"?\n`);
      ip.err(USAGE["ip link help vxlan"]);
      return -1;
    }
  }
  if (!v.vniSet && !setOp) {
    ip.err("vxlan: missing virtual network identifier\n");
    return -1;
  }
  if (groupIsSet && v.lowerIfindex === undefined) {
    ip.err("vxlan: 'group' requires 'dev' to be specified\n");
    return -1;
  }
  if (!v.dstPortSet && !setOp) {
    ip.err("vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\n");
    ip.err(
      "Use 'dstport 4789' to get the IANA assigned value\nUse 'dstport 0' to get default and quiet this message\n",
    );
  }
  if (!setOp || seen.has("learning")) v.learning = learning;
  req.vxlan = v;
  return 0;
}

function parseBridge(ip: IpCtx, a: Args, req: LinkReq): number {
  const b: NonNullable<LinkReq["bridge"]> = {};
  const u32 = (key: string, x: string) => {
    const n = getUnsigned(x);
    if (n === undefined) ip.invarg(`invalid ${key}`, x);
    return n;
  };
  /** get_u8 / get_u16 / get_u32 / get_u64 (strtoul(l) base 0, the whole word, at most max). */
  const getU = (key: string, max: number) => {
    const x = a.next();
    const [v, n] = strtoul0(x);
    const wraps = x.trimStart().startsWith("-") && v !== 0;
    if (n !== x.length || n === 0) ip.invarg(`invalid ${key}`, x);
    // strtoull turns "-N" into 2^64 - N, which only a u64 takes
    if (wraps) {
      if (max !== U64) ip.invarg(`invalid ${key}`, x);
      return Number.MAX_SAFE_INTEGER;
    }
    if (v > max) ip.invarg(`invalid ${key}`, x);
    return v;
  };
  const U64 = Number.MAX_SAFE_INTEGER;
  // iplink_bridge.c's order of tests (matches() takes abbreviations; a few need the whole word)
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (matches(arg, "forward_delay")) b.forwardDelay = u32("forward_delay", a.next());
    else if (matches(arg, "hello_time")) b.helloTime = u32("hello_time", a.next());
    else if (matches(arg, "max_age")) b.maxAge = u32("max_age", a.next());
    else if (matches(arg, "ageing_time")) b.ageingTime = u32("ageing_time", a.next());
    else if (matches(arg, "stp_state")) b.stpState = u32("stp_state", a.next());
    else if (matches(arg, "priority")) b.priority = getU("priority", 0xffff);
    else if (matches(arg, "vlan_filtering")) b.vlanFiltering = getU("vlan_filtering", 0xff);
    else if (matches(arg, "vlan_protocol")) {
      const x = a.next();
      const proto = /^802\.1q$/i.test(x) ? 0x8100 : /^802\.1ad$/i.test(x) ? 0x88a8 : undefined;
      if (proto === undefined) ip.invarg("invalid vlan_protocol", x);
      b.vlanProtocol = proto;
    } else if (matches(arg, "group_fwd_mask")) b.groupFwdMask = getU("group_fwd_mask", 0xffff);
    else if (matches(arg, "group_address")) {
      const bytes = llAddrA2n(ip, a.next());
      if (!bytes) return -1;
      b.groupAddr = bytes.map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
    } else if (arg === "no_linklocal_learn") b.noLinklocalLearn = getU("no_linklocal_learn", 0xff);
    else if (matches(arg, "fdb_flush")) b.fdbFlush = true;
    else if (matches(arg, "vlan_default_pvid")) b.vlanDefaultPvid = getU("vlan_default_pvid", 0xffff);
    else if (matches(arg, "vlan_stats_enabled")) b.vlanStatsEnabled = getU("vlan_stats_enabled", 0xff);
    else if (matches(arg, "vlan_stats_per_port")) b.vlanStatsPerPort = getU("vlan_stats_per_port", 0xff);
    else if (matches(arg, "mcast_router")) b.mcastRouter = getU("mcast_router", 0xff);
    else if (matches(arg, "mcast_snooping")) b.mcastSnooping = getU("mcast_snooping", 0xff);
    else if (arg === "mcast_vlan_snooping") b.mcastVlanSnooping = getU("mcast_vlan_snooping", 0xff);
    else if (matches(arg, "mcast_query_use_ifaddr"))
      b.mcastQueryUseIfaddr = getU("mcast_query_use_ifaddr", 0xff);
    else if (matches(arg, "mcast_querier")) b.mcastQuerier = getU("mcast_querier", 0xff);
    else if (matches(arg, "mcast_hash_elasticity"))
      b.mcastHashElasticity = getU("mcast_hash_elasticity", 0xffffffff);
    else if (matches(arg, "mcast_hash_max")) b.mcastHashMax = getU("mcast_hash_max", 0xffffffff);
    else if (matches(arg, "mcast_last_member_count"))
      b.mcastLastMemberCount = getU("mcast_last_member_count", 0xffffffff);
    else if (matches(arg, "mcast_startup_query_count"))
      b.mcastStartupQueryCount = getU("mcast_startup_query_count", 0xffffffff);
    else if (matches(arg, "mcast_last_member_interval"))
      b.mcastLastMemberIntvl = getU("mcast_last_member_interval", U64);
    else if (matches(arg, "mcast_membership_interval"))
      b.mcastMembershipIntvl = getU("mcast_membership_interval", U64);
    else if (matches(arg, "mcast_querier_interval"))
      b.mcastQuerierIntvl = getU("mcast_querier_interval", U64);
    else if (matches(arg, "mcast_query_interval")) b.mcastQueryIntvl = getU("mcast_query_interval", U64);
    else if (matches(arg, "mcast_query_response_interval"))
      b.mcastQueryResponseIntvl = getU("mcast_query_response_interval", U64);
    else if (matches(arg, "mcast_startup_query_interval"))
      b.mcastStartupQueryIntvl = getU("mcast_startup_query_interval", U64);
    else if (matches(arg, "mcast_stats_enabled")) b.mcastStatsEnabled = getU("mcast_stats_enabled", 0xff);
    else if (matches(arg, "mcast_igmp_version")) b.mcastIgmpVersion = getU("mcast_igmp_version", 0xff);
    else if (matches(arg, "mcast_mld_version")) b.mcastMldVersion = getU("mcast_mld_version", 0xff);
    else if (matches(arg, "nf_call_iptables")) b.nfCallIptables = getU("nf_call_iptables", 0xff);
    else if (matches(arg, "nf_call_ip6tables")) b.nfCallIp6tables = getU("nf_call_ip6tables", 0xff);
    else if (matches(arg, "nf_call_arptables")) b.nfCallArptables = getU("nf_call_arptables", 0xff);
    else if (matches(arg, "help")) {
      ip.err(USAGE["ip link help bridge"]);
      return -1;
    } else {
      ip.err(`bridge: unknown command "${arg}"?\n`);
      ip.err(USAGE["ip link help bridge"]);
      return -1;
    }
  }
  req.bridge = b;
  return 0;
}

function parseBridgeSlave(ip: IpCtx, a: Args, req: LinkReq): number {
  const s: NonNullable<LinkReq["bridgeSlave"]> = {};
  const onoff = (key: string, x: string): boolean => {
    if (x === "on") return true;
    if (x === "off") return false;
    ip.err(`Error: argument of "${key}" must be "on" or "off", not "${x}"\n`);
    ip.exit(-1);
  };
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (matches(arg, "fdb_flush")) {
      s.fdbFlush = true;
      continue;
    }
    if (matches(arg, "state")) {
      const x = a.next();
      const n = getUnsigned(x);
      if (n === undefined || n > 255) ip.invarg("state is invalid", x);
      s.state = n;
    } else if (matches(arg, "priority")) {
      const x = a.next();
      const n = getUnsigned(x);
      if (n === undefined || n > 65535) ip.invarg("priority is invalid", x);
      s.priority = n;
    } else if (matches(arg, "cost")) {
      const x = a.next();
      const n = getUnsigned(x);
      if (n === undefined) ip.invarg("cost is invalid", x);
      s.cost = n;
    } else if (matches(arg, "hairpin")) s.hairpin = onoff("hairpin", a.next());
    else if (matches(arg, "learning")) s.learning = onoff("learning", a.next());
    else if (matches(arg, "flood")) s.flood = onoff("flood", a.next());
    else if (matches(arg, "mcast_flood")) s.mcastFlood = onoff("mcast_flood", a.next());
    else if (matches(arg, "bcast_flood")) s.bcastFlood = onoff("bcast_flood", a.next());
    else if (matches(arg, "isolated")) s.isolated = onoff("isolated", a.next());
    else if (
      [
        "guard",
        "root_block",
        "fastleave",
        "mcast_to_unicast",
        "proxy_arp",
        "proxy_arp_wifi",
        "neigh_suppress",
        "vlan_tunnel",
        "locked",
      ].some((k) => matches(arg, k))
    ) {
      onoff(arg, a.next());
    } else if (matches(arg, "help")) {
      ip.err(USAGE["ip link help bridge_slave"]);
      return -1;
    } else {
      ip.err(`bridge_slave: unknown option "${arg}"?\n`);
      ip.err(USAGE["ip link help bridge_slave"]);
      return -1;
    }
  }
  req.bridgeSlave = s;
  return 0;
}

/** do_iplink */
export function doIplink(ip: IpCtx, argv: string[]): number {
  if (argv.length < 1) return ipaddrList(ip, [], true);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return iplinkModify(ip, "add", rest);
  if (matches(c, "set") || matches(c, "change")) return iplinkModify(ip, "set", rest);
  if (matches(c, "replace")) return iplinkModify(ip, "replace", rest);
  if (matches(c, "delete")) return iplinkModify(ip, "delete", rest);
  if (matches(c, "show") || matches(c, "lst") || matches(c, "list")) return ipaddrList(ip, rest, true);
  if (matches(c, "help")) {
    const t = rest[0];
    if (t && USAGE[`ip link help ${t}`]) {
      ip.out.printf(USAGE[`ip link help ${t}`]);
      return 0;
    }
    usage(ip);
  }
  ip.err(`Command "${c}" is unknown, try "ip link help".\n`);
  ip.exit(-1);
}
