/**
 * Netfilter model types: what one network namespace's iptables (nf_tables back-end, as
 * iptables 1.8.9 drives it) and conntrack hold, and the boundary the kernel model calls at each
 * hook. Mirrors include/uapi/linux/netfilter_ipv4.h (hooks, priorities), net/netfilter/x_tables
 * (tables, chains, rules, counters), nf_conntrack (tuples, states, status bits).
 *
 * Everything here is plain data (JSON-able but for Map), so a namespace's rules can be
 * snapshotted and shown; behaviour lives in the sibling modules.
 */
import type { Ip4, Mac } from "../util/brand";
import type { Ipv4Packet } from "../wire/types";

// ---------------------------------------------------------------------------------------------
// Closed sets

/** The five IPv4 netfilter hooks, in packet-path order. */
export const Hook = {
  PREROUTING: "PREROUTING",
  INPUT: "INPUT",
  FORWARD: "FORWARD",
  OUTPUT: "OUTPUT",
  POSTROUTING: "POSTROUTING",
} as const;
export type Hook = (typeof Hook)[keyof typeof Hook];
export const HOOKS: readonly Hook[] = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];

/** iptables tables, in the order iptables-nft's table array has them (iptables-save order). */
export const TableName = {
  raw: "raw",
  mangle: "mangle",
  filter: "filter",
  security: "security",
  nat: "nat",
} as const;
export type TableName = (typeof TableName)[keyof typeof TableName];
export const TABLE_NAMES: readonly TableName[] = ["mangle", "security", "raw", "filter", "nat"];

/** Built-in chains of each table, in the order `iptables -S` / `-L` print them. */
export const TABLE_CHAINS: Readonly<Record<TableName, readonly Hook[]>> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
};

/** Hook priorities (NF_IP_PRI_*), lower runs first. */
export const Priority = {
  CONNTRACK_DEFRAG: -400,
  RAW: -300,
  CONNTRACK: -200,
  MANGLE: -150,
  NAT_DST: -100,
  FILTER: 0,
  SECURITY: 50,
  NAT_SRC: 100,
  CONNTRACK_CONFIRM: 2147483647,
} as const;

export const Policy = { ACCEPT: "ACCEPT", DROP: "DROP" } as const;
export type Policy = (typeof Policy)[keyof typeof Policy];

/** Conntrack states as -m conntrack / -m state see them (bit values of XT_CONNTRACK_STATE_BIT). */
export const CtState = {
  INVALID: 1 << 0,
  ESTABLISHED: 1 << 1,
  RELATED: 1 << 2,
  NEW: 1 << 3,
  // reply-direction ESTABLISHED/RELATED carry the same user-visible bit
  UNTRACKED: 1 << 8,
  SNAT: 1 << 9,
  DNAT: 1 << 10,
} as const;

/** nf_conntrack status bits (IPS_*), as `--ctstatus` and conntrack -L see them. */
export const CtStatus = {
  EXPECTED: 1 << 0,
  SEEN_REPLY: 1 << 1,
  ASSURED: 1 << 2,
  CONFIRMED: 1 << 3,
  SRC_NAT: 1 << 4,
  DST_NAT: 1 << 5,
  SEQ_ADJUST: 1 << 6,
  SRC_NAT_DONE: 1 << 7,
  DST_NAT_DONE: 1 << 8,
  DYING: 1 << 9,
} as const;

/** TCP conntrack states (enum tcp_conntrack), names as /proc and conntrack -L print them. */
export const TcpCtState = {
  NONE: 0,
  SYN_SENT: 1,
  SYN_RECV: 2,
  ESTABLISHED: 3,
  FIN_WAIT: 4,
  CLOSE_WAIT: 5,
  LAST_ACK: 6,
  TIME_WAIT: 7,
  CLOSE: 8,
  SYN_SENT2: 9,
} as const;
export type TcpCtState = (typeof TcpCtState)[keyof typeof TcpCtState];
export const TCP_CT_STATE_NAMES = [
  "NONE",
  "SYN_SENT",
  "SYN_RECV",
  "ESTABLISHED",
  "FIN_WAIT",
  "CLOSE_WAIT",
  "LAST_ACK",
  "TIME_WAIT",
  "CLOSE",
  "SYN_SENT2",
] as const;

/** Route types of the addrtype match (RTN_*), bit = 1 << type. */
export const AddrType = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
  XRESOLVE: 11,
} as const;
export type AddrTypeName = keyof typeof AddrType;
export const ADDR_TYPE_NAMES = Object.keys(AddrType) as AddrTypeName[];

/** REJECT --reject-with types, with the ICMP type/code the kernel sends. */
export const RejectWith = {
  "icmp-net-unreachable": { type: 3, code: 0 },
  "icmp-host-unreachable": { type: 3, code: 1 },
  "icmp-port-unreachable": { type: 3, code: 3 },
  "icmp-proto-unreachable": { type: 3, code: 2 },
  "icmp-net-prohibited": { type: 3, code: 9 },
  "icmp-host-prohibited": { type: 3, code: 10 },
  "tcp-reset": null,
  "icmp-admin-prohibited": { type: 3, code: 13 },
} as const;
export type RejectWith = keyof typeof RejectWith;

// ---------------------------------------------------------------------------------------------
// Rules

/** `-s`/`-d`: address already masked (host bits cleared), as the kernel stores it. */
export interface AddrSpec {
  addr: number;
  mask: number;
  inv: boolean;
}

/** `-i`/`-o`: an interface name, a trailing `+` is a prefix wildcard. */
export interface IfaceSpec {
  name: string;
  inv: boolean;
}

export interface PortRange {
  min: number;
  max: number;
  inv: boolean;
}

export type Match =
  | {
      kind: "tcp";
      sport: PortRange | null;
      dport: PortRange | null;
      /** --tcp-flags mask cmp (or --syn = FIN,SYN,RST,ACK SYN) */
      flags: { mask: number; cmp: number; inv: boolean } | null;
      option: { num: number; inv: boolean } | null;
    }
  | { kind: "udp"; sport: PortRange | null; dport: PortRange | null }
  | { kind: "icmp"; type: number; codeMin: number; codeMax: number; inv: boolean }
  | { kind: "comment"; text: string }
  | {
      kind: "addrtype";
      /** bitmask of 1 << AddrType; 0 = not given */
      src: number;
      srcInv: boolean;
      dst: number;
      dstInv: boolean;
      limitIn: boolean;
      limitOut: boolean;
    }
  | {
      kind: "conntrack";
      state: { mask: number; inv: boolean } | null;
      proto: { num: number; inv: boolean } | null;
      origSrc: AddrSpec | null;
      origDst: AddrSpec | null;
      replSrc: AddrSpec | null;
      replDst: AddrSpec | null;
      origSrcPort: PortRange | null;
      origDstPort: PortRange | null;
      replSrcPort: PortRange | null;
      replDstPort: PortRange | null;
      status: { mask: number; inv: boolean } | null;
      dir: { reply: boolean; inv: boolean } | null;
    }
  | { kind: "state"; mask: number; inv: boolean }
  | { kind: "multiport"; dir: "sports" | "dports" | "ports"; ports: PortRange[]; inv: boolean }
  | { kind: "mark"; value: number; mask: number; inv: boolean }
  | {
      kind: "physdev";
      physIn: IfaceSpec | null;
      physOut: IfaceSpec | null;
      isIn: { inv: boolean } | null;
      isOut: { inv: boolean } | null;
      isBridged: { inv: boolean } | null;
    };
export type MatchKind = Match["kind"];

export interface NatRange {
  /** address range (host order); null = keep the address (`:port` only) */
  minAddr: number | null;
  maxAddr: number | null;
  minPort: number | null;
  maxPort: number | null;
}

export type Target =
  | { kind: "none" }
  | { kind: "ACCEPT" }
  | { kind: "DROP" }
  | { kind: "RETURN" }
  | { kind: "jump"; chain: string }
  | { kind: "goto"; chain: string }
  | { kind: "REJECT"; with: RejectWith }
  | { kind: "LOG"; level: number; prefix: string; flags: number }
  | {
      kind: "MASQUERADE";
      minPort: number | null;
      maxPort: number | null;
      random: boolean;
      randomFully: boolean;
    }
  | {
      kind: "SNAT" | "DNAT";
      range: NatRange;
      random: boolean;
      randomFully: boolean;
      persistent: boolean;
    }
  | { kind: "REDIRECT"; minPort: number | null; maxPort: number | null; random: boolean }
  | { kind: "MARK"; value: number; mask: number }
  | { kind: "TRACE" }
  | { kind: "NOTRACK"; form: "NOTRACK" | "CT" };
export type TargetKind = Target["kind"];

/** LOG --log-* flag bits (XT_LOG_*). */
export const LogFlag = {
  TCPSEQ: 0x01,
  TCPOPT: 0x02,
  IPOPT: 0x04,
  UID: 0x08,
  MACDECODE: 0x20,
} as const;

export interface Counters {
  pkts: number;
  bytes: number;
}

/** One rule, in the normalised form the kernel keeps (what `iptables -S` prints back). */
export interface Rule {
  src: AddrSpec | null;
  dst: AddrSpec | null;
  inIface: IfaceSpec | null;
  outIface: IfaceSpec | null;
  /** 0 = all */
  proto: number;
  protoInv: boolean;
  /** -f / ! -f */
  frag: { inv: boolean } | null;
  matches: Match[];
  target: Target;
  counters: Counters;
  /** nf_tables rule handle (xtables-monitor --trace prints it); set when the rule is committed */
  handle?: number;
}

export interface Chain {
  name: string;
  /** the hook of a built-in chain; null for a user chain */
  hook: Hook | null;
  policy: Policy;
  rules: Rule[];
  /**
   * nf_tables chain handle. iptables-nft creates a base chain only when a command needs it
   * (a rule added to it, -P); a built-in chain without a handle does not exist in the kernel
   * (it still lists as ACCEPT, but traces skip it).
   */
  handle?: number;
  /**
   * Packets that met the policy of a built-in chain. nf_tables keeps them only once iptables set
   * the chain's counters (-P, -Z, iptables-restore's `:CHAIN POLICY [p:b]`); before that -L shows 0.
   */
  policyCounters?: Counters;
}

export interface Table {
  name: TableName;
  /** built-in chains (hook order) and user chains (creation order; listings sort them) */
  chains: Chain[];
  /**
   * Base chains renamed with -E: still hooked in the kernel, but iptables no longer knows them
   * ("# Table `filter' contains incompatible base-chains").
   */
  incompatible?: Chain[];
  /** next nf_tables handle of this table (chains and rules share the counter) */
  nextHandle?: number;
}

// ---------------------------------------------------------------------------------------------
// Conntrack

/**
 * A conntrack tuple. For TCP/UDP `sport`/`dport` are ports; for ICMP `sport` is the echo id
 * and `dport` is (type << 8 | code), as struct nf_conntrack_tuple keeps them.
 */
export interface Tuple {
  src: number;
  dst: number;
  proto: number;
  sport: number;
  dport: number;
}

export interface Conn {
  /** allocation order, for stable listings */
  id: number;
  orig: Tuple;
  /** the reply tuple, after NAT */
  reply: Tuple;
  /** CtStatus bits */
  status: number;
  /** TCP only */
  tcpState: TcpCtState;
  /** direction of the last packet that changed the TCP state, and FIN/RST seen per direction */
  tcpLastDir: 0 | 1;
  /** virtual ms at which the entry expires */
  expires: number;
  mark: number;
  /** virtual ms of creation (UDP stream detection) */
  created: number;
  /** MASQUERADE: out device name the entry was masqueraded through (masq_index) */
  masqDev: string | null;
}

/** ctinfo of a packet: which entry and in which direction, and how the state matches see it. */
export const CtInfo = {
  ESTABLISHED: 0,
  RELATED: 1,
  NEW: 2,
  ESTABLISHED_REPLY: 3,
  RELATED_REPLY: 4,
} as const;
export type CtInfo = (typeof CtInfo)[keyof typeof CtInfo];

export interface SkbCt {
  conn: Conn;
  /** 0 original, 1 reply */
  dir: 0 | 1;
  info: CtInfo;
  /** not yet in the table (first packet): inserted at confirm */
  unconfirmed: boolean;
}

// ---------------------------------------------------------------------------------------------
// The boundary with the kernel model

/**
 * The packet as netfilter sees it at a hook. The kernel builds one per packet and passes the
 * same object to every hook of that packet's path: conntrack and NAT write to it.
 */
export interface NfSkb {
  /** The IPv4 packet. NAT replaces it (a new object); the kernel must re-read it after a hook. */
  ip: Ipv4Packet;
  /** in device as iptables -i sees it (for bridged frames with br_netfilter: the bridge) */
  inDev: string | null;
  /** out device as iptables -o sees it (for bridged frames: the bridge) */
  outDev: string | null;
  /** bridge port the frame came in on (-m physdev --physdev-in), bridged frames only */
  physIn?: string | null;
  /** bridge port the frame goes out of (--physdev-out), known at FORWARD/POSTROUTING */
  physOut?: string | null;
  /** the frame is being bridged (not routed): --physdev-is-bridged */
  bridged?: boolean;
  /** skb->mark */
  mark: number;
  /** the received Ethernet header (LOG's MAC= field); absent for locally generated packets */
  eth?: { dst: Mac; src: Mac; ethertype: number } | null;
  /** the conntrack entry: filled by the conntrack hook, kept for the following hooks */
  ct?: SkbCt | null;
  /** set by -j TRACE (nftrace): every later rule decision is traced to xtables-monitor */
  nftrace?: boolean;
  /** the packet was generated by a local socket (for LOG --log-uid) */
  uid?: number;
  /** the IP total length when the representation abbreviates the payload; computed if absent */
  len?: number;
  /** set by -j NOTRACK / -j CT --notrack in raw: conntrack leaves it alone (ctstate UNTRACKED) */
  untracked?: boolean;
  /** nftrace packet id (xtables-monitor's %08x), drawn from env.random on first use */
  traceId?: number;
}

/** Why a packet stopped or went on: the table, chain and rule (1-based) or policy. */
export interface NfWhere {
  table: TableName;
  chain: string;
  /** 1-based rule number in `chain`; null when the built-in chain's policy decided */
  rule: number | null;
  /** the rule's `iptables -S` text (or `-P CHAIN POLICY`) */
  text: string;
}

export type NfVerdict =
  | { verdict: "accept" }
  | { verdict: "drop"; where: NfWhere | null; reason: string }
  | {
      verdict: "reject";
      where: NfWhere;
      /** the ICMP error (type 3 + code) to send back, or a TCP RST */
      icmp: { type: number; code: number } | null;
      tcpReset: boolean;
    };

export type AddrTypeOf = (ip: Ip4, dev: string | null) => AddrTypeName;

/** Everything netfilter asks of the kernel model and its environment. */
export interface NfEnv {
  /** virtual time, milliseconds */
  now(): number;
  /** seeded random source: an integer in [0, 2^32) */
  random(): number;
  /**
   * The route type of an address as the routing tables say (LOCAL for own addresses,
   * BROADCAST, MULTICAST, UNICAST, UNREACHABLE, BLACKHOLE, PROHIBIT, ...). With `dev`, as seen
   * from that device only (addrtype --limit-iface-in/out).
   */
  addrType(ip: Ip4, dev: string | null): AddrTypeName;
  /** MASQUERADE's inet_select_addr(outDev, nexthop, RT_SCOPE_UNIVERSE); null = no address */
  masqueradeSource(outDev: string, nexthop: Ip4): Ip4 | null;
  /** REDIRECT: the primary address of the in-device (PREROUTING); null = none */
  deviceAddress?(dev: string): Ip4 | null;
  /** the next hop of the current route for this packet (MASQUERADE); default: its destination */
  nexthop?(skb: NfSkb): Ip4;
  /**
   * Re-route a locally generated packet whose destination or mark changed in OUTPUT
   * (ip_route_me_harder): the new out device, or null when there is no route (drop).
   */
  rerouteOutput?(skb: NfSkb): string | null;
  /** kernel log (printk): LOG lines, "xx ate my IP address". `level` is the syslog level. */
  log?(level: number, text: string): void;
  /** one event per table/chain/rule decision (the packet-journey view) */
  trace?(ev: NfTraceEvent): void;
  /** nftrace (-j TRACE) events, in xtables-monitor --trace's text form */
  nftrace?(lines: string[]): void;
  /** the netns name shown in traces (optional) */
  netnsName?: string;
}

export interface NfTraceEvent {
  hook: Hook;
  table: TableName | "conntrack";
  chain: string;
  /** 1-based rule number, or null for the policy / a conntrack or NAT event */
  rule: number | null;
  /** -S text of the rule (or -P line), or a conntrack/NAT description */
  text: string;
  /** ACCEPT DROP REJECT RETURN JUMP GOTO CONTINUE NAT CT … */
  verdict: string;
}

/** One network namespace's netfilter state. */
export interface Netfilter {
  /** nf_tables: a table exists only after a command changed it (iptables-save lists only those) */
  tables: Partial<Record<TableName, Table>>;
  conntrack: ConntrackTable;
  /** bumped on each rule-set change: compiled chains are rebuilt lazily */
  generation: number;
}

export interface ConntrackTable {
  /** confirmed entries by tuple key (both directions point at the same entry) */
  byTuple: Map<string, Conn>;
  /** confirmed entries in insertion order */
  entries: Set<Conn>;
  nextId: number;
  /** nf_conntrack_max */
  max: number;
  /** virtual ms of the last full expiry sweep */
  lastGc?: number;
}

/** Output of a command: the shell merges stdout and stderr in that order. */
export interface CmdResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What the commands need from the machine they run on. */
export interface CmdEnv {
  /** name resolution for -s/-d (getaddrinfo: /etc/hosts of the machine); [] = not found */
  resolveHost?(name: string): Ip4[];
  /** reverse lookup for -L without -n (/etc/hosts); null = none */
  hostName?(ip: Ip4): string | null;
  /** wall-clock time for iptables-save's comment lines, as seconds since the epoch (UTC) */
  wallClock?(): number;
  /** stdin (iptables-restore) */
  stdin?: string;
  /** virtual time (conntrack -L timeouts); default 0 */
  now?(): number;
}
