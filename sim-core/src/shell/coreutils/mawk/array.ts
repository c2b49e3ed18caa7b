/**
 * mawk's associative arrays, a port of array.c: split arrays (1..n from split()), and dual
 * hash tables with integer lists and string lists (FNV-1a hashing, move-to-front on lookup,
 * doubling when the average list length passes 12). `for (k in A)` walks the string lists
 * bucket by bucket, so this port reproduces mawk's (seemingly random) iteration order.
 */
import { type Cell, dToI, MAX_INT, noinit, numToString, T } from "./value.js";

const STARTING_HMASK = 63;
const MAX_AVE_LIST_LENGTH = 12;
const NOT_AN_IVALUE = -MAX_INT - 1;
const AY_NULL = 0;
const AY_INT = 1;
const AY_STR = 2;
const AY_SPLIT = 4;

const limitOf = (hmask: number) => (hmask + 1) * MAX_AVE_LIST_LENGTH;

interface ANode {
  slink: ANode | null;
  ilink: ANode | null;
  sval: string | null;
  hval: number;
  ival: number;
  cell: Cell;
}

interface Dual {
  slink: ANode | null;
  ilink: ANode | null;
}

function fnv(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export class AwkArray {
  private type = AY_NULL;
  size = 0;
  private limit = 0;
  private hmask = 0;
  private table: Dual[] = [];
  private split: Cell[] = [];

  constructor(private readonly convfmt: () => string) {}

  private makeEmptyTable(type: number): void {
    this.type = type;
    this.hmask = STARTING_HMASK;
    this.limit = limitOf(STARTING_HMASK);
    this.table = Array.from({ length: STARTING_HMASK + 1 }, () => ({ slink: null, ilink: null }));
  }

  /** array_find: the cell for key `k`, created if asked. */
  find(k: Cell, create: boolean): Cell | null {
    if (this.size === 0 && !create) return null;
    let ap: ANode | null;
    switch (k.type) {
      case T.DOUBLE: {
        const d = k.d;
        const ival = dToI(d);
        if (ival === d) {
          if (this.type === AY_SPLIT) {
            if (ival >= 1 && ival <= this.size) return this.split[ival - 1];
            if (!create) return null;
            this.convertSplitToTable();
          } else if (this.type === AY_NULL) this.makeEmptyTable(AY_INT);
          ap = this.findByIval(ival, create);
        } else {
          ap = this.findBySval(numToString(d, this.convfmt()), create);
        }
        break;
      }
      case T.NOINIT:
        ap = this.findBySval("", create);
        break;
      default:
        ap = this.findBySval(k.s, create);
    }
    return ap ? ap.cell : null;
  }

  private findByIval(ival: number, create: boolean): ANode | null {
    let indx = ival & this.hmask;
    let p = this.table[indx].ilink;
    let q: ANode | null = null;
    for (;;) {
      if (!p) {
        if (this.type & AY_STR) {
          p = this.findBySval(String(ival), create);
          if (!p) return null;
        } else if (create) {
          p = { slink: null, ilink: null, sval: null, hval: 0, ival, cell: noinit() };
          if (++this.size > this.limit) {
            this.doubleTheHashTable();
            indx = this.hmask & ival;
          }
        } else return null;
        p.ival = ival;
        this.type |= AY_INT;
        break;
      } else if (p.ival === ival) {
        if (!q) return p;
        q.ilink = p.ilink;
        break;
      }
      q = p;
      p = q.ilink;
    }
    p.ilink = this.table[indx].ilink;
    this.table[indx].ilink = p;
    return p;
  }

  private findBySval(sval: string, create: boolean): ANode | null {
    const hval = fnv(sval);
    if (!(this.type & AY_STR)) this.addStringAssociations();
    let indx = hval & this.hmask;
    let p = this.table[indx].slink;
    let q: ANode | null = null;
    for (;;) {
      if (!p) {
        if (create) {
          p = { slink: null, ilink: null, sval, hval, ival: NOT_AN_IVALUE, cell: noinit() };
          if (++this.size > this.limit) {
            this.doubleTheHashTable();
            indx = hval & this.hmask;
          }
          break;
        }
        return null;
      } else if (p.hval === hval && p.sval === sval) {
        if (!q) return p;
        q.slink = p.slink;
        break;
      }
      q = p;
      p = q.slink;
    }
    p.slink = this.table[indx].slink;
    this.table[indx].slink = p;
    return p;
  }

  private addStringAssociations(): void {
    if (this.type === AY_NULL) {
      this.makeEmptyTable(AY_STR);
      return;
    }
    if (this.type === AY_SPLIT) this.convertSplitToTable();
    for (let i = 0; i <= this.hmask; i++) {
      let p = this.table[i].ilink;
      while (p) {
        p.sval = String(p.ival);
        p.hval = fnv(p.sval);
        const b = this.table[this.hmask & p.hval];
        p.slink = b.slink;
        b.slink = p;
        p = p.ilink;
      }
    }
    this.type |= AY_STR;
  }

  private convertSplitToTable(): void {
    const cells = this.split;
    this.hmask = STARTING_HMASK;
    this.limit = limitOf(STARTING_HMASK);
    while (this.size > this.limit) {
      this.hmask = this.hmask * 2 + 1;
      this.limit = limitOf(this.hmask);
    }
    this.table = Array.from({ length: this.hmask + 1 }, () => ({ slink: null, ilink: null }));
    for (let i = 0, j = 1; i < this.size; i++) {
      const p: ANode = {
        slink: null,
        ilink: this.table[j].ilink,
        sval: null,
        hval: 0,
        ival: i + 1,
        cell: cells[i],
      };
      this.table[j].ilink = p;
      j = (j + 1) & this.hmask;
    }
    this.type = AY_INT;
    this.split = [];
  }

  private doubleTheHashTable(): void {
    const oldHmask = this.hmask;
    const newHmask = oldHmask * 2 + 1;
    for (let i = 0; i <= oldHmask; i++) this.table.push({ slink: null, ilink: null });
    const t = this.table;
    if (this.type & AY_STR) {
      for (let i = 0, j = oldHmask + 1; i <= oldHmask; i++, j++) {
        const dummy0 = { slink: t[i].slink } as ANode;
        let q: ANode = dummy0;
        let p = q.slink;
        const dummy1 = { slink: null } as ANode;
        let tail: ANode = dummy1;
        while (p) {
          if ((p.hval & newHmask) >>> 0 !== i) {
            q.slink = p.slink;
            tail = tail.slink = p;
          } else q = p;
          p = q.slink;
        }
        t[i].slink = dummy0.slink;
        tail.slink = null;
        t[j].slink = dummy1.slink;
      }
    }
    if (this.type & AY_INT) {
      for (let i = 0, j = oldHmask + 1; i <= oldHmask; i++, j++) {
        const dummy0 = { ilink: t[i].ilink } as ANode;
        let q: ANode = dummy0;
        let p = q.ilink;
        const dummy1 = { ilink: null } as ANode;
        let tail: ANode = dummy1;
        while (p) {
          if ((p.ival & newHmask) !== i) {
            q.ilink = p.ilink;
            tail = tail.ilink = p;
          } else q = p;
          p = q.ilink;
        }
        t[i].ilink = dummy0.ilink;
        tail.ilink = null;
        t[j].ilink = dummy1.ilink;
      }
    }
    this.hmask = newHmask;
    this.limit = limitOf(newHmask);
  }

  /** array_delete */
  delete(k: Cell): void {
    if (this.size === 0) return;
    let ap: ANode | null;
    if (k.type === T.DOUBLE) {
      const d = k.d;
      const ival = dToI(d);
      if (ival === d) {
        if (this.type === AY_SPLIT) {
          if (ival >= 1 && ival <= this.size) this.convertSplitToTable();
          else return;
        }
        ap = this.findByIval(ival, false);
        if (ap) {
          const t = this.table;
          t[ap.ival & this.hmask].ilink = ap.ilink;
          if (ap.sval !== null) {
            const indx = ap.hval & this.hmask;
            let p = t[indx].slink;
            let q: ANode | null = null;
            while (p !== ap) {
              q = p;
              p = q!.slink;
            }
            if (q) q.slink = p!.slink;
            else t[indx].slink = p!.slink;
          }
          if (--this.size === 0) this.clear();
        }
        return;
      }
      ap = this.findBySval(numToString(d, this.convfmt()), false);
    } else if (k.type === T.NOINIT) ap = this.findBySval("", false);
    else ap = this.findBySval(k.s, false);
    if (ap) {
      const t = this.table;
      t[ap.hval & this.hmask].slink = ap.slink;
      if (ap.ival !== NOT_AN_IVALUE) {
        const indx = ap.ival & this.hmask;
        let p = t[indx].ilink;
        let q: ANode | null = null;
        while (p !== ap) {
          q = p;
          p = q!.ilink;
        }
        if (q) q.ilink = p!.ilink;
        else t[indx].ilink = p!.ilink;
      }
      if (--this.size === 0) this.clear();
    }
  }

  clear(): void {
    this.type = AY_NULL;
    this.size = 0;
    this.limit = 0;
    this.hmask = 0;
    this.table = [];
    this.split = [];
  }

  /** array_load: the result of split() */
  load(values: Cell[]): void {
    this.clear();
    this.type = AY_SPLIT;
    this.split = values;
    this.size = values.length;
    this.limit = (values.length & ~3) + 4;
  }

  /** array_loop_vector: the keys in mawk's order. */
  keys(): string[] {
    if (this.size === 0) return [];
    if (!(this.type & AY_STR)) this.addStringAssociations();
    const out: string[] = [];
    for (let i = 0; i <= this.hmask; i++) for (let p = this.table[i].slink; p; p = p.slink) out.push(p.sval!);
    return out;
  }
}
