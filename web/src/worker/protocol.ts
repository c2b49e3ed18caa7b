/**
 * What crosses the worker boundary: plain data only (structured-clone safe). The simulator lives
 * in the worker; the main thread sends commands and receives events.
 */
import type { WorldSnapshot } from "../../../sim-core/src/api/snapshot";

export type {
  WorldSnapshot,
  MachineView,
  NetnsView,
  DeviceView,
  LinkView,
  SwitchView,
} from "../../../sim-core/src/api/snapshot";

/** The persistent part of a lab: the script (the document), its seed. Layout lives beside it. */
export interface LabSource {
  script: string;
  seed: number;
}

export interface WorldView {
  /** Undefined when the drawing did not change since the last view. */
  snapshot?: WorldSnapshot;
  /** Machines in creation order (terminal tabs), without the hidden ones. */
  machines: string[];
  /** Machines not shown (the implicit `host` of a lab that never uses it). */
  hidden: string[];
  prompts: Record<string, string>;
  /** The lab script as of the last finished command (never includes a command in flight). */
  script: string;
  seed: number;
  canUndo: boolean;
  canRedo: boolean;
  /** A command is running or queued. */
  busy: boolean;
  /** Virtual time, ns. */
  time: number;
}

export type SimEvent =
  /** A command starts on a machine's terminal; `echo` asks the terminal to print prompt + line. */
  | { t: "start"; machine: string; line: string; echo: boolean; prompt: string; id: number }
  | { t: "out"; machine: string; data: string }
  | {
      t: "done";
      machine: string;
      status: number;
      prompt: string;
      id: number;
      /** After a restart (client.ts): a typed command that never ran, typed again at the prompt. */
      requeue?: string;
    }
  | { t: "world"; view: WorldView }
  /** The world was rebuilt (undo, redo, load): terminals print `note` and a fresh prompt. */
  | { t: "reset"; view: WorldView; note?: string };

export interface LoadResult {
  ok: boolean;
  /** Steps that failed to replay (the simulator threw): line and message. */
  errors: { line: string; message: string }[];
  view: WorldView;
}

export interface SubmitResult {
  /** Unfinished (open quote, trailing pipe…): the terminal asks for more. */
  needsMore: boolean;
  id?: number;
}

export interface CompletionResult {
  from: number;
  to: number;
  items: string[];
}

export interface InspectRequest {
  machine: string;
  /** Netns key ("host/root", "host/RED"). */
  netns: string;
  /** A device in that netns. */
  device?: string;
}

export interface AddrInfo {
  family: string;
  local: string;
  prefixlen: number;
  scope?: string;
}

export interface Inspection {
  machine: string;
  netns: string;
  device?: {
    name: string;
    kind: string;
    mac?: string;
    mtu?: number;
    operstate?: string;
    flags: string[];
    master?: string;
    addrs: AddrInfo[];
    stats?: {
      rx: { packets: number; bytes: number; dropped: number };
      tx: { packets: number; bytes: number; dropped: number };
    };
    /** For a bridge: its ports; for a veth: the peer ("name@netns"). */
    ports?: string[];
    peer?: string;
  };
  /** Bridge FDB (when a bridge or a bridge port is inspected). */
  fdb?: { mac: string; dev: string; vlan?: number; state: string; flags: string[]; dst?: string }[];
  routes: {
    dst: string;
    gateway?: string;
    dev?: string;
    protocol?: string;
    scope?: string;
    prefsrc?: string;
    type?: string;
    metric?: number;
  }[];
  neigh: { dst: string; dev: string; lladdr?: string; state: string[] }[];
  /** The tables that have rules or a non-default policy (from `iptables -S -v`); null without iptables. */
  iptables: IptTable[] | null;
  version: number;
}

export interface SimApi {
  load(src: LabSource): LoadResult;
  submit(machine: string, text: string, opts?: { echo?: boolean }): SubmitResult;
  directive(text: string): { ok: boolean; error?: string };
  interrupt(machine: string): void;
  complete(machine: string, line: string, cursor: number): CompletionResult;
  undo(): { ok: boolean; undone?: string; reason?: string };
  redo(): { ok: boolean; redone?: string; reason?: string };
  inspect(req: InspectRequest): Inspection | null;
  view(): WorldView;
}

export interface IptRule {
  spec: string;
  pkts: number;
  bytes: number;
}

export interface IptChain {
  name: string;
  /** Built-in chains have a policy; user chains do not. */
  policy?: string;
  pkts?: number;
  rules: IptRule[];
}

export interface IptTable {
  table: string;
  chains: IptChain[];
}
