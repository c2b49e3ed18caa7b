import { useStore } from "zustand";
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";
import { planAddBridge, planAddMachine, planAddNetns } from "../engine/actions";

/** Where palette additions go: the selected machine (or namespace for a bridge), else the active terminal's. */
function target(): { machine: string; netns?: string } {
  const s = store.getState();
  const sel = s.selection;
  if (sel && sel.kind !== "switch")
    return { machine: sel.machine, netns: sel.kind === "netns" ? sel.netns : undefined };
  return { machine: s.activeMachine };
}

export function Palette({ lab }: { lab: LabController }) {
  const machine = useStore(store, (s) =>
    s.selection && s.selection.kind !== "switch" ? s.selection.machine : s.activeMachine,
  );
  const layoutPending = useStore(store, (s) => s.layoutPending);
  const snap = () => store.getState().snapshot;
  return (
    <div className="palette" role="toolbar" aria-label="Add to the lab">
      <div className="palette-title">Add</div>
      <button
        data-testid="add-machine"
        title="A new machine (#@machine directive)"
        onClick={() => snap() && void lab.perform(planAddMachine(snap()!))}
      >
        <PIcon kind="machine" /> Machine
      </button>
      <button
        data-testid="add-netns"
        title={`ip netns add … on ${machine}`}
        onClick={() => snap() && void lab.perform(planAddNetns(snap()!, target().machine))}
      >
        <PIcon kind="netns" /> Namespace
      </button>
      <button
        data-testid="add-bridge"
        title={`ip link add brN type bridge on ${machine}`}
        onClick={() => {
          const t = target();
          if (snap()) void lab.perform(planAddBridge(snap()!, t.machine, t.netns));
        }}
      >
        <PIcon kind="bridge" /> Bridge
      </button>
      <div className="palette-hint">
        on <b>{machine}</b>
      </div>
      <div className="palette-sep" />
      <button
        title="Forget where you dragged things and lay the lab out again"
        onClick={() => lab.resetLayout()}
      >
        <PIcon kind="layout" /> Tidy
      </button>
      {layoutPending && <div className="palette-hint">laying out…</div>}
    </div>
  );
}

function PIcon({ kind }: { kind: "machine" | "netns" | "bridge" | "layout" }) {
  const paths: Record<string, string> = {
    machine: "M3 4h18v12H3zM8 20h8M12 16v4",
    netns: "M4 5h16v14H4zM4 9h16",
    bridge: "M3 12h18M7 8v8M12 8v8M17 8v8",
    layout: "M4 4h7v7H4zM13 13h7v7h-7zM11 7h5v6",
  };
  return (
    <svg className="ico" viewBox="0 0 24 24" aria-hidden>
      <path
        d={paths[kind]}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
