/**
 * Starts the simulator worker as the very first thing the page does (the entry chunk is tiny), so
 * the worker's script downloads and compiles while the app's own chunk still loads. The client
 * (worker/client.ts) restarts it if it dies.
 */
import { SimClient } from "../worker/client";

export type Simulator = SimClient;

export function startSimulator(): Simulator {
  const sim = new SimClient(
    () =>
      new Worker(new URL("../worker/sim.worker.ts", import.meta.url), {
        type: "module",
        name: "simulator",
      }),
  );
  // debug hooks for the browser tests (e2e/README.md)
  (globalThis as { __hopscope?: unknown }).__hopscope = {
    crashWorker: (how?: "terminate" | "throw" | "hang") => sim.crash(how),
  };
  return sim;
}
