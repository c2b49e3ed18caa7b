/** IPv4 and IPv6 interface addresses (struct in_ifaddr / inet6_ifaddr), as `ip addr` shows them. */
import type { Ip4, Ip6 } from "../util/brand";

export interface Ifa4 {
  /** ifa_local */
  local: Ip4;
  /** ifa_address: the peer for point-to-point addresses, else = local */
  address: Ip4;
  prefixLen: number;
  /** ifa_broadcast (0 = none) */
  broadcast: Ip4;
  scope: number;
  label: string;
  secondary: boolean;
  noprefixroute: boolean;
  /** IFA_F_PERMANENT is implied for manually added addresses; lifetimes in seconds (forever = 0xffffffff). */
  validLft: number;
  preferredLft: number;
  /** Virtual time the address was added (for finite lifetimes). */
  added: number;
  metric: number;
}

export const FOREVER = 0xffffffff;

export interface Ifa6 {
  addr: Ip6;
  prefixLen: number;
  scope: number;
  /** Duplicate address detection still running. */
  tentative: boolean;
  noprefixroute: boolean;
  permanent: boolean;
  /** IFA_F_NODAD: usable at once, no probes. */
  nodad?: boolean;
  /** Seconds (forever = 0xffffffff). */
  validLft?: number;
  preferredLft?: number;
  metric?: number;
}
