/**
 * The worker's side of the packet-journey view: sim-core's journey API (sim-core/src/api/
 * journeys.ts) turned into what the page needs, and no more until it asks — the commands that sent
 * packets (a few numbers each), then, for an opened journey or command, one compact row per hop
 * placed on the canvas (web/src/journey/track.ts); a hop's full detail (route, bridge, netfilter,
 * NAT, bytes and header tree) only for the hop being looked at; pcap files on demand.
 * The view is bounded (MAX_JOURNEYS journeys, MAX_ROWS hops), whatever a `ping -f` recorded.
 */
import type { Session } from "../../../sim-core/src/api/session";
import {
  commandsWithJourneys,
  devicePcap,
  getJourney,
  hopDetail,
  journeyPcap,
  listJourneys,
  type Hop,
  type HopDetail,
  type Journey,
  type JourneySummary,
} from "../../../sim-core/src/api/journeys";
import { findNetns } from "../../../sim-core/src/api/query";
import { deviceKey } from "../../../sim-core/src/api/snapshot";
import { VethDevice } from "../../../sim-core/src/kernel/device";
import type { NetDevice } from "../../../sim-core/src/kernel/device";
import { BridgeDevice } from "../../../sim-core/src/kernel/bridge";
import { latin1ToBytes } from "../../../sim-core/src/capture/latin1";
import { parseLab, type Step } from "../../../sim-core/src/lab/script";
import {
  linkRows,
  type CommandInfo,
  type EventRow,
  type JourneyMeta,
  type JourneyScope,
  type JourneyView,
} from "../journey/track";

export type { Hop, HopDetail } from "../../../sim-core/src/api/journeys";

/** At most this many journeys and hops in one view (the rest is counted, not sent). */
export const MAX_JOURNEYS = 2000;
export const MAX_ROWS = 20_000;

export interface HopInfo {
  hop: Hop;
  detail?: HopDetail;
}

/** A journey as the picker lists it: its summary and, for ping's packets, the icmp_seq. */
export interface JourneyItem extends Omit<JourneySummary, "children"> {
  children: number;
  seq?: number;
}

export interface LocateResult {
  command: number;
  journey?: number;
}

/** The journey API over whichever session the host holds now (undo and reload replace it). */
export function journeyApi(session: () => Session) {
  return {
    /** The commands that sent packets, oldest first (counts only). */
    journeyCommands(): CommandInfo[] {
      const s = session();
      return commandsWithJourneys(s).map(({ command, journeys }) => ({
        id: command.id,
        machine: command.machine,
        line: command.line,
        count: journeys.length,
        first: journeys[0],
        last: journeys[journeys.length - 1],
        t0: s.journeys?.get(journeys[0])?.events[0]?.t ?? 0,
      }));
    },

    /** The packets a command sent itself (not what they caused), newest last, at most `limit`. */
    journeyList(filter: { command?: number; kernel?: boolean; limit?: number } = {}): JourneyItem[] {
      const s = session();
      const roots = listJourneys(s, { ...filter, limit: Infinity }).filter((j) => j.parent === undefined);
      return roots.slice(-Math.min(filter.limit ?? 500, 5000)).map((j) => ({
        ...j,
        children: j.children.length,
        seq: echoSeq(s, j.id),
      }));
    },

    /** Opens a journey (and what it caused) or a command's packets: one row per hop. */
    journeyOpen(scope: JourneyScope): JourneyView | null {
      return buildView(session(), scope);
    },

    /** One hop in full: the decisions taken there, and the packet's bytes and header tree. */
    journeyHop(id: number, hop: number): HopInfo | null {
      const s = session();
      const j = getJourney(s, id);
      const h = j?.hops[hop]?.index === hop ? j.hops[hop] : j?.hops.find((x) => x.index === hop);
      if (!h) return null;
      return { hop: h, detail: h.hasBytes ? hopDetail(s, id, hop) : undefined };
    },

    /**
     * The journey a terminal line names: the command `line` run on `machine` (the `occurrence`-th
     * from the last, 0 = the latest), and of its packets the echo request with `seq`, or the first.
     */
    journeyLocate(machine: string, line: string, occurrence = 0, seq?: number): LocateResult | null {
      const s = session();
      const want = plainLine(line);
      const withPackets = commandsWithJourneys(s).filter((c) => c.command.machine === machine);
      // the n-th command of the script is the session's command n (the terminal shows them all,
      // also those that sent nothing)
      const ids: number[] = [];
      let n = 0;
      for (const step of stepsOf(s.script())) {
        if (step.kind !== "cmd") continue;
        n++;
        if (step.machine === machine && plainLine(step.line) === want) ids.push(n);
      }
      const id = ids[ids.length - 1 - occurrence];
      let c = withPackets.find((x) => x.command.id === id);
      if (c && plainLine(c.command.line) !== want) c = undefined;
      if (!c && id === undefined) {
        const same = withPackets.filter((x) => plainLine(x.command.line) === want);
        c = same[same.length - 1 - occurrence];
      }
      if (!c) return null;
      let journey = c.journeys[0];
      if (seq !== undefined) {
        const hit = c.journeys.find((jid) => echoSeq(s, jid) === seq);
        if (hit !== undefined) journey = hit;
      }
      return { command: c.command.id, journey };
    },

    /** A pcap of the frames a journey put on the wire (with what it caused). */
    journeyPcap(id: number, children = true): Uint8Array {
      return journeyPcap(session(), id, { children });
    },

    /** A pcap of what crossed a device (by its snapshot key "machine/netns/dev"). */
    devicePcap(key: string): Uint8Array {
      return devicePcap(session(), key);
    },

    /** A file of a machine's filesystem, as bytes (what `tcpdump -w FILE` wrote); null if none. */
    machineFile(machine: string, path: string): Uint8Array | null {
      const s = session();
      if (!s.world.machines.has(machine)) return null;
      const sh = s.shell(machine);
      const r = sh.fs.read(sh.ctx, path);
      return r.ok ? latin1ToBytes(r.value) : null;
    },
  };
}

export type JourneyApi = ReturnType<typeof journeyApi>;

/** A script line as it was typed: without the `timeout -s INT N`, `&` or `bash -c '…'` replay adds. */
export function plainLine(line: string): string {
  let s = line.trim();
  for (;;) {
    const before = s;
    if (s.endsWith(" &")) s = s.slice(0, -2).trimEnd();
    const q = /^bash -c '((?:[^']|'\\'')*)'$/.exec(s);
    if (q) s = q[1].replace(/'\\''/g, "'");
    s = s.replace(/^timeout -s INT [\d.]+ /, "");
    if (s === before) return s;
  }
}

function stepsOf(script: string): Step[] {
  try {
    return parseLab(script);
  } catch {
    return [];
  }
}

/** ping's icmp_seq of an echo request or reply journey. */
function echoSeq(s: Session, id: number): number | undefined {
  const ev = s.journeys?.get(id)?.events[0];
  const ip = ev?.ip ?? (ev?.frame?.payload.kind === "ipv4" ? ev.frame.payload : undefined);
  const p = ip?.payload;
  if (!p || p.kind !== "icmp" || (p.type !== 8 && p.type !== 0)) return undefined;
  return p.rest & 0xffff;
}

// ------------------------------------------------------------------------------ the view

function buildView(s: Session, scope: JourneyScope): JourneyView | null {
  const rec = s.journeys;
  if (!rec) return null;
  let roots: number[];
  let command: JourneyView["command"];
  if (scope.kind === "journey") {
    const r = rec.get(scope.id);
    if (!r) return null;
    roots = [scope.id];
    command = r.command;
  } else {
    const c = commandsWithJourneys(s).find((x) => x.command.id === scope.id);
    if (!c) return null;
    roots = c.journeys;
    command = c.command;
  }
  // the journeys: each root with what it caused (breadth first), root after root, bounded
  const order: { id: number; parentIndex: number }[] = [];
  const seen = new Set<number>();
  let omittedJourneys = 0;
  let budget = MAX_ROWS;
  for (let ri = 0; ri < roots.length; ri++) {
    const tree: { id: number; parentIndex: number }[] = [];
    let rows = 0;
    const queue = [{ id: roots[ri], parent: -1 }];
    for (let qi = 0; qi < queue.length; qi++) {
      const { id, parent } = queue[qi];
      const r = rec.get(id);
      if (!r || seen.has(id)) continue;
      seen.add(id);
      const index = order.length + tree.length;
      tree.push({ id, parentIndex: parent < 0 ? -1 : parent });
      rows += r.events.length;
      for (const c of r.children) queue.push({ id: c, parent: index });
    }
    if (order.length && (order.length + tree.length > MAX_JOURNEYS || rows > budget)) {
      // this packet and the ones after it are left out (the view says how many)
      omittedJourneys = roots.length - ri;
      break;
    }
    order.push(...tree);
    budget -= rows;
  }
  const journeys: Journey[] = [];
  const metas: JourneyMeta[] = [];
  for (const { id, parentIndex } of order) {
    const j = getJourney(s, id);
    if (!j) continue;
    journeys.push(j);
    metas.push({
      id: j.id,
      parent: j.parent,
      parentIndex,
      protocol: j.protocol,
      summary: j.summary,
      outcome: j.outcome,
      dropReason: j.dropReason,
      hopCount: j.hopCount,
      truncatedHops: j.truncatedHops,
      seq: echoSeq(s, j.id),
      command: j.command,
      firstRow: -1,
      lastRow: -1,
    });
  }
  // one row per hop, in time order (a journey's own hops keep their order)
  const places = new Places(s);
  type Pending = { row: EventRow; order: number };
  const all: Pending[] = [];
  let omittedRows = 0;
  journeys.forEach((j, ji) => {
    const order = rec.get(j.id)?.order ?? [];
    let env: EventRow["env"];
    let inner: string | undefined;
    for (const h of j.hops) {
      if (all.length >= MAX_ROWS) {
        omittedRows++;
        continue;
      }
      const row = toRow(h, ji, j, places);
      if (h.kind === "encap" && h.vxlan) {
        // the envelope closes around the packet here
        env = { vni: h.vxlan.vni, src: h.vxlan.outerSrc, dst: h.vxlan.outerDst, port: h.vxlan.dstPort };
        row.env = env;
        row.inner = inner = h.packet?.text;
      }
      if (h.packet?.protocol === "VXLAN") {
        row.env = h.vxlan
          ? { vni: h.vxlan.vni, src: h.vxlan.outerSrc, dst: h.vxlan.outerDst, port: h.vxlan.dstPort }
          : (env ?? envOf(h));
        row.inner = inner = h.packet.inner?.text ?? inner;
      } else if (!h.packet && env && h.kind !== "decap") {
        row.env = env;
        row.inner = inner;
      }
      if (h.kind === "decap") env = undefined;
      all.push({ row, order: order[h.index] ?? 0 });
    }
  });
  // in time order; at the same time, in the order the kernel did things
  all.sort((a, b) => a.row.t - b.row.t || a.order - b.order);
  const rows = all.map((p) => p.row);
  rows.forEach((r, i) => {
    const m = metas[r.j];
    if (m.firstRow < 0) m.firstRow = i;
    m.lastRow = i;
    if (r.drop && m.dropRow === undefined) m.dropRow = i;
  });
  linkRows(rows);
  return {
    scope,
    command,
    journeys: metas,
    rows,
    omittedJourneys,
    omittedRows,
    t0: rows[0]?.t ?? 0,
  };
}

function envOf(h: Hop): EventRow["env"] {
  const p = h.packet;
  const vni = Number(/VNI (\d+)/.exec(p?.text ?? "")?.[1] ?? 0);
  return { vni, src: p?.src ?? "", dst: p?.dst ?? "", port: p?.dport };
}

function toRow(h: Hop, ji: number, j: Journey, places: Places): EventRow {
  const p = h.packet;
  const row: EventRow = {
    j: ji,
    hop: h.index,
    t: h.t,
    kind: h.kind,
    label: h.label,
    machine: h.machine,
    netns: h.netns,
    dev: h.dev,
    proto: p?.protocol ?? j.protocol,
    what: p?.text ?? h.text,
    place: places.of(h),
    pred: -1,
  };
  if (h.machine === "fabric") row.where = places.fabricName(h.dev);
  if (h.kind === "xmit") {
    const peer = places.peerOf(h);
    if (peer) row.peer = peer;
  }
  if (h.kind === "encap") row.wrap = true;
  if (h.kind === "decap") row.unwrap = true;
  if (h.nat) row.nat = natText(h.nat.before, h.nat.after);
  if (h.kind === "drop") row.drop = h.reason ?? "dropped";
  if (h.bridge?.action === "flood") row.flood = true;
  if (p?.ethDst === "ff:ff:ff:ff:ff:ff") row.bcast = true;
  return row;
}

type Ends = { src: string; dst: string; sport?: number; dport?: number };

function natText(a: Ends, b: Ends): string {
  const ep = (ip: string, port?: number) => (port !== undefined ? `${ip}:${port}` : ip);
  const parts: string[] = [];
  if (a.src !== b.src || a.sport !== b.sport) parts.push(`src ${ep(a.src, a.sport)} → ${ep(b.src, b.sport)}`);
  if (a.dst !== b.dst || a.dport !== b.dport) parts.push(`dst ${ep(a.dst, a.dport)} → ${ep(b.dst, b.dport)}`);
  return parts.join(", ") || "no change";
}

/** Canvas node ids (web/src/canvas/graph.ts) for the places hops happen at. */
class Places {
  private readonly cache = new Map<string, NetDevice | null>();
  constructor(private readonly s: Session) {}

  private device(machine: string, netnsKey: string, dev: string): NetDevice | undefined {
    const key = `${netnsKey}/${dev}`;
    let d = this.cache.get(key);
    if (d === undefined) {
      const ns = machine === "fabric" ? this.s.world.fabric.root : findNetns(this.s, machine, netnsKey);
      d = ns?.byName(dev) ?? null;
      this.cache.set(key, d);
    }
    return d ?? undefined;
  }

  of(h: Hop): string[] {
    if (h.machine === "fabric") return this.fabric(h.dev);
    const out: string[] = [];
    if (h.deviceKey && h.dev !== "lo") out.push(`d:${h.deviceKey}`);
    if (h.netns !== "root") out.push(`ns:${h.netnsKey}`);
    out.push(`m:${h.machine}`);
    return out;
  }

  /** The lab's cables and switches live in the hidden fabric machine: its bridge is the switch. */
  private fabric(dev: string | undefined): string[] {
    if (!dev) return [];
    const d = this.device("fabric", "fabric/root", dev);
    if (d instanceof BridgeDevice) return [`sw:${d.name}`];
    if (d?.master) return [`sw:${d.master.name}`];
    return [];
  }

  /** A hop in the fabric, as a learner knows it: the switch, and which cable's port. */
  fabricName(dev: string | undefined): string | undefined {
    if (!dev) return undefined;
    const d = this.device("fabric", "fabric/root", dev);
    if (d instanceof BridgeDevice) return `switch ${d.name}`;
    const peer = d instanceof VethDevice ? d.peer : undefined;
    if (d?.master && peer) return `switch ${d.master.name} · port to ${peer.ns.machine.name}:${peer.name}`;
    return d?.master ? `switch ${d.master.name}` : undefined;
  }

  /** Where a frame transmitted at this hop arrives. */
  peerOf(h: Hop): string[] | undefined {
    if (!h.dev) return undefined;
    const d = this.device(h.machine, h.netnsKey, h.dev);
    if (!(d instanceof VethDevice) || !d.peer) return undefined;
    const peer = d.peer;
    const pm = peer.ns.machine;
    if (pm === this.s.world.fabric) {
      const sw = peer.master;
      return sw ? [`sw:${sw.name}`] : undefined;
    }
    const key = deviceKey(peer);
    const nsKey = key.slice(0, key.lastIndexOf("/"));
    const out = [`d:${key}`];
    if (peer.ns !== pm.root) out.push(`ns:${nsKey}`);
    out.push(`m:${pm.name}`);
    return out;
  }
}
