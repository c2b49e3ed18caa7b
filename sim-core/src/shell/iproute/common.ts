/**
 * Shared pieces of iproute2 (lib/utils.c, lib/rt_names.c, lib/ll_addr.c): prefix matching of
 * keywords (`matches`), the argument cursor with NEXT_ARG semantics, the error exits
 * (invarg, duparg, incomplete_command …) with their exact texts and exit statuses, address and
 * prefix parsing as get_addr_1/get_prefix_1 do it (strtoul base 0: "10/8", "010.1.1.1" is
 * octal), and the tables of scope/protocol/table/group names.
 */
import type { Ip4 } from "../../util/brand";
import { ip4FromOctets, ip6 } from "../../wire/addr";
import { ExitStatus, type ExecCtx } from "../types";
import { Out } from "./print";
import type { Netns } from "../../kernel/netns";
import type { NetDevice } from "../../kernel/device";
import { STRERROR, type KernelError } from "../../kernel/types";

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_PACKET = 17;
export const AF_BRIDGE = 7;
export const AF_MPLS = 28;

export interface IpOpts {
  family: number;
  stats: number;
  details: number;
  resolve: boolean;
  oneline: boolean;
  brief: boolean;
  json: boolean;
  pretty: boolean;
  color: boolean;
  numeric: boolean;
  all: boolean;
  force: boolean;
  human: boolean;
  timestamp: boolean;
  echo: boolean;
}

/** What one `ip`/`bridge` invocation works with. */
export class IpCtx {
  out: Out;
  constructor(
    public ctx: ExecCtx,
    public opts: IpOpts,
    private readonly sinks: { out(s: string): void; err(s: string): void },
  ) {
    this.out = new Out({
      json: opts.json,
      pretty: opts.pretty,
      color: opts.color && !opts.json,
      oneline: opts.oneline,
    });
  }

  /** fflush(stdout): stdout is a pipe, so it reaches the reader only when flushed (stderr is not buffered). */
  flush(): void {
    if (this.out.text) {
      this.sinks.out(this.out.text);
      this.out.text = "";
    }
  }

  get ns(): Netns {
    return this.ctx.ns;
  }

  err(s: string): void {
    this.sinks.err(s);
  }

  /** exit(status) from the middle of a C function. */
  exit(code: number): never {
    throw new ExitStatus(code & 0xff);
  }

  dev(name: string): NetDevice | undefined {
    return this.ns.byName(name);
  }

  /** ll_name_to_index: a name, or "ifN" for an index. */
  nameToIndex(name: string): number {
    const d = this.ns.byName(name);
    if (d) return d.ifindex;
    const m = /^if(\d+)$/.exec(name);
    if (m && this.ns.byIndex(Number(m[1]))) return Number(m[1]);
    return 0;
  }

  /** ll_index_to_name: the name, or "ifN" when the index is unknown here. */
  indexToName(i: number): string {
    return this.ns.byIndex(i)?.name ?? `if${i}`;
  }

  // ---- errors (lib/utils.c) ----

  invarg(msg: string, arg: string): never {
    this.err(`Error: argument "${arg}" is wrong: ${msg}\n`);
    this.exit(-1);
  }

  duparg(key: string, arg: string): never {
    this.err(`Error: duplicate "${key}": "${arg}" is the second value.\n`);
    this.exit(-1);
  }

  duparg2(key: string, arg: string): never {
    this.err(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
    this.exit(-1);
  }

  missarg(key: string): never {
    this.err(`Error: argument "${key}" is required\n`);
    this.exit(-1);
  }

  incomplete(): never {
    this.err('Command line is not complete. Try option "help"\n');
    this.exit(-1);
  }

  nodev(dev: string): number {
    this.err(`Cannot find device "${dev}"\n`);
    return -1;
  }

  /** rtnl_talk's error report: the extended ack if the kernel gave one, else strerror. */
  rtnlError(e: KernelError): void {
    if (e.extack) {
      const msg = e.extack;
      this.err(`Error: ${msg}${msg.endsWith(".") ? "" : "."}\n`);
    } else this.err(`RTNETLINK answers: ${STRERROR[e.errno] ?? `Unknown error ${e.errno}`}\n`);
  }
}

/** An argv cursor with NEXT_ARG / PREV_ARG as in the C code. */
export class Args {
  i = 0;
  constructor(
    readonly argv: string[],
    private readonly ip: IpCtx,
  ) {}
  get argc(): number {
    return this.argv.length - this.i;
  }
  get cur(): string {
    return this.argv[this.i];
  }
  /** NEXT_ARG(): advance, or "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.argv.length) this.ip.incomplete();
    return this.argv[this.i];
  }
  /** NEXT_ARG_OK() */
  nextOk(): boolean {
    return this.i + 1 < this.argv.length;
  }
  advance(): void {
    this.i++;
  }
  rest(): string[] {
    return this.argv.slice(this.i);
  }
}

/** iproute2's matches(): true when `prefix` is a non-empty prefix of `word`. */
export function matches(prefix: string, word: string): boolean {
  return prefix.length > 0 && word.startsWith(prefix);
}

/** strtoul(s, &end, 0) prefix: returns [value, consumed chars]. */
export function strtoul0(s: string): [number, number] {
  let i = 0;
  while (s[i] === " " || s[i] === "\t") i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  let base = 10;
  if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && /[0-9a-fA-F]/.test(s[i + 2] ?? "")) {
    base = 16;
    i += 2;
  } else if (s[i] === "0") base = 8;
  const start = i;
  let v = 0;
  for (; i < s.length; i++) {
    const d = parseInt(s[i], base);
    if (Number.isNaN(d)) break;
    v = v * base + d;
  }
  if (i === start) return [0, 0];
  return [neg ? -v : v, i];
}

/** get_unsigned(val, arg, 0) */
export function getUnsigned(arg: string | undefined, base = 0): number | undefined {
  if (!arg) return undefined;
  if (base === 0) {
    const [v, n] = strtoul0(arg);
    if (n !== arg.length || n === 0) return undefined;
    if (v < 0) return v >>> 0 <= 0xffffffff ? v >>> 0 : undefined;
    return v <= 0xffffffff ? v : undefined;
  }
  if (!/^\s*[+-]?\d+$/.test(arg)) return undefined;
  const v = parseInt(arg, base);
  return v >= 0 && v <= 0xffffffff ? v : undefined;
}

/** get_integer(val, arg, 0) */
export function getInteger(arg: string | undefined): number | undefined {
  if (!arg) return undefined;
  const [v, n] = strtoul0(arg);
  if (n !== arg.length || n === 0) return undefined;
  if (v > 2147483647 || v < -2147483648) return undefined;
  return v;
}

/** An inet_prefix. */
export interface InetPrefix {
  family: number;
  /** IPv4 address (AF_INET). */
  v4: Ip4;
  v6?: Uint8Array;
  /** -1 unspecified; -2 "default"/"any". */
  bitlen: number;
  bytelen: number;
  prefixSpecified: boolean;
  isDefault: boolean;
}

function addrIpv4(s: string): Ip4 | undefined {
  const parts: number[] = [];
  let cp = s;
  for (let i = 0; i < 4; i++) {
    const [n, used] = strtoul0(cp);
    // strtoul: blanks and a sign may come first ("-0" is 0, "-1" is ULONG_MAX: too big)
    if (used === 0) return undefined;
    if (n > 255 || n < 0) return undefined;
    parts.push(n);
    const rest = cp.slice(used);
    if (rest === "") break;
    if (i === 3 || rest[0] !== ".") return undefined;
    cp = rest.slice(1);
  }
  while (parts.length < 4) parts.push(0);
  return ip4FromOctets(parts[0], parts[1], parts[2], parts[3]);
}

/** get_addr_1 */
export function getAddr1(name: string, family: number): InetPrefix | undefined {
  const base: InetPrefix = {
    family,
    v4: 0 as Ip4,
    bitlen: -1,
    bytelen: 0,
    prefixSpecified: false,
    isDefault: false,
  };
  if (name === "default")
    return {
      ...base,
      bytelen: family === AF_INET6 ? 16 : 4,
      bitlen: -2,
      prefixSpecified: true,
      isDefault: true,
    };
  if (name === "all" || name === "any") return { ...base, bitlen: -2, isDefault: true };
  if (name.includes(":")) {
    if (family !== AF_UNSPEC && family !== AF_INET6) return undefined;
    const a = ip6(name);
    if (!a) return undefined;
    return { ...base, family: AF_INET6, v6: a, bytelen: 16 };
  }
  if (family !== AF_UNSPEC && family !== AF_INET) return undefined;
  const a = addrIpv4(name);
  if (a === undefined) return undefined;
  return { ...base, family: AF_INET, v4: a, bytelen: 4 };
}

/** get_prefix_1 */
export function getPrefix1(arg: string, family: number): InetPrefix | undefined {
  const slash = arg.indexOf("/");
  const addr = getAddr1(slash >= 0 ? arg.slice(0, slash) : arg, family);
  if (!addr) return undefined;
  const bitlen = addr.family === AF_INET6 ? 128 : addr.family === AF_INET ? 32 : 0;
  if (slash >= 0) {
    if (addr.bitlen === -2) return undefined;
    const p = arg.slice(slash + 1);
    let plen = getUnsigned(p);
    if (plen === undefined) {
      // a dotted netmask
      const m = getAddr1(p, AF_INET);
      if (m && m.family === AF_INET) {
        const host = ~m.v4 >>> 0;
        if ((host & (host + 1)) === 0) {
          let bits = 0;
          for (let x = m.v4 >>> 0; x; x = (x << 1) >>> 0) bits++;
          plen = bits;
        }
      }
    }
    if (plen === undefined || plen > bitlen) return undefined;
    return { ...addr, bitlen: plen, prefixSpecified: true };
  }
  return { ...addr, bitlen: addr.bitlen === -2 ? 0 : bitlen };
}

function familyNameVerbose(f: number): string {
  return f === AF_UNSPEC ? "any valid" : familyName(f);
}

export function familyName(f: number): string {
  switch (f) {
    case AF_INET:
      return "inet";
    case AF_INET6:
      return "inet6";
    case AF_PACKET:
      return "link";
    case AF_BRIDGE:
      return "bridge";
    case AF_MPLS:
      return "mpls";
    default:
      return "???";
  }
}

/** get_addr: exits with "Error: inet address is expected rather than …". */
export function getAddr(ip: IpCtx, arg: string, family: number): InetPrefix {
  const a = getAddr1(arg, family);
  if (!a) {
    ip.err(`Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".\n`);
    ip.exit(1);
  }
  return a;
}

export function getPrefix(ip: IpCtx, arg: string, family: number): InetPrefix {
  if (family === AF_PACKET) {
    ip.err(`Error: "${arg}" may be inet prefix, but it is not allowed in this context.\n`);
    ip.exit(1);
  }
  const p = getPrefix1(arg, family);
  if (!p) {
    ip.err(`Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".\n`);
    ip.exit(1);
  }
  return p;
}

/** ll_addr_a2n: a MAC (hex bytes separated by ':'), or a dotted IPv4. Returns bytes or undefined after printing the error. */
export function llAddrA2n(ip: IpCtx, arg: string): number[] | undefined {
  if (arg.includes(".")) {
    const a = getAddr1(arg, AF_INET);
    if (!a) {
      ip.err(`"${arg}" is invalid lladdr.\n`);
      return undefined;
    }
    return [a.v4 >>> 24, (a.v4 >>> 16) & 0xff, (a.v4 >>> 8) & 0xff, a.v4 & 0xff];
  }
  const out: number[] = [];
  const parts = arg.split(":");
  for (let i = 0; i < parts.length && i < 32; i++) {
    const m = /^\s*(?:0[xX])?([0-9a-fA-F]+)/.exec(parts[i]);
    if (!m) {
      ip.err(`"${parts[i]}" is invalid lladdr.\n`);
      return undefined;
    }
    const v = parseInt(m[1], 16);
    if (v < 0 || v > 255) {
      ip.err(`"${parts[i]}" is invalid lladdr.\n`);
      return undefined;
    }
    out.push(v);
  }
  return out;
}

export function macString(bytes: number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

// ---- rt_names.c tables ----

const SCOPES: [number, string][] = [
  [0, "global"],
  [255, "nowhere"],
  [254, "host"],
  [253, "link"],
  [200, "site"],
];

export function rtScopeN2a(s: number): string {
  const e = SCOPES.find(([n]) => n === s);
  return e ? e[1] : String(s);
}

export function rtScopeA2n(a: string): number | undefined {
  const e = SCOPES.find(([, n]) => n === a);
  if (e) return e[0];
  const v = getUnsigned(a);
  return v !== undefined && v <= 255 ? v : undefined;
}

const PROTOS: Record<number, string> = {
  0: "unspec",
  1: "redirect",
  2: "kernel",
  3: "boot",
  4: "static",
  8: "gated",
  9: "ra",
  10: "mrt",
  11: "zebra",
  12: "bird",
  13: "dnrouted",
  14: "xorp",
  15: "ntk",
  16: "dhcp",
  18: "keepalived",
  42: "babel",
  99: "openr",
  186: "bgp",
  187: "isis",
  188: "ospf",
  189: "rip",
  192: "eigrp",
};

export function rtProtN2a(p: number): string {
  return PROTOS[p] ?? String(p);
}

export function rtProtA2n(a: string): number | undefined {
  for (const [k, v] of Object.entries(PROTOS)) if (v === a) return Number(k);
  const v = getUnsigned(a);
  return v !== undefined && v <= 255 ? v : undefined;
}

const TABLES: Record<number, string> = { 255: "local", 254: "main", 253: "default", 0: "unspec" };

export function rtTableN2a(t: number): string {
  return TABLES[t] ?? String(t);
}

export function rtTableA2n(a: string): number | undefined {
  for (const [k, v] of Object.entries(TABLES)) if (v === a) return Number(k);
  if (a === "all") return 0;
  const v = getUnsigned(a);
  return v;
}

export function groupN2a(g: number): string {
  return g === 0 ? "default" : String(g);
}

export function groupA2n(a: string): number | undefined {
  if (a === "default") return 0;
  return getInteger(a);
}

/** check_ifname (mimics the kernel's dev_valid_name): not empty, < 16 bytes, no '/', no whitespace. */
export function checkIfname(name: string): boolean {
  return name.length > 0 && utf8Length(name) < 16 && !/[\s/]/.test(name);
}

/** check_altifname: the characters only (the kernel's policy limits the length). */
export function checkAltifname(name: string): boolean {
  return name.length > 0 && !/[\s/]/.test(name);
}

/** format_host without -r: the numeric address. */
export function ip4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 0xff}.${(a >>> 8) & 0xff}.${a & 0xff}`;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
