/**
 * Network devices (struct net_device): loopback, veth, the machine NICs of the lab fabric,
 * dummy; bridge and vxlan live in bridge.ts / vxlan.ts. Mirrors what userspace can see of
 * net/core/dev.c: IFF_* flags, carrier (__LINK_STATE_NOCARRIER), RFC 2863 operstate as
 * net/core/link_watch.c computes it, the qdisc that dev_activate attaches, MTU limits, the
 * device's hardware multicast list (dev->mc) and rtnl_link_stats64 counters.
 */
import type { Mac } from "../util/brand";
import { MAC_BROADCAST, MAC_ZERO } from "../util/inet";
import type { EthernetFrame } from "../wire/types";
import type { Netns } from "./netns";
import type { BridgePort } from "./bridge";
import type { BridgeDevice } from "./bridge";
import { DeviceKind, OperState } from "./types";
import type { Ifa4, Ifa6 } from "./inet";

export interface DevStats {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  rxMissed: number;
  multicast: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
  txCarrier: number;
  collisions: number;
}

export function newStats(): DevStats {
  return {
    rxBytes: 0,
    rxPackets: 0,
    rxErrors: 0,
    rxDropped: 0,
    rxMissed: 0,
    multicast: 0,
    txBytes: 0,
    txPackets: 0,
    txErrors: 0,
    txDropped: 0,
    txCarrier: 0,
    collisions: 0,
  };
}

/** NET_ADDR_* : how the device got its MAC (a bridge follows its ports unless it was set). */
export type AddrAssign = "perm" | "random" | "stolen" | "set";

/** One entry of dev->mc (a hardware multicast address with its reference count). */
export interface HwAddr {
  mac: Mac;
  refs: number;
}

/** Frame metadata that travels with a frame across a hop. */
export interface SkbMeta {
  /** Packet identity for journeys: derived packets get their own id. */
  jid: number;
  mark: number;
}

export abstract class NetDevice {
  abstract readonly kind: DeviceKind;
  ns!: Netns;
  ifindex = 0;
  name: string;
  mac: Mac;
  brd: Mac = MAC_BROADCAST;
  addrAssign: AddrAssign = "random";
  mtu = 1500;
  minMtu = 68;
  maxMtu = 65535;
  /** IFF_UP (administratively up). */
  up = false;
  /** !__LINK_STATE_NOCARRIER */
  carrier = true;
  /** dev->operstate as link_watch last computed it. */
  operstate: OperState = OperState.UNKNOWN;
  noarp = false;
  /** dev->promiscuity: the count (bridge ports hold one). */
  promiscuity = 0;
  /** IFF_PROMISC as the user set it (dev->gflags): what `ip link` shows. */
  userPromisc = false;
  allmulti = 0;
  /** IFF_ALLMULTI as the user set it (dev->gflags). */
  userAllmulti = false;
  /** IFF_MULTICAST (cleared by `ip link set X multicast off`). */
  multicast = true;
  /** A qdisc was attached by dev_activate at least once: noop until the first up, then the default stays. */
  everUp = false;
  txqlen = 1000;
  group = 0;
  alias?: string;
  master?: BridgeDevice;
  port?: BridgePort;
  /** Bytes of GSO/TSO limits shown by `ip -d` (device-type specific). */
  tsoMaxSize = 524280;
  numTxQueues = 1;
  numRxQueues = 1;
  stats: DevStats = newStats();
  /** carrier_up_count + carrier_down_count (IFLA_CARRIER_CHANGES, `transns` in ip -s -s). */
  carrierChanges = 0;
  /** IPv4 addresses in ifa_list order. */
  in4: Ifa4[] = [];
  /** IPv6 addresses (link-local, ::1), newest first as addrconf lists them. */
  in6: Ifa6[] = [];
  /** dev->mc */
  mc: HwAddr[] = [];
  /** dev->uc: extra unicast addresses (`bridge fdb add … self` on a plain device). */
  uc?: HwAddr[];
  /** True while the device is being unregistered. */
  dying = false;

  constructor(name: string, mac: Mac) {
    this.name = name;
    this.mac = mac;
  }

  get world() {
    return this.ns.world;
  }

  /** Device-specific physical carrier. */
  abstract hasLowerCarrier(): boolean;

  /** Transmits a fully formed Ethernet frame (dev_queue_xmit after the qdisc). */
  /** Returns false for NET_XMIT_DROP (the frame was counted as dropped). */
  abstract xmit(frame: EthernetFrame, meta: SkbMeta): boolean | void;

  /** iflink: the ifindex of the lower device / peer (own ifindex when none). */
  iflink(): number {
    return this.ifindex;
  }

  /** The netns of the peer / lower device, when it is not this device's netns (IFLA_LINK_NETNSID). */
  linkNetns(): Netns | undefined {
    return undefined;
  }

  /** Default queue discipline attached at dev_activate: devices with IFF_NO_QUEUE get noqueue. */
  qdiscWhenUp(): string {
    return "noqueue";
  }

  qdisc(): string {
    return this.up || this.everUp ? this.qdiscWhenUp() : "noop";
  }

  isLoopback(): boolean {
    return this.kind === DeviceKind.loopback;
  }

  /** netif_running() && netif_oper_up(): the IFF_RUNNING flag. */
  running(): boolean {
    return this.up && (this.operstate === OperState.UP || this.operstate === OperState.UNKNOWN);
  }

  /** IFLA_OPERSTATE as rtnetlink reports it. */
  reportedOperstate(): OperState {
    return this.up ? this.operstate : OperState.DOWN;
  }

  /** What default_operstate() computes (net/core/link_watch.c). */
  defaultOperstate(): OperState {
    if (!this.carrier) {
      const iflink = this.iflink();
      if (iflink === this.ifindex) return OperState.DOWN;
      // The kernel looks the peer up by index in the device's own netns (even when the peer lives
      // elsewhere): whatever device holds that index there decides DOWN vs LOWERLAYERDOWN.
      const peer = this.ns.devices.get(iflink);
      if (!peer) return OperState.DOWN;
      return peer.carrier ? OperState.DOWN : OperState.LOWERLAYERDOWN;
    }
    return OperState.UP;
  }

  /** netif_carrier_on/off + the link watch event that recomputes operstate. */
  setCarrier(on: boolean): void {
    if (this.carrier === on) return;
    this.carrier = on;
    this.carrierChanges++;
    this.linkwatch();
    this.ns.onCarrierChange(this);
  }

  /** rfc2863_policy() */
  linkwatch(): void {
    this.operstate = this.defaultOperstate();
  }

  /** Called by dev_open() after IFF_UP is set (driver ndo_open). */
  onOpen(): void {}
  /** Called by dev_close() after IFF_UP is cleared (driver ndo_stop). */
  onClose(): void {}
  /** Called when the device is unregistered. */
  onUnregister(): void {}

  mcAdd(mac: Mac): void {
    const e = this.mc.find((x) => x.mac === mac);
    if (e) e.refs++;
    else this.mc.push({ mac, refs: 1 });
  }

  mcDel(mac: Mac): void {
    const i = this.mc.findIndex((x) => x.mac === mac);
    if (i < 0) return;
    if (--this.mc[i].refs <= 0) this.mc.splice(i, 1);
  }

  /** Counts a frame handed to the driver for transmission. */
  countTx(bytes: number): void {
    this.stats.txPackets++;
    this.stats.txBytes += bytes;
  }

  /** Counts a received frame (virtual drivers leave the `mcast` counter at 0, as veth does). */
  countRx(bytes: number): void {
    this.stats.rxPackets++;
    this.stats.rxBytes += bytes;
  }
}

/** The loopback device: ifindex 1, 65536 MTU, frames come straight back in. */
export class LoopbackDevice extends NetDevice {
  readonly kind = DeviceKind.loopback;

  constructor() {
    super("lo", MAC_ZERO);
    this.brd = MAC_ZERO;
    this.mtu = 65536;
    this.minMtu = 0;
    this.maxMtu = 0;
    this.addrAssign = "perm";
    this.tsoMaxSize = 524280;
  }

  hasLowerCarrier(): boolean {
    return true;
  }

  override linkwatch(): void {
    // loopback never reports carrier events: it stays UNKNOWN
  }

  xmit(frame: EthernetFrame, meta: SkbMeta): void {
    // loopback_xmit counts skb->len after eth_type_trans pulled the Ethernet header
    const len = this.ns.world.frameLength(frame) - 14;
    this.countTx(len);
    this.world.sched.after(this.world.latency.loopback, () => {
      if (!this.up || this.dying) return;
      this.countRx(len);
      this.ns.stack.netifReceive(this, frame, meta, true);
    });
  }
}

/** dummy: carrier always on, transmits into the void (counted, then freed). */
export class DummyDevice extends NetDevice {
  readonly kind = DeviceKind.dummy;

  constructor(name: string, mac: Mac) {
    super(name, mac);
    this.noarp = true;
    this.minMtu = 0;
    this.maxMtu = 0;
  }

  hasLowerCarrier(): boolean {
    return true;
  }

  override linkwatch(): void {}

  xmit(frame: EthernetFrame): void {
    this.countTx(this.world.frameLength(frame));
  }
}

/**
 * veth (drivers/net/veth.c): a pair; carrier on both ends only while both are up; what one end
 * transmits the other receives. The peer may live in another network namespace.
 */
export class VethDevice extends NetDevice {
  readonly kind: DeviceKind = DeviceKind.veth;
  peer?: VethDevice;

  constructor(name: string, mac: Mac) {
    super(name, mac);
    // veth_newlink: netif_carrier_off on both ends (a counted transition)
    this.carrier = false;
    this.carrierChanges = 1;
    this.minMtu = 68;
    this.maxMtu = 65535;
    // veth_get_num_queues: one queue per possible CPU (the lab machines have 2)
    this.numTxQueues = 2;
    this.numRxQueues = 2;
  }

  hasLowerCarrier(): boolean {
    return !!this.peer && this.peer.up;
  }

  override iflink(): number {
    return this.peer ? this.peer.ifindex : 0;
  }

  override linkNetns(): Netns | undefined {
    return this.peer && this.peer.ns !== this.ns ? this.peer.ns : undefined;
  }

  override onOpen(): void {
    if (this.peer && this.peer.up) {
      this.setCarrier(true);
      this.peer.setCarrier(true);
    }
  }

  override onClose(): void {
    this.setCarrier(false);
    if (this.peer) this.peer.setCarrier(false);
  }

  xmit(frame: EthernetFrame, meta: SkbMeta): boolean | void {
    const peer = this.peer;
    const len = this.world.frameLength(frame);
    // veth_forward_skb → is_skb_forwardable: the peer must be up and the frame fit its MTU
    if (!peer || !peer.up || len > peer.mtu + 14 + 4) {
      this.stats.txDropped++;
      return false;
    }
    this.countTx(len);
    const w = this.world;
    w.sched.after(w.latency.wire, () => {
      if (this.peer !== peer || !peer.up || peer.dying) {
        this.stats.txDropped++;
        return;
      }
      peer.countRx(len);
      peer.ns.stack.netifReceive(peer, frame, meta, false);
    });
  }
}

/**
 * A machine's NIC in a lab: one end of a cable into the lab's switch fabric (#@link / #@lan),
 * exactly as the oracle builds it (a veth whose other end is a switch port). It prints like a
 * physical NIC: no peer, no link-netnsid, the fq_codel qdisc.
 */
export class NicDevice extends VethDevice {
  override readonly kind = DeviceKind.nic;

  override qdiscWhenUp(): string {
    return "fq_codel";
  }
}

export function isMulticastFrame(frame: EthernetFrame): boolean {
  return (parseInt(frame.dst.slice(0, 2), 16) & 1) === 1;
}
