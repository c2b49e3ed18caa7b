/**
 * Go's text/template, the subset `docker … --format` users write: `{{.A.B}}`, `{{json .X}}`,
 * `{{range}}`/`{{if}}`/`{{with}}`/`{{else}}`/`{{end}}`, variables, pipelines, parentheses, trim
 * markers, the builtins (and, or, not, len, index, print, printf, println, eq, ne, lt, le, gt, ge,
 * slice) and docker's own functions (json, join, split, title, lower, upper, pad, truncate).
 *
 * Values are JSON-like: plain objects are Go structs (an unknown field is an execution error,
 * as Go reports it), `Map`s are Go maps (a missing key is "<no value>"; ranged and printed in
 * key order), arrays are slices.
 */
import { goJson } from "./gojson";
import { bytesOf } from "../sockets/bytes";

export class TemplateError extends Error {}

type Value = unknown;

type Node =
  | { t: "text"; s: string }
  | { t: "action"; pipe: Pipe }
  | { t: "if" | "with"; pipe: Pipe; body: Node[]; else?: Node[] }
  | { t: "range"; pipe: Pipe; body: Node[]; else?: Node[] };

interface Pipe {
  decl: string[];
  cmds: Cmd[];
  assign?: boolean;
}
type Cmd = Arg[];
type Arg =
  | { t: "field"; base: "dot" | { var: string } | { paren: Pipe }; path: string[]; src: string }
  | { t: "str"; s: string }
  | { t: "num"; n: number }
  | { t: "bool"; b: boolean }
  | { t: "nil" }
  | { t: "ident"; name: string };

const FUNCS = new Set([
  "and",
  "or",
  "not",
  "len",
  "index",
  "print",
  "printf",
  "println",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
  "slice",
  "json",
  "join",
  "split",
  "title",
  "lower",
  "upper",
  "pad",
  "truncate",
  "html",
  "js",
  "urlquery",
]);

// ---------------------------------------------------------------- lexing and parsing

interface Tok {
  kind: "text" | "action";
  s: string;
  line: number;
}

function split(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = open < 0 ? src.slice(i) : src.slice(i, open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) toks.push({ kind: "text", s: text, line });
      break;
    }
    let inner = src.slice(open + 2);
    const trimLeft = /^- /.test(inner) || inner === "-" || /^-[\t\r\n]/.test(inner);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
    if (text) toks.push({ kind: "text", s: text, line });
    line += (src.slice(i, open).match(/\n/g) ?? []).length;
    // find the closing braces outside quotes
    let j = 0;
    let q: string | undefined;
    for (; j < inner.length; j++) {
      const ch = inner[j];
      if (q) {
        if (ch === "\\" && q === '"') j++;
        else if (ch === q) q = undefined;
        continue;
      }
      if (ch === '"' || ch === "`" || ch === "'") q = ch;
      else if (inner.startsWith("}}", j)) break;
    }
    if (j >= inner.length) throw new TemplateError(`template: :${line}: unclosed action`);
    let body = inner.slice(0, j);
    if (trimLeft) body = body.slice(1);
    if (/ -$/.test(body) || body === "-") {
      body = body.slice(0, -1);
      trimNext = true;
    }
    inner = inner.slice(j + 2);
    toks.push({ kind: "action", s: body.trim(), line });
    line += (body.match(/\n/g) ?? []).length;
    i = src.length - inner.length;
  }
  return toks;
}

function lexAction(s: string, line: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
      if (j >= s.length) throw new TemplateError(`template: :${line}: unterminated quoted string`);
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (ch === "`") {
      const j = s.indexOf("`", i + 1);
      if (j < 0) throw new TemplateError(`template: :${line}: unterminated raw quoted string`);
      out.push(s.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "|" || ch === ",") {
      out.push(ch);
      i++;
      continue;
    }
    if (s.startsWith(":=", i) || (ch === "=" && s[i - 1] !== ":")) {
      out.push(ch === "=" ? "=" : ":=");
      i += ch === "=" ? 1 : 2;
      continue;
    }
    let j = i;
    while (j < s.length && !/[\s()|,]/.test(s[j]) && !s.startsWith(":=", j)) j++;
    // a field chain may follow a closing parenthesis: (…).Field
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function parsePipe(words: string[], line: number): Pipe {
  let decl: string[] = [];
  let assign = false;
  const di = words.indexOf(":=");
  const ai = words.indexOf("=");
  const at = di >= 0 ? di : ai;
  if (at > 0 && words.slice(0, at).every((w) => w.startsWith("$") || w === ",")) {
    decl = words.slice(0, at).filter((w) => w !== ",");
    assign = di < 0;
    words = words.slice(at + 1);
  }
  const cmds: Cmd[] = [];
  let cur: Arg[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "|") {
      if (!cur.length) throw new TemplateError(`template: :${line}: missing command`);
      cmds.push(cur);
      cur = [];
      continue;
    }
    if (w === "(") {
      let depth = 1;
      let j = i + 1;
      for (; j < words.length; j++) {
        if (words[j] === "(") depth++;
        else if (words[j] === ")" && --depth === 0) break;
      }
      if (j >= words.length) throw new TemplateError(`template: :${line}: unclosed left paren`);
      const inner = parsePipe(words.slice(i + 1, j), line);
      let path: string[] = [];
      if (words[j + 1]?.startsWith(".")) {
        path = words[j + 1].split(".").slice(1);
        j++;
      }
      cur.push({ t: "field", base: { paren: inner }, path, src: "(...)" });
      i = j;
      continue;
    }
    if (w === ")") throw new TemplateError(`template: :${line}: unexpected right paren`);
    cur.push(parseArg(w, line));
  }
  if (cur.length) cmds.push(cur);
  if (!cmds.length) throw new TemplateError(`template: :${line}: missing value for command`);
  return { decl, cmds, assign };
}

function parseArg(w: string, line: number): Arg {
  if (w === ".") return { t: "field", base: "dot", path: [], src: w };
  if (w.startsWith(".")) return { t: "field", base: "dot", path: w.split(".").slice(1), src: w };
  if (w.startsWith("$")) {
    const [v, ...path] = w.split(".");
    return { t: "field", base: { var: v }, path, src: w };
  }
  if (w.startsWith('"')) return { t: "str", s: JSON.parse(w) as string };
  if (w.startsWith("`")) return { t: "str", s: w.slice(1, -1) };
  if (w === "true" || w === "false") return { t: "bool", b: w === "true" };
  if (w === "nil") return { t: "nil" };
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(w) || /^0x[0-9a-fA-F]+$/.test(w))
    return { t: "num", n: Number(w) };
  if (/^'.'$/.test(w)) return { t: "num", n: w.charCodeAt(1) };
  if (/^[A-Za-z_]\w*$/.test(w)) {
    if (!FUNCS.has(w)) throw new TemplateError(`template: :${line}: function "${w}" not defined`);
    return { t: "ident", name: w };
  }
  throw new TemplateError(`template: :${line}: unexpected "${w}" in command`);
}

function parse(src: string): Node[] {
  const toks = split(src);
  let pos = 0;
  const block = (inside?: string): { nodes: Node[]; end: "end" | "else" | "eof"; elseWords?: string[] } => {
    const nodes: Node[] = [];
    while (pos < toks.length) {
      const tk = toks[pos++];
      if (tk.kind === "text") {
        nodes.push({ t: "text", s: tk.s });
        continue;
      }
      if (tk.s.startsWith("/*")) continue;
      const words = lexAction(tk.s, tk.line);
      if (!words.length) throw new TemplateError(`template: :${tk.line}: missing value for command`);
      const kw = words[0];
      if (kw === "end") {
        if (!inside) throw new TemplateError(`template: :${tk.line}: unexpected {{end}}`);
        return { nodes, end: "end" };
      }
      if (kw === "else") {
        if (!inside) throw new TemplateError(`template: :${tk.line}: unexpected {{else}}`);
        return { nodes, end: "else", elseWords: words.slice(1) };
      }
      if (kw === "if" || kw === "with" || kw === "range") {
        nodes.push(control(kw, words.slice(1), tk.line));
        continue;
      }
      if (kw === "define" || kw === "template" || kw === "block")
        throw new TemplateError(`template: :${tk.line}: {{${kw}}} is not supported`);
      nodes.push({ t: "action", pipe: parsePipe(words, tk.line) });
    }
    if (inside) throw new TemplateError(`template: :${toks[toks.length - 1]?.line ?? 1}: unexpected EOF`);
    return { nodes, end: "eof" };
  };
  const control = (kw: "if" | "with" | "range", words: string[], line: number): Node => {
    const pipe = parsePipe(words, line);
    const body = block(kw);
    let elseNodes: Node[] | undefined;
    if (body.end === "else") {
      if (
        body.elseWords &&
        body.elseWords.length &&
        (body.elseWords[0] === "if" || body.elseWords[0] === "with")
      ) {
        // {{else if …}} nests an if in the else branch sharing the {{end}}
        elseNodes = [control(body.elseWords[0] as "if" | "with", body.elseWords.slice(1), line)];
      } else {
        const e = block(kw);
        if (e.end === "else") throw new TemplateError(`template: :${line}: expected end; found {{else}}`);
        elseNodes = e.nodes;
      }
    }
    return { t: kw, pipe, body: body.nodes, else: elseNodes };
  };
  return block().nodes;
}

// ---------------------------------------------------------------- execution

const NO_VALUE = Symbol("no value");

interface State {
  vars: Map<string, Value>[];
  out: string;
}

export function isTruthy(v: Value): boolean {
  if (v === undefined || v === null || v === NO_VALUE) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

/** fmt's %v of a value, as text/template prints it. */
export function goPrint(v: Value): string {
  if (v === NO_VALUE) return "<no value>";
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(" ")}]`;
  if (v instanceof Map)
    return `map[${[...v.keys()]
      .sort()
      .map((k) => `${k}:${goPrint(v.get(k))}`)
      .join(" ")}]`;
  if (typeof v === "object")
    return `{${Object.values(v as object)
      .map(goPrint)
      .join(" ")}}`;
  return String(v);
}

function field(v: Value, name: string, src: string): Value {
  if (v instanceof Map) return v.has(name) ? v.get(name) : NO_VALUE;
  if (v === undefined || v === null || v === NO_VALUE)
    throw new TemplateError(
      `template: :1:2: executing "" at <${src}>: nil pointer evaluating interface {}.${name}`,
    );
  if (typeof v === "object" && !Array.isArray(v)) {
    if (name in (v as object)) return (v as Record<string, Value>)[name];
    throw new TemplateError(
      `template: :1:2: executing "" at <${src}>: can't evaluate field ${name} in type ${typeName(v)}`,
    );
  }
  throw new TemplateError(
    `template: :1:2: executing "" at <${src}>: can't evaluate field ${name} in type ${typeName(v)}`,
  );
}

function typeName(v: Value): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof Map) return "map[string]interface {}";
  const tn = (v as { [TYPE]?: string })[TYPE];
  return tn ?? "struct";
}

/** A struct's Go type name, for error messages (`*types.ContainerJSON`). */
export const TYPE = Symbol("go type");

function evalArg(a: Arg, dot: Value, st: State): Value {
  switch (a.t) {
    case "str":
      return a.s;
    case "num":
      return a.n;
    case "bool":
      return a.b;
    case "nil":
      return null;
    case "ident":
      return callFunc(a.name, [], st);
    case "field": {
      let v: Value;
      if (a.base === "dot") v = dot;
      else if ("var" in a.base) {
        const name = a.base.var;
        let found = false;
        for (let i = st.vars.length - 1; i >= 0; i--)
          if (st.vars[i].has(name)) {
            v = st.vars[i].get(name);
            found = true;
            break;
          }
        if (!found) throw new TemplateError(`template: :1: undefined variable "${name}"`);
      } else v = evalPipe(a.base.paren, dot, st);
      for (const p of a.path) v = field(v, p, a.src);
      return v;
    }
  }
}

function evalCmd(cmd: Cmd, dot: Value, st: State, prev: Value | typeof NONE): Value {
  const head = cmd[0];
  if (head.t === "ident") {
    const args = cmd.slice(1).map((a) => evalArg(a, dot, st));
    if (prev !== NONE) args.push(prev);
    return callFunc(head.name, args, st);
  }
  if (cmd.length > 1 || prev !== NONE)
    throw new TemplateError(`template: :1: can't give argument to non-function ${describe(head)}`);
  return evalArg(head, dot, st);
}

function describe(a: Arg): string {
  return a.t === "field" ? a.src : a.t === "str" ? JSON.stringify(a.s) : a.t;
}

const NONE = Symbol("none");

function evalPipe(p: Pipe, dot: Value, st: State): Value {
  let v: Value | typeof NONE = NONE;
  for (const c of p.cmds) v = evalCmd(c, dot, st, v);
  if (p.decl.length) {
    const scope = st.vars[st.vars.length - 1];
    if (p.assign) {
      for (let i = st.vars.length - 1; i >= 0; i--)
        if (st.vars[i].has(p.decl[0])) {
          st.vars[i].set(p.decl[0], v);
          break;
        }
    } else scope.set(p.decl[p.decl.length - 1], v);
  }
  return v;
}

function length(v: Value): number {
  if (typeof v === "string") return bytesOf(v).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  throw new TemplateError(`template: :1: error calling len: len of type ${typeName(v)}`);
}

function compare(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  throw new TemplateError(`template: :1: error calling lt: incompatible types for comparison`);
}

function callFunc(name: string, args: Value[], st: State): Value {
  void st;
  switch (name) {
    case "and":
      for (const a of args) if (!isTruthy(a)) return a;
      return args[args.length - 1];
    case "or":
      for (const a of args) if (isTruthy(a)) return a;
      return args[args.length - 1];
    case "not":
      return !isTruthy(args[0]);
    case "len":
      return length(args[0]);
    case "index": {
      let v = args[0];
      for (const k of args.slice(1)) {
        if (v instanceof Map) v = v.has(String(k)) ? v.get(String(k)) : NO_VALUE;
        else if (Array.isArray(v)) {
          const i = Number(k);
          if (i < 0 || i >= v.length)
            throw new TemplateError(`template: :1: error calling index: index out of range: ${i}`);
          v = v[i];
        } else if (v && typeof v === "object") v = (v as Record<string, Value>)[String(k)] ?? NO_VALUE;
        else
          throw new TemplateError(
            `template: :1: error calling index: can't index item of type ${typeName(v)}`,
          );
      }
      return v;
    }
    case "print":
      return args.map(goPrint).join("");
    case "println":
      return args.map(goPrint).join(" ") + "\n";
    case "printf":
      return goSprintf(String(args[0] ?? ""), args.slice(1));
    case "eq":
      return args.slice(1).some((b) => b === args[0]);
    case "ne":
      return args[0] !== args[1];
    case "lt":
      return compare(args[0], args[1]) < 0;
    case "le":
      return compare(args[0], args[1]) <= 0;
    case "gt":
      return compare(args[0], args[1]) > 0;
    case "ge":
      return compare(args[0], args[1]) >= 0;
    case "slice": {
      const v = args[0];
      const a = Number(args[1] ?? 0);
      if (typeof v === "string") return v.slice(a, args[2] === undefined ? undefined : Number(args[2]));
      if (Array.isArray(v)) return v.slice(a, args[2] === undefined ? undefined : Number(args[2]));
      throw new TemplateError(`template: :1: error calling slice: can't slice item of type ${typeName(v)}`);
    }
    case "json":
      return goJson(args[0] === NO_VALUE ? null : args[0]) + "\n";
    case "join": {
      const v = args[0];
      if (!Array.isArray(v)) throw new TemplateError(`template: :1: wrong type for value; expected []string`);
      return v.map(goPrint).join(String(args[1]));
    }
    case "split":
      return String(args[0]).split(String(args[1]));
    case "title":
      return String(args[0]).replace(/\b\w/g, (c) => c.toUpperCase());
    case "lower":
      return String(args[0]).toLowerCase();
    case "upper":
      return String(args[0]).toUpperCase();
    case "pad": {
      const s = goPrint(args[0]);
      if (!s) return s;
      return " ".repeat(Number(args[1])) + s + " ".repeat(Number(args[2]));
    }
    case "truncate": {
      const s = goPrint(args[0]);
      const n = Number(args[1]);
      return [...s].length > n ? [...s].slice(0, n).join("") : s;
    }
    case "html":
    case "js":
    case "urlquery":
      return args.map(goPrint).join("");
  }
  throw new TemplateError(`template: :1: function "${name}" not defined`);
}

/** fmt.Sprintf for the verbs templates use (%s %d %v %q %x %%, widths). */
export function goSprintf(fmt: string, args: Value[]): string {
  let k = 0;
  return fmt.replace(
    /%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdvqxXt%])/g,
    (_m, flags: string, w: string, prec: string, verb: string) => {
      if (verb === "%") return "%";
      const a = args[k++];
      let s: string;
      switch (verb) {
        case "d":
          s = typeof a === "number" ? String(Math.trunc(a)) : `%!d(${typeName(a)}=${goPrint(a)})`;
          break;
        case "q":
          s = JSON.stringify(goPrint(a));
          break;
        case "x":
        case "X":
          s =
            typeof a === "number"
              ? a.toString(16)
              : [...bytesOf(goPrint(a))].map((b) => b.toString(16).padStart(2, "0")).join("");
          if (verb === "X") s = s.toUpperCase();
          break;
        default:
          s = a === undefined ? "%!" + verb + "(MISSING)" : goPrint(a);
      }
      if (prec && verb === "s") s = s.slice(0, Number(prec));
      const width = Number(w || 0);
      if (s.length < width)
        s = flags.includes("-") ? s.padEnd(width) : s.padStart(width, flags.includes("0") ? "0" : " ");
      return s;
    },
  );
}

function exec(nodes: Node[], dot: Value, st: State): void {
  for (const n of nodes) {
    switch (n.t) {
      case "text":
        st.out += n.s;
        break;
      case "action": {
        const v = evalPipe(n.pipe, dot, st);
        if (!n.pipe.decl.length) st.out += goPrint(v);
        break;
      }
      case "if":
      case "with": {
        st.vars.push(new Map());
        const v = evalPipe(n.pipe, dot, st);
        if (isTruthy(v)) exec(n.body, n.t === "with" ? v : dot, st);
        else if (n.else) exec(n.else, dot, st);
        st.vars.pop();
        break;
      }
      case "range": {
        st.vars.push(new Map());
        const decl = n.pipe.decl;
        const v = evalPipe({ ...n.pipe, decl: [] }, dot, st);
        const items: [Value, Value][] = [];
        if (Array.isArray(v)) v.forEach((x, i) => items.push([i, x]));
        else if (v instanceof Map) for (const key of [...v.keys()].sort()) items.push([key, v.get(key)]);
        else if (typeof v === "number") for (let i = 0; i < v; i++) items.push([i, i]);
        else if (v !== null && v !== undefined && v !== NO_VALUE)
          throw new TemplateError(`template: :1: range can't iterate over ${goPrint(v)}`);
        if (!items.length) {
          if (n.else) exec(n.else, dot, st);
        } else
          for (const [key, x] of items) {
            const scope = st.vars[st.vars.length - 1];
            if (decl.length === 1) scope.set(decl[0], x);
            else if (decl.length === 2) {
              scope.set(decl[0], key);
              scope.set(decl[1], x);
            }
            exec(n.body, x, st);
          }
        st.vars.pop();
        break;
      }
    }
  }
}

/** A parsed template; `execute` throws TemplateError with Go's message on failure. */
export class GoTemplate {
  private readonly nodes: Node[];
  constructor(readonly src: string) {
    this.nodes = parse(src);
  }
  execute(dot: Value): string {
    const st: State = { vars: [new Map([["$", dot]])], out: "" };
    exec(this.nodes, dot, st);
    return st.out;
  }
}
