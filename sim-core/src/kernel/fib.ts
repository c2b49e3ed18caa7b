/**
 * IPv4 routing tables (net/ipv4/fib_trie.c, fib_semantics.c): routes kept in the order fib_trie
 * dumps them (by destination key, longer prefixes first for the same key, then tos and metric),
 * longest-prefix-match lookups with scope and dead-nexthop rules, the policy order local → main →
 * default, and the kernel routes that addresses create (fib_add_ifaddr).
 */
import type { Ip4 } from "../util/brand";
import { inPrefix, maskOf } from "../util/inet";
import type { NetDevice } from "./device";
import { RouteType, Scope, Table } from "./types";

/** One path of a multipath route (struct fib_nh). */
export interface Nexthop {
  gateway?: Ip4;
  dev: NetDevice;
  /** 1…256 (rtnh_hops + 1) */
  weight: number;
  onlink: boolean;
  nhScope: number;
  /** RTNH_F_DEAD: its device went down (the route survives while another path lives). */
  dead: boolean;
  /** RTNH_F_LINKDOWN set by fib_sync_down_dev (carrier loss shows it too). */
  linkdown?: boolean;
}

export interface Route {
  table: number;
  dst: Ip4;
  dstLen: number;
  tos: number;
  type: RouteType;
  protocol: number;
  scope: number;
  /** metric (RTA_PRIORITY) */
  priority: number;
  prefsrc?: Ip4;
  gateway?: Ip4;
  dev?: NetDevice;
  onlink: boolean;
  /** The scope of the nexthop (fib_nh_scope), used to pick a source address. */
  nhScope: number;
  /** Route metrics (RTAX_*) given with the route (mtu, …). */
  metrics?: { mtu?: number; lock?: boolean; window?: number; rtt?: number; advmss?: number };
  /** Multipath (RTA_MULTIPATH): the paths; dev/gateway are then unset. */
  nhs?: Nexthop[];
  /** Expiry in virtual ns for routes with `expires` (rare). */
  expires?: number;
}

/** A nexthop usable for new flows (not dead; not linkdown when such routes are ignored). */
function nhAlive(nh: Nexthop): boolean {
  if (nh.dead || !nh.dev.up) return false;
  if (!nh.dev.carrier && nh.dev.ns.sysctl.int(`net/ipv4/conf/${nh.dev.name}/ignore_routes_with_linkdown`))
    return false;
  return true;
}

/**
 * fib_select_multipath: the flow hash (L3: source and destination, policy 0) against the paths'
 * weight-proportional upper bounds. The kernel seeds its hash randomly at boot; this one is fixed,
 * so the same flow always takes the same path.
 */
export function selectNexthop(r: Route, src: number, dst: number): Nexthop | undefined {
  const nhs = r.nhs;
  if (!nhs?.length) return undefined;
  const alive = nhs.filter(nhAlive);
  if (!alive.length) return nhs[0];
  let h = Math.imul((src ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(dst >>> 0, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  h = (h ^ (h >>> 13)) >>> 1;
  const total = alive.reduce((a, n) => a + n.weight, 0);
  let w = 0;
  for (const nh of alive) {
    w += nh.weight;
    const upper = Math.round((w * 2 ** 31) / total) - 1;
    if (h <= upper) return nh;
  }
  return alive[alive.length - 1];
}

/** RTNH_F_LINKDOWN: never on local routes (their nexthop scope is RT_SCOPE_NOWHERE). */
export function routeLinkdown(r: Route): boolean {
  return !!r.dev && !r.dev.carrier && r.dev.up && r.nhScope !== Scope.nowhere;
}

/** RTNH_F_DEAD: the nexthop device is down (the route stays but is unusable; rarely visible). */
export function routeDead(r: Route): boolean {
  return !!r.dev && !r.dev.up;
}

export class FibTable {
  routes: Route[] = [];

  constructor(readonly id: number) {}

  /** Finds the index where a route with this key would be inserted, per fib_trie order. */
  private position(r: Route, append: boolean): number {
    const rs = this.routes;
    let i = 0;
    while (i < rs.length && cmpKey(rs[i], r) < 0) i++;
    // same key and prefix: ordered by tos (desc), then priority (asc); new ones go first among
    // equals (fib_insert_alias inserts before the first alias it is not "after"), append last
    while (i < rs.length && cmpKey(rs[i], r) === 0) {
      const o = rs[i];
      if (o.tos < r.tos) break;
      if (o.tos === r.tos && (append ? o.priority > r.priority : o.priority >= r.priority)) break;
      i++;
    }
    return i;
  }

  insert(r: Route, append = false): void {
    this.routes.splice(this.position(r, append), 0, r);
  }

  remove(r: Route): void {
    const i = this.routes.indexOf(r);
    if (i >= 0) this.routes.splice(i, 1);
  }

  /** Routes with exactly this destination prefix. */
  exact(dst: number, len: number): Route[] {
    const net = (dst & maskOf(len)) >>> 0;
    return this.routes.filter((r) => r.dst === net && r.dstLen === len);
  }

  /**
   * fib_table_lookup: the longest matching prefix whose aliases pass the checks.
   * Among aliases of one prefix, the first acceptable in list order wins.
   */
  lookup(dst: number, opts: LookupOpts): Route | undefined {
    let best: Route | undefined;
    for (const r of this.routes) {
      if (best && r.dstLen < best.dstLen) continue;
      if (best && r.dstLen === best.dstLen) continue;
      if (!inPrefix(dst, r.dst, r.dstLen)) continue;
      if (r.tos && r.tos !== opts.tos) continue;
      if (r.scope < (opts.scope ?? Scope.universe)) continue;
      if (r.nhs) {
        if (!r.nhs.some(nhAlive)) continue;
        if (opts.oif !== undefined && !r.nhs.some((n) => n.dev.ifindex === opts.oif)) continue;
      } else if (r.dev) {
        // local/broadcast entries answer for the address even while its device is down
        if (!r.dev.up && r.type !== RouteType.local && r.type !== RouteType.broadcast) continue;
        if (
          !opts.ignoreLinkstate &&
          !r.dev.carrier &&
          r.dev.ns.sysctl.int(`net/ipv4/conf/${r.dev.name}/ignore_routes_with_linkdown`)
        )
          continue;
        if (opts.oif !== undefined && r.type !== RouteType.local && r.dev.ifindex !== opts.oif) continue;
      } else if (opts.oif !== undefined && r.type === RouteType.unicast) continue;
      best = r;
    }
    return best;
  }
}

export interface LookupOpts {
  tos?: number;
  scope?: number;
  oif?: number;
  ignoreLinkstate?: boolean;
}

function cmpKey(a: Route, b: Route): number {
  if (a.dst !== b.dst) return a.dst < b.dst ? -1 : 1;
  return b.dstLen - a.dstLen;
}

/** The routing tables of one network namespace. */
export class Fib {
  tables = new Map<number, FibTable>();

  constructor() {
    this.table(Table.local);
    this.table(Table.main);
  }

  table(id: number): FibTable {
    let t = this.tables.get(id);
    if (!t) {
      t = new FibTable(id);
      this.tables.set(id, t);
    }
    return t;
  }

  existing(id: number): FibTable | undefined {
    return this.tables.get(id);
  }

  /** Tables in the order `ip route show table all` dumps them (hash bucket = id % 256). */
  allTables(): FibTable[] {
    return [...this.tables.values()].sort((a, b) => (a.id % 256) - (b.id % 256) || a.id - b.id);
  }

  /** fib_lookup with the default policy rules: local, main, default. */
  lookup(dst: number, opts: LookupOpts = {}): Route | undefined {
    for (const id of [Table.local, Table.main, Table.default]) {
      const t = this.tables.get(id);
      if (!t) continue;
      const r = t.lookup(dst, opts);
      if (r) {
        if (r.type === RouteType.throw) continue;
        return r;
      }
    }
    return undefined;
  }

  /** Every route through a device (for flushing when it goes down or away). */
  removeWhere(pred: (r: Route) => boolean): Route[] {
    const removed: Route[] = [];
    for (const t of this.tables.values()) {
      for (const r of [...t.routes]) {
        if (pred(r)) {
          t.remove(r);
          removed.push(r);
        }
      }
    }
    return removed;
  }

  /** The type of an address as the local table says (inet_addr_type). */
  addrType(ip: number): RouteType {
    if (ip >>> 24 === 0 || ip === 0xffffffff) return RouteType.broadcast;
    if (ip >>> 28 === 0xe) return RouteType.multicast;
    const r = this.tables.get(Table.local)?.lookup(ip, { ignoreLinkstate: true });
    if (r && (r.type === RouteType.local || r.type === RouteType.broadcast)) return r.type;
    return RouteType.unicast;
  }
}
