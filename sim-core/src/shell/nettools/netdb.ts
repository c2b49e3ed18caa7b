/**
 * The glibc name services net-tools calls (gethostbyname, gethostbyaddr, getnetbyname,
 * getnetbyaddr) with the side effect they have on a lab machine: `hosts: files dns` first reads
 * /etc/hosts, then asks the nameservers of /etc/resolv.conf — 127.0.0.1 when it lists none. Each
 * DNS question is tried twice (RES_DFLRETRY), each try on a fresh UDP socket; a nameserver that
 * is not there answers with an ICMP port unreachable (ECONNREFUSED) at once, so a failed lookup
 * costs 4 packets on lo and ends with h_errno TRY_AGAIN ("Host name lookup failure"). A name made
 * only of digits and dots that inet_aton refuses never reaches DNS (HOST_NOT_FOUND, "Unknown host").
 * `networks: files` reads /etc/networks only.
 */
import type { Ip4 } from "../../util/brand";
import { ip4Str } from "../../util/inet";
import { NS_PER_S } from "../../engine/scheduler";
import { Errno } from "../../kernel/types";
import { socketsOf } from "../../sockets/table";
import type { Cmd, Wait } from "../types";
import { hostsEntries, inetAton } from "../resolve";

/** h_errno values (netdb.h) and herror() texts. */
export const HErr = { HOST_NOT_FOUND: 1, TRY_AGAIN: 2, NO_RECOVERY: 3, NO_DATA: 4 } as const;
export const HSTRERROR: Record<number, string> = {
  0: "Resolver Error 0 (no error)",
  1: "Unknown host",
  2: "Host name lookup failure",
  3: "Unknown server error",
  4: "No address associated with name",
};

export type Lookup = { ok: true; ip: Ip4; name: string } | { ok: false; herr: number };

/** The contents of Debian's /etc/networks (netbase), used when the machine has no such file. */
const DEFAULT_NETWORKS = "default\t\t0.0.0.0\nloopback\t127.0.0.0\nlink-local\t169.254.0.0\n";

interface NetEntry {
  name: string;
  net: number;
}

/** getnetent: /etc/networks lines `name number [aliases]`; the number may be short (`10` = 10.0.0.0 as n_net 10). */
function networks(c: Cmd): NetEntry[] {
  const r = c.fs.read(c.ctx, "/etc/networks");
  const text = r.ok ? r.value : r.errno === Errno.ENOENT ? DEFAULT_NETWORKS : "";
  const out: NetEntry[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const [name, num, ...aliases] = line.split(/\s+/);
    if (!num) continue;
    const parts = num.split(".").map((p) => Number(p));
    if (parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) || parts.length > 4) continue;
    // inet_network: "127.0.0" → 0x7f0000; n_net is then shifted by getnetbyname's callers
    let v = 0;
    for (const p of parts) v = v * 256 + p;
    out.push({ name, net: v >>> 0 });
    for (const a of aliases) out.push({ name: a, net: v >>> 0 });
  }
  return out;
}

/** getnetbyname: the network number as a host-order address (net-tools does htonl(n_net)). */
export function getnetbyname(c: Cmd, name: string): Ip4 | undefined {
  const e = networks(c).find((n) => n.name === name);
  return e ? (e.net as Ip4) : undefined;
}

/** getnetbyaddr(net, AF_INET): the name of a network number (given as an address: trailing zero bytes dropped). */
export function getnetbyaddr(c: Cmd, addr: number): string | undefined {
  let net = addr >>> 0;
  while (net && (net & 0xff) === 0) net >>>= 8;
  for (const e of networks(c)) {
    let n = e.net;
    while (n && (n & 0xff) === 0) n >>>= 8;
    if (n === net) return e.name;
  }
  return undefined;
}

/** The nameservers of /etc/resolv.conf (127.0.0.1 when none is listed). */
function nameservers(c: Cmd): Ip4[] {
  const r = c.fs.read(c.ctx, "/etc/resolv.conf");
  const out: Ip4[] = [];
  if (r.ok) {
    for (const line of r.value.split("\n")) {
      const m = /^\s*nameserver\s+(\S+)/.exec(line);
      const ip = m ? inetAton(m[1]) : undefined;
      if (ip !== undefined && out.length < 3) out.push(ip);
    }
  }
  return out.length ? out : [0x7f000001 as Ip4];
}

function encodeName(name: string): number[] {
  const out: number[] = [];
  for (const label of name.replace(/\.$/, "").split(".")) {
    if (!label) continue;
    out.push(label.length);
    for (const ch of label) out.push(ch.charCodeAt(0) & 0xff);
  }
  out.push(0);
  return out;
}

/**
 * res_send for one question (no answer ever comes in a lab: there is no DNS server), and the
 * time it takes: RES_DFLRETRY tries per server, each on a new socket, waiting RES_TIMEOUT for a
 * reply unless an ICMP error refuses the query first.
 */
function* dnsQuery(c: Cmd, qname: string, qtype: number): Generator<Wait, void, void> {
  const world = c.ctx.world;
  const table = socketsOf(c.ctx.ns);
  const id = world.rng.below(0x10000);
  const q = Uint8Array.from([
    id >> 8,
    id & 0xff,
    0x01,
    0x00,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    ...encodeName(qname),
    0,
    qtype,
    0,
    1,
  ]);
  const servers = nameservers(c);
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const ns of servers) {
      if (c.interrupted()) return;
      const sk = table.udpSocket();
      const err = sk.connect(ns, 53) || sk.send(q);
      if (!err) {
        const until = world.sched.now + (5 * NS_PER_S) / servers.length;
        yield { until, cond: () => sk.err !== 0 || c.interrupted() };
      }
      sk.close();
    }
  }
}

/** True for names gethostbyname refuses without asking DNS (all digits and dots). */
function digitsDots(name: string): boolean {
  return /^[0-9.]+$/.test(name) && !name.endsWith(".");
}

/** gethostbyname(name) for AF_INET. */
export function* gethostbyname(c: Cmd, name: string): Generator<Wait, Lookup, void> {
  const n = inetAton(name);
  if (n !== undefined) return { ok: true, ip: n, name };
  if (digitsDots(name)) return { ok: false, herr: HErr.HOST_NOT_FOUND };
  for (const e of hostsEntries(c.ctx, c.fs)) {
    if (e.names.some((x) => x.toLowerCase() === name.toLowerCase()))
      return { ok: true, ip: e.ip, name: e.names[0] };
  }
  if (!name || name.length > 253) return { ok: false, herr: HErr.HOST_NOT_FOUND };
  yield* dnsQuery(c, name, 1);
  return { ok: false, herr: HErr.TRY_AGAIN };
}

/** gethostbyaddr(addr, 4, AF_INET): /etc/hosts, then a PTR query (which fails in a lab). */
export function* gethostbyaddr(c: Cmd, ip: number): Generator<Wait, string | undefined, void> {
  for (const e of hostsEntries(c.ctx, c.fs)) if (e.ip === ip >>> 0) return e.names[0];
  const o = ip4Str(ip).split(".").reverse().join(".");
  yield* dnsQuery(c, `${o}.in-addr.arpa`, 12);
  return undefined;
}

/**
 * net-tools INET_resolve(name, hostfirst): "default" (a network), a dotted quad, /etc/hosts+DNS
 * first when `hostfirst`, then /etc/networks, then (unless hostfirst) gethostbyname.
 * Returns `net` = 1 when the name was a network.
 */
export function* inetResolve(
  c: Cmd,
  name: string,
  hostfirst = false,
): Generator<Wait, { ok: true; ip: Ip4; net: boolean } | { ok: false; herr: number }, void> {
  if (name === "default") return { ok: true, ip: 0 as Ip4, net: true };
  const n = inetAton(name);
  if (n !== undefined) return { ok: true, ip: n, net: false };
  let herr: number = HErr.HOST_NOT_FOUND;
  if (hostfirst) {
    const h = yield* gethostbyname(c, name);
    if (h.ok) return { ok: true, ip: h.ip, net: false };
    herr = h.herr;
  }
  const net = getnetbyname(c, name);
  if (net !== undefined) {
    // htonl(n_net): a short network number names the low bytes (loopback = 127 → 0.0.0.127)
    return { ok: true, ip: net, net: true };
  }
  if (hostfirst) return { ok: false, herr };
  const h = yield* gethostbyname(c, name);
  return h.ok ? { ok: true, ip: h.ip, net: false } : { ok: false, herr: h.herr };
}

/**
 * net-tools INET_rresolve with its per-process cache: `numeric & 0x0fff` prints numbers,
 * 0.0.0.0 is "default" (0x8000) or itself, an address with host bits under `netmask` (or 0x4000)
 * is looked up as a host, otherwise as a network.
 */
export class RResolver {
  private cache = new Map<string, string>();
  constructor(private readonly c: Cmd) {}

  *name(ip: number, numeric: number, netmask = 0xffffff00): Generator<Wait, string, void> {
    ip >>>= 0;
    // net-tools 2.10 prints an unspecified address as 0.0.0.0 (or "default" for a destination)
    if (ip === 0 && (numeric & 0x0fff) === 0) return numeric & 0x8000 ? "default" : "0.0.0.0";
    if (numeric & 0x0fff) return ip4Str(ip);
    const host = (ip & ~netmask) >>> 0 !== 0 || (numeric & 0x4000) !== 0;
    const key = `${ip}/${host}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const found = host ? yield* gethostbyaddr(this.c, ip) : getnetbyaddr(this.c, ip);
    const name = found ?? ip4Str(ip);
    this.cache.set(key, name);
    return name;
  }
}
