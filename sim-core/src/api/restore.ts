/**
 * Rebuilding a lab from its document after the worker died (an exception, running out of memory,
 * a hang the main thread's watchdog ended), or when the app opens a share link or a stored lab:
 * the script is replayed into a fresh Session, every command within a budget, so no line of
 * the document can hang or crash the replay:
 *
 * - a command still running at the runner's 15 s of virtual time, or after `maxWork` units of
 *   work (Run.work: events and resumptions), gets Ctrl-C, as it would in a terminal;
 * - a command that throws, or that ignores Ctrl-C, is reported and left out: the world is built
 *   again without it (what it did before it threw may be half done), so the session the caller
 *   gets is always sound, and its script() is the document minus the lines reported;
 * - lines the caller names in `skip` (the command that was running when the worker died) are left
 *   out from the start.
 */
import { Session, type SessionOptions } from "./session";
import { parseLab, LabSyntaxError, type Step } from "../lab/script";
import { TIMEOUT } from "../lab/runner";

export interface RestoreOptions extends Omit<SessionOptions, "script"> {
  /** Indices (into parseLab's steps) of commands to leave out. */
  skip?: ReadonlySet<number>;
  /** Work (Run.work) one command may do before it gets Ctrl-C (default 5,000,000). */
  maxWork?: number;
  /** Work per advance() call (default 20,000): the granularity of maxWork. */
  slice?: number;
  /** Called after each step (a progress bar for long labs). */
  progress?: (done: number, total: number) => void;
}

export interface RestoreProblem {
  /** Index of the step in parseLab(script). */
  index: number;
  line: string;
  machine: string;
  message: string;
}

export interface RestoreResult {
  session: Session;
  /** Commands left out (they threw or would not stop), with why. */
  problems: RestoreProblem[];
  /** A syntax error in the script's directives: nothing could be replayed. */
  syntaxError?: string;
}

/** Replays `script` into a new Session; see the module comment. */
export function restoreSession(script: string, opts: RestoreOptions = {}): RestoreResult {
  let steps: Step[];
  try {
    steps = parseLab(script);
  } catch (e) {
    const message = e instanceof LabSyntaxError ? e.message : String(e);
    return { session: new Session(sessionOptions(opts)), problems: [], syntaxError: message };
  }
  const skip = new Set(opts.skip ?? []);
  const problems: RestoreProblem[] = [];
  // each failure starts the replay over without the failing line: at most one pass per problem
  for (;;) {
    const r = replayOnce(steps, skip, opts);
    if (!r.failed) return { session: r.session, problems };
    problems.push(r.failed);
    skip.add(r.failed.index);
  }
}

function sessionOptions(opts: RestoreOptions): SessionOptions {
  const { skip: _skip, maxWork: _maxWork, slice: _slice, progress: _progress, ...rest } = opts;
  return rest;
}

function replayOnce(
  steps: Step[],
  skip: ReadonlySet<number>,
  opts: RestoreOptions,
): { session: Session; failed?: RestoreProblem } {
  const session = new Session(sessionOptions(opts));
  const maxWork = opts.maxWork ?? 5_000_000;
  const slice = opts.slice ?? 20_000;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    opts.progress?.(i, steps.length);
    if (skip.has(i)) continue;
    if (step.kind !== "cmd") {
      try {
        session.directive(step);
      } catch (e) {
        return { session, failed: problem(i, `#@${step.kind}`, "", e) };
      }
      continue;
    }
    try {
      const run = session.run(step.machine, step.line, () => {});
      const deadline = run.started + TIMEOUT - 1;
      let interrupted = false;
      while (!run.advance(deadline, slice)) {
        const late = session.world.sched.now >= deadline || run.work >= maxWork;
        if (!late) continue;
        if (!interrupted) {
          interrupted = true;
          run.interrupt();
        } else if (run.work >= 2 * maxWork) {
          return {
            session,
            failed: { index: i, line: step.line, machine: step.machine, message: "does not stop at Ctrl-C" },
          };
        } else run.interrupt();
      }
    } catch (e) {
      return { session, failed: problem(i, step.line, step.machine, e) };
    }
  }
  opts.progress?.(steps.length, steps.length);
  return { session };
}

function problem(index: number, line: string, machine: string, e: unknown): RestoreProblem {
  return { index, line, machine, message: e instanceof Error ? e.message : String(e) };
}
