/**
 * Shell variables as bash keeps them: scalars, indexed arrays (sparse) and associative arrays,
 * with the export / readonly / integer attributes, and dynamic scoping (`local` makes a variable
 * in the innermost function scope; lookups walk from the innermost scope outwards).
 */
import { maxOf } from "../util/array";

export type Val =
  { t: "s"; v: string } | { t: "a"; v: Map<number, string> } | { t: "A"; v: Map<string, string> };

export interface Var {
  /** undefined: declared (`local x`, `declare -a x`) but unset. */
  val?: Val;
  exported: boolean;
  readonly: boolean;
  integer: boolean;
  /** The kind a declared-but-unset variable will take. */
  kind?: "a" | "A";
  lower?: boolean;
  upper?: boolean;
}

export class ReadonlyError {
  constructor(readonly name: string) {}
}

export class Vars {
  scopes: Map<string, Var>[] = [new Map()];

  clone(): Vars {
    const c = new Vars();
    c.scopes = this.scopes.map((m) => {
      const n = new Map<string, Var>();
      for (const [k, v] of m) n.set(k, { ...v, val: v.val ? cloneVal(v.val) : undefined });
      return n;
    });
    return c;
  }

  find(name: string): Var | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** The variable to assign to: the visible one, or a new global one. */
  private slot(name: string): Var {
    let v = this.find(name);
    if (!v) {
      v = { exported: false, readonly: false, integer: false };
      this.scopes[0].set(name, v);
    }
    return v;
  }

  isSet(name: string): boolean {
    return this.find(name)?.val !== undefined;
  }

  /** A scalar's value, or element 0 (key "0") of an array. */
  get(name: string): string | undefined {
    const v = this.find(name)?.val;
    if (!v) return undefined;
    if (v.t === "s") return v.v;
    if (v.t === "a") return v.v.get(0);
    return v.v.get("0");
  }

  getElement(name: string, key: string): string | undefined {
    const v = this.find(name)?.val;
    if (!v) return undefined;
    if (v.t === "s") return key === "0" ? v.v : undefined;
    if (v.t === "a") {
      let n = Number(key);
      if (n < 0) {
        n = maxOf(v.v.keys(), -1) + 1 + n;
      }
      return v.v.get(n);
    }
    return v.v.get(key);
  }

  /** All values of an array (in index order), or [value] for a scalar. */
  values(name: string): string[] {
    const v = this.find(name)?.val;
    if (!v) return [];
    if (v.t === "s") return [v.v];
    if (v.t === "a") return [...v.v.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    return [...v.v.values()];
  }

  keys(name: string): string[] {
    const v = this.find(name)?.val;
    if (!v) return [];
    if (v.t === "s") return ["0"];
    if (v.t === "a") return [...v.v.keys()].sort((a, b) => a - b).map(String);
    return [...v.v.keys()];
  }

  kindOf(name: string): "s" | "a" | "A" | undefined {
    const v = this.find(name);
    return v?.val?.t ?? v?.kind;
  }

  set(name: string, value: string, append = false): void {
    const v = this.slot(name);
    if (v.readonly) throw new ReadonlyError(name);
    value = this.transform(v, value);
    if (v.val?.t === "a") {
      const cur = v.val.v.get(0) ?? "";
      v.val.v.set(0, append ? cur + value : value);
    } else if (v.val?.t === "A") {
      const cur = v.val.v.get("0") ?? "";
      v.val.v.set("0", append ? cur + value : value);
    } else if (!v.val && v.kind === "a") v.val = { t: "a", v: new Map([[0, value]]) };
    else v.val = { t: "s", v: append && v.val ? v.val.v + value : value };
  }

  setElement(name: string, key: string, value: string, append = false): void {
    const v = this.slot(name);
    if (v.readonly) throw new ReadonlyError(name);
    value = this.transform(v, value);
    if (!v.val) v.val = v.kind === "A" ? { t: "A", v: new Map() } : { t: "a", v: new Map() };
    if (v.val.t === "s") v.val = { t: "a", v: new Map([[0, v.val.v]]) };
    if (v.val.t === "a") {
      let n = Number(key);
      if (n < 0) {
        n = maxOf(v.val.v.keys(), -1) + 1 + n;
      }
      v.val.v.set(n, append ? (v.val.v.get(n) ?? "") + value : value);
    } else v.val.v.set(key, append ? (v.val.v.get(key) ?? "") + value : value);
  }

  setArray(name: string, items: [string | undefined, string][], assoc: boolean, append = false): void {
    const v = this.slot(name);
    if (v.readonly) throw new ReadonlyError(name);
    if (assoc || v.kind === "A" || v.val?.t === "A") {
      const m = append && v.val?.t === "A" ? v.val.v : new Map<string, string>();
      for (const [k, val] of items) m.set(k ?? "0", this.transform(v, val));
      v.val = { t: "A", v: m };
      return;
    }
    const m = append && v.val?.t === "a" ? v.val.v : new Map<number, string>();
    if (append && v.val?.t === "s") m.set(0, v.val.v);
    let next = maxOf(m.keys(), -1) + 1;
    for (const [k, val] of items) {
      const n = k !== undefined ? Number(k) : next;
      m.set(n, this.transform(v, val));
      next = n + 1;
    }
    v.val = { t: "a", v: m };
  }

  private transform(v: Var, value: string): string {
    if (v.lower) return value.toLowerCase();
    if (v.upper) return value.toUpperCase();
    return value;
  }

  unset(name: string): boolean {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) {
        if (v.readonly) throw new ReadonlyError(name);
        this.scopes[i].delete(name);
        return true;
      }
    }
    return false;
  }

  unsetElement(name: string, key: string): void {
    const v = this.find(name);
    if (!v?.val) return;
    if (v.readonly) throw new ReadonlyError(name);
    if (v.val.t === "a") v.val.v.delete(Number(key));
    else if (v.val.t === "A") v.val.v.delete(key);
    else if (key === "0") v.val = undefined;
  }

  /** `local NAME`: a variable in the innermost function scope. */
  local(name: string): Var {
    const scope = this.scopes[this.scopes.length - 1];
    let v = scope.get(name);
    if (!v) {
      v = { exported: false, readonly: false, integer: false };
      scope.set(name, v);
    }
    return v;
  }

  attrs(name: string): Var {
    return this.slot(name);
  }

  /** Every visible variable name, sorted as bash lists them (C locale). */
  names(): string[] {
    const s = new Set<string>();
    for (const m of this.scopes) for (const [k, v] of m) if (v.val !== undefined || v.kind) s.add(k);
    return [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The environment passed to programs: exported scalars. */
  environ(): Map<string, string> {
    const out = new Map<string, string>();
    for (const name of this.names()) {
      const v = this.find(name)!;
      if (v.exported && v.val?.t === "s") out.set(name, v.val.v);
    }
    return out;
  }
}

function cloneVal(v: Val): Val {
  if (v.t === "s") return { ...v };
  if (v.t === "a") return { t: "a", v: new Map(v.v) };
  return { t: "A", v: new Map(v.v) };
}
