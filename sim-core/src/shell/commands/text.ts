/** The text utilities (coreutils/) as shell programs: stdin from the pipe, files from the virtual filesystem. */
import { Errno, STRERROR } from "../../kernel/types";
import type { Cmd, CommandFn } from "../types";
import { NS_PER_MS } from "../../engine/scheduler";
import { coreutils, slicedCoreutils, type ReadError, type TextIO } from "../coreutils";

/**
 * The virtual time a slice of a sliced utility's work takes (awk: AWK_SLICE loop steps), as a
 * shell loop's slice does: a runaway loop is paced, and `timeout` ends it.
 */
const SLICE_TIME = 20 * NS_PER_MS;
/** What a slice counts for in the driver's budget: a shell loop's slice (SHELL_SLICE steps). */
const SLICE_WORK = 1000;

const ERRNO_NAMES = new Map<number, string>(Object.entries(Errno).map(([name, n]) => [n, name]));

/** A failed open(2) or read(2) as the utilities see it. */
function readError(errno: number): ReadError {
  return { errno: ERRNO_NAMES.get(errno) ?? `errno ${errno}`, message: STRERROR[errno] ?? `errno ${errno}` };
}

export function textCommands(): Map<string, CommandFn> {
  const m = new Map<string, CommandFn>();
  const textIO = (c: Cmd): TextIO => {
    const stdin = c.stdinErrno ? readError(c.stdinErrno) : c.stdin;
    return {
      argv: c.argv,
      stdin,
      stdout: c.out,
      stderr: c.err,
      isatty: c.isatty,
      interrupted: () => c.interrupted(),
      readFile: (p) => {
        if (p === "-") return stdin;
        const r = c.fs.read(c.ctx, p);
        return r.ok ? r.value : readError(r.errno);
      },
    };
  };
  for (const [name, tool] of Object.entries(coreutils)) m.set(name, (c) => tool(textIO(c)));
  for (const [name, tool] of Object.entries(slicedCoreutils)) {
    m.set(name, function* (c) {
      const g = tool(textIO(c));
      for (;;) {
        const n = g.next();
        if (n.done) return n.value;
        // a slice of work done: time passes and the worker gets control (Ctrl-C is seen)
        c.work?.(SLICE_WORK);
        yield { until: c.ctx.world.sched.now + SLICE_TIME, cond: () => c.interrupted() };
      }
    });
  }
  return m;
}
