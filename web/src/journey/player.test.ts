/**
 * The player on a fake animation clock: steps forward move (progress 0 → 1 over the step's
 * duration), steps back show the event at rest, play runs to the end and stops, speed scales the
 * time a step takes, and no frame is asked for while nothing moves.
 */
import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { Player, stepDuration, type Frames } from "./player";
import type { JourneyState } from "./state";
import type { EventRow, JourneyView } from "./track";
import { linkRows } from "./track";

function row(i: number, place: string, extra: Partial<EventRow> = {}): EventRow {
  return {
    j: 0,
    hop: i,
    t: i * 1000,
    kind: "recv",
    label: `hop ${i}`,
    machine: "m",
    netns: "root",
    proto: "ICMP",
    what: "ICMP echo request",
    place: [place],
    pred: -1,
    ...extra,
  };
}

function setup() {
  const rows = [row(0, "a", { kind: "send" }), row(1, "a"), row(2, "b"), row(3, "b"), row(4, "c")];
  linkRows(rows);
  const view: JourneyView = {
    scope: { kind: "journey", id: 1 },
    journeys: [
      {
        id: 1,
        parentIndex: -1,
        protocol: "ICMP",
        summary: "",
        outcome: "delivered",
        hopCount: 5,
        truncatedHops: 0,
        firstRow: 0,
        lastRow: 4,
      },
    ],
    rows,
    omittedJourneys: 0,
    omittedRows: 0,
    t0: 0,
  };
  const store = createStore<JourneyState>(() => ({
    open: true,
    commands: [],
    command: null,
    items: null,
    scope: view.scope,
    view,
    loading: false,
    error: null,
    filter: null,
    steps: [0, 1, 2, 3, 4],
    step: 0,
    playing: false,
    speed: 1,
    detail: null,
    seen: 0,
  }));
  let now = 0;
  let pending: ((t: number) => void) | null = null;
  let requested = 0;
  const frames: Frames = {
    request: (cb) => {
      pending = cb;
      requested++;
      return requested;
    },
    cancel: () => {
      pending = null;
    },
  };
  const player = new Player(store, frames);
  const seen: number[] = [];
  player.onDraw((p) => seen.push(p));
  /** Runs frames every 16 ms for `ms`. */
  const run = (ms: number) => {
    const end = now + ms;
    while (pending && now < end) {
      now += 16;
      const cb = pending;
      pending = null;
      cb(now);
    }
  };
  return { store, player, view, run, seen, idle: () => pending === null };
}

describe("Player", () => {
  it("moves to the next event over its duration, and shows the previous one at rest", () => {
    const { store, player, view, run, idle } = setup();
    run(100);
    expect(idle()).toBe(true);
    player.next();
    expect(store.getState().step).toBe(1);
    expect(player.progress).toBe(0);
    run(stepDuration(view, 1) / 2);
    expect(player.progress).toBeGreaterThan(0.3);
    expect(player.progress).toBeLessThan(0.8);
    run(stepDuration(view, 1));
    expect(player.progress).toBe(1);
    expect(idle()).toBe(true);
    player.prev();
    expect(store.getState().step).toBe(0);
    expect(player.progress).toBe(1);
    player.prev();
    expect(store.getState().step).toBe(0);
  });

  it("gives a move along an edge more time than a decision at the same device", () => {
    const { view } = setup();
    expect(stepDuration(view, 2)).toBeGreaterThan(stepDuration(view, 3));
  });

  it("plays to the end and stops; speed 4 takes a quarter of the time", () => {
    const { store, player, view, run, idle } = setup();
    const total = [1, 2, 3, 4].reduce((t, i) => t + stepDuration(view, i), 0);
    store.setState({ speed: 4 });
    player.play();
    expect(store.getState().playing).toBe(true);
    run(total / 4 + 200);
    expect(store.getState().step).toBe(4);
    expect(store.getState().playing).toBe(false);
    expect(idle()).toBe(true);
    // play again from the end: from the start
    store.setState({ speed: 1 });
    player.play();
    expect(store.getState().step).toBe(0);
    run(total / 2);
    expect(store.getState().step).toBeGreaterThan(0);
    expect(store.getState().step).toBeLessThan(4);
    player.pause();
    run(1000);
    expect(idle()).toBe(true);
  });

  it("jumps to an event", () => {
    const { store, player } = setup();
    player.jump(3);
    expect(store.getState().step).toBe(3);
    expect(player.progress).toBe(1);
    player.jump(99);
    expect(store.getState().step).toBe(4);
  });
});
