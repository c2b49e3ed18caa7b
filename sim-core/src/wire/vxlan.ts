/**
 * VXLAN (RFC 7348; the kernel's drivers/net/vxlan): an 8-byte header — flags (0x08 = "I", VNI
 * valid), 24 reserved bits, the 24-bit VNI, 8 reserved bits — then the inner Ethernet frame,
 * carried in UDP to port 8472 (the Linux default, which flannel keeps) or 4789 (IANA). Reserved
 * bits are emitted as zeros; a header with any set does not parse as VXLAN (Linux's `vxlan_rcv`
 * drops it), so the datagram's payload stays raw.
 */
import { parseEthernet, writeEthernet } from "./ethernet";
import { VXLAN_HEADER_LENGTH, vxlanLength } from "./length";
import { fail, ok, type ParseOptions, type ParseResult } from "./result";
import type { VxlanPacket } from "./types";

/** UDP destination ports parsed as VXLAN unless ParseOptions.vxlanPorts says otherwise. */
export const VXLAN_DEFAULT_PORTS: ReadonlySet<number> = new Set([8472, 4789]);

/** Linux's default VXLAN port (`dstport` when iproute2 is not told, and flannel's). */
export const VXLAN_LINUX_PORT = 8472;
/** The IANA VXLAN port. */
export const VXLAN_IANA_PORT = 4789;
/** The "I" flag: the VNI is valid. */
export const VXLAN_FLAG_VNI = 0x08;

export function writeVxlan(v: VxlanPacket, buf: Uint8Array, off: number): number {
  buf[off] = v.flags;
  buf[off + 1] = 0;
  buf[off + 2] = 0;
  buf[off + 3] = 0;
  buf[off + 4] = v.vni >>> 16;
  buf[off + 5] = v.vni >>> 8;
  buf[off + 6] = v.vni;
  buf[off + 7] = 0;
  return writeEthernet(v.inner, buf, off + VXLAN_HEADER_LENGTH);
}

export function emitVxlan(v: VxlanPacket): Uint8Array {
  const buf = new Uint8Array(vxlanLength(v));
  writeVxlan(v, buf, 0);
  return buf;
}

/** Parse a VXLAN header and its inner frame (all of `bytes` is the UDP payload). Never throws. */
export function parseVxlan(bytes: Uint8Array, opts?: ParseOptions): ParseResult<VxlanPacket> {
  if (bytes.length < VXLAN_HEADER_LENGTH) return fail(`VXLAN: ${bytes.length} bytes, need 8`);
  if ((bytes[1] | bytes[2] | bytes[3] | bytes[7]) !== 0) {
    return fail("VXLAN: reserved bits set (vxlan_rcv drops such a packet)");
  }
  const inner = parseEthernet(bytes.subarray(VXLAN_HEADER_LENGTH), opts);
  if (!inner.ok) return fail(`VXLAN: inner frame: ${inner.error}`);
  return ok({
    kind: "vxlan",
    flags: bytes[0],
    vni: (bytes[4] << 16) | (bytes[5] << 8) | bytes[6],
    inner: inner.value,
  });
}
