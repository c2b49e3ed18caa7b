/**
 * How packets look, the same in the event list and on the canvas: a colour per protocol (ICMP
 * amber, ARP green, TCP indigo, UDP sky, VXLAN purple as the tunnel edges) and a word for the kind
 * of packet.
 */
import type { EventRow, JourneyView } from "./track";

/** Colours by protocol (the event list uses the same, see journey.css). */
export function protoColor(p: string): string {
  switch (p) {
    case "ICMP":
      return "#d97706";
    case "ARP":
      return "#059669";
    case "TCP":
      return "#4f46e5";
    case "UDP":
      return "#0284c7";
    case "VXLAN":
      return "#9333ea";
    default:
      return "#64748b";
  }
}

/** The glyph's word: what kind of packet it is. */
export function shortName(r: EventRow, view: JourneyView): string {
  const p = r.env ? view.journeys[r.j].protocol : r.proto;
  const w = r.env ? (r.inner ?? "") : r.what;
  if (p === "ICMP") {
    if (/echo request/.test(w)) return "ICMP echo";
    if (/echo reply/.test(w)) return "ICMP reply";
    if (/unreachable|exceeded|redirect|needed/.test(w)) return "ICMP error";
    return "ICMP";
  }
  if (p === "ARP") return /is-at/.test(w) ? "ARP reply" : "ARP who-has";
  if (p === "TCP") return /\[([A-Z,]+)\]/.exec(w)?.[1].replace(/,/g, " ") ?? "TCP";
  return p;
}
