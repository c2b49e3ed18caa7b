/**
 * A network namespace (struct net): its devices by ifindex (allocated cyclically as
 * dev_index_reserve does), the ids it has given to other namespaces (peernet2id_alloc: on a
 * device move the old namespace numbers the new one, and any link message about a device whose
 * peer lives elsewhere numbers the peer's namespace), sysctls, routing tables, the ARP table,
 * netfilter, sockets. Device life-cycle events follow the kernel's notifier order:
 * NETDEV_REGISTER, UP, DOWN, CHANGE (carrier), UNREGISTER, with what IPv4 (devinet, fib),
 * IPv6 (addrconf) and the bridge do on each.
 */
import type { Ip4, Ip6, Mac } from "../util/brand";
import { broadcastOf, ip4MulticastMac, maskOf, networkOf } from "../util/inet";
import type { NetDevice } from "./device";
import { LoopbackDevice, VethDevice } from "./device";
import type { Machine } from "./machine";
import type { World } from "./world";
import { Sysctls, sysctlWriteValue } from "./sysctl";
import { Fib, type Route } from "./fib";
import { NeighTable, type NeighParms } from "./neigh";
import { Errno, KernelError, Proto, RouteType, Scope, Table } from "./types";
import { BridgeDevice, BridgePort } from "./bridge";
import { stpChangeBridgeId } from "./bridge-stp";
import { FOREVER, type Ifa4 } from "./inet";
import { Stack } from "./stack";
import { Ipv6, ip6MulticastMac } from "./ipv6";
import { Igmp } from "./igmp";
import { Mib } from "./mib";
import type { Nanos } from "../engine/scheduler";
import { NS_PER_MS } from "../engine/scheduler";
import { attachSockets } from "../sockets/table";

const IGMP_ALL_HOSTS = 0xe0000001 as Ip4;
const IPV6_DEV_SYSCTLS = /^net\/ipv6\/(conf|neigh)\/%\//;
const IGMP_ALL_SNOOPERS = 0xe000006a as Ip4;
const MLD_ALL_SNOOPERS = Uint8Array.of(0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x6a) as Ip6;

export class Netns {
  /** The namespace inode number, as lsns and `ip netns identify` see it. */
  readonly inode: number;
  /** for_each_netdev order is ifindex order (rtnl dumps walk the xarray). */
  readonly devices = new Map<number, NetDevice>();
  /** dev_base_head: devices in the order they were registered in (or moved into) this netns. */
  readonly devList: NetDevice[] = [];
  private nextIndex = 1;
  readonly nsids = new Map<Netns, number>();
  readonly sysctl = new Sysctls();
  readonly fib = new Fib();
  readonly neigh: NeighTable;
  readonly stack: Stack;
  readonly ipv6: Ipv6;
  readonly igmp: Igmp;
  readonly lo: LoopbackDevice;
  /** Per-device randomised reachable time (neigh_parms.reachable_time). */
  private reachable = new Map<NetDevice, Nanos>();
  /** Processes and bind mounts keeping this namespace alive. */
  refs = 0;
  destroyed = false;
  /** Extension slots for subsystems outside the kernel core (netfilter, sockets, …). */
  readonly ext = new Map<string, unknown>();
  /** The SNMP counters (/proc/net/snmp, netstat, snmp6). */
  readonly mib = new Mib();

  constructor(
    readonly world: World,
    readonly machine: Machine,
  ) {
    this.inode = world.allocNetnsInode();
    this.stack = new Stack(this);
    this.ipv6 = new Ipv6(this);
    this.igmp = new Igmp(this);
    this.neigh = new NeighTable({
      now: () => world.sched.now,
      after: (d, fn) => world.sched.after(d, fn),
      parms: (dev) => this.neighParms(dev),
      reachableTime: (dev) => this.reachableTime(dev),
      solicit: (e, mac) => this.stack.arpSolicit(e, mac),
    });
    this.lo = new LoopbackDevice();
    this.register(this.lo);
    attachSockets(this);
  }

  /**
   * What holds an unnamed namespace, in words for the canvas ("container web", "pod web-1"): set
   * by whoever made it (dockerd's sandbox), asked when shown since a container can be renamed.
   */
  holder?: () => string | undefined;

  /** The name `ip netns` knows this namespace by, if any. */
  get name(): string | undefined {
    return this.machine.netnsName(this);
  }

  /** A label for traces and the UI: the netns name, or "root" for the machine's own. */
  get label(): string {
    return this === this.machine.root ? "root" : (this.name ?? `netns:${this.inode}`);
  }

  // ---- devices ----

  byName(name: string): NetDevice | undefined {
    for (const d of this.devices.values()) if (d.name === name) return d;
    return undefined;
  }

  byIndex(i: number): NetDevice | undefined {
    return this.devices.get(i);
  }

  /** Devices in ifindex order. */
  list(): NetDevice[] {
    return [...this.devices.values()].sort((a, b) => a.ifindex - b.ifindex);
  }

  /** for_each_netdev: registration order (what AF_BRIDGE link dumps walk). */
  listOrder(): NetDevice[] {
    return [...this.devList];
  }

  private allocIndex(): number {
    for (;;) {
      let i = this.nextIndex;
      if (i > 0x7fffffff) i = 1;
      this.nextIndex = i + 1;
      if (!this.devices.has(i)) return i;
    }
  }

  /** register_netdevice: index, name check, sysctls, NETDEV_REGISTER. */
  register(dev: NetDevice, ifindex?: number): void {
    if (this.byName(dev.name)) throw new KernelError(Errno.EEXIST);
    if (ifindex !== undefined && ifindex > 0) {
      if (this.devices.has(ifindex)) throw new KernelError(Errno.EEXIST);
      dev.ifindex = ifindex;
    } else {
      dev.ifindex = this.allocIndex();
    }
    dev.ns = this;
    this.devices.set(dev.ifindex, dev);
    this.devList.push(dev);
    this.sysctl.addDevice(dev.name);
    // ipv6_add_dev refuses a device below IPV6_MIN_MTU: no conf/neigh directories for it
    if (dev.mtu < 1280 && !dev.isLoopback()) this.sysctl.removeDevice(dev.name, IPV6_DEV_SYSCTLS);
    dev.carrier = dev instanceof VethDevice ? false : dev.carrier;
    // linkwatch_init_dev: operstate is computed at registration only for a device without carrier
    if (!dev.carrier) dev.linkwatch();
    this.ipv6.onRegister(dev);
    this.notifyLink(dev);
  }

  /** unregister_netdevice: close, detach from masters, flush routes/neighbours, free the index. */
  unregister(dev: NetDevice): void {
    if (dev.dying) return;
    dev.dying = true;
    if (dev.up) this.close(dev);
    if (dev.master) this.bridgeDelIf(dev.master, dev);
    if (dev instanceof BridgeDevice) for (const p of [...dev.ports]) this.bridgeDelIf(dev, p.dev);
    this.ipv6.onUnregister(dev);
    this.igmp.forget(dev);
    this.fib.removeWhere((r) => r.dev === dev || !!r.nhs?.some((n) => n.dev === dev));
    this.neigh.flushDev(dev, false);
    dev.in4 = [];
    // dev_shutdown: the qdiscs are destroyed; the device shows noop until it is up again
    dev.everUp = false;
    this.devices.delete(dev.ifindex);
    this.devList.splice(this.devList.indexOf(dev), 1);
    this.sysctl.removeDevice(dev.name);
    dev.onUnregister();
    this.world.onDeviceGone(dev);
    if (dev instanceof VethDevice && dev.peer) {
      const peer = dev.peer;
      dev.peer = undefined;
      peer.peer = undefined;
      if (!peer.dying) peer.ns.unregister(peer);
    }
    // devices whose lower device went away (vxlan over it) lose that link
    for (const other of this.devices.values()) this.world.onLowerGone(other, dev);
  }

  /** dev_change_name */
  rename(dev: NetDevice, name: string): void {
    if (dev.name === name) return;
    if (this.byName(name)) throw new KernelError(Errno.EEXIST);
    // 6.18 renames a device that is up (6.1 answered EBUSY): the recordings are from 6.18
    const old = dev.name;
    this.sysctl.renameDevice(old, name);
    dev.name = name;
    // inetdev_changename: labels follow, keeping an alias suffix (eth0:1 → new:1)
    for (const ifa of dev.in4) {
      const dot = ifa.label.indexOf(":");
      ifa.label = dot >= 0 && ifa.label.startsWith(old) ? name + ifa.label.slice(dot) : name;
    }
    this.notifyLink(dev);
  }

  /** dev_change_net_namespace: the device leaves this namespace for `to`. */
  moveTo(dev: NetDevice, to: Netns): void {
    if (to === this) return;
    if (to.byName(dev.name)) throw new KernelError(Errno.EEXIST);
    if (dev.up) this.close(dev);
    if (dev.master) this.bridgeDelIf(dev.master, dev);
    if (dev instanceof BridgeDevice) for (const p of [...dev.ports]) this.bridgeDelIf(dev, p.dev);
    // the old namespace numbers the new one (new_nsid = peernet2id_alloc(dev_net(dev), net))
    this.nsidAlloc(to);
    this.ipv6.onUnregister(dev);
    this.igmp.forget(dev);
    this.fib.removeWhere((r) => r.dev === dev || !!r.nhs?.some((n) => n.dev === dev));
    this.neigh.flushDev(dev, false);
    dev.in4 = [];
    // dev_shutdown: the qdiscs are destroyed; the device shows noop until it is up again
    dev.everUp = false;
    this.devices.delete(dev.ifindex);
    this.devList.splice(this.devList.indexOf(dev), 1);
    this.sysctl.removeDevice(dev.name);
    this.world.onDeviceMoved(dev);
    const keep = !to.devices.has(dev.ifindex);
    dev.ns = to;
    if (!keep) dev.ifindex = to.allocIndex();
    to.devices.set(dev.ifindex, dev);
    to.devList.push(dev);
    to.sysctl.addDevice(dev.name);
    to.ipv6.onRegister(dev);
    dev.linkwatch();
    if (dev instanceof VethDevice && dev.peer) dev.peer.linkwatch();
    // the moved device's link partner is now in another namespace: the new one numbers it at once
    const ln = dev.linkNetns();
    if (ln) to.nsidAlloc(ln);
    to.notifyLink(dev);
  }

  // ---- nsids ----

  /** peernet2id: the id this namespace uses for `other`, if it gave it one. */
  nsidOf(other: Netns): number | undefined {
    return this.nsids.get(other);
  }

  /** The ids in use (the idr), and an id below which all are in use (where a search starts). */
  private nsidsUsed = new Set<number>();
  private nsidLowFree = 0;
  /** The namespaces that gave this one an id (what its destruction must tell). */
  readonly nsidHeldBy = new Set<Netns>();

  /** peernet2id_alloc: the lowest free id (idr_alloc from 0). */
  nsidAlloc(other: Netns): number {
    if (other === this) return -1;
    const have = this.nsids.get(other);
    if (have !== undefined) return have;
    let id = this.nsidLowFree;
    while (this.nsidsUsed.has(id)) id++;
    this.nsidLowFree = id + 1;
    this.nsids.set(other, id);
    this.nsidsUsed.add(id);
    other.nsidHeldBy.add(this);
    return id;
  }

  /** `ip netns set NAME ID` (rtnl_net_newid). */
  nsidSet(other: Netns, id: number): void {
    if (this.nsids.has(other)) throw new KernelError(Errno.EEXIST, "Peer netns already has a nsid assigned");
    if (this.nsidsUsed.has(id)) throw new KernelError(Errno.EEXIST, "The specified nsid is already used");
    this.nsids.set(other, id);
    this.nsidsUsed.add(id);
    other.nsidHeldBy.add(this);
  }

  /** `other` is gone (net_drop_ns / unhash_nsid): its id is free again. */
  nsidForget(other: Netns): void {
    const id = this.nsids.get(other);
    if (id === undefined) return;
    this.nsids.delete(other);
    this.nsidsUsed.delete(id);
    other.nsidHeldBy.delete(this);
    if (id < this.nsidLowFree) this.nsidLowFree = id;
  }

  /**
   * An RTM_NEWLINK about `dev` in this namespace. With nobody listening (no `ip monitor`) the
   * kernel builds no message, so nothing is numbered here: ids come from dumps
   * (rtnl_fill_link_netnsid → peernet2id_alloc), moves and cross-namespace creation.
   */
  notifyLink(dev: NetDevice): void {
    void dev;
  }

  // ---- up / down ----

  /** dev_open */
  open(dev: NetDevice): void {
    if (dev.up) return;
    dev.up = true;
    dev.everUp = true;
    // the carrier ndo_open turns on reaches addrconf through linkwatch, after NETDEV_UP: the
    // link-local address (and its group) comes after 224.0.0.1's in the device's lists
    this.carrierQueue = [];
    try {
      dev.onOpen();
    } catch (e) {
      this.carrierQueue = undefined;
      throw e;
    }
    if (
      dev.carrier !== dev.hasLowerCarrier() &&
      !(dev instanceof VethDevice) &&
      !(dev instanceof BridgeDevice)
    ) {
      dev.carrier = dev.hasLowerCarrier();
      dev.carrierChanges++;
    }
    // NETDEV_UP: loopback gets 127.0.0.1/8 (inetdev_event), IPv4 joins 224.0.0.1, address routes go in
    if (dev.isLoopback() && !dev.in4.some((a) => a.local === 0x7f000001)) {
      dev.in4.unshift(this.newIfa(dev, 0x7f000001 as Ip4, 8, { scope: Scope.host }));
    }
    // br_multicast_open (ndo_open, before NETDEV_UP): with snooping the bridge listens to the
    // multicast-router-discovery groups 224.0.0.106 and ff02::6a
    if (dev instanceof BridgeDevice && dev.mcastSnooping) {
      if (dev.mtu >= 68) {
        dev.mcAdd(ip4MulticastMac(IGMP_ALL_SNOOPERS));
        this.igmp.join(dev, IGMP_ALL_SNOOPERS);
      }
      if (dev.mtu >= 1280) {
        dev.mcAdd(ip6MulticastMac(MLD_ALL_SNOOPERS));
        this.ipv6.joinGroup(dev, MLD_ALL_SNOOPERS, false);
      }
    }
    // ip_mc_up joins 224.0.0.1; arp_mc_map has no mapping for loopback, so lo's list stays empty
    if (!dev.isLoopback()) dev.mcAdd(ip4MulticastMac(IGMP_ALL_HOSTS));
    this.igmp.up(dev);
    for (const ifa of dev.in4) this.fibAddIfaddr(dev, ifa);
    this.fibSyncUp(dev);
    const queued = this.carrierQueue ?? [];
    this.carrierQueue = undefined;
    this.ipv6.onUp(dev, queued.includes(dev));
    for (const d of queued) if (d.ns === this) this.ipv6.onCarrier(d);
    for (const d of queued) if (d.ns !== this && !d.dying) d.ns.ipv6.onCarrier(d);
    if (dev instanceof BridgeDevice) dev.updatePortStates();
    if (dev.master) dev.master.updatePortStates();
    this.notifyLink(dev);
    this.world.topologyChanged();
  }

  /** dev_close */
  close(dev: NetDevice): void {
    if (!dev.up) return;
    dev.up = false;
    dev.onClose();
    // NETDEV_DOWN: routes through the device die (host-scope local routes stay), ARP flushed
    this.fibDisableIp(dev, false);
    dev.mcDel(ip4MulticastMac(IGMP_ALL_HOSTS));
    this.igmp.down(dev);
    this.ipv6.onDown(dev);
    if (dev instanceof BridgeDevice) {
      // br_multicast_stop: leave the snoopers' groups
      if (dev.mc.some((m) => m.mac === ip4MulticastMac(IGMP_ALL_SNOOPERS)))
        dev.mcDel(ip4MulticastMac(IGMP_ALL_SNOOPERS));
      this.igmp.leave(dev, IGMP_ALL_SNOOPERS);
      if (dev.mc.some((m) => m.mac === ip6MulticastMac(MLD_ALL_SNOOPERS)))
        dev.mcDel(ip6MulticastMac(MLD_ALL_SNOOPERS));
    }
    // br_stp_disable_bridge: every port disabled, STP timers stopped
    if (dev instanceof BridgeDevice) dev.updatePortStates();
    if (dev.master) dev.master.updatePortStates();
    this.notifyLink(dev);
    this.world.topologyChanged();
  }

  /**
   * fib_disable_ip: fib_sync_down_dev + arp_ifdown. Routes through the device go (with `force`,
   * when its last address went, the host-scope ones too); a multipath route only loses the path
   * (RTNH_F_DEAD | RTNH_F_LINKDOWN) and dies with its last one.
   */
  fibDisableIp(dev: NetDevice, force: boolean): void {
    this.fib.removeWhere((r) => r.dev === dev && (force || r.nhScope !== Scope.nowhere));
    for (const t of this.fib.tables.values()) {
      for (const r of [...t.routes]) {
        if (!r.nhs?.some((n) => n.dev === dev)) continue;
        for (const n of r.nhs) {
          if (n.dev !== dev) continue;
          n.dead = true;
          n.linkdown = true;
        }
        if (r.nhs.every((n) => n.dead)) t.remove(r);
      }
    }
    // arp_ifdown → neigh_ifdown: every entry of the device goes, PERMANENT and proxy ones too
    this.neigh.flushDev(dev, false);
  }

  /** fib_sync_up: dead paths through this device come back. */
  fibSyncUp(dev: NetDevice): void {
    for (const t of this.fib.tables.values()) {
      for (const r of t.routes) {
        for (const n of r.nhs ?? []) {
          if (n.dev !== dev || !dev.up) continue;
          n.dead = false;
          n.linkdown = false;
        }
      }
    }
  }

  /** Carrier changed while up: NETDEV_CHANGE (linkdown routes, bridge port states). */
  onCarrierChange(dev: NetDevice): void {
    if (!dev.ns || dev.ns !== this || dev.dying) return;
    if (dev.master) dev.master.updatePortStates();
    if (dev.up && !dev.carrier && this.sysctl.int(`net/ipv4/conf/${dev.name}/arp_evict_nocarrier`, 1)) {
      this.neigh.flushDev(dev, true);
    }
    if (this.carrierQueue) this.carrierQueue.push(dev);
    else this.ipv6.onCarrier(dev);
    this.notifyLink(dev);
    this.world.topologyChanged();
  }

  /**
   * Carrier changes made by ndo_open while dev_open runs: linkwatch hands them to addrconf only
   * after NETDEV_UP, in the order they happened (so the opened device is not yet "ready" then).
   */
  private carrierQueue?: NetDevice[];

  changeMac(dev: NetDevice, mac: Mac, assign: NetDevice["addrAssign"]): void {
    const old = dev.mac;
    dev.mac = mac;
    dev.addrAssign = assign;
    if (dev.master) {
      const br = dev.master;
      const p = br.portOf(dev);
      br.fdbDeleteLocal(old, p);
      br.fdbAddLocal(mac, p, 0);
      br.recalcMac();
    }
    if (dev instanceof BridgeDevice) {
      dev.fdbDeleteLocal(old, undefined);
      dev.fdbAddLocal(mac, undefined, 0);
      // br_stp_change_bridge_id: the bridge id follows the address
      stpChangeBridgeId(dev, mac);
    }
    this.notifyLink(dev);
  }

  setMtuRaw(dev: NetDevice, mtu: number): void {
    dev.mtu = mtu;
    if (dev.master) dev.master.recalcMtu();
    this.notifyLink(dev);
  }

  /** NETDEV_CHANGEMTU: IPv4 gives up below 68 bytes, IPv6 below 1280. */
  onMtuChange(dev: NetDevice): void {
    if (dev.mtu < 68 && dev.in4.length) {
      for (const ifa of [...dev.in4]) this.delAddress(dev, ifa);
    }
    if (dev.mtu < 1280) {
      // addrconf_ifdown(dev, unregister): the inet6_dev goes, with its sysctl directories
      if (!dev.isLoopback() && this.sysctl.has(`net/ipv6/conf/${dev.name}/mtu`)) {
        this.ipv6.onDown(dev);
        for (const m of [...dev.mc]) if (m.mac === "33:33:00:00:00:01") dev.mcDel(m.mac);
        this.sysctl.removeDevice(dev.name, IPV6_DEV_SYSCTLS);
      } else this.ipv6.onDown(dev);
    } else if (!dev.isLoopback() && !this.sysctl.has(`net/ipv6/conf/${dev.name}/mtu`)) {
      // ipv6_add_dev again: fresh per-device settings from conf/default
      this.sysctl.addDevice(dev.name, IPV6_DEV_SYSCTLS);
      this.ipv6.onRegister(dev);
      if (dev.up) this.ipv6.onUp(dev);
    }
    // a new inet6_dev configures itself at once when the link is ready; loopback keeps its
    // (emptied) inet6_dev and gets ::1 back only at the next NETDEV_UP
    else if (dev.up && !dev.in6.length && !dev.isLoopback()) this.ipv6.onUp(dev);
  }

  // ---- bridge ports ----

  /** br_add_if */
  bridgeAddIf(br: BridgeDevice, dev: NetDevice): void {
    // "Don't allow bridging non-ethernet like devices": loopback, or no valid unicast address
    if (dev.isLoopback() || dev.mac === "00:00:00:00:00:00" || (parseInt(dev.mac.slice(0, 2), 16) & 1) === 1)
      throw new KernelError(Errno.EINVAL);
    if (dev instanceof BridgeDevice)
      throw new KernelError(Errno.ELOOP, "Can not enslave a bridge to a bridge");
    if (dev.master === br) return;
    if (dev.master) throw new KernelError(Errno.EBUSY, "Device is already in use");
    const used = new Set(br.ports.map((p) => p.portNo));
    let no = 1;
    while (used.has(no)) no++;
    const p = new BridgePort(br, dev, no);
    br.ports.push(p);
    dev.master = br;
    dev.port = p;
    dev.promiscuity++;
    dev.allmulti++;
    br.setGsoLimits();
    br.fdbAddLocal(dev.mac, p, 0);
    br.recalcMac();
    br.recalcMtu();
    br.updatePortStates(true);
    this.notifyLink(dev);
    this.world.topologyChanged();
  }

  /** br_del_if */
  bridgeDelIf(br: BridgeDevice, dev: NetDevice): void {
    const p = br.portOf(dev);
    if (!p) return;
    br.ports.splice(br.ports.indexOf(p), 1);
    dev.master = undefined;
    dev.port = undefined;
    dev.promiscuity = Math.max(0, dev.promiscuity - 1);
    dev.allmulti = Math.max(0, dev.allmulti - 1);
    br.setGsoLimits();
    br.fdb = br.fdb.filter((e) => e.port !== p);
    br.recalcMac();
    br.recalcMtu();
    br.updatePortStates(true);
    this.notifyLink(dev);
    this.world.topologyChanged();
  }

  // ---- IPv4 addresses and the routes they make ----

  /** __inet_insert_ifa */
  addAddress(dev: NetDevice, ifa: Ifa4): void {
    let lastPrimary = -1;
    for (let i = 0; i < dev.in4.length; i++) {
      const o = dev.in4[i];
      // a new primary goes after the last primary of the same or a narrower scope
      if (!o.secondary && ifa.scope <= o.scope) lastPrimary = i;
      if (
        o.prefixLen === ifa.prefixLen &&
        networkOf(o.address, o.prefixLen) === networkOf(ifa.address, ifa.prefixLen)
      ) {
        if (o.local === ifa.local) throw new KernelError(Errno.EEXIST, "ipv4: Address already assigned");
        if (o.scope !== ifa.scope) throw new KernelError(Errno.EINVAL, "ipv4: Invalid scope value");
        ifa.secondary = true;
      }
    }
    if (ifa.secondary) dev.in4.push(ifa);
    else dev.in4.splice(lastPrimary + 1, 0, ifa);
    this.fibAddIfaddr(dev, ifa);
    this.fibSyncUp(dev);
    this.world.topologyChanged();
  }

  /** __inet_del_ifa (promote_secondaries off: deleting a primary takes its secondaries along). */
  delAddress(dev: NetDevice, ifa: Ifa4): void {
    const i = dev.in4.indexOf(ifa);
    if (i < 0) return;
    const victims = [ifa];
    if (!ifa.secondary) {
      const promote =
        this.sysctl.int(`net/ipv4/conf/${dev.name}/promote_secondaries`) ||
        this.sysctl.int("net/ipv4/conf/all/promote_secondaries");
      const secs = dev.in4.filter(
        (o) =>
          o.secondary &&
          o.prefixLen === ifa.prefixLen &&
          networkOf(o.address, o.prefixLen) === networkOf(ifa.address, ifa.prefixLen),
      );
      if (promote && secs.length) {
        secs[0].secondary = false;
        dev.in4.splice(dev.in4.indexOf(secs[0]), 1);
        dev.in4.splice(i, 0, secs[0]);
      } else victims.push(...secs);
    }
    for (const v of victims) {
      dev.in4.splice(dev.in4.indexOf(v), 1);
      this.fibDelIfaddr(dev, v);
    }
    if (!ifa.secondary) {
      const same = (o: Ifa4) =>
        o.prefixLen === ifa.prefixLen &&
        networkOf(o.address, o.prefixLen) === networkOf(ifa.address, ifa.prefixLen);
      const promoted = dev.in4.find((o) => !o.secondary && same(o));
      if (promoted) {
        // fib_sync_down_addr: every route preferring the old primary goes; the promoted address
        // and the remaining secondaries put theirs back with the new source
        if (!dev.in4.some((o) => o.local === ifa.local)) this.fib.removeWhere((r) => r.prefsrc === ifa.local);
        this.fibAddIfaddr(dev, promoted);
        for (const o of dev.in4) if (o.secondary && same(o)) this.fibAddIfaddr(dev, o);
      }
    }
    // fib_inetaddr_event(NETDEV_DOWN): the last address gone disables IP on the device
    if (!dev.in4.length) this.fibDisableIp(dev, true);
    this.world.topologyChanged();
  }

  private kernelRoute(
    table: number,
    type: RouteType,
    dst: Ip4,
    len: number,
    dev: NetDevice,
    src: Ip4,
    metric = 0,
  ): void {
    const t = this.fib.table(table);
    const scope = type === RouteType.local ? Scope.host : Scope.link;
    const net = networkOf(dst, len);
    const dup = t
      .exact(net, len)
      .find(
        (r) =>
          r.type === type &&
          r.dev === dev &&
          r.prefsrc === src &&
          r.protocol === Proto.kernel &&
          r.priority === metric,
      );
    if (dup) return;
    t.insert(
      {
        table,
        dst: net,
        dstLen: len,
        tos: 0,
        type,
        protocol: Proto.kernel,
        scope,
        priority: metric,
        prefsrc: src,
        dev,
        onlink: false,
        nhScope: type === RouteType.local ? Scope.nowhere : Scope.host,
      },
      true,
    );
  }

  /** fib_add_ifaddr */
  fibAddIfaddr(dev: NetDevice, ifa: Ifa4): void {
    const prim = ifa.secondary ? this.primaryFor(dev, ifa) : ifa;
    if (!prim) return;
    const src = prim.local;
    this.kernelRoute(Table.local, RouteType.local, ifa.local, 32, dev, src);
    if (!dev.up) return;
    if (ifa.broadcast && ifa.broadcast !== 0xffffffff)
      this.kernelRoute(Table.local, RouteType.broadcast, ifa.broadcast, 32, dev, src);
    const prefix = networkOf(ifa.address, ifa.prefixLen);
    if (prefix >>> 24 !== 0 && !ifa.secondary && (prefix !== ifa.local || ifa.prefixLen < 32)) {
      if (!ifa.noprefixroute) {
        this.kernelRoute(
          dev.isLoopback() ? Table.local : Table.main,
          dev.isLoopback() ? RouteType.local : RouteType.unicast,
          prefix,
          ifa.prefixLen,
          dev,
          src,
          ifa.metric,
        );
      }
      if (ifa.prefixLen < 31)
        this.kernelRoute(Table.local, RouteType.broadcast, broadcastOf(prefix, ifa.prefixLen), 32, dev, src);
    }
  }

  private primaryFor(dev: NetDevice, ifa: Ifa4): Ifa4 | undefined {
    return dev.in4.find(
      (o) =>
        !o.secondary &&
        o.prefixLen === ifa.prefixLen &&
        networkOf(o.address, o.prefixLen) === networkOf(ifa.address, ifa.prefixLen),
    );
  }

  /** fib_del_ifaddr: routes of the address, unless another address still needs them. */
  fibDelIfaddr(dev: NetDevice, ifa: Ifa4): void {
    const others = [...this.devices.values()].flatMap((d) => d.in4.map((o) => ({ d, o })));
    const localStill = others.some(({ o }) => o.local === ifa.local);
    const isKernel = (r: Route) => r.protocol === Proto.kernel;
    if (!localStill)
      this.fib.removeWhere(
        (r) =>
          isKernel(r) &&
          r.table === Table.local &&
          r.type === RouteType.local &&
          r.dst === ifa.local &&
          r.dstLen === 32,
      );
    const prefix = networkOf(ifa.address, ifa.prefixLen);
    const brd = broadcastOf(prefix, ifa.prefixLen);
    const brdStill = dev.in4.some(
      (o) => broadcastOf(networkOf(o.address, o.prefixLen), o.prefixLen) === brd && o.prefixLen < 31,
    );
    if (!ifa.secondary) {
      this.fib.removeWhere(
        (r) =>
          isKernel(r) &&
          r.dev === dev &&
          r.dst === prefix &&
          r.dstLen === ifa.prefixLen &&
          r.prefsrc === ifa.local &&
          r.type !== RouteType.broadcast,
      );
    }
    if (!brdStill)
      this.fib.removeWhere(
        (r) => isKernel(r) && r.dev === dev && r.type === RouteType.broadcast && r.dst === brd,
      );
    if (ifa.broadcast && !dev.in4.some((o) => o.broadcast === ifa.broadcast)) {
      this.fib.removeWhere(
        (r) => isKernel(r) && r.dev === dev && r.type === RouteType.broadcast && r.dst === ifa.broadcast,
      );
    }
    // routes that used this address as their preferred source go with it
    this.fib.removeWhere(
      (r) =>
        r.prefsrc === ifa.local &&
        !localStill &&
        r.table !== Table.local &&
        !dev.in4.some((o) => o.local === r.prefsrc),
    );
  }

  newIfa(dev: NetDevice, local: Ip4, prefixLen: number, opts: Partial<Ifa4> = {}): Ifa4 {
    return {
      local,
      address: opts.address ?? local,
      prefixLen,
      broadcast: opts.broadcast ?? (0 as Ip4),
      scope: opts.scope ?? (dev.isLoopback() || local >>> 24 === 127 ? Scope.host : Scope.universe),
      label: opts.label ?? dev.name,
      secondary: false,
      noprefixroute: opts.noprefixroute ?? false,
      validLft: opts.validLft ?? FOREVER,
      preferredLft: opts.preferredLft ?? FOREVER,
      added: this.world.sched.now,
      metric: opts.metric ?? 0,
    };
  }

  /** inet_select_addr(dev, dst, scope) */
  selectAddr(dev: NetDevice | undefined, dst: number, scope: number): Ip4 | undefined {
    let addr: Ip4 | undefined;
    if (dev) {
      for (const ifa of dev.in4) {
        if (ifa.secondary) continue;
        if (Math.min(ifa.scope, Scope.link) > scope) continue;
        if (!dst || (dst & maskOf(ifa.prefixLen)) === (ifa.address & maskOf(ifa.prefixLen)) >>> 0)
          return ifa.local;
        if (addr === undefined) addr = ifa.local;
      }
      if (addr !== undefined) return addr;
    }
    // no address on the device: the first global-ish primary address of another device
    for (const d of this.list()) {
      for (const ifa of d.in4) {
        if (ifa.secondary) continue;
        if (ifa.scope !== Scope.link && ifa.scope !== Scope.host && ifa.scope <= scope) return ifa.local;
      }
    }
    return undefined;
  }

  isLocalAddress(ip: number): boolean {
    return this.fib.addrType(ip) === RouteType.local;
  }

  // ---- sysctl writes ----

  /**
   * A write to /proc/sys (sysctl -w, echo > file): proc_dointvec-style parsing and the side
   * effects the kernel's handlers have (ip_forward fans out to every device's forwarding).
   */
  writeSysctl(path: string, raw: string): void {
    const old = this.sysctl.get(path);
    if (old === undefined) throw new KernelError(Errno.ENOENT);
    // the handler's parsing and range checks (kernel/sysctl.ts)
    const value = sysctlWriteValue(path, raw, old, (p) => this.sysctl.get(p));
    if (value === undefined) throw new KernelError(Errno.EINVAL);
    if (path === "net/ipv4/ip_forward" || path === "net/ipv4/conf/all/forwarding") {
      // inet_forward_change: all, default and every device follow
      this.sysctl.setRaw("net/ipv4/ip_forward", value);
      this.sysctl.setRaw("net/ipv4/conf/all/forwarding", value);
      this.sysctl.setRaw("net/ipv4/conf/default/forwarding", value);
      for (const d of this.devices.values()) this.sysctl.setRaw(`net/ipv4/conf/${d.name}/forwarding`, value);
      return;
    }
    this.sysctl.setRaw(path, value);
    const m = /^net\/ipv6\/conf\/([^/]+)\/disable_ipv6$/.exec(path);
    if (m && old !== value) {
      const devs =
        m[1] === "all" || m[1] === "default"
          ? m[1] === "all"
            ? [...this.devices.values()]
            : []
          : [this.byName(m[1])].filter(Boolean);
      // addrconf_disable_ipv6: writing "all" sets "default" too (devices made later inherit it)
      if (m[1] === "all") this.sysctl.setRaw("net/ipv6/conf/default/disable_ipv6", value);
      for (const d of devs) {
        if (!d) continue;
        if (m[1] === "all") this.sysctl.setRaw(`net/ipv6/conf/${d.name}/disable_ipv6`, value);
        // dev_disable_change: NETDEV_DOWN (addresses go) or NETDEV_UP for the device's inet6_dev
        if (value === "1") this.ipv6.onDisable(d);
        else if (d.up) this.ipv6.onUp(d);
      }
    }
  }

  // ---- neighbour parameters ----

  neighParms(dev: NetDevice): NeighParms {
    const p = `net/ipv4/neigh/${dev.name}/`;
    const s = this.sysctl;
    return {
      baseReachableMs: s.int(p + "base_reachable_time_ms", 30000),
      retransMs: s.int(p + "retrans_time_ms", 1000),
      delayFirstProbeS: s.int(p + "delay_first_probe_time", 5),
      ucastSolicit: s.int(p + "ucast_solicit", 3),
      mcastSolicit: s.int(p + "mcast_solicit", 3),
      appSolicit: s.int(p + "app_solicit", 0),
      unresQlenBytes: s.int(p + "unres_qlen_bytes", 212992),
    };
  }

  /** neigh_rand_reach_time: uniformly in [base/2, 3·base/2). */
  reachableTime(dev: NetDevice): Nanos {
    let t = this.reachable.get(dev);
    if (t === undefined) {
      const base = this.neighParms(dev).baseReachableMs * NS_PER_MS;
      t = base / 2 + Math.floor(this.world.rng.float() * base);
      this.reachable.set(dev, t);
    }
    return t;
  }

  /** The effective value of an IPv4 devconf knob for a device (max of all/dev where the kernel does so). */
  devconf(dev: NetDevice, knob: string): number {
    const d = this.sysctl.int(`net/ipv4/conf/${dev.name}/${knob}`);
    const all = this.sysctl.int(`net/ipv4/conf/all/${knob}`);
    switch (knob) {
      case "rp_filter":
      case "arp_ignore":
      case "arp_announce":
        return Math.max(d, all);
      case "forwarding":
        return d;
      default:
        return d || all;
    }
  }
}
