/// <reference lib="webworker" />
/**
 * The Web Worker that runs the simulator. Exposes SimHost over Comlink; events flow back as plain
 * messages on the worker's own port, batched per slice of work. It also answers the main thread's
 * heartbeat (client.ts restarts a worker that stops answering) and takes the debug messages the
 * browser tests use to kill it.
 */
import * as Comlink from "comlink";
import { SimHost, type Removal } from "./host";
import { journeyApi } from "./journey-api";
import type { CompletionResult, InspectRequest, LabSource, SimEvent } from "./protocol";
import type { Check } from "../lessons/checks";
import type { EvalOptions } from "../lessons/evaluate";

/**
 * Events go out on the worker's own port, not through a Comlink proxy: Chrome delivers a
 * MessagePort message only after the next frame, the worker's postMessage before it (a frame
 * less of latency between a command and its output).
 */
export interface EventsMessage {
  hopscopeEvents: SimEvent[];
}

/** The main thread's heartbeat, and the answer (from the worker's event loop: a hung one is silent). */
export interface PingMessage {
  hopscopePing: number;
}
export interface PongMessage {
  hopscopePong: number;
}
/** Before long synchronous work (a replay): the heartbeat may go unanswered this long (0: done). */
export interface QuietMessage {
  hopscopeQuiet: number;
}

/**
 * Debug: "throw" — an exception outside any command (the worker's `error` event);
 * "hang" — the next command never answers.
 */
export interface DebugMessage {
  hopscopeDebug: "throw" | "hang";
}

const post = (m: EventsMessage | PongMessage | QuietMessage) => (self as unknown as Worker).postMessage(m);

const host = new SimHost(
  (events) => post({ hopscopeEvents: events }),
  { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) },
  (ms) => post({ hopscopeQuiet: ms }),
);

self.addEventListener("message", (e: MessageEvent<Partial<PingMessage & DebugMessage>>) => {
  const d = e.data;
  if (typeof d?.hopscopePing === "number") post({ hopscopePong: d.hopscopePing });
  else if (d?.hopscopeDebug === "throw")
    setTimeout(() => {
      throw new Error("hopscope debug: the simulator crashed");
    });
  else if (d?.hopscopeDebug === "hang") host.hangNextCommand = true;
});

const api = {
  load: (src: LabSource) => host.load(src),
  submit: (machine: string, text: string, opts?: { echo?: boolean }) => host.submit(machine, text, opts),
  directive: (text: string) => host.directive(text),
  interrupt: (machine: string) => host.interrupt(machine),
  complete: (machine: string, line: string, cursor: number): Promise<CompletionResult> =>
    host.complete(machine, line, cursor),
  undo: () => host.undo(),
  /** Takes a machine or a lab switch out of the lab (an edit of the script, replayed). */
  remove: (what: Removal) => host.remove(what),
  redo: () => host.redo(),
  inspect: (req: InspectRequest) => host.inspect(req),
  view: () => host.view(true),
  evaluate: (checks: Check[], opts?: EvalOptions) => host.evaluate(checks, opts),
  /** Loads the programs that load on demand (after the first paint: see client.ts). */
  prefetch: () => host.prefetch(),
  /** Packet journeys, pcap files, what tcpdump -w wrote (journey-api.ts). */
  ...journeyApi(() => host.liveSession()),
};

export type WorkerApi = typeof api;

Comlink.expose(api);
