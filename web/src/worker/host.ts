/**
 * The simulator's host inside the Web Worker: one Session, a queue of commands from all terminals
 * and from the canvas (the Session runs one foreground command at a time), virtual time paced
 * against real time (ping prints a line per second) in small slices that yield to the event loop,
 * undo/redo by replaying the script without / with its last step, and read-only queries for the
 * inspector. Plain class, no DOM: unit-tested in Node with a fake clock.
 */
import { Session, type Run } from "../../../sim-core/src/api/session";
import { complete } from "../../../sim-core/src/api/complete";
import { query, queryJson, findNetns } from "../../../sim-core/src/api/query";
import { parseLab, LabSyntaxError } from "../../../sim-core/src/lab/script";
import { NS_PER_S } from "../../../sim-core/src/engine/scheduler";
import { joinContinuation } from "./join";
import { READ_ONLY } from "../../../sim-core/src/lab/runner";
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
}

interface Current {
  job: Job;
  run: Run;
  /** Real time (ms) and virtual time (ns) when the command started: the pacing origin. */
  r0: number;
  v0: number;
}

/** Longest a replayed command may take in virtual time before it is interrupted (a bare `ping`). */
const REPLAY_CAP = 600 * NS_PER_S;
/** Work done per slice before yielding to the event loop (ms of real time). */
const SLICE_MS = 8;
const EVENTS_PER_ADVANCE = 2000;

/**
 * The steps of the document: the lines undo removes together. A step is a command that changes
 * the world, with the read-only commands typed after it (undoing `ip a` alone would look like
 * nothing happened); creating a machine and laying cables are steps of their own.
 */
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

export class SimHost {
  private session: Session;
  private seed = 1;
  private queue: Job[] = [];
  private current?: Current;
  private nextId = 1;
  private redoStack: string[][] = [];
  private lastSnapshotJson = "";
  private idleScript = "";
  private scheduled = false;
  private outBuf = new Map<string, string>();
  private hideHost = false;

  constructor(
    private readonly emit: (events: SimEvent[]) => void,
    private readonly clock: Clock,
  ) {
    this.session = new Session({ seed: 1 });
  }

  // ---- loading and replay ----

  /** Replays a lab (restore, starter lab, share link). Steps that throw are reported and skipped. */
  load(src: LabSource): LoadResult {
    this.queue = [];
    this.current = undefined;
    this.redoStack = [];
    const { session, errors } = this.build(src.script, src.seed);
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

  private build(
    script: string,
    seed: number,
  ): { session: Session; errors: { line: string; message: string }[] } {
    const session = new Session({ seed });
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
        errors.push({
          line: step.kind === "cmd" ? step.line : `#@${step.kind}`,
          message: e instanceof Error ? e.message : String(e),
        });
        // a throwing command may leave the session "running": start over from what worked
        if (step.kind === "cmd") return this.rebuildWithout(script, seed, errors, step.line);
      }
    }
    return { session, errors };
  }

  /** After a simulator exception: replay again, skipping the lines that threw. */
  private rebuildWithout(
    script: string,
    seed: number,
    errors: { line: string; message: string }[],
    _bad: string,
  ): { session: Session; errors: { line: string; message: string }[] } {
    const bad = new Set(errors.map((e) => e.line));
    const session = new Session({ seed });
    for (const step of parseLab(script)) {
      if (step.kind === "cmd" && bad.has(step.line)) continue;
      try {
        if (step.kind === "cmd") this.runCapped(session, step.machine, step.line);
        else session.directive(step);
      } catch (e) {
        if (step.kind === "cmd") {
          errors.push({ line: step.line, message: e instanceof Error ? e.message : String(e) });
          return this.rebuildWithout(script, seed, errors, step.line);
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

  interrupt(machine: string): void {
    this.queue = this.queue.filter((j) => j.machine !== machine || j.kind !== "cmd" || j.echo);
    if (this.current && this.current.job.machine === machine) {
      this.current.run.interrupt();
      this.pump();
    }
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

  /** Runs commands for one slice of real time, then yields. */
  private tick(): void {
    const events: SimEvent[] = [];
    const deadline = this.clock.now() + SLICE_MS;
    let finished = false;
    let wait = 0;
    while (this.clock.now() < deadline) {
      if (!this.current) {
        const job = this.queue.shift();
        if (!job) break;
        if (job.kind === "directive") {
          this.applyDirective(job, events);
          finished = true;
          continue;
        }
        if (!this.start(job, events)) {
          finished = true;
          continue;
        }
      }
      const c = this.current!;
      const limit = c.v0 + (this.clock.now() - c.r0) * 1e6;
      let done: boolean;
      try {
        done = c.run.advance(limit, EVENTS_PER_ADVANCE);
      } catch (e) {
        // a simulator bug: drop the command, rebuild the world from the document, keep going
        this.flushOut(events);
        this.crashed(c, e, events);
        finished = true;
        continue;
      }
      this.flushOut(events);
      if (done) {
        this.finish(events);
        finished = true;
        continue;
      }
      const sched = this.session.world.sched;
      if (sched.now >= limit) {
        // waiting on virtual time: sleep until the next event is due in real time
        const next = sched.peek();
        const dueMs = next === undefined ? 50 : (next - c.v0) / 1e6 - (this.clock.now() - c.r0);
        wait = Math.max(1, Math.min(50, Math.ceil(dueMs)));
        break;
      }
    }
    if (finished) {
      if (!this.current && this.queue.length === 0) this.idleScript = this.session.script();
      events.push({ t: "world", view: this.view(false) });
    }
    if (events.length) this.emit(events);
    if (this.current || this.queue.length) this.schedule(this.current && wait ? wait : 0);
  }

  private start(job: Job, events: SimEvent[]): boolean {
    const { machine, line } = job;
    this.redoStack = [];
    const prompt = this.session.prompt(machine);
    events.push({ t: "start", machine, line, echo: job.echo, prompt, id: job.id });
    // `exit` in a terminal's top-level shell: a real terminal would close; ours logs in again
    const sh = this.session.shell(machine);
    if (/^\s*(exit|logout)(\s+\d+)?\s*$/.test(line) && sh.ctxStack.length <= 1) {
      events.push({ t: "out", machine, data: "logout\n" });
      events.push({ t: "done", machine, status: 0, prompt: this.session.prompt(machine), id: job.id });
      return false;
    }
    try {
      const run = this.session.run(machine, line, (chunk) => {
        this.outBuf.set(machine, (this.outBuf.get(machine) ?? "") + chunk);
      });
      this.current = { job, run, r0: this.clock.now(), v0: run.started };
      return true;
    } catch (e) {
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

  private finish(events: SimEvent[]): void {
    const c = this.current!;
    this.current = undefined;
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
    this.current = undefined;
    const machine = c.job.machine;
    const message = e instanceof Error ? e.message : String(e);
    console.error("simulator error", e);
    this.rebuild(this.idleScript);
    events.push({
      t: "out",
      machine,
      data: `\nhopscope: the simulator failed on this command (${message}); it was not recorded and the lab was rebuilt without it.\n`,
    });
    events.push({ t: "done", machine, status: 1, prompt: this.session.prompt(machine), id: c.job.id });
  }

  private flushOut(events: SimEvent[]): void {
    for (const [machine, data] of this.outBuf) if (data) events.push({ t: "out", machine, data });
    this.outBuf.clear();
  }

  private applyDirective(job: Job, events: SimEvent[]): void {
    this.redoStack = [];
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
  }

  // ---- undo / redo ----

  undo(): { ok: boolean; undone?: string; reason?: string } {
    if (this.current || this.queue.length) return { ok: false, reason: "a command is running" };
    const steps = splitSteps(this.session.script());
    const last = steps.pop();
    if (!last) return { ok: false, reason: "nothing to undo" };
    const redo = this.redoStack;
    this.rebuild(steps.flat().join("\n"));
    this.redoStack = [...redo, last];
    const undone = last.filter((l) => !l.startsWith("#@machine") || last.length === 1).join(" ; ");
    this.emit([{ t: "reset", view: this.view(true), note: `undo: ${undone}` }]);
    return { ok: true, undone };
  }

  redo(): { ok: boolean; redone?: string; reason?: string } {
    if (this.current || this.queue.length) return { ok: false, reason: "a command is running" };
    const next = this.redoStack.at(-1);
    if (!next) return { ok: false, reason: "nothing to redo" };
    const rest = this.redoStack.slice(0, -1);
    const script = this.session.script();
    this.rebuild(script + next.join("\n") + "\n");
    this.redoStack = rest;
    const redone = next.filter((l) => !l.startsWith("#@machine") || next.length === 1).join(" ; ");
    this.emit([{ t: "reset", view: this.view(true), note: `redo: ${redone}` }]);
    return { ok: true, redone };
  }

  private rebuild(script: string): void {
    const { session } = this.build(script, this.seed);
    this.session = session;
    this.idleScript = session.script();
    this.lastSnapshotJson = "";
  }

  // ---- queries ----

  complete(machine: string, line: string, cursor: number): CompletionResult {
    if (!this.session.world.machines.has(machine)) return { from: cursor, to: cursor, items: [] };
    return complete(this.session, machine, line, cursor);
  }

  inspect(req: InspectRequest): Inspection | null {
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
    if (s.commands.has("iptables")) {
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
      canUndo: splitSteps(this.idleScript).length > 0,
      canRedo: this.redoStack.length > 0,
      busy: !!this.current || this.queue.length > 0,
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
    const usesHost = parseLabSafe(this.session.script()).some(
      (s) => s.kind === "cmd" && s.machine === "host",
    );
    return usesHost ? [] : ["host"];
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
