import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { store, toast } from "../engine/store";
import type { LabController } from "../engine/lab";
import type { LessonController } from "../lessons/controller";
import { lessonStore } from "../lessons/controller";
import { TopBar } from "./TopBar";
import { Palette } from "./Palette";
import { TerminalPane } from "./TerminalPane";
import { Canvas } from "../canvas/Canvas";
import { Inspector } from "../inspector/Inspector";
import { Toasts } from "./Toasts";
import { LessonPanel } from "./LessonPanel";
import { ShareDialog } from "./ShareDialog";
import { ImportDialog, importInto } from "./ImportDialog";
import { LessonEditor } from "./LessonEditor";
import { EmbedApp } from "./Embed";
import { PresenterBar, usePresenter } from "./Presenter";
import { embedded, uiStore } from "./mode";
import { JourneyButton, JourneyPanel, useJourneys } from "../journey/JourneyPanel";

export function App({ lab, lessons }: { lab: LabController; lessons: LessonController }) {
  if (embedded) return <EmbedApp lab={lab} />;
  return <FullApp lab={lab} lessons={lessons} />;
}

function FullApp({ lab, lessons }: { lab: LabController; lessons: LessonController }) {
  const ready = useStore(store, (s) => s.ready);
  const [termH, setTermH] = useState(() => {
    const saved = Number(localStorage.getItem("hopscope:termHeight"));
    return saved >= 0.2 && saved <= 0.8 ? saved : 0.37;
  });
  const [inspectorOpen, setInspectorOpen] = useState(true);
  const dragging = useRef(false);
  const present = usePresenter(lab, lessons);
  const hasLesson = useStore(lessonStore, (s) => !!s.active);
  const dialog = useStore(uiStore, (s) => s.dialog);
  const [dropping, setDropping] = useState(false);
  const { ctrl: journeys, open: journeyOpen } = useJourneys(lab);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // keys typed in a field or a terminal are theirs: a terminal's Ctrl-Z is ^Z, its Ctrl-Y a yank
      const t = e.target as HTMLElement | null;
      const typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
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

  useEffect(() => {
    // the right column's width changes with a lesson and in presenter mode: refit the terminal
    const id = requestAnimationFrame(() => lab.terminals.resizeActive());
    return () => cancelAnimationFrame(id);
  }, [present, hasLesson, inspectorOpen, journeyOpen, lab]);

  const side = !hasLesson && !present && inspectorOpen && !journeyOpen;
  return (
    <div
      className={`app${present ? " present" : ""}${hasLesson ? " lesson-layout" : ""}${journeyOpen ? " journey-layout" : ""}`}
      style={{
        gridTemplateRows: `${present ? 60 : 48}px minmax(0, ${1 - termH}fr) 6px minmax(0, ${termH}fr)`,
      }}
      data-ready={ready}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target || !e.relatedTarget) setDropping(false);
      }}
      onDrop={(e) => {
        const f = e.dataTransfer.files?.[0];
        if (!f) return;
        e.preventDefault();
        setDropping(false);
        void lab
          .importFile(f)
          .then((r) => importInto(lab, lessons, r))
          .then(
            (err) =>
              err &&
              toast(`${f.name} was not opened: ${err}. Your lab is unchanged.`, "error", undefined, 15_000),
          );
      }}
    >
      {present ? <PresenterBar lessons={lessons} /> : <TopBar lab={lab} lessons={lessons} />}
      <main className={`work${side ? "" : " no-insp"}`}>
        <div className="canvas-pane">
          {!present && <Palette lab={lab} />}
          <Canvas lab={lab} />
          <Toasts />
          <JourneyButton ctrl={journeys} />
          {!present && !hasLesson && !journeyOpen && (
            <button
              className="insp-toggle"
              onClick={() => setInspectorOpen(!inspectorOpen)}
              title={inspectorOpen ? "Hide the inspector" : "Show the inspector"}
            >
              {inspectorOpen ? "›" : "‹"}
            </button>
          )}
        </div>
        {side && <Inspector lab={lab} />}
      </main>
      {hasLesson && <SidePanel lab={lab} lessons={lessons} present={present} />}
      {journeyOpen && <JourneyPanel ctrl={journeys} />}
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
      {dropping && (
        <div className="drop-overlay" aria-hidden>
          Drop a lab (.sh, .json) or a lesson (.md) to open it
        </div>
      )}
      {dialog === "share" && <ShareDialog lab={lab} />}
      {dialog === "import" && <ImportDialog lab={lab} lessons={lessons} />}
      {dialog === "author" && <LessonEditor lessons={lessons} />}
    </div>
  );
}

/**
 * With a lesson, a column of its own beside the canvas and the terminal: the lesson, or the
 * inspector while something on the canvas is selected.
 */
function SidePanel({
  lab,
  lessons,
  present,
}: {
  lab: LabController;
  lessons: LessonController;
  present: boolean;
}) {
  const selected = useStore(store, (s) => !!s.selection);
  const [tab, setTab] = useState<"lesson" | "inspector">("lesson");
  useEffect(() => setTab(selected ? "inspector" : "lesson"), [selected]);
  if (present)
    return (
      <div className="side">
        <LessonPanel lessons={lessons} />
      </div>
    );
  return (
    <div className="side">
      <div className="side-tabs" role="tablist">
        <button
          role="tab"
          aria-selected={tab === "lesson"}
          onClick={() => setTab("lesson")}
          data-testid="tab-lesson"
        >
          Lesson
        </button>
        <button
          role="tab"
          aria-selected={tab === "inspector"}
          onClick={() => setTab("inspector")}
          data-testid="tab-inspector"
        >
          Inspector
        </button>
      </div>
      {tab === "lesson" ? <LessonPanel lessons={lessons} /> : <Inspector lab={lab} />}
    </div>
  );
}
