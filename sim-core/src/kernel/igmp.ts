/**
 * The IGMPv3 reports a Linux host sends unasked (net/ipv4/igmp.c): joining a group other than
 * 224.0.0.1 (in these labs, a bridge's multicast-router-discovery group 224.0.0.106 when snooping
 * is on) queues a state change (igmp_ifc_event: robustness 2, the second report a random time
 * below the 1 s unsolicited report interval later). Reports go to 224.0.0.22 with TTL 1, TOS
 * 0xc0, DF and the router-alert option, from the device's address or 0.0.0.0, through the normal
 * output path (so netfilter sees them).
 */
import type { Ip4 } from "../util/brand";
import type { TimerHandle } from "../engine/scheduler";
import { NS_PER_MS } from "../engine/scheduler";
import { internetChecksum } from "../wire/checksum";
import { IpProto, type Ipv4Packet } from "../wire/types";
import type { NetDevice, SkbMeta } from "./device";
import type { Netns } from "./netns";

const IGMPV3_ALL_MCR = 0xe0000016 as Ip4;
const IGMPV3_CHANGE_TO_EXCLUDE = 4;
const IGMPV3_HOST_MEMBERSHIP_REPORT = 0x22;
const ROUTER_ALERT = Uint8Array.of(0x94, 0x04, 0x00, 0x00);

interface InDevMc {
  /** Reportable groups, newest first (in_dev->mc_list order). */
  groups: Ip4[];
  crcount: Map<number, number>;
  ifcCount: number;
  ifcTimer?: TimerHandle;
}

export class Igmp {
  private readonly devs = new Map<NetDevice, InDevMc>();

  constructor(readonly ns: Netns) {}

  private state(dev: NetDevice): InDevMc {
    let s = this.devs.get(dev);
    if (!s) {
      s = { groups: [], crcount: new Map(), ifcCount: 0 };
      this.devs.set(dev, s);
    }
    return s;
  }

  /** ip_mc_inc_group for a reportable group: reported at once if the device is up. */
  join(dev: NetDevice, group: Ip4): void {
    const s = this.state(dev);
    if (s.groups.includes(group)) return;
    s.groups.unshift(group);
    s.crcount.set(group, 2);
    if (dev.up) this.ifcEvent(dev);
  }

  leave(dev: NetDevice, group: Ip4): void {
    const s = this.devs.get(dev);
    if (!s) return;
    s.groups = s.groups.filter((g) => g !== group);
    s.crcount.delete(group);
  }

  /** in_dev->mc_list as /proc/net/igmp lists it: 224.0.0.1 while up (newest), then the joined groups. */
  groupsOf(dev: NetDevice): Ip4[] {
    if (!dev.up || dev.mtu < 68) return [];
    return [0xe0000001 as Ip4, ...(this.devs.get(dev)?.groups ?? [])];
  }

  /** ip_mc_up (NETDEV_UP): every group is announced again. */
  up(dev: NetDevice): void {
    const s = this.devs.get(dev);
    if (!s || !s.groups.length) return;
    for (const g of s.groups) s.crcount.set(g, 2);
    this.ifcEvent(dev);
  }

  /** ip_mc_down: timers stop. */
  down(dev: NetDevice): void {
    const s = this.devs.get(dev);
    if (!s) return;
    s.ifcTimer?.cancel();
    s.ifcTimer = undefined;
    s.ifcCount = 0;
  }

  forget(dev: NetDevice): void {
    this.down(dev);
    this.devs.delete(dev);
  }

  private interval(dev: NetDevice): number {
    return (
      Math.max(1, this.ns.sysctl.int(`net/ipv4/conf/${dev.name}/igmpv3_unsolicited_report_interval`, 1000)) *
      NS_PER_MS
    );
  }

  private ifcEvent(dev: NetDevice): void {
    const s = this.state(dev);
    s.ifcCount = 2;
    s.ifcTimer?.cancel();
    const w = this.ns.world;
    const work = (): void => {
      if (!dev.up || this.devs.get(dev) !== s) return;
      this.sendChangeReport(dev, s);
      if (s.ifcCount) {
        s.ifcCount--;
        if (s.ifcCount) s.ifcTimer = w.sched.after(w.rng.below(this.interval(dev)), work);
      }
    };
    s.ifcTimer = w.sched.after(0, work);
  }

  private sendChangeReport(dev: NetDevice, s: InDevMc): void {
    const groups: Ip4[] = [];
    for (const g of s.groups) {
      const n = s.crcount.get(g) ?? 0;
      if (n > 0) {
        groups.push(g);
        s.crcount.set(g, n - 1);
      }
    }
    if (groups.length) this.sendReport(dev, groups);
  }

  private sendReport(dev: NetDevice, groups: Ip4[]): void {
    const stack = this.ns.stack;
    const r = stack.routeOutput(IGMPV3_ALL_MCR, { oif: dev.ifindex });
    if (!r.ok) return;
    const body = new Uint8Array(8 + 8 * groups.length);
    body[0] = IGMPV3_HOST_MEMBERSHIP_REPORT;
    body[6] = groups.length >> 8;
    body[7] = groups.length & 0xff;
    groups.forEach((g, i) => {
      const o = 8 + 8 * i;
      body[o] = IGMPV3_CHANGE_TO_EXCLUDE;
      body[o + 4] = g >>> 24;
      body[o + 5] = (g >>> 16) & 0xff;
      body[o + 6] = (g >>> 8) & 0xff;
      body[o + 7] = g & 0xff;
    });
    const csum = internetChecksum(body);
    body[2] = csum >> 8;
    body[3] = csum & 0xff;
    const ip: Ipv4Packet = {
      kind: "ipv4",
      tos: 0xc0,
      id: 0,
      df: true,
      mf: false,
      fragOffset: 0,
      ttl: 1,
      protocol: IpProto.IGMP,
      src: r.rt.src,
      dst: IGMPV3_ALL_MCR,
      options: ROUTER_ALERT,
      payload: { kind: "raw", bytes: body },
    };
    const meta: SkbMeta = { jid: this.ns.world.newJid(), mark: 0 };
    stack.ipLocalOut(ip, r.rt, meta);
  }
}
