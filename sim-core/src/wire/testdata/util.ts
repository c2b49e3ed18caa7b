/** Helpers for the wire/ tests. */
import type { EthernetFrame } from "../types";

const COMPUTED = new Set(["checksum", "checksumValid", "totalLength", "length", "payloadLength"]);

/**
 * A deep copy of a parsed value without the fields emit computes (checksums, length fields) and
 * the parse-only `checksumValid` flags: what a hand-written or engine-built repr looks like.
 */
export function strip<T>(v: T): T {
  if (v instanceof Uint8Array) return v.slice() as T;
  if (Array.isArray(v)) return v.map((x) => strip(x)) as T;
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!COMPUTED.has(k)) out[k] = strip(x);
    return out as T;
  }
  return v;
}

/** Every `checksumValid` flag in a parsed value, outermost first, with its path. */
export function checksumFlags(v: unknown, path = "frame"): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  if (v instanceof Uint8Array || v === null || typeof v !== "object") return out;
  for (const [k, x] of Object.entries(v)) {
    if (k === "checksumValid") out.push([path, x as boolean]);
    else out.push(...checksumFlags(x, `${path}.${k}`));
  }
  return out;
}

/** The L3 payload of a parsed frame, for terse assertions. */
export function l3(f: EthernetFrame): EthernetFrame["payload"] {
  return f.payload;
}

export function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** `count` bytes where byte i = (start + i) & 0xff: ping's data pattern. */
export function pattern(start: number, count: number): Uint8Array {
  const b = new Uint8Array(count);
  for (let i = 0; i < count; i++) b[i] = (start + i) & 0xff;
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
