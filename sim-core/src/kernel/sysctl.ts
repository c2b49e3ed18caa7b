/**
 * Per-network-namespace sysctls (/proc/sys/net/...), seeded from a real fresh namespace's
 * `sysctl -a`. Keys are kept in /proc path form ("net/ipv4/conf/flannel.1/forwarding") so that
 * device names containing dots stay unambiguous; `sysctl` prints them with dots and slashes
 * swapped as procps does. Device entries (conf/<dev>, neigh/<dev>) appear when a device is
 * registered and go away with it, copied from the `default` entries as devinet/addrconf do.
 */
import { SYSCTL_DEFAULTS } from "./sysctl-defaults";

interface Template {
  /** path with "%" for the device name */
  path: string;
  value: string;
}

let parsed: { global: [string, string][]; dev: Template[]; loOnly: Map<string, string> } | undefined;

function defaults() {
  if (parsed) return parsed;
  const global: [string, string][] = [];
  const dev: Template[] = [];
  const loOnly = new Map<string, string>();
  const byPath = new Map<string, string>();
  for (const line of SYSCTL_DEFAULTS.split("\n")) {
    const eq = line.indexOf(" = ");
    if (eq < 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 3);
    const path = key.replace(/\./g, "/");
    byPath.set(path, value);
  }
  for (const [path, value] of byPath) {
    const m = /^net\/(ipv4|ipv6)\/(conf|neigh)\/lo\/(.+)$/.exec(path);
    if (m) {
      const [, fam, kind, leaf] = m;
      // A new device copies `default` for conf entries; neigh entries equal lo's (the table defaults).
      const dflt = kind === "conf" ? byPath.get(`net/${fam}/conf/default/${leaf}`) : undefined;
      dev.push({ path: `net/${fam}/${kind}/%/${leaf}`, value: dflt ?? value });
      loOnly.set(path, value);
      continue;
    }
    global.push([path, value]);
  }
  parsed = { global, dev, loOnly };
  return parsed;
}

/** Every sysctl a device gets, keyed by path with "%" for the device name. */
export function deviceSysctlTemplates(): readonly Template[] {
  return defaults().dev;
}

export class Sysctls {
  private values = new Map<string, string>();

  constructor() {
    for (const [k, v] of defaults().global) this.values.set(k, v);
  }

  /** A new device's entries: conf/* copied from the namespace's current conf/default (devinet_copy_dflt). */
  addDevice(name: string, only?: RegExp): void {
    const d = defaults();
    for (const t of d.dev) {
      if (only && !only.test(t.path)) continue;
      const path = t.path.replace("%", name);
      if (name === "lo" && d.loOnly.has(path)) {
        this.values.set(path, d.loOnly.get(path)!);
        continue;
      }
      const m = /^net\/(ipv4|ipv6)\/conf\/%\/(.+)$/.exec(t.path);
      const current = m ? this.values.get(`net/${m[1]}/conf/default/${m[2]}`) : undefined;
      this.values.set(path, current ?? t.value);
    }
  }

  removeDevice(name: string, only?: RegExp): void {
    for (const t of defaults().dev)
      if (!only || only.test(t.path)) this.values.delete(t.path.replace("%", name));
  }

  renameDevice(from: string, to: string): void {
    for (const t of defaults().dev) {
      const a = t.path.replace("%", from);
      const v = this.values.get(a);
      this.values.delete(a);
      if (v !== undefined) this.values.set(t.path.replace("%", to), v);
    }
  }

  has(path: string): boolean {
    return this.values.has(path);
  }

  get(path: string): string | undefined {
    return this.values.get(path);
  }

  int(path: string, fallback = 0): number {
    const v = this.values.get(path);
    if (v === undefined) return fallback;
    const n = parseInt(v, 10);
    return Number.isNaN(n) ? fallback : n;
  }

  /** Raw store (validation and side effects live in Netns.writeSysctl). */
  setRaw(path: string, value: string): void {
    this.values.set(path, value);
  }

  /** All paths, in the order procfs lists them (each directory's entries sorted by name). */
  paths(): string[] {
    return [...this.values.keys()].sort(comparePaths);
  }
}

function comparePaths(a: string, b: string): number {
  const pa = a.split("/");
  const pb = b.split("/");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) {
      // a directory and a file at the same level: procfs sorts by name only
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return pa.length - pb.length;
}

/** procps' display form of a path: "/" → ".", "." inside a component → "/". */
export function sysctlDisplayName(path: string): string {
  return path
    .split("/")
    .map((c) => c.replace(/\./g, "/"))
    .join(".");
}

/** The inverse of sysctlDisplayName (also accepts the slash form `net/ipv4/ip_forward`). */
export function sysctlPathOf(name: string): string {
  if (name.includes("/") && !name.includes(".")) return name.replace(/^\/+/, "");
  if (name.startsWith("/")) return name.replace(/^\/+/, "");
  return name
    .split(".")
    .map((c) => c.replace(/\//g, "."))
    .join("/");
}
