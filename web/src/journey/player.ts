/**
 * The journey player: play / pause, step forward / back, speed, jump to an event. The step shown
 * is in the journey store (the event list and the panel follow it); the motion within a step — a
 * packet gliding along an edge, an envelope closing — is `progress`, advanced by
 * requestAnimationFrame outside React, and handed to whoever draws (the canvas overlay) every
 * frame. No frame is requested while nothing moves.
 */
import type { StoreApi } from "zustand/vanilla";
import type { JourneyState } from "./state";
import { stepKind, type JourneyView } from "./track";

export interface Frames {
  request(cb: (now: number) => void): number;
  cancel(id: number): void;
}

const browserFrames: Frames = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

/** How long a step's motion takes at speed 1 (ms). */
export function stepDuration(view: JourneyView, row: number): number {
  const r = view.rows[row];
  if (!r) return 0;
  if (r.wrap || r.unwrap) return 1300;
  if (r.drop) return 1100;
  if (r.flood) return 900;
  switch (stepKind(view, row)) {
    case "move":
      return 700;
    case "born":
      return 420;
    default:
      return 240;
  }
}

export class Player {
  /** How far the shown step's motion has got (0 … 1). */
  progress = 1;
  private raf = 0;
  private last = 0;
  private readonly drawers = new Set<(progress: number) => void>();

  constructor(
    private readonly store: StoreApi<JourneyState>,
    private readonly frames: Frames = browserFrames,
  ) {}

  /** Called every frame while something moves, and once after every change. */
  onDraw(fn: (progress: number) => void): () => void {
    this.drawers.add(fn);
    this.kick();
    return () => this.drawers.delete(fn);
  }

  play(): void {
    const s = this.store.getState();
    if (!s.steps.length) return;
    if (s.step < 0 || (s.step >= s.steps.length - 1 && this.progress >= 1)) this.set(0, 0);
    if (!s.playing) this.store.setState({ playing: true });
    this.kick();
  }

  pause(): void {
    if (this.store.getState().playing) this.store.setState({ playing: false });
    this.kick();
  }

  toggle(): void {
    if (this.store.getState().playing) this.pause();
    else this.play();
  }

  /** The next event, moving there. */
  next(): void {
    const s = this.store.getState();
    if (s.step < s.steps.length - 1) this.set(s.step + 1, 0);
    else this.progress = 1;
    this.kick();
  }

  /** The previous event, shown where it happened. */
  prev(): void {
    const s = this.store.getState();
    if (s.step > 0) this.set(s.step - 1, 1);
    else this.progress = 1;
    this.kick();
  }

  /** Shows event `i` (an index into steps); `animate` moves the packet there. */
  jump(i: number, animate = false): void {
    const s = this.store.getState();
    if (!s.steps.length) return;
    this.set(Math.max(0, Math.min(s.steps.length - 1, i)), animate ? 0 : 1);
    this.kick();
  }

  /** Something the drawing depends on changed (a view opened, nodes moved): draw once. */
  kick(): void {
    if (!this.raf) this.raf = this.frames.request(this.frame);
  }

  stop(): void {
    if (this.raf) this.frames.cancel(this.raf);
    this.raf = 0;
    this.last = 0;
  }

  private set(step: number, progress: number): void {
    this.progress = progress;
    if (this.store.getState().step !== step) this.store.setState({ step });
  }

  private readonly frame = (now: number): void => {
    this.raf = 0;
    const dt = this.last ? Math.min(100, now - this.last) : 16;
    this.last = now;
    const s = this.store.getState();
    const row = s.step >= 0 ? s.steps[s.step] : -1;
    if (s.view && row >= 0 && this.progress < 1) {
      const dur = stepDuration(s.view, row) / s.speed;
      this.progress = dur > 0 ? Math.min(1, this.progress + dt / dur) : 1;
    }
    if (this.progress >= 1 && s.playing) {
      if (s.step < s.steps.length - 1) this.set(s.step + 1, 0);
      else this.store.setState({ playing: false });
    }
    for (const d of this.drawers) d(this.progress);
    if (this.progress < 1 || this.store.getState().playing) this.raf = this.frames.request(this.frame);
    else this.last = 0;
  };
}
