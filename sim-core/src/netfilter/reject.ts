/**
 * The TCP RST that REJECT --reject-with tcp-reset makes (net/ipv4/netfilter/nf_reject_ipv4.c
 * nf_send_reset: addresses and ports swapped, DF, id 0, seq = the segment's ACK if it had one,
 * else ACK = its seq + SYN + FIN + data length with the ACK flag, window 0). The kernel sends it
 * with ip_local_out (it meets OUTPUT and POSTROUTING, attached to the original's conntrack entry).
 * Returns null when no reset is due (the segment is itself a RST, or not TCP).
 */
import type { Ipv4Packet } from "../wire/types";

export function tcpResetFor(orig: Ipv4Packet, ttl = 64): Ipv4Packet | null {
  const t = orig.payload;
  if (orig.fragOffset > 0 || t.kind !== "tcp" || t.flags & 0x04) return null;
  const hasAck = (t.flags & 0x10) !== 0;
  const seq = hasAck ? t.ack >>> 0 : 0;
  const ack = hasAck
    ? 0
    : (t.seq + (t.flags & 0x02 ? 1 : 0) + (t.flags & 0x01 ? 1 : 0) + t.payload.length) >>> 0;
  return {
    kind: "ipv4",
    tos: 0,
    id: 0,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl,
    protocol: 6,
    src: orig.dst,
    dst: orig.src,
    payload: {
      kind: "tcp",
      srcPort: t.dstPort,
      dstPort: t.srcPort,
      seq,
      ack,
      flags: hasAck ? 0x04 : 0x14,
      window: 0,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    },
  };
}
