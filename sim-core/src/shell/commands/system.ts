/** Small system commands: hostname, sleep, nsenter, whoami, id, uname, true/false via builtins. */
import type { Cmd, CmdResult, ExecCtx, Wait } from "../types";
import { NS_PER_S } from "../../engine/scheduler";

export function hostname(c: Cmd): number {
  const args = c.argv.slice(1);
  if (!args.length) {
    c.out(c.ctx.machine.hostname + "\n");
    return 0;
  }
  if (args[0] === "-I" || args[0] === "--all-ip-addresses") {
    const addrs: string[] = [];
    for (const d of c.ctx.ns.list()) for (const a of d.in4) if (!d.isLoopback() && a.scope === 0) addrs.push(`${a.local >>> 24}.${(a.local >>> 16) & 255}.${(a.local >>> 8) & 255}.${a.local & 255}`);
    c.out(addrs.map((a) => a + " ").join("") + "\n");
    return 0;
  }
  if (args[0].startsWith("-")) {
    c.out(c.ctx.machine.hostname + "\n");
    return 0;
  }
  c.ctx.machine.hostname = args[0];
  return 0;
}

export function sleep(c: Cmd): CmdResult {
  const args = c.argv.slice(1);
  if (!args.length) {
    c.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      c.err(`sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    total += parseFloat(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  }
  const until = c.ctx.world.sched.now + total * NS_PER_S;
  return (function* (): Generator<Wait, number, void> {
    yield { until, cond: () => c.interrupted() };
    return c.interrupted() ? 130 : 0;
  })();
}

/** util-linux nsenter: --net=FILE / -n / -t PID; no program = a shell in that namespace. */
export function nsenter(c: Cmd): CmdResult {
  const argv = c.argv.slice(1);
  let netPath: string | undefined;
  let target: number | undefined;
  let wantNet = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-")) break;
    if (a.startsWith("--net=")) {
      netPath = a.slice(6);
      wantNet = true;
    } else if (a === "--net" || a === "-n") wantNet = true;
    else if (a.startsWith("-n") && a.length > 2) {
      netPath = a.slice(2);
      wantNet = true;
    } else if (a === "-t" || a === "--target") target = Number(argv[++i]);
    else if (a.startsWith("--target=")) target = Number(a.slice(9));
    else if (a.startsWith("-t") && a.length > 2) target = Number(a.slice(2));
    else if (/^-[mupiUC]+$/.test(a) || /^--(mount|uts|ipc|pid|cgroup|user|preserve-credentials)/.test(a)) continue;
    else if (a === "-a" || a === "--all") wantNet = true;
    else {
      c.err(`nsenter: unrecognized option '${a}'\nTry 'nsenter --help' for more information.\n`);
      return 1;
    }
  }
  const m = c.ctx.machine;
  let ctx: ExecCtx = c.ctx;
  if (netPath !== undefined) {
    const resolved = c.fs.resolve(netPath);
    const name = resolved.startsWith("/run/netns/") ? resolved.slice("/run/netns/".length) : undefined;
    const ns = name !== undefined ? m.netnsDir.get(name) : undefined;
    if (!ns) {
      const proc = /^\/proc\/(\d+)\/ns\/net$/.exec(resolved);
      const p = proc ? m.processes.get(Number(proc[1])) : undefined;
      if (!p) {
        c.err(`nsenter: cannot open ${netPath}: No such file or directory\n`);
        return 1;
      }
      ctx = { ...ctx, ns: p.netns };
    } else ctx = { ...ctx, ns, nsName: undefined };
  } else if (target !== undefined) {
    const p = m.processes.get(target);
    if (!p || Number.isNaN(target)) {
      c.err(`nsenter: cannot open /proc/${argv[argv.indexOf("-t") + 1] ?? target}/ns/net: No such file or directory\n`);
      return 1;
    }
    if (wantNet) ctx = { ...ctx, ns: p.netns };
  } else if (!wantNet) {
    c.err("nsenter: neither filename nor target pid supplied for ns/net\n");
    return 1;
  }
  const prog = argv.slice(i);
  return c.run(prog.length ? prog : ["bash"], ctx);
}

export function whoami(c: Cmd): number {
  c.out("root\n");
  return 0;
}

export function id(c: Cmd): number {
  c.out("uid=0(root) gid=0(root) groups=0(root)\n");
  return 0;
}

export function uname(c: Cmd): number {
  const a = c.argv.slice(1).join("");
  if (a.includes("r")) c.out("6.18.0-hopscope\n");
  else if (a.includes("a")) c.out(`Linux ${c.ctx.machine.hostname} 6.18.0-hopscope #1 SMP x86_64 GNU/Linux\n`);
  else if (a.includes("n")) c.out(c.ctx.machine.hostname + "\n");
  else c.out("Linux\n");
  return 0;
}

/**
 * coreutils timeout: runs a program and signals it after DURATION (TERM by default; `-s INT` lets
 * ping print its statistics). Exit status 124 when the time ran out, as coreutils does.
 */
export function timeout(c: Cmd): CmdResult {
  const argv = c.argv.slice(1);
  let sig = "TERM";
  let preserve = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-s" || a === "--signal") sig = argv[++i] ?? "";
    else if (a.startsWith("--signal=")) sig = a.slice(9);
    else if (/^-s./.test(a)) sig = a.slice(2);
    else if (a === "--preserve-status") preserve = true;
    else if (a === "-k" || a === "--kill-after") i++;
    else if (a === "--foreground" || a === "-v" || a === "--verbose") continue;
    else if (a === "--") {
      i++;
      break;
    } else break;
  }
  const dur = argv[i];
  const m = dur === undefined ? null : /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(dur);
  if (!m) {
    c.err(dur === undefined ? "timeout: missing operand\nTry 'timeout --help' for more information.\n" : `timeout: invalid time interval '${dur}'\nTry 'timeout --help' for more information.\n`);
    return 125;
  }
  const prog = argv.slice(i + 1);
  if (!prog.length) {
    c.err("timeout: missing operand\nTry 'timeout --help' for more information.\n");
    return 125;
  }
  const secs = parseFloat(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  const deadline = c.ctx.world.sched.now + secs * NS_PER_S;
  const world = c.ctx.world;
  const expired = () => world.sched.now >= deadline;
  const child = c.run(prog, c.ctx, { interrupted: () => c.interrupted() || expired() });
  return (function* (): Generator<Wait, number, void> {
    let status: number;
    if (typeof child === "number") status = child;
    else {
      let r = child.next();
      while (!r.done) {
        const w = r.value;
        yield { until: Math.min(w.until, deadline), cond: () => c.interrupted() || expired() || (w.cond ? w.cond() : false) };
        r = child.next();
      }
      status = r.value;
    }
    if (expired() && !preserve) return 124;
    void sig;
    return status;
  })();
}
