/**
 * The headless lab runner: replays a lab script against a fresh world and prints the transcript
 * in the oracle's format (`#@machine NAME` when the machine changes, `$ COMMAND`, the merged
 * output, `[exit N]`). Time passes as it does under the oracle: the oracle lets the kernel settle
 * for 0.5 s after every command that changes state, and kills a command after 15 s (exit 124).
 */
import { World } from "../kernel/world";
import { wireCodec } from "../engine/codec";
import { Shell } from "../shell/interp";
import { defaultCommands } from "../shell/commands";
import { parseLab, type Step } from "./script";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import type { CommandFn } from "../shell/types";
import type { TraceSink } from "../engine/trace";
import { createCluster } from "../k8s/cluster";

/** The oracle's list of commands that change nothing (no settle time after them). */
export const READ_ONLY =
  /^(ping|tcpdump|cat|ls|tree|lsns|arp|route|ifconfig|brctl show|bridge (-\S+ )*(fdb|link|vlan)( show)?|conntrack -L|ss|netstat|curl|echo [^>]*$|sleep|ip netns (list|identify)|iptables(-save)? .*(-S|-L|--list)|ip( -\S+)* (\S+)( (show|list|ls|get)\b.*)?$|hostname|whoami|id)/;

/** What the oracle treats as entering a namespace (`nsenter --net=…`, `ip netns exec NS bash`). */
const ENTERS = /^(nsenter( -\S+)+|ip netns exec \S+ (bash|sh|zsh))$/;

/** The oracle enters and leaves a namespace without running anything: no settle time, no cost. */
export function onlyEntersOrLeaves(sh: Shell, line: string): boolean {
  const bare = line.trim();
  return ENTERS.test(bare) || (bare === "exit" && sh.ctxStack.length > 1);
}

export const SETTLE = 500 * NS_PER_MS;
export const TIMEOUT = 15 * NS_PER_S;
/** What running one command costs in the oracle (process start-up), in virtual time. */
export const COMMAND_COST = 2 * NS_PER_MS;

export interface RunOptions {
  seed?: number;
  commands?: Map<string, CommandFn>;
  /** Receives every trace event (for `npm run lab -- --trace` and journey tests). */
  trace?: TraceSink;
}

export interface LabRun {
  world: World;
  transcript: string;
  /** Per command: machine, line, output, exit status. */
  results: { machine: string; line: string; output: string; status: number }[];
}

export function newWorld(seed = 1): World {
  const w = new World({ seed });
  w.codec = wireCodec;
  return w;
}

export function runLab(text: string, opts: RunOptions = {}): LabRun {
  return runSteps(parseLab(text), opts);
}

export function runSteps(steps: Step[], opts: RunOptions = {}): LabRun {
  const world = newWorld(opts.seed ?? 1);
  if (opts.trace) world.trace = opts.trace;
  const commands = opts.commands ?? defaultCommands();
  const shells = new Map<string, Shell>();
  const shellFor = (m: string) => {
    let s = shells.get(m);
    if (!s) {
      s = new Shell(world, world.machine(m), commands, false);
      shells.set(m, s);
    }
    return s;
  };
  let transcript = "";
  let shown = "host";
  let dirty = false;
  const results: LabRun["results"] = [];
  for (const step of steps) {
    switch (step.kind) {
      case "machine":
        world.machine(step.name);
        continue;
      case "link":
        world.link(step.a[0], step.a[1], step.b[0], step.b[1]);
        continue;
      case "lan":
        world.lan(step.name, step.ends);
        continue;
      case "cluster":
        createCluster(world, step);
        continue;
    }
    const sh = shellFor(step.machine);
    if (shown !== step.machine) {
      transcript += `#@machine ${step.machine}\n`;
      shown = step.machine;
    }
    transcript += `$ ${step.line}\n`;
    const ctxOnly = onlyEntersOrLeaves(sh, step.line);
    if (dirty && !ctxOnly) sh.driver.idleUntil(world.sched.now + SETTLE);
    if (!ctxOnly) sh.driver.idleUntil(world.sched.now + COMMAND_COST);
    const { output, status } = runCommand(sh, step.line, !ctxOnly);
    if (!ctxOnly) dirty = !READ_ONLY.test(step.line);
    transcript += output && !output.endsWith("\n") ? output + "\n" : output;
    if (status) transcript += `[exit ${status}]\n`;
    results.push({ machine: step.machine, line: step.line, output, status });
  }
  return { world, transcript, results };
}

/**
 * Runs one line in a shell as the oracle does, with its 15 s timeout. The oracle runs
 * `bash -c "LINE 2>&1"` and prints the captured stdout, then the captured stderr: the appended
 * redirection merges only the last command's stderr into stdout, so the stderr of earlier commands
 * in a list or pipeline comes after all of the output. Inside an entered namespace it runs
 * `… bash -c 'LINE' 2>&1`, which merges everything in order.
 */
export function runCommand(sh: Shell, line: string, asOracle = true): { output: string; status: number } {
  let out = "";
  let err = "";
  const entered = sh.ctxStack.length > 1;
  const merged = entered || !asOracle;
  // the oracle reads the output as text with universal newlines: "\r\n" and "\r" become "\n"
  const io = {
    out: (s: string) => (out += s.replace(/\r\n?/g, "\n")),
    err: (s: string) => {
      if (merged) out += s.replace(/\r\n?/g, "\n");
      else err += s.replace(/\r\n?/g, "\n");
    },
  };
  sh.cSuffix = merged ? "" : " 2>&1";
  // a here-document's body follows the command's first line: the redirection goes on that line
  const nl = line.indexOf("\n");
  const src = merged ? line : nl < 0 ? line + sh.cSuffix : line.slice(0, nl) + sh.cSuffix + line.slice(nl);
  const result = runOne(sh, src, io);
  return { output: out + err, status: result };
}

function runOne(sh: Shell, line: string, io: { out: (s: string) => void; err: (s: string) => void }): number {
  sh.errSink = io.err;
  sh.interruptFlag = false;
  const deadline = sh.world.sched.now + TIMEOUT;
  const gen = sh.runLine(line, io);
  let r = gen.next();
  while (!r.done) {
    const res = sh.driver.advance(r.value, deadline);
    if (res === "limit" && sh.world.sched.now >= deadline) {
      gen.return(124);
      return 124;
    }
    if (res === "limit") {
      // nothing can happen any more before the deadline: let time run out
      sh.world.sched.now = deadline;
      gen.return(124);
      return 124;
    }
    r = gen.next();
  }
  return r.value;
}
