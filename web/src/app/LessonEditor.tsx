/**
 * Turn a lab into a lesson: a Markdown draft made from the lab (its script as the solution, checks
 * for what it built), edited here with the lesson parser's verdict as you type, then tried,
 * downloaded as a .md file for public/lessons, or shared by link.
 */
import { useMemo, useState } from "react";
import { useStore } from "zustand";
import { store, toast } from "../engine/store";
import type { WorldSnapshot } from "../worker/protocol";
import { parseLesson } from "../lessons/format";
import { lessonStore, type LessonController } from "../lessons/controller";
import { Dialog } from "./Dialog";
import { openDialog } from "./mode";

/** Checks that describe what a lab built: its namespaces, bridges and addresses. */
export function draftChecks(snap: WorldSnapshot | null): string[] {
  const out: string[] = [];
  if (!snap) return out;
  for (const m of snap.machines)
    for (const ns of m.namespaces) {
      const where = ns.kind === "named" ? (m.name === "host" ? ns.name! : `${m.name}/${ns.name}`) : m.name;
      if (ns.kind === "anonymous") continue;
      if (ns.kind === "named") out.push(`netns ${where}`);
      for (const d of ns.devices) {
        if (d.kind === "loopback" || d.kind === "nic") continue;
        if (d.kind === "bridge") out.push(`link ${where} ${d.name} ${d.up ? "up " : ""}type bridge`);
        for (const a of d.addrs) out.push(`addr ${where} ${d.name} ${a}`);
      }
    }
  return out.slice(0, 16);
}

export function draftLesson(
  title: string,
  description: string,
  script: string,
  snap: WorldSnapshot | null,
): string {
  const checks = draftChecks(snap);
  const fence = "```";
  return [
    `# ${title}`,
    "",
    description || "What this lesson is about, in a sentence or two.",
    "",
    `${fence}setup`,
    "# the lab the lesson starts from (empty: a fresh machine)",
    `${fence}`,
    "",
    "## Build the lab",
    "",
    "Tell the learner what to do and why. `Commands in backticks`, **bold**, lists and ```sh blocks work.",
    "",
    `${fence}check`,
    "// one check a line: netns, link, addr, route, rule, policy, sysctl, ping, reach, curl, ran, not",
    "// e.g.  reach RED 10.0.0.2    ping RED 10.0.0.9 dropped at host FORWARD    ran ip netns add",
    ...(checks.length ? checks : ["ran ip"]),
    `${fence}`,
    "",
    `${fence}hint`,
    "A first nudge.",
    `${fence}`,
    "",
    `${fence}solution`,
    script.trimEnd(),
    `${fence}`,
    "",
  ].join("\n");
}

export function LessonEditor({ lessons }: { lessons: LessonController }) {
  const active = useStore(lessonStore, (s) => s.active);
  const [text, setText] = useState(() => {
    if (active?.text) return active.text;
    const s = store.getState();
    return draftLesson(s.title, s.description, s.script, s.snapshot);
  });
  const parsed = useMemo(() => parseLesson(text), [text]);
  const summary = parsed.ok
    ? `${parsed.lesson.steps.length} step${parsed.lesson.steps.length === 1 ? "" : "s"}, ${parsed.lesson.steps.reduce((n, s) => n + s.checks.length, 0)} checks`
    : parsed.error;
  return (
    <Dialog title="Write a lesson" onClose={() => openDialog(null)} wide testid="lesson-editor">
      <p className="dialog-lead">
        A lesson is a Markdown file: a <code># title</code>, then one <code>## step</code> after another, each
        with its <code>```check</code> lines, <code>```hint</code>s and a <code>```solution</code>. This draft
        was made from your lab. Try it, share it by link, or download it for <code>public/lessons/</code>.
      </p>
      <textarea
        className="paste editor"
        aria-label="Lesson (Markdown)"
        data-testid="lesson-source"
        value={text}
        rows={18}
        spellCheck={false}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <div className={parsed.ok ? "form-ok" : "form-error"} role={parsed.ok ? "status" : "alert"}>
        {parsed.ok ? `✓ ${summary}` : `✗ ${summary}`}
      </div>
      <div className="dialog-actions">
        <button
          onClick={() => {
            const a = document.createElement("a");
            a.href = URL.createObjectURL(new Blob([text], { type: "text/markdown" }));
            a.download = `${(parsed.ok ? parsed.lesson.title : "lesson").toLowerCase().replace(/[^a-z0-9]+/g, "-")}.md`;
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 1000);
          }}
        >
          Download .md
        </button>
        <span className="grow" />
        <button
          disabled={!parsed.ok}
          onClick={() =>
            void lessons.openText(text).then((ok) => {
              if (!ok) return;
              openDialog("share");
              toast("The link now carries your lesson.");
            })
          }
        >
          Open and share…
        </button>
        <button
          className="primary"
          disabled={!parsed.ok}
          data-testid="lesson-try"
          onClick={() => void lessons.openText(text).then((ok) => ok && openDialog(null))}
        >
          Try it
        </button>
      </div>
      <p className="muted small">
        Trying a lesson opens its first step&apos;s lab; your current lab is kept.
      </p>
    </Dialog>
  );
}
