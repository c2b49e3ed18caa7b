/**
 * The canvas model, derived from the kernel snapshot (never stored): machines as groups, named
 * network namespaces inside them (the root namespace is the machine itself), interfaces as chips
 * along their namespace, bridges, lab switches; veth pairs, bridge ports, cables and VXLAN
 * tunnels as edges. Pure functions: snapshot → graph → ELK input; ELK output + what the user
 * dragged → positions.
 */
import type { DeviceView, LinkView, WorldSnapshot } from "../worker/protocol";
import type { XY } from "../engine/doc";

export type NodeKind = "machine" | "netns" | "device" | "bridge" | "switch";

export interface DeviceData {
  machine: string;
  netns: string;
  netnsName: string | null;
  name: string;
  kind: string;
  up: boolean;
  carrier: boolean;
  operstate: string;
  addrs: string[];
  mac: string;
  mtu: number;
  master?: string;
  vni?: number;
  ports?: number;
  /** A bridge that had a broadcast storm (a loop without STP), which the simulator contained. */
  storm?: StormBadge;
}

/** What a bridge or lab switch shows of a broadcast storm. */
export interface StormBadge {
  /** Going on now (storm frames in the last second), or over. */
  active: boolean;
  /** Frames dropped to contain it (unknown for a lab switch: its alerts say only that it happened). */
  dropped?: number;
}

export interface MachineData {
  name: string;
  hostname: string;
  /** The netns the machine's terminal is in (from its prompt), if any. */
  entered?: string;
  empty: boolean;
}

export interface NetnsData {
  machine: string;
  key: string;
  name: string;
  kind: "root" | "named" | "anonymous";
  /** For an unnamed namespace, what holds it ("container web", "pod web-1"), when known. */
  holder?: string;
  tint: string;
  empty: boolean;
  entered: boolean;
}

export interface SwitchData {
  name: string;
  ports: number;
  storm?: StormBadge;
}

export type GraphNode =
  | {
      id: string;
      kind: "machine";
      parent?: undefined;
      width: number;
      height: number;
      testId: string;
      data: MachineData;
    }
  | {
      id: string;
      kind: "netns";
      parent: string;
      width: number;
      height: number;
      testId: string;
      data: NetnsData;
    }
  | {
      id: string;
      kind: "device" | "bridge";
      parent: string;
      width: number;
      height: number;
      testId: string;
      data: DeviceData;
    }
  | {
      id: string;
      kind: "switch";
      parent?: undefined;
      width: number;
      height: number;
      testId: string;
      data: SwitchData;
    };

export interface GraphEdge {
  id: string;
  kind: LinkView["kind"] | "layout";
  source: string;
  target: string;
  up: boolean;
  testId: string;
  label?: string;
  /** Takes part in the layered layout (false for tunnels and namespace-to-namespace veths). */
  layout: boolean;
  /** Drawn (false for layout-only hints). */
  visible: boolean;
}

export interface Graph {
  /** Parents before children. */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const PAD = {
  machine: { top: 46, side: 18, bottom: 18 },
  netns: { top: 36, side: 14, bottom: 14 },
};

const CHAR = 7.4; // px per character of the 12px monospace font
const MAX_ADDRS = 3;

/** Colours for namespaces: by colour name when the netns is named like one (RED, blue…), else by hash. */
const NAMED_TINTS: Record<string, string> = {
  red: "#ef4444",
  blue: "#3b82f6",
  green: "#22c55e",
  yellow: "#eab308",
  orange: "#f97316",
  purple: "#a855f7",
  pink: "#ec4899",
  cyan: "#06b6d4",
  teal: "#14b8a6",
  gray: "#64748b",
  grey: "#64748b",
};
const TINTS = ["#6366f1", "#0ea5e9", "#14b8a6", "#f59e0b", "#ec4899", "#8b5cf6", "#10b981", "#f97316"];

export function tintOf(name: string): string {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(NAMED_TINTS))
    if (n === k || n.startsWith(k + "-") || n.endsWith("-" + k)) return v;
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return TINTS[h % TINTS.length];
}

export function machineId(m: string): string {
  return `m:${m}`;
}
export function netnsId(key: string): string {
  return `ns:${key}`;
}
export function deviceId(key: string): string {
  return `d:${key}`;
}
/**
 * A lab switch's storm, from the world's alerts (the snapshot gives figures for bridges inside
 * machines only): one within the last second of virtual time counts as going on.
 */
function switchStorm(snap: WorldSnapshot, name: string): StormBadge | undefined {
  const last = (snap.alerts ?? []).filter((a) => a.machine === "fabric" && a.device === name).at(-1);
  if (!last) return undefined;
  return { active: snap.time - last.t <= 1e9 };
}

export function switchId(name: string): string {
  return `sw:${name}`;
}

/** A chip's size from what it shows: name + kind on one line, then up to three addresses. */
export function chipSize(
  d: { name: string; kind: string; addrs: string[] },
  bridge: boolean,
): { width: number; height: number } {
  const shown = d.addrs.slice(0, MAX_ADDRS);
  const lines = shown.length + (d.addrs.length > MAX_ADDRS ? 1 : 0);
  const headChars = d.name.length + d.kind.length + 3;
  const chars = Math.max(headChars, ...shown.map((a) => a.length + 1));
  const width = Math.min(300, Math.max(bridge ? 176 : 150, Math.ceil(chars * CHAR) + 40));
  const height = 34 + lines * 17 + (bridge ? 4 : 0);
  return { width, height };
}

function nsNameOfKey(key: string): string {
  return key.slice(key.indexOf("/") + 1);
}

export interface BuildOptions {
  hidden?: string[];
  /** machine → netns name its terminal is in. */
  entered?: Record<string, string | undefined>;
}

export function buildGraph(snap: WorldSnapshot, opts: BuildOptions = {}): Graph {
  const hidden = new Set(opts.hidden ?? []);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const devById = new Map<string, DeviceView>();
  const parentOf = new Map<string, string>();
  const portCount = new Map<string, number>();
  for (const m of snap.machines)
    for (const ns of m.namespaces)
      for (const d of ns.devices) if (d.master) portCount.set(d.master, (portCount.get(d.master) ?? 0) + 1);
  for (const m of snap.machines) {
    if (hidden.has(m.name)) continue;
    const visibleDevices = m.namespaces.reduce(
      (n, ns) => n + ns.devices.filter((d) => d.kind !== "loopback").length,
      0,
    );
    const mid = machineId(m.name);
    const entered = opts.entered?.[m.name];
    nodes.push({
      id: mid,
      kind: "machine",
      width: 220,
      height: 96,
      testId: `machine:${m.name}:${m.name}`,
      data: {
        name: m.name,
        hostname: m.hostname,
        entered,
        empty: visibleDevices === 0 && m.namespaces.length === 1,
      },
    });
    for (const ns of m.namespaces) {
      let parent = mid;
      if (ns.kind !== "root") {
        const nid = netnsId(ns.key);
        const name = ns.name ?? nsNameOfKey(ns.key);
        const devs = ns.devices.filter((d) => d.kind !== "loopback");
        const shown = ns.holder ?? name;
        nodes.push({
          id: nid,
          kind: "netns",
          parent: mid,
          width: Math.max(150, Math.ceil((shown.length + 6) * CHAR) + 40),
          height: 64,
          testId: `netns:${m.name}:${name}`,
          data: {
            machine: m.name,
            key: ns.key,
            name,
            kind: ns.kind,
            ...(ns.holder ? { holder: ns.holder } : {}),
            tint: tintOf(name),
            empty: devs.length === 0,
            entered: entered === name,
          },
        });
        parent = nid;
      }
      for (const d of ns.devices) {
        if (d.kind === "loopback") continue;
        const id = deviceId(d.key);
        devById.set(d.key, d);
        parentOf.set(d.key, parent);
        const bridge = d.kind === "bridge";
        const addrs = d.addrs;
        const ports = portCount.get(d.key) ?? 0;
        const size = chipSize(
          { name: d.name, kind: bridge ? `bridge · ${ports} ports` : kindLabel(d), addrs },
          bridge,
        );
        nodes.push({
          id,
          kind: bridge ? "bridge" : "device",
          parent,
          ...size,
          testId: `${bridge ? "bridge" : "device"}:${m.name}:${d.name}`,
          data: {
            machine: m.name,
            netns: ns.key,
            netnsName: ns.kind === "root" ? null : (ns.name ?? nsNameOfKey(ns.key)),
            name: d.name,
            kind: kindLabel(d),
            up: d.up,
            carrier: d.carrier,
            operstate: d.operstate,
            addrs,
            mac: d.mac,
            mtu: d.mtu,
            master: d.master,
            vni: d.vxlan?.vni,
            ports: bridge ? ports : undefined,
            storm: d.storm ? { active: d.storm.active, dropped: d.storm.dropped } : undefined,
          },
        });
      }
    }
  }
  for (const sw of snap.switches) {
    const ports = sw.ports.filter((p) => devById.has(p));
    if (!ports.length) continue;
    nodes.push({
      id: switchId(sw.name),
      kind: "switch",
      width: Math.max(120, Math.ceil(sw.name.length * CHAR) + 64),
      height: 40,
      testId: `switch:fabric:${sw.name}`,
      data: { name: sw.name, ports: ports.length, storm: switchStorm(snap, sw.name) },
    });
  }
  const isNamed = (key: string) => !key.split("/")[1]?.startsWith("root");
  for (const l of snap.links) {
    const a = devById.get(l.a);
    const testId = `link:${l.machine}:${l.device}`;
    switch (l.kind) {
      case "veth": {
        const b = devById.get(l.b);
        if (!a || !b) continue;
        const aNamed = isNamed(a.netns);
        const bNamed = isNamed(b.netns);
        // downwards: from a namespace to the root end; side by side between two namespaces
        const [src, dst] = !aNamed && bNamed ? [b, a] : [a, b];
        edges.push({
          id: l.id,
          kind: "veth",
          source: deviceId(src.key),
          target: deviceId(dst.key),
          up: l.up,
          testId,
          layout: !(aNamed && bNamed) && a.machine === b.machine,
          visible: true,
        });
        break;
      }
      case "bridge-port": {
        const br = devById.get(l.b);
        if (!a || !br) continue;
        edges.push({
          id: l.id,
          kind: "bridge-port",
          source: deviceId(a.key),
          target: deviceId(br.key),
          up: l.up,
          testId,
          layout: true,
          visible: true,
        });
        break;
      }
      case "cable": {
        if (!a) continue;
        const swName = l.b.slice("switch/".length);
        edges.push({
          id: l.id,
          kind: "cable",
          source: deviceId(a.key),
          target: switchId(swName),
          up: l.up,
          testId,
          layout: true,
          visible: true,
        });
        break;
      }
      case "vxlan": {
        const b = devById.get(l.b);
        if (!a || !b) continue;
        edges.push({
          id: l.id,
          kind: "vxlan",
          source: deviceId(a.key),
          target: deviceId(b.key),
          up: l.up,
          testId,
          label: a.vxlan ? `VXLAN ${a.vxlan.vni}` : "VXLAN",
          layout: false,
          visible: true,
        });
        break;
      }
    }
  }
  // layout hints: a VXLAN device sits above the NIC it tunnels over
  for (const d of devById.values()) {
    const lower = d.vxlan?.lower;
    if (lower && devById.has(lower) && parentOf.get(lower) === parentOf.get(d.key)) {
      edges.push({
        id: `hint:${d.key}`,
        kind: "layout",
        source: deviceId(d.key),
        target: deviceId(lower),
        up: true,
        testId: "",
        layout: true,
        visible: false,
      });
    }
  }
  return { nodes, edges };
}

function kindLabel(d: DeviceView): string {
  switch (d.kind) {
    case "nic":
      return "nic";
    case "vxlan":
      return d.vxlan ? `vxlan ${d.vxlan.vni}` : "vxlan";
    default:
      return d.kind;
  }
}

// ---- ELK ----

export interface ElkIn {
  id: string;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkIn[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
}

export interface ElkOut {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkOut[];
}

const ROOT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.spacing.nodeNode": "28",
  "elk.layered.spacing.nodeNodeBetweenLayers": "44",
  "elk.spacing.componentComponent": "36",
  "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.separateConnectedComponents": "false",
  "elk.padding": "[top=24,left=24,bottom=24,right=24]",
};

export function toElk(g: Graph): ElkIn {
  const byId = new Map<string, ElkIn>();
  const root: ElkIn = { id: "root", layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const hasChildren = new Set(g.nodes.filter((n) => n.parent).map((n) => n.parent!));
  for (const n of g.nodes) {
    const e: ElkIn = { id: n.id };
    if (n.kind === "machine" || n.kind === "netns") {
      const pad = n.kind === "machine" ? PAD.machine : PAD.netns;
      e.layoutOptions = {
        "elk.padding": `[top=${pad.top},left=${pad.side},bottom=${pad.bottom},right=${pad.side}]`,
      };
      if (n.kind === "netns") e.layoutOptions["elk.spacing.nodeNode"] = "16";
      if (!hasChildren.has(n.id)) {
        e.width = n.width;
        e.height = n.height;
      } else e.children = [];
    } else {
      e.width = n.width;
      e.height = n.height;
    }
    byId.set(n.id, e);
    const parent = n.parent ? byId.get(n.parent) : root;
    (parent!.children ??= []).push(e);
  }
  for (const ed of g.edges)
    if (ed.layout) root.edges!.push({ id: ed.id, sources: [ed.source], targets: [ed.target] });
  return root;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Final boxes (positions relative to the parent): ELK's, except for what the user dragged;
 * parents grow to keep dragged children inside. Nodes ELK has not placed yet (a layout in
 * flight) get a spot below their siblings.
 */
export function place(g: Graph, elk: ElkOut | null, user: Record<string, XY>): Map<string, Box> {
  const auto = new Map<string, Box>();
  const walk = (n: ElkOut) => {
    for (const c of n.children ?? []) {
      auto.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      walk(c);
    }
  };
  if (elk) {
    walk(elk);
    tidyTopLevel(g, auto);
  }
  const boxes = new Map<string, Box>();
  const children = new Map<string, GraphNode[]>();
  for (const n of g.nodes)
    if (n.parent) (children.get(n.parent) ?? children.set(n.parent, []).get(n.parent)!).push(n);
  // top-down: positions
  let topX = 24;
  for (const n of g.nodes) {
    const a = auto.get(n.id);
    const u = user[n.id];
    let box: Box;
    if (a) box = { ...a };
    else {
      // not laid out yet: after the last placed sibling
      const sibs = (n.parent ? children.get(n.parent) : g.nodes.filter((x) => !x.parent)) ?? [];
      let y = n.parent ? (n.kind === "device" || n.kind === "bridge" ? 0 : 0) : 24;
      let x = n.parent ? PAD.machine.side : topX;
      for (const s of sibs) {
        if (s.id === n.id) break;
        const b = boxes.get(s.id);
        if (b && n.parent) y = Math.max(y, b.y + b.height + 16);
      }
      if (!n.parent) topX += n.width + 40;
      if (n.parent) {
        const pad = g.nodes.find((p) => p.id === n.parent)?.kind === "netns" ? PAD.netns : PAD.machine;
        x = pad.side;
        y = Math.max(y, pad.top);
      }
      box = { x, y, width: n.width, height: n.height };
    }
    if (u) {
      box.x = u.x;
      box.y = u.y;
    }
    boxes.set(n.id, box);
  }
  // bottom-up: parents contain their children
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    const kids = children.get(n.id);
    if (!kids?.length) continue;
    const box = boxes.get(n.id)!;
    const pad = n.kind === "netns" ? PAD.netns : PAD.machine;
    let right = 0;
    let bottom = 0;
    for (const k of kids) {
      const b = boxes.get(k.id)!;
      if (b.x < pad.side) b.x = pad.side;
      if (b.y < pad.top) b.y = pad.top;
      right = Math.max(right, b.x + b.width);
      bottom = Math.max(bottom, b.y + b.height);
    }
    box.width = Math.max(box.width, right + pad.side, n.width);
    box.height = Math.max(box.height, bottom + pad.bottom, n.height);
  }
  return boxes;
}

/** Machines in a row along the top, switches centred under the NICs they join. */
function tidyTopLevel(g: Graph, auto: Map<string, Box>): void {
  const machines = g.nodes.filter((n) => n.kind === "machine" && auto.has(n.id));
  if (!machines.length) return;
  const top = Math.min(...machines.map((m) => auto.get(m.id)!.y));
  // one row, in ELK's order, at least a gutter apart (compound sizes grow to their minimum later)
  let right = -Infinity;
  for (const m of [...machines].sort((a, b) => auto.get(a.id)!.x - auto.get(b.id)!.x)) {
    const b = auto.get(m.id)!;
    b.width = Math.max(b.width, m.width);
    b.height = Math.max(b.height, m.height);
    b.y = top;
    if (b.x < right + 40) b.x = right + 40;
    right = b.x + b.width;
  }
  const bottom = Math.max(...machines.map((m) => auto.get(m.id)!.y + auto.get(m.id)!.height));
  const parent = new Map(g.nodes.map((n) => [n.id, n.parent]));
  const absX = (id: string): number => {
    let x = 0;
    for (let cur: string | undefined = id; cur; cur = parent.get(cur)) x += auto.get(cur)?.x ?? 0;
    return x;
  };
  const switches = g.nodes.filter((n) => n.kind === "switch" && auto.has(n.id));
  const placed: Box[] = [];
  for (const s of switches) {
    const ends = g.edges.filter((e) => e.target === s.id && auto.has(e.source));
    const box = auto.get(s.id)!;
    if (ends.length) {
      const cx =
        ends.reduce((sum, e) => sum + absX(e.source) + auto.get(e.source)!.width / 2, 0) / ends.length;
      box.x = Math.round(cx - box.width / 2);
    }
    box.y = bottom + 60;
    for (const p of placed)
      if (box.x < p.x + p.width + 24 && box.x + box.width + 24 > p.x) box.x = p.x + p.width + 24;
    placed.push(box);
  }
}

/** Absolute boxes (for choosing edge handles). */
export function absolute(g: Graph, boxes: Map<string, Box>): Map<string, Box> {
  const abs = new Map<string, Box>();
  for (const n of g.nodes) {
    const b = boxes.get(n.id)!;
    const p = n.parent ? abs.get(n.parent) : undefined;
    abs.set(n.id, { x: b.x + (p?.x ?? 0), y: b.y + (p?.y ?? 0), width: b.width, height: b.height });
  }
  return abs;
}

export type Side = "t" | "b" | "l" | "r";

/** Which sides an edge leaves and enters by, from where its ends are. */
export function handlesFor(s: Box, t: Box): [Side, Side] {
  const scx = s.x + s.width / 2;
  const scy = s.y + s.height / 2;
  const tcx = t.x + t.width / 2;
  const tcy = t.y + t.height / 2;
  const dx = tcx - scx;
  const dy = tcy - scy;
  const vGap = dy > 0 ? t.y - (s.y + s.height) : s.y - (t.y + t.height);
  if (vGap > 8 && Math.abs(dy) > Math.abs(dx) * 0.3) return dy > 0 ? ["b", "t"] : ["t", "b"];
  return dx > 0 ? ["r", "l"] : ["l", "r"];
}
