/**
 * tac (GNU coreutils 9.1): print lines in reverse; -s SEP, -b (separator before), -r (the
 * separator is a regular expression). A last record without a separator is printed as is,
 * glued to the next one (that is what tac.c does). The output is buffered (see `output`).
 */
import {
  Inputs,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quoteAlways,
  quoteIfNeeded,
  tryHelp,
} from "./common.js";
import { getopt } from "./getopt.js";
import { HELP_VERSION } from "./options.js";
import { compileRegex, RegexSyntaxError, SYNTAX_POSIX_BASIC, RE } from "./regex/index.js";
import type { TextIO } from "./types.js";

/** tac.c WRITESIZE */
const WRITESIZE = 8192;

const LONG = [
  { name: "before", arg: "none", key: "b" },
  { name: "regex", arg: "none", key: "r" },
  { name: "separator", arg: "required", key: "s" },
  ...HELP_VERSION,
] as const;

export function tac(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "brs:", long: LONG });
  let before = false;
  let regex = false;
  let sep = "\n";
  for (const o of r.options) {
    switch (o.key) {
      case "b":
        before = true;
        break;
      case "r":
        regex = true;
        break;
      case "s":
        sep = o.value!;
        break;
      case "--help":
        return printHelp(io, "tac");
      case "--version":
        return printVersion(io, "tac");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  if (sep === "") sep = "\0";
  let re: ReturnType<typeof compileRegex>["regex"] | null = null;
  if (regex) {
    try {
      re = compileRegex(sep, { syntax: SYNTAX_POSIX_BASIC & ~RE.DOT_NOT_NULL }).regex;
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      io.stderr(`${prog}: ${e.message}\n`);
      return 1;
    }
  }
  const files = r.operands.length ? r.operands : ["-"];
  const inputs = new Inputs(io);
  let ok = true;
  // tac.c output(): records go through a buffer of WRITESIZE bytes that is written when full and
  // at the very end, so error messages come before the output they follow
  let pending = "";
  const output = (s: string) => {
    pending += s;
    if (pending.length >= WRITESIZE) {
      const n = pending.length - (pending.length % WRITESIZE);
      io.stdout(pending.slice(0, n));
      pending = pending.slice(n);
    }
  };
  for (const f of files) {
    const data = inputs.read(f);
    if (isReadError(data)) {
      if (failsOnRead(data))
        io.stderr(
          `${prog}: ${quoteIfNeeded(f === "-" ? "standard input" : f)}: read error: ${data.message}\n`,
        );
      else io.stderr(`${prog}: failed to open ${quoteAlways(f)} for reading: ${data.message}\n`);
      ok = false;
      continue;
    }
    // find separator spans
    const seps: [number, number][] = [];
    if (re) {
      let pos = 0;
      while (pos <= data.length) {
        const m = re.search(data, pos);
        if (!m) break;
        if (m.end === m.start) {
          pos = m.start + 1;
          continue;
        }
        seps.push([m.start, m.end]);
        pos = m.end;
      }
    } else {
      let pos = 0;
      for (;;) {
        const i = data.indexOf(sep, pos);
        if (i < 0) break;
        seps.push([i, i + sep.length]);
        pos = i + sep.length;
      }
    }
    // records: with -b the separator starts a record, otherwise it ends one
    const records: string[] = [];
    if (before) {
      let start = 0;
      for (const [s] of seps) {
        if (s > start || records.length || s > 0) records.push(data.slice(start, s));
        start = s;
      }
      records.push(data.slice(start));
      if (records.length && records[0] === "") records.shift();
    } else {
      let start = 0;
      for (const [, e] of seps) {
        records.push(data.slice(start, e));
        start = e;
      }
      if (start < data.length) records.push(data.slice(start));
    }
    output(records.reverse().join(""));
  }
  if (pending) io.stdout(pending);
  return ok ? 0 : 1;
}
