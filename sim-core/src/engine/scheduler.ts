/**
 * The virtual clock and the deterministic event queue. Time is in nanoseconds of virtual time
 * (a plain number: exact up to ~104 days). Events at the same instant run in the order they were
 * scheduled, so a run is a pure function of the script and the seed.
 */
export type Nanos = number;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

interface Event {
  at: Nanos;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export interface TimerHandle {
  cancel(): void;
  readonly at: Nanos;
}

export class Scheduler {
  now: Nanos = 0;
  private heap: Event[] = [];
  private seq = 0;
  /** Events run so far (a figure for benchmarks and runaway detection). */
  executed = 0;

  at(at: Nanos, fn: () => void): TimerHandle {
    const ev: Event = { at: Math.max(at, this.now), seq: this.seq++, fn, cancelled: false };
    this.push(ev);
    return {
      cancel: () => {
        ev.cancelled = true;
      },
      get at() {
        return ev.at;
      },
    };
  }

  after(delay: Nanos, fn: () => void): TimerHandle {
    return this.at(this.now + Math.max(0, delay), fn);
  }

  /** Time of the next pending event, or undefined when the queue is empty. */
  peek(): Nanos | undefined {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
    return this.heap.length ? this.heap[0].at : undefined;
  }

  /** Runs the next event (advancing the clock to it). Returns false when none is pending. */
  step(): boolean {
    while (this.heap.length) {
      const ev = this.pop()!;
      if (ev.cancelled) continue;
      this.now = ev.at;
      this.executed++;
      ev.fn();
      return true;
    }
    return false;
  }

  /** Runs every event up to and including `t`, then sets the clock to `t`. */
  runUntil(t: Nanos): void {
    for (;;) {
      const next = this.peek();
      if (next === undefined || next > t) break;
      this.step();
    }
    if (t > this.now) this.now = t;
  }

  get pending(): number {
    return this.heap.length;
  }

  private push(ev: Event): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(h[p], ev)) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = ev;
  }

  private pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let best = last;
        if (l < n && less(h[l], best)) {
          m = l;
          best = h[l];
        }
        if (r < n && less(h[r], best)) m = r;
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}

function less(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
