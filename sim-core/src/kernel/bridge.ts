/**
 * The Linux bridge (net/bridge/): ports and their states (kept by bridge-stp.ts: without STP a
 * port forwards as soon as the bridge and the port are up with carrier), the forwarding database
 * with learning, ageing and local entries for every port address (vid 0 and the default pvid 1),
 * flooding of broadcast, multicast and unknown unicast, the bridge's MAC following its lowest port
 * MAC until one is set, and the bridge MTU following the smallest port MTU until one is set.
 */
import type { Mac } from "../util/brand";
import { isMulticastMac } from "../util/inet";
import type { Nanos } from "../engine/scheduler";
import { NS_PER_S } from "../engine/scheduler";
import type { EthernetFrame } from "../wire/types";
import { NetDevice, type SkbMeta } from "./device";
import { DeviceKind, Errno, KernelError, OperState, PortState } from "./types";
import { portStateSelection, stpUpdate } from "./bridge-stp";

export interface FdbEntry {
  mac: Mac;
  vlan: number;
  /** The port it points to; undefined = the bridge device itself. */
  port?: BridgePort;
  /** A local address of the bridge or one of its ports: delivered up, never aged. */
  isLocal: boolean;
  /** Added by the user as permanent/static (not aged). */
  isStatic: boolean;
  addedByUser: boolean;
  updated: Nanos;
  used: Nanos;
}

export class BridgePort {
  state: PortState = PortState.disabled;
  priority = 32;
  cost = 2;
  /** BR_ADMIN_COST: the cost was set by the user and no longer follows the link speed. */
  adminCost = false;
  hairpin = false;
  learning = true;
  flood = true;
  mcastFlood = true;
  bcastFlood = true;
  isolated = false;
  /** Port flags shown by `bridge -d link` that change nothing in the simulation. */
  extraFlags: Record<string, boolean> = {};
  /** port_no as the kernel numbers them (lowest free number from 1). */
  portNo: number;

  constructor(
    readonly br: BridgeDevice,
    readonly dev: NetDevice,
    portNo: number,
  ) {
    this.portNo = portNo;
    this.cost = portCost(dev);
  }
}

/**
 * port_cost (br_if.c), from the ethtool link speed: veths (and the machines' NICs, which are
 * veths) report 10 Gb/s → 2; a vxlan passes its lower device's settings through
 * (vxlan_get_link_ksettings: SPEED_UNKNOWN without one → 100); others have none → 100.
 */
export function portCost(dev: NetDevice): number {
  if (dev.kind === DeviceKind.veth || dev.kind === DeviceKind.nic) return 2;
  if (dev.kind === DeviceKind.vxlan) {
    const lower = (dev as NetDevice & { cfg?: { lowerIfindex?: number } }).cfg?.lowerIfindex;
    const l = lower ? dev.ns?.byIndex(lower) : undefined;
    return l && l.kind !== DeviceKind.vxlan ? portCost(l) : 100;
  }
  return 100;
}

export class BridgeDevice extends NetDevice {
  readonly kind = DeviceKind.bridge;
  ports: BridgePort[] = [];
  fdb: FdbEntry[] = [];
  /** centiseconds, as `ip -d link` shows ageing_time */
  ageingTime = 30000;
  stpState = 0;
  forwardDelay = 1500;
  helloTime = 200;
  maxAge = 2000;
  priority = 0x8000;
  mtuSetByUser = false;
  groupFwdMask = 0;
  groupAddr = "01:80:c2:00:00:00" as Mac;
  noLinklocalLearn = 0;
  /**
   * IGMP/MLD snooping settings as `ip -d link` shows them (intervals in jiffies at HZ=250). Only
   * mcast_snooping changes what the bridge does here; no querier sends queries.
   */
  mcastSnooping = 1;
  mcastRouter = 1;
  mcastQueryUseIfaddr = 0;
  mcastQuerier = 0;
  mcastHashMax = 4096;
  mcastLastMemberCount = 2;
  mcastStartupQueryCount = 2;
  mcastLastMemberIntvl = 250;
  mcastMembershipIntvl = 65000;
  mcastQuerierIntvl = 63750;
  mcastQueryIntvl = 31250;
  mcastQueryResponseIntvl = 2500;
  mcastStartupQueryIntvl = 7812;
  mcastStatsEnabled = 0;
  mcastIgmpVersion = 2;
  mcastMldVersion = 1;
  /** Broadcast-storm guard (see Stack.bridgeFlood). */
  storm = { windowStart: -Infinity, count: 0, reported: false, total: 0 };
  nfCallIptables = 0;
  nfCallIp6tables = 0;
  nfCallArptables = 0;
  /** The bridge's own carrier has never been changed since creation (operstate UNKNOWN). */
  constructor(name: string, mac: Mac) {
    super(name, mac);
    this.minMtu = 68;
    this.maxMtu = 65535;
    // GSO_LEGACY_MAX_SIZE until br_set_gso_limits runs on the first port change
    this.tsoMaxSize = 65536;
  }

  /** br_set_gso_limits: the smallest limit among the ports (TSO_MAX_SIZE with none). */
  setGsoLimits(): void {
    let t = 524280;
    for (const p of this.ports) t = Math.min(t, p.dev.tsoMaxSize);
    this.tsoMaxSize = t;
  }

  hasLowerCarrier(): boolean {
    return this.ports.some((p) => p.state === PortState.forwarding);
  }

  get ageingNs(): Nanos {
    return (this.ageingTime / 100) * NS_PER_S;
  }

  portOf(dev: NetDevice): BridgePort | undefined {
    return this.ports.find((p) => p.dev === dev);
  }

  /**
   * br_port_carrier_check / br_stp_enable_port / br_add_if … → br_port_state_selection: every
   * port's state, then the bridge's carrier = "some port forwarding". A bridge that never had a
   * port keeps the carrier it was created with (up, operstate UNKNOWN); adding or removing a port
   * always runs the selection (so the last port leaving turns the carrier off).
   */
  updatePortStates(selection = this.ports.length > 0): void {
    // br_stp_enable_bridge / br_port_carrier_check / br_port_state_selection (bridge-stp.ts);
    // a bridge that is down has no forwarding port
    stpUpdate(this, selection);
    if (selection && !this.up) this.setCarrier(this.hasLowerCarrier());
  }

  override linkwatch(): void {
    this.operstate = this.carrier ? OperState.UP : OperState.DOWN;
  }

  /** br_set_port_state (`bridge link set … state`, `type bridge_slave state`): only without STP. */
  setPortState(p: BridgePort, state: number): void {
    if (this.stpState) throw new KernelError(Errno.EBUSY);
    if (!p.dev.up || (!p.dev.running() && state !== PortState.disabled))
      throw new KernelError(Errno.ENETDOWN);
    if (state < 0 || state > PortState.blocking) throw new KernelError(Errno.EINVAL);
    p.state = state as PortState;
    portStateSelection(this);
  }

  /** br_stp_recalculate_bridge_id: the lowest port MAC (all zeros without ports), unless the address was set. */
  recalcMac(): void {
    if (this.addrAssign === "set") return;
    let best = "00:00:00:00:00:00" as Mac;
    if (this.ports.length) {
      best = this.ports[0].dev.mac;
      for (const p of this.ports) if (p.dev.mac < best) best = p.dev.mac;
    }
    if (best !== this.mac) this.ns.changeMac(this, best, "stolen");
  }

  /** br_mtu_auto_adjust: the smallest port MTU, unless the MTU was set by the user. */
  recalcMtu(): void {
    if (this.mtuSetByUser || !this.ports.length) return;
    const min = Math.min(...this.ports.map((p) => p.dev.mtu));
    if (min !== this.mtu) this.ns.setMtuRaw(this, min);
  }

  // ---- FDB ----

  fdbFind(mac: Mac, vlan = 0): FdbEntry | undefined {
    const now = this.world.sched.now;
    for (const e of this.fdb) {
      if (e.mac === mac && e.vlan === vlan) {
        if (this.expired(e, now)) {
          this.fdbRemove(e);
          return undefined;
        }
        return e;
      }
    }
    return undefined;
  }

  expired(e: FdbEntry, now: Nanos): boolean {
    return !e.isLocal && !e.isStatic && now - e.updated > this.ageingNs;
  }

  /** Entries still alive, newest first (the kernel's fdb_list order). */
  liveFdb(): FdbEntry[] {
    const now = this.world.sched.now;
    this.fdb = this.fdb.filter((e) => !this.expired(e, now));
    return this.fdb;
  }

  /**
   * br_fdb_flush (IFLA_BR_FDB_FLUSH) and br_fdb_delete_by_port(do_all = 0)
   * (IFLA_BRPORT_FLUSH): every entry that is not static (local entries are static too).
   */
  fdbFlush(port?: BridgePort): void {
    this.fdb = this.fdb.filter((e) => e.isStatic || e.isLocal || (port !== undefined && e.port !== port));
  }

  fdbRemove(e: FdbEntry): void {
    const i = this.fdb.indexOf(e);
    if (i >= 0) this.fdb.splice(i, 1);
  }

  fdbAddLocal(mac: Mac, port: BridgePort | undefined, vlan: number): void {
    const existing = this.fdbFind(mac, vlan);
    if (existing) {
      if (existing.isLocal) return;
      this.fdbRemove(existing);
    }
    const now = this.world.sched.now;
    this.fdb.unshift({
      mac,
      vlan,
      port,
      isLocal: true,
      isStatic: true,
      addedByUser: false,
      updated: now,
      used: now,
    });
  }

  /** fdb_delete_local: a local address is removed (or moves to another port that still has it). */
  fdbDeleteLocal(mac: Mac, port: BridgePort | undefined): void {
    for (const e of [...this.fdb]) {
      if (e.mac !== mac || !e.isLocal || e.port !== port) continue;
      // another port (or the bridge) with the same address keeps the entry alive
      const other = this.ports.find((p) => p !== port && p.dev.mac === mac);
      if (other) e.port = other;
      else if (port && this.mac === mac && this.addrAssign === "set") e.port = undefined;
      else this.fdbRemove(e);
    }
  }

  /** br_fdb_update: learn where a source address lives. */
  learn(port: BridgePort, mac: Mac, vlan = 0): void {
    if (!port.learning || isMulticastMac(mac) || mac === "00:00:00:00:00:00") return;
    const now = this.world.sched.now;
    const e = this.fdbFind(mac, vlan);
    if (!e) {
      this.fdb.unshift({
        mac,
        vlan,
        port,
        isLocal: false,
        isStatic: false,
        addedByUser: false,
        updated: now,
        used: now,
      });
      return;
    }
    if (e.isLocal || e.isStatic) return;
    e.port = port;
    e.updated = now;
  }

  /** Frames the bridge device itself transmits (br_dev_xmit): forward by FDB or flood. */
  xmit(frame: EthernetFrame, meta: SkbMeta): void {
    this.countTx(this.world.frameLength(frame));
    this.ns.stack.bridgeDeliver(this, undefined, frame, meta, true);
  }
}
