/**
 * Runs fuzz cases against a Session exactly as the app's worker drives it (Run.advance in slices
 * with an event budget, Ctrl-C when a command runs too long) and checks the properties:
 *
 * - nothing throws out of the simulator;
 * - every slice returns promptly and every command ends, by itself or at Ctrl-C, within a bounded
 *   number of slices (an unbounded loop inside one event or one command is a hang);
 * - no JavaScript error leaks into the output (`TypeError`, `undefined`, `NaN`, `[object …]`):
 *   the real tools answer with their own messages;
 * - the world stays consistent (debug/invariants.ts) after every command.
 */
import { performance } from "node:perf_hooks";
import { Session } from "../../src/api/session";
import { NS_PER_S } from "../../src/engine/scheduler";
import { InvariantChecker } from "../../src/debug/invariants";
import type { Corpus } from "./corpus";
import { mutate, type FuzzCommand } from "./mutate";

export interface FuzzCase {
  lab: number;
  /** How much of the lab to replay first (a fraction in thousandths). */
  prefix: number;
  seed: number;
  cmds: FuzzCommand[];
}

export type FailureKind = "throw" | "hang" | "slow-slice" | "js-error-output" | "invariant";

export interface Failure {
  kind: FailureKind;
  /** Groups failures that are the same bug. */
  signature: string;
  line: string;
  machine: string;
  detail: string;
  /** The lab and the commands before this one (to reproduce). */
  lab: string;
  before: string[];
}

export interface CaseStats {
  commands: number;
  failures: Failure[];
  /** Longest wall time of one command (including its Ctrl-C), ms. */
  worstCommandMs: number;
  worstCommand: string;
  /** Where the worst command ran: its lab and how many steps and commands came before it. */
  worstCommandWhere: string;
  /** Longest single Run.advance call, ms, and the command it belonged to. */
  worstSliceMs: number;
  worstSliceCommand: string;
  interrupted: number;
}

export interface HarnessOptions {
  /** Virtual time after which a command gets Ctrl-C. */
  virtualLimit?: number;
  /** Events per Run.advance call (the worker's slice). */
  sliceEvents?: number;
  /** Wall ms after which a command gets Ctrl-C. */
  wallLimitMs?: number;
  /** Wall ms a command may still take after Ctrl-C before it counts as a hang. */
  hangMs?: number;
  /** Wall ms one advance call may take before it counts as a slow slice. */
  slowSliceMs?: number;
  /** Check invariants after every command (default true). */
  invariants?: boolean;
  /** Called before each command (the long run writes it down: a hang is then named). */
  onCommand?: (lab: string, machine: string, line: string) => void;
}

/** What a JavaScript error looks like when it leaks into a tool's output. */
const JS_ERROR =
  /\b(TypeError|ReferenceError|RangeError|InternalError|Cannot read propert|Cannot set propert|is not a function|is not iterable|Maximum call stack|Invalid array length|Invalid string length|undefined|NaN|\[object [A-Z]\w*\]|internal error)\b/;

export function materialize(corpus: Corpus, c: FuzzCommand): string {
  const base = corpus.lines[c.base % corpus.lines.length];
  return mutate(base, c.muts, corpus.lines);
}

export function runCase(corpus: Corpus, fc: FuzzCase, opts: HarnessOptions = {}): CaseStats {
  const virtualLimit = opts.virtualLimit ?? 20 * NS_PER_S;
  const sliceEvents = opts.sliceEvents ?? 2000;
  const wallLimitMs = opts.wallLimitMs ?? 1500;
  const hangMs = opts.hangMs ?? 3000;
  const slowSliceMs = opts.slowSliceMs ?? 1000;
  const lab = corpus.labs[fc.lab % corpus.labs.length];
  const stats: CaseStats = {
    commands: 0,
    failures: [],
    worstCommandMs: 0,
    worstCommand: "",
    worstCommandWhere: "",
    worstSliceMs: 0,
    worstSliceCommand: "",
    interrupted: 0,
  };
  const before: string[] = [];
  const fail = (kind: FailureKind, line: string, machine: string, detail: string, sig?: string) => {
    stats.failures.push({
      kind,
      signature: `${kind}: ${sig ?? detail}`,
      line,
      machine,
      detail,
      lab: lab.name,
      before: [...before],
    });
  };
  let session: Session;
  try {
    session = new Session({ seed: fc.seed });
  } catch (e) {
    fail("throw", "(new Session)", "host", String(e));
    return stats;
  }
  const checker = new InvariantChecker(session.world);
  const check = (line: string, machine: string) => {
    if (opts.invariants === false) return;
    for (const v of checker.check()) fail("invariant", line, machine, v.detail, v.rule);
  };

  /** One command, sliced as the worker slices it; false when the session is unusable after it. */
  const runOne = (machine: string, line: string, prelude: boolean): boolean => {
    let out = "";
    let run;
    opts.onCommand?.(lab.name, machine, line);
    const t0 = performance.now();
    try {
      run = session.run(machine, line, (s) => {
        if (out.length < 1 << 20) out += s;
      });
    } catch (e) {
      fail("throw", line, machine, errText(e), errSig(e));
      return false;
    }
    let interruptedAt: number | undefined;
    let slices = 0;
    for (;;) {
      const s0 = performance.now();
      let done: boolean;
      try {
        done = run.advance(run.started + virtualLimit, sliceEvents);
      } catch (e) {
        fail("throw", line, machine, errText(e), errSig(e));
        return false;
      }
      const now = performance.now();
      slices++;
      if (now - s0 > stats.worstSliceMs) {
        stats.worstSliceMs = now - s0;
        stats.worstSliceCommand = line;
      }
      if (now - s0 > slowSliceMs)
        fail(
          "slow-slice",
          line,
          machine,
          `one advance() took ${(now - s0).toFixed(0)} ms`,
          "advance() slice too long",
        );
      if (done) break;
      const w = session.world.sched.now;
      if (interruptedAt === undefined) {
        if (w >= run.started + virtualLimit || now - t0 > wallLimitMs) {
          interruptedAt = now;
          stats.interrupted++;
          run.interrupt();
        }
      } else {
        run.interrupt();
        if (now - interruptedAt > hangMs || slices > 1_000_000) {
          fail(
            "hang",
            line,
            machine,
            `still running ${(now - interruptedAt).toFixed(0)} ms after Ctrl-C`,
            "does not end at Ctrl-C",
          );
          return false;
        }
      }
    }
    const ms = performance.now() - t0;
    if (!prelude) {
      stats.commands++;
      if (ms > stats.worstCommandMs) {
        stats.worstCommandMs = ms;
        stats.worstCommand = line;
        stats.worstCommandWhere = `lab ${lab.name}, ${machine}, after ${before.length} lines`;
      }
      const m = JS_ERROR.exec(out);
      // a word of the command line echoed back (an argument the tool quotes) is not a leak
      if (m && !line.includes(m[1])) fail("js-error-output", line, machine, out.slice(0, 400), m[1]);
    }
    check(line, machine);
    return true;
  };

  // the lab's first steps build a world worth breaking
  const cmdSteps = lab.steps.length;
  const upto = Math.floor(((fc.prefix % 1001) / 1000) * cmdSteps);
  for (const step of lab.steps.slice(0, upto)) {
    try {
      if (step.kind === "cmd") {
        if (!runOne(step.machine, step.line, true)) return stats;
      } else session.directive(step);
    } catch (e) {
      fail("throw", `#@${step.kind}`, "", errText(e), errSig(e));
      return stats;
    }
    before.push(step.kind === "cmd" ? step.line : `#@${step.kind}`);
  }
  for (const c of fc.cmds) {
    const line = materialize(corpus, c);
    const machine = lab.machines[c.machine % lab.machines.length];
    if (!line.trim() || session.needsMore(line)) {
      // the terminal would ask for more; the lab runner would run it as is: run it as is
    }
    if (!runOne(machine, line, false)) return stats;
    before.push(line);
  }
  return stats;
}

function errText(e: unknown): string {
  return e instanceof Error
    ? `${e.name}: ${e.message}\n${(e.stack ?? "").split("\n").slice(1, 6).join("\n")}`
    : String(e);
}

/** The error's message and the first frame of its stack inside sim-core. */
function errSig(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frame = (e.stack ?? "").split("\n").find((l) => l.includes("/sim-core/src/")) ?? "";
  const where = /\/sim-core\/src\/([^:)]+:\d+)/.exec(frame)?.[1] ?? "";
  return `${e.name}: ${e.message.replace(/\d+/g, "N").slice(0, 80)} @ ${where}`;
}
