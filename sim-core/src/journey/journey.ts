/**
 * The plain-data view of a journey (what the web app's player, event list and header tree
 * read): one Hop per trace event, with the fields the UI needs already picked out — the device
 * (and its snapshot key, to animate along the canvas edges), a short label ("vxlan encap",
 * "FORWARD DROP", "bridge forward → beth1"), the packet at that point, and per kind the route
 * chosen, the bridge decision, the neighbour step, the netfilter hook/table/chain/rule/verdict
 * with the conntrack state, the NAT rewrite before → after, the TTL change, the VXLAN envelope;
 * and for a drop the reason in one sentence. Bytes and the header tree are built on demand
 * (hopDetail), from the same packet objects the kernel moved.
 */
import type { TraceEvent, TraceRoute, TraceBridge, TraceNeigh } from "../engine/trace";
import { TraceKind } from "../engine/trace";
import type { EthernetFrame, Ipv4Packet } from "../wire/types";
import { ip4Str } from "../util/inet";
import { emitIpv4 } from "../wire/ipv4";
import { captureBytes, captureIpBytes } from "../capture/emit";
import { dissectFrame, dissectIpv4, type HeaderLayer } from "./dissect";
import type { CommandRef, JourneyRecord } from "./recorder";

/** Addresses and ports of a packet (for NAT before → after and the event list). */
export interface Endpoints {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
}

/** What the packet is at a hop, in one line and a few fields. */
export interface PacketSummary {
  /** "ARP", "ICMP", "UDP", "TCP", "VXLAN", "IPv6", "IGMP", "STP", "IPv4", "other". */
  protocol: string;
  text: string;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  ttl?: number;
  /** Length of what was seen (frame or IP packet), in bytes. */
  length: number;
  /** Ethernet addresses when the hop saw a frame. */
  ethSrc?: string;
  ethDst?: string;
  /** A VXLAN packet: the frame inside. */
  inner?: PacketSummary;
}

export interface HopNetfilter {
  hook: string;
  table?: string;
  chain?: string;
  /** 1-based rule number; absent for a policy or a conntrack/NAT event. */
  rule?: number;
  verdict?: string;
  /** The chain's policy decided. */
  policy: boolean;
  /** Conntrack state of the packet at this hook. */
  ct?: string;
  /** The rule as iptables -S prints it (from the trace text). */
  ruleText?: string;
}

export interface HopNat {
  hook?: string;
  before: Endpoints;
  after: Endpoints;
}

export interface HopVxlan {
  vni: number;
  /** Outer addresses and ports. */
  outerSrc: string;
  outerDst: string;
  srcPort: number;
  dstPort: number;
}

export type HopKind = TraceEvent["kind"];

export interface Hop {
  /**
   * The recorder's event index (what hopDetail takes). Usually the hop's position in
   * Journey.hops, except after an event that the next one told again (toldByNext).
   */
  index: number;
  /** Virtual time, in nanoseconds. */
  t: number;
  kind: HopKind;
  /** Short label for the event list ("xmit", "vxlan encap", "FORWARD DROP", …). */
  label: string;
  /** The kernel's one-line description. */
  text: string;
  machine: string;
  /** The netns label ("root" or its name). */
  netns: string;
  /** The snapshot key of the namespace ("machine/root", "machine/NAME"). */
  netnsKey: string;
  dev?: string;
  /** The snapshot key of the device, when the hop happened at one. */
  deviceKey?: string;
  packet?: PacketSummary;
  route?: TraceRoute;
  bridge?: TraceBridge;
  neigh?: TraceNeigh;
  netfilter?: HopNetfilter;
  nat?: HopNat;
  /** TTL before → after (forwarding). */
  ttl?: { before: number; after: number };
  vxlan?: HopVxlan;
  /** For a drop: why, in one sentence. */
  reason?: string;
  /** Bytes (and so a header tree) are available for this hop. */
  hasBytes: boolean;
  /** There is a second packet (NAT: after the rewrite; VXLAN: the envelope / the inner frame). */
  hasAfter: boolean;
}

export type Outcome = "delivered" | "dropped" | "sent";

export interface JourneySummary {
  id: number;
  parent?: number;
  children: number[];
  command?: CommandRef;
  origin: "command" | "kernel";
  /** Virtual time of the first and last hop (ns). */
  t0: number;
  t1: number;
  machine: string;
  netns: string;
  protocol: string;
  summary: string;
  outcome: Outcome;
  /** The drop's sentence, when the packet was dropped. */
  dropReason?: string;
  /** Where it was dropped: the drop's Hop.index (the recorder's event index). */
  dropHop?: number;
  hopCount: number;
}

export interface Journey extends JourneySummary {
  hops: Hop[];
  /** Hops left out because the journey was very long. */
  truncatedHops: number;
}

export interface HopDetail {
  /** The packet as the hop saw it: Ethernet frame bytes, or the IPv4 packet at L3 hops. */
  bytes: Uint8Array;
  headers: HeaderLayer;
  /** NAT: the packet after the rewrite; encap: the outer packet; decap: the inner frame. */
  after?: { bytes: Uint8Array; headers: HeaderLayer };
}

// ------------------------------------------------------------------------------ conversion

export function netnsKeyOf(machine: string, netns: string): string {
  if (netns === "root") return `${machine}/root`;
  const anon = /^netns:(\d+)$/.exec(netns);
  return anon ? `${machine}/ns:${anon[1]}` : `${machine}/${netns}`;
}

function endpoints(ip: Ipv4Packet): Endpoints {
  const p = ip.payload;
  const e: Endpoints = { src: ip4Str(ip.src), dst: ip4Str(ip.dst) };
  if (p.kind === "tcp" || p.kind === "udp") {
    e.sport = p.srcPort;
    e.dport = p.dstPort;
  }
  return e;
}

function icmpText(type: number, code: number): string {
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
        ][code] ?? `unreachable (code ${code})`
      );
    case 11:
      return "time exceeded";
    case 5:
      return "redirect";
    default:
      return `type ${type}`;
  }
}

export function summarizeIp(ip: Ipv4Packet): PacketSummary {
  const p = ip.payload;
  const base = { src: ip4Str(ip.src), dst: ip4Str(ip.dst), ttl: ip.ttl, length: ipLength(ip) };
  const arrow = `${base.src} → ${base.dst}`;
  switch (p.kind) {
    case "icmp":
      return { ...base, protocol: "ICMP", text: `ICMP ${icmpText(p.type, p.code)} ${arrow}` };
    case "udp":
      if (p.payload.kind === "vxlan") {
        const inner = summarizeFrame(p.payload.inner);
        return {
          ...base,
          protocol: "VXLAN",
          sport: p.srcPort,
          dport: p.dstPort,
          text: `VXLAN VNI ${p.payload.vni} ${arrow} [${inner.text}]`,
          inner,
        };
      }
      return {
        ...base,
        protocol: "UDP",
        sport: p.srcPort,
        dport: p.dstPort,
        text: `UDP ${base.src}:${p.srcPort} → ${base.dst}:${p.dstPort}`,
      };
    case "tcp": {
      const f = p.flags;
      const flags = [
        f & 2 ? "SYN" : "",
        f & 1 ? "FIN" : "",
        f & 4 ? "RST" : "",
        f & 8 ? "PSH" : "",
        f & 16 ? "ACK" : "",
      ]
        .filter(Boolean)
        .join(",");
      return {
        ...base,
        protocol: "TCP",
        sport: p.srcPort,
        dport: p.dstPort,
        text: `TCP [${flags}] ${base.src}:${p.srcPort} → ${base.dst}:${p.dstPort}`,
      };
    }
    default:
      return {
        ...base,
        protocol: ip.protocol === 2 ? "IGMP" : "IPv4",
        text: `${ip.protocol === 2 ? "IGMP" : ip.mf || ip.fragOffset ? "IPv4 fragment" : `IPv4 proto ${ip.protocol}`} ${arrow}`,
      };
  }
}

function ipLength(ip: Ipv4Packet): number {
  try {
    return emitIpv4(ip).length;
  } catch {
    return 0;
  }
}

export function summarizeFrame(f: EthernetFrame): PacketSummary {
  const p = f.payload;
  let s: PacketSummary;
  switch (p.kind) {
    case "arp":
      s = {
        protocol: "ARP",
        text:
          p.op === 1
            ? `ARP who-has ${ip4Str(p.tpa)} tell ${ip4Str(p.spa)}`
            : `ARP ${ip4Str(p.spa)} is-at ${p.sha}`,
        src: ip4Str(p.spa),
        dst: ip4Str(p.tpa),
        length: 42,
      };
      break;
    case "ipv4":
      s = summarizeIp(p);
      s = { ...s, length: s.length + 14 };
      break;
    case "ipv6":
      s = { protocol: "IPv6", text: "IPv6", length: 0 };
      break;
    default:
      s = {
        protocol: f.ethertype <= 1500 ? "STP" : "other",
        text: f.ethertype <= 1500 ? "STP BPDU" : `ethertype 0x${f.ethertype.toString(16)}`,
        length: 0,
      };
  }
  return { ...s, ethSrc: f.src, ethDst: f.dst };
}

function label(ev: TraceEvent): string {
  switch (ev.kind) {
    case TraceKind.send:
      return "send";
    case TraceKind.xmit:
      return "xmit";
    case TraceKind.recv:
      return "recv";
    case TraceKind.bridge: {
      const b = ev.bridge;
      if (!b) return "bridge";
      return b.action === "forward"
        ? `bridge forward → ${b.port}`
        : b.action === "flood"
          ? "bridge flood"
          : b.action === "local"
            ? "bridge deliver up"
            : "bridge link-local";
    }
    case TraceKind.route:
      return ev.route ? `route ${ev.route.dir} ${ev.route.result}` : "route";
    case TraceKind.neigh:
      return ev.neigh ? `neighbour ${ev.neigh.action}` : "neighbour";
    case TraceKind.netfilter:
      return `${ev.hook ?? "netfilter"} ${ev.verdict ?? ""}`.trim();
    case TraceKind.nat:
      return `${ev.hook ?? ""} NAT`.trim();
    case TraceKind.forward:
      return "forward";
    case TraceKind.encap:
      return "vxlan encap";
    case TraceKind.decap:
      return "vxlan decap";
    case TraceKind.icmpError:
      return "icmp error";
    case TraceKind.deliver:
      return "deliver";
    case TraceKind.drop:
      return ev.hook && ev.verdict ? `${ev.hook} ${ev.verdict}` : "drop";
  }
}

/** The one-sentence reason of a drop, as the journey tells it. */
function dropSentence(ev: TraceEvent, prev: TraceEvent[]): string {
  const reason = ev.reason ?? "dropped";
  if (!ev.hook || !ev.verdict) return reason;
  const where = `${ev.machine}${ev.netns !== "root" ? ` (netns ${ev.netns})` : ""}`;
  const verb = ev.verdict === "REJECT" ? "rejected" : "dropped";
  const what = ev.rule !== undefined ? `rule ${ev.rule} ${ev.verdict}` : `policy ${ev.verdict}`;
  const ruleText =
    ev.rule !== undefined
      ? (/ \((-A [^)]*)\)$/.exec(reason)?.[1] ?? /: (-A .*)$/.exec(reason)?.[1])
      : undefined;
  let s = `${verb} at ${where} ${ev.hook} (${ev.table ?? "filter"}): ${what}${ruleText ? ` (${ruleText})` : ""}`;
  // a bridged frame meets iptables only through br_netfilter
  let bridged = false;
  for (let i = prev.length - 1; i >= 0; i--) {
    const p = prev[i];
    if (p.machine !== ev.machine || p.netns !== ev.netns) break;
    if (p.kind === TraceKind.route) break;
    if (p.kind === TraceKind.bridge) {
      bridged = true;
      break;
    }
  }
  if (bridged) s += " — bridged traffic traverses iptables because bridge-nf-call-iptables=1";
  return s;
}

function toHop(ev: TraceEvent, index: number, prev: TraceEvent[]): Hop {
  const nk = netnsKeyOf(ev.machine, ev.netns);
  const hop: Hop = {
    index,
    t: ev.t,
    kind: ev.kind,
    label: label(ev),
    text: ev.text,
    machine: ev.machine,
    netns: ev.netns,
    netnsKey: nk,
    hasBytes: !!(ev.frame || ev.ip),
    hasAfter: !!ev.after,
  };
  if (ev.dev) {
    hop.dev = ev.dev;
    hop.deviceKey = `${nk}/${ev.dev}`;
  }
  if (ev.frame) hop.packet = summarizeFrame(ev.frame);
  else if (ev.ip) hop.packet = summarizeIp(ev.ip);
  if (ev.route) hop.route = ev.route;
  if (ev.bridge) hop.bridge = ev.bridge;
  if (ev.neigh) hop.neigh = ev.neigh;
  if (ev.kind === TraceKind.netfilter || (ev.kind === TraceKind.drop && ev.hook)) {
    const m = /\((-[AP] [^)]*)\)$/.exec(ev.text);
    hop.netfilter = {
      hook: ev.hook ?? "",
      table: ev.table,
      chain: ev.chain,
      rule: ev.rule,
      verdict: ev.verdict,
      policy: ev.rule === undefined && ev.table !== "conntrack",
      ct: ev.ct,
      ruleText: m?.[1],
    };
  }
  const after = ev.after && "kind" in ev.after ? ev.after : undefined;
  if (ev.kind === TraceKind.nat && ev.ip && after)
    hop.nat = { hook: ev.hook, before: endpoints(ev.ip), after: endpoints(after) };
  if (ev.kind === TraceKind.forward && ev.ip) hop.ttl = { before: ev.ip.ttl + 1, after: ev.ip.ttl };
  if (ev.kind === TraceKind.encap && after) {
    const u = after.payload;
    if (u.kind === "udp" && u.payload.kind === "vxlan")
      hop.vxlan = {
        vni: u.payload.vni,
        outerSrc: ip4Str(after.src),
        outerDst: ip4Str(after.dst),
        srcPort: u.srcPort,
        dstPort: u.dstPort,
      };
  }
  if (ev.kind === TraceKind.decap && ev.ip) {
    const u = ev.ip.payload;
    if (u.kind === "udp" && u.payload.kind === "vxlan")
      hop.vxlan = {
        vni: u.payload.vni,
        outerSrc: ip4Str(ev.ip.src),
        outerDst: ip4Str(ev.ip.dst),
        srcPort: u.srcPort,
        dstPort: u.dstPort,
      };
  }
  if (ev.kind === TraceKind.drop) hop.reason = dropSentence(ev, prev);
  return hop;
}

/** How many hops a journey's events make (see toldByNext). */
function hopsOf(evs: readonly TraceEvent[]): number {
  let n = 0;
  for (let i = 0; i < evs.length; i++) if (!toldByNext(evs, i)) n++;
  return n;
}

export function summarize(j: JourneyRecord): JourneySummary {
  const evs = j.events;
  const first = evs[0];
  const last = evs[evs.length - 1];
  const pkt = first?.frame ? summarizeFrame(first.frame) : first?.ip ? summarizeIp(first.ip) : undefined;
  let outcome: Outcome = "sent";
  let dropReason: string | undefined;
  let dropHop: number | undefined;
  for (let i = 0; i < evs.length; i++) {
    const e = evs[i];
    if (e.kind === TraceKind.drop) {
      outcome = "dropped";
      dropReason = dropSentence(e, evs.slice(0, i));
      dropHop = i;
      break;
    }
    if (e.kind === TraceKind.deliver) outcome = "delivered";
  }
  return {
    id: j.id,
    parent: j.parent,
    children: [...j.children],
    command: j.command,
    origin: j.origin,
    t0: first?.t ?? 0,
    t1: last?.t ?? 0,
    machine: first?.machine ?? "",
    netns: first?.netns ?? "",
    protocol: pkt?.protocol ?? "other",
    summary: pkt?.text ?? first?.text ?? "",
    outcome,
    dropReason,
    dropHop,
    hopCount: hopsOf(evs),
  };
}

/**
 * Whether event `i` is told again, in full, by the event after it — and so is no hop of its own:
 * the netfilter verdict DROP / REJECT that the drop right after it repeats (with the reason), the
 * nat table's binding (`NAT`) that the address rewrite right after it shows (before → after).
 * One thing the kernel did is one row of the event list.
 */
function toldByNext(evs: readonly TraceEvent[], i: number): boolean {
  const ev = evs[i];
  const next = evs[i + 1];
  if (!next || ev.kind !== TraceKind.netfilter || next.hook !== ev.hook || next.dev !== ev.dev) return false;
  if (next.kind === TraceKind.drop) return next.verdict === ev.verdict;
  return next.kind === TraceKind.nat && ev.verdict === "NAT";
}

export function toJourney(j: JourneyRecord): Journey {
  const evs = j.events;
  const hops: Hop[] = [];
  for (let i = 0; i < evs.length; i++) {
    if (toldByNext(evs, i)) continue;
    const hop = toHop(evs[i], i, evs.slice(Math.max(0, i - 12), i));
    // the drop keeps what only the verdict it repeats knew: the conntrack state, the rule's text
    if (hop.netfilter && i > 0 && toldByNext(evs, i - 1)) {
      const v = toHop(evs[i - 1], i - 1, []).netfilter;
      hop.netfilter.ct ??= v?.ct;
      hop.netfilter.ruleText ??= v?.ruleText;
    }
    hops.push(hop);
  }
  return { ...summarize(j), hops, hopCount: hops.length, truncatedHops: j.truncated };
}

function packetBytes(p: EthernetFrame | Ipv4Packet): { bytes: Uint8Array; headers: HeaderLayer } {
  if ("kind" in p && p.kind === "ipv4") {
    const bytes = captureIpBytes(p);
    return { bytes, headers: dissectIpv4(bytes) };
  }
  const bytes = captureBytes(p as EthernetFrame);
  return { bytes, headers: dissectFrame(bytes) };
}

export function hopDetail(j: JourneyRecord, index: number): HopDetail | undefined {
  const ev = j.events[index];
  if (!ev) return undefined;
  const p = ev.frame ?? ev.ip;
  if (!p) return undefined;
  const d: HopDetail = packetBytes(p);
  if (ev.after) d.after = packetBytes(ev.after);
  return d;
}
