/**
 * VXLAN devices (drivers/net/vxlan/): VNI, local/remote, lower device, UDP destination port
 * (the kernel default 8472), learning, and the device's own forwarding database mapping inner
 * MACs to remote VTEPs (incl. the all-zeros default destination). Encapsulation adds 50 bytes:
 * outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8.
 */
import type { Ip4, Mac } from "../util/brand";
import type { Nanos } from "../engine/scheduler";
import { NetDevice, type SkbMeta } from "./device";
import type { EthernetFrame } from "../wire/types";
import { DeviceKind } from "./types";

export const VXLAN_HEADROOM = 50;
export const VXLAN_DEFAULT_PORT = 8472;

export interface VxlanRemote {
  ip: Ip4;
  port?: number;
  vni?: number;
  ifindex?: number;
}

export interface VxlanFdbEntry {
  mac: Mac;
  remotes: VxlanRemote[];
  permanent: boolean;
  /** NTF_SELF entries added by the user are static unless `dynamic`. */
  isStatic: boolean;
  updated: Nanos;
  used: Nanos;
}

export interface VxlanConfig {
  vni: number;
  local?: Ip4;
  remote?: Ip4;
  lowerIfindex?: number;
  dstPort: number;
  srcPortMin: number;
  srcPortMax: number;
  ttl: number;
  tos: number;
  df: "unset" | "set" | "inherit";
  learning: boolean;
  ageing: number;
  udpCsum: boolean;
  udp6ZeroCsumTx: boolean;
  udp6ZeroCsumRx: boolean;
  proxy: boolean;
  l2miss: boolean;
  l3miss: boolean;
  gbp: boolean;
  maxAddresses: number;
}

export function defaultVxlanConfig(vni: number): VxlanConfig {
  return {
    vni,
    dstPort: VXLAN_DEFAULT_PORT,
    srcPortMin: 0,
    srcPortMax: 0,
    ttl: 0,
    tos: 0,
    df: "unset",
    learning: true,
    ageing: 300,
    udpCsum: true,
    udp6ZeroCsumTx: false,
    udp6ZeroCsumRx: false,
    proxy: false,
    l2miss: false,
    l3miss: false,
    gbp: false,
    maxAddresses: 0,
  };
}

export class VxlanDevice extends NetDevice {
  readonly kind = DeviceKind.vxlan;
  fdb: VxlanFdbEntry[] = [];

  constructor(
    name: string,
    mac: Mac,
    readonly cfg: VxlanConfig,
  ) {
    super(name, mac);
    this.minMtu = 68;
    this.maxMtu = 65535;
    this.tsoMaxSize = 65536;
  }

  hasLowerCarrier(): boolean {
    return true;
  }

  override linkwatch(): void {}

  // vxlan has no ndo_get_iflink: IFLA_LINK is its own index (the lower device is IFLA_VXLAN_LINK)

  fdbFind(mac: Mac): VxlanFdbEntry | undefined {
    const now = this.world.sched.now;
    const e = this.fdb.find((x) => x.mac === mac);
    if (e && !e.permanent && !e.isStatic && now - e.updated > this.cfg.ageing * 1e9) {
      this.fdb.splice(this.fdb.indexOf(e), 1);
      return undefined;
    }
    return e;
  }

  liveFdb(): VxlanFdbEntry[] {
    const now = this.world.sched.now;
    this.fdb = this.fdb.filter((e) => e.permanent || e.isStatic || now - e.updated <= this.cfg.ageing * 1e9);
    return this.fdb;
  }

  xmit(frame: EthernetFrame, meta: SkbMeta): void {
    this.ns.stack.vxlanXmit(this, frame, meta);
  }
}
