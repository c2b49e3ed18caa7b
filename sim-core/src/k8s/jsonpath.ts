/**
 * kubectl's JSONPath (k8s.io/client-go/util/jsonpath) as `-o jsonpath=…` runs it: text outside
 * braces is printed as is; `{.a.b}`, `{.items[*].x}`, `{.items[0]}`, slices, `['key']`,
 * `..name`, filters `[?(@.k=="v")]` (==, !=, <, >, <=, >=, and a bare `@.k` for existence),
 * `{range …}…{end}` and string literals (`{"\n"}`); several results are joined by spaces, maps
 * and lists print as JSON. Missing keys print nothing (kubectl sets AllowMissingKeys).
 */

export class JsonPathError extends Error {}

type V = unknown;

type Step =
  | { t: "field"; name: string }
  | { t: "recursive"; name: string }
  | { t: "index"; start?: number; end?: number; step?: number; all?: boolean; single?: number }
  | { t: "keys"; names: string[] }
  | { t: "filter"; path: Step[]; op?: string; value?: V };

type Node =
  | { t: "text"; s: string }
  | { t: "path"; steps: Step[]; root: boolean }
  | { t: "lit"; s: string }
  | { t: "range"; steps: Step[]; body: Node[] };

function parseSteps(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  if (src[0] === "@" || src[0] === "$") i = 1;
  while (i < src.length) {
    if (src.startsWith("..", i)) {
      i += 2;
      const m = /^[\w-]+/.exec(src.slice(i));
      if (!m) throw new JsonPathError(`unrecognized identifier ${src.slice(i)}`);
      steps.push({ t: "recursive", name: m[0] });
      i += m[0].length;
    } else if (src[i] === ".") {
      i++;
      const m = /^[^.[\s]+/.exec(src.slice(i));
      if (!m) continue;
      steps.push({ t: "field", name: m[0] });
      i += m[0].length;
    } else if (src[i] === "[") {
      let depth = 0;
      let j = i;
      let q: string | undefined;
      for (; j < src.length; j++) {
        const ch = src[j];
        if (q) {
          if (ch === q) q = undefined;
          continue;
        }
        if (ch === "'" || ch === '"') q = ch;
        else if (ch === "[") depth++;
        else if (ch === "]" && --depth === 0) break;
      }
      if (j >= src.length) throw new JsonPathError(`unterminated array`);
      const inner = src.slice(i + 1, j).trim();
      i = j + 1;
      if (inner === "*") steps.push({ t: "index", all: true });
      else if (inner.startsWith("?(") && inner.endsWith(")")) steps.push(parseFilter(inner.slice(2, -1)));
      else if (/^'.*'$|^".*"$/.test(inner) || inner.includes("',")) {
        steps.push({ t: "keys", names: inner.split(",").map((x) => x.trim().slice(1, -1)) });
      } else if (/^-?\d+$/.test(inner)) steps.push({ t: "index", single: Number(inner) });
      else if (/^-?\d*:-?\d*(:-?\d*)?$/.test(inner)) {
        const [a, b, c] = inner.split(":");
        steps.push({
          t: "index",
          start: a ? Number(a) : undefined,
          end: b ? Number(b) : undefined,
          step: c ? Number(c) : undefined,
        });
      } else throw new JsonPathError(`invalid array index ${inner}`);
    } else
      throw new JsonPathError(
        `unrecognized character in action: U+${src.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")} '${src[i]}'`,
      );
  }
  return steps;
}

function parseFilter(expr: string): Step {
  const m = /^\s*(@[^\s=!<>]*)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/.exec(expr);
  if (!m) return { t: "filter", path: parseSteps(expr.trim()) };
  let value: V = m[3];
  const s = m[3];
  if (/^".*"$|^'.*'$/.test(s)) value = s.slice(1, -1);
  else if (/^-?\d+(\.\d+)?$/.test(s)) value = Number(s);
  else if (s === "true" || s === "false") value = s === "true";
  return { t: "filter", path: parseSteps(m[1]), op: m[2], value };
}

function parse(src: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  const ranges: Extract<Node, { t: "range" }>[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{", i);
    if (open < 0) {
      stack[stack.length - 1].push({ t: "text", s: src.slice(i) });
      break;
    }
    if (open > i) stack[stack.length - 1].push({ t: "text", s: src.slice(i, open) });
    let j = open + 1;
    let q: string | undefined;
    for (; j < src.length; j++) {
      if (q) {
        if (src[j] === "\\") j++;
        else if (src[j] === q) q = undefined;
        continue;
      }
      if (src[j] === '"' || src[j] === "'") q = src[j];
      else if (src[j] === "}") break;
    }
    if (j >= src.length) throw new JsonPathError(`unclosed action`);
    const action = src.slice(open + 1, j).trim();
    i = j + 1;
    const cur = stack[stack.length - 1];
    if (action.startsWith('"') || action.startsWith("'")) {
      cur.push({ t: "lit", s: unescape(action.slice(1, -1)) });
    } else if (action.startsWith("range ")) {
      const r: Extract<Node, { t: "range" }> = {
        t: "range",
        steps: parseSteps(action.slice(6).trim()),
        body: [],
      };
      cur.push(r);
      ranges.push(r);
      stack.push(r.body);
    } else if (action === "end") {
      if (!ranges.length) throw new JsonPathError(`not in range, nothing to end`);
      ranges.pop();
      stack.pop();
    } else if (action === "") continue;
    else {
      const root2 = action.startsWith("$");
      cur.push({ t: "path", steps: parseSteps(action), root: root2 });
    }
  }
  return root;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c));
}

function isObj(v: V): v is Record<string, V> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function apply(values: V[], step: Step): V[] {
  const out: V[] = [];
  for (const v of values) {
    switch (step.t) {
      case "field":
        if (step.name === "*") {
          if (isObj(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
          else if (Array.isArray(v)) out.push(...v);
        } else if (isObj(v) && step.name in v && v[step.name] !== undefined) out.push(v[step.name]);
        break;
      case "keys":
        if (isObj(v)) for (const n of step.names) if (n in v) out.push(v[n]);
        break;
      case "recursive": {
        const walk = (x: V) => {
          if (isObj(x)) {
            if (step.name in x) out.push(x[step.name]);
            for (const k of Object.keys(x)) walk(x[k]);
          } else if (Array.isArray(x)) x.forEach(walk);
        };
        walk(v);
        break;
      }
      case "index": {
        if (!Array.isArray(v)) break;
        if (step.all) out.push(...v);
        else if (step.single !== undefined) {
          const i = step.single < 0 ? v.length + step.single : step.single;
          if (i < 0 || i >= v.length)
            throw new JsonPathError(`array index out of bounds: index ${step.single}, length ${v.length}`);
          out.push(v[i]);
        } else {
          const len = v.length;
          let a = step.start ?? 0;
          let b = step.end ?? len;
          if (a < 0) a += len;
          if (b < 0) b += len;
          const st = step.step ?? 1;
          for (let i = Math.max(0, a); i < Math.min(len, b); i += st) out.push(v[i]);
        }
        break;
      }
      case "filter": {
        const items = Array.isArray(v) ? v : isObj(v) ? Object.values(v) : [];
        for (const it of items) {
          const got = step.path.reduce<V[]>((acc, s) => apply(acc, s), [it]);
          if (!step.op) {
            if (got.length) out.push(it);
            continue;
          }
          const x = got[0];
          if (x === undefined) continue;
          const y = step.value;
          let ok = false;
          switch (step.op) {
            case "==":
              ok = x === y || String(x) === String(y);
              break;
            case "!=":
              ok = String(x) !== String(y);
              break;
            case "<":
              ok = (x as number) < (y as number);
              break;
            case ">":
              ok = (x as number) > (y as number);
              break;
            case "<=":
              ok = (x as number) <= (y as number);
              break;
            case ">=":
              ok = (x as number) >= (y as number);
              break;
          }
          if (ok) out.push(it);
        }
        break;
      }
    }
  }
  return out;
}

function print(v: V): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function exec(nodes: Node[], cur: V, root: V): string {
  let out = "";
  for (const n of nodes) {
    switch (n.t) {
      case "text":
      case "lit":
        out += n.s;
        break;
      case "path": {
        const vals = n.steps.reduce<V[]>((acc, s) => apply(acc, s), [n.root ? root : cur]);
        out += vals.map(print).join(" ");
        break;
      }
      case "range": {
        const vals = n.steps.reduce<V[]>((acc, s) => apply(acc, s), [cur]);
        for (const v of vals) out += exec(n.body, v, root);
        break;
      }
    }
  }
  return out;
}

export function jsonpath(template: string, data: V): string {
  return exec(parse(template), data, data);
}
