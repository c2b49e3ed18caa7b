/**
 * Classic libpcap capture files (https://www.tcpdump.org/manpages/pcap-savefile.5.html), as
 * `tcpdump -w` writes them on Linux/x86: a 24-byte global header (magic 0xa1b2c3d4 in the writer's
 * byte order — little-endian here, as tcpdump on x86 — version 2.4, thiszone 0, sigfigs 0,
 * snaplen 262144, LINKTYPE_ETHERNET), then per frame a 16-byte record header (seconds,
 * microseconds, captured length, original length) and the captured bytes.
 *
 * Timestamps are the simulator's virtual time in microseconds. Frames longer than the snaplen are
 * cut to it, with the original length kept, as a capture would. The reader accepts both byte
 * orders and the nanosecond variant (0xa1b23c4d); it is for tests and imports and never throws.
 */
import { fail, ok, type ParseResult } from "./result";

export const PCAP_MAGIC = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
/** tcpdump's default snapshot length (MAXIMUM_SNAPLEN). */
export const PCAP_SNAPLEN = 262144;
export const LINKTYPE_ETHERNET = 1;
export const PCAP_GLOBAL_HEADER_LENGTH = 24;
export const PCAP_RECORD_HEADER_LENGTH = 16;

/** One captured frame. */
export interface PcapRecord {
  /** Capture time in microseconds. */
  timeUs: number;
  /** The captured bytes (at most snaplen). */
  frame: Uint8Array;
  /** The frame's length on the wire. */
  origLen: number;
}

export interface PcapFile {
  linktype: number;
  snaplen: number;
  /** Whether the file stored nanosecond timestamps (timeUs is then rounded down). */
  nanosecond: boolean;
  /** Whether the file was big-endian. */
  bigEndian: boolean;
  records: PcapRecord[];
  /** Set when the file ends inside a record; `records` holds the complete ones. */
  truncated?: boolean;
}

/** Builds a capture file in memory, frame by frame. */
export class PcapWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  readonly snaplen: number;
  readonly linktype: number;

  constructor(snaplen = PCAP_SNAPLEN, linktype = LINKTYPE_ETHERNET) {
    this.snaplen = snaplen;
    this.linktype = linktype;
    const h = new Uint8Array(PCAP_GLOBAL_HEADER_LENGTH);
    const v = new DataView(h.buffer);
    v.setUint32(0, PCAP_MAGIC, true);
    v.setUint16(4, PCAP_VERSION_MAJOR, true);
    v.setUint16(6, PCAP_VERSION_MINOR, true);
    v.setInt32(8, 0, true); // thiszone
    v.setUint32(12, 0, true); // sigfigs
    v.setUint32(16, snaplen, true);
    v.setUint32(20, linktype, true);
    this.push(h);
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  /** Append a frame captured at `timeUs` microseconds of virtual time. */
  add(timeUs: number, frame: Uint8Array): void {
    const t = timeUs > 0 ? Math.floor(timeUs) : 0;
    const sec = Math.floor(t / 1e6);
    const usec = t - sec * 1e6;
    const incl = Math.min(frame.length, this.snaplen);
    const rec = new Uint8Array(PCAP_RECORD_HEADER_LENGTH + incl);
    const v = new DataView(rec.buffer);
    v.setUint32(0, sec >>> 0, true);
    v.setUint32(4, usec, true);
    v.setUint32(8, incl, true);
    v.setUint32(12, frame.length, true);
    rec.set(frame.subarray(0, incl), PCAP_RECORD_HEADER_LENGTH);
    this.push(rec);
  }

  /** Size of the file so far. */
  get byteLength(): number {
    return this.length;
  }

  /** The whole file so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

/** A capture file of the given frames. */
export function writePcap(
  records: Iterable<{ timeUs: number; frame: Uint8Array }>,
  snaplen = PCAP_SNAPLEN,
  linktype = LINKTYPE_ETHERNET,
): Uint8Array {
  const w = new PcapWriter(snaplen, linktype);
  for (const r of records) w.add(r.timeUs, r.frame);
  return w.bytes();
}

/** Read a classic pcap file. Never throws. */
export function readPcap(bytes: Uint8Array): ParseResult<PcapFile> {
  if (bytes.length < PCAP_GLOBAL_HEADER_LENGTH) {
    return fail(`pcap: ${bytes.length} bytes, shorter than the 24-byte file header`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLe = v.getUint32(0, true);
  const magicBe = v.getUint32(0, false);
  let le: boolean;
  let ns: boolean;
  if (magicLe === PCAP_MAGIC || magicLe === PCAP_MAGIC_NS) {
    le = true;
    ns = magicLe === PCAP_MAGIC_NS;
  } else if (magicBe === PCAP_MAGIC || magicBe === PCAP_MAGIC_NS) {
    le = false;
    ns = magicBe === PCAP_MAGIC_NS;
  } else {
    return fail(`pcap: unknown magic 0x${magicBe.toString(16).padStart(8, "0")} (pcapng is not supported)`);
  }
  const file: PcapFile = {
    linktype: v.getUint32(20, le),
    snaplen: v.getUint32(16, le),
    nanosecond: ns,
    bigEndian: !le,
    records: [],
  };
  let o = PCAP_GLOBAL_HEADER_LENGTH;
  while (o < bytes.length) {
    if (o + PCAP_RECORD_HEADER_LENGTH > bytes.length) {
      file.truncated = true;
      break;
    }
    const sec = v.getUint32(o, le);
    const frac = v.getUint32(o + 4, le);
    const incl = v.getUint32(o + 8, le);
    const orig = v.getUint32(o + 12, le);
    o += PCAP_RECORD_HEADER_LENGTH;
    if (o + incl > bytes.length) {
      file.truncated = true;
      break;
    }
    file.records.push({
      timeUs: sec * 1e6 + (ns ? Math.floor(frac / 1000) : frac),
      frame: bytes.slice(o, o + incl),
      origLen: orig,
    });
    o += incl;
  }
  return ok(file);
}
