/**
 * What the web app asks about packets (all answers are plain data, so they cross the worker):
 *   listJourneys(session, filter)   the journeys, newest last, optionally of one command
 *   getJourney(session, id)         one journey with its hops
 *   hopDetail(session, id, hop)     that hop's bytes and header tree (and the packet after NAT /
 *                                   the VXLAN envelope)
 *   journeyPcap(session, id)        a pcap of the frames the journey put on the wire (+ children)
 *   devicePcap(session, deviceKey)  a pcap of what crossed a device (a link), as tcpdump -i would
 *                                   have captured it since the session started recording
 *   commandsWithJourneys(session)   the commands that sent packets, with their journey ids
 * The Session records journeys from its creation (SessionOptions.journeys, on by default) and
 * keeps the frames that crossed each device in a bounded ring for devicePcap.
 */
import type { Session } from "./session";
import type { CommandRef } from "../journey/recorder";
import { TraceKind } from "../engine/trace";
import { captureBytes } from "../capture/emit";
import { writePcap } from "../wire/pcap";
import { WALL_EPOCH_S } from "../sockets/clock";
import {
  hopDetail as detail,
  summarize,
  toJourney,
  type HopDetail,
  type Journey,
  type JourneySummary,
} from "../journey/journey";

export type {
  Journey,
  JourneySummary,
  Hop,
  HopDetail,
  PacketSummary,
  HopNetfilter,
  HopNat,
  HopVxlan,
  Endpoints,
} from "../journey/journey";
export type { HeaderLayer, HeaderField } from "../journey/dissect";
export type { CommandRef } from "../journey/recorder";
export type { TraceRoute, TraceBridge, TraceNeigh } from "../engine/trace";

export interface JourneyFilter {
  /** Only the journeys of this command (CommandRef.id). */
  command?: number;
  /** Include packets the kernel sent by itself (IPv6/IGMP/STP chatter, ARP probes). Default false. */
  kernel?: boolean;
  /** Only journeys that started at or after this virtual time (ns). */
  since?: number;
  /** At most this many, the newest (default 500). */
  limit?: number;
}

export function listJourneys(session: Session, filter: JourneyFilter = {}): JourneySummary[] {
  const rec = session.journeys;
  if (!rec) return [];
  const out: JourneySummary[] = [];
  for (const j of rec.journeys.values()) {
    if (filter.command !== undefined && j.command?.id !== filter.command) continue;
    if (!filter.kernel && j.origin === "kernel") continue;
    if (filter.since !== undefined && (j.events[0]?.t ?? 0) < filter.since) continue;
    out.push(summarize(j));
  }
  const limit = filter.limit ?? 500;
  return out.length > limit ? out.slice(out.length - limit) : out;
}

export function getJourney(session: Session, id: number): Journey | undefined {
  const j = session.journeys?.get(id);
  return j ? toJourney(j) : undefined;
}

export function hopDetail(session: Session, id: number, hop: number): HopDetail | undefined {
  const j = session.journeys?.get(id);
  return j ? detail(j, hop) : undefined;
}

/** The commands (newest last) that sent packets, with the ids of their root journeys. */
export function commandsWithJourneys(session: Session): { command: CommandRef; journeys: number[] }[] {
  const rec = session.journeys;
  if (!rec) return [];
  const by = new Map<number, { command: CommandRef; journeys: number[] }>();
  for (const j of rec.journeys.values()) {
    if (!j.command || j.parent !== undefined) continue;
    let e = by.get(j.command.id);
    if (!e) {
      e = { command: j.command, journeys: [] };
      by.set(j.command.id, e);
    }
    e.journeys.push(j.id);
  }
  return [...by.values()];
}

const usOf = (t: number) => WALL_EPOCH_S * 1e6 + Math.floor(t / 1000);

/**
 * The frames a journey put on the wire (each transmission once: the xmit hops), in time order;
 * with `children` the journeys it caused too (its ARP, the reply, ICMP errors).
 */
export function journeyPcap(session: Session, id: number, opts: { children?: boolean } = {}): Uint8Array {
  const rec = session.journeys;
  const recs: { timeUs: number; frame: Uint8Array; order: number }[] = [];
  let order = 0;
  const visit = (jid: number) => {
    const j = rec?.get(jid);
    if (!j) return;
    for (const ev of j.events) {
      if (ev.kind === TraceKind.xmit && ev.frame)
        recs.push({ timeUs: usOf(ev.t), frame: captureBytes(ev.frame), order: order++ });
    }
    if (opts.children) for (const c of j.children) visit(c);
  };
  visit(id);
  recs.sort((a, b) => a.timeUs - b.timeUs || a.order - b.order);
  return writePcap(recs);
}

/** What crossed a device (by its snapshot key), in both directions, as a pcap file. */
export function devicePcap(session: Session, key: string): Uint8Array {
  const frames = session.deviceFrames();
  const recs: { timeUs: number; frame: Uint8Array }[] = [];
  for (const f of frames) {
    if (f.dev.isLoopback() && f.outgoing) continue;
    if (f.key !== key) continue;
    recs.push({ timeUs: usOf(f.t), frame: f.bytes() });
  }
  return writePcap(recs);
}
