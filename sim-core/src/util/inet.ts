/**
 * Address helpers for the kernel model: thin names over wire/addr.ts (the one implementation of
 * address arithmetic and formatting), plus what only the kernel needs (random MACs).
 */
import type { Ip4, Mac } from "./brand";
import type { Prng } from "./prng";
import {
  BROADCAST_MAC,
  ZERO_MAC,
  broadcastAddress,
  inPrefix as inPrefixIp4,
  ip4FromOctets,
  ip4ToString,
  isIp4Loopback,
  isIp4Multicast,
  macFromBytes,
  networkAddress,
  prefixMask,
} from "../wire/addr";

export {
  isMulticastMac,
  ip4MulticastMac,
  macFromBytes,
  linkLocalFromMac,
  ip6ToString,
  ip4 as parseIp4Strict,
} from "../wire/addr";

export const IP4_ANY = 0 as Ip4;
export const IP4_BROADCAST = 0xffffffff as Ip4;
export const MAC_ZERO = ZERO_MAC;
export const MAC_BROADCAST = BROADCAST_MAC;

export const ip4 = ip4FromOctets;

export function ip4Str(ip: number): string {
  return ip4ToString(ip as Ip4);
}

export function maskOf(prefixLen: number): number {
  return prefixMask(Math.max(0, Math.min(32, prefixLen)));
}

export function networkOf(ip: number, prefixLen: number): Ip4 {
  return networkAddress(ip as Ip4, prefixLen);
}

export function broadcastOf(ip: number, prefixLen: number): Ip4 {
  return broadcastAddress(ip as Ip4, prefixLen);
}

export function inPrefix(ip: number, net: number, prefixLen: number): boolean {
  return inPrefixIp4(ip as Ip4, net as Ip4, prefixLen);
}

export function isMulticast4(ip: number): boolean {
  return isIp4Multicast(ip as Ip4);
}

export function isLoopback4(ip: number): boolean {
  return isIp4Loopback(ip as Ip4);
}

/** eth_random_addr(): random bytes, unicast, locally administered. */
export function randomMac(rng: Prng): Mac {
  const b = rng.bytes(6);
  b[0] = (b[0] & 0xfe) | 0x02;
  return macFromBytes(b);
}
