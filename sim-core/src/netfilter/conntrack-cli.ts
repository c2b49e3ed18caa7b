/**
 * The `conntrack` command of conntrack-tools 1.4.7 (src/conntrack.c with libnetfilter_conntrack's
 * default output format): -L/-D with their filters, -F, -C, -S, -V, -h, and the exact stderr
 * summary lines ("conntrack v1.4.7 (conntrack-tools): N flow entries have been shown.").
 *
 * Ordering: the kernel dumps its hash table, whose order depends on a boot-time random seed; we
 * list in creation order. Labs that show several entries pipe them through `sort`.
 */
import type { CmdEnv, CmdResult, Conn, Netfilter, Tuple } from "./types";
import { CtStatus, TCP_CT_STATE_NAMES } from "./types";
import { CONNTRACK_HELP } from "./help";
import { ctDelete, ctExpire, invertTuple, tupleKey } from "./conntrack";
import { protocolName, protocolNumber } from "./services";
import { ipToString, parseDottedQuad } from "./util";

const PFX = "conntrack v1.4.7 (conntrack-tools)";

class CtError extends Error {}
const bad = (msg: string) => new CtError(msg);

const PROTO_NAMES: Record<number, string> = {
  1: "icmp",
  6: "tcp",
  17: "udp",
  132: "sctp",
  33: "dccp",
  136: "udplite",
  47: "gre",
};

function protoLabel(p: number): string {
  return PROTO_NAMES[p] ?? "unknown";
}

function tupleText(t: Tuple): string {
  let s = `src=${ipToString(t.src)} dst=${ipToString(t.dst)} `;
  if (t.proto === 6 || t.proto === 17 || t.proto === 132 || t.proto === 33 || t.proto === 136) {
    s += `sport=${t.sport} dport=${t.dport} `;
  } else if (t.proto === 1) {
    s += `type=${t.dport >>> 8} code=${t.dport & 0xff} id=${t.sport} `;
  }
  return s;
}

/** One line of `conntrack -L` (libnetfilter_conntrack __snprintf_conntrack_default). */
export function conntrackLine(c: Conn, now: number, extended = false): string {
  let s = extended ? "ipv4     2 " : "";
  s += `${protoLabel(c.orig.proto).padEnd(8, " ")} ${c.orig.proto} `;
  s += `${Math.max(0, Math.floor((c.expires - now) / 1000))} `;
  if (c.orig.proto === 6) s += `${TCP_CT_STATE_NAMES[c.tcpState]} `;
  s += tupleText(c.orig);
  if (!(c.status & CtStatus.SEEN_REPLY)) s += "[UNREPLIED] ";
  s += tupleText(c.reply);
  if (c.status & CtStatus.ASSURED) s += "[ASSURED] ";
  s += `mark=${c.mark >>> 0} use=1`;
  return s;
}

interface Filter {
  proto: number | null;
  origSrc: number | null;
  origDst: number | null;
  replSrc: number | null;
  replDst: number | null;
  sport: number | null;
  dport: number | null;
  replSport: number | null;
  replDport: number | null;
  tcpState: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  icmpId: number | null;
  mark: { value: number; mask: number } | null;
  status: number | null;
  srcNat: number | null | "any";
  dstNat: number | null | "any";
}

function matches(c: Conn, f: Filter): boolean {
  if (f.proto !== null && c.orig.proto !== f.proto) return false;
  if (f.origSrc !== null && c.orig.src !== f.origSrc) return false;
  if (f.origDst !== null && c.orig.dst !== f.origDst) return false;
  if (f.replSrc !== null && c.reply.src !== f.replSrc) return false;
  if (f.replDst !== null && c.reply.dst !== f.replDst) return false;
  if (f.sport !== null && c.orig.sport !== f.sport) return false;
  if (f.dport !== null && c.orig.dport !== f.dport) return false;
  if (f.replSport !== null && c.reply.sport !== f.replSport) return false;
  if (f.replDport !== null && c.reply.dport !== f.replDport) return false;
  if (f.tcpState !== null && c.tcpState !== f.tcpState) return false;
  if (f.icmpType !== null && c.orig.dport >>> 8 !== f.icmpType) return false;
  if (f.icmpCode !== null && (c.orig.dport & 0xff) !== f.icmpCode) return false;
  if (f.icmpId !== null && c.orig.sport !== f.icmpId) return false;
  if (f.mark !== null && (c.mark & f.mark.mask) >>> 0 !== f.mark.value) return false;
  if (f.status !== null && (c.status & f.status) !== f.status) return false;
  if (f.srcNat !== null) {
    if (!(c.status & CtStatus.SRC_NAT)) return false;
    if (f.srcNat !== "any" && c.reply.dst !== f.srcNat) return false;
  }
  if (f.dstNat !== null) {
    if (!(c.status & CtStatus.DST_NAT)) return false;
    if (f.dstNat !== "any" && c.reply.src !== f.dstNat) return false;
  }
  return true;
}

function parseAddr(s: string): number {
  const v = parseDottedQuad(s);
  if (v === null) throw bad(`Bad parameter \`${s}'`);
  return v;
}

function parseNum(s: string, max: number): number {
  if (!/^[0-9]+$/.test(s) || Number(s) > max) throw bad(`Bad parameter \`${s}'`);
  return Number(s);
}

const COMMANDS: Record<string, string> = {
  "-L": "L",
  "--dump": "L",
  "-D": "D",
  "--delete": "D",
  "-F": "F",
  "--flush": "F",
  "-C": "C",
  "--count": "C",
  "-S": "S",
  "--stats": "S",
  "-E": "E",
  "--event": "E",
  "-G": "G",
  "--get": "G",
  "-I": "I",
  "--create": "I",
  "-U": "U",
  "--update": "U",
  "-V": "V",
  "--version": "V",
  "-h": "h",
  "--help": "h",
};

const STATUS_NAMES: Record<string, number> = {
  EXPECTED: CtStatus.EXPECTED,
  SEEN_REPLY: CtStatus.SEEN_REPLY,
  ASSURED: CtStatus.ASSURED,
  CONFIRMED: CtStatus.CONFIRMED,
  SRC_NAT: CtStatus.SRC_NAT,
  DST_NAT: CtStatus.DST_NAT,
};

/** `conntrack ARGV…` against a namespace's conntrack table. */
export function runConntrack(nf: Netfilter, argv: readonly string[], env: CmdEnv = {}): CmdResult {
  try {
    return run(nf, argv, env);
  } catch (e) {
    if (e instanceof CtError) {
      return {
        stdout: "",
        stderr: `${PFX}: ${e.message}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`,
        exitCode: 2,
      };
    }
    throw e;
  }
}

function run(nf: Netfilter, argv: readonly string[], env: CmdEnv): CmdResult {
  const now = env.now?.() ?? 0;
  let cmd: string | null = null;
  let table = "conntrack";
  let extended = false;
  let timeout: number | null = null;
  const f: Filter = {
    proto: null,
    origSrc: null,
    origDst: null,
    replSrc: null,
    replDst: null,
    sport: null,
    dport: null,
    replSport: null,
    replDport: null,
    tcpState: null,
    icmpType: null,
    icmpCode: null,
    icmpId: null,
    mark: null,
    status: null,
    srcNat: null,
    dstNat: null,
  };
  if (argv.length === 0) return { stdout: CONNTRACK_HELP, stderr: "", exitCode: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      if (i + 1 >= argv.length) throw bad(`option \`${a}' requires an argument`);
      return argv[++i];
    };
    const optional = (): string | null =>
      i + 1 < argv.length && !argv[i + 1].startsWith("-") ? argv[++i] : null;
    if (a in COMMANDS) {
      if (cmd !== null) throw bad("Invalid commands combination");
      cmd = COMMANDS[a];
      if (cmd === "L" || cmd === "D" || cmd === "F" || cmd === "C" || cmd === "E" || cmd === "G") {
        const t = optional();
        if (t !== null) {
          if (!["conntrack", "expect", "dying", "unconfirmed"].includes(t))
            throw bad(`Bad parameter \`${t}'`);
          table = t;
        }
      }
      continue;
    }
    switch (a) {
      case "-p":
      case "--protonum":
      case "--proto": {
        const v = next();
        let n: number | undefined;
        if (/^[0-9]+$/.test(v)) n = Number(v);
        else n = protocolNumber(v.toLowerCase());
        if (n === undefined || !(n in PROTO_NAMES)) throw bad(`\`${v}' unsupported protocol`);
        f.proto = n;
        break;
      }
      case "-s":
      case "--src":
      case "--orig-src":
        f.origSrc = parseAddr(next());
        break;
      case "-d":
      case "--dst":
      case "--orig-dst":
        f.origDst = parseAddr(next());
        break;
      case "-r":
      case "--reply-src":
        f.replSrc = parseAddr(next());
        break;
      case "-q":
      case "--reply-dst":
        f.replDst = parseAddr(next());
        break;
      case "-m":
      case "--mark": {
        const v = next();
        const [val, mask] = v.split("/");
        f.mark = { value: Number(val) >>> 0, mask: mask !== undefined ? Number(mask) >>> 0 : 0xffffffff };
        break;
      }
      case "-t":
      case "--timeout":
        timeout = parseNum(next(), 0xffffffff);
        break;
      case "-u":
      case "--status": {
        let m = 0;
        for (const w of next().split(",")) {
          const b = STATUS_NAMES[w];
          if (b === undefined) throw bad(`Bad parameter \`${w}'`);
          m |= b;
        }
        f.status = m;
        break;
      }
      case "-n":
      case "--src-nat": {
        const v = optional();
        f.srcNat = v === null ? "any" : parseAddr(v);
        break;
      }
      case "-g":
      case "--dst-nat": {
        const v = optional();
        f.dstNat = v === null ? "any" : parseAddr(v);
        break;
      }
      case "-o":
      case "--output": {
        for (const w of next().split(",")) {
          if (w === "extended") extended = true;
          else if (!["xml", "timestamp", "id", "ktimestamp", "labels", "userspace"].includes(w))
            throw bad(`Bad parameter \`${w}'`);
        }
        break;
      }
      case "-f":
      case "--family": {
        const v = next();
        if (v !== "ipv4" && v !== "ipv6") throw bad(`Bad parameter \`${v}'`);
        break;
      }
      case "-z":
      case "--zero":
        break;
      default: {
        // protocol-specific options, known only once -p is given
        if (f.proto === 6 || f.proto === 17 || f.proto === 132 || f.proto === 33 || f.proto === 136) {
          if (a === "--sport" || a === "--orig-port-src") {
            f.sport = parseNum(next(), 65535);
            break;
          }
          if (a === "--dport" || a === "--orig-port-dst") {
            f.dport = parseNum(next(), 65535);
            break;
          }
          if (a === "--reply-port-src") {
            f.replSport = parseNum(next(), 65535);
            break;
          }
          if (a === "--reply-port-dst") {
            f.replDport = parseNum(next(), 65535);
            break;
          }
          if (f.proto === 6 && a === "--state") {
            const v = next();
            const idx = (TCP_CT_STATE_NAMES as readonly string[]).indexOf(v);
            if (idx < 0 || v === "NONE" || v === "SYN_SENT2") throw bad(`unknown TCP state \`${v}'`);
            f.tcpState = idx;
            break;
          }
        }
        if (f.proto === 1) {
          if (a === "--icmp-type") {
            f.icmpType = parseNum(next(), 255);
            break;
          }
          if (a === "--icmp-code") {
            f.icmpCode = parseNum(next(), 255);
            break;
          }
          if (a === "--icmp-id") {
            f.icmpId = parseNum(next(), 65535);
            break;
          }
        }
        throw bad(`unknown option \`${a}'`);
      }
    }
  }

  ctExpire(nf.conntrack, now);
  switch (cmd) {
    case null:
    case "h":
      return { stdout: CONNTRACK_HELP, stderr: "", exitCode: 0 };
    case "V":
      return { stdout: `${PFX}\n`, stderr: "", exitCode: 0 };
    case "L": {
      if (table === "expect")
        return { stdout: "", stderr: `${PFX}: 0 expectations have been shown.\n`, exitCode: 0 };
      const list = table === "conntrack" ? [...nf.conntrack.entries].filter((c) => matches(c, f)) : [];
      const out = list.map((c) => conntrackLine(c, now, extended) + "\n").join("");
      return { stdout: out, stderr: `${PFX}: ${list.length} flow entries have been shown.\n`, exitCode: 0 };
    }
    case "D": {
      const list = [...nf.conntrack.entries].filter((c) => matches(c, f));
      const out = list.map((c) => conntrackLine(c, now, extended) + "\n").join("");
      for (const c of list) ctDelete(nf.conntrack, c);
      return {
        stdout: out,
        stderr: `${PFX}: ${list.length} flow entries have been deleted.\n`,
        exitCode: list.length ? 0 : 1,
      };
    }
    case "F":
      if (table === "expect")
        return { stdout: "", stderr: `${PFX}: expectation table has been emptied.\n`, exitCode: 0 };
      for (const c of [...nf.conntrack.entries]) ctDelete(nf.conntrack, c);
      return { stdout: "", stderr: `${PFX}: connection tracking table has been emptied.\n`, exitCode: 0 };
    case "C":
      return {
        stdout: `${table === "conntrack" ? nf.conntrack.entries.size : 0}\n`,
        stderr: "",
        exitCode: 0,
      };
    case "S": {
      const n = nf.conntrack.entries.size;
      void n;
      const line = (cpu: number) =>
        `cpu=${cpu}   \tfound=0 invalid=0 insert=0 insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 clash_resolve=0 chaintoolong=0 \n`;
      return { stdout: line(0) + line(1), stderr: "", exitCode: 0 };
    }
    case "E":
      // conntrack -E inside a network namespace shows no events (recorded: the count on exit)
      return { stdout: "", stderr: `${PFX}: 0 flow events have been shown.\n`, exitCode: 0 };
    case "U": {
      const match: Filter = { ...f, mark: null };
      const list = [...nf.conntrack.entries].filter((c) => matches(c, match));
      if (f.mark) for (const c of list) c.mark = f.mark.value;
      const out = list.map((c) => conntrackLine(c, now, extended) + "\n").join("");
      return {
        stdout: out,
        stderr: `${PFX}: ${list.length} flow entries have been updated.\n`,
        exitCode: list.length ? 0 : 1,
      };
    }
    case "G": {
      if (f.proto === null) throw bad("You need to supply the `--protonum' option for this command");
      const c = [...nf.conntrack.entries].find(
        (x) => matches(x, f) && f.origSrc !== null && f.origDst !== null,
      );
      if (!c)
        return {
          stdout: "",
          stderr: `${PFX}: Operation failed: such conntrack doesn't exist\n`,
          exitCode: 1,
        };
      return {
        stdout: conntrackLine(c, now, extended) + "\n",
        stderr: `${PFX}: 1 flow entries have been shown.\n`,
        exitCode: 0,
      };
    }
    case "I": {
      if (f.proto === null) throw bad("You need to supply the `--protonum' option for this command");
      if (f.origSrc === null || f.origDst === null)
        throw bad("You need to supply the `--src' option for this command");
      if (timeout === null) throw bad("You need to supply the `--timeout' option for this command");
      const ports =
        f.proto === 1
          ? [f.icmpId ?? 0, ((f.icmpType ?? 8) << 8) | (f.icmpCode ?? 0)]
          : [f.sport ?? 0, f.dport ?? 0];
      const orig: Tuple = {
        src: f.origSrc,
        dst: f.origDst,
        proto: f.proto,
        sport: ports[0],
        dport: ports[1],
      };
      const reply = invertTuple(orig);
      if (nf.conntrack.byTuple.has(tupleKey(orig)) || nf.conntrack.byTuple.has(tupleKey(reply))) {
        return { stdout: "", stderr: `${PFX}: Operation failed: File exists\n`, exitCode: 1 };
      }
      const c: Conn = {
        id: nf.conntrack.nextId++,
        orig,
        reply,
        status: CtStatus.CONFIRMED | (f.status ?? 0),
        tcpState: (f.tcpState ?? 0) as Conn["tcpState"],
        tcpLastDir: 0,
        expires: now + timeout * 1000,
        mark: f.mark?.value ?? 0,
        created: now,
        masqDev: null,
      };
      nf.conntrack.entries.add(c);
      nf.conntrack.byTuple.set(tupleKey(orig), c);
      nf.conntrack.byTuple.set(tupleKey(reply), c);
      return {
        stdout: conntrackLine(c, now, extended) + "\n",
        stderr: `${PFX}: 1 flow entries have been created.\n`,
        exitCode: 0,
      };
    }
    default:
      throw bad("Invalid commands combination");
  }
}

export { protocolName };
