/**
 * The document: a lab script, its seed and its canvas layout (what the user dragged). Runtime
 * state is never stored. Every external input — IndexedDB, a share link, an imported file —
 * goes through `restore`, which validates and normalises it and never throws.
 */

export interface XY {
  x: number;
  y: number;
}

export interface LabDoc {
  v: 1;
  script: string;
  seed: number;
  title: string;
  /** The starter lab's description (the script's leading comment). */
  description?: string;
  layout: {
    /** Node id → position relative to its parent, for nodes the user dragged. */
    positions: Record<string, XY>;
  };
  /** The terminal tab in front. */
  activeMachine?: string;
}

export type Restored = { ok: true; doc: LabDoc; warnings: string[] } | { ok: false; error: string };

const MAX_SCRIPT = 2_000_000;
const MAX_POSITIONS = 20_000;

export function emptyDoc(): LabDoc {
  return { v: 1, script: "", seed: 1, title: "Untitled lab", layout: { positions: {} } };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Validates anything that claims to be a lab document. */
export function restore(input: unknown): Restored {
  const warnings: string[] = [];
  if (typeof input === "string") {
    // a bare script (an imported .sh file)
    return restore({ v: 1, script: input, seed: 1, title: titleOf(input) });
  }
  if (!isObj(input)) return { ok: false, error: "not a lab document" };
  if (input.v !== 1) return { ok: false, error: `unsupported lab format version ${String(input.v)}` };
  if (typeof input.script !== "string") return { ok: false, error: "the lab has no script" };
  if (input.script.length > MAX_SCRIPT) return { ok: false, error: "the lab script is too large" };
  const script = input.script.replace(/\r\n?/g, "\n");
  if (script.includes("\u0000")) return { ok: false, error: "the lab script contains binary data" };
  const badDirective = script
    .split("\n")
    .find(
      (l) =>
        /^\s*#@/.test(l) &&
        !/^\s*#@(machine\s+\S+|link\s+\S+:\S+\s+\S+:\S+|lan\s+\S+(\s+\S+:\S+)*)\s*$/.test(l),
    );
  if (badDirective) return { ok: false, error: `bad directive: ${badDirective.trim().slice(0, 80)}` };
  let seed = 1;
  if (input.seed !== undefined) {
    if (
      typeof input.seed === "number" &&
      Number.isInteger(input.seed) &&
      input.seed >= 0 &&
      input.seed <= 0xffffffff
    )
      seed = input.seed;
    else warnings.push("invalid seed replaced by 1");
  }
  const title =
    typeof input.title === "string" && input.title.trim()
      ? input.title.trim().slice(0, 120)
      : titleOf(script);
  const description = typeof input.description === "string" ? input.description.slice(0, 2000) : undefined;
  const positions: Record<string, XY> = {};
  const layout = isObj(input.layout) ? input.layout : undefined;
  if (layout && isObj(layout.positions)) {
    let n = 0;
    for (const [id, p] of Object.entries(layout.positions)) {
      if (n >= MAX_POSITIONS) break;
      if (id.length > 300 || !isObj(p)) continue;
      const { x, y } = p;
      if (
        typeof x !== "number" ||
        typeof y !== "number" ||
        !Number.isFinite(x) ||
        !Number.isFinite(y) ||
        Math.abs(x) > 1e6 ||
        Math.abs(y) > 1e6
      )
        continue;
      positions[id] = { x, y };
      n++;
    }
  }
  const activeMachine =
    typeof input.activeMachine === "string" && /^[\w.-]{1,64}$/.test(input.activeMachine)
      ? input.activeMachine
      : undefined;
  return {
    ok: true,
    doc: { v: 1, script, seed, title, description, layout: { positions }, activeMachine },
    warnings,
  };
}

/** A lab's title: its first comment line, else "Untitled lab". */
export function titleOf(script: string): string {
  for (const line of script.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (t.startsWith("#@")) continue;
    if (t.startsWith("#")) return t.replace(/^#+\s*/, "").slice(0, 120) || "Untitled lab";
    break;
  }
  return "Untitled lab";
}

/** The leading comment block of a script (a starter lab's explanation). */
export function descriptionOf(script: string): string {
  const out: string[] = [];
  for (const line of script.split("\n")) {
    const t = line.trim();
    if (t.startsWith("#@")) break;
    if (!t.startsWith("#")) break;
    out.push(t.replace(/^#\s?/, ""));
  }
  return out.join(" ");
}

// ---- share links: #lab=<base64url(deflate(json))> ----

function toB64url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** fflate loads only when a link is made or opened. */
const codec = () => import("fflate");

export async function encodeShare(doc: LabDoc): Promise<string> {
  const { deflateSync, strToU8 } = await codec();
  const json = JSON.stringify({
    v: doc.v,
    script: doc.script,
    seed: doc.seed,
    title: doc.title,
    description: doc.description,
    layout: doc.layout,
  });
  return toB64url(deflateSync(strToU8(json), { level: 9 }));
}

/** Decodes a share fragment; the result still goes through `restore`. */
export async function decodeShare(fragment: string): Promise<Restored> {
  try {
    if (fragment.length > 4_000_000) return { ok: false, error: "the link is too long" };
    const { inflateSync, strFromU8 } = await codec();
    const bytes = inflateSync(fromB64url(fragment));
    if (bytes.length > MAX_SCRIPT * 2) return { ok: false, error: "the link is too large" };
    return restore(JSON.parse(strFromU8(bytes)));
  } catch {
    return { ok: false, error: "the link is damaged" };
  }
}
