/**
 * The API server's store, as kubectl sees it: objects (plain JSON, as the apiserver serves
 * them) by kind, namespace and name, with uids, resourceVersions and creation timestamps from
 * the virtual clock, and the events kubelet and the scheduler record (for `kubectl describe`).
 */
import type { World } from "../kernel/world";
import { NS_PER_S, type Nanos } from "../engine/scheduler";
import { WALL_EPOCH_S } from "../sockets/clock";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export interface KEvent {
  namespace: string;
  /** "Pod/name" or "Node/name" */
  involved: string;
  type: "Normal" | "Warning";
  reason: string;
  from: string;
  message: string;
  first: Nanos;
  last: Nanos;
  count: number;
}

/** RFC 3339 with seconds, as metav1.Time marshals. */
export function timestamp(t: Nanos): string {
  return new Date((WALL_EPOCH_S + Math.floor(t / NS_PER_S)) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function parseTimestamp(s: string): Nanos {
  return (Date.parse(s) / 1000 - WALL_EPOCH_S) * NS_PER_S;
}

export class ApiServer {
  /** kind → "ns/name" → object, in creation order. */
  private readonly store = new Map<string, Map<string, Obj>>();
  private rv = 1000;

  /** The last resourceVersion handed out (watches compare it). */
  get version(): number {
    return this.rv;
  }
  readonly events: KEvent[] = [];
  /** The last event of each (object, reason, message): repeats only count up. */
  private readonly lastEvent = new Map<string, KEvent>();
  /** Events by involved object, in order. */
  readonly eventsOf = new Map<string, KEvent[]>();
  /** Called when an object is added, changed or deleted (the controllers' watches). */
  readonly watchers: ((kind: string, obj: Obj, what: "added" | "modified" | "deleted") => void)[] = [];

  constructor(readonly world: World) {}

  now(): Nanos {
    return this.world.sched.now;
  }

  uid(): string {
    const rng = this.world.rng;
    const h = (n: number) => {
      let s = "";
      while (s.length < n) s += rng.u32().toString(16).padStart(8, "0");
      return s.slice(0, n);
    };
    const y = "89ab"[rng.below(4)];
    return `${h(8)}-${h(4)}-4${h(3)}-${y}${h(3)}-${h(12)}`;
  }

  private key(ns: string | undefined, name: string): string {
    return `${ns ?? ""}/${name}`;
  }

  private bucket(kind: string): Map<string, Obj> {
    let b = this.store.get(kind);
    if (!b) {
      b = new Map();
      this.store.set(kind, b);
    }
    return b;
  }

  create(kind: string, obj: Obj): Obj {
    const md = (obj.metadata ??= {});
    md.uid ??= this.uid();
    md.creationTimestamp ??= timestamp(this.now());
    md.resourceVersion = String(++this.rv);
    this.bucket(kind).set(this.key(md.namespace, md.name), obj);
    for (const w of this.watchers) w(kind, obj, "added");
    return obj;
  }

  get(kind: string, ns: string | undefined, name: string): Obj | undefined {
    return this.store.get(kind)?.get(this.key(ns, name));
  }

  list(kind: string, ns?: string): Obj[] {
    const all = [...(this.store.get(kind)?.values() ?? [])];
    return ns === undefined ? all : all.filter((o) => o.metadata.namespace === ns);
  }

  touch(kind: string, obj: Obj): void {
    obj.metadata.resourceVersion = String(++this.rv);
    for (const w of this.watchers) w(kind, obj, "modified");
  }

  delete(kind: string, obj: Obj): void {
    this.store.get(kind)?.delete(this.key(obj.metadata.namespace, obj.metadata.name));
    for (const w of this.watchers) w(kind, obj, "deleted");
  }

  event(
    namespace: string,
    involved: string,
    type: KEvent["type"],
    reason: string,
    from: string,
    message: string,
  ): void {
    const now = this.now();
    const k = `${namespace}\0${involved}\0${reason}\0${message}`;
    const last = this.lastEvent.get(k);
    if (last) {
      last.count++;
      last.last = now;
      return;
    }
    const e: KEvent = { namespace, involved, type, reason, from, message, first: now, last: now, count: 1 };
    this.events.push(e);
    this.lastEvent.set(k, e);
    const io = `${namespace}/${involved}`;
    const l = this.eventsOf.get(io);
    if (l) l.push(e);
    else this.eventsOf.set(io, [e]);
  }
}
