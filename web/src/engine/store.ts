/**
 * The app's state (zustand vanilla store): what the worker last reported, the UI's own state
 * (active terminal, selection, toasts) and the canvas layout the user made. React components read
 * it through narrow selectors; plain code (controller, canvas engine) reads and writes it directly.
 */
import { createStore } from "zustand/vanilla";
import type { Inspection, WorldSnapshot } from "../worker/protocol";
import type { XY } from "./doc";
import type { Node, Edge } from "@xyflow/react";

export type Selection =
  | { kind: "machine"; id: string; machine: string; netns: string }
  | { kind: "netns"; id: string; machine: string; netns: string; name: string }
  | { kind: "device" | "bridge"; id: string; machine: string; netns: string; device: string }
  | { kind: "switch"; id: string; name: string };

export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error";
  action?: { label: string; run: () => void };
}

export interface StarterLab {
  id: string;
  title: string;
  description: string;
  file: string;
}

export interface AppState {
  ready: boolean;
  snapshot: WorldSnapshot | null;
  machines: string[];
  hidden: string[];
  prompts: Record<string, string>;
  activeMachine: string;
  /** Machines whose terminal is running a command. */
  running: Record<string, boolean>;
  selection: Selection | null;
  inspection: Inspection | null;
  positions: Record<string, XY>;
  canUndo: boolean;
  canRedo: boolean;
  busy: boolean;
  time: number;
  /** The lab script (the document) as of the last finished command. */
  script: string;
  title: string;
  description: string;
  toasts: Toast[];
  labs: StarterLab[];
  /** React Flow's nodes and edges (derived by the canvas engine). */
  nodes: Node[];
  edges: Edge[];
  /** Bumped to ask the canvas to fit the view (new lab loaded). */
  fitRequest: number;
  layoutPending: boolean;
}

export const store = createStore<AppState>(() => ({
  ready: false,
  snapshot: null,
  machines: ["host"],
  hidden: [],
  prompts: { host: "root@host:~# " },
  activeMachine: "host",
  running: {},
  selection: null,
  inspection: null,
  positions: {},
  canUndo: false,
  canRedo: false,
  busy: false,
  time: 0,
  script: "",
  title: "Untitled lab",
  description: "",
  toasts: [],
  labs: [],
  nodes: [],
  edges: [],
  fitRequest: 0,
  layoutPending: false,
}));

let toastId = 1;

export function toast(text: string, kind: Toast["kind"] = "info", action?: Toast["action"], ms = 5000): void {
  const t: Toast = { id: toastId++, text, kind, action };
  store.setState((s) => ({ toasts: [...s.toasts.slice(-3), t] }));
  setTimeout(() => dismissToast(t.id), action ? ms * 2 : ms);
}

export function dismissToast(id: number): void {
  store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
