/**
 * The packet on the canvas: an SVG layer in React Flow's viewport (so pan and zoom move it with
 * the drawing), drawn imperatively — the player calls `draw(progress)` every animation frame, and
 * React renders only the empty layer. The packet glides along the edge between two hops (the
 * drawn veth, bridge port or cable path), becomes an envelope at a VXLAN device (the inner packet
 * inside the outer one) and is unwrapped on the far side, shows a NAT rewrite, leaves a marker
 * with the reason where it is dropped; a bridge flood sends a copy out of every port.
 */
import { useCallback, useEffect, useRef } from "react";
import { useReactFlow, useStoreApi, ViewportPortal, type ReactFlowInstance } from "@xyflow/react";
import { useStore } from "zustand";
import { store } from "../engine/store";
import { journeyStore, currentRow } from "./state";
import { copiesAt, type EventRow, type JourneyView } from "./track";
import { protoColor, shortName } from "./look";
import type { JourneyController } from "./controller";

const SVG = "http://www.w3.org/2000/svg";

type Attrs = Record<string, string | number>;

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Attrs,
  parent?: Element,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  parent?.appendChild(e);
  return e;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2);

/** Wraps a sentence into lines of at most `n` characters (at most `max` lines). */
function wrap(text: string, n: number, max: number): string[] {
  const out: string[] = [];
  let cur = "";
  for (const w of text.split(/\s+/)) {
    if (cur && (cur + " " + w).length > n) {
      out.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  if (out.length > max) {
    const keep = out.slice(0, max);
    keep[max - 1] = keep[max - 1].replace(/.{0,2}$/, "…");
    return keep;
  }
  return out;
}

/** The drawing: rebuilt when the step (or the canvas) changes, moved every frame in between. */
class Scene {
  private readonly back: SVGGElement;
  private readonly front: SVGGElement;
  private moving?: {
    g: SVGGElement;
    env?: SVGGElement;
    inner: SVGGElement;
    caption?: SVGGElement;
    callout?: SVGGElement;
    ring?: SVGCircleElement;
    row: EventRow;
    from?: Box;
    to: Box;
    path?: { el: SVGPathElement; len: number; reverse: boolean };
  };
  private dirty = true;
  private scale = 1;

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly rf: ReactFlowInstance,
    private readonly zoom: () => number,
  ) {
    this.back = el("g", { class: "jo-back" }, svg);
    this.front = el("g", { class: "jo-front" }, svg);
  }

  invalidate(): void {
    this.dirty = true;
  }

  clear(): void {
    this.back.replaceChildren();
    this.front.replaceChildren();
    this.moving = undefined;
  }

  private box(ids: string[] | undefined): Box | undefined {
    if (!ids) return undefined;
    for (const id of ids) {
      const n = this.rf.getInternalNode(id);
      if (!n || n.hidden) continue;
      const w = n.measured?.width ?? n.width ?? 0;
      const h = n.measured?.height ?? n.height ?? 0;
      if (!w || !h) continue;
      const p = n.internals.positionAbsolute;
      return { x: p.x, y: p.y, w, h };
    }
    return undefined;
  }

  /** The drawn edge between two places, when there is one (and it is rendered). */
  private path(
    a: string[],
    b: string[],
    to: Box,
  ): { el: SVGPathElement; len: number; reverse: boolean } | undefined {
    const edges = store.getState().edges;
    const A = a.find((id) => this.rf.getInternalNode(id));
    const B = b.find((id) => this.rf.getInternalNode(id));
    if (!A || !B || A === B) return undefined;
    const e = edges.find((x) => (x.source === A && x.target === B) || (x.source === B && x.target === A));
    if (!e) return undefined;
    const g = this.svg.ownerDocument.querySelector(`.react-flow__edge[data-id="${CSS.escape(e.id)}"]`);
    const p = g?.querySelector<SVGPathElement>("path.react-flow__edge-path");
    if (!p) return undefined;
    const len = p.getTotalLength();
    if (!len) return undefined;
    const s = p.getPointAtLength(0);
    const cx = to.x + to.w / 2;
    const cy = to.y + to.h / 2;
    // the end nearer the destination is where the packet arrives
    const reverse =
      Math.hypot(s.x - cx, s.y - cy) <
      Math.hypot(p.getPointAtLength(len).x - cx, p.getPointAtLength(len).y - cy);
    return { el: p, len, reverse };
  }

  /** A packet glyph at the origin (placed with a transform). */
  private glyph(parent: Element, r: EventRow, view: JourneyView, ghost = false): SVGGElement {
    const g = el("g", { class: `jo-pkt${ghost ? " ghost" : ""}${r.bcast ? " bcast" : ""}` }, parent);
    const name = shortName(r, view);
    const color = protoColor(r.env ? view.journeys[r.j].protocol : r.proto);
    const w = Math.max(44, name.length * 6.6 + 16);
    el("rect", { x: -w / 2, y: -11, width: w, height: 22, rx: 6, fill: color, class: "jo-pkt-body" }, g);
    el("text", { x: 0, y: 4, "text-anchor": "middle", class: "jo-pkt-text" }, g, name);
    return g;
  }

  /** The VXLAN envelope around a packet (at the origin). */
  private envelope(parent: Element, r: EventRow): SVGGElement {
    const env = r.env;
    const g = el("g", { class: "jo-env", "data-testid": "journey-envelope" }, parent);
    el("rect", { x: -66, y: -30, width: 132, height: 54, rx: 8, class: "jo-env-body" }, g);
    el("text", { x: -58, y: -17, class: "jo-env-title" }, g, `VXLAN ${env ? `VNI ${env.vni}` : ""}`.trim());
    if (env) {
      const text = `outer ${env.src} → ${env.dst}${env.port ? ` udp/${env.port}` : ""}`;
      const w = text.length * 6.4 + 14;
      const a = el("g", { class: "jo-env-addr" }, g);
      el("rect", { x: -w / 2, y: 27, width: w, height: 17, rx: 4 }, a);
      el("text", { x: 0, y: 39, "text-anchor": "middle" }, a, text);
    }
    return g;
  }

  /** A dark label above a point. */
  private caption(parent: Element, text: string, y: number, cls = "jo-caption"): SVGGElement {
    const g = el("g", { class: cls }, parent);
    const w = Math.min(320, text.length * 6.9 + 18);
    el("rect", { x: -w / 2, y: y - 15, width: w, height: 21, rx: 5 }, g);
    el("text", { x: 0, y: y, "text-anchor": "middle" }, g, text);
    return g;
  }

  private rebuild(): void {
    const s = journeyStore.getState();
    const view = s.view;
    const k = currentRow(s);
    const cur = view && k >= 0 ? view.rows[k] : undefined;
    // where the current packet is, and where it came from: read (the drawn edge's geometry)
    // before anything is written, so that the browser lays out nothing in between
    const to = cur && this.box(cur.place);
    const pred = cur && cur.pred >= 0 ? view!.rows[cur.pred] : undefined;
    const from = pred && to ? this.box(pred.place) : undefined;
    const moves = !!from && !!to && (from.x !== to.x || from.y !== to.y);
    const path = moves && cur && pred ? this.path(pred.place, cur.place, to!) : undefined;
    this.clear();
    if (!view || !cur) return;
    const rows = view.rows;
    const copies = copiesAt(view, k);
    // the place the event happens: a ring around it
    if (to) {
      el(
        "rect",
        { x: to.x - 5, y: to.y - 5, width: to.w + 10, height: to.h + 10, rx: 10, class: "jo-here" },
        this.back,
      );
    }
    // the other copies: packets still in flight, drops, arrivals
    for (const i of copies) {
      if (i === k || i === cur.pred) continue;
      const r = rows[i];
      const b = this.box(r.place);
      if (!b) continue;
      const cx = b.x + b.w / 2;
      const cy = b.y + b.h / 2;
      if (r.drop) this.dropMarker(r, b, false);
      else if (r.kind === "deliver") {
        const g = el("g", { class: "jo-arrived", transform: `translate(${cx} ${b.y - 2})` }, this.back);
        el("circle", { r: 9 }, g);
        el("path", { d: "M -4 0 L -1 3 L 4 -3" }, g);
      } else {
        const g = this.glyph(this.back, r, view, true);
        g.setAttribute("transform", `translate(${cx} ${cy}) scale(${this.scale})`);
        if (r.label === "neighbour resolve") this.caption(g, "waiting for ARP", -18, "jo-caption jo-wait");
      }
    }
    if (!to) return;
    // the packet itself
    const g = el("g", { class: "jo-moving", "data-testid": "journey-packet" }, this.front);
    const env = cur.env ? this.envelope(g, cur) : undefined;
    const inner = this.glyph(g, cur, view);
    g.dataset.row = String(k);
    g.dataset.env = cur.env ? (cur.unwrap ? "unwrap" : cur.wrap ? "wrap" : "inside") : "none";
    const m: NonNullable<Scene["moving"]> = { g, env, inner, row: cur, to };
    if (moves) {
      m.from = from;
      m.path = path;
    }
    const where = cur.where?.split(" · ")[0] ?? cur.dev ?? (cur.netns !== "root" ? cur.netns : cur.machine);
    m.caption = this.caption(
      g,
      cur.label.includes(where) ? cur.label : `${cur.label} · ${where}`,
      cur.env ? -38 : -18,
    );
    if (cur.nat) m.callout = this.caption(g, `NAT ${cur.nat}`, 46, "jo-caption jo-nat");
    if (cur.flood) {
      m.ring = el(
        "circle",
        { cx: to.x + to.w / 2, cy: to.y + to.h / 2, r: 10, class: "jo-flood" },
        this.back,
      );
    }
    if (cur.drop) this.dropMarker(cur, to, true);
    this.moving = m;
  }

  private dropMarker(r: EventRow, b: Box, current: boolean): void {
    const cx = b.x + b.w / 2;
    const g = el(
      "g",
      {
        class: `jo-drop${current ? " now" : ""}`,
        "data-testid": "drop-marker",
        transform: `translate(${cx} ${b.y + b.h + 4})`,
      },
      this.front,
    );
    el("circle", { cx: 0, cy: 12, r: 11 }, g);
    el("path", { d: "M -4.5 7.5 L 4.5 16.5 M 4.5 7.5 L -4.5 16.5", class: "jo-drop-x" }, g);
    const lines = wrap(r.drop ?? "dropped", 46, current ? 4 : 2);
    const w = Math.max(...lines.map((l) => l.length)) * 6.4 + 20;
    const t = el("g", { class: "jo-drop-text" }, g);
    el("rect", { x: -w / 2, y: 27, width: w, height: 20 + lines.length * 15, rx: 6 }, t);
    el("text", { x: 0, y: 42, "text-anchor": "middle", class: "jo-drop-title" }, t, r.label);
    lines.forEach((l, i) => el("text", { x: 0, y: 58 + i * 15, "text-anchor": "middle" }, t, l));
    g.setAttribute("transform", `translate(${cx} ${b.y + b.h + 4}) scale(${this.scale})`);
  }

  draw(progress: number): void {
    const zoom = this.zoom();
    // readable when zoomed out; larger for the back of the room in presenter mode
    const room = document.documentElement.classList.contains("presenting") ? 1.3 : 1;
    const scale = Math.min(2.5, Math.max(1, 1 / zoom)) * room;
    if (scale !== this.scale) {
      this.scale = scale;
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      this.rebuild();
    }
    // for the browser tests: whether the packet is at rest where the event happens
    const state = progress >= 1 ? "rest" : "moving";
    if (this.svg.dataset.state !== state) this.svg.dataset.state = state;
    const m = this.moving;
    if (!m) return;
    const p = ease(progress);
    let x = m.to.x + m.to.w / 2;
    let y = m.to.y + m.to.h / 2;
    if (m.from && progress < 1) {
      if (m.path) {
        const at = m.path.el.getPointAtLength(m.path.reverse ? m.path.len * (1 - p) : m.path.len * p);
        x = at.x;
        y = at.y;
      } else {
        const fx = m.from.x + m.from.w / 2;
        const fy = m.from.y + m.from.h / 2;
        x = fx + (x - fx) * p;
        y = fy + (y - fy) * p;
      }
    }
    let s = this.scale;
    if (m.row.pred < 0) s *= 0.4 + 0.6 * p; // born here
    m.g.setAttribute("transform", `translate(${x} ${y}) scale(${s})`);
    if (m.env) {
      // encap: the envelope closes around the packet; decap: it opens and falls away
      const e = m.row.wrap ? p : m.row.unwrap ? 1 - p : 1;
      m.env.setAttribute("opacity", String(e));
      m.env.setAttribute(
        "transform",
        m.row.wrap
          ? `scale(${1.5 - 0.5 * e})`
          : m.row.unwrap
            ? `translate(0 ${-(1 - e) * 26}) scale(${1 + (1 - e) * 0.3})`
            : "",
      );
      m.inner.setAttribute("transform", m.row.unwrap || m.row.wrap ? "" : "translate(0 6)");
    }
    if (m.ring) {
      m.ring.setAttribute("r", String(10 + 70 * p));
      m.ring.setAttribute("opacity", String(1 - p));
    }
  }
}

/**
 * The canvas gets narrower when the journey panel opens (and wider when it closes): when the lab
 * no longer fits, fit it again, as the canvas does after a command.
 */
function useRefitOnResize(rf: ReactFlowInstance, el: () => HTMLElement | null | undefined): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ro: ResizeObserver | undefined;
    // React Flow knows its element once it is mounted (after this child's effects)
    const raf = requestAnimationFrame(() => {
      const pane = el();
      if (pane) observe(pane);
    });
    const observe = (pane: HTMLElement) => {
      let width = pane.clientWidth;
      ro = new ResizeObserver(() => {
        if (Math.abs(pane.clientWidth - width) < 40) return;
        width = pane.clientWidth;
        clearTimeout(timer);
        timer = setTimeout(() => {
          const ns = store.getState().nodes.filter((n) => !n.parentId);
          if (!ns.length) return;
          const b = rf.getNodesBounds(ns);
          const { x, y, zoom } = rf.getViewport();
          const out =
            b.x * zoom + x < 0 ||
            b.y * zoom + y < 0 ||
            (b.x + b.width) * zoom + x > pane.clientWidth ||
            (b.y + b.height) * zoom + y > pane.clientHeight;
          if (out)
            void rf.fitView({
              padding: { top: "64px", left: "28px", right: "28px", bottom: "28px" },
              maxZoom: Math.min(1.5, Math.max(1, pane.clientWidth / 1000)),
              duration: 180,
            });
        }, 60);
      });
      ro.observe(pane);
    };
    return () => {
      cancelAnimationFrame(raf);
      ro?.disconnect();
      clearTimeout(timer);
    };
  }, [rf, el]);
}

/** The layer, a child of <ReactFlow>: drawn while a journey is open. */
export function JourneyOverlay({ ctrl }: { ctrl: JourneyController }) {
  const on = useStore(journeyStore, (s) => s.open && !!s.view);
  const ref = useRef<SVGSVGElement>(null);
  const rf = useReactFlow();
  const rfStore = useStoreApi();
  useRefitOnResize(
    rf,
    useCallback(() => rfStore.getState().domNode, [rfStore]),
  );
  useEffect(() => {
    const svg = ref.current;
    if (!on || !svg) return;
    const scene = new Scene(svg, rf, () => rfStore.getState().transform[2]);
    const redraw = () => {
      scene.invalidate();
      ctrl.player.kick();
    };
    const offDraw = ctrl.player.onDraw((p) => scene.draw(p));
    const a = store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges) redraw();
    });
    const b = journeyStore.subscribe((s, prev) => {
      if (s.step !== prev.step || s.view !== prev.view || s.steps !== prev.steps) redraw();
    });
    // zoom changes the glyphs' scale (they keep a readable size when zoomed out)
    const c = rfStore.subscribe((s, prev) => {
      if (s.transform[2] !== prev.transform[2]) ctrl.player.kick();
    });
    redraw();
    return () => {
      offDraw();
      a();
      b();
      c();
      scene.clear();
    };
  }, [on, rf, rfStore, ctrl]);
  if (!on) return null;
  return (
    <ViewportPortal>
      <svg ref={ref} className="journey-overlay" data-testid="journey-overlay" aria-hidden />
    </ViewportPortal>
  );
}
