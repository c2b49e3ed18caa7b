/**
 * The main thread's side of the simulator worker: starts it, relays its events, calls it through
 * Comlink, and watches that it is alive. A worker can die — an exception outside any command (its
 * `error` event), running out of memory or being terminated (it stops answering), a command that
 * never gives the event loop back (a hang, while the page stays responsive) — and then this
 * restarts it and rebuilds the lab by replaying the script as of the last finished command:
 *
 *  - the commands that were running are not in that script; their terminals say so and get their
 *    prompt back (a command typed again after a restart and unfinished at the next is one too);
 *  - typed commands that were waiting for their turn never ran: they are typed again into their
 *    terminal (ahead of anything typed meanwhile), so they run in the rebuilt lab; canvas edits
 *    that were waiting are reported, not applied;
 *  - what the user is typing stays in the editor, typeahead included; the other terminals get a
 *    note.
 *
 * `api` is the same object across restarts (calls made during a restart wait for it). A call in
 * flight when the worker dies does not return, except `load` (rejects with SimulatorRestarted),
 * `complete` (no completions) and `evaluate` (null: "busy, ask again").
 */
import * as Comlink from "comlink";
import type {
  DebugMessage,
  EventsMessage,
  PingMessage,
  PongMessage,
  QuietMessage,
  WorkerApi,
} from "./sim.worker";
import type { SimEvent, WorldView } from "./protocol";
import { joinContinuation } from "./join";

export type SimApi = Comlink.Remote<WorkerApi>;

export interface Restart {
  /** What happened, in one sentence (for a toast). */
  message: string;
  /** The lab was rebuilt from its script (false: the script itself kept killing the simulator). */
  rebuilt: boolean;
  /** The script that was replayed (or that could not be). */
  script: string;
}

export class SimulatorRestarted extends Error {
  constructor(reason: string) {
    super(`the simulator was restarted (${reason})`);
  }
}

/**
 * Heartbeat period, and how long the worker may leave it unanswered (unless it said it would);
 * a worker that has not answered anything yet is still loading its code (slow on a busy machine).
 */
const PING_MS = 1000;
export const HANG_MS = 8000;
const BOOT_MS = 30_000;

/** A typed or canvas command between the call and its `done`, in the order the worker got them. */
interface Job {
  machine: string;
  text: string;
  echo: boolean;
  id?: number;
  started: boolean;
}

interface Generation {
  worker: Worker;
  remote: SimApi;
  /** Settles (rejects) when this worker is declared dead. */
  dead: Promise<never>;
  die: (e: Error) => void;
  gone: boolean;
  /** It has answered something: its code is loaded. */
  up: boolean;
}

export class SimClient {
  /** The simulator's API, stable across restarts. */
  readonly api: SimApi;
  private gen!: Generation;
  private readonly eventListeners = new Set<(events: SimEvent[]) => void>();
  private readonly restartListeners = new Set<(r: Restart) => void>();
  private jobs: Job[] = [];
  /** Ids whose `done` came before the call's answer (an empty line, a comment). */
  private doneEarly = new Set<number>();
  private view?: WorldView;
  /** The script and seed of the lab the worker holds, as of its last finished command. */
  private script = "";
  private seed = 1;
  private ping?: { n: number; at: number };
  private pings = 0;
  /** The worker said it would be busy (a replay) until then. */
  private quietUntil = 0;
  private restarting?: Promise<void>;
  private prefetched = false;
  private mayPrefetch = false;
  /** Commands typed again after the last restart: if one is unfinished at the next, it is lost. */
  private retyped = new Set<string>();

  constructor(private readonly spawnWorker: () => Worker) {
    this.spawn();
    this.api = new Proxy({} as SimApi, {
      // (not a thenable: `then` is no method of the simulator)
      get: (_t, name) =>
        typeof name === "string" && name !== "then"
          ? (...args: unknown[]) => this.call(name, args)
          : undefined,
    });
    setInterval(() => this.heartbeat(), PING_MS);
  }

  /** Every batch of events from the simulator (also those a restart makes up). */
  onEvents(fn: (events: SimEvent[]) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  /** After a restart, once the lab is rebuilt. */
  onRestart(fn: (r: Restart) => void): () => void {
    this.restartListeners.add(fn);
    return () => this.restartListeners.delete(fn);
  }

  /**
   * Debug hooks for the browser tests (`window.__hopscope`, see engine/boot.ts):
   * "terminate" kills the worker as an out-of-memory would (it just stops answering), "throw"
   * makes it throw outside any command, "hang" makes its next command never answer.
   */
  crash(how: "terminate" | "throw" | "hang" = "terminate"): void {
    if (how === "terminate") this.gen.worker.terminate();
    else this.gen.worker.postMessage({ hopscopeDebug: how } satisfies DebugMessage);
  }

  // ---- the worker ----

  private spawn(): void {
    const worker = this.spawnWorker();
    let die!: (e: Error) => void;
    const dead = new Promise<never>((_, reject) => (die = reject));
    dead.catch(() => {});
    const gen: Generation = {
      worker,
      remote: Comlink.wrap<WorkerApi>(worker),
      dead,
      die,
      gone: false,
      up: false,
    };
    this.gen = gen;
    this.ping = undefined;
    worker.addEventListener(
      "message",
      (e: MessageEvent<Partial<EventsMessage & PongMessage & QuietMessage>>) => {
        if (gen.gone) return;
        gen.up = true;
        const d = e.data;
        if (d?.hopscopeEvents) this.received(d.hopscopeEvents);
        else if (typeof d?.hopscopePong === "number" && this.ping?.n === d.hopscopePong)
          this.ping = undefined;
        else if (typeof d?.hopscopeQuiet === "number") this.quietUntil = performance.now() + d.hopscopeQuiet;
      },
    );
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      if (!gen.gone) this.died(`it failed: ${e.message || "an error outside any command"}`);
    });
  }

  private heartbeat(): void {
    if (this.gen.gone) return;
    const now = performance.now();
    if (this.ping) {
      const limit = this.gen.up ? HANG_MS : BOOT_MS;
      if (now - this.ping.at > limit && now > this.quietUntil)
        this.died(`it did not answer for ${Math.round((now - this.ping.at) / 1000)} s`);
      return;
    }
    this.ping = { n: ++this.pings, at: now };
    this.gen.worker.postMessage({ hopscopePing: this.ping.n } satisfies PingMessage);
  }

  private async call(name: string, args: unknown[]): Promise<unknown> {
    if (this.restarting) await this.restarting;
    return this.send(name, args);
  }

  private send(name: string, args: unknown[]): Promise<unknown> {
    const gen = this.gen;
    const fn = (gen.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name];
    let job: Job | undefined;
    if (name === "submit") {
      const [machine, text, opts] = args as [string, string, { echo?: boolean } | undefined];
      job = { machine, text, echo: !!opts?.echo, started: false };
      this.jobs.push(job);
    }
    if (name === "load") this.jobs = []; // the worker drops its queue
    const p = fn(...args);
    if (job) {
      const j = job;
      void p.then(
        (r) => {
          const { needsMore, id } = r as { needsMore: boolean; id?: number };
          if (needsMore || id === undefined || this.doneEarly.delete(id)) this.forget(j);
          else j.id ??= id;
        },
        () => {},
      );
    }
    if (name === "load")
      void p.then(
        (r) => {
          this.saw((r as { view: WorldView }).view);
          this.prefetchSoon();
        },
        () => {},
      );
    if (name === "prefetch") this.prefetched = true;
    // a call in flight when the worker dies
    const onDeath: () => Promise<unknown> =
      name === "load"
        ? () => gen.dead
        : name === "complete"
          ? () => Promise.resolve({ from: args[2], to: args[2], items: [] })
          : name === "evaluate"
            ? () => Promise.resolve(null)
            : () => new Promise(() => {});
    return Promise.race([p, gen.dead.catch(onDeath)]);
  }

  private forget(job: Job): void {
    const i = this.jobs.indexOf(job);
    if (i >= 0) this.jobs.splice(i, 1);
  }

  private saw(view: WorldView): void {
    this.view = view;
    this.script = view.script;
    this.seed = view.seed;
  }

  private received(events: SimEvent[]): void {
    for (const ev of events) {
      if (ev.t === "start") {
        const job =
          this.jobs.find((j) => j.id === ev.id) ??
          this.jobs.find(
            (j) =>
              j.id === undefined &&
              !j.started &&
              j.machine === ev.machine &&
              joinContinuation(j.text) === ev.line,
          );
        if (job) {
          job.id = ev.id;
          job.started = true;
        }
      } else if (ev.t === "done") {
        const job = this.jobs.find((j) => j.id === ev.id);
        if (job) this.forget(job);
        else this.doneEarly.add(ev.id);
      } else if (ev.t === "world" || ev.t === "reset") this.saw(ev.view);
    }
    this.emit(events);
    this.prefetchSoon();
  }

  /**
   * The app is interactive (its first lab shows, the terminal has its prompt): from now on the
   * rest of the simulator's code may load. Before, it would compete with what the first prompt
   * needs.
   */
  interactive(): void {
    this.mayPrefetch = true;
    this.prefetchSoon();
  }

  /** Once a lab is open and the app interactive: the rest of the simulator's code, after the frames that show it. */
  private prefetchSoon(): void {
    if (this.prefetched || !this.view || !this.mayPrefetch) return;
    this.prefetched = true;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => setTimeout(() => void this.api.prefetch().catch(() => {}), 0)),
    );
  }

  private emit(events: SimEvent[]): void {
    for (const fn of this.eventListeners) fn(events);
  }

  // ---- death and restart ----

  /** The worker is dead (or hung). During a restart, that is the worker rebuilding the lab. */
  private died(reason: string): void {
    if (this.restarting) this.kill(reason);
    else this.restarting = this.restart(reason).finally(() => (this.restarting = undefined));
  }

  private kill(reason: string): void {
    const gen = this.gen;
    gen.gone = true;
    gen.worker.terminate();
    gen.die(new SimulatorRestarted(reason));
  }

  private async restart(reason: string): Promise<void> {
    const jobs = this.jobs;
    this.jobs = [];
    this.doneEarly.clear();
    const script = this.script;
    const seed = this.seed;
    this.kill(reason);
    // the lab as of its last finished command; if even that kills the simulator, an empty one
    let view: WorldView | undefined;
    let rebuilt = true;
    for (const attempt of [script, ""]) {
      this.spawn();
      try {
        view = ((await this.send("load", [{ script: attempt, seed }])) as { view: WorldView }).view;
        break;
      } catch {
        rebuilt = false;
        if (!this.gen.gone) this.kill("it stopped again while the lab was rebuilt");
      }
    }
    if (!view) {
      this.restartListeners.forEach((fn) =>
        fn({
          message: `The simulator stopped (${reason}) and could not be restarted. Reload the page.`,
          rebuilt: false,
          script,
        }),
      );
      return;
    }
    this.prefetched = false;
    // what ran is lost (its terminal says so); what waited is typed again, once. A command that
    // hung before its start was sent is the oldest unfinished one (the worker starts them in order).
    const running = jobs.filter((j) => j.started);
    const lost = running.length ? running : jobs.slice(0, 1);
    const events: SimEvent[] = [{ t: "world", view }];
    const prompt = (m: string) => view.prompts[m] ?? `root@${m}:~# `;
    const noted = new Set<string>();
    const retyped = new Set<string>();
    for (const job of jobs) {
      noted.add(job.machine);
      const key = `${job.machine}\n${job.text}`;
      const done = {
        t: "done" as const,
        machine: job.machine,
        status: 1,
        prompt: prompt(job.machine),
        id: job.id ?? -1,
      };
      if (lost.includes(job) || this.retyped.has(key)) {
        events.push(
          {
            t: "out",
            machine: job.machine,
            data: `\nhopscope: the simulator stopped while this command ran (${reason}). It was restarted and the lab rebuilt without this command.\n`,
          },
          done,
        );
      } else if (job.echo) {
        // from the canvas: not applied (the drawing shows the rebuilt lab)
        events.push(
          {
            t: "out",
            machine: job.machine,
            data: `hopscope: not run, the simulator restarted: ${job.text}\n`,
          },
          done,
        );
      } else {
        retyped.add(key);
        events.push(
          {
            t: "out",
            machine: job.machine,
            data: "hopscope: the simulator restarted before this command ran; it runs now.\n",
          },
          { ...done, requeue: job.text },
        );
      }
    }
    this.retyped = retyped;
    for (const m of view.machines)
      if (!noted.has(m))
        events.push({
          t: "out",
          machine: m,
          data: `\x1b[38;5;244m# the simulator restarted (${reason}); the lab was rebuilt from its script\x1b[0m\n`,
        });
    this.emit(events);
    const gone = jobs.filter((j) => !retyped.has(`${j.machine}\n${j.text}`) && !j.echo);
    const message = rebuilt
      ? `The simulator stopped (${reason}). It was restarted and your lab rebuilt from its script${gone.length ? `; “${gone.map((j) => joinContinuation(j.text)).join("”, “")}” not recorded` : ""}.`
      : `The simulator stopped (${reason}) and stopped again while your lab was rebuilt: an empty lab is open, your lab is kept aside.`;
    this.restartListeners.forEach((fn) => fn({ message, rebuilt, script }));
  }
}
