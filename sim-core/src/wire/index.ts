/**
 * wire/: the on-the-wire formats (smoltcp's `wire/` style). Typed representations live in
 * types.ts; each protocol module has `emitX(repr)` → bytes and `parseX(bytes)` → ParseResult,
 * plus `writeX(repr, buf, off)` for writing into a caller's buffer. length.ts gives byte lengths
 * without emitting; pcap.ts writes capture files.
 */
export * from "./types";
export * from "./result";
export * from "./addr";
export * from "./checksum";
export * from "./length";
export * from "./ethernet";
export * from "./arp";
export * from "./ipv4";
export * from "./icmp";
export * from "./udp";
export * from "./vxlan";
export * from "./tcp";
export * from "./ipv6";
export * from "./icmpv6";
export * from "./pcap";
