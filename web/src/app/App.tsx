import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { store, dismissToast } from "../engine/store";
import type { LabController } from "../engine/lab";
import { TopBar } from "./TopBar";
import { Palette } from "./Palette";
import { TerminalPane } from "./TerminalPane";
import { Canvas } from "../canvas/Canvas";
import { Inspector } from "../inspector/Inspector";

export function App({ lab }: { lab: LabController }) {
  const ready = useStore(store, (s) => s.ready);
  const [termH, setTermH] = useState(() => {
    const saved = Number(localStorage.getItem("hopscope:termHeight"));
    return saved >= 0.2 && saved <= 0.8 ? saved : 0.37;
  });
  const [inspectorOpen, setInspectorOpen] = useState(true);
  const dragging = useRef(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing =
        t &&
        (t.tagName === "INPUT" || t.tagName === "TEXTAREA") &&
        !t.classList.contains("xterm-helper-textarea");
      if (typing || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) {
        e.preventDefault();
        void lab.undo();
      } else if ((k === "z" && e.shiftKey) || k === "y") {
        e.preventDefault();
        void lab.redo();
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [lab]);

  useEffect(() => {
    const move = (e: PointerEvent) => {
      if (!dragging.current) return;
      const h = 1 - (e.clientY - 0) / innerHeight;
      setTermH(Math.max(0.2, Math.min(0.8, h)));
    };
    const up = () => {
      if (!dragging.current) return;
      dragging.current = false;
      document.body.classList.remove("resizing");
      lab.terminals.resizeActive();
    };
    addEventListener("pointermove", move);
    addEventListener("pointerup", up);
    return () => {
      removeEventListener("pointermove", move);
      removeEventListener("pointerup", up);
    };
  }, [lab]);

  useEffect(() => {
    localStorage.setItem("hopscope:termHeight", String(termH));
    lab.terminals.resizeActive();
  }, [termH, lab]);

  return (
    <div
      className="app"
      style={{ gridTemplateRows: `48px minmax(0, ${1 - termH}fr) 6px minmax(0, ${termH}fr)` }}
      data-ready={ready}
    >
      <TopBar lab={lab} />
      <main className={`work${inspectorOpen ? "" : " no-insp"}`}>
        <div className="canvas-pane">
          <Palette lab={lab} />
          <Canvas lab={lab} />
          <Toasts />
          <button
            className="insp-toggle"
            onClick={() => setInspectorOpen(!inspectorOpen)}
            title={inspectorOpen ? "Hide the inspector" : "Show the inspector"}
          >
            {inspectorOpen ? "›" : "‹"}
          </button>
        </div>
        {inspectorOpen && <Inspector lab={lab} />}
      </main>
      <div
        className="splitter"
        role="separator"
        aria-orientation="horizontal"
        onPointerDown={(e) => {
          e.preventDefault();
          dragging.current = true;
          document.body.classList.add("resizing");
        }}
      />
      <TerminalPane lab={lab} />
    </div>
  );
}

function Toasts() {
  const toasts = useStore(store, (s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.kind}`}
          role={t.kind === "error" ? "alert" : "status"}
          data-testid="toast"
        >
          <span>{t.text}</span>
          {t.action && (
            <button
              onClick={() => {
                t.action!.run();
                dismissToast(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button className="x" onClick={() => dismissToast(t.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
