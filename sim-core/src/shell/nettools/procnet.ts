/**
 * The /proc/net files net-tools parses, as the kernel writes them: arp (net/ipv4/arp.c
 * arp_seq_show: neighbours in table order without NUD_NONE/NOARP ones, then the proxy entries
 * with flags ATF_PUBL|ATF_PERM), route (net/ipv4/fib_trie.c fib_route_seq_show: the main table
 * only, no broadcast/multicast routes, little-endian hex, RTF_REJECT for unreachable/prohibit,
 * lines padded to 127 columns) and dev (net/core/net-procfs.c dev_seq_show, registration order).
 */
import type { Netns } from "../../kernel/netns";
import { Nud, RouteType, Table } from "../../kernel/types";
import { ip4Str } from "../../util/inet";
import { sprintf } from "../../util/printf";

export const ATF_COM = 0x02;
export const ATF_PERM = 0x04;
export const ATF_PUBL = 0x08;
export const ATF_NETMASK = 0x20;
export const ATF_DONTPUB = 0x40;

export const RTF_UP = 0x0001;
export const RTF_GATEWAY = 0x0002;
export const RTF_HOST = 0x0004;
export const RTF_REJECT = 0x0200;

/** ARPHRD_* of a device as /proc shows it. */
export function arphrd(dev: { isLoopback(): boolean }): number {
  return dev.isLoopback() ? 772 : 1;
}

export function procNetArp(ns: Netns): string {
  let s = "IP address       HW type     Flags       HW address            Mask     Device\n";
  for (const e of [...ns.neigh.all()].reverse()) {
    // NEIGH_SEQ_SKIP_NOARP: entries whose state is only NOARP (or none) are not shown
    if (!(e.state & ~Nud.NOARP)) continue;
    const flags =
      e.state & Nud.PERMANENT
        ? ATF_PERM | ATF_COM
        : e.state & (Nud.REACHABLE | Nud.STALE | Nud.DELAY | Nud.PROBE)
          ? ATF_COM
          : 0;
    s += sprintf(
      "%-16s 0x%-10x0x%-10x%s     *        %s\n",
      ip4Str(e.ip),
      arphrd(e.dev),
      flags,
      e.mac ?? "00:00:00:00:00:00",
      e.dev.name,
    );
  }
  for (const p of ns.neigh.proxies) {
    s += sprintf(
      "%-16s 0x%-10x0x%-10x%s     *        %s\n",
      ip4Str(p.ip),
      p.dev ? arphrd(p.dev) : 0,
      ATF_PUBL | ATF_PERM,
      "00:00:00:00:00:00",
      p.dev ? p.dev.name : "*",
    );
  }
  return s;
}

/** A __be32 printed with %08X on a little-endian CPU. */
function le(ip: number): string {
  return sprintf(
    "%08X",
    (((ip & 0xff) << 24) | (((ip >>> 8) & 0xff) << 16) | (((ip >>> 16) & 0xff) << 8) | (ip >>> 24)) >>> 0,
  );
}

export function procNetRoute(ns: Netns): string {
  let s = sprintf(
    "%-127s\n",
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
  );
  const main = ns.fib.existing(Table.main);
  for (const r of main?.routes ?? []) {
    if (r.type === RouteType.broadcast || r.type === RouteType.multicast) continue;
    const mask = r.dstLen ? (0xffffffff << (32 - r.dstLen)) >>> 0 : 0;
    let flags = RTF_UP;
    if (r.type === RouteType.unreachable || r.type === RouteType.prohibit) flags |= RTF_REJECT;
    const gw = r.gateway ?? r.nhs?.[0]?.gateway ?? 0;
    if (gw) flags |= RTF_GATEWAY;
    if (r.dstLen === 32) flags |= RTF_HOST;
    const dev = r.dev ?? r.nhs?.[0]?.dev;
    const mx = r.metrics;
    const mss = mx?.advmss ? mx.advmss + 40 : 0;
    const tail = `${mss}\t${mx?.window ?? 0}\t${(mx?.rtt ?? 0) >> 3}`;
    const line = `${dev ? dev.name : "*"}\t${le(r.dst)}\t${le(gw)}\t${sprintf("%04X", flags)}\t0\t0\t${r.priority}\t${le(mask)}\t${tail}`;
    s += sprintf("%-127s\n", line);
  }
  return s;
}
