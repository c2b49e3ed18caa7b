/**
 * The header tree of a packet, read from its bytes (what Wireshark's middle pane shows): one
 * layer per header — Ethernet II, ARP, IPv4, ICMP, UDP, TCP, VXLAN (and the inner Ethernet frame
 * below it), IPv6, ICMPv6, IGMP, data — each with its fields, and every field with the offset and
 * length of its bytes so that the hex view can highlight them. Plain data (crosses the worker).
 */

export interface HeaderField {
  name: string;
  value: string;
  /** Byte offset in the whole buffer, and length in bytes (a bit field covers its bytes). */
  offset: number;
  length: number;
}

export interface HeaderLayer {
  /** "Ethernet II", "IPv4", "ICMP", "UDP", "VXLAN", "TCP", "ARP", "IPv6", "ICMPv6", "IGMP", "Data". */
  name: string;
  /** One line, as the tree's collapsed row shows it. */
  summary: string;
  offset: number;
  length: number;
  fields: HeaderField[];
  /** The layer this one carries (an IPv4 packet's UDP datagram, a VXLAN packet's inner frame). */
  child?: HeaderLayer;
}

const hex = (n: number, w: number) => "0x" + n.toString(16).padStart(w, "0");
const mac = (b: Uint8Array, o: number) =>
  [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, "0")).join(":");
const ip4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number) =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

function ip6(b: Uint8Array, o: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(u16(b, o + 2 * i));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const part = (a: number[]) => a.map((x) => x.toString(16)).join(":");
  if (best < 0) return part(w);
  return `${part(w.slice(0, best))}::${part(w.slice(best + bestLen))}`;
}

const ETHERTYPE: Record<number, string> = { 0x0800: "IPv4", 0x0806: "ARP", 0x86dd: "IPv6", 0x8100: "802.1Q" };
const PROTO: Record<number, string> = {
  1: "ICMP",
  2: "IGMP",
  6: "TCP",
  17: "UDP",
  58: "ICMPv6",
  0: "Hop-by-hop",
};
const ICMP_TYPES: Record<number, string> = {
  0: "Echo reply",
  3: "Destination unreachable",
  5: "Redirect",
  8: "Echo request",
  11: "Time exceeded",
  12: "Parameter problem",
};
const UNREACH: string[] = [
  "network unreachable",
  "host unreachable",
  "protocol unreachable",
  "port unreachable",
  "fragmentation needed",
  "source route failed",
];
const ICMP6_TYPES: Record<number, string> = {
  1: "Destination unreachable",
  2: "Packet too big",
  3: "Time exceeded",
  128: "Echo request",
  129: "Echo reply",
  133: "Router solicitation",
  134: "Router advertisement",
  135: "Neighbor solicitation",
  136: "Neighbor advertisement",
  143: "Multicast listener report v2",
};

/** The layers of an Ethernet frame. */
export function dissectFrame(b: Uint8Array): HeaderLayer {
  return ether(b, 0, b.length);
}

/** The layers of a bare IPv4 packet (a hop seen at L3: a route lookup, a netfilter hook). */
export function dissectIpv4(b: Uint8Array): HeaderLayer {
  return ipv4(b, 0, b.length);
}

function data(b: Uint8Array, o: number, end: number): HeaderLayer {
  return { name: "Data", summary: `${end - o} bytes`, offset: o, length: end - o, fields: [] };
}

function truncated(name: string, o: number, end: number): HeaderLayer {
  return { name, summary: "truncated", offset: o, length: Math.max(0, end - o), fields: [] };
}

function ether(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 14) return truncated("Ethernet II", o, end);
  const type = u16(b, o + 12);
  const layer: HeaderLayer = {
    name: "Ethernet II",
    summary: `${mac(b, o + 6)} → ${mac(b, o)}`,
    offset: o,
    length: 14,
    fields: [
      { name: "Destination", value: mac(b, o), offset: o, length: 6 },
      { name: "Source", value: mac(b, o + 6), offset: o + 6, length: 6 },
      {
        name: type <= 1500 ? "Length" : "Type",
        value: type <= 1500 ? String(type) : `${ETHERTYPE[type] ?? "Unknown"} (${hex(type, 4)})`,
        offset: o + 12,
        length: 2,
      },
    ],
  };
  const p = o + 14;
  if (type === 0x0800) layer.child = ipv4(b, p, end);
  else if (type === 0x0806) layer.child = arp(b, p, end);
  else if (type === 0x86dd) layer.child = ipv6(b, p, end);
  else if (p < end) layer.child = data(b, p, end);
  return layer;
}

function arp(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 28) return truncated("ARP", o, end);
  const op = u16(b, o + 6);
  return {
    name: "ARP",
    summary:
      op === 1
        ? `Who has ${ip4(b, o + 24)}? Tell ${ip4(b, o + 14)}`
        : op === 2
          ? `${ip4(b, o + 14)} is at ${mac(b, o + 8)}`
          : `opcode ${op}`,
    offset: o,
    length: 28,
    fields: [
      {
        name: "Hardware type",
        value: u16(b, o) === 1 ? "Ethernet (1)" : String(u16(b, o)),
        offset: o,
        length: 2,
      },
      {
        name: "Protocol type",
        value: `${ETHERTYPE[u16(b, o + 2)] ?? "?"} (${hex(u16(b, o + 2), 4)})`,
        offset: o + 2,
        length: 2,
      },
      { name: "Hardware size", value: String(b[o + 4]), offset: o + 4, length: 1 },
      { name: "Protocol size", value: String(b[o + 5]), offset: o + 5, length: 1 },
      {
        name: "Opcode",
        value: op === 1 ? "request (1)" : op === 2 ? "reply (2)" : String(op),
        offset: o + 6,
        length: 2,
      },
      { name: "Sender MAC address", value: mac(b, o + 8), offset: o + 8, length: 6 },
      { name: "Sender IP address", value: ip4(b, o + 14), offset: o + 14, length: 4 },
      { name: "Target MAC address", value: mac(b, o + 18), offset: o + 18, length: 6 },
      { name: "Target IP address", value: ip4(b, o + 24), offset: o + 24, length: 4 },
    ],
  };
}

function ipv4(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 20 || b[o] >> 4 !== 4) return truncated("IPv4", o, end);
  const hl = (b[o] & 15) * 4;
  const total = u16(b, o + 2);
  const flags = u16(b, o + 6);
  const proto = b[o + 9];
  const fl = [flags & 0x4000 ? "DF" : "", flags & 0x2000 ? "MF" : ""].filter(Boolean).join(", ") || "none";
  const layer: HeaderLayer = {
    name: "IPv4",
    summary: `${ip4(b, o + 12)} → ${ip4(b, o + 16)}, ${PROTO[proto] ?? proto}, ttl ${b[o + 8]}`,
    offset: o,
    length: hl,
    fields: [
      { name: "Version", value: "4", offset: o, length: 1 },
      { name: "Header length", value: `${hl} bytes`, offset: o, length: 1 },
      { name: "DSCP/ECN (TOS)", value: hex(b[o + 1], 2), offset: o + 1, length: 1 },
      { name: "Total length", value: String(total), offset: o + 2, length: 2 },
      {
        name: "Identification",
        value: `${hex(u16(b, o + 4), 4)} (${u16(b, o + 4)})`,
        offset: o + 4,
        length: 2,
      },
      { name: "Flags", value: fl, offset: o + 6, length: 1 },
      { name: "Fragment offset", value: String((flags & 0x1fff) * 8), offset: o + 6, length: 2 },
      { name: "Time to live", value: String(b[o + 8]), offset: o + 8, length: 1 },
      { name: "Protocol", value: `${PROTO[proto] ?? "?"} (${proto})`, offset: o + 9, length: 1 },
      { name: "Header checksum", value: hex(u16(b, o + 10), 4), offset: o + 10, length: 2 },
      { name: "Source address", value: ip4(b, o + 12), offset: o + 12, length: 4 },
      { name: "Destination address", value: ip4(b, o + 16), offset: o + 16, length: 4 },
    ],
  };
  if (hl > 20)
    layer.fields.push({ name: "Options", value: `${hl - 20} bytes`, offset: o + 20, length: hl - 20 });
  const p = o + hl;
  const pend = Math.min(end, o + total);
  if (flags & 0x1fff) layer.child = { ...data(b, p, pend), name: "Fragment" };
  else if (proto === 1) layer.child = icmp(b, p, pend);
  else if (proto === 17) layer.child = udp(b, p, pend);
  else if (proto === 6) layer.child = tcp(b, p, pend);
  else if (proto === 2) layer.child = igmp(b, p, pend);
  else if (p < pend) layer.child = data(b, p, pend);
  return layer;
}

function icmp(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 8) return truncated("ICMP", o, end);
  const type = b[o];
  const code = b[o + 1];
  const fields: HeaderField[] = [
    { name: "Type", value: `${ICMP_TYPES[type] ?? "?"} (${type})`, offset: o, length: 1 },
    {
      name: "Code",
      value: type === 3 ? `${UNREACH[code] ?? "?"} (${code})` : String(code),
      offset: o + 1,
      length: 1,
    },
    { name: "Checksum", value: hex(u16(b, o + 2), 4), offset: o + 2, length: 2 },
  ];
  let summary = `${ICMP_TYPES[type] ?? `type ${type}`}${type === 3 ? `: ${UNREACH[code] ?? code}` : ""}`;
  if (type === 0 || type === 8) {
    fields.push({ name: "Identifier", value: String(u16(b, o + 4)), offset: o + 4, length: 2 });
    fields.push({ name: "Sequence", value: String(u16(b, o + 6)), offset: o + 6, length: 2 });
    summary += `, id ${u16(b, o + 4)}, seq ${u16(b, o + 6)}`;
  } else if (type === 3 && code === 4) {
    fields.push({ name: "Next-hop MTU", value: String(u16(b, o + 6)), offset: o + 6, length: 2 });
    summary += ` (mtu ${u16(b, o + 6)})`;
  } else if (type === 5) {
    fields.push({ name: "Gateway", value: ip4(b, o + 4), offset: o + 4, length: 4 });
  }
  const layer: HeaderLayer = { name: "ICMP", summary, offset: o, length: 8, fields };
  if (type === 3 || type === 11 || type === 12 || type === 5) {
    if (o + 8 < end) layer.child = { ...ipv4(b, o + 8, end), name: "IPv4 (quoted)" };
  } else if (o + 8 < end) layer.child = data(b, o + 8, end);
  return layer;
}

function udp(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 8) return truncated("UDP", o, end);
  const sp = u16(b, o);
  const dp = u16(b, o + 2);
  const layer: HeaderLayer = {
    name: "UDP",
    summary: `${sp} → ${dp}, length ${u16(b, o + 4)}`,
    offset: o,
    length: 8,
    fields: [
      { name: "Source port", value: String(sp), offset: o, length: 2 },
      { name: "Destination port", value: String(dp), offset: o + 2, length: 2 },
      { name: "Length", value: String(u16(b, o + 4)), offset: o + 4, length: 2 },
      { name: "Checksum", value: hex(u16(b, o + 6), 4), offset: o + 6, length: 2 },
    ],
  };
  const p = o + 8;
  if ((dp === 8472 || dp === 4789) && end - p >= 8 && b[p] & 0x08) layer.child = vxlan(b, p, end);
  else if (p < end) layer.child = data(b, p, end);
  return layer;
}

function vxlan(b: Uint8Array, o: number, end: number): HeaderLayer {
  const vni = (b[o + 4] << 16) | (b[o + 5] << 8) | b[o + 6];
  return {
    name: "VXLAN",
    summary: `VNI ${vni}`,
    offset: o,
    length: 8,
    fields: [
      { name: "Flags", value: `${hex(b[o], 2)}${b[o] & 0x08 ? " (VNI valid)" : ""}`, offset: o, length: 1 },
      {
        name: "Reserved",
        value: hex((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3], 6),
        offset: o + 1,
        length: 3,
      },
      { name: "VNI", value: String(vni), offset: o + 4, length: 3 },
      { name: "Reserved", value: hex(b[o + 7], 2), offset: o + 7, length: 1 },
    ],
    child: { ...ether(b, o + 8, end), name: "Ethernet II (inner)" },
  };
}

const TCP_FLAGS: [number, string][] = [
  [0x80, "CWR"],
  [0x40, "ECE"],
  [0x20, "URG"],
  [0x10, "ACK"],
  [0x08, "PSH"],
  [0x04, "RST"],
  [0x02, "SYN"],
  [0x01, "FIN"],
];

function tcp(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 20) return truncated("TCP", o, end);
  const hl = (b[o + 12] >> 4) * 4;
  const flags = b[o + 13];
  const fl =
    TCP_FLAGS.filter(([f]) => flags & f)
      .map(([, n]) => n)
      .join(", ") || "none";
  const layer: HeaderLayer = {
    name: "TCP",
    summary: `${u16(b, o)} → ${u16(b, o + 2)} [${fl}] seq ${u32(b, o + 4)}${flags & 0x10 ? ` ack ${u32(b, o + 8)}` : ""} win ${u16(b, o + 14)}`,
    offset: o,
    length: Math.min(hl, end - o),
    fields: [
      { name: "Source port", value: String(u16(b, o)), offset: o, length: 2 },
      { name: "Destination port", value: String(u16(b, o + 2)), offset: o + 2, length: 2 },
      { name: "Sequence number", value: String(u32(b, o + 4)), offset: o + 4, length: 4 },
      { name: "Acknowledgment number", value: String(u32(b, o + 8)), offset: o + 8, length: 4 },
      { name: "Header length", value: `${hl} bytes`, offset: o + 12, length: 1 },
      { name: "Flags", value: fl, offset: o + 13, length: 1 },
      { name: "Window", value: String(u16(b, o + 14)), offset: o + 14, length: 2 },
      { name: "Checksum", value: hex(u16(b, o + 16), 4), offset: o + 16, length: 2 },
      { name: "Urgent pointer", value: String(u16(b, o + 18)), offset: o + 18, length: 2 },
    ],
  };
  if (hl > 20)
    layer.fields.push({ name: "Options", value: `${hl - 20} bytes`, offset: o + 20, length: hl - 20 });
  if (o + hl < end) layer.child = data(b, o + hl, end);
  return layer;
}

function igmp(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 8) return truncated("IGMP", o, end);
  const type = b[o];
  const names: Record<number, string> = {
    0x11: "Membership query",
    0x16: "v2 membership report",
    0x17: "Leave group",
    0x22: "v3 membership report",
  };
  return {
    name: "IGMP",
    summary: names[type] ?? `type ${hex(type, 2)}`,
    offset: o,
    length: end - o,
    fields: [
      { name: "Type", value: `${names[type] ?? "?"} (${hex(type, 2)})`, offset: o, length: 1 },
      { name: "Checksum", value: hex(u16(b, o + 2), 4), offset: o + 2, length: 2 },
      type === 0x22
        ? { name: "Group records", value: String(u16(b, o + 6)), offset: o + 6, length: 2 }
        : { name: "Group address", value: ip4(b, o + 4), offset: o + 4, length: 4 },
    ],
  };
}

function ipv6(b: Uint8Array, o: number, end: number): HeaderLayer {
  if (end - o < 40) return truncated("IPv6", o, end);
  const plen = u16(b, o + 4);
  let nh = b[o + 6];
  const layer: HeaderLayer = {
    name: "IPv6",
    summary: `${ip6(b, o + 8)} → ${ip6(b, o + 24)}, hop limit ${b[o + 7]}`,
    offset: o,
    length: 40,
    fields: [
      { name: "Version", value: "6", offset: o, length: 1 },
      { name: "Traffic class", value: hex(((b[o] & 15) << 4) | (b[o + 1] >> 4), 2), offset: o, length: 2 },
      {
        name: "Flow label",
        value: hex(((b[o + 1] & 15) << 16) | u16(b, o + 2), 5),
        offset: o + 1,
        length: 3,
      },
      { name: "Payload length", value: String(plen), offset: o + 4, length: 2 },
      { name: "Next header", value: `${PROTO[nh] ?? "?"} (${nh})`, offset: o + 6, length: 1 },
      { name: "Hop limit", value: String(b[o + 7]), offset: o + 7, length: 1 },
      { name: "Source address", value: ip6(b, o + 8), offset: o + 8, length: 16 },
      { name: "Destination address", value: ip6(b, o + 24), offset: o + 24, length: 16 },
    ],
  };
  let p = o + 40;
  const pend = Math.min(end, p + plen);
  if (nh === 0 && pend - p >= 8) {
    const hl = (b[p + 1] + 1) * 8;
    layer.fields.push({ name: "Hop-by-hop options", value: `${hl} bytes`, offset: p, length: hl });
    layer.length += hl;
    nh = b[p];
    p += hl;
  }
  if (nh === 58 && pend - p >= 4) {
    const type = b[p];
    layer.child = {
      name: "ICMPv6",
      summary: ICMP6_TYPES[type] ?? `type ${type}`,
      offset: p,
      length: pend - p,
      fields: [
        { name: "Type", value: `${ICMP6_TYPES[type] ?? "?"} (${type})`, offset: p, length: 1 },
        { name: "Code", value: String(b[p + 1]), offset: p + 1, length: 1 },
        { name: "Checksum", value: hex(u16(b, p + 2), 4), offset: p + 2, length: 2 },
      ],
    };
    if ((type === 135 || type === 136) && pend - p >= 24)
      layer.child.fields.push({ name: "Target address", value: ip6(b, p + 8), offset: p + 8, length: 16 });
  } else if (p < pend) layer.child = data(b, p, pend);
  return layer;
}
