/**
 * The canvas: React Flow rendering the nodes and edges the canvas engine derived. Gestures become
 * plans (real commands) run by the lab controller. Loaded after the first paint (see Canvas.tsx).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import {
  ReactFlow,
  ReactFlowProvider,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ConnectionMode,
  applyNodeChanges,
  useReactFlow,
  useStore as useFlowStore,
  type Connection,
  type Node,
  type NodeChange,
  type OnConnectEnd,
  type ReactFlowState,
} from "@xyflow/react";
import { useStore } from "zustand";
import { store, type Selection } from "../engine/store";
import type { LabController } from "../engine/lab";
import { planConnect, planDelete, type Endpoint } from "../engine/actions";
import { nodeTypes } from "./nodes";
import { edgeTypes } from "./edges";
import type { DeviceData, MachineData, NetnsData, SwitchData } from "./graph";
import { JourneyOverlay } from "../journey/Overlay";
import { journeysOf } from "../journey/controller";
import "./canvas.css";

/**
 * Below this zoom the canvas draws boxes and lines only (canvas.css): labels are a few pixels
 * high there, and a lab of hundreds of devices pans at full frame rate without them.
 */
export const LOD_ZOOM = 0.4;
const farAway = (s: ReactFlowState) => s.transform[2] < LOD_ZOOM;

function endpointOf(node: Node | undefined): Endpoint | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case "machine":
      return { kind: "machine", machine: (node.data as unknown as MachineData).name };
    case "netns": {
      const d = node.data as unknown as NetnsData;
      return { kind: "netns", machine: d.machine, netns: d.key };
    }
    case "device":
    case "bridge": {
      const d = node.data as unknown as DeviceData;
      return { kind: node.type, machine: d.machine, netns: d.netns, device: d.name };
    }
  }
  return undefined;
}

export function selectionOf(node: Node | undefined): Selection | null {
  if (!node) return null;
  switch (node.type) {
    case "machine": {
      const d = node.data as unknown as MachineData;
      return { kind: "machine", id: node.id, machine: d.name, netns: `${d.name}/root` };
    }
    case "netns": {
      const d = node.data as unknown as NetnsData;
      return { kind: "netns", id: node.id, machine: d.machine, netns: d.key, name: d.name };
    }
    case "device":
    case "bridge": {
      const d = node.data as unknown as DeviceData;
      return { kind: node.type, id: node.id, machine: d.machine, netns: d.netns, device: d.name };
    }
    case "switch":
      return { kind: "switch", id: node.id, name: (node.data as unknown as SwitchData).name };
  }
  return null;
}

const onNodesChange = (changes: NodeChange[]) => {
  // dragging and React Flow's own bookkeeping; positions are saved on drag stop
  const relevant = changes.filter((c) => c.type !== "remove" && c.type !== "add" && c.type !== "replace");
  if (relevant.length) store.setState((s) => ({ nodes: applyNodeChanges(relevant, s.nodes) }));
};

function miniColor(n: Node): string {
  switch (n.type) {
    case "machine":
      return "#e2e8f0";
    case "netns":
      return (n.data as unknown as NetnsData).tint + "55";
    case "bridge":
      return "#2563eb";
    case "switch":
      return "#334155";
    default:
      return (n.data as unknown as DeviceData).up ? "#16a34a" : "#94a3b8";
  }
}

function Flow({ lab }: { lab: LabController }) {
  const nodes = useStore(store, (s) => s.nodes);
  const edges = useStore(store, (s) => s.edges);
  const fitRequest = useStore(store, (s) => s.fitRequest);
  const layoutPending = useStore(store, (s) => s.layoutPending);
  const machineCount = useStore(store, (s) => s.machines.length);
  const far = useFlowStore(farAway);
  const rf = useReactFlow();
  const wantFit = useRef(true);
  const paneRef = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState(false);

  // the minimap only when the lab does not fit the view (it would hide part of a lab that does)
  const checkOverflow = useCallback(() => {
    const el = paneRef.current;
    const ns = store.getState().nodes.filter((n) => !n.parentId);
    if (!el || !ns.length) return setOverflow(false);
    const b = rf.getNodesBounds(ns);
    const { x, y, zoom } = rf.getViewport();
    const left = b.x * zoom + x;
    const top = b.y * zoom + y;
    const right = left + b.width * zoom;
    const bottom = top + b.height * zoom;
    setOverflow(left < -4 || top < -4 || right > el.clientWidth + 4 || bottom > el.clientHeight + 4);
  }, [rf]);
  useEffect(() => {
    const id = requestAnimationFrame(checkOverflow);
    return () => cancelAnimationFrame(id);
  }, [nodes, checkOverflow]);
  const connecting = useRef(false);

  /** The user panned or zoomed since the last automatic fit: leave their view alone. */
  const userMoved = useRef(false);
  const structure = useStore(store, (s) => s.snapshot?.version);
  useEffect(() => {
    wantFit.current = true;
    userMoved.current = false;
  }, [fitRequest, machineCount]);
  useEffect(() => {
    if (!userMoved.current) wantFit.current = true;
  }, [structure]);

  useEffect(() => {
    if (!wantFit.current || layoutPending || nodes.length === 0) return;
    const id = requestAnimationFrame(() => {
      // fit when asked (a lab opened) or when the lab grew out of view, unless the user moved the view
      const el = paneRef.current;
      const ns = store.getState().nodes.filter((n) => !n.parentId);
      if (!el || !ns.length) return;
      const b = rf.getNodesBounds(ns);
      const { x, y, zoom } = rf.getViewport();
      const out =
        b.x * zoom + x < 0 ||
        b.y * zoom + y < 56 ||
        (b.x + b.width) * zoom + x > el.clientWidth ||
        (b.y + b.height) * zoom + y > el.clientHeight;
      const first = fitFirst.current;
      fitFirst.current = false;
      wantFit.current = false;
      if (!out && !first) return;
      void rf
        .fitView({
          padding: { top: "64px", left: "28px", right: "28px", bottom: "28px" },
          maxZoom: Math.min(1.5, Math.max(1, el.clientWidth / 1000)),
          duration: first ? 0 : 180,
        })
        .then(checkOverflow);
    });
    return () => cancelAnimationFrame(id);
  }, [nodes, layoutPending, rf, checkOverflow]);
  const fitFirst = useRef(true);
  useEffect(() => {
    fitFirst.current = true;
  }, [fitRequest]);

  const nodeById = useCallback(
    (id: string | null | undefined) => (id ? store.getState().nodes.find((n) => n.id === id) : undefined),
    [],
  );

  const connect = useCallback(
    (fromId: string, toId: string) => {
      const snap = store.getState().snapshot;
      const a = endpointOf(nodeById(fromId));
      let b = endpointOf(nodeById(toId));
      if (!snap || !a || !b || fromId === toId) return;
      // from a namespace onto an interface chip: the chip's namespace is meant
      if ((a.kind === "netns" || a.kind === "machine") && b.kind === "device") {
        const parent = nodeById(nodeById(toId)?.parentId);
        b = endpointOf(parent) ?? b;
      }
      void lab.perform(planConnect(snap, a, b));
    },
    [lab, nodeById],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      connecting.current = false;
      connect(c.source, c.target);
    },
    [connect],
  );

  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || !state.fromNode) return;
      const pt = "changedTouches" in event ? event.changedTouches[0] : event;
      const el = document
        .elementsFromPoint(pt.clientX, pt.clientY)
        .find((e) => e.closest(".react-flow__node"));
      const id = el?.closest(".react-flow__node")?.getAttribute("data-id");
      if (id && id !== state.fromNode.id) connect(state.fromNode.id, id);
    },
    [connect],
  );

  const onNodeDragStop = useCallback(
    (_e: unknown, _node: Node, dragged: Node[]) => {
      const updates: Record<string, { x: number; y: number }> = {};
      for (const n of dragged) updates[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      lab.setPositions(updates);
    },
    [lab],
  );

  const onNodeClick = useCallback((_e: unknown, node: Node) => lab.select(selectionOf(node)), [lab]);
  const onPaneClick = useCallback(() => lab.select(null), [lab]);

  const onNodeDoubleClick = useCallback(
    (_e: unknown, node: Node) => {
      const ep = endpointOf(node);
      if (!ep) return;
      if (ep.kind === "netns") {
        const d = node.data as unknown as NetnsData;
        if (d.kind === "named") lab.openTerminal(d.machine, d.name);
        else lab.openTerminal(d.machine);
      } else lab.openTerminal(ep.machine);
    },
    [lab],
  );

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key !== "Delete" && e.key !== "Backspace") return;
      const sel = store.getState().selection;
      const snap = store.getState().snapshot;
      if (!sel || !snap) return;
      e.preventDefault();
      if (sel.kind === "machine" || sel.kind === "switch") {
        void lab.removeFromLab(
          sel.kind === "machine"
            ? { kind: "machine", name: sel.machine }
            : { kind: "switch", name: sel.name },
        );
        return;
      }
      const target: Parameters<typeof planDelete>[1] =
        sel.kind === "netns"
          ? { kind: "netns", machine: sel.machine, netns: sel.netns }
          : { kind: sel.kind, machine: sel.machine, netns: sel.netns, device: sel.device };
      void lab.perform(planDelete(snap, target)).then((ok) => ok && lab.select(null));
    },
    [lab],
  );

  return (
    <div
      className="canvas"
      onKeyDown={onKeyDown}
      tabIndex={-1}
      data-testid="canvas"
      data-lod={far ? "far" : "near"}
      ref={paneRef}
      data-layout={layoutPending ? "pending" : "done"}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onPaneClick={onPaneClick}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onMoveEnd={() => {
          delete paneRef.current?.dataset.moving;
          checkOverflow();
        }}
        onMoveStart={(e) => {
          if (e) userMoved.current = true;
          // composited while it moves (canvas.css); no React render for it
          if (paneRef.current) paneRef.current.dataset.moving = "";
        }}
        connectionMode={ConnectionMode.Loose}
        connectionRadius={28}
        zIndexMode="auto"
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2.5}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        nodesFocusable={false}
        edgesFocusable={false}
      >
        {!far && <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />}
        <Controls showInteractive={false} position="bottom-left" />
        <JourneyOverlay ctrl={journeysOf(lab)} />
        {overflow && (
          <MiniMap
            pannable
            zoomable
            nodeColor={miniColor}
            nodeStrokeWidth={2}
            maskColor="rgba(241,245,249,0.6)"
            position="bottom-right"
            ariaLabel="Overview"
            style={{ width: 150, height: 100 }}
          />
        )}
      </ReactFlow>
    </div>
  );
}

export default function FlowCanvas({ lab }: { lab: LabController }) {
  return (
    <ReactFlowProvider>
      <Flow lab={lab} />
    </ReactFlowProvider>
  );
}
