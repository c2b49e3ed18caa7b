/**
 * The journey view's controller (plain class; React only renders the store): asks the worker
 * which commands sent packets after every command, opens a journey or a command's packets, keeps
 * the player and the detail of the shown hop in step, links terminal lines to their journeys
 * (terminal-links.ts), takes the keyboard shortcuts (also in presenter mode), remembers the
 * picked journey in the document (share links carry it) and saves pcap files.
 */
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";
import type { LabDoc } from "../engine/doc";
import { journeyStore, currentRow, type JourneyState } from "./state";
import { Player, stepDuration } from "./player";
import { visibleRows, type CommandInfo, type JourneyScope, type JourneyView } from "./track";
import { linkTerminals } from "./terminal-links";
import type { HopInfo, JourneyItem, LocateResult } from "../worker/journey-api";

/** A worker call that never answers (the worker died and restarts) must not hang the view. */
const CALL_MS = 20_000;

function timeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer`)), CALL_MS)),
  ]);
}

export class JourneyController {
  readonly store = journeyStore;
  readonly player = new Player(journeyStore);
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private detailTimer?: ReturnType<typeof setTimeout>;
  private saveTimer?: ReturnType<typeof setTimeout>;
  /** Bumped by every open: answers to an older open are dropped. */
  private generation = 0;
  private disposers: (() => void)[] = [];

  constructor(readonly lab: LabController) {}

  /** Starts listening (once the app is mounted). */
  start(): void {
    if (this.disposers.length) return;
    // after every command (the world view moves on), the commands that sent packets
    this.disposers.push(
      store.subscribe((s, prev) => {
        if (s.time !== prev.time || s.script !== prev.script || s.busy !== prev.busy) this.scheduleRefresh();
      }),
    );
    this.disposers.push(
      journeyStore.subscribe((s, prev) => {
        if (s.step !== prev.step || s.view !== prev.view) this.onStep(s);
        if (s.playing !== prev.playing && !s.playing) {
          this.saveSoon();
          this.onStep(s);
        }
      }),
    );
    this.disposers.push(this.lab.onOpen((doc) => void this.onLabOpen(doc)));
    this.disposers.push(linkTerminals(this));
    const onKey = (e: KeyboardEvent) => this.onKey(e);
    addEventListener("keydown", onKey);
    this.disposers.push(() => removeEventListener("keydown", onKey));
    this.scheduleRefresh(0);
    // the first lab opened before this listened
    if (store.getState().ready) void this.onLabOpen(this.lab.currentDoc());
  }

  dispose(): void {
    for (const d of this.disposers.splice(0)) d();
    this.player.stop();
  }

  private get api() {
    return this.lab.api;
  }

  // ---- the commands that sent packets ----

  private scheduleRefresh(ms = 150): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), ms);
  }

  async refresh(): Promise<CommandInfo[]> {
    let commands: CommandInfo[];
    try {
      commands = await timeout(this.api.journeyCommands(), "journeys");
    } catch {
      return journeyStore.getState().commands;
    }
    const s = journeyStore.getState();
    if (!sameCommands(s.commands, commands)) journeyStore.setState({ commands });
    // the picked command's packets, when it sent more meanwhile (a ping still running)
    const c = commands.find((x) => x.id === s.command);
    if (s.open && c && s.items && s.items.length !== Math.min(c.count, ITEMS)) void this.loadItems(c.id);
    // the panel shows nothing yet: the latest command's packets
    if (s.open && !s.view && !s.loading && commands.length)
      void this.pickCommand(commands[commands.length - 1].id);
    return commands;
  }

  // ---- opening ----

  setOpen(open: boolean): void {
    if (journeyStore.getState().open === open) return;
    journeyStore.setState({ open });
    if (!open) this.player.pause();
    else {
      void this.refresh().then((cmds) => {
        const s = journeyStore.getState();
        // nothing picked yet: the latest command that sent packets
        if (s.open && !s.view && !s.loading && cmds.length) void this.pickCommand(cmds[cmds.length - 1].id);
      });
    }
  }

  toggle(): void {
    this.setOpen(!journeyStore.getState().open);
  }

  /** Picks a command in the panel: its packets are listed, the first is opened. */
  async pickCommand(id: number, opts: { play?: boolean } = {}): Promise<void> {
    const c = journeyStore.getState().commands.find((x) => x.id === id);
    journeyStore.setState({ command: id, items: null });
    await this.loadItems(id);
    // its first packet, with what that caused (the picker offers the others, and all at once)
    if (c) await this.openScope({ kind: "journey", id: c.first }, opts);
  }

  private async loadItems(command: number): Promise<void> {
    try {
      const items = await timeout(this.api.journeyList({ command, limit: ITEMS }), "journeys");
      if (journeyStore.getState().command === command) journeyStore.setState({ items });
    } catch {
      // the worker restarted: the picker stays as it was
    }
  }

  /** Opens a journey (with what it caused) or a command's packets, at `step`, maybe playing. */
  async openScope(scope: JourneyScope, opts: { step?: number; play?: boolean } = {}): Promise<void> {
    const gen = ++this.generation;
    this.player.pause();
    journeyStore.setState({ scope, loading: true, error: null });
    this.setOpen(true);
    let view: JourneyView | null;
    try {
      view = await timeout(this.api.journeyOpen(scope), "journey");
    } catch (e) {
      if (gen === this.generation)
        journeyStore.setState({ loading: false, error: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (gen !== this.generation) return;
    if (!view) {
      journeyStore.setState({
        loading: false,
        view: null,
        steps: [],
        step: -1,
        detail: null,
        error: "That packet is no longer recorded (the lab was rebuilt, or newer packets replaced it).",
      });
      return;
    }
    const filter = journeyStore.getState().filter;
    const keep =
      filter && view.rows.some((r) => r.proto === filter || view!.journeys[r.j].protocol === filter);
    const steps = visibleRows(view, keep ? filter : null);
    const command = view.command?.id ?? journeyStore.getState().command;
    const step = Math.max(0, Math.min(steps.length - 1, opts.step ?? 0));
    this.player.progress = opts.play ? 0 : 1;
    const cmds = journeyStore.getState().commands;
    journeyStore.setState({
      loading: false,
      view,
      steps,
      step: steps.length ? step : -1,
      filter: keep ? filter : null,
      detail: null,
      command,
      seen: Math.max(journeyStore.getState().seen, cmds[cmds.length - 1]?.id ?? 0),
    });
    if (command !== null && command !== undefined && journeyStore.getState().items === null)
      void this.loadItems(command);
    if (opts.play) this.player.play();
    else this.player.kick();
    this.saveSoon();
  }

  /** A terminal line was clicked: the command's journey (the echo with that icmp_seq), played. */
  async openFromTerminal(machine: string, line: string, occurrence: number, seq?: number): Promise<boolean> {
    let r: LocateResult | null;
    try {
      r = await timeout(this.api.journeyLocate(machine, line, occurrence, seq), "journeys");
    } catch {
      return false;
    }
    if (!r?.journey) return false;
    await this.refresh();
    journeyStore.setState({ command: r.command, items: null });
    void this.loadItems(r.command);
    await this.openScope({ kind: "journey", id: r.journey }, { play: true });
    return true;
  }

  close(): void {
    this.setOpen(false);
  }

  // ---- filter and detail ----

  setFilter(filter: string | null): void {
    const s = journeyStore.getState();
    if (!s.view) {
      journeyStore.setState({ filter });
      return;
    }
    const row = currentRow(s);
    const steps = visibleRows(s.view, filter);
    // the same event if it stays visible, else the next one that is
    let step = steps.findIndex((r) => r >= row);
    if (step < 0) step = steps.length - 1;
    this.player.progress = 1;
    journeyStore.setState({ filter, steps, step });
    this.player.kick();
  }

  setSpeed(speed: number): void {
    journeyStore.setState({ speed });
  }

  /** Shows the event at row `row` of the view (an event-list click). */
  selectRow(row: number): void {
    const s = journeyStore.getState();
    const i = s.steps.indexOf(row);
    if (i >= 0) {
      this.player.pause();
      this.player.jump(i);
    }
  }

  private onStep(s: JourneyState): void {
    const row = currentRow(s);
    clearTimeout(this.detailTimer);
    if (row < 0 || !s.view) {
      if (s.detail) journeyStore.setState({ detail: null });
      return;
    }
    if (s.detail?.row === row && s.detail.info) return;
    // while playing, the packet's headers only for the steps shown long enough to read them (at
    // 1× most flash by); the hop the player stops on gets them
    if (s.playing && stepDuration(s.view, row) / s.speed < 1200) {
      if (s.detail?.row !== row)
        journeyStore.setState({ detail: { row, info: null, loading: false, later: true } });
      return;
    }
    journeyStore.setState({
      detail: { row, info: s.detail?.row === row ? s.detail.info : null, loading: true },
    });
    this.detailTimer = setTimeout(() => void this.loadDetail(row, s.view!), s.playing ? 150 : 30);
    if (!s.playing) this.saveSoon();
  }

  private async loadDetail(row: number, view: JourneyView): Promise<void> {
    const r = view.rows[row];
    const jid = view.journeys[r.j].id;
    let info: HopInfo | null;
    try {
      info = await timeout(this.api.journeyHop(jid, r.hop), "hop");
    } catch {
      info = null;
    }
    const s = journeyStore.getState();
    if (s.view !== view || currentRow(s) !== row) return;
    journeyStore.setState({ detail: { row, info, loading: false } });
  }

  // ---- the document: the picked journey and hop (share links carry it) ----

  private saveSoon(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(), 0);
  }

  private save(): void {
    const s = journeyStore.getState();
    if (!s.view || s.scope?.kind !== "journey" || s.playing) return;
    const cmd = s.view.command?.id;
    if (cmd === undefined) return;
    const hop = Math.max(0, currentRow(s));
    const cur = this.lab.currentDoc().journey;
    if (cur && cur.line === cmd && cur.jid === s.scope.id && cur.hop === hop) return;
    this.lab.patchDoc({ journey: { line: cmd, jid: s.scope.id, hop } });
  }

  /** A lab opened (reload, share link): its picked journey is shown, paused at its hop. */
  private async onLabOpen(doc: LabDoc): Promise<void> {
    this.player.pause();
    ++this.generation;
    journeyStore.setState({
      view: null,
      scope: null,
      steps: [],
      step: -1,
      detail: null,
      error: null,
      command: null,
      items: null,
      loading: false,
    });
    const commands = await this.refresh();
    const j = doc.journey;
    const c = j && commands.find((x) => x.id === j.line);
    if (!j || !c) {
      // the panel stays open: it shows the new lab's latest packets
      if (journeyStore.getState().open && commands.length)
        await this.pickCommand(commands[commands.length - 1].id);
      return;
    }
    journeyStore.setState({ command: c.id });
    void this.loadItems(c.id);
    await this.openScope({ kind: "journey", id: j.jid });
    const s = journeyStore.getState();
    if (s.view) {
      const step = s.steps.indexOf(Math.min(j.hop, s.view.rows.length - 1));
      this.player.jump(step >= 0 ? step : 0);
    }
  }

  /** Presenter mode moves the document's hop ([ and ], PageUp/PageDown): follow it. */
  private followDoc(): void {
    const j = this.lab.currentDoc().journey;
    const s = journeyStore.getState();
    if (!j || !s.view || s.scope?.kind !== "journey" || s.scope.id !== j.jid) return;
    const row = Math.min(j.hop, s.view.rows.length - 1);
    const step = s.steps.indexOf(row);
    if (step >= 0 && step !== s.step) {
      this.player.pause();
      this.player.jump(step, row > currentRow(s));
    }
    // presenter mode's hop does not stop at the last one: keep the document in range
    if (j.hop !== row) this.lab.patchDoc({ journey: { ...j, hop: row } });
  }

  // ---- keyboard ----

  /**
   * Space plays / pauses, → or . steps forward, ← or , steps back, Home / End go to the first /
   * last event — whenever the journey panel is open and the focus is not in the terminal or a
   * text field (also in presenter mode).
   */
  private onKey(e: KeyboardEvent): void {
    const s = journeyStore.getState();
    if (!s.open || !s.view || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "[" || e.key === "]" || e.key === "PageUp" || e.key === "PageDown") {
      // presenter mode's own keys move the document's hop: follow once it has
      queueMicrotask(() => this.followDoc());
      return;
    }
    const t = e.target as HTMLElement | null;
    if (t?.closest?.(".term-host, .xterm") || t?.isContentEditable) return;
    const tag = t?.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
    if (e.defaultPrevented) return;
    switch (e.key) {
      case " ":
        if (tag === "BUTTON") return; // the focused button takes its own Space
        e.preventDefault();
        this.player.toggle();
        break;
      case "ArrowRight":
      case ".":
        e.preventDefault();
        this.player.pause();
        this.player.next();
        break;
      case "ArrowLeft":
      case ",":
        e.preventDefault();
        this.player.pause();
        this.player.prev();
        break;
      case "Home":
        e.preventDefault();
        this.player.pause();
        this.player.jump(0);
        break;
      case "End":
        e.preventDefault();
        this.player.pause();
        this.player.jump(s.steps.length - 1);
        break;
    }
  }

  // ---- files ----

  /** Saves the shown journey (and what it caused) as a pcap file. */
  async downloadJourney(): Promise<void> {
    const s = journeyStore.getState();
    if (!s.view) return;
    const ids =
      s.scope?.kind === "journey"
        ? [s.scope.id]
        : s.view.journeys.filter((j) => j.parentIndex < 0).map((j) => j.id);
    const parts: Uint8Array[] = [];
    for (const id of ids.slice(0, 200)) parts.push(await timeout(this.api.journeyPcap(id, true), "pcap"));
    const name =
      s.scope?.kind === "journey" ? `journey-${s.scope.id}` : `command-${s.view.command?.id ?? "x"}`;
    saveFile(`${name}.pcap`, ids.length === 1 ? parts[0] : mergePcaps(parts));
  }

  /** Saves what crossed a device (a link's end) as a pcap file. */
  async downloadDevice(key: string): Promise<void> {
    const bytes = await timeout(this.api.devicePcap(key), "pcap");
    saveFile(`${key.replace(/[^\w.-]+/g, "_")}.pcap`, bytes);
  }

  /** Saves a file of a machine (what `tcpdump -w FILE` wrote). */
  async downloadFile(machine: string, path: string): Promise<boolean> {
    const bytes = await timeout(this.api.machineFile(machine, path), "file");
    if (!bytes) return false;
    saveFile(path.split("/").pop() || "capture.pcap", bytes);
    return true;
  }

  /** The items the picker lists (for tests and the panel). */
  get items(): JourneyItem[] | null {
    return journeyStore.getState().items;
  }
}

/** How many of a command's packets the picker lists (the newest). */
export const ITEMS = 300;

function sameCommands(a: CommandInfo[], b: CommandInfo[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) => x.id === b[i].id && x.count === b[i].count && x.line === b[i].line && x.last === b[i].last,
    )
  );
}

/** One pcap from several (same link type): the first header, then every record in time order. */
export function mergePcaps(files: Uint8Array[]): Uint8Array {
  const recs: { t: number; bytes: Uint8Array }[] = [];
  let header: Uint8Array | undefined;
  for (const f of files) {
    if (f.length < 24) continue;
    header ??= f.subarray(0, 24);
    const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
    const le = dv.getUint32(0, true) === 0xa1b2c3d4;
    for (let o = 24; o + 16 <= f.length;) {
      const sec = dv.getUint32(o, le);
      const usec = dv.getUint32(o + 4, le);
      const incl = dv.getUint32(o + 8, le);
      recs.push({ t: sec * 1e6 + usec, bytes: f.subarray(o, o + 16 + incl) });
      o += 16 + incl;
    }
  }
  if (!header) return new Uint8Array(0);
  recs.sort((a, b) => a.t - b.t);
  const out = new Uint8Array(24 + recs.reduce((n, r) => n + r.bytes.length, 0));
  out.set(header, 0);
  let o = 24;
  for (const r of recs) {
    out.set(r.bytes, o);
    o += r.bytes.length;
  }
  return out;
}

export function saveFile(name: string, bytes: Uint8Array): void {
  const a = document.createElement("a");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  a.href = URL.createObjectURL(new Blob([copy.buffer], { type: "application/vnd.tcpdump.pcap" }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 2000);
}

// ---- one controller per lab controller ----

const controllers = new WeakMap<LabController, JourneyController>();

export function journeysOf(lab: LabController): JourneyController {
  let c = controllers.get(lab);
  if (!c) {
    c = new JourneyController(lab);
    controllers.set(lab, c);
  }
  return c;
}
