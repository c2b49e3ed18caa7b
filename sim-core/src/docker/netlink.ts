/**
 * The netlink calls dockerd (libnetwork), the CNI plugins and flanneld make, as the Go library
 * they share (vishvananda/netlink) sends them: each one is an rtnetlink request to the kernel
 * model, with the library's defaults — RTPROT_BOOT and scope universe for routes, a broadcast
 * address computed for IPv4 prefixes shorter than /31, NTF_SELF for FDB entries.
 */
import type { Ip4, Mac } from "../util/brand";
import { broadcastOf } from "../util/inet";
import type { Netns } from "../kernel/netns";
import type { NetDevice } from "../kernel/device";
import { BridgeDevice } from "../kernel/bridge";
import { IFF_UP, rtnlDellink, rtnlNewlink, setMaster, type LinkReq } from "../kernel/rtnl-link";
import { rtnlNewaddr } from "../kernel/rtnl-addr";
import { rtnlNewroute } from "../kernel/rtnl-route";
import { rtnlFdbAdd, NTF_SELF } from "../kernel/rtnl-fdb";
import { KernelError, Errno, Nud, Proto, RouteType, Scope, Table } from "../kernel/types";
import type { VxlanConfig } from "../kernel/vxlan";

function macBytes(mac: Mac): number[] {
  return mac.split(":").map((h) => parseInt(h, 16));
}

function baseReq(): LinkReq {
  return { create: true, excl: true, replace: false, ifindex: 0, change: 0, flags: 0 };
}

/** LinkAdd(&netlink.Bridge{…}) */
export function bridgeAdd(ns: Netns, name: string, opts: { mac?: Mac; mtu?: number } = {}): NetDevice {
  const req: LinkReq = { ...baseReq(), kind: "bridge", ifname: name };
  if (opts.mac) req.address = macBytes(opts.mac);
  if (opts.mtu !== undefined) req.mtu = opts.mtu;
  rtnlNewlink(ns, req);
  return ns.byName(name)!;
}

/**
 * LinkAdd(&netlink.Veth{Name, PeerName, PeerNamespace}) from `ns`: the kernel registers the
 * peer first (in `peerNs`), then `name` in `ns`; both get `mtu` when given.
 */
export function vethAdd(
  ns: Netns,
  name: string,
  peerName: string,
  opts: { peerNs?: Netns; mtu?: number; mac?: Mac } = {},
): { dev: NetDevice; peer: NetDevice } {
  const peer: LinkReq = { ...baseReq(), kind: "veth", ifname: peerName };
  if (opts.peerNs && opts.peerNs !== ns) peer.netns = opts.peerNs;
  if (opts.mtu !== undefined) peer.mtu = opts.mtu;
  const req: LinkReq = { ...baseReq(), kind: "veth", ifname: name, peer };
  if (opts.mtu !== undefined) req.mtu = opts.mtu;
  if (opts.mac) req.address = macBytes(opts.mac);
  rtnlNewlink(ns, req);
  return { dev: ns.byName(name)!, peer: (opts.peerNs ?? ns).byName(peerName)! };
}

/** LinkAdd(&netlink.Vxlan{…}) */
export function vxlanAdd(
  ns: Netns,
  name: string,
  cfg: Partial<VxlanConfig> & { vni: number },
  opts: { mac?: Mac; mtu?: number } = {},
): NetDevice {
  const req: LinkReq = { ...baseReq(), kind: "vxlan", ifname: name, vxlan: { ...cfg, vniSet: true } };
  if (opts.mac) req.address = macBytes(opts.mac);
  if (opts.mtu !== undefined) req.mtu = opts.mtu;
  rtnlNewlink(ns, req);
  return ns.byName(name)!;
}

function setlink(ns: Netns, dev: NetDevice, patch: Partial<LinkReq>): void {
  rtnlNewlink(ns, {
    create: false,
    excl: false,
    replace: false,
    ifindex: dev.ifindex,
    change: 0,
    flags: 0,
    ...patch,
  });
}

export function linkSetUp(dev: NetDevice): void {
  setlink(dev.ns, dev, { change: IFF_UP, flags: IFF_UP });
}

export function linkSetDown(dev: NetDevice): void {
  setlink(dev.ns, dev, { change: IFF_UP, flags: 0 });
}

/** LinkSetNsFd: the device moves (keeping its index when it is free there). */
export function linkSetNs(dev: NetDevice, to: Netns): void {
  setlink(dev.ns, dev, { netns: to });
}

export function linkSetName(dev: NetDevice, name: string): void {
  setlink(dev.ns, dev, { ifname: name });
}

export function linkSetMac(dev: NetDevice, mac: Mac): void {
  setlink(dev.ns, dev, { address: macBytes(mac) });
}

export function linkSetMtu(dev: NetDevice, mtu: number): void {
  setlink(dev.ns, dev, { mtu });
}

export function linkSetMaster(dev: NetDevice, br: NetDevice): void {
  setMaster(dev.ns, dev, br.ifindex);
}

/** LinkSetHairpin: IFLA_BRPORT_MODE on the bridge port. */
export function linkSetHairpin(dev: NetDevice, on: boolean): void {
  if (!dev.port) throw new KernelError(Errno.EOPNOTSUPP);
  dev.port.hairpin = on;
}

export function linkDel(dev: NetDevice): void {
  rtnlDellink(dev.ns, dev.ifindex);
}

/** AddrAdd: IFA_BROADCAST computed for prefixes shorter than /31 (RFC 3021). */
export function addrAdd(dev: NetDevice, ip: Ip4, prefixLen: number): void {
  rtnlNewaddr(dev.ns, {
    ifindex: dev.ifindex,
    local: ip,
    address: ip,
    prefixLen,
    broadcast: prefixLen < 31 ? broadcastOf(ip, prefixLen) : undefined,
    scope: Scope.universe,
    create: true,
    excl: true,
    replace: false,
  });
}

/** RouteAdd / RouteReplace (RTPROT_BOOT, scope universe, table main). */
export function routeAdd(
  ns: Netns,
  r: { dst: Ip4; dstLen: number; gw?: Ip4; dev: NetDevice; onlink?: boolean; scope?: number },
  replace = false,
): void {
  rtnlNewroute(ns, {
    table: Table.main,
    dst: r.dst,
    dstLen: r.dstLen,
    tos: 0,
    type: RouteType.unicast,
    protocol: Proto.boot,
    scope: r.scope ?? Scope.universe,
    gateway: r.gw,
    oif: r.dev.ifindex,
    onlink: !!r.onlink,
    create: true,
    excl: !replace,
    replace,
    append: false,
  });
}

/** NeighSet{State: NUD_PERMANENT} (NLM_F_CREATE|NLM_F_REPLACE). */
export function neighSet(dev: NetDevice, ip: Ip4, mac: Mac): void {
  const tbl = dev.ns.neigh;
  const e = tbl.lookup(dev, ip) ?? tbl.create(dev, ip, true);
  tbl.update(e, mac, Nud.PERMANENT, { admin: true, override: true });
}

export function neighDel(dev: NetDevice, ip: Ip4): void {
  const e = dev.ns.neigh.lookup(dev, ip);
  if (e) dev.ns.neigh.delete(e);
}

/** NeighAppend{Family: AF_BRIDGE, Flags: NTF_SELF, State: NUD_PERMANENT} on a VXLAN device. */
export function fdbAppend(dev: NetDevice, mac: Mac, dst: Ip4): void {
  rtnlFdbAdd(dev.ns, {
    ifindex: dev.ifindex,
    mac,
    dst,
    flags: NTF_SELF,
    state: Nud.PERMANENT,
    create: true,
    excl: false,
    append: true,
    replace: false,
  });
}

/** A write under /proc/sys/net (ignored when the knob does not exist, as the plugins do). */
export function sysctlSet(ns: Netns, path: string, value: string): void {
  if (!ns.sysctl.has(path)) return;
  ns.writeSysctl(path, value);
}

export function isBridge(dev: NetDevice | undefined): dev is BridgeDevice {
  return dev instanceof BridgeDevice;
}
