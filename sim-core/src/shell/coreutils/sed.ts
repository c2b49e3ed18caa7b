/**
 * sed (GNU sed 4.9) in the C locale: a port of compile.c (script parsing, with its exact
 * diagnostics "-e expression #N, char M: …") and execute.c (the cycle, addresses and ranges,
 * the append queue, missing final newlines, s/// with g/p/N/I/M/w flags and \L \U \l \u \E
 * case conversion). Options: -n -e -f -E -r -s -z -l -u --posix --debug(ignored) --sandbox.
 *
 * The simulator cannot write files: `w FILE` / `s///w FILE` work for /dev/stdout and
 * /dev/stderr only, and -i is refused like on a read-only file system. The `e` command and
 * the s///e flag run their command through the shell runner (the simulator's text utilities).
 * --debug is not implemented (it is rejected as an unknown option).
 */
import { failsOnRead, isReadError, printVersion, writtenBeforeStderr, type CommandRunner } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP } from "./help.js";
import {
  compileRegex,
  RE,
  Regex,
  RegexSyntaxError,
  SYNTAX_SED_BASIC,
  SYNTAX_SED_EXTENDED,
} from "./regex/index.js";
import type { FileData, ReadError, TextIO } from "./types.js";

/** The most characters the pattern or hold space may hold (see step() in execute). */
const SPACE_LIMIT = 2 << 20;

const EOF = -1;
const EXIT_BAD_USAGE = 1;
const EXIT_BAD_INPUT = 2;
const EXIT_PANIC = 4;

const ERR = {
  BAD_BANG: "multiple `!'s",
  BAD_COMMA: "unexpected `,'",
  BAD_STEP: "invalid usage of +N or ~N as first address",
  EXCESS_OPEN_BRACE: "unmatched `{'",
  EXCESS_CLOSE_BRACE: "unexpected `}'",
  EXCESS_JUNK: "extra characters after command",
  EXPECTED_SLASH: "expected \\ after `a', `c' or `i'",
  NO_CLOSE_BRACE_ADDR: "`}' doesn't want any addresses",
  NO_COLON_ADDR: ": doesn't want any addresses",
  NO_SHARP_ADDR: "comments don't accept any addresses",
  NO_COMMAND: "missing command",
  ONE_ADDR: "command only uses one address",
  UNTERM_ADDR_RE: "unterminated address regex",
  UNTERM_S_CMD: "unterminated `s' command",
  UNTERM_Y_CMD: "unterminated `y' command",
  UNKNOWN_S_OPT: "unknown option to `s'",
  EXCESS_P_OPT: "multiple `p' options to `s' command",
  EXCESS_G_OPT: "multiple `g' options to `s' command",
  EXCESS_N_OPT: "multiple number options to `s' command",
  ZERO_N_OPT: "number option to `s' command may not be zero",
  Y_CMD_LEN: "strings for `y' command are different lengths",
  BAD_DELIM: "delimiter character is not a single-byte character",
  ANCIENT_VERSION: "expected newer version of sed",
  INVALID_LINE_0: "invalid usage of line address 0",
  UNKNOWN_CMD: "unknown command: `%c'",
  INCOMPLETE_CMD: "incomplete command",
  COLON_LACKS_LABEL: '":" lacks a label',
  RECURSIVE_ESCAPE_C: "recursive escaping after \\c not allowed",
  DISALLOWED_CMD: "e/r/w commands disabled in sandbox mode",
  MISSING_FILENAME: "missing filename in r/R/w/W commands",
  NO_REGEX: "no previous regular expression",
  BAD_MODIF: "cannot specify modifiers on empty regexp",
} as const;

class SedExit extends Error {
  constructor(readonly status: number) {
    super("exit");
  }
}

// ---- compiled program ------------------------------------------------------------------------

interface SedRegex {
  regex: Regex;
  icase: boolean;
  multiline: boolean;
  /** the pattern is exactly `^` or `$` (execute.c handles them by hand) */
  begline: boolean;
  endline: boolean;
}

type AddrType = "null" | "regex" | "num" | "num_mod" | "step" | "step_mod" | "last";

interface Addr {
  type: AddrType;
  number: number;
  step: number;
  regex: SedRegex | null; // null with type regex: the last regex used
}

const enum Repl {
  ASIS = 0,
  UPPERCASE = 1,
  LOWERCASE = 2,
  UPPERCASE_FIRST = 4,
  LOWERCASE_FIRST = 8,
  MODIFIERS = 12,
}

interface Replacement {
  prefix: string;
  substId: number; // -1: none
  type: number;
}

interface Subst {
  regex: SedRegex | null;
  replacement: Replacement[];
  maxId: number;
  global: boolean;
  print: number; // 1 = before eval, 2 = after
  eval: boolean;
  numb: number;
  outf: Output | null;
}

interface Output {
  name: string;
  missingNewline: boolean;
  write: ((s: string) => void) | null;
}

interface Cmd {
  a1: Addr | null;
  a2: Addr | null;
  rangeState: "inactive" | "active" | "closed";
  bang: boolean;
  cmd: string;
  text?: string | null;
  intArg?: number;
  jump?: number;
  label?: string;
  fname?: string;
  append?: boolean;
  subst?: Subst;
  translate?: number[];
  outf?: Output;
  rfile?: { name: string; lines: string[] | null; pos: number };
}

interface Settings {
  extended: boolean;
  posix: "extended" | "correct" | "basic";
  sandbox: boolean;
  nullData: boolean;
}

// ---- compiler (compile.c) ---------------------------------------------------------------------

class Compiler {
  readonly cmds: Cmd[] = [];
  private blocks: { index: number; exprNo: number; pos: number; name: string | null; line: number }[] = [];
  private labels: { index: number; name: string }[] = [];
  private jumps: { index: number; name: string }[] = [];
  private pendingText: string | null = null;
  private pendingCmd: Cmd | null = null;
  private firstScript = true;
  noDefaultOutput = false;
  private exprCount = 0;
  readonly outputs = new Map<string, Output>();

  // current input
  private src = "";
  private cur = 0;
  private fileName: string | null = null;
  private line = 0;
  private exprNo = 0;

  constructor(
    private readonly prog: string,
    private readonly settings: Settings,
    private readonly io: TextIO,
  ) {}

  private badProg(why: string): never {
    if (this.fileName !== null)
      this.io.stderr(`${this.prog}: file ${this.fileName} line ${this.line}: ${why}\n`);
    else this.io.stderr(`${this.prog}: -e expression #${this.exprNo}, char ${this.cur}: ${why}\n`);
    throw new SedExit(EXIT_BAD_USAGE);
  }

  /** a bad_prog at run time: the last expression, at char 0 */
  runtimeError(why: string): never {
    this.cur = 0;
    this.badProg(why);
  }

  panic(msg: string): never {
    this.io.stderr(`${this.prog}: ${msg}\n`);
    throw new SedExit(EXIT_PANIC);
  }

  private inchar(): number {
    if (this.cur < this.src.length) {
      const ch = this.src.charCodeAt(this.cur++);
      if (ch === 10) this.line++;
      return ch;
    }
    return EOF;
  }

  private savchar(ch: number): void {
    if (ch === EOF) return;
    if (ch === 10 && this.line > 0) this.line--;
    this.cur--;
  }

  private inNonblank(): number {
    let ch: number;
    do ch = this.inchar();
    while (ch === 32 || ch === 9);
    return ch;
  }

  private readEndOfCmd(): void {
    const ch = this.inNonblank();
    if (ch === 125 /* } */ || ch === 35 /* # */) this.savchar(ch);
    else if (ch !== EOF && ch !== 10 && ch !== 59 /* ; */) this.badProg(ERR.EXCESS_JUNK);
  }

  private inInteger(ch: number): number {
    let num = 0;
    while (ch >= 48 && ch <= 57) {
      num = num * 10 + ch - 48;
      ch = this.inchar();
    }
    this.savchar(ch);
    return num;
  }

  compileString(s: string): void {
    this.src = s;
    this.cur = 0;
    this.line = 0;
    this.fileName = null;
    this.exprNo = ++this.exprCount;
    this.compileProgram();
    this.firstScript = false;
  }

  compileFile(name: string, text: string): void {
    this.src = text;
    this.cur = 0;
    this.line = 1;
    this.fileName = name;
    this.exprNo = 0;
    this.compileProgram();
    this.firstScript = false;
  }

  private snarfCharClass(b: string[]): number {
    let ch = this.inchar();
    let state = 0;
    let delim = 0;
    const add = (c: number) => {
      b.push(String.fromCharCode(c));
      return this.inchar();
    };
    if (ch === 94 /* ^ */) ch = add(ch);
    if (ch === 93 /* ] */) ch = add(ch);
    for (; ; ch = add(ch)) {
      switch (ch) {
        case EOF:
        case 10:
          return ch;
        case 46:
        case 58:
        case 61:
          if (state === 1) {
            delim = ch;
            state = 2;
          } else if (state === 2 && ch === delim) state = 3;
          else break;
          continue;
        case 91:
          if (state === 0) state = 1;
          continue;
        case 93:
          if (state === 0 || state === 1) return ch;
          else if (state === 3) state = 0;
          break;
      }
      state &= ~1;
    }
  }

  /** compile.c match_slash: the text up to the unescaped delimiter, or null. */
  private matchSlash(slash: number, regex: boolean): string | null {
    const b: string[] = [];
    let ch: number;
    while ((ch = this.inchar()) !== EOF && ch !== 10) {
      if (ch === slash) return b.join("");
      else if (ch === 92 /* \ */) {
        ch = this.inchar();
        if (ch === EOF) break;
        else if (ch !== 10 && (ch !== slash || (!regex && ch === 38))) b.push("\\");
      } else if (ch === 91 && regex) {
        b.push("[");
        ch = this.snarfCharClass(b);
        if (ch !== 93) break;
      }
      b.push(String.fromCharCode(ch));
    }
    if (ch === 10) this.savchar(ch);
    return null;
  }

  private compileRegex(
    pattern: string,
    icase: boolean,
    multiline: boolean,
    neededSub: number,
  ): SedRegex | null {
    if (pattern.length === 0) {
      if (icase || multiline) this.badProg(ERR.BAD_MODIF);
      return null;
    }
    const re = normalizeText(pattern, "regex", () => this.badProg(ERR.RECURSIVE_ESCAPE_C));
    let syntax = this.settings.extended ? SYNTAX_SED_EXTENDED : SYNTAX_SED_BASIC;
    if (this.settings.posix === "correct") syntax |= RE.UNMATCHED_RIGHT_PAREN_ORD;
    if (this.settings.posix === "basic") {
      syntax |= RE.UNMATCHED_RIGHT_PAREN_ORD | RE.NO_GNU_OPS;
      if (!this.settings.extended) syntax |= RE.LIMITED_OPS;
    }
    if (icase) syntax |= RE.ICASE;
    if (multiline) {
      syntax &= ~RE.DOT_NEWLINE;
      syntax |= RE.HAT_LISTS_NOT_NEWLINE;
    }
    let compiled;
    try {
      compiled = compileRegex(re, { syntax, confusingBracketsError: true });
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      if (e.message.startsWith("character class syntax is")) this.panic(e.message);
      this.badProg(e.message);
    }
    if (neededSub && compiled.regex.nsub < neededSub - 1 && this.settings.posix === "extended")
      this.badProg(`invalid reference \\${neededSub - 1} on \`s' command's RHS`);
    compiled.regex.newlineAnchor = multiline && !this.settings.nullData;
    return {
      regex: compiled.regex,
      icase,
      multiline,
      begline: re === "^",
      endline: re === "$",
    };
  }

  private compileAddress(ch: number): Addr | null {
    const addr: Addr = { type: "null", number: Number.MAX_SAFE_INTEGER, step: 0, regex: null };
    const basic = this.settings.posix === "basic";
    if (ch === 47 /* / */ || ch === 92 /* \ */) {
      addr.type = "regex";
      if (ch === 92) ch = this.inchar();
      const b = this.matchSlash(ch, true);
      if (b === null) this.badProg(ERR.UNTERM_ADDR_RE);
      let icase = false;
      let multiline = false;
      for (;;) {
        ch = this.inNonblank();
        if (!basic && ch === 73 /* I */) icase = true;
        else if (!basic && ch === 77 /* M */) multiline = true;
        else {
          this.savchar(ch);
          addr.regex = this.compileRegex(b, icase, multiline, 0);
          return addr;
        }
      }
    } else if (ch >= 48 && ch <= 57) {
      addr.number = this.inInteger(ch);
      addr.type = "num";
      ch = this.inNonblank();
      if (ch !== 126 /* ~ */ || basic) this.savchar(ch);
      else {
        const step = this.inInteger(this.inNonblank());
        if (step > 0) {
          addr.step = step;
          addr.type = "num_mod";
        }
      }
    } else if ((ch === 43 /* + */ || ch === 126) && !basic) {
      addr.step = this.inInteger(this.inNonblank());
      // a step of 0 stays a null address (the range then ends on the next line)
      if (addr.step !== 0) addr.type = ch === 43 ? "step" : "step_mod";
    } else if (ch === 36 /* $ */) {
      addr.type = "last";
    } else return null;
    return addr;
  }

  private readLabel(): string {
    let ch = this.inNonblank();
    let s = "";
    while (ch !== EOF && ch !== 10 && ch !== 32 && ch !== 9 && ch !== 59 && ch !== 125 && ch !== 35) {
      s += String.fromCharCode(ch);
      ch = this.inchar();
    }
    this.savchar(ch);
    return s;
  }

  private readFilename(): string {
    if (this.settings.sandbox) this.badProg(ERR.DISALLOWED_CMD);
    let ch = this.inNonblank();
    let s = "";
    while (ch !== EOF && ch !== 10) {
      s += String.fromCharCode(ch);
      ch = this.inchar();
    }
    return s;
  }

  private getOpenfile(): Output {
    const name = this.readFilename();
    if (name.length === 0) this.badProg(ERR.MISSING_FILENAME);
    let out = this.outputs.get(name);
    if (!out) {
      let write: ((s: string) => void) | null = null;
      if (name === "/dev/stdout") write = (s) => this.io.stdout(s);
      else if (name === "/dev/stderr") write = (s) => this.io.stderr(s);
      else this.panic(`couldn't open file ${name}: Read-only file system`);
      out = { name, missingNewline: false, write };
      this.outputs.set(name, out);
    }
    return out;
  }

  /** read_text: the text of a/i/c, up to an unescaped newline. */
  private readText(cmd: Cmd | null, leadin: number): void {
    if (cmd) {
      this.pendingText = "";
      this.pendingCmd = cmd;
      cmd.text = null;
    }
    if (leadin === EOF) return;
    if (leadin !== 10) this.pendingText += String.fromCharCode(leadin);
    let ch = this.inchar();
    while (ch !== EOF && ch !== 10) {
      if (ch === 92) {
        ch = this.inchar();
        if (ch !== EOF) this.pendingText += "\\";
      }
      if (ch === EOF) {
        this.pendingText += "\n";
        return;
      }
      this.pendingText += String.fromCharCode(ch);
      ch = this.inchar();
    }
    this.pendingText += "\n";
    this.pendingCmd!.text = normalizeText(this.pendingText!, "buffer", () =>
      this.badProg(ERR.RECURSIVE_ESCAPE_C),
    );
    this.pendingText = null;
  }

  private setupReplacement(sub: Subst, text: string): void {
    const base = normalizeText(text, "replacement", () => this.badProg(ERR.RECURSIVE_ESCAPE_C));
    const out: Replacement[] = [];
    let replType = Repl.ASIS;
    let saveType = Repl.ASIS;
    let start = 0;
    let prefix = "";
    sub.maxId = 0;
    const basic = this.settings.posix === "basic";
    for (let p = 0; p < base.length; p++) {
      const ch = base[p];
      if (ch === "\\") {
        const tail: Replacement = { prefix: prefix + base.slice(start, p), substId: -1, type: replType };
        prefix = "";
        out.push(tail);
        replType = saveType;
        p++;
        if (p === base.length) {
          tail.prefix += "\\";
        } else if (basic && !(base[p] >= "0" && base[p] <= "9")) {
          tail.prefix += base[p];
        } else {
          const c = base[p];
          if (c >= "0" && c <= "9") {
            tail.substId = c.charCodeAt(0) - 48;
            if (sub.maxId < tail.substId) sub.maxId = tail.substId;
          } else if (c === "L") replType = saveType = Repl.LOWERCASE;
          else if (c === "U") replType = saveType = Repl.UPPERCASE;
          else if (c === "E") replType = saveType = Repl.ASIS;
          else if (c === "l") {
            saveType = replType;
            replType |= Repl.LOWERCASE_FIRST;
          } else if (c === "u") {
            saveType = replType;
            replType |= Repl.UPPERCASE_FIRST;
          } else tail.prefix += c;
        }
        start = p + 1;
      } else if (ch === "&") {
        out.push({ prefix: prefix + base.slice(start, p), substId: 0, type: replType });
        prefix = "";
        replType = saveType;
        start = p + 1;
      }
    }
    if (start < base.length) out.push({ prefix: base.slice(start), substId: -1, type: replType });
    sub.replacement = out;
  }

  private markSubstOpts(sub: Subst): { icase: boolean; multiline: boolean } {
    let icase = false;
    let multiline = false;
    const basic = this.settings.posix === "basic";
    for (;;) {
      const ch = this.inNonblank();
      switch (ch) {
        case 105: // i
        case 73: // I
          if (basic) this.badProg(ERR.UNKNOWN_S_OPT);
          icase = true;
          break;
        case 109: // m
        case 77: // M
          if (basic) this.badProg(ERR.UNKNOWN_S_OPT);
          multiline = true;
          break;
        case 101: // e
          if (basic) this.badProg(ERR.UNKNOWN_S_OPT);
          sub.eval = true;
          break;
        case 112: // p
          if (sub.print) this.badProg(ERR.EXCESS_P_OPT);
          sub.print |= 1 << (sub.eval ? 1 : 0);
          break;
        case 103: // g
          if (sub.global) this.badProg(ERR.EXCESS_G_OPT);
          sub.global = true;
          break;
        case 119: // w
          sub.outf = this.getOpenfile();
          return { icase, multiline };
        case 48:
        case 49:
        case 50:
        case 51:
        case 52:
        case 53:
        case 54:
        case 55:
        case 56:
        case 57:
          if (sub.numb) this.badProg(ERR.EXCESS_N_OPT);
          sub.numb = this.inInteger(ch);
          if (!sub.numb) this.badProg(ERR.ZERO_N_OPT);
          break;
        case 125:
        case 35:
          this.savchar(ch);
          return { icase, multiline };
        case EOF:
        case 10:
        case 59:
          return { icase, multiline };
        case 13:
          if (this.inchar() === 10) return { icase, multiline };
          this.badProg(ERR.UNKNOWN_S_OPT);
        // eslint-disable-next-line no-fallthrough
        default:
          this.badProg(ERR.UNKNOWN_S_OPT);
      }
    }
  }

  private compileProgram(): void {
    if (this.pendingText !== null) this.readText(null, 10);
    const basic = this.settings.posix === "basic";
    for (;;) {
      let ch: number;
      while ((ch = this.inchar()) === 59 || (ch >= 9 && ch <= 13) || ch === 32);
      if (ch === EOF) break;
      const cmd: Cmd = { a1: null, a2: null, rangeState: "inactive", bang: false, cmd: "" };
      const a = this.compileAddress(ch);
      if (a) {
        if (a.type === "step" || a.type === "step_mod") this.badProg(ERR.BAD_STEP);
        cmd.a1 = a;
        ch = this.inNonblank();
        if (ch === 44 /* , */) {
          const a2 = this.compileAddress(this.inNonblank());
          if (!a2) this.badProg(ERR.BAD_COMMA);
          cmd.a2 = a2;
          ch = this.inNonblank();
        }
        if (
          cmd.a1.type === "num" &&
          cmd.a1.number === 0 &&
          ((!cmd.a2 && ch !== 114) /* r */ || (cmd.a2 && cmd.a2.type !== "regex") || basic)
        )
          this.badProg(ERR.INVALID_LINE_0);
      }
      if (ch === 33 /* ! */) {
        cmd.bang = true;
        ch = this.inNonblank();
        if (ch === 33) this.badProg(ERR.BAD_BANG);
      }
      const c = ch === EOF ? "" : String.fromCharCode(ch);
      if (basic) {
        if ("eFvzLQTRW".includes(c) && c !== "") this.badProg(ERR.UNKNOWN_CMD.replace("%c", c));
        if ("ail=r".includes(c) && c !== "" && cmd.a2) this.badProg(ERR.ONE_ADDR);
      }
      cmd.cmd = c;
      switch (c) {
        case "#": {
          if (cmd.a1) this.badProg(ERR.NO_SHARP_ADDR);
          ch = this.inchar();
          if (ch === 110 /* n */ && this.firstScript && this.line < 2 && this.cur === 2)
            this.noDefaultOutput = true;
          while (ch !== EOF && ch !== 10) ch = this.inchar();
          continue;
        }
        case "v": {
          const version = this.readLabel();
          const compared = version === "" ? "4.0" : version;
          if (versionCompare(compared, "4.9") > 0) this.badProg(ERR.ANCIENT_VERSION);
          this.settings.posix = "extended";
          continue;
        }
        case "{":
          this.blocks.push({
            index: this.cmds.length,
            exprNo: this.exprNo,
            pos: this.cur,
            name: this.fileName,
            line: this.line,
          });
          cmd.bang = !cmd.bang;
          break;
        case "}": {
          if (this.blocks.length === 0) this.badProg(ERR.EXCESS_CLOSE_BRACE);
          if (cmd.a1) this.badProg(ERR.NO_CLOSE_BRACE_ADDR);
          this.readEndOfCmd();
          const open = this.blocks.pop()!;
          this.cmds[open.index].jump = this.cmds.length;
          break;
        }
        case "e":
          if (this.settings.sandbox) this.badProg(ERR.DISALLOWED_CMD);
          ch = this.inNonblank();
          if (ch === EOF || ch === 10) {
            cmd.text = "";
            break;
          }
          this.readTextToSlash(cmd, ch);
          break;
        case "a":
        case "i":
        case "c":
          ch = this.inNonblank();
          this.readTextToSlash(cmd, ch);
          break;
        case ":": {
          if (cmd.a1) this.badProg(ERR.NO_COLON_ADDR);
          const label = this.readLabel();
          if (!label) this.badProg(ERR.COLON_LACKS_LABEL);
          this.labels.push({ index: this.cmds.length, name: label });
          break;
        }
        case "T":
        case "b":
        case "t":
          this.jumps.push({ index: this.cmds.length, name: this.readLabel() });
          break;
        case "Q":
        case "q":
        case "L":
        case "l":
          if ((c === "q" || c === "Q") && cmd.a2) this.badProg(ERR.ONE_ADDR);
          ch = this.inNonblank();
          if (ch >= 48 && ch <= 57 && !basic) cmd.intArg = this.inInteger(ch);
          else {
            cmd.intArg = -1;
            this.savchar(ch);
          }
          this.readEndOfCmd();
          break;
        case "=":
        case "d":
        case "D":
        case "F":
        case "g":
        case "G":
        case "h":
        case "H":
        case "n":
        case "N":
        case "p":
        case "P":
        case "z":
        case "x":
          this.readEndOfCmd();
          break;
        case "r": {
          const f = this.readFilename();
          if (f.length === 0) this.badProg(ERR.MISSING_FILENAME);
          cmd.fname = f;
          if (cmd.a1 && cmd.a1.type === "num" && cmd.a1.number === 0 && !cmd.a2) {
            cmd.a1.number = 1;
            cmd.append = false;
          } else cmd.append = true;
          break;
        }
        case "R": {
          const name = this.readFilename();
          if (name.length === 0) this.badProg(ERR.MISSING_FILENAME);
          cmd.rfile = { name, lines: null, pos: 0 };
          break;
        }
        case "W":
        case "w":
          cmd.outf = this.getOpenfile();
          break;
        case "s": {
          const slash = this.inchar();
          const b = this.matchSlash(slash, true);
          if (b === null) this.badProg(ERR.UNTERM_S_CMD);
          const b2 = this.matchSlash(slash, false);
          if (b2 === null) this.badProg(ERR.UNTERM_S_CMD);
          const sub: Subst = {
            regex: null,
            replacement: [],
            maxId: 0,
            global: false,
            print: 0,
            eval: false,
            numb: 0,
            outf: null,
          };
          this.setupReplacement(sub, b2);
          const flags = this.markSubstOpts(sub);
          sub.regex = this.compileRegex(b, flags.icase, flags.multiline, sub.maxId + 1);
          if (sub.eval && this.settings.sandbox) this.badProg(ERR.DISALLOWED_CMD);
          cmd.subst = sub;
          break;
        }
        case "y": {
          const slash = this.inchar();
          const b = this.matchSlash(slash, false);
          if (b === null) this.badProg(ERR.UNTERM_Y_CMD);
          const src = normalizeText(b, "buffer", () => this.badProg(ERR.RECURSIVE_ESCAPE_C));
          const b2 = this.matchSlash(slash, false);
          if (b2 === null) this.badProg(ERR.UNTERM_Y_CMD);
          const dst = normalizeText(b2, "buffer", () => this.badProg(ERR.RECURSIVE_ESCAPE_C));
          if (src.length !== dst.length) this.badProg(ERR.Y_CMD_LEN);
          const tr: number[] = [];
          for (let i = 0; i < 256; i++) tr[i] = i;
          for (let i = 0; i < src.length; i++) tr[src.charCodeAt(i) & 0xff] = dst.charCodeAt(i) & 0xff;
          cmd.translate = tr;
          this.readEndOfCmd();
          break;
        }
        case "":
          this.badProg(ERR.NO_COMMAND);
        // eslint-disable-next-line no-fallthrough
        default:
          this.badProg(ERR.UNKNOWN_CMD.replace("%c", c));
      }
      this.cmds.push(cmd);
    }
    if (basic && this.pendingText !== null) this.badProg(ERR.INCOMPLETE_CMD);
  }

  private readTextToSlash(cmd: Cmd, ch: number): void {
    if (ch === EOF) this.badProg(ERR.EXPECTED_SLASH);
    if (ch === 92) ch = this.inchar();
    else {
      if (this.settings.posix === "basic") this.badProg(ERR.EXPECTED_SLASH);
      this.savchar(ch);
      ch = 10;
    }
    this.readText(cmd, ch);
  }

  /** check_final_program */
  finish(): void {
    if (this.blocks.length) {
      const b = this.blocks[this.blocks.length - 1];
      // cur_input is restored from the `{`, but the position in the script is gone: char 0
      this.fileName = b.name;
      this.exprNo = b.exprNo;
      this.cur = 0;
      this.line = b.line;
      this.badProg(ERR.EXCESS_OPEN_BRACE);
    }
    if (this.pendingText !== null) {
      this.pendingCmd!.text = this.pendingText.length ? this.pendingText : null;
      this.pendingText = null;
    }
    // GNU resolves jumps in reverse order of appearance; the first missing label is reported
    for (const go of [...this.jumps].reverse()) {
      const lbl = [...this.labels].reverse().find((l) => l.name === go.name);
      if (lbl) this.cmds[go.index].jump = lbl.index;
      else {
        if (go.name) this.panic(`can't find label for jump to \`${go.name}'`);
        this.cmds[go.index].jump = this.cmds.length;
      }
    }
  }
}

/** compile.c normalize_text: \a \f \n \r \t \v \dNNN \oNNN \xHH \cX. */
function normalizeText(
  buf: string,
  type: "buffer" | "regex" | "replacement",
  recursiveC: () => never,
): string {
  let out = "";
  for (let p = 0; p < buf.length;) {
    if (buf[p] === "\\" && p + 1 < buf.length) {
      const c = buf[++p];
      const simple: Record<string, string> = {
        a: "\x07",
        f: "\f",
        "\n": "\n",
        n: "\n",
        r: "\r",
        t: "\t",
        v: "\v",
      };
      if (c in simple) {
        out += simple[c];
        p++;
        continue;
      }
      if (c === "d" || c === "x" || c === "o") {
        const base = c === "d" ? 10 : c === "x" ? 16 : 8;
        // convert_number: up to 3 digits (2 for hex) while the value stays <= 255
        let n = 0;
        let q = p + 1;
        for (let max = 1; q < buf.length && max <= 255; q++, max *= base) {
          const d = parseInt(buf[q], 16);
          if (Number.isNaN(d) || base <= d) break;
          n = n * base + d;
        }
        let ch: string;
        if (q === p + 1) ch = c;
        else ch = String.fromCharCode(n & 0xff);
        if (type === "replacement" && (ch === "&" || ch === "\\")) out += "\\";
        out += ch;
        p = q;
        continue;
      }
      if (c === "c") {
        if (++p < buf.length) {
          out += String.fromCharCode((buf[p].toUpperCase().charCodeAt(0) ^ 0x40) & 0xff);
          if (buf[p] === "\\") {
            p++;
            if (buf[p] !== "\\") recursiveC();
          }
          p++;
          continue;
        }
        if (type !== "buffer") out += "\\";
        continue;
      }
      if (type !== "buffer") out += "\\";
      out += buf[p++];
      continue;
    }
    out += buf[p++];
  }
  return out;
}

/** strverscmp, enough for "4.2" style versions. */
function versionCompare(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

// ---- execution (execute.c) --------------------------------------------------------------------

interface InputState {
  files: string[];
  fileIdx: number;
  lines: string[];
  lineIdx: number;
  /** does the current file's last line lack the delimiter? */
  lastChomped: boolean;
  lineNumber: number;
  fileName: string;
  badCount: number;
}

export function makeSed(run: CommandRunner): (io: TextIO) => number {
  return (io) => {
    try {
      return sedMain(io, run);
    } catch (e) {
      if (e instanceof SedExit) return e.status;
      throw e;
    }
  };
}

const LONG = [
  { name: "binary", arg: "none", key: "b" },
  { name: "regexp-extended", arg: "none", key: "r" },
  { name: "expression", arg: "required", key: "e" },
  { name: "file", arg: "required", key: "f" },
  { name: "in-place", arg: "optional", key: "i" },
  { name: "line-length", arg: "required", key: "l" },
  { name: "null-data", arg: "none", key: "z" },
  { name: "zero-terminated", arg: "none", key: "z" },
  { name: "quiet", arg: "none", key: "n" },
  { name: "posix", arg: "none", key: "p" },
  { name: "silent", arg: "none", key: "n" },
  { name: "sandbox", arg: "none", key: "sandbox" },
  { name: "separate", arg: "none", key: "s" },
  { name: "unbuffered", arg: "none", key: "u" },
  { name: "version", arg: "none", key: "v" },
  { name: "help", arg: "none", key: "h" },
  { name: "follow-symlinks", arg: "none", key: "F" },
] as const;

function usage(io: TextIO, prog: string, status: number): number {
  let text = (HELP.sed ?? "").replace(/^Usage: sed /, `Usage: ${prog} `);
  // usage(EXIT_BAD_USAGE) omits the bug-report address (contact (false))
  if (status) text = text.replace(/E-mail bug reports to: .*\n$/, "");
  if (status) io.stderr(text);
  else io.stdout(text);
  return status;
}

function sedMain(io: TextIO, run: CommandRunner): number {
  const prog = io.argv[0];
  const settings: Settings = { extended: false, posix: "extended", sandbox: false, nullData: false };
  const r = getopt(io.argv, { short: "bsnrzuEe:f:l:i::V:", long: LONG });
  // options take effect in order: -e scripts are compiled when seen (so -E after -e is too late)
  let compiler: Compiler | null = null;
  const getCompiler = () => (compiler ??= new Compiler(prog, settings, io));
  let noDefaultOutput = false;
  let separate = false;
  let lineLen = 70;
  let inPlace = false;
  let unbuffered = false;
  for (const o of r.options) {
    switch (o.key) {
      case "n":
        noDefaultOutput = true;
        break;
      case "e":
        getCompiler().compileString(o.value!);
        break;
      case "f": {
        let text = o.value === "-" ? io.stdin : io.readFile(o.value!);
        if (isReadError(text)) {
          if (!failsOnRead(text)) {
            io.stderr(`${prog}: couldn't open file ${o.value}: ${text.message}\n`);
            return EXIT_PANIC;
          }
          // the script is read with getc(), which takes a read error (a directory) for its end
          text = "";
        }
        getCompiler().compileFile(o.value!, text.endsWith("\n") ? text.slice(0, -1) : text);
        break;
      }
      case "z":
        settings.nullData = true;
        break;
      case "u":
        unbuffered = true;
        break;
      case "F":
      case "b":
        break;
      case "i":
        separate = true;
        inPlace = true;
        break;
      case "l":
        lineLen = parseInt(o.value!, 10) || 0;
        break;
      case "p":
        settings.posix = "basic";
        break;
      case "E":
      case "r":
        settings.extended = true;
        break;
      case "s":
        separate = true;
        break;
      case "sandbox":
        settings.sandbox = true;
        break;
      case "v":
        return printVersion(io, "sed");
      case "h":
        return usage(io, prog, 0);
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n`);
    return usage(io, prog, EXIT_BAD_USAGE);
  }
  const operands = [...r.operands];
  if (!compiler) {
    if (operands.length === 0) return usage(io, prog, EXIT_BAD_USAGE);
    getCompiler().compileString(operands.shift()!);
  }
  const comp: Compiler = compiler!;
  comp.finish();
  if (comp.noDefaultOutput) noDefaultOutput = true;
  if (inPlace) {
    if (operands.length === 0) comp.panic("no input files");
    // open_next_file, file by file: one that cannot be opened is skipped, a directory refused, and
    // the first regular file needs a temporary file, which a read-only file system refuses
    let bad = 0;
    for (const f of operands) {
      const d = f === "-" ? "" : io.readFile(f);
      if (isReadError(d) && !failsOnRead(d)) {
        io.stderr(`${prog}: can't read ${f}: ${d.message}\n`);
        bad++;
        continue;
      }
      if (isReadError(d) && d.errno === "EISDIR") comp.panic(`couldn't edit ${f}: not a regular file`);
      comp.panic(`couldn't open temporary file ./sedXXXXXX: Read-only file system`);
    }
    return bad ? EXIT_BAD_INPUT : 0;
  }
  return execute(io, prog, comp, settings, operands.length ? operands : ["-"], {
    noDefaultOutput,
    separate,
    unbuffered,
    lineLen,
    run,
  });
}

function execute(
  io: TextIO,
  prog: string,
  comp: Compiler,
  settings: Settings,
  files: string[],
  opt: {
    noDefaultOutput: boolean;
    separate: boolean;
    unbuffered: boolean;
    lineLen: number;
    run: CommandRunner;
  },
): number {
  const cmds = comp.cmds;
  const delim = settings.nullData ? "\0" : "\n";
  const stdout: Output = { name: "-", missingNewline: false, write: (s) => io.stdout(s) };
  let stdinUsed = false;
  const input: InputState = {
    files,
    fileIdx: 0,
    lines: [],
    lineIdx: 0,
    lastChomped: false,
    lineNumber: 0,
    fileName: "-",
    badCount: 0,
  };
  let resetAtNextFile = true;
  let line = "";
  let chomped = true;
  let hold = "";
  let replaced = false;
  let lastRegex: SedRegex | null = null;
  let appendQueue: { text?: string; fname?: string }[] = [];
  // stdout (stdio): see writtenBeforeStderr; -u flushes it after every line
  let buf = "";
  const flushOut = () => {
    if (buf) io.stdout(buf);
    buf = "";
  };
  /** Before a message on stderr: what of the output has come out by then. */
  const flushForStderr = () => {
    const n = writtenBeforeStderr(buf, io.isatty || opt.unbuffered);
    if (n) io.stdout(buf.slice(0, n));
    buf = buf.slice(n);
  };
  const write = (o: Output, s: string) => {
    if (o === stdout) buf += s;
    else {
      if (o.name === "/dev/stderr") flushForStderr();
      else flushOut();
      o.write!(s);
    }
  };
  const outputMissingNewline = (o: Output) => {
    if (o.missingNewline) {
      write(o, delim);
      o.missingNewline = false;
    }
  };
  const outputLine = (text: string, nl: boolean, o: Output) => {
    outputMissingNewline(o);
    write(o, text);
    if (nl) write(o, delim);
    else o.missingNewline = true;
  };
  const dumpAppendQueue = () => {
    outputMissingNewline(stdout);
    for (const a of appendQueue) {
      if (a.text !== undefined) write(stdout, a.text);
      if (a.fname !== undefined) {
        const d = a.fname === "/dev/stdin" ? readStdin() : io.readFile(a.fname);
        if (!isReadError(d)) write(stdout, d);
        else if (failsOnRead(d)) readError(a.fname, d);
      }
    }
    appendQueue = [];
  };
  const readStdin = (): FileData => {
    if (stdinUsed && !isReadError(io.stdin)) return "";
    stdinUsed = true;
    return io.stdin;
  };
  /** ck_getdelim / ck_fread failing (reading a directory): panic */
  const readError = (name: string, e: ReadError): never => {
    flushForStderr();
    io.stderr(`${prog}: read error on ${name === "-" ? "stdin" : name}: ${e.message}\n`);
    throw new SedExit(EXIT_PANIC);
  };

  // input handling
  /**
   * open_next_file and the first read. A file that opens but cannot be read (a directory) is a
   * panic when its lines are read; test_eof's look-ahead (`probe`) reads it with getc(), which
   * takes the error for the end of the file.
   */
  const openNextFile = (name: string, probe = false): boolean => {
    input.fileName = name;
    let data: FileData;
    if (name === "-") data = readStdin();
    else data = io.readFile(name);
    if (isReadError(data)) {
      if (failsOnRead(data) && !probe) readError(name, data);
      if (!failsOnRead(data)) {
        flushForStderr();
        io.stderr(`${prog}: can't read ${name}: ${data.message}\n`);
        input.badCount++;
      }
      input.lines = [];
      input.lineIdx = 0;
      return false;
    }
    const parts = data === "" ? [] : data.split(delim);
    input.lastChomped = parts.length > 0 && parts[parts.length - 1] !== "";
    if (parts.length && parts[parts.length - 1] === "") parts.pop();
    input.lines = parts;
    input.lineIdx = 0;
    return true;
  };
  const hasMoreInCurrent = () => input.lineIdx < input.lines.length;
  const readFileLine = (): boolean => {
    if (!hasMoreInCurrent()) return false;
    const l = input.lines[input.lineIdx++];
    if (input.lineIdx === input.lines.length && input.lastChomped) chomped = false;
    line += l;
    return true;
  };
  const resetAddresses = () => {
    for (const c of cmds) {
      if (c.a1 && c.a1.type === "num" && c.a1.number === 0) c.rangeState = "active";
      else c.rangeState = "inactive";
    }
  };
  resetAddresses();
  const readPatternSpace = (append: boolean): boolean => {
    if (appendQueue.length) dumpAppendQueue();
    replaced = false;
    if (!append) line = "";
    chomped = true;
    while (!readFileLine()) {
      if (input.fileIdx >= input.files.length) return false;
      if (resetAtNextFile) {
        input.lineNumber = 0;
        hold = "";
        resetAddresses();
        for (const c of cmds) if (c.rfile) c.rfile.pos = 0;
        resetAtNextFile = opt.separate;
      }
      openNextFile(input.files[input.fileIdx++]);
    }
    input.lineNumber++;
    return true;
  };
  /** test_eof: is the current line the last one? */
  const testEof = (): boolean => {
    if (hasMoreInCurrent()) return false;
    if (opt.separate) return true;
    // last_file_with_data_p: skip over empty/missing files
    while (input.fileIdx < input.files.length) {
      openNextFile(input.files[input.fileIdx++], true);
      if (hasMoreInCurrent()) return false;
    }
    return true;
  };

  const matchRegex = (sr: SedRegex | null, s: string, start: number, regs: boolean): number[] | null => {
    if (!sr) {
      sr = lastRegex;
      if (!sr) {
        flushForStderr();
        comp.runtimeError(ERR.NO_REGEX);
      }
    } else lastRegex = sr;
    if (sr.begline || sr.endline) {
      let offset: number;
      if (sr.endline) {
        const p = sr.multiline ? s.indexOf(delim, start) : -1;
        offset = p >= 0 ? p : s.length;
      } else if (start === 0) offset = 0;
      else if (!sr.multiline) return null;
      else if (s[start - 1] === delim) offset = start;
      else {
        const p = s.indexOf(delim, start);
        if (p < 0) return null;
        offset = p + 1;
      }
      return [offset, offset, ...new Array<number>(2 * sr.regex.nsub).fill(-1)];
    }
    if (regs) return sr.regex.exec(s, start);
    const m = sr.regex.search(s, start);
    return m ? [m.start, m.end] : null;
  };

  const matchAnAddress = (a: Addr): boolean => {
    switch (a.type) {
      case "null":
        return true;
      case "regex":
        return matchRegex(a.regex, line, 0, false) !== null;
      case "num_mod":
        return input.lineNumber >= a.number && (input.lineNumber - a.number) % a.step === 0;
      case "step":
      case "step_mod":
        return a.number <= input.lineNumber;
      case "last":
        return testEof();
      case "num":
        return a.number === input.lineNumber;
    }
  };

  const matchAddress = (c: Cmd): boolean => {
    if (!c.a1) return true;
    if (c.rangeState !== "active") {
      if (!c.a2) return matchAnAddress(c.a1);
      if (c.a1.type === "num") {
        if (c.rangeState === "closed" || input.lineNumber < c.a1.number) return false;
      } else if (!matchAnAddress(c.a1)) return false;
      c.rangeState = "active";
      switch (c.a2.type) {
        case "regex":
          return true;
        case "num":
          if (input.lineNumber >= c.a2.number) c.rangeState = "closed";
          return input.lineNumber <= c.a2.number || matchAnAddress(c.a1);
        case "step":
          c.a2.number = input.lineNumber + c.a2.step;
          return true;
        case "step_mod":
          c.a2.number = input.lineNumber + c.a2.step - (input.lineNumber % c.a2.step);
          return true;
        default:
          break;
      }
    }
    if (c.a2!.type === "num") {
      if (input.lineNumber >= c.a2!.number) c.rangeState = "closed";
      return input.lineNumber <= c.a2!.number;
    }
    if (matchAnAddress(c.a2!)) c.rangeState = "closed";
    return true;
  };

  const caseConvert = (s: string, type: number): string => {
    if (!s) return s;
    let out = s;
    if (type & Repl.UPPERCASE) out = asciiUpper(out);
    else if (type & Repl.LOWERCASE) out = asciiLower(out);
    if (type & Repl.UPPERCASE_FIRST) out = asciiUpper(out[0]) + out.slice(1);
    else if (type & Repl.LOWERCASE_FIRST) out = asciiLower(out[0]) + out.slice(1);
    return out;
  };

  const appendReplacement = (sub: Subst, regs: number[]): string => {
    let out = "";
    let replMod = 0;
    for (const p of sub.replacement) {
      let currType = p.type & Repl.MODIFIERS ? p.type : p.type | replMod;
      replMod = 0;
      if (p.prefix.length) {
        out += caseConvert(p.prefix, currType);
        currType &= ~Repl.MODIFIERS;
      }
      const i = p.substId;
      if (i >= 0 && 2 * i + 1 < regs.length) {
        const s = regs[2 * i];
        const e = regs[2 * i + 1];
        if (e === s && p.type & Repl.MODIFIERS) replMod = currType & Repl.MODIFIERS;
        else if (e !== s && s >= 0) out += caseConvert(line.slice(s, e), currType);
      }
    }
    return out;
  };

  const doSubst = (sub: Subst) => {
    let start = 0;
    let lastEnd = 0;
    let count = 0;
    let again = true;
    const needRegs = sub.maxId > 0 || sub.replacement.length > 0;
    let regs = matchRegex(sub.regex, line, start, needRegs);
    if (!regs) return;
    let acc = "";
    let done = false;
    if (sub.replacement.length === 0 && sub.numb <= 1) {
      if (regs[0] === 0 && !sub.global) {
        replaced = true;
        line = line.slice(regs[1]);
        done = true;
      } else if (regs[1] === line.length) {
        replaced = true;
        line = line.slice(0, regs[0]);
        done = true;
      }
    }
    if (!done) {
      do {
        const offset = regs![0];
        let matched = regs![1] - regs![0];
        if (start < offset) {
          acc += line.slice(start, offset);
          start = offset;
        }
        if ((matched > 0 || count === 0 || offset > lastEnd) && ++count >= sub.numb) {
          replaced = true;
          acc += appendReplacement(sub, regs!);
          again = sub.global;
        } else {
          if (matched === 0) {
            if (start < line.length) matched = 1;
            else break;
          }
          acc += line.slice(offset, offset + matched);
        }
        start = offset + matched;
        lastEnd = regs![1];
      } while (
        again &&
        start <= line.length &&
        (regs = matchRegex(sub.regex, line, start, needRegs)) !== null
      );
      if (start < line.length) acc += line.slice(start);
      line = acc;
      if (count < sub.numb) return;
    }
    if (sub.print & 1) outputLine(line, chomped, stdout);
    if (sub.eval) {
      flushOut();
      const r = opt.run(line, "", io.readFile);
      if (r.stderr) io.stderr(r.stderr);
      line = r.stdout.endsWith(delim) ? r.stdout.slice(0, -1) : r.stdout;
    }
    if (sub.print & 2) outputLine(line, chomped, stdout);
    if (sub.outf) outputLine(line, chomped, sub.outf);
  };

  const doList = (lineLen: number) => {
    outputMissingNewline(stdout);
    let width = 0;
    let o = "";
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      let ob: string;
      if (c >= 32 && c < 127) ob = c === 92 ? "\\\\" : line[i];
      else {
        const names: Record<number, string> = { 7: "a", 8: "b", 12: "f", 10: "n", 13: "r", 9: "t", 11: "v" };
        ob = "\\" + (names[c] ?? c.toString(8).padStart(3, "0"));
      }
      if (width + ob.length >= lineLen && lineLen > 0) {
        o += "\\" + delim;
        width = 0;
      }
      o += ob;
      width += ob.length;
    }
    o += "$" + delim;
    write(stdout, o);
  };

  // a browser tab cannot be interrupted with ^C: stop scripts that loop forever (`:a;ba`)
  let steps = 0;
  // and the text the loop walks over: a growing pattern space makes each jump dearer
  let work = 0;
  const step = () => {
    work += line.length + 1;
    if (++steps > 1_000_000 || work > 200_000_000) {
      flushForStderr();
      io.stderr(`${prog}: too many jumps (the simulator stops runaway scripts)\n`);
      throw new SedExit(EXIT_PANIC);
    }
    // a loop that grows the pattern or hold space (`:a;s/a/aa/;ta`): GNU sed reallocates until
    // memory runs out and panics; the simulator stops at SPACE_LIMIT with the same words
    if (line.length > SPACE_LIMIT || hold.length > SPACE_LIMIT) {
      flushForStderr();
      io.stderr(`${prog}: couldn't re-allocate memory\n`);
      throw new SedExit(EXIT_PANIC);
    }
  };

  /** Returns -1 to continue with the next cycle, or an exit status. */
  const executeProgram = (): number => {
    let pc = 0;
    while (pc < cmds.length) {
      const c = cmds[pc];
      if (matchAddress(c) !== c.bang) {
        switch (c.cmd) {
          case "a":
            appendQueue.push({ text: c.text ?? "" });
            break;
          case "{":
            pc = c.jump!;
            continue;
          case "b":
            step();
            pc = c.jump!;
            continue;
          case "}":
          case "#":
          case ":":
            break;
          case "c":
            if (c.rangeState !== "active") outputLine((c.text ?? "\n").slice(0, -1), true, stdout);
            return -1;
          case "d":
            return -1;
          case "D": {
            const p = line.indexOf(delim);
            if (p < 0) return -1;
            line = line.slice(p + 1);
            step();
            pc = 0;
            continue;
          }
          case "e": {
            flushOut();
            if (!c.text) {
              const r = opt.run(line, "", io.readFile);
              if (r.stderr) io.stderr(r.stderr);
              line = r.stdout.endsWith(delim) ? r.stdout.slice(0, -1) : r.stdout;
            } else {
              outputMissingNewline(stdout);
              const r = opt.run(c.text.slice(0, -1), "", io.readFile);
              write(stdout, r.stdout);
              if (r.stderr) {
                flushOut();
                io.stderr(r.stderr);
              }
            }
            break;
          }
          case "g":
            line = hold;
            break;
          case "G":
            line += delim + hold;
            break;
          case "h":
            hold = line;
            break;
          case "H":
            hold += delim + line;
            break;
          case "i":
            outputLine((c.text ?? "\n").slice(0, -1), true, stdout);
            break;
          case "l":
            doList(c.intArg === -1 ? opt.lineLen : c.intArg!);
            break;
          case "L":
            break;
          case "n":
            if (!opt.noDefaultOutput) outputLine(line, chomped, stdout);
            if (testEof() || !readPatternSpace(false)) return -1;
            break;
          case "N":
            line += delim;
            if (testEof() || !readPatternSpace(true)) {
              line = line.slice(0, -1);
              if (settings.posix === "extended" && !opt.noDefaultOutput) outputLine(line, chomped, stdout);
              return -1;
            }
            break;
          case "p":
            outputLine(line, chomped, stdout);
            break;
          case "P": {
            const p = line.indexOf(delim);
            outputLine(p >= 0 ? line.slice(0, p) : line, p >= 0 ? true : chomped, stdout);
            break;
          }
          case "q":
            if (!opt.noDefaultOutput) outputLine(line, chomped, stdout);
            dumpAppendQueue();
            return c.intArg === -1 ? 0 : c.intArg!;
          case "Q":
            return c.intArg === -1 ? 0 : c.intArg!;
          case "r":
            if (c.append) appendQueue.push({ fname: c.fname });
            else {
              const d = io.readFile(c.fname!);
              if (!isReadError(d)) write(stdout, d);
              else if (failsOnRead(d)) readError(c.fname!, d);
            }
            break;
          case "R": {
            const rf = c.rfile!;
            if (rf.lines === null) {
              const d = rf.name === "/dev/stdin" ? readStdin() : io.readFile(rf.name);
              if (isReadError(d) && failsOnRead(d))
                return readError(rf.name === "/dev/stdin" ? "-" : rf.name, d);
              rf.lines =
                isReadError(d) || d === ""
                  ? []
                  : d.match(new RegExp(`[^${delim}]*(${delim}|$)`, "g"))!.filter((x) => x !== "");
            }
            if (rf.pos < rf.lines.length) appendQueue.push({ text: rf.lines[rf.pos++] });
            break;
          }
          case "s":
            doSubst(c.subst!);
            break;
          case "t":
            step();
            if (replaced) {
              replaced = false;
              pc = c.jump!;
              continue;
            }
            break;
          case "T":
            step();
            if (!replaced) {
              pc = c.jump!;
              continue;
            } else replaced = false;
            break;
          case "w":
            outputLine(line, chomped, c.outf!);
            break;
          case "W": {
            const p = line.indexOf(delim);
            outputLine(p >= 0 ? line.slice(0, p) : line, p >= 0 ? true : chomped, c.outf!);
            break;
          }
          case "x":
            [line, hold] = [hold, line];
            break;
          case "y": {
            const tr = c.translate!;
            let out = "";
            for (let i = 0; i < line.length; i++) out += String.fromCharCode(tr[line.charCodeAt(i) & 0xff]);
            line = out;
            break;
          }
          case "z":
            line = "";
            break;
          case "=":
            outputMissingNewline(stdout);
            write(stdout, `${input.lineNumber}${delim}`);
            break;
          case "F":
            outputMissingNewline(stdout);
            write(stdout, `${input.fileName}${delim}`);
            break;
        }
      }
      pc++;
    }
    if (!opt.noDefaultOutput) outputLine(line, chomped, stdout);
    return -1;
  };

  let status = 0;
  try {
    while (readPatternSpace(false)) {
      status = executeProgram();
      if (status === -1) status = 0;
      else break;
    }
  } finally {
    flushOut();
  }
  if (input.badCount) status = EXIT_BAD_INPUT;
  return status;
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
