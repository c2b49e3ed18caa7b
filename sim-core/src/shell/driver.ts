/**
 * Drives processes on the virtual clock. A foreground command yields Waits; `advance` runs the
 * world's event queue (and any background jobs that become runnable) until the wait is satisfied,
 * or until a virtual-time limit (the browser paces virtual time against real time; the headless
 * runner has no limit).
 */
import type { Nanos } from "../engine/scheduler";
import type { World } from "../kernel/world";
import type { Wait } from "./types";

export interface BgJob {
  gen: Generator<Wait, number, void>;
  wait: Wait;
  done: boolean;
  status?: number;
  onDone?: (status: number) => void;
}

const drivers = new WeakMap<World, Driver>();

export class Driver {
  readonly bg: BgJob[] = [];

  static of(world: World): Driver {
    let d = drivers.get(world);
    if (!d) {
      d = new Driver(world);
      drivers.set(world, d);
    }
    return d;
  }

  private constructor(readonly world: World) {}

  /** Starts a background job: runs it to its first wait now. */
  start(gen: Generator<Wait, number, void>, onDone?: (status: number) => void): BgJob {
    const job: BgJob = { gen, wait: { until: 0 }, done: false, onDone };
    this.stepJob(job);
    if (!job.done) this.bg.push(job);
    return job;
  }

  private stepJob(job: BgJob): void {
    const r = job.gen.next();
    if (r.done) {
      job.done = true;
      job.status = r.value;
      job.onDone?.(r.value);
    } else job.wait = r.value;
  }

  private ready(w: Wait): boolean {
    return this.world.sched.now >= w.until || (w.cond ? w.cond() : false);
  }

  private runReadyJobs(): void {
    let again = true;
    while (again) {
      again = false;
      for (const job of this.bg) {
        if (job.done) continue;
        if (this.ready(job.wait)) {
          this.stepJob(job);
          again = true;
        }
      }
    }
    for (let i = this.bg.length - 1; i >= 0; i--) if (this.bg[i].done) this.bg.splice(i, 1);
  }

  /**
   * Advances until `w` is satisfied ("ready") or virtual time would pass `limit` ("limit").
   * `maxEvents` bounds the work done in one call (the browser yields between calls).
   */
  advance(w: Wait, limit: Nanos = Infinity, maxEvents = Infinity): "ready" | "limit" | "busy" {
    const sched = this.world.sched;
    let events = 0;
    for (;;) {
      this.runReadyJobs();
      if (this.ready(w)) return "ready";
      let next = w.until;
      for (const j of this.bg) if (j.wait.until < next) next = j.wait.until;
      const ev = sched.peek();
      if (ev !== undefined && ev <= next) {
        if (ev > limit) {
          if (limit > sched.now) sched.now = limit;
          return "limit";
        }
        sched.step();
        if (++events >= maxEvents) return "busy";
        continue;
      }
      if (next === Infinity) {
        // nothing will ever happen: the wait can only be ended by an interrupt; time still
        // passes up to the limit (a listening `nc -l` is paced like a sleeping one)
        if (limit !== Infinity && limit > sched.now) sched.now = limit;
        return "limit";
      }
      if (next > limit) {
        if (limit > sched.now) sched.now = limit;
        return "limit";
      }
      sched.now = Math.max(sched.now, next);
    }
  }

  /** Lets time pass (no foreground command): runs events and background jobs up to `t`. */
  idleUntil(t: Nanos): void {
    this.advance({ until: t }, t);
  }
}
