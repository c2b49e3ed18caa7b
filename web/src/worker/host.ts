/**
 * The simulator's host inside the Web Worker: one Session, a queue of commands from all terminals
 * and from the canvas (one running command per terminal: tcpdump listening in one while ping sends
 * in another, advanced together), virtual time paced against real time (ping prints a line per
 * second) in small slices that yield to the event loop,
 * undo/redo by replaying the script without / with its last step, and read-only queries for the
 * inspector. Plain class, no DOM: unit-tested in Node with a fake clock.
 */
import { Session, type Run } from "../../../sim-core/src/api/session";
import { query, queryJson, findNetns } from "../../../sim-core/src/api/query";
import { parseLab, LabSyntaxError } from "../../../sim-core/src/lab/script";
import { NS_PER_S } from "../../../sim-core/src/engine/scheduler";
import { joinContinuation } from "./join";
import {
  CommandNotLoaded,
  commandTable,
  lazyCommandsLoaded,
  loadLazyCommands,
  needsLazyCommands,
} from "./lazy-commands";
import { READ_ONLY } from "../../../sim-core/src/lab/runner";
import type { EvalOptions } from "../lessons/evaluate";
import type { Check, CheckResult } from "../lessons/checks";
import type { WorldSnapshot } from "../../../sim-core/src/api/snapshot";
import type {
  CompletionResult,
  Inspection,
  InspectRequest,
  IptChain,
  IptTable,
  LabSource,
  LoadResult,
  SimEvent,
  SubmitResult,
  WorldView,
} from "./protocol";

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

interface Job {
  id: number;
  machine: string;
  kind: "cmd" | "directive";
  line: string;
  echo: boolean;
  /**
   * Run again after its programs' code was loaded (see CommandNotLoaded): the terminal already
   * has its start and this much of its output.
   */
  rerun?: { shown: number };
  /** The code of the programs the line names could not be loaded (offline). */
  loadError?: string;
}

interface Current {
  job: Job;
  run: Run;
  /** Characters of output sent to the terminal so far. */
  shown: number;
  /** Ctrl-C was pressed (its "^C" is printed). */
  interrupted: boolean;
  /** The last character the terminal got from this command. */
  lastOut: string;
}

/** Longest a replayed command may take in virtual time before it is interrupted (a bare `ping`). */
const REPLAY_CAP = 600 * NS_PER_S;
/** How long a replay (or a cluster being set up) may keep the worker from answering the heartbeat. */
const REPLAY_QUIET_MS = 30_000;
/** Work done per slice before yielding to the event loop (ms of real time). */
const SLICE_MS = 8;
/** While commands run, the canvas follows the world this often (a storm, a link going down). */
const LIVE_VIEW_MS = 1000;
const EVENTS_PER_ADVANCE = 2000;
/**
 * With several commands running at once, virtual time moves in steps this small (ns): a command
 * sleeping until some time is not woken by the one that moves the clock, so it must not pass far.
 */
const QUANTUM = 2_000_000;

/**
 * The steps of the document: the lines undo removes together. A step is a command that changes
 * the world, with the read-only commands typed after it (undoing `ip a` alone would look like
 * nothing happened); creating a machine and laying cables are steps of their own.
 */
/** A script edit that is no command (see SimHost.remove), kept to undo and redo it. */
interface ScriptEdit {
  before: string;
  after: string;
  what: string;
}

/** What SimHost.remove takes out of a lab. */
export type Removal = { kind: "machine"; name: string } | { kind: "switch"; name: string };

/**
 * A script without a machine (its `#@machine` blocks, its cables and its ends of lab switches) or
 * without a lab switch (its `#@lan` line; a `#@link` cable's switch is `cableN`, named by
 * World.link's counter).
 */
export function removeFromScript(script: string, what: Removal): string {
  const out: string[] = [];
  let machine = "host";
  let cables = 0;
  const of = (end: string) => end.split(":")[0];
  for (const line of script.split("\n")) {
    const t = line.trim();
    const m = /^#@machine\s+(\S+)/.exec(t);
    if (m) {
      machine = m[1];
      if (!(what.kind === "machine" && machine === what.name)) out.push(line);
      continue;
    }
    const lan = /^#@lan\s+(\S+)\s*(.*)$/.exec(t);
    if (lan) {
      const ends = lan[2].split(/\s+/).filter(Boolean);
      cables += ends.length;
      if (what.kind === "switch" && lan[1] === what.name) continue;
      const kept = what.kind === "machine" ? ends.filter((e) => of(e) !== what.name) : ends;
      if (!kept.length) continue;
      out.push(kept.length === ends.length ? line : `#@lan ${lan[1]} ${kept.join(" ")}`);
      continue;
    }
    const link = /^#@link\s+(\S+)\s+(\S+)/.exec(t);
    if (link) {
      const name = `cable${++cables}`;
      cables += 2;
      if (what.kind === "switch" && name === what.name) continue;
      if (what.kind === "machine" && (of(link[1]) === what.name || of(link[2]) === what.name)) continue;
      out.push(line);
      continue;
    }
    if (what.kind === "machine" && machine === what.name && !t.startsWith("#@")) continue;
    out.push(line);
  }
  return out.join("\n");
}

export function splitSteps(script: string): string[][] {
  const lines = script.split("\n").filter((l) => l.trim() !== "");
  const steps: string[][] = [];
  const seen = new Set<string>(["host"]);
  let pending: string[] = [];
  for (const line of lines) {
    const m = /^#@machine\s+(\S+)/.exec(line);
    if (m) {
      if (!seen.has(m[1])) {
        // creating a machine is a step of its own
        seen.add(m[1]);
        steps.push([...pending, line]);
        pending = [];
      } else pending.push(line); // switching machines goes with the next command
      continue;
    }
    const link = /^#@(link|lan)\s+(.*)$/.exec(line);
    if (link) for (const end of link[2].split(/\s+/)) seen.add(end.split(":")[0]);
    if (!link && steps.length && READ_ONLY.test(line.replace(/^timeout -s INT [\d.]+ /, "")))
      steps[steps.length - 1].push(...pending, line);
    else steps.push([...pending, line]);
    pending = [];
  }
  if (pending.length) steps.push(pending);
  return steps;
}

/** Modules the worker loads on first use (their own chunks). */
const completion = () => import("../../../sim-core/src/api/complete");
const lessons = () => import("../lessons/evaluate");

export class SimHost {
  private session: Session;
  private seed = 1;
  private queue: Job[] = [];
  /** The commands running now, one per terminal at most, in the order they started. */
  private runs: Current[] = [];
  /** Pacing: virtual time v0 (ns) was due at real time r0 (ms). */
  private pace = { r0: 0, v0: 0 };
  /** Which running command goes first in the next round (they take turns). */
  private turn = 0;
  private nextId = 1;
  private redoStack: (string[] | { edit: ScriptEdit })[] = [];
  /** Edits of the script that are not commands (a machine taken out), newest last: see remove. */
  private edits: ScriptEdit[] = [];
  private lastSnapshotJson = "";
  private idleScript = "";
  private scheduled = false;
  private outBuf = new Map<string, string>();
  private hideHost = false;
  /** One command table for every session: the lazily loaded programs are forwarders in it. */
  private readonly commands = commandTable();
  /** The lazily loaded programs' code is on its way (jobs that need it wait). */
  private loadingCommands = false;
  /** Debug (the browser tests' hung command): the next command starts and never answers. */
  hangNextCommand = false;
  private spins = 0;
  private liveViewAt = 0;
  private usesHostMemo?: { script: string; uses: boolean; machine: string };

  constructor(
    private readonly emit: (events: SimEvent[]) => void,
    private readonly clock: Clock,
    /** Told before work that keeps the worker busy a while (a replay): silence is not a hang. */
    private readonly quiet: (ms: number) => void = () => {},
  ) {
    this.session = new Session({ seed: 1, commands: this.commands });
  }

  // ---- loading and replay ----

  /** Replays a lab (restore, starter lab, share link). Steps that throw are reported and skipped. */
  async load(src: LabSource): Promise<LoadResult> {
    this.queue = [];
    this.runs = [];
    this.redoStack = [];
    if (needsLazyCommands(src.script)) await loadLazyCommands().catch(() => {});
    let built;
    try {
      built = this.build(src.script, src.seed);
    } catch (e) {
      // a program named in a way the script did not show (`$p`): load them all, replay again
      if (!(e instanceof CommandNotLoaded)) throw e;
      await loadLazyCommands().catch(() => {});
      built = this.build(src.script, src.seed, true);
    }
    const { session, errors } = built;
    this.session = session;
    this.seed = src.seed;
    this.idleScript = session.script();
    this.lastSnapshotJson = "";
    // a lab written for other machines hides the implicit host; one that grows machines later does not
    this.hideHost = false;
    this.hideHost = this.hiddenMachines(session.snapshot(), session.machines()).length > 0;
    const view = this.view(true);
    return { ok: errors.length === 0, errors, view };
  }

  /** Loads what loads on demand (programs, TAB completion) now rather than at first use. */
  async prefetch(): Promise<void> {
    await Promise.all([loadLazyCommands(), completion()]);
  }

  /**
   * Replays a script into a new session. A program whose code is not loaded throws
   * CommandNotLoaded out of here (the caller loads it and replays again), unless `settled`: then
   * it is a step that failed, like any other.
   */
  private build(
    script: string,
    seed: number,
    settled = false,
  ): { session: Session; errors: { line: string; message: string }[] } {
    this.quiet(REPLAY_QUIET_MS);
    try {
      return this.replay(script, seed, settled);
    } finally {
      this.quiet(0);
    }
  }

  private replay(
    script: string,
    seed: number,
    settled: boolean,
  ): { session: Session; errors: { line: string; message: string }[] } {
    const session = new Session({ seed, commands: this.commands });
    const errors: { line: string; message: string }[] = [];
    let steps;
    try {
      steps = parseLab(script);
    } catch (e) {
      const message = e instanceof LabSyntaxError ? e.message : String(e);
      return { session, errors: [{ line: "", message }] };
    }
    for (const step of steps) {
      try {
        if (step.kind === "cmd") this.runCapped(session, step.machine, step.line);
        else session.directive(step);
      } catch (e) {
        if (e instanceof CommandNotLoaded && !settled) throw e;
        errors.push({
          line: step.kind === "cmd" ? step.line : `#@${step.kind}`,
          message: e instanceof Error ? e.message : String(e),
        });
        // a throwing command may leave the session "running": start over from what worked
        if (step.kind === "cmd") return this.rebuildWithout(script, seed, errors, settled);
      }
    }
    return { session, errors };
  }

  /** After a simulator exception: replay again, skipping the lines that threw. */
  private rebuildWithout(
    script: string,
    seed: number,
    errors: { line: string; message: string }[],
    settled: boolean,
  ): { session: Session; errors: { line: string; message: string }[] } {
    const bad = new Set(errors.map((e) => e.line));
    const session = new Session({ seed, commands: this.commands });
    for (const step of parseLab(script)) {
      if (step.kind === "cmd" && bad.has(step.line)) continue;
      try {
        if (step.kind === "cmd") this.runCapped(session, step.machine, step.line);
        else session.directive(step);
      } catch (e) {
        if (e instanceof CommandNotLoaded && !settled) throw e;
        if (step.kind === "cmd") {
          errors.push({ line: step.line, message: e instanceof Error ? e.message : String(e) });
          return this.rebuildWithout(script, seed, errors, settled);
        }
      }
    }
    return { session, errors };
  }

  private runCapped(session: Session, machine: string, line: string): void {
    const r = session.run(machine, line, () => {});
    if (r.advance(r.started + REPLAY_CAP)) return;
    r.interrupt();
    while (!r.advance(Infinity)) r.interrupt();
  }

  // ---- commands ----

  submit(machine: string, text: string, opts: { echo?: boolean } = {}): SubmitResult {
    if (this.session.needsMore(text)) return { needsMore: true };
    const line = joinContinuation(text);
    const id = this.nextId++;
    if (!line.trim() || /^\s*#/.test(line)) {
      // bash ignores empty lines and comments; they are not steps of the lab
      this.emit([{ t: "done", machine, status: 0, prompt: this.session.prompt(machine), id }]);
      return { needsMore: false, id };
    }
    this.queue.push({ id, machine, kind: "cmd", line, echo: !!opts.echo });
    this.pump();
    return { needsMore: false, id };
  }

  /** A lab directive from the canvas (`#@machine NAME`, `#@link A:IF B:IF`). */
  directive(text: string): { ok: boolean; error?: string } {
    let steps;
    try {
      steps = parseLab(text);
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (steps.length !== 1 || steps[0].kind === "cmd") return { ok: false, error: "not a directive" };
    this.queue.push({ id: this.nextId++, machine: "", kind: "directive", line: text.trim(), echo: false });
    this.pump();
    return { ok: true };
  }

  /**
   * Ctrl-C in a machine's terminal. The "^C" is printed here, where the signal lands: after what
   * the command printed before (a ping reply already on its way to the terminal), before what it
   * prints in answer (ping's statistics), as a real terminal's line discipline orders them.
   */
  interrupt(machine: string): void {
    const events: SimEvent[] = [];
    // typed commands still waiting for their turn never run
    for (const j of this.queue.filter((j) => j.machine === machine && j.kind === "cmd" && !j.echo)) {
      this.queue.splice(this.queue.indexOf(j), 1);
      events.push({ t: "out", machine, data: "^C\n" });
      events.push({ t: "done", machine, status: 130, prompt: this.session.prompt(machine), id: j.id });
    }
    const c = this.runs.find((r) => r.job.machine === machine);
    if (c && !c.interrupted) {
      c.interrupted = true;
      events.push({ t: "out", machine, data: "^C" });
      c.lastOut = "C";
      c.run.interrupt();
    }
    if (events.length) this.emit(events);
    // at once, even when a slice is scheduled (that timer's tick then finds less to do)
    if (c) this.tick();
  }

  private pump(): void {
    if (this.scheduled) return;
    this.tick();
  }

  private schedule(ms: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.setTimeout(() => {
      this.scheduled = false;
      this.tick();
    }, ms);
  }

  /**
   * Runs commands for one slice of real time, then yields. Commands of different terminals run
   * together (tcpdump listening in one while ping sends in another): they take turns, each
   * advanced to the same virtual time, in QUANTUM steps, paced against real time.
   */
  private tick(): void {
    const events: SimEvent[] = [];
    const deadline = this.clock.now() + SLICE_MS;
    let finished = false;
    let wait = 0;
    while (this.clock.now() < deadline) {
      if (this.startJobs(events)) finished = true;
      if (!this.runs.length) break;
      const sched = this.session.world.sched;
      const target = this.pace.v0 + (this.clock.now() - this.pace.r0) * 1e6;
      const limit = this.runs.length > 1 ? Math.min(target, sched.now + QUANTUM) : target;
      let busy = false;
      const first = this.turn++ % this.runs.length;
      const order = [...this.runs.slice(first), ...this.runs.slice(0, first)];
      for (const c of order) {
        if (!this.runs.includes(c)) continue;
        const work = c.run.work;
        let done: boolean;
        try {
          done = c.run.advance(limit, EVENTS_PER_ADVANCE);
        } catch (e) {
          if (e instanceof CommandNotLoaded && !c.job.loadError) {
            // a program named in a way the line did not show (`$p`): undo what the line did, load
            // the code, run the line again (what the terminal already has is not shown twice)
            this.flushOut(events);
            this.stopRuns(events, c);
            this.rebuild(this.idleScript);
            this.queue.unshift({ ...c.job, rerun: { shown: c.shown } });
            break;
          }
          // a simulator bug: drop the command, rebuild the world from the document, keep going
          this.flushOut(events);
          this.crashed(c, e, events);
          finished = true;
          break;
        }
        this.flushOut(events);
        if (done) {
          this.finish(c, events);
          finished = true;
        } else if (c.run.work - work >= EVENTS_PER_ADVANCE) busy = true;
      }
      if (!this.runs.length || busy || limit < target || this.session.world.sched.now < limit) continue;
      // every command waits on virtual time: sleep until the next event is due in real time
      const next = this.session.world.sched.peek();
      const dueMs = next === undefined ? 50 : (next - this.pace.v0) / 1e6 - (this.clock.now() - this.pace.r0);
      wait = Math.max(1, Math.min(50, Math.ceil(dueMs)));
      break;
    }
    if (finished) {
      events.push({ t: "world", view: this.view(false) });
      this.liveViewAt = this.clock.now();
    } else if (this.runs.length && this.clock.now() - this.liveViewAt >= LIVE_VIEW_MS) {
      // a long command (ping, a flood) changes the world as it runs: show what changed
      this.liveViewAt = this.clock.now();
      const view = this.view(false);
      if (view.snapshot) events.push({ t: "world", view });
    }
    if (events.length) this.emit(events);
    if (this.runs.length || (this.queue.length && !this.loadingCommands))
      this.schedule(this.runs.length && wait ? wait : 0);
  }

  /**
   * Starts the queued jobs that can start: a terminal's next command once its running one is done
   * (commands start in the order they came), a directive once nothing runs before it. True when
   * one of them finished at once.
   */
  private startJobs(events: SimEvent[]): boolean {
    let finished = false;
    const busy = new Set(this.runs.map((c) => c.job.machine));
    for (let i = 0; i < this.queue.length;) {
      const job = this.queue[i];
      if (job.kind === "directive" && (i > 0 || this.runs.length)) break;
      if (job.kind === "cmd" && busy.has(job.machine)) {
        i++;
        continue;
      }
      // (a directive too: `#@cluster` starts programs)
      const needs = job.rerun ? !lazyCommandsLoaded() : needsLazyCommands(job.line);
      if (!job.loadError && needs) {
        // its programs' code first (the jobs after it wait: commands start in order)
        this.awaitCommands(job);
        break;
      }
      this.queue.splice(i, 1);
      if (job.kind === "directive") {
        this.applyDirective(job, events);
        finished = true;
        continue;
      }
      if (!this.start(job, events)) {
        finished = true;
        continue;
      }
      busy.add(job.machine);
      if (this.hangNextCommand) this.hang(events);
    }
    return finished;
  }

  /** The world is about to be rebuilt: the other running commands stop, unrecorded. */
  private stopRuns(events: SimEvent[], except?: Current): void {
    for (const o of this.runs) {
      if (o === except) continue;
      const machine = o.job.machine;
      events.push({
        t: "out",
        machine,
        data: "\nhopscope: the lab was rebuilt after a failure in another terminal; this command was stopped and not recorded.\n",
      });
      events.push({ t: "done", machine, status: 1, prompt: this.session.prompt(machine), id: o.job.id });
    }
    this.runs = [];
  }

  /** Debug: a command that never answers (its start is sent, then the worker spins). */
  private hang(events: SimEvent[]): never {
    this.emit(events.splice(0));
    while (true) this.spins++;
  }

  /** Loads the lazily loaded programs for the job at the head of the queue, then goes on. */
  private awaitCommands(job: Job): void {
    if (this.loadingCommands) return;
    this.loadingCommands = true;
    loadLazyCommands().then(
      () => {
        this.loadingCommands = false;
        this.pump();
      },
      (e: unknown) => {
        this.loadingCommands = false;
        // offline: the line runs, and says so when it reaches such a program
        job.loadError = e instanceof Error ? e.message : String(e);
        this.pump();
      },
    );
  }

  private start(job: Job, events: SimEvent[]): boolean {
    const { machine, line } = job;
    this.redoStack = [];
    const prompt = this.session.prompt(machine);
    if (!job.rerun) events.push({ t: "start", machine, line, echo: job.echo, prompt, id: job.id });
    // `exit` in a terminal's top-level shell: a real terminal would close; ours logs in again
    const sh = this.session.shell(machine);
    if (/^\s*(exit|logout)(\s+\d+)?\s*$/.test(line) && sh.ctxStack.length <= 1) {
      events.push({ t: "out", machine, data: "logout\n" });
      events.push({ t: "done", machine, status: 0, prompt: this.session.prompt(machine), id: job.id });
      return false;
    }
    try {
      // a line run again: the output the terminal already has is the same, and skipped
      let skip = job.rerun?.shown ?? 0;
      const run = this.session.run(machine, line, (chunk) => {
        if (skip >= chunk.length) {
          skip -= chunk.length;
          return;
        }
        const data = chunk.slice(skip);
        skip = 0;
        this.outBuf.set(machine, (this.outBuf.get(machine) ?? "") + data);
      });
      // paced from now on; joining commands already running, it keeps their clock (or the time
      // its start made pass)
      const now = this.clock.now();
      const due = this.runs.length ? this.pace.v0 + (now - this.pace.r0) * 1e6 : run.started;
      this.pace = { r0: now, v0: Math.max(run.started, due) };
      this.runs.push({ job, run, shown: job.rerun?.shown ?? 0, interrupted: false, lastOut: "\n" });
      return true;
    } catch (e) {
      this.stopRuns(events);
      this.rebuild(this.idleScript);
      events.push({
        t: "out",
        machine,
        data: `hopscope: internal error: ${e instanceof Error ? e.message : String(e)}\n`,
      });
      events.push({ t: "done", machine, status: 1, prompt: this.session.prompt(machine), id: job.id });
      return false;
    }
  }

  private finish(c: Current, events: SimEvent[]): void {
    this.runs = this.runs.filter((r) => r !== c);
    // the document never holds a command in flight: it moves on when none runs
    if (!this.runs.length) this.idleScript = this.session.script();
    // after a ^C, bash's next prompt starts on a line of its own
    if (c.interrupted && c.lastOut !== "\n") events.push({ t: "out", machine: c.job.machine, data: "\n" });
    const sh = this.session.shell(c.job.machine);
    if (sh.notices.length) {
      events.push({ t: "out", machine: c.job.machine, data: sh.notices.join("") });
      sh.notices = [];
    }
    events.push({
      t: "done",
      machine: c.job.machine,
      status: c.run.status,
      prompt: this.session.prompt(c.job.machine),
      id: c.job.id,
    });
  }

  private crashed(c: Current, e: unknown, events: SimEvent[]): void {
    this.stopRuns(events, c);
    const machine = c.job.machine;
    const message = e instanceof Error ? e.message : String(e);
    this.rebuild(this.idleScript);
    if (e instanceof CommandNotLoaded)
      events.push({
        t: "out",
        machine,
        data: `\nhopscope: the code of ${e.program} could not be loaded (${c.job.loadError}); the command was not recorded. Check the connection and try again.\n`,
      });
    else {
      console.error("simulator error", e);
      events.push({
        t: "out",
        machine,
        data: `\nhopscope: the simulator failed on this command (${message}); it was not recorded and the lab was rebuilt without it.\n`,
      });
    }
    events.push({ t: "done", machine, status: 1, prompt: this.session.prompt(machine), id: c.job.id });
  }

  private flushOut(events: SimEvent[]): void {
    for (const [machine, data] of this.outBuf) {
      if (!data) continue;
      events.push({ t: "out", machine, data });
      const c = this.runs.find((r) => r.job.machine === machine);
      if (c) {
        c.shown += data.length;
        c.lastOut = data[data.length - 1];
      }
    }
    this.outBuf.clear();
  }

  private applyDirective(job: Job, events: SimEvent[]): void {
    this.redoStack = [];
    const cluster = job.line.startsWith("#@cluster");
    if (cluster) this.quiet(REPLAY_QUIET_MS);
    try {
      const step = parseLab(job.line)[0];
      this.session.directive(step);
      // the simulator plugs no cable when the NIC's name or ifindex is taken: say so
      const ends = step.kind === "link" ? [step.a, step.b] : step.kind === "lan" ? step.ends : [];
      const missing = ends.filter(([m, ifname]) => !this.session.world.machines.get(m)?.root.byName(ifname));
      if (missing.length) {
        events.push({
          t: "out",
          machine: missing[0][0],
          data: `hopscope: ${job.line}: no cable for ${missing.map((e) => e.join(":")).join(", ")} (that name or its interface index is taken on the machine)\n`,
        });
      }
    } catch (e) {
      events.push({
        t: "out",
        machine: this.session.machines()[0],
        data: `hopscope: ${job.line}: ${e instanceof Error ? e.message : String(e)}\n`,
      });
    }
    if (cluster) this.quiet(0);
    this.idleScript = this.session.script();
  }

  // ---- undo / redo ----

  undo(): { ok: boolean; undone?: string; reason?: string } {
    if (this.runs.length || this.queue.length) return { ok: false, reason: "a command is running" };
    // the last change was an edit of the script (nothing typed since): the script before it
    const edit = this.edits.at(-1);
    if (edit && edit.after === this.session.script()) {
      const redo = this.redoStack;
      this.rebuild(edit.before);
      this.edits.pop();
      this.redoStack = [...redo, { edit }];
      this.emit([{ t: "reset", view: this.view(true), note: `undo: ${edit.what}` }]);
      return { ok: true, undone: edit.what };
    }
    // steps typed after an edit are undone back to it, not beyond (a read-only command goes with
    // the step before it, which must not be one of the edited script's)
    const script = this.session.script();
    const base = edit && script.startsWith(edit.after) ? edit.after : "";
    const steps = splitSteps(script.slice(base.length));
    const last = steps.pop();
    if (!last) return { ok: false, reason: "nothing to undo" };
    const redo = this.redoStack;
    this.rebuild(base + steps.flat().join("\n"));
    this.redoStack = [...redo, last];
    const undone = last.filter((l) => !l.startsWith("#@machine") || last.length === 1).join(" ; ");
    this.emit([{ t: "reset", view: this.view(true), note: `undo: ${undone}` }]);
    return { ok: true, undone };
  }

  redo(): { ok: boolean; redone?: string; reason?: string } {
    if (this.runs.length || this.queue.length) return { ok: false, reason: "a command is running" };
    const next = this.redoStack.at(-1);
    if (!next) return { ok: false, reason: "nothing to redo" };
    const rest = this.redoStack.slice(0, -1);
    const script = this.session.script();
    if (!Array.isArray(next)) {
      this.rebuild(next.edit.after);
      this.edits.push(next.edit);
      this.redoStack = rest;
      this.emit([{ t: "reset", view: this.view(true), note: `redo: ${next.edit.what}` }]);
      return { ok: true, redone: next.edit.what };
    }
    this.rebuild(script + next.join("\n") + "\n");
    this.redoStack = rest;
    const redone = next.filter((l) => !l.startsWith("#@machine") || next.length === 1).join(" ; ");
    this.emit([{ t: "reset", view: this.view(true), note: `redo: ${redone}` }]);
    return { ok: true, redone };
  }

  /**
   * Takes a machine or a lab switch out of the lab. No command does that: it is an edit of the
   * document, the script, which is then replayed — the machine's lines (its `#@machine` blocks),
   * its cables (`#@link`, its ends of `#@lan`), or the switch's directive go. One step to undo.
   */
  async remove(what: Removal): Promise<{ ok: boolean; error?: string; removed?: number }> {
    if (this.runs.length || this.queue.length) return { ok: false, error: "a command is running" };
    const before = this.session.script();
    const script = removeFromScript(before, what);
    const label = `${what.kind === "machine" ? "machine" : "switch"} ${what.name}`;
    if (script === before) return { ok: false, error: `${label} is not in the lab script` };
    if (needsLazyCommands(script)) await loadLazyCommands().catch(() => {});
    if (this.runs.length || this.queue.length || this.session.script() !== before)
      return { ok: false, error: "the lab changed meanwhile" };
    const gone = (s: Session) =>
      what.kind === "machine"
        ? !s.world.machines.has(what.name)
        : !s.world.switches().some((sw) => sw.name === what.name.slice(0, 12));
    const { session } = this.build(script, this.seed, true);
    if (!gone(session))
      return {
        ok: false,
        error:
          what.kind === "machine"
            ? `${what.name} belongs to the cluster (#@cluster): it cannot be taken out alone`
            : `switch ${what.name} cannot be taken out alone`,
      };
    const removed = before.split("\n").length - script.split("\n").length;
    this.session = session;
    this.idleScript = session.script();
    this.lastSnapshotJson = "";
    const edit = {
      before,
      after: this.idleScript,
      what: `${label} taken out (${removed} line${removed === 1 ? "" : "s"} of the lab script)`,
    };
    this.edits.push(edit);
    this.redoStack = [];
    this.emit([{ t: "reset", view: this.view(true), note: edit.what }]);
    return { ok: true, removed };
  }

  private rebuild(script: string): void {
    const { session } = this.build(script, this.seed);
    this.session = session;
    this.idleScript = session.script();
    this.lastSnapshotJson = "";
  }

  // ---- queries ----

  /** TAB completion (its tables load with the first TAB, or with the prefetch). */
  async complete(machine: string, line: string, cursor: number): Promise<CompletionResult> {
    const { complete } = await completion();
    if (!this.session.world.machines.has(machine)) return { from: cursor, to: cursor, items: [] };
    return complete(this.session, machine, line, cursor);
  }

  /** The inspector's view of a namespace or device (it shows iptables: their code first). */
  async inspect(req: InspectRequest): Promise<Inspection | null> {
    if (!lazyCommandsLoaded()) await loadLazyCommands().catch(() => {});
    return this.inspectNow(req);
  }

  private inspectNow(req: InspectRequest): Inspection | null {
    const s = this.session;
    const ns = findNetns(s, req.machine, req.netns);
    if (!ns) return null;
    const q = <T>(argv: string[]) => queryJson<T>(s, req.machine, req.netns, argv);
    const out: Inspection = {
      machine: req.machine,
      netns: req.netns,
      routes: [],
      neigh: [],
      iptables: null,
      version: s.world.version,
    };
    type Link = {
      ifname: string;
      link_type?: string;
      address?: string;
      mtu?: number;
      operstate?: string;
      flags?: string[];
      master?: string;
      linkinfo?: { info_kind?: string };
      addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
      stats64?: {
        rx: { packets: number; bytes: number; dropped: number };
        tx: { packets: number; bytes: number; dropped: number };
      };
    };
    if (req.device) {
      const dev = ns.byName(req.device);
      if (dev) {
        const link =
          q<Link[]>(["ip", "-j", "-s", "-d", "addr", "show", "dev", req.device])?.[0] ??
          q<Link[]>(["ip", "-j", "-s", "link", "show", "dev", req.device])?.[0];
        const stats = q<Link[]>(["ip", "-j", "-s", "link", "show", "dev", req.device])?.[0]?.stats64;
        out.device = {
          name: dev.name,
          kind: dev.kind,
          mac: link?.address,
          mtu: link?.mtu,
          operstate: link?.operstate,
          flags: link?.flags ?? [],
          master: link?.master,
          addrs: (link?.addr_info ?? []).map((a) => ({
            family: a.family,
            local: a.local,
            prefixlen: a.prefixlen,
            scope: a.scope,
          })),
          stats: stats ? { rx: pickStats(stats.rx), tx: pickStats(stats.tx) } : undefined,
        };
        if (dev.kind === "bridge") {
          out.device.ports = ns
            .list()
            .filter((d) => d.master === dev)
            .map((d) => d.name);
          out.fdb = fdbOf(q<FdbJson[]>(["bridge", "-j", "fdb", "show", "br", dev.name]));
        } else if (dev.master) {
          out.fdb = fdbOf(q<FdbJson[]>(["bridge", "-j", "fdb", "show", "br", dev.master.name]))?.filter(
            (e) => e.dev === dev.name,
          );
        } else if (dev.kind === "vxlan") {
          out.fdb = fdbOf(q<FdbJson[]>(["bridge", "-j", "fdb", "show", "dev", dev.name]));
        }
        const snap = s.snapshot();
        for (const m of snap.machines)
          for (const n of m.namespaces)
            for (const d of n.devices)
              if (d.key === `${req.netns}/${req.device}` && d.peer) {
                const [pm, pns, pd] = splitKey(d.peer);
                out.device.peer = `${pd} in ${pns === "root" ? pm : `netns ${pns}`}`;
              }
      }
    }
    type RouteJson = {
      dst: string;
      gateway?: string;
      dev?: string;
      protocol?: string;
      scope?: string;
      prefsrc?: string;
      type?: string;
      metric?: number;
    };
    out.routes = (q<RouteJson[]>(["ip", "-j", "-4", "route", "show"]) ?? []).map((r) => ({
      dst: r.dst,
      gateway: r.gateway,
      dev: r.dev,
      protocol: r.protocol,
      scope: r.scope,
      prefsrc: r.prefsrc,
      type: r.type,
      metric: r.metric,
    }));
    type NeighJson = { dst: string; dev: string; lladdr?: string; state?: string[] };
    out.neigh = (q<NeighJson[]>(["ip", "-j", "-4", "neigh", "show"]) ?? []).map((n) => ({
      dst: n.dst,
      dev: n.dev,
      lladdr: n.lladdr,
      state: n.state ?? [],
    }));
    if (s.commands.has("iptables") && lazyCommandsLoaded()) {
      out.iptables = [];
      for (const table of ["filter", "nat", "mangle", "raw"]) {
        const r = query(s, req.machine, req.netns, ["iptables", "-t", table, "-S", "-v"]);
        if (r.status !== 0) continue;
        const t = parseIptablesSave(table, r.out);
        const interesting = t.chains.some(
          (c) => c.rules.length || (c.policy && c.policy !== "ACCEPT") || !c.policy,
        );
        if (interesting || table === "filter") out.iptables.push(t);
      }
    }
    return out;
  }

  /** Lesson checks (web/src/lessons) against the world as of the last finished command; null while busy. */
  async evaluate(checks: Check[], opts: EvalOptions = {}): Promise<CheckResult[] | null> {
    // checks query iptables, sysctl, … through the command table
    if (!lazyCommandsLoaded()) await loadLazyCommands().catch(() => {});
    const { evaluateChecks } = await lessons();
    if (this.runs.length || this.queue.length) return null;
    return evaluateChecks({ session: this.session, script: this.idleScript, seed: this.seed }, checks, opts);
  }

  view(forceSnapshot = false): WorldView {
    const s = this.session;
    const snap: WorldSnapshot = s.snapshot();
    const json = JSON.stringify({ ...snap, time: 0 });
    const changed = forceSnapshot || json !== this.lastSnapshotJson;
    this.lastSnapshotJson = json;
    const all = s.machines();
    const hidden = this.hiddenMachines(snap, all, false);
    const prompts: Record<string, string> = {};
    for (const m of all) prompts[m] = s.prompt(m);
    return {
      snapshot: changed ? snap : undefined,
      machines: all.filter((m) => !hidden.includes(m)),
      hidden,
      prompts,
      script: this.idleScript,
      seed: this.seed,
      // (a step to undo: any line that is not blank, see splitSteps)
      canUndo: /\S/.test(this.idleScript) || this.edits.at(-1)?.after === this.idleScript,
      canRedo: this.redoStack.length > 0,
      busy: this.runs.length > 0 || this.queue.length > 0,
      time: snap.time,
    };
  }

  /** The implicit `host` of a lab that only uses other machines is not shown. */
  private hiddenMachines(snap: WorldSnapshot, all: string[], atLoad = true): string[] {
    if (!atLoad && !this.hideHost) return [];
    if (all.length < 2 || !all.includes("host")) return [];
    const host = snap.machines.find((m) => m.name === "host");
    if (!host) return [];
    const pristine =
      host.namespaces.length === 1 && host.namespaces[0].devices.every((d) => d.kind === "loopback");
    if (!pristine) return [];
    return this.scriptUsesHost(this.session.script()) ? [] : ["host"];
  }

  /**
   * Whether a script runs commands on `host`. Parsing the whole lab is most of the work after a
   * command on a large lab (1 ms and more per command on the flannel lab): done once per script.
   */
  private scriptUsesHost(script: string): boolean {
    const memo = this.usesHostMemo;
    if (memo?.script === script) return memo.uses;
    // a command appended (the usual case): only the new lines, on the machine the script was on
    const grown = !!memo && memo.script.endsWith("\n") && script.startsWith(memo.script);
    if (grown && memo.uses) {
      this.usesHostMemo = { ...memo, script };
      return true;
    }
    const steps = parseLabSafe(
      grown ? `#@machine ${memo.machine}\n${script.slice(memo.script.length)}` : script,
    );
    let machine = grown ? memo.machine : "host";
    let uses = false;
    for (const st of steps)
      if (st.kind === "machine") machine = st.name;
      else if (st.kind === "cmd") {
        machine = st.machine;
        if (machine === "host") uses = true;
      }
    this.usesHostMemo = { script, uses, machine };
    return uses;
  }

  /** The session now (read by journey-api.ts in the same worker; never crosses the boundary). */
  liveSession(): Session {
    return this.session;
  }

  /** For tests: the session (never crosses the worker boundary). */
  get sessionForTests(): Session {
    return this.session;
  }
}

/** `iptables -S -v` → chains with their rules and counters. */
export function parseIptablesSave(table: string, text: string): IptTable {
  const chains = new Map<string, IptChain>();
  const chain = (name: string) => chains.get(name) ?? chains.set(name, { name, rules: [] }).get(name)!;
  for (const line of text.split("\n")) {
    let m = /^-P (\S+) (\S+)(?: -c (\d+) (\d+))?/.exec(line);
    if (m) {
      const c = chain(m[1]);
      c.policy = m[2];
      c.pkts = m[3] ? Number(m[3]) : undefined;
      continue;
    }
    m = /^-N (\S+)/.exec(line);
    if (m) {
      chain(m[1]);
      continue;
    }
    m = /^-A (\S+)(?: -c (\d+) (\d+))? ?(.*)$/.exec(line);
    if (m) chain(m[1]).rules.push({ spec: m[4], pkts: Number(m[2] ?? 0), bytes: Number(m[3] ?? 0) });
  }
  return { table, chains: [...chains.values()] };
}

type FdbJson = { mac: string; ifname: string; vlan?: number; state?: string; flags?: string[]; dst?: string };

function fdbOf(list: FdbJson[] | undefined): Inspection["fdb"] {
  return (list ?? []).map((e) => ({
    mac: e.mac,
    dev: e.ifname,
    vlan: e.vlan,
    state: e.state ?? "",
    flags: e.flags ?? [],
    dst: e.dst,
  }));
}

function pickStats(s: { packets: number; bytes: number; dropped: number }) {
  return { packets: s.packets, bytes: s.bytes, dropped: s.dropped };
}

function splitKey(key: string): [string, string, string] {
  const a = key.indexOf("/");
  const b = key.lastIndexOf("/");
  return [key.slice(0, a), key.slice(a + 1, b), key.slice(b + 1)];
}

function parseLabSafe(script: string) {
  try {
    return parseLab(script);
  } catch {
    return [];
  }
}
