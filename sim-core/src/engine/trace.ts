/**
 * One trace event per hop of a packet through the simulated kernel. Journeys, the animation,
 * the event list, tcpdump and pcap export are all built from these events, so each carries the
 * exact frame or IP packet at that point (packet objects are immutable: a NAT rewrite makes a new
 * one, so `before`/`after` can both be kept without copying).
 */
import type { Nanos } from "./scheduler";
import type { EthernetFrame, Ipv4Packet } from "../wire/types";

export const TraceKind = {
  /** A process handed a packet to its socket (ping, curl, …). */
  send: "send",
  /** A frame left a device (dev_queue_xmit → driver). */
  xmit: "xmit",
  /** A frame arrived on a device (netif_receive_skb). */
  recv: "recv",
  /** A bridge decision: learn, forward to a port, flood, deliver up. */
  bridge: "bridge",
  /** A routing decision (input or output), `ip route get` style. */
  route: "route",
  /** Neighbour resolution: lookup, ARP needed, resolved, failed. */
  neigh: "neigh",
  /** A netfilter hook/table/chain/rule decision. */
  netfilter: "netfilter",
  /** A NAT rewrite (before → after). */
  nat: "nat",
  /** IPv4 forwarding (TTL decremented). */
  forward: "forward",
  /** VXLAN encapsulation: the inner frame wrapped in outer Ethernet/IPv4/UDP/VXLAN. */
  encap: "encap",
  /** VXLAN decapsulation. */
  decap: "decap",
  /** The kernel generated an ICMP error. */
  icmpError: "icmp-error",
  /** Delivered to a local protocol handler or socket. */
  deliver: "deliver",
  /** Dropped, with the reason in one sentence. */
  drop: "drop",
} as const;
export type TraceKind = (typeof TraceKind)[keyof typeof TraceKind];

export interface TraceEvent {
  /** Virtual time. */
  t: Nanos;
  kind: TraceKind;
  /** Journey id: every packet a command sends gets one; derived packets (ARP, replies, ICMP errors) get their own, with `parent`. */
  jid: number;
  parent?: number;
  machine: string;
  /** "root" or the netns name. */
  netns: string;
  dev?: string;
  /** A short human summary ("ARP who-has 11.11.11.3 tell 11.11.11.2", "FORWARD DROP", …). */
  text: string;
  /** For drops: why, in one sentence. */
  reason?: string;
  frame?: EthernetFrame;
  ip?: Ipv4Packet;
  /** For NAT and encapsulation: the packet after the change. */
  after?: EthernetFrame | Ipv4Packet;
  hook?: string;
  table?: string;
  chain?: string;
  rule?: number;
  verdict?: string;
  /** Conntrack state at a netfilter hook (NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED) and direction. */
  ct?: string;
  /** A routing decision (kind route), `ip route get` style. */
  route?: TraceRoute;
  /** A bridge decision (kind bridge). */
  bridge?: TraceBridge;
  /** Neighbour resolution (kind neigh). */
  neigh?: TraceNeigh;
}

/** What a route lookup chose: plain data, made only when a trace sink listens. */
export interface TraceRoute {
  /** input (a received packet) or output (a local one). */
  dir: "input" | "output";
  /** local, broadcast, forward (input) or the route type (output: unicast, local, broadcast…). */
  result: string;
  dst: string;
  /** The matched FIB entry as `ip route` prints it ("10.0.0.0/24 dev br0"), if any. */
  matched?: string;
  /** Table of the matched entry (main, local, or a number). */
  table?: string;
  dev?: string;
  via?: string;
  src?: string;
  mtu?: number;
}

export interface TraceBridge {
  action: "flood" | "forward" | "local" | "link-local";
  /** The port a forwarded frame leaves by. */
  port?: string;
  /** The destination MAC looked up in the FDB. */
  mac: string;
}

export interface TraceNeigh {
  action: "lookup" | "resolve" | "resolved" | "reply" | "failed";
  ip: string;
  mac?: string;
}

export interface TraceSink {
  emit(ev: TraceEvent): void;
}
