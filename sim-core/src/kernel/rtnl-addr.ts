/**
 * RTM_NEWADDR / RTM_DELADDR for IPv4 (net/ipv4/devinet.c inet_rtm_newaddr / inet_rtm_deladdr):
 * duplicate and replace rules, the lookup a delete uses (local, label, prefix), and the errors.
 */
import type { Ip4 } from "../util/brand";
import type { Netns } from "./netns";
import type { Ifa4 } from "./inet";
import { Errno, KernelError } from "./types";
import { networkOf } from "../util/inet";

export interface AddrReq {
  ifindex: number;
  local?: Ip4;
  /** IFA_ADDRESS (the peer, or = local). */
  address?: Ip4;
  prefixLen: number;
  broadcast?: Ip4;
  scope: number;
  label?: string;
  metric?: number;
  noprefixroute?: boolean;
  validLft?: number;
  preferredLft?: number;
  create: boolean;
  excl: boolean;
  replace: boolean;
}

export function rtnlNewaddr(ns: Netns, r: AddrReq): void {
  if (r.prefixLen > 32 || r.local === undefined) throw new KernelError(Errno.EINVAL);
  const dev = ns.byIndex(r.ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV);
  if (dev.mtu < 68) throw new KernelError(Errno.ENOBUFS);
  const address = r.address ?? r.local;
  // find_matching_ifa: same prefix, same address and local
  const existing = dev.in4.find(
    (o) =>
      o.prefixLen === r.prefixLen &&
      o.local === r.local &&
      networkOf(o.address, o.prefixLen) === networkOf(address, r.prefixLen),
  );
  if (existing) {
    if (r.excl || !r.replace) throw new KernelError(Errno.EEXIST, "ipv4: Address already assigned");
    if (r.validLft !== undefined) existing.validLft = r.validLft;
    if (r.preferredLft !== undefined) existing.preferredLft = r.preferredLft;
    if (r.metric !== undefined) existing.metric = r.metric;
    return;
  }
  if (!r.create) throw new KernelError(Errno.ENOENT);
  const ifa: Ifa4 = ns.newIfa(dev, r.local, r.prefixLen, {
    address,
    broadcast: r.broadcast,
    scope: r.scope,
    label: r.label ?? dev.name,
    noprefixroute: r.noprefixroute,
    validLft: r.validLft,
    preferredLft: r.preferredLft,
    metric: r.metric,
  });
  ns.addAddress(dev, ifa);
}

export function rtnlDeladdr(ns: Netns, r: Partial<AddrReq> & { ifindex: number; prefixLen: number }): void {
  const dev = ns.byIndex(r.ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV);
  for (const ifa of dev.in4) {
    if (r.local !== undefined && ifa.local !== r.local) continue;
    if (r.label !== undefined && r.label !== ifa.label) continue;
    if (
      r.address !== undefined &&
      (r.prefixLen !== ifa.prefixLen ||
        networkOf(r.address, ifa.prefixLen) !== networkOf(ifa.address, ifa.prefixLen))
    )
      continue;
    ns.delAddress(dev, ifa);
    return;
  }
  throw new KernelError(Errno.EADDRNOTAVAIL, "ipv4: Address not found");
}
