/**
 * `ip link show` / `ip addr show` (ip/ipaddress.c): the link and address dumps and their
 * printers (print_linkinfo, print_addrinfo, brief forms, -s statistics, -d details, JSON),
 * reading the kernel's objects the way rtnetlink would report them to the observing namespace.
 */
import type { NetDevice } from "../../kernel/device";
import { bridgeIdText, jiffiesToClock, stp, stpPort } from "../../kernel/bridge-stp";
import { VethDevice, NicDevice } from "../../kernel/device";
import { BridgeDevice } from "../../kernel/bridge";
import { VxlanDevice } from "../../kernel/vxlan";
import type { Netns } from "../../kernel/netns";
import { OPER_STATE_NAMES, OperState, PORT_STATE_NAMES } from "../../kernel/types";
import {
  currentFlags,
  IFF_ALLMULTI,
  IFF_BROADCAST,
  IFF_LOOPBACK,
  IFF_LOWER_UP,
  IFF_MULTICAST,
  IFF_NOARP,
  IFF_PROMISC,
  IFF_RUNNING,
  IFF_UP,
} from "../../kernel/rtnl-link";
import { ip6ToString } from "../../wire/addr";
import { Color, type Out, PRINT_ANY, PRINT_FP, PRINT_JSON } from "./print";
import {
  AF_INET,
  AF_INET6,
  AF_PACKET,
  AF_UNSPEC,
  Args,
  getPrefix,
  groupA2n,
  groupN2a,
  ip4Text,
  type IpCtx,
  matches,
  rtScopeA2n,
  rtScopeN2a,
  type InetPrefix,
} from "./common";
import { maskOf } from "../../util/inet";
import { sprintf } from "../../util/printf";
import { USAGE } from "./usage";

export interface AddrFilter {
  ifindex: number;
  up: boolean;
  family: number;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label?: string;
  group: number;
  master: number;
  kind?: string;
  slaveKind?: string;
  pfx?: InetPrefix;
  oneline: boolean;
  showqueue: boolean;
}

export function newFilter(oneline: boolean): AddrFilter {
  return {
    ifindex: 0,
    up: false,
    family: AF_UNSPEC,
    scope: 0,
    scopemask: 0,
    flags: 0,
    flagmask: 0,
    group: -1,
    master: 0,
    oneline,
    showqueue: false,
  };
}

// ---- link attributes as rtnl_fill_ifinfo reports them ----

/** IFLA_LINK (undefined when iflink == ifindex) and IFLA_LINK_NETNSID as the observer sees them. */
function linkAttr(ip: IpCtx, dev: NetDevice): { link?: number; netnsid?: number } {
  if (dev instanceof NicDevice) return {};
  if (dev instanceof VethDevice) {
    const peer = dev.peer;
    const iflink = peer ? peer.ifindex : 0;
    if (iflink === dev.ifindex && peer?.ns === dev.ns) return {};
    const ln = dev.linkNetns();
    if (ln) return { link: iflink, netnsid: ip.ns.nsidAlloc(ln) };
    return { link: iflink };
  }
  return {};
}

export function linkKind(dev: NetDevice): string | undefined {
  switch (dev.kind) {
    case "veth":
    case "nic":
      return "veth";
    case "bridge":
      return "bridge";
    case "vxlan":
      return "vxlan";
    case "dummy":
      return "dummy";
    default:
      return undefined;
  }
}

/** get_name_from_nsid: a named netns of this machine that has this id in the observer. */
function nameFromNsid(ip: IpCtx, id: number): string | undefined {
  for (const [name, ns] of ip.ctx.machine.netnsDir) if (ip.ns.nsidOf(ns) === id) return name;
  return undefined;
}

/** print_name_and_link */
function printNameAndLink(ip: IpCtx, fmt: string, dev: NetDevice): boolean {
  const o = ip.out;
  let name = dev.name;
  let mflag = false;
  const { link, netnsid } = linkAttr(ip, dev);
  if (link !== undefined) {
    let l: string | null = null;
    if (link) {
      if (netnsid !== undefined) {
        if (o.isJson()) o.int(PRINT_JSON, "link_index", null, link);
        else l = `if${link}`;
      } else {
        const peer = ip.ns.byIndex(link);
        l = peer ? peer.name : `if${link}`;
        if (o.isJson()) {
          o.string(PRINT_JSON, "link", null, l);
          l = null;
        }
        mflag = peer ? !peer.up : true;
      }
    } else {
      if (o.isJson()) o.null(PRINT_JSON, "link", null, null);
      else l = "NONE";
    }
    if (l) name = `${name}@${l}`;
  }
  o.string(PRINT_ANY, "ifname", fmt, name, Color.IFNAME);
  return mflag;
}

function printLinkFlags(ip: IpCtx, flags: number, mdown: boolean): void {
  const o = ip.out;
  o.openArray(PRINT_ANY, o.isJson() ? "flags" : "<");
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) o.string(PRINT_ANY, null, flags ? "%s," : "%s", "NO-CARRIER");
  flags &= ~IFF_RUNNING;
  const names: [number, string][] = [
    [IFF_LOOPBACK, "LOOPBACK"],
    [IFF_BROADCAST, "BROADCAST"],
    [0x10, "POINTOPOINT"],
    [IFF_MULTICAST, "MULTICAST"],
    [IFF_NOARP, "NOARP"],
    [IFF_ALLMULTI, "ALLMULTI"],
    [IFF_PROMISC, "PROMISC"],
    [0x400, "MASTER"],
    [0x800, "SLAVE"],
    [0x4, "DEBUG"],
    [0x8000, "DYNAMIC"],
    [0x4000, "AUTOMEDIA"],
    [0x2000, "PORTSEL"],
    [0x20, "NOTRAILERS"],
    [IFF_UP, "UP"],
    [IFF_LOWER_UP, "LOWER_UP"],
    [0x20000, "DORMANT"],
    [0x40000, "ECHO"],
  ];
  for (const [bit, n] of names) {
    if (flags & bit) {
      flags &= ~bit;
      o.string(PRINT_ANY, null, flags ? "%s," : "%s", n);
    }
  }
  if (flags) o.hex(PRINT_ANY, null, "%x", flags);
  if (mdown) o.string(PRINT_ANY, null, ",%s", "M-DOWN");
  o.closeArray(PRINT_ANY, "> ");
}

function operColor(state: number): Color {
  return state === OperState.UP
    ? Color.OPERSTATE_UP
    : state === OperState.DOWN
      ? Color.OPERSTATE_DOWN
      : Color.NONE;
}

function printOperstate(ip: IpCtx, state: number): void {
  const o = ip.out;
  if (ip.opts.brief) {
    o.string(PRINT_ANY, "operstate", "%-14s ", OPER_STATE_NAMES[state], operColor(state));
  } else if (o.isJson()) {
    o.string(PRINT_JSON, "operstate", null, OPER_STATE_NAMES[state]);
  } else {
    o.printf("state ");
    o.colorPrintf(operColor(state), "%s ", OPER_STATE_NAMES[state]);
  }
}

export function linkFlags(dev: NetDevice): number {
  return currentFlags(dev);
}

function linkType(dev: NetDevice): string {
  return dev.isLoopback() ? "loopback" : "ether";
}

function printLinkinfoBrief(ip: IpCtx, dev: NetDevice, filter: AddrFilter): void {
  const o = ip.out;
  const mflag = printNameAndLink(ip, "%-16s ", dev);
  printOperstate(ip, dev.reportedOperstate());
  if (filter.family === AF_PACKET) {
    o.string(PRINT_ANY, "address", "%s ", dev.mac, Color.MAC);
    printLinkFlags(ip, linkFlags(dev), mflag);
    o.string(PRINT_FP, null, "%s", "\n");
  }
}

/** print_linkinfo. Returns -1 when filtered out, 1 when printed. */
export function printLinkinfo(ip: IpCtx, dev: NetDevice, filter: AddrFilter, doLink: boolean): number {
  const o = ip.out;
  if (filter.ifindex && dev.ifindex !== filter.ifindex) return -1;
  if (filter.up && !dev.up) return -1;
  if (filter.label) return 0;
  if (filter.group !== -1 && dev.group !== filter.group) return -1;
  if (filter.master > 0 && dev.master?.ifindex !== filter.master) return -1;
  if (filter.master === -1 && dev.master) return -1;
  if (filter.kind && linkKind(dev) !== filter.kind) return -1;
  if (filter.slaveKind && !(dev.master && filter.slaveKind === "bridge")) return -1;

  if (ip.opts.brief) {
    printLinkinfoBrief(ip, dev, filter);
    return 1;
  }
  o.int(PRINT_ANY, "ifindex", "%d: ", dev.ifindex);
  const mflag = printNameAndLink(ip, "%s: ", dev);
  printLinkFlags(ip, linkFlags(dev), mflag);
  o.int(PRINT_ANY, "mtu", "mtu %u ", dev.mtu);
  // with -6 the links come from the IPv6 link dump (inet6_fill_ifinfo): no qdisc, master, group
  const v6dump = !doLink && filter.family === AF_INET6 && !filter.ifindex;
  if (!v6dump) o.string(PRINT_ANY, "qdisc", "qdisc %s ", dev.qdisc());
  if (dev.master && !v6dump) o.string(PRINT_ANY, "master", "master %s ", ip.indexToName(dev.master.ifindex));
  printOperstate(ip, dev.reportedOperstate());
  if (doLink) o.string(PRINT_ANY, "linkmode", "mode %s ", "DEFAULT");
  if (!v6dump) o.string(PRINT_ANY, "group", "group %s ", groupN2a(dev.group));
  if (filter.showqueue && dev.txqlen) o.int(PRINT_ANY, "txqlen", "qlen %d", dev.txqlen);

  if (!filter.family || filter.family === AF_PACKET || ip.opts.details) {
    o.nl();
    o.string(PRINT_ANY, "link_type", "    link/%s ", linkType(dev));
    o.string(PRINT_ANY, "address", "%s", dev.mac, Color.MAC);
    o.string(PRINT_FP, null, " brd ", null);
    o.string(PRINT_ANY, "broadcast", "%s", dev.brd, Color.MAC);
  }
  const { netnsid } = linkAttr(ip, dev);
  if (netnsid !== undefined) {
    if (o.isJson()) o.int(PRINT_JSON, "link_netnsid", null, netnsid);
    else if (netnsid >= 0) {
      const name = nameFromNsid(ip, netnsid);
      if (name) o.string(PRINT_FP, null, " link-netns %s", name);
      else o.int(PRINT_FP, null, " link-netnsid %d", netnsid);
    } else o.string(PRINT_FP, null, " link-netnsid %s", "unknown");
  }
  if (ip.opts.details) {
    o.uint(PRINT_ANY, "promiscuity", " promiscuity %u ", dev.promiscuity);
    o.uint(PRINT_ANY, "allmulti", " allmulti %u ", dev.allmulti);
    o.uint(PRINT_ANY, "min_mtu", "minmtu %u ", dev.minMtu);
    o.uint(PRINT_ANY, "max_mtu", "maxmtu %u ", dev.maxMtu);
    printLinktype(ip, dev);
    if (doLink && !ip.ns.sysctl.int(`net/ipv6/conf/${dev.name}/disable_ipv6`))
      o.string(PRINT_ANY, "inet6_addr_gen_mode", "addrgenmode %s ", "eui64");
    o.uint(PRINT_ANY, "num_tx_queues", "numtxqueues %u ", dev.numTxQueues);
    o.uint(PRINT_ANY, "num_rx_queues", "numrxqueues %u ", dev.numRxQueues);
    o.uint(PRINT_ANY, "gso_max_size", "gso_max_size %u ", 65536);
    o.uint(PRINT_ANY, "gso_max_segs", "gso_max_segs %u ", 65535);
    o.uint(PRINT_ANY, "tso_max_size", "tso_max_size %u ", dev.tsoMaxSize);
    o.uint(PRINT_ANY, "tso_max_segs", "tso_max_segs %u ", 65535);
    o.uint(PRINT_ANY, "gro_max_size", "gro_max_size %u ", 65536);
  }
  if ((doLink || ip.opts.details) && dev.alias) {
    o.string(PRINT_FP, null, "%s    ", o.SL);
    o.string(PRINT_ANY, "ifalias", "alias %s", dev.alias);
  }
  if (doLink && ip.opts.stats) {
    o.nl();
    printStats64(ip, dev);
  }
  o.string(PRINT_FP, null, "%s", "\n");
  return 1;
}

function printLinktype(ip: IpCtx, dev: NetDevice): void {
  const o = ip.out;
  const kind = linkKind(dev);
  o.openObject("linkinfo");
  if (kind) {
    o.nl();
    o.string(PRINT_ANY, "info_kind", "    %s ", kind);
    // IFLA_INFO_DATA exists only for kinds that fill it (veth and dummy have none)
    if (dev instanceof VxlanDevice || dev instanceof BridgeDevice) {
      o.openObject("info_data");
      if (dev instanceof VxlanDevice) printVxlan(ip, dev);
      if (dev instanceof BridgeDevice) printBridge(ip, dev);
      o.closeObject();
    }
  }
  if (dev.master) {
    o.nl();
    o.string(PRINT_ANY, "info_slave_kind", "    %s_slave ", "bridge");
    o.openObject("info_slave_data");
    printBridgeSlave(ip, dev);
    o.closeObject();
  }
  o.closeObject();
}

function printVxlan(ip: IpCtx, dev: VxlanDevice): void {
  const o = ip.out;
  const c = dev.cfg;
  o.uint(PRINT_ANY, "id", "id %u ", c.vni);
  if (c.remote) {
    if (c.remote >>> 28 === 0xe) o.string(PRINT_ANY, "group", "group %s ", ip4Text(c.remote));
    else o.string(PRINT_ANY, "remote", "remote %s ", ip4Text(c.remote));
  }
  if (c.local) o.string(PRINT_ANY, "local", "local %s ", ip4Text(c.local));
  if (c.lowerIfindex) o.string(PRINT_ANY, "link", "dev %s ", ip.indexToName(c.lowerIfindex));
  if (o.isJson()) {
    o.openObject("port_range");
    o.uint(PRINT_JSON, "low", null, c.srcPortMin);
    o.uint(PRINT_JSON, "high", null, c.srcPortMax);
    o.closeObject();
  } else o.printf("srcport %u %u ", c.srcPortMin, c.srcPortMax);
  o.uint(PRINT_ANY, "port", "dstport %u ", c.dstPort);
  o.bool(PRINT_JSON, "learning", null, c.learning);
  if (!c.learning) o.bool(PRINT_FP, null, "nolearning ", true);
  if (c.proxy) o.bool(PRINT_ANY, "proxy", "proxy ", true);
  if (c.l2miss) o.bool(PRINT_ANY, "l2miss", "l2miss ", true);
  if (c.l3miss) o.bool(PRINT_ANY, "l3miss", "l3miss ", true);
  if (c.tos) {
    if (o.isJson() || c.tos !== 1) o.hex0x(PRINT_ANY, "tos", "tos %#x ", c.tos);
    else o.string(PRINT_FP, null, "tos %s ", "inherit");
  }
  if (o.isJson() || c.ttl) o.uint(PRINT_ANY, "ttl", "ttl %u ", c.ttl);
  else o.string(PRINT_FP, null, "ttl %s ", "auto");
  if (c.df === "unset") o.string(PRINT_JSON, "df", "df %s ", "unset");
  else o.string(PRINT_ANY, "df", "df %s ", c.df);
  if (c.ageing === 0) o.uint(PRINT_ANY, "ageing", "ageing none ", 0);
  else o.uint(PRINT_ANY, "ageing", "ageing %u ", c.ageing);
  if (c.maxAddresses) o.uint(PRINT_ANY, "limit", "maxaddr %u ", c.maxAddresses);
  if (o.isJson()) {
    o.bool(PRINT_ANY, "udp_csum", null, c.udpCsum);
    o.bool(PRINT_ANY, "udp_zero_csum6_tx", null, c.udp6ZeroCsumTx);
    o.bool(PRINT_ANY, "udp_zero_csum6_rx", null, c.udp6ZeroCsumRx);
  } else {
    o.printf(`${c.udpCsum ? "" : "no"}udpcsum `);
    o.printf(`${c.udp6ZeroCsumTx ? "" : "no"}udp6zerocsumtx `);
    o.printf(`${c.udp6ZeroCsumRx ? "" : "no"}udp6zerocsumrx `);
  }
  if (c.gbp) o.bool(PRINT_ANY, "gbp", "gbp ", true);
}

function printBridge(ip: IpCtx, br: BridgeDevice): void {
  const o = ip.out;
  const timer = (name: string, v: number) => printTimer(o, name, Math.round(v * 100));
  o.uint(PRINT_ANY, "forward_delay", "forward_delay %u ", br.forwardDelay);
  o.uint(PRINT_ANY, "hello_time", "hello_time %u ", br.helloTime);
  o.uint(PRINT_ANY, "max_age", "max_age %u ", br.maxAge);
  o.uint(PRINT_ANY, "ageing_time", "ageing_time %u ", br.ageingTime);
  o.uint(PRINT_ANY, "stp_state", "stp_state %u ", br.stpState);
  o.uint(PRINT_ANY, "priority", "priority %u ", br.priority);
  // always 0: the kernel has no VLAN filtering to turn on (rtnl-link.ts applyBridge)
  o.uint(PRINT_ANY, "vlan_filtering", "vlan_filtering %u ", 0);
  // the STP state (kernel/bridge-stp.ts); timers in centiseconds
  const s = stp(br);
  const now = Math.floor(ip.ns.world.sched.now / 4_000_000);
  o.string(PRINT_ANY, "bridge_id", "bridge_id %s ", bridgeIdText(s.bridgeId));
  // iproute2 6.1 prints IFLA_BR_BRIDGE_ID under both names (its root_id reads the wrong attribute)
  o.string(PRINT_ANY, "root_id", "designated_root %s ", bridgeIdText(s.bridgeId));
  o.uint(PRINT_ANY, "root_port", "root_port %u ", s.rootPort);
  o.uint(PRINT_ANY, "root_path_cost", "root_path_cost %u ", s.rootPathCost);
  o.uint(PRINT_ANY, "topology_change", "topology_change %u ", s.topologyChange ? 1 : 0);
  o.uint(
    PRINT_ANY,
    "topology_change_detected",
    "topology_change_detected %u ",
    s.topologyChangeDetected ? 1 : 0,
  );
  timer("hello_timer", s.helloTimer.value(now) / 100);
  timer("tcn_timer", s.tcnTimer.value(now) / 100);
  timer("topology_change_timer", s.topologyChangeTimer.value(now) / 100);
  timer("gc_timer", s.gcTimer.value(now) / 100);
  o.hex0x(PRINT_ANY, "group_fwd_mask", "group_fwd_mask %#x ", br.groupFwdMask);
  o.string(PRINT_ANY, "group_addr", "group_address %s ", br.groupAddr);
  o.uint(PRINT_ANY, "mcast_snooping", "mcast_snooping %u ", br.mcastSnooping);
  o.uint(PRINT_ANY, "no_linklocal_learn", "no_linklocal_learn %u ", br.noLinklocalLearn);
  o.uint(PRINT_ANY, "mcast_vlan_snooping", "mcast_vlan_snooping %u ", 0);
  o.uint(PRINT_ANY, "mcast_router", "mcast_router %u ", br.mcastRouter);
  o.uint(PRINT_ANY, "mcast_query_use_ifaddr", "mcast_query_use_ifaddr %u ", br.mcastQueryUseIfaddr);
  o.uint(PRINT_ANY, "mcast_querier", "mcast_querier %u ", br.mcastQuerier);
  o.uint(PRINT_ANY, "mcast_hash_elasticity", "mcast_hash_elasticity %u ", 16);
  o.uint(PRINT_ANY, "mcast_hash_max", "mcast_hash_max %u ", br.mcastHashMax);
  o.uint(PRINT_ANY, "mcast_last_member_cnt", "mcast_last_member_count %u ", br.mcastLastMemberCount);
  o.uint(PRINT_ANY, "mcast_startup_query_cnt", "mcast_startup_query_count %u ", br.mcastStartupQueryCount);
  const cs = jiffiesToClock;
  o.u64(PRINT_ANY, "mcast_last_member_intvl", "mcast_last_member_interval %u ", cs(br.mcastLastMemberIntvl));
  o.u64(PRINT_ANY, "mcast_membership_intvl", "mcast_membership_interval %u ", cs(br.mcastMembershipIntvl));
  o.u64(PRINT_ANY, "mcast_querier_intvl", "mcast_querier_interval %u ", cs(br.mcastQuerierIntvl));
  o.u64(PRINT_ANY, "mcast_query_intvl", "mcast_query_interval %u ", cs(br.mcastQueryIntvl));
  o.u64(
    PRINT_ANY,
    "mcast_query_response_intvl",
    "mcast_query_response_interval %u ",
    cs(br.mcastQueryResponseIntvl),
  );
  o.u64(
    PRINT_ANY,
    "mcast_startup_query_intvl",
    "mcast_startup_query_interval %u ",
    cs(br.mcastStartupQueryIntvl),
  );
  o.uint(PRINT_ANY, "mcast_stats_enabled", "mcast_stats_enabled %u ", br.mcastStatsEnabled);
  o.uint(PRINT_ANY, "mcast_igmp_version", "mcast_igmp_version %u ", br.mcastIgmpVersion);
  o.uint(PRINT_ANY, "mcast_mld_version", "mcast_mld_version %u ", br.mcastMldVersion);
  // the bridge's own BROPT_NF_CALL_* options (the br_netfilter sysctls are separate)
  o.uint(PRINT_ANY, "nf_call_iptables", "nf_call_iptables %u ", br.nfCallIptables);
  o.uint(PRINT_ANY, "nf_call_ip6tables", "nf_call_ip6tables %u ", br.nfCallIp6tables);
  o.uint(PRINT_ANY, "nf_call_arptables", "nf_call_arptables %u ", br.nfCallArptables);
}

function printBridgeSlave(ip: IpCtx, dev: NetDevice): void {
  const o = ip.out;
  const p = dev.port!;
  const onOff = (key: string, fmt: string, v: boolean) => o.onOff(PRINT_ANY, key, fmt, v);
  o.string(PRINT_ANY, "state", "state %s ", PORT_STATE_NAMES[p.state]);
  o.int(PRINT_ANY, "priority", "priority %d ", p.priority);
  o.int(PRINT_ANY, "cost", "cost %d ", p.cost);
  onOff("hairpin", "hairpin %s ", p.hairpin);
  onOff("guard", "guard %s ", false);
  onOff("root_block", "root_block %s ", false);
  onOff("fastleave", "fastleave %s ", false);
  onOff("learning", "learning %s ", p.learning);
  onOff("flood", "flood %s ", p.flood);
  const sp = stpPort(p);
  const now = Math.floor(ip.ns.world.sched.now / 4_000_000);
  o.hex0x(PRINT_ANY, "id", "port_id %#x ", sp.portId);
  o.hex0x(PRINT_ANY, "no", "port_no %#x ", p.portNo);
  o.uint(PRINT_ANY, "designated_port", "designated_port %u ", sp.designatedPort);
  o.uint(PRINT_ANY, "designated_cost", "designated_cost %u ", sp.designatedCost);
  o.string(PRINT_ANY, "bridge_id", "designated_bridge %s ", bridgeIdText(sp.designatedBridge));
  o.string(PRINT_ANY, "root_id", "designated_root %s ", bridgeIdText(sp.designatedRoot));
  const timer = (name: string, cs: number) => printTimer(o, name, cs);
  timer("hold_timer", sp.holdTimer.value(now));
  timer("message_age_timer", sp.messageAgeTimer.value(now));
  timer("forward_delay_timer", sp.forwardDelayTimer.value(now));
  o.uint(PRINT_ANY, "topology_change_ack", "topology_change_ack %u ", sp.topologyChangeAck ? 1 : 0);
  o.uint(PRINT_ANY, "config_pending", "config_pending %u ", sp.configPending ? 1 : 0);
  onOff("proxy_arp", "proxy_arp %s ", false);
  onOff("proxy_arp_wifi", "proxy_arp_wifi %s ", false);
  o.uint(PRINT_ANY, "multicast_router", "mcast_router %u ", 1);
  onOff("mcast_fast_leave", "mcast_fast_leave %s ", false);
  onOff("mcast_flood", "mcast_flood %s ", p.mcastFlood);
  onOff("bcast_flood", "bcast_flood %s ", p.bcastFlood);
  onOff("mcast_to_unicast", "mcast_to_unicast %s ", false);
  onOff("neigh_suppress", "neigh_suppress %s ", false);
  o.uint(PRINT_ANY, "group_fwd_mask", "group_fwd_mask %#x ", 0);
  o.string(PRINT_ANY, "group_fwd_mask_str", "group_fwd_mask_str %s ", "0x0");
  onOff("vlan_tunnel", "vlan_tunnel %s ", false);
  onOff("isolated", "isolated %s ", p.isolated);
  onOff("locked", "locked %s ", false);
}

/** print_stats64 (ip -s link; -s -s adds the error lines and carrier transitions). */
export function printStats64(ip: IpCtx, dev: NetDevice): void {
  const o = ip.out;
  const s = dev.stats;
  const more = ip.opts.stats > 1;
  const cc = dev.carrierChanges;
  if (o.isJson()) {
    o.openObject("stats64");
    o.openObject("rx");
    o.u64(PRINT_JSON, "bytes", null, s.rxBytes);
    o.u64(PRINT_JSON, "packets", null, s.rxPackets);
    o.u64(PRINT_JSON, "errors", null, s.rxErrors);
    o.u64(PRINT_JSON, "dropped", null, s.rxDropped);
    o.u64(PRINT_JSON, "over_errors", null, 0);
    o.u64(PRINT_JSON, "multicast", null, s.multicast);
    if (more) {
      o.u64(PRINT_JSON, "length_errors", null, 0);
      o.u64(PRINT_JSON, "crc_errors", null, 0);
      o.u64(PRINT_JSON, "frame_errors", null, 0);
      o.u64(PRINT_JSON, "fifo_errors", null, 0);
      o.u64(PRINT_JSON, "missed_errors", null, s.rxMissed);
    }
    o.closeObject();
    o.openObject("tx");
    o.u64(PRINT_JSON, "bytes", null, s.txBytes);
    o.u64(PRINT_JSON, "packets", null, s.txPackets);
    o.u64(PRINT_JSON, "errors", null, s.txErrors);
    o.u64(PRINT_JSON, "dropped", null, s.txDropped);
    o.u64(PRINT_JSON, "carrier_errors", null, s.txCarrier);
    o.u64(PRINT_JSON, "collisions", null, s.collisions);
    if (more) {
      o.u64(PRINT_JSON, "aborted_errors", null, 0);
      o.u64(PRINT_JSON, "fifo_errors", null, 0);
      o.u64(PRINT_JSON, "window_errors", null, 0);
      o.u64(PRINT_JSON, "heartbeat_errors", null, 0);
      o.u64(PRINT_JSON, "carrier_changes", null, cc);
    }
    o.closeObject();
    o.closeObject();
    return;
  }
  const cols = [
    "*X errors:".length,
    "packets".length,
    "errors".length,
    "dropped".length,
    "heartbt".length,
    "overrun".length,
    "compressed".length,
    "otherhost".length,
  ];
  const size = (vals: number[]) => {
    vals.forEach((v, i) => {
      const len = String(Math.max(0, Math.trunc(v))).length;
      if (len > cols[i]) cols[i] = len;
    });
  };
  size([s.rxBytes, s.rxPackets, s.rxErrors, s.rxDropped, s.rxMissed, s.multicast, 0, 0]);
  size([s.txBytes, s.txPackets, s.txErrors, s.txDropped, s.txCarrier, s.collisions, 0, 0]);
  if (more) size([0, 0, 0, 0, 0, 0, cc, 0]);
  const num = (w: number, v: number) => o.printf("%*d ", w, v);
  o.printf(
    "    RX: %*s %*s %*s %*s %*s %*s %*s%s",
    cols[0] - 4,
    "bytes",
    cols[1],
    "packets",
    cols[2],
    "errors",
    cols[3],
    "dropped",
    cols[4],
    "missed",
    cols[5],
    "mcast",
    cols[6],
    "",
    o.SL,
  );
  o.printf("    ");
  num(cols[0], s.rxBytes);
  num(cols[1], s.rxPackets);
  num(cols[2], s.rxErrors);
  num(cols[3], s.rxDropped);
  num(cols[4], s.rxMissed);
  num(cols[5], s.multicast);
  if (more) {
    o.printf("%s", o.SL);
    o.printf(
      "    RX errors:%*s %*s %*s %*s %*s %*s%*s%*s%s",
      cols[0] - 10,
      "",
      cols[1],
      "length",
      cols[2],
      "crc",
      cols[3],
      "frame",
      cols[4],
      "fifo",
      cols[5],
      "overrun",
      0,
      "",
      0,
      "",
      o.SL,
    );
    o.printf("%*s", cols[0] + 5, "");
    for (let i = 1; i <= 5; i++) num(cols[i], 0);
  }
  o.printf("%s", o.SL);
  o.printf(
    "    TX: %*s %*s %*s %*s %*s %*s %*s%s",
    cols[0] - 4,
    "bytes",
    cols[1],
    "packets",
    cols[2],
    "errors",
    cols[3],
    "dropped",
    cols[4],
    "carrier",
    cols[5],
    "collsns",
    cols[6],
    "",
    o.SL,
  );
  o.printf("    ");
  num(cols[0], s.txBytes);
  num(cols[1], s.txPackets);
  num(cols[2], s.txErrors);
  num(cols[3], s.txDropped);
  num(cols[4], s.txCarrier);
  num(cols[5], s.collisions);
  if (more) {
    o.printf("%s", o.SL);
    o.printf(
      "    TX errors:%*s %*s %*s %*s %*s %*s%s",
      cols[0] - 10,
      "",
      cols[1],
      "aborted",
      cols[2],
      "fifo",
      cols[3],
      "window",
      cols[4],
      "heartbt",
      cols[5],
      "transns",
      o.SL,
    );
    o.printf("%*s", cols[0] + 5, "");
    for (let i = 1; i <= 4; i++) num(cols[i], 0);
    num(cols[5], cc);
  }
}

// ---- addresses ----

interface AddrMsg {
  family: number;
  dev: NetDevice;
  local: string;
  address?: string;
  prefixLen: number;
  broadcast?: string;
  scope: number;
  flags: number;
  label?: string;
  metric?: number;
  valid: number;
  preferred: number;
  localRaw?: number;
}

const IFA_F_SECONDARY = 0x01;
const IFA_F_NODAD = 0x02;
const IFA_F_TENTATIVE = 0x40;
const IFA_F_PERMANENT = 0x80;
const IFA_F_NOPREFIXROUTE = 0x200;

/** The kernel's address dump order: all IPv4 addresses (by device), then all IPv6. */
export function dumpAddrs(ns: Netns): AddrMsg[] {
  const out: AddrMsg[] = [];
  const devs = ns.list();
  for (const dev of devs) {
    for (const a of dev.in4) {
      out.push({
        family: AF_INET,
        dev,
        local: ip4Text(a.local),
        address: a.address !== a.local ? ip4Text(a.address) : undefined,
        prefixLen: a.prefixLen,
        broadcast: a.broadcast ? ip4Text(a.broadcast) : undefined,
        scope: a.scope,
        flags:
          (a.secondary ? IFA_F_SECONDARY : 0) | IFA_F_PERMANENT | (a.noprefixroute ? IFA_F_NOPREFIXROUTE : 0),
        label: a.label,
        metric: a.metric || undefined,
        valid: a.validLft,
        preferred: a.preferredLft,
        localRaw: a.local,
      });
    }
  }
  for (const dev of devs) {
    for (const a of dev.in6) {
      out.push({
        family: AF_INET6,
        dev,
        local: ip6ToString(a.addr),
        prefixLen: a.prefixLen,
        scope: a.scope,
        flags:
          IFA_F_PERMANENT |
          (a.tentative ? IFA_F_TENTATIVE : 0) |
          (a.noprefixroute ? IFA_F_NOPREFIXROUTE : 0) |
          (a.nodad ? IFA_F_NODAD : 0),
        valid: a.validLft ?? 0xffffffff,
        preferred: a.preferredLft ?? 0xffffffff,
        metric: a.metric || undefined,
      });
    }
  }
  return out;
}

const FLAG_DATA: { name: string; mask: number; v6only: boolean }[] = [
  { name: "secondary", mask: IFA_F_SECONDARY, v6only: false },
  { name: "temporary", mask: IFA_F_SECONDARY, v6only: false },
  { name: "nodad", mask: 0x02, v6only: true },
  { name: "optimistic", mask: 0x04, v6only: true },
  { name: "dadfailed", mask: 0x08, v6only: true },
  { name: "home", mask: 0x10, v6only: true },
  { name: "deprecated", mask: 0x20, v6only: true },
  { name: "tentative", mask: IFA_F_TENTATIVE, v6only: true },
  { name: "permanent", mask: IFA_F_PERMANENT, v6only: true },
  { name: "mngtmpaddr", mask: 0x100, v6only: true },
  { name: "noprefixroute", mask: IFA_F_NOPREFIXROUTE, v6only: false },
  { name: "autojoin", mask: 0x400, v6only: false },
  { name: "stable-privacy", mask: 0x800, v6only: true },
];

function printIfaFlags(ip: IpCtx, a: AddrMsg): void {
  const o = ip.out;
  let flags = a.flags;
  for (const fd of FLAG_DATA) {
    if (fd.mask === IFA_F_PERMANENT) {
      if (!(flags & fd.mask)) o.bool(PRINT_ANY, "dynamic", "dynamic ", true);
    } else if (flags & fd.mask) {
      if (fd.mask === IFA_F_SECONDARY && a.family === AF_INET6)
        o.bool(PRINT_ANY, "temporary", "temporary ", true);
      else {
        o.string(PRINT_FP, null, "%s ", fd.name);
        o.bool(PRINT_JSON, fd.name, null, true);
      }
    }
    flags &= ~fd.mask;
  }
  if (flags) {
    if (o.isJson()) o.string(PRINT_JSON, "ifa_flags", null, sprintf("%02x", flags));
    else o.printf("flags %02x ", flags);
  }
}

function addrMatches(filter: AddrFilter, a: AddrMsg): boolean {
  if (filter.ifindex && filter.ifindex !== a.dev.ifindex) return false;
  if ((filter.scope ^ a.scope) & filter.scopemask) return false;
  if ((filter.flags ^ a.flags) & filter.flagmask) return false;
  if (filter.family && filter.family !== a.family) return false;
  if (filter.label && !fnmatch(filter.label, a.label ?? a.dev.name)) return false;
  if (filter.pfx && filter.pfx.bitlen !== -2 && filter.pfx.family === a.family && a.family === AF_INET) {
    const p = filter.pfx;
    const bits = p.bitlen < 0 ? 32 : p.bitlen;
    if (((a.localRaw! ^ p.v4) & maskOf(bits)) >>> 0 !== 0) return false;
  }
  return true;
}

function fnmatch(pattern: string, s: string): boolean {
  const re = new RegExp(
    "^" +
      pattern
        .replace(/[.+^${}()|\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".") +
      "$",
  );
  return re.test(s);
}

/** print_addrinfo */
export function printAddrinfo(ip: IpCtx, a: AddrMsg, filter: AddrFilter): void {
  const o = ip.out;
  if (!addrMatches(filter, a)) return;
  if (!ip.opts.brief) {
    if (filter.oneline) {
      if (o.isJson()) {
        o.int(PRINT_JSON, "index", null, a.dev.ifindex);
        o.string(PRINT_JSON, "dev", null, a.dev.name);
      } else o.printf("%u: %s", a.dev.ifindex, a.dev.name);
    }
    o.string(PRINT_ANY, "family", "    %s ", a.family === AF_INET ? "inet" : "inet6");
  }
  const color = a.family === AF_INET ? Color.INET : Color.INET6;
  o.string(PRINT_ANY, "local", "%s", a.local, color);
  if (a.address) {
    o.string(PRINT_FP, null, " %s ", "peer");
    o.string(PRINT_ANY, "address", "%s", a.address, color);
  }
  o.int(PRINT_ANY, "prefixlen", "/%d ", a.prefixLen);
  if (a.metric) o.uint(PRINT_ANY, "metric", "metric %u ", a.metric);
  if (ip.opts.brief) return;
  if (a.broadcast) {
    o.string(PRINT_FP, null, "%s ", "brd");
    o.string(PRINT_ANY, "broadcast", "%s ", a.broadcast, color);
  }
  o.string(PRINT_ANY, "scope", "scope %s ", rtScopeN2a(a.scope));
  printIfaFlags(ip, a);
  if (a.label) o.string(PRINT_ANY, "label", "%s", a.label);
  o.nl();
  o.string(PRINT_FP, null, "       valid_lft ", null);
  if (a.valid === 0xffffffff) {
    o.uint(PRINT_JSON, "valid_life_time", null, 0xffffffff);
    o.string(PRINT_FP, null, "%s", "forever");
  } else o.uint(PRINT_ANY, "valid_life_time", "%usec", a.valid);
  o.string(PRINT_FP, null, " preferred_lft ", null);
  if (a.preferred === 0xffffffff) {
    o.uint(PRINT_JSON, "preferred_life_time", null, 0xffffffff);
    o.string(PRINT_FP, null, "%s", "forever");
  } else o.uint(PRINT_ANY, "preferred_life_time", "%usec", a.preferred);
  o.string(PRINT_FP, null, "%s", "\n");
}

/** ipaddr_list_flush_or_save(LIST) for `ip link show` (doLink) and `ip addr show`. */
export function ipaddrList(ip: IpCtx, args: string[], doLink: boolean): number {
  const o = ip.out;
  const filter = newFilter(ip.opts.oneline);
  filter.showqueue = true;
  filter.family = doLink ? AF_PACKET : ip.opts.family;
  let filterDev: string | undefined;
  const a = new Args(args, ip);
  for (; a.argc > 0; a.advance()) {
    const arg = a.cur;
    if (arg === "to") {
      const v = a.next();
      filter.pfx = getPrefix(ip, v, filter.family === AF_PACKET ? 0 : filter.family);
      if (filter.family === AF_UNSPEC) filter.family = filter.pfx.family;
    } else if (arg === "scope") {
      const v = a.next();
      filter.scopemask = -1;
      const s = rtScopeA2n(v);
      if (s === undefined) {
        if (v !== "all") ip.invarg('invalid "scope"\n', v);
        filter.scope = 255;
        filter.scopemask = 0;
      } else filter.scope = s;
    } else if (arg === "up") filter.up = true;
    else if (getFilterFlag(filter, arg)) {
      /* flag filter */
    } else if (arg === "label") filter.label = a.next();
    else if (arg === "group") {
      const v = a.next();
      const g = groupA2n(v);
      if (g === undefined) ip.invarg('Invalid "group" value\n', v);
      filter.group = g;
    } else if (arg === "master") {
      const v = a.next();
      const idx = ip.nameToIndex(v);
      if (!idx) ip.invarg("Device does not exist\n", v);
      filter.master = idx;
    } else if (arg === "vrf") {
      const v = a.next();
      ip.invarg("Not a valid VRF name\n", v);
    } else if (arg === "nomaster") filter.master = -1;
    else if (arg === "type") {
      const v = a.next();
      if (v.endsWith("_slave") && v.length > 6) filter.slaveKind = v.slice(0, -6);
      else filter.kind = v;
    } else {
      let d = arg;
      if (arg === "dev") d = a.next();
      else if (matches(arg, "help")) return usageAddr(ip, doLink);
      if (filterDev) ip.duparg2("dev", d);
      filterDev = d;
    }
  }
  if (filterDev) {
    filter.ifindex = ip.nameToIndex(filterDev);
    if (filter.ifindex <= 0) {
      ip.err(`Device "${filterDev}" does not exist.\n`);
      return -1;
    }
  }
  o.newJsonObj();
  let links = ip.ns.list();
  if (filterDev && filter.group === -1 && doLink) {
    const dev = ip.ns.byIndex(filter.ifindex)!;
    o.openObject(null);
    printLinkinfo(ip, dev, filter, doLink);
    o.closeObject();
    o.deleteJsonObj();
    return 0;
  }
  if (filter.ifindex) links = links.filter((d) => d.ifindex === filter.ifindex);
  const addrs = filter.family !== AF_PACKET ? dumpAddrs(ip.ns) : [];
  const noLink = filter.family !== AF_PACKET && filter.oneline;
  if (filter.family !== AF_PACKET) {
    links = links.filter((dev) => {
      const mine = addrs.filter((x) => x.dev === dev);
      if (!mine.length) return filter.family === AF_UNSPEC || filter.family === AF_PACKET;
      return mine.some((x) => {
        if (filter.family && filter.family !== x.family) return false;
        if ((filter.scope ^ x.scope) & filter.scopemask) return false;
        if ((filter.flags ^ x.flags) & filter.flagmask) return false;
        if (filter.label && !fnmatch(filter.label, x.label ?? x.dev.name)) return false;
        return addrMatches({ ...filter, ifindex: 0 }, x);
      });
    });
  }
  for (const dev of links) {
    o.openObject(null);
    let res = 0;
    if (ip.opts.brief || !noLink) res = printLinkinfo(ip, dev, filter, doLink);
    if (res >= 0 && filter.family !== AF_PACKET) {
      o.openArray(PRINT_JSON, "addr_info");
      for (const x of addrs) {
        if (x.dev !== dev || (filter.family && filter.family !== x.family)) continue;
        if (filter.up && !dev.up) continue;
        o.openObject(null);
        printAddrinfo(ip, x, filter);
        o.closeObject();
      }
      o.closeArray(PRINT_JSON, null);
      if (ip.opts.brief) o.string(PRINT_FP, null, "%s", "\n");
    }
    if (res > 0 && !doLink && ip.opts.stats) {
      printStats64(ip, dev);
      o.nl();
    }
    o.closeObject();
  }
  o.deleteJsonObj();
  return 0;
}

function getFilterFlag(filter: AddrFilter, arg0: string): boolean {
  let arg = arg0;
  let inv = false;
  if (arg.startsWith("-")) {
    inv = true;
    arg = arg.slice(1);
  }
  if (arg === "dynamic") {
    inv = !inv;
    arg = "permanent";
  } else if (arg === "primary") {
    inv = !inv;
    arg = "secondary";
  }
  const fd = FLAG_DATA.find((f) => f.name === arg);
  if (!fd) return false;
  if (inv) filter.flags &= ~fd.mask;
  else filter.flags |= fd.mask;
  filter.flagmask |= fd.mask;
  return true;
}

export function usageAddr(ip: IpCtx, doLink: boolean): never {
  ip.err(USAGE[doLink ? "ip link help" : "ip address help"]);
  ip.exit(255);
}

/** _bridge_print_timer / _print_timer: jiffies (centiseconds here) as "%i.%.2i", in JSON too. */
function printTimer(o: Out, name: string, cs: number): void {
  const sec = Math.floor(cs / 100);
  const frac = String(cs % 100).padStart(2, "0");
  if (o.isJson()) o.jsonRaw(name, `${sec}.${frac}`);
  else o.printf(`${name} %4d.%s `, sec, frac);
}
