/**
 * The old socket ioctls the net-tools and bridge-utils programs use, with the kernel's rules and
 * errno values:
 * - ARP (net/ipv4/arp.c arp_ioctl): SIOCSARP / SIOCDARP — arp_req_dev (by name, or the
 *   link-scope route to the address), arp_req_set (neigh_update with PERMANENT or STALE),
 *   ATF_PUBL entries as proxy (pneigh) entries, arp_invalidate.
 * - Interfaces (net/core/dev_ioctl.c, net/ipv4/devinet.c devinet_ioctl): SIOCSIFFLAGS,
 *   SIOCSIFMTU, SIOCSIFHWADDR, SIOCSIFADDR / SIOCSIFNETMASK / SIOCSIFBRDADDR with alias labels
 *   (eth0:1), whose address is created by the first SIOCSIFADDR and removed by downing the alias.
 * - Routes (net/ipv4/fib_frontend.c ip_rt_ioctl + rtentry_to_fib_config): SIOCADDRT / SIOCDELRT.
 * - Bridges (net/bridge/br_ioctl.c): SIOCBRADDBR / SIOCBRDELBR / SIOCBRADDIF / SIOCBRDELIF.
 */
import type { Ip4, Mac } from "../util/brand";
import type { Netns } from "./netns";
import type { NetDevice } from "./device";
import { Errno, KernelError, Nud, Proto, RouteType, Scope, Table } from "./types";
import { rtnlDelroute, rtnlNewroute, type RouteReq } from "./rtnl-route";

export const ATF_COM = 0x02;
export const ATF_PERM = 0x04;
export const ATF_PUBL = 0x08;
export const ATF_NETMASK = 0x20;
export const ATF_DONTPUB = 0x40;

export const ARPHRD_ETHER = 1;
export const ARPHRD_LOOPBACK = 772;

export function devType(dev: NetDevice): number {
  return dev.isLoopback() ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
}

/** struct arpreq */
export interface ArpReq {
  ip: Ip4;
  /** arp_ha: family (0 = unset) and address. */
  haFamily: number;
  ha: Mac;
  flags: number;
  netmask: Ip4;
  /** arp_dev ("" = none) */
  dev: string;
}

/** arp_req_dev: the device named, or (not for ATF_PUBL) the one the link-scope route to the address uses. */
function arpReqDev(ns: Netns, r: ArpReq): NetDevice | undefined {
  if (r.dev) {
    const dev = ns.byName(r.dev);
    if (!dev) throw new KernelError(Errno.ENODEV);
    if (!r.haFamily) r.haFamily = devType(dev);
    if (r.flags & ATF_COM && r.haFamily !== devType(dev)) throw new KernelError(Errno.EINVAL);
    return dev;
  }
  if (r.flags & ATF_PUBL) return undefined;
  // ip_route_output(net, ip, 0, 0, 0, RT_SCOPE_LINK)
  const rt = ns.fib.lookup(r.ip, { scope: Scope.link });
  if (!rt) throw new KernelError(Errno.ENETUNREACH);
  if (rt.type === 2) return ns.lo;
  const dev = rt.dev ?? rt.nhs?.[0]?.dev;
  if (!dev)
    throw new KernelError(rt.type === 7 ? Errno.EHOSTUNREACH : rt.type === 8 ? Errno.EACCES : Errno.EINVAL);
  return dev;
}

/** arp_ioctl's common checks (before rtnl). */
function arpCheck(r: ArpReq): void {
  if (!(r.flags & ATF_PUBL) && r.flags & (ATF_NETMASK | ATF_DONTPUB)) throw new KernelError(Errno.EINVAL);
  if (!(r.flags & ATF_NETMASK)) r.netmask = 0xffffffff as Ip4;
  else if (r.netmask && r.netmask !== 0xffffffff) throw new KernelError(Errno.EINVAL);
}

/** SIOCSARP */
export function siocsarp(ns: Netns, r: ArpReq): void {
  arpCheck(r);
  let dev = arpReqDev(ns, r);
  if (r.flags & ATF_PUBL) {
    // arp_req_set_public
    if (!dev && r.flags & ATF_COM) {
      dev = ns.list().find((d) => devType(d) === r.haFamily && d.mac === r.ha);
      if (!dev) throw new KernelError(Errno.ENODEV);
    }
    if (r.netmask) {
      ns.neigh.pneighCreate(r.ip, dev);
      return;
    }
    // arp_req_set_proxy: a zero netmask turns proxy_arp on
    ns.sysctl.setRaw(dev ? `net/ipv4/conf/${dev.name}/proxy_arp` : "net/ipv4/conf/all/proxy_arp", "1");
    return;
  }
  if (!dev) throw new KernelError(Errno.EINVAL);
  if (r.flags & ATF_PERM) r.flags |= ATF_COM;
  if (r.haFamily !== devType(dev)) throw new KernelError(Errno.EINVAL);
  // __neigh_lookup_errno + neigh_update(… NEIGH_UPDATE_F_OVERRIDE | NEIGH_UPDATE_F_ADMIN)
  const e = ns.neigh.lookup(dev, r.ip) ?? ns.neigh.create(dev, r.ip, true);
  const state = r.flags & ATF_PERM ? Nud.PERMANENT : Nud.STALE;
  ns.neigh.update(e, r.flags & ATF_COM ? r.ha : undefined, state, { admin: true, override: true });
  ns.world.topologyChanged();
}

/** SIOCDARP */
export function siocdarp(ns: Netns, r: ArpReq): void {
  arpCheck(r);
  const dev = arpReqDev(ns, r);
  if (r.flags & ATF_PUBL) {
    // arp_req_delete_public
    if (r.netmask) {
      if (!ns.neigh.pneighDelete(r.ip, dev)) throw new KernelError(Errno.ENOENT);
      return;
    }
    ns.sysctl.setRaw(dev ? `net/ipv4/conf/${dev.name}/proxy_arp` : "net/ipv4/conf/all/proxy_arp", "0");
    return;
  }
  // arp_invalidate(dev, ip, force = true)
  const e = dev && ns.neigh.lookup(dev, r.ip);
  if (!e) throw new KernelError(Errno.ENXIO);
  const wasArp = (e.state & ~Nud.NOARP) !== 0;
  ns.neigh.update(e, undefined, Nud.FAILED, { admin: true, override: true });
  ns.neigh.delete(e);
  ns.world.topologyChanged();
  if (!wasArp) throw new KernelError(Errno.ENXIO);
}

// ---------------------------------------------------------------- interfaces

/** inet_abc_len: the classful prefix length of an address (-1 for class D). */
export function inetAbcLen(a: number): number {
  a >>>= 0;
  if (a >>> 24 === 0 || a === 0xffffffff) return 0;
  if (a < 0x80000000) return 8;
  if (a < 0xc0000000) return 16;
  if (a < 0xe0000000) return 24;
  if (a >= 0xf0000000) return 32;
  return -1;
}

/** bad_mask: the ones of a netmask must be contiguous. */
function badMask(mask: number): boolean {
  const inv = ~mask >>> 0;
  return (inv & (inv + 1)) >>> 0 !== 0;
}

function maskLen(mask: number): number {
  let n = 0;
  while (n < 32 && (mask >>> (31 - n)) & 1) n++;
  return n;
}

/** The device and the interface address an ifreq name (`eth0`, `eth0:1`) stands for. */
function ifreqTarget(ns: Netns, name: string): { dev: NetDevice; label: string; colon: boolean } {
  const colon = name.indexOf(":");
  const dev = ns.byName(colon >= 0 ? name.slice(0, colon) : name);
  if (!dev) throw new KernelError(Errno.ENODEV);
  return { dev, label: name, colon: colon >= 0 };
}

export type InetIoctl = "SIOCGIFADDR" | "SIOCGIFBRDADDR" | "SIOCGIFDSTADDR" | "SIOCGIFNETMASK";

/** devinet_ioctl's getters: the first address whose label is the name (EADDRNOTAVAIL when none). */
export function devinetGet(ns: Netns, cmd: InetIoctl, name: string): Ip4 {
  const { dev, label } = ifreqTarget(ns, name);
  const ifa = dev.in4.find((a) => a.label === label);
  if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL);
  switch (cmd) {
    case "SIOCGIFADDR":
      return ifa.local;
    case "SIOCGIFBRDADDR":
      return ifa.broadcast;
    case "SIOCGIFDSTADDR":
      return ifa.address;
    default:
      return ((0xffffffff << (32 - ifa.prefixLen)) >>> 0) as Ip4;
  }
}

/** devinet_ioctl SIOCSIFADDR: creates the label's address (classful mask) or replaces its local address. */
export function siocsifaddr(ns: Netns, name: string, addr: Ip4): void {
  const { dev, label, colon } = ifreqTarget(ns, name);
  const len = inetAbcLen(addr);
  if (len < 0) throw new KernelError(Errno.EINVAL);
  const ifa = dev.in4.find((a) => a.label === label);
  if (ifa && ifa.local === addr) return;
  if (ifa) ns.delAddress(dev, ifa);
  // __inet_insert_ifa frees an address whose local part is 0.0.0.0: setting it deletes
  if (!addr) return;
  const p2p = false;
  const prefixLen = p2p ? 32 : len;
  const mask = prefixLen ? (0xffffffff << (32 - prefixLen)) >>> 0 : 0;
  const broadcast =
    !p2p && !dev.isLoopback() && prefixLen < 31 ? (((addr | ~mask) >>> 0) as Ip4) : (0 as Ip4);
  const n = ns.newIfa(dev, addr, prefixLen, { label: colon ? label : dev.name, broadcast });
  if (addr >>> 24 === 127) n.scope = Scope.host;
  ns.addAddress(dev, n);
}

/** devinet_ioctl SIOCSIFNETMASK: a contiguous mask; the broadcast follows when it was the old default one. */
export function siocsifnetmask(ns: Netns, name: string, mask: Ip4): void {
  const { dev, label } = ifreqTarget(ns, name);
  const ifa = dev.in4.find((a) => a.label === label);
  if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (badMask(mask)) throw new KernelError(Errno.EINVAL);
  const oldMask = ifa.prefixLen ? (0xffffffff << (32 - ifa.prefixLen)) >>> 0 : 0;
  if (oldMask === mask >>> 0) return;
  ns.delAddress(dev, ifa);
  const prefixLen = maskLen(mask);
  let broadcast = ifa.broadcast;
  if (!dev.isLoopback() && prefixLen < 31 && ifa.broadcast === (ifa.local | ~oldMask) >>> 0)
    broadcast = ((ifa.local | ~mask) >>> 0) as Ip4;
  ns.addAddress(dev, { ...ifa, prefixLen, broadcast, secondary: false });
}

/** devinet_ioctl SIOCSIFBRDADDR */
export function siocsifbrdaddr(ns: Netns, name: string, brd: Ip4): void {
  const { dev, label } = ifreqTarget(ns, name);
  const ifa = dev.in4.find((a) => a.label === label);
  if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (ifa.broadcast === brd) return;
  ns.delAddress(dev, ifa);
  ns.addAddress(dev, { ...ifa, broadcast: brd, secondary: false });
}

/** devinet_ioctl SIOCSIFDSTADDR */
export function siocsifdstaddr(ns: Netns, name: string, dst: Ip4): void {
  const { dev, label } = ifreqTarget(ns, name);
  const ifa = dev.in4.find((a) => a.label === label);
  if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (ifa.address === dst) return;
  if (inetAbcLen(dst) < 0) throw new KernelError(Errno.EINVAL);
  ns.delAddress(dev, ifa);
  ns.addAddress(dev, { ...ifa, address: dst, secondary: false });
}

/** SIOCSIFFLAGS on an alias label: clearing IFF_UP deletes that address (inet_del_ifa). */
export function siocsifflagsAlias(ns: Netns, name: string, up: boolean): void {
  const { dev, label } = ifreqTarget(ns, name);
  const ifa = dev.in4.find((a) => a.label === label);
  if (!ifa) throw new KernelError(Errno.EADDRNOTAVAIL);
  if (!up) ns.delAddress(dev, ifa);
}

/** SIOCGIFCONF (inet_gifconf): every IPv4 address label of every device, in device-list order. */
export function siocgifconf(ns: Netns): { name: string; addr: Ip4 }[] {
  const out: { name: string; addr: Ip4 }[] = [];
  for (const d of ns.listOrder()) for (const a of d.in4) out.push({ name: a.label, addr: a.local });
  return out;
}

// ---------------------------------------------------------------- routes

export const RTF_UP = 0x0001;
export const RTF_GATEWAY = 0x0002;
export const RTF_HOST = 0x0004;
export const RTF_REINSTATE = 0x0008;
export const RTF_DYNAMIC = 0x0010;
export const RTF_MODIFIED = 0x0020;
export const RTF_MTU = 0x0040;
export const RTF_WINDOW = 0x0080;
export const RTF_IRTT = 0x0100;
export const RTF_REJECT = 0x0200;

/** struct rtentry (the fields ip_rt_ioctl reads). */
export interface RtEntry {
  dst: Ip4;
  gateway: Ip4;
  /** rt_gateway.sa_family was set (a gateway was given). */
  gatewaySet: boolean;
  genmask: Ip4;
  flags: number;
  /** rt_metric: the metric + 1 (0 = none). */
  metric: number;
  dev?: string;
  mtu: number;
  window: number;
  irtt: number;
}

/** ip_rt_ioctl: SIOCADDRT / SIOCDELRT through rtentry_to_fib_config and fib_table_insert/delete. */
export function ipRtIoctl(ns: Netns, cmd: "SIOCADDRT" | "SIOCDELRT", rt: RtEntry): void {
  let plen = 32;
  const addr = rt.dst >>> 0;
  if (!(rt.flags & RTF_HOST)) {
    const mask = rt.genmask >>> 0;
    // bad_mask(mask, addr): not contiguous, or host bits set in the address
    if (badMask(mask) || (addr & ~mask) >>> 0) throw new KernelError(Errno.EINVAL);
    plen = maskLen(mask);
  }
  const req: RouteReq = {
    table: Table.main,
    dst: addr as Ip4,
    dstLen: plen,
    tos: 0,
    type: RouteType.unicast,
    protocol: cmd === "SIOCADDRT" ? Proto.boot : 0,
    scope: Scope.nowhere,
    priority: rt.metric ? rt.metric - 1 : undefined,
    onlink: false,
    create: true,
    excl: false,
    replace: false,
    append: false,
  };
  if (rt.flags & RTF_REJECT) {
    req.scope = Scope.host;
    req.type = RouteType.unreachable;
  } else {
    if (rt.dev !== undefined) {
      const colon = rt.dev.indexOf(":");
      const dev = ns.byName(colon >= 0 ? rt.dev.slice(0, colon) : rt.dev);
      if (!dev) throw new KernelError(Errno.ENODEV);
      req.oif = dev.ifindex;
      if (colon >= 0) {
        const ifa = dev.in4.find((a) => a.label === rt.dev);
        if (!ifa) throw new KernelError(Errno.ENODEV);
        req.prefsrc = ifa.local;
      }
    }
    if (rt.gatewaySet && rt.gateway) {
      req.gateway = rt.gateway;
      if (rt.flags & RTF_GATEWAY && ns.fib.addrType(rt.gateway) === RouteType.unicast)
        req.scope = Scope.universe;
    }
    if (cmd === "SIOCADDRT") {
      if (rt.flags & RTF_GATEWAY && req.gateway === undefined) throw new KernelError(Errno.EINVAL);
      if (req.scope === Scope.nowhere) req.scope = Scope.link;
      if (rt.flags & (RTF_MTU | RTF_WINDOW | RTF_IRTT)) {
        req.metrics = {};
        if (rt.flags & RTF_MTU) req.metrics.advmss = rt.mtu - 40;
        if (rt.flags & RTF_WINDOW) req.metrics.window = rt.window;
        if (rt.flags & RTF_IRTT) req.metrics.rtt = rt.irtt << 3;
      }
    }
  }
  if (cmd === "SIOCDELRT") {
    rtnlDelroute(ns, { ...req, type: req.type, protocol: 0, scope: req.scope });
    return;
  }
  rtnlNewroute(ns, req);
}
