/**
 * Broadcast-storm containment. Linux does nothing against a bridge loop without STP: every
 * broadcast, multicast or unknown-unicast frame is flooded round the loop forever, multiplying at
 * each bridge with more than two ports, until the CPUs are saturated (the "network melts"). The
 * simulator cannot melt, so it recognises the loop and cuts it, and says so:
 *
 * - a storm is one frame flooded by the same bridge again and again: a frame is an immutable
 *   object that a loop hands around unchanged, so the bridge counts the floods of each frame
 *   (a WeakMap, forgotten with the frame) and once one is flooded more than LOOP_FLOODS times,
 *   that frame and its copies are dropped at this bridge from then on;
 * - a backstop bounds the work whatever the frames: a bridge floods at most FLOOD_LIMIT frames per
 *   100 ms of virtual time;
 * - each storm is reported once per bridge while it lasts (it ends after a second without storm
 *   frames): a drop trace event, and a world alert (World.alerts) that the app shows on the
 *   bridge and in its event list. Per-bridge figures are in stormOf(bridge) for the snapshot.
 */
import type { EthernetFrame } from "../wire/types";
import type { Nanos } from "../engine/scheduler";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import type { BridgeDevice } from "./bridge";

/** Floods of one frame by one bridge after which it is a loop (a frame is flooded once). */
export const LOOP_FLOODS = 16;
/** Floods per bridge per 100 ms of virtual time whatever the frames (the backstop). */
export const FLOOD_LIMIT = 20_000;
/** A storm is over after this long without a storm frame at its bridge. */
export const STORM_QUIET = NS_PER_S;

/** Something the world reports to the user (a storm), with the device it concerns. */
export interface WorldAlert {
  /** Increasing number (the app shows each once). */
  seq: number;
  /** Virtual time. */
  t: Nanos;
  kind: "broadcast-storm";
  machine: string;
  /** "root" or the netns label. */
  netns: string;
  device: string;
  text: string;
}

/** What the snapshot shows for a bridge. */
export interface StormView {
  /** A storm is going on (storm frames seen in the last second). */
  active: boolean;
  /** Storms so far. */
  storms: number;
  /** Frames dropped to contain them. */
  dropped: number;
  /** When the current or last storm started (virtual ns). */
  since: Nanos;
}

interface StormState {
  /** Floods of each frame by this bridge. */
  floods: WeakMap<EthernetFrame, number>;
  /** Frames recognised as looping: dropped on sight. */
  looping: WeakSet<EthernetFrame>;
  windowStart: Nanos;
  windowFloods: number;
  /** Last time a storm frame was dropped (-Infinity: never). */
  lastStorm: Nanos;
  since: Nanos;
  storms: number;
  dropped: number;
}

const states = new WeakMap<BridgeDevice, StormState>();

function state(br: BridgeDevice): StormState {
  let s = states.get(br);
  if (!s) {
    s = {
      floods: new WeakMap(),
      looping: new WeakSet(),
      windowStart: -Infinity,
      windowFloods: 0,
      lastStorm: -Infinity,
      since: 0,
      storms: 0,
      dropped: 0,
    };
    states.set(br, s);
  }
  return s;
}

/** The verdict on one flood: go ahead, or drop (and whether this drop starts a storm report). */
export type FloodVerdict = { ok: true } | { ok: false; starts: boolean; why: string };

/** Called by the bridge before it floods `frame` (Stack.bridgeFlood). */
export function floodCheck(br: BridgeDevice, frame: EthernetFrame, now: Nanos): FloodVerdict {
  const s = state(br);
  if (now - s.windowStart >= 100 * NS_PER_MS) {
    s.windowStart = now;
    s.windowFloods = 0;
  }
  let why: string | undefined;
  if (s.looping.has(frame)) why = "looping";
  else {
    const n = (s.floods.get(frame) ?? 0) + 1;
    s.floods.set(frame, n);
    if (n > LOOP_FLOODS) {
      s.looping.add(frame);
      why = `the same frame came back ${LOOP_FLOODS} times (a loop without STP)`;
    } else if (++s.windowFloods > FLOOD_LIMIT) why = `more than ${FLOOD_LIMIT} floods in 100 ms`;
  }
  if (why === undefined) return { ok: true };
  const starts = now - s.lastStorm > STORM_QUIET;
  if (starts) {
    s.storms++;
    s.since = now;
  }
  s.lastStorm = now;
  s.dropped++;
  return { ok: false, starts, why };
}

/** The bridge's storm figures (undefined: it never had one). */
export function stormOf(br: BridgeDevice, now: Nanos): StormView | undefined {
  const s = states.get(br);
  if (!s || !s.storms) return undefined;
  return { active: now - s.lastStorm <= STORM_QUIET, storms: s.storms, dropped: s.dropped, since: s.since };
}
