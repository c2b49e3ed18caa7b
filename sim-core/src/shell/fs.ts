/**
 * The virtual filesystem a shell sees: per-machine files (/etc/hosts, /etc/resolv.conf, /tmp/…),
 * and views generated from the kernel of the current network namespace — /proc/sys/net (sysctls,
 * writable with the kernel's validation), /proc/net/{arp,route,dev}, /sys/class/net, and
 * /var/run/netns (the named namespaces; bind-mount files that `cat` cannot read).
 */
import type { ExecCtx } from "./types";
import { Errno, KernelError } from "../kernel/types";
import { sprintf } from "../util/printf";
import { OPER_STATE_NAMES } from "../kernel/types";
import { socketsOf } from "../sockets/table";
import { procNetArp, procNetRoute } from "./nettools/procnet";

export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: number };

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
  "/bin",
]);

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

  resolve(path: string): string {
    let p = normalizePath(path, this.cwd);
    if (p === "/var/run" || p.startsWith("/var/run/")) p = "/run" + p.slice("/var/run".length);
    return p;
  }

  isDir(ctx: ExecCtx, path: string): boolean {
    const p = this.resolve(path);
    if (DIRS.has(p) || p === "/run/netns") return true;
    if (p.startsWith("/proc/sys/")) {
      const prefix = p.slice("/proc/sys/".length) + "/";
      return ctx.ns.sysctl.paths().some((k) => k.startsWith(prefix));
    }
    if (p.startsWith("/sys/class/net/")) {
      const rest = p.slice("/sys/class/net/".length).split("/");
      return rest.length === 1 && !!ctx.ns.byName(rest[0]);
    }
    if (p.startsWith("/etc/netns/")) return [...ctx.machine.files.keys()].some((k) => k.startsWith(p + "/"));
    for (const k of ctx.machine.files.keys()) if (k.startsWith(p + "/")) return true;
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
    if (p.startsWith("/run/netns/")) {
      const name = p.slice("/run/netns/".length);
      // a bind mount of an nsfs inode: open succeeds, read fails
      return ctx.machine.netnsDir.has(name) ? { ok: false, errno: Errno.EINVAL } : { ok: false, errno: Errno.ENOENT };
    }
    if (p === "/proc/sys" || p.startsWith("/proc")) return { ok: false, errno: Errno.ENOENT };
    // /etc/netns/NAME/* is bind-mounted over /etc/* by `ip netns exec NAME`
    if (ctx.nsName && p.startsWith("/etc/")) {
      const over = ctx.machine.files.get(`/etc/netns/${ctx.nsName}/${p.slice(5)}`);
      if (over !== undefined) return { ok: true, value: over };
    }
    const v = ctx.machine.files.get(p);
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
    if (p.startsWith("/proc") || p.startsWith("/sys") || p.startsWith("/run/netns")) return { ok: false, errno: p.startsWith("/run/netns/") ? Errno.EACCES : Errno.ENOENT };
    const dir = p.slice(0, p.lastIndexOf("/")) || "/";
    if (!this.isDir(ctx, dir)) return { ok: false, errno: Errno.ENOENT };
    const files = ctx.machine.files;
    files.set(p, append ? (files.get(p) ?? "") + data : data);
    return { ok: true, value: undefined };
  }

  list(ctx: ExecCtx, path: string): FsResult<string[]> {
    const p = this.resolve(path);
    if (!this.isDir(ctx, p)) {
      const r = this.read(ctx, p);
      return r.ok || r.errno === Errno.EINVAL ? { ok: false, errno: Errno.ENOTDIR } : { ok: false, errno: r.errno };
    }
    const names = new Set<string>();
    if (p === "/run/netns") return { ok: true, value: [...ctx.machine.netnsDir.keys()].reverse() };
    if (p === "/sys/class/net") return { ok: true, value: ctx.ns.list().map((d) => d.name).sort() };
    if (p.startsWith("/sys/class/net/")) return { ok: true, value: ["address", "carrier", "ifindex", "iflink", "mtu", "operstate"] };
    if (p === "/proc/net") return { ok: true, value: ["arp", "dev", "route", "tcp", "udp"] };
    if (p.startsWith("/proc/sys")) {
      const prefix = p === "/proc/sys" ? "" : p.slice("/proc/sys/".length) + "/";
      for (const k of ctx.ns.sysctl.paths()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split("/")[0]);
      return { ok: true, value: [...names].sort() };
    }
    for (const d of DIRS) if (d.startsWith(p === "/" ? "/" : p + "/") && d !== p) names.add(d.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
    for (const k of ctx.machine.files.keys()) if (k.startsWith(p === "/" ? "/" : p + "/")) names.add(k.slice(p === "/" ? 1 : p.length + 1).split("/")[0]);
    return { ok: true, value: [...names].filter(Boolean).sort() };
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
        s += " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n";
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
