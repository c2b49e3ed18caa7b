/**
 * tcpdump 4.99.3's packet printer (netdissect), for the protocols a lab puts on the wire:
 * Ethernet (-e), ARP, IPv4 (-v header line, options), ICMP (echo, the unreachables, time exceeded,
 * redirect, with the quoted datagram under -v), UDP (with the port-based dissectors that matter
 * here: OTV on 8472 — which is how tcpdump prints flannel's VXLAN —, VXLAN on 4789, the AFS/RX
 * range 7000-7009 and a plain "UDP, length N" otherwise), TCP (flags, relative sequence numbers per
 * conversation, options, HTTP's first line), IPv6 with its hop-by-hop header, ICMPv6 (ND, router
 * solicitation, MLDv1/v2) and IGMP; then -x/-xx/-X/-XX/-A dumps and the time stamp styles.
 * It reads bytes, as the real one does, so it prints what a pcap file holds as well as a live
 * capture. print-ether.c, print-arp.c, print-ip.c, print-icmp.c, print-udp.c, print-tcp.c,
 * print-ip6.c, print-ip6opts.c, print-icmp6.c, print-igmp.c, print-vxlan.c, print-otv.c,
 * print-ascii.c, util-print.c, addrtoname.c.
 */
import { ip6ToString } from "../wire/addr";
import type { Ip6 } from "../util/brand";
import { serviceName } from "../sockets/services";

export interface PrintOptions {
  /** -n count (any: no names for hosts, ports, MACs' OUI). */
  n: number;
  e: boolean;
  v: number;
  q: boolean;
  /** -t count: 0 time of day, 1 none, 2 Unix seconds, 3 delta from previous, 4 date, 5 since first. */
  t: number;
  x: number;
  X: number;
  A: number;
  /** -S: absolute TCP sequence numbers. */
  S: boolean;
  /** --number */
  number: boolean;
  /** Seconds east of UTC for the time of day (the machine's TZ: UTC). */
  tzOffset?: number;
  /** gethostbyaddr for names without -n (the machine's /etc/hosts). */
  hostName?: (ip: number) => string | undefined;
}

export const defaultPrintOptions = (): PrintOptions => ({
  n: 0,
  e: false,
  v: 0,
  q: false,
  t: 0,
  x: 0,
  X: 0,
  A: 0,
  S: false,
  number: false,
});

class Truncated {
  constructor(readonly proto: string) {}
}

const ETHERTYPES: Record<number, string> = {
  0x0800: "IPv4",
  0x8847: "MPLS unicast",
  0x8848: "MPLS multicast",
  0x86dd: "IPv6",
  0x8100: "802.1Q",
  0x9100: "802.1Q-9100",
  0x88a8: "802.1Q-QinQ",
  0x9200: "802.1Q-9200",
  0x88e5: "802.1AE MACsec",
  0x0806: "ARP",
  0x8035: "Reverse ARP",
  0x6558: "TEB",
  0x809b: "Appletalk",
  0x80f3: "Appletalk ARP",
  0x8137: "IPX",
  0x880b: "PPP",
  0x8809: "Slow Protocols",
  0x8863: "PPPoE D",
  0x8864: "PPPoE S",
  0x888e: "EAPOL",
  0x8870: "Jumbo",
  0x894f: "NSH",
  0x9000: "Loopback",
  0x88cc: "LLDP",
  0x88f7: "PTP",
  0x8902: "CFM",
};

const IPPROTO: Record<number, string> = {
  0: "Options",
  1: "ICMP",
  2: "IGMP",
  4: "IPIP",
  6: "TCP",
  8: "EGP",
  9: "IGRP",
  17: "UDP",
  33: "DCCP",
  41: "IPv6",
  43: "Routing",
  44: "Fragment",
  46: "RSVP",
  47: "GRE",
  50: "ESP",
  51: "AH",
  55: "Mobile IP",
  58: "ICMPv6",
  62: "Mobile IP (old)",
  88: "EIGRP",
  89: "OSPF",
  103: "PIM",
  108: "Compressed IP",
  112: "VRRP",
  113: "PGM",
  132: "SCTP",
  135: "Mobility",
  143: "Ethernet",
};

/** /etc/protocols names (netdb_protoname) for the fallbacks that print a protocol name. */
const NETDB_PROTO: Record<number, string> = {
  0: "ip",
  1: "icmp",
  2: "igmp",
  4: "ipencap",
  6: "tcp",
  17: "udp",
  41: "ipv6",
  47: "gre",
  50: "esp",
  51: "ah",
  58: "ipv6-icmp",
  89: "ospf",
  103: "pim",
  112: "vrrp",
  132: "sctp",
};

const OUI: Record<number, string> = {
  0x000000: "Ethernet",
  0x00000c: "Cisco",
  0x00005e: "IANA",
  0x000081: "Nortel Networks SONMP",
  0x0000f8: "Cisco bridged",
  0x0080c2: "Ethernet bridged",
  0x00a03e: "ATM Forum",
  0x00e02f: "DOCSIS Spanning Tree",
  0x080007: "Appletalk",
  0x009069: "Juniper",
  0x080009: "Hewlett-Packard",
  0x00120f: "IEEE 802.3 Private",
  0x0012bb: "ANSI/TIA",
  0x001b21: "DCBX",
  0x002320: "Nicira Networks",
  0x5c16c7: "Big Switch Networks",
  0xb0d2f5: "Vello Systems",
  0x002481: "HP",
  0x0004ea: "HP-Labs",
  0x748771: "Infoblox Inc",
  0xa42305: "Open Networking Lab",
  0x00049f: "Freescale",
  0x0015ad: "Netronome",
  0x001018: "Broadcom",
  0x00e004: "PMC-Sierra",
  0xd0f0db: "Ericsson",
};

const hex2 = (n: number) => n.toString(16).padStart(2, "0");
const hex4 = (n: number) => n.toString(16).padStart(4, "0");

/** in_cksum over a list of byte ranges (ones' complement sum, folded, complemented). */
function inCksum(parts: Uint8Array[]): number {
  let sum = 0;
  let odd = false;
  let carry = 0;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (!odd) carry = p[i] << 8;
      else sum += carry | p[i];
      odd = !odd;
    }
  }
  if (odd) sum += carry;
  while (sum >>> 16) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** in_cksum_shouldbe: the checksum field value that would have made the sum come out right. */
function cksumShouldbe(sum: number, computed: number): number {
  let s = ~sum & 0xffff;
  s += ~computed & 0xffff;
  s = (s >>> 16) + (s & 0xffff);
  s += s >>> 16;
  return ~s & 0xffff;
}

/** Per-print state: the output, the bytes and their captured end (ndo_snapend). */
class Ndo {
  out = "";
  proto = "";
  /** ndo_ll_hdr_len */
  llHdrLen = 0;
  constructor(
    readonly o: PrintOptions,
    readonly b: Uint8Array,
    public snapend: number,
    readonly st: PrinterState,
  ) {}

  p(s: string): void {
    this.out += s;
  }
  u1(off: number): number {
    if (off + 1 > this.snapend) throw new Truncated(this.proto);
    return this.b[off];
  }
  u2(off: number): number {
    if (off + 2 > this.snapend) throw new Truncated(this.proto);
    return (this.b[off] << 8) | this.b[off + 1];
  }
  u3(off: number): number {
    if (off + 3 > this.snapend) throw new Truncated(this.proto);
    return (this.b[off] << 16) | (this.b[off + 1] << 8) | this.b[off + 2];
  }
  u4(off: number): number {
    if (off + 4 > this.snapend) throw new Truncated(this.proto);
    return ((this.b[off] << 24) | (this.b[off + 1] << 16) | (this.b[off + 2] << 8) | this.b[off + 3]) >>> 0;
  }
  ttest(off: number, len: number): boolean {
    return off + len <= this.snapend && off >= 0;
  }
  tcheck(off: number, len: number): void {
    if (!this.ttest(off, len)) throw new Truncated(this.proto);
  }
  avail(off: number): number {
    return Math.max(0, this.snapend - off);
  }
  ipaddr(off: number): string {
    const a = this.u4(off);
    const s = `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    if (!this.o.n && this.o.hostName) return this.o.hostName(a) ?? s;
    return s;
  }
  ip6addr(off: number): string {
    this.tcheck(off, 16);
    return ip6ToString(this.b.slice(off, off + 16) as Ip6);
  }
  etheraddr(off: number): string {
    this.tcheck(off, 6);
    const m = [...this.b.subarray(off, off + 6)].map(hex2).join(":");
    if (this.o.n) return m;
    if (m === "ff:ff:ff:ff:ff:ff") return "Broadcast";
    const oui = (this.b[off] << 16) | (this.b[off + 1] << 8) | this.b[off + 2];
    return `${m} (oui ${OUI[oui] ?? "Unknown"})`;
  }
  tcpport(p: number): string {
    return (!this.o.n && serviceName(p, "tcp")) || String(p);
  }
  udpport(p: number): string {
    return (!this.o.n && serviceName(p, "udp")) || String(p);
  }
  trunc(): void {
    this.p(` [|${this.proto}]`);
  }
  invalid(): void {
    this.p(` (invalid)`);
  }
  /** nd_push_snaplen: the payload ends at `end` (never beyond what was captured). */
  pushSnap(end: number): number {
    const saved = this.snapend;
    if (end < this.snapend) this.snapend = end;
    return saved;
  }
}

/** State kept across packets by one tcpdump process (the TCP conversation table, -ttt references). */
export class PrinterState {
  tcpSeq = new Map<string, { seq: number; ack: number }>();
  tvRef?: number;
  count = 0;
}

/** One packet as tcpdump prints it (with the final newline). */
export function printPacket(
  frame: Uint8Array,
  origLen: number,
  timeUs: number,
  o: PrintOptions,
  st: PrinterState,
): string {
  st.count++;
  const ndo = new Ndo(o, frame, frame.length, st);
  if (o.number) ndo.p(`${String(st.count).padStart(5)}  `);
  ndo.p(tsString(timeUs, o, st));
  try {
    ndo.proto = "";
    etherIfPrint(ndo, origLen);
  } catch (e) {
    if (!(e instanceof Truncated)) throw e;
    ndo.p(` [|${e.proto}]`);
    ndo.llHdrLen = 0;
  }
  ndo.snapend = frame.length;
  const hdr = ndo.llHdrLen;
  if (o.X) {
    if (o.X > 1) ndo.p(hexAscii("\n\t", frame, 0, frame.length));
    else if (frame.length > hdr) ndo.p(hexAscii("\n\t", frame, hdr, frame.length - hdr));
  } else if (o.x) {
    if (o.x > 1) ndo.p(hexDump("\n\t", frame, 0, frame.length));
    else if (frame.length > hdr) ndo.p(hexDump("\n\t", frame, hdr, frame.length - hdr));
  } else if (o.A) {
    if (o.A > 1) ndo.p(asciiDump(frame, 0, frame.length));
    else if (frame.length > hdr) ndo.p(asciiDump(frame, hdr, frame.length - hdr));
  }
  ndo.p("\n");
  return ndo.out;
}

// ------------------------------------------------------------------------------ time stamps

function tsString(timeUs: number, o: PrintOptions, st: PrinterState): string {
  const sec = Math.floor(timeUs / 1e6);
  const usec = timeUs - sec * 1e6;
  const frac = "." + String(usec).padStart(6, "0");
  const hms = (s: number) => {
    const d = ((s % 86400) + 86400) % 86400;
    return `${String(Math.floor(d / 3600)).padStart(2, "0")}:${String(Math.floor((d % 3600) / 60)).padStart(2, "0")}:${String(d % 60).padStart(2, "0")}`;
  };
  const off = o.tzOffset ?? 0;
  switch (o.t) {
    case 1:
      return "";
    case 2:
      return `${sec}${frac} `;
    case 3:
    case 5: {
      if (st.tvRef === undefined) st.tvRef = timeUs;
      const neg = timeUs < st.tvRef;
      const d = Math.abs(timeUs - st.tvRef);
      const ds = Math.floor(d / 1e6);
      const r = `${neg ? "-" : " "}${hms(ds)}.${String(d - ds * 1e6).padStart(6, "0")} `;
      if (o.t === 3) st.tvRef = timeUs;
      return r;
    }
    case 4: {
      const dt = new Date((sec + off) * 1000);
      const date = `${dt.getUTCFullYear()}-${String(dt.getUTCMonth() + 1).padStart(2, "0")}-${String(dt.getUTCDate()).padStart(2, "0")}`;
      return `${date} ${hms(sec + off)}${frac} `;
    }
    default:
      return `${hms(sec + off)}${frac} `;
  }
}

// ------------------------------------------------------------------------------ dumps

function hexDump(ident: string, b: Uint8Array, off: number, len: number): string {
  let s = "";
  let oset = 0;
  let i = 0;
  let p = off;
  let nshorts = Math.floor(len / 2);
  while (nshorts-- > 0) {
    if (i++ % 8 === 0) {
      s += `${ident}0x${hex4(oset)}: `;
      oset += 16;
    }
    s += ` ${hex2(b[p])}${hex2(b[p + 1])}`;
    p += 2;
  }
  if (len & 1) {
    if (i % 8 === 0) s += `${ident}0x${hex4(oset)}: `;
    s += ` ${hex2(b[p])}`;
  }
  return s;
}

const isGraph = (c: number) => c > 0x20 && c < 0x7f;

function hexAscii(ident: string, b: Uint8Array, off: number, len: number): string {
  let s = "";
  let oset = 0;
  let hexs = "";
  let asc = "";
  let i = 0;
  let p = off;
  let nshorts = Math.floor(len / 2);
  const flush = () => {
    s += `${ident}0x${hex4(oset)}: ${hexs.padEnd(40)}  ${asc}`;
  };
  while (nshorts-- > 0) {
    const s1 = b[p++];
    const s2 = b[p++];
    hexs += ` ${hex2(s1)}${hex2(s2)}`;
    asc += (isGraph(s1) ? String.fromCharCode(s1) : ".") + (isGraph(s2) ? String.fromCharCode(s2) : ".");
    if (++i >= 8) {
      flush();
      i = 0;
      hexs = "";
      asc = "";
      oset += 16;
    }
  }
  if (len & 1) {
    const s1 = b[p];
    hexs += ` ${hex2(s1)}`;
    asc += isGraph(s1) ? String.fromCharCode(s1) : ".";
    i++;
  }
  if (i > 0) flush();
  return s;
}

function asciiDump(b: Uint8Array, off: number, len: number): string {
  let s = "\n";
  let p = off;
  let n = len;
  while (n > 0) {
    const c = b[p++];
    n--;
    if (c === 0x0d) {
      if (n > 1 && b[p] !== 0x0a) s += ".";
    } else if (!isGraph(c) && c !== 0x09 && c !== 0x20 && c !== 0x0a) s += ".";
    else s += String.fromCharCode(c);
  }
  return s;
}

/** print_unknown_data: a hex dump behind `ident`, cut at the captured end. */
function unknownData(ndo: Ndo, off: number, ident: string, len: number): void {
  ndo.p(hexDump(ident, ndo.b, off, Math.min(len, ndo.avail(off))));
}

// ------------------------------------------------------------------------------ Ethernet

function etherTypePrint(ndo: Ndo, type: number): void {
  if (!ndo.o.q) ndo.p(`ethertype ${ETHERTYPES[type] ?? "Unknown"} (0x${hex4(type)})`);
  else ndo.p(ETHERTYPES[type] ?? `Unknown Ethertype (0x${hex4(type)})`);
}

/** ether_if_print → ether_common_print. */
function etherIfPrint(ndo: Ndo, origLen: number): void {
  ndo.llHdrLen = etherPrint(ndo, 0, origLen, ndo.b.length);
}

/** ether_print: returns the link-layer header length. */
function etherPrint(ndo: Ndo, off: number, length: number, caplen: number): number {
  if (length < caplen) {
    ndo.p(`[length ${length} < caplen ${caplen}]`);
    ndo.invalid();
    return length;
  }
  if (caplen < 14) {
    ndo.proto = "ether";
    ndo.trunc();
    return caplen;
  }
  const orig = length;
  if (ndo.o.e) ndo.p(`${ndo.etheraddr(off + 6)} > ${ndo.etheraddr(off)}, `);
  let p = off + 12;
  let hdrlen = 12;
  length -= 12;
  caplen -= 12;
  let lt = ndo.u2(p);
  p += 2;
  length -= 2;
  caplen -= 2;
  hdrlen += 2;
  let printedLength = false;
  while (lt === 0x8100 || lt === 0x9100 || lt === 0x9200 || lt === 0x88a8) {
    if (caplen < 4 || length < 4) {
      ndo.proto = "vlan";
      ndo.trunc();
      return hdrlen + Math.min(caplen, length);
    }
    if (ndo.o.e) {
      const tag = ndo.u2(p);
      etherTypePrint(ndo, lt);
      if (!printedLength) {
        ndo.p(`, length ${orig}: `);
        printedLength = true;
      } else ndo.p(", ");
      ndo.p(`${vlanTci(tag)}, `);
    }
    lt = ndo.u2(p + 2);
    p += 4;
    length -= 4;
    caplen -= 4;
    hdrlen += 4;
  }
  if (lt <= 1500) {
    // 802.3 length: LLC follows (STP BPDUs are the ones a lab sees)
    if (lt < length) {
      length = lt;
      if (caplen > length) caplen = length;
    }
    const saved = ndo.pushSnap(p + length);
    if (ndo.o.e) {
      ndo.p("802.3");
      if (!printedLength) ndo.p(`, length ${length}: `);
    }
    llcPrint(ndo, p, length, caplen, off);
    ndo.snapend = saved;
    return hdrlen;
  }
  if (ndo.o.e) {
    etherTypePrint(ndo, lt);
    if (!printedLength) ndo.p(`, length ${orig}: `);
    else ndo.p(", ");
  }
  if (!ethertypePrint(ndo, lt, p, length, caplen)) {
    if (!ndo.o.e) {
      ndo.p(`${ndo.etheraddr(off + 6)} > ${ndo.etheraddr(off)}, `);
      etherTypePrint(ndo, lt);
      ndo.p(`, length ${orig}: `);
    }
    ndo.p(hexDump("\n\t", ndo.b, p, Math.min(caplen, ndo.avail(p))));
  }
  return hdrlen;
}

function vlanTci(tag: number): string {
  const vid = tag & 0xfff;
  const pcp = tag >> 13;
  return `vlan ${vid}, p ${pcp}${tag & 0x1000 ? ", DEI" : ""}`;
}

function ethertypePrint(ndo: Ndo, type: number, p: number, length: number, caplen: number): boolean {
  switch (type) {
    case 0x0800:
      ipPrint(ndo, p, length);
      return true;
    case 0x86dd:
      ip6Print(ndo, p, length);
      return true;
    case 0x0806:
    case 0x8035:
      arpPrint(ndo, p, length, caplen);
      return true;
    default:
      return false;
  }
}

/** llc_print for the frames a Linux bridge sends (STP BPDUs): DSAP/SSAP 0x42 → STP. */
function llcPrint(ndo: Ndo, p: number, length: number, caplen: number, eth: number): void {
  ndo.proto = "llc";
  if (caplen < 3) {
    ndo.trunc();
    return;
  }
  const dsap = ndo.u1(p);
  const ssap = ndo.u1(p + 1);
  const ctl = ndo.u1(p + 2);
  if (dsap === 0x42 && ssap === 0x42 && ctl === 0x03) {
    if (ndo.o.e) ndo.p("LLC, dsap STP (0x42) Individual, ssap STP (0x42) Command, ctrl 0x03: ");
    stpPrint(ndo, p + 3, length - 3);
    return;
  }
  if (!ndo.o.e) ndo.p(`${ndo.etheraddr(eth + 6)} > ${ndo.etheraddr(eth)}, 802.3, length ${length}: `);
  ndo.p(
    `LLC, dsap Unknown (0x${hex2(dsap & 0xfe)}) Individual, ssap Unknown (0x${hex2(ssap & 0xfe)}) Command, ctrl 0x${hex2(ctl)}: `,
  );
  unknownData(ndo, p + 3, "\n\t", length - 3);
}

/** stp_print for 802.1D configuration and TCN BPDUs (non-verbose form). */
function stpPrint(ndo: Ndo, p: number, length: number): void {
  ndo.proto = "stp";
  const proto = ndo.u2(p);
  if (proto !== 0) {
    ndo.p(`unknown STP version, length ${length}`);
    return;
  }
  const ver = ndo.u1(p + 2);
  const type = ndo.u1(p + 3);
  ndo.p(
    `STP ${ver === 0 ? "802.1d" : ver === 2 ? "802.1w" : ver === 3 ? "802.1s" : `Unknown STP protocol (0x${hex2(ver)})`}`,
  );
  if (type === 0x80) {
    ndo.p(", Topology Change");
    return;
  }
  ndo.p(`, ${type === 0 ? "Config" : type === 2 ? "Rapid STP" : `Unknown BPDU Type (0x${hex2(type)})`}`);
  const flags = ndo.u1(p + 4);
  const fl = [flags & 1 ? "Topology change" : "", flags & 0x80 ? "Topology change ACK" : ""].filter(Boolean);
  ndo.p(`, Flags [${fl.length ? fl.join(", ") : "none"}]`);
  const id = (o: number) => `${hex4(ndo.u2(o))}.${[...ndo.b.subarray(o + 2, o + 8)].map(hex2).join(":")}`;
  ndo.p(`, bridge-id ${id(p + 17)}.${hex4(ndo.u2(p + 25))}, length ${length}`);
  if (ndo.o.v) {
    ndo.p(
      `\n\tmessage-age ${(ndo.u2(p + 27) / 256).toFixed(2)}s, max-age ${(ndo.u2(p + 29) / 256).toFixed(2)}s, hello-time ${(ndo.u2(p + 31) / 256).toFixed(2)}s, forwarding-delay ${(ndo.u2(p + 33) / 256).toFixed(2)}s`,
    );
    ndo.p(`\n\troot-id ${id(p + 5)}, root-pathcost ${ndo.u4(p + 13)}`);
  }
}

// ------------------------------------------------------------------------------ ARP

function arpPrint(ndo: Ndo, p: number, length: number, _caplen: number): void {
  ndo.proto = "arp";
  ndo.tcheck(p, 8);
  const hrd = ndo.u2(p);
  const pro = ndo.u2(p + 2);
  const hln = ndo.u1(p + 4);
  const pln = ndo.u1(p + 5);
  const op = ndo.u2(p + 6);
  const sha = p + 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  ndo.tcheck(tpa, pln);
  if (!ndo.o.e) ndo.p("ARP, ");
  if ((pro !== 0x0800 && pro !== 0x1000) || pln !== 4 || hln === 0 || ndo.o.v) {
    ndo.p(
      `${hrd === 1 ? "Ethernet" : `Unknown Hardware (${hrd})`} (len ${hln}), ${ETHERTYPES[pro] ?? `Unknown Protocol (0x${hex4(pro)})`} (len ${pln})`,
    );
    if (!ndo.o.v) {
      ndo.p(`, length ${length}`);
      return;
    }
  }
  const ops: Record<number, string> = {
    1: "Request",
    2: "Reply",
    3: "Reverse Request",
    4: "Reverse Reply",
    8: "Inverse Request",
    9: "Inverse Reply",
    10: "NACK Reply",
  };
  ndo.p(`${ndo.o.v ? ", " : ""}${ops[op] ?? `Unknown (${op})`} `);
  const paddr = (o: number) => (pro !== 0x0800 || pln !== 4 ? "<wrong proto type>" : ndo.ipaddr(o));
  const lladdr = (o: number) => {
    ndo.tcheck(o, hln);
    return hln === 6 ? ndo.etheraddr(o) : [...ndo.b.subarray(o, o + hln)].map(hex2).join(":");
  };
  switch (op) {
    case 1: {
      ndo.p(`who-has ${paddr(tpa)}`);
      if (ndo.b.subarray(tha, tha + hln).some((x) => x !== 0)) ndo.p(` (${lladdr(tha)})`);
      ndo.p(` tell ${paddr(spa)}`);
      break;
    }
    case 2:
      ndo.p(`${paddr(spa)} is-at ${lladdr(sha)}`);
      break;
    case 3:
    case 8:
      ndo.p(`who-is ${lladdr(tha)}`);
      ndo.p(` tell ${lladdr(sha)}`);
      break;
    case 4:
      ndo.p(`${lladdr(tha)} at ${paddr(tpa)}`);
      break;
    case 9:
      ndo.p(`${lladdr(sha)} at ${paddr(spa)}`);
      break;
    default:
      ndo.p(hexDump("\n\t", ndo.b, p, ndo.avail(p)));
      return;
  }
  ndo.p(`, length ${length}`);
}

// ------------------------------------------------------------------------------ IPv4

function ipOptPrint(ndo: Ndo, cp: number, length: number): boolean {
  const names: Record<number, string> = {
    0: "EOL",
    1: "NOP",
    68: "timestamp",
    130: "security",
    7: "RR",
    137: "SSRR",
    131: "LSRR",
    148: "RA",
    82: "traceroute",
  };
  let sep = "";
  while (length > 0) {
    ndo.p(sep);
    sep = ",";
    const code = ndo.u1(cp);
    ndo.p(names[code] ?? `unknown ${code}`);
    let olen: number;
    if (code === 0 || code === 1) olen = 1;
    else {
      olen = ndo.u1(cp + 1);
      if (olen < 2) {
        ndo.p(` [bad length ${olen}]`);
        return true;
      }
    }
    if (olen > length) {
      ndo.p(` [bad length ${olen}]`);
      return true;
    }
    ndo.tcheck(cp, olen);
    if (code === 0) return true;
    if (code === 148) {
      if (olen < 4) ndo.p(` [bad length ${olen}]`);
      else if (ndo.u2(cp + 2) !== 0) ndo.p(` value ${ndo.u2(cp + 2)}`);
    } else if (code === 7 || code === 137 || code === 131) {
      const ptr = ndo.u1(cp + 2) - 1;
      if (ptr < 3 || (ptr + 1) & 3 || ptr > olen + 1) ndo.p(" [bad ptr]");
      for (let i = 3; i < olen; i += 4) {
        ndo.p(` ${ndo.ipaddr(cp + i)}`);
        if (ptr > i && ptr <= i + 4) ndo.p(",");
      }
    }
    cp += olen;
    length -= olen;
  }
  return true;
}

function bitNames(tbl: [number, string][], none: string, v: number, sep = ", "): string {
  const out = tbl.filter(([bit]) => v & bit).map(([, n]) => n);
  return out.length ? out.join(sep) : none;
}

function ipPrint(ndo: Ndo, p: number, length: number): void {
  ndo.proto = "ip";
  const v = ndo.u1(p) >> 4;
  if (v !== 4) {
    if (v === 6) ndo.p("IP6, wrong link-layer encapsulation");
    else ndo.p(`IP${v}`);
    ndo.invalid();
    return;
  }
  if (!ndo.o.e) ndo.p("IP ");
  ndo.tcheck(p, 20);
  if (length < 20) {
    ndo.p(`truncated-ip ${length}`);
    return;
  }
  const hlen = (ndo.u1(p) & 0x0f) * 4;
  if (hlen < 20) {
    ndo.p(`bad-hlen ${hlen}`);
    return;
  }
  let len = ndo.u2(p + 2);
  if (length < len) ndo.p(`truncated-ip - ${len - length} bytes missing! `);
  if (len < hlen) {
    ndo.p(`bad-len ${len}`);
    return;
  }
  const saved = ndo.pushSnap(p + len);
  len -= hlen;
  const off = ndo.u2(p + 6);
  const proto = ndo.u1(p + 9);
  if (ndo.o.v) {
    const tos = ndo.u1(p + 1);
    ndo.p(`(tos 0x${tos.toString(16)}`);
    ndo.p(["", ",ECT(1)", ",ECT(0)", ",CE"][tos & 3]);
    const ttl = ndo.u1(p + 8);
    if (ttl >= 1) ndo.p(`, ttl ${ttl}`);
    ndo.p(
      `, id ${ndo.u2(p + 4)}, offset ${(off & 0x1fff) * 8}, flags [${bitNames(
        [
          [0x2000, "+"],
          [0x4000, "DF"],
          [0x8000, "rsvd"],
        ],
        "none",
        off & 0xe000,
      )}], proto ${IPPROTO[proto] ?? "unknown"} (${proto})`,
    );
    ndo.p(`, length ${ndo.u2(p + 2)}`);
    if (hlen > 20) {
      ndo.p(", options (");
      ipOptPrint(ndo, p + 20, hlen - 20);
      ndo.p(")");
    }
    if (p + hlen <= ndo.snapend) {
      const sum = inCksum([ndo.b.subarray(p, p + hlen)]);
      if (sum !== 0) {
        const ipsum = ndo.u2(p + 10);
        ndo.p(`, bad cksum ${ipsum.toString(16)} (->${cksumShouldbe(ipsum, sum).toString(16)})!`);
      }
    }
    ndo.p(")\n    ");
  }
  if ((off & 0x1fff) === 0) {
    if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33)
      ndo.p(`${ndo.ipaddr(p + 12)} > ${ndo.ipaddr(p + 16)}: `);
    if (!ndo.ttest(p, hlen)) {
      ndo.p(` [remaining caplen(${ndo.avail(p)}) < header length(${hlen})]`);
      throw new Truncated(ndo.proto);
    }
    ipDemux(ndo, p + hlen, len, 4, (off & 0x2000) !== 0, ndo.u1(p + 8), proto, p);
  } else {
    if (ndo.o.q && ndo.o.v > 1) {
      ndo.snapend = saved;
      return;
    }
    ndo.p(`${ndo.ipaddr(p + 12)} > ${ndo.ipaddr(p + 16)}:`);
    ndo.p(!ndo.o.n && NETDB_PROTO[proto] ? ` ${NETDB_PROTO[proto]}` : ` ip-proto-${proto}`);
  }
  ndo.snapend = saved;
}

function ipDemux(
  ndo: Ndo,
  p: number,
  length: number,
  ver: number,
  fragmented: boolean,
  ttl: number,
  nh: number,
  iph: number,
): void {
  switch (nh) {
    case 6:
      tcpPrint(ndo, p, length, iph, fragmented);
      return;
    case 17:
      udpPrint(ndo, p, length, iph, fragmented, ttl);
      return;
    case 1:
      if (ver === 4) icmpPrint(ndo, p, length, iph, fragmented);
      else {
        ndo.p("[ICMP requires IPv4]");
        ndo.invalid();
      }
      return;
    case 58:
      if (ver === 6) icmp6Print(ndo, p, length, iph, fragmented);
      else {
        ndo.p("[ICMPv6 requires IPv6]");
        ndo.invalid();
      }
      return;
    case 2:
      if (ver === 4) igmpPrint(ndo, p, length);
      else {
        ndo.p("[IGMP requires IPv4]");
        ndo.invalid();
      }
      return;
    case 4:
      ipPrint(ndo, p, length);
      return;
    case 41:
      ip6Print(ndo, p, length);
      return;
    case 59:
      ndo.p("no next header");
      return;
    default:
      ndo.p(!ndo.o.n && NETDB_PROTO[nh] ? ` ${NETDB_PROTO[nh]}` : ` ip-proto-${nh}`);
      ndo.p(` ${length}`);
  }
}

// ------------------------------------------------------------------------------ ICMP

const ICMP_NAMES: Record<number, string> = {
  0: "echo reply",
  3: "unreachable",
  4: "source quench",
  5: "redirect",
  8: "echo request",
  9: "router advertisement",
  10: "router solicitation",
  11: "time exceeded",
  12: "parameter problem",
  13: "time stamp request",
  14: "time stamp reply",
  15: "information request",
  16: "information reply",
  17: "address mask request",
  18: "address mask reply",
};

function icmpPrint(ndo: Ndo, p: number, plen: number, _iph: number, fragmented: boolean): void {
  ndo.proto = "icmp";
  const type = ndo.u1(p);
  const code = ndo.u1(p + 1);
  const oip = p + 8;
  const odst = () => ndo.ipaddr(oip + 16);
  let str: string;
  switch (type) {
    case 0:
    case 8:
      str = `echo ${type === 8 ? "request" : "reply"}, id ${ndo.u2(p + 4)}, seq ${ndo.u2(p + 6)}`;
      break;
    case 3:
      switch (code) {
        case 0:
          str = `net ${odst()} unreachable`;
          break;
        case 1:
          str = `host ${odst()} unreachable`;
          break;
        case 2:
          str = `${odst()} protocol ${ndo.u1(oip + 9)} unreachable`;
          break;
        case 3: {
          ndo.tcheck(oip + 9, 1);
          const hl = (ndo.u1(oip) & 0x0f) * 4;
          const dport = ndo.u2(oip + hl + 2);
          const pr = ndo.u1(oip + 9);
          if (pr === 6) str = `${odst()} tcp port ${ndo.tcpport(dport)} unreachable`;
          else if (pr === 17) str = `${odst()} udp port ${ndo.udpport(dport)} unreachable`;
          else str = `${odst()} protocol ${pr} port ${dport} unreachable`;
          break;
        }
        case 4: {
          const mtu = ndo.u2(p + 6);
          str = mtu
            ? `${odst()} unreachable - need to frag (mtu ${mtu})`
            : `${odst()} unreachable - need to frag`;
          break;
        }
        case 5:
          str = `${odst()} unreachable - source route failed`;
          break;
        case 6:
          str = `net ${odst()} unreachable - unknown`;
          break;
        case 7:
          str = `host ${odst()} unreachable - unknown`;
          break;
        case 8:
          str = `${odst()} unreachable - source host isolated`;
          break;
        case 9:
          str = `net ${odst()} unreachable - admin prohibited`;
          break;
        case 10:
          str = `host ${odst()} unreachable - admin prohibited`;
          break;
        case 11:
          str = `net ${odst()} unreachable - tos prohibited`;
          break;
        case 12:
          str = `host ${odst()} unreachable - tos prohibited`;
          break;
        case 13:
          str = `host ${odst()} unreachable - admin prohibited filter`;
          break;
        case 14:
          str = `host ${odst()} unreachable - host precedence violation`;
          break;
        case 15:
          str = `host ${odst()} unreachable - precedence cutoff`;
          break;
        default:
          str = `${odst()} unreachable - #${code}`;
      }
      break;
    case 5: {
      const gw = ndo.ipaddr(p + 4);
      const d = odst();
      str =
        [
          `redirect ${d} to net ${gw}`,
          `redirect ${d} to host ${gw}`,
          `redirect-tos ${d} to net ${gw}`,
          `redirect-tos ${d} to host ${gw}`,
        ][code] ?? `redirect-#${code} ${d} to ${gw}`;
      break;
    }
    case 11:
      ndo.tcheck(oip + 16, 4);
      str =
        code === 0
          ? "time exceeded in-transit"
          : code === 1
            ? "ip reassembly time exceeded"
            : `time exceeded-#${code}`;
      break;
    case 12:
      str = code ? `parameter problem - code ${code}` : `parameter problem - octet ${ndo.u1(p + 4)}`;
      break;
    case 18:
      str = `address mask is 0x${ndo
        .u4(p + 8)
        .toString(16)
        .padStart(8, "0")}`;
      break;
    case 13:
      str = `time stamp query id ${ndo.u2(p + 4)} seq ${ndo.u2(p + 6)}`;
      break;
    default:
      str = ICMP_NAMES[type] ?? `type-#${type}`;
  }
  ndo.p(`ICMP ${str}, length ${plen}`);
  if (ndo.o.v && !fragmented && ndo.ttest(p, plen)) {
    const sum = inCksum([ndo.b.subarray(p, p + plen)]);
    if (sum !== 0) {
      const s = ndo.u2(p + 2);
      ndo.p(` (wrong icmp cksum ${s.toString(16)} (->${cksumShouldbe(s, sum).toString(16)})!)`);
    }
  }
  const errType = type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
  if (ndo.o.v >= 1 && errType) {
    ndo.p("\n\t");
    const saved = ndo.snapend;
    const ilen = ndo.u2(oip + 2);
    ndo.snapend = Math.min(oip + ilen, ndo.snapend);
    ipPrint(ndo, oip, ilen);
    ndo.snapend = saved;
  }
  ndo.proto = "icmp";
}

// ------------------------------------------------------------------------------ UDP

function udpAddrs(ndo: Ndo, iph: number, sport: number, dport: number): void {
  const v6 = ndo.u1(iph) >> 4 === 6;
  if (v6) {
    if (ndo.u1(iph + 6) === 17) {
      if (sport === -1) ndo.p(`${ndo.ip6addr(iph + 8)} > ${ndo.ip6addr(iph + 24)}: `);
      else
        ndo.p(
          `${ndo.ip6addr(iph + 8)}.${ndo.udpport(sport)} > ${ndo.ip6addr(iph + 24)}.${ndo.udpport(dport)}: `,
        );
    } else if (sport !== -1) ndo.p(`${ndo.udpport(sport)} > ${ndo.udpport(dport)}: `);
  } else if (ndo.u1(iph + 9) === 17) {
    if (sport === -1) ndo.p(`${ndo.ipaddr(iph + 12)} > ${ndo.ipaddr(iph + 16)}: `);
    else
      ndo.p(
        `${ndo.ipaddr(iph + 12)}.${ndo.udpport(sport)} > ${ndo.ipaddr(iph + 16)}.${ndo.udpport(dport)}: `,
      );
  } else if (sport !== -1) ndo.p(`${ndo.udpport(sport)} > ${ndo.udpport(dport)}: `);
}

/** The pseudo-header sum + segment, as nextproto4_cksum / nextproto6_cksum compute it. */
function l4Cksum(ndo: Ndo, iph: number, p: number, len: number, proto: number): number {
  const b = ndo.b;
  const v6 = b[iph] >> 4 === 6;
  const ph = new Uint8Array(v6 ? 40 : 12);
  if (v6) {
    ph.set(b.subarray(iph + 8, iph + 40), 0);
    ph[32] = (len >>> 24) & 255;
    ph[33] = (len >>> 16) & 255;
    ph[34] = (len >>> 8) & 255;
    ph[35] = len & 255;
    ph[39] = proto;
  } else {
    ph.set(b.subarray(iph + 12, iph + 20), 0);
    ph[9] = proto;
    ph[10] = len >>> 8;
    ph[11] = len & 255;
  }
  return inCksum([ph, b.subarray(p, p + len)]);
}

const UDP_OTV = 8472;
const UDP_VXLAN = 4789;

function udpPrint(ndo: Ndo, p: number, length: number, iph: number, fragmented: boolean, _ttl: number): void {
  ndo.proto = "udp";
  if (!ndo.ttest(p + 2, 2)) {
    udpAddrs(ndo, iph, -1, -1);
    throw new Truncated("udp");
  }
  const sport = ndo.u2(p);
  const dport = ndo.u2(p + 2);
  if (length < 8) {
    udpAddrs(ndo, iph, sport, dport);
    ndo.p(`truncated-udp ${length}`);
    return;
  }
  if (!ndo.ttest(p + 4, 2)) {
    udpAddrs(ndo, iph, sport, dport);
    throw new Truncated("udp");
  }
  let ulen = ndo.u2(p + 4);
  if (ulen === 0 && length > 65535) ulen = length;
  if (ulen < 8) {
    udpAddrs(ndo, iph, sport, dport);
    ndo.p(`truncated-udplength ${ulen}`);
    return;
  }
  ulen -= 8;
  length -= 8;
  if (ulen < length) length = ulen;
  const cp = p + 8;
  if (cp > ndo.snapend) {
    udpAddrs(ndo, iph, sport, dport);
    throw new Truncated("udp");
  }
  udpAddrs(ndo, iph, sport, dport);
  const v6 = ndo.u1(iph) >> 4 === 6;
  if (ndo.o.v && !fragmented) {
    if (!v6 && ndo.o.v > 1) {
      const s = ndo.u2(p + 6);
      if (s === 0) ndo.p("[no cksum] ");
      else if (ndo.ttest(cp, length)) {
        const sum = l4Cksum(ndo, iph, p, length + 8, 17);
        if (sum !== 0) ndo.p(`[bad udp cksum 0x${hex4(s)} -> 0x${hex4(cksumShouldbe(s, sum))}!] `);
        else ndo.p("[udp sum ok] ");
      }
    } else if (v6 && ndo.ttest(cp, length)) {
      const sum = l4Cksum(ndo, iph, p, length + 8, 17);
      const s = ndo.u2(p + 6);
      if (sum !== 0) ndo.p(`[bad udp cksum 0x${hex4(s)} -> 0x${hex4(cksumShouldbe(s, sum))}!] `);
      else ndo.p("[udp sum ok] ");
    }
  }
  const port = (x: number) => sport === x || dport === x;
  if (!ndo.o.q) {
    if (port(UDP_OTV)) return otvPrint(ndo, cp, length);
    if (port(UDP_VXLAN)) return vxlanPrint(ndo, cp, length);
    if ((sport >= 7000 && sport <= 7009) || (dport >= 7000 && dport <= 7009)) return rxPrint(ndo, cp, length);
  }
  if (!ndo.o.q && ulen > length && !fragmented) ndo.p(`UDP, bad length ${ulen} > ${length}`);
  else ndo.p(`UDP, length ${ulen}`);
}

/** rx_print on a datagram too short for an RX header (what a lab's odd payloads are). */
function rxPrint(ndo: Ndo, cp: number, length: number): void {
  ndo.proto = "rx";
  if (!ndo.ttest(cp, 28)) {
    ndo.p(` [|rx] (${length})`);
    return;
  }
  ndo.p(` rx (${length})`);
}

function otvPrint(ndo: Ndo, bp: number, len: number): void {
  ndo.proto = "otv";
  ndo.p("OTV, ");
  if (len < 8) {
    ndo.p(`[length ${len} < 8]`);
    ndo.invalid();
    ndo.tcheck(bp, len);
    return;
  }
  const flags = ndo.u1(bp);
  ndo.p(`flags [${flags & 0x08 ? "I" : "."}] (0x${hex2(flags)}), `);
  ndo.p(`overlay ${ndo.u3(bp + 1)}, `);
  ndo.p(`instance ${ndo.u3(bp + 4)}\n`);
  ndo.tcheck(bp + 7, 1);
  etherPrint(ndo, bp + 8, len - 8, ndo.avail(bp + 8));
}

function vxlanPrint(ndo: Ndo, bp: number, len: number): void {
  ndo.proto = "vxlan";
  ndo.p("VXLAN");
  if (len < 8) {
    ndo.invalid();
    return;
  }
  const flags = ndo.u1(bp);
  ndo.p(`, flags [${flags & 0x08 ? "I" : "invalid"}] (0x${hex2(flags)}), `);
  ndo.p(`vni ${ndo.u3(bp + 4)}\n`);
  ndo.tcheck(bp + 7, 1);
  etherPrint(ndo, bp + 8, len - 8, ndo.avail(bp + 8));
}

// ------------------------------------------------------------------------------ TCP

const TCP_OPTS: Record<number, string> = {
  0: "eol",
  1: "nop",
  2: "mss",
  3: "wscale",
  4: "sackOK",
  5: "sack",
  6: "echo",
  7: "echoreply",
  8: "TS",
  11: "cc",
  12: "ccnew",
  13: "",
  19: "md5",
  20: "scps",
  21: "snack",
  27: "rec",
  28: "uto",
  29: "tcp-ao",
  30: "mptcp",
  34: "tfo",
  253: "exp",
  254: "exp",
};

const HTTP_CMDS = new Set(
  "GET PUT COPY HEAD LOCK MOVE POLL POST BCOPY BMOVE MKCOL TRACE LABEL MERGE DELETE SEARCH UNLOCK REPORT UPDATE NOTIFY BDELETE CONNECT OPTIONS CHECKIN PROPFIND CHECKOUT CCM_POST SUBSCRIBE PROPPATCH BPROPFIND BPROPPATCH UNCHECKOUT MKACTIVITY MKWORKSPACE UNSUBSCRIBE RPC_CONNECT VERSION-CONTROL BASELINE-CONTROL".split(
    " ",
  ),
);

function tcpPrint(ndo: Ndo, p: number, length: number, iph: number, fragmented: boolean): void {
  ndo.proto = "tcp";
  const v6 = ndo.u1(iph) >> 4 === 6;
  const src = () => (v6 ? ndo.ip6addr(iph + 8) : ndo.ipaddr(iph + 12));
  const dst = () => (v6 ? ndo.ip6addr(iph + 24) : ndo.ipaddr(iph + 16));
  if (!ndo.ttest(p + 2, 2)) {
    ndo.p(`${src()} > ${dst()}:`);
    throw new Truncated("tcp");
  }
  const sport = ndo.u2(p);
  const dport = ndo.u2(p + 2);
  const direct = v6 ? ndo.u1(iph + 6) === 6 : ndo.u1(iph + 9) === 6;
  if (direct) ndo.p(`${src()}.${ndo.tcpport(sport)} > ${dst()}.${ndo.tcpport(dport)}: `);
  else ndo.p(`${ndo.tcpport(sport)} > ${ndo.tcpport(dport)}: `);
  ndo.tcheck(p, 20);
  let hlen = (ndo.u1(p + 12) >> 4) * 4;
  if (hlen < 20) {
    ndo.p(` tcp ${length - hlen} [bad hdr length ${hlen} - too short, < 20]`);
    return;
  }
  let seq = ndo.u4(p + 4);
  let ack = ndo.u4(p + 8);
  const win = ndo.u2(p + 14);
  const urp = ndo.u2(p + 18);
  if (ndo.o.q) {
    ndo.p(`tcp ${length - hlen}`);
    if (hlen > length) ndo.p(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  const flags = ndo.u1(p + 13);
  const fl: [number, string][] = [
    [0x01, "F"],
    [0x02, "S"],
    [0x04, "R"],
    [0x08, "P"],
    [0x10, "."],
    [0x20, "U"],
    [0x40, "E"],
    [0x80, "W"],
  ];
  ndo.p(`Flags [${bitNames(fl, "none", flags, "")}]`);
  let thseq = 0;
  let thack = 0;
  let rev = false;
  if (!ndo.o.S && flags & 0x10) {
    const sa = v6 ? [...ndo.b.subarray(iph + 8, iph + 24)] : [...ndo.b.subarray(iph + 12, iph + 16)];
    const da = v6 ? [...ndo.b.subarray(iph + 24, iph + 40)] : [...ndo.b.subarray(iph + 16, iph + 20)];
    if (sport > dport) rev = true;
    else if (sport === dport) {
      for (let i = 0; i < sa.length; i++)
        if (sa[i] !== da[i]) {
          rev = sa[i] > da[i];
          break;
        }
    }
    const key = rev
      ? `${v6}|${da.join(".")}|${sa.join(".")}|${dport}|${sport}`
      : `${v6}|${sa.join(".")}|${da.join(".")}|${sport}|${dport}`;
    const tbl = ndo.st.tcpSeq;
    let th = tbl.get(key);
    if (!th || flags & 0x02) {
      th = rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
      tbl.set(key, th);
    } else if (rev) {
      seq = (seq - th.ack) >>> 0;
      ack = (ack - th.seq) >>> 0;
    } else {
      seq = (seq - th.seq) >>> 0;
      ack = (ack - th.ack) >>> 0;
    }
    thseq = th.seq;
    thack = th.ack;
  }
  if (hlen > length) {
    ndo.p(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  if (ndo.o.v && !fragmented && ndo.ttest(p, length)) {
    const sum = l4Cksum(ndo, iph, p, length, 6);
    const s = ndo.u2(p + 16);
    ndo.p(`, cksum 0x${hex4(s)}`);
    ndo.p(sum !== 0 ? ` (incorrect -> 0x${hex4(cksumShouldbe(s, sum))})` : " (correct)");
  }
  length -= hlen;
  if (ndo.o.v > 1 || length > 0 || flags & 0x07) {
    ndo.p(`, seq ${seq}`);
    if (length > 0) ndo.p(`:${(seq + length) >>> 0}`);
  }
  if (flags & 0x10) ndo.p(`, ack ${ack}`);
  ndo.p(`, win ${win}`);
  if (flags & 0x20) ndo.p(`, urg ${urp}`);
  if (hlen > 20) {
    hlen -= 20;
    let cp = p + 20;
    let ch = "";
    ndo.p(", options [");
    let bad = false;
    while (hlen > 0) {
      ndo.p(ch);
      const opt = ndo.u1(cp++);
      let len: number;
      if (opt === 0 || opt === 1) len = 1;
      else {
        len = ndo.u1(cp++);
        if (len < 2 || len > hlen) {
          bad = true;
          break;
        }
        --hlen;
      }
      --hlen;
      let datalen = 0;
      const lencheck = (l: number) => {
        if (l > hlen) return false;
        ndo.tcheck(cp, l);
        return true;
      };
      ndo.p(TCP_OPTS[opt] ?? `unknown-${opt}`);
      let ok = true;
      switch (opt) {
        case 2:
          datalen = 2;
          if ((ok = lencheck(2))) ndo.p(` ${ndo.u2(cp)}`);
          break;
        case 3:
          datalen = 1;
          if ((ok = lencheck(1))) ndo.p(` ${ndo.u1(cp)}`);
          break;
        case 5:
          datalen = len - 2;
          if (datalen % 8 !== 0) ndo.p(" invalid sack");
          else {
            ndo.p(` ${datalen / 8} `);
            for (let i = 0; i < datalen; i += 8) {
              if (!(ok = lencheck(i + 8))) break;
              let s = ndo.u4(cp + i);
              let e = ndo.u4(cp + i + 4);
              if (rev) {
                s = (s - thseq) >>> 0;
                e = (e - thseq) >>> 0;
              } else {
                s = (s - thack) >>> 0;
                e = (e - thack) >>> 0;
              }
              ndo.p(`{${s}:${e}}`);
            }
          }
          break;
        case 6:
        case 7:
        case 11:
        case 12:
        case 13:
          datalen = 4;
          if ((ok = lencheck(4))) ndo.p(` ${ndo.u4(cp)}`);
          break;
        case 8:
          datalen = 8;
          if ((ok = lencheck(8))) ndo.p(` val ${ndo.u4(cp)} ecr ${ndo.u4(cp + 4)}`);
          break;
        case 0:
        case 1:
        case 4:
          break;
        case 28: {
          datalen = 2;
          if ((ok = lencheck(2))) {
            let uto = ndo.u2(cp);
            ndo.p(` 0x${uto.toString(16)}`);
            uto = uto & 1 ? (uto >> 1) * 60 : uto >> 1;
            ndo.p(` ${uto}`);
          }
          break;
        }
        default:
          datalen = len - 2;
          if (datalen) ndo.p(" 0x");
          for (let i = 0; i < datalen; i++) {
            if (!(ok = lencheck(i + 1))) break;
            ndo.p(hex2(ndo.u1(cp + i)));
          }
      }
      if (!ok) {
        bad = true;
        break;
      }
      cp += datalen;
      hlen -= datalen;
      let want = datalen + 1;
      if (opt !== 0 && opt !== 1) want++;
      if (want !== len) ndo.p(`[len ${len}]`);
      ch = ",";
      if (opt === 0) break;
    }
    if (bad) {
      ndo.p("[bad opt]");
      if (ch) ndo.p("]");
      return;
    }
    ndo.p("]");
  }
  ndo.p(`, length ${length}`);
  if (length === 0) return;
  const headerLen = (ndo.u1(p + 12) >> 4) * 4;
  if (!ndo.ttest(p, headerLen)) {
    ndo.p(` [remaining caplen(${ndo.avail(p)}) < header length(${headerLen})]`);
    throw new Truncated("tcp");
  }
  const data = p + headerLen;
  if (flags & 0x04 && ndo.o.v) {
    ndo.p(` [RST`);
    const n = Math.min(length, ndo.avail(data));
    let s = "";
    for (let i = 0; i < n; i++) {
      const c = ndo.b[data + i];
      s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
    }
    ndo.p(`${n ? " " + s : ""}]`);
    return;
  }
  const port = (x: number) => sport === x || dport === x;
  if (port(80) || port(8080)) {
    ndo.p(": ");
    ndo.proto = "http";
    txtprotoPrint(ndo, data, length);
  }
}

/** txtproto_print for HTTP: the request or status line (every text line with -v). */
function txtprotoPrint(ndo: Ndo, pptr: number, len: number): void {
  const b = ndo.b;
  const end = Math.min(pptr + len, ndo.snapend);
  const fetch = (idx: number): { idx: number; tok: string } | undefined => {
    let tok = "";
    for (; idx < len; idx++) {
      if (pptr + idx >= end) return undefined;
      const c = b[pptr + idx];
      if (c >= 0x80) return undefined;
      if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
      if (c < 0x20 || c === 0x7f) return undefined;
      if (tok.length + 2 > 128) return undefined;
      tok += String.fromCharCode(c);
    }
    if (!tok) return undefined;
    for (; idx < len; idx++) {
      if (pptr + idx >= end) break;
      const c = b[pptr + idx];
      if (c === 0x0d || c === 0x0a) break;
      if (c < 0x20 || c >= 0x7f) break;
      if (c !== 0x20 && c !== 0x09) break;
    }
    return { idx, tok };
  };
  let printThis = false;
  let t = fetch(0);
  if (t) {
    if (HTTP_CMDS.has(t.tok.toUpperCase())) printThis = true;
    t = fetch(t.idx);
    if (t && /^\d\d\d$/.test(t.tok)) printThis = true;
  }
  ndo.p("HTTP");
  if (!printThis) return;
  const line = (prefix: string, idx: number): number => {
    const start = idx;
    while (idx < len) {
      if (pptr + idx >= end) throw new Truncated("http");
      const c = b[pptr + idx];
      if (c === 0x0a) {
        ndo.p(prefix + text(start, idx));
        return idx + 1;
      }
      if (c === 0x0d) {
        if (idx + 1 >= len) return 0;
        if (b[pptr + idx + 1] === 0x0a) {
          ndo.p(prefix + text(start, idx));
          return idx + 2;
        }
        return 0;
      }
      if ((c < 0x20 || c >= 0x7f) && c !== 0x09) return 0;
      idx++;
    }
    ndo.p(prefix + text(start, idx));
    ndo.trunc();
    return 0;
  };
  const text = (a: number, z: number) => String.fromCharCode(...b.subarray(pptr + a, pptr + z));
  if (ndo.o.v) {
    ndo.p(`, length: ${len}`);
    for (let idx = 0; idx < len;) {
      const eol = line("\n\t", idx);
      if (!eol) break;
      idx = eol;
    }
  } else line(": ", 0);
}

// ------------------------------------------------------------------------------ IGMP

function igmpPrint(ndo: Ndo, bp: number, len: number): void {
  ndo.proto = "igmp";
  if (ndo.o.q) {
    ndo.p("igmp");
    return;
  }
  const type = ndo.u1(bp);
  switch (type) {
    case 0x11:
      ndo.p("igmp query");
      if (len >= 12) {
        const mrc = ndo.u1(bp + 1);
        const mrt = mrc < 128 ? mrc : ((mrc & 0x0f) | 0x10) << (((mrc >> 4) & 0x07) + 3);
        ndo.p(" v3");
        if (mrc !== 100)
          ndo.p(
            ` [max resp time ${mrt < 600 ? `${(mrt / 10).toFixed(1)}s` : `${Math.floor(mrt / 600)}m${((mrt % 600) / 10).toFixed(1)}s`}]`,
          );
        const g = ndo.u4(bp + 4);
        if (g) ndo.p(` [gaddr ${ndo.ipaddr(bp + 4)}`);
        const nsrcs = ndo.u2(bp + 10);
        if (nsrcs) ndo.p(` [${nsrcs} source(s)]`);
        if (g) ndo.p("]");
      } else {
        const mrt = ndo.u1(bp + 1);
        if (mrt) {
          ndo.p(" v2");
          if (mrt !== 100) ndo.p(` [max resp time ${mrt}]`);
        } else ndo.p(" v1");
        if (ndo.u4(bp + 4)) ndo.p(` [gaddr ${ndo.ipaddr(bp + 4)}]`);
        if (len !== 8) ndo.p(` [len ${len}]`);
      }
      break;
    case 0x12:
      ndo.p(`igmp v1 report ${ndo.ipaddr(bp + 4)}`);
      if (len !== 8) ndo.p(` [len ${len}]`);
      break;
    case 0x16:
      ndo.p(`igmp v2 report ${ndo.ipaddr(bp + 4)}`);
      break;
    case 0x22: {
      ndo.p("igmp v3 report");
      if (len < 16 || len & 3) {
        ndo.p(` [invalid len ${len}]`);
        break;
      }
      const ngroups = ndo.u2(bp + 6);
      ndo.p(`, ${ngroups} group record(s)`);
      if (ndo.o.v > 0) {
        let group = 8;
        const kinds = ["", "is_in", "is_ex", "to_in", "to_ex", "allow", "block"];
        for (let i = 0; i < ngroups; i++) {
          if (len < group + 8) {
            ndo.p(" [invalid number of groups]");
            return;
          }
          ndo.p(` [gaddr ${ndo.ipaddr(bp + group + 4)}`);
          const k = ndo.u1(bp + group);
          ndo.p(` ${kinds[k] || ` [v3-report-#${k}]`}`);
          const nsrcs = ndo.u2(bp + group + 2);
          if (len < group + 8 + (nsrcs << 2)) {
            ndo.p(` [invalid number of sources ${nsrcs}]`);
            return;
          }
          if (ndo.o.v === 1) ndo.p(`, ${nsrcs} source(s)`);
          else {
            ndo.p(" {");
            for (let j = 0; j < nsrcs; j++) ndo.p(` ${ndo.ipaddr(bp + group + 8 + (j << 2))}`);
            ndo.p(" }");
          }
          group += 8 + (nsrcs << 2);
          ndo.p("]");
        }
      }
      break;
    }
    case 0x17:
      ndo.p(`igmp leave ${ndo.ipaddr(bp + 4)}`);
      break;
    default:
      ndo.p(`igmp-${type}`);
  }
  if (ndo.o.v && len >= 4 && ndo.ttest(bp, len)) {
    if (inCksum([ndo.b.subarray(bp, bp + len)])) ndo.p(` bad igmp cksum ${ndo.u2(bp + 2).toString(16)}!`);
  }
}

// ------------------------------------------------------------------------------ IPv6

function ip6Print(ndo: Ndo, p: number, length: number): void {
  ndo.proto = "ip6";
  ndo.tcheck(p, 40);
  if (length < 40) {
    ndo.p(`truncated-ip6 ${length}`);
    return;
  }
  if (!ndo.o.e) ndo.p("IP6 ");
  const ver = ndo.u1(p) >> 4;
  if (ver !== 6) {
    ndo.p(`version error: ${ver} != 6`);
    return;
  }
  const payloadLen = ndo.u2(p + 4);
  let len: number;
  if (payloadLen !== 0) {
    len = payloadLen + 40;
    if (length < len) ndo.p(`truncated-ip6 - ${len - length} bytes missing!`);
  } else len = length + 40;
  let nh = ndo.u1(p + 6);
  if (ndo.o.v) {
    const flow = ndo.u4(p);
    ndo.p("(");
    if (flow & 0x0ff00000) ndo.p(`class 0x${hex2((flow & 0x0ff00000) >>> 20)}, `);
    if (flow & 0x000fffff) ndo.p(`flowlabel 0x${(flow & 0xfffff).toString(16).padStart(5, "0")}, `);
    ndo.p(
      `hlim ${ndo.u1(p + 7)}, next-header ${IPPROTO[nh] ?? "unknown"} (${nh}) payload length: ${payloadLen}) `,
    );
  }
  const saved = ndo.pushSnap(p + len);
  let cp = p;
  let advance = 40;
  let total = 0;
  let foundExt = false;
  let foundHbh = false;
  let ph = 255;
  try {
    while (cp < ndo.snapend && advance > 0) {
      if (len < advance) throw new Truncated(ndo.proto);
      cp += advance;
      len -= advance;
      total += advance;
      if (cp === p + 40 && nh !== 6 && nh !== 17 && nh !== 33 && nh !== 132)
        ndo.p(`${ndo.ip6addr(p + 8)} > ${ndo.ip6addr(p + 24)}: `);
      if (nh === 0) {
        if (foundHbh) {
          ndo.p("[The Hop-by-Hop Options header was already found]");
          ndo.invalid();
          return;
        }
        if (ph !== 255) {
          ndo.p("[The Hop-by-Hop Options header don't follow the IPv6 header]");
          ndo.invalid();
          return;
        }
        ndo.proto = "hbhopt";
        const hl = (ndo.u1(cp + 1) + 1) << 3;
        ndo.tcheck(cp, hl);
        ndo.p("HBH ");
        ip6OptPrint(ndo, cp + 2, hl - 2);
        if (payloadLen === 0) {
          ndo.p("[No valid Jumbo Payload Hop-by-Hop option found]");
          ndo.invalid();
          return;
        }
        advance = hl;
        foundExt = true;
        foundHbh = true;
        nh = ndo.u1(cp);
      } else if (nh === 60 || nh === 43 || nh === 44) {
        const hl = nh === 44 ? 8 : (ndo.u1(cp + 1) + 1) << 3;
        ndo.tcheck(cp, hl);
        if (nh === 44) {
          ndo.p(
            `frag (0x${ndo
              .u4(cp + 4)
              .toString(16)
              .padStart(8, "0")}:${ndo.u2(cp + 2) & 0xfff8}|${len - 8})`,
          );
          if (ndo.u2(cp + 2) & 0xfff8) {
            ndo.snapend = saved;
            return;
          }
        } else ndo.p(nh === 60 ? "DSTOPT " : "srcrt ");
        advance = hl;
        foundExt = true;
        nh = ndo.u1(cp);
      } else {
        if (payloadLen === 0) {
          if (foundExt) throw new Truncated(ndo.proto);
          len = 0;
        }
        ipDemux(ndo, cp, len, 6, false, ndo.u1(p + 7), nh, p);
        return;
      }
      ph = nh;
      ndo.proto = "ip6";
    }
  } finally {
    ndo.snapend = saved;
  }
  void total;
}

function ip6OptPrint(ndo: Ndo, bp: number, len: number): void {
  let optlen: number;
  for (let i = 0; i < len; i += optlen) {
    const t = ndo.u1(bp + i);
    if (t === 0) optlen = 1;
    else if (i + 1 < len) optlen = ndo.u1(bp + i + 1) + 2;
    else throw new Truncated("hbhopt");
    if (i + optlen > len) throw new Truncated("hbhopt");
    switch (t) {
      case 0:
        if (ndo.o.v) ndo.p("(pad1)");
        break;
      case 1:
        if (ndo.o.v) ndo.p("(padn)");
        break;
      case 5:
        if (ndo.o.v) ndo.p(`(rtalert: 0x${hex4(ndo.u2(bp + i + 2))}) `);
        break;
      default:
        if (ndo.o.v) ndo.p(`(opt_type 0x${hex2(t)}: len=${ndo.u1(bp + i + 1)})`);
    }
  }
  if (ndo.o.v) ndo.p(" ");
}

const ICMP6_NAMES: Record<number, string> = {
  1: "destination unreachable",
  2: "packet too big",
  3: "time exceeded in-transit",
  4: "parameter problem",
  128: "echo request",
  129: "echo reply",
  130: "multicast listener query",
  131: "multicast listener report",
  132: "multicast listener done",
  133: "router solicitation",
  134: "router advertisement",
  135: "neighbor solicitation",
  136: "neighbor advertisement",
  137: "redirect",
  138: "router renumbering",
  141: "inverse neighbor solicitation",
  142: "inverse neighbor advertisement",
  143: "multicast listener report v2",
  144: "ha discovery request",
  145: "ha discovery reply",
  146: "mobile router solicitation",
  147: "mobile router advertisement",
  139: "node information query",
  140: "node information reply",
  200: "mtrace message",
  201: "mtrace response",
  155: "RPL",
};

function icmp6Print(ndo: Ndo, bp: number, length: number, iph: number, fragmented: boolean): void {
  ndo.proto = "icmp6";
  if (length === 0) {
    ndo.p("ICMP6, length 0");
    ndo.invalid();
    return;
  }
  if (ndo.o.v && !fragmented && ndo.ttest(bp, length)) {
    const s = ndo.u2(bp + 2);
    const sum = l4Cksum(ndo, iph, bp, length, 58);
    if (sum !== 0) ndo.p(`[bad icmp6 cksum 0x${hex4(s)} -> 0x${hex4(cksumShouldbe(s, sum))}!] `);
    else ndo.p("[icmp6 sum ok] ");
  }
  const type = ndo.u1(bp);
  ndo.p(`ICMP6, ${ICMP6_NAMES[type] ?? `unknown icmp6 type (${type})`}`);
  if (
    ndo.o.v &&
    (type === 133 ||
      type === 134 ||
      type === 136 ||
      type === 135 ||
      type === 137 ||
      type === 145 ||
      type === 147)
  )
    ndo.p(`, length ${length}`);
  const code = ndo.u1(bp + 1);
  const oip = bp + 8;
  switch (type) {
    case 1: {
      const codes = [
        "unreachable route",
        " unreachable prohibited",
        "beyond scope",
        "unreachable address",
        "unreachable port",
      ];
      ndo.p(`, ${codes[code] ?? `unknown unreach code (${code})`}`);
      if (code === 0 || code === 1 || code === 3) ndo.p(` ${ndo.ip6addr(oip + 24)}`);
      else if (code === 2) ndo.p(` ${ndo.ip6addr(oip + 24)}, source address ${ndo.ip6addr(oip + 8)}`);
      else if (code === 4) {
        const nh = ndo.u1(oip + 6);
        const dport = ndo.u2(oip + 40 + 2);
        if (nh === 6) ndo.p(`, ${ndo.ip6addr(oip + 24)} tcp port ${ndo.tcpport(dport)}`);
        else if (nh === 17) ndo.p(`, ${ndo.ip6addr(oip + 24)} udp port ${ndo.udpport(dport)}`);
        else ndo.p(`, ${ndo.ip6addr(oip + 24)} protocol ${nh} port ${dport} unreachable`);
      } else if (ndo.o.v <= 1) {
        unknownData(ndo, bp, "\n\t", length);
        return;
      }
      break;
    }
    case 2:
      ndo.p(`, mtu ${ndo.u4(bp + 4)}`);
      break;
    case 3:
      if (code === 0) ndo.p(` for ${ndo.ip6addr(oip + 24)}`);
      else if (code === 1) ndo.p(" (reassembly)");
      else ndo.p(`, unknown code (${code})`);
      break;
    case 128:
    case 129:
      ndo.p(`, id ${ndo.u2(bp + 4)}, seq ${ndo.u2(bp + 6)}`);
      break;
    case 130:
      if (length === 24) mld6Print(ndo, bp);
      else if (length >= 28) ndo.p(" v2");
      else ndo.p(` unknown-version (len ${length}) `);
      break;
    case 131:
    case 132:
      mld6Print(ndo, bp);
      break;
    case 133:
      if (ndo.o.v) icmp6OptPrint(ndo, bp + 8, length - 8);
      break;
    case 134:
      if (ndo.o.v) {
        const f = ndo.u1(bp + 5);
        const pref = ["medium", "high", "rsv", "low"][(f >> 3) & 3];
        ndo.p(
          `\n\thop limit ${ndo.u1(bp + 4)}, Flags [${bitNames(
            [
              [0x80, "managed"],
              [0x40, "other stateful"],
              [0x20, "home agent"],
              [0x08, "router pref"],
              [0x04, "proxy"],
            ],
            "none",
            f,
          )}], pref ${pref}, router lifetime ${ndo.u2(bp + 6)}s, reachable time ${ndo.u4(bp + 8)}ms, retrans timer ${ndo.u4(bp + 12)}ms`,
        );
        icmp6OptPrint(ndo, bp + 16, length - 16);
      }
      break;
    case 135:
      ndo.p(`, who has ${ndo.ip6addr(bp + 8)}`);
      if (ndo.o.v) icmp6OptPrint(ndo, bp + 24, length - 24);
      break;
    case 136:
      ndo.p(`, tgt is ${ndo.ip6addr(bp + 8)}`);
      if (ndo.o.v) {
        ndo.p(
          `, Flags [${bitNames(
            [
              [0x80000000, "router"],
              [0x40000000, "solicited"],
              [0x20000000, "override"],
            ],
            "none",
            ndo.u4(bp + 4),
          )}]`,
        );
        icmp6OptPrint(ndo, bp + 24, length - 24);
      }
      break;
    case 137:
      ndo.p(`, ${ndo.ip6addr(bp + 24)}`);
      ndo.p(` to ${ndo.ip6addr(bp + 8)}`);
      if (ndo.o.v) icmp6OptPrint(ndo, bp + 40, length - 40);
      break;
    case 143: {
      if (length < 8) {
        ndo.p(` [invalid len ${length}]`);
        break;
      }
      const ngroups = ndo.u2(bp + 6);
      ndo.p(`, ${ngroups} group record(s)`);
      if (ndo.o.v > 0) {
        const kinds = ["", "is_in", "is_ex", "to_in", "to_ex", "allow", "block"];
        let group = 8;
        for (let i = 0; i < ngroups; i++) {
          if (length < group + 20) {
            ndo.p(" [invalid number of groups]");
            return;
          }
          ndo.p(` [gaddr ${ndo.ip6addr(bp + group + 4)}`);
          const k = ndo.u1(bp + group);
          ndo.p(` ${kinds[k] || ` [v2-report-#${k}]`}`);
          const nsrcs = ndo.u2(bp + group + 2);
          if (length < group + 20 + nsrcs * 16) {
            ndo.p(` [invalid number of sources ${nsrcs}]`);
            return;
          }
          if (ndo.o.v === 1) ndo.p(`, ${nsrcs} source(s)`);
          else {
            ndo.p(" {");
            for (let j = 0; j < nsrcs; j++) ndo.p(` ${ndo.ip6addr(bp + group + 20 + j * 16)}`);
            ndo.p(" }");
          }
          group += 20 + nsrcs * 16;
          ndo.p("]");
        }
      }
      break;
    }
    default:
      ndo.p(`, length ${length}`);
      if (ndo.o.v <= 1) unknownData(ndo, bp, "\n\t", length);
      return;
  }
  if (!ndo.o.v) ndo.p(`, length ${length}`);
}

function mld6Print(ndo: Ndo, bp: number): void {
  ndo.tcheck(bp, 24);
  ndo.p(`max resp delay: ${ndo.u2(bp + 4)} addr: ${ndo.ip6addr(bp + 8)}`);
}

function icmp6OptPrint(ndo: Ndo, bp: number, resid: number): void {
  const names: Record<number, string> = {
    1: "source link-address",
    2: "destination link-address",
    3: "prefix info",
    4: "redirected header",
    5: "mtu",
    25: "rdnss",
    31: "dnssl",
    7: "advertisement interval",
    8: "homeagent information",
    24: "route info",
  };
  let cp = bp;
  while (cp < ndo.snapend) {
    ndo.tcheck(cp + 1, 1);
    if (resid <= 0) return;
    const t = ndo.u1(cp);
    const l = ndo.u1(cp + 1);
    if (l === 0 || cp + (l << 3) > ndo.snapend) throw new Truncated("icmp6");
    ndo.p(`\n\t  ${names[t] ?? "unknown"} option (${t}), length ${l << 3} (${l}): `);
    switch (t) {
      case 1:
      case 2: {
        const n = (l << 3) - 2;
        ndo.p([...ndo.b.subarray(cp + 2, cp + 2 + n)].map(hex2).join(":"));
        break;
      }
      case 5:
        ndo.p(` ${ndo.u4(cp + 4)}${l !== 1 ? "bad option length" : ""}`);
        break;
      case 3: {
        const vt = ndo.u4(cp + 4);
        const pt = ndo.u4(cp + 8);
        const life = (x: number) => (x === 0xffffffff ? "infinity" : `${x}s`);
        ndo.p(
          `${ndo.ip6addr(cp + 16)}/${ndo.u1(cp + 2)}${l !== 4 ? "badlen" : ""}, Flags [${bitNames(
            [
              [0x80, "onlink"],
              [0x40, "auto"],
              [0x20, "router"],
            ],
            "none",
            ndo.u1(cp + 3),
          )}], valid time ${life(vt)}`,
        );
        ndo.p(`, pref. time ${life(pt)}`);
        break;
      }
      default:
        if (ndo.o.v <= 1) {
          unknownData(ndo, cp + 2, "\n\t  ", (l << 3) - 2);
          return;
        }
    }
    if (ndo.o.v > 1) unknownData(ndo, cp + 2, "\n\t    ", (l << 3) - 2);
    cp += l << 3;
    resid -= l << 3;
  }
}
