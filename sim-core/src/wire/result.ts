/**
 * The result of every `parse*` in wire/: parsing never throws. A header that cannot be read at all
 * (too short, wrong version) is `{ ok: false, error }`; anything readable but odd (bad checksum,
 * inconsistent length, truncated payload) is `{ ok: true }` with the oddity visible in the value
 * (`checksumValid: false`, a length field that differs from the content, a `raw` payload whose
 * `malformed` says why the inner header could not be read), the way Wireshark marks a field
 * rather than refusing the packet.
 */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

/** Options for the recursive parsers (Ethernet → IP → UDP → VXLAN → Ethernet …). */
export interface ParseOptions {
  /**
   * UDP destination ports whose payload is parsed as VXLAN. Default: 8472 (the Linux and flannel
   * default) and 4789 (IANA), i.e. VXLAN_DEFAULT_PORTS.
   */
  vxlanPorts?: ReadonlySet<number>;
}

/** Bytes kept as an opaque payload because the header they claim to hold could not be read. */
export function malformed(
  bytes: Uint8Array,
  error: string,
): { kind: "raw"; bytes: Uint8Array; malformed: string } {
  return { kind: "raw", bytes, malformed: error };
}
