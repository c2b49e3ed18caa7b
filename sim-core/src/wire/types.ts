/**
 * Typed representations of the headers the simulator puts on the wire (smoltcp's `wire/` style).
 * The packet engine moves these objects around (fast, structured); `emit*` in the sibling modules
 * turns them into the exact bytes a real kernel would send (hex view, pcap, tcpdump), and
 * `parse*` reads such bytes back. Lengths are always derivable from the representation.
 *
 * Fields that a real header carries but that are computed (checksums, length fields) are
 * optional here: `emit` computes them when absent; `parse` fills them in. A parsed repr that is
 * then changed (NAT, TTL) must have them deleted, or updated with checksum.ts, before emit.
 */
import type { Ip4, Ip6, Mac } from "../util/brand";

export const EtherType = {
  IPv4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100,
  IPv6: 0x86dd,
} as const;

export const IpProto = {
  HOPOPT: 0,
  ICMP: 1,
  IGMP: 2,
  TCP: 6,
  UDP: 17,
  ICMPV6: 58,
} as const;

/** Ethernet II frame (no preamble, no FCS: what tcpdump and pcap show). */
export interface EthernetFrame {
  dst: Mac;
  src: Mac;
  ethertype: number;
  payload: ArpPacket | Ipv4Packet | Ipv6Packet | RawPayload;
  /**
   * Bytes after the L3 packet's own length (Ethernet padding up to 60 bytes, as a physical NIC
   * adds). Linux veth and bridges never pad, so the engine leaves this absent; parse fills it in
   * when a captured frame carries a trailer, so that emit(parse(bytes)) gives the bytes back.
   */
  padding?: Uint8Array;
}

/** Opaque bytes (unknown protocols, fragment contents, application data). */
export interface RawPayload {
  kind: "raw";
  bytes: Uint8Array;
  /** Set by parse when these bytes claimed to be a known header that could not be read: why. */
  malformed?: string;
}

/** ARP for IPv4 over Ethernet (htype 1, ptype 0x0800, hlen 6, plen 4). */
export interface ArpPacket {
  kind: "arp";
  op: 1 | 2; // 1 request, 2 reply
  sha: Mac;
  spa: Ip4;
  tha: Mac;
  tpa: Ip4;
}

export interface Ipv4Packet {
  kind: "ipv4";
  /** DSCP+ECN byte. */
  tos: number;
  id: number;
  df: boolean;
  mf: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset: number;
  ttl: number;
  protocol: number;
  src: Ip4;
  dst: Ip4;
  /** IP options, already padded to a multiple of 4 bytes (usually absent). */
  options?: Uint8Array;
  /** Filled by parse; emit computes it when absent. */
  checksum?: number;
  /**
   * Total Length field. Filled by parse; emit computes it when absent. It may differ from the
   * real length (ipv4TotalLength) in a truncated or forged packet, e.g. the quoted header in an
   * ICMP error.
   */
  totalLength?: number;
  /** Set by parse only: whether the header checksum is right. */
  checksumValid?: boolean;
  /**
   * The L4 content. A fragment (mf or fragOffset > 0) carries `raw` bytes of its slice of the
   * original payload; an unfragmented packet carries the typed L4 header.
   */
  payload: IcmpPacket | UdpDatagram | TcpSegment | RawPayload;
}

/**
 * ICMPv4. `rest` is the 4-byte "rest of header" word: for echo it is id<<16 | seq,
 * for "fragmentation needed" (type 3 code 4) it is the next-hop MTU in the low 16 bits,
 * for redirects the gateway address, otherwise 0.
 * For errors, `data` holds the bytes of the offending IP header + the first 8 bytes of its
 * payload (Linux sends as much of the original datagram as fits in 576 bytes); for echo it is
 * the echo data.
 */
export interface IcmpPacket {
  kind: "icmp";
  type: number;
  code: number;
  rest: number;
  data: Uint8Array;
  checksum?: number;
  /** Set by parse only: whether the checksum is right; absent when it cannot be checked (truncated). */
  checksumValid?: boolean;
}

export interface UdpDatagram {
  kind: "udp";
  srcPort: number;
  dstPort: number;
  /** VXLAN when this is an encapsulated frame; raw bytes otherwise. */
  payload: VxlanPacket | RawPayload;
  /** 0 = no checksum (what Linux VXLAN sends with `noudpcsum`); emit computes it when absent. */
  checksum?: number;
  /** Length field. Filled by parse; emit computes it when absent. */
  length?: number;
  /**
   * Set by parse only: whether the checksum is right; absent when it cannot be checked (checksum
   * 0, truncated datagram, or parsed without the IP pseudo-header).
   */
  checksumValid?: boolean;
}

/** VXLAN (RFC 7348): 8-byte header (flags 0x08 = VNI valid), then the inner Ethernet frame. */
export interface VxlanPacket {
  kind: "vxlan";
  flags: number;
  vni: number;
  inner: EthernetFrame;
}

export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export type TcpOption =
  | { kind: "mss"; value: number }
  | { kind: "sackPermitted" }
  | { kind: "timestamps"; tsval: number; tsecr: number }
  | { kind: "windowScale"; shift: number }
  | { kind: "nop" }
  | { kind: "eol" }
  /** SACK blocks (kind 5), [left edge, right edge) pairs of sequence numbers. */
  | { kind: "sack"; blocks: Array<{ left: number; right: number }> }
  /** Any other option, or malformed option bytes, kept verbatim (type and length bytes included). */
  | { kind: "raw"; bytes: Uint8Array };

export interface TcpSegment {
  kind: "tcp";
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** Bitwise OR of TcpFlag values. */
  flags: number;
  window: number;
  urgent: number;
  options: TcpOption[];
  payload: Uint8Array;
  checksum?: number;
  /** Set by parse only: whether the checksum is right; absent when it cannot be checked. */
  checksumValid?: boolean;
}

/** IPv6, enough for the neighbour discovery / MLD chatter a real interface emits. */
export interface Ipv6Packet {
  kind: "ipv6";
  trafficClass: number;
  flowLabel: number;
  hopLimit: number;
  src: Ip6;
  dst: Ip6;
  /**
   * Hop-by-hop options header (MLD reports carry a router-alert option), if present: its options
   * area only, i.e. the bytes after its 2-byte next-header / length prefix (for MLD:
   * 05 02 00 00 01 00 = router alert "MLD" + PadN). Emit writes the prefix (next header =
   * `nextHeader`) and pads the area with Pad1/PadN to a multiple of 8 with the prefix.
   */
  hopByHop?: Uint8Array;
  /** The protocol of `payload` (58 for ICMPv6), after any hop-by-hop header. */
  nextHeader: number;
  /** Payload Length field. Filled by parse; emit computes it when absent. */
  payloadLength?: number;
  payload: Icmpv6Packet | RawPayload;
}

/** ICMPv6 (type, code, then the body as bytes: ND/MLD bodies are built by the kernel model). */
export interface Icmpv6Packet {
  kind: "icmpv6";
  type: number;
  code: number;
  body: Uint8Array;
  checksum?: number;
  /** Set by parse only: whether the checksum is right; absent when it cannot be checked. */
  checksumValid?: boolean;
}
