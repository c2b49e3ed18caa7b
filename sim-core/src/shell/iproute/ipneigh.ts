/** `ip neigh` (ip/ipneigh.c): add/change/replace/del/show/flush over the kernel's ARP table. */
import type { Ip4, Mac } from "../../util/brand";
import { Errno, KernelError, Nud } from "../../kernel/types";
import type { NeighEntry } from "../../kernel/neigh";
import type { Neigh6Entry } from "../../kernel/ipv6";
import { ip6ToString } from "../../wire/addr";
import { maskOf } from "../../util/inet";
import { macFromBytes } from "../../wire/addr";
import { Color, PRINT_ANY, PRINT_FP, PRINT_JSON } from "./print";
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  Args,
  getAddr,
  getPrefix,
  getUnsigned,
  type InetPrefix,
  ip4Text,
  type IpCtx,
  llAddrA2n,
  matches,
  rtProtA2n,
} from "./common";
import { USAGE } from "./usage";

function usage(ip: IpCtx): never {
  ip.err(USAGE["ip neigh help"]);
  ip.exit(255);
}

function nudA2n(arg: string): number | undefined {
  if (matches(arg, "permanent")) return Nud.PERMANENT;
  if (matches(arg, "reachable")) return Nud.REACHABLE;
  if (arg === "noarp") return Nud.NOARP;
  if (arg === "none") return Nud.NONE;
  if (arg === "stale") return Nud.STALE;
  if (arg === "incomplete") return Nud.INCOMPLETE;
  if (arg === "delay") return Nud.DELAY;
  if (arg === "probe") return Nud.PROBE;
  if (matches(arg, "failed")) return Nud.FAILED;
  const v = getUnsigned(arg);
  if (v === undefined || v >= 0x100 || v & (v - 1)) return undefined;
  return v;
}

const NUD_NAMES: [number, string][] = [
  [Nud.INCOMPLETE, "INCOMPLETE"],
  [Nud.REACHABLE, "REACHABLE"],
  [Nud.STALE, "STALE"],
  [Nud.DELAY, "DELAY"],
  [Nud.PROBE, "PROBE"],
  [Nud.FAILED, "FAILED"],
  [Nud.NOARP, "NOARP"],
  [Nud.PERMANENT, "PERMANENT"],
];

interface NeighFilter {
  family: number;
  index: number;
  state: number;
  pfx?: InetPrefix;
  master: number;
  unused: boolean;
}

/** An IPv6 entry shown through the same printer (multicast destinations, NOARP). */
function v6View(e: Neigh6Entry): NeighEntry & { dst6: string } {
  return {
    ip: 0 as Ip4,
    dev: e.dev,
    mac: e.mac,
    state: e.state,
    router: false,
    proxy: false,
    confirmed: e.confirmed,
    updated: e.updated,
    used: e.used,
    probes: 0,
    queue: [],
    byUser: false,
    dst6: ip6ToString(e.addr),
  };
}

/** A proxy (pneigh) entry shown through the same printer. */
function pneighView(dst: Ip4, dev: NeighEntry["dev"] | undefined): NeighEntry {
  return {
    ip: dst,
    dev: dev as NeighEntry["dev"],
    state: Nud.NONE,
    router: false,
    proxy: true,
    confirmed: 0,
    updated: 0,
    used: 0,
    probes: 0,
    queue: [],
    byUser: true,
  };
}

function printNeigh(ip: IpCtx, e: NeighEntry & { dst6?: string }, f: NeighFilter): void {
  const o = ip.out;
  const fam = e.dst6 !== undefined ? AF_INET6 : AF_INET;
  if (f.family && f.family !== fam) return;
  if (f.index && f.index !== e.dev?.ifindex) return;
  if (!(f.state & e.state) && !e.proxy && (e.state || !(f.state & 0x100))) return;
  if (
    f.pfx &&
    f.pfx.bitlen > 0 &&
    (f.pfx.family !== fam || (fam === AF_INET && ((e.ip ^ f.pfx.v4) & maskOf(f.pfx.bitlen)) >>> 0 !== 0))
  )
    return;
  if (f.master > 0 && e.dev?.master?.ifindex !== f.master) return;
  if (f.master < 0 && e.dev?.master) return;
  o.openObject(null);
  o.string(PRINT_ANY, "dst", "%s ", e.dst6 ?? ip4Text(e.ip), fam === AF_INET6 ? Color.INET6 : Color.INET);
  if (!f.index && (!e.proxy || e.dev)) {
    if (!o.isJson()) o.printf("dev ");
    o.string(PRINT_ANY, "dev", "%s ", e.dev.name, Color.IFNAME);
  }
  const hasLl =
    (e.mac !== undefined && !(e.state & (Nud.INCOMPLETE | Nud.FAILED))) ||
    (e.mac !== undefined && e.state === Nud.FAILED && false);
  if (hasLl) {
    if (!o.isJson()) o.printf("lladdr ");
    o.string(PRINT_ANY, "lladdr", "%s ", e.mac!, Color.MAC);
  }
  if (e.router) o.null(PRINT_ANY, "router", "%s ", "router");
  if (e.proxy) o.null(PRINT_ANY, "proxy", "%s ", "proxy");
  if (ip.opts.stats) {
    const now = ip.ns.world.sched.now;
    const hz = (t: number) => Math.floor((now - t) / 1e7);
    if (o.isJson()) {
      o.uint(PRINT_JSON, "refcnt", null, 0);
      o.uint(PRINT_JSON, "used", null, hz(e.used));
      o.uint(PRINT_JSON, "confirmed", null, hz(e.confirmed));
      o.uint(PRINT_JSON, "updated", null, hz(e.updated));
    } else {
      o.printf(
        " used %d/%d/%d",
        Math.floor(hz(e.used) / 100),
        Math.floor(hz(e.confirmed) / 100),
        Math.floor(hz(e.updated) / 100),
      );
    }
    if (e.state & (Nud.INCOMPLETE | Nud.PROBE | Nud.FAILED))
      o.uint(PRINT_ANY, "probes", "probes %u ", e.probes);
  }
  if (e.state) {
    o.openArray(PRINT_JSON, o.isJson() ? "state" : "");
    let nud = e.state as number;
    for (const [bit, name] of NUD_NAMES) {
      if (nud & bit) {
        nud &= ~bit;
        o.string(PRINT_ANY, null, "%s ", name);
      }
    }
    o.closeArray(PRINT_JSON, null);
  }
  o.string(PRINT_FP, null, "\n", "");
  o.closeObject();
}

function showOrFlush(ip: IpCtx, args: string[], flush: boolean): number {
  const f: NeighFilter = {
    family: ip.opts.family,
    index: 0,
    state: flush ? ~(Nud.PERMANENT | Nud.NOARP) : 0xff & ~Nud.NOARP,
    master: 0,
    unused: false,
  };
  let stateGiven = false;
  let proxy = false;
  let dev: string | undefined;
  if (flush && !args.length) {
    ip.err("Flush requires arguments.\n");
    return -1;
  }
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "dev") {
      const v = a.next();
      if (dev) ip.duparg("dev", v);
      dev = v;
    } else if (arg === "master") {
      const v = a.next();
      const idx = ip.nameToIndex(v);
      if (!idx) ip.invarg("Device does not exist\n", v);
      f.master = idx;
    } else if (arg === "nomaster") f.master = -1;
    else if (arg === "unused") f.unused = true;
    else if (arg === "nud") {
      const v = a.next();
      if (!stateGiven) {
        stateGiven = true;
        f.state = 0;
      }
      let s = nudA2n(v);
      if (s === undefined) {
        if (v !== "all") ip.invarg("nud state is bad", v);
        s = ~0;
        if (flush) s &= ~Nud.NOARP;
      }
      if (s === 0) s = 0x100;
      f.state |= s;
    } else if (arg === "proxy") proxy = true;
    else if (matches(arg, "protocol")) {
      const v = a.next();
      if (rtProtA2n(v) === undefined && v !== "all") ip.invarg('invalid "protocol"\n', v);
    } else {
      let v = arg;
      if (v === "to") v = a.next();
      if (matches(v, "help")) usage(ip);
      f.pfx = getPrefix(ip, v, f.family);
      if (f.family === AF_UNSPEC) f.family = f.pfx.family;
    }
  }
  if (dev) {
    f.index = ip.nameToIndex(dev);
    if (!f.index) return ip.nodev(dev);
  }
  const entries = ip.ns.neigh.all();
  if (flush) {
    for (const e of entries) {
      if (f.index && e.dev.ifindex !== f.index) continue;
      // print_neigh's state test (0x100 stands for NUD_NONE)
      if (!(f.state & e.state) && (e.state || !(f.state & 0x100))) continue;
      if (f.pfx && f.pfx.bitlen > 0 && ((e.ip ^ f.pfx.v4) & maskOf(f.pfx.bitlen)) >>> 0 !== 0) continue;
      ip.ns.neigh.delete(e);
    }
    return 0;
  }
  ip.out.newJsonObj();
  if (proxy) {
    // an NTF_PROXY dump lists the pneigh entries
    if (f.family !== AF_INET6)
      for (const p of ip.ns.neigh.proxies) printNeigh(ip, { ...pneighView(p.ip, p.dev) }, f);
    ip.out.deleteJsonObj();
    return 0;
  }
  if (f.family !== AF_INET6) for (const e of [...entries].reverse()) printNeigh(ip, e, f);
  if (f.family !== AF_INET) for (const e of ip.ns.ipv6.neigh.values()) printNeigh(ip, v6View(e), f);
  ip.out.deleteJsonObj();
  return 0;
}

function modify(ip: IpCtx, cmd: "add" | "change" | "replace" | "del", args: string[]): number {
  let state: number = Nud.PERMANENT;
  let dev: string | undefined;
  let dstOk = false;
  let devOk = false;
  let lla: string | undefined;
  let dst: InetPrefix | undefined;
  let router = false;
  let use = false;
  let proxy = false;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (matches(arg, "lladdr")) {
      const v = a.next();
      if (lla !== undefined) ip.duparg("lladdr", v);
      lla = v;
    } else if (arg === "nud") {
      const v = a.next();
      const s = nudA2n(v);
      if (s === undefined) ip.invarg("nud state is bad", v);
      state = s;
    } else if (matches(arg, "proxy")) {
      const v = a.next();
      if (matches(v, "help")) usage(ip);
      if (dstOk) ip.duparg("address", v);
      dst = getAddr(ip, v, ip.opts.family);
      dstOk = true;
      devOk = true;
      proxy = true;
    } else if (arg === "router") router = true;
    else if (arg === "use") use = true;
    else if (arg === "managed") state = Nud.NONE;
    else if (matches(arg, "extern_learn")) continue;
    else if (arg === "dev") {
      dev = a.next();
      devOk = true;
    } else if (matches(arg, "protocol")) {
      const v = a.next();
      if (rtProtA2n(v) === undefined) ip.invarg('"protocol" value is invalid\n', v);
    } else {
      let v = arg;
      if (v === "to") v = a.next();
      if (matches(v, "help")) v = a.next();
      if (dstOk) ip.duparg2("to", v);
      dst = getAddr(ip, v, ip.opts.family);
      dstOk = true;
    }
  }
  if (!devOk || !dstOk || !dst || dst.family === AF_UNSPEC) {
    ip.err("Device and destination are required arguments.\n");
    ip.exit(-1);
  }
  let mac: Mac | undefined;
  if (lla !== undefined && lla !== "null") {
    const b = llAddrA2n(ip, lla);
    if (!b) return -1;
    mac = b.length >= 6 ? macFromBytes(Uint8Array.from(b.slice(0, 6))) : undefined;
    if (!mac) {
      ip.rtnlError(new KernelError(Errno.EINVAL, "Invalid link address"));
      ip.exit(2);
    }
  }
  let ifindex = 0;
  if (dev) {
    ifindex = ip.nameToIndex(dev);
    if (!ifindex) return ip.nodev(dev);
  }
  if (dst.family === AF_INET6) return 0;
  try {
    // NTF_PROXY: neigh_add creates (or keeps) a pneigh entry, neigh_delete removes one
    if (proxy) {
      const pdev = ifindex ? ip.ns.byIndex(ifindex) : undefined;
      if (cmd === "del") {
        if (!ip.ns.neigh.pneighDelete(dst.v4, pdev)) throw new KernelError(Errno.ENOENT);
      } else ip.ns.neigh.pneighCreate(dst.v4, pdev);
      return 0;
    }
    neighUpdate(ip, cmd, ifindex, dst.v4, mac, state, router, use);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      ip.exit(2);
    }
    throw e;
  }
  return 0;
}

/** neigh_add / neigh_delete */
function neighUpdate(
  ip: IpCtx,
  cmd: "add" | "change" | "replace" | "del",
  ifindex: number,
  dstIp: Ip4,
  mac: Mac | undefined,
  state: number,
  router: boolean,
  use: boolean,
): void {
  const ns = ip.ns;
  const dev = ns.byIndex(ifindex);
  if (!dev) throw new KernelError(Errno.EINVAL);
  const tbl = ns.neigh;
  let e = tbl.lookup(dev, dstIp);
  if (cmd === "del") {
    if (!e) throw new KernelError(Errno.ENOENT);
    tbl.delete(e);
    return;
  }
  if (!e) {
    if (cmd === "change") throw new KernelError(Errno.ENOENT);
    e = tbl.create(dev, dstIp, true);
  } else if (cmd === "add") throw new KernelError(Errno.EEXIST);
  if (use) {
    return;
  }
  if (
    !mac &&
    state & (Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.STALE | Nud.DELAY | Nud.PROBE) &&
    !e.mac &&
    !dev.noarp
  ) {
    // __neigh_update fails, but the entry neigh_add created stays (in NUD_NONE)
    throw new KernelError(Errno.EINVAL, "No link layer address given");
  }
  e.router = router;
  tbl.update(e, mac, state as Nud, { admin: true, override: cmd !== "change" || true });
}

export function doIpneigh(ip: IpCtx, argv: string[]): number {
  if (!argv.length) return showOrFlush(ip, [], false);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return modify(ip, "add", rest);
  if (matches(c, "change") || c === "chg") return modify(ip, "change", rest);
  if (matches(c, "replace")) return modify(ip, "replace", rest);
  if (matches(c, "delete")) return modify(ip, "del", rest);
  if (matches(c, "show") || matches(c, "lst") || matches(c, "list")) return showOrFlush(ip, rest, false);
  if (matches(c, "flush")) return showOrFlush(ip, rest, true);
  if (matches(c, "help")) usage(ip);
  ip.err(`Command "${c}" is unknown, try "ip neigh help".\n`);
  ip.exit(-1);
}
