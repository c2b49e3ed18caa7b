/**
 * Array helpers safe for any size: `a.push(...b)` and `Math.max(...b)` pass every element as an
 * argument, and past about a hundred thousand of them the JavaScript stack overflows (a word list
 * from `$(seq 1 200000)`, a brace expansion, the keys of a large bash array).
 */

/** Appends every element of `src` to `dst`; returns `dst`. */
export function pushAll<T>(dst: T[], src: Iterable<T>): T[] {
  for (const x of src) dst.push(x);
  return dst;
}

/** The largest number of `src`, or `empty` when there is none. */
export function maxOf(src: Iterable<number>, empty = -Infinity): number {
  let m = -Infinity;
  let any = false;
  for (const x of src) {
    any = true;
    if (x > m) m = x;
  }
  return any ? m : empty;
}

/** String.fromCharCode over any number of code units. */
export function charCodesToString(codes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < codes.length; i += 8192)
    s += String.fromCharCode(...Array.prototype.slice.call(codes, i, i + 8192));
  return s;
}
