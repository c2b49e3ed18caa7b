/**
 * Go's encoding/json as docker and kubectl print with it: struct fields in declaration order
 * (plain objects), map keys sorted (`Map`s), `<`, `>` and `&` escaped as \u003c \u003e \u0026
 * (HTMLEscape is on by default), nil as `null`, and MarshalIndent's layout (empty arrays and
 * objects stay `[]` / `{}`).
 */

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029)
      out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

function entries(v: object): [string, unknown][] {
  if (v instanceof Map)
    return [...v.entries()]
      .map(([k, x]) => [String(k), x] as [string, unknown])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.entries(v).filter(([, x]) => x !== undefined);
}

function enc(v: unknown, indent: string | undefined, depth: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  const nl = indent === undefined ? "" : "\n" + indent.repeat(depth + 1);
  const end = indent === undefined ? "" : "\n" + indent.repeat(depth);
  const colon = indent === undefined ? ":" : ": ";
  if (Array.isArray(v)) {
    if (!v.length) return "[]";
    return "[" + v.map((x) => nl + enc(x, indent, depth + 1)).join(",") + end + "]";
  }
  if (typeof v === "object") {
    const es = entries(v);
    if (!es.length) return "{}";
    return "{" + es.map(([k, x]) => nl + quote(k) + colon + enc(x, indent, depth + 1)).join(",") + end + "}";
  }
  return "null";
}

/** json.Marshal */
export function goJson(v: unknown): string {
  return enc(v, undefined, 0);
}

/** json.MarshalIndent(v, "", indent) */
export function goJsonIndent(v: unknown, indent = "    "): string {
  return enc(v, indent, 0);
}
