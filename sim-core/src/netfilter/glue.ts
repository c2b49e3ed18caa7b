/**
 * Netfilter in the simulated kernel: the glue between the packet path and the netfilter model of
 * this directory. kernel/stack.ts calls World.hooks where the kernel runs NF_HOOK — ip_rcv
 * (PRE_ROUTING), ip_local_deliver (LOCAL_IN), ip_forward (FORWARD), __ip_local_out (LOCAL_OUT),
 * ip_output (POST_ROUTING) — and the bridge calls br_netfilter's hooks (br_netfilter_hooks.c:
 * br_nf_pre_routing with in = the bridge and physin = the port, br_nf_forward_ip and
 * br_nf_post_routing with physout, ip_sabotage_in so that a bridged frame delivered up does not
 * run PRE_ROUTING twice). A verdict other than ACCEPT drops the packet with a trace event that
 * names the table, chain and rule; REJECT sends its ICMP error through icmp_send or builds the
 * TCP RST of nf_reject_ipv4.c (attached to the flow's conntrack entry as nf_ct_attach does).
 *
 * State: one Netfilter per network namespace, in the namespace's extension slot, created by the
 * first iptables/conntrack command run there — which also plugs these hooks into the world, so a
 * world where nobody ran one never pays for netfilter. One NfSkb per packet and namespace, kept
 * beside the packet's SkbMeta so conntrack, the mark, nftrace and NAT follow the packet from hook
 * to hook. Loopback keeps skb->_nfct (a looped-back packet keeps its entry); a veth or a NIC
 * scrubs it (skb_scrub_packet), so a packet entering by any other device starts afresh.
 *
 * LOG lines go to the machine's kernel ring buffer (dmesg), from every namespace: the recordings
 * are made with the oracle host's net.netfilter.nf_log_all_netns=1 (a real machine with the
 * default 0 logs from its initial namespace only).
 */
import type { Ip4 } from "../util/brand";
import { ip4Str, MAC_ZERO } from "../util/inet";
import { Prng } from "../util/prng";
import type { EthernetFrame, Ipv4Packet, TcpSegment } from "../wire/types";
import { EtherType } from "../wire/types";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import { TraceKind } from "../engine/trace";
import type { NetDevice, SkbMeta } from "../kernel/device";
import type { Netns } from "../kernel/netns";
import type { BridgeDevice } from "../kernel/bridge";
import type { OutRoute } from "../kernel/stack";
import type { PacketHooks, World } from "../kernel/world";
import { RouteType, Scope } from "../kernel/types";
import { IP } from "../kernel/mib";
import type { AddrTypeName, Hook, Netfilter, NfEnv, NfSkb, NfTraceEvent, NfVerdict } from "./types";
import { ADDR_TYPE_NAMES, CtInfo } from "./types";
import { createNetfilter } from "./tables";
import { nfHook } from "./hooks";
import { klog } from "./klog";
import { tcpResetFor } from "./reject";
import { conntrackNeeded } from "./conntrack";

const EXT = "netfilter";

/** The namespace's netfilter state, if any command created it. */
export function peekNetfilter(ns: Netns): Netfilter | undefined {
  return ns.ext.get(EXT) as Netfilter | undefined;
}

/** The namespace's netfilter state, created on first use (and the world's hooks installed). */
export function netfilterOf(ns: Netns): Netfilter {
  let nf = peekNetfilter(ns);
  if (!nf) {
    nf = createNetfilter();
    ns.ext.set(EXT, nf);
    installNetfilter(ns.world);
  }
  return nf;
}

/** Any table at all: a namespace whose rule set was never touched costs one check per hook. */
function active(nf: Netfilter | undefined): nf is Netfilter {
  if (!nf) return false;
  for (const k in nf.tables) if (nf.tables[k as keyof typeof nf.tables]) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Per-packet state

interface PacketState {
  ns: Netns;
  skb: NfSkb;
  /** br_nf_pre_routing ran on this bridge: nf_bridge info (physin) is attached */
  bridge: BridgeDevice | null;
  /** the route's next hop (MASQUERADE's inet_select_addr); null = look it up */
  nexthop: number | null;
  /** a packet netfilter itself built (REJECT's RST) with its conntrack entry attached */
  attached: boolean;
}

const packets = new WeakMap<SkbMeta, PacketState>();

function fresh(ns: Netns, ip: Ipv4Packet, inDev: string | null, outDev: string | null): PacketState {
  return { ns, skb: { ip, inDev, outDev, mark: 0 }, bridge: null, nexthop: null, attached: false };
}

function ethOf(frame: EthernetFrame | undefined): NfSkb["eth"] {
  return frame ? { dst: frame.dst, src: frame.src, ethertype: frame.ethertype } : null;
}

// ---------------------------------------------------------------------------------------------
// The kernel environment netfilter sees (one per namespace, re-aimed at each hook call)

const rngs = new WeakMap<World, Prng>();

/** xtables-monitor --trace listeners per namespace (nfnetlink_trace subscribers). */
const traceListeners = new WeakMap<Netns, Set<(lines: string[]) => void>>();

export function subscribeTrace(ns: Netns, fn: (lines: string[]) => void): () => void {
  let set = traceListeners.get(ns);
  if (!set) {
    set = new Set();
    traceListeners.set(ns, set);
  }
  set.add(fn);
  return () => set.delete(fn);
}

class KernelEnv implements NfEnv {
  trace?: (ev: NfTraceEvent) => void;
  nftrace?: (lines: string[]) => void;
  /** the packet and hook of the call in progress */
  st: PacketState | null = null;
  meta: SkbMeta | null = null;
  /** the new route when OUTPUT changed the destination (ip_route_me_harder) */
  rerouted: OutRoute | null = null;

  constructor(readonly ns: Netns) {}

  get netnsName(): string {
    return this.ns.label;
  }

  now(): number {
    return this.ns.world.sched.now / NS_PER_MS;
  }

  random(): number {
    const w = this.ns.world;
    let r = rngs.get(w);
    if (!r) {
      r = new Prng(0x6e66);
      rngs.set(w, r);
    }
    return r.u32();
  }

  /** inet_dev_addr_type: the local table's answer, as seen from `dev` when given. */
  addrType(ip: Ip4, dev: string | null): AddrTypeName {
    const fib = this.ns.fib;
    const type = fib.addrType(ip);
    if (
      dev !== null &&
      (type === RouteType.local || type === RouteType.broadcast) &&
      ip >>> 24 !== 0 &&
      ip !== 0xffffffff
    ) {
      const r = fib.existing(255)?.lookup(ip, { ignoreLinkstate: true });
      if (r && r.dev && r.dev.name !== dev) return "UNICAST";
    }
    return ADDR_TYPE_NAMES[type] ?? "UNICAST";
  }

  masqueradeSource(outDev: string, nexthop: Ip4): Ip4 | null {
    const dev = this.ns.byName(outDev);
    if (!dev) return null;
    return this.ns.selectAddr(dev, nexthop, Scope.universe) ?? null;
  }

  deviceAddress(name: string): Ip4 | null {
    const dev = this.ns.byName(name);
    const a = dev?.in4.find((x) => !x.secondary);
    return a ? a.local : null;
  }

  nexthop(skb: NfSkb): Ip4 {
    const st = this.st;
    if (st && st.nexthop !== null) return st.nexthop as Ip4;
    const r = this.ns.fib.lookup(skb.ip.dst, {});
    return (r?.gateway ?? skb.ip.dst) as Ip4;
  }

  rerouteOutput(skb: NfSkb): string | null {
    const ns = this.ns;
    const src = ns.isLocalAddress(skb.ip.src) ? skb.ip.src : undefined;
    const r = ns.stack.routeOutput(skb.ip.dst, { src });
    if (!r.ok) return null;
    this.rerouted = r.rt;
    if (this.st) this.st.nexthop = r.rt.nexthop;
    return r.rt.local ? ns.lo.name : r.rt.dev.name;
  }

  log(level: number, text: string): void {
    klog(this.ns.machine, level, text);
  }
}

const envs = new WeakMap<Netns, KernelEnv>();

/** The packet's conntrack state as `-m conntrack --ctstate` names it (for journeys). */
function ctStateName(skb: NfSkb): string | undefined {
  if (skb.untracked) return "UNTRACKED";
  const ct = skb.ct;
  if (ct === undefined) return undefined;
  if (ct === null) return "INVALID";
  const name =
    ct.info === CtInfo.NEW
      ? "NEW"
      : ct.info === CtInfo.RELATED || ct.info === CtInfo.RELATED_REPLY
        ? "RELATED"
        : "ESTABLISHED";
  return ct.dir === 1 ? `${name} (reply)` : name;
}

function envFor(ns: Netns, st: PacketState, meta: SkbMeta, dev?: NetDevice): KernelEnv {
  let env = envs.get(ns);
  if (!env) {
    env = new KernelEnv(ns);
    envs.set(ns, env);
  }
  env.st = st;
  env.meta = meta;
  env.rerouted = null;
  const sink = ns.world.trace;
  env.trace = sink
    ? (ev) =>
        sink.emit({
          t: ns.world.sched.now,
          kind: TraceKind.netfilter,
          jid: meta.jid,
          machine: ns.machine.name,
          netns: ns.label,
          dev: dev?.name,
          text:
            ev.rule === null && ev.table !== "conntrack"
              ? `${ev.hook} ${ev.table} ${ev.chain}: policy ${ev.verdict}`
              : `${ev.hook} ${ev.table} ${ev.chain}${ev.rule !== null ? ` rule ${ev.rule}` : ""}: ${ev.verdict}${ev.text ? ` (${ev.text})` : ""}`,
          hook: ev.hook,
          table: ev.table,
          chain: ev.chain,
          rule: ev.rule ?? undefined,
          verdict: ev.verdict,
          ip: st.skb.ip,
          ct: ctStateName(st.skb),
        })
    : undefined;
  const listeners = traceListeners.get(ns);
  env.nftrace = listeners && listeners.size ? (lines) => listeners.forEach((fn) => fn(lines)) : undefined;
  return env;
}

// ---------------------------------------------------------------------------------------------
// Running a hook

const COUNT = "net/netfilter/nf_conntrack_count";
const shownCount = new WeakMap<Netfilter, number>();

/** net.netfilter.nf_conntrack_count follows the table. */
export function syncConntrackCount(ns: Netns, nf: Netfilter): void {
  const n = nf.conntrack.entries.size;
  if (shownCount.get(nf) === n) return;
  shownCount.set(nf, n);
  if (ns.sysctl.has(COUNT)) ns.sysctl.setRaw(COUNT, String(n));
}

/** nf_hook_slow for one packet: true = continue the path with st.skb.ip. */
function run(nf: Netfilter, hook: Hook, st: PacketState, meta: SkbMeta, dev: NetDevice | undefined): boolean {
  const ns = st.ns;
  const env = envFor(ns, st, meta, dev);
  const before = st.skb.ip;
  const v = nfHook(nf, hook, st.skb, env);
  env.st = null;
  syncConntrackCount(ns, nf);
  if (v.verdict === "accept") {
    const after = st.skb.ip;
    if (after !== before && ns.world.trace) natEvent(ns, meta, hook, before, after, dev);
    return true;
  }
  const where = v.where;
  const extra = {
    ip: st.skb.ip,
    hook,
    table: where?.table,
    chain: where?.chain,
    rule: where?.rule ?? undefined,
    verdict: v.verdict === "reject" ? "REJECT" : "DROP",
  };
  if (v.verdict === "drop") {
    ns.stack.drop(meta, dev, `netfilter ${hook}: ${v.reason}`, extra);
    return false;
  }
  const w = v.where;
  ns.stack.drop(
    meta,
    dev,
    `netfilter ${hook}: rejected by rule ${w.rule} of chain ${w.chain} (table ${w.table}): ${w.text}`,
    extra,
  );
  sendReject(st, v, meta);
  return false;
}

function natEvent(
  ns: Netns,
  meta: SkbMeta,
  hook: Hook,
  before: Ipv4Packet,
  after: Ipv4Packet,
  dev: NetDevice | undefined,
): void {
  const parts: string[] = [];
  const port = (ip: Ipv4Packet, src: boolean) => {
    const p = ip.payload;
    return p.kind === "tcp" || p.kind === "udp" ? `:${src ? p.srcPort : p.dstPort}` : "";
  };
  const s0 = ip4Str(before.src) + port(before, true);
  const s1 = ip4Str(after.src) + port(after, true);
  const d0 = ip4Str(before.dst) + port(before, false);
  const d1 = ip4Str(after.dst) + port(after, false);
  if (s0 !== s1) parts.push(`source ${s0} → ${s1}`);
  if (d0 !== d1) parts.push(`destination ${d0} → ${d1}`);
  ns.world.trace?.emit({
    t: ns.world.sched.now,
    kind: TraceKind.nat,
    jid: meta.jid,
    machine: ns.machine.name,
    netns: ns.label,
    dev: dev?.name,
    text: `${hook} NAT: ${parts.join(", ") || "rewritten"}`,
    hook,
    ip: before,
    after,
  });
}

// ---------------------------------------------------------------------------------------------
// REJECT (net/ipv4/netfilter/nf_reject_ipv4.c)

function sendReject(st: PacketState, v: Extract<NfVerdict, { verdict: "reject" }>, meta: SkbMeta): void {
  const ns = st.ns;
  const skb = st.skb;
  if (v.tcpReset) {
    sendReset(st, meta);
    return;
  }
  if (!v.icmp) return;
  // nf_send_unreach: icmp_send(skb_in, ICMP_DEST_UNREACH, code, 0), never for a later fragment
  if (skb.ip.fragOffset) return;
  const inDev = skb.inDev ? ns.byName(skb.inDev) : undefined;
  ns.stack.icmpSend(skb.ip, v.icmp.type, v.icmp.code, 0, inDev, meta);
}

/** nf_send_reset: a RST for the offending segment, from its destination, with the flow's entry. */
function sendReset(st: PacketState, meta: SkbMeta): void {
  const ns = st.ns;
  const old = st.skb.ip;
  if (old.mf) return;
  const rst = tcpResetFor(old, ns.sysctl.int("net/ipv4/ip_default_ttl", 64));
  if (!rst) return;
  const seg = rst.payload as TcpSegment;
  // ip_route_me_harder with FLOWI_FLAG_ANYSRC: the route back to the sender
  const r = ns.stack.routeOutput(old.src);
  if (!r.ok) return;
  const m2: SkbMeta = { jid: ns.world.newJid(), mark: 0 };
  const ct = st.skb.ct;
  const state = fresh(ns, rst, null, r.rt.dev.name);
  state.attached = true;
  if (ct) {
    // nf_ct_attach: the RST travels in the other direction of the offending packet's flow
    state.skb.ct = {
      conn: ct.conn,
      dir: ct.dir === 0 ? 1 : 0,
      info: ct.dir === 0 ? CtInfo.RELATED_REPLY : CtInfo.RELATED,
      unconfirmed: false,
    };
  }
  packets.set(m2, state);
  const sink = ns.world.trace;
  sink?.emit({
    t: ns.world.sched.now,
    kind: TraceKind.send,
    jid: m2.jid,
    parent: meta.jid,
    machine: ns.machine.name,
    netns: ns.label,
    text: `REJECT: TCP RST ${ip4Str(rst.src)}:${seg.srcPort} → ${ip4Str(rst.dst)}:${seg.dstPort}`,
    ip: rst,
  });
  ns.stack.sendLocal(rst, r.rt, m2);
}

// ---------------------------------------------------------------------------------------------
// nf_defrag_ipv4: with conntrack in use, fragments are reassembled before PREROUTING

const ctActiveCache = new WeakMap<Netfilter, { gen: number; active: boolean }>();

function conntrackActive(nf: Netfilter): boolean {
  let c = ctActiveCache.get(nf);
  if (!c || c.gen !== nf.generation) {
    c = { gen: nf.generation, active: conntrackNeeded(nf) };
    ctActiveCache.set(nf, c);
  }
  return c.active;
}

interface FragQueue {
  frags: Ipv4Packet[];
  expires: number;
}

const fragQueues = new WeakMap<Netns, Map<string, FragQueue>>();

/** ip_defrag(IP_DEFRAG_CONNTRACK_IN): the whole datagram once its last fragment is in, else null. */
function defrag(ns: Netns, ip: Ipv4Packet, meta: SkbMeta): Ipv4Packet | null {
  const now = ns.world.sched.now;
  let queues = fragQueues.get(ns);
  if (!queues) {
    queues = new Map();
    fragQueues.set(ns, queues);
  }
  for (const [k, q] of queues) if (q.expires <= now) queues.delete(k);
  const key = `${ip.src}/${ip.dst}/${ip.id}/${ip.protocol}`;
  let q = queues.get(key);
  if (!q) {
    q = { frags: [], expires: now + ns.sysctl.int("net/ipv4/ipfrag_time", 30) * NS_PER_S };
    queues.set(key, q);
  }
  q.frags.push(ip);
  ns.mib.ip[IP.ReasmReqds]++;
  const whole = ns.world.codec.reassemble(q.frags);
  if (!whole) {
    ns.world.trace?.emit({
      t: now,
      kind: TraceKind.netfilter,
      jid: meta.jid,
      machine: ns.machine.name,
      netns: ns.label,
      text: `PREROUTING defrag: fragment at offset ${ip.fragOffset} queued for reassembly`,
      hook: "PREROUTING",
      ip,
    });
    return null;
  }
  queues.delete(key);
  ns.mib.ip[IP.ReasmOKs]++;
  return whole;
}

// ---------------------------------------------------------------------------------------------
// The hooks

function bridgeCallsIptables(ns: Netns, br: BridgeDevice): boolean {
  return ns.sysctl.int("net/bridge/bridge-nf-call-iptables") !== 0 || br.nfCallIptables !== 0;
}

const hooks: PacketHooks = {
  prerouting(ns, ip, inDev, meta, frame) {
    const nf = peekNetfilter(ns);
    if (!active(nf)) return ip;
    const prev = packets.get(meta);
    if (prev && prev.ns === ns && prev.bridge === inDev) {
      // ip_sabotage_in: br_nf_pre_routing already ran PRE_ROUTING for this frame
      prev.bridge = null;
      prev.skb.ip = ip;
      return ip;
    }
    if ((ip.mf || ip.fragOffset) && conntrackActive(nf)) {
      // nf_defrag_ipv4 (priority -400): conntrack sees whole datagrams; the output fragments again
      const whole = defrag(ns, ip, meta);
      if (!whole) return undefined;
      ip = whole;
    }
    const st = fresh(ns, ip, inDev.name, null);
    st.skb.eth = ethOf(frame);
    if (prev && prev.ns === ns && inDev.isLoopback()) {
      // loopback_xmit keeps the conntrack entry, the mark and nftrace
      st.skb.ct = prev.skb.ct;
      st.skb.mark = prev.skb.mark;
      st.skb.nftrace = prev.skb.nftrace;
      st.skb.traceId = prev.skb.traceId;
      st.skb.untracked = prev.skb.untracked;
    }
    packets.set(meta, st);
    return run(nf, "PREROUTING", st, meta, inDev) ? st.skb.ip : undefined;
  },

  input(ns, ip, inDev, meta) {
    const nf = peekNetfilter(ns);
    if (!active(nf)) return ip;
    let st = packets.get(meta);
    if (!st || st.ns !== ns) {
      st = fresh(ns, ip, inDev.name, null);
      packets.set(meta, st);
    }
    st.skb.ip = ip;
    st.skb.inDev = inDev.name;
    st.skb.outDev = null;
    return run(nf, "INPUT", st, meta, inDev) ? st.skb.ip : undefined;
  },

  forward(ns, ip, inDev, outDev, meta) {
    const nf = peekNetfilter(ns);
    if (!active(nf)) return ip;
    let st = packets.get(meta);
    if (!st || st.ns !== ns) {
      st = fresh(ns, ip, inDev.name, null);
      packets.set(meta, st);
    }
    st.skb.ip = ip;
    st.skb.inDev = inDev.name;
    st.skb.outDev = outDev.name;
    st.nexthop = null;
    return run(nf, "FORWARD", st, meta, inDev) ? st.skb.ip : undefined;
  },

  output(ns, ip, rt, meta) {
    const nf = peekNetfilter(ns);
    if (!active(nf)) return { ip, rt };
    const outName = rt.local ? ns.lo.name : rt.dev.name;
    let st = packets.get(meta);
    if (st && st.ns === ns && st.attached) {
      st.attached = false;
      st.skb.ip = ip;
      st.skb.outDev = outName;
    } else {
      st = fresh(ns, ip, null, outName);
      packets.set(meta, st);
    }
    st.nexthop = rt.nexthop;
    if (!run(nf, "OUTPUT", st, meta, rt.dev)) return undefined;
    // ip_route_me_harder: OUTPUT changed the destination or the mark
    const env = envs.get(ns);
    const nrt = env?.rerouted ?? rt;
    if (env) env.rerouted = null;
    return { ip: st.skb.ip, rt: nrt };
  },

  postrouting(ns, ip, outDev, meta) {
    const nf = peekNetfilter(ns);
    if (!active(nf)) return ip;
    let st = packets.get(meta);
    if (!st || st.ns !== ns) {
      st = fresh(ns, ip, null, outDev.name);
      packets.set(meta, st);
    }
    st.skb.ip = ip;
    st.skb.outDev = outDev.name;
    return run(nf, "POSTROUTING", st, meta, outDev) ? st.skb.ip : undefined;
  },

  bridgePrerouting(ns, port, frame, meta) {
    const ip = frame.payload;
    if (frame.ethertype !== EtherType.IPv4 || ip.kind !== "ipv4") return frame;
    const br = port.br;
    if (!bridgeCallsIptables(ns, br)) return frame;
    const nf = peekNetfilter(ns);
    if (!active(nf)) return frame;
    const st = fresh(ns, ip, br.name, null);
    st.skb.physIn = port.dev.name;
    st.skb.bridged = true;
    st.skb.eth = ethOf(frame);
    st.bridge = br;
    packets.set(meta, st);
    if (!run(nf, "PREROUTING", st, meta, port.dev)) return undefined;
    const out = st.skb.ip;
    if (out === ip) return frame;
    let dst = frame.dst;
    if (out.dst !== ip.dst) {
      // br_nf_pre_routing_finish: a DNAT whose route leaves by this bridge stays bridged, to the
      // new destination's MAC (bridged_dnat, through the neighbour entry); any other is routed
      // by the host, as a frame for the bridge's own MAC
      const r = ns.fib.lookup(out.dst, {});
      const n =
        r && r.type === RouteType.unicast && r.dev === br
          ? ns.neigh.lookup(br, r.gateway ?? out.dst)
          : undefined;
      dst = n && n.mac && n.mac !== MAC_ZERO ? n.mac : br.mac;
    }
    return { ...frame, dst, payload: out };
  },

  bridgeForward(ns, port, frame, meta) {
    const st = packets.get(meta);
    if (!st || st.ns !== ns || st.bridge !== port.br || frame.payload.kind !== "ipv4") return frame;
    const nf = peekNetfilter(ns);
    if (!active(nf)) return frame;
    // nf_bridge_unshare: every port a frame is flooded to gets its own copy
    const copy: PacketState = {
      ns,
      skb: { ...st.skb, ip: frame.payload, outDev: port.br.name, physOut: port.dev.name },
      bridge: null,
      nexthop: null,
      attached: false,
    };
    if (!run(nf, "FORWARD", copy, meta, port.dev)) return undefined;
    if (!run(nf, "POSTROUTING", copy, meta, port.dev)) return undefined;
    return copy.skb.ip === frame.payload ? frame : { ...frame, payload: copy.skb.ip };
  },
};

/** Plug netfilter into a world's packet path (idempotent). */
export function installNetfilter(world: World): void {
  if (world.hooks === hooks) return;
  world.hooks = hooks;
}
