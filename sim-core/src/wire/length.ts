/**
 * Byte lengths of the typed representations, without emitting them: what `skb->len` would be at
 * each layer (Ethernet header included, no preamble, no FCS: the length tcpdump shows). The
 * engine calls these on its hot path (interface counters, MTU checks against `dev->mtu`, which
 * counts the IP packet, not the Ethernet header), so they allocate nothing.
 *
 * Lengths are always the real content length; a parsed length *field* that disagrees
 * (`totalLength`, `length`, `payloadLength`) is not consulted.
 */
import type {
  ArpPacket,
  EthernetFrame,
  IcmpPacket,
  Icmpv6Packet,
  Ipv4Packet,
  Ipv6Packet,
  RawPayload,
  TcpOption,
  TcpSegment,
  UdpDatagram,
  VxlanPacket,
} from "./types";

export const ETHERNET_HEADER_LENGTH = 14;
export const ARP_LENGTH = 28;
export const IPV4_HEADER_LENGTH = 20;
export const ICMP_HEADER_LENGTH = 8;
export const UDP_HEADER_LENGTH = 8;
export const VXLAN_HEADER_LENGTH = 8;
export const TCP_HEADER_LENGTH = 20;
export const IPV6_HEADER_LENGTH = 40;
export const ICMPV6_HEADER_LENGTH = 4;
/** Outer Ethernet + IPv4 + UDP + VXLAN: what VXLAN adds to an inner frame (why flannel.1 has mtu 1450). */
export const VXLAN_OVERHEAD = 14 + 20 + 8 + 8;

/** Length of a whole Ethernet frame (header + payload + any padding). */
export function frameLength(f: EthernetFrame): number {
  const pad = f.padding === undefined ? 0 : f.padding.length;
  return ETHERNET_HEADER_LENGTH + l3Length(f.payload) + pad;
}

/** Length of an Ethernet payload (the L3 packet). */
export function l3Length(p: ArpPacket | Ipv4Packet | Ipv6Packet | RawPayload): number {
  switch (p.kind) {
    case "arp":
      return ARP_LENGTH;
    case "ipv4":
      return ipv4TotalLength(p);
    case "ipv6":
      return ipv6Length(p);
    case "raw":
      return p.bytes.length;
  }
}

/** IPv4 options padded to a multiple of 4 bytes. */
export function ipv4OptionsLength(p: Ipv4Packet): number {
  return p.options === undefined ? 0 : (p.options.length + 3) & ~3;
}

/** IPv4 header length (IHL × 4). */
export function ipv4HeaderLength(p: Ipv4Packet): number {
  return IPV4_HEADER_LENGTH + ipv4OptionsLength(p);
}

/** IPv4 total length: header + L4 content. */
export function ipv4TotalLength(p: Ipv4Packet): number {
  return ipv4HeaderLength(p) + l4Length(p.payload);
}

/** Length of an IPv4 payload (what follows the IPv4 header). */
export function l4Length(p: IcmpPacket | UdpDatagram | TcpSegment | RawPayload): number {
  switch (p.kind) {
    case "icmp":
      return icmpLength(p);
    case "udp":
      return udpLength(p);
    case "tcp":
      return tcpLength(p);
    case "raw":
      return p.bytes.length;
  }
}

/** ICMP message length: 8-byte header + data. */
export function icmpLength(m: IcmpPacket): number {
  return ICMP_HEADER_LENGTH + m.data.length;
}

/** UDP length (header + payload), the value of the UDP Length field. */
export function udpLength(u: UdpDatagram): number {
  const p = u.payload;
  return UDP_HEADER_LENGTH + (p.kind === "vxlan" ? vxlanLength(p) : p.bytes.length);
}

/** VXLAN header + inner frame. */
export function vxlanLength(v: VxlanPacket): number {
  return VXLAN_HEADER_LENGTH + frameLength(v.inner);
}

/** Length of one TCP option on the wire. */
export function tcpOptionLength(o: TcpOption): number {
  switch (o.kind) {
    case "mss":
      return 4;
    case "sackPermitted":
      return 2;
    case "timestamps":
      return 10;
    case "windowScale":
      return 3;
    case "nop":
    case "eol":
      return 1;
    case "sack":
      return 2 + 8 * o.blocks.length;
    case "raw":
      return o.bytes.length;
  }
}

/** TCP options, padded with zero bytes to a multiple of 4. */
export function tcpOptionsLength(options: readonly TcpOption[]): number {
  let n = 0;
  for (let i = 0; i < options.length; i++) n += tcpOptionLength(options[i]);
  return (n + 3) & ~3;
}

/** TCP header length (data offset × 4). */
export function tcpHeaderLength(s: TcpSegment): number {
  return TCP_HEADER_LENGTH + tcpOptionsLength(s.options);
}

/** TCP segment length: header + payload. */
export function tcpLength(s: TcpSegment): number {
  return tcpHeaderLength(s) + s.payload.length;
}

/** Hop-by-hop header length: 2-byte prefix + options, rounded up to a multiple of 8. */
export function hopByHopLength(options: Uint8Array): number {
  return (2 + options.length + 7) & ~7;
}

/** IPv6 Payload Length: extension headers + upper-layer content. */
export function ipv6PayloadLength(p: Ipv6Packet): number {
  const hbh = p.hopByHop === undefined ? 0 : hopByHopLength(p.hopByHop);
  const pl = p.payload;
  return hbh + (pl.kind === "icmpv6" ? icmpv6Length(pl) : pl.bytes.length);
}

/** Whole IPv6 packet: 40-byte header + payload. */
export function ipv6Length(p: Ipv6Packet): number {
  return IPV6_HEADER_LENGTH + ipv6PayloadLength(p);
}

/** ICMPv6 message: type, code, checksum + body. */
export function icmpv6Length(m: Icmpv6Packet): number {
  return ICMPV6_HEADER_LENGTH + m.body.length;
}
