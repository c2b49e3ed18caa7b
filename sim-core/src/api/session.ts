/**
 * A live lab: the world, one interactive shell per machine (a terminal tab), and the lab script
 * that is the document. Every command a user runs is appended to the script; replaying the
 * script in a fresh Session rebuilds the identical world (virtual time passes only while
 * commands run, with the same settle rule the headless runner uses), which is how undo, reload
 * and share links work. A command the user interrupted is recorded as
 * `timeout -s INT <seconds> <command>`, which replays identically and also runs on real Linux.
 */
import { World } from "../kernel/world";
import { wireCodec } from "../engine/codec";
import { Shell } from "../shell/interp";
import { defaultCommands } from "../shell/commands";
import type { CommandFn, Wait } from "../shell/types";
import { isIncomplete } from "../shell/parse";
import { parseLab, type Step } from "../lab/script";
import { COMMAND_COST, READ_ONLY, SETTLE, TIMEOUT, onlyEntersOrLeaves } from "../lab/runner";
import { NS_PER_S, type Nanos } from "../engine/scheduler";
import type { TraceSink } from "../engine/trace";
import { JourneyRecorder, type CommandRef, type RecorderOptions } from "../journey/recorder";
import { listenAll, type CapturedFrame } from "../capture/hub";
import { snapshot, deviceKey, type WorldSnapshot } from "./snapshot";
import { InvariantChecker, type Violation } from "../debug/invariants";
import type { WorldAlert } from "../kernel/storm";
import { createCluster } from "../k8s/cluster";
import { clusterDirective } from "../k8s/directive";

export interface SessionOptions {
  seed?: number;
  /** A lab script to replay first. */
  script?: string;
  commands?: Map<string, CommandFn>;
  trace?: TraceSink;
  /**
   * Record packet journeys and the frames crossing every device (api/journeys.ts). On by default;
   * `false` turns both off (a world with no trace sink and no capture runs fastest).
   */
  journeys?: boolean | RecorderOptions;
  /** How many frames the device ring keeps for devicePcap (default 20000). */
  deviceFrames?: number;
}

/** A frame that crossed a device, with the device's snapshot key at that moment. */
export interface RecordedFrame extends CapturedFrame {
  key: string;
}

export type OutputSink = (chunk: string, stream: "stdout" | "stderr") => void;

/** A command in progress: advance it against a virtual-time budget until it is done. */
export interface Run {
  readonly machine: string;
  readonly line: string;
  done: boolean;
  status: number;
  /** Advances virtual time up to `limit` (or until the command finishes); returns `done`. */
  advance(limit: Nanos, maxEvents?: number): boolean;
  /** Ctrl-C. */
  interrupt(): void;
  /** Which command this is: journeys of the packets it sends carry the same ref (api/journeys.ts). */
  readonly command?: CommandRef;
  /** Virtual time at which the command started. */
  readonly started: Nanos;
  /**
   * Work done so far: scheduler events run plus resumptions of the command. `advance(limit,
   * maxEvents)` does at most `maxEvents` of it per call (the worker's slice budget).
   */
  work: number;
}

export class Session {
  readonly world: World;
  readonly commands: Map<string, CommandFn>;
  private readonly shells = new Map<string, Shell>();
  /** The document: the lab script, one logical line per step. */
  private lines: string[] = [];
  private currentMachine = "host";
  private dirty = false;
  private running?: Run;
  /** Commands still running, one per terminal at most. */
  private active: { run: Run; concurrent: boolean }[] = [];
  /** The packet journeys recorded so far (undefined when SessionOptions.journeys is false). */
  readonly journeys?: JourneyRecorder;
  private readonly frames: RecordedFrame[] = [];
  private unlistenFrames?: () => void;
  private commandSeq = 0;

  constructor(readonly opts: SessionOptions = {}) {
    this.world = new World({ seed: opts.seed ?? 1 });
    this.world.codec = wireCodec;
    if (opts.journeys !== false) {
      this.journeys = new JourneyRecorder(typeof opts.journeys === "object" ? opts.journeys : {});
      this.journeys.next = opts.trace;
      this.world.trace = this.journeys;
      const max = opts.deviceFrames ?? 20000;
      const ring = this.frames;
      this.unlistenFrames = listenAll(this.world, (f) => {
        ring.push({ ...f, key: deviceKey(f.dev) });
        // trimmed in chunks: the ring holds between max and 1.25 × max frames
        if (ring.length > max + (max >> 2)) ring.splice(0, ring.length - max);
      });
    } else if (opts.trace) this.world.trace = opts.trace;
    this.commands = opts.commands ?? defaultCommands();
    this.world.machine("host");
    if (opts.script) this.replay(opts.script);
  }

  get seed(): number {
    return this.opts.seed ?? 1;
  }

  /** The lab script so far. */
  script(): string {
    return this.lines.length ? this.lines.join("\n") + "\n" : "";
  }

  /** Machines in the order they were created (the terminal tabs). */
  machines(): string[] {
    return [...this.world.machines.keys()];
  }

  shell(machine: string): Shell {
    let s = this.shells.get(machine);
    if (!s) {
      s = new Shell(this.world, this.world.machine(machine), this.commands, true);
      this.shells.set(machine, s);
    }
    return s;
  }

  /** The prompt a terminal on this machine shows (`root@host:~# `, with the entered netns named). */
  prompt(machine: string): string {
    const sh = this.shell(machine);
    const m = this.world.machine(machine);
    const ns = sh.ctx.ns;
    const where = ns === m.root ? "" : ` [netns ${ns.name ?? ns.inode}]`;
    const cwd = sh.fs.cwd === "/root" ? "~" : sh.fs.cwd;
    // inside a container: its own hostname (UTS namespace), no netns tag
    if (sh.ctx.nsproxy?.uts) {
      // BusyBox's ash (no bash in the image) prompts with the directory: "/ # "
      if (sh.ctx.nsproxy.mnt?.programs && !sh.ctx.nsproxy.mnt.programs.has("bash")) return `${sh.fs.cwd} # `;
      return `root@${sh.ctx.nsproxy.uts.hostname}:${cwd}# `;
    }
    return `root@${m.hostname}${where}:${cwd}# `;
  }

  /** True when the text is an unfinished command (open quote, trailing pipe…): the terminal asks for more. */
  needsMore(text: string): boolean {
    return isIncomplete(text);
  }

  /** Applies a directive (#@machine, #@link, #@lan) and records it. */
  directive(step: Step): void {
    switch (step.kind) {
      case "machine":
        this.world.machine(step.name);
        this.lines.push(`#@machine ${step.name}`);
        this.currentMachine = step.name;
        return;
      case "link":
        this.world.link(step.a[0], step.a[1], step.b[0], step.b[1]);
        this.lines.push(`#@link ${step.a.join(":")} ${step.b.join(":")}`);
        return;
      case "lan":
        this.world.lan(step.name, step.ends);
        this.lines.push(`#@lan ${step.name} ${step.ends.map((e) => e.join(":")).join(" ")}`);
        return;
      case "cluster":
        createCluster(this.world, step);
        this.lines.push(clusterDirective(step));
        return;
      case "cmd":
        return;
    }
  }

  /** Starts a command typed in a machine's terminal. Output streams to `sink` as it is produced. */
  run(machine: string, line: string, sink: OutputSink): Run {
    // one command per terminal; a command started while another terminal's is still running (a
    // ping while tcpdump listens) turns that one into a background job of the script, so that a
    // replay runs both at once too
    this.active = this.active.filter((a) => !a.run.done);
    if (this.active.some((a) => a.run.machine === machine)) throw new Error("a command is already running");
    for (const a of this.active) a.concurrent = true;
    const sh = this.shell(machine);
    const world = this.world;
    if (machine !== this.currentMachine) {
      this.lines.push(`#@machine ${machine}`);
      this.currentMachine = machine;
    }
    const index = this.lines.length;
    this.lines.push(line);
    const ctxOnly = onlyEntersOrLeaves(sh, line);
    if (this.dirty && !ctxOnly) sh.driver.idleUntil(world.sched.now + SETTLE);
    if (!ctxOnly) sh.driver.idleUntil(world.sched.now + COMMAND_COST);
    if (!ctxOnly) this.dirty = !READ_ONLY.test(line);
    const io = { out: (s: string) => sink(s, "stdout"), err: (s: string) => sink(s, "stderr") };
    sh.errSink = io.err;
    sh.interruptFlag = false;
    // a lab line runs as its own `bash -c` (the oracle's rule): an `exit` at the top level of an
    // earlier line ended that line only (the terminal decides what closing a shell means)
    sh.exited = false;
    const started = world.sched.now;
    const gen = sh.runLine(line, io);
    let wait: Wait | undefined;
    let interruptedAt: Nanos | undefined;
    const self = this;
    const command: CommandRef = { id: ++this.commandSeq, machine, line };
    const entry = { run: undefined as unknown as Run, concurrent: false };
    const rec = this.journeys;
    const run: Run = {
      machine,
      line,
      command,
      done: false,
      status: 0,
      started,
      work: 0,
      advance(limit: Nanos, maxEvents = Infinity): boolean {
        if (run.done) return true;
        if (rec) rec.current = command;
        // one budget for the whole call: scheduler events, resumptions of the command (a ping
        // flood resumes once per probe) and steps of shell work (a loop yields every SHELL_SLICE)
        let budget = maxEvents;
        const sched = world.sched;
        for (;;) {
          if (wait) {
            const e0 = sched.executed;
            const s0 = sh.stepsDone;
            const r = sh.driver.advance(wait, limit, Math.max(1, budget));
            const w = sched.executed - e0 + sh.stepsDone - s0;
            budget -= w;
            run.work += w;
            if (r !== "ready" && !sh.interruptFlag) return false;
          }
          if (budget <= 0 && !sh.interruptFlag) return false;
          const s0 = sh.stepsDone;
          const n = gen.next();
          budget -= 1 + sh.stepsDone - s0;
          run.work += 1 + sh.stepsDone - s0;
          if (n.done) {
            run.done = true;
            run.status = n.value;
            if (rec && rec.current === command) rec.current = undefined;
            if (interruptedAt !== undefined) {
              const secs = Math.max(0.001, (interruptedAt - started) / NS_PER_S);
              self.lines[index] =
                `timeout -s INT ${+secs.toFixed(3)} ${/^[\w./-]+( [^|;&<>()$`'"\\]*)?$/.test(line) ? line : `bash -c ${shellQuote(line)}`}`;
            }
            if (entry.concurrent) {
              const rec = self.lines[index];
              self.lines[index] = /^[\w./-]+( [^|;&<>()$`'"\\]*)?$/.test(rec)
                ? `${rec} &`
                : `bash -c ${shellQuote(rec)} &`;
            }
            return true;
          }
          wait = n.value;
        }
      },
      interrupt(): void {
        if (run.done) return;
        if (interruptedAt === undefined) interruptedAt = world.sched.now;
        sh.interruptFlag = true;
      },
    };
    this.running = run;
    entry.run = run;
    this.active.push(entry);
    return run;
  }

  /** Runs a command to completion at once (replay, tests, canvas actions). */
  runSync(machine: string, line: string, sink: OutputSink = () => {}): number {
    const r = this.run(machine, line, sink);
    // the runner's 15 s limit: a command still running then (a bare `ping`, `sleep 100`, a
    // listener, or one nothing will ever wake up) is interrupted as Ctrl-C would
    const deadline = r.started + TIMEOUT - 1;
    while (!r.advance(deadline)) r.interrupt();
    return r.status;
  }

  /** Replays a lab script (directives and commands) into this session. */
  replay(script: string): void {
    for (const step of parseLab(script)) {
      if (step.kind === "cmd") this.runSync(step.machine, step.line);
      else this.directive(step);
    }
  }

  /** The frames that crossed devices recently (the ring behind devicePcap). */
  deviceFrames(): readonly RecordedFrame[] {
    return this.frames;
  }

  /** Stops recording journeys and frames (they stay readable). */
  stopRecording(): void {
    this.unlistenFrames?.();
    this.unlistenFrames = undefined;
    if (this.journeys && this.world.trace === this.journeys) this.world.trace = this.journeys.next;
  }

  snapshot(): WorldSnapshot {
    return snapshot(this.world);
  }

  private checker?: InvariantChecker;

  /**
   * The world's consistency checks (debug/invariants.ts), for a debug panel or after a command
   * the worker caught an exception from: empty when every reference is sound. Counters and the
   * clock are compared with the previous call's.
   */
  checkInvariants(): Violation[] {
    if (!this.checker) this.checker = new InvariantChecker(this.world);
    return this.checker.check();
  }

  /** What the world reported after alert number `afterSeq` (broadcast storms), oldest first. */
  alerts(afterSeq = 0): WorldAlert[] {
    return this.world.alerts.filter((a) => a.seq > afterSeq);
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
