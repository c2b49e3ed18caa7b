/**
 * Executes parsed command lines like GNU bash 5.2: brace, tilde, parameter, arithmetic and command
 * expansion, word splitting on IFS, pathname expansion against the virtual filesystem (C-locale
 * order, unmatched patterns left as they are), redirections, pipelines (each stage runs to
 * completion and feeds the next; `PIPESTATUS`, `pipefail`), && || ; and background jobs,
 * functions with `local` and positional parameters, `set -e/-u/-x`, builtins, and entering/leaving
 * network namespaces the way an interactive `nsenter --net=…` / `ip netns exec NS bash` … `exit`
 * does. Errors are bash's own words: `bash: line N: …` for `bash -c` (as the oracle runs each
 * line), `bash: …` interactively.
 */
import type { World } from "../kernel/world";
import type { Machine } from "../kernel/machine";
import { STRERROR, Errno } from "../kernel/types";
import { NS_PER_S, NS_PER_US } from "../engine/scheduler";
import {
  parse,
  parseTemplate,
  plainText,
  ParseError,
  type AndOr,
  type Assign,
  type Command,
  type CondExpr,
  type ParamExp,
  type Pipeline,
  type Redir,
  type Script,
  type Word,
  type Part,
} from "./parse";
import { VirtualFs } from "./fs";
import { Driver } from "./driver";
import { ExitStatus, type Cmd, type CommandFn, type ExecCtx, type Wait } from "./types";
import { builtins, binPath, BINARY_BUILTINS, type Builtin } from "./builtins";
import { Vars, ReadonlyError } from "./vars";
import { evalArith, ArithError, type ArithVars } from "./arith";
import { hasGlob, matchPattern, quotePattern, removeAffix, replacePattern, unquotePattern } from "./pattern";
import { pushAll } from "../util/array";

export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** stdout is the terminal itself (an interactive shell, no pipe or redirection): isatty(1). */
  tty?: boolean;
  /**
   * stdout is a file whose writes can fail as write(2) does (/proc/sys): a program's output is
   * written when it exits, as stdio flushes it, and a failed write is reported by the program.
   */
  file?: FileSink;
}

/** An open file for writing (a redirection target). */
export interface FileSink {
  /** One write(2): 0, or the errno it failed with. */
  write(s: string): number;
}

/** Standard input shared by the commands of a compound command: `read` consumes it line by line. */
export class Input {
  pos = 0;
  constructor(
    readonly data: string,
    /** Reads fail with this errno: `< DIR` opens a directory, and read(2) then says EISDIR. */
    readonly errno?: number,
  ) {}
  rest(): string {
    return this.data.slice(this.pos);
  }
  /** What a program that reads its standard input to the end gets. */
  takeAll(): string {
    const r = this.data.slice(this.pos);
    this.pos = this.data.length;
    return r;
  }
}

type Gen<T> = Generator<Wait, T, void>;

/**
 * Shell work is sliced: every SHELL_SLICE steps (simple commands and loop iterations; a program
 * counts PROGRAM_STEPS) the shell yields to the driver and lets SHELL_STEP_COST of virtual time
 * pass per step. A runaway
 * loop is so paced like any program: the worker stays responsive, Ctrl-C, `timeout` and `kill`
 * end it, and the lab runner's 15 s timeout (the oracle's) catches it. Lines of fewer steps than
 * a slice take no time, as before.
 */
export const SHELL_SLICE = 1000;
export const SHELL_STEP_COST = 20 * NS_PER_US;
/** What running a program counts for (fork, exec, and the work programs do: parsing, netlink). */
export const PROGRAM_STEPS = 10;
/**
 * How deeply scripts may nest (function calls, eval, source, subshells, command substitutions,
 * `bash -c`): what the JavaScript stack affords with room to spare. bash itself goes on until
 * its C stack or the process limit gives out; here the nesting stops with bash's own message
 * for a FUNCNEST / EVALNEST / SOURCENEST limit (or fork's EAGAIN for subshells).
 */
export const MAX_NEST = 100;
/**
 * The longest value a variable or a command substitution may hold (characters). bash allocates
 * until memory runs out (`x=$x$x` in a loop) and dies with xmalloc's message; the simulator
 * stops well before the JavaScript string limit with the same words.
 */
export const VALUE_LIMIT = 32 << 20;
/** Processes a machine may have before fork fails with EAGAIN (a fork bomb's end). */
export const MAX_PROCESSES = 4096;

/** `exit`, `set -e`, or a fatal expansion error: ends the shell (or the subshell). */
export class ShellExit {
  constructor(
    readonly code: number,
    /** An error that aborts the command line (an interactive shell survives it). */
    readonly abort = false,
  ) {}
}

class FuncReturn {
  constructor(readonly code: number) {}
}

class LoopControl {
  constructor(
    readonly kind: "break" | "continue",
    public n: number,
  ) {}
}

interface Seg {
  s: string;
  /** Quoted text: not split, not a pattern. */
  quoted: boolean;
  /** The result of an unquoted expansion: split on IFS. */
  split: boolean;
  /** A forced field boundary ("$@"). */
  brk?: boolean;
}

/** What a program prints when exec of another program fails, by the caller's name (execvp + its own message). */
const EXEC_FAILURE: Record<string, (name: string, err: string) => [string, number]> = {
  ip: (n, e) => [`exec of "${n}" failed: ${e}\n`, 1],
  nsenter: (n, e) => [`nsenter: failed to execute ${n}: ${e}\n`, 127],
  timeout: (n, e) => [`timeout: failed to run command '${n}': ${e}\n`, 127],
  env: (n, e) => [`env: '${n}': ${e}\n`, 127],
  xargs: (n, e) => [`xargs: ${n}: ${e}\n`, 127],
};

export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
  noglob: boolean;
  noclobber: boolean;
  verbose: boolean;
}

/** One shell: a terminal, or the lab runner's bash. */
export class Shell {
  /** ctxStack[0] is the machine's root namespace; entering a netns pushes. */
  readonly ctxStack: ExecCtx[];
  status = 0;
  interruptFlag = false;
  fs = new VirtualFs();
  readonly pid: number;
  /** Background jobs by job number, for `jobs`, `kill %N`, `wait`. */
  readonly jobs = new Map<number, { pid: number; src: string; done: boolean; status: number }>();
  /** Lines of the current invocation (bash -c reports "line N"). */
  lineNo = 1;
  /** Set when `exit` was run at the top level. */
  exited = false;
  /** Job notices to print at the next prompt ("[1]+  Done …"). */
  notices: string[] = [];
  vars = new Vars();
  functions = new Map<string, Extract<Command, { t: "funcdef" }>>();
  readonly aliases = new Map<string, string>();
  /** Lines typed in this terminal (interactive `history`). */
  readonly history: string[] = [];
  positional: string[] = [];
  /** $0. */
  argv0 = "bash";
  opts: ShellOptions = {
    errexit: false,
    nounset: false,
    xtrace: false,
    pipefail: false,
    noglob: false,
    noclobber: false,
    verbose: false,
  };
  /** The terminal's width (what TIOCGWINSZ reports to ls); the web terminal may set it. */
  columns = 80;
  /** Programs run by name, with hit counts (`hash`, "ls is hashed (/usr/bin/ls)"). */
  readonly hashed = new Map<string, number>();
  /** Function call depth, loop depth, and the depth of contexts where `set -e` does not apply. */
  private funcDepth = 0;
  private loopDepth = 0;
  private condDepth = 0;
  /** $? of the last command substitution (the status of an assignment-only command). */
  private lastSubStatus = 0;
  private lastArg = "";
  private readonly startedAt: number;
  private bgPid = 0;
  /** Steps of shell work in this line (SHELL_SLICE). */
  private steps = 0;
  /** Steps of the lines before this one. */
  private stepsBefore = 0;
  /** Where the current slice started and where it ends (steps). */
  private sliceStart = 0;
  private sliceAt = SHELL_SLICE;
  /** Steps of shell work done so far, all lines (Run.work counts them). */
  get stepsDone(): number {
    return this.stepsBefore + this.steps;
  }
  /** runScript nesting of the running thread (the foreground line, or one background job). */
  nestDepth = 0;

  constructor(
    readonly world: World,
    machine: Machine,
    readonly commands: Map<string, CommandFn>,
    readonly interactive: boolean,
    /** A shell of a process that already exists, in its context (a container's `sh`). */
    own?: { ctx: ExecCtx; pid: number },
  ) {
    this.ctxStack = [own?.ctx ?? { world, machine, ns: machine.root }];
    this.pid = own ? own.pid : machine.spawn(["-bash"], machine.root).pid;
    this.startedAt = world.sched.now;
    // the oracle's `bash -c` runs after nsenter -m, which leaves it in /
    if (!interactive) this.fs.cwd = "/";
    this.fs.programs = () => {
      const bin: string[] = [];
      const sbin: string[] = [];
      for (const n of [...commands.keys(), ...BINARY_BUILTINS])
        (binPath(n).startsWith("/usr/sbin/") ? sbin : bin).push(n);
      return { bin, sbin };
    };
    const exp = (k: string, v: string) => {
      this.vars.set(k, v);
      this.vars.attrs(k).exported = true;
    };
    exp("HOME", "/root");
    exp("USER", "root");
    exp("LOGNAME", "root");
    exp("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    exp("SHELL", "/bin/bash");
    exp("TERM", interactive ? "xterm-256color" : "dumb");
    exp("LC_ALL", "C");
    exp("SHLVL", "1");
    this.vars.set("IFS", " \t\n");
    this.vars.set("PS4", "+ ");
    this.vars.set("OPTIND", "1");
    this.vars.set("BASH_VERSION", "5.2.15(1)-release");
    this.vars.set("BASH", "/usr/bin/bash");
    this.vars.set("HOSTTYPE", "x86_64");
    this.vars.set("MACHTYPE", "x86_64-pc-linux-gnu");
    this.vars.set("OSTYPE", "linux-gnu");
    this.vars.set("UID", "0");
    this.vars.set("EUID", "0");
    this.vars.set("PPID", String(this.pid - 1 > 0 ? this.pid - 1 : 1));
    this.vars.setArray(
      "BASH_VERSINFO",
      ["5", "2", "15", "1", "release", "x86_64-pc-linux-gnu"].map((v) => [undefined, v]),
      false,
    );
  }

  private initial?: { vars: Vars; cwd: string };

  /** A non-interactive line is a new `bash -c`: nothing of the previous line's shell state remains. */
  private fresh(): void {
    this.status = 0;
    this.exited = false;
    if (!this.initial) {
      this.initial = { vars: this.vars.clone(), cwd: this.fs.cwd };
      return;
    }
    this.vars = this.initial.vars.clone();
    this.fs.cwd = this.initial.cwd;
    this.functions = new Map();
    this.errSource = undefined;
    this.aliases.clear();
    this.positional = [];
    this.hashed.clear();
    this.bgPid = 0;
    this.lastArg = "";
    for (const k of Object.keys(this.opts) as (keyof ShellOptions)[]) this.opts[k] = false;
  }

  /** Exported variables (the environment programs get). */
  get env(): Map<string, string> {
    const e = this.vars.environ();
    e.set("PWD", this.fs.cwd);
    return e;
  }

  get ctx(): ExecCtx {
    return this.ctxStack[this.ctxStack.length - 1];
  }

  get machine(): Machine {
    return this.ctx.machine;
  }

  get driver(): Driver {
    return Driver.of(this.world);
  }

  /** bash's own error prefix: `bash: ` interactively, `bash: line N: ` for `bash -c` (as the oracle runs lines). */
  bashPrefix(): string {
    if (this.errSource) return `${this.errSource}: line ${this.lineNo}: `;
    return this.interactive ? "bash: " : `bash: line ${this.lineNo}: `;
  }

  /**
   * Where the running code came from, for error messages: a script file (`bash FILE`,
   * `source FILE`), or "environment" for a function defined in a `bash -c` string.
   */
  private errSource: string | undefined;

  /** Runs one input line (or a pasted block). */
  *runLine(src: string, io: Io): Gen<number> {
    this.scriptLines = src.split("\n").length;
    this.stepsBefore += this.steps;
    this.steps = 0;
    this.sliceStart = 0;
    this.sliceAt = SHELL_SLICE;
    this.nestDepth = 0;
    if (this.interactive) {
      if (io.tty === undefined) io = { ...io, tty: true };
      if (src.trim() && !/^\s/.test(src)) this.history.push(src.replace(/\n+$/, ""));
    }
    // every non-interactive line is its own `bash -c`: $? starts at 0
    if (!this.interactive) this.fresh();
    let script: Script;
    const warnings: string[] = [];
    try {
      script = parse(src, { aliases: this.interactive ? this.aliases : undefined, warnings });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.err(this.syntaxError(e, src));
      this.status = 2;
      return 2;
    }
    for (const w of warnings)
      io.err(`${this.interactive ? "bash: " : `bash: line ${this.scriptLines}: `}warning: ${w}\n`);
    try {
      this.status = yield* this.runScript(script, io, this.ctx, new Input(""));
    } catch (e) {
      if (e instanceof ShellExit) {
        this.status = e.code;
        if (!(e.abort && this.interactive)) {
          if (!this.leave()) this.exited = !this.interactive || !e.abort;
        }
      } else if (e instanceof FuncReturn) {
        this.status = e.code;
      } else if (e instanceof LoopControl) {
        /* a break outside any loop in this line */
      } else throw e;
    }
    return this.status;
  }

  /**
   * bash's report of a syntax error. Non-interactively (`bash -c LINE`, as the oracle runs each
   * command, with " 2>&1" appended) an open quote gives one line, an unfinished construct
   * "line 2: syntax error: unexpected end of file", anything else the two-line form quoting the line.
   */
  syntaxError(e: ParseError, src: string): string {
    if (this.interactive) {
      if (e.message) return `bash: ${e.message}\n`;
      if (e.incomplete) return "bash: syntax error: unexpected end of file\n";
      return `bash: syntax error near unexpected token \`${e.token}'\n`;
    }
    const line = src.endsWith(this.cSuffix) ? src : src + this.cSuffix;
    const lines = line.split("\n").length;
    const at = e.line ?? lines;
    if (e.message) {
      if (/^unexpected EOF/.test(e.message) || /^here-document/.test(e.message))
        return `bash: -c: line ${at}: ${e.message}\n`;
      const text = line.split("\n")[at - 1] ?? line;
      return `bash: -c: line ${at}: ${e.message}\nbash: -c: line ${at}: \`${text}'\n`;
    }
    if (e.incomplete) return `bash: -c: line ${lines + 1}: syntax error: unexpected end of file\n`;
    const text = line.split("\n")[at - 1] ?? line;
    return `bash: -c: line ${at}: syntax error near unexpected token \`${e.token}'\nbash: -c: line ${at}: \`${text}'\n`;
  }

  /** What the caller appended to the `bash -c` script (the oracle adds " 2>&1"). */
  cSuffix = "";

  /** How many lines the current `bash -c` script has. */
  scriptLines = 1;

  /** Where command-substitution stderr goes when no other stream is known (the terminal). */
  errSink?: (s: string) => void;

  *runScript(script: Script, io: Io, ctx: ExecCtx, stdin: Input | string = ""): Gen<number> {
    const input = typeof stdin === "string" ? new Input(stdin) : stdin;
    let st = this.status;
    // recursion that is neither a function nor eval/source (`bash FILE` running itself): a fork
    // bomb on a real machine, which ends when fork fails
    if (this.nestDepth >= MAX_NEST + 10) this.fatal(io, "fork: Resource temporarily unavailable", 126);
    this.nestDepth++;
    try {
      for (const item of script.items) {
        if (this.exited && ctx === this.ctxStack[0]) break;
        if (item.background) {
          st = this.startBackground(item, io, ctx);
        } else {
          st = yield* this.runAndOr(item, io, ctx, input);
        }
        this.status = st;
        if (this.stopped(ctx)) break;
      }
    } finally {
      this.nestDepth--;
    }
    return st;
  }

  /**
   * Whether what runs in `ctx` was told to stop: its own signal (a killed background job, a
   * program under `timeout`), else the terminal's Ctrl-C.
   */
  stopped(ctx: ExecCtx): boolean {
    return ctx.interrupted ? ctx.interrupted() : this.interruptFlag;
  }

  /**
   * parseTemplate for text taken apart at run time (arithmetic, subscripts, substring operands,
   * here-documents): text the parser let through unbalanced is a bad substitution, not a crash.
   */
  private template(io: Io, src: string, heredoc = false): Word {
    try {
      return parseTemplate(src, heredoc);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.fatal(io, `${src}: bad substitution`, 1);
    }
  }

  /** The wait that ends a slice of shell work (SHELL_SLICE): virtual time passes, other work runs. */
  private slice(): Wait {
    const steps = this.steps - this.sliceStart;
    this.sliceStart = this.steps;
    this.sliceAt = this.steps + SHELL_SLICE;
    return { until: this.world.sched.now + steps * SHELL_STEP_COST };
  }

  private startBackground(item: AndOr, io: Io, ctx: ExecCtx): number {
    // make_child: fork fails with EAGAIN at the process limit (bash reports it and gives up the line)
    if (ctx.machine.processes.size >= MAX_PROCESSES)
      this.fatal(io, "fork: Resource temporarily unavailable", 126);
    let n = 1;
    while (this.jobs.has(n)) n++;
    const proc = ctx.machine.spawn([item.src], ctx.ns, { nsproxy: ctx.nsproxy, ppid: this.pid });
    const job = { pid: proc.pid, src: item.src, done: false, status: 0 };
    this.jobs.set(n, job);
    this.bgPid = proc.pid;
    if (this.interactive) io.err(`[${n}] ${proc.pid}\n`);
    const self = this;
    // the job ends when its pid is killed (`kill %1`), not at the terminal's Ctrl-C
    const jobCtx: ExecCtx = {
      ...ctx,
      jobPid: proc.pid,
      interrupted: () => !ctx.machine.processes.has(proc.pid),
    };
    const bgIo: Io = { out: io.out, err: io.err, file: io.file, tty: io.tty };
    const gen = (function* () {
      try {
        return yield* self.isolated(() =>
          self.runAndOr({ ...item, background: false }, bgIo, jobCtx, new Input("")),
        );
      } finally {
        ctx.machine.kill(proc.pid);
      }
    })();
    this.driver.start(ownNesting(this, gen), (status) => {
      job.done = true;
      job.status = status;
      // a job ended by `kill` was already reported as Terminated
      const killed = this.jobs.get(n) !== job;
      if (this.interactive && !killed) {
        const what = status === 0 ? "Done" : `Exit ${status}`;
        this.notices.push(`[${n}]+  ${what.padEnd(24)}${item.src}\n`);
      }
      if (!killed) this.jobs.delete(n);
    });
    proc.onKill = undefined;
    return 0;
  }

  private *runAndOr(item: AndOr, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    const pipes = [item.first, ...item.rest.map((r) => r.p)];
    let st = 0;
    let lastRun = -1;
    for (let i = 0; i < pipes.length; i++) {
      if (i > 0) {
        const op = item.rest[i - 1].op;
        if (!((op === "&&" && st === 0) || (op === "||" && st !== 0))) continue;
      }
      if (this.stopped(ctx)) break;
      const isLast = i === pipes.length - 1;
      if (!isLast) this.condDepth++;
      try {
        st = yield* this.runPipeline(pipes[i], io, ctx, stdin);
      } finally {
        if (!isLast) this.condDepth--;
      }
      lastRun = i;
      this.status = st;
    }
    if (
      st !== 0 &&
      this.opts.errexit &&
      this.condDepth === 0 &&
      lastRun === pipes.length - 1 &&
      !pipes[lastRun].bang
    )
      throw new ShellExit(st);
    return st;
  }

  private *runPipeline(p: Pipeline, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    const t0 = this.world.sched.now;
    if (p.bang) this.condDepth++;
    const statuses: number[] = [];
    try {
      let input = stdin;
      for (let i = 0; i < p.cmds.length; i++) {
        const last = i === p.cmds.length - 1;
        let buf = "";
        const pipeOut = (s: string) => (buf += s);
        const stageIo: Io = last ? io : { out: pipeOut, err: p.errPipe[i] ? pipeOut : io.err };
        let st: number;
        if (p.cmds.length > 1) {
          const cmd = p.cmds[i];
          const inp = input;
          st = yield* this.isolated(() => this.runCommand(cmd, stageIo, ctx, inp));
        } else st = yield* this.runCommand(p.cmds[i], stageIo, ctx, input);
        statuses.push(st);
        input = new Input(buf);
        if (this.stopped(ctx)) break;
      }
    } finally {
      if (p.bang) this.condDepth--;
    }
    this.vars.setArray(
      "PIPESTATUS",
      statuses.map((s) => [undefined, String(s)]),
      false,
    );
    let st = statuses[statuses.length - 1] ?? 0;
    if (this.opts.pipefail) st = [...statuses].reverse().find((s) => s !== 0) ?? 0;
    if (p.time) {
      const secs = (this.world.sched.now - t0) / NS_PER_S;
      const fmt = (v: number) => `${Math.floor(v / 60)}m${(v % 60).toFixed(3)}s`;
      io.err(`\nreal\t${fmt(secs)}\nuser\t0m0.000s\nsys\t0m0.000s\n`);
    }
    return p.bang ? (st === 0 ? 1 : 0) : st;
  }

  /** Runs `body` as a subshell: variables, functions, options, cwd and positional parameters are restored after. */
  *isolated(body: () => Gen<number>): Gen<number> {
    const saved = {
      vars: this.vars,
      functions: this.functions,
      opts: this.opts,
      cwd: this.fs.cwd,
      positional: this.positional,
      argv0: this.argv0,
      funcDepth: this.funcDepth,
      loopDepth: this.loopDepth,
    };
    this.vars = this.vars.clone();
    this.functions = new Map(this.functions);
    this.opts = { ...this.opts };
    try {
      return yield* body();
    } catch (e) {
      if (e instanceof ShellExit) return e.code;
      if (e instanceof FuncReturn) return e.code;
      if (e instanceof LoopControl) return this.status;
      throw e;
    } finally {
      this.vars = saved.vars;
      this.functions = saved.functions;
      this.opts = saved.opts;
      this.fs.cwd = saved.cwd;
      this.positional = saved.positional;
      this.argv0 = saved.argv0;
      this.funcDepth = saved.funcDepth;
      this.loopDepth = saved.loopDepth;
    }
  }

  private *runCommand(c: Command, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    if (c.t !== "simple" && c.t !== "funcdef") this.lineNo = c.line;
    switch (c.t) {
      case "simple":
        return yield* this.runSimple(c, io, ctx, stdin);
      case "funcdef":
        this.functions.set(c.name, {
          ...c,
          source: this.errSource ?? (this.interactive ? undefined : "environment"),
        });
        return 0;
      case "subshell":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, (io2, in2) =>
          this.isolated(() => this.runScript(c.body, io2, ctx, in2)),
        );
      case "group":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, (io2, in2) =>
          this.runScript(c.body, io2, ctx, in2),
        );
      case "if":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2, in2) {
          for (const cl of c.clauses) {
            if ((yield* this.condition(cl.cond, io2, ctx, in2)) === 0)
              return yield* this.runScript(cl.body, io2, ctx, in2);
          }
          return c.otherwise ? yield* this.runScript(c.otherwise, io2, ctx, in2) : 0;
        });
      case "for":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2, in2) {
          const items: string[] = [];
          if (c.items) for (const w of c.items) pushAll(items, yield* this.expandWords(w, ctx, io2));
          else pushAll(items, this.positional);
          let st = 0;
          for (const it of items) {
            if (++this.steps >= this.sliceAt) yield this.slice();
            if (this.stopped(ctx)) break;
            this.assignVar(c.name, it);
            const r = yield* this.loopBody(() => this.runScript(c.body, io2, ctx, in2));
            st = r.st;
            if (r.brk || this.stopped(ctx)) break;
          }
          return st;
        });
      case "arithfor":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2, in2) {
          let st = 0;
          if (c.init.trim()) yield* this.arith(c.init, ctx, io2, "((");
          for (;;) {
            if (++this.steps >= this.sliceAt) yield this.slice();
            if (this.stopped(ctx)) break;
            if (c.cond.trim() && (yield* this.arith(c.cond, ctx, io2, "((")) === 0n) break;
            const r = yield* this.loopBody(() => this.runScript(c.body, io2, ctx, in2));
            st = r.st;
            if (r.brk || this.stopped(ctx)) break;
            if (c.step.trim()) yield* this.arith(c.step, ctx, io2, "((");
          }
          return st;
        });
      case "while":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2, in2) {
          let st = 0;
          for (;;) {
            if (++this.steps >= this.sliceAt) yield this.slice();
            if (this.stopped(ctx)) break;
            const cond = yield* this.condition(c.cond, io2, ctx, in2);
            if ((cond === 0) === c.until) break;
            const r = yield* this.loopBody(() => this.runScript(c.body, io2, ctx, in2));
            st = r.st;
            if (r.brk || this.stopped(ctx)) break;
          }
          return st;
        });
      case "case":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2, in2) {
          const word = yield* this.expandString(c.word, ctx, io2);
          let st = 0;
          let fall = false;
          for (let i = 0; i < c.items.length; i++) {
            const item = c.items[i];
            let hit = fall;
            if (!hit) {
              for (const pw of item.patterns) {
                const pat = yield* this.expandPattern(pw, ctx, io2);
                if (matchPattern(pat, word)) {
                  hit = true;
                  break;
                }
              }
            }
            if (!hit) continue;
            st = yield* this.runScript(item.body, io2, ctx, in2);
            if (item.term === ";;") return st;
            fall = item.term === ";&";
          }
          return st;
        });
      case "cond":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2) {
          if (this.opts.xtrace) io2.err(`${this.ps4()}[[ … ]]\n`);
          if (!c.expr) return 0;
          return (yield* this.evalCond(c.expr, ctx, io2)) ? 0 : 1;
        });
      case "arith":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, function* (this: Shell, io2) {
          const text = yield* this.expandString(this.template(io2, c.src), ctx, io2);
          if (this.opts.xtrace) io2.err(`${this.ps4()}(( ${text.trim()} ))\n`);
          try {
            return evalArith(text, this.arithVars()) !== 0n ? 0 : 1;
          } catch (e) {
            if (e instanceof ArithError) {
              io2.err(`${this.bashPrefix()}((: ${e.text}\n`);
              return 1;
            }
            throw e;
          }
        });
    }
  }

  /** A condition (if/while/until): `set -e` does not apply inside. */
  private *condition(s: Script, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    this.condDepth++;
    try {
      return yield* this.runScript(s, io, ctx, stdin);
    } finally {
      this.condDepth--;
    }
  }

  private *loopBody(body: () => Gen<number>): Gen<{ st: number; brk: boolean }> {
    this.loopDepth++;
    try {
      return { st: yield* body(), brk: false };
    } catch (e) {
      if (e instanceof LoopControl) {
        if (e.n > 1) {
          e.n--;
          throw e;
        }
        return { st: 0, brk: e.kind === "break" };
      }
      throw e;
    } finally {
      this.loopDepth--;
    }
  }

  // ---- [[ … ]] ----

  private *evalCond(e: CondExpr, ctx: ExecCtx, io: Io): Gen<boolean> {
    switch (e.t) {
      case "and":
        return (yield* this.evalCond(e.a, ctx, io)) && (yield* this.evalCond(e.b, ctx, io));
      case "or":
        return (yield* this.evalCond(e.a, ctx, io)) || (yield* this.evalCond(e.b, ctx, io));
      case "not":
        return !(yield* this.evalCond(e.e, ctx, io));
      case "word":
        return (yield* this.expandString(e.w, ctx, io)) !== "";
      case "unary": {
        const a = yield* this.expandString(e.w, ctx, io);
        return this.unaryTest(e.op, a, ctx);
      }
      case "binary": {
        const l = yield* this.expandString(e.l, ctx, io);
        switch (e.op) {
          case "==":
          case "=":
          case "!=": {
            const pat = yield* this.expandPattern(e.r, ctx, io);
            const m = matchPattern(pat, l);
            return e.op === "!=" ? !m : m;
          }
          case "=~": {
            const src = yield* this.expandRegex(e.r, ctx, io);
            let re: RegExp;
            try {
              re = new RegExp(ereToJs(src));
            } catch {
              return false;
            }
            const m = re.exec(l);
            if (!m) {
              this.vars.setArray("BASH_REMATCH", [], false);
              return false;
            }
            this.vars.setArray(
              "BASH_REMATCH",
              [...m].map((x) => [undefined, x ?? ""]),
              false,
            );
            return true;
          }
          case "<":
            return l < (yield* this.expandString(e.r, ctx, io));
          case ">":
            return l > (yield* this.expandString(e.r, ctx, io));
        }
        const r = yield* this.expandString(e.r, ctx, io);
        if (e.op === "-nt" || e.op === "-ot" || e.op === "-ef") return this.fileCompare(e.op, l, r, ctx);
        const a = this.arithValue(l, io);
        const b = this.arithValue(r, io);
        return intCompare(e.op, a, b);
      }
    }
  }

  private arithValue(s: string, io: Io): bigint {
    try {
      return evalArith(s, this.arithVars());
    } catch (e) {
      if (e instanceof ArithError) {
        io.err(`${this.bashPrefix()}${e.text}\n`);
        throw new ShellExit(1, true);
      }
      throw e;
    }
  }

  /** The file tests of test / [ / [[. */
  unaryTest(op: string, a: string, ctx: ExecCtx): boolean {
    const fs = this.fs;
    switch (op) {
      case "-z":
        return a === "";
      case "-n":
        return a !== "";
      case "-e":
      case "-a":
        return fs.exists(ctx, a);
      case "-f":
        return fs.exists(ctx, a) && !fs.isDir(ctx, a) && fs.kind(ctx, a) === "file";
      case "-d":
        return fs.isDir(ctx, a);
      case "-r":
      case "-w":
        return fs.exists(ctx, a);
      case "-x":
        return fs.isDir(ctx, a) || fs.kind(ctx, a) === "exec";
      case "-s":
        return fs.isDir(ctx, a) || fs.size(ctx, a) > 0;
      case "-L":
      case "-h":
        return fs.kind(ctx, a) === "link";
      case "-p":
      case "-S":
      case "-b":
      case "-g":
      case "-u":
      case "-k":
        return false;
      case "-c":
        return /^\/dev\/(null|zero|random|urandom|tty)$/.test(fs.resolve(a));
      case "-t":
        return false;
      case "-O":
      case "-G":
        return fs.exists(ctx, a);
      case "-N":
        return false;
      case "-v":
        return /^([A-Za-z_]\w*)(\[.*\])?$/.test(a) && this.vars.isSet(a.replace(/\[.*$/, ""));
      case "-R":
        return false;
      case "-o":
        return (this.optionNames() as Record<string, boolean>)[a] ?? false;
    }
    return false;
  }

  private fileCompare(op: string, a: string, b: string, ctx: ExecCtx): boolean {
    const ma = this.fs.mtime(ctx, a);
    const mb = this.fs.mtime(ctx, b);
    if (op === "-ef") return this.fs.resolve(a) === this.fs.resolve(b) && this.fs.exists(ctx, a);
    if (op === "-nt") return ma !== undefined && (mb === undefined || ma > mb);
    return mb !== undefined && (ma === undefined || ma < mb);
  }

  optionNames(): Record<string, boolean> {
    return {
      errexit: this.opts.errexit,
      nounset: this.opts.nounset,
      xtrace: this.opts.xtrace,
      pipefail: this.opts.pipefail,
      noglob: this.opts.noglob,
      noclobber: this.opts.noclobber,
      verbose: this.opts.verbose,
    };
  }

  // ---- expansion ----

  /** Expands a word into fields: brace, tilde, parameter/command/arithmetic expansion, splitting, globbing. */
  *expandWords(w: Word, ctx: ExecCtx, io: Io): Gen<string[]> {
    const out: string[] = [];
    let braced: Word[];
    try {
      braced = braceExpand(w);
    } catch (e) {
      if (!(e instanceof BraceLimit)) throw e;
      this.fatal(io, `brace expansion: failed to allocate memory for ${e.elements} elements`, 1);
    }
    for (const bw of braced) {
      const segs = yield* this.expandParts(tilde(bw, false), ctx, io, false);
      for (const f of this.splitFields(segs)) {
        if (!this.opts.noglob && f.pattern !== undefined && hasGlob(f.pattern)) {
          const matches = this.glob(f.pattern, ctx);
          if (matches.length) {
            pushAll(out, matches);
            continue;
          }
        }
        out.push(f.text);
      }
    }
    return out;
  }

  /** One string (no splitting, no globbing): assignments, redirection targets, `case` words, [[ operands. */
  *expandString(w: Word, ctx: ExecCtx, io: Io, assignment = false): Gen<string> {
    const segs = yield* this.expandParts(tilde(w, assignment), ctx, io, true);
    return segs.map((s) => (s.brk ? " " : s.s)).join("");
  }

  /** A pattern: quoted parts are escaped so that they match literally. */
  *expandPattern(w: Word, ctx: ExecCtx, io: Io): Gen<string> {
    const segs = yield* this.expandParts(tilde(w, false), ctx, io, true);
    return segs.map((s) => (s.brk ? " " : s.quoted ? quotePattern(s.s) : s.s)).join("");
  }

  /** The right side of `=~`: quoted parts match literally. */
  private *expandRegex(w: Word, ctx: ExecCtx, io: Io): Gen<string> {
    const segs = yield* this.expandParts(w, ctx, io, true);
    return segs.map((s) => (s.quoted ? s.s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&") : s.s)).join("");
  }

  private *expandParts(w: Word, ctx: ExecCtx, io: Io, noSplit: boolean): Gen<Seg[]> {
    const segs: Seg[] = [];
    for (const p of w) {
      switch (p.t) {
        case "lit":
          segs.push({ s: p.s, quoted: p.quoted, split: false });
          break;
        case "cmdsub": {
          const v = yield* this.commandSubstitution(p.src, ctx, io);
          segs.push({ s: v, quoted: p.quoted, split: !p.quoted && !noSplit });
          break;
        }
        case "arith": {
          const text = yield* this.expandString(this.template(io, p.src), ctx, io);
          let v: bigint;
          try {
            v = evalArith(text, this.arithVars());
          } catch (e) {
            if (e instanceof ArithError) {
              io.err(`${this.bashPrefix()}${e.text}\n`);
              throw new ShellExit(1, true);
            }
            throw e;
          }
          segs.push({ s: String(v), quoted: p.quoted, split: !p.quoted && !noSplit });
          break;
        }
        case "param": {
          const r = yield* this.expandParam(p.e, p.quoted, ctx, io);
          if (typeof r === "string") {
            segs.push({ s: r, quoted: p.quoted, split: !p.quoted && !noSplit });
            break;
          }
          if ("segs" in r) {
            for (const g of r.segs)
              segs.push(
                p.quoted ? { ...g, quoted: true, split: false } : noSplit ? { ...g, split: false } : g,
              );
            break;
          }
          // a list: "$@" / "${a[@]}" make one field per element; "$*" joins with IFS's first char
          if (p.quoted && !r.star) {
            if (!r.items.length) {
              segs.push({ s: "", quoted: false, split: false });
              break;
            }
            r.items.forEach((it, i) => {
              if (i > 0) segs.push({ s: "", quoted: true, split: false, brk: true });
              segs.push({ s: it, quoted: true, split: false });
            });
          } else if (p.quoted || noSplit) {
            const ifs = this.vars.get("IFS");
            const sep = ifs === undefined ? " " : ifs.slice(0, 1);
            segs.push({ s: r.items.join(noSplit && !p.quoted ? " " : sep), quoted: p.quoted, split: false });
          } else {
            r.items.forEach((it, i) => {
              if (i > 0) segs.push({ s: "", quoted: false, split: false, brk: true });
              segs.push({ s: it, quoted: false, split: true });
            });
          }
          break;
        }
      }
    }
    return segs;
  }

  /** Word splitting on IFS; each field also carries its glob pattern (quoted characters escaped). */
  private splitFields(segs: Seg[]): { text: string; pattern?: string }[] {
    const ifs = this.vars.get("IFS") ?? " \t\n";
    const isWs = (c: string) => c === " " || c === "\t" || c === "\n";
    const fields: { text: string; pattern?: string }[] = [];
    let text = "";
    let pat = "";
    let open = false;
    let globby = false;
    let lastDelim: "none" | "ws" | "nonws" = "none";
    const push = () => {
      fields.push({ text, pattern: globby ? pat : undefined });
      text = "";
      pat = "";
      open = false;
      globby = false;
    };
    for (const s of segs) {
      if (s.brk) {
        if (open) push();
        lastDelim = "none";
        continue;
      }
      if (!s.split) {
        text += s.s;
        pat += s.quoted ? quotePattern(s.s) : s.s;
        if (!s.quoted && s.s) globby = true;
        if (s.quoted || s.s) open = true;
        lastDelim = "none";
        continue;
      }
      for (const ch of s.s) {
        if (ifs.includes(ch)) {
          if (isWs(ch)) {
            if (open) {
              push();
              lastDelim = "ws";
            }
          } else if (open) {
            push();
            lastDelim = "nonws";
          } else if (lastDelim === "ws") lastDelim = "nonws";
          else {
            push();
            lastDelim = "nonws";
          }
          continue;
        }
        text += ch;
        pat += ch;
        globby = true;
        open = true;
        lastDelim = "none";
      }
    }
    if (open) push();
    return fields;
  }

  /** Pathname expansion over the virtual filesystem, sorted as in the C locale. */
  glob(pattern: string, ctx: ExecCtx): string[] {
    const absolute = pattern.startsWith("/");
    const comps = pattern.split(/(?<!\\)\//);
    let results: string[] = [absolute ? "/" : ""];
    const join = (dir: string, name: string) =>
      dir === "" ? name : dir.endsWith("/") ? dir + name : `${dir}/${name}`;
    const start = absolute ? 1 : 0;
    for (let i = start; i < comps.length; i++) {
      const comp = comps[i];
      const last = i === comps.length - 1;
      if (comp === "") {
        if (last) results = results.filter((r) => this.fs.isDir(ctx, r || ".")).map((r) => r + "/");
        continue;
      }
      const next: string[] = [];
      if (!hasGlob(comp)) {
        const name = unquotePattern(comp);
        for (const r of results) {
          const p = join(r, name);
          if (last ? this.fs.exists(ctx, p) : this.fs.isDir(ctx, p)) next.push(p);
        }
      } else {
        for (const r of results) {
          const l = this.fs.list(ctx, r || ".");
          if (!l.ok) continue;
          const dotOk = comp.startsWith(".") || comp.startsWith("\\.");
          for (const n of l.value) {
            if (n.startsWith(".") && !dotOk) continue;
            if (!matchPattern(comp, n, { pathname: true })) continue;
            const p = join(r, n);
            if (!last && !this.fs.isDir(ctx, p)) continue;
            next.push(p);
          }
        }
      }
      results = next;
      if (!results.length) return [];
    }
    return results.sort(cmpC);
  }

  /** `${…}` and `$name`: a string, or a list for `$@`, `$*`, `${a[@]}`, `${a[*]}`, `${!a[@]}`. */
  private *expandParam(
    e: ParamExp,
    quoted: boolean,
    ctx: ExecCtx,
    io: Io,
  ): Gen<string | { segs: Seg[] } | { items: string[]; star: boolean }> {
    if (e.bad) this.fatal(io, `\${${e.text}}: bad substitution`, 1);
    // ${!prefix*} ${!prefix@}: variable names
    if (e.prefix === "!" && (e.op === "*" || e.op === "@") && e.sub === undefined) {
      const names = this.vars.names().filter((n) => n.startsWith(e.name));
      return { items: names, star: e.op === "*" };
    }
    // ${!a[@]}: keys
    if (e.prefix === "!" && (e.sub === "@" || e.sub === "*")) {
      return { items: this.vars.keys(e.name), star: e.sub === "*" };
    }
    let name = e.name;
    let sub = e.sub;
    // a subscript is expanded (parameters, command substitution, quotes) before it is used
    if (sub !== undefined && sub !== "@" && sub !== "*")
      sub = yield* this.expandString(this.template(io, sub), ctx, io);
    if (e.prefix === "!") {
      // indirection: the value names the parameter
      const target = this.scalarParam(name, sub, io) ?? "";
      if (!target && !this.vars.isSet(name)) this.fatal(io, `${name}: invalid indirect expansion`, 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!@*0-])(?:\[(.*)\])?$/.exec(target);
      if (!m) this.fatal(io, `${target}: invalid variable name`, 1);
      name = m[1];
      sub = m[2];
    }
    // the value: a list or a string, or undefined (unset)
    let list: string[] | undefined;
    let star = false;
    let value: string | undefined;
    if (name === "@" || name === "*") {
      list = [...this.positional];
      star = name === "*";
    } else if (sub === "@" || sub === "*") {
      list = this.vars.values(name);
      star = sub === "*";
      if (!this.vars.isSet(name)) list = [];
    } else value = this.scalarParam(name, sub, io);
    const isSet = list ? list.length > 0 : value !== undefined;
    if (e.prefix === "#") {
      if (list) return String(list.length);
      if (value === undefined && this.opts.nounset) this.unbound(io, name);
      return String([...(value ?? "")].length);
    }
    if (!e.op) {
      if (!isSet && this.opts.nounset && !(name === "@" || name === "*"))
        this.unbound(io, e.sub !== undefined ? `${name}[${e.sub}]` : name);
      return list ? { items: list, star } : (value ?? "");
    }
    const op = e.op;
    const nullish = list
      ? list.length === 0 || (list.length === 1 && list[0] === "" && !star)
      : value === undefined || value === "";
    const useDefault = op.startsWith(":") ? nullish : !isSet;
    switch (op) {
      case ":-":
      case "-":
        if (useDefault) return yield* this.paramArg(e.arg, ctx, io, quoted);
        break;
      case ":=":
      case "=":
        if (useDefault) {
          if (list || !/^[A-Za-z_]/.test(name)) this.fatal(io, `$${name}: cannot assign in this way`, 1);
          const v = e.arg ? yield* this.expandString(e.arg, ctx, io) : "";
          if (sub !== undefined) this.vars.setElement(name, yield* this.subscriptKey(name, sub, ctx, io), v);
          else this.assignVar(name, v);
          return v;
        }
        break;
      case ":+":
      case "+":
        return useDefault ? "" : yield* this.paramArg(e.arg, ctx, io, quoted);
      case ":?":
      case "?":
        if (useDefault) {
          const msg = e.arg ? yield* this.expandString(e.arg, ctx, io) : "";
          this.fatal(
            io,
            `${name}: ${msg || (op === ":?" ? "parameter null or not set" : "parameter not set")}`,
            this.interactive ? 1 : 127,
          );
        }
        break;
      case ":": {
        const off = this.arithValue(yield* this.expandString(this.template(io, e.off ?? ""), ctx, io), io);
        const len =
          e.len === undefined
            ? undefined
            : this.arithValue(yield* this.expandString(this.template(io, e.len), ctx, io), io);
        if (list) {
          let items = list;
          let o = Number(off);
          if (name === "@" || name === "*") {
            items = [this.argv0, ...list];
          }
          if (o < 0) o = Math.max(0, items.length + o);
          let n = len === undefined ? items.length : Number(len);
          if (n < 0) this.fatal(io, `${e.len}: substring expression < 0`, 1);
          n = Math.min(n, items.length - o);
          return { items: items.slice(o, o + Math.max(0, n)), star };
        }
        const s = value ?? "";
        let o = Number(off);
        if (o < 0) o = s.length + o;
        if (o < 0 || o > s.length) return "";
        let end = len === undefined ? s.length : Number(len);
        if (len !== undefined && end < 0) {
          end = s.length + end;
          if (end < o) this.fatal(io, `${(e.len ?? "").trim()}: substring expression < 0`, 1);
          return s.slice(o, end);
        }
        return s.slice(o, len === undefined ? undefined : o + end);
      }
    }
    // operators that transform the value (each element of a list)
    const transform = function* (this: Shell, v: string): Gen<string> {
      switch (op) {
        case "#":
        case "##":
        case "%":
        case "%%":
          return removeAffix(v, yield* this.expandPattern(e.arg ?? [], ctx, io), op);
        case "/":
        case "//":
        case "/#":
        case "/%": {
          const pat = yield* this.expandPattern(e.arg ?? [], ctx, io);
          const rep = e.rep ? yield* this.expandString(e.rep, ctx, io) : "";
          return replacePattern(v, pat, rep, op);
        }
        case "^":
        case "^^":
        case ",":
        case ",,": {
          const pat =
            e.arg && e.arg.some((p) => p.t !== "lit" || p.s)
              ? yield* this.expandPattern(e.arg, ctx, io)
              : "?";
          const up = op[0] === "^";
          let out = "";
          let first = true;
          for (const ch of v) {
            if ((op.length === 2 || first) && matchPattern(pat, ch))
              out += up ? ch.toUpperCase() : ch.toLowerCase();
            else out += ch;
            first = false;
          }
          return out;
        }
        case "@": {
          const flag = e.arg && e.arg[0].t === "lit" ? e.arg[0].s : "";
          switch (flag) {
            case "Q":
              return shellQuote(v);
            case "U":
              return v.toUpperCase();
            case "L":
              return v.toLowerCase();
            case "u":
              return v.slice(0, 1).toUpperCase() + v.slice(1);
            case "E":
              return ansiUnescape(v);
            default:
              return v;
          }
        }
      }
      return v;
    };
    if (!isSet && this.opts.nounset && op !== "-" && op !== ":-") this.unbound(io, name);
    if (list) {
      const items: string[] = [];
      for (const it of list) items.push(yield* transform.call(this, it));
      return { items, star };
    }
    return yield* transform.call(this, value ?? "");
  }

  /** The word of `${x:-word}` / `${x:+word}`: its own quoting survives (an unquoted `'a  b'` is not split). */
  private *paramArg(arg: Word | undefined, ctx: ExecCtx, io: Io, quoted: boolean): Gen<{ segs: Seg[] }> {
    if (!arg) return { segs: [{ s: "", quoted, split: false }] };
    const segs = yield* this.expandParts(arg, ctx, io, quoted);
    // unquoted text of the word is part of the expansion's result: split like it
    return { segs: segs.map((g) => (!quoted && !g.quoted && !g.brk ? { ...g, split: true } : g)) };
  }

  private *subscriptKey(name: string, sub: string, ctx: ExecCtx, io: Io): Gen<string> {
    const text = yield* this.expandString(this.template(io, sub), ctx, io);
    if (this.vars.kindOf(name) === "A") return text;
    return String(this.arithValue(text, io));
  }

  /** A scalar parameter's value (special parameters, positional, variables, array elements). */
  private scalarParam(name: string, sub: string | undefined, io: Io): string | undefined {
    if (sub !== undefined) {
      if (this.vars.kindOf(name) === "A") return this.vars.getElement(name, sub);
      const idx = this.arithValue(sub, io);
      return this.vars.getElement(name, String(idx));
    }
    if (/^[0-9]+$/.test(name)) {
      const n = parseInt(name, 10);
      return n === 0 ? this.argv0 : this.positional[n - 1];
    }
    return this.lookupVar(name);
  }

  /** A variable or special parameter; undefined when unset. */
  lookupVar(name: string): string | undefined {
    switch (name) {
      case "?":
        return String(this.status);
      case "$":
        return String(this.pid);
      case "#":
        return String(this.positional.length);
      case "0":
        return this.argv0;
      case "!":
        return this.bgPid ? String(this.bgPid) : undefined;
      case "-": {
        let f = "hB";
        if (this.opts.errexit) f = "e" + f;
        if (this.opts.nounset) f += "u";
        if (this.opts.xtrace) f += "x";
        if (this.opts.noglob) f += "f";
        return this.interactive ? f + "i" : f + "c";
      }
      case "@":
      case "*":
        return this.positional.join(" ");
      case "_":
        return this.lastArg;
      case "HOSTNAME":
        return this.ctx.nsproxy?.uts?.hostname ?? this.machine.hostname;
      case "RANDOM":
        return String(this.world.rng.below(32768));
      case "SRANDOM":
        return String(this.world.rng.u32());
      case "SECONDS":
        return String(Math.floor((this.world.sched.now - this.startedAt) / NS_PER_S));
      case "EPOCHSECONDS":
        return String(1704067200 + Math.floor(this.world.sched.now / NS_PER_S));
      case "LINENO":
        return String(this.lineNo);
      case "BASHPID":
        return String(this.pid);
      case "PWD":
        return this.vars.get("PWD") ?? this.fs.cwd;
    }
    return this.vars.get(name);
  }

  private unbound(io: Io, name: string): never {
    this.fatal(io, `${name}: unbound variable`, this.interactive ? 1 : 127);
  }

  /** An expansion error: the message, then the command line is abandoned (a non-interactive shell exits). */
  fatal(io: Io, msg: string, code: number): never {
    io.err(`${this.bashPrefix()}${msg}\n`);
    throw new ShellExit(code, true);
  }

  /** The variables as arithmetic sees them. */
  arithVars(): ArithVars {
    return {
      get: (name, sub) => (sub === undefined ? this.lookupVar(name) : this.vars.getElement(name, sub)),
      set: (name, value, sub) => {
        if (sub === undefined) this.assignVar(name, String(value));
        else this.vars.setElement(name, sub, String(value));
      },
    };
  }

  /** `$((…))`, `((…))` and arithmetic `for`: expands, then evaluates; errors are reported and abort. */
  private *arith(src: string, ctx: ExecCtx, io: Io, who?: string): Gen<bigint> {
    const text = yield* this.expandString(this.template(io, src), ctx, io);
    try {
      return evalArith(text, this.arithVars());
    } catch (e) {
      if (e instanceof ArithError) {
        io.err(`${this.bashPrefix()}${who ? who + ": " : ""}${e.text}\n`);
        throw new ShellExit(1, true);
      }
      throw e;
    }
  }

  /** Assigns a scalar (reporting readonly variables as bash does). */
  assignVar(name: string, value: string, append = false): void {
    const v = this.vars.find(name);
    if (v?.integer) {
      const base = append ? BigInt(this.vars.get(name) || "0") : 0n;
      value = String(base + evalArith(value, this.arithVars()));
      append = false;
    }
    if (name === "PWD") this.fs.cwd = value || this.fs.cwd;
    const size = value.length + (append ? (this.vars.get(name) ?? "").length : 0);
    if (size > VALUE_LIMIT) this.outOfMemory(size);
    this.vars.set(name, value, append);
  }

  /** xmalloc failing: bash reports it and gives up the line (an interactive shell survives). */
  outOfMemory(bytes: number): never {
    this.errSink?.(
      `${this.interactive ? "bash: " : this.bashPrefix()}xmalloc: cannot allocate ${bytes + 1} bytes\n`,
    );
    throw new ShellExit(2, true);
  }

  private *commandSubstitution(src: string, ctx: ExecCtx, io: Io): Gen<string> {
    let out = "";
    const subIo: Io = { out: (s) => (out += s), err: io.err };
    let script: Script;
    try {
      script = parse(src);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.err(this.syntaxError(e, src));
      this.lastSubStatus = 2;
      return "";
    }
    const st = yield* this.isolated(() => this.runScript(script, subIo, ctx, new Input("")));
    this.lastSubStatus = st;
    this.status = st;
    if (out.length > VALUE_LIMIT) this.outOfMemory(out.length);
    return out.replace(/\n+$/, "");
  }

  // ---- redirections ----

  private *withRedirs(
    redirs: Redir[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input,
    argv0: string | undefined,
    body: (this: Shell, io: Io, stdin: Input) => Gen<number>,
  ): Gen<number> {
    if (!redirs.length) return yield* body.call(this, io, stdin);
    const fds = new Map<number, { write: (s: string) => void; file?: FileSink; tty?: boolean }>([
      [1, { write: io.out, file: io.file, tty: io.tty }],
      [2, { write: io.err }],
    ]);
    let input = stdin;
    const errNow = (s: string) => fds.get(2)!.write(s);
    for (const r of redirs) {
      if (r.op === "<<") {
        input = new Input(
          r.heredocQuoted
            ? (r.heredoc ?? "")
            : yield* this.expandString(this.template(io, r.heredoc ?? "", true), ctx, io),
        );
        continue;
      }
      if (r.op === "<<<") {
        input = new Input((yield* this.expandString(r.target, ctx, io)) + "\n");
        continue;
      }
      const fields = yield* this.expandWords(r.target, ctx, io);
      if (fields.length !== 1) {
        errNow(`${this.bashPrefix()}${r.target.raw ?? rawWord(r.target)}: ambiguous redirect\n`);
        return 1;
      }
      const target = fields[0];
      if (r.op === ">&" || r.op === "<&") {
        if (/^[0-9]+$/.test(target)) {
          const src = fds.get(parseInt(target, 10));
          if (!src) {
            errNow(`${this.bashPrefix()}${target}: Bad file descriptor\n`);
            return 1;
          }
          fds.set(r.fd, { ...src });
          continue;
        }
        if (target === "-") {
          fds.set(r.fd, { write: () => {} });
          continue;
        }
        if (r.op === "<&") {
          errNow(`${this.bashPrefix()}${target}: ambiguous redirect\n`);
          return 1;
        }
        // `>& FILE` is `&> FILE`
      }
      if (r.op === "<" || r.op === "<>") {
        const rd = this.fs.read(ctx, target);
        // open(2) O_RDONLY succeeds on a directory (O_RDWR does not) and on an nsfs file: the
        // program's reads fail instead
        const readFails =
          !rd.ok && (rd.errno === Errno.EINVAL || (r.op === "<" && rd.errno === Errno.EISDIR));
        if (!rd.ok && !readFails && !(r.op === "<>" && rd.errno === Errno.ENOENT)) {
          errNow(`${this.bashPrefix()}${target}: ${STRERROR[rd.errno]}\n`);
          return 1;
        }
        if (r.fd === 0) input = rd.ok ? new Input(rd.value) : new Input("", readFails ? rd.errno : undefined);
        continue;
      }
      const both = r.op === "&>" || r.op === "&>>" || r.op === ">&";
      const append = r.op === ">>" || r.op === "&>>";
      const opened = this.openWrite(ctx, target, append);
      if (typeof opened === "number") {
        errNow(`${this.bashPrefix()}${target}: ${STRERROR[opened]}\n`);
        return 1;
      }
      const fd = { write: (s: string) => void opened.write(s), file: opened.precise ? opened : undefined };
      if (both) {
        fds.set(1, fd);
        fds.set(2, { ...fd });
      } else fds.set(r.fd, fd);
    }
    const o = fds.get(1)!;
    const e = fds.get(2)!;
    void argv0;
    return yield* body.call(this, { out: o.write, err: e.write, tty: o.tty, file: o.file }, input);
  }

  /** Opens a file for writing as bash's `>` does: O_CREAT|O_TRUNC (or O_APPEND). */
  private openWrite(
    ctx: ExecCtx,
    target: string,
    append: boolean,
  ): number | (FileSink & { precise: boolean }) {
    const fs = this.fs;
    const p = fs.resolve(target);
    if (p === "/dev/null") return { write: () => 0, precise: false };
    if (p === "/dev/stdout" || p === "/dev/stderr") return Errno.ENOENT;
    if (fs.isDir(ctx, p)) return Errno.EISDIR;
    if (p.startsWith("/proc/") || p.startsWith("/sys/")) {
      const rd = fs.read(ctx, p);
      if (!rd.ok && rd.errno === Errno.ENOENT) return Errno.ENOENT;
      // every write is one write(2) to the kernel
      return {
        write: (s: string) => {
          const w = fs.write(ctx, p, s, false);
          return w.ok ? 0 : w.errno;
        },
        precise: true,
      };
    }
    const open = fs.write(ctx, p, "", true);
    if (!open.ok) return open.errno;
    if (!append) fs.write(ctx, p, "", false);
    return {
      write: (s: string) => {
        const w = fs.write(ctx, p, s, true);
        return w.ok ? 0 : w.errno;
      },
      precise: false,
    };
  }

  // ---- simple commands ----

  private *runSimple(c: Extract<Command, { t: "simple" }>, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    if (++this.steps >= this.sliceAt) yield this.slice();
    this.lineNo = c.line;
    this.lastSubStatus = 0;
    const argv: string[] = [];
    for (const w of c.words) pushAll(argv, yield* this.expandWords(w, ctx, io));
    if (!argv.length) {
      const st = yield* this.doAssigns(c.assigns, ctx, io, false);
      if (st) return st;
      if (this.opts.xtrace) this.trace(io, [], c.assigns);
      const subSt = this.lastSubStatus;
      const r = yield* this.withRedirs(c.redirs, io, ctx, stdin, undefined, () => asGen(0));
      return r || subSt;
    }
    // prefix assignments: exported to a program, kept by a function or builtin call
    const assigned: [string, string][] = [];
    for (const a of c.assigns) {
      const v = a.value ? yield* this.expandString(a.value, ctx, io, true) : "";
      assigned.push([a.name, v]);
    }
    if (this.opts.xtrace) this.trace(io, argv, c.assigns, assigned);
    this.lastArg = argv[argv.length - 1];
    return yield* this.withRedirs(c.redirs, io, ctx, stdin, argv[0], function* (this: Shell, io2, in2) {
      const saved: [string, ReturnType<Vars["find"]>][] = [];
      for (const [k, v] of assigned) {
        const old = this.vars.find(k);
        saved.push([k, old ? { ...old } : undefined]);
        try {
          this.vars.set(k, v);
        } catch (e) {
          if (e instanceof ReadonlyError) {
            io2.err(`${this.bashPrefix()}${k}: readonly variable\n`);
            return 1;
          }
          throw e;
        }
        this.vars.attrs(k).exported = true;
      }
      try {
        return yield* this.exec(argv, io2, ctx, in2);
      } finally {
        for (const [k, v] of saved) {
          if (v === undefined) this.vars.unset(k);
          else {
            this.vars.unset(k);
            const slot = this.vars.attrs(k);
            Object.assign(slot, v);
          }
        }
      }
    });
  }

  /** Assignments of a command without a command word. */
  *doAssigns(assigns: Assign[], ctx: ExecCtx, io: Io, local: boolean): Gen<number> {
    for (const a of assigns) {
      try {
        if (a.array) {
          const items: [string | undefined, string][] = [];
          for (const w of a.array) {
            const w0 = w[0];
            const m = w0?.t === "lit" && !w0.quoted ? /^\[([^\]]*)\]=/.exec(w0.s) : null;
            if (m && w0.t === "lit") {
              const rest: Word = [{ ...w0, s: w0.s.slice(m[0].length) } as Part, ...w.slice(1)];
              const key = this.vars.kindOf(a.name) === "A" ? m[1] : String(this.arithValue(m[1], io));
              items.push([key, yield* this.expandString(rest, ctx, io, true)]);
            } else for (const f of yield* this.expandWords(w, ctx, io)) items.push([undefined, f]);
          }
          if (local) this.vars.local(a.name);
          this.vars.setArray(a.name, items, false, a.append);
          continue;
        }
        const v = a.value ? yield* this.expandString(a.value, ctx, io, true) : "";
        if (local) this.vars.local(a.name);
        if (a.sub !== undefined) {
          const key = yield* this.subscriptKey(a.name, a.sub, ctx, io);
          this.vars.setElement(a.name, key, v, a.append);
        } else this.assignVar(a.name, v, a.append);
      } catch (e) {
        if (e instanceof ReadonlyError) this.fatal(io, `${e.name}: readonly variable`, 1);
        throw e;
      }
    }
    return 0;
  }

  private ps4(): string {
    return this.vars.get("PS4") ?? "+ ";
  }

  private trace(io: Io, argv: string[], assigns: Assign[], values?: [string, string][]): void {
    const parts: string[] = [];
    if (values) for (const [k, v] of values) parts.push(`${k}=${xtraceQuote(v)}`);
    else
      for (const a of assigns) {
        if (a.array) parts.push(`${a.name}=(${this.vars.values(a.name).map(xtraceQuote).join(" ")})`);
        else
          parts.push(
            `${a.name}${a.append ? "+" : ""}=${xtraceQuote(a.sub !== undefined ? "" : (this.vars.get(a.name) ?? ""))}`,
          );
      }
    if (!argv.length) {
      for (const p of parts) io.err(`${this.ps4()}${p}\n`);
      return;
    }
    io.err(`${this.ps4()}${[...parts, ...argv.map(xtraceQuote)].join(" ")}\n`);
  }

  /** Runs a program (function, builtin or external) by argv. */
  *exec(
    argv: string[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input | string,
    interrupted?: () => boolean,
    noFunctions = false,
  ): Gen<number> {
    const input = typeof stdin === "string" ? new Input(stdin) : stdin;
    const name = argv[0];
    const fn = noFunctions ? undefined : this.functions.get(name);
    if (fn) return yield* this.callFunction(fn, argv, io, ctx, input);
    const b: Builtin | undefined = builtins.get(name);
    if (b) {
      return yield* this.buffered(io, name, true, (io2) => asGen(b(this, argv, io2, ctx, input)));
    }
    return yield* this.runProgram(argv, io, ctx, input, interrupted);
  }

  /** What PATH lookup finds for a name: a program of the machine, or undefined. */
  findProgram(name: string, ctx: ExecCtx): CommandFn | undefined {
    if (name.includes("/")) {
      const m = /^\/(?:usr\/)?s?bin\/([^/]+)$/.exec(this.fs.resolve(name));
      if (!m) return undefined;
      return this.lookupProgram(m[1], ctx);
    }
    return this.lookupProgram(name, ctx);
  }

  /**
   * A program by name: in a container's mount namespace only what its image has (a name mapped
   * to null is the machine's program of that name), else the machine's programs.
   */
  private lookupProgram(name: string, ctx: ExecCtx): CommandFn | undefined {
    const image = ctx.nsproxy?.mnt?.programs as ReadonlyMap<string, CommandFn | null> | undefined;
    if (image && !image.has(name)) return undefined;
    const own = image?.get(name);
    if (own) return own;
    return this.commands.get(name) ?? (BINARY_BUILTINS.has(name) ? this.builtinProgram(name) : undefined);
  }

  /** /usr/bin/echo, /usr/bin/printf, /usr/bin/[ …: the builtin's behaviour as a program. */
  private builtinProgram(name: string): CommandFn {
    return (c) => {
      const b = builtins.get(name)!;
      // /usr/bin/bash under `timeout`: its loops stop with the program's own signal
      const ctx = { ...c.ctx, interrupted: c.interrupted };
      return b(this, c.argv, { out: c.out, err: c.err }, ctx, new Input(c.stdin, c.stdinErrno));
    };
  }

  private *runProgram(
    argv: string[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input,
    interrupted?: () => boolean,
  ): Gen<number> {
    const name = argv[0];
    const fn = this.findProgram(name, ctx);
    if (!fn) {
      if (name.includes("/")) {
        const p = this.fs.resolve(name);
        const isDir = this.fs.isDir(ctx, p);
        const exists = isDir || this.fs.exists(ctx, p);
        io.err(
          `${this.bashPrefix()}${name}: ${exists ? (isDir ? "Is a directory" : "Permission denied") : "No such file or directory"}\n`,
        );
        return exists ? 126 : 127;
      }
      io.err(`${this.bashPrefix()}${name}: command not found\n`);
      return 127;
    }
    if (!name.includes("/")) this.hashed.set(name, (this.hashed.get(name) ?? 0) + 1);
    return yield* this.buffered(io, name, false, (io2) =>
      this.spawnProgram(fn, argv, io2, ctx, stdin, interrupted),
    );
  }

  private *spawnProgram(
    fn: CommandFn,
    argv: string[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input,
    interrupted?: () => boolean,
    env?: Map<string, string>,
  ): Gen<number> {
    // a program costs more than a builtin (fork and exec): PROGRAM_STEPS steps of shell work
    this.steps += PROGRAM_STEPS;
    if (this.steps >= this.sliceAt) yield this.slice();
    const proc = ctx.machine.spawn(argv, ctx.ns, { nsproxy: ctx.nsproxy, ppid: ctx.jobPid ?? this.pid });
    const cmd = this.makeCmd(argv, io, ctx, stdin, proc.pid, interrupted, env);
    if (
      env &&
      (argv[0] === "bash" || argv[0] === "sh" || argv[0].endsWith("/bash") || argv[0].endsWith("/sh"))
    )
      return yield* this.withEnvironment(env, () => asGen(fn(cmd)));
    try {
      return yield* asGen(fn(cmd));
    } catch (e) {
      if (e instanceof ExitStatus) return e.code;
      throw e;
    } finally {
      ctx.machine.kill(proc.pid);
    }
  }

  /**
   * A program's stdout to a file whose writes can fail (/proc/sys) is written when the program
   * exits, in one write(2), as stdio does; a failed write is reported on its stderr — which may
   * be the same file, where the message is lost too.
   */
  private *buffered(io: Io, name: string, builtin: boolean, run: (io: Io) => Gen<number>): Gen<number> {
    const file = io.file;
    if (!file) return yield* run(io);
    let buf = "";
    const st = yield* run({ ...io, out: (s) => (buf += s), file: undefined });
    if (!buf) return st;
    const errno = file.write(buf);
    if (!errno) return st;
    io.err(
      `${builtin ? `${this.bashPrefix()}${name}` : name.slice(name.lastIndexOf("/") + 1)}: write error: ${STRERROR[errno]}\n`,
    );
    return 1;
  }

  private *callFunction(
    fn: Extract<Command, { t: "funcdef" }>,
    argv: string[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input,
  ): Gen<number> {
    if (this.nestDepth >= MAX_NEST) {
      this.fatal(io, `${fn.name}: maximum function nesting level exceeded (${this.funcDepth})`, 1);
    }
    const savedPos = this.positional;
    const savedSource = this.errSource;
    this.positional = argv.slice(1);
    const outer = this.vars.values("FUNCNAME");
    this.vars.scopes.push(new Map());
    this.vars.local("FUNCNAME");
    this.vars.setArray(
      "FUNCNAME",
      [fn.name, ...outer].map((n) => [undefined, n]),
      false,
    );
    this.funcDepth++;
    this.errSource = fn.source;
    try {
      return yield* this.runCommand(fn.body, io, ctx, stdin);
    } catch (e) {
      if (e instanceof FuncReturn) return e.code;
      throw e;
    } finally {
      this.errSource = savedSource;
      this.funcDepth--;
      this.vars.scopes.pop();
      this.positional = savedPos;
    }
  }

  inFunction(): boolean {
    return this.funcDepth > 0;
  }

  /** `return N` (builtins.ts). */
  doReturn(code: number, io: Io): number {
    if (this.funcDepth === 0 && !this.sourcing) {
      io.err(`${this.bashPrefix()}return: can only \`return' from a function or sourced script\n`);
      return 2;
    }
    throw new FuncReturn(code);
  }

  /** `break N` / `continue N` (builtins.ts). */
  doLoopControl(kind: "break" | "continue", n: number, io: Io): number {
    if (this.loopDepth === 0) {
      io.err(`${this.bashPrefix()}${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    throw new LoopControl(kind, Math.min(n, this.loopDepth));
  }

  /** `exit N` (builtins.ts). */
  doExit(code: number): never {
    throw new ShellExit(code);
  }

  /** Depth of `source` (where `return` is allowed). */
  sourcing = 0;

  /** `source FILE`: runs a script in this shell. */
  *source(
    text: string,
    args: string[] | undefined,
    io: Io,
    ctx: ExecCtx,
    stdin: Input,
    file?: string,
  ): Gen<number> {
    let script: Script;
    try {
      script = parse(text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.err(this.syntaxError(e, text));
      return 2;
    }
    const savedPos = this.positional;
    const savedSource = this.errSource;
    const savedLine = this.lineNo;
    if (args && args.length) this.positional = args;
    this.sourcing++;
    if (file !== undefined) this.errSource = file;
    try {
      return yield* this.runScript(script, io, ctx, stdin);
    } catch (e) {
      if (e instanceof FuncReturn) return e.code;
      throw e;
    } finally {
      this.errSource = savedSource;
      this.lineNo = savedLine;
      this.sourcing--;
      if (args && args.length) this.positional = savedPos;
    }
  }

  /** `eval`: parses and runs text in this shell. */
  *evalText(text: string, io: Io, ctx: ExecCtx, stdin: Input): Gen<number> {
    if (this.nestDepth >= MAX_NEST)
      this.fatal(io, `eval: maximum eval nesting level exceeded (${MAX_NEST})`, 1);
    let script: Script;
    try {
      script = parse(text, { aliases: this.interactive ? this.aliases : undefined });
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.err(
        e.message
          ? `${this.bashPrefix()}${e.message}\n`
          : `${this.bashPrefix()}syntax error near unexpected token \`${e.token}'\n${this.bashPrefix()}\`${text}'\n`,
      );
      return 2;
    }
    return yield* this.runScript(script, io, ctx, stdin);
  }

  /** A child shell started with exactly this environment (`env -i A=1 sh -c …`). */
  *withEnvironment(env: Map<string, string>, body: () => Gen<number>): Gen<number> {
    return yield* this.isolated(() => {
      const fresh = new Vars();
      for (const k of [
        "IFS",
        "PS4",
        "OPTIND",
        "BASH_VERSION",
        "BASH",
        "HOSTTYPE",
        "MACHTYPE",
        "OSTYPE",
        "UID",
        "EUID",
        "PPID",
      ]) {
        const v = this.vars.get(k);
        if (v !== undefined) fresh.set(k, v);
      }
      for (const [k, v] of env) {
        fresh.set(k, v);
        fresh.attrs(k).exported = true;
      }
      this.vars = fresh;
      return body();
    });
  }

  makeCmd(
    argv: string[],
    io: Io,
    ctx: ExecCtx,
    stdin: Input | string,
    pid: number,
    interrupted?: () => boolean,
    env?: Map<string, string>,
  ): Cmd {
    const self = this;
    const input = typeof stdin === "string" ? new Input(stdin) : stdin;
    let taken: string | undefined;
    return {
      argv,
      // a program that reads its standard input reads all of it (what `read` left)
      get stdin() {
        if (taken === undefined) taken = input.takeAll();
        return taken;
      },
      stdinErrno: input.errno,
      out: io.out,
      err: io.err,
      ctx,
      env: env ?? this.env,
      fs: this.fs,
      interactive: this.interactive,
      isatty: !!io.tty && this.interactive,
      columns: this.columns,
      pid,
      interrupted: interrupted ?? ctx.interrupted ?? (() => self.interruptFlag),
      // counted in stepsDone (Run.work) only: the program paces itself
      work(n) {
        self.stepsBefore += n;
      },
      run(argv2, ctx2, opts) {
        const fn = argv2.length ? self.findProgram(argv2[0], ctx2) : undefined;
        if (!fn) {
          const name = argv2[0] ?? "";
          const failure = EXEC_FAILURE[argv[0].slice(argv[0].lastIndexOf("/") + 1)];
          const why =
            name.includes("/") && self.fs.isDir(ctx2, name)
              ? "Permission denied"
              : "No such file or directory";
          // the caller's own report of a failed execvp, as a finished child
          let code: number | Generator<Wait, number, void>;
          if (opts?.onNotFound) code = opts.onNotFound(why);
          else if (failure) {
            const [msg, c] = failure(name, why);
            io.err(msg);
            code = c;
          } else {
            io.err(`${argv[0]}: ${name}: ${why}\n`);
            code = 127;
          }
          return asGen(code);
        }
        return self.spawnProgram(
          fn,
          argv2,
          opts?.io ? { out: opts.io.out, err: opts.io.err } : io,
          ctx2,
          input,
          opts?.interrupted ?? interrupted,
          opts?.env,
        );
      },
      runScript(script, ctx2) {
        return (function* () {
          let parsed: Script;
          try {
            parsed = parse(script);
          } catch (e) {
            if (!(e instanceof ParseError)) throw e;
            io.err(self.syntaxError(e, script));
            return 2;
          }
          return yield* self.isolated(() => self.runScript(parsed, io, ctx2, input));
        })();
      },
      spawn(argv2, ctx2, onKill) {
        const p = ctx2.machine.spawn(argv2, ctx2.ns, { nsproxy: ctx2.nsproxy, ppid: pid });
        p.onKill = onKill;
        return p.pid;
      },
    };
  }

  /** `bash` / `nsenter` with no program in an interactive session: enter that namespace. */
  enter(ctx: ExecCtx): void {
    this.ctxStack.push(ctx);
    ctx.ns.refs++;
    // a new bash: what it changes is gone when it exits
    this.entered.push({
      vars: this.vars.clone(),
      functions: new Map(this.functions),
      opts: { ...this.opts },
      cwd: this.fs.cwd,
      positional: this.positional,
    });
  }

  private readonly entered: {
    vars: Vars;
    functions: Shell["functions"];
    opts: ShellOptions;
    cwd: string;
    positional: string[];
  }[] = [];

  /** `exit` in an entered namespace. Returns false at the top level. */
  leave(): boolean {
    if (this.ctxStack.length <= 1) return false;
    const ctx = this.ctxStack.pop()!;
    this.world.releaseNetns(ctx.ns);
    ctx.onLeave?.(this.status);
    const saved = this.entered.pop();
    if (saved && this.interactive) {
      this.vars = saved.vars;
      this.functions = saved.functions;
      this.opts = saved.opts;
      this.fs.cwd = saved.cwd;
      this.positional = saved.positional;
    }
    return true;
  }

  /** Runs a script to completion, advancing virtual time as needed (headless use). */
  runSync(src: string, io: Io): number {
    const gen = this.runLine(src, io);
    let r = gen.next();
    while (!r.done) {
      this.driver.advance(r.value);
      r = gen.next();
    }
    return r.value;
  }
}

/**
 * Runs a background job's generator with its own runScript nesting count: the foreground line
 * and each job are separate threads of work whose depths must not add up while they interleave.
 */
function ownNesting(sh: Shell, gen: Gen<number>): Gen<number> {
  // the job's first step runs at once, on top of the line that started it: count from there
  return nested(sh, gen, sh.nestDepth);
}

function* nested(sh: Shell, gen: Gen<number>, base: number): Gen<number> {
  let depth = base;
  try {
    for (;;) {
      const outer = sh.nestDepth;
      sh.nestDepth = depth;
      let r: IteratorResult<Wait, number>;
      try {
        r = gen.next();
      } finally {
        depth = sh.nestDepth;
        sh.nestDepth = outer;
      }
      if (r.done) return r.value;
      yield r.value;
    }
  } finally {
    // abandoned (the job was dropped): close the inner generator so its finally blocks run
    gen.return(0);
  }
}

function* asGen(r: number | Generator<Wait, number, void>): Gen<number> {
  if (typeof r === "number") return r;
  return yield* r;
}

function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

/** C-locale (byte order) comparison. */
export function cmpC(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function intCompare(op: string, a: bigint, b: bigint): boolean {
  switch (op) {
    case "-eq":
      return a === b;
    case "-ne":
      return a !== b;
    case "-lt":
      return a < b;
    case "-le":
      return a <= b;
    case "-gt":
      return a > b;
    case "-ge":
      return a >= b;
  }
  return false;
}

/** The source text of a word (for "ambiguous redirect"). */
function rawWord(w: Word): string {
  return w
    .map((p) =>
      p.t === "lit"
        ? p.s
        : p.t === "param"
          ? p.e.text.length > 1 || p.e.op || p.e.prefix
            ? `\${${p.e.text}}`
            : `$${p.e.text}`
          : p.t === "arith"
            ? `$((${p.src}))`
            : `$(${p.src})`,
    )
    .join("");
}

/** Tilde expansion: `~` and `~/…` at the start (and after `:` in assignments). */
function tilde(w: Word, assignment: boolean): Word {
  const first = w[0];
  if (!first || first.t !== "lit" || first.quoted) return w;
  const expand = (s: string, atStart: boolean): string => {
    const m = /^~([A-Za-z0-9_.-]*)(?=\/|$)/.exec(s);
    if (!m || (!atStart && !s.startsWith("~"))) return s;
    const home = m[1] === "" || m[1] === "root" ? "/root" : undefined;
    if (home === undefined) return s;
    return home + s.slice(m[0].length);
  };
  let s = first.s;
  if (s.startsWith("~")) {
    const end = s.indexOf("/");
    const head = end < 0 ? s : s.slice(0, end);
    if (end < 0 && w.length > 1 && w[1].t === "lit") return w;
    s = expand(head, true) + (end < 0 ? "" : s.slice(end));
  }
  if (assignment) s = s.replace(/:~(?=\/|:|$)/g, ":/root");
  return s === first.s ? w : [{ ...first, s }, ...w.slice(1)];
}

/** More words than a brace expansion may make (BRACE_LIMIT): bash runs out of memory there. */
export class BraceLimit {
  constructor(readonly elements: number) {}
}

/** The most words one brace expansion makes: `{a,b}` thirty times over is a billion. */
export const BRACE_LIMIT = 200_000;

/** Brace expansion of a word's unquoted text: `{a,b}`, `{1..10..2}`, `{a..e}`, nested. */
export function braceExpand(w: Word): Word[] {
  // tokens: unquoted characters, or opaque parts
  type Tok = { c: string } | { p: Part };
  const toks: Tok[] = [];
  for (const p of w) {
    if (p.t === "lit" && !p.quoted) for (const c of p.s) toks.push({ c });
    else toks.push({ p });
  }
  if (!toks.some((t) => "c" in t && t.c === "{")) return [w];
  let made = 0;
  const results = expandToks(toks, 0);
  return results.map((ts) => {
    const out: Part[] = [];
    for (const t of ts) {
      if ("c" in t) {
        const last = out[out.length - 1];
        if (last && last.t === "lit" && !last.quoted) last.s += t.c;
        else out.push({ t: "lit", s: t.c, quoted: false });
      } else out.push(t.p);
    }
    if (!out.length) out.push({ t: "lit", s: "", quoted: false });
    return out;
  });

  function expandToks(ts: Tok[], depth: number): Tok[][] {
    if (depth > 20) return [ts];
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (!("c" in t) || t.c !== "{") continue;
      if (i > 0 && "c" in ts[i - 1] && (ts[i - 1] as { c: string }).c === "$") continue;
      // find the matching close brace and the top-level commas
      let d = 0;
      const commas: number[] = [];
      let close = -1;
      for (let j = i; j < ts.length; j++) {
        const u = ts[j];
        if (!("c" in u)) continue;
        if (u.c === "\\") {
          j++;
          continue;
        }
        if (u.c === "{") d++;
        else if (u.c === "}") {
          d--;
          if (d === 0) {
            close = j;
            break;
          }
        } else if (u.c === "," && d === 1) commas.push(j);
      }
      if (close < 0) return [ts];
      const pre = ts.slice(0, i);
      const post = ts.slice(close + 1);
      let alts: Tok[][] | undefined;
      if (commas.length) {
        alts = [];
        let s = i + 1;
        for (const c of [...commas, close]) {
          alts.push(ts.slice(s, c));
          s = c + 1;
        }
      } else {
        const inner = ts.slice(i + 1, close);
        if (inner.every((u) => "c" in u)) alts = sequence(inner.map((u) => (u as { c: string }).c).join(""));
      }
      if (!alts) {
        // not an expansion: keep the brace and look further right
        const rest = expandToks(ts.slice(i + 1), depth + 1);
        return rest.map((r) => [...ts.slice(0, i + 1), ...r]);
      }
      const out: Tok[][] = [];
      for (const a of alts)
        for (const r of expandToks([...pre, ...a, ...post], depth + 1)) {
          out.push(r);
          // the characters made count too: 3^14 words of forty characters is no small list
          made += r.length;
          if (out.length > BRACE_LIMIT || made > BRACE_LIMIT * 20) throw new BraceLimit(estimate(toks));
        }
      return out;
    }
    return [ts];
  }

  /** How many words the whole expansion would make (for the error): the product of its groups. */
  function estimate(ts: Tok[]): number {
    let n = 1;
    let depth = 0;
    let commas = 0;
    let start = -1;
    for (let j = 0; j < ts.length; j++) {
      const u = ts[j];
      if (!("c" in u)) continue;
      if (u.c === "{" && depth++ === 0) {
        start = j;
        commas = 0;
      } else if (u.c === "," && depth === 1) commas++;
      else if (u.c === "}" && depth > 0 && --depth === 0) {
        const inner = ts.slice(start + 1, j).map((t) => ("c" in t ? t.c : ""));
        const m = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(inner.join(""));
        const k = commas
          ? commas + 1
          : m
            ? Math.floor(Math.abs(+m[2] - +m[1]) / Math.max(1, Math.abs(+(m[3] ?? 1)))) + 1
            : 1;
        n = Math.min(n * k, 2 ** 32 - 1);
      }
    }
    return n;
  }

  function sequence(s: string): Tok[][] | undefined {
    let m = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(s);
    const toToks = (x: string): Tok[] => [...x].map((c) => ({ c }));
    if (m) {
      const a = parseInt(m[1], 10);
      const b = parseInt(m[2], 10);
      let step = m[3] ? Math.abs(parseInt(m[3], 10)) : 1;
      if (step === 0) step = 1;
      const width = /^-?0\d/.test(m[1]) || /^-?0\d/.test(m[2]) ? Math.max(m[1].length, m[2].length) : 0;
      const out: Tok[][] = [];
      const dir = a <= b ? 1 : -1;
      for (let v = a; dir > 0 ? v <= b : v >= b; v += dir * step) {
        let str = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), "0");
        if (v < 0) str = "-" + str;
        out.push(toToks(str));
        if (out.length > BRACE_LIMIT) throw new BraceLimit(Math.floor(Math.abs(b - a) / step) + 1);
      }
      return out;
    }
    m = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(s);
    if (m) {
      const a = m[1].charCodeAt(0);
      const b = m[2].charCodeAt(0);
      let step = m[3] ? Math.abs(parseInt(m[3], 10)) : 1;
      if (step === 0) step = 1;
      const out: Tok[][] = [];
      const dir = a <= b ? 1 : -1;
      for (let v = a; dir > 0 ? v <= b : v >= b; v += dir * step) out.push(toToks(String.fromCharCode(v)));
      return out;
    }
    return undefined;
  }
}

/** How `set -x` and `${x@Q}` quote a word. */
function xtraceQuote(s: string): string {
  if (s === "") return "''";
  if (/^[A-Za-z0-9_./=:,+@%^{}-]+$/.test(s) && !/^[{}]/.test(s)) return s;
  if (hasControl(s))
    return (
      "$'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\t/g, "\\t") + "'"
    );
  return `'${s.replace(/'/g, "'\\''")}'`;
}

export function shellQuote(s: string): string {
  if (hasControl(s)) return xtraceQuote(s);
  return `'${s.replace(/'/g, "'\\''")}'`;
}

function ansiUnescape(s: string): string {
  return s.replace(/\\([abefnrtv\\'"]|x[0-9a-fA-F]{1,2}|[0-7]{1,3})/g, (_, e: string) => {
    const m: Record<string, string> = {
      a: "\x07",
      b: "\b",
      e: "\x1b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      "'": "'",
      '"': '"',
    };
    if (e in m) return m[e];
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    return String.fromCharCode(parseInt(e, 8));
  });
}

/** POSIX ERE (as regcomp takes it for `=~`) to a JavaScript RegExp source. */
function ereToJs(src: string): string {
  let out = "";
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      out += src.slice(i, i + 2);
      i++;
    } else if (c === "[") {
      let j = i + 1;
      if (src[j] === "^") j++;
      if (src[j] === "]") j++;
      let body = "";
      for (; j < src.length && src[j] !== "]"; j++) {
        if (src[j] === "[" && src[j + 1] === ":") {
          const e = src.indexOf(":]", j);
          const cls = src.slice(j + 2, e);
          const map: Record<string, string> = {
            alpha: "A-Za-z",
            digit: "0-9",
            alnum: "A-Za-z0-9",
            upper: "A-Z",
            lower: "a-z",
            space: "\\s",
            blank: " \\t",
            punct: "!-\\/:-@\\[-`{-~",
            xdigit: "0-9A-Fa-f",
          };
          body += map[cls] ?? "";
          j = e + 1;
        } else body += src[j] === "\\" ? "\\\\" : src[j];
      }
      const head = src.slice(i + 1, src[i + 1] === "^" ? i + 2 : i + 1);
      out += "[" + head + body.slice(0) + "]";
      i = j;
    } else out += c;
  }
  return out;
}

void plainText;
