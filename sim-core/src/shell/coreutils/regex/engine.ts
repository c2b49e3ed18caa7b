/**
 * Matching for the POSIX regex AST of ./parse.ts, with the semantics of glibc's regexec as
 * GNU grep and sed use it:
 *  - the overall match is leftmost-longest (POSIX), found with a Pike VM (Thompson NFA
 *    simulation, O(pattern × text)), never by backtracking;
 *  - sub-matches (sed's \1…\9) are those of the first path in priority order (alternatives
 *    left to right, repetitions greedy) that produces that overall match, which is what
 *    glibc's set_regs/proceed_next_node does; found with a memoised depth-first search;
 *  - patterns with back-references are matched by an exhaustive backtracking search for the
 *    longest match at the leftmost position (bounded by a step budget).
 * Strings are byte strings (one char per byte).
 */
import type { AnchorKind, Node, ParsedRegex } from "./parse.js";
import { isWordChar } from "./parse.js";

const OP_SET = 0;
const OP_SPLIT = 1;
const OP_JMP = 2;
const OP_SAVE = 3;
const OP_ASSERT = 4;
const OP_BACKREF = 5;
const OP_MATCH = 6;
const OP_MARK = 7; // remember the position at loop entry (register a)
const OP_CHECK = 8; // fail if no progress since MARK (register a) – only enforced when backtracking

const ANCHORS: AnchorKind[] = [
  "bol",
  "eol",
  "wordStart",
  "wordEnd",
  "wordBoundary",
  "notWordBoundary",
  "bufStart",
  "bufEnd",
];

interface Program {
  op: number[];
  a: number[];
  b: number[];
  sets: (Uint8Array | null)[];
  nregs: number;
}

class Compiler {
  readonly p: Program = { op: [], a: [], b: [], sets: [], nregs: 0 };

  emit(op: number, a = 0, b = 0, set: Uint8Array | null = null): number {
    const p = this.p;
    p.op.push(op);
    p.a.push(a);
    p.b.push(b);
    p.sets.push(set);
    return p.op.length - 1;
  }

  get pc(): number {
    return this.p.op.length;
  }

  node(n: Node): void {
    switch (n.t) {
      case "set":
        this.emit(OP_SET, 0, 0, n.set);
        return;
      case "empty":
        return;
      case "cat":
        for (const it of n.items) this.node(it);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let i = 0; i < n.items.length; i++) {
          if (i < n.items.length - 1) {
            const split = this.emit(OP_SPLIT);
            this.p.a[split] = this.pc;
            this.node(n.items[i]);
            jumps.push(this.emit(OP_JMP));
            this.p.b[split] = this.pc;
          } else this.node(n.items[i]);
        }
        for (const j of jumps) this.p.a[j] = this.pc;
        return;
      }
      case "group":
        this.emit(OP_SAVE, 2 * n.idx);
        this.node(n.node);
        this.emit(OP_SAVE, 2 * n.idx + 1);
        return;
      case "backref":
        this.emit(OP_BACKREF, n.idx);
        return;
      case "anchor":
        this.emit(OP_ASSERT, ANCHORS.indexOf(n.kind));
        return;
      case "rep": {
        for (let i = 0; i < n.min; i++) this.node(n.node);
        if (n.max === -1) {
          const reg = this.p.nregs++;
          const loop = this.emit(OP_SPLIT);
          this.p.a[loop] = this.pc;
          this.emit(OP_MARK, reg);
          this.node(n.node);
          this.emit(OP_CHECK, reg);
          this.emit(OP_JMP, loop);
          this.p.b[loop] = this.pc;
        } else {
          const splits: number[] = [];
          for (let i = n.min; i < n.max; i++) {
            const s = this.emit(OP_SPLIT);
            this.p.a[s] = this.pc;
            splits.push(s);
            this.node(n.node);
          }
          for (const s of splits) this.p.b[s] = this.pc;
        }
        return;
      }
    }
  }
}

export interface MatchOptions {
  /** end of the subject (default: s.length); text after it is invisible */
  end?: number;
  /** `^` does not match at position 0 (REG_NOTBOL) */
  notbol?: boolean;
  /** `$` does not match at `end` (REG_NOTEOL) */
  noteol?: boolean;
}

export interface Span {
  start: number;
  end: number;
}

/** A step budget for back-reference searches, so a pathological pattern cannot hang the shell. */
const BACKTRACK_BUDGET = 2_000_000;

export class Regex {
  readonly nsub: number;
  readonly hasBackrefs: boolean;
  private readonly prog: Program;
  /** `^`/`$` also match after/before an embedded newline (sed's M flag, grep's lines) */
  newlineAnchor = false;
  private readonly icase: boolean;

  constructor(parsed: ParsedRegex, icase: boolean) {
    const c = new Compiler();
    c.node(parsed.node);
    c.emit(OP_MATCH);
    this.prog = c.p;
    this.nsub = parsed.nsub;
    this.hasBackrefs = parsed.hasBackrefs;
    this.icase = icase;
  }

  private assert(kind: number, s: string, pos: number, end: number, o: MatchOptions): boolean {
    const prevWord = pos > 0 && isWordChar(s.charCodeAt(pos - 1));
    const nextWord = pos < end && isWordChar(s.charCodeAt(pos));
    switch (kind) {
      case 0: // bol
        if (pos === 0) return !o.notbol;
        return this.newlineAnchor && s.charCodeAt(pos - 1) === 10;
      case 1: // eol
        if (pos === end) return !o.noteol;
        return this.newlineAnchor && s.charCodeAt(pos) === 10;
      case 2:
        return !prevWord && nextWord;
      case 3:
        return prevWord && !nextWord;
      case 4:
        return prevWord !== nextWord;
      case 5:
        return prevWord === nextWord;
      case 6:
        return pos === 0;
      case 7:
        return pos === end;
    }
    return false;
  }

  /** Leftmost-longest match at or after `from`. */
  search(s: string, from: number, o: MatchOptions = {}): Span | null {
    if (this.hasBackrefs) {
      const caps = this.backtrackSearch(s, from, o, false);
      return caps ? { start: caps[0], end: caps[1] } : null;
    }
    return this.pike(s, from, o, false, false);
  }

  /** Longest match starting exactly at `at`. */
  matchAt(s: string, at: number, o: MatchOptions = {}): Span | null {
    if (this.hasBackrefs) {
      const caps = this.backtrackSearch(s, at, o, true);
      return caps ? { start: caps[0], end: caps[1] } : null;
    }
    return this.pike(s, at, o, true, false);
  }

  /** Does the pattern match anywhere at or after `from`? */
  test(s: string, from = 0, o: MatchOptions = {}): boolean {
    if (this.hasBackrefs) return this.backtrackSearch(s, from, o, false) !== null;
    return this.pike(s, from, o, false, true) !== null;
  }

  /**
   * Leftmost-longest match with sub-matches: [start0, end0, start1, end1, …] (-1 when a group
   * did not participate), or null.
   */
  exec(s: string, from: number, o: MatchOptions = {}): number[] | null {
    if (this.hasBackrefs) return this.backtrackSearch(s, from, o, false);
    const span = this.pike(s, from, o, false, false);
    if (!span) return null;
    if (this.nsub === 0) return [span.start, span.end];
    return this.captures(s, span, o);
  }

  // ---- Pike VM ------------------------------------------------------------------------------

  private pike(s: string, from: number, o: MatchOptions, anchored: boolean, firstOnly: boolean): Span | null {
    const { op, a, b, sets } = this.prog;
    const n = op.length;
    const end = o.end ?? s.length;
    let clist = new Int32Array(n);
    let cstart = new Int32Array(n);
    let ccount = 0;
    let nlist = new Int32Array(n);
    let nstart = new Int32Array(n);
    let ncount: number;
    const mark = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n * 2 + 2);
    let bestStart = -1;
    let bestEnd = -1;
    let gen = 0;

    // adds the epsilon-closure of pc at position pos to (list,starts) – returns new count
    const addThread = (
      list: Int32Array,
      starts: Int32Array,
      count: number,
      pc0: number,
      start: number,
      pos: number,
    ): number => {
      let sp = 0;
      stack[sp++] = pc0;
      while (sp > 0) {
        const pc = stack[--sp];
        if (mark[pc] === gen) continue;
        mark[pc] = gen;
        switch (op[pc]) {
          case OP_JMP:
            stack[sp++] = a[pc];
            break;
          case OP_SPLIT:
            // push b first so a is explored first (priority order keeps lists sorted)
            stack[sp++] = b[pc];
            stack[sp++] = a[pc];
            break;
          case OP_SAVE:
          case OP_MARK:
          case OP_CHECK:
            stack[sp++] = pc + 1;
            break;
          case OP_ASSERT:
            if (this.assert(a[pc], s, pos, end, o)) stack[sp++] = pc + 1;
            break;
          default:
            list[count] = pc;
            starts[count] = start;
            count++;
        }
      }
      return count;
    };

    gen++; // the generation of the threads that sit at `pos`
    for (let pos = from; ; pos++) {
      if (bestStart < 0 && (!anchored || pos === from)) {
        ccount = addThread(clist, cstart, ccount, 0, pos, pos);
      }
      gen++;
      if (ccount === 0) {
        if (bestStart >= 0 || anchored || pos >= end) break;
        continue;
      }
      ncount = 0;
      const ch = pos < end ? s.charCodeAt(pos) & 0xff : -1;
      for (let i = 0; i < ccount; i++) {
        const pc = clist[i];
        const st = cstart[i];
        if (bestStart >= 0 && st > bestStart) break;
        if (op[pc] === OP_MATCH) {
          if (bestStart < 0 || st < bestStart || (st === bestStart && pos > bestEnd)) {
            bestStart = st;
            bestEnd = pos;
            if (firstOnly) return { start: bestStart, end: bestEnd };
          }
          continue;
        }
        if (op[pc] === OP_SET && ch >= 0 && sets[pc]![ch]) {
          ncount = addThread(nlist, nstart, ncount, pc + 1, st, pos + 1);
        }
      }
      [clist, nlist] = [nlist, clist];
      [cstart, nstart] = [nstart, cstart];
      ccount = ncount;
      if (pos >= end) {
        // threads in clist sit at end+1: impossible, they needed a byte
        break;
      }
    }
    return bestStart >= 0 ? { start: bestStart, end: bestEnd } : null;
  }

  // ---- sub-matches for a known overall span (memoised DFS, "BitState") -----------------------

  private captures(s: string, span: Span, o: MatchOptions): number[] | null {
    const { op, a, b, sets } = this.prog;
    const n = op.length;
    const end = o.end ?? s.length;
    const width = span.end - span.start + 1;
    const visited = new Uint8Array(n * width);
    const caps = new Array<number>(2 * (this.nsub + 1)).fill(-1);
    // stack entries: [kind, x, y]: kind 0 = explore (pc,pos), kind 1 = restore caps[x]=y
    const stack: number[] = [0, 0, span.start];
    while (stack.length) {
      const y = stack.pop()!;
      const x = stack.pop()!;
      const kind = stack.pop()!;
      if (kind === 1) {
        caps[x] = y;
        continue;
      }
      let pc = x;
      let pos = y;
      for (;;) {
        const key = pc * width + (pos - span.start);
        if (visited[key]) break;
        visited[key] = 1;
        const o2 = op[pc];
        if (o2 === OP_MATCH) {
          if (pos === span.end) {
            caps[0] = span.start;
            caps[1] = span.end;
            return caps;
          }
          break;
        }
        if (o2 === OP_SET) {
          if (pos < span.end && sets[pc]![s.charCodeAt(pos) & 0xff]) {
            pc++;
            pos++;
            continue;
          }
          break;
        }
        if (o2 === OP_JMP) {
          pc = a[pc];
          continue;
        }
        if (o2 === OP_SPLIT) {
          stack.push(0, b[pc], pos);
          pc = a[pc];
          continue;
        }
        if (o2 === OP_SAVE) {
          const slot = a[pc];
          if (slot < caps.length) {
            stack.push(1, slot, caps[slot]);
            caps[slot] = pos;
          }
          pc++;
          continue;
        }
        if (o2 === OP_ASSERT) {
          if (this.assert(a[pc], s, pos, end, o)) {
            pc++;
            continue;
          }
          break;
        }
        // MARK / CHECK: the visited set already cuts empty loops
        pc++;
      }
    }
    // cannot happen: the Pike VM proved a path exists
    return [span.start, span.end, ...new Array<number>(2 * this.nsub).fill(-1)];
  }

  // ---- back-references: exhaustive backtracking --------------------------------------------

  private backtrackSearch(s: string, from: number, o: MatchOptions, anchored: boolean): number[] | null {
    const end = o.end ?? s.length;
    let budget = BACKTRACK_BUDGET;
    for (let start = from; start <= end; start++) {
      const r = this.backtrackAt(s, start, end, o, () => --budget > 0);
      if (r) return r;
      if (anchored || budget <= 0) break;
    }
    return null;
  }

  private backtrackAt(
    s: string,
    start: number,
    end: number,
    o: MatchOptions,
    tick: () => boolean,
  ): number[] | null {
    const { op, a, b, sets, nregs } = this.prog;
    const caps = new Array<number>(2 * (this.nsub + 1)).fill(-1);
    const regs = new Array<number>(nregs).fill(-1);
    let best: number[] | null = null;
    // stack entries: [kind, x, y]: 0 = explore (pc,pos); 1 = restore caps[x]=y; 2 = restore regs[x]=y
    const stack: number[] = [0, 0, start];
    const fold = this.icase;
    while (stack.length) {
      const y = stack.pop()!;
      const x = stack.pop()!;
      const kind = stack.pop()!;
      if (kind === 1) {
        caps[x] = y;
        continue;
      }
      if (kind === 2) {
        regs[x] = y;
        continue;
      }
      let pc = x;
      let pos = y;
      for (;;) {
        if (!tick()) return best;
        const o2 = op[pc];
        if (o2 === OP_MATCH) {
          if (!best || pos > best[1]) {
            best = caps.slice();
            best[0] = start;
            best[1] = pos;
            if (pos === end) return best;
          }
          break;
        }
        if (o2 === OP_SET) {
          if (pos < end && sets[pc]![s.charCodeAt(pos) & 0xff]) {
            pc++;
            pos++;
            continue;
          }
          break;
        }
        if (o2 === OP_JMP) {
          pc = a[pc];
          continue;
        }
        if (o2 === OP_SPLIT) {
          stack.push(0, b[pc], pos);
          pc = a[pc];
          continue;
        }
        if (o2 === OP_SAVE) {
          const slot = a[pc];
          stack.push(1, slot, caps[slot]);
          caps[slot] = pos;
          pc++;
          continue;
        }
        if (o2 === OP_MARK) {
          stack.push(2, a[pc], regs[a[pc]]);
          regs[a[pc]] = pos;
          pc++;
          continue;
        }
        if (o2 === OP_CHECK) {
          if (regs[a[pc]] === pos) break;
          pc++;
          continue;
        }
        if (o2 === OP_ASSERT) {
          if (this.assert(a[pc], s, pos, end, o)) {
            pc++;
            continue;
          }
          break;
        }
        if (o2 === OP_BACKREF) {
          const gs = caps[2 * a[pc]];
          const ge = caps[2 * a[pc] + 1];
          if (gs < 0 || ge < 0) break;
          const len = ge - gs;
          if (pos + len > end) break;
          let ok = true;
          for (let i = 0; i < len; i++) {
            let c1 = s.charCodeAt(gs + i);
            let c2 = s.charCodeAt(pos + i);
            if (fold) {
              if (c1 >= 97 && c1 <= 122) c1 -= 32;
              if (c2 >= 97 && c2 <= 122) c2 -= 32;
            }
            if (c1 !== c2) {
              ok = false;
              break;
            }
          }
          if (!ok) break;
          pos += len;
          pc++;
          continue;
        }
        break;
      }
    }
    return best;
  }
}
