/**
 * ARP for IPv4 over Ethernet (RFC 826; the kernel's `arp_create` / `arp_process`): hardware type 1,
 * protocol type 0x0800, hardware length 6, protocol length 4, operation, then sender and target
 * hardware/protocol addresses — 28 bytes. A request carries tha 00:00:00:00:00:00 (Linux sends
 * zeros, not broadcast, in the target hardware field).
 */
import { readIp4, readMac, writeIp4, writeMac } from "./addr";
import { ARP_LENGTH } from "./length";
import { fail, ok, type ParseResult } from "./result";
import { EtherType, type ArpPacket } from "./types";

export const ArpOp = {
  REQUEST: 1,
  REPLY: 2,
} as const;

/** ARPHRD_ETHER, the hardware type of Ethernet. */
export const ARPHRD_ETHER = 1;

export function writeArp(a: ArpPacket, buf: Uint8Array, off: number): number {
  buf[off] = 0;
  buf[off + 1] = ARPHRD_ETHER;
  buf[off + 2] = EtherType.IPv4 >>> 8;
  buf[off + 3] = EtherType.IPv4 & 0xff;
  buf[off + 4] = 6;
  buf[off + 5] = 4;
  buf[off + 6] = a.op >>> 8;
  buf[off + 7] = a.op;
  writeMac(buf, off + 8, a.sha);
  writeIp4(buf, off + 14, a.spa);
  writeMac(buf, off + 18, a.tha);
  writeIp4(buf, off + 24, a.tpa);
  return off + ARP_LENGTH;
}

export function emitArp(a: ArpPacket): Uint8Array {
  const buf = new Uint8Array(ARP_LENGTH);
  writeArp(a, buf, 0);
  return buf;
}

/** Parse an ARP packet (bytes after the first 28 are ignored: they are Ethernet padding). */
export function parseArp(bytes: Uint8Array): ParseResult<ArpPacket> {
  if (bytes.length < ARP_LENGTH) return fail(`ARP: ${bytes.length} bytes, need 28`);
  const htype = (bytes[0] << 8) | bytes[1];
  const ptype = (bytes[2] << 8) | bytes[3];
  if (htype !== ARPHRD_ETHER || ptype !== EtherType.IPv4 || bytes[4] !== 6 || bytes[5] !== 4) {
    return fail(
      `ARP: not Ethernet/IPv4 (hardware type ${htype}, protocol 0x${ptype.toString(16).padStart(4, "0")}, ` +
        `lengths ${bytes[4]}/${bytes[5]})`,
    );
  }
  const op = (bytes[6] << 8) | bytes[7];
  if (op !== ArpOp.REQUEST && op !== ArpOp.REPLY) return fail(`ARP: unknown operation ${op}`);
  return ok({
    kind: "arp",
    op,
    sha: readMac(bytes, 8),
    spa: readIp4(bytes, 14),
    tha: readMac(bytes, 18),
    tpa: readIp4(bytes, 24),
  });
}
