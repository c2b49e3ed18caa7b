/**
 * The byte-level operations of the packet path, on top of wire/: IPv4 fragmentation as
 * ip_fragment cuts it (8-byte aligned slices of the payload, the header copied, MF on all but the
 * last), reassembly as ip_defrag completes it, and the quote an ICMP error carries.
 */
import type { Ipv4Packet } from "../wire/types";
import { emitIpv4, parseIpv4 } from "../wire/ipv4";
import { icmpErrorQuote } from "../wire/icmp";
import { ipv4HeaderLength } from "../wire/length";
import type { Codec } from "../kernel/world";
import { partialIp } from "../capture/emit";

export const wireCodec: Codec = {
  fragment(ip: Ipv4Packet, mtu: number): Ipv4Packet[] {
    const bytes = emitIpv4(ip);
    const hl = ipv4HeaderLength(ip);
    const payload = bytes.subarray(hl);
    const chunk = Math.max(8, Math.floor((mtu - hl) / 8) * 8);
    const out: Ipv4Packet[] = [];
    for (let off = 0; off < payload.length; off += chunk) {
      const end = Math.min(payload.length, off + chunk);
      out.push({
        ...ip,
        checksum: undefined,
        mf: end < payload.length || ip.mf,
        fragOffset: ip.fragOffset + off,
        // options that are not copied on fragmentation disappear after the first fragment
        options: off === 0 ? ip.options : undefined,
        payload: { kind: "raw", bytes: payload.slice(off, end) },
      });
    }
    return out;
  },

  reassemble(frags: Ipv4Packet[]): Ipv4Packet | undefined {
    const sorted = [...frags].sort((a, b) => a.fragOffset - b.fragOffset);
    const last = sorted[sorted.length - 1];
    if (last.mf || sorted[0].fragOffset !== 0) return undefined;
    let expect = 0;
    const parts: Uint8Array[] = [];
    for (const f of sorted) {
      if (f.payload.kind !== "raw") return undefined;
      if (f.fragOffset > expect) return undefined;
      const skip = expect - f.fragOffset;
      if (skip < f.payload.bytes.length) parts.push(f.payload.bytes.subarray(skip));
      expect = Math.max(expect, f.fragOffset + f.payload.bytes.length);
    }
    const total = parts.reduce((s, p) => s + p.length, 0);
    const data = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      data.set(p, o);
      o += p.length;
    }
    const whole: Ipv4Packet = {
      ...sorted[0],
      mf: false,
      fragOffset: 0,
      checksum: undefined,
      payload: { kind: "raw", bytes: data },
    };
    const parsed = parseIpv4(emitIpv4(whole));
    return parsed.ok ? { ...parsed.value, checksum: undefined } : undefined;
  },

  icmpQuote(ip: Ipv4Packet): Uint8Array {
    // icmp_send copies the offending skb as it is: a local TCP/UDP segment still carries the
    // partial (pseudo-header) checksum of CHECKSUM_PARTIAL
    return icmpErrorQuote(emitIpv4(partialIp(ip))) ?? new Uint8Array(0);
  },

  quotedHeader(data: Uint8Array) {
    if (data.length < 20 || data[0] >> 4 !== 4) return undefined;
    const hl = (data[0] & 0x0f) * 4;
    const rd = (i: number) =>
      ((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0;
    return { src: rd(12), dst: rd(16), protocol: data[9], payload: data.subarray(hl) };
  },
};
