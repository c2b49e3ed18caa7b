/**
 * The document: a lab script, its seed and its canvas layout (what the user dragged), plus the
 * terminal in front, the lesson being followed and a picked packet journey. Runtime state is never
 * stored. Every external input — IndexedDB, a share link, an imported file, a lesson — goes
 * through `restore`, which validates and normalises it, never throws, and refuses with one
 * sentence a person can act on.
 */
import { cleanText, isMachineName, MARKUP, MAX_COMMANDS, scriptProblem } from "../share/validate";
import { parseLesson, MAX_LESSON } from "../lessons/format";

export interface XY {
  x: number;
  y: number;
}

/** The lesson a lab follows: a built-in one by id, or one written by someone (its Markdown). */
export type LessonRef = ({ id: string; text?: undefined } | { text: string; id?: undefined }) & {
  /** The step shown (0-based). */
  step: number;
  /** Script lines that existed when the step began (`ran` checks look after them). */
  base?: number;
};

/**
 * A packet journey picked in the journey view, and the hop shown. Journeys are deterministic on
 * replay, so the command that sent the packet (its line in the script) and the journey id name it.
 */
export interface JourneyRef {
  line: number;
  jid: number;
  hop: number;
}

export interface LabDoc {
  v: 1;
  script: string;
  seed: number;
  title: string;
  /** The starter lab's description (the script's leading comment). */
  description?: string;
  layout: {
    /** Node id → position relative to its parent, for nodes the user dragged. */
    positions: Record<string, XY>;
  };
  /** The terminal tab in front. */
  activeMachine?: string;
  lesson?: LessonRef;
  journey?: JourneyRef;
}

export type Restored = { ok: true; doc: LabDoc; warnings: string[] } | { ok: false; error: string };

const MAX_POSITIONS = 20_000;
/** Canvas node ids: m:M, ns:M/NS, d:M/NS/DEV, sw:NAME. */
const NODE_ID = /^(m|ns|d|sw):[\w.@+:/-]{1,300}$/;

export function emptyDoc(): LabDoc {
  return { v: 1, script: "", seed: 1, title: "Untitled lab", layout: { positions: {} } };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function isInt(x: unknown, min: number, max: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= min && x <= max;
}

/** Validates anything that claims to be a lab document. */
export function restore(input: unknown): Restored {
  const warnings: string[] = [];
  if (typeof input === "string") {
    // a bare script (an imported .sh file)
    return restore({ v: 1, script: input, seed: 1, title: titleOf(input) });
  }
  if (!isObj(input)) return { ok: false, error: "this is not a lab" };
  if (input.v !== 1)
    return {
      ok: false,
      error:
        typeof input.v === "number" && input.v > 1
          ? `this lab was saved by a newer Hopscope (document version ${input.v})`
          : "this is not a lab (no document version)",
    };
  if (typeof input.script !== "string") return { ok: false, error: "the lab has no script" };
  const script = input.script.replace(/\r\n?/g, "\n");
  const problem = scriptProblem(script);
  if (problem) return { ok: false, error: problem };
  let seed = 1;
  if (input.seed !== undefined) {
    if (isInt(input.seed, 0, 0xffffffff)) seed = input.seed;
    else warnings.push("invalid seed replaced by 1");
  }
  const title = cleanText(input.title, "lab's title", 120);
  if (!title.ok) return title;
  const description = cleanText(input.description, "lab's description", 2000);
  if (!description.ok) return description;
  const positions: Record<string, XY> = {};
  const layout = isObj(input.layout) ? input.layout : undefined;
  if (layout && isObj(layout.positions)) {
    let n = 0;
    for (const [id, p] of Object.entries(layout.positions)) {
      if (MARKUP.test(id)) return { ok: false, error: "the lab's layout names a node with HTML markup" };
      if (n >= MAX_POSITIONS) {
        warnings.push("too many node positions; the rest are laid out automatically");
        break;
      }
      if (!NODE_ID.test(id) || !isObj(p)) continue;
      const { x, y } = p;
      if (
        typeof x !== "number" ||
        typeof y !== "number" ||
        !Number.isFinite(x) ||
        !Number.isFinite(y) ||
        Math.abs(x) > 1e6 ||
        Math.abs(y) > 1e6
      )
        continue;
      positions[id] = { x, y };
      n++;
    }
  }
  if (input.activeMachine !== undefined && !isMachineName(input.activeMachine))
    return { ok: false, error: "the lab names its terminal with characters a machine name cannot have" };
  const activeMachine = input.activeMachine;
  const doc: LabDoc = {
    v: 1,
    script,
    seed,
    title: title.text ?? titleOf(script),
    description: description.text,
    layout: { positions },
    activeMachine,
  };
  if (input.lesson !== undefined) {
    const l = restoreLesson(input.lesson);
    if (typeof l === "string") return { ok: false, error: l };
    doc.lesson = l;
  }
  if (input.journey !== undefined) {
    const j = input.journey;
    if (
      isObj(j) &&
      isInt(j.line, 0, MAX_COMMANDS * 2) &&
      isInt(j.jid, 0, 2 ** 31) &&
      isInt(j.hop, 0, 100_000)
    )
      doc.journey = { line: j.line, jid: j.jid, hop: j.hop };
    else warnings.push("the picked packet journey could not be read and was left out");
  }
  return { ok: true, doc, warnings };
}

function restoreLesson(l: unknown): LessonRef | string {
  if (!isObj(l)) return "the lesson reference is not readable";
  const step = isInt(l.step, 0, 39) ? l.step : 0;
  const base = isInt(l.base, 0, MAX_COMMANDS * 2) ? l.base : undefined;
  if (typeof l.id === "string") {
    if (!/^[\w-]{1,64}$/.test(l.id)) return "the lesson's name has characters a lesson name cannot have";
    return { id: l.id, step, base };
  }
  if (typeof l.text === "string") {
    if (l.text.length > MAX_LESSON) return "the lesson is too long";
    const parsed = parseLesson(l.text);
    if (!parsed.ok) return `the lesson cannot be read: ${parsed.error}`;
    return { text: l.text, step: Math.min(step, parsed.lesson.steps.length - 1), base };
  }
  return "the lesson reference names no lesson";
}

/** A lab's title: its first comment line, else "Untitled lab". */
export function titleOf(script: string): string {
  for (const line of script.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith("#@")) continue;
    if (t.startsWith("#!")) continue;
    if (t.startsWith("#")) {
      const text = cleanText(t.replace(/^#+\s*/, ""), "title", 120);
      return (text.ok && text.text) || "Untitled lab";
    }
    break;
  }
  return "Untitled lab";
}

/** The leading comment block of a script (a starter lab's explanation). */
export function descriptionOf(script: string): string {
  const out: string[] = [];
  for (const line of script.split("\n")) {
    const t = line.trim();
    if (t.startsWith("#!")) continue;
    if (t.startsWith("#@")) break;
    if (!t.startsWith("#")) break;
    out.push(t.replace(/^#\s?/, ""));
  }
  return out.join(" ");
}
