/** The text utilities (coreutils/) as shell programs: stdin from the pipe, files from the virtual filesystem. */
import { Errno, STRERROR } from "../../kernel/types";
import type { CommandFn } from "../types";
import { coreutils, type ReadError } from "../coreutils";

const ERRNO_NAMES = new Map<number, string>(Object.entries(Errno).map(([name, n]) => [n, name]));

/** A failed open(2) or read(2) as the utilities see it. */
function readError(errno: number): ReadError {
  return { errno: ERRNO_NAMES.get(errno) ?? `errno ${errno}`, message: STRERROR[errno] ?? `errno ${errno}` };
}

export function textCommands(): Map<string, CommandFn> {
  const m = new Map<string, CommandFn>();
  for (const [name, tool] of Object.entries(coreutils)) {
    m.set(name, (c) => {
      const stdin = c.stdinErrno ? readError(c.stdinErrno) : c.stdin;
      return tool({
        argv: c.argv,
        stdin,
        stdout: c.out,
        stderr: c.err,
        isatty: c.isatty,
        readFile: (p) => {
          if (p === "-") return stdin;
          const r = c.fs.read(c.ctx, p);
          return r.ok ? r.value : readError(r.errno);
        },
      });
    });
  }
  return m;
}
