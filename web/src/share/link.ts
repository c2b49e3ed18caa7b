/**
 * Share links: the whole lab in the URL fragment (`#lab=…`), which browsers never send to a
 * server. Pure TypeScript (fflate, no DOM), so `npm run bench` measures it in Node.
 *
 * Format 2 (`#lab=2.<base64url>`): DEFLATE (raw, level 9, the frozen preset dictionary of
 * dict.ts) of
 *     <header JSON on one line>\n<lab script, verbatim>
 * Header keys: t title, d description (when it is not the script's own leading comment), s seed
 * (when not 1), a the terminal in front, p node positions {id: [x, y]}, l lesson {i id | x
 * Markdown, k step, b base}, j journey [line, jid, hop]. Unknown keys are ignored (a later minor
 * addition stays readable); an incompatible change is a new number before the dot.
 * Format 1 (`#lab=<base64url>`, no dot): DEFLATE of the document's JSON; still opened.
 *
 * Decoding never trusts the link: its length is bounded, inflation stops at MAX_EXPANDED bytes
 * (a decompression bomb), and what comes out goes through `restore` like every other input.
 */
import { Inflate, deflateSync, strFromU8, strToU8 } from "fflate";
import { descriptionOf, restore, type LabDoc, type Restored } from "../engine/doc";
import { DICT_V2 } from "./dict";
import { MAX_EXPANDED, MAX_LINK_CHARS } from "./validate";

export const LINK_VERSION = 2;
const DICT = strToU8(DICT_V2);

export interface LinkOptions {
  /** Include the lesson being followed and its step (default: yes, when there is one). */
  lesson?: boolean;
  /** Include the picked packet journey and hop (default: yes, when there is one). */
  journey?: boolean;
}

interface HeaderV2 {
  t?: string;
  d?: string;
  s?: number;
  a?: string;
  p?: Record<string, [number, number]>;
  l?: { i?: string; x?: string; k?: number; b?: number };
  j?: [number, number, number];
}

/** The fragment's payload (what follows `#lab=`): `2.` and the compressed lab. */
export function encodeLink(doc: LabDoc, opts: LinkOptions = {}): string {
  const h: HeaderV2 = { t: doc.title };
  if (doc.description && doc.description !== descriptionOf(doc.script)) h.d = doc.description;
  if (doc.seed !== 1) h.s = doc.seed;
  if (doc.activeMachine) h.a = doc.activeMachine;
  const ids = Object.keys(doc.layout.positions);
  if (ids.length) {
    h.p = {};
    for (const id of ids) {
      const { x, y } = doc.layout.positions[id];
      h.p[id] = [x, y];
    }
  }
  if (doc.lesson && opts.lesson !== false) {
    const l = doc.lesson;
    h.l = l.id !== undefined ? { i: l.id } : { x: l.text };
    if (l.step) h.l.k = l.step;
    if (l.base) h.l.b = l.base;
  }
  if (doc.journey && opts.journey !== false) h.j = [doc.journey.line, doc.journey.jid, doc.journey.hop];
  const text = JSON.stringify(h) + "\n" + doc.script;
  return `${LINK_VERSION}.${toB64url(deflateSync(strToU8(text), { level: 9, mem: 8, dictionary: DICT }))}`;
}

/** A full URL: the app's address (no query, no fragment) and the lab. */
export function linkFor(base: string, doc: LabDoc, opts?: LinkOptions): string {
  return `${base}#lab=${encodeLink(doc, opts)}`;
}

/** Decodes a fragment payload (after `#lab=`) into a validated document; never throws. */
export function decodeLink(payload: string): Restored {
  if (payload.length > MAX_LINK_CHARS)
    return {
      ok: false,
      error: `the link is too long (${payload.length.toLocaleString("en")} characters; a lab link has at most ${MAX_LINK_CHARS.toLocaleString("en")})`,
    };
  const dot = payload.indexOf(".");
  const version = dot < 0 ? 1 : /^\d{1,3}$/.test(payload.slice(0, dot)) ? Number(payload.slice(0, dot)) : NaN;
  const body = dot < 0 ? payload : payload.slice(dot + 1);
  if (Number.isNaN(version))
    return { ok: false, error: "the link is damaged (it does not start like a lab link)" };
  if (version > LINK_VERSION)
    return {
      ok: false,
      error: `the link was made by a newer Hopscope (link format ${version}; this one reads up to ${LINK_VERSION}): reload the page`,
    };
  if (version !== 1 && version !== 2) return { ok: false, error: `unknown link format ${version}` };
  if (!body) return { ok: false, error: "the link holds no lab (nothing after #lab=)" };
  if (!/^[A-Za-z0-9_-]+$/.test(body))
    return { ok: false, error: "the link is damaged (it has characters a lab link never has)" };
  const bytes = fromB64url(body);
  if (!bytes) return { ok: false, error: "the link is damaged or cut short: was it copied whole?" };
  const inflated = inflateBounded(bytes, version === 2 ? DICT : undefined);
  if (typeof inflated === "string") return { ok: false, error: inflated };
  let text: string;
  try {
    text = strFromU8(inflated);
  } catch {
    return { ok: false, error: "the link is damaged (not text)" };
  }
  if (version === 1) {
    try {
      return restore(JSON.parse(text));
    } catch {
      return { ok: false, error: "the link is damaged or cut short: was it copied whole?" };
    }
  }
  const nl = text.indexOf("\n");
  let h: unknown;
  try {
    h = JSON.parse(nl < 0 ? text : text.slice(0, nl));
  } catch {
    return { ok: false, error: "the link is damaged (its header cannot be read)" };
  }
  if (typeof h !== "object" || h === null || Array.isArray(h))
    return { ok: false, error: "the link is damaged (its header cannot be read)" };
  return restore(fromHeader(h as Record<string, unknown>, nl < 0 ? "" : text.slice(nl + 1)));
}

/** The header and script as the plain object `restore` validates (no value is trusted here). */
function fromHeader(h: Record<string, unknown>, script: string): Record<string, unknown> {
  const doc: Record<string, unknown> = { v: 1, script, title: h.t, description: h.d, seed: h.s ?? 1 };
  if (h.a !== undefined) doc.activeMachine = h.a;
  const positions: Record<string, unknown> = {};
  if (typeof h.p === "object" && h.p !== null && !Array.isArray(h.p))
    for (const [id, v] of Object.entries(h.p)) positions[id] = Array.isArray(v) ? { x: v[0], y: v[1] } : v;
  doc.layout = { positions };
  if (typeof h.l === "object" && h.l !== null) {
    const l = h.l as Record<string, unknown>;
    doc.lesson = { id: l.i, text: l.x, step: l.k ?? 0, base: l.b };
  } else if (h.l !== undefined) doc.lesson = h.l;
  if (Array.isArray(h.j)) doc.journey = { line: h.j[0], jid: h.j[1], hop: h.j[2] };
  else if (h.j !== undefined) doc.journey = h.j;
  return doc;
}

/** Inflates at most MAX_EXPANDED bytes; a string is the refusal. */
function inflateBounded(bytes: Uint8Array, dictionary?: Uint8Array): Uint8Array | string {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  let over = false;
  const inf = new Inflate(dictionary ? { dictionary } : {}, (chunk, final) => {
    total += chunk.length;
    if (total > MAX_EXPANDED) over = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    // small pieces: one piece of DEFLATE expands at most ~1000 times
    const STEP = 256;
    for (let i = 0; i < bytes.length && !over; i += STEP)
      inf.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  } catch {
    return "the link is damaged or cut short: was it copied whole?";
  }
  if (over)
    return `the link expands to more than ${MAX_EXPANDED / 1_000_000} MB of text: refused (a lab is far smaller; this looks like a decompression bomb)`;
  if (!ended) return "the link is damaged or cut short: was it copied whole?";
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

// ---- base64url without padding (no btoa: the same code in Node and the browser) ----

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function toB64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/** Undefined for a length no encoder produces (a link cut in the middle of a byte). */
export function fromB64url(s: string): Uint8Array | undefined {
  if (s.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const v = INDEX[s.charCodeAt(i)] ?? -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  // the unused low bits of the last character are zero in what we write
  if (bits && acc & ((1 << bits) - 1)) return undefined;
  return out;
}
