/**
 * The lesson file format: one Markdown file (public/lessons/NAME.md), easy to write in any editor.
 *
 *   # Lesson title
 *   Introduction (Markdown).
 *   ```setup            optional: the lab the lesson starts from (a lab script)
 *   ```
 *   ## Step title
 *   What to do and why (Markdown; ```sh blocks are shown as code).
 *   ```setup            optional: this step starts from this lab instead of the previous step's end
 *   ```check            one check a line (see checks.ts); the step is done when all pass
 *   ```hint             one hint a block, revealed one at a time (Markdown)
 *   ```solution         the commands that solve the step; "Replay" types them into the terminals
 *
 * A step without a setup starts where the previous one ended: the lesson's setup plus the
 * solutions of the steps before it (`startScript`). Raw HTML is refused: lessons travel in links.
 */
import { parseCheck, CheckSyntaxError, type Check } from "./checks";
import { MARKUP, scriptProblem } from "../share/validate";

export interface LessonStep {
  title: string;
  /** Markdown. */
  body: string;
  setup?: string;
  checks: Check[];
  hints: string[];
  solution?: string;
}

export interface Lesson {
  title: string;
  intro: string;
  setup?: string;
  steps: LessonStep[];
}

export type ParsedLesson = { ok: true; lesson: Lesson } | { ok: false; error: string };

export const MAX_LESSON = 100_000;
const MAX_STEPS = 40;
const MAX_CHECKS = 40;
const BLOCKS = ["setup", "check", "hint", "solution"] as const;
type BlockKind = (typeof BLOCKS)[number];

/** Parses and validates a lesson; never throws. */
export function parseLesson(text: unknown): ParsedLesson {
  if (typeof text !== "string") return { ok: false, error: "the lesson is not text" };
  if (text.length > MAX_LESSON)
    return { ok: false, error: `the lesson is too long (at most ${MAX_LESSON / 1000} kB)` };
  // eslint-disable-next-line no-control-regex -- tabs and newlines only
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text))
    return { ok: false, error: "the lesson contains control characters" };
  try {
    return { ok: true, lesson: parse(text.replace(/\r\n?/g, "\n")) };
  } catch (e) {
    if (e instanceof LessonError) return { ok: false, error: e.message };
    throw e;
  }
}

class LessonError extends Error {}

function parse(text: string): Lesson {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && !lines[i].trim()) i++;
  const head = /^#\s+(.+)$/.exec(lines[i] ?? "");
  if (!head) throw new LessonError("a lesson starts with its title: a line “# Title”");
  const lesson: Lesson = { title: head[1].trim().slice(0, 120), intro: "", steps: [] };
  checkMarkup(lesson.title, i + 1);
  let step: LessonStep | undefined;
  let body: string[] = [];
  const flushBody = () => {
    const md = body.join("\n").trim();
    if (step) step.body = md;
    else lesson.intro = md;
    body = [];
  };
  for (i++; i < lines.length; i++) {
    const line = lines[i];
    const h2 = /^##\s+(.+)$/.exec(line);
    if (h2) {
      flushBody();
      if (lesson.steps.length >= MAX_STEPS) throw new LessonError(`a lesson has at most ${MAX_STEPS} steps`);
      checkMarkup(h2[1], i + 1);
      step = { title: h2[1].trim().slice(0, 120), body: "", checks: [], hints: [] };
      lesson.steps.push(step);
      continue;
    }
    const fence = /^(`{3,}|~{3,})\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      const close = fence[1];
      const start = i;
      const content: string[] = [];
      for (
        i++;
        i < lines.length && !(lines[i].startsWith(close) && !lines[i].slice(close.length).trim());
        i++
      )
        content.push(lines[i]);
      if (i >= lines.length) throw new LessonError(`line ${start + 1}: a code block is not closed`);
      const kind = fence[2] as BlockKind;
      if (!BLOCKS.includes(kind)) {
        body.push(line, ...content, lines[i]);
        continue;
      }
      block(lesson, step, kind, content, start + 2);
      continue;
    }
    checkMarkup(line, i + 1);
    body.push(line);
  }
  flushBody();
  if (!lesson.steps.length)
    throw new LessonError("a lesson needs at least one step (a “## Step title” line)");
  for (const [n, s] of lesson.steps.entries())
    if (!s.checks.length) throw new LessonError(`step ${n + 1} (“${s.title}”) has no checks`);
  return lesson;
}

function block(
  lesson: Lesson,
  step: LessonStep | undefined,
  kind: BlockKind,
  content: string[],
  line: number,
): void {
  const text = content.join("\n").trim();
  const where = step ? `step “${step.title}”` : "the introduction";
  switch (kind) {
    case "setup":
    case "solution": {
      const problem = scriptProblem(text);
      if (problem) throw new LessonError(`the ${kind} of ${where}: ${problem}`);
      const script = text ? text + "\n" : "";
      if (kind === "setup") {
        if (step) step.setup = script;
        else lesson.setup = script;
      } else {
        if (!step) throw new LessonError(`line ${line}: a solution belongs to a step`);
        step.solution = script;
      }
      return;
    }
    case "check":
      if (!step) throw new LessonError(`line ${line}: checks belong to a step`);
      content.forEach((l, k) => {
        if (!l.trim() || l.trim().startsWith("//")) return;
        try {
          step.checks.push(parseCheck(l));
        } catch (e) {
          if (e instanceof CheckSyntaxError) throw new LessonError(`line ${line + k}: ${e.message}`);
          throw e;
        }
      });
      if (step.checks.length > MAX_CHECKS)
        throw new LessonError(`${where} has more than ${MAX_CHECKS} checks`);
      return;
    case "hint":
      if (!step) throw new LessonError(`line ${line}: hints belong to a step`);
      content.forEach((l, k) => checkMarkup(l, line + k));
      if (text) step.hints.push(text);
      return;
  }
}

/** Markup outside `code` is refused (lessons are shown as text, but a link must not carry HTML). */
function checkMarkup(line: string, n: number): void {
  const outsideCode = line.replace(/`[^`]*`/g, "");
  if (MARKUP.test(outsideCode))
    throw new LessonError(
      `line ${n}: HTML is not allowed in a lesson (write Markdown; put commands in backticks)`,
    );
}

/** The lab a step starts from: its own setup, else the previous step's start plus its solution. */
export function startScript(lesson: Lesson, index: number): string {
  let script = lesson.setup ?? "";
  for (let k = 0; k <= index && k < lesson.steps.length; k++) {
    const s = lesson.steps[k];
    if (s.setup !== undefined) script = s.setup;
    if (k < index) script = joinScripts(script, s.solution ?? "");
  }
  return script;
}

/** Appends a script to another; the second continues on the machine the first ended on unless it says. */
export function joinScripts(a: string, b: string): string {
  if (!b.trim()) return a;
  if (!a.trim()) return b;
  const sep = a.endsWith("\n") ? "" : "\n";
  const firstCmd = b.split("\n").find((l) => l.trim() && !/^\s*#(?!@)/.test(l)) ?? "";
  // a solution without a #@machine line runs on host, as a fresh script would
  const prefix = /^\s*#@machine\s/.test(firstCmd) || lastMachine(a) === "host" ? "" : "#@machine host\n";
  return a + sep + prefix + b;
}

function lastMachine(script: string): string {
  let m = "host";
  for (const l of script.split("\n")) {
    const x = /^\s*#@machine\s+(\S+)/.exec(l);
    if (x) m = x[1];
  }
  return m;
}

/** A short stable key for a lesson's text (progress of a lesson opened from a link or a file). */
export function lessonKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `custom-${(h >>> 0).toString(36)}`;
}
