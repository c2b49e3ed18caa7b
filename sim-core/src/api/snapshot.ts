/**
 * The canvas's view of the world, derived from the kernel after every command (never stored):
 * machines → network namespaces → devices, and the edges between devices (veth pairs, bridge
 * ports, lab cables through switches, VXLAN tunnels over the underlay). Plain data only, so it
 * crosses the worker boundary as is.
 */
import type { World } from "../kernel/world";
import type { Netns } from "../kernel/netns";
import type { NetDevice } from "../kernel/device";
import { NicDevice, VethDevice } from "../kernel/device";
import { BridgeDevice } from "../kernel/bridge";
import { VxlanDevice } from "../kernel/vxlan";
import { OPER_STATE_NAMES } from "../kernel/types";
import { ip4Str } from "../util/inet";
import { ip6ToString } from "../wire/addr";
import { stormOf, type StormView, type WorldAlert } from "../kernel/storm";

export interface DeviceView {
  /** "machine/netnsKey/name" — stable while the device exists under that name. */
  key: string;
  machine: string;
  netns: string;
  ifindex: number;
  name: string;
  kind: NetDevice["kind"];
  mac: string;
  mtu: number;
  up: boolean;
  carrier: boolean;
  operstate: string;
  addrs: string[];
  addrs6: string[];
  /** Key of the bridge this device is a port of. */
  master?: string;
  /** For veth: the key of the peer device. */
  peer?: string;
  vxlan?: {
    vni: number;
    local?: string;
    remote?: string;
    dstPort: number;
    lower?: string;
    learning: boolean;
  };
  /** For a bridge that had a broadcast storm (a loop without STP): show it on the canvas. */
  storm?: StormView;
}

export interface NetnsView {
  /** "machine/root" or "machine/NAME" or "machine/ns:INODE" for unnamed ones. */
  key: string;
  machine: string;
  name: string | null;
  kind: "root" | "named" | "anonymous";
  inode: number;
  /** For an anonymous one, what holds it when known: "container web", "pod web-1". */
  holder?: string;
  devices: DeviceView[];
  routes: number;
}

export interface MachineView {
  name: string;
  hostname: string;
  namespaces: NetnsView[];
}

export interface SwitchView {
  /** "switch/NAME" */
  key: string;
  name: string;
  /** Keys of the NICs plugged into this switch. */
  ports: string[];
}

export interface LinkView {
  id: string;
  kind: "veth" | "bridge-port" | "cable" | "vxlan";
  /** Device keys (or a switch key for cables). */
  a: string;
  b: string;
  /** The machine and device name the edge belongs to (test id `link:<machine>:<device>`). */
  machine: string;
  device: string;
  up: boolean;
}

export interface WorldSnapshot {
  version: number;
  time: number;
  machines: MachineView[];
  switches: SwitchView[];
  links: LinkView[];
  /** What the world reported besides command output (broadcast storms), oldest first. */
  alerts: WorldAlert[];
}

export function netnsKey(ns: Netns): string {
  const m = ns.machine.name;
  if (ns === ns.machine.root) return `${m}/root`;
  const name = ns.name;
  return name ? `${m}/${name}` : `${m}/ns:${ns.inode}`;
}

export function deviceKey(d: NetDevice): string {
  return `${netnsKey(d.ns)}/${d.name}`;
}

function deviceView(d: NetDevice): DeviceView {
  const v: DeviceView = {
    key: deviceKey(d),
    machine: d.ns.machine.name,
    netns: netnsKey(d.ns),
    ifindex: d.ifindex,
    name: d.name,
    kind: d.kind,
    mac: d.mac,
    mtu: d.mtu,
    up: d.up,
    carrier: d.carrier,
    operstate: OPER_STATE_NAMES[d.reportedOperstate()],
    addrs: d.in4.map((a) => `${ip4Str(a.local)}/${a.prefixLen}`),
    addrs6: d.in6.map((a) => `${ip6ToString(a.addr)}/${a.prefixLen}`),
  };
  if (d.master) v.master = deviceKey(d.master);
  if (d instanceof BridgeDevice) {
    const storm = stormOf(d, d.ns.world.sched.now);
    if (storm) v.storm = storm;
  }
  if (d instanceof VethDevice && !(d instanceof NicDevice) && d.peer && !d.peer.ns.machine.hidden)
    v.peer = deviceKey(d.peer);
  if (d instanceof VxlanDevice) {
    const lower = d.cfg.lowerIfindex ? d.ns.byIndex(d.cfg.lowerIfindex) : undefined;
    v.vxlan = {
      vni: d.cfg.vni,
      local: d.cfg.local ? ip4Str(d.cfg.local) : undefined,
      remote: d.cfg.remote ? ip4Str(d.cfg.remote) : undefined,
      dstPort: d.cfg.dstPort,
      lower: lower ? deviceKey(lower) : undefined,
      learning: d.cfg.learning,
    };
  }
  return v;
}

export function snapshot(world: World): WorldSnapshot {
  const machines: MachineView[] = [];
  const links: LinkView[] = [];
  const seenVeth = new Set<NetDevice>();
  const vteps: { dev: VxlanDevice; local?: number }[] = [];
  for (const m of world.machines.values()) {
    const namespaces: NetnsView[] = [];
    for (const ns of m.namespaces()) {
      const devices = ns.list().map(deviceView);
      const view: NetnsView = {
        key: netnsKey(ns),
        machine: m.name,
        name: ns === m.root ? null : (ns.name ?? null),
        kind: ns === m.root ? "root" : ns.name ? "named" : "anonymous",
        inode: ns.inode,
        devices,
        routes: [...ns.fib.tables.values()].reduce((n, t) => n + t.routes.length, 0),
      };
      const holder = view.kind === "anonymous" ? ns.holder?.() : undefined;
      if (holder) view.holder = holder;
      namespaces.push(view);
      for (const d of ns.list()) {
        if (
          d instanceof VethDevice &&
          !(d instanceof NicDevice) &&
          d.peer &&
          !seenVeth.has(d) &&
          !d.peer.ns.machine.hidden
        ) {
          seenVeth.add(d);
          seenVeth.add(d.peer);
          links.push({
            id: `veth:${deviceKey(d)}`,
            kind: "veth",
            a: deviceKey(d),
            b: deviceKey(d.peer),
            machine: m.name,
            device: d.name,
            up: d.carrier,
          });
        }
        if (d.master) {
          links.push({
            id: `port:${deviceKey(d)}`,
            kind: "bridge-port",
            a: deviceKey(d),
            b: deviceKey(d.master),
            machine: m.name,
            device: d.name,
            up: d.port?.state === 3,
          });
        }
        if (d instanceof VxlanDevice) vteps.push({ dev: d, local: d.cfg.local });
      }
    }
    machines.push({ name: m.name, hostname: m.hostname, namespaces });
  }
  // cables: each NIC's peer is a port of a fabric switch
  const switches: SwitchView[] = [];
  for (const sw of world.switches()) {
    const ports: string[] = [];
    for (const p of sw.ports) {
      const peer = (p.dev as VethDevice).peer;
      if (!peer) continue;
      ports.push(deviceKey(peer));
      links.push({
        id: `cable:${deviceKey(peer)}`,
        kind: "cable",
        a: deviceKey(peer),
        b: `switch/${sw.name}`,
        machine: peer.ns.machine.name,
        device: peer.name,
        up: peer.carrier,
      });
    }
    switches.push({ key: `switch/${sw.name}`, name: sw.name, ports });
  }
  // VXLAN tunnels: a VTEP's FDB destinations that are another VTEP's local address
  const byLocal = new Map<number, VxlanDevice[]>();
  for (const v of vteps) {
    const local =
      v.local ??
      v.dev.ns.selectAddr(
        v.dev.cfg.lowerIfindex ? v.dev.ns.byIndex(v.dev.cfg.lowerIfindex) : undefined,
        0,
        0,
      ) ??
      0;
    if (!local) continue;
    const list = byLocal.get(local) ?? [];
    list.push(v.dev);
    byLocal.set(local, list);
  }
  const tunnelSeen = new Set<string>();
  for (const v of vteps) {
    const dsts = new Set<number>();
    for (const e of v.dev.fdb) for (const r of e.remotes) if (r.ip) dsts.add(r.ip);
    if (v.dev.cfg.remote) dsts.add(v.dev.cfg.remote);
    for (const ip of dsts) {
      for (const other of byLocal.get(ip) ?? []) {
        if (other === v.dev || other.cfg.vni !== v.dev.cfg.vni) continue;
        const a = deviceKey(v.dev);
        const b = deviceKey(other);
        const id = `vxlan:${[a, b].sort().join("|")}`;
        if (tunnelSeen.has(id)) continue;
        tunnelSeen.add(id);
        links.push({
          id,
          kind: "vxlan",
          a,
          b,
          machine: v.dev.ns.machine.name,
          device: v.dev.name,
          up: v.dev.up && other.up,
        });
      }
    }
  }
  return {
    version: world.version,
    time: world.sched.now,
    machines,
    switches,
    links,
    alerts: world.alerts.map((a) => ({ ...a })),
  };
}

export { BridgeDevice };
