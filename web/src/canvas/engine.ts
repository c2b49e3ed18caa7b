/**
 * Keeps React Flow's nodes and edges in step with the world: after every command the snapshot
 * becomes a graph, ELK lays it out (in its worker; only when the structure changed), and what the
 * user dragged stays where they put it. Plain code outside React; the canvas component only
 * renders `nodes` / `edges` from the store.
 */
import type { Edge, Node } from "@xyflow/react";
import { store, type AppState } from "../engine/store";
import {
  absolute,
  buildGraph,
  handlesFor,
  place,
  toElk,
  type Box,
  type ElkOut,
  type Graph,
  type GraphEdge,
} from "./graph";
import { layout } from "./layout";
import { get, set } from "idb-keyval";

const LAYOUT_CACHE = "hopscope:layout-cache";

const EDGE_STYLE: Record<GraphEdge["kind"], { stroke: string; width: number; dash?: string }> = {
  veth: { stroke: "#334155", width: 2 },
  "bridge-port": { stroke: "#2563eb", width: 2 },
  cable: { stroke: "#475569", width: 3 },
  vxlan: { stroke: "#9333ea", width: 2, dash: "7 5" },
  layout: { stroke: "transparent", width: 0 },
};

/** A signature of what ELK sees: it relays out only when this changes. */
function structureKey(g: Graph): string {
  return (
    g.nodes.map((n) => `${n.id}:${n.parent ?? ""}:${n.width}x${n.height}`).join("|") +
    "#" +
    g.edges
      .filter((e) => e.layout)
      .map((e) => `${e.source}>${e.target}`)
      .join("|")
  );
}

function enteredOf(prompts: Record<string, string>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [m, p] of Object.entries(prompts)) out[m] = /\[netns ([^\]]+)\]/.exec(p)?.[1];
  return out;
}

/** Where a cable turns: halfway between its machine's bottom and the switch, below the machine. */
function cableStep(g: Graph, abs: Map<string, Box>, e: GraphEdge): number {
  const parent = new Map(g.nodes.map((n) => [n.id, n.parent]));
  let top = e.source;
  while (parent.get(top)) top = parent.get(top)!;
  const m = abs.get(top);
  const s = abs.get(e.source);
  const t = abs.get(e.target);
  if (!m || !s || !t) return 0.5;
  const sy = s.y + s.height;
  const ty = t.y;
  if (ty <= sy) return 0.5;
  const turn = m.y + m.height + Math.max(0, (ty - (m.y + m.height)) / 2);
  return Math.min(0.95, Math.max(0.05, (turn - sy) / (ty - sy)));
}

/** A stored layout is external input: check its shape before trusting it. */
function validElk(x: unknown, depth = 0): x is ElkOut {
  if (typeof x !== "object" || x === null || depth > 8) return false;
  const n = x as Record<string, unknown>;
  if (typeof n.id !== "string") return false;
  for (const k of ["x", "y", "width", "height"])
    if (n[k] !== undefined && !(typeof n[k] === "number" && Number.isFinite(n[k]))) return false;
  if (n.children === undefined) return true;
  return (
    Array.isArray(n.children) &&
    n.children.length < 100_000 &&
    n.children.every((c) => validElk(c, depth + 1))
  );
}

export class CanvasEngine {
  private graph: Graph | null = null;
  private elk: ElkOut | null = null;
  private elkKey = "";
  private wantedKey = "";
  private unsub?: () => void;

  start(): void {
    let prev: Pick<AppState, "snapshot" | "hidden" | "prompts" | "positions" | "selection"> | null = null;
    this.unsub = store.subscribe((s) => {
      if (
        prev &&
        s.snapshot === prev.snapshot &&
        s.hidden === prev.hidden &&
        s.prompts === prev.prompts &&
        s.positions === prev.positions &&
        s.selection === prev.selection
      )
        return;
      const structural =
        !prev || s.snapshot !== prev.snapshot || s.hidden !== prev.hidden || s.prompts !== prev.prompts;
      prev = {
        snapshot: s.snapshot,
        hidden: s.hidden,
        prompts: s.prompts,
        positions: s.positions,
        selection: s.selection,
      };
      if (structural) this.rebuild();
      else this.emit();
    });
    this.rebuild();
  }

  stop(): void {
    this.unsub?.();
  }

  private rebuild(): void {
    const s = store.getState();
    if (!s.snapshot) return;
    this.graph = buildGraph(s.snapshot, { hidden: s.hidden, entered: enteredOf(s.prompts) });
    const key = structureKey(this.graph);
    if (key === this.elkKey || key === this.wantedKey) {
      this.emit();
      return;
    }
    this.wantedKey = key;
    // a lone machine needs no layout engine (ELK loads when there is something to lay out)
    if (this.graph.nodes.length <= 1) {
      this.elk = null;
      this.elkKey = key;
      store.setState({ layoutPending: false });
      this.emit();
      return;
    }
    const graph = this.graph;
    store.setState({ layoutPending: true });
    void this.cached(key).then((hit) => {
      if (this.wantedKey !== key) return;
      if (hit) return this.landed(key, hit, false);
      return layout(toElk(graph)).then((out) => {
        if (out && this.wantedKey === key) this.landed(key, out, true);
      });
    });
    // until the layout lands, keep showing the previous one (new nodes get a provisional spot)
    if (this.elk) this.emit();
  }

  private landed(key: string, out: ElkOut, fresh: boolean): void {
    this.elk = out;
    this.elkKey = key;
    store.setState({ layoutPending: false });
    this.emit();
    if (fresh) void set(LAYOUT_CACHE, { key, elk: out }).catch(() => {});
  }

  /** The last layout, kept across reloads: reopening a lab needs no layout engine at all. */
  private cache?: Promise<{ key: string; elk: ElkOut } | undefined>;
  private async cached(key: string): Promise<ElkOut | undefined> {
    this.cache ??= get(LAYOUT_CACHE)
      .then((v: unknown) => {
        const c = v as { key?: unknown; elk?: unknown } | undefined;
        return c && typeof c.key === "string" && validElk(c.elk) ? { key: c.key, elk: c.elk } : undefined;
      })
      .catch(() => undefined);
    const c = await this.cache;
    this.cache = Promise.resolve(undefined);
    return c?.key === key ? c.elk : undefined;
  }

  /** Positions + what the user dragged → React Flow nodes and edges. */
  private emit(): void {
    const g = this.graph;
    if (!g) return;
    const s = store.getState();
    const boxes = place(g, this.elk, s.positions);
    const abs = absolute(g, boxes);
    const selected = s.selection?.id;
    const nodes: Node[] = g.nodes.map((n) => {
      const b = boxes.get(n.id)!;
      const node: Node = {
        id: n.id,
        type: n.kind,
        position: { x: b.x, y: b.y },
        data: n.data as unknown as Record<string, unknown>,
        width: b.width,
        height: b.height,
        style: { width: b.width, height: b.height },
        selected: n.id === selected,
        domAttributes: { "data-testid": n.testId } as Node["domAttributes"],
      };
      if (n.parent) {
        node.parentId = n.parent;
        node.expandParent = true;
      }
      return node;
    });
    const edges: Edge[] = [];
    // tunnels arc over the machines, one lane each
    const tops = g.nodes.filter((n) => !n.parent).map((n) => abs.get(n.id)!);
    const top = tops.length ? Math.min(...tops.map((b) => b.y)) : 0;
    const tunnels = g.edges.filter((e) => e.kind === "vxlan" && e.visible);
    if (tunnels.length) {
      const left = Math.min(...tops.map((b) => b.x));
      const peak = top - 26 - 10 * tunnels.length;
      // keeps the arcs inside "fit view"
      nodes.push({
        id: "spacer:tunnels",
        type: "spacer",
        position: { x: left, y: peak - 24 },
        data: {},
        width: 1,
        height: 1,
        selectable: false,
        draggable: false,
        focusable: false,
      });
    }
    // arcs nest: the shortest spans ride lowest; each VNI is labelled on its highest arc
    const lanes = new Map<string, number>();
    const labelAt = new Map<string, string>();
    const span = (e: GraphEdge) => Math.abs((abs.get(e.source)?.x ?? 0) - (abs.get(e.target)?.x ?? 0));
    [...tunnels]
      .sort((a, b) => span(a) - span(b))
      .forEach((e, i) => {
        lanes.set(e.id, i);
        if (e.label) labelAt.set(e.label, e.id);
      });
    for (const e of g.edges) {
      if (!e.visible) continue;
      const sa = abs.get(e.source);
      const ta = abs.get(e.target);
      if (!sa || !ta) continue;
      const tunnel = e.kind === "vxlan";
      const [sh, th] = tunnel ? (["t", "t"] as const) : handlesFor(sa, ta);
      const st = EDGE_STYLE[e.kind];
      const edge: Edge & { pathOptions?: { borderRadius?: number; stepPosition?: number } } = {
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: sh,
        targetHandle: th,
        type: tunnel ? "tunnel" : e.kind === "cable" ? "smoothstep" : "default",
        // one label per VNI: every tunnel of a flannel network says the same
        data: tunnel
          ? {
              peak: top - 22 - 10 * (lanes.get(e.id) ?? 0),
              text: e.label && labelAt.get(e.label) === e.id ? e.label : undefined,
            }
          : undefined,
        pathOptions:
          e.kind === "cable" ? { borderRadius: 10, stepPosition: cableStep(g, abs, e) } : { borderRadius: 8 },
        style: {
          stroke: e.up ? st.stroke : "#cbd5e1",
          strokeWidth: st.width,
          strokeDasharray: e.up ? st.dash : "4 4",
        },
        selectable: false,
        focusable: false,
        className: `edge-${e.kind}${e.up ? "" : " edge-down"}`,
        domAttributes: {
          "data-testid": e.testId,
          "data-kind": e.kind,
          "data-up": String(e.up),
        } as Edge["domAttributes"],
      };
      edges.push(edge);
    }
    store.setState({ nodes, edges });
  }
}
