/**
 * The netfilter programs of a simulated machine, as shell commands over the namespace the shell
 * is in: iptables / iptables-save / iptables-restore (iptables 1.8.9, nf_tables back-end; the
 * `-nft` names are the same programs), conntrack (conntrack-tools 1.4.7), xtables-monitor
 * --trace (nftrace events of that namespace) and dmesg (util-linux 2.38.1, the machine's
 * kernel ring buffer).
 */
import type { Ip4 } from "../util/brand";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import { STRERROR } from "../kernel/types";
import type { Cmd, CmdResult as ShellResult, CommandFn, Wait } from "../shell/types";
import { resolveHost, reverseHost } from "../shell/resolve";
import type { CmdEnv, CmdResult } from "./types";
import { runIptables } from "./iptables";
import { runIptablesRestore, runIptablesSave } from "./save";
import { runConntrack } from "./conntrack-cli";
import { runXtablesMonitor } from "./monitor";
import { netfilterOf, subscribeTrace, syncConntrackCount } from "./glue";
import { klogClear, klogRecords } from "./klog";

/** The wall clock iptables-save stamps its output with: a fixed boot date plus virtual time. */
const BOOT_EPOCH = 1_767_225_600; // 2026-01-01 00:00:00 UTC

function cmdEnv(c: Cmd, stdin?: string): CmdEnv {
  const world = c.ctx.world;
  return {
    resolveHost: (name) => {
      const r = resolveHost(c.ctx, c.fs, name);
      return r.ok ? [r.ip] : [];
    },
    hostName: (ip: Ip4) => reverseHost(c.ctx, c.fs, ip) ?? null,
    wallClock: () => BOOT_EPOCH + Math.floor(world.sched.now / NS_PER_S),
    stdin: stdin ?? c.stdin,
    now: () => world.sched.now / NS_PER_MS,
  };
}

/** glibc's buffer for a stdout that is a pipe or a file (st_blksize of a pipe). */
const STDIO_BUFSIZ = 4096;

/**
 * Writes a program's output as the C library delivers it: stderr is unbuffered; stdout is line
 * buffered on a terminal but fully buffered into a pipe or file (what the oracle and the headless
 * runner capture), so it reaches the reader in 4 KiB blocks and the rest at exit — after
 * anything the program wrote to stderr meanwhile.
 */
function emit(c: Cmd, r: CmdResult): number {
  if (c.interactive || !r.stderr) {
    if (r.stdout) c.out(r.stdout);
    if (r.stderr) c.err(r.stderr);
    return r.exitCode;
  }
  const flushed = r.stdout.length - (r.stdout.length % STDIO_BUFSIZ);
  if (flushed) c.out(r.stdout.slice(0, flushed));
  c.err(r.stderr);
  if (flushed < r.stdout.length) c.out(r.stdout.slice(flushed));
  return r.exitCode;
}

export function iptables(c: Cmd): number {
  return emit(c, runIptables(netfilterOf(c.ctx.ns), c.argv.slice(1), cmdEnv(c)));
}

export function iptablesSave(c: Cmd): number {
  return emit(c, runIptablesSave(netfilterOf(c.ctx.ns), c.argv.slice(1), cmdEnv(c)));
}

/** iptables-restore [options] [file]: the file is read from the machine's filesystem. */
export function iptablesRestore(c: Cmd): number {
  const argv = c.argv.slice(1);
  let stdin: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-T" || a === "--table" || a === "-M" || a === "--modprobe") {
      i++;
      continue;
    }
    if (a.startsWith("-")) continue;
    const r = c.fs.read(c.ctx, a);
    if (!r.ok) {
      c.err(`Can't open ${a}: ${STRERROR[r.errno] ?? `errno ${r.errno}`}\n`);
      return 1;
    }
    stdin = r.value;
    argv.splice(i, 1);
    break;
  }
  return emit(c, runIptablesRestore(netfilterOf(c.ctx.ns), argv, cmdEnv(c, stdin)));
}

export function conntrack(c: Cmd): number {
  const nf = netfilterOf(c.ctx.ns);
  const status = emit(c, runConntrack(nf, c.argv.slice(1), cmdEnv(c)));
  syncConntrackCount(c.ctx.ns, nf);
  return status;
}

// ---------------------------------------------------------------------------------------------
// xtables-monitor

/** `xtables-monitor --trace`: prints the nftrace lines of its namespace until it is stopped. */
export function xtablesMonitor(c: Cmd): ShellResult {
  const mode = runXtablesMonitor(c.argv.slice(1));
  if ("exitCode" in mode) return emit(c, mode);
  const pending: string[] = [];
  const unsubscribe =
    mode.trace && !mode.ipv6Only
      ? subscribeTrace(c.ctx.ns, (lines) => pending.push(...lines.map((l) => l + "\n")))
      : () => {};
  return (function* (): Generator<Wait, number, void> {
    try {
      for (;;) {
        yield { until: Infinity, cond: () => pending.length > 0 || c.interrupted() };
        if (pending.length) c.out(pending.splice(0).join(""));
        if (c.interrupted()) return 130;
      }
    } finally {
      unsubscribe();
    }
  })();
}

// ---------------------------------------------------------------------------------------------
// dmesg

const LEVEL_NAMES = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];
const FACILITY_NAMES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
];

const DMESG_USAGE =
  "\nUsage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.\n\nOptions:\n -C, --clear                 clear the kernel ring buffer\n -c, --read-clear            read and clear all messages\n -D, --console-off           disable printing messages to console\n -E, --console-on            enable printing messages to console\n -F, --file <file>           use the file instead of the kernel log buffer\n -f, --facility <list>       restrict output to defined facilities\n -H, --human                 human readable output\n -J, --json                  use JSON output format\n -k, --kernel                display kernel messages\n -L, --color[=<when>]        colorize messages (auto, always or never)\n                               colors are enabled by default\n -l, --level <list>          restrict output to defined levels\n -n, --console-level <level> set level of messages printed to console\n -P, --nopager               do not pipe output into a pager\n -p, --force-prefix          force timestamp output on each line of multi-line messages\n -r, --raw                   print the raw message buffer\n     --noescape              don't escape unprintable character\n -S, --syslog                force to use syslog(2) rather than /dev/kmsg\n -s, --buffer-size <size>    buffer size to query the kernel ring buffer\n -u, --userspace             display userspace messages\n -w, --follow                wait for new messages\n -W, --follow-new            wait and print only new messages\n -x, --decode                decode facility and level to readable string\n -d, --show-delta            show time delta between printed messages\n -e, --reltime               show local time and time delta in readable format\n -T, --ctime                 show human-readable timestamp (may be inaccurate!)\n -t, --notime                don't show any timestamp with messages\n     --time-format <format>  show timestamp using the given format:\n                               [delta|reltime|ctime|notime|iso]\nSuspending/resume will make ctime and iso timestamps inaccurate.\n     --since <time>          display the lines since the specified time\n     --until <time>          display the lines until the specified time\n\n -h, --help                  display this help\n -V, --version               display version\n\nSupported log facilities:\n    kern - kernel messages\n    user - random user-level messages\n    mail - mail system\n  daemon - system daemons\n    auth - security/authorization messages\n  syslog - messages generated internally by syslogd\n     lpr - line printer subsystem\n    news - network news subsystem\n\nSupported log levels (priorities):\n   emerg - system is unusable\n   alert - action must be taken immediately\n    crit - critical conditions\n     err - error conditions\n    warn - warning conditions\n  notice - normal but significant condition\n    info - informational\n   debug - debug-level messages\n\nFor more details see dmesg(1).\n";

const DMESG_WITH_ARG = new Set(["F", "f", "l", "n", "s"]);

export function dmesg(c: Cmd): number {
  let clearAfter = false;
  let clearOnly = false;
  let notime = false;
  let decode = false;
  let raw = false;
  let userspace = false;
  let levels: Set<number> | null = null;
  let facilities: Set<number> | null = null;
  const bad = (msg: string) => {
    c.err(`dmesg: ${msg}\nTry 'dmesg --help' for more information.\n`);
    return 1;
  };
  const parseList = (v: string, names: string[], what: string): Set<number> | string => {
    const s = new Set<number>();
    for (const w of v.split(",")) {
      const i = names.indexOf(w);
      if (i < 0) return `unknown ${what}: ${w}`;
      s.add(i);
    }
    return s;
  };
  const argv = c.argv.slice(1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let opt: string;
    let val: string | undefined;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const long: Record<string, string> = {
        clear: "C",
        "read-clear": "c",
        notime: "t",
        decode: "x",
        raw: "r",
        level: "l",
        facility: "f",
        kernel: "k",
        userspace: "u",
        help: "h",
        version: "V",
        nopager: "P",
        color: "L",
        "console-level": "n",
        human: "H",
        ctime: "T",
      };
      if (!(name in long)) return bad(`unrecognized option '${a}'`);
      opt = long[name];
      if (eq >= 0) val = a.slice(eq + 1);
      else if (DMESG_WITH_ARG.has(opt)) val = argv[++i];
    } else if (a.startsWith("-") && a.length > 1) {
      opt = a[1];
      if (DMESG_WITH_ARG.has(opt)) val = a.length > 2 ? a.slice(2) : argv[++i];
      else if (a.length > 2) argv.splice(i + 1, 0, "-" + a.slice(2));
    } else return bad(`bad usage`);
    if (DMESG_WITH_ARG.has(opt) && val === undefined) return bad(`option requires an argument -- '${opt}'`);
    switch (opt) {
      case "C":
        clearOnly = true;
        break;
      case "c":
        clearAfter = true;
        break;
      case "t":
        notime = true;
        break;
      case "x":
        decode = true;
        break;
      case "r":
        raw = true;
        break;
      case "k":
        facilities = new Set([0]);
        break;
      case "u":
        userspace = true;
        break;
      case "l": {
        const s = parseList(val!, LEVEL_NAMES, "level");
        if (typeof s === "string") return bad(s);
        levels = s;
        break;
      }
      case "f": {
        const s = parseList(val!, FACILITY_NAMES, "facility");
        if (typeof s === "string") return bad(s);
        facilities = s;
        break;
      }
      case "h":
        c.out(DMESG_USAGE);
        return 0;
      case "V":
        c.out("dmesg from util-linux 2.38.1\n");
        return 0;
      case "n":
      case "P":
      case "L":
      case "H":
      case "T":
        break;
      default:
        return bad(`invalid option -- '${opt}'`);
    }
  }
  const m = c.ctx.machine;
  if (clearOnly) {
    klogClear(m);
    return 0;
  }
  let out = "";
  for (const r of klogRecords(m)) {
    if (userspace && r.facility === 0 && !facilities) continue;
    if (levels && !levels.has(r.level)) continue;
    if (facilities && !facilities.has(r.facility)) continue;
    if (raw) {
      out += `<${r.facility * 8 + r.level}>[${r.stamp}] ${r.text}\n`;
      continue;
    }
    let line = "";
    if (decode)
      line += `${(FACILITY_NAMES[r.facility] ?? "").padEnd(6)}:${(LEVEL_NAMES[r.level] ?? "").padEnd(6)}: `;
    if (!notime) line += `[${r.stamp}] `;
    out += line + r.text + "\n";
  }
  c.out(out);
  if (clearAfter) klogClear(m);
  return 0;
}

/** The programs, by name, for the shell's command table. */
export function netfilterCommands(): [string, CommandFn][] {
  return [
    ["iptables", iptables],
    ["iptables-nft", iptables],
    ["iptables-save", iptablesSave],
    ["iptables-nft-save", iptablesSave],
    ["iptables-restore", iptablesRestore],
    ["iptables-nft-restore", iptablesRestore],
    ["conntrack", conntrack],
    ["xtables-monitor", xtablesMonitor],
    ["dmesg", dmesg],
  ];
}
