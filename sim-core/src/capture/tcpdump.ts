/**
 * tcpdump 4.99.3 with libpcap 1.10.3 (Debian 12) as a simulated program: live captures on a
 * device of the current network namespace, `-w` to a pcap file in the machine's filesystem, `-r`
 * from one, the printing options (-n -e -v -q -t -x -X -A -S --number), -c, -l, -U, -p and a
 * filter expression. Behaviours that show in a lab's output are modelled: libpcap's TPACKET_V3
 * ring hands packets to tcpdump when a block retires (every second from the open, unless
 * --immediate-mode), which is why `-c 3` can report more packets "received by filter" than it
 * captured; stdout is fully buffered (4096-byte blocks) unless it is a terminal or -l is given,
 * and the pcap file likewise unless -U; on lo the outgoing copy of each packet is counted but not
 * shown; tcpdump makes the device promiscuous (unless -p) while it runs; SIGINT / SIGTERM (Ctrl-C,
 * timeout, kill) end it with a blank line on stdout and the statistics on stderr.
 * Not modelled, each with tcpdump's own words: `-i any` and other link types, -D, -L, -I, -C, -G,
 * -W, -z, -F, -E, -M, -T, -V, -y, -j, -J, -Q.
 */
import type { Cmd, CmdResult, Wait } from "../shell/types";
import { getopt, type LongOption } from "../shell/coreutils/getopt";
import { NS_PER_S, type Nanos } from "../engine/scheduler";
import { STRERROR } from "../kernel/types";
import { readPcap, PcapWriter, PCAP_SNAPLEN } from "../wire/pcap";
import { WALL_EPOCH_S } from "../sockets/clock";
import type { NetDevice } from "../kernel/device";
import { compileFilter, FilterError, type Filter } from "./filter";
import { defaultPrintOptions, printPacket, PrinterState, type PrintOptions } from "./print";
import { listenDevice, type CapturedFrame } from "./hub";
import { bytesToLatin1, latin1ToBytes } from "./latin1";

const VERSION =
  "tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.19 27 Jan 2026\n";

const USAGE =
  "Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n" +
  "\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]\n" +
  "\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]\n" +
  "\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]\n" +
  "\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]\n" +
  "\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]\n" +
  "\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]\n" +
  "\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]\n";

const SHORT = "aAbB:c:C:dDeE:fF:G:hHi:IjJKlLm:M:nNOpq Q:r:s:StT:uUvV:w:W:xXy:Yz:Z:#".replace(" ", "");

const LONG: LongOption[] = [
  { name: "buffer-size", arg: "required", key: "B" },
  { name: "list-interfaces", arg: "none", key: "D" },
  { name: "help", arg: "none", key: "h" },
  { name: "interface", arg: "required", key: "i" },
  { name: "monitor-mode", arg: "none", key: "I" },
  { name: "time-stamp-type", arg: "required", key: "j" },
  { name: "list-time-stamp-types", arg: "none", key: "J" },
  { name: "micro", arg: "none", key: "micro" },
  { name: "nano", arg: "none", key: "nano" },
  { name: "time-stamp-precision", arg: "required", key: "precision" },
  { name: "dont-verify-checksums", arg: "none", key: "K" },
  { name: "list-data-link-types", arg: "none", key: "L" },
  { name: "no-optimize", arg: "none", key: "O" },
  { name: "no-promiscuous-mode", arg: "none", key: "p" },
  { name: "direction", arg: "required", key: "Q" },
  { name: "snapshot-length", arg: "required", key: "s" },
  { name: "absolute-tcp-sequence-numbers", arg: "none", key: "S" },
  { name: "packet-buffered", arg: "none", key: "U" },
  { name: "linktype", arg: "required", key: "y" },
  { name: "immediate-mode", arg: "none", key: "immediate" },
  { name: "debug-filter-parser", arg: "none", key: "Y" },
  { name: "relinquish-privileges", arg: "required", key: "Z" },
  { name: "count", arg: "none", key: "count" },
  { name: "fp-type", arg: "none", key: "fp-type" },
  { name: "number", arg: "none", key: "#" },
  { name: "print", arg: "none", key: "print" },
  { name: "version", arg: "none", key: "version" },
];

/** stdio: what glibc's buffering lets through (whole 4096-byte blocks unless line-buffered). */
class Stdio {
  buf = "";
  constructor(
    readonly sink: (s: string) => void,
    readonly line: boolean,
  ) {}
  write(s: string): void {
    this.buf += s;
    if (this.line) {
      const nl = this.buf.lastIndexOf("\n");
      if (nl >= 0) {
        this.sink(this.buf.slice(0, nl + 1));
        this.buf = this.buf.slice(nl + 1);
      }
      return;
    }
    const whole = this.buf.length - (this.buf.length % 4096);
    if (whole > 0) {
      this.sink(this.buf.slice(0, whole));
      this.buf = this.buf.slice(whole);
    }
  }
  flush(): void {
    if (this.buf) this.sink(this.buf);
    this.buf = "";
  }
}

interface Opts {
  print: PrintOptions;
  count: number;
  iface?: string;
  read?: string;
  write?: string;
  snaplen: number;
  promisc: boolean;
  lineBuffered: boolean;
  packetBuffered: boolean;
  immediate: boolean;
  countOnly: boolean;
  printWithW: boolean;
  expr: string;
}

const plural = (n: number) => (n === 1 ? "" : "s");

export function tcpdump(c: Cmd): CmdResult {
  const g = getopt(c.argv, { short: SHORT, long: LONG });
  if (g.error) {
    c.err(`${g.error}\n${VERSION}${USAGE}`);
    return 1;
  }
  const print = defaultPrintOptions();
  const o: Opts = {
    print,
    count: 0,
    snaplen: PCAP_SNAPLEN,
    promisc: true,
    lineBuffered: false,
    packetBuffered: false,
    immediate: false,
    countOnly: false,
    printWithW: false,
    expr: "",
  };
  for (const op of g.options) {
    const v = op.value ?? "";
    switch (op.key) {
      case "A":
        print.A++;
        break;
      case "c": {
        const n = /^\s*[+-]?\d+/.exec(v);
        const cnt = n ? parseInt(n[0], 10) : 0;
        if (cnt <= 0) return fail(c, `invalid packet count ${v}`);
        o.count = cnt;
        break;
      }
      case "e":
        print.e = true;
        break;
      case "h":
        c.err(VERSION + USAGE);
        return 0;
      case "version":
        c.out(VERSION);
        return 0;
      case "i":
        o.iface = v;
        break;
      case "l":
        o.lineBuffered = true;
        break;
      case "n":
        print.n++;
        break;
      case "N":
      case "K":
      case "O":
      case "f":
      case "d":
      case "b":
      case "H":
      case "u":
      case "fp-type":
        break;
      case "p":
        o.promisc = false;
        break;
      case "q":
        print.q = true;
        break;
      case "r":
        o.read = v;
        break;
      case "s": {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n > 262144) return fail(c, `invalid snaplen ${v}`);
        o.snaplen = n === 0 ? PCAP_SNAPLEN : n;
        break;
      }
      case "S":
        print.S = true;
        break;
      case "t":
        print.t++;
        break;
      case "U":
        o.packetBuffered = true;
        break;
      case "v":
        print.v++;
        break;
      case "w":
        o.write = v;
        break;
      case "x":
        print.x++;
        break;
      case "X":
        print.X++;
        break;
      case "#":
        print.number = true;
        break;
      case "immediate":
        o.immediate = true;
        break;
      case "count":
        o.countOnly = true;
        break;
      case "print":
        o.printWithW = true;
        break;
      case "Z":
        break;
      case "B":
        break;
      case "micro":
        break;
      case "D":
        return fail(c, "-D: listing interfaces is not modelled by this simulator");
      case "L":
        return fail(c, "-L: listing data link types is not modelled by this simulator");
      case "I":
        return fail(c, `${o.iface ?? "eth0"}: That device doesn't support monitor mode`);
      case "y":
        if (v !== "EN10MB") return fail(c, `invalid data link type ${v}`);
        break;
      case "nano":
        return fail(c, "--nano: nanosecond time stamps are not modelled by this simulator");
      default:
        return fail(
          c,
          `-${op.key.length === 1 ? op.key : "-" + op.key}: option not modelled by this simulator`,
        );
    }
  }
  if (print.t > 5) print.t = 0;
  o.expr = g.operands.join(" ");
  if (o.read !== undefined) return readFile(c, o);
  return live(c, o);
}

function fail(c: Cmd, msg: string): number {
  c.err(`tcpdump: ${msg}\n`);
  return 1;
}

function hostsResolver(c: Cmd) {
  const r = c.fs.read(c.ctx, "/etc/hosts");
  const byName = new Map<string, number>();
  const byAddr = new Map<number, string>();
  if (r.ok) {
    for (const line of r.value.split("\n")) {
      const w = line.replace(/#.*/, "").trim().split(/\s+/);
      if (w.length < 2) continue;
      const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(w[0]);
      if (!m) continue;
      const a = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
      if (!byAddr.has(a)) byAddr.set(a, w[1]);
      for (const n of w.slice(1)) if (!byName.has(n)) byName.set(n, a);
    }
  }
  return { name: (n: string) => byName.get(n), addr: (a: number) => byAddr.get(a) };
}

function compile(c: Cmd, o: Opts): Filter | string {
  const hosts = hostsResolver(c);
  o.print.hostName = hosts.addr;
  try {
    return compileFilter(o.expr, hosts.name);
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    return e.message === "syntax error" ? "can't parse filter expression: syntax error" : e.message;
  }
}

/** Opens the -w file (created and truncated at once, as fopen does); returns a writer. */
interface Dump {
  add(t: number, b: Uint8Array): void;
  flush(): void;
  close(): void;
}

function openDump(c: Cmd, o: Opts, snaplen: number): Dump | string {
  const path = o.write!;
  if (path === "-") {
    return { add() {}, flush() {}, close() {} };
  }
  const w = new PcapWriter(snaplen);
  let written = 0;
  const r = c.fs.write(c.ctx, path, "", false);
  if (!r.ok) return `${path}: ${STRERROR[r.errno] ?? "error"}`;
  const emit = (upto: number) => {
    if (upto <= written) return;
    const all = w.bytes();
    c.fs.write(c.ctx, path, bytesToLatin1(all.subarray(written, upto)), true);
    written = upto;
  };
  return {
    add(t: number, b: Uint8Array) {
      w.add(t, b);
      if (o.packetBuffered) emit(w.byteLength);
      else emit(w.byteLength - (w.byteLength % 4096));
    },
    flush() {
      emit(w.byteLength);
    },
    close() {
      emit(w.byteLength);
    },
  };
}

// ------------------------------------------------------------------------------ -r

function readFile(c: Cmd, o: Opts): number {
  const path = o.read!;
  const r = c.fs.read(c.ctx, path);
  if (!r.ok) return fail(c, `${path}: ${STRERROR[r.errno] ?? "error"}`);
  const raw = latin1ToBytes(r.value);
  if (raw.length < 4)
    return fail(c, `truncated dump file; tried to read 4 file header bytes, only got ${raw.length}`);
  const parsed = readPcap(raw);
  if (!parsed.ok) {
    return fail(
      c,
      parsed.error.includes("shorter than")
        ? `truncated dump file; tried to read 24 file header bytes, only got ${raw.length - 4}`
        : "unknown file format",
    );
  }
  const file = parsed.value;
  if (file.linktype !== 1) {
    c.err(`reading from file ${path}, link-type ${file.linktype}, snapshot length ${file.snaplen}\n`);
    return fail(c, "only Ethernet (EN10MB) captures are modelled by this simulator");
  }
  c.err(`reading from file ${path}, link-type EN10MB (Ethernet), snapshot length ${file.snaplen}\n`);
  const f = compile(c, o);
  if (typeof f === "string") return fail(c, f);
  const out = new Stdio((s) => c.out(s), o.lineBuffered || !!c.isatty);
  let dump: Dump | undefined;
  if (o.write !== undefined) {
    const d = openDump(c, o, file.snaplen);
    if (typeof d === "string") return fail(c, d);
    dump = d;
  }
  const st = new PrinterState();
  let n = 0;
  for (const rec of file.records) {
    if (!f({ b: rec.frame, len: rec.origLen })) continue;
    n++;
    if (dump) {
      dump.add(rec.timeUs, rec.frame);
      if (o.printWithW) out.write(printPacket(rec.frame, rec.origLen, rec.timeUs, o.print, st));
    } else if (!o.countOnly) out.write(printPacket(rec.frame, rec.origLen, rec.timeUs, o.print, st));
    if (o.count && n >= o.count) break;
  }
  dump?.close();
  out.flush();
  if (o.countOnly) c.out(`${n} packet${plural(n)}\n`);
  if (file.truncated && (!o.count || n < o.count)) {
    c.err(`tcpdump: pcap_loop: ${truncation(raw, file.bigEndian)}\n`);
    return 1;
  }
  return 0;
}

/** libpcap's words for where a capture file ends early (after the last whole record). */
function truncation(raw: Uint8Array, bigEndian: boolean): string {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let o = 24;
  for (;;) {
    if (o + 16 > raw.length)
      return `truncated dump file; tried to read 16 header bytes, only got ${raw.length - o}`;
    const incl = v.getUint32(o + 8, !bigEndian);
    if (o + 16 + incl > raw.length)
      return `truncated dump file; tried to read ${incl} captured bytes, only got ${raw.length - o - 16}`;
    o += 16 + incl;
  }
}

// ------------------------------------------------------------------------------ live capture

/** pcap_findalldevs' first pick: the first device that is up and running, not loopback. */
function defaultDevice(c: Cmd): NetDevice | undefined {
  const devs = c.ctx.ns.list();
  return devs.find((d) => d.up && d.running() && !d.isLoopback());
}

function live(c: Cmd, o: Opts): CmdResult {
  const ns = c.ctx.ns;
  let dev: NetDevice | undefined;
  if (o.iface === undefined) {
    dev = defaultDevice(c);
    if (!dev)
      return fail(
        c,
        `any: capturing on the "any" device is not modelled by this simulator (use -i to name an interface)`,
      );
  } else if (o.iface === "any") {
    return fail(
      c,
      `any: capturing on the "any" device is not modelled by this simulator (use -i to name an interface)`,
    );
  } else {
    dev = ns.byName(o.iface) ?? (/^\d+$/.test(o.iface) ? ns.list()[Number(o.iface) - 1] : undefined);
    if (!dev) {
      c.err(`tcpdump: ${o.iface}: No such device exists\n(No such device exists)\n`);
      return 1;
    }
  }
  const name = dev.name;
  if (!dev.up) return fail(c, `${name}: That device is not up`);
  const f = compile(c, o);
  if (typeof f === "string") return fail(c, f);
  let dump: Dump | undefined;
  if (o.write !== undefined) {
    const d = openDump(c, o, o.snaplen);
    if (typeof d === "string") return fail(c, d);
    dump = d;
  }
  const printing = o.write === undefined || o.printWithW;
  if (!o.print.v && o.write === undefined)
    c.err("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n");
  else c.err("tcpdump: ");
  c.err(`listening on ${name}, link-type EN10MB (Ethernet), snapshot length ${o.snaplen} bytes\n`);
  return capture(c, o, dev, f, dump, printing);
}

function* capture(
  c: Cmd,
  o: Opts,
  dev: NetDevice,
  filter: Filter,
  dump: Dump | undefined,
  printing: boolean,
): Generator<Wait, number, void> {
  const world = c.ctx.world;
  const machine = c.ctx.machine;
  const opened: Nanos = world.sched.now;
  const BLOCK = o.immediate ? 0 : NS_PER_S;
  let received = 0;
  let captured = 0;
  /** frames in the ring's open block, and when that block retires */
  let block: CapturedFrame[] = [];
  let due = Infinity;
  const ready: CapturedFrame[] = [];
  const isLo = dev.isLoopback();
  const snaplen = o.snaplen;
  const unbind = listenDevice(dev, (fr) => {
    const bytes = fr.bytes();
    if (!filter({ b: bytes.length > snaplen ? bytes.subarray(0, snaplen) : bytes, len: bytes.length }))
      return;
    received++;
    if (isLo && fr.outgoing) return;
    block.push(fr);
    if (due === Infinity) {
      const k = BLOCK ? Math.floor((fr.t - opened) / BLOCK) + 1 : 0;
      due = BLOCK ? opened + k * BLOCK : fr.t;
    }
  });
  const promisc = o.promisc;
  if (promisc) {
    dev.promiscuity++;
    if (dev.promiscuity === 1) machine.log(`device ${dev.name} entered promiscuous mode`);
  }
  const out = new Stdio((s) => c.out(s), o.lineBuffered || !!c.isatty);
  const st = new PrinterState();
  const killed = () =>
    !machine.processes.has(c.pid) || (c.ctx.jobPid !== undefined && !machine.processes.has(c.ctx.jobPid));
  let interrupted = false;
  try {
    for (;;) {
      // the retire time moves as frames arrive: the driver reads it at each step
      yield {
        get until() {
          return due;
        },
        cond: () => c.interrupted() || killed() || world.sched.now >= due,
      };
      // blocks that retired before the signal were read before it (tcpdump woke for them)
      if (world.sched.now >= due) {
        ready.push(...block);
        block = [];
        due = Infinity;
      }
      const stop = c.interrupted() || killed();
      let done = false;
      while (ready.length) {
        const fr = ready.shift()!;
        const bytes = fr.bytes();
        const cap = bytes.length > snaplen ? bytes.subarray(0, snaplen) : bytes;
        const tUs = WALL_EPOCH_S * 1e6 + Math.floor(fr.t / 1000);
        captured++;
        if (dump) dump.add(tUs, bytes);
        if (printing) out.write(printPacket(cap, bytes.length, tUs, o.print, st));
        if (o.count && captured >= o.count) {
          done = true;
          break;
        }
      }
      if (done) break;
      if (stop) {
        interrupted = true;
        break;
      }
    }
  } finally {
    unbind();
    if (promisc) {
      dev.promiscuity = Math.max(0, dev.promiscuity - 1);
      if (dev.promiscuity === 0 && !dev.dying) machine.log(`device ${dev.name} left promiscuous mode`);
    }
  }
  if (o.write === undefined && interrupted) out.write("\n");
  out.flush();
  dump?.close();
  c.err(`${captured} packet${plural(captured)} captured\n`);
  c.err(`${received} packet${plural(received)} received by filter\n`);
  c.err(`0 packets dropped by kernel\n`);
  return 0;
}
