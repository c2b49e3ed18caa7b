/**
 * Share: the link that reopens this exact lab (copied at once), what it holds, an embed snippet,
 * and the exports (.sh for a real machine, JSON for everything).
 */
import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import type { LabController } from "../engine/lab";
import { toast } from "../engine/store";
import { lessonStore } from "../lessons/controller";
import { Dialog } from "./Dialog";
import { openDialog } from "./mode";

export function ShareDialog({ lab }: { lab: LabController }) {
  const lesson = useStore(lessonStore, (s) => s.active);
  const hasJourney = !!lab.currentDoc().journey;
  const [withLesson, setWithLesson] = useState(true);
  const [withJourney, setWithJourney] = useState(true);
  const [present, setPresent] = useState(false);
  const [url, setUrl] = useState("");
  const [embed, setEmbed] = useState("");
  const copiedOnce = useRef(false);

  useEffect(() => {
    let live = true;
    const opts = { lesson: withLesson, journey: withJourney };
    void Promise.all([lab.shareUrl({ ...opts, present }), lab.shareUrl({ ...opts, embed: true })]).then(
      ([u, e]) => {
        if (!live) return;
        setUrl(u);
        setEmbed(
          `<iframe src="${e.replace(/"/g, "&quot;")}" title="Hopscope lab" width="100%" height="560" style="border:0" loading="lazy"></iframe>`,
        );
        if (!copiedOnce.current) {
          copiedOnce.current = true;
          void copy(u, "Link copied: it reopens this exact lab.");
        }
      },
    );
    return () => {
      live = false;
    };
  }, [lab, withLesson, withJourney, present]);

  return (
    <Dialog title="Share this lab" onClose={() => openDialog(null)} wide testid="share-dialog">
      <p className="dialog-lead">
        The link holds the whole lab — its commands, layout, seed and the terminal in front
        {lesson && withLesson ? ", the lesson and its step" : ""}. Opened anywhere, it replays to the same
        lab: same MAC addresses, same outputs, same picture. Nothing is uploaded: the lab travels after the
        <code>#</code> of the address, which browsers never send to a server.
      </p>
      <label className="field-label" htmlFor="share-url">
        Link <span className="muted">({url.length.toLocaleString("en")} characters)</span>
      </label>
      <div className="copy-row">
        <input
          id="share-url"
          data-testid="share-url"
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
        />
        <button className="primary" onClick={() => void copy(url, "Link copied.")}>
          Copy
        </button>
      </div>
      <div className="options">
        {lesson && (
          <label>
            <input
              type="checkbox"
              checked={withLesson}
              onChange={(e) => setWithLesson(e.currentTarget.checked)}
            />
            Include the lesson “{lesson.lesson.title}” (step {lesson.step + 1})
          </label>
        )}
        {hasJourney && (
          <label>
            <input
              type="checkbox"
              checked={withJourney}
              onChange={(e) => setWithJourney(e.currentTarget.checked)}
            />
            Include the packet journey and hop you picked
          </label>
        )}
        <label>
          <input type="checkbox" checked={present} onChange={(e) => setPresent(e.currentTarget.checked)} />
          Open in presenter mode (large type, for a projector)
        </label>
      </div>
      <label className="field-label" htmlFor="share-embed">
        Embed in a page{" "}
        <span className="muted">(the canvas and a terminal, with a link to the full app)</span>
      </label>
      <div className="copy-row">
        <textarea
          id="share-embed"
          readOnly
          value={embed}
          rows={3}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button onClick={() => void copy(embed, "Embed code copied.")}>Copy</button>
      </div>
      <div className="field-label">Export</div>
      <div className="export-row">
        <button onClick={() => void lab.exportScript()} data-testid="export-sh">
          Download .sh
        </button>
        <span className="muted small">
          The commands, for a real Linux machine (run as root). Multi-machine labs run under Hopscope&apos;s
          real-linux runner.
        </span>
      </div>
      <div className="export-row">
        <button onClick={() => void lab.exportJson()} data-testid="export-json">
          Download .json
        </button>
        <span className="muted small">Everything: script, layout, seed, lesson. Import it here again.</span>
      </div>
    </Dialog>
  );
}

async function copy(text: string, ok: string): Promise<void> {
  if (!text) return;
  try {
    await navigator.clipboard.writeText(text);
    toast(ok);
  } catch {
    toast("Select the link and copy it (the browser did not allow copying).");
  }
}
