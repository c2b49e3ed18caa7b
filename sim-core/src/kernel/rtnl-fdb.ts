/**
 * Forwarding-database operations (PF_BRIDGE RTM_NEWNEIGH/DELNEIGH/GETNEIGH): rtnl_fdb_add with
 * the master (bridge) and self (device) paths, br_fdb_add's states (permanent = local, static,
 * dynamic), vxlan_fdb_add with remotes (append/replace), ndo_dflt_fdb_add for plain devices'
 * address lists, and the dump in the kernel's order (device by device: the bridge's entries
 * for a port, then the device's own — its unicast/multicast lists or its VXLAN table).
 */
import type { Ip4, Mac } from "../util/brand";
import type { Netns } from "./netns";
import type { NetDevice } from "./device";
import { BridgeDevice, type FdbEntry } from "./bridge";
import { VxlanDevice, type VxlanFdbEntry } from "./vxlan";
import { Errno, KernelError, Nud } from "./types";
import { isMulticastMac } from "../util/inet";

export const NTF_SELF = 0x02;
export const NTF_MASTER = 0x04;

export interface FdbReq {
  ifindex: number;
  mac: Mac;
  dst?: Ip4;
  port?: number;
  vni?: number;
  vlan?: number;
  /** NDA_IFINDEX: the device to reach the remote through (`via DEV`). */
  via?: number;
  flags: number;
  /** NUD_* bits as iproute2 built them. */
  state: number;
  create: boolean;
  excl: boolean;
  append: boolean;
  replace: boolean;
}

/** One line of `bridge fdb show`. */
export interface FdbRow {
  mac: Mac;
  dev: NetDevice;
  dst?: Ip4;
  port?: number;
  vni?: number;
  vlan?: number;
  /** NDA_IFINDEX of a VXLAN remote */
  via?: NetDevice;
  self: boolean;
  master?: NetDevice;
  /** NUD state reported (PERMANENT/NOARP/STALE/REACHABLE). */
  state: number;
}

export function rtnlFdbAdd(ns: Netns, r: FdbReq): void {
  if (!r.ifindex) throw new KernelError(Errno.EINVAL, "invalid ifindex");
  const dev = ns.byIndex(r.ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV, "unknown ifindex");
  if (dev.isLoopback()) throw new KernelError(Errno.EINVAL, "FDB add only supported for Ethernet devices");
  let flags = r.flags;
  let err: KernelError | undefined = new KernelError(Errno.EOPNOTSUPP);
  if ((!flags || flags & NTF_MASTER) && dev.master) {
    brFdbAdd(dev.master, dev, r);
    err = undefined;
    flags &= ~NTF_MASTER;
  }
  if (flags & NTF_SELF) {
    if (dev instanceof BridgeDevice) brFdbAdd(dev, dev, r);
    else if (dev instanceof VxlanDevice) vxlanFdbAdd(dev, r);
    else dfltFdbAdd(dev, r);
    err = undefined;
  }
  if (err) throw err;
  ns.world.topologyChanged();
}

function brFdbAdd(br: BridgeDevice, dev: NetDevice, r: FdbReq): void {
  if (!(r.state & (Nud.PERMANENT | Nud.NOARP | Nud.REACHABLE))) throw new KernelError(Errno.EINVAL);
  if (r.mac === "00:00:00:00:00:00") throw new KernelError(Errno.EINVAL);
  const port = dev === br ? undefined : br.portOf(dev);
  if (dev !== br && !port) throw new KernelError(Errno.EINVAL);
  if (!port && !(r.state & Nud.PERMANENT)) throw new KernelError(Errno.EINVAL);
  const vlan = r.vlan ?? 0;
  const now = br.world.sched.now;
  let e = br.fdbFind(r.mac, vlan);
  if (!e) {
    if (!r.create) throw new KernelError(Errno.ENOENT);
    e = {
      mac: r.mac,
      vlan,
      port,
      isLocal: false,
      isStatic: false,
      addedByUser: true,
      updated: now,
      used: now,
    };
    br.fdb.unshift(e);
  } else {
    if (r.excl) throw new KernelError(Errno.EEXIST);
    e.port = port;
  }
  if (r.state & Nud.PERMANENT) {
    e.isLocal = true;
    e.isStatic = true;
  } else if (r.state & Nud.NOARP) {
    e.isLocal = false;
    e.isStatic = true;
  } else {
    e.isLocal = false;
    e.isStatic = false;
  }
  e.addedByUser = true;
  e.updated = now;
}

function dfltFdbAdd(dev: NetDevice, r: FdbReq): void {
  if (r.state && !(r.state & Nud.PERMANENT)) throw new KernelError(Errno.EINVAL);
  if (r.vlan !== undefined) throw new KernelError(Errno.EINVAL);
  const list = isMulticastMac(r.mac) ? dev.mc : (dev.uc ??= []);
  if (list.some((x) => x.mac === r.mac)) {
    if (r.excl) throw new KernelError(Errno.EEXIST);
    return;
  }
  list.push({ mac: r.mac, refs: 1 });
}

function vxlanFdbAdd(vx: VxlanDevice, r: FdbReq): void {
  if (!(r.state & (Nud.PERMANENT | Nud.REACHABLE))) throw new KernelError(Errno.EINVAL);
  const now = vx.world.sched.now;
  const remote = { ip: (r.dst ?? 0) as Ip4, port: r.port, vni: r.vni, ifindex: r.via };
  const e = vx.fdb.find((x) => x.mac === r.mac);
  if (e) {
    if (r.excl) throw new KernelError(Errno.EEXIST);
    if (r.replace) {
      e.remotes[0] = remote;
    } else if (r.append && (isMulticastMac(r.mac) || r.mac === "00:00:00:00:00:00")) {
      // vxlan_fdb_append: a remote that is already there is fine
      if (!e.remotes.some((x) => sameRemote(vx, x, remote))) e.remotes.push(remote);
    }
    e.permanent = (r.state & Nud.PERMANENT) !== 0;
    e.updated = now;
    return;
  }
  if (!r.create) throw new KernelError(Errno.ENOENT);
  if (r.replace && (isMulticastMac(r.mac) || r.mac === "00:00:00:00:00:00"))
    throw new KernelError(Errno.EOPNOTSUPP);
  const entry: VxlanFdbEntry = {
    mac: r.mac,
    remotes: [remote],
    permanent: (r.state & Nud.PERMANENT) !== 0,
    isStatic: true,
    updated: now,
    used: now,
  };
  vx.fdb.unshift(entry);
}

export function rtnlFdbDel(ns: Netns, r: FdbReq): void {
  if (!r.ifindex) throw new KernelError(Errno.EINVAL, "invalid ifindex");
  const dev = ns.byIndex(r.ifindex);
  if (!dev) throw new KernelError(Errno.ENODEV, "unknown ifindex");
  let flags = r.flags;
  let err: KernelError | undefined = new KernelError(Errno.EINVAL);
  if ((!flags || flags & NTF_MASTER) && dev.master) {
    const br = dev.master;
    const e = br.fdbFind(r.mac, r.vlan ?? 0);
    if (!e || (e.port !== br.portOf(dev) && !(e.port === undefined && dev === br)))
      throw new KernelError(Errno.ENOENT);
    br.fdbRemove(e);
    err = undefined;
    flags &= ~NTF_MASTER;
  }
  if (flags & NTF_SELF) {
    if (dev instanceof BridgeDevice) {
      const e = dev.fdbFind(r.mac, r.vlan ?? 0);
      if (!e) throw new KernelError(Errno.ENOENT);
      dev.fdbRemove(e);
    } else if (dev instanceof VxlanDevice) {
      const e = dev.fdb.find((x) => x.mac === r.mac);
      if (!e) throw new KernelError(Errno.ENOENT);
      if (r.dst !== undefined) {
        // __vxlan_fdb_delete: a remote that does not match (ip, port, vni, ifindex) is no error
        const i = e.remotes.findIndex((x) =>
          sameRemote(dev, x, { ip: r.dst!, port: r.port, vni: r.vni, ifindex: r.via }),
        );
        if (i >= 0) {
          e.remotes.splice(i, 1);
          if (!e.remotes.length) dev.fdb.splice(dev.fdb.indexOf(e), 1);
        }
      } else dev.fdb.splice(dev.fdb.indexOf(e), 1);
    } else {
      const list = isMulticastMac(r.mac) ? dev.mc : (dev.uc ??= []);
      const i = list.findIndex((x) => x.mac === r.mac);
      if (i < 0) throw new KernelError(Errno.ENOENT);
      list.splice(i, 1);
    }
    err = undefined;
  }
  if (err) throw err;
  ns.world.topologyChanged();
}

function brRow(br: BridgeDevice, e: FdbEntry): FdbRow {
  const now = br.world.sched.now;
  const state = e.isLocal
    ? Nud.PERMANENT
    : e.isStatic
      ? Nud.NOARP
      : now - e.updated > br.ageingNs
        ? Nud.STALE
        : Nud.REACHABLE;
  return {
    mac: e.mac,
    dev: e.port ? e.port.dev : br,
    vlan: e.vlan || undefined,
    self: false,
    master: br,
    state,
  };
}

function dfltRows(dev: NetDevice): FdbRow[] {
  const rows: FdbRow[] = [];
  for (const a of dev.uc ?? []) rows.push({ mac: a.mac, dev, self: true, state: Nud.PERMANENT });
  for (const a of dev.mc) rows.push({ mac: a.mac, dev, self: true, state: Nud.PERMANENT });
  return rows;
}

/** vxlan_fdb_find_rdst: port and VNI default to the device's, the ifindex to none. */
function sameRemote(
  vx: VxlanDevice,
  a: { ip: Ip4; port?: number; vni?: number; ifindex?: number },
  b: { ip: Ip4; port?: number; vni?: number; ifindex?: number },
): boolean {
  return (
    a.ip === b.ip &&
    (a.port ?? vx.cfg.dstPort) === (b.port ?? vx.cfg.dstPort) &&
    (a.vni ?? vx.cfg.vni) === (b.vni ?? vx.cfg.vni) &&
    (a.ifindex ?? 0) === (b.ifindex ?? 0)
  );
}

function vxlanRows(vx: VxlanDevice): FdbRow[] {
  const rows: FdbRow[] = [];
  for (const e of vx.liveFdb()) {
    for (const r of e.remotes) {
      rows.push({
        mac: e.mac,
        dev: vx,
        dst: r.ip ? r.ip : undefined,
        port: r.port !== undefined && r.port !== vx.cfg.dstPort ? r.port : undefined,
        vni: r.vni !== undefined && r.vni !== vx.cfg.vni ? r.vni : undefined,
        via: r.ifindex ? vx.ns.byIndex(r.ifindex) : undefined,
        self: true,
        state: e.permanent ? Nud.PERMANENT : Nud.REACHABLE,
      });
    }
  }
  return rows;
}

/** rtnl_fdb_dump, filtered by bridge (`br X`) and/or device (`dev X`). */
export function rtnlFdbDump(ns: Netns, brIndex = 0, devIndex = 0): FdbRow[] {
  const out: FdbRow[] = [];
  const brDev = brIndex ? ns.byIndex(brIndex) : undefined;
  for (const dev of ns.list()) {
    if (devIndex && dev.ifindex !== devIndex) continue;
    if (brIndex) {
      if (dev !== brDev && !dev.master) continue;
      if (dev !== brDev && dev.master !== brDev) continue;
    }
    if (dev.master) {
      const br = dev.master;
      const port = br.portOf(dev);
      for (const e of br.liveFdb()) if (e.port === port) out.push(brRow(br, e));
    }
    if (dev instanceof BridgeDevice) {
      out.push(...dfltRows(dev));
      for (const e of dev.liveFdb()) if (!e.port) out.push(brRow(dev, e));
    } else if (dev instanceof VxlanDevice) out.push(...vxlanRows(dev));
    else out.push(...dfltRows(dev));
  }
  return out;
}
