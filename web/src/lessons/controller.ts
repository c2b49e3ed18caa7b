/**
 * The lesson being followed: which step is shown, its checks evaluated by the simulator after
 * every command (in the worker, see evaluate.ts), hints revealed one at a time, the solution
 * replayed into the terminals, progress kept in this browser. The lesson is part of the lab
 * document (`LabDoc.lesson`), so reloading, sharing and exporting JSON keep it. Plain class; the
 * lesson panel reads its store.
 */
import { createStore } from "zustand/vanilla";
import type { LabController } from "../engine/lab";
import { store as labStore, toast } from "../engine/store";
import type { LabDoc, LessonRef } from "../engine/doc";
import { restore } from "../engine/doc";
import { parseLesson, startScript, lessonKey, type Lesson } from "./format";
import { parseLessonIndex, type LessonEntry } from "./index-file";
import type { CheckResult } from "./checks";

export interface ActiveLesson {
  /** Progress key: the built-in id, or custom-HASH of the text. */
  key: string;
  id?: string;
  text?: string;
  lesson: Lesson;
  step: number;
  /** Script lines that existed when the step began. */
  base: number;
  results: CheckResult[] | null;
  checking: boolean;
  hints: number;
  solution: boolean;
  /** Steps completed (kept in localStorage). */
  done: number[];
}

export interface LessonState {
  index: LessonEntry[];
  active: ActiveLesson | null;
  /** Completed step counts of the built-in lessons, for the menu. */
  progress: Record<string, { done: number; steps: number }>;
}

export const lessonStore = createStore<LessonState>(() => ({ index: [], active: null, progress: {} }));

const PROGRESS = "hopscope:lesson:";

function lineCount(script: string): number {
  return script.split("\n").filter((l) => l.trim() !== "").length;
}

function readProgress(key: string): { done: number[]; step: number; steps: number } {
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(PROGRESS + key) ?? "null") as unknown;
    if (raw && typeof raw === "object") {
      const r = raw as Record<string, unknown>;
      const done = Array.isArray(r.done)
        ? r.done.filter((n): n is number => Number.isInteger(n) && n >= 0 && n < 40)
        : [];
      const step = Number.isInteger(r.step) ? (r.step as number) : 0;
      const steps = Number.isInteger(r.steps) ? (r.steps as number) : 0;
      return { done, step, steps };
    }
  } catch {
    // unreadable progress: start over
  }
  return { done: [], step: 0, steps: 0 };
}

export class LessonController {
  private seq = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private texts = new Map<string, string>();
  /** The step whose lab is loading, and the step asked for meanwhile (see openStep). */
  private nav?: { step: number; done: Promise<void> };
  private queued?: number;
  /** The last opened document's lesson being followed (see follow). */
  private following: Promise<void> = Promise.resolve();

  constructor(private readonly lab: LabController) {}

  start(): void {
    // `?lesson=ID` opens that lesson as the first lab, instead of the lab kept from before (which
    // stays the "previous" lab); the lab kept from before is that lesson already: it continues
    this.lab.requestInitial(async (stored) => {
      const url = new URL(location.href);
      const id = url.searchParams.get("lesson");
      if (id === null) return undefined;
      url.searchParams.delete("lesson");
      history.replaceState(null, "", url.pathname + url.search + url.hash);
      if (!/^[\w-]{1,64}$/.test(id)) return undefined;
      if (stored?.lesson?.id === id) return { doc: stored };
      const text = await this.fetchText(id);
      return text ? this.stepDoc({ id, text }) : undefined;
    });
    void this.loadIndex();
    this.lab.onOpen((doc) => {
      this.following = this.follow(doc);
    });
    // evaluate after every finished command (the script changes) and when the world goes idle
    labStore.subscribe((s, prev) => {
      if (!this.state.active) return;
      if (s.script !== prev.script || (prev.busy && !s.busy)) this.schedule();
    });
    void this.lab.start();
  }

  get state(): LessonState {
    return lessonStore.getState();
  }

  async loadIndex(): Promise<LessonEntry[]> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}lessons/index.json`);
      const index = parseLessonIndex(await res.json());
      const progress: LessonState["progress"] = {};
      for (const e of index) {
        const p = readProgress(e.id);
        progress[e.id] = { done: p.done.length, steps: p.steps };
      }
      lessonStore.setState({ index, progress });
      return index;
    } catch {
      return [];
    }
  }

  private async fetchText(id: string): Promise<string | undefined> {
    const cached = this.texts.get(id);
    if (cached) return cached;
    const index = this.state.index.length ? this.state.index : await this.loadIndex();
    const entry = index.find((e) => e.id === id);
    if (!entry) {
      toast(`There is no lesson “${id}”.`, "error");
      return undefined;
    }
    try {
      const res = await fetch(`${import.meta.env.BASE_URL}lessons/${entry.file}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const text = await res.text();
      this.texts.set(id, text);
      return text;
    } catch (e) {
      toast(`Could not load the lesson: ${e instanceof Error ? e.message : String(e)}`, "error");
      return undefined;
    }
  }

  /** Opens a built-in lesson where the learner left it (its first unfinished step). */
  async openById(id: string): Promise<void> {
    const text = await this.fetchText(id);
    if (text) await this.begin({ id, text });
  }

  /** Opens a lesson someone wrote (a file, the editor): the text is validated first. */
  async openText(text: string): Promise<boolean> {
    const parsed = parseLesson(text);
    if (!parsed.ok) {
      toast(`This lesson cannot be opened: ${parsed.error}`, "error", undefined, 15_000);
      return false;
    }
    await this.begin({ text });
    return true;
  }

  private async begin(src: { id?: string; text: string }): Promise<void> {
    const d = this.stepDoc(src);
    if (d) await this.openStep(d.doc, d.step, d.note);
  }

  /** The lab a lesson starts from: the step where the learner left it (undefined: refused). */
  private stepDoc(src: {
    id?: string;
    text: string;
  }): { doc: LabDoc; note: string; step: number } | undefined {
    const parsed = parseLesson(src.text);
    if (!parsed.ok) {
      toast(`This lesson cannot be opened: ${parsed.error}`, "error", undefined, 15_000);
      return undefined;
    }
    const key = src.id ?? lessonKey(src.text);
    const p = readProgress(key);
    const steps = parsed.lesson.steps.length;
    const step = Math.min(p.step, steps - 1);
    const ref: LessonRef = src.id ? { id: src.id, step } : { text: src.text, step };
    const doc = this.docFor(parsed.lesson, ref, step);
    return doc ? { doc, note: `Lesson: ${parsed.lesson.title}`, step } : undefined;
  }

  private docFor(lesson: Lesson, ref: LessonRef, step: number): LabDoc | undefined {
    const script = startScript(lesson, step);
    const r = restore({ v: 1, script, seed: 1, title: lesson.title });
    if (!r.ok) {
      toast(`This lesson's lab cannot be opened: ${r.error}`, "error");
      return undefined;
    }
    return { ...r.doc, lesson: { ...ref, step, base: undefined } };
  }

  /** Replaces the lab with the lab a step starts from. */
  private async loadStep(lesson: Lesson, ref: LessonRef, step: number): Promise<void> {
    const doc = this.docFor(lesson, ref, step);
    if (doc) await this.openStep(doc, step, `Lesson step ${step + 1}: ${lesson.steps[step].title}`);
  }

  /**
   * Opens a step's lab. One at a time: a step asked for while a lab loads (a clicker's PageDown)
   * is queued, the last one asked for wins, and it opens once the loading one is there.
   */
  private openStep(doc: LabDoc, step: number, note: string): Promise<void> {
    const nav = { step } as { step: number; done: Promise<void> };
    this.nav = nav;
    nav.done = (async () => {
      try {
        await this.lab.open(doc, { note });
        await this.following;
      } finally {
        if (this.nav === nav) {
          this.nav = undefined;
          const q = this.queued;
          this.queued = undefined;
          const a = this.state.active;
          if (q !== undefined && a && q !== a.step) await this.goto(q);
        }
      }
    })();
    return nav.done;
  }

  /** Follows the document that was just opened: its lesson (or none). */
  private async follow(doc: LabDoc): Promise<void> {
    const ref = doc.lesson;
    if (!ref) {
      if (this.state.active) lessonStore.setState({ active: null });
      return;
    }
    const text = ref.text ?? (ref.id ? await this.fetchText(ref.id) : undefined);
    const parsed = text ? parseLesson(text) : undefined;
    if (!text || !parsed?.ok) {
      lessonStore.setState({ active: null });
      this.lab.patchDoc({ lesson: undefined });
      return;
    }
    const key = ref.id ?? lessonKey(text);
    const step = Math.min(ref.step, parsed.lesson.steps.length - 1);
    const base = ref.base ?? lineCount(labStore.getState().script);
    lessonStore.setState({
      active: {
        key,
        id: ref.id,
        text: ref.id ? undefined : text,
        lesson: parsed.lesson,
        step,
        base,
        results: null,
        checking: false,
        hints: 0,
        solution: false,
        done: readProgress(key).done,
      },
    });
    this.persist();
    this.schedule(0);
  }

  private persist(): void {
    const a = this.state.active;
    if (!a) return;
    this.lab.patchDoc({
      lesson: a.id ? { id: a.id, step: a.step, base: a.base } : { text: a.text!, step: a.step, base: a.base },
    });
    try {
      globalThis.localStorage?.setItem(
        PROGRESS + a.key,
        JSON.stringify({ done: a.done, step: a.step, steps: a.lesson.steps.length }),
      );
    } catch {
      // storage full or blocked: progress lives until the tab closes
    }
    if (a.id)
      lessonStore.setState((s) => ({
        progress: { ...s.progress, [a.id!]: { done: a.done.length, steps: a.lesson.steps.length } },
      }));
  }

  private schedule(ms = 40): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.evaluate(), ms);
  }

  /** Asks the simulator whether the step's checks pass. */
  async evaluate(): Promise<void> {
    const a = this.state.active;
    if (!a) return;
    // a lab is being opened: the step it belongs to follows when it is there
    if (this.lab.opening) return;
    const seq = ++this.seq;
    const step = a.lesson.steps[a.step];
    lessonStore.setState({ active: { ...a, checking: true } });
    let results: CheckResult[] | null;
    try {
      results = await this.lab.api.evaluate(step.checks, { since: a.base });
    } catch (e) {
      results = step.checks.map(() => ({ ok: false, detail: `could not check: ${String(e)}` }));
    }
    const now = this.state.active;
    if (seq !== this.seq || !now || now.key !== a.key || now.step !== a.step || this.lab.opening) return;
    if (results === null) {
      // a command is running: the subscription evaluates again when it finishes
      lessonStore.setState({ active: { ...now, checking: false } });
      return;
    }
    const passed = results.every((r) => r.ok);
    const done =
      passed && !now.done.includes(now.step) ? [...now.done, now.step].sort((x, y) => x - y) : now.done;
    lessonStore.setState({ active: { ...now, results, checking: false, done } });
    if (done !== now.done) this.persist();
  }

  /** True when every check of the shown step passes. */
  get passed(): boolean {
    const r = this.state.active?.results;
    return !!r && r.length > 0 && r.every((x) => x.ok);
  }

  /**
   * The next step. After the learner solved the current one, the next continues on their lab
   * (unless it has a prepared lab of its own); otherwise the next step's prepared lab opens.
   */
  async next(): Promise<void> {
    if (this.nav) return this.queue(1);
    const a = this.state.active;
    if (!a || a.step >= a.lesson.steps.length - 1) return;
    const target = a.step + 1;
    if (this.passed && a.lesson.steps[target].setup === undefined) {
      lessonStore.setState({
        active: {
          ...a,
          step: target,
          base: lineCount(labStore.getState().script),
          results: null,
          hints: 0,
          solution: false,
        },
      });
      this.persist();
      this.schedule(0);
      return;
    }
    await this.goto(target);
  }

  async prev(): Promise<void> {
    if (this.nav) return this.queue(-1);
    const a = this.state.active;
    if (a && a.step > 0) await this.goto(a.step - 1);
  }

  /** Opens a step from its prepared lab (the current lab is kept as "previous"). */
  async goto(step: number): Promise<void> {
    const a = this.state.active;
    if (!a || step < 0 || step >= a.lesson.steps.length) return;
    if (this.nav) {
      this.queued = step;
      return this.nav.done;
    }
    const ref: LessonRef = a.id ? { id: a.id, step } : { text: a.text!, step };
    await this.loadStep(a.lesson, ref, step);
  }

  /** A step move asked for while a step's lab loads: from the step it will be on then. */
  private queue(by: number): Promise<void> {
    const nav = this.nav!;
    const a = this.state.active;
    const last = (a?.lesson.steps.length ?? 1) - 1;
    this.queued = Math.max(0, Math.min(last, (this.queued ?? nav.step) + by));
    return nav.done;
  }

  restartStep(): Promise<void> {
    return this.goto(this.state.active?.step ?? 0);
  }

  showHint(): void {
    const a = this.state.active;
    if (!a) return;
    const max = a.lesson.steps[a.step].hints.length;
    lessonStore.setState({ active: { ...a, hints: Math.min(max, a.hints + 1) } });
  }

  toggleSolution(): void {
    const a = this.state.active;
    if (a) lessonStore.setState({ active: { ...a, solution: !a.solution } });
  }

  /** Types the step's solution into the terminals, command after command. */
  async replaySolution(): Promise<void> {
    const a = this.state.active;
    const solution = a?.lesson.steps[a.step].solution;
    if (!a || !solution) return;
    if (labStore.getState().busy) {
      toast("A command is still running (Ctrl-C stops it).");
      return;
    }
    await this.lab.runScript(solution);
  }

  close(): void {
    lessonStore.setState({ active: null });
    this.lab.patchDoc({ lesson: undefined });
  }
}
