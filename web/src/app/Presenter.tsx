/**
 * Presenter mode: large type and high contrast for the back of a room, almost no chrome, and the
 * keyboard (or a presentation clicker, which sends PageUp/PageDown) drives the lesson:
 *   PageDown / PageUp      next / previous lesson step (also when the terminal has the focus);
 *                          without a lesson, next / previous hop of the picked packet journey
 *   ] / [                  next / previous hop of the picked packet journey
 *   Escape                 leave presenter mode (outside the terminal)
 */
import { useEffect } from "react";
import { useStore } from "zustand";
import type { LabController } from "../engine/lab";
import { store } from "../engine/store";
import { lessonStore, type LessonController } from "../lessons/controller";
import { setPresent, uiStore } from "./mode";
import { useFillCanvas } from "./fit";

/** Terminal text size in presenter mode, by screen height (readable from the back of a room). */
function presenterFont(): number {
  return innerHeight >= 1000 ? 22 : innerHeight >= 760 ? 19 : 17;
}

export function usePresenter(lab: LabController, lessons: LessonController): boolean {
  const present = useStore(uiStore, (s) => s.present);
  useEffect(() => {
    if (!present) return;
    // the terminal's own size setting survives a reload in presenter mode
    const KEY = "hopscope:fontSize:beforePresent";
    const saved = Number(sessionStorage.getItem(KEY));
    const before = saved >= 10 ? saved : lab.terminals.size;
    sessionStorage.setItem(KEY, String(before));
    lab.terminals.setFontSize(presenterFont());
    document.documentElement.classList.add("presenting");
    // the terminal keeps its columns when its font grows: fit it to its pane again
    const termFit = requestAnimationFrame(() => lab.terminals.resizeActive());
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const inTerminal = !!t?.closest?.(".term-host");
      const typing = !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA") && !inTerminal;
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === "PageDown" || e.key === "PageUp") {
        e.preventDefault();
        if (lessonStore.getState().active) {
          // the lesson's: the terminal must not scroll
          e.stopPropagation();
          void (e.key === "PageDown" ? lessons.next() : lessons.prev());
        } else hop(lab, e.key === "PageDown" ? 1 : -1); // the journey view follows the document's hop
      } else if (!inTerminal && (e.key === "]" || e.key === "[")) {
        e.preventDefault();
        hop(lab, e.key === "]" ? 1 : -1);
      } else if (!inTerminal && e.key === "Escape" && !uiStore.getState().dialog) {
        setPresent(false);
      }
    };
    addEventListener("keydown", onKey, true);
    return () => {
      cancelAnimationFrame(termFit);
      removeEventListener("keydown", onKey, true);
      document.documentElement.classList.remove("presenting");
      lab.terminals.setFontSize(before);
      requestAnimationFrame(() => lab.terminals.resizeActive());
      sessionStorage.removeItem(KEY);
      store.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
    };
  }, [present, lab, lessons]);
  useFillCanvas(present);
  return present;
}

/**
 * Moves through the hops of the picked packet journey: the document's hop changes, and the journey
 * view (journey/controller.ts) follows it when it sees the key.
 */
function hop(lab: LabController, by: number): void {
  const j = lab.currentDoc().journey;
  if (!j) return;
  lab.patchDoc({ journey: { ...j, hop: Math.max(0, j.hop + by) } });
}

export function PresenterBar({ lessons }: { lessons: LessonController }) {
  const title = useStore(store, (s) => s.title);
  const a = useStore(lessonStore, (s) => s.active);
  const step = a ? a.lesson.steps[a.step] : undefined;
  return (
    <header className="topbar presenter-bar" data-testid="presenter-bar">
      <div className="brand small-brand" aria-hidden>
        <svg viewBox="0 0 24 24">
          <circle cx="5" cy="12" r="2.6" />
          <circle cx="12" cy="6" r="2.6" />
          <circle cx="19" cy="12" r="2.6" />
          <circle cx="12" cy="18" r="2.6" />
        </svg>
      </div>
      <div className="presenter-title">
        {a && step ? (
          <>
            <span className="presenter-step">
              {a.step + 1}/{a.lesson.steps.length}
            </span>
            <span>{step.title}</span>
            <span className="presenter-sub">{a.lesson.title}</span>
          </>
        ) : (
          <span>{title}</span>
        )}
      </div>
      <nav className="actions">
        {a && (
          <>
            <button
              onClick={() => void lessons.prev()}
              disabled={a.step === 0}
              aria-label="Previous step"
              title="PageUp"
            >
              ‹
            </button>
            <button
              onClick={() => void lessons.next()}
              disabled={a.step >= a.lesson.steps.length - 1}
              aria-label="Next step"
              title="PageDown"
            >
              ›
            </button>
          </>
        )}
        <button
          onClick={() => setPresent(false)}
          data-testid="exit-present"
          title="Leave presenter mode (Esc)"
        >
          Exit presenter
        </button>
      </nav>
    </header>
  );
}
