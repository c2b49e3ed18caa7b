/**
 * A byte queue for socket buffers (the send queue from snd_una on, the receive queue): appends
 * keep the caller's chunks, reads copy out, so a 10 MB transfer never copies the whole buffer.
 */
import { toBytes, Utf8Decoder } from "../shell/coreutils/bytes";

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Bytes already consumed from chunks[0]. */
  private head = 0;
  length = 0;

  push(data: Uint8Array): void {
    if (!data.length) return;
    this.chunks.push(data);
    this.length += data.length;
  }

  /** A copy of `len` bytes starting `offset` bytes into the queue (clamped to what is there). */
  peek(offset: number, len: number): Uint8Array {
    const n = Math.max(0, Math.min(len, this.length - offset));
    const out = new Uint8Array(n);
    let skip = offset + this.head;
    let o = 0;
    for (const c of this.chunks) {
      if (o >= n) break;
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      const take = Math.min(c.length - skip, n - o);
      out.set(c.subarray(skip, skip + take), o);
      o += take;
      skip = 0;
    }
    return out;
  }

  /** Drops `n` bytes from the front. */
  drop(n: number): void {
    let left = Math.min(n, this.length);
    this.length -= left;
    while (left > 0 && this.chunks.length) {
      const c = this.chunks[0];
      const avail = c.length - this.head;
      if (left < avail) {
        this.head += left;
        return;
      }
      left -= avail;
      this.chunks.shift();
      this.head = 0;
    }
  }

  /** Removes and returns everything. */
  take(): Uint8Array {
    const out = this.peek(0, this.length);
    this.chunks = [];
    this.head = 0;
    this.length = 0;
    return out;
  }
}

/** A JS string as the UTF-8 bytes a program would write. */
export function bytesOf(s: string): Uint8Array {
  const b = toBytes(s);
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** Bytes as text (invalid UTF-8 replaced by U+FFFD, as a terminal shows it). */
export function textOf(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  const d = new Utf8Decoder();
  return d.write(s) + d.end();
}
