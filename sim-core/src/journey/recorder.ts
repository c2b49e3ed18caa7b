/**
 * Journeys: every packet the kernel moves, as the ordered list of its hops, built from the trace
 * events (engine/trace.ts) that share its journey id. A packet a command sends (ping's echo
 * request, curl's SYN, nc's datagram) starts a journey linked to that command; the packets it
 * causes (the ARP request it waits for, the reply, an ICMP error, a TCP RST) get journeys of their
 * own with it as parent, and inherit the command. Packets the kernel sends by itself (IPv6
 * autoconfiguration, IGMP, STP, ARP probes of stale entries) have no command.
 *
 * The recorder keeps the raw events (packet objects are immutable, so a reference is enough) and
 * turns them into plain data only when asked (journey.ts). It keeps at most `maxJourneys`
 * journeys, `maxHops` hops per journey and `maxEvents` hops in all (about 0.6 kB each with the
 * packets they hold, measured by `npm run bench:journeys`: 50,000 hops ≈ 30 MB), dropping the
 * oldest journeys: a `ping -f` cannot fill the memory.
 */
import type { TraceEvent, TraceSink } from "../engine/trace";
import { TraceKind } from "../engine/trace";
import { IpProto } from "../wire/types";

/** The command a journey belongs to. */
export interface CommandRef {
  /** Increasing per Session: the n-th command run. */
  id: number;
  machine: string;
  line: string;
}

export interface JourneyRecord {
  id: number;
  parent?: number;
  children: number[];
  command?: CommandRef;
  /** Packets the kernel sends on its own (IPv6 ND/MLD, IGMP, STP) or on behalf of a socket. */
  origin: "command" | "kernel";
  events: TraceEvent[];
  /**
   * The order in which the events were emitted, across all journeys (parallel to `events`): at
   * the same virtual time, an ARP reply received and the packet it releases keep their order.
   */
  order: number[];
  /** Hops dropped because the journey was too long. */
  truncated: number;
}

export interface RecorderOptions {
  maxJourneys?: number;
  maxHops?: number;
  /** Hops kept in all journeys together (default 50000). */
  maxEvents?: number;
  /** Also record journeys of packets the kernel sends by itself (default true). */
  kernelJourneys?: boolean;
}

export class JourneyRecorder implements TraceSink {
  readonly journeys = new Map<number, JourneyRecord>();
  /** The command running now (set by the Session). */
  current?: CommandRef;
  /** Another sink that also gets every event (`--trace`, a test). */
  next?: TraceSink;
  readonly maxJourneys: number;
  readonly maxHops: number;
  readonly maxEvents: number;
  readonly kernelJourneys: boolean;
  private seq = 0;
  /** Hops held now, in all journeys. */
  private held = 0;
  /**
   * Journey ids, oldest first, from `head` on (some already forgotten): the next to forget is
   * found without walking the map from its start, where a long flood leaves deleted slots.
   */
  private fifo: number[] = [];
  private head = 0;

  constructor(opts: RecorderOptions = {}) {
    this.maxJourneys = opts.maxJourneys ?? 5000;
    this.maxHops = opts.maxHops ?? 400;
    this.maxEvents = opts.maxEvents ?? 50_000;
    this.kernelJourneys = opts.kernelJourneys ?? true;
  }

  emit(ev: TraceEvent): void {
    this.next?.emit(ev);
    let j = this.journeys.get(ev.jid);
    if (!j) {
      const parent = ev.parent !== undefined ? this.journeys.get(ev.parent) : undefined;
      const bySocket = ev.parent === undefined && socketOriginated(ev);
      const command = parent ? parent.command : bySocket ? this.current : undefined;
      if (!command && !this.kernelJourneys) return;
      j = {
        id: ev.jid,
        parent: ev.parent,
        children: [],
        command,
        origin: command ? "command" : "kernel",
        events: [],
        order: [],
        truncated: 0,
      };
      this.journeys.set(ev.jid, j);
      this.fifo.push(ev.jid);
      parent?.children.push(ev.jid);
      if (this.journeys.size > this.maxJourneys) this.dropOldest(j);
    }
    if (j.events.length >= this.maxHops) {
      j.truncated++;
      return;
    }
    j.events.push(ev);
    j.order.push(this.seq++);
    this.held++;
    while (this.held > this.maxEvents && this.dropOldest(j));
  }

  /** Hops held now, in all journeys. */
  get size(): number {
    return this.held;
  }

  /** Forgets the oldest journey but `keep` (the one being recorded); false when there is none. */
  private dropOldest(keep: JourneyRecord): boolean {
    for (let i = this.head; i < this.fifo.length; i++) {
      const old = this.journeys.get(this.fifo[i]);
      if (!old) {
        if (i === this.head) this.head++;
        continue;
      }
      if (old === keep) continue;
      this.journeys.delete(old.id);
      this.held -= old.events.length;
      if (i === this.head) this.head++;
      if (this.head > 4096 && this.head * 2 > this.fifo.length) {
        this.fifo = this.fifo.slice(this.head);
        this.head = 0;
      }
      return true;
    }
    return false;
  }

  get(id: number): JourneyRecord | undefined {
    return this.journeys.get(id);
  }

  clear(): void {
    this.journeys.clear();
    this.held = 0;
    this.fifo = [];
    this.head = 0;
  }
}

/** A journey a program started through a socket (ping, curl, nc, a server's reply segment). */
function socketOriginated(ev: TraceEvent): boolean {
  if (ev.kind !== TraceKind.send) return false;
  const ip = ev.ip;
  if (!ip) return false;
  return ip.protocol === IpProto.ICMP || ip.protocol === IpProto.UDP || ip.protocol === IpProto.TCP;
}
