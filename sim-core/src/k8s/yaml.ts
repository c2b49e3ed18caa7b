/**
 * YAML as kubectl reads and writes it. Reading: block mappings and sequences (a sequence may sit
 * at its key's indentation), plain/single/double-quoted scalars with YAML 1.1 core types, flow
 * collections, literal and folded block scalars, comments, `---` documents. Writing: the
 * go-yaml v2 layout sigs.k8s.io/yaml produces (keys sorted, sequences not indented under their
 * key, strings that would read back as another type double-quoted, strings starting with an
 * indicator single-quoted, multi-line strings as `|` blocks).
 */

export class YamlError extends Error {}

type Y = unknown;

interface Line {
  indent: number;
  text: string;
  no: number;
}

function stripComment(s: string): string {
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === q) {
        if (q === "'" && s[i + 1] === "'") i++;
        else q = undefined;
      } else if (ch === "\\" && q === '"') i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s:[{,-]/.test(s[i - 1]))) q = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).replace(/\s+$/, "");
  }
  return s.replace(/\s+$/, "");
}

export function parseScalar(raw: string): Y {
  const s = raw.trim();
  if (s === "" || s === "~" || s === "null" || s === "Null" || s === "NULL") return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (/^[-+]?\d+$/.test(s)) return Number(s);
  if (/^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s, 16);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (s.startsWith('"')) {
    if (!s.endsWith('"') || s.length < 2) throw new YamlError(`found unexpected end of stream`);
    return JSON.parse(s.replace(/\\'/g, "'").replace(/\t/g, "\\t"));
  }
  if (s.startsWith("'")) {
    if (!s.endsWith("'") || s.length < 2) throw new YamlError(`found unexpected end of stream`);
    return s.slice(1, -1).replace(/''/g, "'");
  }
  if (s.startsWith("[") || s.startsWith("{")) return parseFlow(s);
  return s;
}

function parseFlow(s: string): Y {
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const value = (): Y => {
    ws();
    if (s[i] === "[") {
      i++;
      const out: Y[] = [];
      ws();
      if (s[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "]") {
          i++;
          return out;
        }
        throw new YamlError("did not find expected ',' or ']'");
      }
    }
    if (s[i] === "{") {
      i++;
      const out: Record<string, Y> = {};
      ws();
      if (s[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = atom(":");
        if (s[i] !== ":") throw new YamlError("did not find expected ':'");
        i++;
        out[String(k)] = value();
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "}") {
          i++;
          return out;
        }
        throw new YamlError("did not find expected ',' or '}'");
      }
    }
    return atom("");
  };
  const atom = (extra: string): Y => {
    ws();
    const start = i;
    if (s[i] === '"' || s[i] === "'") {
      const q = s[i++];
      while (i < s.length && s[i] !== q) i += s[i] === "\\" && q === '"' ? 2 : 1;
      i++;
      return parseScalar(s.slice(start, i));
    }
    while (
      i < s.length &&
      !",]}".includes(s[i]) &&
      !(extra && s[i] === ":" && (s[i + 1] === " " || s[i + 1] === undefined))
    )
      i++;
    return parseScalar(s.slice(start, i));
  };
  const v = value();
  ws();
  if (i < s.length) throw new YamlError(`did not find expected node content`);
  return v;
}

/** Splits "key: value" (the key may be quoted); undefined when the line is not a mapping entry. */
function splitKey(text: string): [string, string] | undefined {
  let i = 0;
  if (text[0] === '"' || text[0] === "'") {
    const q = text[0];
    i = 1;
    while (i < text.length && text[i] !== q) i += text[i] === "\\" && q === '"' ? 2 : 1;
    i++;
    if (text[i] !== ":") return undefined;
    const k = parseScalar(text.slice(0, i));
    return [String(k), text.slice(i + 1)];
  }
  if (text.startsWith("[") || text.startsWith("{")) return undefined;
  for (; i < text.length; i++) {
    if (text[i] === ":" && (i + 1 === text.length || text[i + 1] === " " || text[i + 1] === "\t"))
      return [text.slice(0, i).trim(), text.slice(i + 1)];
  }
  return undefined;
}

class Parser {
  private pos = 0;
  constructor(private readonly lines: Line[]) {}

  parse(): Y {
    if (!this.lines.length) return null;
    const v = this.node(this.lines[0].indent);
    if (this.pos < this.lines.length)
      throw new YamlError(`line ${this.lines[this.pos].no}: did not find expected key`);
    return v;
  }

  private node(indent: number): Y {
    const l = this.lines[this.pos];
    if (!l || l.indent < indent) return null;
    if (l.text === "-" || l.text.startsWith("- ")) return this.seq(l.indent);
    if (splitKey(l.text)) return this.map(l.indent);
    this.pos++;
    return parseScalar(l.text);
  }

  private seq(indent: number): Y[] {
    const out: Y[] = [];
    for (;;) {
      const l = this.lines[this.pos];
      if (!l || l.indent !== indent || !(l.text === "-" || l.text.startsWith("- "))) break;
      const rest = l.text === "-" ? "" : l.text.slice(2);
      const sub = rest.replace(/^\s+/, "");
      const subIndent = indent + 2 + (rest.length - sub.length);
      if (!sub) {
        this.pos++;
        const next = this.lines[this.pos];
        out.push(next && next.indent > indent ? this.node(next.indent) : null);
        continue;
      }
      // "- key: v" opens a mapping on this line; "- - x" a nested sequence
      this.lines[this.pos] = { indent: subIndent, text: sub, no: l.no };
      if (sub === "-" || sub.startsWith("- ")) out.push(this.seq(subIndent));
      else if (splitKey(sub)) out.push(this.map(subIndent));
      else if (sub === "|" || sub === "|-" || sub === ">" || sub === ">-") {
        out.push(this.block(sub, indent));
      } else {
        this.pos++;
        out.push(parseScalar(sub));
      }
    }
    return out;
  }

  private block(style: string, parentIndent: number): string {
    this.pos++;
    const lines: string[] = [];
    let ind = -1;
    while (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.text !== "" && l.indent <= parentIndent) break;
      if (ind < 0 && l.text !== "") ind = l.indent;
      lines.push(l.text === "" ? "" : " ".repeat(Math.max(0, l.indent - ind)) + l.text);
      this.pos++;
    }
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    let text = style.startsWith(">") ? lines.join(" ").replace(/ ?\n ?/g, "\n") : lines.join("\n");
    if (!style.endsWith("-")) text += "\n";
    return text;
  }

  private map(indent: number): Record<string, Y> {
    const out: Record<string, Y> = {};
    for (;;) {
      const l = this.lines[this.pos];
      if (!l || l.indent !== indent) {
        if (l && l.indent > indent)
          throw new YamlError(`line ${l.no}: mapping values are not allowed in this context`);
        break;
      }
      const kv = splitKey(l.text);
      if (!kv) throw new YamlError(`line ${l.no}: could not find expected ':'`);
      const [k, rawV] = kv;
      const v = rawV.trim();
      if (v === "|" || v === "|-" || v === ">" || v === ">-" || v === "|+") {
        out[k] = this.block(v, indent);
        continue;
      }
      this.pos++;
      if (v !== "") {
        out[k] = parseScalar(v);
        continue;
      }
      const next = this.lines[this.pos];
      if (
        next &&
        (next.indent > indent ||
          (next.indent === indent && (next.text === "-" || next.text.startsWith("- "))))
      )
        out[k] = this.node(next.indent);
      else out[k] = null;
    }
    return out;
  }
}

/** Parses a stream of documents. */
export function parseYamlAll(src: string): Y[] {
  const docs: Line[][] = [[]];
  const raw = src.replace(/\r\n/g, "\n").split("\n");
  let inBlock = -1;
  raw.forEach((line, idx) => {
    if (/^---(\s|$)/.test(line)) {
      docs.push([]);
      inBlock = -1;
      return;
    }
    if (/^\.\.\.\s*$/.test(line)) return;
    const indent = line.length - line.replace(/^ +/, "").length;
    if (line.includes("\t") && /^\s*\t/.test(line))
      throw new YamlError(`line ${idx + 1}: found character that cannot start any token`);
    // inside a block scalar, lines are kept as they are (comments included)
    if (inBlock >= 0 && (line.trim() === "" || indent > inBlock)) {
      docs[docs.length - 1].push({ indent, text: line.trim() === "" ? "" : line.slice(indent), no: idx + 1 });
      return;
    }
    inBlock = -1;
    const text = stripComment(line.slice(indent));
    if (!text) return;
    docs[docs.length - 1].push({ indent, text, no: idx + 1 });
    if (/(^|:\s|-\s)[|>][-+]?$/.test(text)) inBlock = indent;
  });
  return docs.filter((d) => d.length).map((d) => new Parser(d).parse());
}

export function parseYaml(src: string): Y {
  return parseYamlAll(src)[0] ?? null;
}

// ---------------------------------------------------------------- writing

/** Characters YAML cannot print plainly (C0 controls but tab and newline, DEL). */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10) || c === 0x7f) return true;
  }
  return false;
}

function needsDouble(s: string): boolean {
  if (s === "") return true;
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s)) return true;
  if (/^[-+]?(\d[\d_]*|\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?$/.test(s)) return true;
  if (/^0x[0-9a-fA-F]+$/.test(s) || /^0o?[0-7]+$/.test(s)) return true;
  // a YAML 1.1 timestamp would read back as a time
  if (/^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(s)) return true;
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s)) return true;
  return hasControl(s);
}

function needsSingle(s: string): boolean {
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) && !/^-[^\s]/.test(s) && !/^:[^\s]/.test(s)) return true;
  if (/^-$/.test(s) || /^- /.test(s)) return true;
  if (/: |:$| #|^\s|\s$/.test(s)) return true;
  return false;
}

function scalar(v: Y): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return String(v);
  const s = String(v);
  if (needsDouble(s)) return JSON.stringify(s);
  if (needsSingle(s)) return `'${s.replace(/'/g, "''")}'`;
  return s;
}

function keys(o: Record<string, Y>): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function emit(v: Y, indent: number, out: string[]): void {
  const pad = " ".repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v) {
      if (
        item &&
        typeof item === "object" &&
        !Array.isArray(item) &&
        keys(item as Record<string, Y>).length
      ) {
        const sub: string[] = [];
        emit(item, indent + 2, sub);
        sub[0] = pad + "- " + sub[0].slice(indent + 2);
        out.push(...sub);
      } else if (Array.isArray(item) && item.length) {
        const sub: string[] = [];
        emit(item, indent + 2, sub);
        sub[0] = pad + "- " + sub[0].slice(indent + 2);
        out.push(...sub);
      } else out.push(pad + "- " + inline(item, indent + 2));
    }
    return;
  }
  const o = v as Record<string, Y>;
  for (const k of keys(o)) {
    const x = o[k];
    const key = scalar(k);
    if (Array.isArray(x) && x.length) {
      out.push(`${pad}${key}:`);
      emit(x, indent, out);
    } else if (x && typeof x === "object" && !Array.isArray(x) && keys(x as Record<string, Y>).length) {
      out.push(`${pad}${key}:`);
      emit(x, indent + 2, out);
    } else out.push(`${pad}${key}: ${inline(x, indent + 2)}`);
  }
}

function inline(v: Y, indent: number): string {
  if (Array.isArray(v)) return "[]";
  if (v && typeof v === "object") return "{}";
  if (typeof v === "string" && v.includes("\n") && !hasControl(v.replace(/\n/g, ""))) {
    const trailing = v.endsWith("\n");
    const body = (trailing ? v.slice(0, -1) : v).split("\n");
    if (body.some((l) => /\s$/.test(l))) return JSON.stringify(v);
    return (trailing ? "|" : "|-") + "\n" + body.map((l) => (l ? " ".repeat(indent) + l : "")).join("\n");
  }
  return scalar(v);
}

/** sigs.k8s.io/yaml.Marshal */
export function toYaml(v: Y): string {
  const out: string[] = [];
  if (v === null || typeof v !== "object") return scalar(v) + "\n";
  emit(v, 0, out);
  return out.join("\n") + "\n";
}
