/**
 * Small private helpers of the netfilter library: dotted-quad parsing the way libxtables'
 * xtables_numeric_to_ipaddr / inet_aton accept it, mask printing (xtables_ipmask_to_numeric),
 * /etc/networks names, packet lengths and Internet checksums for header rewrites.
 */
import type { Ip4 } from "../util/brand";
import type { EthernetFrame, Ipv4Packet, TcpOption } from "../wire/types";

export function ipToString(ip: number): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/**
 * libxtables' numeric parser (xtables_numeric_to_ipaddr): 1 to 4 dot-separated decimal parts,
 * missing trailing parts are zero ("10" = 10.0.0.0, "0/0"), each 0..255.
 */
export function parseDottedQuad(s: string): number | null {
  if (s.length === 0 || s.length > 15) return null;
  const parts = s.split(".");
  if (parts.length > 4) return null;
  let v = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    let n = 0;
    if (p !== undefined) {
      if (!/^[0-9]+$/.test(p)) return null;
      n = Number(p);
      if (n > 255) return null;
    }
    v = v * 256 + n;
  }
  return v >>> 0;
}

/** inet_aton-like strict form for conntrack and NAT ranges: exactly four parts. */
export function parseIp4Strict(s: string): number | null {
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(s)) return null;
  return parseDottedQuad(s);
}

export function prefixToMask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/** -1 when the mask is not contiguous */
export function maskToPrefix(mask: number): number {
  mask >>>= 0;
  let len = 0;
  while (len < 32 && mask & (0x80000000 >>> len)) len++;
  return prefixToMask(len) === mask ? len : -1;
}

/** xtables_ipmask_to_numeric: "" for /32, "/N" for a prefix, "/a.b.c.d" otherwise. */
export function maskSuffix(mask: number): string {
  const p = maskToPrefix(mask);
  if (p === 32) return "";
  if (p < 0) return "/" + ipToString(mask);
  return "/" + p;
}

/** /etc/networks of Debian 12 (getnetbyaddr). */
const NETWORKS = new Map<number, string>([
  [0x00000000, "default"],
  [0x7f000000, "loopback"],
  [0xa9fe0000, "link-local"],
]);

/**
 * xtables_ipaddr_to_anyname: a host name (from the machine's /etc/hosts), else a network
 * name (/etc/networks), else the dotted quad.
 */
export function addrToAnyName(ip: number, hostName?: (ip: Ip4) => string | null): string {
  const h = hostName?.(ip as Ip4);
  if (h) return h;
  const n = NETWORKS.get(ip >>> 0);
  if (n) return n;
  return ipToString(ip);
}

export function tcpOptionsLength(opts: readonly TcpOption[]): number {
  let n = 0;
  for (const o of opts) {
    switch (o.kind) {
      case "mss":
        n += 4;
        break;
      case "sackPermitted":
        n += 2;
        break;
      case "timestamps":
        n += 10;
        break;
      case "windowScale":
        n += 3;
        break;
      case "nop":
      case "eol":
        n += 1;
        break;
      case "sack":
        n += 2 + 8 * o.blocks.length;
        break;
      case "raw":
        n += o.bytes.length;
        break;
    }
  }
  return (n + 3) & ~3;
}

/** Length of the IPv4 payload (L4 header + data) as the packet would be emitted. */
export function l4Length(ip: Ipv4Packet): number {
  const p = ip.payload;
  switch (p.kind) {
    case "icmp":
      return 8 + p.data.length;
    case "udp": {
      const u = p.payload;
      if (u.kind === "raw") return 8 + u.bytes.length;
      return 8 + 8 + etherFrameLength(u.inner);
    }
    case "tcp":
      return 20 + tcpOptionsLength(p.options) + p.payload.length;
    case "raw":
      return p.bytes.length;
  }
}

function etherFrameLength(f: EthernetFrame): number {
  const p = f.payload;
  if (p.kind === "ipv4") return 14 + ipTotalLength(p);
  if (p.kind === "arp") return 14 + 28;
  if (p.kind === "raw") return 14 + p.bytes.length;
  // IPv6: header + a best effort for its body
  return 14 + 40 + (p.payload.kind === "raw" ? p.payload.bytes.length : 4 + p.payload.body.length);
}

/** The IP total length field (LEN= in LOG, bytes in counters). */
export function ipTotalLength(ip: Ipv4Packet): number {
  return 20 + (ip.options?.length ?? 0) + l4Length(ip);
}

/** Ones-complement sum of 16-bit big-endian words. */
export function onesSum(bytes: Uint8Array, start: number, end: number, init = 0): number {
  let sum = init;
  for (let i = start; i < end; i += 2) {
    sum += (bytes[i] << 8) | (i + 1 < end ? bytes[i + 1] : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** RFC 1624 incremental update of a checksum field when a 16-bit word changes. */
export function csumReplace16(csum: number, oldW: number, newW: number): number {
  let s = (~csum & 0xffff) + (~oldW & 0xffff) + (newW & 0xffff);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function csumReplace32(csum: number, oldV: number, newV: number): number {
  csum = csumReplace16(csum, (oldV >>> 16) & 0xffff, (newV >>> 16) & 0xffff);
  return csumReplace16(csum, oldV & 0xffff, newV & 0xffff);
}

export function readU16(b: Uint8Array, o: number): number {
  return ((b[o] << 8) | b[o + 1]) >>> 0;
}
export function readU32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 255;
  b[o + 1] = v & 255;
}
export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 255;
  b[o + 1] = (v >>> 16) & 255;
  b[o + 2] = (v >>> 8) & 255;
  b[o + 3] = v & 255;
}

/** printf("%-Ns") */
export function padRight(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}
/** printf("%Ns") */
export function padLeft(s: string, n: number): string {
  return s.length >= n ? s : " ".repeat(n - s.length) + s;
}

/** Days and months as C's asctime/ctime print them (iptables-save's comment lines). */
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** ctime() without the newline, in UTC: "Sat Nov 21 19:47:32 2026". */
export function ctime(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds) * 1000);
  const day = DAYS[d.getUTCDay()];
  const mon = MONTHS[d.getUTCMonth()];
  const dd = padLeft(String(d.getUTCDate()), 2);
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  const ss = String(d.getUTCSeconds()).padStart(2, "0");
  return `${day} ${mon} ${dd} ${hh}:${mm}:${ss} ${d.getUTCFullYear()}`;
}
