/// <reference lib="webworker" />
/**
 * The Web Worker that runs the simulator. Exposes SimHost over Comlink; events flow back through
 * one proxied callback, batched per slice of work.
 */
import * as Comlink from "comlink";
import { SimHost } from "./host";
import type { CompletionResult, InspectRequest, LabSource, SimEvent } from "./protocol";

/**
 * Events go out on the worker's own port, not through a Comlink proxy: Chrome delivers a
 * MessagePort message only after the next frame, the worker's postMessage before it (a frame
 * less of latency between a command and its output).
 */
export interface EventsMessage {
  hopscopeEvents: SimEvent[];
}

const host = new SimHost(
  (events) => {
    (self as unknown as Worker).postMessage({ hopscopeEvents: events } satisfies EventsMessage);
  },
  { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) },
);

const api = {
  load: (src: LabSource) => host.load(src),
  submit: (machine: string, text: string, opts?: { echo?: boolean }) => host.submit(machine, text, opts),
  directive: (text: string) => host.directive(text),
  interrupt: (machine: string) => host.interrupt(machine),
  complete: (machine: string, line: string, cursor: number): CompletionResult =>
    host.complete(machine, line, cursor),
  undo: () => host.undo(),
  redo: () => host.redo(),
  inspect: (req: InspectRequest) => host.inspect(req),
  view: () => host.view(true),
};

export type WorkerApi = typeof api;

Comlink.expose(api);
