/**
 * What a shell command sees. Commands are plain functions; those that take virtual time (ping,
 * sleep, curl, servers) are generators that yield Waits, so the same command runs instantly in
 * the headless runner and paced in the browser, and can be interrupted (Ctrl-C).
 */
import type { Nanos } from "../engine/scheduler";
import type { World } from "../kernel/world";
import type { Machine, NsProxy } from "../kernel/machine";
import type { Netns } from "../kernel/netns";
import type { VirtualFs } from "./fs";

/** Suspend until `until` (virtual time) or until `cond()` holds, whichever comes first. */
export interface Wait {
  until: Nanos;
  cond?: () => boolean;
}

export type CmdResult = number | Generator<Wait, number, void>;

/** Where a command runs: a machine and one of its network namespaces. */
export interface ExecCtx {
  world: World;
  machine: Machine;
  ns: Netns;
  /** The netns name when entered with `ip netns exec NAME` (for /etc/netns/NAME overlays and prompts). */
  nsName?: string;
  /**
   * The pid of the background job this runs in (`cmd &`): bash execs a simple command in the
   * forked child, so the job's pid is the program's pid (what `ss -p` shows and `kill` takes);
   * a program in a job ends when that pid is killed.
   */
  jobPid?: number;
  /** The container namespaces (UTS, IPC, mount, pid) this runs in, when not the machine's own. */
  nsproxy?: NsProxy;
  /** Called when an interactive shell entered into this context exits (`docker exec -it`). */
  onLeave?: (status: number) => void;
  /**
   * The signal that ends what runs here when it is not the terminal's Ctrl-C: a background job
   * ends when its pid is killed, a program under `timeout` when its time is up. Shell loops and
   * programs (Cmd.interrupted) check it instead of the terminal's Ctrl-C.
   */
  interrupted?: () => boolean;
}

export interface Cmd {
  argv: string[];
  stdin: string;
  /** Reading standard input fails with this errno (`cmd < DIR`: open succeeds, read(2) gives EISDIR). */
  stdinErrno?: number;
  out(s: string): void;
  err(s: string): void;
  ctx: ExecCtx;
  env: Map<string, string>;
  fs: VirtualFs;
  /** Ctrl-C was pressed while this command ran. */
  interrupted(): boolean;
  /**
   * Execs another program (for `ip netns exec`, `nsenter`, `timeout`, `env`, `xargs`…) in a
   * context, as execvp does: programs of the machine, not shell builtins or functions. When there
   * is no such program the caller reports it (`onNotFound`, else the caller's own message).
   * `interrupted` replaces the child's Ctrl-C predicate (timeout delivers its signal that way).
   */
  run(
    argv: string[],
    ctx: ExecCtx,
    opts?: {
      interrupted?: () => boolean;
      onNotFound?: (error: string) => CmdResult;
      env?: Map<string, string>;
      /** Where the child's stdout and stderr go (default: this command's). */
      io?: { out(s: string): void; err(s: string): void };
    },
  ): CmdResult;
  /** Runs a whole shell command line in a context (for `bash -c '…'`). */
  runScript(script: string, ctx: ExecCtx): CmdResult;
  /** Starts a long-running background process (a server); returns its pid. */
  spawn(argv: string[], ctx: ExecCtx, onKill?: () => void): number;
  /** True when run from an interactive terminal (affects job-control messages). */
  interactive: boolean;
  /** isatty(1): stdout is the terminal itself (an interactive shell, not a pipe or a redirection). */
  isatty?: boolean;
  /** The terminal's width in columns (TIOCGWINSZ), for programs that lay out columns on a tty. */
  columns?: number;
  /** The pid of this command's process. */
  pid: number;
  /**
   * Counts work the program did in steps of shell work (SHELL_SLICE), so the driver's budget of
   * an advance() sees a program that computes between its yields (awk's loops).
   */
  work?(steps: number): void;
}

export type CommandFn = (c: Cmd) => CmdResult;

/** A command's early exit with a status (iproute2's exit(), a usage error): caught by the shell. */
export class ExitStatus {
  constructor(readonly code: number) {}
}

/** Sleeps for `ns` of virtual time (interruptible). */
export function* sleep(c: Cmd, ns: Nanos): Generator<Wait, void, void> {
  const until = c.ctx.world.sched.now + ns;
  yield { until, cond: () => c.interrupted() };
}
