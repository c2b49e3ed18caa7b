/** `ip address add|change|replace|del|flush` (ip/ipaddress.c ipaddr_modify, ipaddr_flush). */
import type { Ip4, Ip6 } from "../../util/brand";
import { ip6Equal } from "../../wire/addr";
import { Errno, KernelError } from "../../kernel/types";
import { rtnlDeladdr, rtnlNewaddr, type AddrReq } from "../../kernel/rtnl-addr";
import {
  AF_INET,
  AF_INET6,
  AF_PACKET,
  AF_UNSPEC,
  Args,
  getAddr,
  getPrefix,
  getUnsigned,
  type InetPrefix,
  type IpCtx,
  matches,
  rtScopeA2n,
} from "./common";
import { ipaddrList, usageAddr, dumpAddrs } from "./ipaddress";

const FLAGS: Record<string, { mask: number; readonly: boolean; v6only: boolean }> = {
  secondary: { mask: 0x01, readonly: true, v6only: false },
  temporary: { mask: 0x01, readonly: true, v6only: false },
  nodad: { mask: 0x02, readonly: false, v6only: true },
  optimistic: { mask: 0x04, readonly: false, v6only: true },
  dadfailed: { mask: 0x08, readonly: true, v6only: true },
  home: { mask: 0x10, readonly: false, v6only: true },
  deprecated: { mask: 0x20, readonly: true, v6only: true },
  tentative: { mask: 0x40, readonly: true, v6only: true },
  permanent: { mask: 0x80, readonly: true, v6only: true },
  mngtmpaddr: { mask: 0x100, readonly: false, v6only: true },
  noprefixroute: { mask: 0x200, readonly: false, v6only: false },
  autojoin: { mask: 0x400, readonly: false, v6only: false },
  "stable-privacy": { mask: 0x800, readonly: true, v6only: true },
};

function ipaddrModify(ip: IpCtx, cmd: "add" | "change" | "replace" | "del", args: string[]): number {
  let family = ip.opts.family;
  let dev: string | undefined;
  let label: string | undefined;
  let lcl: InetPrefix | undefined;
  let lclArg: string | undefined;
  let peer: InetPrefix | undefined;
  let prefixLen = 0;
  let brd: Ip4 | undefined;
  let brdMode = 0; // -1 '+', -2 '-'
  let brdSeen = false;
  let anySeen = false;
  let scope = 0;
  let scoped = false;
  let metric: number | undefined;
  let valid: number | undefined;
  let preferred: number | undefined;
  let validSeen = false;
  let prefSeen = false;
  let flags = 0;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "peer" || arg === "remote") {
      const v = a.next();
      if (peer) ip.duparg("peer", v);
      peer = getPrefix(ip, v, family);
      if (family === AF_UNSPEC) family = peer.family;
      prefixLen = peer.bitlen;
    } else if (matches(arg, "broadcast") || arg === "brd") {
      const v = a.next();
      if (brdSeen) ip.duparg("broadcast", v);
      brdSeen = true;
      if (v === "+") brdMode = -1;
      else if (v === "-") brdMode = -2;
      else {
        const b = getAddr(ip, v, family);
        if (family === AF_UNSPEC) family = b.family;
        brd = b.v4;
      }
    } else if (arg === "anycast") {
      const v = a.next();
      if (anySeen) ip.duparg("anycast", v);
      anySeen = true;
      const b = getAddr(ip, v, family);
      if (family === AF_UNSPEC) family = b.family;
    } else if (arg === "scope") {
      const v = a.next();
      const s = rtScopeA2n(v);
      if (s === undefined) ip.invarg("invalid scope value.", v);
      scope = s;
      scoped = true;
    } else if (arg === "dev") {
      dev = a.next();
    } else if (arg === "label") {
      label = a.next();
    } else if (matches(arg, "metric") || matches(arg, "priority") || matches(arg, "preference")) {
      const v = a.next();
      const m = getUnsigned(v);
      if (m === undefined) ip.invarg('"metric" value is invalid\n', v);
      metric = m;
    } else if (matches(arg, "valid_lft")) {
      if (validSeen) ip.duparg("valid_lft", arg);
      const v = a.next();
      validSeen = true;
      valid = v === "forever" ? 0xffffffff : getUnsigned(v);
      if (valid === undefined) ip.invarg("valid_lft value", v);
    } else if (matches(arg, "preferred_lft")) {
      if (prefSeen) ip.duparg("preferred_lft", arg);
      const v = a.next();
      prefSeen = true;
      preferred = v === "forever" ? 0xffffffff : getUnsigned(v);
      if (preferred === undefined) ip.invarg("preferred_lft value", v);
    } else if (FLAGS[arg]) {
      const fd = FLAGS[arg];
      if (fd.readonly) ip.err(`Warning: ${arg} option is not mutable from userspace\n`);
      else if (fd.v6only && family !== AF_INET6)
        ip.err(`Warning: ${arg} option can be set only for IPv6 addresses\n`);
      else flags |= fd.mask;
    } else {
      let v = arg;
      if (arg === "local") v = a.next();
      if (matches(v, "help")) usageAddr(ip, false);
      if (lcl) ip.duparg2("local", v);
      lclArg = v;
      lcl = getPrefix(ip, v, family);
      if (family === AF_UNSPEC) family = lcl.family;
    }
  }
  if (!dev) {
    ip.err('Not enough information: "dev" argument is required.\n');
    return -1;
  }
  let address: Ip4 | undefined = peer?.v4;
  if (!peer && lcl) {
    if (cmd === "del" && lcl.family === AF_INET && !lcl.prefixSpecified) {
      ip.err(
        `Warning: Executing wildcard deletion to stay compatible with old scripts.\n         Explicitly specify the prefix length (${lclArg}/${lcl.bytelen * 8}) to avoid this warning.\n         This special behaviour is likely to disappear in further releases,\n         fix your scripts!\n`,
      );
    } else {
      peer = lcl;
      address = lcl.v4;
    }
  }
  if (prefixLen === 0 && lcl) prefixLen = lcl.bitlen;
  if (brdMode < 0 && cmd !== "del") {
    if (family !== AF_INET) {
      ip.err("Broadcast can be set only for IPv4 addresses\n");
      return -1;
    }
    const base = peer ?? lcl!;
    if (base.bitlen <= 30) {
      let b = base.v4 >>> 0;
      for (let i = 31; i >= base.bitlen; i--) {
        if (brdMode === -1) b = (b | (1 << (31 - i))) >>> 0;
        else b = (b & ~(1 << (31 - i))) >>> 0;
      }
      brd = b as Ip4;
    }
  }
  if (!scoped && cmd !== "del" && lcl) scope = lcl.family === AF_INET && lcl.v4 >>> 24 === 127 ? 254 : 0;
  const ifindex = ip.nameToIndex(dev);
  if (!ifindex) return ip.nodev(dev);
  if (valid !== undefined || preferred !== undefined) {
    const v = valid ?? 0xffffffff;
    const p = preferred ?? 0xffffffff;
    if (!v) {
      ip.err("valid_lft is zero\n");
      return -1;
    }
    if (v < p) {
      ip.err("preferred_lft is greater than valid_lft\n");
      return -1;
    }
  }
  try {
    if (family === AF_INET6 && lcl?.v6) {
      const dev6 = ip.ns.byIndex(ifindex)!;
      const addr6 = lcl.v6 as Ip6;
      const len6 = lcl.bitlen < 0 ? 128 : lcl.bitlen;
      if (cmd === "del") ip.ns.ipv6.delAddress(dev6, addr6, prefixLen || len6);
      else {
        const exists = dev6.in6.find((x) => ip6Equal(x.addr, addr6));
        if (exists && (cmd === "change" || cmd === "replace")) {
          exists.noprefixroute = (flags & 0x200) !== 0;
          if (valid !== undefined) exists.validLft = valid;
          if (preferred !== undefined) exists.preferredLft = preferred;
        } else if (!exists && cmd === "change") throw new KernelError(Errno.ENOENT);
        else
          ip.ns.ipv6.addAddress(dev6, addr6, len6, {
            nodad: (flags & 0x2) !== 0,
            noprefixroute: (flags & 0x200) !== 0,
            validLft: valid,
            preferredLft: preferred,
            metric,
          });
      }
      return 0;
    }
    // no address and no -4: an AF_UNSPEC request, which no address family handles
    if (!lcl && family === AF_UNSPEC) throw new KernelError(Errno.EOPNOTSUPP);
    if (cmd === "del") {
      rtnlDeladdr(ip.ns, { ifindex, local: lcl?.v4, address, prefixLen, label });
    } else {
      const req: AddrReq = {
        ifindex,
        local: lcl?.v4,
        address,
        prefixLen,
        broadcast: brd,
        scope,
        label,
        metric,
        noprefixroute: (flags & 0x200) !== 0,
        validLft: valid,
        preferredLft: preferred,
        create: cmd === "add" || cmd === "replace",
        excl: cmd === "add",
        replace: cmd === "change" || cmd === "replace",
      };
      rtnlNewaddr(ip.ns, req);
    }
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -2;
    }
    throw e;
  }
  return 0;
}

/** ip addr flush */
function ipaddrFlush(ip: IpCtx, args: string[]): number {
  if (!args.length) {
    ip.err("Flush requires arguments.\n");
    return -1;
  }
  if (ip.opts.family === AF_PACKET) {
    ip.err("Cannot flush link addresses.\n");
    return -1;
  }
  let dev: string | undefined;
  let scope: number | undefined;
  let to: InetPrefix | undefined;
  let label: string | undefined;
  let secondaryOnly: boolean | undefined;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "to") to = getPrefix(ip, a.next(), ip.opts.family);
    else if (arg === "scope") {
      const v = a.next();
      const s = rtScopeA2n(v);
      if (s === undefined && v !== "all") ip.invarg('invalid "scope"\n', v);
      scope = s;
    } else if (arg === "label") label = a.next();
    else if (arg === "secondary") secondaryOnly = true;
    else if (arg === "primary") secondaryOnly = false;
    else if (arg === "permanent" || arg === "dynamic" || arg === "up") continue;
    else {
      const v = arg === "dev" ? a.next() : arg;
      if (dev) ip.duparg2("dev", v);
      dev = v;
    }
  }
  let ifindex = 0;
  if (dev) {
    ifindex = ip.nameToIndex(dev);
    if (!ifindex) {
      ip.err(`Device "${dev}" does not exist.\n`);
      return -1;
    }
  }
  for (let round = 0; round < 10; round++) {
    const victims = dumpAddrs(ip.ns).filter(
      (x) =>
        x.family === AF_INET &&
        ip.opts.family !== AF_INET6 &&
        (!ifindex || x.dev.ifindex === ifindex) &&
        (scope === undefined || x.scope === scope) &&
        (label === undefined || x.label === label) &&
        (secondaryOnly === undefined || ((x.flags & 1) !== 0) === secondaryOnly) &&
        (!to || to.bitlen <= 0 || (x.localRaw! ^ to.v4) >>> (32 - to.bitlen) === 0),
    );
    const v6 =
      ip.opts.family === AF_INET || secondaryOnly === true || label !== undefined
        ? []
        : ip.ns
            .list()
            .filter((d) => !ifindex || d.ifindex === ifindex)
            .flatMap((d) => d.in6.map((a) => ({ d, a })))
            .filter(({ a }) => (scope === undefined || a.scope === scope) && (!to || to.family !== AF_INET));
    if (!victims.length && !v6.length) break;
    for (const x of victims) {
      const ifa = x.dev.in4.find((i) => i.local === x.localRaw && i.label === x.label);
      if (ifa) ip.ns.delAddress(x.dev, ifa);
    }
    for (const { d, a } of v6) ip.ns.ipv6.removeAddress(d, a);
    if (secondaryOnly === false) break;
  }
  return 0;
}

export function doIpaddr(ip: IpCtx, argv: string[]): number {
  if (argv.length < 1) return ipaddrList(ip, [], false);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return ipaddrModify(ip, "add", rest);
  if (matches(c, "change") || c === "chg") return ipaddrModify(ip, "change", rest);
  if (matches(c, "replace")) return ipaddrModify(ip, "replace", rest);
  if (matches(c, "delete")) return ipaddrModify(ip, "del", rest);
  if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) return ipaddrList(ip, rest, false);
  if (matches(c, "flush")) return ipaddrFlush(ip, rest);
  if (matches(c, "help")) usageAddr(ip, false);
  ip.err(`Command "${c}" is unknown, try "ip address help".\n`);
  ip.exit(-1);
}

export { AF_INET };
