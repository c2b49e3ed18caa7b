import { describe, expect, it } from "vitest";
import type { Ip4, Mac } from "../util/brand";
import { ip4 } from "./addr";
import { ArpOp, emitArp, parseArp } from "./arp";
import { bytesToHex, golden, GOLDEN, hexToBytes } from "./testdata/golden";
import type { ArpPacket } from "./types";

const A = (s: string): Ip4 => ip4(s)!;

// As tcpdump -v printed them: "Request who-has 10.0.0.2 tell 10.0.0.1", "Reply 10.0.0.2 is-at 02:00:00:00:00:02".
const request: ArpPacket = {
  kind: "arp",
  op: ArpOp.REQUEST,
  sha: "be:f9:cc:dd:06:17" as Mac,
  spa: A("10.0.0.1"),
  tha: "00:00:00:00:00:00" as Mac,
  tpa: A("10.0.0.2"),
};
const reply: ArpPacket = {
  kind: "arp",
  op: ArpOp.REPLY,
  sha: "02:00:00:00:00:02" as Mac,
  spa: A("10.0.0.2"),
  tha: "be:f9:cc:dd:06:17" as Mac,
  tpa: A("10.0.0.1"),
};

describe("ARP (golden: veth-pair.pcap)", () => {
  it("emits the captured request and reply", () => {
    expect(bytesToHex(emitArp(request))).toBe(GOLDEN.arpRequest.hex.slice(28));
    expect(bytesToHex(emitArp(reply))).toBe(GOLDEN.arpReply.hex.slice(28));
  });

  it("parses them back", () => {
    expect(parseArp(golden("arpRequest").subarray(14))).toEqual({ ok: true, value: request });
    expect(parseArp(golden("arpReply").subarray(14))).toEqual({ ok: true, value: reply });
  });

  it("ignores trailing padding", () => {
    const b = new Uint8Array(46);
    b.set(golden("arpRequest").subarray(14));
    expect(parseArp(b)).toEqual({ ok: true, value: request });
  });

  it("refuses what the representation cannot hold", () => {
    const body = golden("arpRequest").slice(14);
    expect(parseArp(body.subarray(0, 27)).ok).toBe(false);
    const rarp = body.slice();
    rarp[7] = 3;
    expect(parseArp(rarp)).toEqual({ ok: false, error: "ARP: unknown operation 3" });
    const ieee802 = body.slice();
    ieee802[1] = 6;
    expect(parseArp(ieee802).ok).toBe(false);
    expect(parseArp(hexToBytes("0001080006100001")).ok).toBe(false);
  });
});
