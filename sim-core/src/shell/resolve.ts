/**
 * Name resolution as glibc does it for the simulated tools: numbers in inet_aton form, then
 * /etc/hosts (or the /etc/netns/NAME/hosts overlay), then DNS — which, with the empty
 * /etc/resolv.conf every lab machine has, fails with EAI_AGAIN ("Temporary failure in name
 * resolution").
 */
import type { Ip4 } from "../util/brand";
import { ip4FromOctets } from "../wire/addr";
import type { ExecCtx } from "./types";
import type { VirtualFs } from "./fs";

/** inet_aton: a, a.b, a.b.c, a.b.c.d with decimal, octal (0…) or hex (0x…) parts. */
export function inetAton(s: string): Ip4 | undefined {
  const parts = s.split(".");
  if (parts.length > 4 || parts.some((p) => p === "")) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return undefined;
    nums.push(v);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return undefined;
  const max = [0xffffffff, 0xffffff, 0xffff, 0xff][nums.length];
  if (last > max) return undefined;
  let v = 0;
  for (let i = 0; i < nums.length; i++) v = v * 256 + nums[i];
  v = v * (max + 1) + last;
  return (v >>> 0) as Ip4;
}

interface HostEntry {
  ip: Ip4;
  names: string[];
}

export function hostsEntries(ctx: ExecCtx, fs: VirtualFs): HostEntry[] {
  const r = fs.read(ctx, "/etc/hosts");
  if (!r.ok) return [];
  const out: HostEntry[] = [];
  for (const raw of r.value.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const [addr, ...names] = line.split(/\s+/);
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(addr);
    if (!m || !names.length) continue;
    const o = [m[1], m[2], m[3], m[4]].map(Number);
    if (o.some((x) => x > 255)) continue;
    out.push({ ip: ip4FromOctets(o[0], o[1], o[2], o[3]), names });
  }
  return out;
}

export type Resolved =
  { ok: true; ip: Ip4; numeric: boolean; canonical: string } | { ok: false; error: string };

/** getaddrinfo(name, AF_INET). */
export function resolveHost(ctx: ExecCtx, fs: VirtualFs, name: string): Resolved {
  const n = inetAton(name);
  if (n !== undefined) return { ok: true, ip: n, numeric: true, canonical: name };
  if (!name || name.length > 253) return { ok: false, error: "Name or service not known" };
  for (const e of hostsEntries(ctx, fs)) {
    if (e.names.some((x) => x.toLowerCase() === name.toLowerCase()))
      return { ok: true, ip: e.ip, numeric: false, canonical: e.names[0] };
  }
  return { ok: false, error: "Temporary failure in name resolution" };
}

/** getnameinfo(NI_NAMEREQD) through /etc/hosts. */
export function reverseHost(ctx: ExecCtx, fs: VirtualFs, ip: number): string | undefined {
  for (const e of hostsEntries(ctx, fs)) if (e.ip === ip >>> 0) return e.names[0];
  return undefined;
}
