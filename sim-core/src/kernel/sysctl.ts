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

interface Defaults {
  global: [string, string][];
  globalMap: Map<string, string>;
  dev: Template[];
  /** template path ("net/ipv4/conf/%/x") → its default */
  devMap: Map<string, string>;
  loOnly: Map<string, string>;
}

let parsed: Defaults | undefined;

function defaults(): Defaults {
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
  parsed = {
    global,
    globalMap: new Map(global),
    dev,
    devMap: new Map(dev.map((t) => [t.path, t.value])),
    loOnly,
  };
  return parsed;
}

/** Every sysctl a device gets, keyed by path with "%" for the device name. */
export function deviceSysctlTemplates(): readonly Template[] {
  return defaults().dev;
}

/** A device's directories: the conf/default values it copied at creation, and what it lacks. */
interface DevSysctls {
  /** template path → value copied from conf/default when the device appeared (only where it differed) */
  copied: ReadonlyMap<string, string>;
  /** template paths the device does not have (IPv6 gone below 1280 bytes of MTU) */
  removed?: RegExp;
}

const DEVICE_PATH = /^net\/(ipv4|ipv6)\/(conf|neigh)\/([^/]+)\/(.+)$/;
const EMPTY: ReadonlyMap<string, string> = new Map();

/**
 * The sysctls of one network namespace. Only what differs from a fresh namespace is stored (a
 * namespace with a thousand devices costs a map entry per device, not 150 strings each): reads
 * fall back to the value copied from conf/default when the device appeared, then to the kernel's
 * defaults.
 */
export class Sysctls {
  /** Values written in this namespace, by path. */
  private over = new Map<string, string>();
  private devs = new Map<string, DevSysctls>();
  /** The conf/default values that differ from the defaults, by template path; a new object per change. */
  private dfltCopy: ReadonlyMap<string, string> = EMPTY;
  /** Bumped by every change: lets a hot path cache a value it derives from sysctls. */
  version = 0;

  /** A new device's entries: conf/* copied from the namespace's current conf/default (devinet_copy_dflt). */
  addDevice(name: string, only?: RegExp): void {
    this.version++;
    this.structure++;
    const cur = this.devs.get(name);
    if (cur && only) {
      // the directories matching `only` come back, copied from conf/default again
      for (const k of [...this.over.keys()])
        if (this.devicePathOf(k)?.name === name && only.test(this.devicePathOf(k)!.template))
          this.over.delete(k);
      const copied = new Map(cur.copied);
      for (const [t, v] of this.dfltCopy) if (only.test(t)) copied.set(t, v);
      this.devs.set(name, { copied, removed: undefined });
      return;
    }
    this.devs.set(name, { copied: this.dfltCopy });
    if (only) {
      const all = defaults()
        .dev.map((t) => t.path)
        .filter((t) => !only.test(t));
      if (all.length)
        this.devs.set(name, {
          copied: this.dfltCopy,
          removed: new RegExp(`^(${all.map(escapeRe).join("|")})$`),
        });
    }
  }

  removeDevice(name: string, only?: RegExp): void {
    this.version++;
    this.structure++;
    for (const k of [...this.over.keys()]) {
      const d = this.devicePathOf(k);
      if (d && d.name === name && (!only || only.test(d.template))) this.over.delete(k);
    }
    if (!only) this.devs.delete(name);
    else {
      const e = this.devs.get(name);
      if (e) this.devs.set(name, { copied: e.copied, removed: only });
    }
  }

  renameDevice(from: string, to: string): void {
    this.version++;
    this.structure++;
    const e = this.devs.get(from);
    if (!e) return;
    this.devs.delete(from);
    this.devs.set(to, e);
    for (const [k, v] of [...this.over]) {
      const d = this.devicePathOf(k);
      if (d && d.name === from) {
        this.over.delete(k);
        this.over.set(d.template.replace("%", to), v);
      }
    }
  }

  /** A per-device path split into its device and template, if it is one of a known device. */
  private devicePathOf(path: string): { name: string; template: string } | undefined {
    const m = DEVICE_PATH.exec(path);
    if (!m || m[3] === "all" || m[3] === "default") return undefined;
    return { name: m[3], template: `net/${m[1]}/${m[2]}/%/${m[4]}` };
  }

  /** The stored value of a path, or undefined when the namespace has no such entry. */
  private lookup(path: string): string | undefined {
    const o = this.over.get(path);
    if (o !== undefined) return o;
    const d = defaults();
    const g = d.globalMap.get(path);
    if (g !== undefined) return g;
    const dp = this.devicePathOf(path);
    if (!dp) return undefined;
    const e = this.devs.get(dp.name);
    if (!e || (e.removed && e.removed.test(dp.template))) return undefined;
    if (dp.name === "lo") {
      const lo = d.loOnly.get(path);
      if (lo !== undefined) return lo;
    }
    return e.copied.get(dp.template) ?? d.devMap.get(dp.template);
  }

  has(path: string): boolean {
    return this.lookup(path) !== undefined || this.lookup(aliasOf(path)?.of ?? "") !== undefined;
  }

  get(path: string): string | undefined {
    const a = aliasOf(path);
    if (a && this.lookup(path) === undefined) {
      const ms = this.lookup(a.of);
      return ms === undefined ? undefined : String(Math.trunc(parseInt(ms, 10) / a.factor));
    }
    return this.lookup(path);
  }

  int(path: string, fallback = 0): number {
    const v = this.lookup(path);
    if (v === undefined) return fallback;
    const n = parseInt(v, 10);
    return Number.isNaN(n) ? fallback : n;
  }

  /** Raw store (validation and side effects live in Netns.writeSysctl). */
  setRaw(path: string, value: string): void {
    this.version++;
    const a = aliasOf(path);
    if (a && this.lookup(path) === undefined && this.lookup(a.of) !== undefined) {
      this.over.set(a.of, String(parseInt(value, 10) * a.factor));
      return;
    }
    this.over.set(path, value);
    const m = /^net\/(ipv4|ipv6)\/conf\/default\/(.+)$/.exec(path);
    if (m) {
      // what devices created from now on copy
      const t = `net/${m[1]}/conf/%/${m[2]}`;
      const next = new Map(this.dfltCopy);
      if (defaults().devMap.get(t) === value) next.delete(t);
      else next.set(t, value);
      this.dfltCopy = next;
    }
  }

  /**
   * All paths, in the order procfs lists them (each directory's entries sorted by name). Kept until
   * a device comes or goes: `ls /proc/sys/…` asks for every entry it stats, and a sort of
   * thousands of paths per stat made one listing take half a second.
   */
  paths(): readonly string[] {
    if (this.pathsCache?.structure !== this.structure)
      this.pathsCache = { structure: this.structure, paths: Object.freeze(this.buildPaths()) };
    return this.pathsCache.paths;
  }

  private pathsCache?: { structure: number; paths: readonly string[] };

  /**
   * The entries of a directory of the tree ("" is /proc/sys itself, "net/ipv4" …), in paths()
   * order; undefined when `dir` is not a directory. Kept with paths(): `ls` stats every entry it
   * lists, and a scan of every path per stat made `ls /proc/sys/net/ipv4/conf` take 25 ms.
   */
  entries(dir: string): readonly string[] | undefined {
    const paths = this.paths();
    if (this.dirsCache?.paths !== paths) {
      const dirs = new Map<string, Set<string>>();
      for (const p of paths) {
        let at = 0;
        let parent = "";
        for (;;) {
          const slash = p.indexOf("/", at);
          const name = slash < 0 ? p.slice(at) : p.slice(at, slash);
          let set = dirs.get(parent);
          if (!set) dirs.set(parent, (set = new Set()));
          set.add(name);
          if (slash < 0) break;
          parent = p.slice(0, slash);
          at = slash + 1;
        }
      }
      this.dirsCache = { paths, dirs: new Map([...dirs].map(([k, v]) => [k, [...v]])) };
    }
    return this.dirsCache.dirs.get(dir);
  }

  private dirsCache?: { paths: readonly string[]; dirs: Map<string, readonly string[]> };
  /** Bumped when the set of paths changes (devices added, removed, renamed). */
  private structure = 0;

  private buildPaths(): string[] {
    const d = defaults();
    const out: string[] = d.global.map(([k]) => k);
    for (const [name, e] of this.devs) {
      for (const t of d.dev) {
        if (e.removed && e.removed.test(t.path)) continue;
        out.push(t.path.replace("%", name));
      }
    }
    return out.sort(comparePaths);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The neighbour tables' older names for two times (neigh_sysctl_template): base_reachable_time in
 * seconds and retrans_time in USER_HZ ticks are views of the _ms entries. procps' `sysctl -a`
 * does not list them.
 */
function aliasOf(path: string): { of: string; factor: number } | undefined {
  const m = /^(net\/ipv[46]\/neigh\/[^/]+\/)(base_reachable_time|retrans_time)$/.exec(path);
  if (!m) return undefined;
  return m[2] === "base_reachable_time"
    ? { of: `${m[1]}base_reachable_time_ms`, factor: 1000 }
    : { of: `${m[1]}retrans_time_ms`, factor: 10 };
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

// ---- what a write accepts (the proc handlers of net/ipv4/sysctl_net_ipv4.c, devinet.c,
// neighbour.c, br_netfilter_hooks.c, net/core/sysctl_net_core.c), as probed on the real kernel
// (test/labs/sysctl-ranges.sh) ----

/** How the kernel's handler parses and checks a value. */
export type SysctlRule =
  /** proc_dointvec(_minmax): 32-bit ints, optionally bounded. */
  | { kind: "int"; min?: number; max?: number }
  /** proc_dou8vec_minmax: 0..255 unless bounded tighter. */
  | { kind: "u8"; min?: number; max?: number }
  /** br_netfilter's brnf_sysctl_call_tables: any int, stored as 0 or 1. */
  | { kind: "bool" }
  /** ipv4_local_port_range: two ints in 1..65535, low ≤ high, low ≥ ip_unprivileged_port_start. */
  | { kind: "portrange" }
  /** ipv4_privileged_ports: 0..65535 and not above the local port range's low end. */
  | { kind: "unprivport" }
  /** ipv4_ping_group_range: two gids (unsigned). */
  | { kind: "gidrange" }
  /** neigh_proc_dointvec_ms_jiffies: non-negative milliseconds, in jiffies (HZ=250: multiples of 4). */
  | { kind: "ms_jiffies" };

const RULES: [RegExp, SysctlRule][] = [
  [/^net\/ipv4\/ip_default_ttl$/, { kind: "int", min: 1, max: 255 }],
  [/^net\/ipv4\/icmp_echo_ignore_(all|broadcasts)$/, { kind: "u8", min: 0, max: 1 }],
  [/^net\/ipv4\/icmp_ignore_bogus_error_responses$/, { kind: "u8", min: 0, max: 1 }],
  [
    /^net\/ipv4\/(ip_nonlocal_bind|tcp_syncookies|fwmark_reflect|ip_forward_use_pmtu|ip_no_pmtu_disc|tcp_timestamps|tcp_sack|tcp_window_scaling|tcp_ecn|ip_autobind_reuse|ip_dynaddr|tcp_fwmark_accept|udp_l3mdev_accept|tcp_l3mdev_accept|raw_l3mdev_accept)$/,
    { kind: "u8" },
  ],
  [/^net\/ipv4\/ip_local_port_range$/, { kind: "portrange" }],
  [/^net\/ipv4\/ip_unprivileged_port_start$/, { kind: "unprivport" }],
  [/^net\/ipv4\/ping_group_range$/, { kind: "gidrange" }],
  [
    /^net\/bridge\/bridge-nf-(call-(arptables|iptables|ip6tables)|filter-vlan-tagged|filter-pppoe-tagged|pass-vlan-input-dev)$/,
    { kind: "bool" },
  ],
  [
    /^net\/ipv[46]\/neigh\/[^/]+\/(ucast_solicit|mcast_solicit|mcast_resolicit|app_solicit|proxy_qlen|unres_qlen|unres_qlen_bytes)$/,
    { kind: "int", min: 0 },
  ],
  [/^net\/ipv[46]\/neigh\/[^/]+\/(base_reachable_time_ms|retrans_time_ms)$/, { kind: "ms_jiffies" }],
  [/^net\/core\/somaxconn$/, { kind: "int", min: 0 }],
  [/^net\/ipv4\/route\/min_pmtu$/, { kind: "int", min: 68 }],
];

/** The rule for a sysctl path (plain proc_dointvec when the kernel checks nothing more). */
export function sysctlRule(path: string): SysctlRule | undefined {
  for (const [re, r] of RULES) if (re.test(path)) return r;
  return undefined;
}

/**
 * proc_get_long: after optional blanks, an optional `-` and a number in C syntax (0x… hex,
 * 0… octal, decimal; no `+`), ending at a blank or the end. Returns the numbers read (at most
 * `count`; what follows them is ignored), or undefined for EINVAL.
 */
export function parseProcInts(text: string, count: number): number[] | undefined {
  const out: number[] = [];
  let i = 0;
  const blank = (c: string | undefined) =>
    c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\v" || c === "\f";
  while (out.length < count) {
    while (blank(text[i])) i++;
    if (i >= text.length) break;
    let neg = false;
    if (text[i] === "-") {
      neg = true;
      i++;
    }
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    if (i < text.length && !blank(text[i])) return undefined;
    const v = /^0[xX]/.test(m[0])
      ? parseInt(m[0].slice(2), 16)
      : m[0].length > 1 && m[0][0] === "0"
        ? parseInt(m[0], 8)
        : parseInt(m[0], 10);
    out.push(neg ? -v : v);
  }
  return out.length ? out : undefined;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * What a write of `raw` to the sysctl at `path` stores (the value as reading it back shows it),
 * or undefined when the kernel answers EINVAL. `old` is the current value; `get` reads others.
 */
export function sysctlWriteValue(
  path: string,
  raw: string,
  old: string,
  get: (path: string) => string | undefined,
): string | undefined {
  const isVector = /\s/.test(old.trim());
  const numeric = /^-?\d+$/.test(old.trim()) || (isVector && /^[-\d\s]+$/.test(old));
  if (!numeric) return raw.trim();
  const rule = sysctlRule(path);
  const width = isVector ? old.trim().split(/\s+/).length : 1;
  const nums = parseProcInts(raw, width);
  if (!nums) return undefined;
  const inRange = (v: number, min = INT_MIN, max = INT_MAX) => v >= min && v <= max;
  if (!nums.every((v) => inRange(v))) {
    if (rule?.kind !== "gidrange") return undefined;
  }
  const cur = old.trim().split(/\s+/).map(Number);
  switch (rule?.kind) {
    case undefined:
      break;
    case "int":
      if (!nums.every((v) => inRange(v, rule.min, rule.max))) return undefined;
      break;
    case "u8":
      if (!nums.every((v) => inRange(v, rule.min ?? 0, rule.max ?? 255))) return undefined;
      break;
    case "bool":
      return nums[0] ? "1" : "0";
    case "portrange": {
      const low = nums[0];
      const high = nums[1] ?? cur[1];
      const prot = parseInt(get("net/ipv4/ip_unprivileged_port_start") ?? "1024", 10);
      if (!inRange(low, 1, 65535) || !inRange(high, 1, 65535) || high < low || low < prot) return undefined;
      return `${low}\t${high}`;
    }
    case "unprivport": {
      const low = parseInt((get("net/ipv4/ip_local_port_range") ?? "32768").split(/\s+/)[0], 10);
      if (!inRange(nums[0], 0, 65535) || nums[0] > low) return undefined;
      break;
    }
    case "gidrange": {
      if (!nums.every((v) => inRange(v, 0, 4294967295))) return undefined;
      return `${nums[0]}\t${nums[1] ?? cur[1]}`;
    }
    case "ms_jiffies":
      if (nums[0] < 0) return undefined;
      return String(Math.ceil(nums[0] / 4) * 4);
  }
  if (!isVector) return String(nums[0]);
  return cur.map((c, k) => nums[k] ?? c).join("\t");
}
