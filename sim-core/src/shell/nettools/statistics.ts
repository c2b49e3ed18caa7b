/**
 * net-tools 2.10 statistics.c: `netstat -s` reads /proc/net/snmp and /proc/net/netstat (or, with
 * -6, /proc/net/snmp6 and the Tcp lines of /proc/net/snmp) and prints each counter with the
 * sentence its table gives it. The tables are looked up with bsearch although some of them are
 * not sorted ("Forwarding", "Icmp6OutRouterAdvertisements " with its stray space, …): a counter
 * the search misses is printed "try our best" style, `Name: value`, and only when it is not 0.
 * That lookup is reproduced as glibc does it, so the same counters are missed.
 */
import type { Cmd } from "../types";

const State = {
  number: 0,
  optNumber: 1,
  forward: 2,
  inpIcmp: 3,
  outpIcmp: 4,
  rtoAlg: 5,
} as const;
type State = (typeof State)[keyof typeof State];

const I_STATIC = 1 << 16;
const I_TITLE = 1 << 17;

/** states[]: indent and histogram title (i_rto_alg has no entry: indent 0). */
const INDENT = [4, 4, 4, 8, 8, 0];
const TITLES = ["", "", "", "ICMP input histogram:", "ICMP output histogram:", ""];

type Entry = readonly [title: string, out: string, type: number];

const { number, optNumber, forward, inpIcmp, outpIcmp, rtoAlg } = State;

const IP_TAB: Entry[] = [
  ["DefaultTTL", "Default TTL is %llu", number | I_STATIC],
  ["Forwarding", "Forwarding is %s", forward | I_STATIC],
  ["ForwDatagrams", "%llu forwarded", number],
  ["FragCreates", "%llu fragments created", optNumber],
  ["FragFails", "%llu outgoing packets failed fragmentation", optNumber],
  ["FragOKs", "%llu outgoing packets fragmented ok", optNumber],
  ["InAddrErrors", "%llu with invalid addresses", optNumber],
  ["InDelivers", "%llu incoming packets delivered", number],
  ["InDiscards", "%llu incoming packets discarded", number],
  ["InHdrErrors", "%llu with invalid headers", optNumber],
  ["InReceives", "%llu total packets received", number],
  ["InUnknownProtos", "%llu with unknown protocol", optNumber],
  ["OutDiscards", "%llu outgoing packets dropped", optNumber],
  ["OutNoRoutes", "%llu dropped because of missing route", optNumber],
  ["OutRequests", "%llu requests sent out", number],
  ["ReasmFails", "%llu packet reassemblies failed", optNumber],
  ["ReasmOKs", "%llu packets reassembled ok", optNumber],
  ["ReasmReqds", "%llu reassemblies required", optNumber],
  ["ReasmTimeout", "%llu fragments dropped after timeout", optNumber],
];

const IP6_TAB: Entry[] = [
  ["Ip6FragCreates", "%llu fragments created", optNumber],
  ["Ip6FragFails", "%llu outgoing packets failed fragmentation", optNumber],
  ["Ip6FragOKs", "%llu outgoing packets fragmented ok", optNumber],
  ["Ip6InAddrErrors", "%llu with invalid addresses", optNumber],
  ["Ip6InDelivers", "%llu incoming packets delivered", number],
  ["Ip6InDiscards", "%llu incoming packets discarded", number],
  ["Ip6InHdrErrors", "%llu with invalid headers", optNumber],
  ["Ip6InMcastPkts", "%llu incoming multicast packets", optNumber],
  ["Ip6InNoRoutes", "%llu incoming packets with no route", optNumber],
  ["Ip6InReceives", "%llu total packets received", number],
  ["Ip6InTooBigErrors", "%llu with packets too big", optNumber],
  ["Ip6InTruncatedPkts", "%llu with truncated packets", optNumber],
  ["Ip6InUnknownProtos", "%llu with unknown protocol", optNumber],
  ["Ip6OutDiscards", "%llu outgoing packets dropped", optNumber],
  ["Ip6OutForwDatagrams", "%llu forwarded", number],
  ["Ip6OutMcastPkts", "%llu outgoing multicast packets", optNumber],
  ["Ip6OutNoRoutes", "%llu dropped because of missing route", optNumber],
  ["Ip6OutRequests", "%llu requests sent out", number],
  ["Ip6ReasmFails", "%llu packet reassemblies failed", optNumber],
  ["Ip6ReasmOKs", "%llu packets reassembled ok", optNumber],
  ["Ip6ReasmReqds", "%llu reassemblies required", optNumber],
  ["Ip6ReasmTimeout", "%llu fragments dropped after timeout", optNumber],
];

const ICMP_TAB: Entry[] = [
  ["InAddrMaskReps", "address mask replies: %llu", inpIcmp | I_TITLE],
  ["InAddrMasks", "address mask request: %llu", inpIcmp | I_TITLE],
  ["InDestUnreachs", "destination unreachable: %llu", inpIcmp | I_TITLE],
  ["InEchoReps", "echo replies: %llu", inpIcmp | I_TITLE],
  ["InEchos", "echo requests: %llu", inpIcmp | I_TITLE],
  ["InErrors", "%llu input ICMP message failed", number],
  ["InMsgs", "%llu ICMP messages received", number],
  ["InParmProbs", "wrong parameters: %llu", inpIcmp | I_TITLE],
  ["InRedirects", "redirects: %llu", inpIcmp | I_TITLE],
  ["InSrcQuenchs", "source quenches: %llu", inpIcmp | I_TITLE],
  ["InTimeExcds", "timeout in transit: %llu", inpIcmp | I_TITLE],
  ["InTimestampReps", "timestamp reply: %llu", inpIcmp | I_TITLE],
  ["InTimestamps", "timestamp request: %llu", inpIcmp | I_TITLE],
  ["OutAddrMaskReps", "address mask replies: %llu", outpIcmp | I_TITLE],
  ["OutAddrMasks", "address mask requests: %llu", outpIcmp | I_TITLE],
  ["OutDestUnreachs", "destination unreachable: %llu", outpIcmp | I_TITLE],
  ["OutEchoReps", "echo replies: %llu", outpIcmp | I_TITLE],
  ["OutEchos", "echo requests: %llu", outpIcmp | I_TITLE],
  ["OutErrors", "%llu ICMP messages failed", number],
  ["OutMsgs", "%llu ICMP messages sent", number],
  ["OutParmProbs", "wrong parameters: %llu", outpIcmp | I_TITLE],
  ["OutRedirects", "redirect: %llu", outpIcmp | I_TITLE],
  ["OutSrcQuenchs", "source quench: %llu", outpIcmp | I_TITLE],
  ["OutTimeExcds", "time exceeded: %llu", outpIcmp | I_TITLE],
  ["OutTimestampReps", "timestamp replies: %llu", outpIcmp | I_TITLE],
  ["OutTimestamps", "timestamp requests: %llu", outpIcmp | I_TITLE],
];

const ICMP6_TAB: Entry[] = [
  ["Icmp6InDestUnreachs", "destination unreachable: %llu", inpIcmp | I_TITLE],
  ["Icmp6InEchoReplies", "echo replies: %llu", inpIcmp | I_TITLE],
  ["Icmp6InEchos", "echo requests: %llu", inpIcmp | I_TITLE],
  ["Icmp6InErrors", "%llu input ICMP message failed", number],
  ["Icmp6InGroupMembQueries", "group member queries: %llu", inpIcmp | I_TITLE],
  ["Icmp6InGroupMembReductions", "group member reductions: %llu", inpIcmp | I_TITLE],
  ["Icmp6InGroupMembResponses", "group member responses: %llu", inpIcmp | I_TITLE],
  ["Icmp6InMsgs", "%llu ICMP messages received", number],
  ["Icmp6InNeighborAdvertisements", "neighbour advertisement: %llu", inpIcmp | I_TITLE],
  ["Icmp6InNeighborSolicits", "neighbour solicits: %llu", inpIcmp | I_TITLE],
  ["Icmp6InParmProblems", "parameter problem: %llu", inpIcmp | I_TITLE],
  ["Icmp6InPktTooBigs", "packets too big: %llu", inpIcmp | I_TITLE],
  ["Icmp6InRedirects", "redirects: %llu", inpIcmp | I_TITLE],
  ["Icmp6InRouterAdvertisements", "router advertisement: %llu", inpIcmp | I_TITLE],
  ["Icmp6InRouterSolicits", "router solicits: %llu", inpIcmp | I_TITLE],
  ["Icmp6InTimeExcds", "received ICMPv6 time exceeded: %llu", inpIcmp | I_TITLE],
  ["Icmp6OutDestUnreachs", "destination unreachable: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutEchoReplies", "echo replies: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutEchos", "echo requests: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutGroupMembQueries", "group member queries: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutGroupMembReductions", "group member reductions: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutGroupMembResponses", "group member responses: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutMsgs", "%llu ICMP messages sent", number],
  ["Icmp6OutNeighborAdvertisements", "neighbor advertisements: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutNeighborSolicits", "neighbor solicits: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutParmProblems", "parameter problem: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutPktTooBigs", "packets too big: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutRedirects", "redirects: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutRouterAdvertisements ", "router advertisement: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutRouterSolicits", "router solicits: %llu", outpIcmp | I_TITLE],
  ["Icmp6OutTimeExcds", "sent ICMPv6 time exceeded: %llu", outpIcmp | I_TITLE],
];

const TCP_TAB: Entry[] = [
  ["ActiveOpens", "%llu active connection openings", number],
  ["AttemptFails", "%llu failed connection attempts", number],
  ["CurrEstab", "%llu connections established", number],
  ["EstabResets", "%llu connection resets received", number],
  ["InErrs", "%llu bad segments received", number],
  ["InSegs", "%llu segments received", number],
  ["MaxConn", "", number],
  ["OutRsts", "%llu resets sent", number],
  ["OutSegs", "%llu segments sent out", number],
  ["PassiveOpens", "%llu passive connection openings", number],
  ["RetransSegs", "%llu segments retransmitted", number],
  ["RtoAlgorithm", "RTO algorithm is %s", rtoAlg | I_STATIC],
  ["RtoMax", "", number],
  ["RtoMin", "", number],
];

const UDP_TAB: Entry[] = [
  ["InDatagrams", "%llu packets received", number],
  ["InErrors", "%llu packet receive errors", number],
  ["NoPorts", "%llu packets to unknown port received", number],
  ["OutDatagrams", "%llu packets sent", number],
  ["RcvbufErrors", "%llu receive buffer errors", number],
  ["SndbufErrors", "%llu send buffer errors", number],
];

const UDP6_TAB: Entry[] = [
  ["Udp6InDatagrams", "%llu packets received", number],
  ["Udp6InErrors", "%llu packet receive errors", number],
  ["Udp6NoPorts", "%llu packets to unknown port received", number],
  ["Udp6OutDatagrams", "%llu packets sent", number],
];

const TCP_EXT_TAB: Entry[] = [
  ["DelayedACKLocked", "%llu delayed acks further delayed because of locked socket", optNumber],
  ["DelayedACKLost", "Quick ack mode was activated %llu times", optNumber],
  ["DelayedACKs", "%llu delayed acks sent", optNumber],
  ["EmbryonicRsts", "%llu resets received for embryonic SYN_RECV sockets", optNumber],
  ["ListenDrops", "%llu SYNs to LISTEN sockets dropped", optNumber],
  ["ListenOverflows", "%llu times the listen queue of a socket overflowed", optNumber],
  ["LockDroppedIcmps", "%llu ICMP packets dropped because socket was locked", optNumber],
  ["OfoPruned", "%llu packets dropped from out-of-order queue because of socket buffer overrun", optNumber],
  ["OutOfWindowIcmps", "%llu ICMP packets dropped because they were out-of-window", optNumber],
  ["PAWSActive", "%llu active connections rejected because of time stamp", optNumber],
  ["PAWSEstab", "%llu packets rejected in established connections because of timestamp", optNumber],
  ["PAWSPassive", "%llu passive connections rejected because of time stamp", optNumber],
  ["PruneCalled", "%llu packets pruned from receive queue because of socket buffer overrun", optNumber],
  ["RcvPruned", "%llu packets pruned from receive queue", optNumber],
  ["SockMallocOOM", "Ran %llu times out of system memory during packet sending", optNumber],
  ["SyncookiesFailed", "%llu invalid SYN cookies received", optNumber],
  ["SyncookiesRecv", "%llu SYN cookies received", optNumber],
  ["SyncookiesSent", "%llu SYN cookies sent", optNumber],
  ["TCPAbortFailed", "%llu times unable to send RST due to no memory", optNumber],
  ["TCPAbortOnClose", "%llu connections reset due to early user close", optNumber],
  ["TCPAbortOnData", "%llu connections reset due to unexpected data", optNumber],
  ["TCPAbortOnLinger", "%llu connections aborted after user close in linger timeout", optNumber],
  ["TCPAbortOnMemory", "%llu connections aborted due to memory pressure", optNumber],
  ["TCPAbortOnSyn", "%llu connections reset due to unexpected SYN", optNumber],
  ["TCPAbortOnTimeout", "%llu connections aborted due to timeout", optNumber],
  ["TCPDirectCopyFromBacklog", "%llu bytes directly in process context from backlog", optNumber],
  ["TCPDirectCopyFromPrequeue", "%llu bytes directly received in process context from prequeue", optNumber],
  ["TCPDSACKOfoRecv", "%llu DSACKs for out of order packets received", optNumber],
  ["TCPDSACKOfoSent", "%llu DSACKs sent for out of order packets", optNumber],
  ["TCPDSACKOldSent", "%llu DSACKs sent for old packets", optNumber],
  ["TCPDSACKRecv", "%llu DSACKs received", optNumber],
  ["TCPDSackUndo", "%llu congestion window recovered without slow start using DSACK", optNumber],
  ["TCPDSACKUndo", "%llu congestion windows recovered without slow start by DSACK", optNumber],
  ["TCPFACKReorder", "Detected reordering %llu times using FACK", optNumber],
  ["TCPFastRetrans", "%llu fast retransmits", optNumber],
  ["TCPForwardRetrans", "%llu forward retransmits", optNumber],
  ["TCPFullUndo", "%llu congestion windows fully recovered without slow start", optNumber],
  ["TCPHPAcks", "%llu predicted acknowledgments", optNumber],
  ["TCPHPHits", "%llu packet headers predicted", number],
  ["TCPHPHitsToUser", "%llu packet headers predicted and directly queued to user", optNumber],
  ["TCPLossFailures", "%llu timeouts in loss state", optNumber],
  ["TCPLoss", "%llu TCP data loss events", optNumber],
  ["TCPLossUndo", "%llu congestion windows recovered without slow start after partial ack", optNumber],
  ["TCPLostRetransmits", "%llu retransmits lost", optNumber],
  ["TCPMemoryPressures", "TCP ran low on memory %llu times", optNumber],
  ["TCPPartialUndo", "%llu congestion windows partially recovered using Hoe heuristic", optNumber],
  ["TCPPrequeued", "%llu packets directly queued to recvmsg prequeue", optNumber],
  ["TCPPrequeueDropped", "%llu packets dropped from prequeue", optNumber],
  ["TCPPureAcks", "%llu acknowledgments not containing data payload received", optNumber],
  ["TCPRcvCollapsed", "%llu packets collapsed in receive queue due to low socket buffer", optNumber],
  ["TCPRenoFailures", "%llu timeouts after reno fast retransmit", optNumber],
  ["TCPRenoRecoveryFailed", "%llu reno fast retransmits failed", optNumber],
  ["TCPRenoRecoveryFail", "%llu classic Reno fast retransmits failed", optNumber],
  ["TCPRenoRecovery", "%llu times recovered from packet loss due to fast retransmit", optNumber],
  ["TCPRenoReorder", "Detected reordering %llu times using reno fast retransmit", optNumber],
  ["TCPSackFailures", "%llu timeouts after SACK recovery", optNumber],
  ["TCPSackRecoveryFail", "%llu SACK retransmits failed", optNumber],
  ["TCPSackRecovery", "%llu times recovered from packet loss by selective acknowledgements", optNumber],
  ["TCPSACKReneging", "%llu bad SACK blocks received", optNumber],
  ["TCPSACKReorder", "Detected reordering %llu times using SACK", optNumber],
  ["TCPSchedulerFailed", "%llu times receiver scheduled too late for direct processing", optNumber],
  ["TCPSlowStartRetrans", "%llu retransmits in slow start", optNumber],
  ["TCPTimeouts", "%llu other TCP timeouts", optNumber],
  ["TCPTSReorder", "Detected reordering %llu times using time stamp", optNumber],
  ["TWKilled", "%llu TCP sockets finished time wait in slow timer", optNumber],
  ["TW", "%llu TCP sockets finished time wait in fast timer", optNumber],
  ["TWRecycled", "%llu time wait sockets recycled by time stamp", optNumber],
];

interface Tab {
  title: string;
  tab?: Entry[];
  flag: () => boolean;
}

/** strcmp on byte values (the names are ASCII). */
function strcmp(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d) return d;
  }
  return a.length - b.length;
}

/** glibc's bsearch, on tables that are not always sorted. */
function bsearch(key: string, tab: Entry[]): Entry | undefined {
  let l = 0;
  let u = tab.length;
  while (l < u) {
    const idx = (l + u) >> 1;
    const c = strcmp(key, tab[idx][0]);
    if (c < 0) u = idx;
    else if (c > 0) l = idx + 1;
    else return tab[idx];
  }
  return undefined;
}

export interface StatFlags {
  raw: boolean;
  tcp: boolean;
  udp: boolean;
  sctp: boolean;
}

class Printer {
  state: State = State.number;
  out = "";

  constructor(private readonly flags: StatFlags) {}

  private tables(): Tab[] {
    const f = this.flags;
    return [
      { title: "Ip", tab: IP_TAB, flag: () => f.raw },
      { title: "Icmp", tab: ICMP_TAB, flag: () => f.raw },
      { title: "Tcp", tab: TCP_TAB, flag: () => f.tcp },
      { title: "Udp", tab: UDP_TAB, flag: () => f.udp },
      { title: "Sctp", flag: () => f.sctp },
      { title: "TcpExt", tab: TCP_EXT_TAB, flag: () => f.tcp },
    ];
  }

  private tables6(): Tab[] {
    const f = this.flags;
    return [
      { title: "Ip6", tab: IP6_TAB, flag: () => f.raw },
      { title: "Icmp6", tab: ICMP6_TAB, flag: () => f.raw },
      { title: "Udp6", tab: UDP6_TAB, flag: () => f.udp },
      { title: "Tcp6", tab: TCP_TAB, flag: () => f.tcp },
    ];
  }

  private pad(n: number): string {
    return " ".repeat(n);
  }

  /**
   * newtable: the title line (when its flag is on). Unknown titles always print (f_unknown) and
   * keep the state of the table before, so their lines take its indent.
   */
  newtable(tabs: Tab[], title: string): Tab {
    for (const t of tabs) {
      if (t.title === title) {
        if (t.flag()) this.out += `${title}:\n`;
        this.state = State.number;
        return t;
      }
    }
    this.out += `${title}:\n`;
    return { title, flag: () => true };
  }

  printval(tab: Tab, title: string, val: bigint): void {
    const ent = tab.tab ? bsearch(title, tab.tab) : undefined;
    if (!ent) {
      if (val) this.out += `${this.pad(INDENT[this.state])}${title}: ${val}\n`;
      return;
    }
    let type = ent[2];
    if (type & I_STATIC) return; // print_static is never set
    if (!ent[1]) return;
    if (type & I_TITLE) {
      type &= ~I_TITLE;
      if (this.state !== type) this.out += `${this.pad(INDENT[this.state])}${TITLES[type]}\n`;
    }
    let buf = "";
    switch (type) {
      case State.optNumber:
      case State.number:
        if (type === State.number || val) buf = ent[1].replace("%llu", String(val));
        break;
      case State.forward:
        type = State.number;
        buf = ent[1].replace("%s", val === 2n ? "enabled" : "disabled");
        break;
      case State.inpIcmp:
      case State.outpIcmp:
        if (val > 0n) buf = ent[1].replace("%llu", String(val));
        break;
    }
    if (buf) this.out += `${this.pad(INDENT[type])}${buf}\n`;
    this.state = type as State;
  }

  /** process_fd: header/value line pairs ("Tcp: A B" / "Tcp: 1 2"); a filter keeps titles starting with it. */
  processPairs(text: string, filter?: string): void {
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    let i = 0;
    while (i < lines.length) {
      const head = lines[i++];
      if (head === "") continue; // the empty first line of 2.6 kernels
      if (i >= lines.length) break;
      const vals = lines[i++];
      const sp = head.indexOf(":");
      const np = vals.indexOf(":");
      if (sp < 0 || np < 0) return;
      const title = head.slice(0, sp);
      if (filter !== undefined && !title.startsWith(filter)) continue;
      const tab = this.newtable(this.tables(), title);
      const names = head
        .slice(sp + 1)
        .split(/[ \t]+/)
        .filter(Boolean);
      const values = vals
        .slice(np + 1)
        .split(/[ \t]+/)
        .filter(Boolean);
      if (!tab.flag()) continue;
      names.forEach((n, k) => this.printval(tab, n, strtoull(values[k])));
    }
  }

  /** process6_fd: "Name value" lines, a new table whenever the name stops containing the title. */
  process6(text: string): void {
    let title = "";
    let tab: Tab | undefined;
    for (const l of text.split("\n")) {
      if (!l) continue;
      const [name, v] = l.split(/\s+/);
      if (!tab || !name.includes(title)) {
        title = cpytitle(name);
        tab = this.newtable(this.tables6(), title);
      }
      if (tab.flag()) this.printval(tab, name, strtoull(v));
    }
  }
}

/** strtoull: "-1" wraps around as the C library does. */
function strtoull(s: string | undefined): bigint {
  if (!s) return 0n;
  const m = /^-?\d+/.exec(s);
  if (!m) return 0n;
  const v = BigInt(m[0]);
  return v < 0n ? (1n << 64n) + v : v;
}

/** cpytitle: the name up to and including its first "6" ("Icmp6InMsgs" → "Icmp6"). */
function cpytitle(name: string): string {
  const i = name.indexOf("6");
  return i < 0 ? name : name.slice(0, i + 1);
}

/** parsesnmp / parsesnmp6 for `netstat -s`; returns the exit status. */
export function printStatistics(c: Cmd, af: string, flags: StatFlags): number {
  const p = new Printer(flags);
  if (af === "inet") {
    const snmp = c.fs.read(c.ctx, "/proc/net/snmp");
    if (!snmp.ok) {
      c.err("cannot open /proc/net/snmp: No such file or directory\n");
      return 0;
    }
    p.processPairs(snmp.value);
    const ns = c.fs.read(c.ctx, "/proc/net/netstat");
    if (ns.ok) p.processPairs(ns.value);
  } else if (af === "inet6") {
    const s6 = c.fs.read(c.ctx, "/proc/net/snmp6");
    if (!s6.ok) {
      c.err("cannot open /proc/net/snmp6: No such file or directory\n");
      return 0;
    }
    p.process6(s6.value);
    const snmp = c.fs.read(c.ctx, "/proc/net/snmp");
    if (snmp.ok) p.processPairs(snmp.value, "Tcp");
  } else {
    c.out(`netstat: No statistics support for specified address family: ${af}\n`);
    return 1;
  }
  c.out(p.out);
  return 0;
}
