/**
 * The part of IPv6 that every Linux interface shows even in an IPv4 lab (net/ipv6/addrconf.c,
 * mcast.c): the ff02::1 membership taken at registration, the EUI-64 link-local address added
 * once the link is ready (tentative while duplicate address detection runs), ::1 on lo, the
 * solicited-node membership, and their removal when the device goes down.
 */
import type { Ip6, Mac } from "../util/brand";
import { linkLocalFromMac, macFromBytes } from "../util/inet";
import type { EthernetFrame } from "../wire/types";
import type { NetDevice, SkbMeta } from "./device";
import type { Netns } from "./netns";
import { Scope } from "./types";
import type { Ifa6 } from "./inet";
import { NS_PER_S } from "../engine/scheduler";

const ALL_NODES_MAC = "33:33:00:00:00:01" as Mac;

export function solicitedNodeMac(addr: Ip6): Mac {
  return macFromBytes(Uint8Array.of(0x33, 0x33, 0xff, addr[13], addr[14], addr[15]));
}

export class Ipv6 {
  constructor(readonly ns: Netns) {}

  private disabled(dev: NetDevice): boolean {
    const s = this.ns.sysctl;
    return s.int(`net/ipv6/conf/${dev.name}/disable_ipv6`) === 1 || s.int("net/ipv6/conf/all/disable_ipv6") === 1;
  }

  /** ipv6_add_dev: joins ff02::1 (loaded into dev->mc unless the device cannot map it). */
  onRegister(dev: NetDevice): void {
    if (dev.isLoopback() || this.disabled(dev)) return;
    dev.mcAdd(ALL_NODES_MAC);
  }

  onUnregister(dev: NetDevice): void {
    this.onDown(dev);
    dev.mc = [];
  }

  /** addrconf_notify(NETDEV_UP) */
  onUp(dev: NetDevice): void {
    if (this.disabled(dev)) return;
    if (dev.isLoopback()) {
      if (!dev.in6.length) dev.in6.push({ addr: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) as Ip6, prefixLen: 128, scope: Scope.host, tentative: false, noprefixroute: true, permanent: true });
      return;
    }
    // ipv6_mc_up re-loads the memberships dropped at the last down
    if (!dev.mc.some((m) => m.mac === ALL_NODES_MAC)) dev.mcAdd(ALL_NODES_MAC);
    if (this.linkReady(dev)) this.addLinkLocal(dev);
  }

  onCarrier(dev: NetDevice): void {
    if (!dev.up || dev.isLoopback() || this.disabled(dev)) return;
    if (this.linkReady(dev) && !dev.in6.length) this.addLinkLocal(dev);
  }

  /** addrconf_ifdown: addresses go (keep_addr_on_down = 0), memberships are unloaded. */
  onDown(dev: NetDevice): void {
    for (const a of dev.in6) if (!dev.isLoopback()) dev.mcDel(solicitedNodeMac(a.addr));
    dev.in6 = [];
    if (!dev.isLoopback()) dev.mcDel(ALL_NODES_MAC);
  }

  /** addrconf_link_ready: operationally up and a real qdisc attached. */
  private linkReady(dev: NetDevice): boolean {
    return dev.up && dev.carrier && dev.running();
  }

  private addLinkLocal(dev: NetDevice): void {
    if (dev.in6.some((a) => a.scope === Scope.link)) return;
    const addr = linkLocalFromMac(dev.mac);
    const ifa: Ifa6 = { addr, prefixLen: 64, scope: Scope.link, tentative: true, noprefixroute: false, permanent: true };
    dev.in6.unshift(ifa);
    dev.mcAdd(solicitedNodeMac(addr));
    // DAD: a random delay below rtr_solicit_delay, then dad_transmits probes one retrans_time apart
    const w = this.ns.world;
    const delay = Math.floor(w.rng.float() * NS_PER_S);
    const probes = Math.max(1, this.ns.sysctl.int(`net/ipv6/conf/${dev.name}/dad_transmits`, 1));
    w.sched.after(delay + probes * NS_PER_S, () => {
      if (dev.in6.includes(ifa)) ifa.tentative = false;
    });
  }

  /** Received IPv6 frames: neighbour discovery and MLD need no answer in these labs. */
  receive(_dev: NetDevice, _frame: EthernetFrame, _meta: SkbMeta): void {}
}
