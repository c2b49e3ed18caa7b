/**
 * Consistency checks of the whole world, run after every command by the fuzz suite (and on
 * demand by the app: Session.checkInvariants). Each check is a rule the kernel keeps by
 * construction (the references rtnetlink and the notifier chains never leave dangling):
 *
 * - a namespace's ifindex map, its registration list and each device's own `ns`/`ifindex` agree;
 *   names are unique; lo is there; no device is half-unregistered;
 * - a veth has a peer and the peer points back (deleting one end deletes the other), the peer is
 *   registered in a live namespace;
 * - a bridge port's master is a bridge of the same namespace that lists the port, and every port a
 *   bridge lists names that bridge as its master; FDB entries point at live ports of their bridge;
 * - every IPv4/IPv6 route's device (and every nexthop's) is registered in the route's namespace;
 *   neighbour entries reference live devices of their namespace;
 * - nsids point at live namespaces, no two namespaces share an id in one table;
 * - no process, named netns or reference is left in a destroyed namespace; a live namespace is
 *   referenced by something (refs > 0);
 * - per-device sysctl directories exist for every device;
 * - counters never go down, the virtual clock never goes backwards (these two need the previous
 *   check's state: keep one InvariantChecker per world).
 *
 * Plain code, no DOM; cheap enough to run after every command of a 100-namespace lab.
 */
import type { World } from "../kernel/world";
import type { Netns } from "../kernel/netns";
import type { NetDevice, DevStats } from "../kernel/device";
import { VethDevice } from "../kernel/device";
import { BridgeDevice } from "../kernel/bridge";
import { VxlanDevice } from "../kernel/vxlan";

export interface Violation {
  /** A short stable identifier of the rule (for grouping failures). */
  rule: string;
  /** What is wrong, naming the objects. */
  detail: string;
}

const COUNTERS: (keyof DevStats)[] = [
  "rxBytes",
  "rxPackets",
  "rxErrors",
  "rxDropped",
  "multicast",
  "txBytes",
  "txPackets",
  "txErrors",
  "txDropped",
];

/** Every live namespace of the world: machines' (root, named, bind-mounted, held by processes) and the fabric's. */
export function liveNamespaces(world: World): Netns[] {
  const seen = new Set<Netns>();
  const add = (ns: Netns) => {
    if (!seen.has(ns)) seen.add(ns);
  };
  for (const m of [world.fabric, ...world.machines.values()]) for (const ns of m.namespaces()) add(ns);
  return [...seen];
}

function devName(d: NetDevice): string {
  const ns = d.ns;
  return ns ? `${ns.machine.name}/${ns.label}/${d.name}` : `(unregistered)/${d.name}`;
}

/** Registered: the device's namespace is live and holds it at its ifindex. */
function registered(d: NetDevice | undefined): boolean {
  return !!d && !!d.ns && !d.ns.destroyed && d.ns.devices.get(d.ifindex) === d && !d.dying;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Runs the stateless checks once. */
export function checkInvariants(world: World): Violation[] {
  return new InvariantChecker(world).check();
}

/** Keeps what the monotonic checks (counters, time) compare against between two calls. */
export class InvariantChecker {
  private lastTime = -Infinity;
  private counters = new WeakMap<NetDevice, number[]>();

  constructor(readonly world: World) {}

  check(): Violation[] {
    const out: Violation[] = [];
    const v = (rule: string, detail: string) => {
      if (out.length < 200) out.push({ rule, detail });
    };
    const world = this.world;
    const now = world.sched.now;
    if (!(now >= this.lastTime)) v("time-backwards", `virtual time went from ${this.lastTime} to ${now}`);
    if (!Number.isFinite(now)) v("time-not-finite", `virtual time is ${now}`);
    this.lastTime = now;

    const spaces = liveNamespaces(world);
    for (const m of [world.fabric, ...world.machines.values()]) {
      for (const [name, ns] of m.netnsDir)
        if (ns.destroyed)
          v("netns-dir-destroyed", `${m.name}: /run/netns/${name} names a destroyed namespace`);
      for (const p of m.processes.values())
        if (p.netns.destroyed)
          v(
            "process-in-destroyed-netns",
            `${m.name}: pid ${p.pid} (${p.argv.join(" ")}) is in a destroyed namespace`,
          );
      if (m.root.destroyed) v("root-destroyed", `${m.name}: its root namespace is destroyed`);
    }

    for (const ns of spaces) {
      const where = () => `${ns.machine.name}/${ns.label}`;
      if (ns.destroyed) continue;
      if (ns.refs <= 0) v("netns-unreferenced", `${where()}: live with ${ns.refs} references`);
      // ---- devices: ifindex map, list, names ----
      const names = new Set<string>();
      for (const [idx, d] of ns.devices) {
        if (d.ifindex !== idx) v("ifindex-map", `${devName(d)}: ifindex ${d.ifindex} stored under ${idx}`);
        if (d.ns !== ns) v("device-ns", `${where()}: holds ${d.name} whose ns is ${d.ns?.label}`);
        if (d.dying) v("device-dying", `${devName(d)}: still registered while unregistering`);
        if (names.has(d.name)) v("device-name-unique", `${where()}: two devices named ${d.name}`);
        names.add(d.name);
        // dev_valid_name: 1–15 bytes, no "/", ":" or whitespace, not "." or ".."
        if (!d.name || utf8Length(d.name) > 15 || /[\s/:]/.test(d.name) || d.name === "." || d.name === "..")
          v("device-name-valid", `${where()}: invalid device name ${JSON.stringify(d.name)}`);
        if (!(d.mtu >= 0) || !Number.isInteger(d.mtu)) v("device-mtu", `${devName(d)}: mtu ${d.mtu}`);
        if (!Number.isInteger(d.ifindex) || d.ifindex <= 0)
          v("device-ifindex", `${devName(d)}: ifindex ${d.ifindex}`);
      }
      if (ns.devList.length !== ns.devices.size)
        v("devlist-size", `${where()}: ${ns.devList.length} in the list, ${ns.devices.size} by index`);
      for (const d of ns.devList)
        if (ns.devices.get(d.ifindex) !== d)
          v("devlist-member", `${where()}: listed ${d.name} is not registered`);
      if (ns.devices.get(1) !== ns.lo || ns.lo.ns !== ns) v("loopback", `${where()}: lo is not ifindex 1`);

      for (const d of ns.devices.values()) {
        const dn = () => devName(d);
        // ---- veth pairs ----
        if (d instanceof VethDevice) {
          const p = d.peer;
          if (!p) v("veth-peer-missing", `${dn()}: a veth without its peer`);
          else {
            if (p.peer !== d) v("veth-peer-back", `${dn()}: its peer ${devName(p)} does not point back`);
            if (!registered(p)) v("veth-peer-registered", `${dn()}: its peer ${p.name} is not registered`);
          }
        }
        // ---- bridge ports ----
        if (d.master) {
          const br = d.master;
          if (!(br instanceof BridgeDevice)) v("master-kind", `${dn()}: master ${br} is not a bridge`);
          else {
            if (br.ns !== ns) v("master-netns", `${dn()}: master ${devName(br)} is in another namespace`);
            if (!registered(br)) v("master-registered", `${dn()}: master ${br.name} is not registered`);
            if (!d.port || d.port.dev !== d || d.port.br !== br)
              v("port-link", `${dn()}: its port record does not name it and ${br.name}`);
            else if (!br.ports.includes(d.port))
              v("master-lists-port", `${dn()}: ${br.name} does not list it`);
          }
        } else if (d.port) v("port-without-master", `${dn()}: a port record without a master`);
        if (d instanceof BridgeDevice) {
          const nos = new Set<number>();
          for (const p of d.ports) {
            if (p.br !== d) v("bridge-port-br", `${dn()}: port ${p.dev.name} belongs to ${p.br.name}`);
            if (p.dev.master !== d)
              v("bridge-port-master", `${dn()}: port ${p.dev.name} names another master`);
            if (p.dev.ns !== ns || !registered(p.dev))
              v("bridge-port-registered", `${dn()}: port ${p.dev.name} is not a device of its namespace`);
            if (nos.has(p.portNo)) v("bridge-port-no", `${dn()}: two ports numbered ${p.portNo}`);
            nos.add(p.portNo);
          }
          for (const e of d.fdb)
            if (e.port && !d.ports.includes(e.port))
              v("fdb-port", `${dn()}: fdb ${e.mac} points at a port that left (${e.port.dev.name})`);
        }
        if (
          d instanceof VxlanDevice &&
          d.cfg.lowerIfindex !== undefined &&
          !ns.devices.has(d.cfg.lowerIfindex)
        )
          v("vxlan-lower", `${dn()}: lower ifindex ${d.cfg.lowerIfindex} does not exist`);
        // ---- sysctl directories ----
        if (!ns.sysctl.has(`net/ipv4/conf/${d.name}/forwarding`))
          v("sysctl-dev", `${dn()}: no net/ipv4/conf/${d.name} directory`);
        // ---- counters ----
        const now = COUNTERS.map((k) => d.stats[k]);
        for (let i = 0; i < now.length; i++)
          if (!Number.isFinite(now[i]) || now[i] < 0)
            v("counter-value", `${dn()}: ${COUNTERS[i]} = ${now[i]}`);
        const before = this.counters.get(d);
        if (before)
          for (let i = 0; i < now.length; i++)
            if (now[i] < before[i])
              v("counter-decreased", `${dn()}: ${COUNTERS[i]} went from ${before[i]} to ${now[i]}`);
        this.counters.set(d, now);
      }
      // ---- routes ----
      for (const [id, t] of ns.fib.tables) {
        for (const r of t.routes) {
          if (r.table !== id)
            v("route-table", `${where()}: a route of table ${r.table} stored in table ${id}`);
          if (r.dev && (r.dev.ns !== ns || !registered(r.dev)))
            v(
              "route-dev",
              `${where()}: route in table ${id} via ${r.dev.name}, not a device of this namespace`,
            );
          for (const nh of r.nhs ?? [])
            if (nh.dev.ns !== ns || !registered(nh.dev))
              v(
                "route-nh-dev",
                `${where()}: multipath route in table ${id} via ${nh.dev.name}, not a device here`,
              );
        }
      }
      for (const r of ns.ipv6.routes())
        if (r.dev.ns !== ns || !registered(r.dev))
          v("route6-dev", `${where()}: IPv6 route via ${r.dev.name}, not a device of this namespace`);
      // ---- neighbours ----
      for (const e of ns.neigh.entries.values())
        if (e.dev.ns !== ns || !registered(e.dev))
          v("neigh-dev", `${where()}: neighbour entry on ${e.dev.name}, not a device of this namespace`);
      for (const e of ns.neigh.proxies)
        if (e.dev && (e.dev.ns !== ns || !registered(e.dev)))
          v("pneigh-dev", `${where()}: proxy entry on ${e.dev.name}, not a device of this namespace`);
      for (const e of ns.ipv6.neigh.values())
        if (e.dev.ns !== ns || !registered(e.dev))
          v(
            "neigh6-dev",
            `${where()}: IPv6 neighbour entry on ${e.dev.name}, not a device of this namespace`,
          );
      // ---- nsids ----
      const ids = new Set<number>();
      for (const [other, id] of ns.nsids) {
        if (other.destroyed) v("nsid-destroyed", `${where()}: nsid ${id} names a destroyed namespace`);
        if (other === ns) v("nsid-self", `${where()}: an nsid for itself`);
        if (ids.has(id)) v("nsid-unique", `${where()}: nsid ${id} given twice`);
        if (!Number.isInteger(id) || id < 0) v("nsid-value", `${where()}: nsid ${id}`);
        ids.add(id);
      }
    }
    return out;
  }
}
