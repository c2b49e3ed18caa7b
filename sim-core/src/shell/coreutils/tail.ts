/**
 * tail (GNU coreutils 9.1): -n [+|-]N, -c [+|-]N, the obsolete `-N`, `+N`, `-Nc` forms
 * (tail.c parse_obsolete_option), -q, -v, -z. Input is never "followed": `-f` on a pipe is
 * ignored by GNU tail too, and the simulator has no growing files.
 */
import {
  Inputs,
  failsOnRead,
  isReadError,
  printHelp,
  printVersion,
  quote,
  quoteAlways,
  quoteIfNeeded,
  tryHelp,
  xstrtoumax,
  clampCount,
} from "./common.js";
import { getopt } from "./getopt.js";
import { parseCount, startOfLastLines } from "./head.js";
import { HELP_VERSION } from "./options.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "bytes", arg: "required", key: "c" },
  { name: "follow", arg: "optional", key: "follow" },
  { name: "lines", arg: "required", key: "n" },
  { name: "max-unchanged-stats", arg: "required", key: "max-unchanged-stats" },
  { name: "pid", arg: "required", key: "pid" },
  { name: "quiet", arg: "none", key: "q" },
  { name: "retry", arg: "none", key: "retry" },
  { name: "silent", arg: "none", key: "q" },
  { name: "sleep-interval", arg: "required", key: "s" },
  { name: "verbose", arg: "none", key: "v" },
  { name: "zero-terminated", arg: "none", key: "z" },
  { name: "-disable-inotify", arg: "none", key: "disable-inotify" },
  { name: "-presume-input-pipe", arg: "none", key: "presume-input-pipe" },
  ...HELP_VERSION,
] as const;

export function tail(io: TextIO): number {
  const prog = io.argv[0];
  let argv = io.argv;
  let header: "multiple" | "always" | "never" = "multiple";
  let lines = true;
  let fromStart = false;
  let n = 10;
  let sep = "\n";
  let forever = false;
  let byName = false;
  let pidGiven = false;

  const a = argv;
  const obsoleteShape =
    a.length === 2 ||
    (a.length === 3 && !(a[2][0] === "-" && a[2].length > 1)) ||
    (a.length >= 3 && a.length <= 4 && a[2] === "--");
  if (obsoleteShape && a.length > 1) {
    const m = /^([+-])([0-9]*)([bcl]?)(f?)$/.exec(a[1]);
    if (m && (m[1] === "+" || m[2] !== "" || m[3] === "b" || m[3] === "l" || m[4] !== "")) {
      // "-c" alone is the standard option, not the obsolete form
      if (!(m[1] === "-" && m[2] === "" && m[3] === "c" && m[4] === "")) {
        let count = 10;
        if (m[3] === "b") count *= 512;
        if (m[2] !== "") {
          const r = xstrtoumax(m[2], "b");
          if (r.kind !== "ok" && r.kind !== "invalid_suffix") {
            io.stderr(
              `${prog}: invalid number: ${quote(a[1])}${r.kind === "overflow" ? ": Value too large for defined data type" : ""}\n`,
            );
            return 1;
          }
          count = r.kind === "ok" ? clampCount(r.value) * (m[3] === "b" ? 512 : 1) : 0;
        }
        n = count;
        fromStart = m[1] === "+";
        lines = m[3] !== "b" && m[3] !== "c";
        forever = m[4] === "f";
        argv = [a[0], ...a.slice(2)];
      }
    }
  }

  const r = getopt(argv, { short: "c:n:fFqs:vz0123456789", long: LONG });
  for (const o of r.options) {
    switch (o.key) {
      case "c":
      case "n": {
        lines = o.key === "n";
        let v = o.value!;
        if (v.startsWith("+")) fromStart = true;
        else if (v.startsWith("-")) v = v.slice(1);
        if (v.startsWith("+")) v = v.slice(1);
        const c = parseCount(prog, v, lines ? "invalid number of lines" : "invalid number of bytes");
        if (!c.ok) {
          io.stderr(c.msg);
          return 1;
        }
        n = c.n;
        break;
      }
      case "q":
        header = "never";
        break;
      case "v":
        header = "always";
        break;
      case "z":
        sep = "\0";
        break;
      case "f":
      case "follow":
        forever = true;
        break;
      case "F":
        forever = true;
        byName = true;
        break;
      case "s":
        if (!/^\s*[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(o.value!)) {
          io.stderr(`${prog}: invalid number of seconds: ${quote(o.value!)}\n`);
          return 1;
        }
        break;
      case "pid":
        pidGiven = true;
        break;
      case "retry":
      case "max-unchanged-stats":
      case "disable-inotify":
      case "presume-input-pipe":
        break;
      case "--help":
        return printHelp(io, "tail");
      case "--version":
        return printVersion(io, "tail");
      default:
        io.stderr(`${prog}: option used in invalid context -- ${o.key}\n`);
        return 1;
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  const files = r.operands.length ? r.operands : ["-"];
  if (pidGiven && !forever)
    io.stderr(`${prog}: warning: PID ignored; --pid=PID is useful only when following\n`);
  if (byName && files.includes("-")) {
    io.stderr(`${prog}: cannot follow '-' by name\n`);
    return 1;
  }
  const printHeaders = header === "always" || (header === "multiple" && files.length > 1);
  const inputs = new Inputs(io);
  let first = true;
  let ok = true;
  let followed = false;
  for (const f of files) {
    const data = inputs.read(f);
    const name = f === "-" ? "standard input" : f;
    if (isReadError(data) && !failsOnRead(data)) {
      io.stderr(`${prog}: cannot open ${quoteAlways(f)} for reading: ${data.message}\n`);
      ok = false;
      continue;
    }
    if (printHeaders) {
      io.stdout(`${first ? "" : "\n"}==> ${name} <==\n`);
      first = false;
    }
    if (isReadError(data)) {
      // opened (a directory): the first read fails, unless nothing is to be read
      if (n !== 0 || fromStart) {
        io.stderr(`${prog}: error reading ${quoteAlways(name)}: ${data.message}\n`);
        ok = false;
      }
      // -F (--follow=name --retry) keeps the name and waits for it to become a regular file
      if (forever && data.errno === "EISDIR")
        io.stderr(
          `${prog}: ${quoteIfNeeded(name)}: cannot follow end of this type of file${byName ? "" : "; giving up on this name"}\n`,
        );
      continue;
    }
    // -f: a named file would be followed (the simulator does not wait); a pipe is not
    if (f !== "-") followed = true;
    let out: string;
    if (lines) {
      if (fromStart) {
        let pos = 0;
        for (let k = 1; k < n && pos < data.length; k++) {
          const i = data.indexOf(sep, pos);
          if (i < 0) {
            pos = data.length;
            break;
          }
          pos = i + 1;
        }
        out = data.slice(pos);
      } else out = data.slice(startOfLastLines(data, n, sep));
    } else if (fromStart) out = data.slice(Math.max(0, n - 1));
    else out = n === 0 ? "" : data.slice(Math.max(0, data.length - n));
    io.stdout(out);
  }
  // tail_forever with every file given up on (missing, a directory); pipes are not followed at all
  if (forever && !byName && !followed && files.some((f) => f !== "-" || isReadError(io.stdin))) {
    io.stderr(`${prog}: no files remaining\n`);
    return 1;
  }
  return ok ? 0 : 1;
}
