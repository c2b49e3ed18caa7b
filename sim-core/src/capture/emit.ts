/**
 * The bytes a packet socket sees for a frame. Linux hands locally generated TCP and UDP (and the
 * outer UDP of VXLAN) to virtual devices with CHECKSUM_PARTIAL: the checksum field holds only the
 * folded pseudo-header sum, and the device that would finish it (a NIC) never comes, because veth,
 * bridges and VXLAN pass the packet on as it is. So tcpdump shows those checksums as "incorrect"
 * (TCP) or "bad udp cksum" (UDP), in every namespace the packet crosses. The engine leaves the
 * checksum of such segments unset; here it becomes the partial value. Checksums the packet
 * carries (parsed from a file, kernel-built ICMP) are kept.
 */
import type { EthernetFrame, Ipv4Packet } from "../wire/types";
import { IpProto } from "../wire/types";
import { emitEthernet } from "../wire/ethernet";
import { emitIpv4 } from "../wire/ipv4";
import { foldSum, pseudoHeaderSum4 } from "../wire/checksum";
import { ipv4TotalLength, ipv4HeaderLength } from "../wire/length";

/** The packet with CHECKSUM_PARTIAL's checksums where it has none of its own. */
export function partialIp(ip: Ipv4Packet): Ipv4Packet {
  const p = ip.payload;
  if (ip.mf || ip.fragOffset) return ip;
  if (p.kind === "tcp" && p.checksum === undefined) {
    const len = ipv4TotalLength(ip) - ipv4HeaderLength(ip);
    return {
      ...ip,
      payload: { ...p, checksum: foldSum(pseudoHeaderSum4(ip.src, ip.dst, IpProto.TCP, len)) },
    };
  }
  if (p.kind === "udp") {
    const len = ipv4TotalLength(ip) - ipv4HeaderLength(ip);
    let payload = p.payload;
    if (payload.kind === "vxlan") payload = { ...payload, inner: partialFrame(payload.inner) };
    if (p.checksum === undefined) {
      let c = foldSum(pseudoHeaderSum4(ip.src, ip.dst, IpProto.UDP, len));
      if (c === 0) c = 0xffff;
      return { ...ip, payload: { ...p, payload, checksum: c } };
    }
    if (payload !== p.payload) return { ...ip, payload: { ...p, payload } };
  }
  return ip;
}

function partialFrame(f: EthernetFrame): EthernetFrame {
  if (f.payload.kind !== "ipv4") return f;
  const ip = partialIp(f.payload);
  return ip === f.payload ? f : { ...f, payload: ip };
}

/** The frame's bytes as a capture on a Linux virtual device records them. */
export function captureBytes(f: EthernetFrame): Uint8Array {
  return emitEthernet(partialFrame(f));
}

/** An IPv4 packet's bytes with the same checksum rule (for hops seen at L3). */
export function captureIpBytes(ip: Ipv4Packet): Uint8Array {
  return emitIpv4(partialIp(ip));
}
