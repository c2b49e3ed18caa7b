/**
 * Test support: packets and a fake kernel environment for driving nfHook the way the kernel's
 * packet path does (PREROUTING → FORWARD → POSTROUTING, OUTPUT → POSTROUTING, PREROUTING → INPUT).
 */
import type { Ip4, Mac } from "../../util/brand";
import type { Ipv4Packet } from "../../wire/types";
import type { AddrTypeName, Hook, Netfilter, NfEnv, NfSkb, NfTraceEvent, NfVerdict } from "../types";
import { nfHook } from "../hooks";
import { parseDottedQuad } from "../util";

export const ip4 = (s: string): Ip4 => parseDottedQuad(s)! as Ip4;

export function icmpEcho(
  src: string,
  dst: string,
  opts: { id?: number; seq?: number; reply?: boolean; ttl?: number; ipId?: number } = {},
): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0,
    id: opts.ipId ?? 1,
    df: !opts.reply,
    mf: false,
    fragOffset: 0,
    ttl: opts.ttl ?? 64,
    protocol: 1,
    src: ip4(src),
    dst: ip4(dst),
    payload: {
      kind: "icmp",
      type: opts.reply ? 0 : 8,
      code: 0,
      rest: (((opts.id ?? 7) & 0xffff) << 16) | ((opts.seq ?? 1) & 0xffff),
      data: new Uint8Array(56),
    },
  };
}

/** The options Linux puts on a SYN (MSS, SACK permitted, timestamps, NOP, window scale: 20 bytes). */
export const SYN_OPTIONS = [
  { kind: "mss", value: 1460 },
  { kind: "sackPermitted" },
  { kind: "timestamps", tsval: 1, tsecr: 0 },
  { kind: "nop" },
  { kind: "windowScale", shift: 7 },
] as const;

export function tcp(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  flags: number,
  opts: { seq?: number; ack?: number; data?: number; ttl?: number; synOptions?: boolean } = {},
): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0,
    id: 1,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: opts.ttl ?? 64,
    protocol: 6,
    src: ip4(src),
    dst: ip4(dst),
    payload: {
      kind: "tcp",
      srcPort: sport,
      dstPort: dport,
      seq: opts.seq ?? 1000,
      ack: opts.ack ?? 0,
      flags,
      window: 64240,
      urgent: 0,
      options: opts.synOptions ? SYN_OPTIONS.map((o) => ({ ...o })) : [],
      payload: new Uint8Array(opts.data ?? 0),
    },
  };
}

export function udp(src: string, sport: number, dst: string, dport: number, len = 10): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0,
    id: 1,
    df: false,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: 17,
    src: ip4(src),
    dst: ip4(dst),
    payload: {
      kind: "udp",
      srcPort: sport,
      dstPort: dport,
      payload: { kind: "raw", bytes: new Uint8Array(len) },
    },
  };
}

/** The bytes an ICMP error quotes: the IPv4 header and 8 bytes of L4. */
export function quote(ip: Ipv4Packet): Uint8Array {
  const b = new Uint8Array(28);
  b[0] = 0x45;
  b[1] = ip.tos;
  const len =
    20 + (ip.payload.kind === "icmp" ? 8 + ip.payload.data.length : ip.payload.kind === "tcp" ? 20 : 18);
  b[2] = len >> 8;
  b[3] = len & 255;
  b[4] = ip.id >> 8;
  b[5] = ip.id & 255;
  b[6] = ip.df ? 0x40 : 0;
  b[8] = ip.ttl;
  b[9] = ip.protocol;
  for (let i = 0; i < 4; i++) {
    b[12 + i] = (ip.src >>> (24 - 8 * i)) & 255;
    b[16 + i] = (ip.dst >>> (24 - 8 * i)) & 255;
  }
  const p = ip.payload;
  if (p.kind === "tcp" || p.kind === "udp") {
    b[20] = p.srcPort >> 8;
    b[21] = p.srcPort & 255;
    b[22] = p.dstPort >> 8;
    b[23] = p.dstPort & 255;
  } else if (p.kind === "icmp") {
    b[20] = p.type;
    b[21] = p.code;
    b[24] = (p.rest >>> 24) & 255;
    b[25] = (p.rest >>> 16) & 255;
    b[26] = (p.rest >>> 8) & 255;
    b[27] = p.rest & 255;
  }
  return b;
}

export function icmpError(
  src: string,
  dst: string,
  type: number,
  code: number,
  about: Ipv4Packet,
): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0xc0,
    id: 9,
    df: false,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: 1,
    src: ip4(src),
    dst: ip4(dst),
    payload: { kind: "icmp", type, code, rest: 0, data: quote(about) },
  };
}

export interface FakeKernel {
  env: NfEnv;
  logs: Array<{ level: number; text: string }>;
  traces: NfTraceEvent[];
  nftrace: string[];
  advance(ms: number): void;
}

/** A kernel with fixed local addresses per device. */
export function fakeKernel(local: Record<string, string[]>): FakeKernel {
  let now = 1000;
  let seed = 12345;
  const logs: FakeKernel["logs"] = [];
  const traces: NfTraceEvent[] = [];
  const nftrace: string[] = [];
  const locals = new Map<number, string>();
  for (const [dev, addrs] of Object.entries(local)) for (const a of addrs) locals.set(ip4(a), dev);
  const env: NfEnv = {
    now: () => now,
    random: () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    },
    addrType: (ip): AddrTypeName => {
      if (locals.has(ip) || ip >>> 24 === 127) return "LOCAL";
      if (ip >>> 28 === 14) return "MULTICAST";
      if (ip === 0xffffffff) return "BROADCAST";
      return "UNICAST";
    },
    masqueradeSource: (dev) => {
      const a = local[dev]?.[0];
      return a ? ip4(a) : null;
    },
    deviceAddress: (dev) => {
      const a = local[dev]?.[0];
      return a ? ip4(a) : null;
    },
    log: (level, text) => logs.push({ level, text }),
    trace: (ev) => traces.push(ev),
    nftrace: (lines) => nftrace.push(...lines),
  };
  return { env, logs, traces, nftrace, advance: (ms) => (now += ms) };
}

export function skbOf(
  ip: Ipv4Packet,
  inDev: string | null,
  outDev: string | null,
  extra: Partial<NfSkb> = {},
): NfSkb {
  return {
    ip,
    inDev,
    outDev,
    mark: 0,
    eth: inDev
      ? { dst: "02:00:00:00:01:01" as Mac, src: "02:00:00:00:01:02" as Mac, ethertype: 0x0800 }
      : null,
    ...extra,
  };
}

/** A routed packet: PREROUTING, FORWARD, POSTROUTING (TTL decremented before FORWARD). */
export function forward(
  nf: Netfilter,
  k: FakeKernel,
  ip: Ipv4Packet,
  inDev: string,
  outDev: string,
): { verdict: NfVerdict; hook: Hook; skb: NfSkb } {
  const skb = skbOf(ip, inDev, null);
  let v = nfHook(nf, "PREROUTING", skb, k.env);
  if (v.verdict !== "accept") return { verdict: v, hook: "PREROUTING", skb };
  skb.ip = { ...skb.ip, ttl: skb.ip.ttl - 1, checksum: undefined };
  skb.outDev = outDev;
  v = nfHook(nf, "FORWARD", skb, k.env);
  if (v.verdict !== "accept") return { verdict: v, hook: "FORWARD", skb };
  v = nfHook(nf, "POSTROUTING", skb, k.env);
  return { verdict: v, hook: "POSTROUTING", skb };
}

/** A packet for this host: PREROUTING, INPUT. */
export function deliver(
  nf: Netfilter,
  k: FakeKernel,
  ip: Ipv4Packet,
  inDev: string,
): { verdict: NfVerdict; skb: NfSkb } {
  const skb = skbOf(ip, inDev, null);
  let v = nfHook(nf, "PREROUTING", skb, k.env);
  if (v.verdict !== "accept") return { verdict: v, skb };
  v = nfHook(nf, "INPUT", skb, k.env);
  return { verdict: v, skb };
}

/** A locally generated packet: OUTPUT, POSTROUTING. */
export function send(
  nf: Netfilter,
  k: FakeKernel,
  ip: Ipv4Packet,
  outDev: string,
): { verdict: NfVerdict; skb: NfSkb } {
  const skb = skbOf(ip, null, outDev);
  let v = nfHook(nf, "OUTPUT", skb, k.env);
  if (v.verdict !== "accept") return { verdict: v, skb };
  v = nfHook(nf, "POSTROUTING", skb, k.env);
  return { verdict: v, skb };
}
