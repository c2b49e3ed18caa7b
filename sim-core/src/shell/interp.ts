/**
 * Executes parsed command lines like bash: expansions and word splitting, redirections into the
 * virtual filesystem, pipelines (each stage runs to completion and feeds the next), && || ; and
 * background jobs, builtins, and entering/leaving network namespaces the way an interactive
 * `nsenter --net=…` / `ip netns exec NS bash` … `exit` does.
 */
import type { World } from "../kernel/world";
import type { Machine } from "../kernel/machine";
import { STRERROR } from "../kernel/types";
import { parse, ParseError, type AndOr, type Command, type Pipeline, type Redir, type Script, type Word } from "./parse";
import { VirtualFs } from "./fs";
import { Driver } from "./driver";
import { ExitStatus, type Cmd, type CommandFn, type ExecCtx, type Wait } from "./types";
import { builtins, type Builtin } from "./builtins";

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

type Gen<T> = Generator<Wait, T, void>;

/** One shell: a terminal, or the lab runner's bash. */
export class Shell {
  /** ctxStack[0] is the machine's root namespace; entering a netns pushes. */
  readonly ctxStack: ExecCtx[];
  readonly env = new Map<string, string>();
  status = 0;
  interruptFlag = false;
  readonly fs = new VirtualFs();
  readonly pid: number;
  /** Background jobs by job number, for `jobs`, `kill %N`, `wait`. */
  readonly jobs = new Map<number, { pid: number; src: string; done: boolean; status: number }>();
  /** Lines of the current invocation (bash -c reports "line N"). */
  lineNo = 1;
  /** Set when `exit` was run at the top level. */
  exited = false;
  /** Job notices to print at the next prompt ("[1]+  Done …"). */
  notices: string[] = [];

  constructor(
    readonly world: World,
    machine: Machine,
    readonly commands: Map<string, CommandFn>,
    readonly interactive: boolean,
  ) {
    this.ctxStack = [{ world, machine, ns: machine.root }];
    this.pid = machine.spawn(["-bash"], machine.root).pid;
    this.env.set("HOME", "/root");
    this.env.set("USER", "root");
    this.env.set("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    this.env.set("SHELL", "/bin/bash");
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

  /** bash's own error prefix: `bash: ` interactively, `bash: line N: ` for `bash -c`. */
  bashPrefix(): string {
    return this.interactive || this.scriptLines <= 1 ? "bash: " : `bash: line ${this.lineNo}: `;
  }

  /** Runs one input line (or a pasted block). */
  *runLine(src: string, io: Io): Gen<number> {
    this.scriptLines = src.split("\n").length;
    // every non-interactive line is its own `bash -c`: $? starts at 0
    if (!this.interactive) this.status = 0;
    let script: Script;
    try {
      script = parse(src);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      io.err(this.syntaxError(e, src));
      this.status = 2;
      return 2;
    }
    this.status = yield* this.runScript(script, io, this.ctx);
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
    const line = src + this.cSuffix;
    const lines = line.split("\n").length;
    if (e.message) return `bash: -c: line ${lines}: ${e.message}\n`;
    if (e.incomplete) return `bash: -c: line ${lines + 1}: syntax error: unexpected end of file\n`;
    return `bash: -c: line ${lines}: syntax error near unexpected token \`${e.token}'\nbash: -c: line ${lines}: \`${line}'\n`;
  }

  /** What the caller appended to the `bash -c` script (the oracle adds " 2>&1"). */
  cSuffix = "";

  /** How many lines the current `bash -c` script has (bash says "line N:" only for multi-line ones). */
  scriptLines = 1;

  *runScript(script: Script, io: Io, ctx: ExecCtx, stdin = ""): Gen<number> {
    let st = this.status;
    for (const item of script.items) {
      if (this.exited && ctx === this.ctxStack[0]) break;
      if (item.background) {
        st = this.startBackground(item, io, ctx);
      } else {
        st = yield* this.runAndOr(item, io, ctx, stdin);
      }
      this.status = st;
      if (this.interruptFlag) break;
    }
    return st;
  }

  private startBackground(item: AndOr, io: Io, ctx: ExecCtx): number {
    let n = 1;
    while (this.jobs.has(n)) n++;
    const proc = ctx.machine.spawn([item.src], ctx.ns);
    const job = { pid: proc.pid, src: item.src, done: false, status: 0 };
    this.jobs.set(n, job);
    if (this.interactive) io.err(`[${n}] ${proc.pid}\n`);
    const self = this;
    const jobCtx: ExecCtx = { ...ctx, jobPid: proc.pid };
    const gen = (function* () {
      try {
        return yield* self.runAndOr({ ...item, background: false }, io, jobCtx, "");
      } finally {
        ctx.machine.kill(proc.pid);
      }
    })();
    this.driver.start(gen, (status) => {
      job.done = true;
      job.status = status;
      if (this.interactive) {
        const what = status === 0 ? "Done" : `Exit ${status}`;
        this.notices.push(`[${n}]+  ${what.padEnd(24)}${item.src}\n`);
      }
      this.jobs.delete(n);
    });
    proc.onKill = undefined;
    return 0;
  }

  private *runAndOr(item: AndOr, io: Io, ctx: ExecCtx, stdin: string): Gen<number> {
    let st = yield* this.runPipeline(item.first, io, ctx, stdin);
    for (const { op, p } of item.rest) {
      if (this.interruptFlag) break;
      if ((op === "&&" && st === 0) || (op === "||" && st !== 0)) st = yield* this.runPipeline(p, io, ctx, stdin);
      this.status = st;
    }
    return st;
  }

  private *runPipeline(p: Pipeline, io: Io, ctx: ExecCtx, stdin: string): Gen<number> {
    let input = stdin;
    let st = 0;
    for (let i = 0; i < p.cmds.length; i++) {
      const last = i === p.cmds.length - 1;
      let buf = "";
      const stageIo: Io = last ? io : { out: (s) => (buf += s), err: io.err };
      st = yield* this.runCommand(p.cmds[i], stageIo, ctx, input);
      input = buf;
    }
    return p.bang ? (st === 0 ? 1 : 0) : st;
  }

  private *runCommand(c: Command, io: Io, ctx: ExecCtx, stdin: string): Gen<number> {
    switch (c.t) {
      case "simple":
        return yield* this.runSimple(c, io, ctx, stdin);
      case "subshell":
      case "group": {
        const r = yield* this.withRedirs(c.redirs, io, ctx, stdin, "", function* (this: Shell, io2, stdin2) {
          return yield* this.runScript(c.body, io2, ctx, stdin2);
        });
        return r;
      }
      case "if":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, "", function* (this: Shell, io2, stdin2) {
          for (const cl of c.clauses) {
            if ((yield* this.runScript(cl.cond, io2, ctx, stdin2)) === 0) return yield* this.runScript(cl.body, io2, ctx, stdin2);
          }
          return c.otherwise ? yield* this.runScript(c.otherwise, io2, ctx, stdin2) : 0;
        });
      case "for":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, "", function* (this: Shell, io2, stdin2) {
          const items: string[] = [];
          if (c.items) for (const w of c.items) items.push(...(yield* this.expandWord(w, ctx, true)));
          let st = 0;
          for (const it of items) {
            this.env.set(c.name, it);
            st = yield* this.runScript(c.body, io2, ctx, stdin2);
            if (this.interruptFlag) break;
          }
          return st;
        });
      case "while":
        return yield* this.withRedirs(c.redirs, io, ctx, stdin, "", function* (this: Shell, io2, stdin2) {
          let st = 0;
          for (let n = 0; n < 100000; n++) {
            const cond = yield* this.runScript(c.cond, io2, ctx, stdin2);
            if ((cond === 0) === c.until) break;
            st = yield* this.runScript(c.body, io2, ctx, stdin2);
            if (this.interruptFlag) break;
          }
          return st;
        });
    }
  }

  // ---- expansion ----

  *expandWord(w: Word, ctx: ExecCtx, split: boolean): Gen<string[]> {
    // fields are built from parts; unquoted expansion results are split on blanks
    const fields: string[] = [];
    let cur = "";
    let have = false;
    for (const p of w) {
      if (p.t === "lit") {
        cur += p.s;
        have = true;
        continue;
      }
      let val: string;
      if (p.t === "var") val = this.lookupVar(p.name);
      else val = yield* this.commandSubstitution(p.src, ctx);
      if (p.quoted || !split) {
        cur += val;
        have = true;
        continue;
      }
      const pieces = val.split(/[ \t\n]+/);
      for (let i = 0; i < pieces.length; i++) {
        if (i > 0) {
          if (have || cur) fields.push(cur);
          cur = "";
          have = false;
        }
        if (pieces[i]) {
          cur += pieces[i];
          have = true;
        }
      }
    }
    if (have || cur) fields.push(cur);
    return fields;
  }

  private lookupVar(name: string): string {
    switch (name) {
      case "?":
        return String(this.status);
      case "$":
        return String(this.pid);
      case "#":
        return "0";
      case "0":
        return "bash";
      case "!":
        return "";
      case "HOSTNAME":
        return this.machine.hostname;
      case "RANDOM":
        return String(this.world.rng.below(32768));
    }
    const def = /^([A-Za-z_][A-Za-z0-9_]*):?-(.*)$/.exec(name);
    if (def) return this.env.get(def[1]) || def[2];
    const len = /^#([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
    if (len) return String((this.env.get(len[1]) ?? "").length);
    return this.env.get(name) ?? "";
  }

  private *commandSubstitution(src: string, ctx: ExecCtx): Gen<string> {
    if (src.startsWith("\u0000arith ")) return String(arith(src.slice(7), (n) => this.lookupVar(n)));
    let out = "";
    const io: Io = { out: (s) => (out += s), err: (s) => this.errSink?.(s) };
    let script: Script;
    try {
      script = parse(src);
    } catch {
      return "";
    }
    const saved = this.status;
    yield* this.runScript(script, io, ctx);
    void saved;
    return out.replace(/\n+$/, "");
  }

  /** Where command-substitution stderr goes (the terminal). */
  errSink?: (s: string) => void;

  // ---- redirections ----

  private *withRedirs(
    redirs: Redir[],
    io: Io,
    ctx: ExecCtx,
    stdin: string,
    argv0: string,
    body: (this: Shell, io: Io, stdin: string) => Gen<number>,
  ): Gen<number> {
    let out = io.out;
    let err = io.err;
    let input = stdin;
    const files: { path: string; data: string; append: boolean; fd: number; through: boolean }[] = [];
    for (const r of redirs) {
      const target = (yield* this.expandWord(r.target, ctx, false)).join(" ");
      if (r.op === "<<") {
        input = r.heredocQuoted ? (r.heredoc ?? "") : yield* this.expandHeredoc(r.heredoc ?? "", ctx);
        continue;
      }
      if (r.op === "<<<") {
        input = target + "\n";
        continue;
      }
      if (r.op === "<") {
        const rd = this.fs.read(ctx, target);
        if (!rd.ok) {
          io.err(`${this.bashPrefix()}${target}: ${STRERROR[rd.errno]}\n`);
          return 1;
        }
        input = rd.value;
        continue;
      }
      if (r.op === ">&" || r.op === "<&") {
        if (target === "1" || target === "2") {
          const to = target === "1" ? out : err;
          if (r.fd === 2) err = to;
          else if (r.fd === 1) out = to;
          continue;
        }
        if (target === "-") {
          if (r.fd === 1) out = () => {};
          if (r.fd === 2) err = () => {};
          continue;
        }
      }
      // a file: open (create/truncate) now, write at the end
      const path = target;
      if (path === "/dev/null") {
        if (r.op === "&>" || r.op === "&>>") {
          out = () => {};
          err = () => {};
        } else if (r.fd === 2) err = () => {};
        else out = () => {};
        continue;
      }
      if (path === "/dev/stderr") {
        if (r.fd === 1) out = err;
        continue;
      }
      if (path === "/dev/stdout") {
        if (r.fd === 2) err = out;
        continue;
      }
      const append = r.op === ">>" || r.op === "&>>";
      const isProc = this.fs.resolve(path).startsWith("/proc/sys/");
      if (!isProc) {
        const open = this.fs.write(ctx, path, "", true);
        if (!open.ok) {
          io.err(`${this.bashPrefix()}${path}: ${STRERROR[open.errno]}\n`);
          return 1;
        }
        if (!append) this.fs.write(ctx, path, "", false);
      } else if (!ctx.ns.sysctl.has(this.fs.resolve(path).slice("/proc/sys/".length))) {
        io.err(`${this.bashPrefix()}${path}: ${STRERROR[2]}\n`);
        return 1;
      }
      const f = { path, data: "", append, fd: r.fd, through: !isProc };
      files.push(f);
      // a regular file gets each write as it happens (a server in the background logs to it
      // while it runs); /proc/sys takes the whole value in one write at the end
      const sink = (s: string) => {
        if (f.through) this.fs.write(ctx, path, s, true);
        else f.data += s;
      };
      if (r.op === "&>" || r.op === "&>>") {
        out = sink;
        err = sink;
      } else if (r.fd === 2) err = sink;
      else out = sink;
    }
    const st = yield* body.call(this, { out, err }, input);
    let result = st;
    for (const f of files) {
      if (f.through) continue;
      if (!f.data && this.fs.resolve(f.path).startsWith("/proc/sys/")) continue;
      const w = this.fs.write(ctx, f.path, f.data, true);
      if (!w.ok) {
        const who = argv0 && builtins.has(argv0) ? `${this.bashPrefix()}${argv0}: ` : argv0 ? `${argv0}: ` : this.bashPrefix();
        io.err(`${who}write error: ${STRERROR[w.errno]}\n`);
        result = 1;
      }
    }
    return result;
  }

  private *expandHeredoc(body: string, ctx: ExecCtx): Gen<string> {
    let out = "";
    const re = /\$\{([^}]+)\}|\$([A-Za-z_][A-Za-z0-9_]*|[?$#])|\$\(([^)]*)\)|\\([$`\\])/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body))) {
      out += body.slice(last, m.index);
      if (m[4]) out += m[4];
      else if (m[3] !== undefined) out += yield* this.commandSubstitution(m[3], ctx);
      else out += this.lookupVar(m[1] ?? m[2]);
      last = re.lastIndex;
    }
    return out + body.slice(last);
  }

  // ---- simple commands ----

  private *runSimple(c: Extract<Command, { t: "simple" }>, io: Io, ctx: ExecCtx, stdin: string): Gen<number> {
    this.lineNo = c.line;
    const argv: string[] = [];
    for (const w of c.words) argv.push(...(yield* this.expandWord(w, ctx, true)));
    const assigns: [string, string][] = [];
    for (const a of c.assigns) assigns.push([a.name, (yield* this.expandWord(a.value, ctx, false)).join("")]);
    if (!argv.length) {
      for (const [k, v] of assigns) this.env.set(k, v);
      // eslint-disable-next-line require-yield -- redirections alone: nothing to wait for
      return yield* this.withRedirs(c.redirs, io, ctx, stdin, "", function* () {
        return 0;
      });
    }
    const self = this;
    return yield* this.withRedirs(c.redirs, io, ctx, stdin, argv[0], function* (io2, stdin2) {
      const saved = new Map<string, string | undefined>();
      for (const [k, v] of assigns) {
        saved.set(k, self.env.get(k));
        self.env.set(k, v);
      }
      try {
        return yield* self.exec(argv, io2, ctx, stdin2);
      } finally {
        for (const [k, v] of saved) {
          if (v === undefined) self.env.delete(k);
          else self.env.set(k, v);
        }
      }
    });
  }

  /** Runs a program (builtin or external) by argv. */
  *exec(argv: string[], io: Io, ctx: ExecCtx, stdin: string, interrupted?: () => boolean): Gen<number> {
    const name = argv[0];
    const b: Builtin | undefined = builtins.get(name);
    if (b) return yield* asGen(b(this, argv, io, ctx, stdin));
    const base = name.includes("/") ? name.slice(name.lastIndexOf("/") + 1) : name;
    const isPath = name.includes("/");
    const fn = this.commands.get(isPath && /^\/(usr\/)?s?bin\/[^/]+$/.test(name) ? base : name);
    if (!fn) {
      if (isPath) {
        const p = this.fs.resolve(name);
        const exists = this.fs.isDir(ctx, p) || this.fs.read(ctx, p).ok;
        io.err(`${this.bashPrefix()}${name}: ${exists ? (this.fs.isDir(ctx, p) ? "Is a directory" : "Permission denied") : "No such file or directory"}\n`);
        return exists ? 126 : 127;
      }
      io.err(`${this.bashPrefix()}${name}: command not found\n`);
      return 127;
    }
    const proc = ctx.machine.spawn(argv, ctx.ns);
    const cmd = this.makeCmd(argv, io, ctx, stdin, proc.pid, interrupted);
    try {
      return yield* asGen(fn(cmd));
    } catch (e) {
      if (e instanceof ExitStatus) return e.code;
      throw e;
    } finally {
      ctx.machine.kill(proc.pid);
    }
  }

  makeCmd(argv: string[], io: Io, ctx: ExecCtx, stdin: string, pid: number, interrupted?: () => boolean): Cmd {
    const self = this;
    return {
      argv,
      stdin,
      out: io.out,
      err: io.err,
      ctx,
      env: this.env,
      fs: this.fs,
      interactive: this.interactive,
      pid,
      interrupted: interrupted ?? (() => self.interruptFlag),
      run(argv2, ctx2, opts) {
        return self.exec(argv2, io, ctx2, stdin, opts?.interrupted ?? interrupted);
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
          return yield* self.runScript(parsed, io, ctx2, stdin);
        })();
      },
      spawn(argv2, ctx2, onKill) {
        const p = ctx2.machine.spawn(argv2, ctx2.ns);
        p.onKill = onKill;
        return p.pid;
      },
    };
  }

  /** `bash` / `nsenter` with no program in an interactive session: enter that namespace. */
  enter(ctx: ExecCtx): void {
    this.ctxStack.push(ctx);
    ctx.ns.refs++;
  }

  /** `exit` in an entered namespace. Returns false at the top level. */
  leave(): boolean {
    if (this.ctxStack.length <= 1) return false;
    const ctx = this.ctxStack.pop()!;
    this.world.releaseNetns(ctx.ns);
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

function* asGen(r: number | Generator<Wait, number, void>): Gen<number> {
  if (typeof r === "number") return r;
  return yield* r;
}

/** $(( … )) with + - * / % and parentheses over integers. */
function arith(expr: string, lookup: (n: string) => string): number {
  const src = expr.replace(/\$?([A-Za-z_][A-Za-z0-9_]*)/g, (_, n) => String(parseInt(lookup(n), 10) || 0));
  if (!/^[\d\s+\-*/%()]*$/.test(src)) return 0;
  let i = 0;
  const s = src.replace(/\s+/g, "");
  const num = (): number => {
    if (s[i] === "(") {
      i++;
      const v = sum();
      i++;
      return v;
    }
    if (s[i] === "-") {
      i++;
      return -num();
    }
    let j = i;
    while (j < s.length && s[j] >= "0" && s[j] <= "9") j++;
    const v = parseInt(s.slice(i, j) || "0", 10);
    i = j;
    return v;
  };
  const prod = (): number => {
    let v = num();
    while (s[i] === "*" || s[i] === "/" || s[i] === "%") {
      const op = s[i++];
      const r = num();
      v = op === "*" ? v * r : r === 0 ? 0 : op === "/" ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = prod();
    while (s[i] === "+" || s[i] === "-") {
      const op = s[i++];
      const r = prod();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  };
  return sum();
}
