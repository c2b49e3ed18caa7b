/**
 * The whole simulated world: machines, the hidden switch fabric that lab directives build
 * (#@link / #@lan, wired exactly as the oracle wires them: a bridge per switch in a namespace of
 * its own, a veth per NIC), the virtual clock, the seeded random source, and the extension points
 * (netfilter hooks, trace sink, wire codec) that other subsystems plug in.
 */
import { Scheduler, NS_PER_US, type Nanos } from "../engine/scheduler";
import { Prng } from "../util/prng";
import { randomMac } from "../util/inet";
import type { TraceSink } from "../engine/trace";
import { frameLength } from "../wire/length";
import type { EthernetFrame, Ipv4Packet } from "../wire/types";
import type { NetDevice, SkbMeta } from "./device";
import { NicDevice, VethDevice } from "./device";
import { Machine } from "./machine";
import type { Netns } from "./netns";
import { BridgeDevice, type BridgePort } from "./bridge";
import { VxlanDevice } from "./vxlan";
import type { OutRoute } from "./stack";
import { KernelError } from "./types";
import type { WorldAlert } from "./storm";

/** Netfilter's entry points into the packet path; each returns the (possibly rewritten) packet, or undefined when it was dropped/stolen. */
export interface PacketHooks {
  /** `frame`: the received Ethernet header (the LOG target's MAC= field). */
  prerouting(
    ns: Netns,
    ip: Ipv4Packet,
    inDev: NetDevice,
    meta: SkbMeta,
    frame?: EthernetFrame,
  ): Ipv4Packet | undefined;
  input(ns: Netns, ip: Ipv4Packet, inDev: NetDevice, meta: SkbMeta): Ipv4Packet | undefined;
  forward(
    ns: Netns,
    ip: Ipv4Packet,
    inDev: NetDevice,
    outDev: NetDevice,
    meta: SkbMeta,
  ): Ipv4Packet | undefined;
  output(
    ns: Netns,
    ip: Ipv4Packet,
    rt: OutRoute,
    meta: SkbMeta,
  ): { ip: Ipv4Packet; rt: OutRoute } | undefined;
  postrouting(ns: Netns, ip: Ipv4Packet, outDev: NetDevice, meta: SkbMeta): Ipv4Packet | undefined;
  /**
   * br_netfilter (net/bridge/br_netfilter_hooks.c): an IPv4 frame entering a bridge port runs
   * PREROUTING (br_nf_pre_routing); a bridged frame leaving by a port runs FORWARD and
   * POSTROUTING (br_nf_forward_ip, br_nf_post_routing). Each returns the (possibly rewritten)
   * frame, or undefined when it was dropped.
   */
  bridgePrerouting?(
    ns: Netns,
    port: BridgePort,
    frame: EthernetFrame,
    meta: SkbMeta,
  ): EthernetFrame | undefined;
  bridgeForward?(ns: Netns, port: BridgePort, frame: EthernetFrame, meta: SkbMeta): EthernetFrame | undefined;
}

/** Byte-level operations the packet path needs (implemented with wire/ emit/parse). */
export interface Codec {
  /** ip_fragment: slices of at most `mtu` bytes, raw payloads, MF/offset set. */
  fragment(ip: Ipv4Packet, mtu: number): Ipv4Packet[];
  /** ip_defrag: the whole datagram once every fragment is there. */
  reassemble(frags: Ipv4Packet[]): Ipv4Packet | undefined;
  /** What an ICMP error quotes of the offending datagram (header + data, 576-byte limit). */
  icmpQuote(ip: Ipv4Packet): Uint8Array;
  /** The IPv4 header quoted in an ICMP error. */
  quotedHeader(
    data: Uint8Array,
  ): { src: number; dst: number; protocol: number; payload: Uint8Array } | undefined;
}

/**
 * Packet sockets' view of the path (capture/hub.ts): every frame a device transmits
 * (dev_queue_xmit_nit) or receives (the ptype_all walk of __netif_receive_skb).
 */
export interface CaptureTap {
  frame(dev: NetDevice, frame: EthernetFrame, outgoing: boolean): void;
}

/** Alerts a world keeps (World.alerts). */
export const MAX_ALERTS = 100;

export interface WorldOptions {
  seed?: number;
}

export class World {
  readonly sched = new Scheduler();
  readonly rng: Prng;
  readonly machines = new Map<string, Machine>();
  /** The lab's switch fabric: a hidden machine whose root netns holds one bridge per switch/cable. */
  readonly fabric: Machine;
  readonly latency = {
    /** One traversal of a veth or cable. */
    wire: 15 * NS_PER_US,
    loopback: 5 * NS_PER_US,
    /** A deferred receive inside one stack (VXLAN decap → netif_rx). */
    stack: 2 * NS_PER_US,
  };
  trace?: TraceSink;
  /** Set only while a capture (tcpdump, the Session's recorder) listens. */
  capture?: CaptureTap;
  hooks?: PacketHooks;
  codec!: Codec;
  readonly frameLength: (f: EthernetFrame) => number = frameLength;
  /** Bumped whenever something the canvas draws changed. */
  version = 0;
  /**
   * What the world reports to the user besides command output (a broadcast storm contained, …),
   * oldest first, the last MAX_ALERTS kept; `seq` increases, so a reader remembers the last it saw.
   */
  readonly alerts: WorldAlert[] = [];
  private alertSeq = 0;
  private jid = 0;
  private inode = 4026531840;
  private cables = 0;
  private ipIdCounter: number;

  constructor(opts: WorldOptions = {}) {
    this.rng = new Prng(opts.seed ?? 1);
    this.ipIdCounter = this.rng.u32() & 0xffff;
    this.fabric = new Machine(this, "fabric");
    this.fabric.hidden = true;
  }

  machine(name: string): Machine {
    let m = this.machines.get(name);
    if (!m) {
      m = new Machine(this, name);
      // the oracle brings each machine's loopback up
      m.root.open(m.root.lo);
      this.machines.set(name, m);
      this.topologyChanged();
    }
    return m;
  }

  newJid(): number {
    return ++this.jid;
  }

  /** An IPv4 identification for packets without DF (ip_select_ident's hash, modelled as a counter). */
  ipId(): number {
    this.ipIdCounter = (this.ipIdCounter + 1 + (this.rng.u32() & 0x3ff)) & 0xffff;
    return this.ipIdCounter;
  }

  allocNetnsInode(): number {
    return this.inode++;
  }

  /** Records an alert (storm.ts); the snapshot and the app's event list show it. */
  alert(a: Omit<WorldAlert, "seq" | "t">): WorldAlert {
    const full: WorldAlert = { ...a, seq: ++this.alertSeq, t: this.sched.now };
    this.alerts.push(full);
    if (this.alerts.length > MAX_ALERTS) this.alerts.splice(0, this.alerts.length - MAX_ALERTS);
    this.version++;
    return full;
  }

  topologyChanged(): void {
    this.version++;
  }

  /** Runs the event queue up to virtual time `t`. */
  runUntil(t: Nanos): void {
    this.sched.runUntil(t);
  }

  // ---- lab fabric (directives) ----

  /** `#@link A:IF B:IF`: a two-port switch (the oracle uses a bridge named cableN). */
  link(a: string, aIf: string, b: string, bIf: string): void {
    this.cables++;
    const sw = this.fabricSwitch(`cable${this.cables}`);
    for (const [m, ifname] of [
      [a, aIf],
      [b, bIf],
    ]) {
      this.cables++;
      this.plug(m, ifname, `c${this.cables}`, sw);
    }
  }

  /** `#@lan NAME A:IF …`: a switch joining those NICs. */
  lan(name: string, ends: [string, string][]): void {
    const sw = this.fabricSwitch(name.slice(0, 12));
    for (const [m, ifname] of ends) {
      this.cables++;
      this.plug(m, ifname, `c${this.cables}`, sw);
    }
  }

  /** The switches of the fabric (for the canvas). */
  switches(): BridgeDevice[] {
    return this.fabric.root.list().filter((d): d is BridgeDevice => d instanceof BridgeDevice);
  }

  private fabricSwitch(name: string): BridgeDevice | undefined {
    const ns = this.fabric.root;
    let br = ns.byName(name);
    if (!br) {
      br = new BridgeDevice(name, randomMac(this.rng));
      try {
        ns.register(br);
      } catch {
        return undefined;
      }
      ns.open(br);
    }
    return br instanceof BridgeDevice ? br : undefined;
  }

  /** One cable: a NIC in the machine (ifindex = its NIC count + 1, as the oracle asks for) and a port on the switch. */
  private plug(machineName: string, ifname: string, portName: string, sw: BridgeDevice | undefined): void {
    const m = this.machine(machineName);
    m.nicCount++;
    const index = m.nicCount + 1;
    const port = new VethDevice(portName, randomMac(this.rng));
    const nic = new NicDevice(ifname, randomMac(this.rng));
    const fabric = this.fabric.root;
    if (m.root.byName(ifname) || m.root.byIndex(index) || fabric.byName(portName)) return; // `ip link add` fails: no cable
    try {
      fabric.register(port);
      m.root.register(nic, index);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      if (port.ns) fabric.unregister(port);
      return;
    }
    port.peer = nic;
    nic.peer = port;
    port.linkwatch();
    nic.linkwatch();
    if (sw) fabric.bridgeAddIf(sw, port);
    fabric.open(port);
    this.topologyChanged();
  }

  // ---- life cycle ----

  onDeviceGone(_dev: NetDevice): void {
    this.topologyChanged();
  }

  onDeviceMoved(_dev: NetDevice): void {
    this.topologyChanged();
  }

  /** A device's lower device disappeared (vxlan over a removed NIC keeps its config, loses the link). */
  onLowerGone(dev: NetDevice, lower: NetDevice): void {
    if (dev instanceof VxlanDevice && dev.cfg.lowerIfindex === lower.ifindex)
      dev.cfg.lowerIfindex = undefined;
  }

  /** Drops one reference to a namespace; the last one destroys it (default_device_exit). */
  releaseNetns(ns: Netns): void {
    if (ns.destroyed) return;
    ns.refs--;
    if (ns.refs > 0) return;
    ns.destroyed = true;
    for (const dev of ns.list().reverse()) {
      if (dev.isLoopback()) continue;
      ns.unregister(dev);
    }
    ns.unregister(ns.lo);
    // only the namespaces that gave this one an id are told (a walk of every namespace, or of
    // every namespace holding ids, per deletion made `ip -all netns delete` of 10,000 quadratic)
    for (const other of [...ns.nsidHeldBy]) other.nsidForget(ns);
    for (const other of [...ns.nsids.keys()]) ns.nsidForget(other);
    this.topologyChanged();
  }
}
