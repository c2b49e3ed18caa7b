/**
 * pcap filter expressions (libpcap 1.10.3's grammar.y / gencode.c, the subset a lab uses):
 * `host`, `net` (a/len, a mask m, a.b.c), `port`, `portrange`, `src`/`dst`/`src or dst`/`src and
 * dst`, the protocol qualifiers (ether, ip, ip6, arp, rarp, tcp, udp, icmp, icmp6, igmp, sctp),
 * `proto N|\name`, `ether proto`, `broadcast`, `multicast`, `less`, `greater`, `vlan [id]`,
 * `and`/`or` (same precedence, left to right, as libpcap has them), `not`/`!`, parentheses,
 * qualifier inheritance (`host a or b`, `port 80 or 443`), and arithmetic relations on packet
 * bytes (`tcp[13] & 2 != 0`, `ip[8] = 64`, `icmp[icmptype] == icmp-echoreply`, `len >= 74`)
 * with the named constants. The expression compiles to a predicate over the captured bytes; a
 * load past the end of the packet rejects it, as BPF does. Errors carry libpcap's messages.
 */
import { servicePort } from "../sockets/services";

export class FilterError extends Error {}

/** Host name lookup for `host NAME` (the machine's /etc/hosts). */
export type HostResolver = (name: string) => number | undefined;

export interface Packet {
  b: Uint8Array;
  /** Length on the wire (`len`, `less`, `greater`). */
  len: number;
}

export type Filter = (p: Packet) => boolean;

class Reject {}
const REJECT = new Reject();
/** A load whose protocol check failed: the relation is false (gencode ANDs the check in). */
const MISMATCH = new Reject();

// ------------------------------------------------------------------------------ lexer

type Tok =
  | { t: "num"; v: number }
  | { t: "hid"; v: string }
  | { t: "hid6"; v: string }
  | { t: "eid"; v: string }
  | { t: "id"; v: string; escaped: boolean }
  | { t: "kw"; v: string }
  | { t: "op"; v: string }
  | { t: "end" };

const KEYWORDS = new Set([
  "dst",
  "src",
  "host",
  "net",
  "mask",
  "port",
  "portrange",
  "proto",
  "protochain",
  "gateway",
  "ether",
  "fddi",
  "tr",
  "wlan",
  "link",
  "ip",
  "ip6",
  "arp",
  "rarp",
  "tcp",
  "udp",
  "icmp",
  "icmp6",
  "igmp",
  "igrp",
  "pim",
  "vrrp",
  "carp",
  "sctp",
  "ah",
  "esp",
  "stp",
  "less",
  "greater",
  "byte",
  "broadcast",
  "multicast",
  "and",
  "or",
  "not",
  "len",
  "length",
  "inbound",
  "outbound",
  "ifindex",
  "vlan",
  "mpls",
  "pppoed",
  "pppoes",
  "geneve",
]);

/** Named constants of scanner.l (icmptype, tcp-syn, …). */
const CONSTANTS: Record<string, number> = {
  icmptype: 0,
  icmpcode: 1,
  "icmp-echoreply": 0,
  "icmp-unreach": 3,
  "icmp-sourcequench": 4,
  "icmp-redirect": 5,
  "icmp-echo": 8,
  "icmp-routeradvert": 9,
  "icmp-routersolicit": 10,
  "icmp-timxceed": 11,
  "icmp-paramprob": 12,
  "icmp-tstamp": 13,
  "icmp-tstampreply": 14,
  "icmp-ireq": 15,
  "icmp-ireqreply": 16,
  "icmp-maskreq": 17,
  "icmp-maskreply": 18,
  icmp6type: 0,
  icmp6code: 1,
  "icmp6-destinationunreach": 1,
  "icmp6-packettoobig": 2,
  "icmp6-timeexceeded": 3,
  "icmp6-parameterproblem": 4,
  "icmp6-echo": 128,
  "icmp6-echoreply": 129,
  "icmp6-multicastlistenerquery": 130,
  "icmp6-multicastlistenerreportv1": 131,
  "icmp6-multicastlistenerdone": 132,
  "icmp6-routersolicit": 133,
  "icmp6-routeradvert": 134,
  "icmp6-neighborsolicit": 135,
  "icmp6-neighboradvert": 136,
  "icmp6-redirect": 137,
  "icmp6-multicastlistenerreportv2": 143,
  tcpflags: 13,
  "tcp-fin": 0x01,
  "tcp-syn": 0x02,
  "tcp-rst": 0x04,
  "tcp-push": 0x08,
  "tcp-ack": 0x10,
  "tcp-urg": 0x20,
  "tcp-ece": 0x40,
  "tcp-cwr": 0x80,
};

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const isIdStart = (c: string) => /[A-Za-z0-9_]/.test(c);
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if ([">=", "<=", "!=", "==", "<<", ">>", "&&", "||"].includes(two)) {
      out.push(
        two === "&&"
          ? { t: "kw", v: "and" }
          : two === "||"
            ? { t: "kw", v: "or" }
            : { t: "op", v: two === "==" ? "=" : two },
      );
      i += 2;
      continue;
    }
    if ("()[]:!<>=+-*/%&|^".includes(c)) {
      out.push({ t: "op", v: c });
      i++;
      continue;
    }
    if (c === "\\") {
      let j = i + 1;
      while (j < src.length && !" !()\n\t".includes(src[j])) j++;
      out.push({ t: "id", v: src.slice(i + 1, j), escaped: true });
      i = j;
      continue;
    }
    if (isIdStart(c) || c === ".") {
      let j = i;
      while (j < src.length && /[-_.:A-Za-z0-9]/.test(src[j])) j++;
      let w = src.slice(i, j);
      // an identifier may not end with '-' or '_' (they start an operator)
      while (w.length > 1 && /[-_]$/.test(w)) w = w.slice(0, -1);
      i += w.length;
      const slice = /^(0[xX][0-9a-fA-F]+|[0-9]+):([0-9]+)$/.exec(w);
      if (slice)
        out.push(
          { t: "num", v: parseNum(slice[1]) },
          { t: "op", v: ":" },
          { t: "num", v: parseNum(slice[2]) },
        );
      else out.push(classify(w));
      continue;
    }
    throw new FilterError("syntax error");
  }
  out.push({ t: "end" });
  return out;
}

function classify(w: string): Tok {
  if (/^([0-9a-fA-F]{1,2}[:.-]){5}[0-9a-fA-F]{1,2}$/.test(w) && /[:]/.test(w)) return { t: "eid", v: w };
  if (w.includes(":")) return { t: "hid6", v: w };
  if (/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(w)) return { t: "num", v: parseNum(w) };
  if (/^([0-9]+)(\.[0-9]+){1,3}$/.test(w)) return { t: "hid", v: w };
  const lw = w;
  if (KEYWORDS.has(lw)) return { t: "kw", v: lw === "length" ? "len" : lw };
  if (lw in CONSTANTS) return { t: "num", v: CONSTANTS[lw] };
  return { t: "id", v: w, escaped: false };
}

function parseNum(w: string): number {
  if (/^0[xX]/.test(w)) return parseInt(w.slice(2), 16) >>> 0;
  if (/^0[0-7]+$/.test(w)) return parseInt(w, 8) >>> 0;
  return Number(w) >>> 0;
}

// ------------------------------------------------------------------------------ packet access

function u1(p: Packet, o: number): number {
  if (o < 0 || o + 1 > p.b.length) throw REJECT;
  return p.b[o];
}
function u2(p: Packet, o: number): number {
  if (o < 0 || o + 2 > p.b.length) throw REJECT;
  return (p.b[o] << 8) | p.b[o + 1];
}
function u4(p: Packet, o: number): number {
  if (o < 0 || o + 4 > p.b.length) throw REJECT;
  return ((p.b[o] << 24) | (p.b[o + 1] << 16) | (p.b[o + 2] << 8) | p.b[o + 3]) >>> 0;
}

type Q = { proto: string; dir: string; addr: string };
const QDEF: Q = { proto: "", dir: "", addr: "" };

const ETHER_PROTOS: Record<string, number> = {
  ip: 0x0800,
  ip6: 0x86dd,
  arp: 0x0806,
  rarp: 0x8035,
  pup: 0x0200,
  xns: 0x0600,
  sprite: 0x0500,
  mopdl: 0x6001,
  moprc: 0x6002,
  decnet: 0x6003,
  lat: 0x6004,
  sca: 0x6007,
  lanbridge: 0x8038,
  vexp: 0x805b,
  vprod: 0x805c,
  atalk: 0x809b,
  atalkarp: 0x80f3,
  loopback: 0x9000,
  decdts: 0x803e,
  decdns: 0x803c,
};

const IP_PROTOS: Record<string, number> = {
  ip: 0,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ggp: 3,
  ipencap: 4,
  st: 5,
  tcp: 6,
  egp: 8,
  igp: 9,
  pup: 12,
  udp: 17,
  hmp: 20,
  "xns-idp": 22,
  rdp: 27,
  "iso-tp4": 29,
  dccp: 33,
  xtp: 36,
  ddp: 37,
  "idpr-cmtp": 38,
  ipv6: 41,
  "ipv6-route": 43,
  "ipv6-frag": 44,
  idrp: 45,
  rsvp: 46,
  gre: 47,
  esp: 50,
  ah: 51,
  skip: 57,
  "ipv6-icmp": 58,
  "ipv6-nonxt": 59,
  "ipv6-opts": 60,
  rspf: 73,
  vmtp: 81,
  eigrp: 88,
  ospf: 89,
  "ax.25": 93,
  ipip: 94,
  etherip: 97,
  encap: 98,
  pim: 103,
  ipcomp: 108,
  vrrp: 112,
  l2tp: 115,
  isis: 124,
  sctp: 132,
  fc: 133,
  "mobility-header": 135,
  udplite: 136,
  "mpls-in-ip": 137,
  manet: 138,
  hip: 139,
  shim6: 140,
  wesp: 141,
  rohc: 142,
  ethernet: 143,
};

function parseIp4(s: string): { addr: number; bits: number } {
  const parts = s.split(".").map(Number);
  let a = 0;
  for (const x of parts) {
    if (x > 255) throw new FilterError("syntax error");
    a = (a << 8) | x;
  }
  a = (a << (8 * (4 - parts.length))) >>> 0;
  return { addr: a >>> 0, bits: 8 * parts.length };
}

function parseMac(s: string): Uint8Array {
  return Uint8Array.from(s.split(/[:.-]/).map((h) => parseInt(h, 16)));
}

// ------------------------------------------------------------------------------ parser + code generation

class Compiler {
  i = 0;
  /** link-layer header offset (each `vlan` adds 4 for what follows, as libpcap's does). */
  ll = 0;
  constructor(
    readonly toks: Tok[],
    readonly resolve: HostResolver,
  ) {}

  peek(): Tok {
    return this.toks[this.i];
  }
  next(): Tok {
    return this.toks[this.i++];
  }
  isKw(v: string, k = 0): boolean {
    const t = this.toks[this.i + k];
    return t !== undefined && t.t === "kw" && t.v === v;
  }
  isOp(v: string, k = 0): boolean {
    const t = this.toks[this.i + k];
    return t !== undefined && t.t === "op" && t.v === v;
  }
  expect(v: string): void {
    const t = this.next();
    if (!(t.t === "op" && t.v === v)) throw new FilterError("syntax error");
  }

  program(): Filter {
    if (this.peek().t === "end") return () => true;
    const { f } = this.expr();
    if (this.peek().t !== "end") throw new FilterError("syntax error");
    return (p) => {
      try {
        return f(p);
      } catch (e) {
        if (e === REJECT) return false;
        throw e;
      }
    };
  }

  /** expr: term | expr and term | expr and id | expr or term | expr or id */
  expr(): { f: Filter; q: Q } {
    let { f, q } = this.term(QDEF, false);
    for (;;) {
      const and = this.isKw("and");
      const or = this.isKw("or");
      if (!and && !or) return { f, q };
      this.next();
      const r = this.term(q, true);
      const a = f;
      const b = r.f;
      f = and ? (p) => a(p) && b(p) : (p) => a(p) || b(p);
      q = r.q;
    }
  }

  /** term: rterm | not term; after and/or a bare id inherits the qualifiers. */
  term(inherit: Q, idOk: boolean): { f: Filter; q: Q } {
    if (this.isKw("not") || this.isOp("!")) {
      this.next();
      const r = this.term(inherit, idOk);
      const g = r.f;
      return { f: (p) => !g(p), q: r.q };
    }
    if (idOk && this.startsId()) {
      return { f: this.id(inherit), q: inherit };
    }
    return this.rterm();
  }

  startsId(): boolean {
    const t = this.peek();
    return (
      t.t === "id" || t.t === "hid" || t.t === "hid6" || t.t === "eid" || (t.t === "num" && !this.relAhead())
    );
  }

  /** A number that is the left side of a relation (`1 = 1`, `2 + 3 > 4`). */
  relAhead(): boolean {
    const t = this.toks[this.i + 1];
    return t !== undefined && t.t === "op" && ">=<!+-*/%&|^".includes(t.v[0]);
  }

  rterm(): { f: Filter; q: Q } {
    const t = this.peek();
    if (this.isOp("(")) {
      // paren expr ')' or an arithmetic expression in parentheses
      const save = this.i;
      const saveLl = this.ll;
      try {
        this.next();
        const r = this.expr();
        this.expect(")");
        if (this.isRelop()) throw new FilterError("retry");
        return r;
      } catch (e) {
        if (!(e instanceof FilterError)) throw e;
        this.i = save;
        this.ll = saveLl;
        return { f: this.relation(), q: QDEF };
      }
    }
    if (t.t === "num" || this.isOp("-") || this.isKw("len")) return { f: this.relation(), q: QDEF };
    if (t.t === "kw") {
      switch (t.v) {
        case "less":
        case "greater": {
          this.next();
          const n = this.next();
          if (n.t !== "num") throw new FilterError("syntax error");
          const v = n.v;
          return { f: t.v === "less" ? (p) => p.len <= v : (p) => p.len >= v, q: QDEF };
        }
        case "vlan": {
          this.next();
          let id: number | undefined;
          if (this.peek().t === "num") id = (this.next() as { v: number }).v;
          const ll = this.ll;
          this.ll += 4;
          if (id !== undefined && id > 4095)
            throw new FilterError(`VLAN tag ${id} greater than maximum 4095`);
          return {
            f: (p) => {
              const et = u2(p, ll + 12);
              if (et !== 0x8100 && et !== 0x88a8 && et !== 0x9100) return false;
              return id === undefined || (u2(p, ll + 14) & 0xfff) === id;
            },
            q: QDEF,
          };
        }
        case "broadcast":
        case "multicast":
          this.next();
          return { f: this.castPrim("", t.v), q: QDEF };
        case "inbound":
        case "outbound":
          throw new FilterError("inbound/outbound not supported on Ethernet");
      }
    }
    // head id | pname | pname[...] relation | pqual broadcast/multicast
    const q: Q = { proto: "", dir: "", addr: "" };
    if (t.t === "kw" && this.isPname(t.v)) {
      if (this.isOp("[", 1)) return { f: this.relation(), q: QDEF };
      q.proto = t.v;
      this.next();
      if (this.isKw("broadcast") || this.isKw("multicast")) {
        const w = (this.next() as { v: string }).v;
        return { f: this.castPrim(q.proto, w), q: QDEF };
      }
    }
    let any = q.proto !== "";
    if (this.isKw("src") || this.isKw("dst")) {
      const d = (this.next() as { v: string }).v;
      if ((this.isKw("or") || this.isKw("and")) && (this.isKw("src", 1) || this.isKw("dst", 1))) {
        const conj = (this.next() as { v: string }).v;
        const d2 = (this.next() as { v: string }).v;
        if (d2 === d) throw new FilterError("syntax error");
        q.dir = conj === "or" ? "or" : "and";
      } else q.dir = d;
      any = true;
    }
    if (
      this.isKw("host") ||
      this.isKw("net") ||
      this.isKw("port") ||
      this.isKw("portrange") ||
      this.isKw("gateway")
    ) {
      q.addr = (this.next() as { v: string }).v;
      any = true;
    } else if (this.isKw("proto") || this.isKw("protochain")) {
      this.next();
      q.addr = "proto";
      any = true;
    }
    if (!any) throw new FilterError("syntax error");
    if (q.addr === "" && q.dir === "" && q.proto !== "") {
      // a bare protocol name: `tcp`, `arp`, `ip6` (unless an id follows: `ether 1:2:3:4:5:6`)
      if (!this.startsIdStrict()) return { f: this.protoAbbrev(q.proto), q: QDEF };
    }
    if (!this.startsIdStrict()) throw new FilterError("syntax error");
    return { f: this.id(q), q };
  }

  startsIdStrict(): boolean {
    const t = this.peek();
    return (
      t.t === "id" ||
      t.t === "hid" ||
      t.t === "hid6" ||
      t.t === "eid" ||
      t.t === "num" ||
      ((this.isKw("not") || this.isOp("!") || this.isOp("(")) && false)
    );
  }

  isPname(v: string): boolean {
    return [
      "ether",
      "link",
      "ip",
      "ip6",
      "arp",
      "rarp",
      "tcp",
      "udp",
      "icmp",
      "icmp6",
      "igmp",
      "igrp",
      "pim",
      "vrrp",
      "carp",
      "sctp",
      "ah",
      "esp",
      "stp",
      "fddi",
      "tr",
      "wlan",
    ].includes(v);
  }

  isRelop(): boolean {
    const t = this.peek();
    return t.t === "op" && [">", ">=", "=", "<", "<=", "!="].includes(t.v);
  }

  /** id: nid | pnum | paren pid ')' | not id */
  id(q: Q): Filter {
    if (this.isKw("not") || this.isOp("!")) {
      this.next();
      const g = this.id(q);
      return (p) => !g(p);
    }
    if (this.isOp("(")) {
      this.next();
      let f = this.id(q);
      while (this.isKw("and") || this.isKw("or")) {
        const and = (this.next() as { v: string }).v === "and";
        const g = this.id(q);
        const a = f;
        f = and ? (p) => a(p) && g(p) : (p) => a(p) || g(p);
      }
      this.expect(")");
      return f;
    }
    const t = this.next();
    switch (t.t) {
      case "num":
        return this.ncode(undefined, t.v, q);
      case "hid": {
        if (this.isOp("/")) {
          this.next();
          const n = this.next();
          if (n.t !== "num") throw new FilterError("syntax error");
          return this.mcode(t.v, n.v, q);
        }
        if (this.isKw("mask")) {
          this.next();
          const m = this.next();
          if (m.t !== "hid") throw new FilterError("syntax error");
          const mask = parseIp4(m.v).addr;
          const net = parseIp4(t.v).addr;
          if ((net & ~mask) >>> 0) throw new FilterError(`non-network bits set in "${t.v} mask ${m.v}"`);
          return this.hostOrNet(net, mask, q, "net");
        }
        if (q.addr === "port") throw new FilterError("'port' modifier applied to ip host");
        if (q.addr === "portrange") throw new FilterError("'portrange' modifier applied to ip host");
        if (q.addr === "proto") throw new FilterError("'proto' modifier applied to ip host");
        return this.ncode(t.v, 0, q);
      }
      case "hid6":
        throw new FilterError(`unknown host '${t.v}'`);
      case "eid":
        return this.ecode(parseMac(t.v), q);
      case "id":
        return this.scode(t.v, q);
      default:
        throw new FilterError("syntax error");
    }
  }

  /** gen_ncode: a number or dotted address under the qualifiers. */
  ncode(s: string | undefined, v: number, q: Q): Filter {
    const addr = q.addr || "host";
    if (addr === "port") {
      if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
      return this.port(q.proto, v, v, q.dir);
    }
    if (addr === "portrange") {
      if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
      return this.port(q.proto, v, v, q.dir);
    }
    if (addr === "proto") return this.protoNum(q.proto, v);
    if (addr === "gateway") throw new FilterError("'gateway' requires a name");
    let a: number;
    let bits: number;
    if (s !== undefined) ({ addr: a, bits } = parseIp4(s));
    else {
      a = v;
      bits = 32;
      if (addr === "net") {
        // a bare number as a network: 10 → 10.0.0.0/8
        let x = v;
        bits = 32;
        while (x && !(x & 0xff000000)) {
          x = (x << 8) >>> 0;
          bits -= 8;
        }
        a = x >>> 0;
      }
    }
    if (addr === "host" && s !== undefined && bits !== 32) {
      a = parseIp4(s).addr;
    }
    const mask = addr === "net" ? (bits ? (0xffffffff << (32 - bits)) >>> 0 : 0) : 0xffffffff;
    if (addr === "net" && (a & ~mask) >>> 0) throw new FilterError(`non-network bits set in "${s ?? v}"`);
    return this.hostOrNet(a, mask, q, addr);
  }

  mcode(s: string, len: number, q: Q): Filter {
    if (len > 32) throw new FilterError(`mask length must be <= 32`);
    const { addr } = parseIp4(s);
    const mask = len ? (0xffffffff << (32 - len)) >>> 0 : 0;
    if ((addr & ~mask) >>> 0) throw new FilterError(`non-network bits set in "${s}/${len}"`);
    if (q.addr && q.addr !== "net") throw new FilterError("Mask syntax for networks only");
    return this.hostOrNet(addr, mask, q, "net");
  }

  /** gen_host for IPv4: ip, arp and rarp by default. */
  hostOrNet(addr: number, mask: number, q: Q, _kind: string): Filter {
    const ll = this.ll;
    const dir = q.dir;
    const test = (src: number, dst: number) => (p: Packet) => {
      const s = (u4(p, src) & mask) >>> 0;
      const d = (u4(p, dst) & mask) >>> 0;
      if (dir === "src") return s === addr;
      if (dir === "dst") return d === addr;
      if (dir === "and") return s === addr && d === addr;
      return s === addr || d === addr;
    };
    const ip = test(ll + 14 + 12, ll + 14 + 16);
    const arp = test(ll + 14 + 14, ll + 14 + 24);
    const et = (p: Packet) => u2(p, ll + 12);
    switch (q.proto) {
      case "":
        return (p) => {
          const e = et(p);
          if (e === 0x0800) return ip(p);
          if (e === 0x0806 || e === 0x8035) return arp(p);
          return false;
        };
      case "ip":
        return (p) => et(p) === 0x0800 && ip(p);
      case "arp":
        return (p) => et(p) === 0x0806 && arp(p);
      case "rarp":
        return (p) => et(p) === 0x8035 && arp(p);
      case "ether":
      case "link":
        throw new FilterError("illegal modifier of 'host'");
      case "ip6":
        throw new FilterError(`'ip6' modifier applied to ip host`);
      default:
        throw new FilterError(`'${q.proto}' modifier applied to host`);
    }
  }

  ecode(mac: Uint8Array, q: Q): Filter {
    if (q.proto !== "" && q.proto !== "ether" && q.proto !== "link")
      throw new FilterError("ethernet address used in non-ether expression");
    if (q.addr && q.addr !== "host") throw new FilterError("ethernet address used in non-ether expression");
    const ll = this.ll;
    const eq = (p: Packet, o: number) => {
      for (let i = 0; i < 6; i++) if (u1(p, o + i) !== mac[i]) return false;
      return true;
    };
    const dir = q.dir;
    return (p) => {
      if (dir === "src") return eq(p, ll + 6);
      if (dir === "dst") return eq(p, ll);
      if (dir === "and") return eq(p, ll) && eq(p, ll + 6);
      return eq(p, ll) || eq(p, ll + 6);
    };
  }

  /** gen_scode: a name under the qualifiers. */
  scode(name: string, q: Q): Filter {
    const addr = q.addr || "host";
    switch (addr) {
      case "host":
      case "net": {
        if (q.proto === "ether" || q.proto === "link") throw new FilterError(`unknown ether host '${name}'`);
        const a = this.resolve(name);
        if (a === undefined)
          throw new FilterError(`unknown ${addr === "net" ? "network" : "host"} '${name}'`);
        return this.hostOrNet(a, 0xffffffff, q, "host");
      }
      case "port": {
        const tcp = servicePort(name, "tcp");
        const udp = servicePort(name, "udp");
        if (tcp === undefined && udp === undefined) {
          if (/^\d+$/.test(name)) return this.ncode(undefined, Number(name), q);
          throw new FilterError(`unknown port '${name}'`);
        }
        if (tcp !== undefined && udp !== undefined && tcp === udp) return this.port(q.proto, tcp, tcp, q.dir);
        if (tcp !== undefined && (q.proto === "" || q.proto === "tcp"))
          return this.port("tcp", tcp, tcp, q.dir);
        if (udp !== undefined && (q.proto === "" || q.proto === "udp"))
          return this.port("udp", udp, udp, q.dir);
        throw new FilterError(`unknown port '${name}'`);
      }
      case "portrange": {
        const m = /^([^-]+)-([^-]+)$/.exec(name);
        if (!m) throw new FilterError(`unknown port in range '${name}'`);
        const pn = (s: string) => {
          if (/^\d+$/.test(s)) {
            const v = Number(s);
            if (v > 65535) throw new FilterError(`illegal port number ${v} > 65535`);
            return v;
          }
          const v = servicePort(s, "tcp") ?? servicePort(s, "udp");
          if (v === undefined) throw new FilterError(`unknown port in range '${name}'`);
          return v;
        };
        let lo = pn(m[1]);
        let hi = pn(m[2]);
        if (lo > hi) [lo, hi] = [hi, lo];
        return this.port(q.proto, lo, hi, q.dir);
      }
      case "proto": {
        if (q.proto === "ether" || q.proto === "link") {
          const v = ETHER_PROTOS[name];
          if (v === undefined) throw new FilterError(`unknown ether proto '${name}'`);
          return this.protoNum(q.proto, v);
        }
        const v = IP_PROTOS[name];
        if (v === undefined) throw new FilterError(`unknown ip proto '${name}'`);
        return this.protoNum(q.proto, v);
      }
      case "gateway":
        throw new FilterError("'gateway' not supported in this configuration");
    }
    throw new FilterError("syntax error");
  }

  /** `proto N` under a protocol qualifier. */
  protoNum(proto: string, v: number): Filter {
    const ll = this.ll;
    switch (proto) {
      case "ether":
      case "link":
        return (p) => u2(p, ll + 12) === v;
      case "ip":
        return (p) => u2(p, ll + 12) === 0x0800 && u1(p, ll + 14 + 9) === v;
      case "ip6":
        return (p) => u2(p, ll + 12) === 0x86dd && ip6Nxt(p, ll) === v;
      case "":
        return (p) => {
          const e = u2(p, ll + 12);
          if (e === 0x0800) return u1(p, ll + 14 + 9) === v;
          if (e === 0x86dd) return ip6Nxt(p, ll) === v;
          return false;
        };
      default:
        throw new FilterError(`'${proto}' modifier applied to proto`);
    }
  }

  /** tcp, udp, icmp … as abbreviations (gen_proto_abbrev). */
  protoAbbrev(name: string): Filter {
    const ll = this.ll;
    const et = (p: Packet) => u2(p, ll + 12);
    switch (name) {
      case "ether":
      case "link":
        return () => true;
      case "ip":
        return (p) => et(p) === 0x0800;
      case "ip6":
        return (p) => et(p) === 0x86dd;
      case "arp":
        return (p) => et(p) === 0x0806;
      case "rarp":
        return (p) => et(p) === 0x8035;
      case "tcp":
        return this.protoNum("", 6);
      case "udp":
        return this.protoNum("", 17);
      case "sctp":
        return this.protoNum("", 132);
      case "icmp":
        return this.protoNum("ip", 1);
      case "igmp":
        return this.protoNum("ip", 2);
      case "icmp6":
        return this.protoNum("ip6", 58);
      case "pim":
        return this.protoNum("", 103);
      case "vrrp":
        return this.protoNum("ip", 112);
      case "ah":
        return this.protoNum("", 51);
      case "esp":
        return this.protoNum("", 50);
      case "stp":
        return (p) => et(p) <= 1500 && u1(p, ll + 14) === 0x42;
      default:
        throw new FilterError("syntax error");
    }
  }

  /** gen_port / gen_portrange over IPv4 (first fragments only) and IPv6, TCP/UDP/SCTP. */
  port(proto: string, lo: number, hi: number, dir: string): Filter {
    const ll = this.ll;
    const protos =
      proto === "tcp"
        ? [6]
        : proto === "udp"
          ? [17]
          : proto === "sctp"
            ? [132]
            : proto === "" || proto === "ip" || proto === "ip6"
              ? [6, 17, 132]
              : null;
    if (!protos) throw new FilterError(`illegal qualifier of 'port'`);
    const in4 = proto !== "ip6";
    const in6 = proto !== "ip";
    const match = (p: Packet, l4: number) => {
      const s = u2(p, l4);
      const d = u2(p, l4 + 2);
      const ok = (x: number) => x >= lo && x <= hi;
      if (dir === "src") return ok(s);
      if (dir === "dst") return ok(d);
      if (dir === "and") return ok(s) && ok(d);
      return ok(s) || ok(d);
    };
    return (p) => {
      const e = u2(p, ll + 12);
      if (e === 0x0800 && in4) {
        const pr = u1(p, ll + 14 + 9);
        if (!protos.includes(pr)) return false;
        if (u2(p, ll + 14 + 6) & 0x1fff) return false;
        return match(p, ll + 14 + (u1(p, ll + 14) & 0x0f) * 4);
      }
      if (e === 0x86dd && in6) {
        const pr = u1(p, ll + 14 + 6);
        if (!protos.includes(pr)) return false;
        return match(p, ll + 14 + 40);
      }
      return false;
    };
  }

  castPrim(proto: string, what: string): Filter {
    const ll = this.ll;
    if (what === "broadcast") {
      if (proto === "" || proto === "ether" || proto === "link")
        return (p) => {
          for (let i = 0; i < 6; i++) if (u1(p, ll + i) !== 0xff) return false;
          return true;
        };
      if (proto === "ip") throw new FilterError("netmask not known, so 'ip broadcast' not supported");
      throw new FilterError("only link-layer/IP broadcast filters supported");
    }
    if (proto === "" || proto === "ether" || proto === "link") return (p) => (u1(p, ll) & 1) === 1;
    if (proto === "ip") return (p) => u2(p, ll + 12) === 0x0800 && u1(p, ll + 14 + 16) >= 224;
    if (proto === "ip6") return (p) => u2(p, ll + 12) === 0x86dd && u1(p, ll + 14 + 24) === 255;
    throw new FilterError(
      "link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel",
    );
  }

  // ---- arithmetic: arth relop arth

  relation(): Filter {
    const a = this.arith(1);
    const t = this.next();
    if (t.t !== "op" || ![">", ">=", "=", "<", "<=", "!="].includes(t.v))
      throw new FilterError("syntax error");
    const b = this.arith(1);
    const op = t.v;
    return (p) => {
      let x: number;
      let y: number;
      try {
        x = a(p) >>> 0;
        y = b(p) >>> 0;
      } catch (e) {
        if (e === MISMATCH) return false;
        throw e;
      }
      switch (op) {
        case ">":
          return x > y;
        case ">=":
          return x >= y;
        case "=":
          return x === y;
        case "<":
          return x < y;
        case "<=":
          return x <= y;
        default:
          return x !== y;
      }
    };
  }

  static PREC: Record<string, number> = {
    "|": 1,
    "^": 1,
    "&": 2,
    "<<": 3,
    ">>": 3,
    "+": 4,
    "-": 4,
    "*": 5,
    "/": 5,
    "%": 5,
  };

  arith(min: number): (p: Packet) => number {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== "op") return left;
      const prec = Compiler.PREC[t.v];
      if (prec === undefined || prec < min) return left;
      this.next();
      const right = this.arith(prec + 1);
      const l = left;
      const op = t.v;
      left = (p) => {
        const x = l(p) >>> 0;
        const y = right(p) >>> 0;
        switch (op) {
          case "+":
            return (x + y) >>> 0;
          case "-":
            return (x - y) >>> 0;
          case "*":
            return Math.imul(x, y) >>> 0;
          case "/":
            if (y === 0) throw REJECT;
            return Math.floor(x / y) >>> 0;
          case "%":
            if (y === 0) throw REJECT;
            return (x % y) >>> 0;
          case "&":
            return (x & y) >>> 0;
          case "|":
            return (x | y) >>> 0;
          case "^":
            return (x ^ y) >>> 0;
          case "<<":
            return y > 31 ? 0 : (x << y) >>> 0;
          default:
            return y > 31 ? 0 : x >>> y;
        }
      };
    }
  }

  unary(): (p: Packet) => number {
    const t = this.peek();
    if (this.isOp("-")) {
      this.next();
      const g = this.unary();
      return (p) => -g(p) >>> 0;
    }
    if (this.isOp("(")) {
      this.next();
      const g = this.arith(1);
      this.expect(")");
      return g;
    }
    if (t.t === "num") {
      this.next();
      return () => t.v;
    }
    if (this.isKw("len")) {
      this.next();
      return (p) => p.len;
    }
    if (t.t === "kw" && this.isPname(t.v) && this.isOp("[", 1)) {
      this.next();
      this.next();
      const idx = this.arith(1);
      let size = 1;
      if (this.isOp(":")) {
        this.next();
        const n = this.next();
        if (n.t !== "num") throw new FilterError("syntax error");
        size = n.v;
        if (size !== 1 && size !== 2 && size !== 4) throw new FilterError("data size must be 1, 2, or 4");
      }
      this.expect("]");
      return this.load(t.v, idx, size);
    }
    throw new FilterError("syntax error");
  }

  load(proto: string, idx: (p: Packet) => number, size: number): (p: Packet) => number {
    const ll = this.ll;
    const rd = (p: Packet, o: number) => (size === 1 ? u1(p, o) : size === 2 ? u2(p, o) : u4(p, o));
    const et = (p: Packet) => u2(p, ll + 12);
    switch (proto) {
      case "ether":
      case "link":
        return (p) => rd(p, ll + idx(p));
      case "ip":
        return (p) => {
          if (et(p) !== 0x0800) throw MISMATCH;
          return rd(p, ll + 14 + idx(p));
        };
      case "ip6":
        return (p) => {
          if (et(p) !== 0x86dd) throw MISMATCH;
          return rd(p, ll + 14 + idx(p));
        };
      case "arp":
      case "rarp":
        return (p) => {
          if (et(p) !== (proto === "arp" ? 0x0806 : 0x8035)) throw MISMATCH;
          return rd(p, ll + 14 + idx(p));
        };
      case "tcp":
      case "udp":
      case "icmp":
      case "igmp":
      case "sctp":
      case "vrrp": {
        const num = { tcp: 6, udp: 17, icmp: 1, igmp: 2, sctp: 132, vrrp: 112 }[proto];
        return (p) => {
          if (et(p) !== 0x0800 || u1(p, ll + 14 + 9) !== num || u2(p, ll + 14 + 6) & 0x1fff) throw MISMATCH;
          return rd(p, ll + 14 + (u1(p, ll + 14) & 0x0f) * 4 + idx(p));
        };
      }
      case "icmp6":
        return (p) => {
          if (et(p) !== 0x86dd || u1(p, ll + 14 + 6) !== 58) throw MISMATCH;
          return rd(p, ll + 14 + 40 + idx(p));
        };
      default:
        throw new FilterError(`'${proto}' not supported in this configuration`);
    }
  }
}

/** The IPv6 next header, looking through a fragment header as libpcap's gen_proto does. */
function ip6Nxt(p: Packet, ll: number): number {
  const nh = u1(p, ll + 14 + 6);
  if (nh === 44) return u1(p, ll + 14 + 40);
  return nh;
}

/** pcap_compile: the filter, or a FilterError with libpcap's message. */
export function compileFilter(expr: string, resolve: HostResolver = () => undefined): Filter {
  const toks = lex(expr);
  const c = new Compiler(toks, resolve);
  return c.program();
}
