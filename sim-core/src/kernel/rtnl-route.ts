/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE for IPv4 (net/ipv4/fib_frontend.c, fib_trie.c
 * fib_table_insert/fib_table_delete, fib_semantics.c fib_create_info/fib_check_nh, route.c
 * inet_rtm_getroute): duplicate, replace and append rules, nexthop validation with its extack
 * messages ("Nexthop has invalid gateway", "Device for nexthop is not up", …).
 */
import type { Ip4 } from "../util/brand";
import { maskOf } from "../util/inet";
import type { Netns } from "./netns";
import type { Route } from "./fib";
import { Errno, KernelError, Proto, RouteType, Scope, Table } from "./types";

export interface RouteReq {
  table: number;
  dst: Ip4;
  dstLen: number;
  tos: number;
  type: RouteType;
  protocol: number;
  scope: number;
  priority?: number;
  prefsrc?: Ip4;
  gateway?: Ip4;
  oif?: number;
  onlink: boolean;
  mtu?: number;
  mtuLock?: boolean;
  /** RTAX_ADVMSS / RTAX_WINDOW / RTAX_RTT (SIOCADDRT's mss, window, irtt). */
  metrics?: { advmss?: number; window?: number; rtt?: number };
  create: boolean;
  excl: boolean;
  replace: boolean;
  append: boolean;
  /** RTA_MULTIPATH */
  nexthops?: { gateway?: Ip4; oif?: number; weight: number; onlink: boolean }[];
}

/** fib_props[type].scope: the widest scope a route type may have. */
function typeMinScope(t: RouteType): number {
  switch (t) {
    case RouteType.local:
      return Scope.host;
    case RouteType.broadcast:
    case RouteType.multicast:
    case RouteType.anycast:
      return Scope.link;
    default:
      return Scope.universe;
  }
}

function validKey(dst: number, len: number): void {
  if (len > 32) throw new KernelError(Errno.EINVAL, "Invalid prefix length");
  if (len < 32 && (dst & ~maskOf(len)) >>> 0 !== 0)
    throw new KernelError(Errno.EINVAL, "Invalid prefix for given prefix length");
}

/** fib_check_nh + fib_create_info: builds the route or throws the kernel's error. */
function createInfo(ns: Netns, r: RouteReq): Route {
  if (typeMinScope(r.type) > r.scope) throw new KernelError(Errno.EINVAL, "Invalid scope");
  const route: Route = {
    table: r.table,
    dst: r.dst,
    dstLen: r.dstLen,
    tos: r.tos,
    type: r.type,
    protocol: r.protocol,
    scope: r.scope,
    priority: r.priority ?? 0,
    prefsrc: r.prefsrc,
    gateway: r.gateway,
    onlink: r.onlink,
    nhScope: Scope.host,
    // fib_convert_metrics: RTAX_MTU is capped at IP_MAX_MTU (65520)
    metrics: r.mtu !== undefined ? { mtu: Math.min(r.mtu, 65520), lock: r.mtuLock, ...r.metrics } : r.metrics,
  };
  if (
    r.type === RouteType.blackhole ||
    r.type === RouteType.unreachable ||
    r.type === RouteType.prohibit ||
    r.type === RouteType.throw
  ) {
    if (r.gateway !== undefined || r.oif)
      throw new KernelError(
        Errno.EINVAL,
        "Gateway, device and multipath can not be specified for this route type",
      );
    return route;
  }
  if (r.scope > Scope.host) throw new KernelError(Errno.EINVAL, "Invalid scope");
  if (r.nexthops?.length) {
    // fib_get_nhs + fib_check_nh for every path
    if (r.scope === Scope.host)
      throw new KernelError(Errno.EINVAL, "Route with host scope can not have multiple nexthops");
    route.nhs = r.nexthops.map((n) => {
      const one = createInfo(ns, {
        ...r,
        nexthops: undefined,
        gateway: n.gateway ?? r.gateway,
        oif: n.oif ?? r.oif,
        onlink: n.onlink || r.onlink,
        prefsrc: undefined,
      });
      return {
        gateway: one.gateway,
        dev: one.dev!,
        weight: n.weight,
        onlink: one.onlink,
        nhScope: one.nhScope,
        dead: false,
      };
    });
    route.gateway = undefined;
    route.onlink = false;
    route.nhScope = Math.min(...route.nhs.map((n) => n.nhScope));
    if (r.prefsrc !== undefined && !ns.isLocalAddress(r.prefsrc))
      throw new KernelError(Errno.EINVAL, "Invalid prefsrc address");
    return route;
  }
  if (r.scope === Scope.host) {
    // a local address route: no nexthop checks
    if (!r.oif) throw new KernelError(Errno.EINVAL, "Route with host scope can not have multiple nexthops");
    const dev = ns.byIndex(r.oif);
    if (!dev) throw new KernelError(Errno.ENODEV);
    route.dev = dev;
    route.nhScope = Scope.nowhere;
  } else if (r.gateway !== undefined && r.gateway !== 0) {
    if (r.onlink) {
      if (r.scope >= Scope.link) throw new KernelError(Errno.EINVAL, "Nexthop has invalid scope");
      const dev = r.oif ? ns.byIndex(r.oif) : undefined;
      if (!dev) throw new KernelError(Errno.ENODEV, "Nexthop device required for onlink");
      if (!dev.up) throw new KernelError(Errno.ENETDOWN, "Nexthop device is not up");
      if (ns.fib.addrType(r.gateway) !== RouteType.unicast)
        throw new KernelError(Errno.EINVAL, "Nexthop has invalid gateway");
      route.dev = dev;
      route.nhScope = Scope.link;
    } else {
      const scope = Math.max(r.scope + 1, Scope.link);
      let res: Route | undefined;
      const opts = { scope, oif: r.oif || undefined, ignoreLinkstate: true };
      if (r.table && r.table !== Table.main) res = ns.fib.existing(r.table)?.lookup(r.gateway, opts);
      if (!res) res = ns.fib.lookup(r.gateway, opts);
      if (!res) throw new KernelError(Errno.ENETUNREACH, "Nexthop has invalid gateway");
      if (res.type !== RouteType.unicast && res.type !== RouteType.local)
        throw new KernelError(Errno.EINVAL, "Nexthop has invalid gateway");
      if (!res.dev) throw new KernelError(Errno.EINVAL, "No egress device for nexthop gateway");
      route.nhScope = res.scope;
      route.dev = res.dev;
      if (!res.dev.up) throw new KernelError(Errno.ENETDOWN);
    }
  } else {
    if (r.onlink)
      throw new KernelError(Errno.EINVAL, "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set");
    if (!r.oif) throw new KernelError(Errno.ENODEV);
    const dev = ns.byIndex(r.oif);
    if (!dev) throw new KernelError(Errno.ENODEV);
    if (!dev.up) throw new KernelError(Errno.ENETDOWN, "Device for nexthop is not up");
    route.dev = dev;
    route.nhScope = Scope.host;
  }
  if (
    r.prefsrc !== undefined &&
    r.type !== RouteType.local &&
    !(r.table === Table.local && r.type !== RouteType.unicast)
  ) {
    if (!ns.isLocalAddress(r.prefsrc)) throw new KernelError(Errno.EINVAL, "Invalid prefsrc address");
  }
  return route;
}

/** fib_table_insert */
export function rtnlNewroute(ns: Netns, r: RouteReq): void {
  if (r.type > RouteType.nat) throw new KernelError(Errno.EINVAL, "Invalid route type");
  validKey(r.dst, r.dstLen);
  const route = createInfo(ns, r);
  const t = ns.fib.table(r.table);
  const same = t.exact(r.dst, r.dstLen).filter((o) => o.tos === r.tos && o.priority === route.priority);
  if (same.length) {
    if (r.excl) throw new KernelError(Errno.EEXIST);
    const match = same.find((o) => o.type === route.type && sameNexthop(o, route));
    if (r.replace) {
      const victim = match ?? same[0];
      const i = t.routes.indexOf(victim);
      t.routes[i] = route;
      ns.world.topologyChanged();
      return;
    }
    if (match) throw new KernelError(Errno.EEXIST);
  }
  if (!r.create) throw new KernelError(Errno.ENOENT);
  t.insert(route, r.append);
  ns.world.topologyChanged();
}

function sameNexthop(a: Route, b: Route): boolean {
  if (a.nhs || b.nhs) {
    if (!a.nhs || !b.nhs || a.nhs.length !== b.nhs.length) return false;
    return a.nhs.every(
      (n, i) => n.dev === b.nhs![i].dev && n.gateway === b.nhs![i].gateway && n.weight === b.nhs![i].weight,
    );
  }
  return (
    a.dev === b.dev &&
    a.gateway === b.gateway &&
    a.prefsrc === b.prefsrc &&
    a.scope === b.scope &&
    a.protocol === b.protocol &&
    a.onlink === b.onlink &&
    (a.metrics?.mtu ?? 0) === (b.metrics?.mtu ?? 0)
  );
}

/** fib_table_delete */
export function rtnlDelroute(
  ns: Netns,
  r: Partial<RouteReq> & { table: number; dst: Ip4; dstLen: number; tos: number; scope: number },
): void {
  validKey(r.dst, r.dstLen);
  const t = ns.fib.existing(r.table);
  if (!t) throw new KernelError(Errno.ESRCH, "FIB table does not exist");
  for (const o of t.exact(r.dst, r.dstLen)) {
    if (o.tos !== r.tos) continue;
    if (r.type && o.type !== r.type) continue;
    if (r.scope !== Scope.nowhere && o.scope !== r.scope) continue;
    if (r.prefsrc !== undefined && o.prefsrc !== r.prefsrc) continue;
    if (r.protocol && o.protocol !== r.protocol) continue;
    if (r.priority !== undefined && r.priority && o.priority !== r.priority) continue;
    if (r.oif && o.dev?.ifindex !== r.oif && !o.nhs?.some((n) => n.dev.ifindex === r.oif)) continue;
    if (r.gateway !== undefined && o.gateway !== r.gateway && !o.nhs?.some((n) => n.gateway === r.gateway))
      continue;
    t.remove(o);
    ns.world.topologyChanged();
    return;
  }
  throw new KernelError(Errno.ESRCH);
}

export { Proto };
