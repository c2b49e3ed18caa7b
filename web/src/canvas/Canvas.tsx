/**
 * The canvas pane. Its code — React Flow, d3 and the node views, a quarter of the app's
 * JavaScript — loads once the first lab is open and painted: the terminal answers keys first, and
 * the drawing follows a moment later. Until then the pane is the canvas's empty background.
 */
import { lazy, Suspense, useEffect, useState } from "react";
import { useStore } from "zustand";
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";

const loadFlow = () => import("./Flow");
const FlowCanvas = lazy(loadFlow);

function Pending() {
  return <div className="canvas" data-testid="canvas" data-layout="pending" tabIndex={-1} />;
}

export function Canvas({ lab }: { lab: LabController }) {
  const ready = useStore(store, (s) => s.ready);
  const [go, setGo] = useState(false);
  useEffect(() => {
    if (!ready || go) return;
    // after the frame that shows the lab
    let t: ReturnType<typeof setTimeout> | undefined;
    const raf = requestAnimationFrame(() => (t = setTimeout(() => setGo(true), 0)));
    return () => {
      cancelAnimationFrame(raf);
      clearTimeout(t);
    };
  }, [ready, go]);
  if (!go) return <Pending />;
  return (
    <Suspense fallback={<Pending />}>
      <FlowCanvas lab={lab} />
    </Suspense>
  );
}
