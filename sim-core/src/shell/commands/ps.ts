/**
 * ps (procps-ng 4.0.2, Debian 12) and BusyBox's ps over a machine's processes: the default
 * listing (the caller's session), -e/-A, -f, BSD `aux`/`ax`, -p, -o with the usual columns and
 * the namespace columns (netns, pidns, mntns, utsns, ipcns). Inside a pid namespace (a
 * container) only its tasks are seen, with their pids of that namespace. There is no init
 * process table beyond PID 1 (/sbin/init) and no kernel threads; CPU times are zero and memory
 * sizes are a fixed figure per program.
 */
import type { Cmd } from "../types";
import type { Process } from "../../kernel/machine";
import { NS_PER_S } from "../../engine/scheduler";
import { WALL_EPOCH_S } from "../../sockets/clock";

interface Row {
  pid: number;
  ppid: number;
  argv: string[];
  started: number;
  proc?: Process;
}

const FIXED_INODES: Record<string, number> = {
  uts: 4026531838,
  ipc: 4026531839,
  mnt: 4026531841,
  pid: 4026531836,
  cgroup: 4026531835,
};

/** The tasks visible from the caller's pid namespace, with pids as that namespace numbers them. */
function visible(c: Cmd): Row[] {
  const m = c.ctx.machine;
  const pidns = c.ctx.nsproxy?.pid;
  const rows: Row[] = [];
  if (!pidns) rows.push({ pid: 1, ppid: 0, argv: ["/sbin/init"], started: 0 });
  const byPid = m.processes;
  for (const p of byPid.values()) {
    if (pidns) {
      if (p.nsproxy?.pid !== pidns || p.nspid === undefined) continue;
      const parent = p.ppid !== undefined ? byPid.get(p.ppid) : undefined;
      const ppid = parent && parent.nsproxy?.pid === pidns ? (parent.nspid ?? 0) : 0;
      rows.push({ pid: p.nspid, ppid, argv: p.argv, started: p.started ?? 0, proc: p });
    } else rows.push({ pid: p.pid, ppid: p.ppid ?? 1, argv: p.argv, started: p.started ?? 0, proc: p });
  }
  return rows.sort((a, b) => a.pid - b.pid);
}

function comm(argv: string[]): string {
  const a0 = argv[0] ?? "";
  if (a0.startsWith("nginx: ")) return "nginx";
  const base = a0.slice(a0.lastIndexOf("/") + 1).replace(/^-/, "");
  return base.split(" ")[0].slice(0, 15);
}

/** A fixed, plausible memory figure per program (KiB): VSZ, RSS. */
function mem(argv: string[]): [number, number] {
  const c = comm(argv);
  const table: Record<string, [number, number]> = {
    init: [167780, 11396],
    bash: [7064, 3924],
    dockerd: [1530380, 89436],
    containerd: [1396356, 47128],
    "containerd-shim": [720488, 12980],
    "docker-proxy": [1153812, 3876],
    nginx: [11404, 7432],
    pause: [1012, 4],
    kubelet: [1869516, 98220],
    flanneld: [1339112, 38960],
    sleep: [5408, 1004],
    ps: [9244, 3640],
  };
  return table[c] ?? [5580, 1880];
}

function hhmm(ns: number): string {
  const d = new Date((WALL_EPOCH_S + Math.floor(ns / NS_PER_S)) * 1000);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function stat(r: Row, self: number): string {
  if (r.pid === self) return "R+";
  const c = comm(r.argv);
  if (r.argv[0]?.startsWith("-") || c === "init" || r.argv[0] === "/sbin/init") return "Ss";
  if (["dockerd", "containerd", "kubelet", "flanneld", "docker-proxy", "containerd-shim"].includes(c))
    return "Sl";
  if (r.argv[0]?.startsWith("nginx: master")) return "Ss";
  return "S";
}

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

export function ps(c: Cmd): number {
  const args = c.argv.slice(1);
  let all = false;
  let full = false;
  let bsd = false;
  let bsdUser = false;
  let bsdAll = false;
  let noHeaders = false;
  let cols: string[] | undefined;
  let pids: number[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--no-headers" || a === "--no-heading") noHeaders = true;
    else if (a === "-o" || a === "o" || a === "--format") {
      const v = args[++i];
      if (v === undefined) {
        c.err("error: format specification must follow -o\n" + USAGE);
        return 1;
      }
      cols = [...(cols ?? []), ...v.split(/[,\s]+/).filter(Boolean)];
    } else if (a.startsWith("-o") && a.length > 2) cols = [...(cols ?? []), ...a.slice(2).split(",")];
    else if (a === "-p" || a === "p" || a === "--pid") {
      const v = args[++i];
      pids = (v ?? "").split(",").map(Number);
    } else if (a.startsWith("-")) {
      for (const ch of a.slice(1)) {
        if (ch === "e" || ch === "A") all = true;
        else if (ch === "f" || ch === "F") full = true;
        else if (ch === "l") full = true;
        else {
          c.err(`error: unsupported option (BSD syntax)\n${USAGE}`);
          return 1;
        }
      }
    } else {
      bsd = true;
      for (const ch of a) {
        if (ch === "a") bsdAll = true;
        else if (ch === "u") bsdUser = true;
        else if (ch === "x") bsdAll = true;
        else if (ch === "w" || ch === "f") continue;
        else {
          c.err(`error: unsupported option (BSD syntax)\n${USAGE}`);
          return 1;
        }
      }
    }
  }
  let rows = visible(c);
  const self = c.ctx.nsproxy?.pid ? (c.ctx.machine.processes.get(c.pid)?.nspid ?? c.pid) : c.pid;
  if (pids) rows = rows.filter((r) => pids!.includes(r.pid));
  else if (!all && !(bsd && bsdAll)) {
    // the caller's session: its shell and what that shell runs
    const me = rows.find((r) => r.pid === self);
    const parent = me?.ppid;
    rows = rows.filter(
      (r) => r.pid === self || (parent !== undefined && (r.pid === parent || r.ppid === parent)),
    );
  }
  const tty = c.interactive ? "pts/0" : "?";
  const ttyOf = (r: Row) => (r.pid === self || r.argv[0] === "-bash" ? tty : "?");
  const out: string[] = [];
  if (cols) {
    const header = cols.map((x) => {
      const [name, label] = x.split("=");
      return { name: name.toLowerCase(), label: label ?? COL_HEAD[name.toLowerCase()] };
    });
    for (const h of header)
      if (h.label === undefined) {
        c.err(`error: unknown user-defined format specifier "${h.name}"\n${USAGE}`);
        return 1;
      }
    const cells = rows.map((r) => header.map((h) => colValue(h.name, r, ttyOf(r))));
    const widths = header.map((h, k) =>
      k === header.length - 1 ? 0 : Math.max(h.label.length, ...cells.map((v) => v[k].length)),
    );
    const right = (n: string) =>
      ["pid", "ppid", "uid", "netns", "pidns", "mntns", "utsns", "ipcns", "time"].includes(n);
    const fmt = (vals: string[]) =>
      vals
        .map((v, k) =>
          k === vals.length - 1 ? v : right(header[k].name) ? v.padStart(widths[k]) : v.padEnd(widths[k]),
        )
        .join(" ");
    if (!noHeaders) out.push(fmt(header.map((h) => h.label)));
    for (const v of cells) out.push(fmt(v));
  } else if (bsd && bsdUser) {
    if (!noHeaders) out.push("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
    for (const r of rows) {
      const [vsz, rss] = mem(r.argv);
      out.push(
        `${"root".padEnd(8)} ${String(r.pid).padStart(7)}  0.0  0.0 ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${ttyOf(r).padEnd(8)} ${stat(r, self).padEnd(4)} ${hhmm(r.started)}   0:00 ${r.argv.join(" ")}`,
      );
    }
  } else if (bsd) {
    if (!noHeaders) out.push("    PID TTY      STAT   TIME COMMAND");
    for (const r of rows)
      out.push(
        `${String(r.pid).padStart(7)} ${ttyOf(r).padEnd(8)} ${stat(r, self).padEnd(6)} 0:00 ${r.argv.join(" ")}`,
      );
  } else if (full) {
    if (!noHeaders) out.push("UID          PID    PPID  C STIME TTY          TIME CMD");
    for (const r of rows)
      out.push(
        `${"root".padEnd(8)} ${String(r.pid).padStart(7)} ${String(r.ppid).padStart(7)}  0 ${hhmm(r.started)} ${ttyOf(r).padEnd(8)} 00:00:00 ${r.argv.join(" ")}`,
      );
  } else {
    if (!noHeaders) out.push("    PID TTY          TIME CMD");
    for (const r of rows)
      out.push(`${String(r.pid).padStart(7)} ${ttyOf(r).padEnd(8)} 00:00:00 ${comm(r.argv)}`);
  }
  c.out(out.map((l) => l + "\n").join(""));
  return pids && !rows.length ? 1 : 0;
}

const COL_HEAD: Record<string, string> = {
  pid: "PID",
  ppid: "PPID",
  user: "USER",
  uid: "UID",
  comm: "COMMAND",
  cmd: "CMD",
  args: "COMMAND",
  command: "COMMAND",
  tty: "TT",
  time: "TIME",
  stat: "STAT",
  netns: "NETNS",
  pidns: "PIDNS",
  mntns: "MNTNS",
  utsns: "UTSNS",
  ipcns: "IPCNS",
};

function colValue(name: string, r: Row, tty: string): string {
  const np = r.proc?.nsproxy;
  switch (name) {
    case "pid":
      return String(r.pid);
    case "ppid":
      return String(r.ppid);
    case "user":
      return "root";
    case "uid":
      return "0";
    case "comm":
      return comm(r.argv);
    case "cmd":
    case "args":
    case "command":
      return r.argv.join(" ");
    case "tty":
      return tty === "?" ? "?" : tty;
    case "time":
      return "00:00:00";
    case "stat":
      return "S";
    case "netns":
      return String(r.proc?.netns.inode ?? 4026531840);
    case "pidns":
      return String(np?.pid?.inode ?? FIXED_INODES.pid);
    case "mntns":
      return String(np?.mnt?.inode ?? FIXED_INODES.mnt);
    case "utsns":
      return String(np?.uts?.inode ?? FIXED_INODES.uts);
    case "ipcns":
      return String(np?.ipc?.inode ?? FIXED_INODES.ipc);
  }
  return "-";
}

/** BusyBox v1.36 ps: "PID   USER     TIME  COMMAND". */
export function busyboxPs(c: Cmd): number {
  const rows = visible(c);
  let s = "PID   USER     TIME  COMMAND\n";
  for (const r of rows)
    s += `${String(r.pid).padStart(5)} ${"root".padEnd(8)} ${" 0:00"} ${r.argv.join(" ")}\n`;
  c.out(s);
  return 0;
}
