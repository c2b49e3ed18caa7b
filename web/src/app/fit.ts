/**
 * Fitting the drawing to the canvas when the canvas is not a desk screen (presenter mode, an
 * embedded lab): the canvas's own automatic fit keeps 64 px at the top for the palette and stops
 * at 1.5×; React Flow's own "fit view" control fills the canvas up to the flow's maximum zoom.
 * Done once the layout has settled, and again whenever the drawing or the window changes.
 */
import { useEffect } from "react";
import { store } from "../engine/store";

export function fitCanvas(): void {
  document.querySelector<HTMLButtonElement>(".react-flow__controls-fitview")?.click();
}

export function useFillCanvas(on: boolean): void {
  useEffect(() => {
    if (!on) return;
    let timer = setTimeout(fitCanvas, 300);
    const refit = () => {
      clearTimeout(timer);
      timer = setTimeout(fitCanvas, 350);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.fitRequest !== prev.fitRequest ||
        (prev.layoutPending && !s.layoutPending) ||
        s.snapshot?.version !== prev.snapshot?.version
      )
        refit();
    });
    addEventListener("resize", refit);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      removeEventListener("resize", refit);
    };
  }, [on]);
}
