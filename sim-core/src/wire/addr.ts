/**
 * Address text forms and address arithmetic, exactly as Linux and its tools read and print them.
 *
 * - IPv4 text: glibc `inet_pton(AF_INET)` / `inet_ntop`: exactly four decimal octets 0–255, no
 *   leading zeros ("01.2.3.4" is rejected), no spaces, no prefix. iproute2's own `get_addr_ipv4`
 *   (which accepts "10/8", octal and hex octets) and `inet_aton` ("10.1" = 10.0.0.1, as ping
 *   reads it) are tool quirks for the shell layer, not this module.
 * - Prefix helpers: the kernel's `inet_make_mask` / `inet_mask_len`.
 * - MAC text: glibc `ether_aton` — six groups of one or two hex digits, either case, separated by
 *   ':' only (no '-', no '.', no trailing text) — printed back in the canonical lower-case
 *   zero-padded form iproute2 prints ("%02x:%02x:…").
 * - `is_multicast_ether_addr` / `is_broadcast_ether_addr` (include/linux/etherdevice.h).
 * - `ip_eth_mc_map` (01:00:5e + low 23 bits) and `ipv6_eth_mc_map` (33:33 + low 32 bits).
 * - IPv6 text: glibc `inet_pton(AF_INET6)` (RFC 4291 §2.2: full, "::"-compressed, and trailing
 *   dotted-quad forms; no zone "%eth0") and glibc `inet_ntop` (RFC 5952 §4 style: lower-case hex
 *   without leading zeros; the longest run of two or more zero groups becomes "::", the first run
 *   on a tie; a lone zero group is never compressed; "::a.b.c.d" and "::ffff:a.b.c.d" for
 *   IPv4-compatible and IPv4-mapped addresses, as glibc prints them).
 * - EUI-64 link-local from a MAC (`addrconf_ifid_eui48`: fe80:: + MAC with the U/L bit flipped and
 *   ff:fe in the middle) and solicited-node multicast (`addrconf_addr_solict_mult`:
 *   ff02::1:ff00:0/104 + the low 24 bits).
 */
import type { Ip4, Ip6, Mac } from "../util/brand";

const DOT = 0x2e;
const COLON = 0x3a;

/** "00".."ff", for building MAC strings without allocation-heavy formatting. */
const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push((i < 16 ? "0" : "") + i.toString(16));

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// ---------------------------------------------------------------- IPv4

/** Parse a strict dotted quad (glibc inet_pton rules); undefined on anything else. */
export function ip4(s: string): Ip4 | undefined {
  const n = s.length;
  let value = 0;
  let octets = 0;
  let i = 0;
  while (octets < 4) {
    const start = i;
    let octet = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      if (i > start && octet === 0) return undefined; // leading zero
      octet = octet * 10 + (c - 0x30);
      if (octet > 255) return undefined;
      i++;
    }
    if (i === start) return undefined;
    value = value * 256 + octet;
    octets++;
    if (octets < 4) {
      if (i >= n || s.charCodeAt(i) !== DOT) return undefined;
      i++;
    }
  }
  return i === n ? (value as Ip4) : undefined;
}

/** Dotted-quad text of an address. */
export function ip4ToString(a: Ip4): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

/** An address from its four octets (ip4FromOctets(10, 0, 0, 1) = 10.0.0.1). */
export function ip4FromOctets(a: number, b: number, c: number, d: number): Ip4 {
  return ((((a & 255) << 24) | ((b & 255) << 16) | ((c & 255) << 8) | (d & 255)) >>> 0) as Ip4;
}

/** Read a network-order IPv4 address. The caller guarantees 4 bytes at `off`. */
export function readIp4(buf: Uint8Array, off: number): Ip4 {
  return (((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0) as Ip4;
}

/** Write an IPv4 address in network order. */
export function writeIp4(buf: Uint8Array, off: number, a: Ip4): void {
  buf[off] = a >>> 24;
  buf[off + 1] = a >>> 16;
  buf[off + 2] = a >>> 8;
  buf[off + 3] = a;
}

/** Netmask for a prefix length (inet_make_mask): 24 → 255.255.255.0; clamped to 0..32. */
export function prefixMask(len: number): Ip4 {
  if (len <= 0) return 0 as Ip4;
  if (len >= 32) return 0xffffffff as Ip4;
  return ((0xffffffff << (32 - len)) >>> 0) as Ip4;
}

/** Prefix length of a netmask (inet_mask_len); undefined when the mask is not contiguous. */
export function prefixLength(mask: Ip4): number | undefined {
  const inv = ~mask >>> 0;
  if ((inv & (inv + 1)) !== 0) return undefined;
  return Math.clz32(inv);
}

/** The network address: `a` with the host bits cleared. */
export function networkAddress(a: Ip4, len: number): Ip4 {
  return ((a & prefixMask(len)) >>> 0) as Ip4;
}

/** The directed broadcast address: `a` with the host bits set. */
export function broadcastAddress(a: Ip4, len: number): Ip4 {
  return ((a | ~prefixMask(len)) >>> 0) as Ip4;
}

/** Whether `a` lies in `net`/`len` (host bits of `net` are ignored). */
export function inPrefix(a: Ip4, net: Ip4, len: number): boolean {
  return ((a ^ net) & prefixMask(len)) === 0;
}

/** 224.0.0.0/4 (ipv4_is_multicast). */
export function isIp4Multicast(a: Ip4): boolean {
  return a >>> 28 === 0xe;
}

/** 127.0.0.0/8 (ipv4_is_loopback). */
export function isIp4Loopback(a: Ip4): boolean {
  return a >>> 24 === 127;
}

/** 255.255.255.255 (ipv4_is_lbcast). */
export function isIp4LimitedBroadcast(a: Ip4): boolean {
  return a === 0xffffffff;
}

/** The Ethernet group address of an IPv4 multicast address (ip_eth_mc_map): 01:00:5e + low 23 bits. */
export function ip4MulticastMac(a: Ip4): Mac {
  return `01:00:5e:${HEX2[(a >>> 16) & 0x7f]}:${HEX2[(a >>> 8) & 255]}:${HEX2[a & 255]}` as Mac;
}

// ---------------------------------------------------------------- MAC

export const BROADCAST_MAC = "ff:ff:ff:ff:ff:ff" as Mac;
export const ZERO_MAC = "00:00:00:00:00:00" as Mac;

const MAC_RE =
  /^([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})$/;

/**
 * Parse a MAC as glibc ether_aton does: six ':'-separated groups of one or two hex digits, either
 * case ("0A:0:5E:1:2:3" → "0a:00:5e:01:02:03"). Undefined on anything else.
 */
export function mac(s: string): Mac | undefined {
  const m = MAC_RE.exec(s);
  if (m === null) return undefined;
  let out = "";
  for (let i = 1; i <= 6; i++) {
    const g = m[i].toLowerCase();
    out += (i > 1 ? ":" : "") + (g.length === 1 ? "0" + g : g);
  }
  return out as Mac;
}

/** Read 6 bytes as a canonical MAC. The caller guarantees 6 bytes at `off`. */
export function readMac(buf: Uint8Array, off: number): Mac {
  return (HEX2[buf[off]] +
    ":" +
    HEX2[buf[off + 1]] +
    ":" +
    HEX2[buf[off + 2]] +
    ":" +
    HEX2[buf[off + 3]] +
    ":" +
    HEX2[buf[off + 4]] +
    ":" +
    HEX2[buf[off + 5]]) as Mac;
}

/** Write a MAC (canonical form, or any ether_aton-shaped two-digit form) as 6 bytes. */
export function writeMac(buf: Uint8Array, off: number, m: Mac): void {
  for (let i = 0; i < 6; i++) {
    buf[off + i] = (hexVal(m.charCodeAt(i * 3)) << 4) | hexVal(m.charCodeAt(i * 3 + 1));
  }
}

/** The 6 bytes of a MAC. */
export function macToBytes(m: Mac): Uint8Array {
  const b = new Uint8Array(6);
  writeMac(b, 0, m);
  return b;
}

/** The canonical MAC of 6 bytes. */
export function macFromBytes(b: Uint8Array): Mac {
  return readMac(b, 0);
}

/** Group bit set (is_multicast_ether_addr): true for broadcast too, as in the kernel. */
export function isMulticastMac(m: Mac): boolean {
  return (hexVal(m.charCodeAt(1)) & 1) === 1;
}

/** ff:ff:ff:ff:ff:ff (is_broadcast_ether_addr). */
export function isBroadcastMac(m: Mac): boolean {
  return m === BROADCAST_MAC;
}

/** 00:00:00:00:00:00 (is_zero_ether_addr). */
export function isZeroMac(m: Mac): boolean {
  return m === ZERO_MAC;
}

/** Locally administered bit (0x02 of the first octet) set, as in a random `eth_random_addr`. */
export function isLocalAdminMac(m: Mac): boolean {
  return (hexVal(m.charCodeAt(1)) & 2) === 2;
}

// ---------------------------------------------------------------- IPv6

/** Parse any RFC 4291 text form, as glibc inet_pton(AF_INET6); undefined on anything else. */
export function ip6(s: string): Ip6 | undefined {
  const out = new Uint8Array(16);
  const n = s.length;
  if (n === 0) return undefined;
  let i = 0;
  let w = 0; // 16-bit groups written so far
  let gap = -1; // group index where "::" stands
  if (s.charCodeAt(0) === COLON) {
    if (n < 2 || s.charCodeAt(1) !== COLON) return undefined;
    i = 2;
    gap = 0;
  }
  while (i < n) {
    const start = i;
    let v = 0;
    while (i < n) {
      const h = hexVal(s.charCodeAt(i));
      if (h < 0) break;
      v = (v << 4) | h;
      i++;
    }
    if (i < n && s.charCodeAt(i) === DOT) {
      // Trailing dotted quad: the last 32 bits.
      if (w > 6) return undefined;
      const v4 = ip4(s.slice(start));
      if (v4 === undefined) return undefined;
      out[w * 2] = v4 >>> 24;
      out[w * 2 + 1] = v4 >>> 16;
      out[w * 2 + 2] = v4 >>> 8;
      out[w * 2 + 3] = v4;
      w += 2;
      break; // the dotted quad ran to the end of the string
    }
    const len = i - start;
    if (len === 0 || len > 4 || w >= 8) return undefined;
    out[w * 2] = v >>> 8;
    out[w * 2 + 1] = v;
    w++;
    if (i === n) break;
    if (s.charCodeAt(i) !== COLON) return undefined;
    i++;
    if (i < n && s.charCodeAt(i) === COLON) {
      if (gap >= 0) return undefined;
      gap = w;
      i++;
    } else if (i === n) {
      return undefined; // a single trailing ':'
    }
  }
  if (gap >= 0) {
    if (w === 8) return undefined; // "::" must stand for at least one group
    const tail = (w - gap) * 2;
    const from = gap * 2;
    const to = 16 - tail;
    for (let k = tail - 1; k >= 0; k--) out[to + k] = out[from + k];
    for (let k = from; k < to; k++) out[k] = 0;
  } else if (w !== 8) {
    return undefined;
  }
  return out as Ip6;
}

/** Text of an IPv6 address exactly as glibc inet_ntop prints it (what `ip -6 addr` shows). */
export function ip6ToString(a: Ip6): string {
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (a[i * 2] === 0 && a[i * 2 + 1] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else {
        curLen++;
      }
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;

  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && a[10] === 0xff && a[11] === 0xff))) {
      out += `${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
      return out;
    }
    out += ((a[i * 2] << 8) | a[i * 2 + 1]).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ":";
  return out;
}

/** A copy of 16 bytes at `off` as an Ip6. The caller guarantees 16 bytes. */
export function readIp6(buf: Uint8Array, off: number): Ip6 {
  return buf.slice(off, off + 16) as Ip6;
}

export function writeIp6(buf: Uint8Array, off: number, a: Ip6): void {
  buf.set(a.subarray(0, 16), off);
}

export function ip6Equal(a: Ip6, b: Ip6): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `a` lies in `net`/`len`. */
export function ip6InPrefix(a: Ip6, net: Ip6, len: number): boolean {
  const full = len >> 3;
  for (let i = 0; i < full && i < 16; i++) if (a[i] !== net[i]) return false;
  const bits = len & 7;
  if (bits === 0 || full >= 16) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((a[full] ^ net[full]) & mask) === 0;
}

/** ff00::/8 (ipv6_addr_is_multicast). */
export function isIp6Multicast(a: Ip6): boolean {
  return a[0] === 0xff;
}

/** fe80::/10. */
export function isIp6LinkLocal(a: Ip6): boolean {
  return a[0] === 0xfe && (a[1] & 0xc0) === 0x80;
}

/** :: */
export function isIp6Unspecified(a: Ip6): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== 0) return false;
  return true;
}

/** The EUI-64 link-local address the kernel gives an Ethernet interface (addrgenmode eui64). */
export function linkLocalFromMac(m: Mac): Ip6 {
  const b = macToBytes(m);
  const a = new Uint8Array(16);
  a[0] = 0xfe;
  a[1] = 0x80;
  a[8] = b[0] ^ 0x02;
  a[9] = b[1];
  a[10] = b[2];
  a[11] = 0xff;
  a[12] = 0xfe;
  a[13] = b[3];
  a[14] = b[4];
  a[15] = b[5];
  return a as Ip6;
}

/** Solicited-node multicast address: ff02::1:ff + the low 24 bits of `a`. */
export function solicitedNodeMulticast(a: Ip6): Ip6 {
  const m = new Uint8Array(16);
  m[0] = 0xff;
  m[1] = 0x02;
  m[11] = 0x01;
  m[12] = 0xff;
  m[13] = a[13];
  m[14] = a[14];
  m[15] = a[15];
  return m as Ip6;
}

/** The Ethernet group address of an IPv6 multicast address (ipv6_eth_mc_map): 33:33 + low 32 bits. */
export function ip6MulticastMac(a: Ip6): Mac {
  return `33:33:${HEX2[a[12]]}:${HEX2[a[13]]}:${HEX2[a[14]]}:${HEX2[a[15]]}` as Mac;
}
