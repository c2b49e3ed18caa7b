/**
 * The lesson panel: the step's text, its checks (ticked by the simulator after every command),
 * hints one at a time, the solution (shown, or replayed into the terminals), and step navigation.
 */
import { memo } from "react";
import { useStore } from "zustand";
import { lessonStore, type LessonController } from "../lessons/controller";
import { describeCheck } from "../lessons/checks";
import { Markdown } from "./Markdown";

export const LessonPanel = memo(function LessonPanel({ lessons }: { lessons: LessonController }) {
  const a = useStore(lessonStore, (s) => s.active);
  if (!a) return null;
  const step = a.lesson.steps[a.step];
  const results = a.results;
  const passed = !!results && results.length > 0 && results.every((r) => r.ok);
  const last = a.step === a.lesson.steps.length - 1;
  return (
    <section className="lesson" data-testid="lesson" aria-label="Lesson">
      <header className="lesson-head">
        <div className="lesson-kicker">
          <span>
            Lesson{" "}
            <span data-testid="lesson-progress">
              · step {a.step + 1} of {a.lesson.steps.length}
            </span>
          </span>
          <button
            className="lesson-close"
            onClick={() => lessons.close()}
            title="Close the lesson (the lab stays)"
          >
            ×
          </button>
        </div>
        <h2 className="lesson-title">{a.lesson.title}</h2>
        <ol className="lesson-dots" aria-label="Steps">
          {a.lesson.steps.map((s, i) => (
            <li key={i}>
              <button
                className={`step-dot${i === a.step ? " on" : ""}${a.done.includes(i) ? " done" : ""}`}
                onClick={() => void lessons.goto(i)}
                title={`Step ${i + 1}: ${s.title}${a.done.includes(i) ? " (done)" : ""} — opens its prepared lab`}
                aria-label={`Step ${i + 1}: ${s.title}${a.done.includes(i) ? ", done" : ""}`}
                aria-current={i === a.step ? "step" : undefined}
              >
                {a.done.includes(i) ? "✓" : i + 1}
              </button>
            </li>
          ))}
        </ol>
      </header>
      <div className="lesson-body">
        {a.lesson.intro && (
          <details className="lesson-intro" open={a.step === 0 && !a.done.length && innerHeight >= 700}>
            <summary>About this lesson</summary>
            <Markdown text={a.lesson.intro} />
          </details>
        )}
        <h3 className="step-title" data-testid="step-title">
          {a.step + 1}. {step.title}
        </h3>
        <Markdown text={step.body} />
        <div className="checks-head">
          <span>Checks</span>
          {a.checking && <span className="checking">checking…</span>}
        </div>
        <ul className="checks" data-testid="checks">
          {step.checks.map((c, i) => {
            const r = results?.[i];
            const state = !r ? "unknown" : r.ok ? "pass" : r.skipped ? "wait" : "fail";
            return (
              <li key={i} className={`check check-${state}`} data-testid="check" data-state={state}>
                <span className="check-mark" aria-hidden>
                  {state === "pass" ? "✓" : state === "fail" ? "○" : "…"}
                </span>
                <span>
                  <span className="check-text">{describeCheck(c)}</span>
                  {state === "fail" && r?.detail && c.kind !== "ran" && (
                    <span className="check-detail">{r.detail}</span>
                  )}
                  <span className="sr-only">
                    {state === "pass" ? " (passes)" : state === "fail" ? " (not yet)" : ""}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
        {passed && (
          <div className="step-done" role="status" data-testid="step-done">
            <b>{last ? "Lesson complete." : "Step complete."}</b>{" "}
            {last ? "Every check of every step passed." : "Move on when you are ready."}
          </div>
        )}
        <div className="lesson-help">
          {a.hints < step.hints.length && (
            <button onClick={() => lessons.showHint()} data-testid="hint">
              {a.hints === 0 ? "Show a hint" : "Another hint"}
            </button>
          )}
          {step.solution && (
            <button
              onClick={() => lessons.toggleSolution()}
              data-testid="show-solution"
              aria-expanded={a.solution}
            >
              {a.solution ? "Hide the solution" : "Show the solution"}
            </button>
          )}
        </div>
        {step.hints.slice(0, a.hints).map((h, i) => (
          <div key={i} className="hint" data-testid="hint-text">
            <span className="hint-n">Hint {i + 1}</span>
            <Markdown text={h} />
          </div>
        ))}
        {a.solution && step.solution && (
          <div className="solution">
            <pre data-testid="solution">
              <code>{step.solution.trimEnd()}</code>
            </pre>
            <button onClick={() => void lessons.replaySolution()} data-testid="replay-solution">
              ▶ Replay in the terminal
            </button>
            <button onClick={() => void lessons.restartStep()} className="quiet">
              Restart this step
            </button>
          </div>
        )}
      </div>
      <footer className="lesson-nav">
        <button onClick={() => void lessons.prev()} disabled={a.step === 0} data-testid="step-prev">
          ‹ Back
        </button>
        <span className="lesson-keys">PageUp / PageDown</span>
        <button
          className={passed ? "primary" : ""}
          onClick={() => void lessons.next()}
          disabled={last}
          data-testid="step-next"
          title={passed ? "Next step" : "Skip to the next step (opens its prepared lab)"}
        >
          {passed ? "Next step ›" : "Skip ›"}
        </button>
      </footer>
    </section>
  );
});
