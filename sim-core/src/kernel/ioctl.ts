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
import { Errno, KernelError, Nud, Scope } from "./types";

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
  if (!dev) throw new KernelError(rt.type === 7 ? Errno.EHOSTUNREACH : rt.type === 8 ? Errno.EACCES : Errno.EINVAL);
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

