/**
 * `ip route` (ip/iproute.c): add/change/replace/prepend/append/test/delete, show/list with the
 * dump filters, flush, get. Printing follows print_route: the type unless unicast, dst, via,
 * dev, table unless main, proto unless boot, scope unless global, src, metric, flags, and the
 * cached-route tail of `ip route get`.
 */
import type { Ip4 } from "../../util/brand";
import {
  KernelError,
  Errno,
  Proto,
  RouteType,
  Scope,
  Table,
  ROUTE_TYPE_NAMES,
  STRERROR,
} from "../../kernel/types";
import { rtnlDelroute, rtnlNewroute, type RouteReq } from "../../kernel/rtnl-route";
import { routeLinkdown, type Route } from "../../kernel/fib";
import { maskOf } from "../../util/inet";
import { ip6ToString } from "../../wire/addr";
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
  matches,
  rtProtA2n,
  rtProtN2a,
  rtScopeA2n,
  rtScopeN2a,
  rtTableA2n,
  rtTableN2a,
} from "./common";
import { USAGE } from "./usage";
import type { NetDevice } from "../../kernel/device";

const RTNH_F_ONLINK = 4;
const RTNH_F_LINKDOWN = 16;
const RTNH_F_DEAD = 1;
const RTM_F_CLONED = 0x200;

function usage(ip: IpCtx): never {
  ip.err(USAGE["ip route help"]);
  ip.exit(255);
}

export function rtntypeA2n(a: string): RouteType | undefined {
  const i = ROUTE_TYPE_NAMES.indexOf(a);
  if (i >= 0 && i !== 0) return i as RouteType;
  if (a === "unicast") return RouteType.unicast;
  return undefined;
}

/** A route as the dump reports it (one rtmsg + attributes). */
export interface RtMsg {
  family: number;
  table: number;
  dst?: string;
  dstRaw: number;
  dstLen: number;
  tos: number;
  type: RouteType;
  protocol: number;
  scope: number;
  flags: number;
  gateway?: string;
  oif?: NetDevice;
  prefsrc?: string;
  priority?: number;
  pref?: string;
  metrics?: { mtu?: number; lock?: boolean; window?: number; rtt?: number; advmss?: number };
  /** RTM_F_CLONED (ip route get) fields. */
  uid?: number;
  cacheFlags?: string[];
  expires?: number;
  iif?: NetDevice;
  from?: string;
  /** RTA_MARK (ip route get … mark N) */
  mark?: number;
  /** RTA_MULTIPATH */
  nhs?: { gateway?: string; dev: NetDevice; weight: number; flags: number }[];
}

function routeMsg(r: Route): RtMsg {
  let flags = 0;
  if (r.onlink) flags |= RTNH_F_ONLINK;
  if (r.dev && routeLinkdown(r)) flags |= RTNH_F_LINKDOWN;
  if (r.dev && !r.dev.up && r.type !== RouteType.local) flags |= RTNH_F_DEAD;
  return {
    family: AF_INET,
    table: r.table,
    dst: r.dstLen || r.dst ? ip4Text(r.dst) : undefined,
    dstRaw: r.dst,
    dstLen: r.dstLen,
    tos: r.tos,
    type: r.type,
    protocol: r.protocol,
    scope: r.scope,
    flags,
    gateway: r.gateway !== undefined ? ip4Text(r.gateway) : undefined,
    oif: r.dev,
    prefsrc: r.prefsrc !== undefined ? ip4Text(r.prefsrc) : undefined,
    priority: r.priority || undefined,
    metrics: r.metrics,
    nhs: r.nhs?.map((n) => {
      let nf = 0;
      if (n.onlink) nf |= RTNH_F_ONLINK;
      if (n.dead || !n.dev.up) nf |= RTNH_F_DEAD;
      if (n.linkdown || (n.dev.up && !n.dev.carrier)) nf |= RTNH_F_LINKDOWN;
      return {
        gateway: n.gateway !== undefined ? ip4Text(n.gateway) : undefined,
        dev: n.dev,
        weight: n.weight,
        flags: nf,
      };
    }),
  };
}

/** The IPv6 FIB (kernel routes of addresses and multicast), as RTM_GETROUTE dumps it. */
function ipv6Routes(ip: IpCtx): RtMsg[] {
  return ip.ns.ipv6.routes().map((r) => ({
    family: AF_INET6,
    table: r.table,
    dst: r.len || !isZero6(r.dst) ? ip6ToString(r.dst) : undefined,
    dstRaw: 0,
    dstLen: r.len,
    tos: 0,
    type: r.type,
    protocol: r.protocol,
    scope: 0,
    flags: r.type === RouteType.local ? 0 : routeLinkdownDev(r.dev),
    oif: r.type === RouteType.local && !r.dev.isLoopback() ? r.dev : r.dev,
    priority: r.metric,
    pref: "medium",
  }));
}

function isZero6(a: Uint8Array): boolean {
  return a.every((b) => b === 0);
}

function routeLinkdownDev(d: NetDevice): number {
  return d.up && !d.carrier ? RTNH_F_LINKDOWN : 0;
}

interface RouteFilter {
  tb: number;
  cloned: boolean;
  protocol: number;
  protocolmask: number;
  scope: number;
  scopemask: number;
  typemask: number;
  tos: number;
  tosmask: number;
  rdst?: InetPrefix;
  mdst?: InetPrefix;
  rvia?: InetPrefix;
  rprefsrc?: InetPrefix;
  oif: number;
  oifmask: number;
  metric: number;
  metricmask: number;
}

function newRouteFilter(): RouteFilter {
  return {
    tb: 0,
    cloned: false,
    protocol: 0,
    protocolmask: 0,
    scope: 0,
    scopemask: 0,
    typemask: 0,
    tos: 0,
    tosmask: 0,
    oif: 0,
    oifmask: 0,
    metric: 0,
    metricmask: 0,
  };
}

function prefixMatch(addr: number, p: InetPrefix, bits: number): boolean {
  if (bits <= 0) return true;
  return ((addr ^ p.v4) & maskOf(bits)) >>> 0 === 0;
}

function filterRoute(ip: IpCtx, f: RouteFilter, r: RtMsg): boolean {
  if (ip.opts.family !== AF_UNSPEC && r.family !== ip.opts.family) return false;
  // the dump request carries RTA_TABLE: the kernel itself filters by table (both families)
  if (f.tb > 0 && f.tb !== r.table) return false;
  if ((f.protocol ^ r.protocol) & f.protocolmask) return false;
  if ((f.scope ^ r.scope) & f.scopemask) return false;
  if (f.typemask && !(f.typemask & (1 << r.type))) return false;
  if ((f.tos ^ r.tos) & f.tosmask) return false;
  if (r.family === AF_INET) {
    if (f.rdst && (f.rdst.family !== AF_INET || f.rdst.bitlen > r.dstLen)) return false;
    if (f.mdst && (f.mdst.family !== AF_INET || (f.mdst.bitlen >= 0 && f.mdst.bitlen < r.dstLen)))
      return false;
    if (f.rdst && !prefixMatch(r.dstRaw, f.rdst, f.rdst.bitlen)) return false;
    if (f.mdst && !prefixMatch(r.dstRaw, f.mdst, r.dstLen)) return false;
    if (f.rvia) {
      if (f.rvia.family !== AF_INET) return false;
      const gw = r.gateway;
      const g = gw ? Number(gw.split(".").reduce((acc, o) => acc * 256 + Number(o), 0)) : 0;
      if (!prefixMatch(g, f.rvia, f.rvia.bitlen)) return false;
    }
    if (f.rprefsrc) {
      const p = r.prefsrc ? r.prefsrc.split(".").reduce((acc, o) => acc * 256 + Number(o), 0) : 0;
      if (!prefixMatch(p, f.rprefsrc, f.rprefsrc.bitlen)) return false;
    }
  } else if (f.rdst || f.mdst || f.rvia || f.rprefsrc) return false;
  if (f.oifmask && (r.oif?.ifindex ?? 0) !== f.oif) return false;
  if (f.metricmask && (r.priority ?? 0) !== f.metric) return false;
  return true;
}

/** print_route */
export function printRoute(ip: IpCtx, r: RtMsg, f: RouteFilter): void {
  const o = ip.out;
  const hostLen = r.family === AF_INET6 ? 128 : 32;
  o.openObject(null);
  if (r.type !== RouteType.unicast || ip.opts.details > 0) {
    if (!f.typemask || f.typemask & (1 << r.type))
      o.string(PRINT_ANY, "type", "%s ", ROUTE_TYPE_NAMES[r.type] ?? String(r.type));
  }
  let dst: string;
  let color: Color = Color.NONE;
  if (r.dst !== undefined) {
    color = r.family === AF_INET ? Color.INET : Color.INET6;
    dst = r.dstLen !== hostLen ? `${r.dst}/${r.dstLen}` : r.dst;
  } else if (r.dstLen) dst = `0/${r.dstLen} `;
  else dst = "default";
  o.string(PRINT_ANY, "dst", "%s ", dst, color);
  if (r.from) o.string(PRINT_ANY, "from", "from %s ", r.from, color);
  if (r.tos && f.tosmask !== -1)
    o.string(PRINT_ANY, "tos", "tos %s ", `0x${r.tos.toString(16).padStart(2, "0")}`);
  if (r.gateway && !(f.rvia && f.rvia.bitlen === hostLen)) {
    if (o.isJson()) o.string(PRINT_JSON, "gateway", null, r.gateway);
    else {
      o.printf("via ");
      o.string(PRINT_FP, null, "%s ", r.gateway, r.family === AF_INET ? Color.INET : Color.INET6);
    }
  }
  if (r.oif && f.oifmask !== -1) {
    if (o.isJson()) o.string(PRINT_JSON, "dev", null, r.oif.name);
    else {
      o.printf("dev ");
      o.colorPrintf(Color.IFNAME, "%s ", r.oif.name);
    }
  }
  if (r.table && (r.table !== Table.main || ip.opts.details > 0) && !f.tb)
    o.string(PRINT_ANY, "table", "table %s ", rtTableN2a(r.table));
  if (!(r.flags & RTM_F_CLONED)) {
    if ((r.protocol !== Proto.boot || ip.opts.details > 0) && f.protocolmask !== -1)
      o.string(PRINT_ANY, "protocol", "proto %s ", rtProtN2a(r.protocol));
    if ((r.scope !== Scope.universe || ip.opts.details > 0) && f.scopemask !== -1)
      o.string(PRINT_ANY, "scope", "scope %s ", rtScopeN2a(r.scope));
  }
  if (r.prefsrc && !(f.rprefsrc && f.rprefsrc.bitlen === hostLen)) {
    if (o.isJson()) o.string(PRINT_JSON, "prefsrc", null, r.prefsrc);
    else {
      o.printf("src ");
      o.string(PRINT_FP, null, "%s ", r.prefsrc, r.family === AF_INET ? Color.INET : Color.INET6);
    }
  }
  if (r.priority !== undefined && f.metricmask !== -1) o.uint(PRINT_ANY, "metric", "metric %u ", r.priority);
  o.openArray(PRINT_JSON, o.isJson() ? "flags" : "");
  if (r.flags & RTNH_F_DEAD) o.string(PRINT_ANY, null, "%s ", "dead");
  if (r.flags & RTNH_F_ONLINK) o.string(PRINT_ANY, null, "%s ", "onlink");
  if (r.flags & RTNH_F_LINKDOWN) o.string(PRINT_ANY, null, "%s ", "linkdown");
  o.closeArray(PRINT_JSON, null);
  if (r.mark) {
    if (o.isJson()) o.uint(PRINT_JSON, "mark", null, r.mark);
    else if (r.mark >= 16) o.printf("mark 0x%x ", r.mark);
    else o.printf("mark %u ", r.mark);
  }
  if (r.uid !== undefined) o.uint(PRINT_ANY, "uid", "uid %u ", r.uid);
  if (r.family === AF_INET && r.flags & RTM_F_CLONED) {
    if (o.isJson()) {
      o.openArray(PRINT_JSON, "cache");
      for (const c of r.cacheFlags ?? []) o.string(PRINT_JSON, null, null, c);
      o.closeArray(PRINT_JSON, null);
    } else {
      o.printf("%s    cache ", o.SL);
      const cf = r.cacheFlags ?? [];
      if (cf.length) o.printf("<%s> ", cf.join(","));
    }
    if (r.expires !== undefined) o.int(PRINT_ANY, "expires", "expires %dsec ", r.expires);
  }
  const mx = r.metrics;
  if (
    mx &&
    (mx.mtu !== undefined || mx.window !== undefined || mx.rtt !== undefined || mx.advmss !== undefined)
  ) {
    o.openArray(PRINT_JSON, "metrics");
    o.openObject(null);
    if (mx.mtu !== undefined) {
      if (!o.isJson()) {
        o.printf("mtu ");
        if (mx.lock) o.printf("lock ");
      }
      o.uint(PRINT_ANY, "mtu", "%u ", mx.mtu);
    }
    // print_rta_metrics: RTAX order (mtu, window, rtt, …, advmss); rtt is kept ×8
    if (mx.window !== undefined) {
      if (!o.isJson()) o.printf("window ");
      o.uint(PRINT_ANY, "window", "%u ", mx.window);
    }
    if (mx.rtt !== undefined) {
      const ms = Math.floor(mx.rtt / 8);
      if (o.isJson()) o.uint(PRINT_JSON, "rtt", null, ms);
      else o.printf(ms >= 1000 ? `rtt ${ms / 1e3}s ` : `rtt ${ms}ms `);
    }
    if (mx.advmss !== undefined) {
      if (!o.isJson()) o.printf("advmss ");
      o.uint(PRINT_ANY, "advmss", "%u ", mx.advmss);
    }
    o.closeObject();
    o.closeArray(PRINT_JSON, null);
  }
  if (r.iif) {
    if (o.isJson()) o.string(PRINT_JSON, "iif", null, r.iif.name);
    else {
      o.printf("iif ");
      o.colorPrintf(Color.IFNAME, "%s ", r.iif.name);
    }
  }
  if (r.pref) o.string(PRINT_ANY, "pref", "pref %s", r.pref);
  if (r.nhs) {
    // print_rta_multipath
    o.openArray(PRINT_JSON, "nexthops");
    for (const n of r.nhs) {
      o.openObject(null);
      o.string(PRINT_FP, null, "%s\tnexthop ", o.SL);
      if (n.gateway) {
        if (o.isJson()) o.string(PRINT_JSON, "gateway", null, n.gateway);
        else {
          o.printf("via ");
          o.string(PRINT_FP, null, "%s ", n.gateway, Color.INET);
        }
      }
      o.string(PRINT_ANY, "dev", "dev %s ", n.dev.name);
      o.int(PRINT_ANY, "weight", "weight %d ", n.weight);
      o.openArray(PRINT_JSON, o.isJson() ? "flags" : "");
      if (n.flags & RTNH_F_DEAD) o.string(PRINT_ANY, null, "%s ", "dead");
      if (n.flags & RTNH_F_ONLINK) o.string(PRINT_ANY, null, "%s ", "onlink");
      if (n.flags & RTNH_F_LINKDOWN) o.string(PRINT_ANY, null, "%s ", "linkdown");
      o.closeArray(PRINT_JSON, null);
      o.closeObject();
    }
    o.closeArray(PRINT_JSON, null);
  }
  o.string(PRINT_FP, null, "\n", null);
  o.closeObject();
}

function allRoutes(ip: IpCtx, family: number): RtMsg[] {
  const out: RtMsg[] = [];
  if (family === AF_UNSPEC || family === AF_INET)
    for (const t of ip.ns.fib.allTables()) for (const r of t.routes) out.push(routeMsg(r));
  if (family === AF_UNSPEC || family === AF_INET6) out.push(...ipv6Routes(ip));
  return out;
}

function parseListFilter(
  ip: IpCtx,
  args: string[],
  flush: boolean,
): { f: RouteFilter; family: number } | number {
  const f = newRouteFilter();
  f.tb = Table.main;
  let family = ip.opts.family;
  let od: string | undefined;
  let id: string | undefined;
  if (flush && !args.length) {
    ip.err('"ip route flush" requires arguments.\n');
    return -1;
  }
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (matches(arg, "table")) {
      const v = a.next();
      const t = rtTableA2n(v);
      if (v === "all") f.tb = 0;
      else if (v === "cache") f.cloned = true;
      else if (v === "help") usage(ip);
      else if (t === undefined) ip.invarg("table id value is invalid\n", v);
      else f.tb = t;
    } else if (matches(arg, "cached") || matches(arg, "cloned")) f.cloned = true;
    else if (arg === "tos" || matches(arg, "dsfield")) {
      const v = a.next();
      const t = getUnsigned(v, 16);
      if (t === undefined || t > 255) ip.invarg("TOS value is invalid\n", v);
      f.tos = t;
      f.tosmask = -1;
    } else if (matches(arg, "protocol")) {
      const v = a.next();
      f.protocolmask = -1;
      const p = rtProtA2n(v);
      if (p === undefined) {
        if (v !== "all") ip.invarg('invalid "protocol"\n', v);
        f.protocol = 0;
        f.protocolmask = 0;
      } else f.protocol = p;
    } else if (matches(arg, "scope")) {
      const v = a.next();
      f.scopemask = -1;
      const s = rtScopeA2n(v);
      if (s === undefined) {
        if (v !== "all") ip.invarg('invalid "scope"\n', v);
        f.scope = Scope.nowhere;
        f.scopemask = 0;
      } else f.scope = s;
    } else if (matches(arg, "type")) {
      const v = a.next();
      const t = rtntypeA2n(v);
      if (t === undefined) ip.invarg("node type value is invalid\n", v);
      f.typemask = 1 << t;
    } else if (arg === "dev" || arg === "oif") od = a.next();
    else if (arg === "iif") id = a.next();
    else if (arg === "mark") {
      const v = a.next();
      if (getUnsigned(v) === undefined) ip.invarg("invalid mark value", v);
    } else if (matches(arg, "metric") || matches(arg, "priority") || arg === "preference") {
      const v = a.next();
      const m = getUnsigned(v);
      if (m === undefined) ip.invarg('"metric" value is invalid\n', v);
      f.metric = m;
      f.metricmask = -1;
    } else if (arg === "via") {
      const v = a.next();
      f.rvia = getPrefix(ip, v, family);
    } else if (arg === "src") f.rprefsrc = getPrefix(ip, a.next(), family);
    else if (matches(arg, "realms")) a.next();
    else if (matches(arg, "from")) {
      let v = a.next();
      if (matches(v, "root") || matches(v, "match") || matches(v, "exact")) v = a.next();
      getPrefix(ip, v, family);
    } else {
      let v = arg;
      if (matches(v, "to")) v = a.next();
      if (matches(v, "root")) f.rdst = getPrefix(ip, a.next(), family);
      else if (matches(v, "match")) f.mdst = getPrefix(ip, a.next(), family);
      else {
        if (matches(v, "exact")) v = a.next();
        f.mdst = getPrefix(ip, v, family);
        f.rdst = f.mdst;
      }
    }
  }
  if (family === AF_UNSPEC && f.tb) family = AF_INET;
  if (id) {
    const idx = ip.nameToIndex(id);
    if (!idx) return ip.nodev(id);
  }
  if (od) {
    const idx = ip.nameToIndex(od);
    if (!idx) return ip.nodev(od);
    f.oif = idx;
    f.oifmask = -1;
  }
  return { f, family };
}

function iprouteList(ip: IpCtx, args: string[]): number {
  const p = parseListFilter(ip, args, false);
  if (typeof p === "number") return p;
  const { f, family } = p;
  const o = ip.out;
  o.newJsonObj();
  if (!f.cloned) {
    // a table that was never created: the strict dump fails with the kernel's extack
    if (f.tb > 0 && family !== AF_INET6 && !ip.ns.fib.existing(f.tb)) {
      o.deleteJsonObj();
      ip.err("Error: ipv4: FIB table does not exist.\nDump terminated\n");
      ip.exit(2);
    }
    const saved = ip.opts.family;
    ip.opts.family = family;
    for (const r of allRoutes(ip, family)) if (filterRoute(ip, f, r)) printRoute(ip, r, f);
    ip.opts.family = saved;
  } else if (family !== AF_INET6) {
    // the exceptions cached on nexthops (fib_dump_info_fnhe): learned path MTUs
    const now = ip.ns.world.sched.now;
    for (const [dstRaw, ex] of ip.ns.stack.pmtu) {
      if (ex.expires <= now) continue;
      const r = ip.ns.stack.routeOutput(dstRaw as Ip4);
      if (!r.ok || r.rt.local) continue;
      printRoute(
        ip,
        {
          family: AF_INET,
          table: Table.main,
          dst: ip4Text(dstRaw),
          dstRaw,
          dstLen: 32,
          tos: 0,
          type: RouteType.unicast,
          protocol: 0,
          scope: 0,
          flags: RTM_F_CLONED,
          gateway: r.rt.gateway !== undefined ? ip4Text(r.rt.gateway) : undefined,
          oif: r.rt.dev,
          cacheFlags: [],
          expires: Math.max(0, Math.floor((ex.expires - now) / 1e9)),
          metrics: { mtu: ex.mtu },
        },
        f,
      );
    }
  }
  o.deleteJsonObj();
  return 0;
}

function iprouteFlush(ip: IpCtx, args: string[]): number {
  const p = parseListFilter(ip, args, true);
  if (typeof p === "number") return p;
  const { f, family } = p;
  if (f.cloned) {
    // iproute_flush_cache: writing net/ipv4/route/flush invalidates every cached exception (PMTU)
    if (family !== AF_INET6) ip.ns.stack.pmtu.clear();
    return 0;
  }
  const saved = ip.opts.family;
  ip.opts.family = family;
  for (const t of ip.ns.fib.allTables()) {
    for (const r of [...t.routes]) {
      if (filterRoute(ip, f, routeMsg(r))) t.remove(r);
    }
  }
  ip.opts.family = saved;
  ip.ns.world.topologyChanged();
  return 0;
}

function iprouteModify(
  ip: IpCtx,
  cmd: "add" | "change" | "replace" | "prepend" | "append" | "test" | "delete",
  args: string[],
): number {
  const del = cmd === "delete";
  let family = ip.opts.family;
  const req: RouteReq = {
    table: Table.main,
    dst: 0 as Ip4,
    dstLen: 0,
    tos: 0,
    type: del ? RouteType.unspec : RouteType.unicast,
    protocol: del ? 0 : Proto.boot,
    scope: del ? Scope.nowhere : Scope.universe,
    onlink: false,
    create: cmd === "add" || cmd === "replace" || cmd === "prepend" || cmd === "append",
    excl: cmd === "add" || cmd === "test",
    replace: cmd === "change" || cmd === "replace",
    append: cmd === "append",
  };
  let dev: string | undefined;
  let gwOk = false;
  let dstOk = false;
  let scopeOk = false;
  let tableOk = false;
  let priority: number | undefined;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "src") {
      const addr = getAddr(ip, a.next(), family);
      if (family === AF_UNSPEC) family = addr.family;
      req.prefsrc = addr.v4;
    } else if (arg === "via") {
      if (gwOk) ip.invarg("use nexthop syntax to specify multiple via\n", arg);
      gwOk = true;
      let v = a.next();
      if (v === "inet" || v === "inet6") {
        v = a.next();
      }
      const addr = getAddr(ip, v, family);
      if (family === AF_UNSPEC) family = addr.family;
      req.gateway = addr.v4;
    } else if (arg === "from") {
      getPrefix(ip, a.next(), family);
    } else if (arg === "tos" || matches(arg, "dsfield")) {
      const v = a.next();
      const t = getUnsigned(v, 16);
      if (t === undefined || t > 255) ip.invarg('"tos" value is invalid\n', v);
      req.tos = t;
    } else if (arg === "expires") {
      const v = a.next();
      if (getUnsigned(v) === undefined) ip.invarg('"expires" value is invalid\n', v);
    } else if (matches(arg, "metric") || matches(arg, "priority") || arg === "preference") {
      const v = a.next();
      const m = getUnsigned(v);
      if (m === undefined) ip.invarg('"metric" value is invalid\n', v);
      priority = m;
    } else if (arg === "scope") {
      const v = a.next();
      const s = rtScopeA2n(v);
      if (s === undefined) ip.invarg('invalid "scope" value\n', v);
      req.scope = s;
      scopeOk = true;
    } else if (arg === "mtu") {
      let v = a.next();
      if (v === "lock") {
        req.mtuLock = true;
        v = a.next();
      }
      const m = getUnsigned(v);
      if (m === undefined) ip.invarg('"mtu" value is invalid\n', v);
      req.mtu = m;
    } else if (
      [
        "hoplimit",
        "advmss",
        "rtt",
        "rttvar",
        "window",
        "cwnd",
        "initcwnd",
        "initrwnd",
        "ssthresh",
        "reordering",
        "congctl",
      ].some((k) => matches(arg, k) && (k.length <= 6 ? arg === k : true))
    ) {
      let v = a.next();
      if (v === "lock") v = a.next();
      if (arg !== "congctl" && getUnsigned(v.replace(/ms$|s$/, "")) === undefined)
        ip.invarg(`"${arg}" value is invalid\n`, v);
    } else if (arg === "onlink") req.onlink = true;
    else if (matches(arg, "protocol")) {
      const v = a.next();
      const p = rtProtA2n(v);
      if (p === undefined) ip.invarg('"protocol" value is invalid\n', v);
      req.protocol = p;
    } else if (matches(arg, "table")) {
      const v = a.next();
      const t = rtTableA2n(v);
      if (t === undefined || v === "all") ip.invarg('"table" value is invalid\n', v);
      req.table = t;
      tableOk = true;
    } else if (arg === "dev" || arg === "oif") dev = a.next();
    else if (matches(arg, "pref")) a.next();
    else if (arg === "nexthop") {
      // parse_nexthops: everything from here on is a list of paths
      const rest = a.rest();
      const nhs: NonNullable<RouteReq["nexthops"]> = [];
      let i = 0;
      while (i < rest.length) {
        if (rest[i] !== "nexthop") {
          ip.err(`Error: "nexthop" or end of line is expected instead of "${rest[i]}"\n`);
          ip.exit(255);
        }
        if (i + 1 >= rest.length) {
          ip.err('Error: unexpected end of line after "nexthop"\n');
          ip.exit(255);
        }
        const nh: NonNullable<RouteReq["nexthops"]>[number] = { weight: 1, onlink: false };
        i++;
        for (; i < rest.length; i++) {
          const w = rest[i];
          const nextArg = (): string => {
            if (i + 1 >= rest.length) ip.incomplete();
            return rest[++i];
          };
          if (w === "via") {
            let v = nextArg();
            if (v === "inet" || v === "inet6") v = nextArg();
            const addr = getAddr(ip, v, family);
            if (family === AF_UNSPEC) family = addr.family;
            nh.gateway = addr.v4;
          } else if (w === "dev") {
            const v = nextArg();
            const idx = ip.nameToIndex(v);
            if (!idx) {
              ip.nodev(v);
              ip.err("Error: cannot parse nexthop\n");
              ip.exit(255);
            }
            nh.oif = idx;
          } else if (w === "weight") {
            const v = nextArg();
            const n = getUnsigned(v);
            if (n === undefined || n === 0 || n > 256) ip.invarg('"weight" is invalid\n', v);
            nh.weight = n;
          } else if (w === "onlink") nh.onlink = true;
          else if (matches(w, "realms")) nextArg();
          else break;
        }
        nhs.push(nh);
      }
      req.nexthops = nhs;
      break;
    } else {
      let v = arg;
      if (v === "to") v = a.next();
      if ((v[0] < "0" || v[0] > "9") && rtntypeA2n(v) !== undefined) {
        req.type = rtntypeA2n(v)!;
        v = a.next();
      }
      if (matches(v, "help")) usage(ip);
      if (dstOk) ip.duparg2("to", v);
      const d = getPrefix(ip, v, family);
      if (family === AF_UNSPEC) family = d.family;
      req.dst = d.v4;
      req.dstLen = d.bitlen;
      dstOk = true;
      if (d.family === AF_INET6) {
        // IPv6 routes are not modelled: accept and do nothing
        family = AF_INET6;
      }
    }
  }
  if (!dstOk) usage(ip);
  if (dev) {
    const idx = ip.nameToIndex(dev);
    if (!idx) return ip.nodev(dev);
    req.oif = idx;
  }
  if (priority !== undefined) req.priority = priority;
  if (family === AF_INET6) return 0;
  if (
    !tableOk &&
    (req.type === RouteType.local ||
      req.type === RouteType.broadcast ||
      req.type === RouteType.nat ||
      req.type === RouteType.anycast)
  )
    req.table = Table.local;
  if (!scopeOk) {
    if (req.type === RouteType.local || req.type === RouteType.nat) req.scope = Scope.host;
    else if (
      req.type === RouteType.broadcast ||
      req.type === RouteType.multicast ||
      req.type === RouteType.anycast
    )
      req.scope = Scope.link;
    else if (req.type === RouteType.unicast || req.type === RouteType.unspec) {
      if (del) req.scope = Scope.nowhere;
      else if (!gwOk && !req.nexthops) req.scope = Scope.link;
    }
  }
  try {
    if (del) rtnlDelroute(ip.ns, req);
    else rtnlNewroute(ip.ns, req);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -2;
    }
    throw e;
  }
  return 0;
}

/** ip route get: inet_rtm_getroute with RTM_F_LOOKUP_TABLE. */
function iprouteGet(ip: IpCtx, args: string[]): number {
  let dst: InetPrefix | undefined;
  let from: InetPrefix | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark = 0;
  let fibmatch = false;
  let uid = 0;
  let family = ip.opts.family;
  let tos = 0;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "tos" || matches(arg, "dsfield")) {
      const v = a.next();
      const t = getUnsigned(v, 16);
      if (t === undefined) ip.invarg("TOS value is invalid\n", v);
      tos = t;
    } else if (matches(arg, "from")) {
      const v = a.next();
      if (matches(v, "help")) usage(ip);
      from = getPrefix(ip, v, family);
      if (family === AF_UNSPEC) family = from.family;
    } else if (matches(arg, "iif")) iif = a.next();
    else if (matches(arg, "mark")) {
      const v = a.next();
      const m = getUnsigned(v);
      if (m === undefined) ip.invarg("invalid mark value", v);
      mark = m;
    } else if (matches(arg, "oif") || arg === "dev") oif = a.next();
    else if (matches(arg, "notify") || matches(arg, "connected")) continue;
    else if (matches(arg, "uid")) {
      const v = a.next();
      const u = getUnsigned(v);
      if (u === undefined) ip.invarg("invalid UID\n", v);
      uid = u;
    } else if (matches(arg, "fibmatch")) fibmatch = true;
    else if (matches(arg, "sport") || matches(arg, "dport") || matches(arg, "ipproto")) a.next();
    else {
      let v = arg;
      if (v === "to") v = a.next();
      if (matches(v, "help")) usage(ip);
      const p = getPrefix(ip, v, family);
      if (family === AF_UNSPEC) family = p.family;
      if (p.family === AF_INET && p.bitlen !== 32)
        ip.err(`Warning: /${p.bitlen} as prefix is invalid, only /32 (or none) is supported.\n`);
      dst = p;
    }
  }
  if (!dst) {
    ip.err("need at least a destination address\n");
    return -1;
  }
  let iifDev: NetDevice | undefined;
  let oifDev: NetDevice | undefined;
  if (iif) {
    const idx = ip.nameToIndex(iif);
    if (!idx) return ip.nodev(iif);
    iifDev = ip.ns.byIndex(idx);
  }
  if (oif) {
    const idx = ip.nameToIndex(oif);
    if (!idx) return ip.nodev(oif);
    oifDev = ip.ns.byIndex(idx);
  }
  if (family === AF_INET6) {
    ip.err("RTNETLINK answers: Network is unreachable\n");
    return -2;
  }
  const stack = ip.ns.stack;
  let msg: RtMsg;
  if (iifDev) {
    const fake = {
      kind: "ipv4",
      tos,
      id: 0,
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: 1,
      src: (from?.v4 ?? 0) as Ip4,
      dst: dst.v4,
      payload: { kind: "raw", bytes: new Uint8Array(0) },
    } as const;
    const r = stack.routeInput(fake, iifDev);
    if (r.kind === "error") {
      ip.rtnlError(new KernelError(r.errno));
      return -2;
    }
    if (r.kind === "martian") {
      ip.rtnlError(new KernelError(Errno.EINVAL));
      return -2;
    }
    if (r.kind === "forward") {
      const rt = r.rt;
      msg = {
        family: AF_INET,
        table: Table.main,
        dst: ip4Text(dst.v4),
        dstRaw: dst.v4,
        dstLen: 32,
        tos,
        type: rt.type,
        protocol: 0,
        scope: 0,
        flags: RTM_F_CLONED,
        gateway: rt.gateway !== undefined ? ip4Text(rt.gateway) : undefined,
        oif: rt.dev,
        from: from ? ip4Text(from.v4) : undefined,
        iif: iifDev,
        cacheFlags: [],
        mark,
      };
    } else {
      msg = {
        family: AF_INET,
        table: Table.main,
        mark,
        dst: ip4Text(dst.v4),
        dstRaw: dst.v4,
        dstLen: 32,
        tos,
        type: r.kind === "local" ? RouteType.local : RouteType.broadcast,
        protocol: 0,
        scope: 0,
        flags: RTM_F_CLONED,
        oif: ip.ns.lo,
        from: from ? ip4Text(from.v4) : undefined,
        iif: iifDev,
        cacheFlags: r.kind === "local" ? ["local"] : ["local", "brd"],
      };
    }
  } else {
    const r = stack.routeOutput(dst.v4, {
      src: from?.v4 && from.bitlen ? from.v4 : undefined,
      oif: oifDev?.ifindex,
      tos,
    });
    if (!r.ok) {
      ip.err(`RTNETLINK answers: ${STRERROR[r.errno]}\n`);
      return -2;
    }
    const rt = r.rt;
    if (fibmatch && rt.route) {
      const f = newRouteFilter();
      ip.out.newJsonObj();
      printRoute(ip, routeMsg(rt.route), f);
      ip.out.deleteJsonObj();
      return 0;
    }
    // RTCF_* of the cached route: a broadcast to our own subnet is delivered locally too
    const cacheFlags: string[] = [];
    if (rt.local || rt.type === RouteType.broadcast) cacheFlags.push("local");
    if (rt.type === RouteType.broadcast) cacheFlags.push("brd");
    const ex = stack.pmtu.get(dst.v4);
    const now = ip.ns.world.sched.now;
    const hasEx = ex && ex.expires > now && !rt.local;
    // inet_rtm_getroute answers with table main (no RTM_F_LOOKUP_TABLE from ip route get)
    msg = {
      family: AF_INET,
      table: Table.main,
      mark,
      dst: ip4Text(dst.v4),
      dstRaw: dst.v4,
      dstLen: 32,
      tos,
      type: rt.type,
      protocol: 0,
      scope: 0,
      flags: RTM_F_CLONED,
      gateway: rt.gateway !== undefined && !rt.local ? ip4Text(rt.gateway) : undefined,
      oif: rt.dev,
      prefsrc: rt.src ? ip4Text(rt.src) : undefined,
      from: from && from.bitlen ? ip4Text(from.v4) : undefined,
      uid,
      cacheFlags,
      expires: hasEx ? Math.max(0, Math.floor((ex!.expires - now) / 1e9)) : undefined,
      // the cached route carries the learned PMTU, else the route's own mtu metric
      metrics: hasEx
        ? { mtu: ex!.mtu }
        : rt.route?.metrics?.mtu !== undefined && !rt.local
          ? rt.route.metrics
          : undefined,
    };
    if (msg.from) msg.prefsrc = undefined;
  }
  const f = newRouteFilter();
  ip.out.newJsonObj();
  printRoute(ip, msg, f);
  ip.out.deleteJsonObj();
  return 0;
}

export function doIproute(ip: IpCtx, argv: string[]): number {
  if (argv.length < 1) return iprouteList(ip, []);
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "add")) return iprouteModify(ip, "add", rest);
  if (matches(c, "change") || c === "chg") return iprouteModify(ip, "change", rest);
  if (matches(c, "replace")) return iprouteModify(ip, "replace", rest);
  if (matches(c, "prepend")) return iprouteModify(ip, "prepend", rest);
  if (matches(c, "append")) return iprouteModify(ip, "append", rest);
  if (matches(c, "test")) return iprouteModify(ip, "test", rest);
  if (matches(c, "delete")) return iprouteModify(ip, "delete", rest);
  if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) return iprouteList(ip, rest);
  if (matches(c, "get")) return iprouteGet(ip, rest);
  if (matches(c, "flush")) return iprouteFlush(ip, rest);
  if (matches(c, "help")) usage(ip);
  ip.err(`Command "${c}" is unknown, try "ip route help".\n`);
  ip.exit(-1);
}
