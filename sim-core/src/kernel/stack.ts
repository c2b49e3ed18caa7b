/**
 * The packet path of one network namespace, written as the kernel's verbs:
 *   netifReceive → (bridge: bridgeHandleFrame → forward/flood/pass up) → arpRcv | ipRcv
 *   ipRcv → PREROUTING → routeInput → ipLocalDeliver (INPUT → icmp/udp/tcp) | ipForward
 *   ipForward → TTL/MTU checks → FORWARD → ipOutput → POSTROUTING → ipFinishOutput → neighbour → xmit
 *   routeOutput + ipLocalOut (OUTPUT) for what local processes send.
 * net/core/dev.c, net/bridge/br_input.c + br_forward.c, net/ipv4/arp.c, ip_input.c, route.c,
 * ip_forward.c, ip_output.c, icmp.c. Every hop emits a trace event; a drop is an event with its
 * reason, never an exception.
 */
import type { Ip4, Mac } from "../util/brand";
import {
  IP4_BROADCAST,
  ip4Str,
  isLoopback4,
  isMulticast4,
  isMulticastMac,
  MAC_BROADCAST,
  MAC_ZERO,
  ip4MulticastMac,
} from "../util/inet";
import type { ArpPacket, EthernetFrame, IcmpPacket, Ipv4Packet, UdpDatagram } from "../wire/types";
import { EtherType, IpProto } from "../wire/types";
import { type NetDevice, type SkbMeta } from "./device";
import type { Netns } from "./netns";
import { BridgeDevice, type BridgePort } from "./bridge";
import { bridgeLinkLocal, isLinkLocalMac } from "./bridge-stp";
import { VxlanDevice, VXLAN_HEADROOM } from "./vxlan";
import { floodCheck } from "./storm";
import { PortState, RouteType, Scope, Errno, Nud } from "./types";
import { selectNexthop, type Route } from "./fib";
import type { NeighEntry } from "./neigh";
import { TraceKind, type TraceEvent, type TraceRoute } from "../engine/trace";
import { icmpErrorTos } from "../wire/icmp";
import { ipv4HeaderLength, ipv4TotalLength as ipv4Length } from "../wire/length";
import { NS_PER_MS, NS_PER_S, type Nanos } from "../engine/scheduler";
import { IP, IP_EXT, ICMP, UDP, TCP_EXT } from "./mib";
import { IcmpGlobalLimit } from "./icmp-limit";

export const IcmpType = {
  ECHOREPLY: 0,
  DEST_UNREACH: 3,
  SOURCE_QUENCH: 4,
  REDIRECT: 5,
  ECHO: 8,
  TIME_EXCEEDED: 11,
  PARAMETERPROB: 12,
} as const;

export const IcmpUnreach = {
  NET: 0,
  HOST: 1,
  PROT: 2,
  PORT: 3,
  FRAG_NEEDED: 4,
  SR_FAILED: 5,
  NET_UNKNOWN: 6,
  HOST_UNKNOWN: 7,
  HOST_ISOLATED: 8,
  NET_ANO: 9,
  HOST_ANO: 10,
  NET_UNR_TOS: 11,
  HOST_UNR_TOS: 12,
  PKT_FILTERED: 13,
  PREC_VIOLATION: 14,
  PREC_CUTOFF: 15,
} as const;

/** The result of an output route lookup (a struct rtable, as `ip route get` prints it). */
export interface OutRoute {
  route?: Route;
  type: RouteType;
  dev: NetDevice;
  src: Ip4;
  dst: Ip4;
  nexthop: Ip4;
  gateway?: Ip4;
  /** Path MTU: route metric, learned PMTU or the device MTU. */
  mtu: number;
  local: boolean;
  /** The device the FIB chose (before a local route is redirected to lo). */
  fibDev?: NetDevice;
}

export type RouteOutResult = { ok: true; rt: OutRoute } | { ok: false; errno: number };

export interface RouteOutOpts {
  src?: Ip4;
  oif?: number;
  tos?: number;
  mark?: number;
}

/** Receivers of ICMP packets delivered locally (raw ICMP sockets: ping). */
export type IcmpListener = (ip: Ipv4Packet, dev: NetDevice) => void;

/** Receivers of UDP/TCP delivered locally; return false when no socket took it. */
export type L4Handler = (ip: Ipv4Packet, dev: NetDevice, meta: SkbMeta) => boolean;

/** A learned path MTU for a destination (a FIB nexthop exception). */
export interface PmtuException {
  mtu: number;
  expires: Nanos;
}

interface PeerTokens {
  tokens: number;
  last: Nanos;
}

export class Stack {
  readonly icmpListeners = new Set<IcmpListener>();
  udpHandler?: L4Handler;
  tcpHandler?: L4Handler;
  readonly pmtu = new Map<number, PmtuException>();
  /**
   * inet_peer rate tokens per remote address. ip_error's and icmp_send's (icmpv4_xrlim_allow)
   * limiters share the same peer, so an unroutable packet spends tokens twice.
   */
  private ipErrorPeers = new Map<number, PeerTokens>();
  private icmpPeers = this.ipErrorPeers;
  private redirectPeers = new Map<number, PeerTokens>();
  private frags = new Map<string, Ipv4Packet[]>();
  /** icmp_global_allow's credit (icmp_msgs_per_sec, icmp_msgs_burst). */
  private readonly icmpGlobal = new IcmpGlobalLimit(0x2545f491);

  constructor(readonly ns: Netns) {}

  private get world() {
    return this.ns.world;
  }

  // ---------------------------------------------------------------- tracing

  /** One hop event. The text may be a function: building it costs nothing when nobody listens. */
  trace(
    kind: TraceEvent["kind"],
    meta: SkbMeta,
    text: string | (() => string),
    extra: Partial<TraceEvent> = {},
  ): void {
    const sink = this.world.trace;
    if (!sink) return;
    sink.emit({
      t: this.world.sched.now,
      kind,
      jid: meta.jid,
      machine: this.ns.machine.name,
      netns: this.ns.label,
      text: typeof text === "function" ? text() : text,
      ...extra,
    });
  }

  drop(meta: SkbMeta, dev: NetDevice | undefined, reason: string, extra: Partial<TraceEvent> = {}): void {
    this.trace(TraceKind.drop, meta, () => `drop: ${reason}`, { dev: dev?.name, reason, ...extra });
  }

  // ---------------------------------------------------------------- L2 receive

  /** netif_receive_skb: a frame arrived on `dev`. */
  netifReceive(dev: NetDevice, frame: EthernetFrame, meta: SkbMeta, fromLoopback: boolean): void {
    if (!dev.up) return;
    this.world.capture?.frame(dev, frame, false);
    this.trace(TraceKind.recv, meta, () => `${dev.name} receives ${describeFrame(frame)}`, {
      dev: dev.name,
      frame,
    });
    const br = dev.master;
    if (br && dev.port && !fromLoopback) {
      this.bridgeHandleFrame(dev.port, frame, meta);
      return;
    }
    this.protocolReceive(dev, frame, meta, fromLoopback);
  }

  /** After rx_handlers: by pkt_type and ethertype. */
  private protocolReceive(dev: NetDevice, frame: EthernetFrame, meta: SkbMeta, fromLoopback: boolean): void {
    const forUs =
      fromLoopback ||
      frame.dst === dev.mac ||
      frame.dst === MAC_BROADCAST ||
      isMulticastMac(frame.dst) ||
      dev.promiscuity > 0;
    const otherhost =
      !fromLoopback && frame.dst !== dev.mac && !isMulticastMac(frame.dst) && frame.dst !== MAC_BROADCAST;
    if (!forUs) return;
    const p = frame.payload;
    if (frame.ethertype === EtherType.ARP && p.kind === "arp") {
      if (otherhost) return;
      this.arpRcv(dev, frame, p, meta);
    } else if (frame.ethertype === EtherType.IPv4 && p.kind === "ipv4") {
      if (otherhost) {
        this.drop(meta, dev, `frame for ${frame.dst} is not addressed to ${dev.name} (${dev.mac})`);
        return;
      }
      this.ipRcv(dev, frame, p, meta);
    } else if (frame.ethertype === EtherType.IPv6) {
      if (!otherhost) this.ns.ipv6.receive(dev, frame, meta);
    }
  }

  // ---------------------------------------------------------------- bridge

  /** br_handle_frame → br_handle_frame_finish */
  bridgeHandleFrame(port: BridgePort, frame: EthernetFrame, meta: SkbMeta): void {
    const br = port.br;
    if (port.state === PortState.disabled || !br.up) {
      this.drop(
        meta,
        port.dev,
        `bridge port ${port.dev.name} of ${br.name} is ${port.state === PortState.disabled ? "disabled" : "down"}`,
      );
      return;
    }
    if (isMulticastMac(frame.src) || frame.src === MAC_ZERO) {
      this.drop(meta, port.dev, `invalid source MAC ${frame.src}`);
      return;
    }
    // link-local groups 01:80:c2:00:00:0X: BPDUs go to STP (bridge-stp.ts) unless it is off
    if (isLinkLocalMac(frame.dst) && !bridgeLinkLocal(port, frame)) {
      this.trace(
        TraceKind.bridge,
        meta,
        `${br.name}: link-local ${frame.dst} taken by the bridge (not forwarded)`,
        { dev: port.dev.name, frame, bridge: { action: "link-local", mac: frame.dst } },
      );
      return;
    }
    const hooks = this.world.hooks;
    let f: EthernetFrame | undefined = frame;
    // br_netfilter: NF_BR_PRE_ROUTING runs before br_handle_frame_finish learns the source
    if (
      hooks?.bridgePrerouting &&
      (port.state === PortState.learning || port.state === PortState.forwarding)
    ) {
      f = hooks.bridgePrerouting(this.ns, port, frame, meta);
      if (!f) return;
    }
    if (port.state === PortState.learning || port.state === PortState.forwarding) br.learn(port, f.src);
    if (port.state !== PortState.forwarding) {
      this.drop(
        meta,
        port.dev,
        `bridge port ${port.dev.name} is ${port.state === PortState.learning ? "learning" : "blocking"}`,
      );
      return;
    }
    this.bridgeDeliver(br, port, f, meta, false);
  }

  /**
   * Where the bridge sends a frame: up to the bridge device (its own addresses), to the port the
   * FDB names, or flooded to every forwarding port (broadcast, multicast, unknown unicast).
   */
  bridgeDeliver(
    br: BridgeDevice,
    inPort: BridgePort | undefined,
    frame: EthernetFrame,
    meta: SkbMeta,
    localOrig: boolean,
  ): void {
    const dst = frame.dst;
    if (dst === MAC_BROADCAST || isMulticastMac(dst)) {
      this.trace(
        TraceKind.bridge,
        meta,
        () => `${br.name}: flood ${dst === MAC_BROADCAST ? "broadcast" : "multicast"}`,
        { dev: br.name, frame, bridge: { action: "flood", mac: dst } },
      );
      this.bridgeFlood(br, inPort, frame, meta);
      if (!localOrig) this.bridgePassUp(br, frame, meta);
      return;
    }
    const e = br.fdbFind(dst, 0);
    if (e) {
      e.used = this.world.sched.now;
      if (e.isLocal) {
        if (localOrig) return;
        this.trace(TraceKind.bridge, meta, () => `${br.name}: ${dst} is local, deliver up`, {
          dev: br.name,
          frame,
          bridge: { action: "local", mac: dst },
        });
        this.bridgePassUp(br, frame, meta);
        return;
      }
      const port = e.port;
      if (port) {
        if (port === inPort && !port.hairpin) {
          this.drop(meta, br, `${br.name}: destination ${dst} is on the ingress port ${inPort.dev.name}`);
          return;
        }
        this.trace(TraceKind.bridge, meta, () => `${br.name}: forward to ${port.dev.name} (fdb ${dst})`, {
          dev: br.name,
          frame,
          bridge: { action: "forward", port: port.dev.name, mac: dst },
        });
        this.bridgeForwardTo(port, frame, meta);
        // br_handle_frame_finish: a promiscuous bridge (tcpdump on it) also gets the frame passed
        // up, where IP drops it as PACKET_OTHERHOST: counted and captured, nothing more
        if (!localOrig && br.promiscuity > 0 && br.up) {
          br.countRx(this.world.frameLength(frame) - 14);
          this.world.capture?.frame(br, frame, false);
        }
        return;
      }
    }
    this.trace(TraceKind.bridge, meta, () => `${br.name}: flood unknown unicast ${dst}`, {
      dev: br.name,
      frame,
      bridge: { action: "flood", mac: dst },
    });
    this.bridgeFlood(br, inPort, frame, meta);
    if (!localOrig && br.promiscuity > 0) this.bridgePassUp(br, frame, meta);
  }

  private bridgeFlood(
    br: BridgeDevice,
    inPort: BridgePort | undefined,
    frame: EthernetFrame,
    meta: SkbMeta,
  ): void {
    // A loop without STP makes Linux flood the same frames forever (a broadcast storm that melts
    // the host). The simulator recognises a frame coming round again and drops its copies at this
    // bridge, reporting each storm once (storm.ts).
    const v = floodCheck(br, frame, this.world.sched.now);
    if (!v.ok) {
      if (v.starts) {
        const text = `broadcast storm on ${br.name}: ${v.why}; its copies are dropped here`;
        this.drop(meta, br, text, { frame });
        this.world.alert({
          kind: "broadcast-storm",
          machine: this.ns.machine.name,
          netns: this.ns.label,
          device: br.name,
          text,
        });
      }
      return;
    }
    for (const p of br.ports) {
      if (p === inPort && !p.hairpin) continue;
      if (p.state !== PortState.forwarding) continue;
      this.bridgeForwardTo(p, frame, meta);
    }
  }

  /** br_forward → br_dev_queue_push_xmit (frames too big for the port are dropped). */
  private bridgeForwardTo(p: BridgePort, frame: EthernetFrame, meta: SkbMeta): void {
    if (p.state !== PortState.forwarding) return;
    // br_netfilter: NF_BR_FORWARD + NF_BR_POST_ROUTING of a bridged frame
    const hooks = this.world.hooks;
    if (hooks?.bridgeForward) {
      const f = hooks.bridgeForward(this.ns, p, frame, meta);
      if (!f) return;
      frame = f;
    }
    const len = this.world.frameLength(frame) - 14;
    if (len > p.dev.mtu) {
      this.drop(
        meta,
        p.dev,
        `frame of ${len} bytes exceeds the MTU ${p.dev.mtu} of bridge port ${p.dev.name}`,
      );
      return;
    }
    this.trace(TraceKind.xmit, meta, () => `${p.dev.name} transmits ${describeFrame(frame)}`, {
      dev: p.dev.name,
      frame,
    });
    this.world.capture?.frame(p.dev, frame, true);
    p.dev.xmit(frame, meta);
  }

  /** br_pass_frame_up: the frame enters the stack as received on the bridge device. */
  private bridgePassUp(br: BridgeDevice, frame: EthernetFrame, meta: SkbMeta): void {
    if (!br.up) return;
    br.countRx(this.world.frameLength(frame) - 14);
    this.world.capture?.frame(br, frame, false);
    if (isMulticastMac(frame.dst) && frame.dst !== MAC_BROADCAST) br.stats.multicast++;
    this.protocolReceive(br, frame, meta, false);
  }

  // ---------------------------------------------------------------- ARP

  /** arp_process */
  arpRcv(dev: NetDevice, frame: EthernetFrame, arp: ArpPacket, meta: SkbMeta): void {
    if (dev.noarp || dev.isLoopback()) return;
    const { sip, tip } = { sip: arp.spa, tip: arp.tpa };
    if (isMulticast4(tip)) return;
    const ns = this.ns;
    if (arp.op === 1 && sip === 0) {
      // duplicate address detection probe: answer if it is ours
      if (ns.isLocalAddress(tip) && this.arpIgnore(dev, sip, tip) === false) {
        this.arpSend(dev, 2, arp.sha, tip, dev.mac, sip, arp.sha, meta);
      }
      return;
    }
    if (arp.op === 1) {
      const rt = this.routeInputType(tip, sip, dev);
      if (rt === RouteType.local) {
        if (!this.arpIgnore(dev, sip, tip)) {
          const n = ns.neigh.lookup(dev, sip) ?? ns.neigh.create(dev, sip);
          ns.neigh.update(n, arp.sha, Nud.STALE, { override: true });
          this.trace(
            TraceKind.neigh,
            meta,
            () => `${dev.name}: ARP request for ${ip4Str(tip)} from ${ip4Str(sip)} — reply`,
            { dev: dev.name, frame, neigh: { action: "reply", ip: ip4Str(tip), mac: dev.mac } },
          );
          this.arpSend(dev, 2, arp.sha, tip, dev.mac, sip, arp.sha, meta);
        }
        return;
      }
      // not for us: update an existing entry only
    }
    const n = ns.neigh.lookup(dev, sip);
    if (n) {
      const state = arp.op === 2 && frame.dst === dev.mac ? Nud.REACHABLE : Nud.STALE;
      const locktime = ns.sysctl.int(`net/ipv4/neigh/${dev.name}/locktime`, 100) * 10 * NS_PER_MS;
      const override = this.world.sched.now > n.updated + locktime;
      ns.neigh.update(n, arp.sha, state, { override });
      if (arp.op === 2 && this.world.trace)
        this.trace(TraceKind.neigh, meta, () => `${dev.name}: ${ip4Str(sip)} is at ${arp.sha}`, {
          dev: dev.name,
          frame,
          neigh: { action: "resolved", ip: ip4Str(sip), mac: arp.sha },
        });
    }
  }

  /** arp_ignore: 0 answers for any local address; 1 only for addresses on the receiving device; 2 also same subnet. */
  private arpIgnore(dev: NetDevice, sip: number, tip: number): boolean {
    const mode = this.ns.devconf(dev, "arp_ignore");
    if (mode === 0) return false;
    const on = dev.in4.find((a) => a.local === tip);
    if (mode === 1) return !on;
    if (mode === 2) return !on || ((sip ^ tip) & (0xffffffff << (32 - on.prefixLen))) !== 0;
    return true;
  }

  /** The route type an ARP target would get as input on this device (ip_route_input_noref). */
  private routeInputType(tip: number, _sip: number, _dev: NetDevice): RouteType {
    return this.ns.fib.addrType(tip);
  }

  arpSend(
    dev: NetDevice,
    op: 1 | 2,
    dstMac: Mac,
    sip: Ip4,
    sha: Mac,
    tip: Ip4,
    tha: Mac,
    parent: SkbMeta,
  ): void {
    const frame: EthernetFrame = {
      dst: dstMac,
      src: dev.mac,
      ethertype: EtherType.ARP,
      payload: { kind: "arp", op, sha, spa: sip, tha, tpa: tip },
    };
    const meta: SkbMeta = { jid: this.world.newJid(), mark: 0 };
    this.trace(
      TraceKind.send,
      meta,
      op === 1 ? `ARP who-has ${ip4Str(tip)} tell ${ip4Str(sip)}` : `ARP ${ip4Str(sip)} is-at ${sha}`,
      { dev: dev.name, frame, parent: parent.jid },
    );
    this.devXmit(dev, frame, meta);
  }

  /** arp_solicit: an ARP request for a neighbour entry (broadcast, or unicast when probing). */
  arpSolicit(e: NeighEntry, unicastTo?: Mac): void {
    const dev = e.dev;
    if (!dev.up) return;
    // source address: the one the pending packet used if local, else the device's best (arp_announce 0)
    let sip = this.ns.selectAddr(dev, e.ip, Scope.link);
    if (sip === undefined) sip = 0 as Ip4;
    // the request belongs to the journey of the packet waiting for it (the newest queued one)
    const waiting = e.queue.length ? e.queue[e.queue.length - 1].jid : undefined;
    const meta: SkbMeta = { jid: waiting ?? this.world.newJid(), mark: 0 };
    this.trace(
      TraceKind.neigh,
      meta,
      () => `${dev.name}: resolving ${ip4Str(e.ip)} (ARP ${unicastTo ? "unicast probe" : "broadcast"})`,
      { dev: dev.name, neigh: { action: "resolve", ip: ip4Str(e.ip) } },
    );
    // arp_solicit: a unicast probe goes to the cached MAC, but its target hardware address stays zero
    this.arpSend(dev, 1, unicastTo ?? MAC_BROADCAST, sip, dev.mac, e.ip, MAC_ZERO, meta);
  }

  // ---------------------------------------------------------------- transmit

  /** dev_queue_xmit */
  devXmit(dev: NetDevice, frame: EthernetFrame, meta: SkbMeta): void {
    if (!dev.up) {
      this.drop(meta, dev, `${dev.name} is down`);
      return;
    }
    if (!dev.carrier) {
      // linkwatch deactivated the queue when the carrier went: noop_qdisc drops the frame
      dev.stats.txDropped++;
      this.drop(meta, dev, `${dev.name} has no carrier`, { frame });
      return;
    }
    this.trace(TraceKind.xmit, meta, () => `${dev.name} transmits ${describeFrame(frame)}`, {
      dev: dev.name,
      frame,
    });
    this.world.capture?.frame(dev, frame, true);
    // NET_XMIT_DROP from the driver reaches the sending socket as ENOBUFS
    if (dev.xmit(frame, meta) === false) this.xmitErrno = Errno.ENOBUFS;
  }

  /** The errno of the last transmit made synchronously on behalf of sendLocal (0 = sent or queued). */
  private xmitErrno = 0;

  // ---------------------------------------------------------------- IPv4 input

  /** ip_rcv + ip_rcv_finish */
  ipRcv(dev: NetDevice, frame: EthernetFrame, ip: Ipv4Packet, meta: SkbMeta): void {
    this.ns.mib.ipIn(ipv4Length(ip), ip.tos);
    const hooks = this.world.hooks;
    let pkt: Ipv4Packet | undefined = ip;
    if (hooks) {
      pkt = hooks.prerouting(this.ns, pkt, dev, meta, frame);
      if (!pkt) return;
    }
    this.ipRcvFinish(dev, pkt, meta);
  }

  ipRcvFinish(dev: NetDevice, ip: Ipv4Packet, meta: SkbMeta): void {
    const r = this.routeInput(ip, dev);
    if (this.world.trace && (r.kind === "local" || r.kind === "broadcast" || r.kind === "forward")) {
      const route = traceRouteInput(this.ns, ip, r.kind === "forward" ? r.rt : undefined, r.kind);
      this.trace(
        TraceKind.route,
        meta,
        () => `route input ${route.dst}: ${route.result}${route.matched ? ` (${route.matched})` : ""}`,
        { dev: dev.name, ip, route },
      );
    }
    switch (r.kind) {
      case "local":
        this.ipLocalDeliver(dev, ip, meta, false);
        return;
      case "broadcast": {
        // ip_rcv_finish_core: RTN_MULTICAST / RTN_BROADCAST input
        const ext = this.ns.mib.ipExt;
        const mc = isMulticast4(ip.dst);
        ext[mc ? IP_EXT.InMcastPkts : IP_EXT.InBcastPkts]++;
        ext[mc ? IP_EXT.InMcastOctets : IP_EXT.InBcastOctets] += ipv4Length(ip);
        this.ipLocalDeliver(dev, ip, meta, true);
        return;
      }
      case "forward":
        this.ipForward(dev, ip, r.rt, meta);
        return;
      case "martian":
        // fib_validate_source's -EXDEV is counted (LINUX_MIB_IPRPFILTER), other martians are not
        if (r.rpf) this.ns.mib.tcpExt[TCP_EXT.IPReversePathFilter]++;
        this.drop(meta, dev, r.reason, { ip });
        return;
      case "error":
        this.ipError(dev, ip, r.errno, meta);
        return;
    }
  }

  /** ip_route_input_slow, reduced to its decision. */
  routeInput(
    ip: Ipv4Packet,
    dev: NetDevice,
  ):
    | { kind: "local" | "broadcast" }
    | { kind: "forward"; rt: OutRoute }
    | { kind: "martian"; reason: string; rpf?: boolean }
    | { kind: "error"; errno: number } {
    const { src, dst } = ip;
    const ns = this.ns;
    if (isMulticast4(src) || src === IP4_BROADCAST)
      return { kind: "martian", reason: `martian source ${ip4Str(src)}` };
    if (dst === IP4_BROADCAST || (src === 0 && dst === 0)) return { kind: "broadcast" };
    if (src >>> 24 === 0) return { kind: "martian", reason: `martian source ${ip4Str(src)}` };
    if (dst >>> 24 === 0) return { kind: "martian", reason: `martian destination ${ip4Str(dst)}` };
    const localnet = ns.devconf(dev, "route_localnet");
    if (isLoopback4(dst) && !dev.isLoopback() && !localnet)
      return {
        kind: "martian",
        reason: `martian destination ${ip4Str(dst)} (loopback address received on ${dev.name})`,
      };
    if (isLoopback4(src) && !dev.isLoopback() && !localnet)
      return {
        kind: "martian",
        reason: `martian source ${ip4Str(src)} (loopback address received on ${dev.name})`,
      };
    // ip_route_input_rcu: multicast for a group the device has not joined is refused (-EINVAL)
    if (isMulticast4(dst))
      return ns.igmp.groupsOf(dev).includes(dst)
        ? { kind: "broadcast" }
        : { kind: "martian", reason: `${ip4Str(dst)}: ${dev.name} is not a member of this multicast group` };
    const fwd = ns.devconf(dev, "forwarding") === 1;
    const route = ns.fib.lookup(dst, {});
    if (!route) return { kind: "error", errno: fwd ? Errno.ENETUNREACH : Errno.EHOSTUNREACH };
    const terr = routeTypeError(route.type);
    if (terr) return { kind: "error", errno: terr };
    if (route.type === RouteType.broadcast) return { kind: "broadcast" };
    if (route.type === RouteType.local) {
      if (!dev.isLoopback() && ns.isLocalAddress(src) && !ns.devconf(dev, "accept_local")) {
        return {
          kind: "martian",
          reason: `martian source ${ip4Str(src)} (one of our own addresses) on ${dev.name}`,
        };
      }
      if (!this.validateSource(src, dev))
        return {
          kind: "martian",
          reason: `reverse path filter: ${ip4Str(src)} is not reachable through ${dev.name} (rp_filter)`,
          rpf: true,
        };
      return { kind: "local" };
    }
    if (!fwd) return { kind: "error", errno: Errno.EHOSTUNREACH };
    if (route.type !== RouteType.unicast)
      return { kind: "martian", reason: `martian destination ${ip4Str(dst)}` };
    // fib_validate_source: our own address as the source of a packet to forward is a martian
    if (ns.isLocalAddress(src) && !ns.devconf(dev, "accept_local")) {
      return {
        kind: "martian",
        reason: `martian source ${ip4Str(src)} (one of our own addresses) on ${dev.name}`,
      };
    }
    if (!this.validateSource(src, dev))
      return {
        kind: "martian",
        reason: `reverse path filter: ${ip4Str(src)} is not reachable through ${dev.name} (rp_filter)`,
        rpf: true,
      };
    const out = this.finishOutRoute(route, dst, undefined, src);
    return { kind: "forward", rt: out };
  }

  /** fib_validate_source: rp_filter 1 (strict) / 2 (loose). */
  private validateSource(src: number, dev: NetDevice): boolean {
    const mode = this.ns.devconf(dev, "rp_filter");
    if (!mode) return true;
    const r = this.ns.fib.lookup(src, {});
    if (!r || (r.type !== RouteType.unicast && r.type !== RouteType.local)) return false;
    return mode === 2 || r.dev === dev || !!r.nhs?.some((n) => n.dev === dev && !n.dead);
  }

  /** ip_error: what happens to a packet the routing table cannot take. */
  private ipError(dev: NetDevice, ip: Ipv4Packet, errno: number, meta: SkbMeta): void {
    const fwd = this.ns.devconf(dev, "forwarding") === 1;
    const why =
      errno === Errno.ENETUNREACH
        ? `no route to ${ip4Str(ip.dst)}`
        : errno === Errno.EHOSTUNREACH
          ? fwd
            ? `route to ${ip4Str(ip.dst)} is unreachable`
            : `${ip4Str(ip.dst)} is not a local address and forwarding is disabled on ${dev.name} (net.ipv4.ip_forward=0)`
          : errno === Errno.EACCES
            ? `route to ${ip4Str(ip.dst)} is prohibited`
            : `route to ${ip4Str(ip.dst)} is a blackhole`;
    this.drop(meta, dev, why, { ip });
    // without forwarding every failure is EHOSTUNREACH (InAddrErrors); no route at all counts InNoRoutes
    if (!fwd) {
      this.ns.mib.ip[IP.InAddrErrors]++;
      return;
    }
    if (errno === Errno.ENETUNREACH) this.ns.mib.ipExt[IP_EXT.InNoRoutes]++;
    let code: number;
    switch (errno) {
      case Errno.EHOSTUNREACH:
        code = IcmpUnreach.HOST;
        break;
      case Errno.ENETUNREACH:
        code = IcmpUnreach.NET;
        break;
      case Errno.EACCES:
        code = IcmpUnreach.PKT_FILTERED;
        break;
      default:
        return;
    }
    // per-source token bucket: ip_rt_error_cost 1 s, burst 5 s
    if (!this.tokens(this.ipErrorPeers, ip.src, NS_PER_S, 5 * NS_PER_S)) return;
    this.icmpSend(ip, IcmpType.DEST_UNREACH, code, 0, dev, meta);
  }

  private tokens(map: Map<number, PeerTokens>, key: number, cost: Nanos, burst: Nanos): boolean {
    const now = this.world.sched.now;
    let p = map.get(key);
    if (!p) {
      p = { tokens: 0, last: now - 60 * NS_PER_S };
      map.set(key, p);
    }
    p.tokens = Math.min(burst, p.tokens + (now - p.last));
    p.last = now;
    if (p.tokens >= cost) {
      p.tokens -= cost;
      return true;
    }
    return false;
  }

  /** ip_local_deliver: reassembly, INPUT, protocol dispatch. */
  ipLocalDeliver(dev: NetDevice, ip: Ipv4Packet, meta: SkbMeta, broadcast: boolean): void {
    let pkt: Ipv4Packet | undefined = ip;
    if (ip.mf || ip.fragOffset) {
      pkt = this.defrag(ip, dev, meta);
      if (!pkt) return;
    }
    const hooks = this.world.hooks;
    if (hooks) {
      pkt = hooks.input(this.ns, pkt, dev, meta);
      if (!pkt) return;
    }
    this.ipLocalDeliverFinish(dev, pkt, meta, broadcast);
  }

  ipLocalDeliverFinish(dev: NetDevice, ip: Ipv4Packet, meta: SkbMeta, broadcast: boolean): void {
    const p = ip.payload;
    const mib = this.ns.mib;
    // ip_protocol_deliver_rcu: InDelivers for every packet a protocol handler takes
    switch (ip.protocol) {
      case IpProto.ICMP:
        mib.ip[IP.InDelivers]++;
        if (p.kind === "icmp") this.icmpRcv(dev, ip, p, meta, broadcast);
        return;
      case IpProto.UDP: {
        if (p.kind !== "udp") return;
        mib.ip[IP.InDelivers]++;
        if (this.ns.ipv6 && this.vxlanRcv(dev, ip, p, meta)) {
          mib.udp[UDP.InDatagrams]++; // udp_queue_rcv_one_skb: taken by the encapsulation socket
          return;
        }
        if (this.udpHandler?.(ip, dev, meta)) return;
        this.trace(TraceKind.deliver, meta, () => `no socket on UDP port ${p.dstPort}: port unreachable`, {
          dev: dev.name,
          ip,
        });
        if (broadcast) {
          mib.udp[UDP.IgnoredMulti]++; // __udp4_lib_mcast_deliver found no socket
          return;
        }
        mib.udp[UDP.NoPorts]++;
        this.icmpSend(ip, IcmpType.DEST_UNREACH, IcmpUnreach.PORT, 0, dev, meta);
        return;
      }
      case IpProto.TCP:
        mib.ip[IP.InDelivers]++;
        if (this.tcpHandler?.(ip, dev, meta)) return;
        this.drop(meta, dev, `no TCP stack listening`, { ip });
        return;
      case IpProto.IGMP:
        mib.ip[IP.InDelivers]++; // igmp_rcv: reports from other hosts need nothing from us
        return;
      default:
        mib.ip[IP.InUnknownProtos]++;
        if (!broadcast) this.icmpSend(ip, IcmpType.DEST_UNREACH, IcmpUnreach.PROT, 0, dev, meta);
    }
  }

  // ---------------------------------------------------------------- fragments

  /**
   * ip_defrag: collect fragments until the datagram is complete. A queue that times out
   * (ip_expire) counts a failure and, if its first fragment came, sends "fragment reassembly
   * time exceeded" back.
   */
  private defrag(ip: Ipv4Packet, dev: NetDevice, meta: SkbMeta): Ipv4Packet | undefined {
    const mib = this.ns.mib;
    mib.ip[IP.ReasmReqds]++;
    const key = `${ip.src}/${ip.dst}/${ip.id}/${ip.protocol}`;
    let list = this.frags.get(key);
    if (!list) {
      const q: Ipv4Packet[] = (list = []);
      this.frags.set(key, q);
      const ttl = this.ns.sysctl.int("net/ipv4/ipfrag_time", 30) * NS_PER_S;
      this.world.sched.after(ttl, () => {
        if (this.frags.get(key) !== q) return;
        this.frags.delete(key);
        mib.ip[IP.ReasmFails]++;
        mib.ip[IP.ReasmTimeout]++;
        const head = q.find((f) => f.fragOffset === 0);
        if (head) this.icmpSend(head, IcmpType.TIME_EXCEEDED, 1, 0, dev, meta);
      });
    }
    list.push(ip);
    const whole = this.world.codec.reassemble(list);
    if (!whole) return undefined;
    this.frags.delete(key);
    mib.ip[IP.ReasmOKs]++;
    return whole;
  }

  // ---------------------------------------------------------------- forwarding

  /** ip_forward */
  ipForward(dev: NetDevice, ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): void {
    if (ip.ttl <= 1) {
      this.ns.mib.ip[IP.InHdrErrors]++;
      this.drop(
        meta,
        dev,
        `TTL expired in transit at ${ip4Str(this.ns.selectAddr(dev, ip.src, Scope.universe) ?? 0)}`,
        { ip },
      );
      this.icmpSend(ip, IcmpType.TIME_EXCEEDED, 0, 0, dev, meta);
      return;
    }
    // 6.x counts a datagram as forwarded here, before the MTU check and the FORWARD hook
    this.ns.mib.ip[IP.ForwDatagrams]++;
    const mtu = rt.mtu;
    const len = ipv4Length(ip);
    if (len > mtu && ip.df) {
      this.ns.mib.ip[IP.FragFails]++;
      this.drop(
        meta,
        dev,
        `message too long for ${rt.dev.name}: ${len} > mtu ${mtu} with DF set (frag needed)`,
        { ip },
      );
      this.icmpSend(ip, IcmpType.DEST_UNREACH, IcmpUnreach.FRAG_NEEDED, mtu, dev, meta);
      return;
    }
    const out: Ipv4Packet = { ...ip, ttl: ip.ttl - 1, checksum: undefined };
    this.trace(
      TraceKind.forward,
      meta,
      () =>
        `forward ${ip4Str(ip.src)} → ${ip4Str(ip.dst)} via ${rt.gateway !== undefined ? ip4Str(rt.gateway) + " " : ""}dev ${rt.dev.name}, ttl ${ip.ttl}→${out.ttl}`,
      {
        dev: dev.name,
        ip: out,
      },
    );
    // ICMP redirect when the packet leaves by the interface it came in on toward an on-link sender
    if (
      rt.dev === dev &&
      this.ns.devconf(dev, "send_redirects") &&
      rt.gateway !== undefined &&
      this.onLink(dev, ip.src)
    ) {
      if (this.tokens(this.redirectPeers, ip.src, NS_PER_S, 6 * NS_PER_S)) {
        this.icmpSend(ip, IcmpType.REDIRECT, 1, rt.gateway, dev, meta);
      }
    }
    const hooks = this.world.hooks;
    let pkt: Ipv4Packet | undefined = out;
    if (hooks) {
      pkt = hooks.forward(this.ns, pkt, dev, rt.dev, meta);
      if (!pkt) return;
    }
    this.ipOutput(pkt, rt, meta);
  }

  private onLink(dev: NetDevice, ip: number): boolean {
    return dev.in4.some(
      (a) => !a.secondary && ((a.address ^ ip) & (a.prefixLen ? 0xffffffff << (32 - a.prefixLen) : 0)) === 0,
    );
  }

  // ---------------------------------------------------------------- output

  /**
   * ip_route_output_key: the route a locally generated packet to `dst` takes.
   * Errors are the errno the socket call would see (ENETUNREACH: "Network is unreachable").
   */
  routeOutput(dst: Ip4, opts: RouteOutOpts = {}): RouteOutResult {
    const ns = this.ns;
    const src = opts.src;
    let oifDev: NetDevice | undefined;
    if (src) {
      if (isMulticast4(src) || src === IP4_BROADCAST || src >>> 24 === 0)
        return { ok: false, errno: Errno.EINVAL };
      // __ip_dev_find: a source that is not one of our addresses
      if (!ns.isLocalAddress(src)) return { ok: false, errno: Errno.ENETUNREACH };
    }
    if (opts.oif) {
      oifDev = ns.byIndex(opts.oif);
      if (!oifDev) return { ok: false, errno: Errno.ENODEV };
      if (!oifDev.up) return { ok: false, errno: Errno.ENETUNREACH };
      if (dst === IP4_BROADCAST || isMulticast4(dst)) {
        const s = src ?? ns.selectAddr(oifDev, 0, Scope.link) ?? (0 as Ip4);
        return {
          ok: true,
          rt: {
            type: dst === IP4_BROADCAST ? RouteType.broadcast : RouteType.multicast,
            dev: oifDev,
            src: s,
            dst,
            nexthop: dst,
            mtu: oifDev.mtu,
            local: false,
          },
        };
      }
    }
    if (!dst) {
      const d = (src ?? 0x7f000001) as Ip4;
      return {
        ok: true,
        rt: { type: RouteType.local, dev: ns.lo, src: d, dst: d, nexthop: d, mtu: ns.lo.mtu, local: true },
      };
    }
    const route = ns.fib.lookup(dst, { oif: opts.oif, tos: opts.tos });
    if (!route) {
      if (oifDev) {
        // "Apparently, routing tables are wrong. Assume that the destination is on link."
        const s = src ?? ns.selectAddr(oifDev, 0, Scope.link) ?? (0 as Ip4);
        return {
          ok: true,
          rt: {
            type: RouteType.unicast,
            dev: oifDev,
            src: s,
            dst,
            nexthop: dst,
            mtu: this.pathMtu(dst, oifDev, undefined),
            local: false,
          },
        };
      }
      return { ok: false, errno: Errno.ENETUNREACH };
    }
    const terr = routeTypeError(route.type);
    if (terr) return { ok: false, errno: terr };
    if (route.type === RouteType.local) {
      const s = src ?? route.prefsrc ?? dst;
      return {
        ok: true,
        rt: {
          route,
          type: RouteType.local,
          dev: ns.lo,
          fibDev: route.dev,
          src: s,
          dst,
          nexthop: dst,
          mtu: ns.lo.mtu,
          local: true,
        },
      };
    }
    const rt = this.finishOutRoute(route, dst, src);
    if (isLoopback4(rt.src) && !rt.dev.isLoopback()) return { ok: false, errno: Errno.EINVAL };
    return { ok: true, rt };
  }

  private finishOutRoute(route: Route, dst: Ip4, src: Ip4 | undefined, flowSrc = src ?? 0): OutRoute {
    const nh = selectNexthop(route, flowSrc, dst);
    const dev = nh ? nh.dev : route.dev!;
    const gw = nh ? nh.gateway : route.gateway;
    const nhScope = nh ? nh.nhScope : route.nhScope;
    const s =
      src ??
      route.prefsrc ??
      this.ns.selectAddr(dev, gw ?? 0, gw !== undefined ? nhScope : Math.max(nhScope, Scope.link)) ??
      (0 as Ip4);
    const type = route.type;
    return {
      route,
      type,
      dev,
      src: s,
      dst,
      nexthop: gw ?? dst,
      gateway: gw,
      mtu: this.pathMtu(dst, dev, route),
      local: false,
    };
  }

  /** Route metric MTU, else a learned PMTU exception, else the device MTU. */
  pathMtu(dst: number, dev: NetDevice, route: Route | undefined): number {
    const ex = this.pmtu.get(dst);
    let mtu = route?.metrics?.mtu ?? dev.mtu;
    if (ex) {
      if (ex.expires > this.world.sched.now) mtu = Math.min(mtu, ex.mtu);
      else this.pmtu.delete(dst);
    }
    return Math.min(mtu, dev.mtu);
  }

  /** __ip_rt_update_pmtu from an ICMP "fragmentation needed". */
  updatePmtu(dst: number, mtu: number): void {
    const min = this.ns.sysctl.int("net/ipv4/route/min_pmtu", 552);
    const expires = this.ns.sysctl.int("net/ipv4/route/mtu_expires", 600) * NS_PER_S;
    const rt = this.routeOutput(dst as Ip4);
    if (!rt.ok || rt.rt.local) return;
    if (mtu >= rt.rt.dev.mtu) return;
    this.pmtu.set(dst, { mtu: Math.max(mtu, min), expires: this.world.sched.now + expires });
  }

  /** ip_local_out: OUTPUT hook, then ip_output. */
  ipLocalOut(ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): void {
    // __ip_local_out (and icmp_out_count in __ip_make_skb for the ICMP messages we build)
    const mib = this.ns.mib;
    mib.ip[IP.OutRequests]++;
    if (ip.payload.kind === "icmp") mib.icmpOut(ip.payload.type);
    if (this.world.trace) {
      const route = traceRouteOutput(rt);
      this.trace(
        TraceKind.route,
        meta,
        () => `route output ${route.dst}: ${route.result}${route.matched ? ` (${route.matched})` : ""}`,
        { dev: rt.dev.name, ip, route },
      );
    }
    const hooks = this.world.hooks;
    let pkt: Ipv4Packet | undefined = ip;
    if (hooks) {
      const r = hooks.output(this.ns, pkt, rt, meta);
      if (!r) return;
      pkt = r.ip;
      rt = r.rt;
    }
    if (rt.local) {
      this.ipOutputLoopback(pkt, rt, meta);
      return;
    }
    this.ipOutput(pkt, rt, meta);
  }

  /** A packet to one of our own addresses: POSTROUTING, then lo. */
  private ipOutputLoopback(ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): void {
    const hooks = this.world.hooks;
    let pkt: Ipv4Packet | undefined = ip;
    if (hooks) {
      pkt = hooks.postrouting(this.ns, pkt, rt.dev, meta);
      if (!pkt) return;
    }
    this.countOut(pkt, rt.type);
    const lo = this.ns.lo;
    if (!lo.up) {
      this.drop(meta, lo, `the loopback device is down`, { ip });
      return;
    }
    // ip_neigh_for_gw on a loopback device keys the neighbour by INADDR_ANY (a NOARP entry)
    const n = this.ns.neigh.lookup(lo, 0) ?? this.ns.neigh.create(lo, 0 as Ip4);
    if (n.state !== Nud.NOARP) {
      n.state = Nud.NOARP;
      n.mac = MAC_ZERO;
    }
    n.used = this.world.sched.now;
    const frame: EthernetFrame = { dst: MAC_ZERO, src: MAC_ZERO, ethertype: EtherType.IPv4, payload: pkt };
    this.devXmit(lo, frame, meta);
  }

  /** ip_output: POSTROUTING then ip_finish_output. */
  ipOutput(ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): void {
    const hooks = this.world.hooks;
    // ip_mc_output: a broadcast, or a multicast for a group the device is in, also comes back to us
    if (
      rt.type === RouteType.broadcast ||
      (rt.type === RouteType.multicast && this.ns.igmp.groupsOf(rt.dev).includes(ip.dst))
    )
      this.mcLoopback(ip, rt, meta);
    let pkt: Ipv4Packet | undefined = ip;
    if (hooks) {
      pkt = hooks.postrouting(this.ns, pkt, rt.dev, meta);
      if (!pkt) return;
    }
    this.ipFinishOutput(pkt, rt, meta);
  }

  /**
   * ip_mc_finish_output → dev_loopback_xmit: the copy passes POSTROUTING and is received on the
   * output device (PACKET_LOOPBACK: no capture, no device counters), then delivered locally.
   */
  private mcLoopback(ip: Ipv4Packet, rt: OutRoute, parent: SkbMeta): void {
    const meta: SkbMeta = { jid: this.world.newJid(), mark: parent.mark };
    const hooks = this.world.hooks;
    let pkt: Ipv4Packet | undefined = ip;
    if (hooks) {
      pkt = hooks.postrouting(this.ns, pkt, rt.dev, meta);
      if (!pkt) return;
    }
    const copy = pkt;
    const dev = rt.dev;
    const frame: EthernetFrame = {
      dst: rt.type === RouteType.broadcast ? MAC_BROADCAST : ip4MulticastMac(copy.dst),
      src: dev.mac,
      ethertype: EtherType.IPv4,
      payload: copy,
    };
    this.trace(TraceKind.send, meta, () => `${dev.name}: ${ip4Str(copy.dst)} looped back to this host`, {
      dev: dev.name,
      ip: copy,
      parent: parent.jid,
    });
    this.world.sched.after(this.world.latency.stack, () => {
      if (dev.up && dev.ns === this.ns) this.ipRcv(dev, frame, copy, meta);
    });
  }

  /** ip_finish_output: fragment if needed, then ip_finish_output2 → neighbour. */
  ipFinishOutput(ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): void {
    const mtu = rt.mtu;
    const len = ipv4Length(ip);
    if (len > mtu) {
      if (ip.df) {
        this.ns.mib.ip[IP.FragFails]++;
        this.drop(meta, rt.dev, `message too long: ${len} > mtu ${mtu} with DF set`, { ip });
        return;
      }
      const frags = this.world.codec.fragment(ip, mtu);
      this.ns.mib.ip[IP.FragOKs]++;
      this.ns.mib.ip[IP.FragCreates] += frags.length;
      for (const f of frags) {
        this.countOut(f, rt.type);
        this.neighOutput(rt.dev, rt.nexthop, f, meta, rt.type);
      }
      return;
    }
    this.countOut(ip, rt.type, len);
    this.neighOutput(rt.dev, rt.nexthop, ip, meta, rt.type);
  }

  /** ip_finish_output2's counters: multicast/broadcast by route type, then OutTransmits and OutOctets. */
  private countOut(ip: Ipv4Packet, type: RouteType, len = ipv4Length(ip)): void {
    const mib = this.ns.mib;
    if (type === RouteType.multicast) {
      mib.ipExt[IP_EXT.OutMcastPkts]++;
      mib.ipExt[IP_EXT.OutMcastOctets] += len;
    } else if (type === RouteType.broadcast) {
      mib.ipExt[IP_EXT.OutBcastPkts]++;
      mib.ipExt[IP_EXT.OutBcastOctets] += len;
    }
    mib.ipOut(len);
  }

  /** neigh_output: resolve the next hop's MAC (ARP), then transmit. */
  neighOutput(
    dev: NetDevice,
    nexthop: Ip4,
    ip: Ipv4Packet,
    meta: SkbMeta,
    type: RouteType = RouteType.unicast,
  ): void {
    const build = (mac: Mac): EthernetFrame => ({
      dst: mac,
      src: dev.mac,
      ethertype: EtherType.IPv4,
      payload: ip,
    });
    if (type === RouteType.broadcast || nexthop === IP4_BROADCAST || this.isBroadcastOn(dev, nexthop)) {
      this.devXmit(dev, build(MAC_BROADCAST), meta);
      return;
    }
    if (isMulticast4(nexthop)) {
      this.devXmit(dev, build(ip4MulticastMac(nexthop as Ip4)), meta);
      return;
    }
    if (dev.isLoopback()) {
      this.devXmit(dev, { dst: MAC_ZERO, src: MAC_ZERO, ethertype: EtherType.IPv4, payload: ip }, meta);
      return;
    }
    const ns = this.ns;
    const before = ns.neigh.lookup(dev, nexthop);
    if (
      !before ||
      !(before.state & (Nud.REACHABLE | Nud.PERMANENT | Nud.NOARP | Nud.STALE | Nud.DELAY | Nud.PROBE))
    ) {
      this.trace(
        TraceKind.neigh,
        meta,
        () => `${dev.name}: ${ip4Str(nexthop)} has no usable neighbour entry: ARP`,
        { dev: dev.name, ip, neigh: { action: "lookup", ip: ip4Str(nexthop) } },
      );
    }
    ns.neigh.send(dev, nexthop, {
      jid: meta.jid,
      bytes: ipv4Length(ip) + 14,
      send: (mac) => this.devXmit(dev, build(mac), meta),
      fail: () => {
        this.drop(meta, dev, `neighbour ${ip4Str(nexthop)} unresolved (no ARP reply on ${dev.name})`, {
          ip,
          neigh: { action: "failed", ip: ip4Str(nexthop) },
        });
        this.icmpSend(ip, IcmpType.DEST_UNREACH, IcmpUnreach.HOST, 0, dev, meta);
      },
    });
  }

  private isBroadcastOn(dev: NetDevice, ip: number): boolean {
    for (const a of dev.in4) {
      if (a.broadcast && a.broadcast === ip) return true;
      if (a.prefixLen < 31) {
        const mask = a.prefixLen ? (0xffffffff << (32 - a.prefixLen)) >>> 0 : 0;
        if (((a.address & mask) | (~mask >>> 0)) >>> 0 === ip) return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- ICMP

  /** icmp_rcv: echo requests answered, everything handed to raw ICMP sockets, errors to their flows. */
  icmpRcv(dev: NetDevice, ip: Ipv4Packet, icmp: IcmpPacket, meta: SkbMeta, broadcast: boolean): void {
    this.trace(
      TraceKind.deliver,
      meta,
      () => `ICMP ${icmpName(icmp.type, icmp.code)} from ${ip4Str(ip.src)} delivered`,
      { dev: dev.name, ip },
    );
    const mib = this.ns.mib;
    mib.icmpIn(icmp.type);
    for (const l of [...this.icmpListeners]) l(ip, dev);
    if (broadcast) {
      // icmp_rcv: to a broadcast or multicast address only echo, timestamp and address-mask
      // messages are taken, echo and timestamp unless icmp_echo_ignore_broadcasts
      const t = icmp.type;
      const echo = t === IcmpType.ECHO || t === 13;
      if (echo ? this.ns.sysctl.int("net/ipv4/icmp_echo_ignore_broadcasts", 1) : t !== 17 && t !== 18) {
        mib.icmp[ICMP.InErrors]++;
        return;
      }
    }
    if (icmp.type === IcmpType.ECHO) {
      if (this.ns.sysctl.int("net/ipv4/icmp_echo_ignore_all")) return;
      this.icmpReply(ip, icmp, meta);
    } else if (icmp.type === IcmpType.DEST_UNREACH && icmp.code === IcmpUnreach.FRAG_NEEDED) {
      const orig = this.world.codec.quotedHeader(icmp.data);
      if (orig) this.updatePmtu(orig.dst, icmp.rest & 0xffff);
    }
  }

  /** icmp_reply for an echo request. */
  private icmpReply(req: Ipv4Packet, icmp: IcmpPacket, parent: SkbMeta): void {
    const src = this.ns.isLocalAddress(req.dst) ? req.dst : undefined;
    const r = this.routeOutput(req.src, { src });
    if (!r.ok) return;
    const reply: Ipv4Packet = {
      kind: "ipv4",
      tos: req.tos,
      id: this.world.ipId(),
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: this.ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
      protocol: IpProto.ICMP,
      src: r.rt.src,
      dst: req.src,
      payload: { kind: "icmp", type: IcmpType.ECHOREPLY, code: 0, rest: icmp.rest, data: icmp.data },
    };
    const meta: SkbMeta = { jid: this.world.newJid(), mark: 0 };
    this.trace(TraceKind.send, meta, () => `ICMP echo reply ${ip4Str(reply.src)} → ${ip4Str(reply.dst)}`, {
      ip: reply,
      parent: parent.jid,
    });
    this.ipLocalOut(reply, r.rt, meta);
  }

  /**
   * icmp_send: an ICMP error about `orig`, from the address the kernel picks (the destination if
   * it was ours, else the address of the interface toward the sender).
   */
  icmpSend(
    orig: Ipv4Packet,
    type: number,
    code: number,
    info: number,
    inDev: NetDevice | undefined,
    parent: SkbMeta,
  ): void {
    if (orig.fragOffset) return; // only for the first fragment
    if (isMulticast4(orig.dst) || orig.dst === IP4_BROADCAST) {
      if (!(type === IcmpType.DEST_UNREACH && code === IcmpUnreach.PORT)) return;
    }
    if (orig.protocol === IpProto.ICMP && orig.payload.kind === "icmp") {
      const t = orig.payload.type;
      // never an error about an error
      if (
        t !== IcmpType.ECHO &&
        t !== IcmpType.ECHOREPLY &&
        t !== 13 &&
        t !== 14 &&
        t !== 15 &&
        t !== 16 &&
        t !== 17 &&
        t !== 18
      )
        return;
    }
    const ns = this.ns;
    // icmpv4_mask_allow: the types in icmp_ratemask are limited, never "fragmentation needed";
    // icmpv4_global_allow: first the namespace-wide credit (unless the packet came in on lo)
    const ratemask = ns.sysctl.int("net/ipv4/icmp_ratemask", 6168);
    const limited =
      type <= 18 &&
      !(type === IcmpType.DEST_UNREACH && code === IcmpUnreach.FRAG_NEEDED) &&
      (ratemask & (1 << type)) !== 0;
    let applyRatelimit = false;
    if (limited && !inDev?.isLoopback()) {
      const perSec = ns.sysctl.int("net/ipv4/icmp_msgs_per_sec", 1000);
      if (
        !this.icmpGlobal.allow(this.world.sched.now, perSec, ns.sysctl.int("net/ipv4/icmp_msgs_burst", 50))
      ) {
        ns.mib.icmp[ICMP.OutRateLimitGlobal]++;
        return;
      }
      applyRatelimit = true;
    }
    let saddr: Ip4 | undefined = ns.isLocalAddress(orig.dst) ? orig.dst : undefined;
    if (saddr === undefined && inDev && ns.sysctl.int("net/ipv4/icmp_errors_use_inbound_ifaddr"))
      saddr = ns.selectAddr(inDev, orig.src, Scope.link);
    const r = this.routeOutput(orig.src, { src: saddr });
    if (!r.ok) return;
    // icmpv4_xrlim_allow: the per-destination token bucket (not toward our own addresses)
    if (applyRatelimit) {
      if (!r.rt.local) {
        const ms = ns.sysctl.int("net/ipv4/icmp_ratelimit", 1000) * NS_PER_MS;
        if (ms && !this.tokens(this.icmpPeers, orig.src, ms, 6 * ms)) {
          ns.mib.icmp[ICMP.OutRateLimitHost]++;
          return;
        }
      }
      this.icmpGlobal.consume();
    }
    const quoted = this.world.codec.icmpQuote(orig);
    const err: Ipv4Packet = {
      kind: "ipv4",
      tos: icmpErrorTos(orig.tos),
      id: this.world.ipId(),
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
      protocol: IpProto.ICMP,
      src: r.rt.src,
      dst: orig.src,
      payload: { kind: "icmp", type, code, rest: info >>> 0, data: quoted },
    };
    const meta: SkbMeta = { jid: this.world.newJid(), mark: 0 };
    this.trace(
      TraceKind.icmpError,
      meta,
      () => `ICMP ${icmpName(type, code)} ${ip4Str(err.src)} → ${ip4Str(err.dst)}`,
      {
        ip: err,
        parent: parent.jid,
      },
    );
    this.ipLocalOut(err, r.rt, meta);
  }

  /**
   * Sends a locally generated IPv4 packet (the socket layer's ip_push_pending_frames). Returns the
   * errno the send call sees: ENOBUFS when the driver dropped the frame (a veth whose peer cannot
   * take it), else 0 (sent, or queued behind ARP).
   */
  sendLocal(ip: Ipv4Packet, rt: OutRoute, meta: SkbMeta): number {
    this.xmitErrno = 0;
    this.ipLocalOut(ip, rt, meta);
    const e = this.xmitErrno;
    this.xmitErrno = 0;
    return e;
  }

  // ---------------------------------------------------------------- VXLAN

  /** vxlan_xmit: look the inner destination up in the VXLAN FDB and encapsulate toward each remote. */
  vxlanXmit(vx: VxlanDevice, frame: EthernetFrame, meta: SkbMeta): void {
    const cfg = vx.cfg;
    let entry = isMulticastMac(frame.dst) || frame.dst === MAC_BROADCAST ? undefined : vx.fdbFind(frame.dst);
    if (entry) entry.used = this.world.sched.now;
    if (!entry) entry = vx.fdbFind(MAC_ZERO);
    if (!entry || !entry.remotes.length) {
      vx.stats.txDropped++;
      this.drop(meta, vx, `${vx.name}: no FDB entry for ${frame.dst} and no default destination`, { frame });
      return;
    }
    const innerIpLen =
      frame.payload.kind === "ipv4" ? ipv4Length(frame.payload) : this.world.frameLength(frame) - 14;
    for (const remote of entry.remotes) {
      const dstIp = remote.ip;
      const lower = cfg.lowerIfindex ? this.ns.byIndex(cfg.lowerIfindex) : undefined;
      const r = this.routeOutput(dstIp, { src: cfg.local, oif: lower?.ifindex });
      if (!r.ok) {
        vx.stats.txCarrier++;
        this.drop(meta, vx, `${vx.name}: no route to VTEP ${ip4Str(dstIp)}`, { frame });
        continue;
      }
      if (r.rt.dev === vx) {
        vx.stats.txErrors++;
        continue;
      }
      // skb_tunnel_check_pmtu: an inner IPv4 packet too big for the underlay path teaches its
      // route the tunnel's real MTU; a bridged one with DF also gets "fragmentation needed" back
      const tunnelMtu = r.rt.mtu - VXLAN_HEADROOM;
      const inner = frame.payload;
      if (inner.kind === "ipv4" && innerIpLen > tunnelMtu) {
        if (vx.port) {
          if (inner.df) {
            this.icmpSend(inner, IcmpType.DEST_UNREACH, IcmpUnreach.FRAG_NEEDED, tunnelMtu, vx, meta);
            continue;
          }
        } else this.updatePmtu(inner.dst, tunnelMtu);
      }
      const srcPort = this.vxlanSrcPort(frame, cfg.srcPortMin, cfg.srcPortMax);
      const udp: UdpDatagram = {
        kind: "udp",
        srcPort,
        dstPort: remote.port ?? cfg.dstPort,
        payload: { kind: "vxlan", flags: 0x08, vni: remote.vni ?? cfg.vni, inner: frame },
      };
      const outer: Ipv4Packet = {
        kind: "ipv4",
        tos: cfg.tos === 1 && frame.payload.kind === "ipv4" ? frame.payload.tos : cfg.tos,
        id: this.world.ipId(),
        df: cfg.df === "set" || (cfg.df === "inherit" && frame.payload.kind === "ipv4" && frame.payload.df),
        mf: false,
        fragOffset: 0,
        ttl: cfg.ttl || this.ns.sysctl.int("net/ipv4/ip_default_ttl", 64),
        protocol: IpProto.UDP,
        src: cfg.local ?? r.rt.src,
        dst: dstIp,
        payload: udp,
      };
      vx.countTx(innerIpLen);
      const outerMeta: SkbMeta = { jid: meta.jid, mark: meta.mark };
      this.trace(
        TraceKind.encap,
        outerMeta,
        () =>
          `${vx.name}: VXLAN encap VNI ${udp.payload.kind === "vxlan" ? udp.payload.vni : 0} → ${ip4Str(dstIp)}:${udp.dstPort}`,
        {
          dev: vx.name,
          frame,
          after: outer,
        },
      );
      this.ipLocalOut(outer, r.rt, outerMeta);
    }
  }

  /** udp_flow_src_port: a hash of the inner flow into the local port range (or the configured one). */
  private vxlanSrcPort(frame: EthernetFrame, min: number, max: number): number {
    let lo = min;
    let hi = max;
    if (!lo && !hi) {
      const range = (this.ns.sysctl.get("net/ipv4/ip_local_port_range") ?? "32768\t60999")
        .split(/\s+/)
        .map(Number);
      lo = range[0];
      hi = range[1] + 1;
    }
    let h = 0x811c9dc5;
    const mix = (s: string | number) => {
      const str = String(s);
      for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
    };
    mix(frame.src);
    mix(frame.dst);
    const p = frame.payload;
    if (p.kind === "ipv4") {
      mix(p.src);
      mix(p.dst);
      mix(p.protocol);
    }
    return lo + ((h >>> 0) % Math.max(1, hi - lo));
  }

  /** vxlan_rcv: a UDP datagram on a VXLAN port, for a VXLAN device of ours. */
  private vxlanRcv(dev: NetDevice, ip: Ipv4Packet, udp: UdpDatagram, meta: SkbMeta): boolean {
    const vxs = [...this.ns.devices.values()].filter(
      (d): d is VxlanDevice => d instanceof VxlanDevice && d.up && d.cfg.dstPort === udp.dstPort,
    );
    if (!vxs.length) return false;
    if (udp.payload.kind !== "vxlan") return true;
    const { vni, inner } = udp.payload;
    const vx = vxs.find((d) => d.cfg.vni === vni && (!d.cfg.local || d.cfg.local === ip.dst));
    if (!vx) {
      this.drop(meta, dev, `VXLAN VNI ${vni} has no device here`, { ip });
      return true;
    }
    if (inner.src === vx.mac) {
      this.drop(meta, vx, `${vx.name}: looped frame with our own source MAC`);
      return true;
    }
    if (vx.cfg.learning && !isMulticastMac(inner.src)) {
      const now = this.world.sched.now;
      const e = vx.fdbFind(inner.src);
      if (!e)
        vx.fdb.unshift({
          mac: inner.src,
          remotes: [{ ip: ip.src }],
          permanent: false,
          isStatic: false,
          updated: now,
          used: now,
        });
      else if (!e.permanent && !e.isStatic) {
        e.remotes = [{ ip: ip.src }];
        e.updated = now;
      }
    }
    const innerLen = this.world.frameLength(inner) - 14;
    vx.countRx(innerLen);
    this.trace(TraceKind.decap, meta, () => `${vx.name}: VXLAN decap VNI ${vni} from ${ip4Str(ip.src)}`, {
      dev: vx.name,
      ip,
      after: inner,
    });
    this.world.sched.after(this.world.latency.stack, () => this.netifReceive(vx, inner, meta, false));
    return true;
  }

  /** Header size helper for MTU computations. */
  static vxlanOverhead(): number {
    return VXLAN_HEADROOM;
  }

  static ipHeaderLength(ip: Ipv4Packet): number {
    return ipv4HeaderLength(ip);
  }
}

function routeTypeError(t: RouteType): number {
  switch (t) {
    case RouteType.unreachable:
      return Errno.EHOSTUNREACH;
    case RouteType.prohibit:
      return Errno.EACCES;
    case RouteType.blackhole:
      return Errno.EINVAL;
    default:
      return 0;
  }
}

export function icmpName(type: number, code: number): string {
  switch (type) {
    case 0:
      return "echo reply";
    case 8:
      return "echo request";
    case 3:
      return (
        [
          "net unreachable",
          "host unreachable",
          "protocol unreachable",
          "port unreachable",
          "fragmentation needed",
          "source route failed",
          "net unknown",
          "host unknown",
          "host isolated",
          "net prohibited",
          "host prohibited",
          "net unreachable for TOS",
          "host unreachable for TOS",
          "packet filtered",
          "precedence violation",
          "precedence cutoff",
        ][code] ?? `unreachable code ${code}`
      );
    case 11:
      return code === 0 ? "time exceeded in transit" : "fragment reassembly time exceeded";
    case 5:
      return "redirect";
    default:
      return `type ${type} code ${code}`;
  }
}

export function describeFrame(f: EthernetFrame): string {
  const p = f.payload;
  switch (p.kind) {
    case "arp":
      return p.op === 1
        ? `ARP who-has ${ip4Str(p.tpa)} tell ${ip4Str(p.spa)}`
        : `ARP reply ${ip4Str(p.spa)} is-at ${p.sha}`;
    case "ipv4": {
      const l4 = p.payload;
      const what =
        l4.kind === "icmp"
          ? `ICMP ${icmpName(l4.type, l4.code)}`
          : l4.kind === "udp"
            ? l4.payload.kind === "vxlan"
              ? `VXLAN (UDP ${l4.srcPort}→${l4.dstPort})`
              : `UDP ${l4.srcPort}→${l4.dstPort}`
            : l4.kind === "tcp"
              ? `TCP ${l4.srcPort}→${l4.dstPort}`
              : "fragment";
      return `${ip4Str(p.src)} → ${ip4Str(p.dst)} ${what}`;
    }
    case "ipv6":
      return "IPv6";
    default:
      return `ethertype 0x${f.ethertype.toString(16).padStart(4, "0")}`;
  }
}

const ROUTE_TYPE_NAMES = [
  "unspec",
  "unicast",
  "local",
  "broadcast",
  "anycast",
  "multicast",
  "blackhole",
  "unreachable",
  "prohibit",
  "throw",
  "nat",
];

/** The FIB entry as `ip route` prints its head ("10.0.0.0/24 via 10.0.0.1 dev eth0"). */
function routeText(r: Route): string {
  const dst =
    r.dstLen === 0 && r.dst === 0
      ? "default"
      : r.dstLen === 32
        ? ip4Str(r.dst)
        : `${ip4Str(r.dst)}/${r.dstLen}`;
  const type = r.type === RouteType.unicast ? "" : `${ROUTE_TYPE_NAMES[r.type]} `;
  const via = r.gateway !== undefined ? ` via ${ip4Str(r.gateway)}` : "";
  const dev = r.dev ? ` dev ${r.dev.name}` : r.nhs?.length ? " (multipath)" : "";
  return `${type}${dst}${via}${dev}`;
}

function tableName(t: number): string {
  return t === 254 ? "main" : t === 255 ? "local" : t === 253 ? "default" : String(t);
}

/** Trace data of an output route (what `ip route get` would print). */
function traceRouteOutput(rt: OutRoute): TraceRoute {
  return {
    dir: "output",
    result: rt.local ? "local" : ROUTE_TYPE_NAMES[rt.type],
    dst: ip4Str(rt.dst),
    matched: rt.route ? routeText(rt.route) : undefined,
    table: rt.route ? tableName(rt.route.table) : undefined,
    dev: rt.local ? "lo" : rt.dev.name,
    via: rt.gateway !== undefined ? ip4Str(rt.gateway) : undefined,
    src: ip4Str(rt.src),
    mtu: rt.mtu,
  };
}

/** Trace data of an input route decision. */
function traceRouteInput(ns: Netns, ip: Ipv4Packet, rt: OutRoute | undefined, result: string): TraceRoute {
  if (rt) {
    const out = traceRouteOutput(rt);
    return { ...out, dir: "input", result };
  }
  const route = ns.fib.lookup(ip.dst, {});
  return {
    dir: "input",
    result,
    dst: ip4Str(ip.dst),
    matched: route ? routeText(route) : undefined,
    table: route ? tableName(route.table) : undefined,
    dev: route?.dev?.name,
  };
}
