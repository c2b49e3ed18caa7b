/**
 * The journey view's state (zustand vanilla store): which commands sent packets, the opened view,
 * the step the player shows, the protocol filter and the hop whose detail is shown. The player's
 * motion within a step (60 times a second) is not here: it lives in player.ts, outside React.
 */
import { createStore } from "zustand/vanilla";
import type { CommandInfo, JourneyScope, JourneyView } from "./track";
import type { HopInfo, JourneyItem } from "../worker/journey-api";

export interface JourneyState {
  /** The journey panel is shown. */
  open: boolean;
  /** Commands that sent packets, oldest first. */
  commands: CommandInfo[];
  /** The command picked in the panel, and its packets (the picker's list). */
  command: number | null;
  items: JourneyItem[] | null;
  scope: JourneyScope | null;
  view: JourneyView | null;
  loading: boolean;
  error: string | null;
  /** Protocol filter (null: all). */
  filter: string | null;
  /** Rows the filter keeps, as indexes into view.rows; the player steps through them. */
  steps: number[];
  /** Index into steps of the event shown (-1: none). */
  step: number;
  playing: boolean;
  speed: number;
  /** The hop whose detail is shown (a row index) and what the worker said about it. */
  detail: { row: number; info: HopInfo | null; loading: boolean; later?: boolean } | null;
  /** The latest command that had sent packets when the shown packets were picked. */
  seen: number;
}

export const journeyStore = createStore<JourneyState>(() => ({
  open: false,
  commands: [],
  command: null,
  items: null,
  scope: null,
  view: null,
  loading: false,
  error: null,
  filter: null,
  steps: [],
  step: -1,
  playing: false,
  speed: 1,
  detail: null,
  seen: 0,
}));

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/** The row the player shows (an index into view.rows), or -1. */
export function currentRow(s: JourneyState): number {
  return s.step >= 0 && s.step < s.steps.length ? s.steps[s.step] : -1;
}
