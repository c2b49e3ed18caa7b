import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";
import { lessonStore, type LessonController } from "../lessons/controller";
import { openDialog, setPresent } from "./mode";

export function TopBar({ lab, lessons }: { lab: LabController; lessons: LessonController }) {
  const title = useStore(store, (s) => s.title);
  const canUndo = useStore(store, (s) => s.canUndo);
  const canRedo = useStore(store, (s) => s.canRedo);
  const busy = useStore(store, (s) => s.busy);
  const [menu, setMenu] = useState<"labs" | "lessons" | "export" | null>(null);
  const [editing, setEditing] = useState(false);

  return (
    <header className="topbar">
      <div className="brand" title="Hopscope">
        <svg viewBox="0 0 24 24" aria-hidden>
          <circle cx="5" cy="12" r="2.6" />
          <circle cx="12" cy="6" r="2.6" />
          <circle cx="19" cy="12" r="2.6" />
          <circle cx="12" cy="18" r="2.6" />
          <path d="M5 12 12 6 19 12 12 18Z" fill="none" strokeWidth="1.4" />
        </svg>
        <span>Hopscope</span>
      </div>
      <div className="title">
        {editing ? (
          <input
            autoFocus
            defaultValue={title}
            aria-label="Lab title"
            onBlur={(e) => {
              lab.setTitle(e.currentTarget.value);
              setEditing(false);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter") e.currentTarget.blur();
              if (e.key === "Escape") setEditing(false);
            }}
          />
        ) : (
          <button
            className="title-btn"
            onClick={() => setEditing(true)}
            title="Rename this lab"
            data-testid="lab-title"
          >
            {title}
          </button>
        )}
      </div>
      <nav className="actions">
        <LabsMenu lab={lab} open={menu === "labs"} setOpen={(o) => setMenu(o ? "labs" : null)} />
        <LessonsMenu
          lessons={lessons}
          open={menu === "lessons"}
          setOpen={(o) => setMenu(o ? "lessons" : null)}
        />
        <button
          onClick={() => void lab.newLab()}
          data-testid="new-lab"
          title="Start an empty lab (the current one is kept as previous)"
        >
          New
        </button>
        <span className="sep" />
        <button
          onClick={() => void lab.undo()}
          disabled={!canUndo || busy}
          data-testid="undo"
          title="Undo the last step (Ctrl-Z, outside the terminal)"
        >
          <Icon d="M9 14 4 9l5-5M4 9h10a6 6 0 0 1 0 12h-3" /> Undo
        </button>
        <button
          onClick={() => void lab.redo()}
          disabled={!canRedo || busy}
          data-testid="redo"
          title="Redo (Ctrl-Shift-Z)"
        >
          <Icon d="m15 14 5-5-5-5M20 9H10a6 6 0 0 0 0 12h3" /> Redo
        </button>
        <span className="sep" />
        <button
          onClick={() => openDialog("share")}
          title="Copy a link that reopens this exact lab; embed it; export it"
          data-testid="share"
        >
          Share
        </button>
        <Menu
          label="Export"
          testid="export-menu"
          open={menu === "export"}
          setOpen={(o) => setMenu(o ? "export" : null)}
          items={[
            {
              label: "Lab script (.sh)",
              hint: "The commands, for a real Linux machine (as root)",
              run: () => void lab.exportScript(),
              testid: "export-sh",
            },
            {
              label: "Lab document (.json)",
              hint: "Everything: script, layout, seed, lesson",
              run: () => void lab.exportJson(),
              testid: "export-json",
            },
          ]}
        />
        <button
          onClick={() => openDialog("import")}
          title="Open a link, a lab script, a JSON export or a lesson (or drop a file on the page)"
          data-testid="import"
        >
          Import
        </button>
        <span className="sep" />
        <button
          onClick={() => setPresent(true)}
          title="Presenter mode: large type for a projector; PageUp/PageDown move through the lesson"
          data-testid="present"
        >
          <Icon d="M3 4h18v12H3zM12 16v4M8 20h8" /> Present
        </button>
      </nav>
    </header>
  );
}

function Icon({ d }: { d: string }) {
  return (
    <svg className="ico" viewBox="0 0 24 24" aria-hidden>
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function useDismiss(open: boolean, setOpen: (v: boolean) => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as globalThis.Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    addEventListener("mousedown", close);
    addEventListener("keydown", esc);
    return () => {
      removeEventListener("mousedown", close);
      removeEventListener("keydown", esc);
    };
  }, [open, setOpen]);
  return ref;
}

function Menu({
  label,
  testid,
  open,
  setOpen,
  items,
}: {
  label: string;
  testid: string;
  open: boolean;
  setOpen: (v: boolean) => void;
  items: { label: string; hint: string; run: () => void; testid: string }[];
}) {
  const ref = useDismiss(open, setOpen);
  return (
    <div className="menu" ref={ref}>
      <button onClick={() => setOpen(!open)} aria-expanded={open} aria-haspopup="menu" data-testid={testid}>
        {label} ▾
      </button>
      {open && (
        <div className="menu-list narrow" role="menu">
          {items.map((it) => (
            <button
              key={it.testid}
              role="menuitem"
              className="menu-item"
              data-testid={it.testid}
              onClick={() => {
                setOpen(false);
                it.run();
              }}
            >
              <span>
                <b>{it.label}</b>
                <small>{it.hint}</small>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function LessonsMenu({
  lessons,
  open,
  setOpen,
}: {
  lessons: LessonController;
  open: boolean;
  setOpen: (v: boolean) => void;
}) {
  const index = useStore(lessonStore, (s) => s.index);
  const progress = useStore(lessonStore, (s) => s.progress);
  const ref = useDismiss(open, setOpen);
  return (
    <div className="menu" ref={ref}>
      <button
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        aria-haspopup="menu"
        data-testid="lessons-menu"
      >
        Lessons ▾
      </button>
      {open && (
        <div className="menu-list" role="menu">
          <div className="menu-head">The path, step by step</div>
          {index.map((l, i) => {
            const p = progress[l.id];
            const complete = !!p && p.steps > 0 && p.done >= p.steps;
            return (
              <button
                key={l.id}
                role="menuitem"
                className="menu-item"
                data-testid={`lesson:${l.id}`}
                onClick={() => {
                  setOpen(false);
                  void lessons.openById(l.id);
                }}
              >
                <span className={`menu-num${complete ? " done" : ""}`}>{complete ? "✓" : i + 1}</span>
                <span>
                  <b>{l.title}</b>
                  <small>
                    {l.summary}
                    {p && p.done > 0 && !complete ? ` — ${p.done} of ${p.steps} steps done` : ""}
                  </small>
                </span>
              </button>
            );
          })}
          {!index.length && <div className="menu-empty">No lessons found.</div>}
          <div className="menu-head">Your own</div>
          <button
            role="menuitem"
            className="menu-item"
            data-testid="author-lesson"
            onClick={() => {
              setOpen(false);
              openDialog("author");
            }}
          >
            <span className="menu-num">✎</span>
            <span>
              <b>Make a lesson from this lab…</b>
              <small>Steps, checks, hints and a solution in one Markdown file; share it by link.</small>
            </span>
          </button>
          <button
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false);
              openDialog("import");
            }}
          >
            <span className="menu-num">↥</span>
            <span>
              <b>Open a lesson file…</b>
              <small>A lesson someone wrote (.md), pasted or dropped on the page.</small>
            </span>
          </button>
        </div>
      )}
    </div>
  );
}

function LabsMenu({
  lab,
  open,
  setOpen,
}: {
  lab: LabController;
  open: boolean;
  setOpen: (v: boolean) => void;
}) {
  const labs = useStore(store, (s) => s.labs);
  const ref = useDismiss(open, setOpen);
  return (
    <div className="menu" ref={ref}>
      <button className="primary" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="labs-menu">
        Labs ▾
      </button>
      {open && (
        <div className="menu-list" role="menu">
          <div className="menu-head">Starter labs</div>
          {labs.map((l, i) => (
            <button
              key={l.id}
              role="menuitem"
              className="menu-item"
              data-testid={`lab:${l.id}`}
              onClick={() => {
                setOpen(false);
                void lab.openStarter(l);
              }}
            >
              <span className="menu-num">{i + 1}</span>
              <span>
                <b>{l.title}</b>
                <small>{l.description}</small>
              </span>
            </button>
          ))}
          {!labs.length && <div className="menu-empty">No starter labs found.</div>}
          <div className="menu-head">Your work</div>
          <button
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false);
              void lab.restorePrevious();
            }}
          >
            <span className="menu-num">↺</span>
            <span>
              <b>Reopen the previous lab</b>
              <small>The lab you had before the last “New”, starter lab or shared link.</small>
            </span>
          </button>
        </div>
      )}
    </div>
  );
}
