/**
 * iproute2's output machinery, ported from lib/json_print.c, lib/json_writer.c and lib/color.c
 * so that printers can follow the C code line by line: print_* with PRINT_FP / PRINT_JSON /
 * PRINT_ANY, json_writer's exact spacing (and -p pretty form), and color_fprintf's escape codes
 * (the light-background palette unless COLORFGBG says the background is dark).
 */
import { sprintf } from "../../util/printf";

export const PRINT_FP = 1;
export const PRINT_JSON = 2;
export const PRINT_ANY = 4;

export const Color = {
  IFNAME: 0,
  MAC: 1,
  INET: 2,
  INET6: 3,
  OPERSTATE_UP: 4,
  OPERSTATE_DOWN: 5,
  NONE: 6,
} as const;
export type Color = (typeof Color)[keyof typeof Color];

const LIGHT = ["\x1b[36m", "\x1b[33m", "\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[31m"];
const DARK = ["\x1b[1;36m", "\x1b[1;33m", "\x1b[1;35m", "\x1b[1;34m", "\x1b[1;32m", "\x1b[1;31m"];
const CLEAR = "\x1b[0m";

/** lib/json_writer.c */
class JsonWriter {
  depth = 0;
  sep = "";
  constructor(
    private readonly w: (s: string) => void,
    readonly pretty: boolean,
  ) {}

  private indent(): void {
    for (let i = 0; i < this.depth; i++) this.w("    ");
  }
  private eol(): void {
    if (!this.pretty) return;
    this.w("\n");
    this.indent();
  }
  private eor(): void {
    if (this.sep) this.w(this.sep);
    this.sep = ",";
  }
  puts(s: string): void {
    let o = '"';
    for (const c of s) {
      switch (c) {
        case "\t":
          o += "\\t";
          break;
        case "\n":
          o += "\\n";
          break;
        case "\r":
          o += "\\r";
          break;
        case "\f":
          o += "\\f";
          break;
        case "\b":
          o += "\\b";
          break;
        case "\\":
          o += "\\\\";
          break;
        case '"':
          o += '\\"';
          break;
        default:
          o += c;
      }
    }
    this.w(o + '"');
  }
  private begin(c: string): void {
    this.eor();
    this.w(c);
    this.depth++;
    this.sep = "";
  }
  private end(c: string): void {
    this.depth--;
    if (this.sep) this.eol();
    this.w(c);
    this.sep = ",";
  }
  name(n: string): void {
    this.eor();
    this.eol();
    this.sep = "";
    this.puts(n);
    this.w(":");
    if (this.pretty) this.w(" ");
  }
  raw(s: string): void {
    this.eor();
    this.w(s);
  }
  startObject(): void {
    this.begin("{");
  }
  endObject(): void {
    this.end("}");
  }
  startArray(): void {
    this.begin("[");
    if (this.pretty) this.w(" ");
  }
  endArray(): void {
    if (this.pretty && this.sep) this.w(" ");
    this.sep = "";
    this.end("]");
  }
  string(v: string): void {
    this.eor();
    this.puts(v);
  }
  destroy(): void {
    this.w("\n");
  }
}

export interface PrintOptions {
  json: boolean;
  pretty: boolean;
  color: boolean;
  darkBg?: boolean;
  oneline: boolean;
}

/** One output context (what `ip` keeps in globals). */
export class Out {
  text = "";
  private jw: JsonWriter | null = null;
  private arrayDepth: boolean[] = [];
  readonly SL: string;

  constructor(readonly opts: PrintOptions) {
    this.SL = opts.oneline ? "\\" : "\n";
  }

  isJson(): boolean {
    return this.jw !== null;
  }

  private jsonCtx(t: number): boolean {
    return this.jw !== null && (t & PRINT_JSON || t & PRINT_ANY) !== 0;
  }

  private fpCtx(t: number): boolean {
    return this.jw === null && (t & PRINT_FP || t & PRINT_ANY) !== 0;
  }

  /** Plain printf to stdout (fprintf/printf in the C code, not routed through json). */
  printf(fmt: string, ...args: unknown[]): void {
    this.text += args.length ? sprintf(fmt, ...args) : fmt;
  }

  colorPrintf(color: Color, fmt: string, ...args: unknown[]): void {
    const s = sprintf(fmt, ...args);
    if (!this.opts.color || color === Color.NONE) {
      this.text += s;
      return;
    }
    this.text += (this.opts.darkBg ? DARK : LIGHT)[color] + s + CLEAR;
  }

  /** new_json_obj(json) */
  newJsonObj(array = true): void {
    if (!this.opts.json) return;
    this.jw = new JsonWriter((s) => (this.text += s), this.opts.pretty);
    this.arrayDepth.push(array);
    if (array) this.jw.startArray();
  }

  deleteJsonObj(): void {
    if (!this.jw) return;
    if (this.arrayDepth.pop()) this.jw.endArray();
    this.jw.destroy();
    this.jw = null;
  }

  openObject(key?: string | null): void {
    if (!this.jw) return;
    if (key) this.jw.name(key);
    this.jw.startObject();
  }

  closeObject(): void {
    if (this.jw) this.jw.endObject();
  }

  openArray(t: number, str: string | null): void {
    if (this.jsonCtx(t)) {
      if (str) this.jw!.name(str);
      this.jw!.startArray();
    } else if (this.fpCtx(t)) this.text += str ?? "";
  }

  closeArray(t: number, str: string | null): void {
    if (this.jsonCtx(t)) this.jw!.endArray();
    else if (this.fpCtx(t)) this.text += str ?? "";
  }

  string(
    t: number,
    key: string | null,
    fmt: string | null,
    value: string | null,
    color: Color = Color.NONE,
  ): void {
    if (this.jsonCtx(t)) {
      if (key && value === null) this.jw!.name(key);
      else if (!key && value !== null) this.jw!.string(value);
      else {
        this.jw!.name(key!);
        this.jw!.string(value ?? "");
      }
    } else if (this.fpCtx(t) && fmt !== null) {
      this.colorPrintf(color, fmt, value ?? "");
    }
  }

  private num(
    t: number,
    key: string | null,
    fmt: string | null,
    value: number | bigint,
    color: Color = Color.NONE,
  ): void {
    if (this.jsonCtx(t)) {
      if (key) this.jw!.name(key);
      this.jw!.raw(String(value));
    } else if (this.fpCtx(t) && fmt !== null) {
      this.colorPrintf(color, fmt, typeof value === "bigint" ? Number(value) : value);
    }
  }

  int(t: number, key: string | null, fmt: string | null, value: number, color: Color = Color.NONE): void {
    this.num(t, key, fmt, value, color);
  }

  uint(t: number, key: string | null, fmt: string | null, value: number, color: Color = Color.NONE): void {
    this.num(t, key, fmt, value >>> 0 === value ? value : Math.max(0, value), color);
  }

  u64(t: number, key: string | null, fmt: string | null, value: number): void {
    this.num(t, key, fmt, value);
  }

  /** jsonw_name + jsonw_printf: a pre-formatted JSON value (e.g. "0.00" for a timer). */
  jsonRaw(key: string, text: string): void {
    if (!this.jw) return;
    this.jw.name(key);
    this.jw.raw(text);
  }

  bool(t: number, key: string | null, fmt: string | null, value: boolean): void {
    if (this.jsonCtx(t)) {
      if (key) this.jw!.name(key);
      this.jw!.raw(value ? "true" : "false");
    } else if (this.fpCtx(t) && fmt !== null) this.colorPrintf(Color.NONE, fmt, value ? "true" : "false");
  }

  onOff(t: number, key: string | null, fmt: string | null, value: boolean): void {
    if (this.jsonCtx(t)) {
      if (key) this.jw!.name(key);
      this.jw!.raw(value ? "true" : "false");
    } else if (this.fpCtx(t) && fmt !== null) this.colorPrintf(Color.NONE, fmt, value ? "on" : "off");
  }

  null(t: number, key: string | null, fmt: string | null, value: string | null): void {
    if (this.jsonCtx(t)) {
      if (key) this.jw!.name(key);
      this.jw!.raw("null");
    } else if (this.fpCtx(t) && fmt !== null) this.colorPrintf(Color.NONE, fmt, value ?? "");
  }

  hex(t: number, key: string | null, fmt: string, value: number): void {
    if (this.jsonCtx(t)) {
      const s = (value >>> 0).toString(16);
      if (key) {
        this.jw!.name(key);
        this.jw!.string(s);
      } else this.jw!.string(s);
    } else if (this.fpCtx(t)) this.colorPrintf(Color.NONE, fmt, value);
  }

  /** print_0xhex: JSON gets "%#llx" as a string. */
  hex0x(t: number, key: string | null, fmt: string, value: number): void {
    if (this.jsonCtx(t)) this.string(PRINT_JSON, key, null, sprintf("%#x", value));
    else if (this.fpCtx(t)) this.colorPrintf(Color.NONE, fmt, value);
  }

  /** print_nl(): the line separator, in text mode only. */
  nl(): void {
    if (!this.jw) this.text += this.SL;
  }
}
