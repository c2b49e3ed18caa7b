/**
 * Bash builtins with bash 5.2's messages and exit statuses: echo, printf, test/[, true, false, :,
 * cd, pwd, export, unset, declare/typeset/local/readonly, set, shift, read, let, eval, source/.,
 * return, break, continue, exit, exec, type, command, alias/unalias, history, hash, jobs, kill,
 * wait, mapfile, shopt, trap, umask, and bash/sh themselves (`bash -c '…'` runs a script,
 * `bash FILE` runs a file; `bash` alone, as the program of `ip netns exec NS` or `nsenter`,
 * enters that namespace until `exit`).
 */
import type { ExecCtx, Wait } from "./types";
import { Errno, STRERROR } from "../kernel/types";
import { Input, shellQuote, type Io, type Shell } from "./interp";
import { sprintf, formatFloat } from "../util/printf";
import { pushAll } from "../util/array";
import { evalArith, ArithError } from "./arith";
import { ReadonlyError } from "./vars";
import { RESERVED, cLocaleChar } from "./parse";
import { printFunction } from "./print";

/** Marks a backslash-escaped character while `read` splits a line. */
const ESC = String.fromCharCode(1);

function hasControl(s: string): boolean {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 32 || c === 127) return true;
  }
  return false;
}

export type Builtin = (
  sh: Shell,
  argv: string[],
  io: Io,
  ctx: ExecCtx,
  stdin: Input,
) => number | Generator<Wait, number, void>;

/** Builtins that also exist as programs in /usr/bin (what `ip netns exec NS echo` runs). */
export const BINARY_BUILTINS = new Set([
  "echo",
  "printf",
  "test",
  "[",
  "true",
  "false",
  "kill",
  "pwd",
  "bash",
  "sh",
]);

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function echo(_sh: Shell, argv: string[], io: Io): number {
  let i = 1;
  let newline = true;
  let escapes = false;
  while (i < argv.length && /^-[neE]+$/.test(argv[i])) {
    for (const f of argv[i].slice(1)) {
      if (f === "n") newline = false;
      else if (f === "e") escapes = true;
      else escapes = false;
    }
    i++;
  }
  let s = argv.slice(i).join(" ");
  if (escapes) {
    const r = expandEscapes(s, true);
    s = r.text;
    if (r.stop) newline = false;
  }
  io.out(s + (newline ? "\n" : ""));
  return 0;
}

/** echo -e / printf %b escapes; `\c` stops the output. */
function expandEscapes(s: string, echoStyle: boolean): { text: string; stop: boolean } {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\" || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const n = s[++i];
    switch (n) {
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "c":
        return { text: out, stop: true };
      case "e":
      case "E":
        out += "\x1b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "\\":
        out += "\\";
        break;
      case "0": {
        const m = /^[0-7]{0,3}/.exec(s.slice(i + 1))![0];
        out += String.fromCharCode(parseInt(m || "0", 8) & 255);
        i += m.length;
        break;
      }
      case "x": {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) out += "\\x";
        else {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        }
        break;
      }
      case "u":
      case "U": {
        const m = new RegExp(`^[0-9a-fA-F]{1,${n === "u" ? 4 : 8}}`).exec(s.slice(i + 1));
        if (!m) out += "\\" + n;
        else {
          out += cLocaleChar(parseInt(m[0], 16), n);
          i += m[0].length;
        }
        break;
      }
      default:
        if (!echoStyle && /[1-7]/.test(n)) {
          const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
          out += String.fromCharCode(parseInt(m, 8) & 255);
          i += m.length - 1;
        } else out += "\\" + n;
    }
  }
  return { text: out, stop: false };
}

/** printf's format-string escapes (\NNN octal, no \c stop… except it does stop in bash). */
function formatEscape(s: string, i: number): { text: string; len: number } {
  const n = s[i + 1];
  if (n === undefined) return { text: "\\", len: 1 };
  if (/[0-7]/.test(n)) {
    const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
    return { text: String.fromCharCode(parseInt(m, 8) & 255), len: 1 + m.length };
  }
  if (n === '"' || n === "'" || n === "?") return { text: n, len: 2 };
  const r = expandEscapes(s.slice(i, i + 2 + (n === "x" ? 2 : n === "u" ? 4 : n === "U" ? 8 : 0)), false);
  if (n === "x" || n === "u" || n === "U") {
    const m = new RegExp(`^[0-9a-fA-F]{1,${n === "x" ? 2 : n === "u" ? 4 : 8}}`).exec(s.slice(i + 2));
    if (!m) return { text: "\\" + n, len: 2 };
    return {
      text: n === "x" ? String.fromCharCode(parseInt(m[0], 16)) : cLocaleChar(parseInt(m[0], 16), n),
      len: 2 + m[0].length,
    };
  }
  return { text: r.text, len: 2 };
}

/** printf's integer argument: a number in C syntax, or 'c for a character code. */
function intArg(a: string | undefined, sh: Shell, io: Io, bad: { v: boolean }): bigint {
  if (a === undefined || a === "") return 0n;
  if (a[0] === "'" || a[0] === '"') return BigInt(a.codePointAt(1) ?? 0);
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(a);
  if (!m) {
    io.err(`${sh.bashPrefix()}printf: ${a}: invalid number\n`);
    bad.v = true;
    return 0n;
  }
  let v = BigInt(m[2].length > 1 && m[2][0] === "0" && !/^0[xX]/.test(m[2]) ? "0o" + m[2].slice(1) : m[2]);
  if (m[1] === "-") v = -v;
  if (m[0].length !== a.length) {
    io.err(`${sh.bashPrefix()}printf: ${a}: invalid number\n`);
    bad.v = true;
  }
  if (v > 9223372036854775807n || v < -9223372036854775808n) {
    io.err(`${sh.bashPrefix()}printf: ${a}: Numerical result out of range\n`);
    bad.v = true;
    v = v > 0n ? 9223372036854775807n : -9223372036854775808n;
  }
  return v;
}

function formatInt(
  v: bigint,
  conv: string,
  flags: string,
  width: number | undefined,
  prec: number | undefined,
): string {
  let digits: string;
  let sign = "";
  if (conv === "d" || conv === "i") {
    if (v < 0n) {
      sign = "-";
      v = -v;
    } else if (flags.includes("+")) sign = "+";
    else if (flags.includes(" ")) sign = " ";
    digits = v.toString();
  } else {
    const u = BigInt.asUintN(64, v);
    digits = u.toString(conv === "o" ? 8 : conv === "u" ? 10 : 16);
    if (conv === "X") digits = digits.toUpperCase();
    if (flags.includes("#") && u !== 0n)
      sign = conv === "o" ? "0" : conv === "x" ? "0x" : conv === "X" ? "0X" : "";
  }
  if (prec !== undefined) digits = prec === 0 && digits === "0" ? "" : digits.padStart(prec, "0");
  let s = sign + digits;
  const w = width ?? 0;
  if (s.length < w) {
    if (flags.includes("-")) s = s.padEnd(w);
    else if (flags.includes("0") && prec === undefined) s = sign + digits.padStart(w - sign.length, "0");
    else s = s.padStart(w);
  }
  return s;
}

function printfQuote(s: string): string {
  if (s === "") return "''";
  if (hasControl(s)) return shellQuote(s);
  return s.replace(/[^A-Za-z0-9_./,:=@%+^-]/g, (c) => "\\" + c);
}

/** The widest field (or precision) printf formats (see printfBuiltin). */
const PRINTF_FIELD_LIMIT = 16 << 20;

function printfBuiltin(sh: Shell, argv: string[], io: Io): number {
  let args = argv.slice(1);
  let target: string | undefined;
  if (args[0] === "-v") {
    target = args[1];
    if (target === undefined) {
      io.err(
        `${sh.bashPrefix()}printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\n`,
      );
      return 2;
    }
    args = args.slice(2);
  } else if (args[0] === "--") args = args.slice(1);
  else if (args[0]?.startsWith("-") && args[0].length > 1 && args[0] !== "-") {
    io.err(
      `${sh.bashPrefix()}printf: ${args[0].slice(0, 2)}: invalid option\nprintf: usage: printf [-v var] format [arguments]\n`,
    );
    return 2;
  }
  if (!args.length) {
    io.err(`printf: usage: printf [-v var] format [arguments]\n`);
    return 2;
  }
  const fmt = args[0];
  const rest = args.slice(1);
  let out = "";
  let ai = 0;
  const bad = { v: false };
  let stop = false;
  const next = () => rest[ai++];
  for (;;) {
    const start = ai;
    for (let i = 0; i < fmt.length && !stop; i++) {
      const c = fmt[i];
      if (c === "\\") {
        if (fmt[i + 1] === "c") {
          stop = true;
          break;
        }
        const e = formatEscape(fmt, i);
        out += e.text;
        i += e.len - 1;
        continue;
      }
      if (c !== "%") {
        out += c;
        continue;
      }
      if (fmt[i + 1] === "%") {
        out += "%";
        i++;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(\([^)]*\))?([hlLjzt]*)([\s\S])?/.exec(fmt.slice(i));
      if (!m || !m[6]) {
        io.err(`${sh.bashPrefix()}printf: \`%': missing format character\n`);
        io.out(out);
        return 1;
      }
      i += m[0].length - 1;
      const flags = m[1];
      let width = m[2] === "*" ? Number(intArg(next(), sh, io, bad)) : m[2] ? parseInt(m[2], 10) : undefined;
      let fl = flags;
      if (width !== undefined && width < 0) {
        fl += "-";
        width = -width;
      }
      const prec =
        m[3] === undefined
          ? undefined
          : m[3] === "*"
            ? Number(intArg(next(), sh, io, bad))
            : parseInt(m[3] || "0", 10);
      const conv = m[6];
      // a field two billion wide: glibc would write it; here the write fails as memory runs out
      if ((width ?? 0) > PRINTF_FIELD_LIMIT || (prec ?? 0) > PRINTF_FIELD_LIMIT) {
        io.out(out);
        io.err(`${sh.bashPrefix()}printf: write error: Cannot allocate memory\n`);
        return 1;
      }
      const pad = (s: string) => {
        const w = width ?? 0;
        return s.length >= w ? s : fl.includes("-") ? s.padEnd(w) : s.padStart(w);
      };
      switch (conv) {
        case "s": {
          let s = next() ?? "";
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s);
          break;
        }
        case "b": {
          const r = expandEscapes(next() ?? "", false);
          let s = r.text;
          if (prec !== undefined) s = s.slice(0, prec);
          out += pad(s);
          if (r.stop) stop = true;
          break;
        }
        case "q":
          out += pad(printfQuote(next() ?? ""));
          break;
        case "c":
          out += pad((next() ?? "").slice(0, 1));
          break;
        case "d":
        case "i":
        case "o":
        case "u":
        case "x":
        case "X":
          out += formatInt(intArg(next(), sh, io, bad), conv, fl, width, prec);
          break;
        case "e":
        case "E":
        case "f":
        case "F":
        case "g":
        case "G":
        case "a":
        case "A": {
          const a = next();
          let v = 0;
          if (a !== undefined && a !== "") {
            if (a[0] === "'" || a[0] === '"') v = a.codePointAt(1) ?? 0;
            else {
              v = Number(a);
              if (Number.isNaN(v)) {
                const pm = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(a);
                v = pm ? Number(pm[0]) : 0;
                io.err(`${sh.bashPrefix()}printf: ${a}: invalid number\n`);
                bad.v = true;
              }
            }
          }
          const c2 = conv === "a" || conv === "A" ? "e" : conv;
          let s = formatFloat(v, c2, prec ?? 6, fl);
          if (fl.includes("0") && !fl.includes("-") && width && s.length < width) {
            const sign = /^[+\- ]/.test(s) ? s[0] : "";
            s = sign + s.slice(sign.length).padStart(width - sign.length, "0");
          }
          out += pad(s);
          break;
        }
        case "T": {
          void next();
          out += pad("");
          break;
        }
        default:
          io.err(`${sh.bashPrefix()}printf: \`${conv}': invalid format character\n`);
          io.out(out);
          return 1;
      }
    }
    if (stop || ai === start || ai >= rest.length) break;
  }
  if (target !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\[.*\])?$/.test(target)) {
      io.err(`${sh.bashPrefix()}printf: \`${target}': not a valid identifier\n`);
      return 1;
    }
    sh.assignVar(target, out);
  } else io.out(out);
  return bad.v ? 1 : 0;
}

// ---- test / [ ----

const UNARY = new Set([
  "-a",
  "-b",
  "-c",
  "-d",
  "-e",
  "-f",
  "-g",
  "-h",
  "-k",
  "-p",
  "-r",
  "-s",
  "-t",
  "-u",
  "-w",
  "-x",
  "-G",
  "-L",
  "-N",
  "-O",
  "-S",
  "-z",
  "-n",
  "-o",
  "-v",
  "-R",
]);
const BINARY = new Set([
  "=",
  "==",
  "!=",
  "<",
  ">",
  "-eq",
  "-ne",
  "-lt",
  "-le",
  "-gt",
  "-ge",
  "-nt",
  "-ot",
  "-ef",
]);

class TestError {
  constructor(readonly msg: string) {}
}

function test(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  let args = argv.slice(1);
  const name = argv[0] === "[" ? "[" : "test";
  if (name === "[") {
    if (args[args.length - 1] !== "]") {
      io.err(`${sh.bashPrefix()}[: missing \`]'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  const int = (s: string): bigint => {
    if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
    return BigInt(s.trim());
  };
  const binary = (a: string, op: string, b: string): boolean => {
    switch (op) {
      case "=":
      case "==":
        return a === b;
      case "!=":
        return a !== b;
      case "<":
        return a < b;
      case ">":
        return a > b;
      case "-eq":
        return int(a) === int(b);
      case "-ne":
        return int(a) !== int(b);
      case "-lt":
        return int(a) < int(b);
      case "-le":
        return int(a) <= int(b);
      case "-gt":
        return int(a) > int(b);
      case "-ge":
        return int(a) >= int(b);
      case "-nt":
      case "-ot":
      case "-ef": {
        const ma = sh.fs.mtime(ctx, a);
        const mb = sh.fs.mtime(ctx, b);
        if (op === "-ef") return sh.fs.exists(ctx, a) && sh.fs.resolve(a) === sh.fs.resolve(b);
        if (op === "-nt") return ma !== undefined && (mb === undefined || ma > mb);
        return mb !== undefined && (ma === undefined || ma < mb);
      }
    }
    return false;
  };
  const unary = (op: string, a: string): boolean => {
    if (op === "-t") return false;
    return sh.unaryTest(op, a, ctx);
  };
  // the full grammar (more than four arguments, or what the short forms do not cover)
  let pos = 0;
  const n = args.length;
  const expr = (): boolean => or();
  const or = (): boolean => {
    let v = and();
    while (pos < n && args[pos] === "-o") {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const and = (): boolean => {
    let v = term();
    while (pos < n && args[pos] === "-a") {
      pos++;
      const r = term();
      v = v && r;
    }
    return v;
  };
  const term = (): boolean => {
    if (pos >= n) throw new TestError(`${args[pos - 1]}: argument expected`);
    if (args[pos] === "!") {
      pos++;
      return !term();
    }
    if (args[pos] === "(") {
      pos++;
      const v = expr();
      if (args[pos] !== ")") throw new TestError(`\`)' expected${pos < n ? `, found ${args[pos]}` : ""}`);
      pos++;
      return v;
    }
    if (pos + 2 < n + 0 && BINARY.has(args[pos + 1])) {
      const v = binary(args[pos], args[pos + 1], args[pos + 2]);
      pos += 3;
      return v;
    }
    if (pos + 2 <= n && BINARY.has(args[pos + 1]) && pos + 2 === n)
      throw new TestError(`${args[pos + 1]}: argument expected`);
    if (UNARY.has(args[pos]) && args[pos] !== "-a" && args[pos] !== "-o") {
      if (pos + 1 >= n) throw new TestError(`${args[pos]}: argument expected`);
      const v = unary(args[pos], args[pos + 1]);
      pos += 2;
      return v;
    }
    return args[pos++] !== "";
  };
  const two = (a: string, b: string): boolean => {
    if (a === "!") return b === "";
    if (UNARY.has(a)) return unary(a, b);
    throw new TestError(`${a}: unary operator expected`);
  };
  const three = (a: string, b: string, c: string): boolean => {
    if (BINARY.has(b)) return binary(a, b, c);
    if (b === "-a") return a !== "" && c !== "";
    if (b === "-o") return a !== "" || c !== "";
    if (a === "!") return !two(b, c);
    if (a === "(" && c === ")") return b !== "";
    throw new TestError(`${b}: binary operator expected`);
  };
  let r: boolean;
  try {
    if (n === 0) r = false;
    else if (n === 1) r = args[0] !== "";
    else if (n === 2) r = two(args[0], args[1]);
    else if (n === 3) r = three(args[0], args[1], args[2]);
    else if (n === 4 && args[0] === "!") r = !three(args[1], args[2], args[3]);
    else if (n === 4 && args[0] === "(" && args[3] === ")") r = two(args[1], args[2]);
    else {
      r = expr();
      if (pos < n) throw new TestError("too many arguments");
    }
  } catch (e) {
    if (e instanceof TestError) {
      io.err(`${sh.bashPrefix()}${name}: ${e.msg}\n`);
      return 2;
    }
    throw e;
  }
  return r ? 0 : 1;
}

// ---- bash itself ----

function* bash(sh: Shell, argv: string[], io: Io, ctx: ExecCtx, stdin: Input): Generator<Wait, number, void> {
  let i = 1;
  let script: string | undefined;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "-c") {
      script = argv[i + 1];
      if (script === undefined) {
        io.err(`${argv[0]}: -c: option requires an argument\n`);
        return 2;
      }
      i += 2;
      break;
    }
    if (a === "--") {
      i++;
      break;
    }
    if (/^-[xeuvilsr]+$/.test(a) || /^--(norc|noprofile|login)$/.test(a)) continue;
    if (a.startsWith("-")) {
      io.err(`${argv[0]}: ${a}: invalid option\n`);
      return 2;
    }
    break;
  }
  if (script !== undefined) {
    const cmd = sh.makeCmd(argv, io, ctx, stdin, sh.pid);
    const args = argv.slice(i);
    return yield* sh.isolated(function* () {
      // bash -c SCRIPT NAME ARGS…: $0 and the positional parameters
      if (args.length) sh.argv0 = args[0];
      sh.positional = args.slice(1);
      const r = cmd.runScript(script!, ctx);
      return typeof r === "number" ? r : yield* r;
    });
  }
  if (i < argv.length) {
    const file = argv[i];
    const rd = sh.fs.read(ctx, file);
    if (!rd.ok) {
      if (rd.errno === Errno.EISDIR) {
        // dash reads the script and takes the failed read for its end; bash names the script
        if (argv[0] === "sh" || argv[0].endsWith("/sh")) return 0;
        io.err(`${file}: ${file}: Is a directory\n`);
        return 126;
      }
      io.err(`${argv[0]}: ${file}: No such file or directory\n`);
      return 127;
    }
    return yield* sh.isolated(() => sh.source(rd.value, argv.slice(i + 1), io, ctx, stdin, file));
  }
  if (stdin.errno !== undefined) {
    // `bash < DIR` (dash takes the failed read for the end of its input)
    if (argv[0] === "sh" || argv[0].endsWith("/sh")) return 0;
    io.err(`${argv[0]}: error reading input file: ${STRERROR[stdin.errno]}\n`);
    return 2;
  }
  const piped = stdin.rest();
  if (piped) {
    stdin.takeAll();
    const cmd = sh.makeCmd(argv, io, ctx, "", sh.pid);
    const r = cmd.runScript(piped, ctx);
    return typeof r === "number" ? r : yield* r;
  }
  sh.enter(ctx);
  return 0;
}

// ---- variables ----

function declQuote(v: string): string {
  return `"${v.replace(/(["\\$`])/g, "\\$1")}"`;
}

function declareLine(sh: Shell, name: string, dashX = false): string | undefined {
  const v = sh.vars.find(name);
  if (!v) return undefined;
  let flags = "";
  const kind = v.val?.t ?? v.kind;
  if (kind === "a") flags += "a";
  if (kind === "A") flags += "A";
  if (v.integer) flags += "i";
  if (v.lower) flags += "l";
  if (v.readonly) flags += "r";
  if (v.upper) flags += "u";
  if (v.exported || dashX) flags += "x";
  const head = `declare -${flags || "-"} ${name}`;
  if (!v.val) return head;
  if (v.val.t === "s") return `${head}=${declQuote(v.val.v)}`;
  if (v.val.t === "a") {
    const items = [...v.val.v.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, x]) => `[${k}]=${declQuote(x)}`);
    return `${head}=(${items.join(" ")})`;
  }
  const items = [...v.val.v.entries()].map(([k, x]) => `[${k}]=${declQuote(x)} `);
  return `${head}=(${items.join("")})`;
}

/** declare / typeset / local / export / readonly. */
function declare(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  const cmd = argv[0];
  if (cmd === "local" && !sh.inFunction()) {
    io.err(`${sh.bashPrefix()}local: can only be used in a function\n`);
    return 1;
  }
  const set = new Set<string>();
  const unset = new Set<string>();
  let print = false;
  let funcs = false;
  let funcNames = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!/^[-+][A-Za-z]+$/.test(a)) break;
    for (const f of a.slice(1)) {
      if (
        !"aAfFgilnprtuxn".includes(f) ||
        (cmd === "export" && !"fnp".includes(f)) ||
        (cmd === "readonly" && !"aAfp".includes(f))
      ) {
        io.err(`${sh.bashPrefix()}${cmd}: ${a[0]}${f}: invalid option\n${usageOf(cmd)}`);
        return 2;
      }
      if (f === "p") print = true;
      else if (f === "f") funcs = true;
      else if (f === "F") funcNames = true;
      else (a[0] === "-" ? set : unset).add(f);
    }
  }
  if (cmd === "export" && !set.has("n")) set.add("x");
  if (cmd === "export" && set.has("n")) {
    set.delete("n");
    unset.add("x");
  }
  if (cmd === "readonly") set.add("r");
  const names = argv.slice(i);
  if (funcs || funcNames) {
    const list = names.length ? names : [...sh.functions.keys()].sort();
    let st = 0;
    for (const n of list) {
      const f = sh.functions.get(n);
      if (!f) {
        st = 1;
        continue;
      }
      io.out(funcNames ? `declare -f ${n}\n` : printFunction(f) + "\n");
    }
    return st;
  }
  if (!names.length || (print && !names.some((n) => n.includes("=")))) {
    const filter = (n: string) => {
      const v = sh.vars.find(n)!;
      if (cmd === "export" || set.has("x")) return v.exported;
      if (cmd === "readonly" || set.has("r")) return v.readonly;
      if (set.has("a")) return (v.val?.t ?? v.kind) === "a";
      if (set.has("A")) return (v.val?.t ?? v.kind) === "A";
      if (set.has("i")) return v.integer;
      return true;
    };
    if (names.length) {
      let st = 0;
      for (const n of names) {
        const line = declareLine(sh, n);
        if (line === undefined) {
          io.err(`${sh.bashPrefix()}${cmd}: ${n}: not found\n`);
          st = 1;
        } else io.out(line + "\n");
      }
      return st;
    }
    for (const n of sh.vars.names()) {
      if (!filter(n)) continue;
      if (!print && cmd === "declare" && !set.size) {
        const v = sh.vars.find(n)!;
        if (v.val?.t === "s") io.out(`${n}=${shellValue(v.val.v)}\n`);
        else io.out(declareLine(sh, n)!.replace(/^declare -\S+ /, "") + "\n");
        continue;
      }
      io.out(declareLine(sh, n) + "\n");
    }
    return 0;
  }
  let st = 0;
  const local =
    cmd === "local" || (cmd !== "export" && cmd !== "readonly" && sh.inFunction() && !set.has("g"));
  for (const arg of names) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?=)?([\s\S]*)$/.exec(arg);
    if (!m) {
      io.err(`${sh.bashPrefix()}${cmd}: \`${arg}': not a valid identifier\n`);
      st = 1;
      continue;
    }
    const [, name, sub, eq, value] = m;
    const v = local ? sh.vars.local(name) : sh.vars.attrs(name);
    if (v.readonly && eq) {
      io.err(`${sh.bashPrefix()}${name}: readonly variable\n`);
      st = 1;
      continue;
    }
    if (set.has("a") && !v.val) v.kind = "a";
    if (set.has("A") && !v.val) v.kind = "A";
    if (set.has("i")) v.integer = true;
    if (unset.has("i")) v.integer = false;
    if (set.has("l")) [v.lower, v.upper] = [true, false];
    if (set.has("u")) [v.upper, v.lower] = [true, false];
    if (set.has("x")) v.exported = true;
    if (unset.has("x")) v.exported = false;
    if (eq) {
      try {
        if (value.startsWith("(") && value.endsWith(")") && !sub) {
          // declare a=(1 2 3): the words inside, already expanded once
          const inner = value.slice(1, -1);
          const items: [string | undefined, string][] = [];
          const words = inner.includes("\u0001")
            ? inner.split("\u0001").slice(1, -1)
            : splitWords(inner.trim());
          for (const w of words) {
            const km = /^\[([^\]]*)\]=([\s\S]*)$/.exec(w);
            if (km)
              items.push([
                set.has("A") || v.kind === "A" ? km[1] : String(evalArith(km[1], sh.arithVars())),
                km[2],
              ]);
            else items.push([undefined, w]);
          }
          sh.vars.setArray(name, items, set.has("A") || v.kind === "A", eq === "+=");
        } else if (sub) {
          const key = sub.slice(1, -1);
          sh.vars.setElement(
            name,
            v.kind === "A" || v.val?.t === "A" ? key : String(evalArith(key, sh.arithVars())),
            value,
            eq === "+=",
          );
        } else sh.assignVar(name, value, eq === "+=");
      } catch (e) {
        if (e instanceof ArithError) {
          io.err(`${sh.bashPrefix()}${e.text}\n`);
          st = 1;
          continue;
        }
        if (e instanceof ReadonlyError) {
          io.err(`${sh.bashPrefix()}${name}: readonly variable\n`);
          st = 1;
          continue;
        }
        throw e;
      }
    }
    if (set.has("r")) v.readonly = true;
  }
  void ctx;
  return st;
}

function usageOf(cmd: string): string {
  switch (cmd) {
    case "export":
      return "export: usage: export [-fn] [name[=value] ...] or export -p\n";
    case "readonly":
      return "readonly: usage: readonly [-aAf] [name[=value] ...] or readonly -p\n";
    case "local":
      return "local: usage: local [option] name[=value] ...\n";
    default:
      return `${cmd}: usage: ${cmd} [-aAfFgiIlnrtux] [name[=value] ...] or ${cmd} -p [-aAfFilnrtux] [name ...]\n`;
  }
}

/** `set` lists scalars quoted this way. */
function shellValue(v: string): string {
  if (v === "") return "''";
  if (/^[A-Za-z0-9_./:,+@%=-]+$/.test(v)) return v;
  return shellQuote(v);
}

/** Splits `a "b c" d` as the shell would (used for `declare a=(…)`). */
function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let have = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === " " || c === "\t" || c === "\n") {
      if (have) out.push(cur);
      cur = "";
      have = false;
    } else if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      cur += s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
      have = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      have = true;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push(cur);
  return out;
}

function unsetBuiltin(sh: Shell, argv: string[], io: Io): number {
  let mode: "v" | "f" | undefined;
  let i = 1;
  for (; i < argv.length && /^-[fvn]+$/.test(argv[i]); i++) mode = argv[i].includes("f") ? "f" : "v";
  if (i < argv.length && /^-./.test(argv[i])) {
    io.err(
      `${sh.bashPrefix()}unset: ${argv[i].slice(0, 2)}: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\n`,
    );
    return 2;
  }
  let st = 0;
  for (const a of argv.slice(i)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(.*)\])?$/.exec(a);
    if (!m) {
      io.err(`${sh.bashPrefix()}unset: \`${a}': not a valid identifier\n`);
      st = 1;
      continue;
    }
    try {
      if (mode === "f") sh.functions.delete(a);
      else if (m[2] !== undefined) {
        const key = sh.vars.kindOf(m[1]) === "A" ? m[2] : String(evalArith(m[2], sh.arithVars()));
        sh.vars.unsetElement(m[1], key);
      } else if (!sh.vars.unset(a) && mode !== "v") sh.functions.delete(a);
    } catch (e) {
      if (e instanceof ReadonlyError) {
        io.err(`${sh.bashPrefix()}unset: ${a}: cannot unset: readonly variable\n`);
        st = 1;
        continue;
      }
      throw e;
    }
  }
  return st;
}

const SET_USAGE = "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n";

const OPTION_LIST = [
  "allexport",
  "braceexpand",
  "emacs",
  "errexit",
  "errtrace",
  "functrace",
  "hashall",
  "histexpand",
  "history",
  "ignoreeof",
  "interactive-comments",
  "keyword",
  "monitor",
  "noclobber",
  "noexec",
  "noglob",
  "nolog",
  "notify",
  "nounset",
  "onecmd",
  "physical",
  "pipefail",
  "posix",
  "privileged",
  "verbose",
  "vi",
  "xtrace",
];

function setBuiltin(sh: Shell, argv: string[], io: Io): number {
  const letters: Record<string, keyof Shell["opts"]> = {
    e: "errexit",
    u: "nounset",
    x: "xtrace",
    f: "noglob",
    C: "noclobber",
    v: "verbose",
  };
  const optionValue = (name: string): boolean => {
    const o = sh.optionNames()[name];
    if (o !== undefined) return o;
    const on = new Set(["braceexpand", "hashall", "interactive-comments"]);
    if (sh.interactive) ["emacs", "histexpand", "history", "monitor"].forEach((x) => on.add(x));
    return on.has(name);
  };
  if (argv.length === 1) {
    for (const n of sh.vars.names()) {
      const v = sh.vars.find(n)!;
      if (!v.val) continue;
      if (v.val.t === "s") io.out(`${n}=${shellValue(v.val.v)}\n`);
      else {
        const line = (declareLine(sh, n) ?? "").replace(/^declare -\S+ /, "");
        io.out(line + "\n");
      }
    }
    for (const [, f] of [...sh.functions].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      io.out(printFunction(f) + "\n");
    return 0;
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      sh.positional = argv.slice(i);
      return 0;
    }
    if (a === "-" || a === "+") {
      i++;
      break;
    }
    if (!/^[-+]/.test(a)) break;
    const on = a[0] === "-";
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (f === "o") {
        const name = argv[i + 1];
        if (name === undefined) {
          for (const o of OPTION_LIST)
            io.out(
              on
                ? `${o.padEnd(15)}\t${optionValue(o) ? "on" : "off"}\n`
                : `set ${optionValue(o) ? "-" : "+"}o ${o}\n`,
            );
          continue;
        }
        i++;
        if (!OPTION_LIST.includes(name)) {
          io.err(`${sh.bashPrefix()}set: ${name}: invalid option name\n`);
          return 1;
        }
        if (name in sh.opts) (sh.opts as unknown as Record<string, boolean>)[name] = on;
        continue;
      }
      if (letters[f]) {
        sh.opts[letters[f]] = on;
        continue;
      }
      if ("abhkmnptBEHPT".includes(f)) continue;
      io.err(`${sh.bashPrefix()}set: ${a[0]}${f}: invalid option\n${SET_USAGE}`);
      return 2;
    }
  }
  if (i < argv.length || argv[i - 1] === "-" || argv[i - 1] === "+") sh.positional = argv.slice(i);
  return 0;
}

// ---- read ----

function readBuiltin(sh: Shell, argv: string[], io: Io, _ctx: ExecCtx, stdin: Input): number {
  let raw = false;
  let arrayName: string | undefined;
  let delim = "\n";
  let nchars: number | undefined;
  let exact = false;
  const names: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      const arg = () => {
        const v = a.slice(j + 1) || argv[++i];
        j = a.length;
        if (v === undefined) throw new Error(f);
        return v;
      };
      try {
        if (f === "r") raw = true;
        else if (f === "s" || f === "e") continue;
        else if (f === "a") arrayName = arg();
        else if (f === "d") delim = arg().slice(0, 1) || "\0";
        else if (f === "n" || f === "N") {
          nchars = parseInt(arg(), 10);
          exact = f === "N";
        } else if (f === "p" || f === "t" || f === "u" || f === "i") arg();
        else {
          io.err(
            `${sh.bashPrefix()}read: -${f}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`,
          );
          return 2;
        }
      } catch {
        io.err(
          `${sh.bashPrefix()}read: -${f}: option requires an argument\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`,
        );
        return 2;
      }
    }
  }
  pushAll(names, argv.slice(i));
  for (const n of names) {
    if (!NAME_RE.test(n)) {
      io.err(`${sh.bashPrefix()}read: \`${n}': not a valid identifier\n`);
      return 1;
    }
  }
  // `read x < DIR`: the read(2) fails
  if (stdin.errno !== undefined) {
    io.err(`${sh.bashPrefix()}read: read error: 0: ${STRERROR[stdin.errno]}\n`);
    return 1;
  }
  // read up to the delimiter (backslash-newline continues unless -r)
  const data = stdin.data;
  let pos = stdin.pos;
  let line = "";
  let found = false;
  let count = 0;
  while (pos < data.length) {
    const c = data[pos];
    if (nchars !== undefined && count >= nchars) {
      found = true;
      break;
    }
    pos++;
    if (!exact && c === delim) {
      found = true;
      break;
    }
    if (!raw && c === "\\" && pos < data.length) {
      const n = data[pos++];
      if (n === "\n") continue;
      line += ESC + n;
      count++;
      continue;
    }
    line += c;
    count++;
  }
  if (nchars !== undefined && count >= nchars) found = true;
  stdin.pos = pos;
  const eof = !found;
  if (eof && line === "") {
    for (const n of names.length ? names : ["REPLY"]) sh.assignVar(n, "");
    if (arrayName) sh.vars.setArray(arrayName, [], false);
    return 1;
  }
  const ifs = sh.lookupVar("IFS") ?? " \t\n";
  const unescape = (s: string) => s.split(ESC).join("");
  if (exact || (!names.length && !arrayName)) {
    sh.assignVar(names[0] ?? "REPLY", unescape(line));
    return eof ? 1 : 0;
  }
  // split on IFS; escaped characters never split
  const isWs = (c: string) => (c === " " || c === "\t" || c === "\n") && ifs.includes(c);
  const fields: string[] = [];
  let k = 0;
  const skipWs = () => {
    while (k < line.length && isWs(line[k])) k++;
  };
  skipWs();
  const want = arrayName ? Infinity : names.length;
  while (k < line.length && fields.length < want - 1) {
    let f = "";
    while (k < line.length && !ifs.includes(line[k])) {
      if (line[k] === ESC) {
        f += line[k] + line[k + 1];
        k += 2;
      } else f += line[k++];
    }
    fields.push(f);
    skipWs();
    if (k < line.length && ifs.includes(line[k]) && !isWs(line[k])) {
      k++;
      skipWs();
    }
  }
  if (k < line.length) {
    let restv = line.slice(k);
    // trailing IFS whitespace is removed from the last field
    let e = restv.length;
    while (e > 0 && isWs(restv[e - 1]) && restv[e - 2] !== ESC) e--;
    restv = restv.slice(0, e);
    if (arrayName) fields.push(restv);
    else fields.push(restv);
  }
  if (arrayName) {
    sh.vars.setArray(
      arrayName,
      fields.map((f) => [undefined, unescape(f)]),
      false,
    );
    return eof ? 1 : 0;
  }
  names.forEach((n, idx) => sh.assignVar(n, unescape(fields[idx] ?? "")));
  return eof ? 1 : 0;
}

function mapfile(sh: Shell, argv: string[], io: Io, _ctx: ExecCtx, stdin: Input): number {
  let strip = false;
  let i = 1;
  for (; i < argv.length && argv[i].startsWith("-"); i++) {
    if (argv[i] === "-t") strip = true;
    else if (/^-[nOsucCd]$/.test(argv[i])) i++;
  }
  const name = argv[i] ?? "MAPFILE";
  if (!NAME_RE.test(name)) {
    io.err(`${sh.bashPrefix()}${argv[0]}: \`${name}': not a valid identifier\n`);
    return 1;
  }
  const text = stdin.takeAll();
  const lines = text.split(/(?<=\n)/).filter((l) => l !== "");
  sh.vars.setArray(
    name,
    lines.map((l) => [undefined, strip ? l.replace(/\n$/, "") : l]),
    false,
  );
  return 0;
}

// ---- lookup: type, command, hash ----

/** Where Debian 12 installs each simulated program (as `which` finds it first on root's PATH). */
export function binPath(name: string): string {
  const sbin = new Set([
    "ip",
    "iptables",
    "iptables-save",
    "iptables-restore",
    "iptables-legacy",
    "ip6tables",
    "ip6tables-save",
    "ip6tables-restore",
    "sysctl",
    "bridge",
    "brctl",
    "ifconfig",
    "route",
    "arp",
    "conntrack",
    "xtables-monitor",
    "ethtool",
    "tc",
    "nft",
    "ebtables",
    "arptables",
    "xtables-nft-multi",
    "iptables-nft",
    "tcpdump-sbin",
  ]);
  return sbin.has(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

type Kind =
  | { t: "alias"; v: string }
  | { t: "keyword" }
  | { t: "function" }
  | { t: "builtin" }
  | { t: "file"; path: string };

function lookup(sh: Shell, name: string, all: boolean, ctx: ExecCtx): Kind[] {
  const out: Kind[] = [];
  if (sh.aliases.has(name)) out.push({ t: "alias", v: sh.aliases.get(name)! });
  if (RESERVED.has(name)) out.push({ t: "keyword" });
  if (sh.functions.has(name)) out.push({ t: "function" });
  if (builtins.has(name)) out.push({ t: "builtin" });
  if (name.includes("/")) {
    if (sh.findProgram(name, ctx)) out.push({ t: "file", path: name });
  } else if (sh.findProgram(name, ctx)) {
    const p = binPath(name);
    out.push({ t: "file", path: p });
    if (all) {
      out.push({ t: "file", path: p.replace(/^\/usr/, "") });
    }
  }
  return all ? out : out.slice(0, 1);
}

function type(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  let mode: "" | "t" | "p" | "P" = "";
  let all = false;
  let i = 1;
  for (; i < argv.length && /^-[aftpP]+$/.test(argv[i]); i++) {
    for (const f of argv[i].slice(1)) {
      if (f === "a") all = true;
      else if (f === "t" || f === "p" || f === "P") mode = f;
    }
  }
  if (i < argv.length && /^-./.test(argv[i]) && argv[i] !== "--") {
    io.err(
      `${sh.bashPrefix()}type: ${argv[i].slice(0, 2)}: invalid option\ntype: usage: type [-afptP] name [name ...]\n`,
    );
    return 2;
  }
  if (argv[i] === "--") i++;
  let st = 0;
  for (const a of argv.slice(i)) {
    let kinds = lookup(sh, a, all, ctx);
    if (mode === "P") kinds = lookup(sh, a, true, ctx).filter((k) => k.t === "file");
    if (!kinds.length) {
      if (!mode) io.err(`${sh.bashPrefix()}type: ${a}: not found\n`);
      st = 1;
      continue;
    }
    for (const k of kinds) {
      if (mode === "t") {
        io.out(k.t + "\n");
        continue;
      }
      if (mode === "p" || mode === "P") {
        if (k.t === "file") io.out(k.path + "\n");
        continue;
      }
      switch (k.t) {
        case "alias":
          io.out(`${a} is aliased to \`${k.v}'\n`);
          break;
        case "keyword":
          io.out(`${a} is a shell keyword\n`);
          break;
        case "function":
          io.out(`${a} is a function\n${printFunction(sh.functions.get(a)!)}\n`);
          break;
        case "builtin":
          io.out(`${a} is a shell builtin\n`);
          break;
        case "file":
          io.out(sh.hashed.has(a) && !all ? `${a} is hashed (${k.path})\n` : `${a} is ${k.path}\n`);
          break;
      }
    }
  }
  return st;
}

function* command(
  sh: Shell,
  argv: string[],
  io: Io,
  ctx: ExecCtx,
  stdin: Input,
): Generator<Wait, number, void> {
  let i = 1;
  let mode: "" | "v" | "V" = "";
  for (; i < argv.length && /^-[pvV]+$/.test(argv[i]); i++) {
    if (argv[i].includes("v")) mode = "v";
    if (argv[i].includes("V")) mode = "V";
  }
  if (argv[i] === "--") i++;
  const rest = argv.slice(i);
  if (!rest.length) return 0;
  if (mode === "v") {
    let st = 1;
    for (const a of rest) {
      const k = lookup(sh, a, false, ctx)[0];
      if (!k) continue;
      st = 0;
      if (k.t === "alias") io.out(`alias ${a}=${shellQuote(k.v)}\n`);
      else if (k.t === "file") io.out(k.path + "\n");
      else io.out(a + "\n");
    }
    return st;
  }
  if (mode === "V") {
    let st = 0;
    for (const a of rest) {
      const r = type(sh, ["type", a], io, ctx);
      if (r) st = r;
    }
    return st;
  }
  return yield* sh.exec(rest, io, ctx, stdin, undefined, true);
}

// ---- misc ----

function cd(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  const args = argv.slice(1).filter((a, k) => !(k === 0 && /^-[LPe@]+$/.test(a)));
  if (args.length > 1) {
    io.err(`${sh.bashPrefix()}cd: too many arguments\n`);
    return 1;
  }
  let to: string | undefined = args[0];
  let print = false;
  if (to === undefined) {
    to = sh.lookupVar("HOME");
    if (to === undefined) {
      io.err(`${sh.bashPrefix()}cd: HOME not set\n`);
      return 1;
    }
  } else if (to === "-") {
    to = sh.lookupVar("OLDPWD");
    if (to === undefined) {
      io.err(`${sh.bashPrefix()}cd: OLDPWD not set\n`);
      return 1;
    }
    print = true;
  }
  if (to === "") return 0;
  const p = sh.fs.resolve(to);
  if (!sh.fs.isDir(ctx, p)) {
    io.err(
      `${sh.bashPrefix()}cd: ${to}: ${sh.fs.exists(ctx, p) ? "Not a directory" : "No such file or directory"}\n`,
    );
    return 1;
  }
  const old = sh.fs.cwd;
  sh.fs.cwd = p;
  sh.vars.set("OLDPWD", old);
  sh.vars.set("PWD", p);
  if (print) io.out(p + "\n");
  return 0;
}

function numericArg(sh: Shell, name: string, a: string | undefined, io: Io): number | undefined {
  if (a === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(a)) {
    io.err(`${sh.bashPrefix()}${name}: ${a}: numeric argument required\n`);
    return NaN;
  }
  return parseInt(a, 10);
}

function* waitBuiltin(sh: Shell, argv: string[], io: Io): Generator<Wait, number, void> {
  const targets = argv.slice(1).filter((a) => a !== "-n" && a !== "-f");
  const pick = (): { done: boolean; status: number }[] => {
    if (!targets.length) return [...sh.jobs.values()];
    const out: { done: boolean; status: number }[] = [];
    for (const t of targets) {
      const j = t.startsWith("%")
        ? sh.jobs.get(parseInt(t.slice(1), 10))
        : [...sh.jobs.values()].find((x) => String(x.pid) === t);
      if (j) out.push(j);
      else if (!/^%?\d+$/.test(t)) {
        io.err(`${sh.bashPrefix()}wait: \`${t}': not a pid or valid job spec\n`);
        return [];
      } else if (t.startsWith("%")) {
        io.err(`${sh.bashPrefix()}wait: ${t}: no such job\n`);
      } else io.err(`${sh.bashPrefix()}wait: pid ${t} is not a child of this shell\n`);
    }
    return out;
  };
  const jobs = pick();
  if (!jobs.length) return targets.length ? 127 : 0;
  while (!jobs.every((j) => j.done)) {
    yield { until: Infinity, cond: () => jobs.every((j) => j.done) || sh.interruptFlag };
    if (sh.interruptFlag) return 130;
  }
  return targets.length ? jobs[jobs.length - 1].status : 0;
}

function killBuiltin(sh: Shell, argv: string[], io: Io, ctx: ExecCtx): number {
  let st = 0;
  if (argv[1] === "-l" || argv[1] === "-L") {
    io.out(
      " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP\n 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1\n11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM\n",
    );
    return 0;
  }
  const args = argv.slice(1);
  let k = 0;
  if (args[0] === "-s" || args[0] === "-n") k = 2;
  else if (args[0] && /^-(\d+|[A-Z]+|SIG[A-Z]+)$/.test(args[0])) k = 1;
  const targets = args.slice(k);
  if (!targets.length) {
    io.err(
      `${sh.bashPrefix()}kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`,
    );
    return 2;
  }
  for (const t of targets) {
    let pid: number | undefined;
    if (t.startsWith("%")) {
      const n =
        t === "%" || t === "%+" || t === "%%" ? Math.max(0, ...sh.jobs.keys()) : parseInt(t.slice(1), 10);
      const j = sh.jobs.get(n);
      if (!j) {
        io.err(`${sh.bashPrefix()}kill: ${t}: no such job\n`);
        st = 1;
        continue;
      }
      pid = j.pid;
      sh.jobs.delete(n);
      if (sh.interactive) sh.notices.push(`[${n}]+  ${"Terminated".padEnd(24)}${j.src}\n`);
    } else pid = /^\d+$/.test(t) ? parseInt(t, 10) : NaN;
    if (pid === undefined || Number.isNaN(pid)) {
      io.err(`${sh.bashPrefix()}kill: ${t}: arguments must be process or job IDs\n`);
      st = 1;
      continue;
    }
    if (!ctx.machine.kill(pid)) {
      io.err(`${sh.bashPrefix()}kill: (${pid}) - No such process\n`);
      st = 1;
    }
  }
  return st;
}

function aliasBuiltin(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1).filter((a) => a !== "-p");
  if (!args.length) {
    for (const k of [...sh.aliases.keys()].sort()) io.out(`alias ${k}=${shellQuote(sh.aliases.get(k)!)}\n`);
    return 0;
  }
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf("=");
    if (eq > 0) {
      const name = a.slice(0, eq);
      if (/[\s/$`=|&;()<>'"\\]/.test(name)) {
        io.err(`${sh.bashPrefix()}alias: \`${name}': invalid alias name\n`);
        st = 1;
        continue;
      }
      sh.aliases.set(name, a.slice(eq + 1));
    } else if (sh.aliases.has(a)) io.out(`alias ${a}=${shellQuote(sh.aliases.get(a)!)}\n`);
    else {
      io.err(`${sh.bashPrefix()}alias: ${a}: not found\n`);
      st = 1;
    }
  }
  return st;
}

function historyBuiltin(sh: Shell, argv: string[], io: Io): number {
  if (!sh.interactive) return 0;
  if (argv[1] === "-c") {
    sh.history.length = 0;
    return 0;
  }
  let from = 0;
  if (argv[1] !== undefined) {
    if (!/^\d+$/.test(argv[1])) {
      io.err(`${sh.bashPrefix()}history: ${argv[1]}: numeric argument required\n`);
      return 1;
    }
    from = Math.max(0, sh.history.length - parseInt(argv[1], 10));
  }
  for (let k = from; k < sh.history.length; k++) io.out(`${String(k + 1).padStart(5)}  ${sh.history[k]}\n`);
  return 0;
}

function* sourceBuiltin(
  sh: Shell,
  argv: string[],
  io: Io,
  ctx: ExecCtx,
  stdin: Input,
): Generator<Wait, number, void> {
  const file = argv[1];
  if (file === undefined) {
    io.err(
      `${sh.bashPrefix()}${argv[0]}: filename argument required\n${argv[0]}: usage: ${argv[0]} filename [arguments]\n`,
    );
    return 2;
  }
  const rd = sh.fs.read(ctx, file);
  if (!rd.ok) {
    io.err(
      rd.errno === Errno.EISDIR
        ? `${sh.bashPrefix()}${argv[0]}: ${file}: is a directory\n`
        : `${sh.bashPrefix()}${file}: No such file or directory\n`,
    );
    return 1;
  }
  return yield* sh.source(rd.value, argv.slice(2), io, ctx, stdin, file);
}

function shopt(sh: Shell, argv: string[], io: Io): number {
  const args = argv.slice(1);
  let mode = "";
  while (args[0]?.startsWith("-")) mode += args.shift()!.slice(1);
  let st = 0;
  for (const a of args) {
    if (
      !/^(extglob|nullglob|failglob|dotglob|globstar|nocaseglob|nocasematch|expand_aliases|lastpipe|checkwinsize|histappend|cmdhist|inherit_errexit|globskipdots|extquote|sourcepath|progcomp|promptvars|interactive_comments|complete_fullquote|force_fignore|hostcomplete|login_shell|xpg_echo)$/.test(
        a,
      )
    ) {
      io.err(`${sh.bashPrefix()}shopt: ${a}: invalid shell option name\n`);
      st = 1;
      continue;
    }
    if (!mode.includes("s") && !mode.includes("u") && !mode.includes("q")) io.out(`${a.padEnd(15)}\toff\n`);
  }
  return st;
}

export const builtins: Map<string, Builtin> = new Map<string, Builtin>([
  ["echo", echo],
  ["printf", printfBuiltin],
  ["true", () => 0],
  [":", () => 0],
  ["false", () => 1],
  ["test", test],
  ["[", test],
  ["bash", bash],
  ["sh", bash],
  [
    "exit",
    (sh, argv, io) => {
      const n = numericArg(sh, "exit", argv[1], io);
      if (argv.length > 2 && n !== undefined && !Number.isNaN(n)) {
        io.err(`${sh.bashPrefix()}exit: too many arguments\n`);
        return 1;
      }
      const code = n === undefined ? sh.status : Number.isNaN(n) ? 2 : n & 0xff;
      return sh.doExit(code);
    },
  ],
  [
    "logout",
    (sh, _argv, io) => {
      io.err(`${sh.bashPrefix()}logout: not login shell: use \`exit'\n`);
      return 1;
    },
  ],
  [
    "return",
    (sh, argv, io) => {
      const n = numericArg(sh, "return", argv[1], io);
      return sh.doReturn(n === undefined ? sh.status : Number.isNaN(n) ? 2 : n & 0xff, io);
    },
  ],
  [
    "break",
    (sh, argv, io) => {
      const n = numericArg(sh, "break", argv[1], io);
      if (n !== undefined && (Number.isNaN(n) || n < 1)) {
        if (!Number.isNaN(n)) io.err(`${sh.bashPrefix()}break: ${argv[1]}: loop count out of range\n`);
        return 1;
      }
      return sh.doLoopControl("break", n ?? 1, io);
    },
  ],
  [
    "continue",
    (sh, argv, io) => {
      const n = numericArg(sh, "continue", argv[1], io);
      if (n !== undefined && (Number.isNaN(n) || n < 1)) {
        if (!Number.isNaN(n)) io.err(`${sh.bashPrefix()}continue: ${argv[1]}: loop count out of range\n`);
        return 1;
      }
      return sh.doLoopControl("continue", n ?? 1, io);
    },
  ],
  ["cd", cd],
  [
    "pwd",
    (sh, _argv, io) => {
      io.out(sh.fs.cwd + "\n");
      return 0;
    },
  ],
  ["export", declare],
  ["declare", declare],
  ["typeset", declare],
  ["local", declare],
  ["readonly", declare],
  ["unset", unsetBuiltin],
  ["set", setBuiltin],
  [
    "shift",
    (sh, argv, io) => {
      const n = numericArg(sh, "shift", argv[1], io);
      if (n !== undefined && Number.isNaN(n)) return 1;
      const k = n ?? 1;
      if (k < 0) {
        io.err(`${sh.bashPrefix()}shift: ${argv[1]}: shift count out of range\n`);
        return 1;
      }
      if (k > sh.positional.length) return 1;
      sh.positional = sh.positional.slice(k);
      return 0;
    },
  ],
  ["read", readBuiltin],
  ["mapfile", mapfile],
  ["readarray", mapfile],
  [
    "let",
    (sh, argv, io) => {
      if (argv.length < 2) {
        io.err(`${sh.bashPrefix()}let: expression expected\n`);
        return 1;
      }
      let v = 0n;
      for (const e of argv.slice(1)) {
        try {
          v = evalArith(e, sh.arithVars());
        } catch (err) {
          if (err instanceof ArithError) {
            io.err(`${sh.bashPrefix()}let: ${err.text}\n`);
            return 1;
          }
          throw err;
        }
      }
      return v !== 0n ? 0 : 1;
    },
  ],
  ["eval", (sh, argv, io, ctx, stdin) => sh.evalText(argv.slice(1).join(" "), io, ctx, stdin)],
  ["source", sourceBuiltin],
  [".", sourceBuiltin],
  [
    "exec",
    function* (sh, argv, io, ctx, stdin) {
      if (argv.length < 2) return 0;
      const st = yield* sh.exec(argv.slice(1), io, ctx, stdin, undefined, true);
      return sh.doExit(st);
    },
  ],
  ["type", type],
  ["command", command],
  [
    "builtin",
    (sh, argv, io, ctx, stdin): number | Generator<Wait, number, void> => {
      const b: Builtin | undefined = builtins.get(argv[1] ?? "");
      if (argv.length < 2) return 0;
      if (!b) {
        io.err(`${sh.bashPrefix()}builtin: ${argv[1]}: not a shell builtin\n`);
        return 1;
      }
      return b(sh, argv.slice(1), io, ctx, stdin);
    },
  ],
  [
    "hash",
    (sh, argv, io) => {
      if (argv.length === 1) {
        if (!sh.hashed.size) io.out(`hash: hash table empty\n`);
        else {
          io.out("hits\tcommand\n");
          for (const [k, n] of sh.hashed) io.out(`${String(n).padStart(4)}\t${binPath(k)}\n`);
        }
        return 0;
      }
      if (argv[1] === "-r") sh.hashed.clear();
      return 0;
    },
  ],
  ["alias", aliasBuiltin],
  [
    "unalias",
    (sh, argv, io) => {
      if (argv[1] === "-a") {
        sh.aliases.clear();
        return 0;
      }
      let st = 0;
      for (const a of argv.slice(1)) {
        if (!sh.aliases.delete(a)) {
          io.err(`${sh.bashPrefix()}unalias: ${a}: not found\n`);
          st = 1;
        }
      }
      return st;
    },
  ],
  ["history", historyBuiltin],
  ["shopt", shopt],
  ["trap", () => 0],
  [
    "umask",
    (_sh, argv, io) => {
      if (argv.length === 1) io.out("0022\n");
      else if (argv[1] === "-S") io.out("u=rwx,g=rx,o=rx\n");
      return 0;
    },
  ],
  [
    "ulimit",
    (_sh, _argv, io) => {
      io.out("unlimited\n");
      return 0;
    },
  ],
  [
    "jobs",
    (sh, _argv, io) => {
      const nums = [...sh.jobs.keys()].sort((a, b) => a - b);
      for (const n of nums) {
        const j = sh.jobs.get(n)!;
        const mark = n === nums[nums.length - 1] ? "+" : n === nums[nums.length - 2] ? "-" : " ";
        io.out(`[${n}]${mark}  ${"Running".padEnd(24)}${j.src} &\n`);
      }
      return 0;
    },
  ],
  ["kill", killBuiltin],
  ["wait", waitBuiltin],
]);

void sprintf;
