/**
 * The SNMP MIB counters of one network namespace (struct netns_mib: ip_statistics,
 * icmp_statistics, icmpmsg_statistics, tcp_statistics, udp_statistics, net_statistics and their
 * IPv6 twins) and the files that show them: /proc/net/snmp, /proc/net/netstat (net/ipv4/proc.c)
 * and /proc/net/snmp6 (net/ipv6/proc.c), in the layout of the oracle's 6.18 kernel.
 *
 * Each group is a Float64Array indexed by the constants below (`mib.ip[IP.InReceives]++`): the
 * packet path increments where the kernel does (stack.ts, ipv6.ts, sockets/), and nothing is
 * computed until a file is read. Counters the simulator has no event for stay 0 (see README).
 */
import type { Netns } from "./netns";

/** { name: index } for a list of field names. */
function indexes<T extends readonly string[]>(names: T): { readonly [K in T[number]]: number } {
  const o: Record<string, number> = {};
  names.forEach((n, i) => (o[n] = i));
  return Object.freeze(o) as { readonly [K in T[number]]: number };
}

/** snmp4_ipstats_list (after the two configuration values Forwarding and DefaultTTL). */
const IP_FIELDS = [
  "InReceives",
  "InHdrErrors",
  "InAddrErrors",
  "ForwDatagrams",
  "InUnknownProtos",
  "InDiscards",
  "InDelivers",
  "OutRequests",
  "OutDiscards",
  "OutNoRoutes",
  "ReasmTimeout",
  "ReasmReqds",
  "ReasmOKs",
  "ReasmFails",
  "FragOKs",
  "FragFails",
  "FragCreates",
  "OutTransmits",
] as const;

/** snmp4_ipextstats_list: the rest of ip_statistics, shown in /proc/net/netstat. */
const IP_EXT_FIELDS = [
  "InNoRoutes",
  "InTruncatedPkts",
  "InMcastPkts",
  "OutMcastPkts",
  "InBcastPkts",
  "OutBcastPkts",
  "InOctets",
  "OutOctets",
  "InMcastOctets",
  "OutMcastOctets",
  "InBcastOctets",
  "OutBcastOctets",
  "InCsumErrors",
  "InNoECTPkts",
  "InECT1Pkts",
  "InECT0Pkts",
  "InCEPkts",
  "ReasmOverlaps",
] as const;

/** icmp_statistics (the per-type columns come from icmpmsg_statistics). */
const ICMP_FIELDS = [
  "InMsgs",
  "InErrors",
  "InCsumErrors",
  "OutMsgs",
  "OutErrors",
  "OutRateLimitGlobal",
  "OutRateLimitHost",
] as const;

/** icmpmibmap: the per-type columns of the Icmp line. */
const ICMP_TYPE_COLUMNS: readonly [string, number][] = [
  ["DestUnreachs", 3],
  ["TimeExcds", 11],
  ["ParmProbs", 12],
  ["SrcQuenchs", 4],
  ["Redirects", 5],
  ["Echos", 8],
  ["EchoReps", 0],
  ["Timestamps", 13],
  ["TimestampReps", 14],
  ["AddrMasks", 17],
  ["AddrMaskReps", 18],
];

/** snmp4_tcp_list after RtoAlgorithm RtoMin RtoMax MaxConn (CurrEstab is a gauge the socket layer reports). */
const TCP_FIELDS = [
  "ActiveOpens",
  "PassiveOpens",
  "AttemptFails",
  "EstabResets",
  "CurrEstab",
  "InSegs",
  "OutSegs",
  "RetransSegs",
  "InErrs",
  "OutRsts",
  "InCsumErrors",
] as const;

const UDP_FIELDS = [
  "InDatagrams",
  "NoPorts",
  "InErrors",
  "OutDatagrams",
  "RcvbufErrors",
  "SndbufErrors",
  "InCsumErrors",
  "IgnoredMulti",
  "MemErrors",
] as const;

/** snmp4_net_list as 6.18 has it (LINUX_MIB_*). */
const TCP_EXT_FIELDS = [
  "SyncookiesSent",
  "SyncookiesRecv",
  "SyncookiesFailed",
  "EmbryonicRsts",
  "PruneCalled",
  "RcvPruned",
  "OfoPruned",
  "OutOfWindowIcmps",
  "LockDroppedIcmps",
  "ArpFilter",
  "TW",
  "TWRecycled",
  "TWKilled",
  "PAWSActive",
  "PAWSEstab",
  "BeyondWindow",
  "TSEcrRejected",
  "PAWSOldAck",
  "PAWSTimewait",
  "DelayedACKs",
  "DelayedACKLocked",
  "DelayedACKLost",
  "ListenOverflows",
  "ListenDrops",
  "TCPHPHits",
  "TCPPureAcks",
  "TCPHPAcks",
  "TCPRenoRecovery",
  "TCPSackRecovery",
  "TCPSACKReneging",
  "TCPSACKReorder",
  "TCPRenoReorder",
  "TCPTSReorder",
  "TCPFullUndo",
  "TCPPartialUndo",
  "TCPDSACKUndo",
  "TCPLossUndo",
  "TCPLostRetransmit",
  "TCPRenoFailures",
  "TCPSackFailures",
  "TCPLossFailures",
  "TCPFastRetrans",
  "TCPSlowStartRetrans",
  "TCPTimeouts",
  "TCPLossProbes",
  "TCPLossProbeRecovery",
  "TCPRenoRecoveryFail",
  "TCPSackRecoveryFail",
  "TCPRcvCollapsed",
  "TCPBacklogCoalesce",
  "TCPDSACKOldSent",
  "TCPDSACKOfoSent",
  "TCPDSACKRecv",
  "TCPDSACKOfoRecv",
  "TCPAbortOnData",
  "TCPAbortOnClose",
  "TCPAbortOnMemory",
  "TCPAbortOnTimeout",
  "TCPAbortOnLinger",
  "TCPAbortFailed",
  "TCPMemoryPressures",
  "TCPMemoryPressuresChrono",
  "TCPSACKDiscard",
  "TCPDSACKIgnoredOld",
  "TCPDSACKIgnoredNoUndo",
  "TCPSpuriousRTOs",
  "TCPMD5NotFound",
  "TCPMD5Unexpected",
  "TCPMD5Failure",
  "TCPSackShifted",
  "TCPSackMerged",
  "TCPSackShiftFallback",
  "TCPBacklogDrop",
  "PFMemallocDrop",
  "TCPMinTTLDrop",
  "TCPDeferAcceptDrop",
  "IPReversePathFilter",
  "TCPTimeWaitOverflow",
  "TCPReqQFullDoCookies",
  "TCPReqQFullDrop",
  "TCPRetransFail",
  "TCPRcvCoalesce",
  "TCPOFOQueue",
  "TCPOFODrop",
  "TCPOFOMerge",
  "TCPChallengeACK",
  "TCPSYNChallenge",
  "TCPFastOpenActive",
  "TCPFastOpenActiveFail",
  "TCPFastOpenPassive",
  "TCPFastOpenPassiveFail",
  "TCPFastOpenListenOverflow",
  "TCPFastOpenCookieReqd",
  "TCPFastOpenBlackhole",
  "TCPSpuriousRtxHostQueues",
  "BusyPollRxPackets",
  "TCPAutoCorking",
  "TCPFromZeroWindowAdv",
  "TCPToZeroWindowAdv",
  "TCPWantZeroWindowAdv",
  "TCPSynRetrans",
  "TCPOrigDataSent",
  "TCPHystartTrainDetect",
  "TCPHystartTrainCwnd",
  "TCPHystartDelayDetect",
  "TCPHystartDelayCwnd",
  "TCPACKSkippedSynRecv",
  "TCPACKSkippedPAWS",
  "TCPACKSkippedSeq",
  "TCPACKSkippedFinWait2",
  "TCPACKSkippedTimeWait",
  "TCPACKSkippedChallenge",
  "TCPWinProbe",
  "TCPKeepAlive",
  "TCPMTUPFail",
  "TCPMTUPSuccess",
  "TCPDelivered",
  "TCPDeliveredCE",
  "TCPAckCompressed",
  "TCPZeroWindowDrop",
  "TCPRcvQDrop",
  "TCPWqueueTooBig",
  "TCPFastOpenPassiveAltKey",
  "TcpTimeoutRehash",
  "TcpDuplicateDataRehash",
  "TCPDSACKRecvSegs",
  "TCPDSACKIgnoredDubious",
  "TCPMigrateReqSuccess",
  "TCPMigrateReqFailure",
  "TCPPLBRehash",
  "TCPAORequired",
  "TCPAOBad",
  "TCPAOKeyNotFound",
  "TCPAOGood",
  "TCPAODroppedIcmps",
] as const;

/** mptcp_snmp_list: MPTCP is not modelled, so these stay 0. */
const MPTCP_EXT_FIELDS = [
  "MPCapableSYNRX",
  "MPCapableSYNTX",
  "MPCapableSYNACKRX",
  "MPCapableACKRX",
  "MPCapableFallbackACK",
  "MPCapableFallbackSYNACK",
  "MPCapableSYNTXDrop",
  "MPCapableSYNTXDisabled",
  "MPCapableEndpAttempt",
  "MPFallbackTokenInit",
  "MPTCPRetrans",
  "MPJoinNoTokenFound",
  "MPJoinSynRx",
  "MPJoinSynBackupRx",
  "MPJoinSynAckRx",
  "MPJoinSynAckBackupRx",
  "MPJoinSynAckHMacFailure",
  "MPJoinAckRx",
  "MPJoinAckHMacFailure",
  "MPJoinRejected",
  "MPJoinSynTx",
  "MPJoinSynTxCreatSkErr",
  "MPJoinSynTxBindErr",
  "MPJoinSynTxConnectErr",
  "DSSNotMatching",
  "DSSCorruptionFallback",
  "DSSCorruptionReset",
  "InfiniteMapTx",
  "InfiniteMapRx",
  "DSSNoMatchTCP",
  "DataCsumErr",
  "OFOQueueTail",
  "OFOQueue",
  "OFOMerge",
  "NoDSSInWindow",
  "DuplicateData",
  "AddAddr",
  "AddAddrTx",
  "AddAddrTxDrop",
  "EchoAdd",
  "EchoAddTx",
  "EchoAddTxDrop",
  "PortAdd",
  "AddAddrDrop",
  "MPJoinPortSynRx",
  "MPJoinPortSynAckRx",
  "MPJoinPortAckRx",
  "MismatchPortSynRx",
  "MismatchPortAckRx",
  "RmAddr",
  "RmAddrDrop",
  "RmAddrTx",
  "RmAddrTxDrop",
  "RmSubflow",
  "MPPrioTx",
  "MPPrioRx",
  "MPFailTx",
  "MPFailRx",
  "MPFastcloseTx",
  "MPFastcloseRx",
  "MPRstTx",
  "MPRstRx",
  "SubflowStale",
  "SubflowRecover",
  "SndWndShared",
  "RcvWndShared",
  "RcvWndConflictUpdate",
  "RcvWndConflict",
  "MPCurrEstab",
  "Blackhole",
  "MPCapableDataFallback",
  "MD5SigFallback",
  "DssFallback",
  "SimultConnectFallback",
  "FallbackFailed",
  "WinProbe",
] as const;

/** snmp6_ipstats_list. */
const IP6_FIELDS = [
  "InReceives",
  "InHdrErrors",
  "InTooBigErrors",
  "InNoRoutes",
  "InAddrErrors",
  "InUnknownProtos",
  "InTruncatedPkts",
  "InDiscards",
  "InDelivers",
  "OutForwDatagrams",
  "OutRequests",
  "OutDiscards",
  "OutNoRoutes",
  "ReasmTimeout",
  "ReasmReqds",
  "ReasmOKs",
  "ReasmFails",
  "FragOKs",
  "FragFails",
  "FragCreates",
  "InMcastPkts",
  "OutMcastPkts",
  "InOctets",
  "OutOctets",
  "InMcastOctets",
  "OutMcastOctets",
  "InBcastOctets",
  "OutBcastOctets",
  "InNoECTPkts",
  "InECT1Pkts",
  "InECT0Pkts",
  "InCEPkts",
  "OutTransmits",
] as const;

/** snmp6_icmp6_list. */
const ICMP6_FIELDS = [
  "InMsgs",
  "InErrors",
  "OutMsgs",
  "OutErrors",
  "InCsumErrors",
  "OutRateLimitHost",
] as const;

/** icmp6type2name: the ICMPv6 types /proc/net/snmp6 names (the others only as TypeN). */
const ICMP6_TYPE_NAMES: readonly [number, string][] = [
  [1, "DestUnreachs"],
  [2, "PktTooBigs"],
  [3, "TimeExcds"],
  [4, "ParmProblems"],
  [128, "Echos"],
  [129, "EchoReplies"],
  [130, "GroupMembQueries"],
  [131, "GroupMembResponses"],
  [132, "GroupMembReductions"],
  [133, "RouterSolicits"],
  [134, "RouterAdvertisements"],
  [135, "NeighborSolicits"],
  [136, "NeighborAdvertisements"],
  [137, "Redirects"],
  [143, "MLDv2Reports"],
];

/** snmp6_udp6_list and snmp6_udplite6_list (UDP-Lite has no IgnoredMulti). */
const UDP6_FIELDS = UDP_FIELDS;
const UDPLITE6_FIELDS = [
  "InDatagrams",
  "NoPorts",
  "InErrors",
  "OutDatagrams",
  "RcvbufErrors",
  "SndbufErrors",
  "InCsumErrors",
  "MemErrors",
] as const;

export const IP = indexes(IP_FIELDS);
export const IP_EXT = indexes(IP_EXT_FIELDS);
export const ICMP = indexes(ICMP_FIELDS);
export const TCP = indexes(TCP_FIELDS);
export const UDP = indexes(UDP_FIELDS);
export const TCP_EXT = indexes(TCP_EXT_FIELDS);
export const IP6 = indexes(IP6_FIELDS);
export const ICMP6 = indexes(ICMP6_FIELDS);

/** icmpmsg_statistics: In types at 0…255, Out types at 256…511 (ICMPMSG_MIB_MAX). */
const ICMPMSG_OUT = 0x100;

/** Counters nothing increments (UDP-Lite, MPTCP): shown from one shared array of zeros. */
const ZEROS = new Float64Array(Math.max(UDP_FIELDS.length, UDPLITE6_FIELDS.length, MPTCP_EXT_FIELDS.length));

/**
 * The counters of one namespace. The IP groups every packet touches are allocated with the
 * namespace; the others on their first increment (a lab may hold thousands of namespaces).
 */
export class Mib {
  readonly ip = new Float64Array(IP_FIELDS.length);
  readonly ipExt = new Float64Array(IP_EXT_FIELDS.length);
  private icmp_?: Float64Array;
  private icmpMsg_?: Float64Array;
  private tcp_?: Float64Array;
  private udp_?: Float64Array;
  private tcpExt_?: Float64Array;
  private ip6_?: Float64Array;
  private icmp6_?: Float64Array;
  private icmp6Msg_?: Float64Array;
  private udp6_?: Float64Array;
  /** TCP_MIB_CURRESTAB: sockets in ESTABLISHED or CLOSE_WAIT (the socket layer counts them on demand). */
  currEstab: () => number = () => 0;

  get icmp(): Float64Array {
    return (this.icmp_ ??= new Float64Array(ICMP_FIELDS.length));
  }
  get icmpMsg(): Float64Array {
    return (this.icmpMsg_ ??= new Float64Array(2 * ICMPMSG_OUT));
  }
  get tcp(): Float64Array {
    return (this.tcp_ ??= new Float64Array(TCP_FIELDS.length));
  }
  get udp(): Float64Array {
    return (this.udp_ ??= new Float64Array(UDP_FIELDS.length));
  }
  get tcpExt(): Float64Array {
    return (this.tcpExt_ ??= new Float64Array(TCP_EXT_FIELDS.length));
  }
  get ip6(): Float64Array {
    return (this.ip6_ ??= new Float64Array(IP6_FIELDS.length));
  }
  get icmp6(): Float64Array {
    return (this.icmp6_ ??= new Float64Array(ICMP6_FIELDS.length));
  }
  get icmp6Msg(): Float64Array {
    return (this.icmp6Msg_ ??= new Float64Array(2 * ICMPMSG_OUT));
  }
  get udp6(): Float64Array {
    return (this.udp6_ ??= new Float64Array(UDP6_FIELDS.length));
  }
  get udpLite(): Float64Array {
    return ZEROS;
  }
  get mptcpExt(): Float64Array {
    return ZEROS;
  }
  get udpLite6(): Float64Array {
    return ZEROS;
  }

  /** ip_rcv_core: __IP_UPD_PO_STATS(IPSTATS_MIB_IN) and the ECN class of the header. */
  ipIn(len: number, tos: number): void {
    this.ip[IP.InReceives]++;
    this.ipExt[IP_EXT.InOctets] += len;
    this.ipExt[IP_EXT.InNoECTPkts + (tos & 3)]++;
  }

  /** ip_finish_output2: IP_UPD_PO_STATS(IPSTATS_MIB_OUT), after fragmentation. */
  ipOut(len: number): void {
    this.ip[IP.OutTransmits]++;
    this.ipExt[IP_EXT.OutOctets] += len;
  }

  /** icmp_rcv: ICMP_MIB_INMSGS and ICMPMSGIN_INC_STATS. */
  icmpIn(type: number): void {
    this.icmp[ICMP.InMsgs]++;
    this.icmpMsg[type & 0xff]++;
  }

  /** icmp_out_count: ICMPMSGOUT_INC_STATS and ICMP_MIB_OUTMSGS (every ICMP message __ip_make_skb builds). */
  icmpOut(type: number): void {
    this.icmp[ICMP.OutMsgs]++;
    this.icmpMsg[ICMPMSG_OUT + (type & 0xff)]++;
  }

  /** ICMP6MSGOUT_INC_STATS + ICMP6_MIB_OUTMSGS (icmp6_send, ndisc, mld). */
  icmp6Out(type: number): void {
    this.icmp6[ICMP6.OutMsgs]++;
    this.icmp6Msg[ICMPMSG_OUT + (type & 0xff)]++;
  }

  icmp6In(type: number): void {
    this.icmp6[ICMP6.InMsgs]++;
    this.icmp6Msg[type & 0xff]++;
  }
}

// ------------------------------------------------------------------------------------------
// /proc/net/snmp, /proc/net/netstat, /proc/net/snmp6

function line(prefix: string, names: readonly string[], values: ArrayLike<number>): string {
  let head = prefix + ":";
  let vals = prefix + ":";
  for (let i = 0; i < names.length; i++) {
    head += " " + names[i];
    vals += " " + values[i];
  }
  return head + "\n" + vals + "\n";
}

/** icmpmsg_put: "IcmpMsg:" lines for the types seen, 16 a line, In types first. */
function icmpMsgLines(msg: Float64Array): string {
  let s = "";
  let types: string[] = [];
  let vals: number[] = [];
  const flush = () => {
    if (!types.length) return;
    s += `IcmpMsg: ${types.join(" ")}\nIcmpMsg: ${vals.join(" ")}\n`;
    types = [];
    vals = [];
  };
  for (let i = 0; i < msg.length; i++) {
    if (msg[i]) {
      types.push(`${i & ICMPMSG_OUT ? "Out" : "In"}Type${i & 0xff}`);
      vals.push(msg[i]);
    }
    if (types.length === 16) flush();
  }
  flush();
  return s;
}

/** snmp_seq_show: /proc/net/snmp. */
export function procNetSnmp(ns: Netns): string {
  const m = ns.mib;
  const forwarding = ns.sysctl.int("net/ipv4/conf/all/forwarding") ? 1 : 2;
  const ttl = ns.sysctl.int("net/ipv4/ip_default_ttl", 64);
  let s = line("Ip", ["Forwarding", "DefaultTTL", ...IP_FIELDS], [forwarding, ttl, ...m.ip]);
  const inTypes = ICMP_TYPE_COLUMNS.map(([, t]) => m.icmpMsg[t]);
  const outTypes = ICMP_TYPE_COLUMNS.map(([, t]) => m.icmpMsg[ICMPMSG_OUT + t]);
  s += line(
    "Icmp",
    [
      "InMsgs",
      "InErrors",
      "InCsumErrors",
      ...ICMP_TYPE_COLUMNS.map(([n]) => "In" + n),
      "OutMsgs",
      "OutErrors",
      "OutRateLimitGlobal",
      "OutRateLimitHost",
      ...ICMP_TYPE_COLUMNS.map(([n]) => "Out" + n),
    ],
    [
      m.icmp[ICMP.InMsgs],
      m.icmp[ICMP.InErrors],
      m.icmp[ICMP.InCsumErrors],
      ...inTypes,
      m.icmp[ICMP.OutMsgs],
      m.icmp[ICMP.OutErrors],
      m.icmp[ICMP.OutRateLimitGlobal],
      m.icmp[ICMP.OutRateLimitHost],
      ...outTypes,
    ],
  );
  s += icmpMsgLines(m.icmpMsg);
  const tcp = Array.from(m.tcp);
  tcp[TCP.CurrEstab] = m.currEstab();
  s += line(
    "Tcp",
    ["RtoAlgorithm", "RtoMin", "RtoMax", "MaxConn", ...TCP_FIELDS],
    [1, 200, 120000, -1, ...tcp],
  );
  s += line("Udp", UDP_FIELDS, m.udp);
  s += line("UdpLite", UDP_FIELDS, m.udpLite);
  return s;
}

/** netstat_seq_show: /proc/net/netstat. */
export function procNetNetstat(ns: Netns): string {
  const m = ns.mib;
  return (
    line("TcpExt", TCP_EXT_FIELDS, m.tcpExt) +
    line("IpExt", IP_EXT_FIELDS, m.ipExt) +
    line("MPTcpExt", MPTCP_EXT_FIELDS, m.mptcpExt)
  );
}

/** snmp6_seq_show: /proc/net/snmp6 ("%-32s\t%lu"). */
export function procNetSnmp6(ns: Netns): string {
  const m = ns.mib;
  let s = "";
  const put = (name: string, v: number) => (s += `${name.padEnd(32)}\t${v}\n`);
  IP6_FIELDS.forEach((n, i) => put("Ip6" + n, m.ip6[i]));
  ICMP6_FIELDS.forEach((n, i) => put("Icmp6" + n, m.icmp6[i]));
  for (const dir of [0, ICMPMSG_OUT])
    for (const [t, n] of ICMP6_TYPE_NAMES) put(`Icmp6${dir ? "Out" : "In"}${n}`, m.icmp6Msg[dir + t]);
  for (let i = 0; i < m.icmp6Msg.length; i++)
    if (m.icmp6Msg[i]) put(`Icmp6${i & ICMPMSG_OUT ? "Out" : "In"}Type${i & 0xff}`, m.icmp6Msg[i]);
  UDP6_FIELDS.forEach((n, i) => put("Udp6" + n, m.udp6[i]));
  UDPLITE6_FIELDS.forEach((n, i) => put("UdpLite6" + n, m.udpLite6[i]));
  return s;
}
