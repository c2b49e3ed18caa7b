/**
 * iproute2 6.1 `nstat` (misc/nstat.c): the SNMP counters of /proc/net/snmp, /proc/net/snmp6 and
 * /proc/net/netstat as one "NameValue" list, by default as increments since the last run. The
 * last run's values are kept in a history file, $NSTAT_HISTORY or /tmp/.nstat.u$UID (mode 0600,
 * one file per machine here as on a real host), rewritten by every run unless -s; -a prints
 * absolute values, -r starts a new history, -n only updates it, -z shows zeros, PATTERNs
 * (fnmatch, case-insensitive) choose counters, -j/-p print JSON. Counters print in nstat's
 * loading order (snmp, then snmp6, then netstat) and skip the configuration values
 * ("useless numbers": IpForwarding, TcpRtoMin, TcpCurrEstab…). The statistics daemon (-d) is not
 * modelled.
 */
import type { Cmd, CmdResult } from "../types";
import { getoptLong, type LongOpt } from "../nettools/getopt";
import { Errno } from "../../kernel/types";

const USAGE =
  "Usage: nstat [OPTION] [ PATTERN [ PATTERN ] ]\n" +
  "   -h, --help          this message\n" +
  "   -a, --ignore        ignore history\n" +
  "   -d, --scan=SECS     sample every statistics every SECS\n" +
  "   -j, --json          format output in JSON\n" +
  "   -n, --nooutput      do history only\n" +
  "   -p, --pretty        pretty print\n" +
  "   -r, --reset         reset history\n" +
  "   -s, --noupdate      don't update history\n" +
  "   -t, --interval=SECS report average over the last SECS\n" +
  "   -V, --version       output version information\n" +
  "   -z, --zeros         show entries with zero activity\n";

const LONGOPTS: LongOpt[] = [
  { name: "help", hasArg: 0, val: "h" },
  { name: "ignore", hasArg: 0, val: "a" },
  { name: "scan", hasArg: 1, val: "d" },
  { name: "nooutput", hasArg: 0, val: "n" },
  { name: "json", hasArg: 0, val: "j" },
  { name: "reset", hasArg: 0, val: "r" },
  { name: "noupdate", hasArg: 0, val: "s" },
  { name: "pretty", hasArg: 0, val: "p" },
  { name: "interval", hasArg: 1, val: "t" },
  { name: "version", hasArg: 0, val: "V" },
  { name: "zeros", hasArg: 0, val: "z" },
];

const USELESS = new Set([
  "IpForwarding",
  "IpDefaultTTL",
  "TcpRtoAlgorithm",
  "TcpRtoMin",
  "TcpRtoMax",
  "TcpMaxConn",
  "TcpCurrEstab",
]);

interface Ent {
  id: string;
  val: number;
  rate: number;
}

class ParseError extends Error {
  constructor(readonly line: number) {
    super("error parsing history file");
  }
}

/** sscanf "%llu": digits after optional blanks and sign (a minus wraps as strtoull does). */
function scanUll(s: string): number | undefined {
  const m = /^\s*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  const v = Number(m[2]);
  return m[1] === "-" ? Math.max(0, 2 ** 64 - v) : v;
}

/** load_good_table: "Name value [rate]" lines; a "#source" line names where they came from. */
function loadGood(text: string, src: { info: string; mismatch: boolean }): Ent[] {
  const out: Ent[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const raw of lines) {
    if (raw.startsWith("#")) {
      const name = raw.slice(1);
      if (src.info && src.info !== name) src.mismatch = true;
      src.info = name;
      continue;
    }
    const f = raw.trim().split(/\s+/);
    const val = f.length >= 2 && f[0] ? scanUll(f[1]) : undefined;
    if (val === undefined) throw new ParseError(146);
    const rate = f.length >= 3 ? Number.parseFloat(f[2]) || 0 : 0;
    if (USELESS.has(f[0])) continue;
    out.push({ id: f[0], val, rate });
  }
  return out;
}

/** load_ugly_table: "Prefix: Name Name…" / "Prefix: value value…" line pairs. */
function loadUgly(text: string): Ent[] {
  const out: Ent[] = [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i += 2) {
    const head = lines[i];
    const colon = head.indexOf(":");
    if (colon < 0 || i + 1 >= lines.length) throw new ParseError(colon < 0 ? 199 : 235);
    const prefix = head.slice(0, colon);
    const names = head.slice(colon + 2).split(" ");
    const vals = lines[i + 1].slice(colon + 2).split(" ");
    // values are taken from the end (the "dummy trailing ICMP MIB" trick for extra values)
    const skip = Math.max(0, vals.length - names.length);
    names.forEach((n, k) => {
      const v = scanUll(vals[k + skip] ?? "") ?? 0;
      if (!USELESS.has(prefix + n)) out.push({ id: prefix + n, val: v, rate: 0 });
    });
  }
  return out;
}

/** fnmatch(pattern, s, FNM_CASEFOLD): *, ?, [...] with ! or ^, backslash escapes. */
export function fnmatchCasefold(pattern: string, s: string): boolean {
  const p = pattern.toLowerCase();
  const t = s.toLowerCase();
  const m = (pi: number, ti: number): boolean => {
    while (pi < p.length) {
      const c = p[pi];
      if (c === "*") {
        while (p[pi] === "*") pi++;
        if (pi === p.length) return true;
        for (let k = ti; k <= t.length; k++) if (m(pi, k)) return true;
        return false;
      }
      if (ti >= t.length) return false;
      if (c === "?") {
        pi++;
        ti++;
        continue;
      }
      if (c === "[") {
        let j = pi + 1;
        const neg = p[j] === "!" || p[j] === "^";
        if (neg) j++;
        let ok = false;
        let first = true;
        while (j < p.length && (p[j] !== "]" || first)) {
          first = false;
          let lo = p[j];
          if (lo === "\\" && j + 1 < p.length) lo = p[++j];
          if (p[j + 1] === "-" && j + 2 < p.length && p[j + 2] !== "]") {
            let hi = p[j + 2];
            j += 2;
            if (hi === "\\" && j + 1 < p.length) hi = p[++j];
            if (t[ti] >= lo && t[ti] <= hi) ok = true;
          } else if (t[ti] === lo) ok = true;
          j++;
        }
        if (j >= p.length) {
          // no closing bracket: a literal "["
          if (t[ti] !== "[") return false;
          pi++;
          ti++;
          continue;
        }
        if (ok === neg) return false;
        pi = j + 1;
        ti++;
        continue;
      }
      let lit = c;
      if (c === "\\" && pi + 1 < p.length) lit = p[++pi];
      if (t[ti] !== lit) return false;
      pi++;
      ti++;
    }
    return ti === t.length;
  };
  return m(0, 0);
}

const STRERROR: Record<number, string> = {
  [Errno.ENOENT]: "No such file or directory",
  [Errno.EISDIR]: "Is a directory",
  [Errno.ENOTDIR]: "Not a directory",
  [Errno.EACCES]: "Permission denied",
};

export function nstat(c: Cmd): CmdResult {
  const p = getoptLong(c.argv, "h?vVzrnasd:t:jp", LONGOPTS);
  let zeros = false;
  let reset = false;
  let ignore = false;
  let noOutput = false;
  let noUpdate = false;
  let json = false;
  let pretty = false;
  for (const { opt, arg } of p.opts) {
    switch (opt) {
      case "z":
        zeros = true;
        break;
      case "r":
        reset = true;
        break;
      case "a":
        ignore = true;
        break;
      case "s":
        noUpdate = true;
        break;
      case "n":
        noOutput = true;
        break;
      case "d":
        c.err("nstat: -d (the statistics daemon) is not modelled by the simulator\n");
        return 1;
      case "t": {
        const m = /^\s*[+-]?\d+/.exec(arg ?? "");
        if (!m || Number(m[0]) <= 0) {
          c.err("nstat: invalid time constant divisor\n");
          return 255;
        }
        break;
      }
      case "j":
        json = true;
        break;
      case "p":
        pretty = true;
        break;
      case "v":
      case "V":
        c.out("nstat utility, iproute2-6.1.0\n");
        return 0;
      default:
        c.err(USAGE);
        return 255;
    }
  }
  if (p.error) {
    c.err(p.error + USAGE);
    return 255;
  }
  const patterns = p.operands;
  const match = (id: string) => !patterns.length || patterns.some((pat) => fnmatchCasefold(pat, id));
  const env = c.env;
  const histName = env.get("NSTAT_HISTORY") ?? "/tmp/.nstat.u0";
  const fs = c.fs;
  const src = { info: "", mismatch: false };

  if (reset) fs.remove(c.ctx, histName, false);
  let hist: Ent[] | undefined;
  let histOpen = false;
  if (!ignore || !noUpdate) {
    // open(O_RDWR|O_CREAT, 0600)
    let r = fs.read(c.ctx, histName);
    if (!r.ok && r.errno === Errno.ENOENT) {
      const w = fs.write(c.ctx, histName, "", false);
      if (!w.ok) {
        c.err(`nstat: open history file: ${STRERROR[w.errno] ?? `errno ${w.errno}`}\n`);
        return 255;
      }
      fs.chmod(c.ctx, histName, 0o600);
      r = { ok: true, value: "" };
    }
    if (!r.ok) {
      c.err(`nstat: open history file: ${STRERROR[r.errno] ?? `errno ${r.errno}`}\n`);
      return 255;
    }
    histOpen = true;
    try {
      hist = loadGood(r.value, src);
    } catch (e) {
      if (e instanceof ParseError) {
        c.err(`nstat.c:${e.line}: error parsing history file\n`);
        return 254;
      }
      throw e;
    }
    if (!hist.length) hist = undefined;
  }
  // no daemon to ask: the kernel's files
  if (hist && src.info && src.info !== "kernel") {
    c.err("nstat: history is stale, ignoring it.\n");
    hist = undefined;
    src.info = "";
  }
  const open = (envName: string, name: string) => {
    const path = env.get(envName) ?? `${env.get("PROC_ROOT") ?? "/proc"}/${name}`;
    const r = fs.read(c.ctx, path);
    return r.ok ? r.value : undefined;
  };
  let kern: Ent[];
  try {
    const netstat = open("PROC_NET_NETSTAT", "net/netstat");
    const snmp6 = open("PROC_NET_SNMP6", "net/snmp6");
    const snmp = open("PROC_NET_SNMP", "net/snmp");
    kern = [
      ...(snmp !== undefined ? loadUgly(snmp) : []),
      ...(snmp6 !== undefined ? loadGood(snmp6, { info: "", mismatch: false }) : []),
      ...(netstat !== undefined ? loadUgly(netstat) : []),
    ];
  } catch (e) {
    if (e instanceof ParseError) {
      c.err(`nstat.c:${e.line}: error parsing history file\n`);
      return 254;
    }
    throw e;
  }
  if (!src.info) src.info = "kernel";

  if (!noOutput) {
    if (ignore || !hist) c.out(dumpKern(kern, hist, src.info, { zeros, match, json, pretty, toHist: false }));
    else c.out(dumpIncr(kern, hist, src.info, { zeros, match, json, pretty }));
  }
  if (!noUpdate && histOpen) {
    const text = dumpKern(kern, hist, src.info, { zeros, match, json: false, pretty: false, toHist: true });
    fs.write(c.ctx, histName, text, false);
  }
  return 0;
}

interface DumpOpts {
  zeros: boolean;
  match: (id: string) => boolean;
  json: boolean;
  pretty: boolean;
}

function row(id: string, val: number, rate: number, suffix = ""): string {
  return `${id.padEnd(32)}${String(val).padEnd(16)}${rate.toFixed(1).padStart(6)}${suffix}\n`;
}

/** json_writer: {"kernel":{"Name":value,…}} (values as %u), or indented with -p. */
function jsonDump(source: string, fields: [string, number][], pretty: boolean): string {
  const nl = (depth: number) => (pretty ? "\n" + "    ".repeat(depth) : "");
  let s = "{" + nl(1) + JSON.stringify(source) + ":" + (pretty ? " " : "") + "{";
  fields.forEach(([id, v], i) => {
    s += (i ? "," : "") + nl(2) + JSON.stringify(id) + ":" + (pretty ? " " : "") + (v % 2 ** 32);
  });
  if (fields.length) s += nl(1);
  s += "}" + nl(0) + "}\n";
  return s;
}

/** dump_kern_db: absolute values; for the history, counters outside the patterns keep their old values. */
function dumpKern(
  kern: Ent[],
  hist: Ent[] | undefined,
  source: string,
  o: DumpOpts & { toHist: boolean },
): string {
  const fields: [string, number][] = [];
  let s = o.json ? "" : `#${source}\n`;
  let h = 0;
  const hs = hist ?? [];
  for (const n of kern) {
    let val = n.val;
    if (!o.zeros && !val && !n.rate) continue;
    if (!o.match(n.id)) {
      if (!o.toHist) continue;
      for (let k = h; k < hs.length; k++) {
        if (hs[k].id === n.id) {
          val = hs[k].val;
          h = k + 1;
          break;
        }
      }
    }
    if (o.json) fields.push([n.id, val]);
    else s += row(n.id, val, n.rate);
  }
  return o.json ? jsonDump(source, fields, o.pretty) : s;
}

/** dump_incr_db: what changed since the history (a counter that went down is an "overflow"). */
function dumpIncr(kern: Ent[], hist: Ent[], source: string, o: DumpOpts): string {
  const fields: [string, number][] = [];
  let s = o.json ? "" : `#${source}\n`;
  let h = 0;
  for (const n of kern) {
    let ovfl = false;
    let val = n.val;
    for (let k = h; k < hist.length; k++) {
      if (hist[k].id === n.id) {
        if (val < hist[k].val) {
          ovfl = true;
          val = hist[k].val;
        }
        val -= hist[k].val;
        h = k + 1;
        break;
      }
    }
    if (!o.zeros && !val && !n.rate) continue;
    if (!o.match(n.id)) continue;
    if (o.json) fields.push([n.id, val]);
    else s += row(n.id, val, n.rate, ovfl ? " (overflow)" : "");
  }
  return o.json ? jsonDump(source, fields, o.pretty) : s;
}
