/**
 * The part of IPv6 that every Linux interface shows and sends even in an IPv4 lab
 * (net/ipv6/addrconf.c, ndisc.c, mcast.c):
 * - ipv6_add_dev joins ff02::1; the EUI-64 link-local address is added once the link is ready
 *   (up, carrier, MTU ≥ 1280), tentative while duplicate address detection runs; ::1 on lo.
 * - Joining the solicited-node group sends MLDv2 state-change reports (mld_ifc_event: robustness
 *   2, the second one a random time below the unsolicited report interval later), from :: while
 *   the link-local address is tentative.
 * - DAD (addrconf_dad_kick/work): after a random delay below rtr_solicit_delay, dad_transmits
 *   neighbour solicitations from :: one retrans_time apart, with the enhanced-DAD nonce; then
 *   addrconf_dad_completed: MLD reports of every group again (ipv6_mc_dad_complete) and router
 *   solicitations with RFC 3315 backoff (4 s ±10 %, doubling up to 3600 s) while accept_ra
 *   allows them (not when forwarding).
 * - Multicast destinations get NOARP neighbour entries (ndisc_constructor), which `ip neigh show
 *   nud all` lists; NETDEV_DOWN removes them with the addresses.
 * Received ND/MLD needs no answer from a host in these labs (no routers, no duplicates): frames
 * are counted and taught to bridges on the way, which is what users see.
 */
import type { Ip6, Mac } from "../util/brand";
import { linkLocalFromMac, macFromBytes } from "../util/inet";
import type { EthernetFrame, Ipv6Packet } from "../wire/types";
import { EtherType } from "../wire/types";
import type { NetDevice, SkbMeta } from "./device";
import type { Netns } from "./netns";
import { Errno, KernelError, Nud, Proto, RouteType, Scope, Table } from "./types";
import type { Ifa6 } from "./inet";
import type { TimerHandle, Nanos } from "../engine/scheduler";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import { ipv6Length } from "../wire/length";
import { IP6 } from "./mib";

const ALL_NODES_MAC = "33:33:00:00:00:01" as Mac;
const IN6_ANY = new Uint8Array(16) as Ip6;
const MLD2_ALL_MCR = Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16) as Ip6;
const ALL_ROUTERS = Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2) as Ip6;
/** Router alert "MLD" + PadN, the hop-by-hop options of every MLD message. */
const RTR_ALERT_MLD = Uint8Array.of(0x05, 0x02, 0x00, 0x00, 0x01, 0x00);
const ICMPV6_MLD2_REPORT = 143;
const ICMPV6_RS = 133;
const ICMPV6_NS = 135;
const MLD2_CHANGE_TO_INCLUDE = 3;
const MLD2_CHANGE_TO_EXCLUDE = 4;
const IN6_LOOPBACK = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) as Ip6;
const FE80 = Uint8Array.of(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) as Ip6;
const FF00 = Uint8Array.of(0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) as Ip6;

/** A route of the IPv6 FIB (kernel routes of addresses, multicast; `ip -6 route` shows them). */
export interface Route6 {
  table: number;
  dst: Ip6;
  len: number;
  dev: NetDevice;
  type: RouteType;
  metric: number;
  protocol: number;
  seq: number;
}

export function isLoopback6(a: Ip6): boolean {
  for (let i = 0; i < 15; i++) if (a[i]) return false;
  return a[15] === 1;
}

export function isLinkLocal6(a: Ip6): boolean {
  return a[0] === 0xfe && (a[1] & 0xc0) === 0x80;
}

/** ipv6_addr_src_scope: global 0xe, link-local (and ::1) 0x2. */
function srcScope(a: Ip6): number {
  if (isLoopback6(a) || isLinkLocal6(a)) return 2;
  if (a[0] === 0xfe && (a[1] & 0xc0) === 0xc0) return 5;
  return 0xe;
}

export function prefixOf(a: Ip6, len: number): Ip6 {
  const r = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, len - 8 * i));
    r[i] = a[i] & ((0xff << (8 - bits)) & 0xff);
  }
  return r as Ip6;
}

function cmp6(a: Ip6, b: Ip6): number {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function solicitedNodeMac(addr: Ip6): Mac {
  return macFromBytes(Uint8Array.of(0x33, 0x33, 0xff, addr[13], addr[14], addr[15]));
}

export function solicitedNode(addr: Ip6): Ip6 {
  return Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, addr[13], addr[14], addr[15]) as Ip6;
}

/** ipv6_eth_mc_map */
export function ip6MulticastMac(a: Ip6): Mac {
  return macFromBytes(Uint8Array.of(0x33, 0x33, a[12], a[13], a[14], a[15]));
}

function ip6Key(a: Ip6): string {
  return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A neighbour-table entry of the IPv6 side (multicast destinations: NUD_NOARP). */
export interface Neigh6Entry {
  addr: Ip6;
  dev: NetDevice;
  mac: Mac;
  state: Nud;
  used: Nanos;
  confirmed: Nanos;
  updated: Nanos;
}

/** Per-device IPv6 state (struct inet6_dev): group memberships and the protocol timers. */
interface Idev {
  /** Reportable groups joined (solicited-node addresses), newest first. */
  groups: Ip6[];
  /** Users of each group (two addresses can share a solicited-node group). */
  users: Map<string, number>;
  /** Groups just left, still to be reported as CHANGE_TO_INCLUDE {}. */
  leaving: Map<string, { group: Ip6; count: number }>;
  /** Groups whose state change is still to be reported (mca_crcount). */
  crcount: Map<string, number>;
  ifcCount: number;
  ifcTimer?: TimerHandle;
  dadCount: number;
  dadTimer?: TimerHandle;
  rsTimer?: TimerHandle;
  rsInterval: number;
  rsProbes: number;
  addrTimers: TimerHandle[];
}

export class Ipv6 {
  private readonly idevs = new Map<NetDevice, Idev>();
  /** NOARP neighbour entries for multicast destinations, in creation order. */
  readonly neigh = new Map<string, Neigh6Entry>();

  constructor(readonly ns: Netns) {}

  private conf(dev: NetDevice, key: string, dflt: number): number {
    return this.ns.sysctl.int(`net/ipv6/conf/${dev.name}/${key}`, dflt);
  }

  isDisabled(dev: NetDevice): boolean {
    return this.disabled(dev);
  }

  /**
   * disable_ipv6 for the receive path, cheap in the common case: whether any device of the
   * namespace has it is recomputed only when a sysctl changed.
   */
  private disabledCached(dev: NetDevice): boolean {
    const v = this.ns.sysctl.version;
    if (this.anyDisabledVersion !== v) {
      this.anyDisabledVersion = v;
      this.anyDisabled = false;
      for (const d of this.ns.devices.values()) if (this.disabled(d)) this.anyDisabled = true;
    }
    return this.anyDisabled && this.disabled(dev);
  }
  private anyDisabledVersion = -1;
  private anyDisabled = false;

  /** ipv6_chk_mcast_addr for a host's groups: ff01::1, ff02::1 and the solicited-node groups joined. */
  private isMember(dev: NetDevice, dst: Ip6): boolean {
    if ((dst[1] === 1 || dst[1] === 2) && dst[15] === 1) {
      let zero = true;
      for (let i = 2; i < 15; i++) if (dst[i]) zero = false;
      if (zero) return true;
    }
    if (dst[1] !== 2 || dst[11] !== 1 || dst[12] !== 0xff) return false;
    const groups = this.idevs.get(dev)?.groups;
    if (groups) for (const g of groups) if (cmp6(g, dst) === 0) return true;
    return false;
  }

  private disabled(dev: NetDevice): boolean {
    const s = this.ns.sysctl;
    return (
      s.int(`net/ipv6/conf/${dev.name}/disable_ipv6`) === 1 || s.int("net/ipv6/conf/all/disable_ipv6") === 1
    );
  }

  private idev(dev: NetDevice): Idev {
    let i = this.idevs.get(dev);
    if (!i) {
      i = {
        groups: [],
        users: new Map(),
        leaving: new Map(),
        crcount: new Map(),
        ifcCount: 0,
        dadCount: 0,
        rsInterval: 0,
        rsProbes: 0,
        addrTimers: [],
      };
      this.idevs.set(dev, i);
    }
    return i;
  }

  /**
   * ipv6_add_dev: joins ff02::1 (loaded into dev->mc unless the device cannot map it). This
   * happens even with disable_ipv6, which only keeps addresses away.
   */
  onRegister(dev: NetDevice): void {
    if (dev.isLoopback() || dev.mtu < 1280) return;
    if (!dev.mc.some((m) => m.mac === ALL_NODES_MAC)) dev.mcAdd(ALL_NODES_MAC);
  }

  /** idev->mc_list as /proc/net/igmp6 lists it (newest first): joined groups, ff02::1, ff01::1. */
  groupsOf(dev: NetDevice): Ip6[] {
    if (dev.mtu < 1280) return [];
    const all = Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) as Ip6;
    const iface = Uint8Array.of(0xff, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) as Ip6;
    return [...(this.idevs.get(dev)?.groups ?? []), all, iface];
  }

  /** disable_ipv6 set: addrconf_ifdown without unregistering (memberships drop only if the link was ready). */
  onDisable(dev: NetDevice): void {
    const wasReady = dev.up && dev.carrier;
    const keep = dev.mc.filter((m) => m.mac === ALL_NODES_MAC || m.mac === "33:33:00:00:00:6a");
    this.onDown(dev);
    if (!wasReady) for (const m of keep) if (!dev.mc.some((x) => x.mac === m.mac)) dev.mcAdd(m.mac);
  }

  onUnregister(dev: NetDevice): void {
    this.onDown(dev);
    dev.mc = [];
    this.idevs.delete(dev);
  }

  /** addrconf_notify(NETDEV_UP); `carrierPending`: the carrier came on during ndo_open (not ready yet). */
  onUp(dev: NetDevice, carrierPending = false): void {
    // no inet6_dev for a device whose MTU is below IPV6_MIN_MTU (ipv6_add_dev is refused)
    if (this.disabled(dev) || dev.mtu < 1280) return;
    if (dev.isLoopback()) {
      // init_loopback: ::1, usable at once, with its local route
      if (!dev.in6.some((a) => isLoopback6(a.addr))) {
        const ifa: Ifa6 = {
          addr: IN6_LOOPBACK,
          prefixLen: 128,
          scope: Scope.host,
          tentative: false,
          noprefixroute: false,
          permanent: true,
        };
        this.linkAddr(dev, ifa);
        this.addRoute(Table.local, ifa.addr, 128, dev, RouteType.local, 0);
      }
      return;
    }
    // ipv6_mc_up re-loads the memberships dropped at the last down
    if (!dev.mc.some((m) => m.mac === ALL_NODES_MAC)) dev.mcAdd(ALL_NODES_MAC);
    // addrconf_permanent_addr: addresses added while the device was down get their prefix routes
    for (const a of dev.in6)
      if (!a.noprefixroute)
        this.addRoute(
          Table.main,
          prefixOf(a.addr, a.prefixLen),
          a.prefixLen,
          dev,
          RouteType.unicast,
          a.metric || 256,
        );
    if (this.linkReady(dev) && !carrierPending) this.devConfig(dev);
  }

  /** addrconf_notify(NETDEV_CHANGE): the link became ready (first time: configure; again: re-report). */
  onCarrier(dev: NetDevice): void {
    if (!dev.up || dev.isLoopback() || this.disabled(dev)) return;
    if (!this.linkReady(dev)) return;
    if (!dev.in6.some((a) => isLinkLocal6(a.addr))) this.devConfig(dev);
    else this.mcUp(dev);
  }

  /** addrconf_ifdown: addresses and routes go (keep_addr_on_down = 0), memberships are unloaded, timers stop. */
  onDown(dev: NetDevice): void {
    for (const a of dev.in6) if (!dev.isLoopback()) dev.mcDel(solicitedNodeMac(a.addr));
    dev.in6 = [];
    if (!dev.isLoopback()) dev.mcDel(ALL_NODES_MAC);
    const i = this.idevs.get(dev);
    if (i) {
      i.ifcTimer?.cancel();
      i.dadTimer?.cancel();
      i.rsTimer?.cancel();
      for (const t of i.addrTimers) t.cancel();
      this.idevs.delete(dev);
    }
    for (const [k, e] of this.neigh) if (e.dev === dev) this.neigh.delete(k);
    this.removeRoutes((r) => r.dev === dev);
  }

  /** addrconf_link_ready: operationally up and a real qdisc attached. */
  private linkReady(dev: NetDevice): boolean {
    return dev.up && dev.carrier && dev.running();
  }

  /** addrconf_dev_config: the default multicast route, the link-local address, pending DAD. */
  private devConfig(dev: NetDevice): void {
    if (dev.mtu < 1280) return;
    this.addRoute(Table.local, FF00, 8, dev, RouteType.multicast, 256);
    this.addLinkLocal(dev);
    // addrconf_dad_run: addresses added while the link was not ready start their DAD now
    for (const a of dev.in6)
      if (a.tentative && !isLinkLocal6(a.addr) && !this.dadRunning.has(a)) this.dadStart(dev, a);
  }

  private addLinkLocal(dev: NetDevice): void {
    if (dev.mtu < 1280 || dev.in6.some((a) => a.scope === Scope.link)) return;
    const addr = linkLocalFromMac(dev.mac);
    const ifa: Ifa6 = {
      addr,
      prefixLen: 64,
      scope: Scope.link,
      tentative: true,
      noprefixroute: false,
      permanent: true,
    };
    this.linkAddr(dev, ifa);
    this.addRoute(Table.main, FE80, 64, dev, RouteType.unicast, 256);
    this.dadStart(dev, ifa);
  }

  /** ipv6_link_dev_addr: the list is sorted by scope (global first), newest first within a scope. */
  private linkAddr(dev: NetDevice, ifa: Ifa6): void {
    const sc = srcScope(ifa.addr);
    let i = 0;
    while (i < dev.in6.length && sc < srcScope(dev.in6[i].addr)) i++;
    dev.in6.splice(i, 0, ifa);
  }

  private readonly dadRunning = new WeakSet<Ifa6>();

  /** addrconf_dad_start/begin: join the solicited-node group, then probe (or finish at once). */
  private dadStart(dev: NetDevice, ifa: Ifa6): void {
    const w = this.ns.world;
    if (!dev.isLoopback()) {
      this.joinGroup(dev, solicitedNode(ifa.addr));
      dev.mcAdd(solicitedNodeMac(ifa.addr));
    }
    if (dev.isLoopback() || dev.noarp || ifa.nodad || this.conf(dev, "accept_dad", 1) < 1) {
      ifa.tentative = false;
      this.dadCompleted(dev, ifa);
      return;
    }
    if (!this.linkReady(dev)) return; // waits for addrconf_dad_run
    this.dadRunning.add(ifa);
    const idev = this.idev(dev);
    // addrconf_dad_kick: a random delay below rtr_solicit_delay, then dad_transmits probes
    const delay = w.rng.below(this.conf(dev, "router_solicitation_delay", 1) * NS_PER_S || 1);
    let probes = this.conf(dev, "dad_transmits", 1);
    const retrans = this.ns.sysctl.int(`net/ipv6/neigh/${dev.name}/retrans_time_ms`, 1000) * NS_PER_MS;
    const step = (): void => {
      if (!dev.in6.includes(ifa) || !dev.up) return;
      if (probes <= 0) {
        ifa.tentative = false;
        this.dadCompleted(dev, ifa);
        return;
      }
      probes--;
      idev.addrTimers.push(w.sched.after(Math.max(retrans, 10 * NS_PER_MS), step));
      this.sendDadNs(dev, ifa.addr);
    };
    idev.addrTimers.push(w.sched.after(delay, step));
  }

  /** addrconf_dad_completed (+ the RTM_NEWADDR notification that inserts the local route). */
  private dadCompleted(dev: NetDevice, ifa: Ifa6): void {
    ifa.tentative = false;
    if (dev.up) this.addRoute(Table.local, ifa.addr, 128, dev, RouteType.local, 0);
    if (!isLinkLocal6(ifa.addr) || dev.isLoopback()) return;
    const idev = this.idev(dev);
    const lonely = dev.in6.filter((a) => a.scope === Scope.link).length === 1;
    if (!lonely) return;
    // ipv6_mc_dad_complete: report every group again, robustness times
    idev.dadCount = 2;
    const dadReport = (): void => {
      if (!this.idevs.has(dev) || idev.dadCount <= 0) return;
      this.sendReport(
        dev,
        idev.groups.map((g) => ({ group: g, type: MLD2_CHANGE_TO_EXCLUDE })),
      );
      idev.dadCount--;
      if (idev.dadCount > 0)
        idev.dadTimer = this.ns.world.sched.after(
          this.ns.world.rng.below(this.reportInterval(dev)),
          dadReport,
        );
    };
    dadReport();
    // router solicitations, when this host accepts router advertisements
    const forwarding = this.conf(dev, "forwarding", 0);
    const acceptRa = this.conf(dev, "accept_ra", 1);
    const solicits = this.conf(dev, "router_solicitations", -1);
    if (!(acceptRa > 1 || (acceptRa === 1 && !forwarding)) || solicits === 0) return;
    this.sendRs(dev, ifa.addr);
    const intervalMs = this.conf(dev, "router_solicitation_interval", 4) * 1000;
    const maxMs = this.conf(dev, "router_solicitation_max_interval", 3600) * 1000;
    idev.rsInterval = this.backoffInit(intervalMs);
    idev.rsProbes = 1;
    const rsTimer = (): void => {
      if (!this.idevs.has(dev) || !dev.in6.includes(ifa)) return;
      if (idev.rsProbes++ < solicits || solicits < 0) {
        this.sendRs(dev, ifa.addr);
        idev.rsInterval = this.backoffUpdate(idev.rsInterval, maxMs);
        const next =
          idev.rsProbes === solicits
            ? this.conf(dev, "router_solicitation_delay", 1) * 1000
            : idev.rsInterval;
        idev.rsTimer = this.ns.world.sched.after(next * NS_PER_MS, rsTimer);
      }
    };
    idev.rsTimer = this.ns.world.sched.after(idev.rsInterval * NS_PER_MS, rsTimer);
  }

  // ---------------------------------------------------------------- addresses (RTM_NEWADDR/DELADDR)

  /** inet6_addr_add */
  addAddress(
    dev: NetDevice,
    addr: Ip6,
    prefixLen: number,
    opts: {
      nodad?: boolean;
      noprefixroute?: boolean;
      validLft?: number;
      preferredLft?: number;
      metric?: number;
    } = {},
  ): void {
    if (dev.mtu < 1280) throw new KernelError(Errno.EINVAL);
    if (this.disabled(dev)) throw new KernelError(Errno.EACCES);
    if (dev.in6.some((a) => ip6Key(a.addr) === ip6Key(addr)))
      throw new KernelError(Errno.EEXIST, "ipv6: address already assigned");
    const scope = isLoopback6(addr) ? Scope.host : isLinkLocal6(addr) ? Scope.link : Scope.universe;
    const ifa: Ifa6 = {
      addr,
      prefixLen,
      scope,
      tentative: !opts.nodad,
      noprefixroute: !!opts.noprefixroute,
      permanent: true,
      nodad: opts.nodad,
      validLft: opts.validLft,
      preferredLft: opts.preferredLft,
      metric: opts.metric,
    };
    this.linkAddr(dev, ifa);
    if (dev.up && !ifa.noprefixroute)
      this.addRoute(
        Table.main,
        prefixOf(addr, prefixLen),
        prefixLen,
        dev,
        RouteType.unicast,
        opts.metric || 256,
      );
    if (dev.up && !dev.isLoopback()) this.addRoute(Table.local, FF00, 8, dev, RouteType.multicast, 256);
    this.dadStart(dev, ifa);
    this.ns.world.topologyChanged();
  }

  /** inet6_addr_del */
  delAddress(dev: NetDevice, addr: Ip6, prefixLen: number): void {
    const ifa = dev.in6.find((a) => ip6Key(a.addr) === ip6Key(addr) && a.prefixLen === prefixLen);
    if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL, "ipv6: address not found");
    this.removeAddress(dev, ifa);
  }

  /** ipv6_del_addr: the address, its local route, its prefix route unless still needed, its group. */
  removeAddress(dev: NetDevice, ifa: Ifa6): void {
    const i = dev.in6.indexOf(ifa);
    if (i < 0) return;
    dev.in6.splice(i, 1);
    this.removeRoutes(
      (r) =>
        r.dev === dev &&
        r.table === Table.local &&
        r.type === RouteType.local &&
        ip6Key(r.dst) === ip6Key(ifa.addr),
    );
    const pfx = prefixOf(ifa.addr, ifa.prefixLen);
    if (
      !dev.in6.some(
        (a) =>
          a.prefixLen === ifa.prefixLen &&
          ip6Key(prefixOf(a.addr, a.prefixLen)) === ip6Key(pfx) &&
          !a.noprefixroute,
      )
    ) {
      this.removeRoutes(
        (r) =>
          r.dev === dev &&
          r.table === Table.main &&
          r.len === ifa.prefixLen &&
          ip6Key(r.dst) === ip6Key(pfx) &&
          r.protocol === Proto.kernel,
      );
    }
    if (!dev.isLoopback()) {
      dev.mcDel(solicitedNodeMac(ifa.addr));
      this.leaveGroup(dev, solicitedNode(ifa.addr));
    }
    this.ns.world.topologyChanged();
  }

  // ---------------------------------------------------------------- routes (fib6)

  /** The IPv6 routes, as a fib6 dump walks them: by table, then by prefix; equal keys by metric, then oldest first. */
  routes(): Route6[] {
    return [...this.fib6].sort(
      (a, b) =>
        a.table - b.table || cmp6(a.dst, b.dst) || a.len - b.len || a.metric - b.metric || a.seq - b.seq,
    );
  }

  private readonly fib6: Route6[] = [];
  private routeSeq = 0;

  addRoute(
    table: number,
    dst: Ip6,
    len: number,
    dev: NetDevice,
    type: RouteType,
    metric: number,
    protocol: number = Proto.kernel,
  ): void {
    if (
      this.fib6.some(
        (r) =>
          r.table === table &&
          r.dev === dev &&
          r.len === len &&
          r.type === type &&
          r.metric === metric &&
          ip6Key(r.dst) === ip6Key(dst),
      )
    )
      return;
    this.fib6.push({ table, dst, len, dev, type, metric, protocol, seq: this.routeSeq++ });
  }

  removeRoutes(pred: (r: Route6) => boolean): void {
    for (let i = this.fib6.length - 1; i >= 0; i--) if (pred(this.fib6[i])) this.fib6.splice(i, 1);
  }

  /** rfc3315_s14_backoff_init: irt × 0.9…1.1 (milliseconds). */
  private backoffInit(irt: number): number {
    const f = 900000 + this.ns.world.rng.below(200001);
    return Math.floor((f * irt) / 1000000);
  }

  /** rfc3315_s14_backoff_update: rt × 1.9…2.1, or mrt × 0.9…1.1 past the maximum. */
  private backoffUpdate(rt: number, mrt: number): number {
    let t = Math.floor(((1900000 + this.ns.world.rng.below(200001)) * rt) / 1000000);
    if (t > mrt) t = Math.floor(((900000 + this.ns.world.rng.below(200001)) * mrt) / 1000000);
    return t;
  }

  private reportInterval(dev: NetDevice): Nanos {
    return Math.max(1, this.conf(dev, "mldv2_unsolicited_report_interval", 1000)) * NS_PER_MS;
  }

  /**
   * igmp6_group_added for a reportable group: MLDv2 state-change reports (mld_ifc_event), sent
   * at once when the device is up, else with the next report. Groups are kept newest first
   * (idev->mc_list order, which is the order of the records in a report).
   */
  joinGroup(dev: NetDevice, group: Ip6, now = true): void {
    const idev = this.idev(dev);
    const k = ip6Key(group);
    const users = idev.users.get(k) ?? 0;
    idev.users.set(k, users + 1);
    if (users) return;
    idev.leaving.delete(k);
    idev.groups.unshift(group);
    idev.crcount.set(k, 2);
    if (now && dev.up) this.ifcEvent(dev);
  }

  /** igmp6_group_dropped: the last user gone, MLDv2 reports the change to INCLUDE {} twice. */
  leaveGroup(dev: NetDevice, group: Ip6): void {
    const idev = this.idevs.get(dev);
    if (!idev) return;
    const k = ip6Key(group);
    const users = (idev.users.get(k) ?? 0) - 1;
    if (users > 0) {
      idev.users.set(k, users);
      return;
    }
    idev.users.delete(k);
    idev.groups = idev.groups.filter((g) => ip6Key(g) !== k);
    idev.leaving.set(k, { group, count: 2 });
    idev.crcount.delete(k);
    if (dev.up) this.ifcEvent(dev);
  }

  /** ipv6_mc_up after the carrier came back: every group is reported again. */
  private mcUp(dev: NetDevice): void {
    const idev = this.idev(dev);
    for (const g of idev.groups) idev.crcount.set(ip6Key(g), 2);
    this.ifcEvent(dev);
  }

  private ifcEvent(dev: NetDevice): void {
    const idev = this.idev(dev);
    idev.ifcCount = 2;
    idev.ifcTimer?.cancel();
    const work = (): void => {
      if (!this.idevs.has(dev)) return;
      this.sendChangeReport(dev);
      if (idev.ifcCount) {
        idev.ifcCount--;
        if (idev.ifcCount)
          idev.ifcTimer = this.ns.world.sched.after(this.ns.world.rng.below(this.reportInterval(dev)), work);
      }
    };
    idev.ifcTimer = this.ns.world.sched.after(0, work);
  }

  /** mld_send_cr: the groups with a pending change, one record each (left groups first). */
  private sendChangeReport(dev: NetDevice): void {
    const idev = this.idev(dev);
    const recs: { group: Ip6; type: number }[] = [];
    for (const [k, l] of idev.leaving) {
      recs.push({ group: l.group, type: MLD2_CHANGE_TO_INCLUDE });
      if (--l.count <= 0) idev.leaving.delete(k);
    }
    for (const g of idev.groups) {
      const k = ip6Key(g);
      const n = idev.crcount.get(k) ?? 0;
      if (n > 0) {
        recs.push({ group: g, type: MLD2_CHANGE_TO_EXCLUDE });
        idev.crcount.set(k, n - 1);
      }
    }
    if (recs.length) this.sendReport(dev, recs);
  }

  // ---------------------------------------------------------------- packets

  private lladdr(dev: NetDevice): Ip6 | undefined {
    return dev.in6.find((a) => a.scope === Scope.link && !a.tentative)?.addr;
  }

  private sendReport(dev: NetDevice, recs: { group: Ip6; type: number }[]): void {
    if (!recs.length) return;
    const body = new Uint8Array(4 + 20 * recs.length);
    body[2] = recs.length >> 8;
    body[3] = recs.length & 0xff;
    recs.forEach((r, i) => {
      body[4 + 20 * i] = r.type;
      body.set(r.group, 4 + 20 * i + 4);
    });
    this.send(dev, {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 1,
      src: this.lladdr(dev) ?? IN6_ANY,
      dst: MLD2_ALL_MCR,
      hopByHop: RTR_ALERT_MLD,
      nextHeader: 58,
      payload: { kind: "icmpv6", type: ICMPV6_MLD2_REPORT, code: 0, body },
    });
  }

  private sendDadNs(dev: NetDevice, target: Ip6): void {
    const body = new Uint8Array(4 + 16 + 8);
    body.set(target, 4);
    // enhanced DAD: the nonce option (type 14, 8 bytes)
    body[20] = 14;
    body[21] = 1;
    if (this.conf(dev, "enhanced_dad", 1))
      for (let i = 0; i < 6; i++) body[22 + i] = this.ns.world.rng.below(256);
    this.send(dev, {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 255,
      src: IN6_ANY,
      dst: solicitedNode(target),
      nextHeader: 58,
      payload: {
        kind: "icmpv6",
        type: ICMPV6_NS,
        code: 0,
        body: this.conf(dev, "enhanced_dad", 1) ? body : body.subarray(0, 20),
      },
    });
  }

  private sendRs(dev: NetDevice, src: Ip6): void {
    const body = new Uint8Array(4 + 8);
    body[4] = 1; // source link-layer address
    body[5] = 1;
    body.set(
      dev.mac.split(":").map((h) => parseInt(h, 16)),
      6,
    );
    this.send(dev, {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 255,
      src,
      dst: ALL_ROUTERS,
      nextHeader: 58,
      payload: { kind: "icmpv6", type: ICMPV6_RS, code: 0, body },
    });
  }

  /** ndisc_send_skb / mld_sendpack → dst_output: the multicast neighbour (NOARP) and dev_queue_xmit. */
  private send(dev: NetDevice, pkt: Ipv6Packet): void {
    if (!dev.up) return;
    // OutRequests, then ip6_finish_output2's multicast and transmit counters; the ICMPv6 message
    // counts only if the device took it (a queue without carrier drops it: NET_XMIT_CN)
    const mib = this.ns.mib;
    const len = ipv6Length(pkt);
    mib.ip6[IP6.OutRequests]++;
    mib.ip6[IP6.OutMcastPkts]++;
    mib.ip6[IP6.OutMcastOctets] += len;
    mib.ip6[IP6.OutTransmits]++;
    mib.ip6[IP6.OutOctets] += len;
    if (dev.carrier && pkt.payload.kind === "icmpv6") mib.icmp6Out(pkt.payload.type);
    const mac = ip6MulticastMac(pkt.dst);
    const now = this.ns.world.sched.now;
    const key = `${dev.ifindex}/${ip6Key(pkt.dst)}`;
    const e = this.neigh.get(key);
    if (e) e.used = now;
    else
      this.neigh.set(key, {
        addr: pkt.dst,
        dev,
        mac,
        state: Nud.NOARP,
        used: now,
        confirmed: now,
        updated: now,
      });
    const frame: EthernetFrame = { dst: mac, src: dev.mac, ethertype: EtherType.IPv6, payload: pkt };
    const meta: SkbMeta = { jid: this.ns.world.newJid(), mark: 0 };
    this.ns.stack.devXmit(dev, frame, meta);
  }

  /**
   * Received IPv6 frames (ip6_rcv_core, ip6_mc_input): counted; multicast for a group the device
   * has not joined is dropped. Hosts have nothing to answer in these labs (no routers, no duplicates).
   */
  receive(dev: NetDevice, frame: EthernetFrame, _meta: SkbMeta): void {
    const pkt = frame.payload;
    if (pkt.kind !== "ipv6") return;
    const mib = this.ns.mib;
    const ip6 = mib.ip6;
    const len = ipv6Length(pkt);
    ip6[IP6.InReceives]++;
    ip6[IP6.InOctets] += len;
    if (dev.mtu < 1280 || this.disabledCached(dev)) {
      ip6[IP6.InDiscards]++;
      return;
    }
    ip6[IP6.InNoECTPkts + (pkt.trafficClass & 3)]++;
    const dst = pkt.dst;
    if (dst[0] !== 0xff) return;
    ip6[IP6.InMcastPkts]++;
    ip6[IP6.InMcastOctets] += len;
    // ip6_mc_input: delivered only to a group the device is in
    if (!this.isMember(dev, dst)) return;
    ip6[IP6.InDelivers]++;
    if (pkt.payload.kind === "icmpv6") mib.icmp6In(pkt.payload.type);
  }
}
