/**
 * awk = mawk 1.3.4 20200120 (Debian 12's default awk): the command line (init.c
 * process_cmdline: -f, -F, -v, -W, --), program parsing with mawk's diagnostics, and the run.
 * Exit status 2 for syntax and run time errors, as mawk.
 */
import { failsOnRead, isReadError, type CommandRunner } from "../common.js";
import { drain, type TextIO } from "../types.js";
import { HELP, VERSION } from "../help.js";
import { AwkRegexError } from "./regex.js";
import { Interpreter } from "./interp.js";
import { Lexer, rmEscape } from "./lexer.js";
import { Parser } from "./parser.js";

export type { CommandRunner } from "../common.js";

const basename = (s: string) => s.slice(s.lastIndexOf("/") + 1);

/** awk run in one block: a runaway loop stops at the interpreter's STEP_LIMIT. */
export function makeAwk(runCommand: CommandRunner): (io: TextIO) => number {
  // run in one block, it cannot be interrupted: its loops never yield, STEP_LIMIT ends them
  return (io) => drain(awkMain({ ...io, interrupted: undefined }, runCommand));
}

/** awk run in slices (the shell's): yields every AWK_SLICE loop steps, ends at io.interrupted(). */
export function makeSlicedAwk(runCommand: CommandRunner): (io: TextIO) => Generator<void, number, void> {
  return (io) => awkMain(io, runCommand);
}

function* awkMain(io: TextIO, runCommand: CommandRunner): Generator<void, number, void> {
  const argv = io.argv;
  const progname = basename(argv[0]);
  const err = (m: string) => io.stderr(`${progname}: ${m}\n`);
  if (argv.length <= 1) {
    io.stderr(HELP.awk ?? "");
    return 0;
  }
  const progFiles: string[] = [];
  const assigns: [string, string][] = [];
  let fs: string | null = null;
  let i = 1;
  // init.c walks the options by hand: `nextarg` is where the next one starts
  for (let nextarg: number; i < argv.length && argv[i][0] === "-"; i = nextarg) {
    const a = argv[i];
    if (a.length === 1) {
      // "-" alone: a program must already be known
      if (progFiles.length === 0) return 0;
      break;
    }
    if (a.length > 2 && a.startsWith("--")) {
      err(`not an option: ${a}`);
      if (!["--lint", "--lint-old", "--posix", "--re-interval", "--traditional"].includes(a)) return 2;
      nextarg = i + 1;
      continue;
    }
    let optArg: string;
    if (a.length === 2) {
      if (i === argv.length - 1 && a[1] !== "-") {
        if ("WFvf".includes(a[1])) {
          err(`option ${a} lacks argument`);
          return 2;
        }
        err(`not an option: ${a}`);
        return 2;
      }
      optArg = argv[i + 1];
      nextarg = i + 2;
    } else {
      optArg = a.slice(2);
      nextarg = i + 1;
    }
    switch (a[1]) {
      case "W": {
        const w = optArg.replace(/=.*$/, "");
        const opts = [
          "version",
          "dump",
          "help",
          "interactive",
          "exec",
          "random",
          "sprintf",
          "posix_space",
          "usage",
        ];
        const match = opts.filter((o) => o.startsWith(w) && w.length > 0);
        const which = match[0];
        if (which === "version") {
          io.stdout(VERSION.awk ?? "");
          io.stderr(
            "random-funcs:       srandom/random\nregex-funcs:        internal\ncompiled limits:\nsprintf buffer      8192\nmaximum-integer     2147483647\n",
          );
          return 0;
        }
        if (which === "help" || which === "usage") {
          io.stderr(HELP.awk ?? "");
          return 0;
        }
        if (!which) err(`vacuous option: -W ${optArg}`);
        break;
      }
      case "v": {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(optArg);
        if (!m) {
          err(`improper assignment: -v ${optArg}`);
          return 2;
        }
        assigns.push([m[1], rmEscape(m[2])]);
        break;
      }
      case "F":
        fs = rmEscape(optArg);
        break;
      case "-":
        if (a.length > 2) {
          err(`not an option: ${a}`);
          return 2;
        }
        i++;
        break;
      case "f":
        progFiles.push(optArg);
        break;
      default:
        err(`not an option: ${a}`);
        return 2;
    }
    if (a === "--") break;
  }

  let src: string;
  let fileName: string | null = null;
  let operandsStart: number;
  if (progFiles.length) {
    const parts: string[] = [];
    for (const f of progFiles) {
      const text = f === "-" || f === "/dev/stdin" ? io.stdin : io.readFile(f);
      if (isReadError(text)) {
        err(failsOnRead(text) ? `read error (${text.message})` : `cannot open ${f} (${text.message})`);
        return 2;
      }
      parts.push(text);
    }
    // like a command line program, the text ends with an extra newline
    src = parts.join("") + "\n";
    fileName = progFiles[0];
    operandsStart = i;
  } else {
    if (i >= argv.length) return 0;
    src = argv[i] + "\n";
    operandsStart = i + 1;
  }

  // an empty program does nothing (scan_init)
  if (/^[\s]*$/.test(src.replace(/#[^\n]*/g, ""))) return 0;

  const lexer = new Lexer(src, fileName);
  lexer.eatNl();
  const parser = new Parser(lexer);
  let prog;
  try {
    prog = parser.parseProgram();
  } catch (e) {
    if (e instanceof AwkRegexError) {
      err(`line ${lexer.tokenLineno}: regular expression compile failed (${e.message})`);
      return 2;
    }
    throw e;
  }
  if (parser.errors.length) {
    for (const m of parser.errors) err(m);
    return 2;
  }

  const interp = new Interpreter(
    prog,
    {
      stdout: (s) => io.stdout(s),
      stderr: (s) => io.stderr(s),
      readFile: (p) => io.readFile(p),
      stdin: io.stdin,
      isatty: io.isatty,
      runCommand: (cmd, input) => runCommand(cmd, input, io.readFile),
      interrupted: io.interrupted,
    },
    progname,
  );
  interp.setArgv([progname, ...argv.slice(operandsStart)]);
  if (fs !== null) interp.assignVar("FS", fs);
  for (const [k, v] of assigns) interp.assignVar(k, v);
  return yield* interp.runG();
}
