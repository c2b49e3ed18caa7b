/**
 * Evaluates lesson checks against the simulator (inside the worker, next to the Session).
 *
 * State checks read the learner's live world with read-only queries (`ip -j …`, `iptables -S`,
 * `sysctl -n`), which record nothing and spawn nothing. Ping checks need virtual time, so they run
 * in a probe: a fresh Session replayed from the lab script with the same seed — the identical
 * world, since the simulator is deterministic — where one echo request is sent with the trace sink
 * attached. Whether it was delivered is ping's exit status; where it was dropped is read from the
 * drop events of its journey (the request, the reply and what they caused, linked by `parent`).
 * When the packet-journey API lands, `dropsOf` is the one place to swap for a journey query.
 */
import { Session } from "../../../sim-core/src/api/session";
import { query, queryJson, findNetns } from "../../../sim-core/src/api/query";
import { DockerEngine } from "../../../sim-core/src/docker/engine";
import { parseLab } from "../../../sim-core/src/lab/script";
import { NS_PER_S } from "../../../sim-core/src/engine/scheduler";
import type { TraceEvent } from "../../../sim-core/src/engine/trace";
import type { Netns } from "../../../sim-core/src/kernel/netns";
import { isProbe, type Check, type CheckResult, type DropSite, type Where } from "./checks";

export interface EvalContext {
  /** The learner's live session (state checks read it). */
  session: Session;
  /** The lab script as of the last finished command, and its seed (the probe replays them). */
  script: string;
  seed: number;
}

export interface EvalOptions {
  /** Lines of the script that were there when the step began (`ran` looks only after them). */
  since?: number;
  /** Evaluate probes even when a state check fails (default: in a big lab, probes wait for the others). */
  allProbes?: boolean;
}

/**
 * A probe replays the lab (tens of ms for a small lab, 100+ for a cluster): labs up to this many
 * commands are probed after every command, bigger ones once the step's other checks pass.
 */
const PROBE_ALWAYS = 40;

/** A replayed command may run this long in virtual time before it is interrupted (as the worker does). */
const REPLAY_CAP = 600 * NS_PER_S;

export function evaluateChecks(ctx: EvalContext, checks: Check[], opts: EvalOptions = {}): CheckResult[] {
  const results: (CheckResult | undefined)[] = checks.map((c) =>
    isProbe(c) ? undefined : guard(() => evalState(ctx, c, opts)),
  );
  const othersPass = results.every((r) => !r || r.ok);
  if (!checks.some(isProbe)) return results as CheckResult[];
  const small = learnerLines(ctx.script, 0).length <= PROBE_ALWAYS;
  if (!othersPass && !small && !opts.allProbes)
    return results.map(
      (r) => r ?? { ok: false, skipped: true, detail: "checked once the other checks pass" },
    );
  const probes = checks.filter(isProbe);
  const key = `${ctx.seed}\u0000${ctx.script}\u0000${JSON.stringify(probes)}`;
  let probed = probeCache?.key === key ? probeCache.results : undefined;
  if (!probed) {
    const probe = new Probe(ctx.script, ctx.seed);
    probed = probes.map((c) => guard(() => evalProbe(probe, c)));
    probeCache = { key, results: probed };
  }
  let i = 0;
  return results.map((r) => r ?? probed[i++]);
}

let probeCache: { key: string; results: CheckResult[] } | undefined;

function guard(fn: () => CheckResult): CheckResult {
  try {
    return fn();
  } catch (e) {
    return { ok: false, detail: `could not check: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---- places ----

interface Place {
  machine: string;
  /** The namespace as the read-only queries take it: a name, `ns:INODE`, or undefined for root. */
  netns?: string;
  ns: Netns;
  /** What the learner reads: `RED`, `k8s-w1/pod-1`, `container web`. */
  text: string;
  /** How a probe gets in: `ip netns exec RED `, `nsenter -t PID -n `, or nothing. */
  enter: string;
}

function resolve(session: Session, w: Where): Place | string {
  if (w.container || w.pod) return resolveContainer(session, w);
  let machine: string;
  let netns: string | undefined;
  if (w.machine) {
    machine = w.machine;
    netns = w.netns;
  } else if (w.netns) {
    machine = "host";
    netns = w.netns;
  } else if (session.world.machines.has(w.raw)) machine = w.raw;
  else {
    machine = "host";
    netns = w.raw;
  }
  if (!session.world.machines.has(machine)) return `there is no machine ${machine}`;
  const ns = findNetns(session, machine, netns ?? "root");
  if (!ns || (netns && ns.name !== netns))
    return `there is no namespace ${netns}${machine === "host" ? "" : ` on ${machine}`}`;
  const text = netns ? (machine === "host" ? netns : `${machine}/${netns}`) : machine;
  return { machine, netns, ns, text, enter: netns ? `ip netns exec ${netns} ` : "" };
}

/**
 * `container:NAME` and `pod:NAME`: the network namespace of a running Docker container, or the
 * one a pod's pause container (`k8s_POD_NAME_…`, as dockershim names it) holds — on the given
 * machine, or (pods) on whichever node runs it. Such namespaces have no name: queries take them
 * as `ns:INODE`, probes enter them with `nsenter -t PID -n`.
 */
function resolveContainer(session: Session, w: Where): Place | string {
  const what = w.container ? `container ${w.container}` : `pod ${w.pod}`;
  const machines = w.machine
    ? [session.world.machines.get(w.machine)].filter((m) => m !== undefined)
    : w.container
      ? [session.world.machines.get("host")].filter((m) => m !== undefined)
      : [...session.world.machines.values()];
  if (w.machine && !machines.length) return `there is no machine ${w.machine}`;
  const match = (name: string) => (w.container ? name === w.container : name.startsWith(`k8s_POD_${w.pod}_`));
  for (const m of machines) {
    const c = DockerEngine.peek(m)?.containers.find((x) => match(x.name) && x.running && x.netns);
    if (!c || !c.netns) continue;
    const ns = c.netns;
    const on = m.name === "host" ? "" : ` on ${m.name}`;
    return {
      machine: m.name,
      netns: ns === m.root ? undefined : `ns:${ns.inode}`,
      ns,
      text: `${what}${on}`,
      enter: ns === m.root ? "" : `nsenter -t ${c.pid} -n `,
    };
  }
  return `there is no running ${what}${w.machine && w.machine !== "host" ? ` on ${w.machine}` : ""}`;
}

function placeName(p: Place): string {
  return p.text;
}

// ---- state checks ----

function evalState(ctx: EvalContext, c: Check, opts: EvalOptions): CheckResult {
  const s = ctx.session;
  switch (c.kind) {
    case "not": {
      const r = isProbe(c.check) ? { ok: false } : evalState(ctx, c.check, opts);
      return { ok: !r.ok, detail: r.ok ? "it still holds" : undefined };
    }
    case "ran":
      return evalRan(ctx.script, c, opts.since ?? 0);
    case "netns": {
      const p = resolve(s, c.where);
      return typeof p === "string" ? { ok: false, detail: p } : { ok: true };
    }
    case "link": {
      const p = resolve(s, c.where);
      if (typeof p === "string") return { ok: false, detail: p };
      type L = { flags?: string[]; mtu?: number; master?: string; linkinfo?: { info_kind?: string } };
      const l = queryJson<L[]>(s, p.machine, p.netns, ["ip", "-j", "-d", "link", "show", "dev", c.dev])?.[0];
      if (!l) return { ok: false, detail: `there is no device ${c.dev} in ${placeName(p)}` };
      const up = !!l.flags?.includes("UP");
      if (c.up !== undefined && up !== c.up)
        return { ok: false, detail: `${c.dev} is ${up ? "up" : "down"}` };
      if (c.mtu !== undefined && l.mtu !== c.mtu) return { ok: false, detail: `${c.dev} has MTU ${l.mtu}` };
      if (c.master !== undefined && (l.master ?? null) !== c.master)
        return {
          ok: false,
          detail: l.master ? `${c.dev} is a port of ${l.master}` : `${c.dev} is on no bridge`,
        };
      const kind = l.linkinfo?.info_kind ?? "";
      if (c.type && kind !== c.type) return { ok: false, detail: `${c.dev} is a ${kind || "plain"} device` };
      return { ok: true };
    }
    case "addr": {
      const p = resolve(s, c.where);
      if (typeof p === "string") return { ok: false, detail: p };
      type A = { addr_info?: { family: string; local: string; prefixlen: number }[] };
      const a = queryJson<A[]>(s, p.machine, p.netns, ["ip", "-j", "addr", "show", "dev", c.dev])?.[0];
      if (!a) return { ok: false, detail: `there is no device ${c.dev} in ${placeName(p)}` };
      const [ip, len] = c.addr.split("/");
      const v4 = (a.addr_info ?? []).filter((x) => x.family === "inet");
      const hit = v4.some((x) => x.local === ip && (len === undefined || x.prefixlen === Number(len)));
      return hit
        ? { ok: true }
        : {
            ok: false,
            detail: v4.length
              ? `${c.dev} has ${v4.map((x) => `${x.local}/${x.prefixlen}`).join(", ")}`
              : `${c.dev} has no IPv4 address`,
          };
    }
    case "route": {
      const p = resolve(s, c.where);
      if (typeof p === "string") return { ok: false, detail: p };
      type R = { dst: string; gateway?: string; dev?: string };
      const routes = queryJson<R[]>(s, p.machine, p.netns, ["ip", "-j", "-4", "route", "show"]) ?? [];
      const norm = (d: string) => (d === "default" || d.includes("/") ? d : `${d}/32`);
      const same = routes.filter((r) => norm(r.dst) === norm(c.dst));
      if (!same.length) return { ok: false, detail: `${placeName(p)} has no route to ${c.dst}` };
      const hit = same.some((r) => (!c.via || r.gateway === c.via) && (!c.dev || r.dev === c.dev));
      if (hit) return { ok: true };
      const r = same[0];
      return {
        ok: false,
        detail: `the route is ${c.dst}${r.gateway ? ` via ${r.gateway}` : ""} dev ${r.dev}`,
      };
    }
    case "rule":
    case "policy": {
      const p = resolve(s, c.where);
      if (typeof p === "string") return { ok: false, detail: p };
      const r = query(s, p.machine, p.netns, ["iptables", "-t", c.table, "-S", c.chain]);
      if (r.status !== 0) return { ok: false, detail: `there is no chain ${c.chain} in table ${c.table}` };
      const lines = r.out.split("\n").map((l) => l.trim().split(/\s+/));
      if (c.kind === "policy") {
        const pol = lines.find((l) => l[0] === "-P")?.[2];
        return pol === c.policy ? { ok: true } : { ok: false, detail: `the policy is ${pol ?? "none"}` };
      }
      const hit = lines.some((l) => l[0] === "-A" && l[1] === c.chain && subsequence(l.slice(2), c.args));
      return hit ? { ok: true } : { ok: false, detail: `no such rule in ${c.table} ${c.chain}` };
    }
    case "sysctl": {
      const p = resolve(s, c.where);
      if (typeof p === "string") return { ok: false, detail: p };
      const r = query(s, p.machine, p.netns, ["sysctl", "-n", c.key]);
      if (r.status !== 0) return { ok: false, detail: r.err.trim() || `no sysctl ${c.key}` };
      const v = r.out.trim();
      return v === c.value ? { ok: true } : { ok: false, detail: `${c.key} is ${v}` };
    }
    case "ping":
    case "curl":
      return { ok: false, detail: "a probe" };
  }
}

/** True when `want` appears in `have` in order (not necessarily next to each other). */
function subsequence(have: string[], want: string[]): boolean {
  let i = 0;
  for (const h of have) if (i < want.length && h === want[i]) i++;
  return i === want.length;
}

/** The commands the learner ran since the step began (what `timeout -s INT` and `bash -c` wrap). */
export function learnerLines(script: string, since: number): string[] {
  return script
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(since)
    .filter((l) => !l.startsWith("#"))
    .map((l) => l.replace(/^timeout -s INT [\d.]+ /, "").replace(/^bash -c '(.*)'$/, "$1"));
}

function evalRan(script: string, c: Extract<Check, { kind: "ran" }>, since: number): CheckResult {
  const lines = learnerLines(script, since);
  const hit = c.regex
    ? lines.some((l) => new RegExp(c.regex!).test(l))
    : lines.some((l) => containsRun(l.split(/\s+/), c.words ?? []));
  return hit ? { ok: true } : { ok: false, detail: "not yet" };
}

function containsRun(have: string[], want: string[]): boolean {
  outer: for (let i = 0; i + want.length <= have.length; i++) {
    for (let j = 0; j < want.length; j++) if (have[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}

// ---- probes ----

/** A disposable copy of the learner's lab: the script replayed with the same seed. */
class Probe {
  readonly session: Session;
  constructor(script: string, seed: number) {
    this.session = new Session({ seed });
    for (const step of parseLab(script)) {
      if (step.kind !== "cmd") {
        this.session.directive(step);
        continue;
      }
      const r = this.session.run(step.machine, step.line, () => {});
      if (!r.advance(r.started + REPLAY_CAP)) {
        r.interrupt();
        while (!r.advance(Infinity)) r.interrupt();
      }
    }
  }

  /** Runs a line on a machine from its root namespace; returns its status, output and trace. */
  run(machine: string, line: string): { status: number; out: string; events: TraceEvent[] } {
    const s = this.session;
    // the learner's terminal may be inside a namespace: leave it (costs nothing, as in the oracle)
    while (s.shell(machine).ctxStack.length > 1) s.runSync(machine, "exit");
    const events: TraceEvent[] = [];
    s.world.trace = { emit: (ev) => events.push(ev) };
    let out = "";
    try {
      const status = s.runSync(machine, line, (chunk) => (out += chunk));
      return { status, out, events };
    } finally {
      s.world.trace = undefined;
    }
  }
}

function evalProbe(probe: Probe, c: Check): CheckResult {
  if (c.kind === "not") {
    const r = evalProbe(probe, c.check);
    return { ok: !r.ok, detail: r.detail };
  }
  if (c.kind !== "ping" && c.kind !== "curl") return { ok: false, detail: "not a probe" };
  const p = resolve(probe.session, c.where);
  if (typeof p === "string") return { ok: false, detail: p };
  const prefix = p.enter;
  if (c.kind === "curl") {
    const r = probe.run(p.machine, `${prefix}curl -s -m 2 -o /dev/null -w '%{http_code}' ${c.url}`);
    const got = Number(r.out.trim()) || 0;
    if (got === c.status) return { ok: true };
    return {
      ok: false,
      detail: got
        ? `the answer was ${got}`
        : r.status === 7
          ? "connection refused"
          : r.status === 28
            ? "no answer (timed out)"
            : `curl failed (exit ${r.status})`,
    };
  }
  const args = ["ping", "-c", "1", "-W", "1"];
  if (c.size !== undefined) args.push("-s", String(c.size));
  if (c.df) args.push("-M", "do");
  args.push(c.target);
  const line = prefix + args.join(" ");
  const r = probe.run(p.machine, line);
  const drops = dropsOf(r.events, p);
  const first = drops[0];
  const where = first ? `dropped at ${dropPlace(first)}${first.reason ? `: ${first.reason}` : ""}` : "";
  if (r.status === 0)
    return c.expect === "delivered" ? { ok: true } : { ok: false, detail: "the ping got its reply" };
  const failure = lastLine(r.out);
  if (c.expect === "delivered") return { ok: false, detail: where || failure || "no reply" };
  if (!c.at) return { ok: true, detail: where || failure };
  const hit = drops.find((d) => dropMatches(probe.session, d, c.at!));
  if (hit) return { ok: true, detail: `dropped at ${dropPlace(hit)}${hit.reason ? `: ${hit.reason}` : ""}` };
  return {
    ok: false,
    detail: where ? `it was ${where}` : `no reply, and no drop there (${failure || "no reply"})`,
  };
}

function lastLine(out: string): string {
  const lines = out.trim().split("\n");
  const err = lines.find((l) => /^ping: /.test(l) || /Unreachable|Frag needed|exceeded/i.test(l));
  return (err ?? "").trim();
}

/**
 * The drop events of the probe's packets: the echo requests the ping sent from its namespace, and
 * every packet caused by them (replies, ARP, ICMP errors, encapsulations), through `parent`. A ping
 * that never left (no route: `connect: Network is unreachable`) counts as dropped where it started;
 * one that simply ended (delivered, and no reply could be routed back) as dropped where it ended.
 */
export function dropsOf(events: TraceEvent[], from: Place): TraceEvent[] {
  const label = from.ns.label;
  const family = new Set<number>();
  for (const ev of events)
    if (
      ev.kind === "send" &&
      ev.machine === from.machine &&
      ev.netns === label &&
      ev.text.startsWith("ping:")
    )
      family.add(ev.jid);
  if (!family.size)
    return [
      {
        t: 0,
        kind: "drop",
        jid: 0,
        machine: from.machine,
        netns: label,
        text: "not sent",
        reason: "not sent",
      },
    ];
  let grew = true;
  while (grew) {
    grew = false;
    for (const ev of events)
      if (ev.parent !== undefined && family.has(ev.parent) && !family.has(ev.jid)) {
        family.add(ev.jid);
        grew = true;
      }
  }
  const mine = events.filter((ev) => family.has(ev.jid));
  const drops = mine.filter((ev) => ev.kind === "drop");
  if (drops.length) return drops;
  // no drop event: the journey ended where its last packet was (a reply that was never sent —
  // the host had no route back — leaves no drop event of its own)
  const last = mine.filter((ev) => ev.kind !== "send" || !ev.text.startsWith("ARP")).at(-1);
  if (!last) return [];
  const reason =
    last.kind === "deliver"
      ? "it arrived, but no reply was sent back from there"
      : "the packet went no further";
  return [{ ...last, kind: "drop", reason, text: reason }];
}

function dropPlace(ev: TraceEvent): string {
  const where =
    ev.netns === "root" ? ev.machine : ev.machine === "host" ? ev.netns : `${ev.machine}/${ev.netns}`;
  return `${where}${ev.chain ? ` ${ev.chain}` : ev.hook ? ` ${ev.hook}` : ""}${ev.dev ? ` (${ev.dev})` : ""}`;
}

function dropMatches(session: Session, ev: TraceEvent, site: DropSite): boolean {
  const p = resolve(session, site.where);
  if (typeof p === "string") return false;
  if (ev.machine !== p.machine || ev.netns !== p.ns.label) return false;
  if (site.dev && ev.dev !== site.dev) return false;
  if (site.chains.length && !site.chains.some((c) => c === ev.chain || c === ev.hook)) return false;
  return true;
}
