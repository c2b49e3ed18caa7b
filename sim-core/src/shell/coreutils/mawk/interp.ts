/**
 * The mawk interpreter: evaluates the AST of ./parser.ts with mawk's semantics — value types
 * and comparisons (cast.c, execute.c compare), fields and NF (field.c: $0 is rebuilt with OFS
 * as soon as a field is assigned), records (fin.c: RS as a character, a regex, or "" for
 * paragraphs), split/sub/gsub/match/substr/index (bi_funct.c), printf (print.c), arrays in
 * mawk's hash order (./array.ts), getline in all its forms, and run time errors with mawk's
 * "FILENAME=… FNR=… NR=…" trailer.
 *
 * Output redirections go to /dev/stdout, /dev/stderr and "-"; pipes (`print | "sort"`,
 * `"cmd" | getline`, system()) run the simulator's own text utilities through `runCommand`.
 */
import { failsOnRead, isReadError, writtenBeforeStderr } from "../common.js";
import type { FileData, ReadError } from "../types.js";
import { AwkArray } from "./array.js";
import type { Expr, FuncDef, LValue, Program, Stmt } from "./parser.js";
import { awkRegex, AwkRegexError, type AwkRegex } from "./regex.js";
import {
  type Cell,
  checkStrnum,
  copy,
  dToI,
  typeOf,
  formatPrintf,
  mbstrn,
  NEG_NAN,
  noinit,
  num,
  numToString,
  str,
  strtod,
  T,
  toNumber,
} from "./value.js";

export interface AwkHost {
  stdout(s: string): void;
  stderr(s: string): void;
  readFile(path: string): FileData;
  stdin: FileData;
  /** stdout is a terminal (line buffered) */
  isatty?: boolean;
  /**
   * A sliced run (the shell's awk): Ctrl-C (or `timeout`, `kill`) was delivered. When given,
   * runG() yields every AWK_SLICE steps and ends with 130 once this holds, as mawk killed by
   * SIGINT; without it the run is one synchronous block bounded by STEP_LIMIT.
   */
  interrupted?: () => boolean;
  /** run a command line (pipes / system()); stdout text and exit status */
  runCommand(cmd: string, input: string): { stdout: string; stderr: string; status: number };
}

class RuntimeError extends Error {}

/** mawk_exit(): an error that ends awk at once (no END actions), e.g. a read error. */
class FatalExit {
  constructor(readonly code: number) {}
}

/**
 * The last resort for work that cannot yield (a loop in a function called from inside an
 * expression, recursion, awk run by awk's own pipes): a synchronous block of this many steps
 * (far beyond what a lab's data needs) is stopped. A sliced run's loops yield every AWK_SLICE
 * steps instead, so a runaway loop runs until Ctrl-C as in real awk.
 */
export const STEP_LIMIT = 1_000_000;
/** Steps (loop iterations, calls) between two yields of a sliced run. */
export const AWK_SLICE = 10_000;
/** Ctrl-C reached a sliced run between two slices: mawk dies of SIGINT. */
class InterruptSignal {}
/** User-function recursion: what the JavaScript stack affords below a deeply nested shell. */
const DEPTH_LIMIT = 400;
/** The longest string awk builds (a doubling loop would reach the JavaScript limit, 2^29). */
const STRING_LIMIT = 64 << 20;
class NextSignal {}
class NextFileSignal {}
class ExitSignal {
  constructor(readonly code: number | null) {}
}
class ReturnSignal {
  constructor(readonly value: Cell) {}
}
class BreakSignal {}
class ContinueSignal {}

type Slot = Cell | AwkArray;

/** A function's local variable: a scalar, an array, or not yet known (an untyped argument). */
interface LocalRef {
  value: Slot | null;
  /** the caller's variable to turn into an array if this local becomes one */
  bind?: (a: AwkArray) => void;
}

const isArray = (s: Slot | null | undefined): s is AwkArray => s instanceof AwkArray;

interface InputSource {
  name: string;
  data: string;
  pos: number;
  started: boolean;
}

export class Interpreter {
  private readonly globals = new Map<string, Slot>();
  private frames: Map<string, LocalRef>[] = [];
  // fields
  private field0: Cell = str("");
  private fields: Cell[] = []; // fields[1..nf]
  private nf = 0;
  private split = true; // fields[] reflect field0
  private nfCell: Cell = num(0);
  // special values (pseudo fields)
  private FS = " ";
  private RS = "\n";
  private OFMT = "%.6g";
  private CONVFMT = "%.6g";
  private fsCell: Cell = str(" ");
  private rsCell: Cell = str("\n");
  private ofmtCell: Cell = str("%.6g");
  private convfmtCell: Cell = str("%.6g");
  // input
  private main: InputSource | null = null;
  private argIndex = 1;
  private mainDone = false;
  private readonly files = new Map<string, InputSource>();
  private readonly outPipes = new Map<string, { cmd: string; data: string }>();
  private readonly cmdInputs = new Map<string, InputSource>();
  private rangeActive: boolean[] = [];
  private out = "";
  private exitCode = 0;
  private stdinUsed = false;
  private randState: RandomState;
  private prevSeed: number;

  constructor(
    private readonly prog: Program,
    private readonly host: AwkHost,
    private readonly progname: string,
  ) {
    this.setGlobal("NR", num(0));
    this.setGlobal("FNR", num(0));
    this.setGlobal("FILENAME", str(""));
    this.setGlobal("OFS", str(" "));
    this.setGlobal("ORS", str("\n"));
    this.setGlobal("SUBSEP", str("\x1c"));
    this.setGlobal("RSTART", num(0));
    this.setGlobal("RLENGTH", num(-1));
    const env = new AwkArray(() => this.CONVFMT);
    for (const [k, v] of Object.entries(DEFAULT_ENV)) env.find(str(k), true)!.s = v;
    for (const c of envCells(env)) c.type = T.MBSTRN;
    this.globals.set("ENVIRON", env);
    this.rangeActive = prog.main.map(() => false);
    // mawk seeds from the clock; the simulator is deterministic
    this.prevSeed = 0;
    this.randState = seedRandom(0);
  }

  setArgv(argv: string[]): void {
    const a = new AwkArray(() => this.CONVFMT);
    argv.forEach((s, i) => {
      const c = a.find(num(i), true)!;
      Object.assign(c, i === 0 ? str(s) : mbstrn(s));
    });
    this.globals.set("ARGV", a);
    this.setGlobal("ARGC", num(argv.length));
  }

  /** -v assignments and command line var=value operands */
  assignVar(name: string, value: string): void {
    const c = mbstrn(value);
    if (["NF", "FS", "RS", "OFMT", "CONVFMT"].includes(name)) this.assignTo({ k: "pfield", name }, c);
    else this.assignTo({ k: "var", name }, c);
  }

  private setGlobal(name: string, c: Cell): void {
    this.globals.set(name, c);
  }

  private flush(): void {
    if (this.out) this.host.stdout(this.out);
    this.out = "";
  }

  /** Before a message on stderr, which mawk writes without flushing stdout (see writtenBeforeStderr). */
  private flushForStderr(): void {
    const n = writtenBeforeStderr(this.out, this.host.isatty);
    if (n) this.host.stdout(this.out.slice(0, n));
    this.out = this.out.slice(n);
  }

  private rtError(msg: string): never {
    throw new RuntimeError(msg);
  }

  // ---- running --------------------------------------------------------------------------------

  /** Runs the program in one synchronous block (STEP_LIMIT bounds it). */
  run(): number {
    const g = this.runG();
    for (;;) {
      const n = g.next();
      if (n.done) return n.value;
    }
  }

  /**
   * Runs the program; a sliced run (host.interrupted) yields every AWK_SLICE steps of its
   * loops (after writing what mawk's stdio would have written by then) and ends with 130 when
   * interrupted.
   */
  *runG(): Generator<void, number, void> {
    try {
      try {
        for (const b of this.prog.begin) yield* this.execG(b);
        if (this.prog.main.length || this.prog.end.length) {
          yield* this.mainLoop();
        }
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        if (e.code !== null) this.exitCode = e.code;
      }
      // END runs after exit in BEGIN/main too (unless exit is called in END)
      try {
        this.inEnd = true;
        for (const b of this.prog.end) yield* this.execG(b);
      } catch (e) {
        if (!(e instanceof ExitSignal)) throw e;
        if (e.code !== null) this.exitCode = e.code;
      }
      this.closeAll();
      this.flush();
      return this.exitCode;
    } catch (e) {
      if (e instanceof InterruptSignal) {
        // killed by SIGINT: what stdio had written is out, the rest of its buffer is lost
        this.flushForStderr();
        this.out = "";
        return 130;
      }
      if (e instanceof FatalExit) {
        // mawk_exit closes the output pipes; stdout is flushed by exit()
        this.closeAll();
        this.flush();
        return e.code;
      }
      if (e instanceof RuntimeError) {
        this.flushForStderr();
        this.host.stderr(
          `${this.progname}: run time error: ${e.message}\n\tFILENAME="${this.getStr("FILENAME")}" FNR=${this.rtCount("FNR")} NR=${this.rtCount("NR")}\n`,
        );
        // mawk_exit(2)
        this.closeAll();
        this.flush();
        return 2;
      }
      if (e instanceof NextSignal || e instanceof NextFileSignal) {
        this.flush();
        return this.exitCode;
      }
      throw e;
    }
  }

  private rtCount(name: string): number {
    const c = this.globals.get(name) as Cell;
    return Math.max(0, dToI(toNumber(c)));
  }

  private getStr(name: string): string {
    return this.toS(this.globals.get(name) as Cell);
  }

  private *mainLoop(): Generator<void, void, void> {
    const main = this.prog.main;
    for (;;) {
      const rec = this.nextMainRecord();
      if (rec === null) break;
      this.setField0(rec);
      try {
        for (let i = 0; i < main.length; i++) {
          const pa = main[i];
          if (!this.patternMatches(i)) continue;
          if (pa.action) {
            if (this.loopy(pa.action)) yield* this.execG(pa.action);
            else this.exec(pa.action);
          } else this.printRecord();
        }
      } catch (e) {
        if (e instanceof NextSignal) continue;
        if (e instanceof NextFileSignal) {
          if (this.main) this.main.pos = this.main.data.length;
          continue;
        }
        throw e;
      }
    }
  }

  private patternMatches(i: number): boolean {
    const pa = this.prog.main[i];
    if (!pa.pattern) return true;
    if (!pa.pattern2) return this.truth(this.eval(pa.pattern));
    if (!this.rangeActive[i]) {
      if (!this.truth(this.eval(pa.pattern))) return false;
      this.rangeActive[i] = true;
    }
    if (this.truth(this.eval(pa.pattern2))) this.rangeActive[i] = false;
    return true;
  }

  private printRecord(): void {
    this.out += this.toS(this.getField0()) + this.getStr("ORS");
  }

  // ---- input ------------------------------------------------------------------------------------

  /** The next record of the main input (ARGV files, or stdin), or null at the end. */
  private nextMainRecord(): string | null {
    for (;;) {
      if (this.main) {
        const r = this.readRecord(this.main);
        if (r !== null) {
          this.incr("NR");
          this.incr("FNR");
          return r;
        }
        this.main = null;
      }
      if (this.mainDone) return null;
      if (!this.openNextMain()) {
        this.mainDone = true;
        return null;
      }
    }
  }

  private usedArgFile = false;

  private openNextMain(): boolean {
    const argv = this.globals.get("ARGV");
    const argc = dToI(toNumber(this.globals.get("ARGC") as Cell));
    while (this.argIndex < argc) {
      const i = this.argIndex++;
      const cell = isArray(argv) ? argv.find(num(i), false) : null;
      if (!cell) continue;
      const arg = this.toS(cell);
      if (arg === "") continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(arg);
      if (m) {
        this.assignVar(m[1], rmEscapeValue(m[2]));
        continue;
      }
      this.usedArgFile = true;
      return this.openMain(arg);
    }
    if (this.usedArgFile) return false;
    this.usedArgFile = true;
    return this.openMain("-");
  }

  private openMain(name: string): boolean {
    let data: FileData;
    if (name === "-" || name === "/dev/stdin") data = this.readStdin();
    else data = this.host.readFile(name);
    if (isReadError(data)) {
      // opened, and the first read fails (a directory)
      if (failsOnRead(data)) this.readError(data);
      this.flushForStderr();
      this.host.stderr(`${this.progname}: cannot open ${name} (${data.message})\n`);
      this.exitCode = 2;
      throw new ExitSignal(2);
    }
    this.main = { name, data, pos: 0, started: false };
    this.setGlobal("FILENAME", str(name));
    this.setGlobal("FNR", num(0));
    return true;
  }

  private readStdin(): FileData {
    if (this.stdinUsed && !isReadError(this.host.stdin)) return "";
    this.stdinUsed = true;
    return this.host.stdin;
  }

  /** What a command run from awk reads of awk's standard input (nothing when it cannot be read). */
  private stdinForCommand(): string {
    const d = this.readStdin();
    return isReadError(d) ? "" : d;
  }

  /** fillbuff(): read(2) failed */
  private readError(e: ReadError): never {
    this.flushForStderr();
    this.host.stderr(`${this.progname}: read error (${e.message})\n`);
    throw new FatalExit(2);
  }

  private incr(name: string): void {
    const c = this.globals.get(name) as Cell;
    this.setGlobal(name, num(toNumber(c) + 1));
  }

  /** fin.c FINgets for the current RS */
  private readRecord(src: InputSource): string | null {
    const data = src.data;
    if (!src.started) {
      src.started = true;
      if (this.RS === "" && src.pos === 0) while (data[src.pos] === "\n") src.pos++;
    }
    if (src.pos >= data.length) return null;
    const p = src.pos;
    let q = -1;
    let mlen = 0;
    if (this.RS === "") {
      const re = awkRegex("\n\n+");
      const m = re.re.search(data, p);
      if (m) {
        q = m.start;
        mlen = m.end - m.start;
      }
    } else if (this.RS.length === 1) {
      q = data.indexOf(this.RS, p);
      mlen = 1;
    } else {
      const sep = this.rsRegex();
      if (sep) {
        const m = this.searchNonEmpty(sep, data, p);
        if (m) {
          q = m.start;
          mlen = m.end - m.start;
        }
      }
    }
    if (q >= 0) {
      src.pos = q + mlen;
      return data.slice(p, q);
    }
    src.pos = data.length;
    let rec = data.slice(p);
    if (this.RS === "" && rec.endsWith("\n")) rec = rec.slice(0, -1);
    return rec;
  }

  private rsRegex(): AwkRegex | null {
    try {
      return awkRegex(this.RS);
    } catch (e) {
      if (e instanceof AwkRegexError)
        this.rtError(`regular expression compile failed (${e.message})\n${this.RS}`);
      throw e;
    }
  }

  private searchNonEmpty(re: AwkRegex, s: string, from: number): { start: number; end: number } | null {
    let pos = from;
    while (pos <= s.length) {
      const m = re.re.search(s, pos);
      if (!m) return null;
      if (m.end > m.start) return m;
      pos = m.start + 1;
    }
    return null;
  }

  // ---- fields -------------------------------------------------------------------------------------

  private setField0(s: string): void {
    this.field0 = mbstrn(s);
    this.split = false;
  }

  private getField0(): Cell {
    return this.field0;
  }

  private ensureSplit(): void {
    if (this.split) return;
    const s = this.toS(this.field0);
    const parts = this.splitWith(s, this.fsCell);
    this.fields = [noinit(), ...parts.map(mbstrn)];
    this.nf = parts.length;
    this.nfCell = num(this.nf);
    this.split = true;
  }

  /** split a string the way FS / split()'s separator says (cast_for_split) */
  private splitWith(s: string, sepCell: Cell | AwkRegex): string[] {
    if (s.length === 0) return [];
    if ("re" in sepCell) return this.reSplit(s, sepCell);
    const sep = this.toS(sepCell);
    if (sep === " ") {
      // mawk splits on [ \t\n]+ only (scan_cleanup redefines SPACE): \v \f \r stay in fields
      return s.split(/[ \t\n]+/).filter((x) => x !== "");
    }
    if (sep === "") return s.split("");
    if (sep.length === 1 && sep !== "\\") {
      return s.split(sep);
    }
    let re: AwkRegex;
    try {
      re = awkRegex(sep);
    } catch (e) {
      if (e instanceof AwkRegexError)
        this.rtError(`regular expression compile failed (${e.message})\n${sep}`);
      throw e;
    }
    return this.reSplit(s, re);
  }

  private reSplit(s: string, re: AwkRegex): string[] {
    const out: string[] = [];
    let pos = 0;
    let first = true;
    while (pos < s.length) {
      let m = this.searchNonEmpty(re, s, pos);
      if (m && !first && m.start === pos && re.source.startsWith("^")) m = null;
      if (!m) {
        out.push(s.slice(pos));
        return out;
      }
      out.push(s.slice(pos, m.start));
      pos = m.end;
      first = false;
    }
    // a separator at the very end leaves an empty last field
    if (pos === s.length && out.length) out.push("");
    return out;
  }

  private getField(n: number): Cell {
    if (n < 0) this.rtError(`negative field index $${n}`);
    if (n === 0) return this.field0;
    this.ensureSplit();
    if (n > this.nf) return str("");
    return this.fields[n];
  }

  private rebuildField0(): void {
    const ofs = this.getStr("OFS");
    const parts: string[] = [];
    for (let i = 1; i <= this.nf; i++) parts.push(this.toS(this.fields[i]));
    this.field0 = str(parts.join(ofs));
  }

  private setField(n: number, c: Cell): void {
    if (n < 0) this.rtError(`negative field index $${n}`);
    if (n === 0) {
      // field.c field_assign: $0 keeps the assigned cell as it is
      this.field0 = c;
      this.split = false;
      return;
    }
    this.ensureSplit();
    if (n > this.nf) {
      for (let i = this.nf + 1; i < n; i++) this.fields[i] = str("");
      this.nf = n;
      this.nfCell = num(n);
    }
    this.fields[n] = c;
    this.rebuildField0();
  }

  private setNF(c: Cell): void {
    this.ensureSplit();
    const n = dToI(toNumber(c));
    if (n < 0) this.rtError("negative value assigned to NF");
    if (n > this.nf) for (let i = this.nf + 1; i <= n; i++) this.fields[i] = str("");
    this.nf = n;
    this.fields.length = n + 1;
    this.nfCell = c;
    this.rebuildField0();
  }

  // ---- values -------------------------------------------------------------------------------------

  toS(c: Cell): string {
    switch (c.type) {
      case T.NOINIT:
        return "";
      case T.DOUBLE:
        return numToString(c.d, this.CONVFMT);
      default:
        return c.s;
    }
  }

  private outS(c: Cell): string {
    if (c.type === T.DOUBLE) return numToString(c.d, this.OFMT);
    return this.toS(c);
  }

  private truth(c: Cell): boolean {
    switch (c.type) {
      case T.NOINIT:
        return false;
      case T.DOUBLE:
        return c.d !== 0;
      case T.STRING:
        return c.s !== "";
      case T.STRNUM:
        return c.d !== 0;
      case T.MBSTRN: {
        checkStrnum(c);
        const ty = typeOf(c);
        return ty === T.STRNUM ? c.d !== 0 : c.s !== "";
      }
    }
  }

  private compare(a: Cell, b: Cell): number {
    if (a.type === T.MBSTRN) checkStrnum(a);
    if (b.type === T.MBSTRN) checkStrnum(b);
    const ta = a.type;
    const tb = b.type;
    if (ta === T.NOINIT && tb === T.NOINIT) return 0;
    const numeric = (t: T) => t === T.DOUBLE || t === T.STRNUM || t === T.NOINIT;
    if (numeric(ta) && numeric(tb)) {
      const x = toNumber(a);
      const y = toNumber(b);
      return x > y ? 1 : x < y ? -1 : 0;
    }
    const x = this.toS(a);
    const y = this.toS(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // ---- variables ---------------------------------------------------------------------------------

  private localRef(name: string): LocalRef | undefined {
    const f = this.frames[this.frames.length - 1];
    return f?.get(name);
  }

  private getVar(name: string): Cell {
    const l = this.localRef(name);
    if (l) {
      if (l.value === null) l.value = noinit();
      if (isArray(l.value)) this.rtError(`can't use array ${name} in scalar context`);
      return l.value;
    }
    let v = this.globals.get(name);
    if (v === undefined) {
      v = noinit();
      this.globals.set(name, v);
    }
    if (isArray(v)) this.rtError(`can't use array ${name} in scalar context`);
    return v;
  }

  private getArray(name: string): AwkArray {
    const l = this.localRef(name);
    if (l) {
      if (l.value === null || (!isArray(l.value) && l.value.type === T.NOINIT)) {
        const a = new AwkArray(() => this.CONVFMT);
        l.value = a;
        l.bind?.(a);
      }
      if (!isArray(l.value)) this.rtError(`can't use scalar ${name} as array`);
      return l.value;
    }
    let v = this.globals.get(name);
    if (v === undefined || (!isArray(v) && v.type === T.NOINIT)) {
      v = new AwkArray(() => this.CONVFMT);
      this.globals.set(name, v);
    }
    if (!isArray(v)) this.rtError(`can't use scalar ${name} as array`);
    return v;
  }

  private subscript(subs: Expr[]): Cell {
    if (subs.length === 1) {
      const c = copy(this.eval(subs[0]));
      if (c.type === T.MBSTRN) c.type = T.STRING;
      if (c.type === T.STRNUM) c.type = T.STRING;
      return c;
    }
    const sep = this.getStr("SUBSEP");
    return str(subs.map((e) => this.toS(this.eval(e))).join(sep));
  }

  private readLValue(lv: LValue): Cell {
    switch (lv.k) {
      case "var":
        return this.getVar(lv.name);
      case "elem":
        return this.getArray(lv.name).find(this.subscript(lv.subs), true)!;
      case "field":
        return this.getField(this.fieldIndex(lv.index));
      case "pfield":
        return this.getPseudo(lv.name);
    }
  }

  private fieldIndex(e: Expr): number {
    const d = toNumber(this.eval(e));
    const i = dToI(d);
    if (i < 0) this.rtError(`negative field index $${i}`);
    return i;
  }

  private getPseudo(name: string): Cell {
    switch (name) {
      case "NF":
        this.ensureSplit();
        return this.nfCell;
      case "FS":
        return this.fsCell;
      case "RS":
        return this.rsCell;
      case "OFMT":
        return this.ofmtCell;
      default:
        return this.convfmtCell;
    }
  }

  /** store a copy of `c` into an lvalue; returns the stored cell */
  private assignTo(lv: LValue, c: Cell): Cell {
    const v = copy(c);
    switch (lv.k) {
      case "var": {
        const l = this.localRef(lv.name);
        if (l) {
          if (isArray(l.value)) this.rtError(`can't assign to array ${lv.name}`);
          l.value = v;
          return v;
        }
        const g = this.globals.get(lv.name);
        if (isArray(g)) this.rtError(`can't assign to array ${lv.name}`);
        this.globals.set(lv.name, v);
        return v;
      }
      case "elem": {
        const a = this.getArray(lv.name);
        const k = this.subscript(lv.subs);
        const slot = a.find(k, true)!;
        Object.assign(slot, v);
        return slot;
      }
      case "field":
        this.setField(this.fieldIndex(lv.index), v);
        return v;
      case "pfield":
        this.setPseudo(lv.name, v);
        return v;
    }
  }

  private setPseudo(name: string, v: Cell): void {
    switch (name) {
      case "NF":
        this.setNF(v);
        return;
      case "FS":
        this.fsCell = v;
        this.FS = this.toS(v);
        return;
      case "RS":
        this.rsCell = v;
        this.RS = this.toS(v);
        return;
      case "OFMT":
        this.ofmtCell = v;
        this.OFMT = this.toS(v);
        return;
      case "CONVFMT":
        this.convfmtCell = v;
        this.CONVFMT = this.toS(v);
        return;
    }
  }

  // ---- statements -----------------------------------------------------------------------------------

  // ---- slicing ------------------------------------------------------------------------------------------

  /** Steps counted in this run, and where the current synchronous block started (STEP_LIMIT). */
  private steps = 0;
  private syncStart = 0;
  private sliceAt = AWK_SLICE;
  private readonly loopyCache = new WeakMap<Stmt, boolean>();

  /** The statement may run a loop (itself, or a user function it calls as a statement). */
  private loopy(s: Stmt): boolean {
    let r = this.loopyCache.get(s);
    if (r !== undefined) return r;
    this.loopyCache.set(s, false); // a recursive function is not looked at twice
    switch (s.k) {
      case "while":
      case "do":
      case "for":
      case "forin":
        r = true;
        break;
      case "block":
        r = s.body.some((x) => this.loopy(x));
        break;
      case "if":
        r = this.loopy(s.t) || (s.f !== null && this.loopy(s.f));
        break;
      case "expr": {
        const f = s.e.k === "call" ? this.prog.funcs.get(s.e.name) : undefined;
        r = f !== undefined && this.loopy(f.body);
        break;
      }
      default:
        r = false;
    }
    this.loopyCache.set(s, r);
    return r;
  }

  /** A step of a loop; a sliced run yields at the end of its slice. */
  private *tick(): Generator<void, void, void> {
    this.step();
    if (this.steps < this.sliceAt) return;
    this.sliceAt = this.steps + AWK_SLICE;
    const interrupted = this.host.interrupted;
    if (!interrupted) return;
    this.flushForStderr();
    yield;
    this.syncStart = this.steps;
    if (interrupted()) throw new InterruptSignal();
  }

  private *body(s: Stmt): Generator<void, void, void> {
    if (this.loopy(s)) yield* this.execG(s);
    else this.exec(s);
  }

  /** exec() for statements that loop: the same semantics, resumable between iterations. */
  private *execG(s: Stmt): Generator<void, void, void> {
    if (!this.loopy(s)) {
      this.exec(s);
      return;
    }
    switch (s.k) {
      case "block":
        for (const x of s.body) yield* this.body(x);
        return;
      case "expr":
        if (s.e.k === "call") yield* this.callG(s.e.name, s.e.args);
        else this.eval(s.e);
        return;
      case "if":
        if (this.truth(this.eval(s.c))) yield* this.body(s.t);
        else if (s.f) yield* this.body(s.f);
        return;
      case "while":
        while (this.truth(this.eval(s.c))) {
          yield* this.tick();
          try {
            yield* this.body(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return;
      case "do":
        do {
          yield* this.tick();
          try {
            yield* this.body(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        } while (this.truth(this.eval(s.c)));
        return;
      case "for":
        if (s.init) this.eval(s.init);
        while (!s.c || this.truth(this.eval(s.c))) {
          yield* this.tick();
          try {
            yield* this.body(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (!(e instanceof ContinueSignal)) throw e;
          }
          if (s.step) this.eval(s.step);
        }
        return;
      case "forin": {
        const keys = this.getArray(s.arr).keys();
        for (const k of keys) {
          yield* this.tick();
          this.assignTo(s.v, str(k));
          try {
            yield* this.body(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return;
      }
      default:
        this.exec(s);
    }
  }

  private exec(s: Stmt): void {
    switch (s.k) {
      case "block":
        for (const x of s.body) this.exec(x);
        return;
      case "expr":
        this.eval(s.e);
        return;
      case "print":
        this.execPrint(s);
        return;
      case "if":
        if (this.truth(this.eval(s.c))) this.exec(s.t);
        else if (s.f) this.exec(s.f);
        return;
      case "while":
        while (this.truth(this.eval(s.c))) {
          this.step();
          try {
            this.exec(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return;
      case "do":
        do {
          this.step();
          try {
            this.exec(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        } while (this.truth(this.eval(s.c)));
        return;
      case "for":
        if (s.init) this.eval(s.init);
        while (!s.c || this.truth(this.eval(s.c))) {
          this.step();
          try {
            this.exec(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (!(e instanceof ContinueSignal)) throw e;
          }
          if (s.step) this.eval(s.step);
        }
        return;
      case "forin": {
        const keys = this.getArray(s.arr).keys();
        for (const k of keys) {
          this.assignTo(s.v, str(k));
          try {
            this.exec(s.body);
          } catch (e) {
            if (e instanceof BreakSignal) break;
            if (e instanceof ContinueSignal) continue;
            throw e;
          }
        }
        return;
      }
      case "break":
        throw new BreakSignal();
      case "continue":
        throw new ContinueSignal();
      case "next":
        throw new NextSignal();
      case "nextfile":
        throw new NextFileSignal();
      case "exit": {
        const code = s.e ? dToI(toNumber(this.eval(s.e))) & 0xff : null;
        throw new ExitSignal(code);
      }
      case "return":
        throw new ReturnSignal(s.e ? copy(this.eval(s.e)) : noinit());
      case "delete": {
        const a = this.getArray(s.name);
        if (s.subs === null) a.clear();
        else a.delete(this.subscript(s.subs));
        return;
      }
      case "nop":
        return;
    }
  }

  private inEnd = false;

  private execPrint(s: Extract<Stmt, { k: "print" }>): void {
    let text: string;
    if (s.printf) {
      const vals = s.args.map((a) => copy(this.eval(a)));
      text = this.doPrintf(vals, "printf", !s.dest);
    } else if (s.args.length === 0) {
      text = this.toS(this.getField0()) + this.getStr("ORS");
    } else {
      const ofs = this.getStr("OFS");
      text = s.args.map((a) => this.outS(this.eval(a))).join(ofs) + this.getStr("ORS");
    }
    if (!s.dest) {
      this.out += text;
      return;
    }
    const target = this.toS(this.eval(s.dest.e));
    this.writeTo(s.dest.mode, target, text);
  }

  private writeTo(mode: string, target: string, text: string): void {
    if (mode === "|") {
      let p = this.outPipes.get(target);
      if (!p) {
        p = { cmd: target, data: "" };
        this.outPipes.set(target, p);
      }
      p.data += text;
      return;
    }
    if (target === "/dev/stdout") {
      this.out += text;
      return;
    }
    if (target === "/dev/stderr") {
      this.flushForStderr();
      this.host.stderr(text);
      return;
    }
    this.flushForStderr();
    this.host.stderr(`${this.progname}: cannot open "${target}" for output (Read-only file system)\n`);
    throw new ExitSignal(2);
  }

  /** printf/sprintf; printf to stdout shows what it formatted before an error, as mawk does */
  private doPrintf(vals: Cell[], who: string, toStdout = false): string {
    const fmt = vals.length ? this.toS(vals[0]) : "";
    let r: ReturnType<typeof formatPrintf>;
    try {
      r = formatPrintf(fmt, vals.slice(1), who, (c) => this.toS(c));
    } catch (e) {
      // a field width of two billion
      if (e instanceof RangeError) this.rtError("out of memory");
      throw e;
    }
    if (typeof r === "string") return r;
    if (toStdout) this.out += r.partial;
    this.rtError(r.error);
  }

  private closeAll(): void {
    for (const [k] of this.outPipes) this.closeStream(k);
  }

  private closeStream(name: string): number {
    const p = this.outPipes.get(name);
    if (p) {
      this.outPipes.delete(name);
      this.flush();
      const r = this.host.runCommand(p.cmd, p.data);
      if (r.stdout) this.host.stdout(r.stdout);
      if (r.stderr) this.host.stderr(r.stderr);
      return r.status;
    }
    if (this.files.delete(name) || this.cmdInputs.delete(name)) return 0;
    return -1;
  }

  // ---- expressions ---------------------------------------------------------------------------------

  private regexOf(e: Expr): AwkRegex {
    if (e.k === "re") return e.re;
    const src = this.toS(this.eval(e));
    try {
      return awkRegex(src);
    } catch (err) {
      if (err instanceof AwkRegexError)
        this.rtError(`regular expression compile failed (${err.message})\n${src}`);
      throw err;
    }
  }

  private arith(op: string, x: number, y: number): number {
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "/": {
        const r = x / y;
        return Number.isNaN(r) ? NEG_NAN : r;
      }
      case "%": {
        const r = x % y;
        return Number.isNaN(r) ? NEG_NAN : r;
      }
      default: {
        const r = Math.pow(x, y);
        return Number.isNaN(r) ? NEG_NAN : r;
      }
    }
  }

  eval(e: Expr): Cell {
    switch (e.k) {
      case "num":
        return num(e.v);
      case "str":
        return str(e.v);
      case "re":
        return num(e.re.re.test(this.toS(this.field0)) ? 1 : 0);
      case "var":
        return this.getVar(e.name);
      case "elem":
        return this.getArray(e.name).find(this.subscript(e.subs), true)!;
      case "field":
        return this.getField(this.fieldIndex(e.index));
      case "pfield":
        return this.getPseudo(e.name);
      case "group":
        return this.eval(e.items[0]);
      case "assign": {
        if (e.op === "=") {
          const v = copy(this.eval(e.value));
          return this.assignTo(e.target, v);
        }
        const right = toNumber(this.eval(e.value));
        const left = toNumber(this.readLValue(e.target));
        return this.assignTo(e.target, num(this.arith(e.op[0], left, right)));
      }
      case "cond":
        return this.truth(this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case "or":
        return num(this.truth(this.eval(e.a)) || this.truth(this.eval(e.b)) ? 1 : 0);
      case "and":
        return num(this.truth(this.eval(e.a)) && this.truth(this.eval(e.b)) ? 1 : 0);
      case "in": {
        const key = this.subscript(e.subs);
        return num(this.getArray(e.name).find(key, false) ? 1 : 0);
      }
      case "match": {
        const s = this.toS(this.eval(e.a));
        const re = this.regexOf(e.re);
        const m = re.re.test(s);
        return num(m !== e.neg ? 1 : 0);
      }
      case "cmp": {
        const a = copy(this.eval(e.a));
        const b = copy(this.eval(e.b));
        const r = this.compare(a, b);
        let ok: boolean;
        switch (e.op) {
          case "==":
            ok = r === 0;
            break;
          case "!=":
            ok = r !== 0;
            break;
          case "<":
            ok = r < 0;
            break;
          case "<=":
            ok = r <= 0;
            break;
          case ">":
            ok = r > 0;
            break;
          default:
            ok = r >= 0;
        }
        return num(ok ? 1 : 0);
      }
      case "cat": {
        const a = this.toS(this.eval(e.a));
        const b = this.toS(this.eval(e.b));
        // `x = x x` forty times: mawk's zmalloc fails and says so (out_of_mem → rt_error)
        if (a.length + b.length > STRING_LIMIT) this.rtError("out of memory");
        return str(a + b);
      }
      case "bin": {
        const x = toNumber(this.eval(e.a));
        const y = toNumber(this.eval(e.b));
        return num(this.arith(e.op, x, y));
      }
      case "unary": {
        const v = this.eval(e.a);
        if (e.op === "!") return num(this.truth(v) ? 0 : 1);
        const d = toNumber(v);
        return num(e.op === "-" ? -d : d);
      }
      case "incdec": {
        const old = toNumber(this.readLValue(e.target));
        const nv = e.op === "+" ? old + 1 : old - 1;
        this.assignTo(e.target, num(nv));
        return num(e.pre ? nv : old);
      }
      case "call":
        return this.call(e.name, e.args);
      case "builtin":
        return this.builtin(e.name, e.args);
      case "split": {
        const s = this.toS(this.eval(e.s));
        const sep: Cell | AwkRegex = e.sep
          ? e.sep.k === "re"
            ? e.sep.re
            : copy(this.eval(e.sep))
          : this.fsCell;
        const parts = this.splitWith(s, sep);
        this.getArray(e.name).load(parts.map(mbstrn));
        return num(parts.length);
      }
      case "matchf": {
        const s = this.toS(this.eval(e.s));
        const re = this.regexOf(e.re);
        const m = re.re.search(s, 0);
        if (m) {
          this.setGlobal("RSTART", num(m.start + 1));
          this.setGlobal("RLENGTH", num(m.end - m.start));
          return num(m.start + 1);
        }
        this.setGlobal("RSTART", num(0));
        this.setGlobal("RLENGTH", num(-1));
        return num(0);
      }
      case "sub":
        return this.sub(e);
      case "getline":
        return this.getline(e);
    }
  }

  // ---- sub / gsub (bi_funct.c) -------------------------------------------------------------------

  private sub(e: Extract<Expr, { k: "sub" }>): Cell {
    const re = this.regexOf(e.re);
    const replCell = this.eval(e.repl);
    const repl = this.toS(replCell);
    const target: LValue = e.target ?? { k: "field", index: { k: "num", v: 0 } };
    const s = this.toS(this.readLValue(target));
    const expand = (m: string) => {
      let out = "";
      for (let i = 0; i < repl.length; i++) {
        const c = repl[i];
        if (c === "\\" && (repl[i + 1] === "&" || repl[i + 1] === "\\")) {
          out += repl[++i];
        } else if (c === "&") out += m;
        else out += c;
      }
      return out;
    };
    let count = 0;
    let result = "";
    if (!e.global) {
      const m = re.re.search(s, 0);
      if (!m) return num(0);
      result = s.slice(0, m.start) + expand(s.slice(m.start, m.end)) + s.slice(m.end);
      count = 1;
    } else {
      // gsub: empty matches are replaced between characters, but not right after a match
      let pos = 0;
      let lastMatchEnd = -1;
      while (pos <= s.length) {
        const m = re.re.search(s, pos);
        if (!m) break;
        if (m.end === m.start && m.start === lastMatchEnd) {
          // an empty match just after the previous match: skip one character
          if (m.start < s.length) result += s.slice(pos, m.start + 1);
          pos = m.start + 1;
          if (m.start >= s.length) break;
          continue;
        }
        result += s.slice(pos, m.start) + expand(s.slice(m.start, m.end));
        count++;
        if (m.end === m.start) {
          if (m.start < s.length) result += s[m.start];
          pos = m.start + 1;
        } else pos = m.end;
        lastMatchEnd = m.end;
      }
      if (pos < s.length) result += s.slice(pos);
      if (count === 0) return num(0);
    }
    this.assignTo(target, str(result));
    return num(count);
  }

  // ---- getline ------------------------------------------------------------------------------------------

  private getline(e: Extract<Expr, { k: "getline" }>): Cell {
    let rec: string | null;
    if (e.cmd) {
      const cmd = this.toS(this.eval(e.cmd));
      let src = this.cmdInputs.get(cmd);
      if (!src) {
        this.flush();
        const r = this.host.runCommand(cmd, this.stdinForCommand());
        if (r.stderr) this.host.stderr(r.stderr);
        src = { name: cmd, data: r.stdout, pos: 0, started: false };
        this.cmdInputs.set(cmd, src);
      }
      rec = this.readRecord(src);
      if (rec === null) return num(0);
      this.incr("NR");
    } else if (e.file) {
      const name = this.toS(this.eval(e.file));
      let src = this.files.get(name);
      if (!src) {
        const data = name === "-" || name === "/dev/stdin" ? this.readStdin() : this.host.readFile(name);
        if (isReadError(data)) {
          if (failsOnRead(data)) this.readError(data);
          return num(-1);
        }
        src = { name, data, pos: 0, started: false };
        this.files.set(name, src);
      }
      rec = this.readRecord(src);
      if (rec === null) return num(0);
    } else {
      rec = this.nextMainRecord();
      if (rec === null) return num(0);
    }
    if (e.target) this.assignTo(e.target, mbstrn(rec));
    else this.setField0(rec);
    return num(1);
  }

  // ---- functions ----------------------------------------------------------------------------------------

  private step(): void {
    if (++this.steps - this.syncStart > STEP_LIMIT)
      this.rtError("too many loop iterations (the simulator stops runaway loops)");
  }

  private call(name: string, args: Expr[]): Cell {
    const f = this.enter(name, args);
    try {
      this.exec(f.body);
      return noinit();
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.frames.pop();
    }
  }

  /** A call as a statement (`f()`), resumable when the function loops. */
  private *callG(name: string, args: Expr[]): Generator<void, Cell, void> {
    const f = this.enter(name, args);
    try {
      yield* this.execG(f.body);
      return noinit();
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.frames.pop();
    }
  }

  /** Binds the arguments of a call to a new frame (pushed); the function called. */
  private enter(name: string, args: Expr[]): FuncDef {
    this.step();
    if (this.frames.length >= DEPTH_LIMIT) this.rtError(`function call nesting too deep in call to ${name}`);
    const f: FuncDef | undefined = this.prog.funcs.get(name);
    if (!f) this.rtError(`function ${name} never defined`);
    if (args.length > f.params.length) this.rtError(`too many arguments in call to ${name}`);
    const frame = new Map<string, LocalRef>();
    f.params.forEach((p, i) => {
      const a = args[i];
      if (!a) {
        frame.set(p, { value: null });
        return;
      }
      if (a.k === "var") {
        // a bare name: arrays by reference, untyped names may become arrays
        const l = this.localRef(a.name);
        const cur = l ? l.value : this.globals.get(a.name);
        if (isArray(cur)) {
          frame.set(p, { value: cur });
          return;
        }
        if (cur === undefined || cur === null || cur.type === T.NOINIT) {
          const bind = (arr: AwkArray) => {
            if (l) {
              l.value = arr;
              l.bind?.(arr);
            } else this.globals.set(a.name, arr);
          };
          frame.set(p, { value: null, bind });
          return;
        }
        frame.set(p, { value: copy(cur) });
        return;
      }
      frame.set(p, { value: copy(this.eval(a)) });
    });
    this.frames.push(frame);
    return f;
  }

  // ---- builtins -----------------------------------------------------------------------------------------

  private builtin(name: string, args: Expr[]): Cell {
    const ev = (i: number) => this.eval(args[i]);
    const n = (i: number) => toNumber(ev(i));
    switch (name) {
      case "length":
        return num(args.length ? this.toS(ev(0)).length : this.toS(this.field0).length);
      case "length_array": {
        const a = args[0] as { k: "var"; name: string };
        return num(this.getArray(a.name).size);
      }
      case "index": {
        const s = this.toS(ev(0));
        const t = this.toS(ev(1));
        return num(s.indexOf(t) + 1);
      }
      case "substr":
        return str(this.substr(args));
      case "sprintf": {
        const vals = args.map((a) => copy(this.eval(a)));
        return str(this.doPrintf(vals, "sprintf"));
      }
      case "sin":
        return num(Math.sin(n(0)));
      case "cos":
        return num(Math.cos(n(0)));
      case "atan2":
        return num(Math.atan2(n(0), n(1)));
      case "exp":
        return num(Math.exp(n(0)));
      case "log": {
        const x = n(0);
        return num(x < 0 || Number.isNaN(x) ? NEG_NAN : Math.log(x));
      }
      case "sqrt": {
        const x = n(0);
        return num(x < 0 ? NEG_NAN : Math.sqrt(x));
      }
      case "int":
        return num(Math.trunc(n(0)));
      case "rand":
        return num(nextRandom(this.randState) / 2147483647);
      case "srand": {
        const prev = this.prevSeed;
        const seed = args.length ? n(0) : 0;
        this.prevSeed = seed;
        this.randState = seedRandom(dToI(seed) >>> 0);
        return num(prev);
      }
      case "close": {
        const s = this.toS(ev(0));
        return num(this.closeStream(s));
      }
      case "system": {
        const cmd = this.toS(ev(0));
        this.flush();
        const r = this.host.runCommand(cmd, this.stdinForCommand());
        if (r.stdout) this.host.stdout(r.stdout);
        if (r.stderr) this.host.stderr(r.stderr);
        return num(r.status);
      }
      case "toupper":
        return str(this.toS(ev(0)).replace(/[a-z]+/g, (m) => m.toUpperCase()));
      case "tolower":
        return str(this.toS(ev(0)).replace(/[A-Z]+/g, (m) => m.toLowerCase()));
      case "fflush":
        this.flush();
        return num(0);
      case "systime":
        return num(0);
      case "mktime":
        return num(-1);
      case "strftime":
        return str("");
      default:
        this.rtError(`unknown function ${name}`);
    }
  }

  /** bi_substr, truncating indexes like d_to_i */
  private substr(args: Expr[]): string {
    const s = this.toS(this.eval(args[0]));
    const len = s.length;
    if (len === 0) {
      if (args[1]) this.eval(args[1]);
      if (args[2]) this.eval(args[2]);
      return "";
    }
    let n: number;
    const iv = toNumber(this.eval(args[1]));
    if (args.length === 2) n = len;
    else n = dToI(toNumber(this.eval(args[2])));
    let i = dToI(iv) - 1;
    if (i > len) n = 0;
    if (i < 0) {
      n -= i + 1;
      i = 0;
    }
    if (n > len - i) n = len - i;
    if (n <= 0) return "";
    return s.slice(i, i + n);
  }
}

function envCells(a: AwkArray): Cell[] {
  return a.keys().map((k) => a.find(str(k), false)!);
}

function rmEscapeValue(s: string): string {
  return s.replace(/\\(["\\/abfnrtv]|[0-7]{1,3})/g, (m, c: string) => {
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      '"': '"',
      "/": "\\/",
    };
    if (c in simple) return simple[c];
    return String.fromCharCode(parseInt(c, 8) & 0xff);
  });
}

/** The environment a lab shell has (root's login). */
const DEFAULT_ENV: Record<string, string> = {
  HOME: "/root",
  LOGNAME: "root",
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  PWD: "/root",
  SHELL: "/bin/bash",
  TERM: "xterm-256color",
  USER: "root",
};

// ---- glibc random() (TYPE_3 additive feedback), as mawk's rand() uses it -------------------------

interface RandomState {
  r: number[];
  i: number;
}

function seedRandom(seed: number): RandomState {
  const r: number[] = new Array(34);
  r[0] = seed | 0;
  if (r[0] === 0) r[0] = 1;
  for (let i = 1; i < 31; i++) {
    // r[i] = (16807 * r[i-1]) % 2147483647 without overflow
    const hi = Math.trunc(r[i - 1] / 127773);
    const lo = r[i - 1] % 127773;
    let word = 16807 * lo - 2836 * hi;
    if (word < 0) word += 2147483647;
    r[i] = word;
  }
  for (let i = 31; i < 34; i++) r[i] = r[i - 31];
  const st: RandomState = { r, i: 34 };
  for (let k = 0; k < 310; k++) nextRandom(st);
  return st;
}

function nextRandom(st: RandomState): number {
  const r = st.r;
  const v = (r[st.i - 31] + r[st.i - 3]) | 0;
  r.push(v);
  st.i++;
  if (r.length > 1000) {
    st.r = r.slice(r.length - 34);
    st.i = 34;
  }
  return v >>> 1;
}

export { RuntimeError, strtod };
