/** Small system commands: hostname, sleep, nsenter, whoami, id, uname, timeout, getent, seq, xargs, env, which, date, basename, dirname. */
import type { Cmd, CmdResult, ExecCtx, Wait } from "../types";
import { NS_PER_S } from "../../engine/scheduler";
import { WALL_EPOCH_S } from "../../sockets/clock";
import { hostsEntries, inetAton } from "../resolve";
import { sprintf } from "../../util/printf";
import type { NsProxy } from "../../kernel/machine";
import { maxOf } from "../../util/array";

export function hostname(c: Cmd): number {
  const args = c.argv.slice(1);
  // the UTS namespace's name: a container's own, else the machine's
  const uts = c.ctx.nsproxy?.uts;
  const name = uts ? uts.hostname : c.ctx.machine.hostname;
  if (!args.length) {
    c.out(name + "\n");
    return 0;
  }
  if (args[0] === "-I" || args[0] === "--all-ip-addresses") {
    const addrs: string[] = [];
    for (const d of c.ctx.ns.list())
      for (const a of d.in4)
        if (!d.isLoopback() && a.scope === 0)
          addrs.push(`${a.local >>> 24}.${(a.local >>> 16) & 255}.${(a.local >>> 8) & 255}.${a.local & 255}`);
    c.out(addrs.map((a) => a + " ").join("") + "\n");
    return 0;
  }
  if (args[0].startsWith("-")) {
    c.out(name + "\n");
    return 0;
  }
  if (uts) uts.hostname = args[0];
  else c.ctx.machine.hostname = args[0];
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
    // xstrtod reads "inf" and "infinity" too
    if (/^inf(inity)?$/i.test(a)) {
      total = Infinity;
      continue;
    }
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
  /** The other namespaces asked for with -t (mount, UTS, IPC, pid, cgroup). */
  const others = new Set<string>();
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
    } else if (
      a === "-t" ||
      a === "--target" ||
      a.startsWith("--target=") ||
      (a.startsWith("-t") && a.length > 2)
    ) {
      const v = a === "-t" || a === "--target" ? argv[++i] : a.slice(a.startsWith("--") ? 9 : 2);
      if (v === undefined) {
        c.err(
          `nsenter: option ${a === "-t" ? "requires an argument -- 't'" : "'--target' requires an argument"}\nTry 'nsenter --help' for more information.\n`,
        );
        return 1;
      }
      // strtoul_or_err(optarg, "failed to parse pid")
      if (!/^\s*\+?\d+$/.test(v) || Number(v) > 0xffffffff) {
        c.err(`nsenter: failed to parse pid: '${v}'\n`);
        return 1;
      }
      target = Number(v);
    } else if (/^-[mupiUC]+$/.test(a) || /^--(mount|uts|ipc|pid|cgroup|user|preserve-credentials)/.test(a)) {
      const letters = a.startsWith("--") ? "" : a.slice(1);
      for (const [l, t] of [
        ["m", "mnt"],
        ["u", "uts"],
        ["i", "ipc"],
        ["p", "pid"],
        ["C", "cgroup"],
      ])
        if (letters.includes(l) || a === `--${t === "mnt" ? "mount" : t}`) others.add(t);
      continue;
    } else if (a === "-a" || a === "--all") {
      wantNet = true;
      for (const t of ["mnt", "uts", "ipc", "pid", "cgroup"]) others.add(t);
    } else {
      c.err(`nsenter: unrecognized option '${a}'\nTry 'nsenter --help' for more information.\n`);
      return 1;
    }
  }
  const m = c.ctx.machine;
  let ctx: ExecCtx = c.ctx;
  if (netPath !== undefined) {
    const resolved = c.fs.resolve(netPath);
    const name = resolved.startsWith("/run/netns/") ? resolved.slice("/run/netns/".length) : undefined;
    const ns = name !== undefined ? m.netnsDir.get(name) : m.nsfs.get(resolved);
    if (!ns) {
      const proc = /^\/proc\/(\d+)\/ns\/net$/.exec(resolved);
      const p = proc ? m.process(Number(proc[1]), c.ctx.nsproxy?.pid) : undefined;
      if (!p) {
        c.err(`nsenter: cannot open ${netPath}: No such file or directory\n`);
        return 1;
      }
      ctx = { ...ctx, ns: p.netns };
    } else ctx = { ...ctx, ns, nsName: undefined };
  } else if (target !== undefined) {
    const p = m.process(target, c.ctx.nsproxy?.pid);
    if (!p) {
      c.err(`nsenter: cannot open /proc/${target}/ns/net: No such file or directory\n`);
      return 1;
    }
    if (wantNet) ctx = { ...ctx, ns: p.netns };
    if (others.size) {
      // setns(2) for each: the target's namespace of that type (a container's, or the initial one)
      const mine = ctx.nsproxy ?? {};
      const theirs = p.nsproxy ?? {};
      const pick = <K extends keyof NsProxy>(k: K): NsProxy[K] => (others.has(k) ? theirs[k] : mine[k]);
      const np: NsProxy = {
        uts: pick("uts"),
        ipc: pick("ipc"),
        cgroup: pick("cgroup"),
        mnt: pick("mnt"),
        pid: pick("pid"),
      };
      ctx = { ...ctx, nsproxy: Object.values(np).some((v) => v !== undefined) ? np : undefined };
    }
  } else if (wantNet) {
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

/** The accounts of a minimal Debian system: [name, uid, gid, group name]. */
const USERS: [string, number, number, string][] = [
  ["root", 0, 0, "root"],
  ["daemon", 1, 1, "daemon"],
  ["bin", 2, 2, "bin"],
  ["sys", 3, 3, "sys"],
  ["www-data", 33, 33, "www-data"],
  ["nobody", 65534, 65534, "nogroup"],
];

/** coreutils id: [-u|-g|-G] [-n] [-r] [-z] [USER…] for the accounts above (the shell runs as root). */
export function id(c: Cmd): number {
  let only = "";
  let names = false;
  let real = false;
  let zero = false;
  const users: string[] = [];
  const long: Record<string, string> = {
    "--user": "u",
    "--group": "g",
    "--groups": "G",
    "--name": "n",
    "--real": "r",
    "--zero": "z",
  };
  let opts = true;
  for (const a of c.argv.slice(1)) {
    if (opts && a === "--") {
      opts = false;
      continue;
    }
    const letters =
      opts && a.startsWith("--") ? (long[a] ?? null) : opts && /^-./.test(a) ? a.slice(1) : undefined;
    if (letters === null) {
      c.err(`id: unrecognized option '${a}'\nTry 'id --help' for more information.\n`);
      return 1;
    }
    if (letters === undefined) {
      users.push(a);
      continue;
    }
    for (const ch of letters) {
      if (ch === "u" || ch === "g" || ch === "G") {
        if (only && only !== ch) {
          c.err(`id: cannot print "only" of more than one choice\n`);
          return 1;
        }
        only = ch;
      } else if (ch === "n") names = true;
      else if (ch === "r") real = true;
      else if (ch === "z") zero = true;
      else if (ch !== "a") {
        c.err(`id: invalid option -- '${ch}'\nTry 'id --help' for more information.\n`);
        return 1;
      }
    }
  }
  if (!only && (names || real)) {
    c.err("id: cannot print only names or real IDs in default format\n");
    return 1;
  }
  if (!only && zero) {
    c.err("id: option --zero not permitted in default format\n");
    return 1;
  }
  let status = 0;
  const found: (typeof USERS)[number][] = [];
  for (const u of users) {
    const e =
      USERS.find((x) => x[0] === u) ??
      (/^\+?\d+$/.test(u) ? USERS.find((x) => x[1] === Number(u)) : undefined);
    if (!e) {
      c.err(`id: '${u}': no such user\n`);
      status = 1;
    } else found.push(e);
  }
  if (!users.length) found.push(USERS[0]);
  const end = zero ? "\0" : "\n";
  for (const [name, uid, gid, group] of found) {
    if (only === "u") c.out(`${names ? name : uid}${end}`);
    else if (only === "g" || only === "G") c.out(`${names ? group : gid}${end}`);
    else c.out(`uid=${uid}(${name}) gid=${gid}(${group}) groups=${gid}(${group})\n`);
  }
  return status;
}

export function uname(c: Cmd): number {
  const a = c.argv.slice(1).join("");
  if (a.includes("r")) c.out("6.18.0-hopscope\n");
  else if (a.includes("a"))
    c.out(
      `Linux ${c.ctx.nsproxy?.uts?.hostname ?? c.ctx.machine.hostname} 6.18.0-hopscope #1 SMP x86_64 GNU/Linux\n`,
    );
  else if (a.includes("n")) c.out((c.ctx.nsproxy?.uts?.hostname ?? c.ctx.machine.hostname) + "\n");
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
    c.err(
      dur === undefined
        ? "timeout: missing operand\nTry 'timeout --help' for more information.\n"
        : `timeout: invalid time interval '${dur}'\nTry 'timeout --help' for more information.\n`,
    );
    return 125;
  }
  const prog = argv.slice(i + 1);
  if (!prog.length) {
    c.err("timeout: missing operand\nTry 'timeout --help' for more information.\n");
    return 125;
  }
  const secs =
    parseFloat(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as "" | "s" | "m" | "h" | "d"];
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
        // the child's wake-up time may move while it waits (tcpdump's ring): read it each time
        yield {
          get until() {
            return Math.min(w.until, deadline);
          },
          cond: () => c.interrupted() || expired() || (w.cond ? w.cond() : false),
        };
        r = child.next();
      }
      status = r.value;
    }
    if (expired() && !preserve) return 124;
    void sig;
    return status;
  })();
}

/** glibc getent: hosts / ahosts / ahostsv4 from /etc/hosts (exit 2 when a key is not found). */
export function getent(c: Cmd): number {
  const args = c.argv.slice(1).filter((a) => !/^-(s|i|-service|-no-idn)/.test(a));
  const usage = "Try `getent --help' or `getent --usage' for more information.\n";
  if (!args.length) {
    c.err(`getent: wrong number of arguments\n${usage}`);
    return 1;
  }
  const [db, ...keys] = args;
  const entries = hostsEntries(c.ctx, c.fs);
  const ipText = (ip: number) => `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  const byName = (k: string) => entries.find((e) => e.names.some((n) => n.toLowerCase() === k.toLowerCase()));
  switch (db) {
    case "hosts": {
      if (!keys.length) {
        for (const e of entries) c.out(`${ipText(e.ip).padEnd(15)} ${e.names.join(" ")}\n`);
        return 0;
      }
      let st = 0;
      for (const k of keys) {
        const num = /^\d+\.\d+\.\d+\.\d+$/.test(k) ? inetAton(k) : undefined;
        const e = num !== undefined ? entries.find((x) => x.ip === num) : byName(k);
        if (!e) {
          st = 2;
          continue;
        }
        c.out(`${ipText(e.ip).padEnd(15)} ${e.names.join(" ")}\n`);
      }
      return st;
    }
    case "ahosts":
    case "ahostsv4": {
      if (!keys.length) return 0;
      let st = 0;
      for (const k of keys) {
        const num = inetAton(k);
        const e = num === undefined ? byName(k) : undefined;
        const ip = num ?? e?.ip;
        if (ip === undefined) {
          st = 2;
          continue;
        }
        const a = ipText(ip).padEnd(15);
        c.out(`${a} STREAM ${num !== undefined ? k : e!.names[0]}\n${a} DGRAM  \n${a} RAW    \n`);
      }
      return st;
    }
    case "passwd":
      if (!keys.length || keys.includes("root") || keys.includes("0"))
        c.out("root:x:0:0:root:/root:/bin/bash\n");
      return !keys.length || keys.includes("root") || keys.includes("0") ? 0 : 2;
    case "group":
      if (!keys.length || keys.includes("root") || keys.includes("0")) c.out("root:x:0:\n");
      return !keys.length || keys.includes("root") || keys.includes("0") ? 0 : 2;
    case "protocols": {
      const protos: [string, number, string][] = [
        ["ip", 0, "IP"],
        ["icmp", 1, "ICMP"],
        ["tcp", 6, "TCP"],
        ["udp", 17, "UDP"],
        ["ipv6-icmp", 58, "IPv6-ICMP"],
      ];
      let st = 0;
      for (const k of keys.length ? keys : protos.map((p) => p[0])) {
        const p = protos.find((x) => x[0] === k || String(x[1]) === k);
        if (!p) st = 2;
        else c.out(`${p[0].padEnd(21)} ${p[1]} ${p[2]}\n`);
      }
      return st;
    }
    case "services": {
      const svcs: [string, string][] = [
        ["ssh", "22/tcp"],
        ["domain", "53/tcp"],
        ["domain", "53/udp"],
        ["http", "80/tcp"],
        ["https", "443/tcp"],
      ];
      let st = 0;
      for (const k of keys) {
        const s = svcs.find((x) => x[0] === k || x[1].split("/")[0] === k);
        if (!s) st = 2;
        else c.out(`${s[0].padEnd(21)} ${s[1]}\n`);
      }
      return st;
    }
  }
  c.err(`Unknown database: ${db}\n${usage}`);
  return 1;
}

/** GNU seq: FIRST INCREMENT LAST, -s SEP, -w, -f FORMAT. */
export function seq(c: Cmd): number {
  const args = c.argv.slice(1);
  let sep = "\n";
  let equal = false;
  let format: string | undefined;
  const nums: string[] = [];
  const fail = (m: string) => {
    c.err(`seq: ${m}\nTry 'seq --help' for more information.\n`);
    return 1;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^-?\d*\.?\d+(e[+-]?\d+)?$/i.test(a) || nums.length) {
      nums.push(a);
      continue;
    }
    if (a === "-s" || a === "--separator") sep = args[++i] ?? "";
    else if (a.startsWith("-s")) sep = a.slice(2);
    else if (a.startsWith("--separator=")) sep = a.slice(12);
    else if (a === "-w" || a === "--equal-width") equal = true;
    else if (a === "-f" || a === "--format") format = args[++i];
    else if (a.startsWith("-f")) format = a.slice(2);
    else if (a.startsWith("--format=")) format = a.slice(9);
    else if (a.startsWith("-") && a.length > 1 && !/^-[\d.]/.test(a)) {
      c.err(`seq: invalid option -- '${a[1]}'\nTry 'seq --help' for more information.\n`);
      return 1;
    } else nums.push(a);
  }
  if (!nums.length) return fail("missing operand");
  if (nums.length > 3) return fail(`extra operand '${nums[3]}'`);
  for (const n of nums)
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(n))
      return fail(`invalid floating point argument: '${n}'`);
  const [first, inc, last] =
    nums.length === 1 ? ["1", "1", nums[0]] : nums.length === 2 ? [nums[0], "1", nums[1]] : nums;
  const step = Number(inc);
  if (step === 0) return fail(`invalid Zero increment value: '${inc}'`);
  const decimals = (s: string) => (/e/i.test(s) ? 0 : s.includes(".") ? s.length - s.indexOf(".") - 1 : 0);
  const prec = Math.max(decimals(first), decimals(inc));
  const a = Number(first);
  const b = Number(last);
  const out: string[] = [];
  const fmt = (v: number) => {
    if (format)
      return format
        .split("%%")
        .map((f) => (f.includes("%") ? sprintf(f, v) : f))
        .join("%");
    return prec ? v.toFixed(prec) : String(Math.round(v));
  };
  for (let k = 0; k < 1e6; k++) {
    const v = a + k * step;
    if (step > 0 ? v > b + 1e-12 : v < b - 1e-12) break;
    out.push(fmt(v));
  }
  if (equal && !format) {
    const w = maxOf(out.map((s) => s.replace(/^-/, "").length));
    for (let k = 0; k < out.length; k++)
      out[k] = out[k].startsWith("-") ? "-" + out[k].slice(1).padStart(w, "0") : out[k].padStart(w, "0");
  }
  if (out.length) c.out(out.join(sep) + "\n");
  return 0;
}

/** GNU xargs: words from stdin (blanks and quotes, or -0 / -d), -n, -I, -r, -L; echo by default. */
export function xargs(c: Cmd): CmdResult {
  const args = c.argv.slice(1);
  let maxArgs = Infinity;
  let replace: string | undefined;
  let noRun = false;
  let nul = false;
  let delim: string | undefined;
  let verbose = false;
  let lines = 0;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("-") || a === "-") break;
    if (a === "--") {
      i++;
      break;
    }
    if (a === "-n" || a === "--max-args") maxArgs = parseInt(args[++i] ?? "", 10);
    else if (/^-n\d+$/.test(a)) maxArgs = parseInt(a.slice(2), 10);
    else if (a === "-I") replace = args[++i];
    else if (a.startsWith("-I")) replace = a.slice(2);
    else if (a.startsWith("--replace")) replace = a.includes("=") ? a.slice(a.indexOf("=") + 1) : "{}";
    else if (a === "-i") replace = "{}";
    else if (a === "-r" || a === "--no-run-if-empty") noRun = true;
    else if (a === "-0" || a === "--null") nul = true;
    else if (a === "-d") delim = args[++i];
    else if (a === "-t" || a === "--verbose") verbose = true;
    else if (a === "-L") lines = parseInt(args[++i] ?? "1", 10);
    else if (/^-L\d+$/.test(a)) lines = parseInt(a.slice(2), 10);
    else if (a === "-P" || a === "-s" || a === "-E") i++;
    else if (/^-[Ppsx]/.test(a)) continue;
    else {
      c.err(
        `xargs: invalid option -- '${a.slice(1, 2)}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n`,
      );
      return 1;
    }
  }
  const cmd = args.slice(i);
  const prog = cmd.length ? cmd : ["echo"];
  const input = c.stdin;
  // the items and the input lines they came from
  let items: string[];
  let lineOf: number[] = [];
  if (nul) items = input.split("\0");
  else if (delim !== undefined) items = input.split(delim === "\\n" ? "\n" : delim);
  else if (replace !== undefined) items = input.split("\n").map((l) => l.replace(/^[ \t]+/, ""));
  else {
    items = [];
    let line = 0;
    const re = /"([^"]*)"|'([^']*)'|\\(.)|([^\s"'\\]+)|(\n)|([ \t]+)/g;
    let cur: string | undefined;
    let m: RegExpExecArray | null;
    while ((m = re.exec(input))) {
      if (m[5] !== undefined || m[6] !== undefined) {
        if (cur !== undefined) {
          items.push(cur);
          lineOf.push(line);
        }
        cur = undefined;
        if (m[5] !== undefined) line++;
        continue;
      }
      cur = (cur ?? "") + (m[1] ?? m[2] ?? m[3] ?? m[4]);
    }
    if (cur !== undefined) {
      items.push(cur);
      lineOf.push(line);
    }
  }
  if (nul || delim !== undefined || replace !== undefined) {
    if (items.length && items[items.length - 1] === "") items.pop();
    lineOf = items.map((_, k) => k);
  }
  const batches: string[][] = [];
  if (replace !== undefined)
    for (const it of items) batches.push(prog.map((p) => p.split(replace!).join(it)));
  else if (lines > 0) {
    let cur: string[] = [];
    let lastLine = -1;
    let count = 0;
    items.forEach((it, k) => {
      if (lineOf[k] !== lastLine) {
        count++;
        lastLine = lineOf[k];
        if (count > lines) {
          batches.push([...prog, ...cur]);
          cur = [];
          count = 1;
        }
      }
      cur.push(it);
    });
    if (cur.length) batches.push([...prog, ...cur]);
  } else if (Number.isFinite(maxArgs) && maxArgs > 0) {
    for (let k = 0; k < items.length; k += maxArgs) batches.push([...prog, ...items.slice(k, k + maxArgs)]);
  } else if (items.length) batches.push([...prog, ...items]);
  if (!batches.length && !noRun && replace === undefined) batches.push([...prog]);
  return (function* (): Generator<Wait, number, void> {
    let status = 0;
    for (const argv of batches) {
      if (verbose) c.err(argv.join(" ") + "\n");
      let notFound = false;
      const r = c.run(argv, c.ctx, {
        onNotFound: (why) => {
          notFound = true;
          c.err(`xargs: ${argv[0]}: ${why}\n`);
          return 127;
        },
      });
      const st = typeof r === "number" ? r : yield* r;
      if (notFound) return 127;
      if (st === 255) {
        c.err(`xargs: ${argv[0]}: exited with status 255; aborting\n`);
        return 124;
      }
      if (st !== 0) status = 123;
    }
    return status;
  })();
}

/** GNU env: print the environment, or run a program with changes to it. */
export function env(c: Cmd): CmdResult {
  const args = c.argv.slice(1);
  let vars = new Map(c.env);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "-i" || a === "--ignore-environment" || a === "-") vars = new Map();
    else if (a === "-u" || a === "--unset") vars.delete(args[++i] ?? "");
    else if (a.startsWith("--unset=")) vars.delete(a.slice(8));
    else if (a === "--") {
      i++;
      break;
    } else if (a.startsWith("-") && a.length > 1) {
      c.err(`env: invalid option -- '${a[1]}'\nTry 'env --help' for more information.\n`);
      return 125;
    } else break;
  }
  for (; i < args.length && /^[^=]+=/.test(args[i]); i++) {
    const eq = args[i].indexOf("=");
    vars.set(args[i].slice(0, eq), args[i].slice(eq + 1));
  }
  const prog = args.slice(i);
  if (!prog.length) {
    c.out([...vars].map(([k, v]) => `${k}=${v}\n`).join(""));
    return 0;
  }
  return c.run(prog, c.ctx, {
    env: vars,
    onNotFound: (why) => {
      c.err(`env: '${prog[0]}': ${why}\n`);
      return 127;
    },
  });
}

/** debianutils which: the first match on PATH (-a: every match); exit 1 when any is missing. */
export function which(c: Cmd): number {
  const args = c.argv.slice(1);
  const all = args.includes("-a");
  let st = args.length ? 0 : 1;
  for (const a of args.filter((x) => x !== "-a" && x !== "-s")) {
    const found = a.includes("/") ? (c.fs.kind(c.ctx, a) === "exec" ? [a] : []) : programPaths(c, a);
    if (!found.length) {
      st = 1;
      continue;
    }
    if (!args.includes("-s")) c.out((all ? found : found.slice(0, 1)).map((p) => p + "\n").join(""));
  }
  return st;
}

/** Where PATH finds a program (merged /usr: /usr/sbin, /usr/bin, /sbin, /bin). */
function programPaths(c: Cmd, name: string): string[] {
  const path = (c.env.get("PATH") ?? "").split(":");
  const out: string[] = [];
  for (const dir of path) {
    if (!dir) continue;
    const p = `${dir}/${name}`;
    if (c.fs.kind(c.ctx, p) === "exec") out.push(p);
  }
  return out;
}

/** date: the virtual wall clock (UTC), `-d @SECONDS`, `+FORMAT`, -u, -R, -I. */
export function date(c: Cmd): number {
  let t = WALL_EPOCH_S + Math.floor(c.ctx.world.sched.now / NS_PER_S);
  let fmt = "%a %b %e %H:%M:%S %Z %Y";
  const args = c.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("+")) fmt = a.slice(1);
    else if (a === "-u" || a === "--utc") continue;
    else if (a === "-R" || a === "--rfc-email") fmt = "%a, %d %b %Y %H:%M:%S +0000";
    else if (a === "-I" || a === "--iso-8601") fmt = "%Y-%m-%d";
    else if (a === "-d" || a.startsWith("--date")) {
      const v = a === "-d" ? args[++i] : a.slice(a.indexOf("=") + 1);
      const m = /^@(-?\d+)$/.exec(v ?? "");
      if (!m) {
        c.err(`date: invalid date '${v}'\n`);
        return 1;
      }
      t = parseInt(m[1], 10);
    } else {
      c.err(`date: invalid date '${a}'\n`);
      return 1;
    }
  }
  const d = new Date(t * 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const out = fmt.replace(/%([a-zA-Z%])/g, (_, f: string) => {
    switch (f) {
      case "Y":
        return String(d.getUTCFullYear());
      case "m":
        return p2(d.getUTCMonth() + 1);
      case "d":
        return p2(d.getUTCDate());
      case "e":
        return String(d.getUTCDate()).padStart(2);
      case "H":
        return p2(d.getUTCHours());
      case "M":
        return p2(d.getUTCMinutes());
      case "S":
        return p2(d.getUTCSeconds());
      case "s":
        return String(t);
      case "N":
        return String(c.ctx.world.sched.now % NS_PER_S).padStart(9, "0");
      case "T":
        return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case "F":
        return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case "a":
        return DAYS[d.getUTCDay()];
      case "b":
      case "h":
        return MONTHS[d.getUTCMonth()];
      case "Z":
        return "UTC";
      case "z":
        return "+0000";
      case "%":
        return "%";
      default:
        return "%" + f;
    }
  });
  c.out(out + "\n");
  return 0;
}

export function basename(c: Cmd): number {
  const [p, suffix] = c.argv.slice(1);
  if (p === undefined) {
    c.err("basename: missing operand\nTry 'basename --help' for more information.\n");
    return 1;
  }
  let b = p.replace(/\/+$/, "");
  b = b === "" && p.startsWith("/") ? "/" : b.slice(b.lastIndexOf("/") + 1);
  if (suffix && b !== suffix && b.endsWith(suffix)) b = b.slice(0, -suffix.length);
  c.out(b + "\n");
  return 0;
}

export function dirname(c: Cmd): number {
  const args = c.argv.slice(1);
  if (!args.length) {
    c.err("dirname: missing operand\nTry 'dirname --help' for more information.\n");
    return 1;
  }
  for (const p of args) {
    const t = p.replace(/\/+$/, "");
    const k = t.lastIndexOf("/");
    c.out((k < 0 ? "." : k === 0 ? "/" : t.slice(0, k).replace(/\/+$/, "") || "/") + "\n");
  }
  return 0;
}
