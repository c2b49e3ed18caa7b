import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import { ip4 } from "./addr";
import { internetChecksum, pseudoHeaderSum4 } from "./checksum";
import { emitUdp, parseUdp } from "./udp";
import { bytesToHex, golden, GOLDEN } from "./testdata/golden";
import { ascii, pattern } from "./testdata/util";
import type { UdpDatagram } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const src = A("10.0.0.1");
const dst = A("10.0.0.2");
const udpHex = (name: keyof typeof GOLDEN): string => GOLDEN[name].hex.slice(68);

describe("UDP (golden: veth-pair.pcap)", () => {
  // "10.0.0.1.40000 > 10.0.0.2.9999: UDP, length 6"
  const hello: UdpDatagram = {
    kind: "udp",
    srcPort: 40000,
    dstPort: 9999,
    payload: { kind: "raw", bytes: ascii("hello\n") },
  };

  it("emits the captured datagrams, checksum over the pseudo-header computed", () => {
    expect(bytesToHex(emitUdp(hello, src, dst))).toBe(udpHex("udpHello"));
    const big: UdpDatagram = { ...hello, payload: { kind: "raw", bytes: pattern(0, 1024) } };
    expect(bytesToHex(emitUdp(big, src, dst))).toBe(udpHex("udp1024"));
  });

  it("parses them, verifying the checksum when given the addresses", () => {
    const r = parseUdp(golden("udpHello").subarray(34), { src, dst });
    expect(r).toEqual({ ok: true, value: { ...hello, checksum: 0xe4a3, length: 14, checksumValid: true } });
    const noIp = parseUdp(golden("udpHello").subarray(34));
    expect(noIp.ok && noIp.value.checksumValid).toBeUndefined();
    const wrongIp = parseUdp(golden("udpHello").subarray(34), { src: A("10.0.0.9"), dst });
    expect(wrongIp.ok && wrongIp.value.checksumValid).toBe(false);
  });

  it("checksum 0 means none: emitted as given, not checked", () => {
    const b = emitUdp({ ...hello, checksum: 0 }, src, dst);
    expect(bytesToHex(b.subarray(6, 8))).toBe("0000");
    const r = parseUdp(b, { src, dst });
    expect(r.ok && r.value.checksum).toBe(0);
    expect(r.ok && r.value.checksumValid).toBeUndefined();
  });

  it("a computed checksum of 0 is sent as 0xffff (RFC 768)", () => {
    // Choose the last two payload bytes so that the datagram sums to 0xffff.
    const payload = new Uint8Array(8);
    payload.set(ascii("abcdef"));
    const u: UdpDatagram = { ...hello, payload: { kind: "raw", bytes: payload } };
    const first = emitUdp({ ...u, checksum: 0 }, src, dst);
    const c = internetChecksum(first, 0, first.length, pseudoHeaderSum4(src, dst, 17, first.length));
    payload[6] = c >>> 8;
    payload[7] = c & 0xff;
    const b = emitUdp(u, src, dst);
    expect(bytesToHex(b.subarray(6, 8))).toBe("ffff");
    const r = parseUdp(b, { src, dst });
    expect(r.ok && r.value.checksumValid).toBe(true);
  });

  it("length field: emitted as given; a datagram cut short is parsed as far as it goes", () => {
    const b = emitUdp({ ...hello, length: 100 }, src, dst);
    expect(bytesToHex(b.subarray(4, 6))).toBe("0064");
    const r = parseUdp(b, { src, dst });
    expect(r.ok && r.value.length).toBe(100);
    expect(r.ok && r.value.checksumValid).toBeUndefined();
    expect(r.ok && r.value.payload).toEqual({ kind: "raw", bytes: ascii("hello\n") });
    expect(parseUdp(b.subarray(0, 7)).ok).toBe(false);
  });

  it("a length field shorter than the data ends the payload there", () => {
    const b = emitUdp({ ...hello, length: 10 }, src, dst);
    const r = parseUdp(b);
    expect(r.ok && r.value.payload).toEqual({ kind: "raw", bytes: ascii("he") });
  });

  it("VXLAN ports are a parameter (default 8472 and 4789)", () => {
    const vx = golden("vxlan8472EchoRequest").subarray(34);
    const def = parseUdp(vx);
    expect(def.ok && def.value.payload.kind).toBe("vxlan");
    const none = parseUdp(vx, undefined, { vxlanPorts: new Set() });
    expect(none.ok && none.value.payload.kind).toBe("raw");
    // Port 9999 declared VXLAN: the 6-byte "hello\n" cannot be VXLAN, so it stays raw with the reason.
    const odd = parseUdp(golden("udpHello").subarray(34), undefined, { vxlanPorts: new Set([9999]) });
    expect(odd.ok && odd.value.payload).toEqual({
      kind: "raw",
      bytes: ascii("hello\n"),
      malformed: "VXLAN: 6 bytes, need 8",
    });
  });
});
