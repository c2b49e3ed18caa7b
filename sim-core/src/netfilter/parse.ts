/**
 * iptables 1.8.9's command-line parser (xshared.c do_parse, getopt_long with implicit loading
 * of the protocol match, the libxt_* extensions' x6_parse/x6_fcheck), producing normalised
 * rules as the kernel stores them. Every message and exit status is the real tool's.
 */
import type { Ip4 } from "../util/brand";
import { protocolNumber, servicePort } from "./services";
import { IPTABLES_HELP, MATCH_HELP, TARGET_HELP } from "./help";
import {
  CHAIN_PROTOS,
  CT_STATE_NAMES,
  CT_STATUS_NAMES,
  ICMP_ALIASES,
  ICMP_CODES,
  TCP_FLAG_NAMES,
} from "./render";
import type { AddrSpec, IfaceSpec, Match, NatRange, PortRange, RejectWith, Rule, Target } from "./types";
import { ADDR_TYPE_NAMES, LogFlag } from "./types";
import { parseDottedQuad, parseIp4Strict, prefixToMask } from "./util";

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * xtables exit codes: OTHER_PROBLEM 1 ("iptables: …"), PARAMETER_PROBLEM 2 (with the
 * "Try `iptables -h'" line), VERSION_PROBLEM 3, RESOURCE_PROBLEM 4 (the kernel said no).
 */
export const ErrKind = {
  OTHER: "other",
  PARAM: "param",
  /** a PARAMETER_PROBLEM printed without the program/version prefix ("Bad argument `x'") */
  PARAM_BARE: "param-bare",
  VERSION: "version",
  RESOURCE: "resource",
  /** a message printed as-is (exit 1) */
  PLAIN: "plain",
} as const;
export type ErrKind = (typeof ErrKind)[keyof typeof ErrKind];

export class IptError extends Error {
  constructor(
    readonly kind: ErrKind,
    readonly text: string,
    /** printed before the error line itself (e.g. "--reject-with echo-reply no longer supported") */
    readonly preface = "",
  ) {
    super(text);
  }
  get exitCode(): number {
    switch (this.kind) {
      case "other":
      case "plain":
        return 1;
      case "param":
      case "param-bare":
        return 2;
      case "version":
        return 3;
      case "resource":
        return 4;
    }
  }
}

export const param = (msg: string, preface = ""): IptError => new IptError("param", msg, preface);
export const other = (msg: string): IptError => new IptError("other", msg);

export const VERSION = "v1.8.9 (nf_tables)";

/** How the iptables binary prints an error (stderr text). */
export function formatError(e: IptError, prog = "iptables"): string {
  switch (e.kind) {
    case "param":
      return `${e.preface}${prog} ${VERSION}: ${e.text}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`;
    case "param-bare":
      return `${e.preface}${e.text}\nTry \`${prog} -h' or '${prog} --help' for more information.\n`;
    case "version":
      return `${prog} ${VERSION}: ${e.text}\nPerhaps iptables or your kernel needs to be upgraded.\n`;
    case "resource":
      return `${prog} ${VERSION}: ${e.text}\n`;
    case "other":
      return `${prog}: ${e.text}\n`;
    case "plain":
      return e.text;
  }
}

// ---------------------------------------------------------------------------------------------
// Commands

export const Cmd = {
  NONE: 0,
  INSERT: 1 << 0,
  DELETE: 1 << 1,
  DELETE_NUM: 1 << 2,
  REPLACE: 1 << 3,
  APPEND: 1 << 4,
  LIST: 1 << 5,
  FLUSH: 1 << 6,
  ZERO: 1 << 7,
  NEW_CHAIN: 1 << 8,
  DELETE_CHAIN: 1 << 9,
  SET_POLICY: 1 << 10,
  RENAME_CHAIN: 1 << 11,
  LIST_RULES: 1 << 12,
  ZERO_NUM: 1 << 13,
  CHECK: 1 << 14,
  VERSION: 1 << 15,
  HELP: 1 << 16,
} as const;

const CMD_CHARS: ReadonlyArray<readonly [number, string]> = [
  [Cmd.INSERT, "I"],
  [Cmd.DELETE, "D"],
  [Cmd.DELETE_NUM, "D"],
  [Cmd.REPLACE, "R"],
  [Cmd.APPEND, "A"],
  [Cmd.LIST, "L"],
  [Cmd.FLUSH, "F"],
  [Cmd.ZERO, "Z"],
  [Cmd.NEW_CHAIN, "N"],
  [Cmd.DELETE_CHAIN, "X"],
  [Cmd.SET_POLICY, "P"],
  [Cmd.RENAME_CHAIN, "E"],
  [Cmd.LIST_RULES, "S"],
  [Cmd.ZERO_NUM, "Z"],
  [Cmd.CHECK, "C"],
];
function cmdChar(c: number): string {
  for (const [b, ch] of CMD_CHARS) if (c & b) return ch;
  return "?";
}

/** main option bits, in commands_v_options column order */
const Opt = {
  NUMERIC: 1 << 0,
  SOURCE: 1 << 1,
  DESTINATION: 1 << 2,
  PROTOCOL: 1 << 3,
  JUMP: 1 << 4,
  VERBOSE: 1 << 5,
  EXPANDED: 1 << 6,
  VIANAMEIN: 1 << 7,
  VIANAMEOUT: 1 << 8,
  LINENUMBERS: 1 << 9,
  COUNTERS: 1 << 10,
  FRAGMENT: 1 << 11,
} as const;
const OPT_CHARS = ["n", "s", "d", "p", "j", "v", "x", "i", "o", "0", "c", "f"];

/** commands_v_options: 'x' = illegal with that command; columns n s d p j v x i o 0 c f */
const CMD_V_OPTS: ReadonlyArray<readonly [number, string]> = [
  [Cmd.INSERT, "x.....x..x.."],
  [Cmd.DELETE, "x.....x..xx."],
  [Cmd.DELETE_NUM, "xxxxx.xxxxxx"],
  [Cmd.REPLACE, "x.....x..x.."],
  [Cmd.APPEND, "x.....x..x.."],
  [Cmd.LIST, ".xxxx..xx.xx"],
  [Cmd.FLUSH, "xxxxx.xxxxxx"],
  [Cmd.ZERO, "xxxxx.xxxxxx"],
  [Cmd.ZERO_NUM, "xxxxx.xxxxxx"],
  [Cmd.NEW_CHAIN, "xxxxx.xxxxxx"],
  [Cmd.DELETE_CHAIN, "xxxxx.xxxxxx"],
  [Cmd.SET_POLICY, "xxxxx.xxxx.x"],
  [Cmd.RENAME_CHAIN, "xxxxx.xxxxxx"],
  [Cmd.LIST_RULES, "xxxxx.xxxxxx"],
  [Cmd.CHECK, "x.....x..xx."],
];

/** generic_opt_check: an option is legal if any of the given commands allows it */
function optionIllegal(command: number, optIndex: number): boolean {
  let legal = 0;
  for (const [c, row] of CMD_V_OPTS) {
    if (!(command & c)) continue;
    if (row[optIndex] !== "x") legal = 1;
    else if (legal === 0) legal = -1;
  }
  return legal === -1;
}

export interface ParsedCommand {
  command: number;
  table: string;
  chain: string | null;
  newName: string | null;
  policy: string | null;
  /** 1-based */
  rulenum: number;
  numeric: boolean;
  verbose: number;
  exact: boolean;
  lineNumbers: boolean;
  /** -c PKTS BYTES */
  counters: { pkts: number; bytes: number } | null;
  /** the rules the spec expands to (several when -s/-d name several hosts) */
  rules: Rule[];
  /** the name given to -j/-g, when it is a chain (not a target extension) */
  jumpChain: string | null;
  jumpIsGoto: boolean;
  /** -h / -V end the parse where they stand (getopt order) with this text on stdout. */
  early?: string;
}

/** -h and -V print and exit(0) as soon as getopt reaches them: what came before still counts. */
class EarlyExit {
  constructor(readonly text: string) {}
}

export interface ParseEnv {
  resolveHost?(name: string): Ip4[];
}

// ---------------------------------------------------------------------------------------------
// Extensions: options and parsers

interface OptDef {
  name: string;
  arg: boolean;
  /** canonical option key passed to the parser */
  key: string;
}

function opts(list: Array<[string, boolean, string?]>): OptDef[] {
  return list.map(([name, arg, key]) => ({ name, arg, key: key ?? name }));
}

const MAIN_LONG: OptDef[] = opts([
  ["append", true, "A"],
  ["delete", true, "D"],
  ["check", true, "C"],
  ["insert", true, "I"],
  ["replace", true, "R"],
  ["list", false, "L"],
  ["list-rules", false, "S"],
  ["flush", false, "F"],
  ["zero", false, "Z"],
  ["new-chain", true, "N"],
  ["delete-chain", false, "X"],
  ["rename-chain", true, "E"],
  ["policy", true, "P"],
  ["source", true, "s"],
  ["destination", true, "d"],
  ["src", true, "s"],
  ["dst", true, "d"],
  ["protocol", true, "p"],
  ["in-interface", true, "i"],
  ["jump", true, "j"],
  ["table", true, "t"],
  ["match", true, "m"],
  ["numeric", false, "n"],
  ["out-interface", true, "o"],
  ["verbose", false, "v"],
  ["wait", false, "w"],
  ["wait-interval", false, "W"],
  ["exact", false, "x"],
  ["fragments", false, "f"],
  ["version", false, "V"],
  ["help", false, "h"],
  ["line-numbers", false, "0"],
  ["modprobe", true, "M"],
  ["set-counters", true, "c"],
  ["goto", true, "g"],
  ["ipv4", false, "4"],
  ["ipv6", false, "6"],
]);

/** short options: letter -> takes argument ("req" / "opt" / "none") */
const SHORT: Record<string, "req" | "opt" | "none"> = {
  A: "req",
  C: "req",
  D: "req",
  R: "req",
  I: "req",
  L: "opt",
  S: "opt",
  M: "req",
  F: "opt",
  Z: "opt",
  N: "req",
  X: "opt",
  E: "req",
  P: "req",
  V: "none",
  h: "opt",
  o: "req",
  p: "req",
  s: "req",
  d: "req",
  j: "req",
  i: "req",
  f: "none",
  b: "none",
  v: "none",
  w: "opt",
  W: "opt",
  n: "none",
  t: "req",
  m: "req",
  x: "none",
  c: "req",
  g: "req",
  "4": "none",
  "6": "none",
};

const MATCH_OPTS: Record<string, OptDef[]> = {
  tcp: opts([
    ["source-port", true, "sport"],
    ["sport", true, "sport"],
    ["destination-port", true, "dport"],
    ["dport", true, "dport"],
    ["syn", false, "syn"],
    ["tcp-flags", true, "tcp-flags"],
    ["tcp-option", true, "tcp-option"],
  ]),
  udp: opts([
    ["source-port", true, "sport"],
    ["sport", true, "sport"],
    ["destination-port", true, "dport"],
    ["dport", true, "dport"],
  ]),
  icmp: opts([["icmp-type", true]]),
  comment: opts([["comment", true]]),
  addrtype: opts([
    ["src-type", true],
    ["dst-type", true],
    ["limit-iface-in", false],
    ["limit-iface-out", false],
  ]),
  conntrack: opts([
    ["ctstate", true],
    ["ctproto", true],
    ["ctorigsrc", true],
    ["ctorigdst", true],
    ["ctreplsrc", true],
    ["ctrepldst", true],
    ["ctorigsrcport", true],
    ["ctorigdstport", true],
    ["ctreplsrcport", true],
    ["ctrepldstport", true],
    ["ctstatus", true],
    ["ctdir", true],
  ]),
  state: opts([["state", true]]),
  multiport: opts([
    ["source-ports", true, "sports"],
    ["sports", true, "sports"],
    ["destination-ports", true, "dports"],
    ["dports", true, "dports"],
    ["ports", true, "ports"],
  ]),
  mark: opts([["mark", true]]),
  physdev: opts([
    ["physdev-in", true],
    ["physdev-out", true],
    ["physdev-is-in", false],
    ["physdev-is-out", false],
    ["physdev-is-bridged", false],
  ]),
};

const TARGET_OPTS: Record<string, OptDef[]> = {
  ACCEPT: [],
  DROP: [],
  RETURN: [],
  TRACE: [],
  NOTRACK: [],
  CT: opts([["notrack", false]]),
  REJECT: opts([["reject-with", true]]),
  LOG: opts([
    ["log-level", true],
    ["log-prefix", true],
    ["log-tcp-sequence", false],
    ["log-tcp-options", false],
    ["log-ip-options", false],
    ["log-uid", false],
    ["log-macdecode", false],
  ]),
  MASQUERADE: opts([
    ["to-ports", true],
    ["random", false],
    ["random-fully", false],
  ]),
  SNAT: opts([
    ["to-source", true],
    ["random", false],
    ["random-fully", false],
    ["persistent", false],
  ]),
  DNAT: opts([
    ["to-destination", true],
    ["random", false],
    ["random-fully", false],
    ["persistent", false],
  ]),
  REDIRECT: opts([
    ["to-ports", true],
    ["random", false],
  ]),
  MARK: opts([
    ["set-mark", true],
    ["set-xmark", true],
    ["and-mark", true],
    ["or-mark", true],
    ["xor-mark", true],
  ]),
};

/** Every target an iptables user can name: a chain may not be called like one. */
export const KNOWN_TARGETS = new Set([
  ...Object.keys(TARGET_OPTS),
  "QUEUE",
  "NFQUEUE",
  "CONNMARK",
  "TCPMSS",
  "CLASSIFY",
  "CHECKSUM",
  "DSCP",
  "TOS",
  "TTL",
  "NETMAP",
  "SET",
  "AUDIT",
  "NFLOG",
  "TEE",
  "TPROXY",
  "IDLETIMER",
  "LED",
  "SECMARK",
  "CONNSECMARK",
  "SYNPROXY",
  "HMARK",
  "CLUSTERIP",
  "ECN",
  "RATEEST",
  "ULOG",
  "MIRROR",
  "SAME",
]);

// ---------------------------------------------------------------------------------------------
// Value parsers

function parsePort(s: string, proto: string | null): number {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    if (n <= 65535) return n;
  } else {
    const p = servicePort(s, proto);
    if (p !== undefined) return p;
  }
  throw param(`invalid port/service \`${s}' specified`);
}

/**
 * xtables_getportbyname: getaddrinfo(NULL, name): a number is glibc's `(int) strtoul(name, &end,
 * 10)` (blanks and a sign before it; a negative int is not a number) truncated to 16 bits, so
 * 70000 is 4464 and 4294967296 is 0; anything else is a service name; -1 when nothing matches.
 */
function portByName(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (!m) return servicePort(s, null) ?? -1;
  const ULONG_MAX = (1n << 64n) - 1n;
  let v = BigInt(m[2]);
  if (v > ULONG_MAX) v = ULONG_MAX;
  else if (m[1] === "-") v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  const asInt = BigInt.asIntN(32, v);
  return asInt < 0n ? -1 : Number(asInt & 0xffffn);
}

/**
 * xtopt_parse_mport (the udp match's --sport/--dport): up to two ":"-separated ports, each
 * resolved by xtables_getportbyname, an empty one leaving 0 or 65535; no order check (3:1 is a
 * range nothing falls in).
 */
function parseMportRange(s: string, _proto: string | null, inv: boolean, opt: string): PortRange {
  const parts = s.split(":");
  if (parts.length > 2) throw param(`udp: Too many components for option "--${opt}" (max: 2)\n`);
  const r = [0, 65535];
  parts.forEach((p, i) => {
    if (p === "") return;
    const v = portByName(p);
    if (v < 0) throw param(`Port "${p}" does not resolve to anything.\n`);
    r[i] = v;
  });
  if (parts.length === 1) r[1] = r[0];
  return { min: r[0], max: r[1], inv };
}

/** xtables_parse_port_range / the tcp/udp --sport syntax: "a", "a:b", ":b", "a:" */
function parsePortRange(s: string, proto: string | null, inv: boolean, _opt?: string): PortRange {
  const i = s.indexOf(":");
  if (i < 0) {
    const p = parsePort(s, proto);
    return { min: p, max: p, inv };
  }
  const a = s.slice(0, i);
  const b = s.slice(i + 1);
  const min = a === "" ? 0 : parsePort(a, proto);
  const max = b === "" ? 65535 : parsePort(b, proto);
  if (min > max) throw param("invalid portrange (min > max)");
  return { min, max, inv };
}

/** xtables_ipparse_multiple: a comma-separated list of address[/mask]; one rule per entry. */
function parseAddrList(s: string, env: ParseEnv): Array<{ addr: number; mask: number }> {
  const out: Array<{ addr: number; mask: number }> = [];
  for (const part of s.split(",")) {
    const { addrs, mask } = parseAddrMask(part, env);
    for (const a of addrs) out.push({ addr: a, mask });
  }
  return out;
}

function parseAddrMask(s: string, env: ParseEnv): { addrs: number[]; mask: number } {
  const slash = s.indexOf("/");
  const hostPart = slash < 0 ? s : s.slice(0, slash);
  let mask = 0xffffffff;
  if (slash >= 0) {
    const m = s.slice(slash + 1);
    if (m.includes(".")) {
      const v = parseDottedQuad(m);
      if (v === null) throw param(`host/network \`${m}' not found`);
      mask = v;
    } else {
      if (!/^[0-9]+$/.test(m) || Number(m) > 32) throw param(`invalid mask \`${m}' specified`);
      mask = prefixToMask(Number(m));
    }
  }
  const numeric = parseDottedQuad(hostPart);
  let addrs: number[];
  if (numeric !== null) addrs = [numeric];
  else {
    const r = env.resolveHost?.(hostPart) ?? [];
    if (r.length === 0) throw param(`host/network \`${hostPart}' not found`);
    addrs = r.map((x) => x as number);
  }
  // duplicates after masking collapse
  const seen = new Set<number>();
  const out: number[] = [];
  for (const a of addrs) {
    const v = (a & mask) >>> 0;
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return { addrs: out, mask: mask >>> 0 };
}

export function parseProtocol(s: string): number {
  const l = s.toLowerCase();
  if (/^[0-9]+$/.test(l)) {
    const n = Number(l);
    if (n <= 255) return n;
    throw param(`unknown protocol "${s}" specified`);
  }
  if (l === "all") return 0;
  const fromFile = protocolNumber(l);
  if (fromFile !== undefined) return fromFile;
  for (const [n, v] of CHAIN_PROTOS) if (n === l) return v;
  throw param(`unknown protocol "${s}" specified`);
}

function parseIface(s: string): string {
  if (s.length >= 16) throw param(`interface name \`${s}' must be shorter than IFNAMSIZ (15)`);
  return s;
}

function parseTcpFlags(s: string): number {
  let v = 0;
  for (const f of s.split(",")) {
    const u = f.toUpperCase();
    if (u === "ALL") v |= 0x3f;
    else if (u === "NONE") continue;
    else {
      const e = TCP_FLAG_NAMES.find(([n]) => n === u);
      if (!e) throw param(`Unknown TCP flag \`${f}'`);
      v |= e[1];
    }
  }
  return v;
}

function parseIcmpType(s: string): { type: number; codeMin: number; codeMax: number } {
  const alias = ICMP_ALIASES.find(([a]) => a === s);
  const name = alias ? alias[1] : s;
  const named = ICMP_CODES.filter(([n]) => n.startsWith(name));
  const exact = named.find(([n]) => n === name);
  if (exact || named.length === 1) {
    const e = exact ?? named[0];
    return { type: e[1], codeMin: e[2], codeMax: e[3] };
  }
  if (named.length > 1) throw param(`Ambiguous ICMP type \`${s}': \`${named[0][0]}' or \`${named[1][0]}'?`);
  const m = /^([0-9]+)(?:\/([0-9]+))?$/.exec(s);
  if (!m || Number(m[1]) > 255 || (m[2] !== undefined && Number(m[2]) > 255)) {
    throw param(`Unknown ICMP type \`${s}'`);
  }
  const type = Number(m[1]);
  if (m[2] !== undefined) return { type, codeMin: Number(m[2]), codeMax: Number(m[2]) };
  return { type, codeMin: 0, codeMax: 0xff };
}

function parseStateList(s: string, what: "state" | "ctstate"): number {
  let mask = 0;
  for (const w of s.split(",")) {
    const e = CT_STATE_NAMES.find(([n]) => n === w.toUpperCase());
    if (!e || (what === "state" && (e[0] === "SNAT" || e[0] === "DNAT"))) throw param(`Bad ${what} "${w}"`);
    mask |= e[1];
  }
  return mask;
}

function parseU32(s: string): number | null {
  let n: number;
  if (/^0x[0-9a-f]+$/i.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[0-7]*$/.test(s)) n = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) n = Number(s);
  else return null;
  if (!Number.isFinite(n) || n > 0xffffffff) return null;
  return n >>> 0;
}

/** value[/mask] as xtables' markmask parser reads it */
function parseMarkMask(s: string, ext: string, opt: string): { value: number; mask: number } {
  const bad = () => param(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
  const i = s.indexOf("/");
  const v = parseU32(i < 0 ? s : s.slice(0, i));
  if (v === null) throw bad();
  if (i < 0) return { value: v, mask: 0xffffffff };
  const m = parseU32(s.slice(i + 1));
  if (m === null) throw bad();
  return { value: v, mask: m };
}

function parseNatRange(s: string, protoHasPorts: boolean): NatRange {
  const r: NatRange = { minAddr: null, maxAddr: null, minPort: null, maxPort: null };
  const colon = s.indexOf(":");
  const addrPart = colon < 0 ? s : s.slice(0, colon);
  if (colon >= 0) {
    if (!protoHasPorts) throw param("Need TCP, UDP, SCTP or DCCP with port specification");
    const ports = s.slice(colon + 1);
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(ports);
    if (!m || Number(m[1]) > 65535 || (m[2] !== undefined && Number(m[2]) > 65535)) {
      throw param(`Port \`${ports}' not valid`);
    }
    r.minPort = Number(m[1]);
    r.maxPort = m[2] !== undefined ? Number(m[2]) : r.minPort;
    if (r.maxPort < r.minPort) throw param(`Port range \`${ports}' invalid\n`);
  }
  if (addrPart !== "") {
    const dash = addrPart.indexOf("-");
    const a = parseIp4Strict(dash < 0 ? addrPart : addrPart.slice(0, dash));
    if (a === null) throw param(`Bad IP address "${dash < 0 ? addrPart : addrPart.slice(0, dash)}"`);
    r.minAddr = a;
    r.maxAddr = a;
    if (dash >= 0) {
      const b = parseIp4Strict(addrPart.slice(dash + 1));
      if (b === null) throw param(`Bad IP address "${addrPart.slice(dash + 1)}"`);
      r.maxAddr = b;
    }
  }
  return r;
}

function parsePortsDash(s: string): { min: number; max: number } {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(s);
  if (!m || Number(m[1]) > 65535 || (m[2] !== undefined && Number(m[2]) > 65535)) {
    throw param(`Port \`${s}' not valid\n`);
  }
  const min = Number(m[1]);
  const max = m[2] !== undefined ? Number(m[2]) : min;
  if (max < min) throw param(`Port range \`${s}' invalid\n`);
  return { min, max };
}

const LOG_LEVEL_NAMES: Record<string, number> = {
  alert: 1,
  crit: 2,
  debug: 7,
  emerg: 0,
  error: 3,
  info: 6,
  notice: 5,
  panic: 0,
  warning: 4,
};

/** libxt_REJECT's reject_table: names and aliases, matched case-insensitively by prefix */
const REJECT_TABLE: ReadonlyArray<readonly [string, string, RejectWith]> = [
  ["icmp-net-unreachable", "net-unreach", "icmp-net-unreachable"],
  ["icmp-host-unreachable", "host-unreach", "icmp-host-unreachable"],
  ["icmp-proto-unreachable", "proto-unreach", "icmp-proto-unreachable"],
  ["icmp-port-unreachable", "port-unreach", "icmp-port-unreachable"],
  ["icmp-net-prohibited", "net-prohib", "icmp-net-prohibited"],
  ["icmp-host-prohibited", "host-prohib", "icmp-host-prohibited"],
  ["tcp-reset", "tcp-rst", "tcp-reset"],
  ["icmp-admin-prohibited", "admin-prohib", "icmp-admin-prohibited"],
];

function parseRejectWith(arg: string): RejectWith | null {
  const a = arg.toLowerCase();
  for (const [name, alias, v] of REJECT_TABLE) if (name.startsWith(a) || alias.startsWith(a)) return v;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The parser

interface State {
  rule: Rule;
  /** string forms of -s / -d, resolved at the end (hostnames may expand) */
  srcText: string | null;
  srcInv: boolean;
  dstText: string | null;
  dstInv: boolean;
  /** protocol name as given (for service lookups and implicit match loading) */
  protoName: string | null;
  /** matches loaded in this command, with their option tables */
  loaded: Array<{ name: string; match: Match; seen: Set<string>; completed: boolean }>;
  targetName: string | null;
  targetSeen: Set<string>;
  protoUsed: boolean;
}

function newRule(): Rule {
  return {
    src: null,
    dst: null,
    inIface: null,
    outIface: null,
    proto: 0,
    protoInv: false,
    frag: null,
    matches: [],
    target: { kind: "none" },
    counters: { pkts: 0, bytes: 0 },
  };
}

function emptyMatch(name: string): Match {
  switch (name) {
    case "tcp":
      return { kind: "tcp", sport: null, dport: null, flags: null, option: null };
    case "udp":
      return { kind: "udp", sport: null, dport: null };
    case "icmp":
      return { kind: "icmp", type: 0xff, codeMin: 0, codeMax: 0xff, inv: false };
    case "comment":
      return { kind: "comment", text: "" };
    case "addrtype":
      return {
        kind: "addrtype",
        src: 0,
        srcInv: false,
        dst: 0,
        dstInv: false,
        limitIn: false,
        limitOut: false,
      };
    case "conntrack":
      return {
        kind: "conntrack",
        state: null,
        proto: null,
        origSrc: null,
        origDst: null,
        replSrc: null,
        replDst: null,
        origSrcPort: null,
        origDstPort: null,
        replSrcPort: null,
        replDstPort: null,
        status: null,
        dir: null,
      };
    case "state":
      return { kind: "state", mask: 0, inv: false };
    case "multiport":
      return { kind: "multiport", dir: "ports", ports: [], inv: false };
    case "mark":
      return { kind: "mark", value: 0, mask: 0xffffffff, inv: false };
    case "physdev":
      return { kind: "physdev", physIn: null, physOut: null, isIn: null, isOut: null, isBridged: null };
  }
  throw param(`Couldn't load match \`${name}':No such file or directory\n`);
}

function emptyTarget(name: string): Target {
  switch (name) {
    case "ACCEPT":
    case "DROP":
    case "RETURN":
    case "TRACE":
      return { kind: name };
    case "NOTRACK":
      return { kind: "NOTRACK", form: "NOTRACK" };
    case "CT":
      return { kind: "NOTRACK", form: "CT" };
    case "REJECT":
      return { kind: "REJECT", with: "icmp-port-unreachable" };
    case "LOG":
      return { kind: "LOG", level: 4, prefix: "", flags: 0 };
    case "MASQUERADE":
      return { kind: "MASQUERADE", minPort: null, maxPort: null, random: false, randomFully: false };
    case "SNAT":
    case "DNAT":
      return {
        kind: name,
        range: { minAddr: null, maxAddr: null, minPort: null, maxPort: null },
        random: false,
        randomFully: false,
        persistent: false,
      };
    case "REDIRECT":
      return { kind: "REDIRECT", minPort: null, maxPort: null, random: false };
    case "MARK":
      return { kind: "MARK", value: 0, mask: 0 };
  }
  throw new Error("unknown target " + name);
}

function l4name(st: State): string | null {
  return st.protoName;
}

function parseMatchOption(
  st: State,
  m: Match,
  key: string,
  arg: string,
  inv: boolean,
  seen: Set<string>,
): void {
  switch (m.kind) {
    case "tcp":
    case "udp": {
      const pn = m.kind;
      // libxt_udp parses with the option framework (XTTYPE_PORTRC), libxt_tcp with its own code
      const range = m.kind === "udp" ? parseMportRange : parsePortRange;
      if (key === "sport") m.sport = range(arg, pn, inv, "source-port");
      else if (key === "dport") m.dport = range(arg, pn, inv, "destination-port");
      else if (m.kind === "tcp" && key === "syn") {
        if (m.flags) throw param("Only one of `--syn' or `--tcp-flags'  allowed");
        m.flags = { mask: 0x17, cmp: 0x02, inv };
      } else if (m.kind === "tcp" && key === "tcp-flags") {
        throw new Error("tcp-flags handled by caller");
      } else if (m.kind === "tcp" && key === "tcp-option") {
        const n = /^[0-9]+$/.test(arg) ? Number(arg) : NaN;
        if (!(n >= 1 && n <= 255)) throw param(`Bad TCP option value \`${arg}'`);
        m.option = { num: n, inv };
      }
      return;
    }
    case "icmp": {
      const t = parseIcmpType(arg);
      m.type = t.type;
      m.codeMin = t.codeMin;
      m.codeMax = t.codeMax;
      m.inv = inv;
      return;
    }
    case "comment":
      m.text = arg;
      return;
    case "addrtype": {
      if (key === "src-type" || key === "dst-type") {
        let mask = 0;
        for (const w of arg.split(",")) {
          const i = ADDR_TYPE_NAMES.findIndex((n) => n === w.toUpperCase());
          if (i < 0) throw param(`addrtype: bad type "${w}"`);
          mask |= 1 << i;
        }
        if (key === "src-type") {
          m.src = mask;
          m.srcInv = inv;
        } else {
          m.dst = mask;
          m.dstInv = inv;
        }
      } else if (key === "limit-iface-in" || key === "limit-iface-out") {
        const otherKey = key === "limit-iface-in" ? "limit-iface-out" : "limit-iface-in";
        if (seen.has(otherKey)) {
          throw param(
            `addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".\n`,
          );
        }
        if (key === "limit-iface-in") m.limitIn = true;
        else m.limitOut = true;
      }
      return;
    }
    case "conntrack": {
      switch (key) {
        case "ctstate":
          m.state = { mask: parseStateList(arg, "ctstate"), inv };
          return;
        case "ctproto":
          m.proto = { num: parseProtocol(arg), inv };
          return;
        case "ctorigsrc":
        case "ctorigdst":
        case "ctreplsrc":
        case "ctrepldst": {
          const { addrs, mask } = parseAddrMask(arg, {});
          const spec: AddrSpec = { addr: addrs[0], mask, inv };
          if (key === "ctorigsrc") m.origSrc = spec;
          else if (key === "ctorigdst") m.origDst = spec;
          else if (key === "ctreplsrc") m.replSrc = spec;
          else m.replDst = spec;
          return;
        }
        case "ctorigsrcport":
        case "ctorigdstport":
        case "ctreplsrcport":
        case "ctrepldstport": {
          const r = parsePortRange(arg, null, inv);
          if (key === "ctorigsrcport") m.origSrcPort = r;
          else if (key === "ctorigdstport") m.origDstPort = r;
          else if (key === "ctreplsrcport") m.replSrcPort = r;
          else m.replDstPort = r;
          return;
        }
        case "ctstatus": {
          let mask = 0;
          for (const w of arg.split(",")) {
            const u = w.toUpperCase();
            if (u === "NONE") continue;
            const e = CT_STATUS_NAMES.find(([n]) => n === u);
            if (!e) throw param(`Bad ctstatus "${w}"`);
            mask |= e[1];
          }
          m.status = { mask, inv };
          return;
        }
        case "ctdir": {
          const u = arg.toUpperCase();
          if (u !== "ORIGINAL" && u !== "REPLY") throw param(`Bad ctdir value "${arg}"`);
          m.dir = { reply: u === "REPLY", inv };
          return;
        }
      }
      return;
    }
    case "state":
      m.mask = parseStateList(arg, "state");
      m.inv = inv;
      return;
    case "multiport": {
      const pn = l4name(st);
      if (
        st.rule.protoInv ||
        (st.rule.proto !== 6 &&
          st.rule.proto !== 17 &&
          st.rule.proto !== 132 &&
          st.rule.proto !== 33 &&
          st.rule.proto !== 136)
      ) {
        throw param("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      }
      const ports: PortRange[] = [];
      let count = 0;
      for (const p of arg.split(",")) {
        const c = p.indexOf(":");
        if (c >= 0) {
          const a = parsePort(p.slice(0, c), pn);
          const b = parsePort(p.slice(c + 1), pn);
          if (a > b) throw param("invalid portrange specified");
          ports.push({ min: a, max: b, inv: false });
          count += 2;
        } else {
          const a = parsePort(p, pn);
          ports.push({ min: a, max: a, inv: false });
          count += 1;
        }
        if (count > 15) throw param("too many ports specified");
      }
      m.dir = key as "sports" | "dports" | "ports";
      m.ports = ports;
      m.inv = inv;
      return;
    }
    case "mark": {
      const v = parseMarkMask(arg, "mark", "mark");
      m.value = (v.value & v.mask) >>> 0;
      m.mask = v.mask;
      m.inv = inv;
      return;
    }
    case "physdev": {
      switch (key) {
        case "physdev-in":
          m.physIn = { name: parseIface(arg), inv };
          return;
        case "physdev-out":
          m.physOut = { name: parseIface(arg), inv };
          return;
        case "physdev-is-in":
          m.isIn = { inv };
          return;
        case "physdev-is-out":
          m.isOut = { inv };
          return;
        case "physdev-is-bridged":
          m.isBridged = { inv };
          return;
      }
    }
  }
}

function protoHasPorts(st: State): boolean {
  const p = st.rule.proto;
  return !st.rule.protoInv && (p === 6 || p === 17 || p === 132 || p === 33);
}

function parseTargetOption(st: State, t: Target, key: string, arg: string): void {
  switch (t.kind) {
    case "REJECT": {
      const w = parseRejectWith(arg);
      if (!w) {
        const preface = arg === "echo-reply" ? "--reject-with echo-reply no longer supported\n" : "";
        throw param(`unknown reject type "${arg}"`, preface);
      }
      t.with = w;
      return;
    }
    case "LOG": {
      switch (key) {
        case "log-level": {
          let lvl: number | undefined;
          if (/^[0-7]$/.test(arg)) lvl = Number(arg);
          else lvl = LOG_LEVEL_NAMES[arg];
          if (lvl === undefined) throw param(`log level "${arg}" unknown\n`);
          t.level = lvl;
          return;
        }
        case "log-prefix":
          if (arg.length === 0) throw param("Argument must have a minimum length of 1 characters\n");
          t.prefix = arg.slice(0, 29);
          return;
        case "log-tcp-sequence":
          t.flags |= LogFlag.TCPSEQ;
          return;
        case "log-tcp-options":
          t.flags |= LogFlag.TCPOPT;
          return;
        case "log-ip-options":
          t.flags |= LogFlag.IPOPT;
          return;
        case "log-uid":
          t.flags |= LogFlag.UID;
          return;
        case "log-macdecode":
          t.flags |= LogFlag.MACDECODE;
          return;
      }
      return;
    }
    case "MASQUERADE":
    case "REDIRECT": {
      if (key === "to-ports") {
        if (!protoHasPorts(st)) throw param("Need TCP, UDP, SCTP or DCCP with port specification");
        const r = parsePortsDash(arg);
        t.minPort = r.min;
        t.maxPort = r.max;
      } else if (key === "random") t.random = true;
      else if (key === "random-fully" && t.kind === "MASQUERADE") t.randomFully = true;
      return;
    }
    case "SNAT":
    case "DNAT": {
      if (key === "to-source" || key === "to-destination") {
        if (t.range.minAddr !== null || t.range.minPort !== null) {
          throw param(`${t.kind}: Multiple --${key} not supported`);
        }
        t.range = parseNatRange(arg, protoHasPorts(st));
      } else if (key === "random") t.random = true;
      else if (key === "random-fully") t.randomFully = true;
      else if (key === "persistent") t.persistent = true;
      return;
    }
    case "MARK": {
      const v = parseMarkMask(arg, "MARK", key);
      switch (key) {
        case "set-xmark":
          t.value = v.value;
          t.mask = v.mask;
          return;
        case "set-mark":
          t.value = v.value;
          t.mask = v.mask === 0xffffffff ? 0xffffffff : (v.mask | v.value) >>> 0;
          return;
        case "and-mark":
          t.value = 0;
          t.mask = ~v.value >>> 0;
          return;
        case "or-mark":
          t.value = v.value;
          t.mask = v.value;
          return;
        case "xor-mark":
          t.value = v.value;
          t.mask = 0;
          return;
      }
      return;
    }
    default:
      return;
  }
}

function finalCheckMatch(m: Match): void {
  switch (m.kind) {
    case "addrtype":
      if (!m.src && !m.dst) throw param("addrtype: you must specify --src-type or --dst-type");
      return;
    case "multiport":
      if (m.ports.length === 0) throw param("multiport expects an option");
      return;
    default:
      return;
  }
}

/**
 * iptables-nft (add_nft_tcp / add_nft_udp) turns the ports of a tcp or udp match into payload
 * expressions, none for a full range 0:65535 whatever its "!", and reads the rule back from them:
 * such a range is gone, and a match left with nothing is gone too (`-p udp ! --dport :` lists as
 * `-p udp`). A match with nothing from the start ("all zero") or with a TCP option stays the xt
 * match itself (tcp_save skips a full range, tcp_print shows an inverted one). False: drop it.
 */
function nftPortMatch(m: Match): boolean {
  if (m.kind !== "tcp" && m.kind !== "udp") return true;
  if (m.kind === "tcp" && m.option) return true;
  const full = (r: PortRange | null) => !r || (r.min === 0 && r.max === 65535);
  const inverted = !!(m.sport?.inv || m.dport?.inv);
  if (full(m.sport)) m.sport = null;
  if (full(m.dport)) m.dport = null;
  if (m.kind === "tcp" && (m.flags || m.option)) return true;
  return !(inverted && !m.sport && !m.dport);
}

function finalCheckTarget(t: Target, seen: Set<string>): void {
  if ((t.kind === "DNAT" || t.kind === "SNAT") && t.range.minAddr === null && t.range.minPort === null) {
    throw param(
      `${t.kind}: option "--to-${t.kind === "SNAT" ? "source" : "destination"}" must be specified\n`,
    );
  }
  if (t.kind === "MARK" && seen.size === 0) {
    throw param("MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required");
  }
}

/** getopt_long's long-option lookup: exact name, else a unique prefix */
/** lookupLong's answers by option tables and name (100,000 rules look the same few names up). */
const longCache = new Map<string, OptDef | null | "ambiguous">();
const tableIds = new WeakMap<OptDef[], number>();

function lookupLong(name: string, tables: OptDef[][]): OptDef | null | "ambiguous" {
  let key = name;
  for (const t of tables) {
    let id = tableIds.get(t);
    if (id === undefined) tableIds.set(t, (id = nextTableId++));
    key += "\0" + id;
  }
  let r = longCache.get(key);
  if (r === undefined) {
    r = lookupLongUncached(name, tables);
    if (longCache.size < 10_000) longCache.set(key, r);
  }
  return r;
}
let nextTableId = 0;

function lookupLongUncached(name: string, tables: OptDef[][]): OptDef | null | "ambiguous" {
  const all = tables.flat();
  const exact = all.find((o) => o.name === name);
  if (exact) return exact;
  const pre = all.filter((o) => o.name.startsWith(name));
  if (pre.length === 0) return null;
  const first = pre[0];
  if (pre.every((o) => o.key === first.key && o.arg === first.arg)) return first;
  return "ambiguous";
}

/** Chains that may not be the target of -i / -o */
const NO_OUT = new Set(["PREROUTING", "INPUT"]);
const NO_IN = new Set(["POSTROUTING", "OUTPUT"]);

function checkChainName(name: string, forNew: boolean): void {
  if (name.startsWith("-")) throw param("chain name not allowed to start with `-'");
  if (forNew && KNOWN_TARGETS.has(name)) throw param("chain name may not clash with target name");
  if (/\s/.test(name)) throw param(`Invalid chain name \`${name}'`);
  if (name.length >= 29) throw param(`chain name \`${name}' too long (must be under 29 chars)`);
}

function parseRulenum(s: string): number {
  if (!/^[0-9]+$/.test(s) || Number(s) < 1 || Number(s) > 0x7fffffff)
    throw param(`Invalid rule number \`${s}'`);
  return Number(s);
}

/**
 * Parse an iptables argv (without the program name) into a command. Throws IptError with the
 * real tool's message.
 */
export function parseIptables(argv: readonly string[], env: ParseEnv = {}): ParsedCommand {
  const pc: ParsedCommand = {
    command: 0,
    table: "filter",
    chain: null,
    newName: null,
    policy: null,
    rulenum: 0,
    numeric: false,
    verbose: 0,
    exact: false,
    lineNumbers: false,
    counters: null,
    rules: [],
    jumpChain: null,
    jumpIsGoto: false,
  };
  const st: State = {
    rule: newRule(),
    srcText: null,
    srcInv: false,
    dstText: null,
    dstInv: false,
    protoName: null,
    loaded: [],
    targetName: null,
    targetSeen: new Set(),
    protoUsed: false,
  };
  let options = 0;
  let invert = false;
  let optind = 0;

  const hasArg = (): boolean =>
    optind < argv.length && !argv[optind].startsWith("-") && !argv[optind].startsWith("!");

  const addCommand = (newcmd: number, othercmds: number): void => {
    if (invert) throw param("unexpected '!' flag");
    if (pc.command & ~othercmds)
      throw param(`Cannot use -${cmdChar(newcmd)} with -${cmdChar(pc.command & ~othercmds)}`);
    pc.command |= newcmd;
  };
  const setOption = (opt: number, inv: boolean, allowInv: boolean): void => {
    if (options & opt) throw param(`multiple -${OPT_CHARS[Math.log2(opt)]} flags not allowed`);
    options |= opt;
    if (inv && !allowInv) throw param(`cannot have ! before -${OPT_CHARS[Math.log2(opt)]}`);
  };

  const loadMatch = (name: string, explicit: boolean): { name: string; match: Match; seen: Set<string> } => {
    // options after -m X belong to X: the matches loaded before are complete
    if (explicit) for (const l of st.loaded) l.completed = true;
    // tcp/udp/icmp are kept as one native match: a second -m tcp continues the first one
    if (name === "tcp" || name === "udp" || name === "icmp") {
      const ex = st.loaded.find((l) => l.name === name);
      if (ex) {
        ex.completed = false;
        return ex;
      }
    }
    const m = emptyMatch(name);
    const entry = { name, match: m, seen: new Set<string>(), completed: false };
    st.loaded.push(entry);
    st.rule.matches.push(m);
    return entry;
  };

  const handleMain = (key: string, arg: string | null, shown: string): void => {
    const inv = invert;
    switch (key) {
      case "A":
        addCommand(Cmd.APPEND, 0);
        pc.chain = arg;
        return;
      case "C":
        addCommand(Cmd.CHECK, 0);
        pc.chain = arg;
        return;
      case "D":
        addCommand(Cmd.DELETE, 0);
        pc.chain = arg;
        if (hasArg()) {
          pc.rulenum = parseRulenum(argv[optind++]);
          pc.command = Cmd.DELETE_NUM;
        }
        return;
      case "R":
        addCommand(Cmd.REPLACE, 0);
        pc.chain = arg;
        if (hasArg()) pc.rulenum = parseRulenum(argv[optind++]);
        else throw param("-R requires a rule number");
        return;
      case "I":
        addCommand(Cmd.INSERT, 0);
        pc.chain = arg;
        pc.rulenum = hasArg() ? parseRulenum(argv[optind++]) : 1;
        return;
      case "L":
        addCommand(Cmd.LIST, Cmd.ZERO | Cmd.ZERO_NUM);
        if (arg !== null) pc.chain = arg;
        else if (hasArg()) pc.chain = argv[optind++];
        if (hasArg()) pc.rulenum = parseRulenum(argv[optind++]);
        return;
      case "S":
        addCommand(Cmd.LIST_RULES, Cmd.ZERO | Cmd.ZERO_NUM);
        if (arg !== null) pc.chain = arg;
        else if (hasArg()) pc.chain = argv[optind++];
        if (hasArg()) pc.rulenum = parseRulenum(argv[optind++]);
        return;
      case "F":
        addCommand(Cmd.FLUSH, 0);
        if (arg !== null) pc.chain = arg;
        else if (hasArg()) pc.chain = argv[optind++];
        return;
      case "Z":
        addCommand(Cmd.ZERO, Cmd.LIST | Cmd.LIST_RULES);
        if (arg !== null) pc.chain = arg;
        else if (hasArg()) pc.chain = argv[optind++];
        if (hasArg()) {
          pc.rulenum = parseRulenum(argv[optind++]);
          pc.command = (pc.command & ~Cmd.ZERO) | Cmd.ZERO_NUM;
        }
        return;
      case "N":
        checkChainName(arg!, true);
        addCommand(Cmd.NEW_CHAIN, 0);
        pc.chain = arg;
        return;
      case "X":
        addCommand(Cmd.DELETE_CHAIN, 0);
        if (arg !== null) pc.chain = arg;
        else if (hasArg()) pc.chain = argv[optind++];
        return;
      case "E":
        addCommand(Cmd.RENAME_CHAIN, 0);
        pc.chain = arg;
        if (hasArg()) pc.newName = argv[optind++];
        else throw param("-E requires old-chain-name and new-chain-name");
        return;
      case "P":
        addCommand(Cmd.SET_POLICY, 0);
        pc.chain = arg;
        if (hasArg()) pc.policy = argv[optind++];
        else throw param("-P requires a chain and a policy");
        return;
      case "V":
        pc.command |= Cmd.VERSION;
        throw new EarlyExit(inv ? `Not ${VERSION.slice(1)} ;-)\n` : `iptables ${VERSION}\n`);
      case "h": {
        // xtables_printhelp: the main help, then the used targets' helps, then the loaded
        // matches' (the protocol's match when no -m was given)
        pc.command |= Cmd.HELP;
        let text = IPTABLES_HELP;
        if (st.targetName)
          text += "\n" + (TARGET_HELP[st.targetName] ?? `${st.targetName} does not take any options\n`);
        const matches = st.loaded.map((l) => l.name);
        if (!matches.length && st.protoName && st.protoName in MATCH_HELP) matches.push(st.protoName);
        for (const m of matches) text += "\n" + (MATCH_HELP[m] ?? `${m} does not take any options\n`);
        throw new EarlyExit(text);
      }
      case "s":
        setOption(Opt.SOURCE, inv, true);
        st.srcText = arg;
        st.srcInv = inv;
        return;
      case "d":
        setOption(Opt.DESTINATION, inv, true);
        st.dstText = arg;
        st.dstInv = inv;
        return;
      case "p":
        setOption(Opt.PROTOCOL, inv, true);
        // do_parse lowercases the argument in place first (its error messages show it so)
        st.protoName = arg!.toLowerCase();
        st.rule.proto = parseProtocol(st.protoName);
        st.rule.protoInv = inv;
        if (st.rule.proto === 0 && inv) throw param("rule would never match protocol");
        return;
      case "i":
        setOption(Opt.VIANAMEIN, inv, true);
        st.rule.inIface = { name: parseIface(arg!), inv };
        return;
      case "o":
        setOption(Opt.VIANAMEOUT, inv, true);
        st.rule.outIface = { name: parseIface(arg!), inv };
        return;
      case "f":
        setOption(Opt.FRAGMENT, inv, true);
        st.rule.frag = { inv };
        return;
      case "j":
      case "g": {
        if (options & Opt.JUMP) throw param(`multiple -j flags not allowed`);
        setOption(Opt.JUMP, inv, false);
        const name = arg!;
        if (key === "g") {
          pc.jumpChain = name;
          pc.jumpIsGoto = true;
          st.rule.target = { kind: "goto", chain: name };
          return;
        }
        if (name in TARGET_OPTS) {
          st.targetName = name;
          st.rule.target = emptyTarget(name);
        } else {
          pc.jumpChain = name;
          st.rule.target = { kind: "jump", chain: name };
        }
        return;
      }
      case "m": {
        if (inv) throw param("unexpected ! flag before --match");
        loadMatch(arg!, true);
        return;
      }
      case "n":
        setOption(Opt.NUMERIC, inv, false);
        pc.numeric = true;
        return;
      case "t":
        if (inv) throw param("unexpected ! flag before --table");
        pc.table = arg!;
        return;
      case "x":
        setOption(Opt.EXPANDED, inv, false);
        pc.exact = true;
        return;
      case "v":
        if (!(options & Opt.VERBOSE)) options |= Opt.VERBOSE;
        if (inv) throw param("cannot have ! before -v");
        pc.verbose++;
        return;
      case "0":
        setOption(Opt.LINENUMBERS, inv, false);
        pc.lineNumbers = true;
        return;
      case "c": {
        setOption(Opt.COUNTERS, inv, false);
        const pkts = arg!;
        if (optind >= argv.length) throw param("-c requires packet and byte counter");
        const bytes = argv[optind++];
        if (!/^[0-9]+$/.test(pkts)) throw param(`-c packet counter not numeric`);
        if (!/^[0-9]+$/.test(bytes)) throw param(`-c byte counter not numeric`);
        pc.counters = { pkts: Number(pkts), bytes: Number(bytes) };
        return;
      }
      case "w":
      case "W":
      case "M":
      case "4":
        return;
      case "6":
        throw new IptError("plain", "This is the IPv4 version of iptables.\n");
      default:
        throw param(`unknown option "${shown}"`);
    }
  };

  // option tables visible to getopt: the main ones, loaded matches', the target's
  const extTables = (): Array<{
    defs: OptDef[];
    owner: { kind: "match"; idx: number } | { kind: "target" };
  }> => {
    const out: Array<{ defs: OptDef[]; owner: { kind: "match"; idx: number } | { kind: "target" } }> = [];
    st.loaded.forEach((l, idx) => {
      if (!l.completed) out.push({ defs: MATCH_OPTS[l.name] ?? [], owner: { kind: "match", idx } });
    });
    if (st.targetName) out.push({ defs: TARGET_OPTS[st.targetName] ?? [], owner: { kind: "target" } });
    return out;
  };

  try {
    parseArgs();
  } catch (e) {
    if (!(e instanceof EarlyExit)) throw e;
    pc.early = e.text;
    return pc;
  }
  return finish();

  function parseArgs(): void {
    while (optind < argv.length) {
      const a = argv[optind++];
      if (a === "!") {
        if (invert) throw param("multiple consecutive ! not allowed");
        invert = true;
        continue;
      }
      if (a.startsWith("--") && a.length > 2) {
        const eq = a.indexOf("=");
        const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
        let inlineArg: string | null = eq < 0 ? null : a.slice(eq + 1);
        // main options first (as in the merged option table), then extensions
        const tryOnce = (): boolean => {
          const ext = extTables();
          const found = lookupLong(name, [MAIN_LONG, ...ext.map((e) => e.defs)]);
          if (found === "ambiguous") throw param(`unknown option "${a}"`);
          if (!found) return false;
          let arg: string | null = null;
          if (found.arg) {
            if (inlineArg !== null) arg = inlineArg;
            else if (optind < argv.length) arg = argv[optind++];
            else throw param(`option "${a}" requires an argument`);
          }
          if (MAIN_LONG.includes(found)) {
            handleMain(found.key, arg, a);
            invert = false;
            return true;
          }
          const owner = ext.find((e) => e.defs.includes(found))!.owner;
          if (owner.kind === "match") {
            const l = st.loaded[owner.idx];
            if (found.key === "tcp-flags") {
              if (optind >= argv.length || argv[optind].startsWith("-") || argv[optind].startsWith("!")) {
                throw param("--tcp-flags requires two args.");
              }
              if ((l.match as Extract<Match, { kind: "tcp" }>).flags)
                throw param("Only one of `--syn' or `--tcp-flags'  allowed");
              const mask = parseTcpFlags(arg!);
              const cmp = parseTcpFlags(argv[optind++]);
              (l.match as Extract<Match, { kind: "tcp" }>).flags = { mask, cmp, inv: invert };
            } else {
              parseMatchOption(st, l.match, found.key, arg ?? "", invert, l.seen);
            }
            l.seen.add(found.key);
          } else {
            parseTargetOption(st, st.rule.target, found.key, arg ?? "");
            st.targetSeen.add(found.key);
          }
          invert = false;
          inlineArg = null;
          return true;
        };
        if (tryOnce()) continue;
        // implicit loading of the protocol match (-p tcp --dport …)
        const pn = st.protoName;
        if (pn !== null && !st.rule.protoInv) {
          const protoMatch =
            st.rule.proto === 6 ? "tcp" : st.rule.proto === 17 ? "udp" : st.rule.proto === 1 ? "icmp" : null;
          if (protoMatch && !st.loaded.some((l) => l.name === protoMatch)) {
            const defs = MATCH_OPTS[protoMatch];
            if (lookupLong(name, [defs])) {
              loadMatch(protoMatch, false);
              if (tryOnce()) continue;
            }
          }
        }
        throw param(`unknown option "${a}"`);
      }
      if (a.startsWith("-") && a.length > 1) {
        // a bundle of short options
        let j = 1;
        while (j < a.length) {
          const ch = a[j++];
          const kind = SHORT[ch];
          // do_parse names argv[optind - 1]: getopt moves past a bundle only at its last byte, so an
          // unknown letter inside it (or any non-ASCII one: several bytes) names the word before
          if (kind === undefined)
            throw param(
              `unknown option "${j === a.length && ch < "\x80" ? a : optind >= 2 ? argv[optind - 2] : "iptables"}"`,
            );
          let arg: string | null = null;
          if (kind === "req") {
            if (j < a.length) arg = a.slice(j);
            else if (optind < argv.length) arg = argv[optind++];
            else throw param(`option "-${ch}" requires an argument`);
            j = a.length;
          } else if (kind === "opt") {
            if (j < a.length) {
              arg = a.slice(j);
              j = a.length;
            }
          }
          handleMain(ch, arg, "-" + ch);
          invert = false;
        }
        continue;
      }
      throw new IptError("param-bare", `Bad argument \`${a}'`);
    }
  }

  function finish(): ParsedCommand {
    // ---- after the loop (do_parse's checks)
    for (const l of st.loaded) finalCheckMatch(l.match);
    for (const l of st.loaded) {
      if (l.name === "comment" && !l.seen.has("comment"))
        throw param('comment: option "--comment" must be specified\n');
      if (l.name === "state" && !l.seen.has("state"))
        throw param('state: option "--state" must be specified\n');
      if (l.name === "mark" && !l.seen.has("mark")) throw param('mark: option "--mark" must be specified\n');
      if (l.name === "icmp" && !l.seen.has("icmp-type"))
        throw param('icmp: option "--icmp-type" must be specified\n');
      if (l.name === "conntrack" && l.seen.size === 0)
        throw param("conntrack: At least one option is required");
      if (l.name === "physdev" && l.seen.size === 0) throw param("PHYSDEV: no physdev option specified");
      if (l.name === "tcp" && (st.rule.proto !== 6 || st.rule.protoInv))
        throw param("TCP match requires '-p tcp'");
      if (l.name === "udp" && (st.rule.proto !== 17 || st.rule.protoInv))
        throw param("UDP match requires '-p udp'");
    }
    finalCheckTarget(st.rule.target, st.targetSeen);
    st.rule.matches = st.rule.matches.filter(nftPortMatch);

    if (pc.command === 0) throw param("no command specified");
    if (pc.command & (Cmd.VERSION | Cmd.HELP)) return pc;

    const targetIsDrop = st.rule.target.kind === "DROP";
    if (pc.table === "nat" && ((pc.policy !== null && pc.policy === "DROP") || targetIsDrop)) {
      throw param(
        '\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n',
      );
    }

    // generic_opt_check
    for (let i = 0; i < OPT_CHARS.length; i++) {
      if (options & (1 << i) && optionIllegal(pc.command, i)) {
        throw param(`Illegal option \`-${OPT_CHARS[i]}' with this command`);
      }
    }

    if (pc.command & (Cmd.APPEND | Cmd.DELETE | Cmd.INSERT | Cmd.REPLACE | Cmd.CHECK)) {
      const c = pc.chain!;
      if (NO_OUT.has(c) && st.rule.outIface) throw param(`Can't use -o with ${c}\n`);
      if (NO_IN.has(c) && st.rule.inIface) throw param(`Can't use -i with ${c}\n`);
    }

    // expand -s / -d (host names may give several addresses)
    const srcs = st.srcText !== null ? parseAddrList(st.srcText, env) : [null];
    const dsts = st.dstText !== null ? parseAddrList(st.dstText, env) : [null];
    if (pc.counters) st.rule.counters = { ...pc.counters };
    const base = st.rule;
    for (const s of srcs) {
      for (const d of dsts) {
        const r: Rule = structuredCloneRule(base);
        r.src =
          s === null || (s.mask === 0 && !st.srcInv) ? null : { addr: s.addr, mask: s.mask, inv: st.srcInv };
        r.dst =
          d === null || (d.mask === 0 && !st.dstInv) ? null : { addr: d.addr, mask: d.mask, inv: st.dstInv };
        pc.rules.push(r);
      }
    }
    return pc;
  }
}

/** A deep copy of a rule (plain data). */
export function structuredCloneRule(r: Rule): Rule {
  return JSON.parse(JSON.stringify(r)) as Rule;
}

export type { IfaceSpec };
