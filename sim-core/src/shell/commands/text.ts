/** The text utilities (coreutils/) as shell programs: stdin from the pipe, files from the virtual filesystem. */
import type { CommandFn } from "../types";
import { coreutils } from "../coreutils";

export function textCommands(): Map<string, CommandFn> {
  const m = new Map<string, CommandFn>();
  for (const [name, tool] of Object.entries(coreutils)) {
    m.set(name, (c) =>
      tool({
        argv: c.argv,
        stdin: c.stdin,
        stdout: c.out,
        stderr: c.err,
        readFile: (p) => {
          if (p === "-") return c.stdin;
          const r = c.fs.read(c.ctx, p);
          return r.ok ? r.value : undefined;
        },
      }),
    );
  }
  return m;
}
