/**
 * The canvas's node components: memoised, pure renderings of the data the canvas engine derived.
 * Interface chips carry four anchor handles (edges pick the side facing their other end);
 * machines and namespaces carry a connect knob to draw veth pairs and cables from.
 */
import { memo } from "react";
import { Handle, Position, type NodeProps, type Node, type NodeTypes } from "@xyflow/react";
import type { DeviceData, MachineData, NetnsData, StormBadge, SwitchData } from "./graph";

const SIDES = [
  ["t", Position.Top],
  ["b", Position.Bottom],
  ["l", Position.Left],
  ["r", Position.Right],
] as const;

function Anchors() {
  return (
    <>
      {SIDES.map(([id, pos]) => (
        <Handle key={id} id={id} type="source" position={pos} className="anchor" />
      ))}
    </>
  );
}

function ConnectKnob({ title }: { title: string }) {
  return (
    <Handle id="connect" type="source" position={Position.Right} className="knob" title={title}>
      <span aria-hidden>+</span>
    </Handle>
  );
}

/** up: green; up without carrier: amber; down: grey. */
function stateOf(d: DeviceData): { cls: string; text: string } {
  if (!d.up) return { cls: "down", text: "DOWN" };
  if (!d.carrier) return { cls: "nocarrier", text: "UP, NO-CARRIER" };
  return { cls: "up", text: d.operstate === "UNKNOWN" ? "UP" : d.operstate };
}

/** A broadcast storm on a bridge or switch (a loop without STP), which the simulator contained. */
function Storm({ storm }: { storm: StormBadge }) {
  const dropped = storm.dropped !== undefined ? `, ${storm.dropped.toLocaleString("en")} frames dropped` : "";
  return (
    <div
      className={`storm${storm.active ? " on" : ""}`}
      data-testid="storm"
      data-active={storm.active}
      title={`A frame went round a loop (a bridge loop without STP): Linux would flood it forever. The simulator dropped the looping frames${dropped}.`}
    >
      {storm.active ? "broadcast storm" : "storm contained"}
      {dropped && <span className="muted"> · {storm.dropped!.toLocaleString("en")} dropped</span>}
    </div>
  );
}

const MachineNode = memo(function MachineNode({
  data,
  selected,
}: NodeProps<Node<MachineData & Record<string, unknown>>>) {
  return (
    <div className={`n-machine${selected ? " sel" : ""}`}>
      <div className="n-machine-head">
        <svg className="ico" viewBox="0 0 16 16" aria-hidden>
          <rect x="1.5" y="2.5" width="13" height="9" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M5 14h6M8 11.5V14" stroke="currentColor" />
        </svg>
        <span className="n-machine-name">{data.name}</span>
        {data.hostname !== data.name && <span className="muted">({data.hostname})</span>}
        {data.entered && (
          <span
            className="pill pill-term"
            title={`The ${data.name} terminal is inside netns ${data.entered}`}
          >
            terminal in {data.entered}
          </span>
        )}
      </div>
      {data.empty && <div className="n-hint">Double-click for its terminal</div>}
      <ConnectKnob
        title={`Drag to another machine to lay a cable, to a namespace or bridge for a veth pair`}
      />
    </div>
  );
});

const NetnsNode = memo(function NetnsNode({
  data,
  selected,
}: NodeProps<Node<NetnsData & Record<string, unknown>>>) {
  return (
    <div
      className={`n-netns${selected ? " sel" : ""}`}
      style={{ "--tint": data.tint } as React.CSSProperties}
    >
      <div className="n-netns-head" title={data.holder ? `netns ${data.name} of ${data.holder}` : undefined}>
        {data.holder ? (
          <>
            <span className="n-netns-tag">{data.holder.slice(0, data.holder.indexOf(" "))}</span>
            <span className="n-netns-name">{data.holder.slice(data.holder.indexOf(" ") + 1)}</span>
          </>
        ) : (
          <>
            <span className="n-netns-tag">netns</span>
            <span className="n-netns-name">{data.name}</span>
          </>
        )}
        {data.entered && <span className="pill pill-term">terminal</span>}
      </div>
      {data.empty && <div className="n-hint">no interfaces yet</div>}
      <ConnectKnob title="Drag to another namespace (veth pair) or to a bridge" />
    </div>
  );
});

const DeviceNode = memo(function DeviceNode({
  data,
  selected,
}: NodeProps<Node<DeviceData & Record<string, unknown>>>) {
  const st = stateOf(data);
  const more = data.addrs.length - 3;
  return (
    <div
      className={`n-dev ${st.cls}${selected ? " sel" : ""}`}
      title={`${data.name}: ${st.text}, mtu ${data.mtu}, ${data.mac}`}
    >
      <Anchors />
      <div className="n-dev-row">
        <span className={`dot ${st.cls}`} aria-label={st.text} />
        <span className="n-dev-name">{data.name}</span>
        <span className="n-dev-kind">{data.kind}</span>
      </div>
      {data.addrs.slice(0, 3).map((a) => (
        <div key={a} className="n-addr">
          {a}
        </div>
      ))}
      {more > 0 && <div className="n-addr muted">+{more} more</div>}
    </div>
  );
});

const BridgeNode = memo(function BridgeNode({
  data,
  selected,
}: NodeProps<Node<DeviceData & Record<string, unknown>>>) {
  const st = stateOf(data);
  const more = data.addrs.length - 3;
  return (
    <div
      className={`n-dev n-bridge ${st.cls}${selected ? " sel" : ""}${data.storm?.active ? " storming" : ""}`}
      title={`bridge ${data.name}: ${st.text}, ${data.ports ?? 0} ports`}
    >
      <Anchors />
      <div className="n-dev-row">
        <span className={`dot ${st.cls}`} aria-label={st.text} />
        <span className="n-dev-name">{data.name}</span>
        <span className="n-dev-kind">
          bridge · {data.ports ?? 0} port{data.ports === 1 ? "" : "s"}
        </span>
      </div>
      {data.addrs.slice(0, 3).map((a) => (
        <div key={a} className="n-addr">
          {a}
        </div>
      ))}
      {more > 0 && <div className="n-addr muted">+{more} more</div>}
      {data.storm && <Storm storm={data.storm} />}
    </div>
  );
});

const SwitchNode = memo(function SwitchNode({
  data,
  selected,
}: NodeProps<Node<SwitchData & Record<string, unknown>>>) {
  return (
    <div
      className={`n-switch${selected ? " sel" : ""}${data.storm?.active ? " storming" : ""}`}
      title={`Lab switch ${data.name}: ${data.ports} cables`}
    >
      <Anchors />
      <svg className="ico" viewBox="0 0 16 16" aria-hidden>
        <rect x="1" y="4" width="14" height="8" rx="2" fill="none" stroke="currentColor" />
        <path d="M4 8h1M7 8h1M10 8h1" stroke="currentColor" strokeWidth="1.6" />
      </svg>
      <span>{data.name}</span>
      {data.storm && <Storm storm={data.storm} />}
    </div>
  );
});

/** Keeps drawings outside the nodes (tunnel arcs) inside "fit view". */
const SpacerNode = memo(function SpacerNode() {
  return <div className="n-spacer" />;
});

/** At module scope, as React Flow wants. */
export const nodeTypes: NodeTypes = {
  spacer: SpacerNode,
  machine: MachineNode,
  netns: NetnsNode,
  device: DeviceNode,
  bridge: BridgeNode,
  switch: SwitchNode,
};
