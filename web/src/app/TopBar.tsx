import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";

export function TopBar({ lab }: { lab: LabController }) {
  const title = useStore(store, (s) => s.title);
  const canUndo = useStore(store, (s) => s.canUndo);
  const canRedo = useStore(store, (s) => s.canRedo);
  const busy = useStore(store, (s) => s.busy);
  const [menu, setMenu] = useState(false);
  const [editing, setEditing] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

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
        <LabsMenu lab={lab} open={menu} setOpen={setMenu} />
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
          title="Undo the last step (Ctrl-Z)"
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
          onClick={() => void lab.shareLink()}
          title="Copy a link that reopens this exact lab"
          data-testid="share"
        >
          Share
        </button>
        <button
          onClick={() => lab.exportScript()}
          title="Download the lab script (runs on a real machine too)"
        >
          Export .sh
        </button>
        <button onClick={() => fileRef.current?.click()} title="Open a lab script (.sh)">
          Import
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".sh,.txt,text/x-shellscript,text/plain"
          hidden
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) void lab.importFile(f);
            e.currentTarget.value = "";
          }}
        />
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
