/**
 * Ethernet II framing (IEEE 802.3 with an EtherType, as `eth_header` builds it): destination MAC,
 * source MAC, EtherType, payload. No preamble and no FCS — the frame as tcpdump, Wireshark and a
 * pcap file show it, and as Linux veth/bridge devices carry it (they never pad to 60 bytes; a
 * captured trailer lands in `padding`).
 *
 * Parsing recurses by EtherType: ARP, IPv4, IPv6; anything else (VLAN-tagged, 802.3 length
 * frames) stays `raw`. A payload that claims a known EtherType but cannot be read is `raw` with
 * `malformed` set: the frame itself still parses.
 */
import { readMac, writeMac } from "./addr";
import { parseArp, writeArp } from "./arp";
import { parseIpv4, writeIpv4 } from "./ipv4";
import { parseIpv6, writeIpv6 } from "./ipv6";
import { ETHERNET_HEADER_LENGTH, frameLength, l3Length } from "./length";
import { fail, malformed, ok, type ParseOptions, type ParseResult } from "./result";
import { EtherType, type EthernetFrame } from "./types";

/** Write `f` at `off`; returns the offset after it. `buf` must hold frameLength(f) bytes from `off`. */
export function writeEthernet(f: EthernetFrame, buf: Uint8Array, off: number): number {
  writeMac(buf, off, f.dst);
  writeMac(buf, off + 6, f.src);
  buf[off + 12] = f.ethertype >>> 8;
  buf[off + 13] = f.ethertype;
  let o = off + ETHERNET_HEADER_LENGTH;
  const p = f.payload;
  switch (p.kind) {
    case "arp":
      o = writeArp(p, buf, o);
      break;
    case "ipv4":
      o = writeIpv4(p, buf, o);
      break;
    case "ipv6":
      o = writeIpv6(p, buf, o);
      break;
    case "raw":
      buf.set(p.bytes, o);
      o += p.bytes.length;
      break;
  }
  if (f.padding !== undefined) {
    buf.set(f.padding, o);
    o += f.padding.length;
  }
  return o;
}

/** The bytes of an Ethernet frame. */
export function emitEthernet(f: EthernetFrame): Uint8Array {
  const buf = new Uint8Array(frameLength(f));
  writeEthernet(f, buf, 0);
  return buf;
}

/** Parse an Ethernet frame and everything inside it. Never throws. */
export function parseEthernet(bytes: Uint8Array, opts?: ParseOptions): ParseResult<EthernetFrame> {
  if (bytes.length < ETHERNET_HEADER_LENGTH) {
    return fail(`Ethernet: frame of ${bytes.length} bytes is shorter than the 14-byte header`);
  }
  const ethertype = (bytes[12] << 8) | bytes[13];
  const rest = bytes.subarray(ETHERNET_HEADER_LENGTH);
  let payload: EthernetFrame["payload"];
  switch (ethertype) {
    case EtherType.ARP: {
      const r = parseArp(rest);
      payload = r.ok ? r.value : malformed(rest.slice(), r.error);
      break;
    }
    case EtherType.IPv4: {
      const r = parseIpv4(rest, opts);
      payload = r.ok ? r.value : malformed(rest.slice(), r.error);
      break;
    }
    case EtherType.IPv6: {
      const r = parseIpv6(rest, opts);
      payload = r.ok ? r.value : malformed(rest.slice(), r.error);
      break;
    }
    default:
      payload = { kind: "raw", bytes: rest.slice() };
  }
  const frame: EthernetFrame = { dst: readMac(bytes, 0), src: readMac(bytes, 6), ethertype, payload };
  const used = l3Length(payload);
  if (used < rest.length) frame.padding = rest.slice(used);
  return ok(frame);
}
