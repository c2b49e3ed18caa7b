/**
 * Embed mode (`?embed`), for blogs and course pages: the canvas and a terminal, the lab's title,
 * and a link that opens the same lab in the full app. Nothing is read from or saved to this
 * browser's storage: an embedded lab never touches the reader's own lab.
 */
import { useEffect, useState } from "react";
import { useStore } from "zustand";
import type { LabController } from "../engine/lab";
import { store } from "../engine/store";
import { Canvas } from "../canvas/Canvas";
import { TerminalPane } from "./TerminalPane";
import { Toasts } from "./Toasts";
import { useFillCanvas } from "./fit";

export function EmbedApp({ lab }: { lab: LabController }) {
  const ready = useStore(store, (s) => s.ready);
  const title = useStore(store, (s) => s.title);
  const script = useStore(store, (s) => s.script);
  const positions = useStore(store, (s) => s.positions);
  const [full, setFull] = useState("");
  useFillCanvas(true);
  useEffect(() => {
    if (!ready) return;
    let live = true;
    const t = setTimeout(
      () =>
        void lab.shareUrl().then((u) => {
          if (live) setFull(u);
        }),
      150,
    );
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [lab, ready, script, positions]);
  return (
    <div className="app embed" data-ready={ready} data-testid="embed">
      <header className="embed-bar">
        <span className="embed-title" title={title}>
          {title}
        </span>
        <a
          className="embed-open"
          href={full || undefined}
          target="_blank"
          rel="noopener"
          data-testid="open-full"
          title="Open this lab, as it is now, in the full Hopscope app"
        >
          Open in Hopscope ↗
        </a>
      </header>
      <div className="embed-canvas">
        <Canvas lab={lab} />
        <Toasts />
      </div>
      <TerminalPane lab={lab} />
    </div>
  );
}
