/**
 * Automatic layout with elkjs, in its own Web Worker (loaded on first use, so the 470 KB of ELK
 * never weigh on start-up or on the main thread). One layout in flight at a time; a request made
 * while one runs replaces any older pending one.
 */
import type { ElkIn, ElkOut } from "./graph";
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";

interface ElkLike {
  layout(graph: ElkIn): Promise<ElkOut>;
}

let elkPromise: Promise<ElkLike> | undefined;

function elk(): Promise<ElkLike> {
  elkPromise ??= import("elkjs/lib/elk-api.js").then((mod) => {
    const ELK = (mod as unknown as { default: new (opts: { workerFactory: () => Worker }) => ElkLike })
      .default;
    return new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  });
  return elkPromise;
}

let running = false;
let pending: { graph: ElkIn; resolve: (r: ElkOut | null) => void } | undefined;

/** Lays out a graph; resolves null when a newer request superseded this one. */
export function layout(graph: ElkIn): Promise<ElkOut | null> {
  return new Promise((resolve) => {
    if (pending) pending.resolve(null);
    pending = { graph, resolve };
    void pump();
  });
}

async function pump(): Promise<void> {
  if (running || !pending) return;
  running = true;
  const job = pending;
  pending = undefined;
  try {
    const e = await elk();
    job.resolve(await e.layout(job.graph));
  } catch (err) {
    console.error("layout failed", err);
    job.resolve(null);
  } finally {
    running = false;
    void pump();
  }
}
