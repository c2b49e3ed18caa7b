/**
 * lsns (util-linux 2.38.1, sys-utils/lsns.c) over a simulated machine's processes: the
 * namespaces some process is in, one line each (sorted by inode), with the number of processes,
 * the lowest PID and its command; for network namespaces also the id the current namespace gave
 * it (NETNSID, "unassigned" when none) and where it is bind-mounted (NSFS, /run/netns/NAME).
 * Only network namespaces are modelled one by one; the other types are one per machine, held by
 * every process. Output through a libsmartcols-like table (widths from the content, numbers
 * right-aligned, the last column unpadded).
 */
import type { Cmd, CmdResult } from "../types";
import type { Netns } from "../../kernel/netns";

const TYPES = ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"] as const;
type NsType = (typeof TYPES)[number];

/** The machine-wide inode numbers of the non-network namespaces (as on a fresh host). */
const FIXED_INODES: Record<Exclude<NsType, "net">, number> = {
  time: 4026531834,
  cgroup: 4026531835,
  user: 4026531837,
  uts: 4026531838,
  ipc: 4026531839,
  mnt: 4026531841,
  pid: 4026531836,
};

const COLS: Record<string, { right: boolean }> = {
  NS: { right: true },
  TYPE: { right: false },
  PATH: { right: false },
  NPROCS: { right: true },
  PID: { right: true },
  PPID: { right: true },
  COMMAND: { right: false },
  UID: { right: true },
  USER: { right: false },
  NETNSID: { right: true },
  NSFS: { right: false },
  PNS: { right: true },
  ONS: { right: true },
};

const USAGE = `
Usage:
 lsns [options] [<namespace>]

List system namespaces.

Options:
 -J, --json             use JSON output format
 -l, --list             use list format output
 -n, --noheadings       don't print headings
 -o, --output <list>    define which output columns to use
     --output-all       output all columns
 -P, --persistent       namespaces without processes
 -p, --task <pid>       print process namespaces
 -r, --raw              use the raw output format
 -u, --notruncate       don't truncate text in columns
 -W, --nowrap           don't use multi-line representation
 -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)
 -T, --tree <rel>       use tree format (parent, owner, or process)

 -h, --help             display this help
 -V, --version          display version

Available output columns:
          NS  namespace identifier (inode number)
        TYPE  kind of namespace
        PATH  path to the namespace
      NPROCS  number of processes in the namespace
         PID  lowest PID in the namespace
        PPID  PPID of the PID
     COMMAND  command line of the PID
         UID  UID of the PID
        USER  username of the PID
     NETNSID  namespace ID as used by network subsystem
        NSFS  nsfs mountpoint (usually used network subsystem)
         PNS  parent namespace identifier (inode number)
         ONS  owner namespace identifier (inode number)

For more details see lsns(8).
`;

interface Row {
  inode: number;
  type: NsType;
  pids: number[];
  command: string;
  netns?: Netns;
}

export function lsns(c: Cmd): CmdResult {
  const argv = c.argv.slice(1);
  let type: NsType | undefined;
  let headings = true;
  let json = false;
  let raw = false;
  let cols: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = (): string | undefined => argv[++i];
    if (a === "-t" || a === "--type") {
      const v = val();
      if (v === undefined) return fail(c, "option requires an argument -- 't'");
      if (!(TYPES as readonly string[]).includes(v)) return fail(c, `unknown namespace type: ${v}`);
      type = v as NsType;
    } else if (a.startsWith("--type=")) type = a.slice(7) as NsType;
    else if (a === "-n" || a === "--noheadings") headings = false;
    else if (a === "-J" || a === "--json") json = true;
    else if (a === "-r" || a === "--raw") raw = true;
    else if (
      a === "-l" ||
      a === "--list" ||
      a === "-u" ||
      a === "--notruncate" ||
      a === "-W" ||
      a === "--nowrap"
    )
      continue;
    else if (a === "-o" || a === "--output") {
      const v = val();
      if (v === undefined) return fail(c, "option requires an argument -- 'o'");
      cols = v.split(",").map((x) => x.toUpperCase());
      const bad = cols.find((x) => !(x in COLS));
      if (bad) return fail(c, `unknown column: ${bad.toLowerCase()}`);
    } else if (a === "-h" || a === "--help") {
      c.out(USAGE);
      return 0;
    } else if (a === "-V" || a === "--version") {
      c.out("lsns from util-linux 2.38.1\n");
      return 0;
    } else return fail(c, `invalid option -- '${a.replace(/^-+/, "")}'`, true);
  }
  const m = c.ctx.machine;
  const procs = [{ pid: 1, argv: ["/sbin/init"], netns: m.root }, ...m.processes.values()];
  const rows: Row[] = [];
  for (const t of type ? [type] : TYPES) {
    if (t === "net") {
      const byNs = new Map<Netns, number[]>();
      for (const p of procs) {
        if (p.netns.destroyed) continue;
        const l = byNs.get(p.netns) ?? [];
        l.push(p.pid);
        byNs.set(p.netns, l);
      }
      for (const [ns, pids] of byNs) {
        pids.sort((a, b) => a - b);
        const first = procs.find((p) => p.pid === pids[0])!;
        rows.push({ inode: ns.inode, type: t, pids, command: first.argv.join(" "), netns: ns });
      }
    } else {
      // a container's own namespaces (nsproxy), else the machine's initial ones
      const byInode = new Map<number, { pid: number; argv: string[] }[]>();
      for (const p of procs) {
        const np = "nsproxy" in p ? p.nsproxy : undefined;
        const own = t === "time" || t === "user" ? undefined : np?.[t];
        const inode = own?.inode ?? FIXED_INODES[t];
        const l = byInode.get(inode) ?? [];
        l.push(p);
        byInode.set(inode, l);
      }
      for (const [inode, ps] of byInode) {
        ps.sort((a, b) => a.pid - b.pid);
        const pids = ps.map((p) => p.pid);
        rows.push({ inode, type: t, pids, command: ps[0].argv.join(" ") });
      }
    }
  }
  rows.sort((a, b) => a.inode - b.inode);
  const columns = cols ?? [
    "NS",
    "TYPE",
    "NPROCS",
    "PID",
    "USER",
    ...(type === "net" ? ["NETNSID", "NSFS"] : []),
    "COMMAND",
  ];
  const here = c.ctx.ns;
  const cell = (r: Row, col: string): string => {
    switch (col) {
      case "NS":
        return String(r.inode);
      case "TYPE":
        return r.type;
      case "PATH":
        return `/proc/${r.pids[0]}/ns/${r.type}`;
      case "NPROCS":
        return String(r.pids.length);
      case "PID":
        return String(r.pids[0]);
      case "PPID":
        return r.pids[0] === 1 ? "0" : "1";
      case "COMMAND":
        return r.command;
      case "UID":
        return "0";
      case "USER":
        return "root";
      case "NETNSID": {
        if (!r.netns) return "";
        const id = here.nsidOf(r.netns);
        return id === undefined ? "unassigned" : String(id);
      }
      case "NSFS": {
        if (!r.netns) return "";
        if (m.netnsName(r.netns) !== undefined) return `/run/netns/${m.netnsName(r.netns)}`;
        for (const [path, ns] of m.nsfs) if (ns === r.netns) return path;
        return "";
      }
      case "PNS":
      case "ONS":
        return "0";
    }
    return "";
  };
  const table = rows.map((r) => columns.map((col) => cell(r, col)));
  if (json) {
    const num = new Set(["NS", "NPROCS", "PID", "PPID", "UID", "PNS", "ONS"]);
    const items = table.map((vals) => {
      const fields = columns.map((col, k) => {
        const v = vals[k];
        const value = num.has(col) ? v : v === "" ? "null" : JSON.stringify(v);
        return `         "${col.toLowerCase()}": ${value}`;
      });
      return `      {\n${fields.join(",\n")}\n      }`;
    });
    c.out(`{\n   "namespaces": [\n${items.join(",")}\n   ]\n}\n`);
    return 0;
  }
  if (raw) {
    if (headings) c.out(columns.join(" ") + "\n");
    for (const vals of table) c.out(vals.join(" ") + "\n");
    return 0;
  }
  const widths = columns.map((col, k) =>
    Math.max(headings ? col.length : 0, ...table.map((v) => v[k].length)),
  );
  const fmt = (vals: string[]): string =>
    vals
      .map((v, k) => {
        if (k === vals.length - 1 && !COLS[columns[k]].right) return v;
        return COLS[columns[k]].right ? v.padStart(widths[k]) : v.padEnd(widths[k]);
      })
      .join(" ");
  if (headings) c.out(fmt(columns) + "\n");
  for (const vals of table) c.out(fmt(vals) + "\n");
  return 0;
}

function fail(c: Cmd, msg: string, usage = false): number {
  c.err(`lsns: ${msg}\n`);
  if (usage) c.err("Try 'lsns --help' for more information.\n");
  return 1;
}
