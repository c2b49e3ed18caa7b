/**
 * grep (GNU grep 3.8, Debian 12) in the C locale. A port of grep.c's output logic (prline,
 * print_line_head, print_line_middle, prtext, prpending, grepdesc) over the POSIX regex engine
 * in ./regex, with dfasearch.c's EGexecute rules for -w and -x. Covers -E -F -G -P, -e/-f,
 * -i -v -w -x -c -l -L -o -q -s -n -b -h -H -m -A -B -C -NUM -T -Z -z -a -I -U,
 * --color, --label, --group-separator, --binary-files, binary-file detection (NUL bytes),
 * exit statuses and GNU's diagnostics.
 *
 * Known differences: -r/-R cannot walk directories (a directory operand is searched as an empty
 * one; file operands are read as files); -P uses JavaScript regular expressions (close to PCRE2,
 * but not its error messages); --color=auto never colours because the output is not known to be
 * a terminal.
 */
import { Inputs, failsOnRead, isReadError, printHelp } from "./common.js";
import { VERSION } from "./help.js";
import { getopt, type LongOption } from "./getopt.js";
import {
  compileRegex,
  literalRegex,
  RE,
  Regex,
  RegexSyntaxError,
  SYNTAX_EGREP,
  SYNTAX_GREP,
  type Span,
} from "./regex/index.js";
import { isWordChar } from "./regex/parse.js";
import type { TextIO } from "./types.js";

const SHORT = "0123456789A:B:C:D:EFGHIJLNPTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz";

const LONG: LongOption[] = [
  { name: "basic-regexp", arg: "none", key: "G" },
  { name: "extended-regexp", arg: "none", key: "E" },
  { name: "fixed-regexp", arg: "none", key: "F" },
  { name: "fixed-strings", arg: "none", key: "F" },
  { name: "perl-regexp", arg: "none", key: "P" },
  { name: "after-context", arg: "required", key: "A" },
  { name: "before-context", arg: "required", key: "B" },
  { name: "binary-files", arg: "required", key: "binary-files" },
  { name: "byte-offset", arg: "none", key: "b" },
  { name: "context", arg: "required", key: "C" },
  { name: "color", arg: "optional", key: "color" },
  { name: "colour", arg: "optional", key: "color" },
  { name: "count", arg: "none", key: "c" },
  { name: "devices", arg: "required", key: "D" },
  { name: "directories", arg: "required", key: "d" },
  { name: "exclude", arg: "required", key: "exclude" },
  { name: "exclude-from", arg: "required", key: "exclude-from" },
  { name: "exclude-dir", arg: "required", key: "exclude-dir" },
  { name: "file", arg: "required", key: "f" },
  { name: "files-with-matches", arg: "none", key: "l" },
  { name: "files-without-match", arg: "none", key: "L" },
  { name: "group-separator", arg: "required", key: "group-separator" },
  { name: "help", arg: "none", key: "help" },
  { name: "include", arg: "required", key: "include" },
  { name: "ignore-case", arg: "none", key: "i" },
  { name: "no-ignore-case", arg: "none", key: "no-ignore-case" },
  { name: "initial-tab", arg: "none", key: "T" },
  { name: "label", arg: "required", key: "label" },
  { name: "line-buffered", arg: "none", key: "line-buffered" },
  { name: "line-number", arg: "none", key: "n" },
  { name: "line-regexp", arg: "none", key: "x" },
  { name: "max-count", arg: "required", key: "m" },
  { name: "no-filename", arg: "none", key: "h" },
  { name: "no-group-separator", arg: "none", key: "no-group-separator" },
  { name: "no-messages", arg: "none", key: "s" },
  { name: "null", arg: "none", key: "Z" },
  { name: "null-data", arg: "none", key: "z" },
  { name: "only-matching", arg: "none", key: "o" },
  { name: "quiet", arg: "none", key: "q" },
  { name: "recursive", arg: "none", key: "r" },
  { name: "dereference-recursive", arg: "none", key: "R" },
  { name: "regexp", arg: "required", key: "e" },
  { name: "invert-match", arg: "none", key: "v" },
  { name: "silent", arg: "none", key: "q" },
  { name: "text", arg: "none", key: "a" },
  { name: "binary", arg: "none", key: "U" },
  { name: "unix-byte-offsets", arg: "none", key: "u" },
  { name: "version", arg: "none", key: "V" },
  { name: "with-filename", arg: "none", key: "H" },
  { name: "word-regexp", arg: "none", key: "w" },
];

// GREP_COLORS defaults: ms=01;31:mc=01;31:sl=:cx=:fn=35:ln=32:bn=32:se=36
const COLOR = {
  selectedMatch: "01;31",
  contextMatch: "01;31",
  filename: "35",
  lineNum: "32",
  byteNum: "32",
  sep: "36",
};
const sgr = (color: string, text: string) => `\x1b[${color}m\x1b[K${text}\x1b[m\x1b[K`;

class GrepExit extends Error {
  constructor(readonly status: number) {
    super("exit");
  }
}

/** One compiled pattern with the search primitives EGexecute needs. */
interface PatternMatcher {
  /** leftmost-longest match at or after `from` within [0,end) */
  search(s: string, from: number, end: number, noteol: boolean): Span | null;
  /** longest match starting at `at`, within [0,end) */
  matchAt(s: string, at: number, end: number, noteol: boolean): Span | null;
}

function regexMatcher(re: Regex): PatternMatcher {
  return {
    search: (s, from, end, noteol) => re.search(s, from, { end, noteol }),
    matchAt: (s, at, end, noteol) => re.matchAt(s, at, { end, noteol }),
  };
}

/** -P: a JavaScript RegExp standing in for PCRE2 (leftmost-first, like PCRE). */
function perlMatcher(re: RegExp): PatternMatcher {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
  const y = new RegExp(re.source, re.flags.replace("g", "") + "y");
  return {
    search: (s, from, end) => {
      g.lastIndex = from;
      const str = end < s.length ? s.slice(0, end) : s;
      const m = g.exec(str);
      return m ? { start: m.index, end: m.index + m[0].length } : null;
    },
    matchAt: (s, at, end) => {
      y.lastIndex = at;
      const str = end < s.length ? s.slice(0, end) : s;
      const m = y.exec(str);
      return m ? { start: m.index, end: m.index + m[0].length } : null;
    },
  };
}

interface Options {
  invert: boolean;
  words: boolean;
  lines: boolean;
}

/**
 * dfasearch.c EGexecute for one line: the leftmost (then longest) match at or after `from`
 * honouring -w / -x, or null.
 */
function execute(pats: PatternMatcher[], line: string, from: number, o: Options): Span | null {
  const end = line.length;
  let best: Span | null = null;
  for (const p of pats) {
    if (o.lines) {
      const m = p.matchAt(line, 0, end, false);
      if (m && m.end === end && from === 0) {
        if (!best || m.start < best.start || (m.start === best.start && m.end > best.end)) best = m;
      }
      continue;
    }
    let m = p.search(line, from, end, false);
    if (!m) continue;
    if (best && m.start > best.start) continue;
    if (!o.words) {
      if (!best || m.start < best.start || m.end > best.end) best = m;
      continue;
    }
    let start = m.start;
    let len = m.end - m.start;
    const bestStart = best ? best.start : end;
    while (start <= bestStart) {
      const prevWord = start > 0 && isWordChar(line.charCodeAt(start - 1));
      const nextWord = start + len < end && isWordChar(line.charCodeAt(start + len));
      if (!prevWord && !nextWord) {
        const cand = { start, end: start + len };
        if (!best || cand.start < best.start || (cand.start === best.start && cand.end > best.end))
          best = cand;
        break;
      }
      let shorter = 0;
      if (len > 0) {
        len--;
        const sm = p.matchAt(line, start, start + len, true);
        shorter = sm ? sm.end - sm.start : -1;
      }
      if (shorter > 0) len = shorter;
      else {
        if (start === end) break;
        start++;
        m = p.search(line, start, end, false);
        if (!m) break;
        start = m.start;
        len = m.end - m.start;
      }
    }
  }
  return best;
}

/** PCRE2's wording for the JavaScript RegExp errors learners hit most. */
function pcreMessage(js: string): string {
  const m = js.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "");
  const table: [RegExp, string][] = [
    [/Unterminated group/, "missing closing parenthesis"],
    [/Unmatched '\)'/, "unmatched closing parenthesis"],
    [/Nothing to repeat/, "quantifier does not follow a repeatable item"],
    [/Unterminated character class/, "missing terminating ] for character class"],
    [/\\ at end of pattern/, "\\ at end of pattern"],
    [/numbers out of order/, "numbers out of order in {} quantifier"],
    [/Invalid group/, "unrecognized character after (? or (?-"],
  ];
  for (const [re, text] of table) if (re.test(m)) return text;
  return m;
}

export function grep(io: TextIO): number {
  try {
    return grepMain(io);
  } catch (e) {
    if (e instanceof GrepExit) return e.status;
    throw e;
  }
}

function grepMain(io: TextIO): number {
  const prog = io.argv[0];
  const die = (msg: string): never => {
    io.stderr(`${prog}: ${msg}\n`);
    throw new GrepExit(2);
  };
  const usageError = (): never => {
    io.stderr(`Usage: ${prog} [OPTION]... PATTERNS [FILE]...\nTry '${prog} --help' for more information.\n`);
    throw new GrepExit(2);
  };

  // grep parses digit options (-5, -15) as a context length: handled below
  const r = getopt(io.argv, { short: SHORT, long: LONG });

  let matcher = "" as "" | "G" | "E" | "F" | "P";
  const setMatcher = (m: "G" | "E" | "F" | "P") => {
    if (matcher && matcher !== m) die("conflicting matchers specified");
    matcher = m;
  };
  let afterCtx = -1;
  let beforeCtx = -1;
  let defaultCtx = -1;
  let filenameOption = 0;
  let binaryFiles = "binary" as "binary" | "text" | "without-match";
  let alignTabs = false;
  let outByte = false;
  let countMatches = false;
  let patterns: string[] | null = null;
  const patternOrigins: { file: string; line: number }[] = [];
  let icase = false;
  let listFiles = "" as "" | "matching" | "nonmatching";
  let maxCount = Number.MAX_SAFE_INTEGER;
  let outLine = false;
  let onlyMatching = false;
  let exitOnMatch = false;
  let suppressErrors = false;
  let directories: "read" | "recurse" | "skip" = "read";
  let invert = false;
  let words = false;
  let lineRegexp = false;
  let nullAfterName = false;
  let eol = "\n";
  let color = 0;
  let groupSeparator: string | null = "--";
  let label: string | null = null;
  let showHelp = false;
  let showVersion = false;
  let digitBuf = "";
  const inputs = new Inputs(io);

  const contextArg = (s: string): number => {
    const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
    if (!m || (m[1] === "-" && Number(m[2]) !== 0)) die(`${s}: invalid context length argument`);
    const n = Number(m![2]);
    return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
  };
  const addPatterns = (text: string, file: string | null) => {
    patterns ??= [];
    const parts = text.split("\n");
    parts.forEach((p, i) => {
      patterns!.push(p);
      patternOrigins.push({ file: file ?? "", line: i + 1 });
    });
  };

  r.options.forEach((o, idx) => {
    if (/^[0-9]$/.test(o.key)) {
      // -NUM: digits within one argument accumulate (grep.c get_nondigit_option)
      const prev = r.options[idx - 1];
      const cont = prev !== undefined && /^[0-9]$/.test(prev.key) && prev.argIndex === o.argIndex;
      digitBuf = cont ? (digitBuf === "0" ? "" : digitBuf) + o.key : o.key;
      defaultCtx = contextArg(digitBuf);
      return;
    }
    const v = o.value ?? "";
    switch (o.key) {
      case "A":
        afterCtx = contextArg(v);
        break;
      case "B":
        beforeCtx = contextArg(v);
        break;
      case "C":
        defaultCtx = contextArg(v);
        break;
      case "D":
        if (v !== "read" && v !== "skip") die("unknown devices method");
        break;
      case "E":
        setMatcher("E");
        break;
      case "F":
        setMatcher("F");
        break;
      case "P":
        setMatcher("P");
        break;
      case "G":
        setMatcher("G");
        break;
      case "X":
        if (v === "grep") setMatcher("G");
        else if (v === "egrep") setMatcher("E");
        else if (v === "fgrep") setMatcher("F");
        else if (v === "perl") setMatcher("P");
        else die(`invalid matcher ${v}`);
        break;
      case "H":
        filenameOption = 1;
        break;
      case "I":
        binaryFiles = "without-match";
        break;
      case "T":
        alignTabs = true;
        break;
      case "U":
        break;
      case "u":
        io.stderr(`${prog}: warning: --unix-byte-offsets (-u) is obsolete\n`);
        break;
      case "V":
        showVersion = true;
        break;
      case "a":
        binaryFiles = "text";
        break;
      case "b":
        outByte = true;
        break;
      case "c":
        countMatches = true;
        break;
      case "d": {
        const choices = ["read", "recurse", "skip"];
        const m = choices.filter((c) => c.startsWith(v));
        if (!choices.includes(v) && m.length !== 1) {
          io.stderr(
            `${prog}: ${m.length ? "ambiguous" : "invalid"} argument '${v}' for '--directories'\nValid arguments are:\n  - 'read'\n  - 'recurse'\n  - 'skip'\nUsage: ${prog} [OPTION]... PATTERNS [FILE]...\nTry '${prog} --help' for more information.\n`,
          );
          throw new GrepExit(1);
        }
        directories = choices.includes(v) ? (v as typeof directories) : (m[0] as typeof directories);
        break;
      }
      case "e":
        addPatterns(v, null);
        break;
      case "f": {
        const data = v === "-" ? inputs.read("-") : inputs.read(v);
        if (isReadError(data)) return die(`${v}: ${data.message}`);
        if (data !== "") addPatterns(data.endsWith("\n") ? data.slice(0, -1) : data, v);
        else patterns ??= [];
        break;
      }
      case "h":
        filenameOption = -1;
        break;
      case "i":
      case "y":
        icase = true;
        break;
      case "no-ignore-case":
        icase = false;
        break;
      case "L":
        listFiles = "nonmatching";
        break;
      case "l":
        listFiles = "matching";
        break;
      case "m": {
        const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(v);
        if (!m) die("invalid max count");
        const n = Number(m![2]) * (m![1] === "-" ? -1 : 1);
        maxCount = n < 0 ? Number.MAX_SAFE_INTEGER : Math.min(n, Number.MAX_SAFE_INTEGER);
        break;
      }
      case "n":
        outLine = true;
        break;
      case "o":
        onlyMatching = true;
        break;
      case "q":
        exitOnMatch = true;
        break;
      case "R":
      case "r":
        directories = "recurse";
        break;
      case "s":
        suppressErrors = true;
        break;
      case "v":
        invert = true;
        break;
      case "w":
        words = true;
        break;
      case "x":
        lineRegexp = true;
        break;
      case "Z":
        nullAfterName = true;
        break;
      case "z":
        eol = "\0";
        break;
      case "binary-files":
        if (v === "binary" || v === "text" || v === "without-match") binaryFiles = v;
        else die("unknown binary-files type");
        break;
      case "color":
        if (o.value === undefined) color = 2;
        else {
          const lv = v.toLowerCase();
          if (lv === "always" || lv === "yes" || lv === "force") color = 1;
          else if (lv === "never" || lv === "no" || lv === "none") color = 0;
          else if (lv === "auto" || lv === "tty" || lv === "if-tty") color = 2;
          else showHelp = true;
        }
        break;
      case "exclude":
      case "include":
      case "exclude-dir":
      case "line-buffered":
        break;
      case "exclude-from": {
        const data = io.readFile(v);
        if (isReadError(data)) die(`${v}: ${data.message}`);
        break;
      }
      case "group-separator":
        groupSeparator = v;
        break;
      case "no-group-separator":
        groupSeparator = null;
        break;
      case "label":
        label = v;
        break;
      case "help":
        showHelp = true;
        break;
    }
  });
  if (r.error) {
    io.stderr(r.error + "\n");
    usageError();
  }
  if (showVersion) {
    io.stdout(VERSION.grep ?? "");
    return 0;
  }
  if (showHelp) return printHelp(io, "grep");

  const operands = [...r.operands];
  if (patterns === null) {
    if (operands.length === 0) usageError();
    let pat = operands.shift()!;
    if (matcher !== "F" && pat.startsWith("\\-")) pat = pat.slice(1);
    addPatterns(pat, null);
  }
  let pats: string[] = patterns!;
  const origins = patternOrigins;

  if (exitOnMatch) listFiles = "";
  let doneOnMatch = false;
  if (exitOnMatch || listFiles) {
    countMatches = false;
    doneOnMatch = true;
  }
  const outQuiet = countMatches || doneOnMatch;
  if (afterCtx < 0) afterCtx = defaultCtx;
  if (beforeCtx < 0) beforeCtx = defaultCtx;

  // 'grep -f /dev/null' has no pattern: grep.c turns it into the empty pattern, inverted
  if (pats.length === 0) {
    pats = [""];
    invert = !invert;
    lineRegexp = words = false;
  }
  if (
    (maxCount === 0 || (pats.length === 1 && pats[0] === "" && invert && !lineRegexp && !words)) &&
    listFiles !== "nonmatching"
  )
    return 1;
  if (color === 2) color = 0; // output is never known to be a terminal
  if (!matcher) matcher = "G";

  // ---- compile ----
  const compiled: PatternMatcher[] = [];
  {
    // duplicates are dropped (grep.c update_patterns)
    const seen = new Set<string>();
    const uniquePats: string[] = [];
    const uniqueOrigins: { file: string; line: number }[] = [];
    pats.forEach((p, i) => {
      if (seen.has(p)) return;
      seen.add(p);
      uniquePats.push(p);
      uniqueOrigins.push(origins[i]);
    });
    pats = uniquePats;
    origins.splice(0, origins.length, ...uniqueOrigins);
    if (matcher === "F") {
      for (const p of pats) compiled.push(regexMatcher(literalRegex(p, icase)));
    } else if (matcher === "P") {
      if (pats.length > 1) die("the -P option only supports a single pattern");
      let src = pats[0];
      // \K has no JavaScript equivalent: `A\KB` is matched as `(?<=A)B`
      const k = src.indexOf("\\K");
      if (k >= 0) src = `(?<=${src.slice(0, k)})${src.slice(k + 2)}`;
      if (words) src = `(?<!\\w)(?:${src})(?!\\w)`;
      if (lineRegexp) src = `^(?:${src})$`;
      let re: RegExp;
      try {
        re = new RegExp(src, icase ? "i" : "");
      } catch (e) {
        return die(pcreMessage(e instanceof Error ? e.message : String(e)));
      }
      compiled.push(perlMatcher(re));
      words = lineRegexp = false;
    } else {
      let syntax = matcher === "E" ? SYNTAX_EGREP : SYNTAX_GREP;
      if (icase) syntax |= RE.ICASE;
      let failed = false;
      const warnings: string[] = [];
      pats.forEach((p, i) => {
        try {
          const c = compileRegex(p, {
            syntax,
            confusingBracketsError: true,
            startWarnings: matcher === "E",
            dfaLeadingInterval: true,
          });
          warnings.push(...c.warnings);
          c.regex.newlineAnchor = eol === "\n";
          compiled.push(regexMatcher(c.regex));
        } catch (e) {
          if (!(e instanceof RegexSyntaxError)) throw e;
          const o = origins[i] ?? { file: "", line: 0 };
          io.stderr(o.file ? `${prog}: ${o.file}:${o.line}: ${e.message}\n` : `${prog}: ${e.message}\n`);
          failed = true;
        }
      });
      if (failed) throw new GrepExit(2);
      for (const w of warnings) io.stderr(`${prog}: warning: ${w}\n`);
    }
  }

  const opts: Options = { invert, words, lines: lineRegexp };
  const lineMatches = (line: string): boolean => execute(compiled, line, 0, opts) !== null;

  const files = operands.length ? operands : ["-"];
  const outFile = filenameOption === 0 && operands.length <= 1 ? false : filenameOption >= 0;
  let errseen = false;
  let used = false; // a group has been output (prtext's static)
  let anySelected = false;
  let out = "";
  const flush = () => {
    if (out) io.stdout(out);
    out = "";
  };
  const colorize = (c: string, text: string) => (color ? sgr(c, text) : text);

  for (const f of files) {
    const name = f === "-" ? (label ?? "(standard input)") : f;
    let data = f === "-" ? inputs.read("-") : inputs.read(f);
    if (isReadError(data)) {
      const opened = failsOnRead(data);
      // a directory operand: skipped with -d skip, walked with -r (the simulator cannot list
      // directories: it is searched as an empty one); standard input is always read
      if (f !== "-" && data.errno === "EISDIR" && directories !== "read") continue;
      if (!suppressErrors) {
        flush();
        io.stderr(`${prog}: ${name}: ${data.message}\n`);
      }
      errseen = true;
      // opened, and the first read failed: no lines, but -c and -L still report the file
      if (!opened) continue;
      data = "";
    }
    // binary files: NUL bytes act as line ends and matching lines are not printed
    const binary = binaryFiles !== "text" && eol === "\n" && data.includes("\0");
    if (binary && binaryFiles === "without-match") continue;
    const text = binary ? data.replace(/\0+/g, (m) => "\n".repeat(m.length)) : data;
    let lines: string[];
    if (text === "") lines = [];
    else {
      lines = text.split(eol);
      if (lines[lines.length - 1] === "") lines.pop();
    }
    const quiet = outQuiet || (binary && !countMatches);
    const stopOnMatch = doneOnMatch || (binary && !countMatches);

    // byte offset of each line (for -b)
    let offsets: number[] | null = null;
    if (outByte) {
      offsets = [];
      let pos = 0;
      for (const l of lines) {
        offsets.push(pos);
        pos += l.length + 1;
      }
    }
    let offsetWidth = 0;
    if (alignTabs) {
      let num = f === "-" ? Number.MAX_SAFE_INTEGER : data.length + (outLine ? 1 : 0);
      if (f === "-") offsetWidth = 19;
      else
        do {
          offsetWidth++;
        } while ((num = Math.floor(num / 10)) !== 0);
    }
    const pad = (n: number) => String(n).padStart(offsetWidth);

    const printHead = (lineIdx: number, sep: string, byteOffset: number, len: number) => {
      if (outFile) {
        out += colorize(COLOR.filename, name);
        out += nullAfterName ? "\0" : colorize(COLOR.sep, sep);
      }
      if (outLine) out += colorize(COLOR.lineNum, pad(lineIdx + 1)) + colorize(COLOR.sep, sep);
      if (outByte) out += colorize(COLOR.byteNum, pad(byteOffset)) + colorize(COLOR.sep, sep);
      if (alignTabs && (outFile || outLine || outByte) && len !== 0) out += "\t";
    };

    const prline = (i: number, sep: ":" | "-") => {
      const line = lines[i];
      if (!onlyMatching) printHead(i, sep, offsets ? offsets[i] : 0, line.length);
      const matching = (sep === ":") !== invert;
      const matchColor = sep === ":" ? COLOR.selectedMatch : COLOR.contextMatch;
      let beg = 0;
      if ((onlyMatching && matching) || (color && matchColor)) {
        if (matching && (onlyMatching || matchColor)) {
          // print_line_middle
          let cur = 0;
          let mid: number | null = null;
          while (cur < line.length) {
            const m = execute(compiled, line, cur, opts);
            if (!m) break;
            const b = m.start;
            let size = m.end - m.start;
            if (b === line.length) break;
            if (size === 0) {
              size = 1;
              if (mid === null) mid = cur;
            } else if (onlyMatching) {
              const osep = invert ? "-" : ":";
              printHead(i, osep, (offsets ? offsets[i] : 0) + b, size);
              out += color ? sgr(matchColor, line.slice(b, b + size)) : line.slice(b, b + size);
              out += eol;
            } else {
              if (mid !== null) {
                cur = mid;
                mid = null;
              }
              out += line.slice(cur, b);
              out += color ? sgr(matchColor, line.slice(b, b + size)) : line.slice(b, b + size);
            }
            cur = b + size;
          }
          if (onlyMatching) beg = line.length + 1;
          else beg = mid !== null ? mid : cur;
        }
      }
      if (!onlyMatching && beg <= line.length) out += line.slice(beg) + eol;
    };

    let lastout = -1; // index just after the last printed line, -1 = none in this file
    let pending = 0;
    let outleft = maxCount;
    let nlines = 0;

    const prpending = (lim: number) => {
      if (lastout < 0) lastout = 0;
      for (; pending > 0 && lastout < lim; pending--) {
        prline(lastout, "-");
        lastout++;
      }
    };
    const prtext = (i: number) => {
      if (!quiet && pending > 0) prpending(i);
      if (!quiet) {
        const bp = lastout >= 0 ? lastout : 0;
        let p = i;
        for (let k = 0; k < beforeCtx && p > bp; k++) p--;
        if ((beforeCtx >= 0 || afterCtx >= 0) && used && p !== lastout && groupSeparator !== null) {
          out += colorize(COLOR.sep, groupSeparator) + "\n";
        }
        for (; p < i; p++) prline(p, "-");
        prline(i, ":");
      }
      lastout = i + 1;
      pending = quiet ? 0 : Math.max(0, afterCtx);
      used = true;
      outleft--;
    };

    for (let i = 0; i < lines.length; i++) {
      const selected = lineMatches(lines[i]) !== invert;
      if (!selected) continue;
      nlines++;
      prtext(i);
      if (outleft <= 0 || stopOnMatch) {
        if (exitOnMatch) {
          flush();
          throw new GrepExit(0);
        }
        break;
      }
    }
    if (pending > 0 && !quiet) prpending(lines.length);

    if (binary && !outQuiet && nlines > 0) {
      flush();
      io.stderr(`${prog}: ${name}: binary file matches\n`);
    }
    if (countMatches) {
      if (outFile) {
        out += colorize(COLOR.filename, name);
        out += nullAfterName ? "\0" : colorize(COLOR.sep, ":");
      }
      out += `${nlines}\n`;
    }
    const noMatch = nlines === 0;
    if (listFiles && listFiles === (noMatch ? "nonmatching" : "matching")) {
      out += colorize(COLOR.filename, name) + (nullAfterName ? "\0" : "\n");
    }
    if (!noMatch) anySelected = true;
    flush();
  }
  flush();
  if (errseen) return 2;
  return anySelected ? 0 : 1;
}
