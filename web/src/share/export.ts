/**
 * Export and import. A lab leaves as
 *  - a .sh file that runs on a real Linux machine as root: the lab script with a header; the
 *    lines an interactive terminal typed inside an entered namespace (`nsenter --net=…` or
 *    `ip netns exec NS bash` … `exit`) are written as `nsenter --net=… bash -c '…'`, since bash
 *    running a file cannot type into a shell it started. Machine directives stay comments: a
 *    multi-machine lab runs under oracle/real-linux, which gives each machine its own namespace;
 *  - a JSON file: the whole document (layout, seed, lesson) as `restore` reads it.
 * Anything pasted or dropped (a link, JSON, a script, a lesson) is recognised by `parseImport`,
 * and every lab goes through `restore`.
 */
import { restore, titleOf, descriptionOf, type LabDoc } from "../engine/doc";
import { decodeLink } from "./link";
import { parseLesson, type Lesson } from "../lessons/format";
import { MAX_SCRIPT } from "./validate";

/** Where the .sh header ends and the lab script begins. */
const HEADER_END = "# ---- the lab ----";

/** What the oracle treats as entering a namespace (sim-core/src/lab/runner.ts, ENTERS). */
const ENTERS = /^(nsenter( -\S+)+|ip netns exec \S+ (bash|sh|zsh))$/;

export function fileBase(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "lab"
  );
}

function wrap(text: string, width = 94): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The prefix that runs a command inside what a line entered (`ip netns exec RED bash` → `ip netns exec RED`). */
function enterPrefix(line: string): string {
  return line.replace(/\s+(bash|sh|zsh)$/, "");
}

/** The lab script with interactively entered namespaces written out, for bash running a file. */
export function realScript(script: string): string {
  const stacks = new Map<string, string[]>();
  let machine = "host";
  const out: string[] = [];
  for (const raw of script.split("\n")) {
    const line = raw.trim();
    const m = /^#@machine\s+(\S+)/.exec(line);
    if (m) machine = m[1];
    const stack = stacks.get(machine) ?? stacks.set(machine, []).get(machine)!;
    if (!line || line.startsWith("#")) {
      out.push(raw);
      continue;
    }
    if (ENTERS.test(line)) {
      stack.push(enterPrefix(line));
      out.push(`# ${line}   (entered: the lines below run inside, until exit)`);
      continue;
    }
    if (/^(exit|logout)(\s+\d+)?$/.test(line)) {
      out.push(stack.length ? `# ${line}` : `# ${line}   (leaves the terminal; nothing to do in a script)`);
      stack.pop();
      continue;
    }
    out.push(stack.length ? `${stack.at(-1)} bash -c ${quote(line)}` : raw);
  }
  return out.join("\n");
}

export function toShellScript(doc: LabDoc): string {
  const file = `${fileBase(doc.title)}.sh`;
  const multi = /^\s*#@(machine|link|lan)\s/m.test(doc.script);
  const cluster = /^\s*#@cluster\s/m.test(doc.script);
  const head = [
    "#!/bin/bash",
    `# ${doc.title}`,
    ...(doc.description ? wrap(doc.description).map((l) => `# ${l}`) : []),
    "#",
    "# A Hopscope lab. It runs on a real Linux machine as root (iproute2, iptables, iputils-ping):",
    `#     sudo bash ${file}`,
    "# It changes that machine's network (namespaces, links, routes, iptables rules). To leave your",
    "# own network alone, run it in a throw-away network namespace:",
    `#     sudo unshare --net --mount --propagation private sh -c 'mount -t tmpfs none /run && bash ${file}'`,
    "# Lines starting with #@ are Hopscope's machine directives; bash reads them as comments.",
    ...(multi
      ? [
          "# This lab has several machines (#@machine, #@link, #@lan): bash alone would run every",
          "# machine's commands on one host. Hopscope's oracle/real-linux runner gives each machine its",
          `# own network namespace and plugs the cables:  sudo real-linux ${file}`,
        ]
      : []),
    ...(cluster
      ? [
          "# It also builds a Kubernetes cluster with Hopscope's #@cluster directive, which only the",
          "# simulator runs: on a real machine, create the cluster with kubeadm or kind first.",
        ]
      : []),
    HEADER_END,
  ];
  const body = realScript(doc.script);
  return head.join("\n") + "\n" + body + (body.endsWith("\n") || !body ? "" : "\n");
}

export function toJson(doc: LabDoc): string {
  const { v, title, description, seed, script, layout, activeMachine, lesson, journey } = doc;
  return (
    JSON.stringify(
      { hopscope: "lab", v, title, description, seed, activeMachine, layout, lesson, journey, script },
      null,
      2,
    ) + "\n"
  );
}

export type Imported =
  | { kind: "lab"; doc: LabDoc; warnings: string[]; from: string }
  | { kind: "lesson"; text: string; lesson: Lesson }
  | { kind: "error"; error: string };

/** Recognises pasted or dropped text: a share link, a JSON document, a lesson, or a lab script. */
export function parseImport(input: string, name = "the pasted text"): Imported {
  if (input.length > MAX_SCRIPT * 2) return { kind: "error", error: `${name} is too large for a lab` };
  const text = input.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const t = text.trim();
  if (!t) return { kind: "error", error: `${name} is empty` };
  const hash = /(?:^|#)lab=([^\s#]*)\s*$/.exec(t);
  if (hash && !t.includes("\n")) {
    const r = decodeLink(hash[1]);
    return r.ok
      ? { kind: "lab", doc: r.doc, warnings: r.warnings, from: "link" }
      : { kind: "error", error: r.error };
  }
  if (t.startsWith("{")) {
    let data: unknown;
    try {
      data = JSON.parse(t);
    } catch (e) {
      return {
        kind: "error",
        error: `${name} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
      };
    }
    const r = restore(data);
    return r.ok
      ? { kind: "lab", doc: r.doc, warnings: r.warnings, from: "JSON" }
      : { kind: "error", error: r.error };
  }
  if (/^#\s+\S/.test(t) && /^(```|~~~)check\s*$/m.test(t)) {
    const l = parseLesson(text);
    return l.ok
      ? { kind: "lesson", text, lesson: l.lesson }
      : { kind: "error", error: `the lesson: ${l.error}` };
  }
  // a script, perhaps one of our .sh exports: its header gives the title and description
  let script = text;
  let title: string | undefined;
  let description: string | undefined;
  const end = text.indexOf(`\n${HEADER_END}\n`);
  if (text.startsWith("#!") && end >= 0) {
    const head = text.slice(0, end).split("\n").slice(1);
    title = head[0]?.replace(/^#\s?/, "");
    const desc: string[] = [];
    for (const l of head.slice(1)) {
      if (l.trim() === "#") break;
      desc.push(l.replace(/^#\s?/, ""));
    }
    description = desc.join(" ") || undefined;
    script = text.slice(end + HEADER_END.length + 2);
  } else if (text.startsWith("#!")) script = text.slice(text.indexOf("\n") + 1);
  const r = restore({
    v: 1,
    script,
    seed: 1,
    title: title ?? titleOf(script),
    description: description ?? (descriptionOf(script) || undefined),
  });
  return r.ok
    ? { kind: "lab", doc: r.doc, warnings: r.warnings, from: "script" }
    : { kind: "error", error: r.error };
}
