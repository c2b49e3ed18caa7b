/**
 * Bash builtins: echo, printf, true, false, :, exit, cd, pwd, export, unset, test/[, jobs, kill,
 * wait, type, and bash/sh themselves (`bash -c '…'` runs a script; `bash` alone, as the program
 * of `ip netns exec NS` or `nsenter`, enters that namespace until `exit`).
 */
import type { ExecCtx, Wait } from "./types";
import type { Io, Shell } from "./interp";
import { sprintf } from "../util/printf";

export type Builtin = (sh: Shell, argv: string[], io: Io, ctx: ExecCtx, stdin: string) => number | Generator<Wait, number, void>;

function echo(_sh: Shell, argv: string[], io: Io): number {
  let i = 1;
  let newline = true;
  let escapes = false;
  while (i < argv.length && /^-[neE]+$/.test(argv[i])) {
    for (const f of argv[i].slice(1)) {
      if (f === "n") newline = false;
      else if (f === "e") escapes = true;
      else escapes = false;
    }
    i++;
  }
  let s = argv.slice(i).join(" ");
  if (escapes) {
    const cut = s.indexOf("\\c");
    if (cut >= 0) {
      s = s.slice(0, cut);
      newline = false;
    }
    s = unescapeC(s);
  }
  io.out(s + (newline ? "\n" : ""));
  return 0;
}

export function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[abefnrtv\\'"])/g, (_, e: string) => {
    switch (e[0]) {
      case "a":
        return "\x07";
      case "b":
        return "\b";
      case "e":
        return "\x1b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "v":
        return "\v";
      case "x":
        return String.fromCharCode(parseInt(e.slice(1), 16));
      case "0":
        return String.fromCharCode(parseInt(e.slice(1) || "0", 8));
      default:
        return e;
    }
  });
}

function printfBuiltin(sh: Shell, argv: string[], io: Io): number {
  if (argv.length < 2) {
    io.err(`${sh.bashPrefix()}printf: usage: printf [-v var] format [arguments]\n`);
    return 2;
  }
  const fmt = argv[1];
  const args = argv.slice(2);
  let out = "";
  let ai = 0;
  do {
    const start = ai;
    out += fmt.replace(/%(-?\d*(?:\.\d+)?)([sdiuxXofeEgGcb%])|\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[abefnrtv\\'"])/g, (m, spec, conv) => {
      if (m.startsWith("\\")) return unescapeC(m);
      if (conv === "%") return "%";
      const a = args[ai++] ?? "";
      if (conv === "b") return unescapeC(a);
      if ("diuxXo".includes(conv)) return sprintf(`%${spec}${conv}`, parseInt(a, 10) || 0);
      if ("feEgG".includes(conv)) return sprintf(`%${spec}${conv}`, parseFloat(a) || 0);
      return sprintf(`%${spec}${conv}`, a);
    });
    if (ai === start) break;
  } while (ai < args.length);
  io.out(out);
  return 0;
}

function test(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  let args = argv.slice(1);
  if (argv[0] === "[") {
    if (args[args.length - 1] !== "]") {
      io.err(`${sh.bashPrefix()}[: missing \`]'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  let neg = false;
  if (args[0] === "!") {
    neg = true;
    args = args.slice(1);
  }
  let r: boolean;
  if (args.length === 0) r = false;
  else if (args.length === 1) r = args[0] !== "";
  else if (args.length === 2) {
    const [op, a] = args;
    switch (op) {
      case "-z":
        r = a === "";
        break;
      case "-n":
        r = a !== "";
        break;
      case "-e":
      case "-f":
      case "-r":
      case "-s":
        r = sh.fs.read(ctx, a).ok || (op === "-e" && sh.fs.isDir(ctx, a));
        break;
      case "-d":
        r = sh.fs.isDir(ctx, a);
        break;
      default:
        io.err(`${sh.bashPrefix()}${argv[0]}: ${op}: unary operator expected\n`);
        return 2;
    }
  } else {
    const [a, op, b] = args;
    const n = (x: string) => parseInt(x, 10);
    switch (op) {
      case "=":
      case "==":
        r = a === b;
        break;
      case "!=":
        r = a !== b;
        break;
      case "-eq":
        r = n(a) === n(b);
        break;
      case "-ne":
        r = n(a) !== n(b);
        break;
      case "-lt":
        r = n(a) < n(b);
        break;
      case "-le":
        r = n(a) <= n(b);
        break;
      case "-gt":
        r = n(a) > n(b);
        break;
      case "-ge":
        r = n(a) >= n(b);
        break;
      default:
        io.err(`${sh.bashPrefix()}${argv[0]}: ${op}: binary operator expected\n`);
        return 2;
    }
  }
  return r !== neg ? 0 : 1;
}

function* bash(sh: Shell, argv: string[], io: Io, ctx: ExecCtx, stdin: string): Generator<Wait, number, void> {
  const c = argv.indexOf("-c");
  if (c >= 0) {
    const script = argv[c + 1];
    if (script === undefined) {
      io.err(`${argv[0]}: -c: option requires an argument\n`);
      return 2;
    }
    const cmd = sh.makeCmd(argv, io, ctx, stdin, sh.pid);
    const r = cmd.runScript(script, ctx);
    return typeof r === "number" ? r : yield* r;
  }
  if (argv.length > 1 && !argv[1].startsWith("-")) {
    io.err(`${argv[0]}: ${argv[1]}: No such file or directory\n`);
    return 127;
  }
  if (stdin) {
    const cmd = sh.makeCmd(argv, io, ctx, "", sh.pid);
    const r = cmd.runScript(stdin, ctx);
    return typeof r === "number" ? r : yield* r;
  }
  sh.enter(ctx);
  return 0;
}

export const builtins = new Map<string, Builtin>([
  ["echo", echo],
  ["printf", printfBuiltin],
  ["true", () => 0],
  [":", () => 0],
  ["false", () => 1],
  ["test", test],
  ["[", test],
  ["bash", bash],
  ["sh", bash],
  [
    "exit",
    (sh, argv, io) => {
      const code = argv[1] !== undefined ? parseInt(argv[1], 10) & 0xff : sh.status;
      if (argv[1] !== undefined && Number.isNaN(parseInt(argv[1], 10))) {
        io.err(`${sh.bashPrefix()}exit: ${argv[1]}: numeric argument required\n`);
      }
      if (!sh.leave()) sh.exited = true;
      return code;
    },
  ],
  [
    "cd",
    (sh, argv, io, ctx) => {
      const to = argv[1] ?? "/root";
      const p = sh.fs.resolve(to);
      if (!sh.fs.isDir(ctx, p)) {
        io.err(`${sh.bashPrefix()}cd: ${to}: ${sh.fs.read(ctx, p).ok ? "Not a directory" : "No such file or directory"}\n`);
        return 1;
      }
      sh.fs.cwd = p;
      return 0;
    },
  ],
  [
    "pwd",
    (sh, _argv, io) => {
      io.out(sh.fs.cwd + "\n");
      return 0;
    },
  ],
  [
    "export",
    (sh, argv) => {
      for (const a of argv.slice(1)) {
        const eq = a.indexOf("=");
        if (eq > 0) sh.env.set(a.slice(0, eq), a.slice(eq + 1));
      }
      return 0;
    },
  ],
  [
    "unset",
    (sh, argv) => {
      for (const a of argv.slice(1)) sh.env.delete(a);
      return 0;
    },
  ],
  [
    "jobs",
    (sh, _argv, io) => {
      const nums = [...sh.jobs.keys()].sort((a, b) => a - b);
      for (const n of nums) {
        const j = sh.jobs.get(n)!;
        const mark = n === nums[nums.length - 1] ? "+" : n === nums[nums.length - 2] ? "-" : " ";
        io.out(`[${n}]${mark}  ${"Running".padEnd(24)}${j.src} &\n`);
      }
      return 0;
    },
  ],
  [
    "kill",
    (sh, argv, io, ctx) => {
      let st = 0;
      const targets = argv.slice(1).filter((a) => !/^-(\d+|[A-Z]+|s)$/.test(a) && a !== "KILL" && a !== "TERM");
      if (!targets.length) {
        io.err(`${sh.bashPrefix()}kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`);
        return 2;
      }
      for (const t of targets) {
        let pid: number | undefined;
        if (t.startsWith("%")) {
          const n = t === "%" || t === "%+" ? Math.max(0, ...sh.jobs.keys()) : parseInt(t.slice(1), 10);
          const j = sh.jobs.get(n);
          if (!j) {
            io.err(`${sh.bashPrefix()}kill: ${t}: no such job\n`);
            st = 1;
            continue;
          }
          pid = j.pid;
          sh.jobs.delete(n);
          if (sh.interactive) sh.notices.push(`[${n}]+  ${"Terminated".padEnd(24)}${j.src}\n`);
        } else pid = parseInt(t, 10);
        if (pid === undefined || Number.isNaN(pid)) {
          io.err(`${sh.bashPrefix()}kill: ${t}: arguments must be process or job IDs\n`);
          st = 1;
          continue;
        }
        // processes of any machine are in one pid space only per machine
        if (!ctx.machine.kill(pid)) {
          io.err(`${sh.bashPrefix()}kill: (${pid}) - No such process\n`);
          st = 1;
        }
      }
      return st;
    },
  ],
  ["wait", () => 0],
  [
    "type",
    (sh, argv, io) => {
      let st = 0;
      for (const a of argv.slice(1)) {
        if (builtins.has(a)) io.out(`${a} is a shell builtin\n`);
        else if (sh.commands.has(a)) io.out(`${a} is ${binPath(a)}\n`);
        else {
          io.err(`${sh.bashPrefix()}type: ${a}: not found\n`);
          st = 1;
        }
      }
      return st;
    },
  ],
]);

/** Where Debian 12 installs each simulated program. */
export function binPath(name: string): string {
  const sbin = new Set(["iptables", "iptables-save", "iptables-restore", "ip6tables", "sysctl", "bridge", "brctl", "ifconfig", "route", "arp", "conntrack", "tcpdump", "xtables-monitor"]);
  return sbin.has(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}
