/**
 * The rules every piece of outside text must follow before it becomes part of a lab: a lab script
 * (from a link, a file, storage, a lesson), a title, a name. `restore` (engine/doc.ts) and the
 * lesson parser apply them; each refusal is one sentence a person can act on.
 */

import { parseLab, LabSyntaxError } from "../../../sim-core/src/lab/script";
import { parseClusterArgs, ClusterError } from "../../../sim-core/src/k8s/directive";

/** A lab script may hold this many characters … */
export const MAX_SCRIPT = 1_000_000;
/** … and this many commands (replaying 10,000 commands would keep the simulator busy for minutes). */
export const MAX_COMMANDS = 5_000;
/** What a share link's fragment may hold, and what it may expand to (a decompression bomb stops here). */
export const MAX_LINK_CHARS = 200_000;
export const MAX_EXPANDED = 2_000_000;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** iproute2's interface names: at most 15 bytes, no '/', ':' or whitespace. */
const IFNAME = /^[A-Za-z0-9_.-][A-Za-z0-9_.@+-]{0,14}$/;

/** Control characters other than tab and newline (an ESC would reach the terminal). */
// eslint-disable-next-line no-control-regex -- that is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Tag-like markup: `<b>`, `</script>`, `<!--`, `<?xml`, `<img …`. */
export const MARKUP = /<\s*[A-Za-z!/?]/;

/** Refusal reason for a lab script, or undefined when it may be replayed. */
export function scriptProblem(script: string): string | undefined {
  if (script.length > MAX_SCRIPT)
    return `the lab script is too large (${Math.round(script.length / 1000)} kB; at most ${MAX_SCRIPT / 1000} kB)`;
  const ctl = CONTROL.exec(script);
  if (ctl)
    return ctl[0] === "\u0000"
      ? "the lab script contains binary data"
      : `the lab script contains a control character (U+${ctl[0].charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}) on line ${lineOf(script, ctl.index)}`;
  let commands = 0;
  const lines = script.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t) continue;
    if (t.startsWith("#@")) {
      const bad = directiveProblem(t);
      if (bad) return `line ${i + 1}: ${bad}`;
      continue;
    }
    if (t.startsWith("#")) continue;
    if (++commands > MAX_COMMANDS)
      return `the lab has more than ${MAX_COMMANDS.toLocaleString("en")} commands (too many to replay)`;
  }
  // what the simulator itself reads (here-documents, directive arguments)
  try {
    parseLab(script);
  } catch (e) {
    if (e instanceof LabSyntaxError) return `the lab script cannot be read: ${e.message}`;
    throw e;
  }
  return undefined;
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** `#@machine NAME`, `#@link A:IF B:IF`, `#@lan NAME A:IF …` with names a machine can have, `#@cluster …`. */
function directiveProblem(line: string): string | undefined {
  const [kw, ...args] = line.slice(2).trim().split(/\s+/);
  const end = (e: string) => {
    const [m, ifname, extra] = e.split(":");
    return extra === undefined && NAME.test(m ?? "") && IFNAME.test(ifname ?? "");
  };
  const shown = line.length > 60 ? line.slice(0, 57) + "…" : line;
  switch (kw) {
    case "machine":
      return args.length === 1 && NAME.test(args[0]) ? undefined : `bad machine directive: ${shown}`;
    case "link":
      return args.length === 2 && args.every(end) ? undefined : `bad cable directive: ${shown}`;
    case "lan":
      return args.length >= 1 && NAME.test(args[0]) && args.slice(1).every(end) && args.length <= 257
        ? undefined
        : `bad switch directive: ${shown}`;
    case "cluster":
      try {
        parseClusterArgs(args);
        return undefined;
      } catch (e) {
        if (e instanceof ClusterError) return e.message;
        throw e;
      }
    default:
      return `unknown directive: ${shown}`;
  }
}

/** A title or label from outside: trimmed, bounded, without control characters; markup refused. */
export function cleanText(
  value: unknown,
  what: string,
  max: number,
): { ok: true; text: string | undefined } | { ok: false; error: string } {
  if (value === undefined || value === null) return { ok: true, text: undefined };
  if (typeof value !== "string") return { ok: false, error: `the ${what} is not text` };
  if (MARKUP.test(value)) return { ok: false, error: `the ${what} contains HTML markup` };
  // eslint-disable-next-line no-control-regex -- control characters become spaces
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, " ").trim();
  return { ok: true, text: text ? text.slice(0, max) : undefined };
}

export function isMachineName(s: unknown): s is string {
  return typeof s === "string" && NAME.test(s);
}
