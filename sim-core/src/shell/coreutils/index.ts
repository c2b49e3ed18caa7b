/**
 * The text utilities, by the name the shell runs them as. Each behaves like its Debian 12
 * counterpart in the C locale (GNU grep 3.8, GNU sed 4.9, GNU coreutils 9.1, mawk 1.3.4,
 * util-linux 2.38.1 column). They work on bytes: `bytewise` encodes what the shell hands
 * over to UTF-8 and decodes what they print (see bytes.ts).
 */
import { toBytes, Utf8Decoder } from "./bytes.js";
import { cat } from "./cat.js";
import { column } from "./column.js";
import { cut } from "./cut.js";
import { grep } from "./grep.js";
import { head } from "./head.js";
import { nl } from "./nl.js";
import { sort } from "./sort.js";
import { tac } from "./tac.js";
import { tail } from "./tail.js";
import { tr } from "./tr.js";
import type { TextCommand, TextIO } from "./types.js";
import { NO_SUCH_FILE } from "./common.js";
import { uniq } from "./uniq.js";
import { wc } from "./wc.js";
import { makeSed } from "./sed.js";
import { makeAwk, makeSlicedAwk } from "./mawk/index.js";
import { drain, type SlicedTextCommand } from "./types.js";

export type { FileData, ReadError, SlicedTextCommand, TextCommand, TextIO } from "./types.js";

/** Run a byte-level utility behind the string interface of TextIO; it never throws. */
export function bytewise(cmd: TextCommand): TextCommand {
  const g = bytewiseSliced(cmd);
  return (io) => drain(g(io));
}

/** bytewise() for a utility that may run in slices (SlicedTextCommand). */
export function bytewiseSliced(cmd: TextCommand | SlicedTextCommand): SlicedTextCommand {
  return function* (io: TextIO): Generator<void, number, void> {
    const out = new Utf8Decoder();
    const err = new Utf8Decoder();
    const bio: TextIO = {
      isatty: io.isatty,
      interrupted: io.interrupted,
      argv: io.argv.map(toBytes),
      stdin: typeof io.stdin === "string" ? toBytes(io.stdin) : io.stdin,
      stdout: (s) => {
        const t = out.write(s);
        if (t) io.stdout(t);
      },
      stderr: (s) => {
        const t = err.write(s);
        if (t) io.stderr(t);
      },
      readFile: (p) => {
        const d = io.readFile(p);
        return typeof d === "string" ? toBytes(d) : d;
      },
    };
    let status: number;
    try {
      const r = cmd(bio);
      status = typeof r === "number" ? r : yield* r;
    } catch (e) {
      // a bug in a utility must not take the shell down: report it like a crash would
      const tail = out.end();
      if (tail) io.stdout(tail);
      io.stderr(`${io.argv[0]}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const t1 = out.end();
    if (t1) io.stdout(t1);
    const t2 = err.end();
    if (t2) io.stderr(t2);
    return status;
  };
}

/** egrep / fgrep are Debian shell scripts that exec `grep -E` / `grep -F`. */
function grepAlias(flag: string): TextCommand {
  return (io) => grep({ ...io, argv: ["grep", flag, ...io.argv.slice(1)] });
}

/**
 * Run a command line made of these utilities (for awk's `print | "sort"`, `"cmd" | getline` and
 * system()): words with '…' and "…" quoting, joined by `|`, reading files through `readFile` (the
 * caller's). Anything else is "not found", as /bin/sh would say for a program that is not
 * installed.
 */
export function runCommandLine(
  line: string,
  input: string,
  readFile: TextIO["readFile"] = () => NO_SUCH_FILE,
): { stdout: string; stderr: string; status: number } {
  const stages = splitPipeline(line);
  let data = input;
  let stderr = "";
  let status = 0;
  for (const argv of stages) {
    if (argv.length === 0) continue;
    if (argv[0] === "echo") {
      data = dashEcho(argv.slice(1));
      status = 0;
      continue;
    }
    const cmd = raw[argv[0]];
    if (!cmd) {
      stderr += `sh: 1: ${argv[0]}: not found\n`;
      data = "";
      status = 127;
      continue;
    }
    let out = "";
    status = cmd({
      argv,
      stdin: data,
      stdout: (s) => (out += s),
      stderr: (s) => (stderr += s),
      readFile,
    });
    data = out;
  }
  return { stdout: data, stderr, status };
}

/** /bin/sh (dash) echo: -n, and backslash escapes always on. */
function dashEcho(args: string[]): string {
  let nl = true;
  if (args[0] === "-n") {
    nl = false;
    args = args.slice(1);
  }
  let out = "";
  const text = args.join(" ");
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "\\" || i + 1 >= text.length) {
      out += text[i];
      continue;
    }
    const c = text[++i];
    const map: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
    };
    if (c === "c") return out;
    if (c in map) out += map[c];
    else if (c === "0") {
      let v = 0;
      let k = 0;
      while (k < 3 && /[0-7]/.test(text[i + 1] ?? "")) {
        v = v * 8 + Number(text[++i]);
        k++;
      }
      out += String.fromCharCode(v & 0xff);
    } else out += "\\" + c;
  }
  return out + (nl ? "\n" : "");
}

function splitPipeline(line: string): string[][] {
  const stages: string[][] = [[]];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      word = (word ?? "") + line.slice(i + 1, j < 0 ? line.length : j);
      i = j < 0 ? line.length : j;
    } else if (c === '"') {
      let j = i + 1;
      let w = "";
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        w += line[j];
      }
      word = (word ?? "") + w;
      i = j;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[++i];
    } else if (c === " " || c === "\t" || c === "\n" || c === "|") {
      if (word !== null) stages[stages.length - 1].push(word);
      word = null;
      if (c === "|") stages.push([]);
    } else word = (word ?? "") + c;
  }
  if (word !== null) stages[stages.length - 1].push(word);
  return stages;
}

const awk = makeAwk(runCommandLine);
const sed = makeSed(runCommandLine);

const raw: Record<string, TextCommand> = {
  grep,
  egrep: grepAlias("-E"),
  fgrep: grepAlias("-F"),
  head,
  tail,
  wc,
  sort,
  uniq,
  cut,
  tr,
  tac,
  cat,
  nl,
  column,
  sed,
  awk,
  mawk: awk,
};

export const coreutils: Record<string, TextCommand> = Object.fromEntries(
  Object.entries(raw).map(([name, cmd]) => [name, bytewise(cmd)]),
);

/**
 * The utilities the shell runs in slices (a runaway awk loop yields to the worker and ends at
 * Ctrl-C); awk's own pipes and system() run the one-block versions above.
 */
const slicedAwk = bytewiseSliced(makeSlicedAwk(runCommandLine));
export const slicedCoreutils: Record<string, SlicedTextCommand> = { awk: slicedAwk, mawk: slicedAwk };
