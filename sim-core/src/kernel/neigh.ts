/**
 * The IPv4 neighbour table (net/core/neighbour.c + net/ipv4/arp.c): NUD states on the virtual
 * clock — INCOMPLETE with mcast_solicit broadcast probes one retrans_time apart, REACHABLE for a
 * randomised reachable_time after a confirmation, STALE, DELAY for delay_first_probe_time, PROBE
 * with unicast probes, FAILED — plus PERMANENT/NOARP entries, the packet queue held while an
 * entry resolves, and the error report for packets that never got an answer.
 */
import type { Ip4, Mac } from "../util/brand";
import type { Nanos, TimerHandle } from "../engine/scheduler";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import type { NetDevice } from "./device";
import { Nud } from "./types";

/** NUD_VALID: states in which the lladdr can be used. */
export const NUD_VALID = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE | Nud.PROBE | Nud.STALE | Nud.DELAY;
export const NUD_CONNECTED = Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE;
const NUD_IN_TIMER = Nud.INCOMPLETE | Nud.REACHABLE | Nud.DELAY | Nud.PROBE;

/** A packet waiting for its neighbour: sent with the resolved MAC, or reported as unreachable. */
export interface Pending {
  send(mac: Mac): void;
  fail(): void;
  bytes: number;
  /** The journey of the queued packet (its ARP request is traced as its child). */
  jid?: number;
}

export interface NeighEntry {
  ip: Ip4;
  dev: NetDevice;
  mac?: Mac;
  state: Nud;
  router: boolean;
  proxy: boolean;
  confirmed: Nanos;
  updated: Nanos;
  used: Nanos;
  probes: number;
  queue: Pending[];
  timer?: TimerHandle;
  /** Set for entries created by `ip neigh add` (affects nothing but bookkeeping). */
  byUser: boolean;
}

export interface NeighParms {
  baseReachableMs: number;
  retransMs: number;
  delayFirstProbeS: number;
  ucastSolicit: number;
  mcastSolicit: number;
  appSolicit: number;
  unresQlenBytes: number;
}

export interface NeighHost {
  now(): Nanos;
  after(delay: Nanos, fn: () => void): TimerHandle;
  parms(dev: NetDevice): NeighParms;
  /** Randomised reachable time for a device (neigh_rand_reach_time). */
  reachableTime(dev: NetDevice): Nanos;
  /** Sends an ARP request for `ip` (broadcast, or unicast to `mac`). */
  solicit(entry: NeighEntry, unicastTo?: Mac): void;
  /** A state change (rtnetlink notification; nsid/UI bookkeeping). */
  changed?(entry: NeighEntry): void;
}

/** A proxy entry (struct pneigh_entry): `ip neigh add proxy`, `arp -s … pub`; no device = any. */
export interface PneighEntry {
  ip: Ip4;
  dev?: NetDevice;
}

/** pneigh_hash: the 16 buckets proxy entries are dumped by (the key read as the CPU reads it, little-endian). */
function pneighBucket(ip: number): number {
  let h = ((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24);
  h >>>= 0;
  h ^= h >>> 16;
  h ^= h >>> 8;
  h ^= h >>> 4;
  return h & 0xf;
}

export class NeighTable {
  /** Entries in creation order (the kernel's hash order is random; `ip neigh` order is not significant). */
  readonly entries = new Map<string, NeighEntry>();
  /** phash_buckets: proxy entries in dump order (by bucket, newest first within one). */
  readonly proxies: PneighEntry[] = [];

  constructor(private readonly host: NeighHost) {}

  private key(dev: NetDevice, ip: number): string {
    return `${dev.ifindex}/${ip}`;
  }

  lookup(dev: NetDevice, ip: number): NeighEntry | undefined {
    const e = this.entries.get(this.key(dev, ip));
    return e && e.dev === dev ? e : undefined;
  }

  create(dev: NetDevice, ip: Ip4, byUser = false): NeighEntry {
    // arp_constructor: on loopback (and point-to-point) devices the key becomes INADDR_ANY
    if (dev.isLoopback()) ip = 0 as Ip4;
    // ___neigh_create: an entry that appeared under the same key meanwhile is the one returned
    const existing = this.lookup(dev, ip);
    if (existing) return existing;
    const now = this.host.now();
    const e: NeighEntry = {
      ip,
      dev,
      state: Nud.NONE,
      router: false,
      proxy: false,
      confirmed: now - 3600 * NS_PER_S,
      updated: now,
      used: now,
      probes: 0,
      queue: [],
      byUser,
    };
    this.entries.set(this.key(dev, ip), e);
    return e;
  }

  delete(e: NeighEntry): void {
    e.timer?.cancel();
    e.timer = undefined;
    for (const p of e.queue) p.fail();
    e.queue = [];
    this.entries.delete(this.key(e.dev, e.ip));
  }

  /** pneigh_lookup(creat=0): an entry for this address on this device or on any device. */
  pneighLookup(ip: number, dev: NetDevice | undefined): PneighEntry | undefined {
    return this.proxies.find((p) => p.ip === ip >>> 0 && (!p.dev || p.dev === dev));
  }

  /** pneigh_create: adds (ip, dev) unless it exists; true when it was new. */
  pneighCreate(ip: Ip4, dev: NetDevice | undefined): boolean {
    if (this.proxies.some((p) => p.ip === ip && p.dev === dev)) return false;
    const b = pneighBucket(ip);
    let i = this.proxies.findIndex((p) => pneighBucket(p.ip) >= b);
    if (i < 0) i = this.proxies.length;
    this.proxies.splice(i, 0, { ip, dev });
    return true;
  }

  /** pneigh_delete: false when there was no such entry (ENOENT). */
  pneighDelete(ip: number, dev: NetDevice | undefined): boolean {
    const i = this.proxies.findIndex((p) => p.ip === ip >>> 0 && p.dev === dev);
    if (i < 0) return false;
    this.proxies.splice(i, 1);
    return true;
  }

  /** Drops every entry of a device (neigh_ifdown / arp_ifdown), permanent ones too when it goes away. */
  flushDev(dev: NetDevice, keepPermanent: boolean): void {
    // pneigh_ifdown: the device's proxy entries go with it
    if (!keepPermanent)
      for (let i = this.proxies.length - 1; i >= 0; i--)
        if (this.proxies[i].dev === dev) this.proxies.splice(i, 1);
    for (const e of [...this.entries.values()]) {
      if (e.dev !== dev) continue;
      if (keepPermanent && e.state & (Nud.PERMANENT | Nud.NOARP)) continue;
      this.delete(e);
    }
  }

  all(): NeighEntry[] {
    return [...this.entries.values()];
  }

  /**
   * __neigh_event_send: the output path wants this neighbour. Sends at once when the entry is
   * usable (STALE moves to DELAY), otherwise queues the packet and starts resolving.
   */
  send(dev: NetDevice, ip: Ip4, pkt: Pending): void {
    let e = this.lookup(dev, ip);
    if (!e) e = this.create(dev, ip);
    const now = this.host.now();
    e.used = now;
    if (dev.noarp || dev.isLoopback()) {
      if (!(e.state & (Nud.NOARP | Nud.PERMANENT))) {
        e.state = Nud.NOARP;
        e.mac = dev.isLoopback() ? dev.mac : dev.brd === dev.mac ? dev.mac : ("00:00:00:00:00:00" as Mac);
        e.updated = now;
      }
      pkt.send(e.mac ?? dev.brd);
      return;
    }
    if (e.state & (NUD_CONNECTED | Nud.DELAY | Nud.PROBE)) {
      pkt.send(e.mac!);
      return;
    }
    if (e.state === Nud.STALE) {
      this.setState(e, Nud.DELAY);
      this.arm(e, this.host.parms(dev).delayFirstProbeS * NS_PER_S);
      pkt.send(e.mac!);
      return;
    }
    if (e.state === Nud.NONE || e.state === Nud.FAILED) {
      const p = this.host.parms(dev);
      e.probes = p.ucastSolicit;
      this.setState(e, Nud.INCOMPLETE);
      this.enqueue(e, pkt);
      this.arm(e, Math.max(p.retransMs, 10) * NS_PER_MS);
      this.probe(e);
      return;
    }
    // INCOMPLETE
    this.enqueue(e, pkt);
  }

  private enqueue(e: NeighEntry, pkt: Pending): void {
    const limit = this.host.parms(e.dev).unresQlenBytes;
    e.queue.push(pkt);
    let total = e.queue.reduce((s, p) => s + p.bytes, 0);
    while (total > limit && e.queue.length > 1) {
      const dropped = e.queue.shift()!;
      total -= dropped.bytes;
    }
  }

  /**
   * neigh_update(): from an ARP packet (`override` when the locktime has passed), or from
   * `ip neigh` (`admin`). Mirrors the kernel's rules: an unchanged address never demotes a valid
   * entry to STALE; a changed address without override only downgrades a connected entry.
   */
  update(
    e: NeighEntry,
    mac: Mac | undefined,
    state: Nud,
    opts: { override?: boolean; admin?: boolean } = {},
  ): void {
    const now = this.host.now();
    const old = e.state;
    if (!opts.admin && old & (Nud.NOARP | Nud.PERMANENT)) return;
    if (!(state & NUD_VALID)) {
      e.timer?.cancel();
      e.timer = undefined;
      if (state !== old) this.setState(e, state);
      if (state === Nud.FAILED || state === Nud.NONE) this.failQueue(e);
      return;
    }
    let lladdr = mac ?? e.mac;
    if (state & NUD_CONNECTED) e.confirmed = now;
    if (old & NUD_VALID) {
      if (lladdr !== e.mac && !opts.override && !opts.admin) {
        if (old & NUD_CONNECTED) {
          lladdr = e.mac;
          state = Nud.STALE;
        } else return;
      } else if (lladdr === e.mac && state === Nud.STALE && !opts.admin) {
        state = old;
      }
    }
    if (state !== old || lladdr !== e.mac) e.updated = now;
    if (state !== old) {
      e.timer?.cancel();
      e.timer = undefined;
      if (state & Nud.PROBE) e.probes = 0;
      if (state & NUD_IN_TIMER) this.arm(e, state & Nud.REACHABLE ? this.host.reachableTime(e.dev) : 0);
      this.setState(e, state);
    }
    if (lladdr !== e.mac) {
      e.mac = lladdr;
      if (!(state & NUD_CONNECTED))
        e.confirmed = now - 2 * this.host.parms(e.dev).baseReachableMs * NS_PER_MS;
    }
    if (state === old) return;
    if (!(old & NUD_VALID) && e.mac) {
      const q = e.queue;
      e.queue = [];
      for (const p of q) p.send(e.mac);
    }
  }

  /** neigh_confirm / dst_confirm: traffic from the neighbour proved it is there. */
  confirm(dev: NetDevice, ip: number): void {
    const e = this.lookup(dev, ip);
    if (e && e.state & (Nud.REACHABLE | Nud.DELAY | Nud.PROBE | Nud.STALE)) e.confirmed = this.host.now();
  }

  private setState(e: NeighEntry, s: Nud): void {
    if (e.state === s) return;
    e.state = s;
    e.updated = this.host.now();
    this.host.changed?.(e);
  }

  private arm(e: NeighEntry, delay: Nanos): void {
    e.timer?.cancel();
    e.timer = this.host.after(delay, () => this.timer(e));
  }

  private probe(e: NeighEntry): void {
    const p = this.host.parms(e.dev);
    const probes = e.probes;
    e.probes++;
    if (e.state === Nud.PROBE || probes - p.ucastSolicit < 0) this.host.solicit(e, e.mac);
    else this.host.solicit(e);
  }

  private maxProbes(e: NeighEntry): number {
    const p = this.host.parms(e.dev);
    return e.state === Nud.PROBE ? p.ucastSolicit : p.ucastSolicit + p.appSolicit + p.mcastSolicit;
  }

  /** neigh_timer_handler */
  private timer(e: NeighEntry): void {
    e.timer = undefined;
    if (this.lookup(e.dev, e.ip) !== e) return;
    const now = this.host.now();
    const p = this.host.parms(e.dev);
    const delayProbe = p.delayFirstProbeS * NS_PER_S;
    let next = now + p.retransMs * NS_PER_MS;
    const state = e.state;
    if (state & Nud.REACHABLE) {
      const reach = this.host.reachableTime(e.dev);
      if (now <= e.confirmed + reach) {
        next = e.confirmed + reach;
      } else if (now <= e.used + delayProbe) {
        this.setState(e, Nud.DELAY);
        next = now + delayProbe;
      } else {
        this.setState(e, Nud.STALE);
        return;
      }
    } else if (state & Nud.DELAY) {
      if (now <= e.confirmed + delayProbe) {
        this.setState(e, Nud.REACHABLE);
        next = e.confirmed + this.host.reachableTime(e.dev);
      } else {
        this.setState(e, Nud.PROBE);
        e.probes = 0;
        next = now + p.retransMs * NS_PER_MS;
      }
    }
    if (e.state & (Nud.INCOMPLETE | Nud.PROBE) && e.probes >= this.maxProbes(e)) {
      this.setState(e, Nud.FAILED);
      this.failQueue(e);
      return;
    }
    if (e.state & NUD_IN_TIMER) {
      e.timer = this.host.after(Math.max(next - now, NS_PER_MS * 10), () => this.timer(e));
    }
    if (e.state & (Nud.INCOMPLETE | Nud.PROBE)) this.probe(e);
  }

  private failQueue(e: NeighEntry): void {
    const q = e.queue;
    e.queue = [];
    for (const p of q) p.fail();
  }
}
