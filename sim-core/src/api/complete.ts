/**
 * TAB completion for the terminal, as bash-completion does it on a Debian machine, but reading
 * the simulated kernel instead of the real one: command names, then per-program grammars —
 * `ip` follows iproute2's object table (same order, same prefix rule, so `ip a a` completes like
 * `ip address add`), its per-command keywords and what each keyword takes (a device of the
 * namespace the command would run in, a netns, a link type, a NUD state…); `iptables` knows
 * tables, the live chains of the chosen table, targets, match modules and their options;
 * `bridge`, `ping`, `sysctl` keys and file paths (for `cat`, `ls`, redirections…).
 *
 * The engine is table-driven and pure: it reads the world through a CompletionEnv, so it is
 * tested without a Session, and the Session adapter (`sessionEnv`) reads live kernel state.
 */
import type { Session } from "./session";
import type { Netns } from "../kernel/netns";
import type { ExecCtx } from "../shell/types";
import { builtins } from "../shell/builtins";

export interface Completion {
  /** The word being completed is line.slice(from, to). */
  from: number;
  to: number;
  /** Full replacements for that word, sorted, without duplicates. */
  items: string[];
}

/** What completion may read about the machine a terminal is on. */
export interface CompletionEnv {
  /** Programs and builtins. */
  commands(): string[];
  /** Device names of a named netns, or of the shell's current netns when `netns` is undefined. */
  devices(netns?: string): string[];
  /** Named network namespaces (/var/run/netns). */
  netns(): string[];
  /** sysctl keys in dotted form (net.ipv4.ip_forward), of the current netns. */
  sysctlKeys(netns?: string): string[];
  /** Entries of a directory (names, directories with a trailing "/"), undefined when not a directory. */
  listDir(path: string, netns?: string): string[] | undefined;
  /** Chains of an iptables table in a netns (built-ins first, then user chains). */
  chains(table: string, netns?: string): string[];
  /** Host names from /etc/hosts. */
  hosts(): string[];
}

// ---------------------------------------------------------------------------------------------
// Tokenising the line up to the cursor

interface Word {
  text: string; // unquoted
  start: number;
}

const OPERATORS = ["&&", "||", ";;", "|&", ";", "|", "&", "(", ")", "{", "}"];

/** Splits the command line up to the cursor into words of the current simple command. */
function tokenize(line: string): { words: Word[]; cur: Word; afterRedir: boolean } {
  let words: Word[] = [];
  let text = "";
  let start = -1;
  let quote: '"' | "'" | null = null;
  let pendingRedir = false;
  const flush = () => {
    if (start >= 0) {
      words.push({ text, start });
      if (pendingRedir) {
        // the word after a redirection operator is a file name, not an argument
        words.pop();
        pendingRedir = false;
      }
    }
    text = "";
    start = -1;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < line.length) text += line[++i];
      else text += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      if (start < 0) start = i;
      quote = ch;
      continue;
    }
    if (ch === "\\" && i + 1 < line.length) {
      if (start < 0) start = i;
      text += line[++i];
      continue;
    }
    if (ch === " " || ch === "\t") {
      flush();
      continue;
    }
    if (ch === ">" || ch === "<") {
      flush();
      while (line[i + 1] === ">" || line[i + 1] === "&") i++;
      pendingRedir = true;
      continue;
    }
    if (ch === "$" && line[i + 1] === "(") {
      flush();
      words = [];
      pendingRedir = false;
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      flush();
      words = [];
      pendingRedir = false;
      i += op.length - 1;
      continue;
    }
    if (start < 0) {
      start = i;
      // a digit right before > is a file descriptor: 2>/dev/null
      if (/[0-9]/.test(ch) && (line[i + 1] === ">" || line[i + 1] === "<")) {
        start = -1;
        continue;
      }
    }
    text += ch;
  }
  const cur: Word = start >= 0 ? { text, start } : { text: "", start: line.length };
  return { words, cur, afterRedir: pendingRedir };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function uniqSorted(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function pick(cands: Iterable<string>, prefix: string): string[] {
  const out: string[] = [];
  for (const c of cands) if (c.startsWith(prefix)) out.push(c);
  return out;
}

/** iproute2's matches(): `word` is a prefix of `keyword`. */
function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** The first entry of an ordered table that `word` abbreviates (iproute2's dispatch rule). */
function resolve(word: string, table: readonly string[]): string | undefined {
  return table.find((k) => matches(word, k));
}

/** Where a command runs: the netns named by `ip -n`, `ip netns exec`, `nsenter --net=…`. */
interface Ctx {
  env: CompletionEnv;
  netns?: string;
}

type Completer = (ctx: Ctx, args: string[], cur: string) => string[];

// ---------------------------------------------------------------------------------------------
// Argument kinds shared by the grammars

type Arg =
  | "dev"
  | "netns"
  | "none" // a value we cannot suggest (an address, a number…)
  | "onoff"
  | "linktype"
  | "nud"
  | "scope"
  | "table"
  | "proto"
  | "routetype"
  | readonly string[];

function argItems(ctx: Ctx, arg: Arg): string[] {
  if (Array.isArray(arg)) return [...arg];
  switch (arg) {
    case "dev":
      return ctx.env.devices(ctx.netns);
    case "netns":
      return ctx.env.netns();
    case "onoff":
      return ["on", "off"];
    case "linktype":
      return LINK_TYPES.filter((t) => t !== "help");
    case "nud":
      return ["permanent", "noarp", "reachable", "stale", "none", "incomplete", "delay", "probe", "failed"];
    case "scope":
      return ["global", "link", "host", "site", "nowhere"];
    case "table":
      return ["main", "local", "default", "all"];
    case "proto":
      return ["kernel", "boot", "static", "dhcp", "redirect"];
    case "routetype":
      return ROUTE_TYPES;
    case "none":
      return [];
  }
  return [];
}

/** A keyword grammar: keywords that take a value (arg) and flags that do not (null). */
type Grammar = Readonly<Record<string, Arg | null>>;

/**
 * Completes a "keyword value keyword value…" argument list. `positional` is what a bare word
 * may be at this point (iproute2 accepts `ip link set eth0 up` as well as `dev eth0`).
 */
function keywordArgs(
  ctx: Ctx,
  g: Grammar,
  args: string[],
  cur: string,
  positional?: (used: Set<string>) => string[],
): string[] {
  const used = new Set<string>();
  let expecting: Arg | null = null;
  for (const a of args) {
    if (expecting !== null) {
      expecting = null;
      continue;
    }
    const kw = Object.hasOwn(g, a) ? a : undefined;
    if (kw !== undefined) {
      used.add(kw);
      expecting = g[kw];
    } else used.add("\u0000positional");
  }
  if (expecting !== null) return pick(argItems(ctx, expecting), cur);
  const kws = Object.keys(g).filter((k) => !used.has(k));
  const pos = positional ? positional(used) : [];
  return pick([...kws, ...pos], cur);
}

// ---------------------------------------------------------------------------------------------
// ip (iproute2 6.1)

/** ip.c cmds[], canonical spellings, in dispatch order. */
const IP_OBJECTS = [
  "address",
  "addrlabel",
  "maddress",
  "route",
  "rule",
  "neighbor",
  "neighbour",
  "ntable",
  "link",
  "l2tp",
  "fou",
  "ila",
  "macsec",
  "tunnel",
  "tuntap",
  "token",
  "tcpmetrics",
  "monitor",
  "xfrm",
  "mroute",
  "mrule",
  "netns",
  "netconf",
  "vrf",
  "sr",
  "nexthop",
  "mptcp",
  "ioam",
  "help",
  "stats",
] as const;

/** The objects offered on TAB: those the simulator models (the others print "not modelled"). */
const IP_OBJECTS_OFFERED = ["address", "help", "link", "neighbour", "netns", "route", "rule"];

const IP_GLOBAL_OPTS = [
  "-4",
  "-6",
  "-brief",
  "-color",
  "-details",
  "-json",
  "-netns",
  "-oneline",
  "-pretty",
  "-resolve",
  "-stats",
  "-all",
  "-force",
  "-human",
  "-numeric",
  "-timestamp",
  "-family",
  "-Version",
  "-br",
  "-c",
  "-d",
  "-j",
  "-n",
  "-o",
  "-p",
  "-s",
];
const IP_OPTS_WITH_ARG = new Set([
  "-n",
  "-netns",
  "-family",
  "-f",
  "-rc",
  "-rcvbuf",
  "-l",
  "-loops",
  "-b",
  "-batch",
]);

/** Each object's commands, in the order its do_*() matches them. */
const IP_COMMANDS: Record<string, readonly string[]> = {
  address: [
    "add",
    "change",
    "replace",
    "delete",
    "list",
    "show",
    "lst",
    "flush",
    "save",
    "restore",
    "showdump",
    "help",
  ],
  link: ["add", "delete", "set", "change", "show", "list", "lst", "help", "xstats", "afstats", "property"],
  route: [
    "add",
    "change",
    "replace",
    "delete",
    "append",
    "test",
    "prepend",
    "list",
    "show",
    "lst",
    "flush",
    "get",
    "save",
    "restore",
    "showdump",
    "help",
  ],
  neighbour: ["add", "change", "replace", "delete", "show", "list", "lst", "flush", "get", "help"],
  netns: ["list", "add", "attach", "set", "delete", "identify", "pids", "exec", "monitor", "list-id", "help"],
  rule: ["list", "show", "add", "delete", "flush", "save", "restore", "help"],
};
const IP_COMMANDS_OFFERED: Record<string, readonly string[]> = {
  address: ["add", "change", "delete", "flush", "help", "replace", "show"],
  link: ["add", "delete", "help", "set", "show"],
  route: ["add", "append", "change", "delete", "flush", "get", "help", "replace", "show"],
  neighbour: ["add", "change", "delete", "flush", "get", "help", "replace", "show"],
  netns: ["add", "attach", "delete", "exec", "identify", "list", "list-id", "pids", "set"],
  rule: ["show"],
};

const LINK_TYPES = ["bridge", "dummy", "veth", "vxlan", "vlan", "macvlan", "ipvlan", "bond", "vrf", "help"];
const ROUTE_TYPES = [
  "unicast",
  "local",
  "broadcast",
  "multicast",
  "throw",
  "unreachable",
  "prohibit",
  "blackhole",
  "nat",
];

const LINK_COMMON: Grammar = {
  address: "none",
  broadcast: "none",
  mtu: "none",
  txqueuelen: "none",
  netns: "netns",
  alias: "none",
  index: "none",
  numtxqueues: "none",
  numrxqueues: "none",
  group: "none",
};

const LINK_ADD: Grammar = { ...LINK_COMMON, link: "dev", name: "none", type: "linktype" };

const LINK_TYPE_ARGS: Record<string, Grammar> = {
  veth: { peer: ["name"], name: "none", address: "none", netns: "netns", mtu: "none", txqueuelen: "none" },
  bridge: {
    stp_state: ["0", "1"],
    vlan_filtering: ["0", "1"],
    forward_delay: "none",
    hello_time: "none",
    max_age: "none",
    ageing_time: "none",
    priority: "none",
    vlan_default_pvid: "none",
    mcast_snooping: ["0", "1"],
    nf_call_iptables: ["0", "1"],
  },
  vxlan: {
    id: "none",
    vni: "none",
    remote: "none",
    local: "none",
    group: "none",
    dev: "dev",
    dstport: "none",
    srcport: "none",
    ttl: "none",
    tos: "none",
    learning: null,
    nolearning: null,
    proxy: null,
    noproxy: null,
    l2miss: null,
    l3miss: null,
    udpcsum: null,
    noudpcsum: null,
    external: null,
  },
  vlan: { protocol: ["802.1Q", "802.1ad"], id: "none" },
  macvlan: { mode: ["private", "vepa", "bridge", "passthru", "source"] },
  ipvlan: { mode: ["l2", "l3", "l3s"] },
  bond: {
    mode: [
      "balance-rr",
      "active-backup",
      "balance-xor",
      "broadcast",
      "802.3ad",
      "balance-tlb",
      "balance-alb",
    ],
    miimon: "none",
  },
  dummy: {},
  vrf: { table: "none" },
};

const LINK_SET: Grammar = {
  ...LINK_COMMON,
  dev: "dev",
  up: null,
  down: null,
  arp: "onoff",
  multicast: "onoff",
  allmulticast: "onoff",
  promisc: "onoff",
  trailers: "onoff",
  dynamic: "onoff",
  carrier: "onoff",
  name: "none",
  master: "dev",
  nomaster: null,
  vrf: "dev",
  type: "linktype",
  protodown: "onoff",
};

const LINK_SHOW: Grammar = {
  dev: "dev",
  group: "none",
  up: null,
  master: "dev",
  type: "linktype",
  vrf: "dev",
};

const ADDR_MODIFY: Grammar = {
  dev: "dev",
  local: "none",
  peer: "none",
  broadcast: "none",
  anycast: "none",
  label: "none",
  scope: "scope",
  metric: "none",
  valid_lft: ["forever"],
  preferred_lft: ["forever"],
  home: null,
  nodad: null,
  noprefixroute: null,
  autojoin: null,
};

const ADDR_SHOW: Grammar = {
  dev: "dev",
  scope: "scope",
  to: "none",
  label: "none",
  master: "dev",
  type: "linktype",
  vrf: "dev",
  up: null,
  dynamic: null,
  permanent: null,
  tentative: null,
  deprecated: null,
  dadfailed: null,
  temporary: null,
  primary: null,
  secondary: null,
};

const ROUTE_MODIFY: Grammar = {
  via: "none",
  dev: "dev",
  src: "none",
  table: "table",
  proto: "proto",
  protocol: "proto",
  scope: "scope",
  metric: "none",
  preference: "none",
  mtu: "none",
  advmss: "none",
  onlink: null,
  nexthop: "none",
  realm: "none",
  tos: "none",
  type: "routetype",
};

const ROUTE_SHOW: Grammar = {
  table: "table",
  dev: "dev",
  via: "none",
  src: "none",
  proto: "proto",
  protocol: "proto",
  scope: "scope",
  type: "routetype",
  root: "none",
  match: "none",
  exact: "none",
  vrf: "dev",
  cached: null,
};

const ROUTE_GET: Grammar = {
  from: "none",
  iif: "dev",
  oif: "dev",
  mark: "none",
  tos: "none",
  vrf: "dev",
  ipproto: ["tcp", "udp", "icmp"],
  sport: "none",
  dport: "none",
  connected: null,
  fibmatch: null,
};

const NEIGH_MODIFY: Grammar = {
  lladdr: "none",
  nud: "nud",
  dev: "dev",
  proxy: "none",
  router: null,
  extern_learn: null,
  use: null,
  managed: null,
};

const NEIGH_SHOW: Grammar = { to: "none", dev: "dev", nud: "nud", proxy: null, unused: null, vrf: "dev" };

/** An ip object's command: what follows `ip OBJECT COMMAND`. */
function ipCommandArgs(ctx: Ctx, obj: string, cmd: string, args: string[], cur: string): string[] {
  switch (obj) {
    case "link": {
      if (cmd === "add") {
        const t = args.indexOf("type");
        if (t >= 0 && t + 1 < args.length) {
          const type = args[t + 1];
          const rest = args.slice(t + 2);
          if (type === "veth") {
            // `type veth peer [name] NAME [netns NS] …`
            const p = rest.indexOf("peer");
            if (p < 0) return pick(["peer"], cur);
            return keywordArgs(ctx, LINK_TYPE_ARGS.veth, rest.slice(p + 1), cur);
          }
          return keywordArgs(ctx, LINK_TYPE_ARGS[type] ?? {}, rest, cur);
        }
        return keywordArgs(ctx, LINK_ADD, args, cur);
      }
      if (cmd === "delete")
        return keywordArgs(ctx, { dev: "dev", type: "linktype", group: "none" }, args, cur, (used) =>
          used.has("dev") || used.has("\u0000positional") ? [] : ctx.env.devices(ctx.netns),
        );
      if (cmd === "set" || cmd === "change") {
        // `ip link set { DEVICE | dev DEVICE | group GROUP } …`: the device comes first
        if (args.length === 0) return pick(["dev", "group", ...ctx.env.devices(ctx.netns)], cur);
        if (args.length === 1 && (args[0] === "dev" || args[0] === "group"))
          return args[0] === "dev" ? pick(ctx.env.devices(ctx.netns), cur) : [];
        const rest = args[0] === "dev" || args[0] === "group" ? args.slice(2) : args.slice(1);
        const { dev: _dev, ...after } = LINK_SET;
        return keywordArgs(ctx, after, rest, cur);
      }
      if (cmd === "show" || cmd === "list" || cmd === "lst") {
        return keywordArgs(ctx, LINK_SHOW, args, cur, (used) =>
          used.has("dev") || used.has("\u0000positional") ? [] : ctx.env.devices(ctx.netns),
        );
      }
      return [];
    }
    case "address": {
      if (["add", "change", "replace", "delete"].includes(cmd))
        return keywordArgs(ctx, ADDR_MODIFY, args, cur);
      if (["show", "list", "lst", "flush", "save", "showdump"].includes(cmd)) {
        return keywordArgs(ctx, ADDR_SHOW, args, cur, (used) =>
          used.has("dev") || used.has("\u0000positional") ? [] : ctx.env.devices(ctx.netns),
        );
      }
      return [];
    }
    case "route": {
      if (["add", "change", "replace", "delete", "append", "prepend", "test"].includes(cmd)) {
        return keywordArgs(ctx, ROUTE_MODIFY, args, cur, (used) =>
          used.has("\u0000positional") ? [] : ["default", ...ROUTE_TYPES],
        );
      }
      if (["show", "list", "lst", "flush", "save", "showdump"].includes(cmd))
        return keywordArgs(ctx, ROUTE_SHOW, args, cur);
      if (cmd === "get") return keywordArgs(ctx, ROUTE_GET, args, cur);
      return [];
    }
    case "neighbour": {
      if (["add", "change", "replace", "delete"].includes(cmd))
        return keywordArgs(ctx, NEIGH_MODIFY, args, cur);
      if (["show", "list", "lst", "flush"].includes(cmd)) return keywordArgs(ctx, NEIGH_SHOW, args, cur);
      if (cmd === "get") return keywordArgs(ctx, { dev: "dev", proxy: null }, args, cur);
      return [];
    }
    case "netns": {
      if (cmd === "exec") {
        if (args.length === 0) return pick(ctx.env.netns(), cur);
        return completeCommand({ env: ctx.env, netns: args[0] }, args.slice(1), cur);
      }
      if (["delete", "pids", "set", "attach"].includes(cmd))
        return args.length === 0 ? pick(ctx.env.netns(), cur) : [];
      if (cmd === "list" || cmd === "show") return [];
      return [];
    }
    case "rule":
      return [];
  }
  return [];
}

const ip: Completer = (ctx, args, cur) => {
  let i = 0;
  let netns = ctx.netns;
  // global options
  for (; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("-")) break;
    if (a === "-n" || matches(a, "-netns")) {
      if (i + 1 < args.length) netns = args[++i];
      else i++;
      continue;
    }
    if (IP_OPTS_WITH_ARG.has(a)) i++;
  }
  const sub: Ctx = { env: ctx.env, netns };
  if (i > args.length) return pick(ctx.env.netns(), cur); // `ip -n <TAB>`
  const prev = args[args.length - 1];
  if (
    i === args.length &&
    (prev === "-n" || (prev !== undefined && prev.length > 1 && matches(prev, "-netns")))
  )
    return pick(ctx.env.netns(), cur);
  if (i === args.length && (prev === "-f" || prev === "-family"))
    return pick(["inet", "inet6", "link", "mpls", "bridge"], cur);
  if (i === args.length) {
    if (cur.startsWith("-")) return pick(IP_GLOBAL_OPTS, cur);
    return pick(IP_OBJECTS_OFFERED, cur);
  }
  let obj = resolve(args[i], IP_OBJECTS);
  if (obj === "neighbor") obj = "neighbour";
  if (!obj) return [];
  const cmds = IP_COMMANDS[obj];
  if (!cmds) return [];
  if (i + 1 === args.length) return pick(IP_COMMANDS_OFFERED[obj] ?? cmds, cur);
  const cmd = resolve(args[i + 1], cmds);
  if (!cmd) {
    // `ip link eth0`-style shortcuts do not exist; `ip addr show` is implied only when no command
    return [];
  }
  return ipCommandArgs(sub, obj, cmd, args.slice(i + 2), cur);
};

// ---------------------------------------------------------------------------------------------
// bridge (iproute2 6.1)

const BRIDGE_OBJECTS = ["link", "fdb", "mdb", "vlan", "vni", "monitor", "help"];
const BRIDGE_OBJECTS_OFFERED = ["fdb", "help", "link", "vlan"];
const BRIDGE_OPTS = [
  "-details",
  "-stats",
  "-json",
  "-pretty",
  "-color",
  "-netns",
  "-oneline",
  "-timestamp",
  "-compressvlans",
  "-force",
  "-batch",
  "-d",
  "-s",
  "-j",
  "-p",
  "-c",
  "-n",
];
const BRIDGE_COMMANDS: Record<string, readonly string[]> = {
  link: ["set", "show", "list", "lst", "help"],
  fdb: ["add", "append", "delete", "replace", "show", "list", "lst", "get", "flush", "help"],
  vlan: ["add", "delete", "set", "show", "list", "lst", "tunnelshow", "global", "help"],
};
const BRIDGE_COMMANDS_OFFERED: Record<string, readonly string[]> = {
  link: ["help", "set", "show"],
  fdb: ["add", "append", "delete", "flush", "get", "help", "replace", "show"],
  vlan: ["add", "delete", "help", "show"],
};
const FDB_MODIFY: Grammar = {
  dev: "dev",
  dst: "none",
  vni: "none",
  port: "none",
  via: "dev",
  vlan: "none",
  src_vni: "none",
  self: null,
  master: null,
  router: null,
  use: null,
  extern_learn: null,
  sticky: null,
  local: null,
  static: null,
  dynamic: null,
  permanent: null,
};
const FDB_SHOW: Grammar = {
  br: "dev",
  brport: "dev",
  dev: "dev",
  vlan: "none",
  state: ["permanent", "static", "dynamic"],
  self: null,
  master: null,
  dynamic: null,
};
const BRIDGE_LINK_SET: Grammar = {
  dev: "dev",
  cost: "none",
  priority: "none",
  state: ["0", "1", "2", "3", "4", "disabled", "listening", "learning", "forwarding", "blocking"],
  guard: "onoff",
  hairpin: "onoff",
  fastleave: "onoff",
  root_block: "onoff",
  learning: "onoff",
  learning_sync: "onoff",
  flood: "onoff",
  mcast_flood: "onoff",
  bcast_flood: "onoff",
  neigh_suppress: "onoff",
  isolated: "onoff",
  self: null,
  master: null,
};
const VLAN_MODIFY: Grammar = {
  dev: "dev",
  vid: "none",
  pvid: null,
  untagged: null,
  self: null,
  master: null,
  tunnel_info: "none",
};

const bridge: Completer = (ctx, args, cur) => {
  let i = 0;
  let netns = ctx.netns;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    if (args[i] === "-n" || matches(args[i], "-netns")) {
      netns = args[i + 1];
      i++;
    }
  }
  if (i > args.length) return pick(ctx.env.netns(), cur);
  const sub: Ctx = { env: ctx.env, netns };
  if (i === args.length)
    return cur.startsWith("-") ? pick(BRIDGE_OPTS, cur) : pick(BRIDGE_OBJECTS_OFFERED, cur);
  const obj = resolve(args[i], BRIDGE_OBJECTS);
  if (!obj || !BRIDGE_COMMANDS[obj]) return [];
  if (i + 1 === args.length) return pick(BRIDGE_COMMANDS_OFFERED[obj], cur);
  const cmd = resolve(args[i + 1], BRIDGE_COMMANDS[obj]);
  const rest = args.slice(i + 2);
  if (!cmd) return [];
  if (obj === "fdb") {
    if (["add", "append", "delete", "replace", "get"].includes(cmd))
      return keywordArgs(sub, FDB_MODIFY, rest, cur);
    if (["show", "list", "lst", "flush"].includes(cmd)) return keywordArgs(sub, FDB_SHOW, rest, cur);
  }
  if (obj === "link") {
    if (cmd === "set") return keywordArgs(sub, BRIDGE_LINK_SET, rest, cur);
    if (["show", "list", "lst"].includes(cmd))
      return keywordArgs(sub, { dev: "dev", master: "dev" }, rest, cur);
  }
  if (obj === "vlan") {
    if (["add", "delete", "set"].includes(cmd)) return keywordArgs(sub, VLAN_MODIFY, rest, cur);
    if (["show", "list", "lst"].includes(cmd))
      return keywordArgs(sub, { dev: "dev", vid: "none" }, rest, cur);
  }
  return [];
};

// ---------------------------------------------------------------------------------------------
// iptables (1.8.9, nf_tables)

const IPT_TABLES = ["filter", "nat", "mangle", "raw", "security"];
const IPT_COMMANDS_WITH_CHAIN = new Set([
  "-A",
  "--append",
  "-C",
  "--check",
  "-D",
  "--delete",
  "-I",
  "--insert",
  "-R",
  "--replace",
  "-L",
  "--list",
  "-S",
  "--list-rules",
  "-F",
  "--flush",
  "-Z",
  "--zero",
  "-X",
  "--delete-chain",
  "-P",
  "--policy",
  "-E",
  "--rename-chain",
]);
const IPT_OPTIONS = [
  "-A",
  "-C",
  "-D",
  "-I",
  "-R",
  "-L",
  "-S",
  "-F",
  "-Z",
  "-N",
  "-X",
  "-P",
  "-E",
  "-h",
  "-t",
  "-p",
  "-s",
  "-d",
  "-i",
  "-o",
  "-j",
  "-g",
  "-m",
  "-n",
  "-v",
  "-x",
  "-w",
  "-f",
  "-4",
  "-6",
  "--append",
  "--check",
  "--delete",
  "--insert",
  "--replace",
  "--list",
  "--list-rules",
  "--flush",
  "--zero",
  "--new-chain",
  "--delete-chain",
  "--policy",
  "--rename-chain",
  "--table",
  "--protocol",
  "--source",
  "--destination",
  "--in-interface",
  "--out-interface",
  "--jump",
  "--goto",
  "--match",
  "--numeric",
  "--verbose",
  "--exact",
  "--line-numbers",
  "--wait",
  "--version",
  "--help",
];
const IPT_TARGETS = [
  "ACCEPT",
  "DROP",
  "RETURN",
  "REJECT",
  "LOG",
  "MASQUERADE",
  "SNAT",
  "DNAT",
  "REDIRECT",
  "MARK",
  "CT",
  "NOTRACK",
  "TRACE",
];
const IPT_MATCHES: Record<string, readonly string[]> = {
  tcp: ["--sport", "--dport", "--source-port", "--destination-port", "--syn", "--tcp-flags", "--tcp-option"],
  udp: ["--sport", "--dport", "--source-port", "--destination-port"],
  icmp: ["--icmp-type"],
  comment: ["--comment"],
  addrtype: ["--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out"],
  conntrack: [
    "--ctstate",
    "--ctproto",
    "--ctorigsrc",
    "--ctorigdst",
    "--ctreplsrc",
    "--ctrepldst",
    "--ctorigsrcport",
    "--ctorigdstport",
    "--ctreplsrcport",
    "--ctrepldstport",
    "--ctstatus",
    "--ctdir",
  ],
  state: ["--state"],
  multiport: ["--sports", "--dports", "--ports", "--source-ports", "--destination-ports"],
  mark: ["--mark"],
  physdev: ["--physdev-in", "--physdev-out", "--physdev-is-in", "--physdev-is-out", "--physdev-is-bridged"],
};
const IPT_TARGET_OPTS: Record<string, readonly string[]> = {
  REJECT: ["--reject-with"],
  LOG: [
    "--log-level",
    "--log-prefix",
    "--log-tcp-sequence",
    "--log-tcp-options",
    "--log-ip-options",
    "--log-uid",
    "--log-macdecode",
  ],
  MASQUERADE: ["--to-ports", "--random", "--random-fully"],
  SNAT: ["--to-source", "--random", "--random-fully", "--persistent"],
  DNAT: ["--to-destination", "--random", "--random-fully", "--persistent"],
  REDIRECT: ["--to-ports", "--random"],
  MARK: ["--set-mark", "--set-xmark", "--and-mark", "--or-mark", "--xor-mark"],
  CT: ["--notrack"],
};
const CT_STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED", "SNAT", "DNAT"];
const ADDR_TYPES = [
  "UNSPEC",
  "UNICAST",
  "LOCAL",
  "BROADCAST",
  "ANYCAST",
  "MULTICAST",
  "BLACKHOLE",
  "UNREACHABLE",
  "PROHIBIT",
  "THROW",
  "NAT",
  "XRESOLVE",
];
const REJECT_WITH = [
  "icmp-net-unreachable",
  "icmp-host-unreachable",
  "icmp-port-unreachable",
  "icmp-proto-unreachable",
  "icmp-net-prohibited",
  "icmp-host-prohibited",
  "icmp-admin-prohibited",
  "tcp-reset",
];
const ICMP_TYPES = [
  "any",
  "echo-reply",
  "destination-unreachable",
  "network-unreachable",
  "host-unreachable",
  "port-unreachable",
  "fragmentation-needed",
  "redirect",
  "echo-request",
  "time-exceeded",
  "ttl-zero-during-transit",
  "parameter-problem",
];
const IPT_OPT_ARGS: Record<
  string,
  "table" | "chain" | "target" | "proto" | "dev" | "match" | readonly string[]
> = {
  "-t": "table",
  "--table": "table",
  "-j": "target",
  "--jump": "target",
  "-g": "chain",
  "--goto": "chain",
  "-p": "proto",
  "--protocol": "proto",
  "-i": "dev",
  "--in-interface": "dev",
  "-o": "dev",
  "--out-interface": "dev",
  "-m": "match",
  "--match": "match",
  "--ctstate": CT_STATES,
  "--state": CT_STATES,
  "--ctdir": ["ORIGINAL", "REPLY"],
  "--ctstatus": ["NONE", "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"],
  "--src-type": ADDR_TYPES,
  "--dst-type": ADDR_TYPES,
  "--reject-with": REJECT_WITH,
  "--icmp-type": ICMP_TYPES,
  "--physdev-in": "dev",
  "--physdev-out": "dev",
  "--log-level": ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"],
};
/** Options whose value we cannot suggest (addresses, ports, numbers, text). */
const IPT_OPT_FREE = new Set([
  "-s",
  "--source",
  "-d",
  "--destination",
  "-N",
  "--new-chain",
  "-w",
  "--wait",
  "--sport",
  "--dport",
  "--source-port",
  "--destination-port",
  "--sports",
  "--dports",
  "--ports",
  "--source-ports",
  "--destination-ports",
  "--tcp-flags",
  "--tcp-option",
  "--comment",
  "--ctproto",
  "--ctorigsrc",
  "--ctorigdst",
  "--ctreplsrc",
  "--ctrepldst",
  "--ctorigsrcport",
  "--ctorigdstport",
  "--ctreplsrcport",
  "--ctrepldstport",
  "--mark",
  "--log-prefix",
  "--to-ports",
  "--to-source",
  "--to-destination",
  "--set-mark",
  "--set-xmark",
  "--and-mark",
  "--or-mark",
  "--xor-mark",
]);

const iptables: Completer = (ctx, args, cur) => {
  let table = "filter";
  let proto: string | undefined;
  let target: string | undefined;
  const mods: string[] = [];
  let cmd: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = args[i + 1];
    if (a === "-t" || a === "--table") table = next ?? table;
    else if (/^-t\w+$/.test(a)) table = a.slice(2);
    else if (a === "-p" || a === "--protocol") proto = next;
    else if (a === "-j" || a === "--jump") target = next;
    else if ((a === "-m" || a === "--match") && next) mods.push(next);
    if (IPT_COMMANDS_WITH_CHAIN.has(a)) cmd = a;
    if (Object.hasOwn(IPT_OPT_ARGS, a) || IPT_OPT_FREE.has(a)) i++;
    else if (IPT_COMMANDS_WITH_CHAIN.has(a) && next !== undefined && !next.startsWith("-")) i++;
  }
  const prev = args[args.length - 1];
  // the value of the previous option
  if (prev !== undefined && (Object.hasOwn(IPT_OPT_ARGS, prev) || IPT_COMMANDS_WITH_CHAIN.has(prev))) {
    if (IPT_COMMANDS_WITH_CHAIN.has(prev)) return pick(ctx.env.chains(table, ctx.netns), cur);
    const kind = IPT_OPT_ARGS[prev];
    if (Array.isArray(kind)) return pick(kind, cur);
    switch (kind) {
      case "table":
        return pick(IPT_TABLES, cur);
      case "chain":
        return pick(userChains(ctx, table), cur);
      case "target":
        return pick([...IPT_TARGETS, ...userChains(ctx, table)], cur);
      case "proto":
        return pick(["tcp", "udp", "icmp", "all"], cur);
      case "dev":
        return pick(ctx.env.devices(ctx.netns), cur);
      case "match":
        return pick(Object.keys(IPT_MATCHES), cur);
    }
  }
  if (prev !== undefined && IPT_OPT_FREE.has(prev)) return [];
  // `-P CHAIN <TAB>`: a policy
  if (cmd === "-P" || cmd === "--policy") {
    const at = args.lastIndexOf(cmd);
    if (at === args.length - 2) return pick(["ACCEPT", "DROP"], cur);
  }
  if (cur.startsWith("-") || cur === "") {
    const extra: string[] = [];
    for (const m of mods) extra.push(...(IPT_MATCHES[m] ?? []));
    if (proto && IPT_MATCHES[proto] && !mods.includes(proto)) extra.push(...IPT_MATCHES[proto]);
    if (target) extra.push(...(IPT_TARGET_OPTS[target] ?? []));
    const all = [...extra, ...IPT_OPTIONS];
    // without a dash typed, only offer options once something has been said
    return pick(all, cur === "" ? "-" : cur);
  }
  return [];
};

function userChains(ctx: Ctx, table: string): string[] {
  const builtin = new Set(["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]);
  return ctx.env.chains(table, ctx.netns).filter((c) => !builtin.has(c));
}

// ---------------------------------------------------------------------------------------------
// ping, sysctl, nsenter, files

const PING_OPTS = [
  "-4",
  "-6",
  "-a",
  "-A",
  "-b",
  "-B",
  "-c",
  "-D",
  "-f",
  "-h",
  "-i",
  "-I",
  "-l",
  "-L",
  "-m",
  "-M",
  "-n",
  "-O",
  "-p",
  "-q",
  "-Q",
  "-r",
  "-R",
  "-s",
  "-S",
  "-t",
  "-T",
  "-U",
  "-v",
  "-V",
  "-w",
  "-W",
];
const PING_WITH_ARG = new Set([
  "-c",
  "-i",
  "-I",
  "-l",
  "-m",
  "-M",
  "-p",
  "-Q",
  "-s",
  "-S",
  "-t",
  "-T",
  "-w",
  "-W",
]);

const ping: Completer = (ctx, args, cur) => {
  const prev = args[args.length - 1];
  if (prev === "-I") return pick(ctx.env.devices(ctx.netns), cur);
  if (prev === "-M") return pick(["do", "want", "dont", "probe"], cur);
  if (prev && PING_WITH_ARG.has(prev)) return [];
  if (cur.startsWith("-")) return pick(PING_OPTS, cur);
  return pick(ctx.env.hosts(), cur);
};

const SYSCTL_OPTS = [
  "-a",
  "-A",
  "-X",
  "-b",
  "-e",
  "-N",
  "-n",
  "-p",
  "-q",
  "-w",
  "-o",
  "-x",
  "--all",
  "--values",
  "--names",
  "--write",
  "--load",
  "--system",
  "--quiet",
  "--ignore",
  "--help",
  "--version",
];

const sysctl: Completer = (ctx, args, cur) => {
  const prev = args[args.length - 1];
  if (prev === "-p" || prev === "--load") return files(ctx, cur);
  if (cur.startsWith("-")) return pick(SYSCTL_OPTS, cur);
  if (cur.includes("=")) return [];
  return hierarchical(ctx.env.sysctlKeys(ctx.netns), cur, ".");
};

/** Completes dotted/slashed keys one level at a time (net. → net.ipv4. → net.ipv4.ip_forward). */
function hierarchical(keys: string[], cur: string, sep: string): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    if (!k.startsWith(cur)) continue;
    const next = k.indexOf(sep, cur.length);
    out.add(next < 0 ? k : k.slice(0, next + 1));
  }
  return [...out];
}

const nsenter: Completer = (ctx, args, cur) => {
  if (cur.startsWith("--net=")) {
    return files(ctx, cur.slice(6)).map((f) => "--net=" + f);
  }
  const prev = args[args.length - 1];
  if (prev === "-t" || prev === "--target") return ["1"].filter((x) => x.startsWith(cur));
  let i = 0;
  let netns = ctx.netns;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const m = /^--net=(?:\/var)?\/run\/netns\/(.+)$/.exec(args[i]);
    if (m) netns = m[1];
    if (args[i] === "-t" || args[i] === "--target") i++;
  }
  if (i === args.length && (cur.startsWith("-") || cur === "")) {
    if (cur === "") return pick(["--net=", "-t", "-n"], cur);
    return pick(["--net=", "--target", "--all", "-t", "-n", "-a", "--help"], cur);
  }
  return completeCommand({ env: ctx.env, netns }, args.slice(i), cur);
};

function files(ctx: Ctx, cur: string): string[] {
  const slash = cur.lastIndexOf("/");
  const dir = slash < 0 ? "" : cur.slice(0, slash + 1);
  const base = cur.slice(slash + 1);
  const entries = ctx.env.listDir(dir === "" ? "." : dir, ctx.netns);
  if (!entries) return [];
  return entries
    .filter((e) => e.startsWith(base) && (base.startsWith(".") || !e.startsWith(".")))
    .map((e) => dir + e);
}

/** Programs that take file names. */
const FILE_COMMANDS = new Set([
  "cat",
  "ls",
  "tee",
  "touch",
  "head",
  "tail",
  "grep",
  "wc",
  "sort",
  "uniq",
  "cut",
  "tr",
  "sed",
  "awk",
  "nl",
  "tac",
  "column",
  "cd",
  "source",
  ".",
]);

/** Programs that run another program: `timeout 5 CMD…`, `sudo CMD…`, `watch CMD…`. */
function wrapped(ctx: Ctx, prog: string, args: string[], cur: string): string[] | undefined {
  if (prog === "sudo" || prog === "exec" || prog === "command" || prog === "time")
    return completeCommand(ctx, args, cur);
  if (prog === "watch") {
    let i = 0;
    while (i < args.length && args[i].startsWith("-")) i += args[i] === "-n" ? 2 : 1;
    return completeCommand(ctx, args.slice(i), cur);
  }
  if (prog === "timeout") {
    let i = 0;
    while (i < args.length && args[i].startsWith("-")) i += args[i] === "-s" || args[i] === "-k" ? 2 : 1;
    if (i >= args.length) return [];
    return completeCommand(ctx, args.slice(i + 1), cur);
  }
  if (prog === "bash" || prog === "sh") return [];
  return undefined;
}

const PROGRAMS: Record<string, Completer> = { ip, bridge, iptables, ping, sysctl, nsenter };

/** Completes a command and its arguments: `args` are the complete words before the cursor. */
function completeCommand(ctx: Ctx, args: string[], cur: string): string[] {
  // leading assignments FOO=bar
  let i = 0;
  while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i])) i++;
  args = args.slice(i);
  if (args.length === 0) {
    if (cur.includes("/")) return files(ctx, cur);
    return pick(ctx.env.commands(), cur);
  }
  const prog = args[0].includes("/") ? args[0].slice(args[0].lastIndexOf("/") + 1) : args[0];
  const w = wrapped(ctx, prog, args.slice(1), cur);
  if (w) return w;
  const fn = PROGRAMS[prog];
  if (fn) return fn(ctx, args.slice(1), cur);
  if (FILE_COMMANDS.has(prog) || cur.includes("/")) return files(ctx, cur);
  return [];
}

/** Completes the word at `cursor` (the text after the cursor is left alone). */
export function completeLine(env: CompletionEnv, line: string, cursor = line.length): Completion {
  const before = line.slice(0, cursor);
  const { words, cur, afterRedir } = tokenize(before);
  // the word may continue past the cursor: bash completes the part before it
  const from = cur.start;
  let items: string[];
  if (afterRedir) items = files({ env }, cur.text);
  else
    items = completeCommand(
      { env },
      words.map((w) => w.text),
      cur.text,
    );
  return { from, to: cursor, items: uniqSorted(items) };
}

// ---------------------------------------------------------------------------------------------
// The live kernel behind a Session

interface NetfilterLike {
  tables: Record<string, { chains: { name: string; hook: string | null }[] } | undefined>;
  generation: number;
}

const BUILTIN_CHAINS: Record<string, readonly string[]> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
};

/** The netns's netfilter state, whichever extension slot holds it. */
function netfilterOf(ns: Netns): NetfilterLike | undefined {
  for (const v of ns.ext.values()) {
    const x = v as Partial<NetfilterLike> | null;
    if (
      x &&
      typeof x === "object" &&
      typeof x.generation === "number" &&
      x.tables &&
      typeof x.tables === "object"
    )
      return x as NetfilterLike;
  }
  return undefined;
}

/** A CompletionEnv reading the live kernel of one machine of a session (its terminal's shell). */
export function sessionEnv(session: Session, machine: string): CompletionEnv {
  const sh = session.shell(machine);
  const m = session.world.machine(machine);
  const nsOf = (name?: string): Netns | undefined => (name === undefined ? sh.ctx.ns : m.netnsDir.get(name));
  const ctxOf = (name?: string): ExecCtx | undefined => {
    const ns = nsOf(name);
    return ns ? { world: session.world, machine: m, ns, nsName: name ?? sh.ctx.nsName } : undefined;
  };
  return {
    commands: () =>
      uniqSorted([...session.commands.keys(), ...builtins.keys()].filter((c) => /^[\w.-]+$/.test(c))),
    devices: (name) => (nsOf(name)?.list() ?? []).map((d) => d.name),
    netns: () => [...m.netnsDir.keys()].sort(),
    sysctlKeys: (name) => {
      const ns = nsOf(name);
      if (!ns) return [];
      return ns.sysctl.paths().map((p) =>
        p
          .split("/")
          .map((seg) => seg.replace(/\./g, "/"))
          .join("."),
      );
    },
    listDir: (path, name) => {
      const ctx = ctxOf(name);
      if (!ctx) return undefined;
      const r = sh.fs.list(ctx, path);
      if (!r.ok) return undefined;
      const base = path === "." ? sh.fs.cwd : sh.fs.resolve(path);
      if (base === "/proc/sys" || base.startsWith("/proc/sys/")) {
        // sysctl directories, from the keys (isDir would scan them all for each entry)
        const prefix = base === "/proc/sys" ? "" : base.slice("/proc/sys/".length) + "/";
        const dirs = new Set<string>();
        for (const k of ctx.ns.sysctl.paths()) {
          if (!k.startsWith(prefix)) continue;
          const rest = k.slice(prefix.length);
          const slash = rest.indexOf("/");
          if (slash > 0) dirs.add(rest.slice(0, slash));
        }
        return r.value.map((e) => (dirs.has(e) ? e + "/" : e));
      }
      return r.value.map((e) => (sh.fs.isDir(ctx, `${base === "/" ? "" : base}/${e}`) ? e + "/" : e));
    },
    chains: (table, name) => {
      const ns = nsOf(name);
      const builtin = BUILTIN_CHAINS[table] ?? [];
      const nf = ns ? netfilterOf(ns) : undefined;
      const t = nf?.tables[table];
      if (!t) return [...builtin];
      const user = t.chains.filter((c) => c.hook === null).map((c) => c.name);
      return [...new Set([...builtin, ...uniqSorted(user)])];
    },
    hosts: () => {
      const text = m.files.get("/etc/hosts") ?? "";
      const names: string[] = [];
      for (const line of text.split("\n")) {
        const f = line.replace(/#.*/, "").trim().split(/\s+/);
        names.push(...f.slice(1).filter(Boolean));
      }
      return uniqSorted(names);
    },
  };
}

/** Completes a line typed in a machine's terminal. */
export function complete(session: Session, machine: string, line: string, cursor = line.length): Completion {
  return completeLine(sessionEnv(session, machine), line, cursor);
}
