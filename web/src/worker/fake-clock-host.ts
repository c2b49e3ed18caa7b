/** For the worker's tests: a SimHost on a fake clock, and what it sent. */
import { SimHost } from "./host";
import type { SimEvent } from "./protocol";

export function fakeClockHost() {
  let now = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const events: SimEvent[] = [];
  const host = new SimHost((evs) => events.push(...evs), {
    now: () => now,
    setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }),
  });
  /** Lets `ms` of real time pass, running the timers that fall due. */
  const later = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = Math.max(now, t.at);
      t.fn();
    }
    now = end;
  };
  /** Everything printed so far, by one machine's terminal or by all of them. */
  const output = (machine?: string) =>
    events
      .filter(
        (e): e is Extract<SimEvent, { t: "out" }> =>
          e.t === "out" && (machine === undefined || e.machine === machine),
      )
      .map((e) => e.data)
      .join("");
  /** How many commands a machine's terminal has finished. */
  const done = (machine: string) => events.filter((e) => e.t === "done" && e.machine === machine).length;
  return { host, events, later, output, done };
}
