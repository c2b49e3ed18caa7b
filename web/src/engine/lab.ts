/**
 * The app's controller: starts the simulator worker, routes its events to the terminals and the
 * store, turns canvas edits into commands, autosaves the document to IndexedDB after every
 * command, and opens labs (reload, share links, starter labs, imported files, "new lab") — all
 * of them through `restore`. Plain class; React calls its methods.
 */
import type * as Comlink from "comlink";
import { get, set, del } from "idb-keyval";
import type { WorkerApi } from "../worker/sim.worker";
import type { Simulator } from "./boot";
import type { SimEvent, WorldSnapshot, WorldView } from "../worker/protocol";
import type { Removal } from "../worker/host";
import { Terminals, historyFromScript } from "../terminal/terminals";
import { store, toast, type Selection, type StarterLab } from "./store";
import { emptyDoc, restore, descriptionOf, type LabDoc, type XY } from "./doc";
import { MARKUP } from "../share/validate";
import { parseLab } from "../../../sim-core/src/lab/script";
import { clusterDirective } from "../../../sim-core/src/k8s/directive";
import type { Plan, Step } from "./actions";

const KEY = "hopscope:lab";

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
const PREVIOUS = "hopscope:lab:previous";
/**
 * The terminals' text, kept beside the lab (not in it: links and exports do not carry it) so that
 * a reload shows what the user saw: the last SCROLLBACK_LINES lines of each terminal, for the
 * script they were typed against. In localStorage, written synchronously: on pagehide an
 * IndexedDB write does not land.
 */
const SCROLLBACK = "hopscope:scrollback";
const SCROLLBACK_LINES = 500;
const SCROLLBACK_CHARS = 500_000;

const BANNER =
  "\x1b[1mHopscope\x1b[0m \x1b[38;5;244m— a Linux network lab in your browser. Type real commands (ip, bridge, ping, sysctl…);\n" +
  "TAB completes, ↑/Ctrl-R recall, Ctrl-C stops a ping; Undo (top bar) takes back a step. Open a starter lab from the Labs menu.\x1b[0m\n\n";

/** Share links, export and import load on first use (they bring the compressor). */
const sharing = () => import("../share/link");
const exporting = () => import("../share/export");

export interface LabOptions {
  /** Read and autosave the lab in this browser's storage (not in an embedded lab). */
  persist?: boolean;
  /** What the terminals print first (an embedded lab has little room). */
  banner?: string;
}

export class LabController {
  readonly api: Comlink.Remote<WorkerApi>;
  readonly terminals: Terminals;
  readonly persist: boolean;
  private doc: LabDoc = emptyDoc();
  private openListeners = new Set<(doc: LabDoc) => void>();
  private doneWaiters = new Map<number, (status: number) => void>();
  /** Commands that finished before anyone waited for them (events can overtake a call's reply). */
  private doneEarly = new Map<number, number>();
  private runningScript = 0;
  private openingCount = 0;
  private started?: Promise<void>;
  private saving: Promise<void> = Promise.resolve();
  private inspectTimer?: ReturnType<typeof setTimeout>;
  private liveTimer?: ReturnType<typeof setInterval>;
  private sim: Simulator;
  /** The last world alert shown (undefined: the world was rebuilt, see announceAlerts). */
  private alertsSeen?: number;
  private undoHinted = false;
  private scrollbackTimer?: ReturnType<typeof setTimeout>;

  constructor(sim: Simulator, opts: LabOptions = {}) {
    this.persist = opts.persist !== false;
    this.sim = sim;
    this.api = sim.api;
    this.terminals = new Terminals({
      submit: (machine, text) => this.api.submit(machine, text),
      complete: (machine, line, cursor) => this.api.complete(machine, line, cursor),
      interrupt: (machine) => void this.api.interrupt(machine),
      onRunning: (machine, running) => {
        if (!!store.getState().running[machine] !== running)
          store.setState((s) => ({ running: { ...s.running, [machine]: running } }));
      },
      hint: (what) => {
        if (what !== "undo" || this.undoHinted) return;
        this.undoHinted = true;
        toast(
          "Ctrl-Z in a terminal is the terminal's own key (it would suspend a job), not undo: undo the last step with the Undo button, or Ctrl-Z outside the terminal.",
          "info",
          undefined,
          8000,
        );
      },
    });
    this.terminals.setBanner(opts.banner ?? BANNER);
  }

  private requested?: (stored: LabDoc | undefined) => Promise<{ doc: LabDoc; note?: string } | undefined>;

  /**
   * Asks, before the first lab opens, whether the address asks for another lab than the one kept
   * from before (the lesson controller: `?lesson=`). Returning `stored` itself keeps it.
   */
  requestInitial(
    fn: (stored: LabDoc | undefined) => Promise<{ doc: LabDoc; note?: string } | undefined>,
  ): void {
    this.requested = fn;
  }

  /** Resolves once the first lab is open. */
  start(): Promise<void> {
    this.started ??= this.boot();
    return this.started;
  }

  private async boot(): Promise<void> {
    this.sim.onEvents((events) => this.onEvents(events));
    // the simulator died and was restarted with the lab rebuilt (worker/client.ts)
    this.sim.onRestart((r) => {
      toast(r.message, "error", undefined, 15000);
      const aside = { ...this.currentDoc(), script: r.script };
      if (!r.rebuilt && this.persist) void set(`${KEY}:unreplayable:${Date.now()}`, aside).catch(() => {});
    });
    void this.loadLabIndex();
    const { doc, note, replaced, restored } = await this.initialDoc();
    const scrollback = restored ? this.readScrollback(doc.script) : undefined;
    await this.open(doc, { note, backupCurrent: false, scrollback });
    if (replaced)
      toast(`Opened “${doc.title}”. Your previous lab is kept.`, "info", {
        label: "Restore it",
        run: () => void this.restorePrevious(),
      });
    store.setState({ ready: true });
    // the code that loads on demand (more programs, TAB completion) may come now
    this.sim.interactive();
    addEventListener("pagehide", () => {
      void this.save();
      this.saveScrollback();
    });
    // a share link pasted into the address bar of an open tab
    addEventListener("hashchange", () => void this.openHash());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "hidden") return;
      void this.save();
      this.saveScrollback();
    });
  }

  // ---- opening labs ----

  private async openHash(): Promise<void> {
    if (!location.hash.startsWith("#lab=")) return;
    const r = (await sharing()).decodeLink(location.hash.slice(5));
    history.replaceState(null, "", location.pathname + location.search);
    if (!r.ok) {
      refused(r.error);
      return;
    }
    await this.open(r.doc, { note: `Opened a shared lab: ${r.doc.title}` });
    toast(`Opened “${r.doc.title}”. Your previous lab is kept.`, "info", {
      label: "Restore it",
      run: () => void this.restorePrevious(),
    });
  }

  private async initialDoc(): Promise<{ doc: LabDoc; note?: string; replaced: boolean; restored?: boolean }> {
    const url = new URL(location.href);
    const share = url.hash.startsWith("#lab=") ? url.hash.slice(5) : "";
    const starter = url.searchParams.get("lab");
    const stored = this.persist ? await this.readStored() : undefined;
    const clean = () => {
      url.hash = "";
      url.searchParams.delete("lab");
      history.replaceState(null, "", url.pathname + url.search);
    };
    if (share) {
      const r = (await sharing()).decodeLink(share);
      clean();
      if (r.ok) {
        if (stored?.script && this.persist) await set(PREVIOUS, stored).catch(() => {});
        return { doc: r.doc, note: `Opened a shared lab: ${r.doc.title}`, replaced: !!stored?.script };
      }
      refused(r.error);
    } else if (starter && /^[\w-]+$/.test(starter)) {
      clean();
      const doc = await this.fetchStarter(starter);
      if (doc) {
        if (stored?.script && this.persist) await set(PREVIOUS, stored).catch(() => {});
        return { doc, note: `Opened the starter lab “${doc.title}”`, replaced: !!stored?.script };
      }
    }
    // a lab asked for by the address (a lesson: `?lesson=`) wins over the one kept from before
    const requested = this.requested ? await this.requested(stored).catch(() => undefined) : undefined;
    if (requested) {
      if (requested.doc === stored)
        return {
          doc: stored,
          note: stored.script ? `Restored your lab “${stored.title}”` : undefined,
          replaced: false,
          restored: true,
        };
      if (stored?.script && this.persist) await set(PREVIOUS, stored).catch(() => {});
      return { doc: requested.doc, note: requested.note, replaced: !!stored?.script };
    }
    if (stored)
      return {
        doc: stored,
        note: stored.script ? `Restored your lab “${stored.title}”` : undefined,
        replaced: false,
        restored: true,
      };
    return { doc: emptyDoc(), replaced: false };
  }

  /** The terminals' text kept for this script (see SCROLLBACK), if any. */
  private readScrollback(script: string): Record<string, string> | undefined {
    let raw: { script?: unknown; terms?: Record<string, unknown> } | undefined;
    try {
      raw = JSON.parse(localStorage.getItem(SCROLLBACK) ?? "null") ?? undefined;
    } catch {
      return undefined;
    }
    // kept for this lab (a command may have been saved after its text was: the script grew)
    if (!raw || typeof raw.script !== "string" || !script.startsWith(raw.script)) return undefined;
    if (typeof raw.terms !== "object" || !raw.terms) return undefined;
    const out: Record<string, string> = {};
    // stored text is shown, never interpreted: no escape sequences
    for (const [m, t] of Object.entries(raw.terms))
      // eslint-disable-next-line no-control-regex -- terminal text
      if (typeof t === "string") out[m] = t.replace(/[\x00-\x09\x0b-\x1f\x7f]/g, "");
    return out;
  }

  private async readStored(): Promise<LabDoc | undefined> {
    let raw: unknown;
    try {
      raw = await get(KEY);
    } catch {
      toast("This browser blocks storage: your lab will not survive a reload.", "error");
      return undefined;
    }
    if (raw === undefined) return undefined;
    const r = restore(raw);
    if (r.ok) return r.doc;
    // never lose work: keep what could not be read
    await set(`${KEY}:unreadable:${Date.now()}`, raw).catch(() => {});
    toast(
      `Your saved lab could not be read (${r.error}); it is kept aside and a new lab was started.`,
      "error",
    );
    return undefined;
  }

  /** Opens a document (replacing the current lab, which is kept as "previous"). */
  async open(
    doc: LabDoc,
    opts: { note?: string; backupCurrent?: boolean; scrollback?: Record<string, string> } = {},
  ): Promise<boolean> {
    this.openingCount++;
    try {
      return await this.openDoc(doc, opts);
    } finally {
      this.openingCount--;
    }
  }

  /** A lab is being opened (what the simulator says now is about to be replaced). */
  get opening(): boolean {
    return this.openingCount > 0;
  }

  private async openDoc(
    doc: LabDoc,
    opts: { note?: string; backupCurrent?: boolean; scrollback?: Record<string, string> },
  ): Promise<boolean> {
    if (opts.backupCurrent !== false && this.doc.script && this.persist)
      await set(PREVIOUS, this.currentDoc()).catch(() => {});
    let result;
    try {
      result = await this.api.load({ script: doc.script, seed: doc.seed });
    } catch (e) {
      // the simulator died replaying this lab; it was restarted with the lab that was open
      if (this.persist) await set(`${KEY}:unreplayable:${Date.now()}`, doc).catch(() => {});
      toast(
        `“${doc.title}” stopped the simulator while it was rebuilt (${e instanceof Error ? e.message : String(e)}): it was not opened, and is kept aside.`,
        "error",
        undefined,
        15000,
      );
      return false;
    }
    this.doc = { ...doc, script: result.view.script };
    const opened = this.doc;
    store.setState((s) => ({
      positions: doc.layout.positions,
      title: doc.title,
      description: doc.description ?? descriptionOf(doc.script),
      selection: null,
      inspection: null,
      fitRequest: s.fitRequest + 1,
      running: {},
    }));
    const active =
      doc.activeMachine && result.view.machines.includes(doc.activeMachine)
        ? doc.activeMachine
        : result.view.machines[0];
    const hist = historyFromScript(result.view.script);
    this.alertsSeen = undefined;
    this.applyView(result.view);
    this.terminals.sync(result.view.machines, result.view.prompts, hist);
    this.setActive(active, false);
    if (opts.scrollback) this.terminals.prefill(opts.scrollback);
    this.terminals.reset(result.view.prompts, opts.note ? `# ${opts.note}` : undefined, hist);
    if (!result.ok) {
      await set(`${KEY}:unreplayable:${Date.now()}`, doc).catch(() => {});
      const n = result.errors.length;
      toast(
        `${n} step${n > 1 ? "s" : ""} of this lab could not be replayed and ${n > 1 ? "were" : "was"} skipped (the original is kept aside): ${result.errors[0].line} — ${result.errors[0].message}`,
        "error",
        undefined,
        12000,
      );
    }
    await this.save();
    for (const fn of this.openListeners) fn(opened);
    return result.ok;
  }

  /** Called after every lab that opens (the lesson panel follows the document's lesson). */
  onOpen(fn: (doc: LabDoc) => void): () => void {
    this.openListeners.add(fn);
    return () => this.openListeners.delete(fn);
  }

  /** Changes the document's lesson or journey (saved, and carried by share links). */
  patchDoc(patch: Partial<Pick<LabDoc, "lesson" | "journey">>): void {
    this.doc = { ...this.doc, ...patch };
    void this.save();
  }

  async openStarter(lab: StarterLab): Promise<void> {
    const doc = await this.fetchStarter(lab.id);
    if (!doc) return;
    await this.open(doc, { note: `Opened the starter lab “${doc.title}”` });
    toast(`Opened “${doc.title}”. Your previous lab is kept.`, "info", {
      label: "Restore it",
      run: () => void this.restorePrevious(),
    });
  }

  private async fetchStarter(id: string): Promise<LabDoc | undefined> {
    try {
      const labs = store.getState().labs.length ? store.getState().labs : await this.loadLabIndex();
      const lab = labs.find((l) => l.id === id);
      if (!lab) {
        toast(`There is no starter lab “${id}”.`, "error");
        return undefined;
      }
      const res = await fetch(`${import.meta.env.BASE_URL}labs/${lab.file}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      const r = restore({ v: 1, script: text, seed: 1, title: lab.title, description: lab.description });
      if (!r.ok) throw new Error(r.error);
      return r.doc;
    } catch (e) {
      toast(`Could not load the starter lab: ${e instanceof Error ? e.message : String(e)}`, "error");
      return undefined;
    }
  }

  async loadLabIndex(): Promise<StarterLab[]> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}labs/index.json`);
      const list = (await res.json()) as unknown;
      const labs = Array.isArray(list)
        ? list
            .filter(
              (l): l is StarterLab =>
                typeof l?.id === "string" &&
                typeof l?.title === "string" &&
                typeof l?.file === "string" &&
                /^[\w.-]+\.sh$/.test(l.file),
            )
            .map((l) => ({ ...l, description: String(l.description ?? "") }))
        : [];
      store.setState({ labs });
      return labs;
    } catch {
      return [];
    }
  }

  async newLab(): Promise<void> {
    await this.open(emptyDoc(), { note: "New lab" });
    toast("Started a new lab. Your previous lab is kept.", "info", {
      label: "Restore it",
      run: () => void this.restorePrevious(),
    });
  }

  async restorePrevious(): Promise<void> {
    const raw = await get(PREVIOUS).catch(() => undefined);
    const r = restore(raw);
    if (!r.ok) {
      toast("There is no previous lab to restore.", "error");
      return;
    }
    await this.open(r.doc, { note: `Restored “${r.doc.title}”` });
  }

  /**
   * Opens pasted or dropped text (a link, a JSON export, a lab script); a lesson is handed back
   * to the caller. Refusals leave the current lab as it is.
   */
  async importText(
    text: string,
    name?: string,
  ): Promise<{ ok: true; lesson?: string } | { ok: false; error: string }> {
    const r = (await exporting()).parseImport(text, name);
    if (r.kind === "error") return { ok: false, error: r.error };
    if (r.kind === "lesson") return { ok: true, lesson: r.text };
    const title =
      r.doc.title === "Untitled lab" && name && r.from === "script"
        ? name.replace(/\.(sh|txt)$/, "").slice(0, 120)
        : r.doc.title;
    await this.open({ ...r.doc, title }, { note: `Imported ${name ?? `a lab (${r.from})`}` });
    toast(`Opened “${title}”. Your previous lab is kept.`, "info", {
      label: "Restore it",
      run: () => void this.restorePrevious(),
    });
    return { ok: true };
  }

  async importFile(file: File): Promise<{ ok: true; lesson?: string } | { ok: false; error: string }> {
    if (file.size > 4_000_000) return { ok: false, error: `${file.name} is too large for a lab` };
    return this.importText(await file.text(), file.name);
  }

  async exportScript(): Promise<void> {
    const { toShellScript, fileBase } = await exporting();
    const doc = this.currentDoc();
    download(`${fileBase(doc.title)}.sh`, toShellScript(doc), "text/x-shellscript");
  }

  async exportJson(): Promise<void> {
    const { toJson, fileBase } = await exporting();
    const doc = this.currentDoc();
    download(`${fileBase(doc.title)}.json`, toJson(doc), "application/json");
  }

  /** The share link of the lab as it is now (see share/link.ts). */
  async shareUrl(
    opts: { lesson?: boolean; journey?: boolean; present?: boolean; embed?: boolean } = {},
  ): Promise<string> {
    const { linkFor } = await sharing();
    const query = opts.embed ? "?embed" : opts.present ? "?present" : "";
    return linkFor(`${location.origin}${location.pathname}${query}`, this.currentDoc(), opts);
  }

  /**
   * Runs a script in the terminals, one command after the other as if typed (a lesson's
   * solution): `#@machine` switches the terminal, cables are laid as directives.
   */
  async runScript(script: string): Promise<void> {
    this.runningScript++;
    try {
      await this.runSteps(script);
    } finally {
      this.runningScript--;
      if (!this.runningScript) this.doneEarly.clear();
    }
  }

  private async runSteps(script: string): Promise<void> {
    let steps;
    try {
      steps = parseLab(script);
    } catch (e) {
      toast(e instanceof Error ? e.message : String(e), "error");
      return;
    }
    for (const step of steps) {
      if (step.kind === "machine") continue;
      if (step.kind !== "cmd") {
        const line =
          step.kind === "link"
            ? `#@link ${step.a.join(":")} ${step.b.join(":")}`
            : step.kind === "lan"
              ? `#@lan ${step.name} ${step.ends.map((e) => e.join(":")).join(" ")}`
              : clusterDirective(step);
        await this.runStep({ directive: line });
        continue;
      }
      if (store.getState().activeMachine !== step.machine) this.setActive(step.machine, false);
      const r = await this.api.submit(step.machine, step.line, { echo: true });
      const id = r.id;
      if (id === undefined) continue;
      if (this.doneEarly.has(id)) this.doneEarly.delete(id);
      else await new Promise<number>((resolve) => this.doneWaiters.set(id, resolve));
    }
  }

  // ---- events from the simulator ----

  private onEvents(events: SimEvent[]): void {
    // User Timing marks: the benchmark splits latency into worker round trip and rendering
    performance.mark("hopscope:events");
    this.terminals.handle(events);
    for (const ev of events) {
      if (ev.t === "done") {
        const waiter = this.doneWaiters.get(ev.id);
        if (waiter) {
          this.doneWaiters.delete(ev.id);
          waiter(ev.status);
        } else if (this.runningScript) this.doneEarly.set(ev.id, ev.status);
      }
      if (ev.t === "world") this.applyView(ev.view);
      else if (ev.t === "reset") {
        this.alertsSeen = undefined;
        this.applyView(ev.view);
        const hist = historyFromScript(ev.view.script);
        this.terminals.sync(ev.view.machines, ev.view.prompts, hist);
        this.terminals.reset(ev.view.prompts, ev.note ? `# ${ev.note}` : undefined, hist);
        const active = store.getState().activeMachine;
        if (!ev.view.machines.includes(active)) this.setActive(ev.view.machines[0]);
      }
    }
  }

  private applyView(view: WorldView): void {
    const s = store.getState();
    if (view.snapshot) this.announceAlerts(view.snapshot);
    // only what changed: a read-only command must not re-render the canvas
    const next: Partial<typeof s> = {};
    if (view.snapshot) next.snapshot = view.snapshot;
    if (!sameList(view.machines, s.machines)) next.machines = view.machines;
    if (!sameList(view.hidden, s.hidden)) next.hidden = view.hidden;
    if (!sameRecord(view.prompts, s.prompts)) next.prompts = view.prompts;
    if (view.canUndo !== s.canUndo) next.canUndo = view.canUndo;
    if (view.canRedo !== s.canRedo) next.canRedo = view.canRedo;
    if (view.busy !== s.busy) next.busy = view.busy;
    if (view.time !== s.time) next.time = view.time;
    if (view.script !== s.script) next.script = view.script;
    if (Object.keys(next).length) store.setState(next);
    for (const m of view.machines) if (!this.terminals.has(m)) this.terminals.get(m, view.prompts[m]);
    if (!view.machines.includes(s.activeMachine)) this.setActive(view.machines[0], false);
    if (!view.busy && view.script !== this.doc.script) {
      this.doc = { ...this.doc, script: view.script, seed: view.seed };
      void this.save();
    }
    this.scheduleInspect();
    if (view.busy && !this.liveTimer) this.liveTimer = setInterval(() => this.scheduleInspect(), 1000);
    else if (!view.busy && this.liveTimer) {
      clearInterval(this.liveTimer);
      this.liveTimer = undefined;
    }
  }

  /**
   * What the world reported besides command output (a broadcast storm): a toast, once each. A
   * rebuilt world (a lab opened, undo, a restart) numbers them again: what it holds when it
   * arrives is not news.
   */
  private announceAlerts(snap: WorldSnapshot): void {
    const alerts = snap.alerts ?? [];
    const last = alerts.at(-1)?.seq ?? 0;
    if (this.alertsSeen === undefined || last < this.alertsSeen) {
      this.alertsSeen = last;
      return;
    }
    for (const a of alerts)
      if (a.seq > this.alertsSeen)
        toast(
          `${a.text} (${a.machine === "fabric" ? "a lab switch" : `on ${a.machine}${a.netns === "root" ? "" : `, netns ${a.netns}`}`}). Linux would flood them forever.`,
          "error",
          undefined,
          10_000,
        );
    this.alertsSeen = last;
  }

  // ---- persistence ----

  /** The document as it is now: script, seed, layout, terminal in front, lesson, journey. */
  currentDoc(): LabDoc {
    const s = store.getState();
    return {
      ...this.doc,
      title: s.title,
      layout: { positions: s.positions },
      activeMachine: s.activeMachine,
    };
  }

  /** Autosave: after every command, every layout change, and when the page is hidden. */
  save(): Promise<void> {
    if (!this.persist) return this.saving;
    const doc = this.currentDoc();
    this.saving = this.saving.then(() => set(KEY, doc)).catch(() => {});
    this.saveScrollbackSoon();
    return this.saving;
  }

  /** The terminals' text, a moment after the last save (reading it is not free on a long session). */
  private saveScrollbackSoon(): void {
    clearTimeout(this.scrollbackTimer);
    this.scrollbackTimer = setTimeout(() => this.saveScrollback(), 1000);
  }

  private saveScrollback(): void {
    clearTimeout(this.scrollbackTimer);
    if (!this.persist || this.opening) return;
    const kept = (lines: number) =>
      JSON.stringify({ script: this.doc.script, terms: this.terminals.scrollback(lines) });
    let lines = SCROLLBACK_LINES;
    let json = kept(lines);
    while (json.length > SCROLLBACK_CHARS && lines > 8) json = kept((lines >>= 1));
    try {
      localStorage.setItem(SCROLLBACK, json);
    } catch {
      // full or blocked: the lab itself is saved anyway
    }
  }

  async clearStorage(): Promise<void> {
    await del(KEY);
    try {
      localStorage.removeItem(SCROLLBACK);
    } catch {
      // blocked
    }
  }

  // ---- UI actions ----

  setActive(machine: string, focus = true): void {
    if (!machine) return;
    store.setState({ activeMachine: machine });
    this.terminals.show(machine, focus);
  }

  setTitle(title: string): void {
    // the title travels in links, where markup is refused: refuse it here, not at the next reload
    if (MARKUP.test(title)) {
      toast("A lab's title cannot contain HTML markup (like “<b”); the title was not changed.", "error");
      return;
    }
    const t = title.trim().slice(0, 120) || "Untitled lab";
    store.setState({ title: t });
    void this.save();
  }

  async undo(): Promise<void> {
    const r = await this.api.undo();
    if (!r.ok)
      toast(
        r.reason === "a command is running"
          ? "Undo waits for the running command (Ctrl-C stops it)."
          : "Nothing to undo.",
      );
  }

  async redo(): Promise<void> {
    const r = await this.api.redo();
    if (!r.ok)
      toast(r.reason === "a command is running" ? "Redo waits for the running command." : "Nothing to redo.");
  }

  /**
   * Takes a machine or a lab switch out of the lab: no command does that, so its lines leave the
   * script, which is replayed (SimHost.remove); the terminal notes it, Undo brings it back.
   */
  async removeFromLab(what: Removal): Promise<boolean> {
    const r = await this.api.remove(what);
    const label = `${what.kind === "machine" ? "Machine" : "Switch"} ${what.name}`;
    if (!r.ok) {
      toast(`${label} was not taken out: ${r.error}.`, "error");
      return false;
    }
    this.select(null);
    toast(`${label} was taken out of the lab script.`, "info", {
      label: "Undo",
      run: () => void this.undo(),
    });
    return true;
  }

  /** Runs a canvas edit: its commands appear in the machine's terminal and in the lab script. */
  async perform(plan: Plan): Promise<boolean> {
    if (!plan.ok) {
      toast(plan.error, "error");
      return false;
    }
    for (const step of plan.steps) await this.runStep(step);
    return true;
  }

  private async runStep(step: Step): Promise<void> {
    if ("directive" in step) {
      const r = await this.api.directive(step.directive);
      if (!r.ok) {
        toast(r.error ?? "bad directive", "error");
        return;
      }
      const active = store.getState().activeMachine;
      const m = /^#@machine\s+(\S+)/.exec(step.directive);
      const t = this.terminals.terminal(active);
      if (t)
        t.reset(
          store.getState().prompts[active] ?? `root@${active}:~# `,
          `${step.directive}   # lab directive${m ? ": a new machine" : ": a cable"}`,
        );
      if (m) setTimeout(() => this.setActive(m[1]), 0);
      return;
    }
    const prompt = store.getState().prompts[step.machine] ?? "";
    if (/\[netns /.test(prompt) && !/^ip (-n |netns )/.test(step.line)) {
      toast(
        `The ${step.machine} terminal is inside a network namespace: type exit first, then try again.`,
        "error",
      );
      return;
    }
    if (store.getState().activeMachine !== step.machine) this.setActive(step.machine, false);
    await this.api.submit(step.machine, step.line, { echo: true });
  }

  /** Double-click on a machine: its terminal. On a netns: its terminal, entering the netns. */
  openTerminal(machine: string, netns?: string): void {
    this.setActive(machine);
    if (netns) {
      const t = this.terminals.terminal(machine);
      const prompt = store.getState().prompts[machine] ?? "";
      if (prompt.includes(`[netns ${netns}]`)) return;
      t?.run(`ip netns exec ${netns} bash`, true);
    }
  }

  select(sel: Selection | null): void {
    store.setState({ selection: sel, inspection: null });
    this.scheduleInspect(0);
  }

  setPositions(updates: Record<string, XY>): void {
    store.setState((s) => ({ positions: { ...s.positions, ...updates } }));
    void this.save();
  }

  resetLayout(): void {
    store.setState((s) => ({ positions: {}, fitRequest: s.fitRequest + 1 }));
    void this.save();
  }

  private scheduleInspect(delay = 60): void {
    clearTimeout(this.inspectTimer);
    this.inspectTimer = setTimeout(() => void this.inspect(), delay);
  }

  private async inspect(): Promise<void> {
    const sel = store.getState().selection;
    if (!sel || sel.kind === "switch") {
      if (store.getState().inspection) store.setState({ inspection: null });
      return;
    }
    const req = {
      machine: sel.machine,
      netns: sel.netns,
      device: sel.kind === "device" || sel.kind === "bridge" ? sel.device : undefined,
    };
    const r = await this.api.inspect(req);
    if (store.getState().selection !== sel) return;
    store.setState({ inspection: r });
  }
}

/** A link, file or stored lab that was refused: said in an alert, and the lab stays as it is. */
function refused(error: string): void {
  toast(`This shared link was not opened: ${error}. Your lab is unchanged.`, "error", undefined, 30_000);
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
