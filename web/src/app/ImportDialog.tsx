/**
 * Import: paste a share link, a lab script, a JSON export or a lesson, or choose a file. Files can
 * also be dropped anywhere on the app (App.tsx). Everything goes through `restore` or the lesson
 * parser; a refusal is shown here and the current lab stays.
 */
import { useRef, useState } from "react";
import type { LabController } from "../engine/lab";
import type { LessonController } from "../lessons/controller";
import { Dialog } from "./Dialog";
import { openDialog } from "./mode";

/** Opens what was imported: a lab, or a lesson. Returns the refusal, if any. */
export async function importInto(
  lab: LabController,
  lessons: LessonController,
  r: { ok: true; lesson?: string } | { ok: false; error: string },
): Promise<string | undefined> {
  if (!r.ok) return r.error;
  if (r.lesson !== undefined) await lessons.openText(r.lesson);
  return undefined;
}

export function ImportDialog({ lab, lessons }: { lab: LabController; lessons: LessonController }) {
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);
  const done = (err: string | undefined) => {
    if (err) setError(err);
    else openDialog(null);
  };
  return (
    <Dialog title="Open a lab or a lesson" onClose={() => openDialog(null)} wide testid="import-dialog">
      <p className="dialog-lead">
        Paste a Hopscope link, a lab script (<code>.sh</code>), a JSON export or a lesson (Markdown). You can
        also drop a file anywhere on the page. Your current lab is kept: the Labs menu reopens it.
      </p>
      <textarea
        className="paste"
        data-testid="import-text"
        aria-label="Lab or lesson to open"
        value={text}
        rows={10}
        spellCheck={false}
        placeholder={"https://…/#lab=2.…\n\nor\n\nip netns add RED\nip netns add BLUE\n…"}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setError("");
        }}
      />
      {error && (
        <div className="form-error" role="alert" data-testid="import-error">
          Not opened: {error}.
        </div>
      )}
      <div className="dialog-actions">
        <button onClick={() => fileRef.current?.click()}>Choose a file…</button>
        <input
          ref={fileRef}
          type="file"
          accept=".sh,.txt,.json,.md,text/x-shellscript,text/plain,application/json,text/markdown"
          hidden
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (f)
              void lab
                .importFile(f)
                .then((r) => importInto(lab, lessons, r))
                .then(done);
          }}
        />
        <span className="grow" />
        <button
          className="primary"
          data-testid="import-open"
          disabled={!text.trim()}
          onClick={() =>
            void lab
              .importText(text)
              .then((r) => importInto(lab, lessons, r))
              .then(done)
          }
        >
          Open
        </button>
      </div>
    </Dialog>
  );
}
