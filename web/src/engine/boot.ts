/**
 * Starts the simulator worker as the very first thing the page does (the entry chunk is tiny), so
 * the worker's script downloads and compiles while the app's own chunk still loads.
 */
import * as Comlink from "comlink";
import type { WorkerApi } from "../worker/sim.worker";

export interface Simulator {
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
}

export function startSimulator(): Simulator {
  const worker = new Worker(new URL("../worker/sim.worker.ts", import.meta.url), {
    type: "module",
    name: "simulator",
  });
  return { worker, api: Comlink.wrap<WorkerApi>(worker) };
}
