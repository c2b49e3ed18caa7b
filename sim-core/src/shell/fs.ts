/**
 * The virtual filesystem a shell sees: per-machine files (/etc/hosts, /etc/resolv.conf, /tmp/…)
 * and directories, with modes and modification times on the virtual clock, and views generated
 * from the kernel of the current network namespace — /proc/sys/net (sysctls, writable with the
 * kernel's validation), /proc/net/{arp,route,dev,tcp,udp,snmp,snmp6,netstat}, /sys/class/net, /usr/bin and /usr/sbin
 * (the machine's programs), and /var/run/netns (the named namespaces; bind-mount files that `cat`
 * cannot read).
 */
import type { ExecCtx } from "./types";
import type { Nanos } from "../engine/scheduler";
import { Errno, KernelError } from "../kernel/types";
import { sprintf } from "../util/printf";
import { OPER_STATE_NAMES } from "../kernel/types";
import { socketsOf } from "../sockets/table";
import { procNetArp, procNetRoute } from "./nettools/procnet";
import { procNetNetstat, procNetSnmp, procNetSnmp6 } from "../kernel/mib";

export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: number };

/** What `ls -l` and `test` need to know about a path. */
export interface Stat {
  kind: "file" | "dir" | "exec" | "link" | "special";
  /** Permission bits (0o644, 0o755, …). */
  mode: number;
  size: number;
  nlink: number;
  /** 1K blocks allocated (what `ls -l`'s "total" adds up). */
  blocks?: number;
  mtime: Nanos;
  /** A symbolic link's target. */
  target?: string;
}

/** Per machine: directories made with mkdir, and files' modification times. */
interface Meta {
  dirs: Set<string>;
  mtimes: Map<string, Nanos>;
  modes: Map<string, number>;
}

const metas = new WeakMap<object, Meta>();

/** Per mount namespace: a container's own (ctx.nsproxy.mnt), else the machine's. */
function metaOf(ctx: ExecCtx): Meta {
  const m: object = ctx.nsproxy?.mnt ?? ctx.machine;
  let x = metas.get(m);
  if (!x) {
    x = { dirs: new Set(), mtimes: new Map(), modes: new Map() };
    metas.set(m, x);
  }
  return x;
}

/** The files of the mount namespace the context sees. */
function filesOf(ctx: ExecCtx): Map<string, string> {
  return ctx.nsproxy?.mnt?.files ?? ctx.machine.files;
}

/** A namespace file bind-mounted outside /run/netns (Docker's /run/docker/netns/ID). */
function nsfsAt(ctx: ExecCtx, p: string): boolean {
  return !ctx.nsproxy?.mnt && ctx.machine.nsfs.has(p);
}

/** Programs of the machine in /usr/bin and /usr/sbin (set by the shell). */
export type ProgramDirs = () => { bin: string[]; sbin: string[] };

const DIRS = new Set([
  "/",
  "/etc",
  "/etc/netns",
  "/proc",
  "/proc/sys",
  "/proc/net",
  "/sys",
  "/sys/class",
  "/sys/class/net",
  "/var",
  "/var/run",
  "/run",
  "/tmp",
  "/root",
  "/dev",
  "/home",
  "/usr",
  "/usr/bin",
  "/usr/sbin",
  "/usr/local",
  "/var/log",
  "/var/tmp",
  "/mnt",
  "/opt",
  "/srv",
]);

/** Symbolic links of the merged-/usr layout. */
const LINKS: Record<string, string> = { "/bin": "usr/bin", "/sbin": "usr/sbin", "/lib": "usr/lib" };

export function normalizePath(path: string, cwd = "/root"): string {
  const abs = path.startsWith("/") ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const seg of abs.split("/")) {
    if (!seg || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return "/" + out.join("/");
}

export class VirtualFs {
  cwd = "/root";
  /** The machine's programs by directory (what /usr/bin and /usr/sbin list). */
  programs?: ProgramDirs;

  resolve(path: string): string {
    let p = normalizePath(path, this.cwd);
    if (p === "/var/run" || p.startsWith("/var/run/")) p = "/run" + p.slice("/var/run".length);
    for (const [l, t] of Object.entries(LINKS))
      if (p === l || p.startsWith(l + "/")) p = "/" + t + p.slice(l.length);
    return p;
  }

  /** True when something exists at the path (a file, a directory, a namespace file…). */
  exists(ctx: ExecCtx, path: string): boolean {
    return this.stat(ctx, path) !== undefined;
  }

  kind(ctx: ExecCtx, path: string): Stat["kind"] | undefined {
    return this.stat(ctx, path)?.kind;
  }

  size(ctx: ExecCtx, path: string): number {
    return this.stat(ctx, path)?.size ?? 0;
  }

  mtime(ctx: ExecCtx, path: string): Nanos | undefined {
    return this.stat(ctx, path)?.mtime;
  }

  /** lstat(2). */
  stat(ctx: ExecCtx, path: string): Stat | undefined {
    const raw = normalizePath(path, this.cwd);
    if (LINKS[raw])
      return { kind: "link", mode: 0o777, size: LINKS[raw].length, nlink: 1, mtime: 0, target: LINKS[raw] };
    const p = this.resolve(path);
    const meta = metaOf(ctx);
    const now = ctx.world.sched.now;
    const dev = /^\/sys\/class\/net\/([^/]+)$/.exec(p);
    if (dev && ctx.ns.byName(dev[1])) {
      const target = `../../devices/virtual/net/${dev[1]}`;
      return { kind: "link", mode: 0o777, size: 0, nlink: 1, mtime: now, target };
    }
    if (this.isDir(ctx, p)) {
      const ro = p.startsWith("/proc/sys")
        ? 0o555
        : p.startsWith("/proc") || p.startsWith("/sys")
          ? 0o555
          : p === "/root"
            ? 0o700
            : p === "/tmp"
              ? 0o1777
              : 0o755;
      const sub = this.list(ctx, p);
      const ndirs = sub.ok
        ? sub.value.filter((n) => this.isDir(ctx, p === "/" ? "/" + n : `${p}/${n}`)).length
        : 0;
      const size =
        p.startsWith("/proc") || p.startsWith("/sys")
          ? 0
          : p.startsWith("/run")
            ? 40 + 20 * (sub.ok ? sub.value.length : 0)
            : 4096;
      const nlink = p.startsWith("/proc/sys") ? 1 : 2 + ndirs;
      const blocks = p.startsWith("/proc") || p.startsWith("/sys") || p.startsWith("/run") ? 0 : 8;
      return {
        kind: "dir",
        mode: ro,
        size,
        nlink,
        blocks,
        mtime: meta.mtimes.get(p) ?? (p.startsWith("/proc") ? now : 0),
      };
    }
    if (
      p === "/dev/null" ||
      p === "/dev/zero" ||
      p === "/dev/random" ||
      p === "/dev/urandom" ||
      p === "/dev/tty"
    )
      return { kind: "special", mode: 0o666, size: 0, nlink: 1, mtime: 0 };
    if (ctx.nsproxy?.mnt?.programs && (p.startsWith("/usr/bin/") || p.startsWith("/usr/sbin/"))) {
      const name = p.slice(p.lastIndexOf("/") + 1);
      if (p.startsWith("/usr/bin/") && ctx.nsproxy.mnt.programs.has(name))
        return { kind: "exec", mode: 0o755, size: 0, nlink: 1, mtime: 0 };
      return undefined;
    }
    if (p.startsWith("/usr/bin/") || p.startsWith("/usr/sbin/")) {
      const dirs = this.programs?.();
      const name = p.slice(p.lastIndexOf("/") + 1);
      const list = p.startsWith("/usr/bin/") ? dirs?.bin : dirs?.sbin;
      if (list && list.includes(name)) return { kind: "exec", mode: 0o755, size: 0, nlink: 1, mtime: 0 };
      return undefined;
    }
    const r = this.read(ctx, p);
    if (!r.ok) {
      if (r.errno === Errno.EINVAL)
        return {
          kind: p.startsWith("/run/netns/") ? "file" : "file",
          mode: p.startsWith("/run/netns/") ? 0o444 : 0o444,
          size: 0,
          nlink: 1,
          mtime: meta.mtimes.get(p) ?? now,
        };
      return undefined;
    }
    if (p.startsWith("/proc/") || p.startsWith("/sys/")) {
      const mode = p.startsWith("/proc/sys/") ? 0o644 : 0o444;
      return { kind: "file", mode, size: p.startsWith("/sys/") ? 4096 : 0, nlink: 1, mtime: now };
    }
    return {
      kind: "file",
      mode: meta.modes.get(p) ?? 0o644,
      size: byteLength(r.value),
      nlink: 1,
      mtime: meta.mtimes.get(p) ?? 0,
    };
  }

  /** mkdir(2). */
  mkdir(ctx: ExecCtx, path: string): FsResult<void> {
    const p = this.resolve(path);
    if (this.exists(ctx, p)) return { ok: false, errno: Errno.EEXIST };
    const dir = p.slice(0, p.lastIndexOf("/")) || "/";
    if (!this.isDir(ctx, dir))
      return { ok: false, errno: this.exists(ctx, dir) ? Errno.ENOTDIR : Errno.ENOENT };
    if (!this.writable(p))
      return {
        ok: false,
        errno: p.startsWith("/proc") || p.startsWith("/sys") ? Errno.ENOENT : Errno.EACCES,
      };
    const meta = metaOf(ctx);
    meta.dirs.add(p);
    meta.mtimes.set(p, ctx.world.sched.now);
    meta.mtimes.set(dir, ctx.world.sched.now);
    return { ok: true, value: undefined };
  }

  /** unlink(2) (`dir`: rmdir(2)). */
  remove(ctx: ExecCtx, path: string, dir: boolean): FsResult<void> {
    const p = this.resolve(path);
    const st = this.stat(ctx, p);
    if (!st) return { ok: false, errno: Errno.ENOENT };
    if (st.kind === "dir" && !dir) return { ok: false, errno: Errno.EISDIR };
    if (st.kind !== "dir" && dir) return { ok: false, errno: Errno.ENOTDIR };
    if (
      !this.writable(p) ||
      DIRS.has(p) ||
      p.startsWith("/proc") ||
      p.startsWith("/sys") ||
      p.startsWith("/usr")
    )
      return {
        ok: false,
        errno: p.startsWith("/proc") || p.startsWith("/sys") ? Errno.EACCES : Errno.EACCES,
      };
    const meta = metaOf(ctx);
    if (st.kind === "dir") {
      const l = this.list(ctx, p);
      if (l.ok && l.value.length) return { ok: false, errno: Errno.ENOTEMPTY };
      meta.dirs.delete(p);
    } else if (p.startsWith("/run/netns/") || nsfsAt(ctx, p)) return { ok: false, errno: Errno.EBUSY };
    else filesOf(ctx).delete(p);
    meta.mtimes.delete(p);
    const parent = p.slice(0, p.lastIndexOf("/")) || "/";
    meta.mtimes.set(parent, ctx.world.sched.now);
    return { ok: true, value: undefined };
  }

  chmod(ctx: ExecCtx, path: string, mode: number): void {
    metaOf(ctx).modes.set(this.resolve(path), mode);
  }

  /** Updates a file's modification time (touch). */
  touch(ctx: ExecCtx, path: string): void {
    metaOf(ctx).mtimes.set(this.resolve(path), ctx.world.sched.now);
  }

  private writable(p: string): boolean {
    return !(p.startsWith("/proc") || p.startsWith("/sys") || p.startsWith("/usr/") || p === "/usr");
  }

  isDir(ctx: ExecCtx, path: string): boolean {
    const p = this.resolve(path);
    if (DIRS.has(p) || p === "/run/netns") return true;
    if (!ctx.nsproxy?.mnt) for (const k of ctx.machine.nsfs.keys()) if (k.startsWith(p + "/")) return true;
    if (metaOf(ctx).dirs.has(p)) return true;
    if (p.startsWith("/proc/sys/")) return ctx.ns.sysctl.entries(p.slice("/proc/sys/".length)) !== undefined;
    if (p.startsWith("/sys/class/net/")) {
      const rest = p.slice("/sys/class/net/".length).split("/");
      return rest.length === 1 && !!ctx.ns.byName(rest[0]);
    }
    if (p.startsWith("/etc/netns/")) return [...filesOf(ctx).keys()].some((k) => k.startsWith(p + "/"));
    for (const k of filesOf(ctx).keys()) if (k.startsWith(p + "/")) return true;
    return false;
  }

  read(ctx: ExecCtx, path: string): FsResult<string> {
    const p = this.resolve(path);
    if (this.isDir(ctx, p)) return { ok: false, errno: Errno.EISDIR };
    if (p === "/dev/null") return { ok: true, value: "" };
    if (p.startsWith("/proc/sys/")) {
      const v = ctx.ns.sysctl.get(p.slice("/proc/sys/".length));
      return v === undefined ? { ok: false, errno: Errno.ENOENT } : { ok: true, value: v + "\n" };
    }
    if (p.startsWith("/proc/net/")) return this.procNet(ctx, p.slice("/proc/net/".length));
    if (p.startsWith("/sys/class/net/")) return this.sysNet(ctx, p.slice("/sys/class/net/".length));
    if (nsfsAt(ctx, p)) return { ok: false, errno: Errno.EINVAL };
    if (p.startsWith("/run/netns/")) {
      const name = p.slice("/run/netns/".length);
      // a bind mount of an nsfs inode: open succeeds, read fails
      return ctx.machine.netnsDir.has(name)
        ? { ok: false, errno: Errno.EINVAL }
        : { ok: false, errno: Errno.ENOENT };
    }
    if (p === "/proc/sys" || p.startsWith("/proc")) return { ok: false, errno: Errno.ENOENT };
    // /etc/netns/NAME/* is bind-mounted over /etc/* by `ip netns exec NAME`
    if (ctx.nsName && p.startsWith("/etc/")) {
      const over = filesOf(ctx).get(`/etc/netns/${ctx.nsName}/${p.slice(5)}`);
      if (over !== undefined) return { ok: true, value: over };
    }
    const v = filesOf(ctx).get(p);
    return v === undefined ? { ok: false, errno: Errno.ENOENT } : { ok: true, value: v };
  }

  /** Writes a file; sysctls go through the kernel (which validates them). */
  write(ctx: ExecCtx, path: string, data: string, append: boolean): FsResult<void> {
    const p = this.resolve(path);
    if (p === "/dev/null") return { ok: true, value: undefined };
    if (this.isDir(ctx, p)) return { ok: false, errno: Errno.EISDIR };
    if (p.startsWith("/proc/sys/")) {
      const key = p.slice("/proc/sys/".length);
      if (!ctx.ns.sysctl.has(key)) return { ok: false, errno: Errno.ENOENT };
      try {
        ctx.ns.writeSysctl(key, data);
      } catch (e) {
        if (e instanceof KernelError) return { ok: false, errno: e.errno };
        throw e;
      }
      return { ok: true, value: undefined };
    }
    if (p.startsWith("/proc") || p.startsWith("/sys") || p.startsWith("/run/netns"))
      return { ok: false, errno: p.startsWith("/run/netns/") ? Errno.EACCES : Errno.ENOENT };
    if (p.startsWith("/usr/") || p === "/dev/zero" || p === "/dev/tty")
      return { ok: false, errno: p.startsWith("/usr/") ? Errno.EACCES : Errno.ENOENT };
    const dir = p.slice(0, p.lastIndexOf("/")) || "/";
    if (!this.isDir(ctx, dir))
      return { ok: false, errno: this.exists(ctx, dir) ? Errno.ENOTDIR : Errno.ENOENT };
    const files = filesOf(ctx);
    const meta = metaOf(ctx);
    const now = ctx.world.sched.now;
    if (!files.has(p)) meta.mtimes.set(dir, now);
    files.set(p, append ? (files.get(p) ?? "") + data : data);
    meta.mtimes.set(p, now);
    return { ok: true, value: undefined };
  }

  list(ctx: ExecCtx, path: string): FsResult<string[]> {
    const p = this.resolve(path);
    if (!this.isDir(ctx, p)) {
      const r = this.read(ctx, p);
      return r.ok || r.errno === Errno.EINVAL
        ? { ok: false, errno: Errno.ENOTDIR }
        : { ok: false, errno: r.errno };
    }
    const names = new Set<string>();
    if (p === "/run/netns") return { ok: true, value: [...ctx.machine.netnsDir.keys()].reverse() };
    if (p === "/sys/class/net")
      return {
        ok: true,
        value: ctx.ns
          .list()
          .map((d) => d.name)
          .sort(),
      };
    if (p.startsWith("/sys/class/net/"))
      return { ok: true, value: ["address", "carrier", "ifindex", "iflink", "mtu", "operstate"] };
    if (p === "/proc/net")
      return { ok: true, value: ["arp", "dev", "netstat", "route", "snmp", "snmp6", "tcp", "udp"] };
    if (ctx.nsproxy?.mnt?.programs && (p === "/usr/bin" || p === "/usr/sbin"))
      return { ok: true, value: p === "/usr/bin" ? [...ctx.nsproxy.mnt.programs.keys()].sort(cmpC) : [] };
    if (p === "/usr/bin" || p === "/usr/sbin") {
      const d = this.programs?.();
      return { ok: true, value: [...((p === "/usr/bin" ? d?.bin : d?.sbin) ?? [])].sort(cmpC) };
    }
    if (p.startsWith("/proc/sys")) {
      const names = ctx.ns.sysctl.entries(p === "/proc/sys" ? "" : p.slice("/proc/sys/".length)) ?? [];
      return { ok: true, value: [...names].sort(cmpC) };
    }
    for (const d of [...DIRS, ...metaOf(ctx).dirs])
      if (d.startsWith(p === "/" ? "/" : p + "/") && d !== p)
        names.add(d.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
    if (p === "/") for (const l of Object.keys(LINKS)) names.add(l.slice(1));
    if (!ctx.nsproxy?.mnt)
      for (const k of ctx.machine.nsfs.keys())
        if (k.startsWith(p === "/" ? "/" : p + "/"))
          names.add(k.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
    for (const k of filesOf(ctx).keys())
      if (k.startsWith(p === "/" ? "/" : p + "/"))
        names.add(k.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
    return { ok: true, value: [...names].filter(Boolean).sort(cmpC) };
  }

  private procNet(ctx: ExecCtx, name: string): FsResult<string> {
    const ns = ctx.ns;
    switch (name) {
      case "arp":
        return { ok: true, value: procNetArp(ns) };
      case "route":
        return { ok: true, value: procNetRoute(ns) };
      case "dev": {
        let s = "Inter-|   Receive                                                |  Transmit\n";
        s +=
          " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
        for (const d of ns.list()) {
          const st = d.stats;
          s += sprintf(
            "%6s: %7d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d %10d\n",
            d.name,
            st.rxBytes,
            st.rxPackets,
            st.rxErrors,
            st.rxDropped,
            0,
            0,
            0,
            st.multicast,
            st.txBytes,
            st.txPackets,
            st.txErrors,
            st.txDropped,
            0,
            st.collisions,
            st.txCarrier,
            0,
          );
        }
        return { ok: true, value: s };
      }
      case "tcp":
        return { ok: true, value: socketsOf(ns).procTcp() };
      case "udp":
        return { ok: true, value: socketsOf(ns).procUdp() };
      case "snmp":
        return { ok: true, value: procNetSnmp(ns) };
      case "netstat":
        return { ok: true, value: procNetNetstat(ns) };
      case "snmp6":
        return { ok: true, value: procNetSnmp6(ns) };
    }
    return { ok: false, errno: Errno.ENOENT };
  }

  private sysNet(ctx: ExecCtx, rest: string): FsResult<string> {
    const [name, attr] = rest.split("/");
    const d = ctx.ns.byName(name);
    if (!d || !attr) return { ok: false, errno: d ? Errno.EISDIR : Errno.ENOENT };
    switch (attr) {
      case "address":
        return { ok: true, value: d.mac + "\n" };
      case "mtu":
        return { ok: true, value: `${d.mtu}\n` };
      case "ifindex":
        return { ok: true, value: `${d.ifindex}\n` };
      case "iflink":
        return { ok: true, value: `${d.iflink() || d.ifindex}\n` };
      case "operstate":
        return { ok: true, value: OPER_STATE_NAMES[d.reportedOperstate()].toLowerCase() + "\n" };
      case "carrier":
        return d.up ? { ok: true, value: `${d.carrier ? 1 : 0}\n` } : { ok: false, errno: Errno.EINVAL };
    }
    return { ok: false, errno: Errno.ENOENT };
  }
}

function cmpC(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
