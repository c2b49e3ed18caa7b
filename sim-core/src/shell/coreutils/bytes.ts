/**
 * The utilities run in the C locale, where a character is a byte (LC_ALL=C in the lab's
 * terminal). The shell hands us JavaScript strings, so at the boundary we encode them to UTF-8
 * "byte strings" (one char per byte, codes 0-255) and decode what the utility writes back,
 * replacing invalid sequences with U+FFFD the way a terminal (and WHATWG's TextDecoder) does.
 * `head -c 2` of "é…" therefore cuts a character in half exactly like Debian does.
 */

/** UTF-8 encode a JS string into a byte string. */
export function toBytes(s: string): string {
  // fast path: nothing above 0x7f
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out += String.fromCharCode(cp);
    else if (cp < 0x800) out += String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000)
      out += String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out += String.fromCharCode(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

/**
 * A streaming UTF-8 decoder with WHATWG replacement semantics: each maximal invalid subpart
 * becomes one U+FFFD; an incomplete sequence at the end of a chunk waits for the next chunk.
 */
export class Utf8Decoder {
  private pending = "";

  write(bytes: string): string {
    const s = this.pending + bytes;
    this.pending = "";
    let out = "";
    let i = 0;
    while (i < s.length) {
      const b = s.charCodeAt(i);
      if (b < 0x80) {
        // copy a run of ASCII at once
        let j = i + 1;
        while (j < s.length && s.charCodeAt(j) < 0x80) j++;
        out += s.slice(i, j);
        i = j;
        continue;
      }
      let need: number;
      let lower = 0x80;
      let upper = 0xbf;
      let cp: number;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        cp = b & 0xf;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        cp = b & 7;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else {
        out += "\ufffd";
        i++;
        continue;
      }
      let k = 1;
      let ok = true;
      for (; k <= need; k++) {
        if (i + k >= s.length) {
          // incomplete at the end of the chunk: keep it for later
          this.pending = s.slice(i);
          return out;
        }
        const c = s.charCodeAt(i + k);
        const lo = k === 1 ? lower : 0x80;
        const hi = k === 1 ? upper : 0xbf;
        if (c < lo || c > hi) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (!ok) {
        out += "\ufffd";
        i += k; // the maximal subpart consumed so far
        continue;
      }
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
    return out;
  }

  /** Flush an incomplete trailing sequence. */
  end(): string {
    const had = this.pending.length > 0;
    this.pending = "";
    return had ? "\ufffd" : "";
  }
}
