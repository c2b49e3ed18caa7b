/**
 * The lab-script format (DESIGN.md): plain bash, one command a line, `\` continues a line,
 * `#` comments, and directives in comments — `#@machine NAME`, `#@link A:IF B:IF`,
 * `#@lan NAME A:IF B:IF …`. Parsed exactly as the oracle parses it, with two simulator-only
 * additions the oracle has no counterpart for: `#@cluster NAME nodes=N pod-network=CIDR` (a
 * Kubernetes cluster, src/k8s) and here-documents whose delimiter follows (one command).
 */
import { ClusterError, parseClusterArgs, type ClusterSpec } from "../k8s/directive";
import { isIncomplete } from "../shell/parse";

export type Step =
  | { kind: "machine"; name: string }
  | ({ kind: "cluster" } & ClusterSpec)
  | { kind: "link"; a: [string, string]; b: [string, string] }
  | { kind: "lan"; name: string; ends: [string, string][] }
  | { kind: "cmd"; line: string; machine: string };

export class LabSyntaxError extends Error {}

export function parseLab(text: string): Step[] {
  const steps: Step[] = [];
  let buf = "";
  let machine = "host";
  /** A command whose here-documents are still being read (`kubectl apply -f - <<EOF`). */
  let pending: { text: string; delims: { word: string; strip: boolean }[] } | undefined;
  const rawLines = text.split(/\r?\n/);
  for (let ln = 0; ln < rawLines.length; ln++) {
    const raw = rawLines[ln];
    if (pending) {
      pending.text += "\n" + raw;
      const d = pending.delims[0];
      if ((d.strip ? raw.replace(/^\t+/, "") : raw) === d.word) pending.delims.shift();
      if (!pending.delims.length) {
        steps.push({ kind: "cmd", line: pending.text, machine });
        pending = undefined;
      }
      continue;
    }
    const line0 = raw.replace(/\s+$/, "");
    if (line0.endsWith("\\")) {
      buf += line0.slice(0, -1) + " ";
      continue;
    }
    const line = (buf + line0).trim();
    buf = "";
    if (!line) continue;
    if (line.startsWith("#@")) {
      const words = line.slice(2).split(/\s+/).filter(Boolean);
      const end = (w: string): [string, string] => {
        const i = w.indexOf(":");
        if (i <= 0 || i === w.length - 1) throw new LabSyntaxError(`bad endpoint "${w}" (want MACHINE:IF)`);
        return [w.slice(0, i), w.slice(i + 1)];
      };
      switch (words[0]) {
        case "machine":
          if (!words[1]) throw new LabSyntaxError("#@machine needs a name");
          machine = words[1];
          steps.push({ kind: "machine", name: machine });
          break;
        case "link":
          if (words.length < 3) throw new LabSyntaxError("#@link needs two endpoints");
          steps.push({ kind: "link", a: end(words[1]), b: end(words[2]) });
          break;
        case "lan":
          if (words.length < 2) throw new LabSyntaxError("#@lan needs a name");
          steps.push({ kind: "lan", name: words[1], ends: words.slice(2).map(end) });
          break;
        case "cluster":
          // a Kubernetes cluster (simulator only: the oracle has no such directive)
          try {
            steps.push({ kind: "cluster", ...parseClusterArgs(words.slice(1)) });
          } catch (e) {
            if (e instanceof ClusterError) throw new LabSyntaxError(e.message);
            throw e;
          }
          break;
        default:
          throw new LabSyntaxError(`unknown directive #@${words[0]}`);
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    // a here-document's body follows on the next lines, up to its delimiter (as bash reads it)
    // (only when the delimiters do follow: an unterminated one stays a line of its own, as the
    // oracle runs it)
    const delims = isIncomplete(line) ? heredocs(line) : [];
    if (delims.length && terminated(rawLines, ln + 1, delims)) {
      pending = { text: line, delims };
      continue;
    }
    steps.push({ kind: "cmd", line, machine });
  }
  if (pending) steps.push({ kind: "cmd", line: pending.text, machine });
  return steps;
}

function terminated(lines: string[], from: number, delims: { word: string; strip: boolean }[]): boolean {
  let k = 0;
  for (let i = from; i < lines.length && k < delims.length; i++) {
    const d = delims[k];
    if ((d.strip ? lines[i].replace(/^\t+/, "") : lines[i]) === d.word) k++;
  }
  return k === delims.length;
}

/** The here-document operators of a command line (`<<WORD`, `<<-WORD`, `<<'WORD'`), in order. */
function heredocs(line: string): { word: string; strip: boolean }[] {
  const out: { word: string; strip: boolean }[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'" || ch === '"') {
      const j = line.indexOf(ch, i + 1);
      if (j < 0) break;
      i = j;
      continue;
    }
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch !== "<" || line[i + 1] !== "<") continue;
    if (line[i + 2] === "<") {
      // a here-string (<<<), not a here-document
      i += 2;
      continue;
    }
    const m = /^<<(-?)[ \t]*(?:'([^']*)'|"([^"]*)"|\\?([^\s;|&<>()'"]+))/.exec(line.slice(i));
    if (!m) continue;
    out.push({ word: m[2] ?? m[3] ?? m[4], strip: m[1] === "-" });
    i += m[0].length - 1;
  }
  return out;
}
