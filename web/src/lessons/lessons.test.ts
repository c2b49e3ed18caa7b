/**
 * Every built-in lesson (public/lessons) against the simulator: each step's checks fail on the lab
 * the step starts from and pass once its solution has run — so no check is one that cannot fail,
 * and every solution that "Replay" types really solves its step.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../../../sim-core/src/api/session";
import { parseLesson, startScript, joinScripts } from "./format";
import { evaluateChecks } from "./evaluate";
import { describeCheck } from "./checks";
import { parseLessonIndex } from "./index-file";

import lessonIndex from "../../../public/lessons/index.json";

const files = import.meta.glob<string>("../../../public/lessons/*.md", {
  query: "?raw",
  import: "default",
  eager: true,
});
const index = parseLessonIndex(lessonIndex);

function lines(script: string): number {
  return script.split("\n").filter((l) => l.trim() !== "").length;
}

function run(script: string) {
  const session = new Session({ seed: 1, script });
  return { session, script: session.script(), seed: 1 };
}

describe("built-in lessons", () => {
  it("the index lists the study path in order", () => {
    expect(index.map((l) => l.id)).toEqual([
      "veth-pair",
      "bridge-forward-drop",
      "routing",
      "nat-masquerade",
      "docker-bridge",
      "pause-containers",
      "flannel-vxlan",
      "mtu-1450",
    ]);
  });

  for (const entry of index) {
    it(`${entry.id}: each step fails before its solution and passes after it`, () => {
      const parsed = parseLesson(files[`../../../public/lessons/${entry.file}`]);
      if (!parsed.ok) throw new Error(`${entry.file}: ${parsed.error}`);
      const lesson = parsed.lesson;
      expect(lesson.title).toBe(entry.title);
      lesson.steps.forEach((step, k) => {
        const start = startScript(lesson, k);
        expect(step.solution, `step ${k + 1} has a solution`).toBeTruthy();
        expect(step.hints.length, `step ${k + 1} has a hint`).toBeGreaterThan(0);
        const before = evaluateChecks(run(start), step.checks, { since: lines(start), allProbes: true });
        expect(
          before.some((r) => !r.ok),
          `${entry.id} step ${k + 1} “${step.title}” passes before anything was done`,
        ).toBe(true);
        const solved = run(joinScripts(start, step.solution!));
        // `since` counts the session's own script lines (it adds #@machine lines where needed)
        const base = lines(run(start).script);
        const after = evaluateChecks(solved, step.checks, { since: base, allProbes: true });
        const failing = after
          .map((r, i) => (r.ok ? "" : `${describeCheck(step.checks[i])}: ${r.detail ?? "fails"}`))
          .filter(Boolean);
        expect(failing, `${entry.id} step ${k + 1} “${step.title}” after its solution`).toEqual([]);
      });
    });
  }
});
