import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import { ip4 } from "./addr";
import { tcpHeaderLength, tcpOptionsLength } from "./length";
import { emitTcp, parseTcp, parseTcpOptions } from "./tcp";
import { bytesToHex, golden, GOLDEN, hexToBytes } from "./testdata/golden";
import { ascii } from "./testdata/util";
import { TcpFlag, type TcpOption, type TcpSegment } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const client = A("10.0.0.1");
const server = A("10.0.0.2");
const tcpHex = (name: keyof typeof GOLDEN): string => GOLDEN[name].hex.slice(68);

describe("TCP (golden: veth-pair.pcap, nc client → nc -l server)", () => {
  // "Flags [S], cksum 0x1464 (correct), seq 815075132, win 64240,
  //  options [mss 1460,sackOK,TS val 859764164 ecr 0,nop,wscale 10], length 0"
  const syn: TcpSegment = {
    kind: "tcp",
    srcPort: 40001,
    dstPort: 8080,
    seq: 815075132,
    ack: 0,
    flags: TcpFlag.SYN,
    window: 64240,
    urgent: 0,
    options: [
      { kind: "mss", value: 1460 },
      { kind: "sackPermitted" },
      { kind: "timestamps", tsval: 859764164, tsecr: 0 },
      { kind: "nop" },
      { kind: "windowScale", shift: 10 },
    ],
    payload: new Uint8Array(0),
  };

  it("emits Linux's SYN byte for byte", () => {
    expect(tcpHeaderLength(syn)).toBe(40);
    expect(bytesToHex(emitTcp(syn, client, server))).toBe(tcpHex("tcpSyn"));
  });

  it("parses it back, checksum checked with the pseudo-header", () => {
    const r = parseTcp(golden("tcpSyn").subarray(34), { src: client, dst: server });
    expect(r).toEqual({ ok: true, value: { ...syn, checksum: 0x1464, checksumValid: true } });
  });

  it("emits the SYN-ACK (seq/ack above 2^31 stay unsigned)", () => {
    const synAck: TcpSegment = {
      ...syn,
      srcPort: 8080,
      dstPort: 40001,
      seq: 2998259716,
      ack: 815075133,
      flags: TcpFlag.SYN | TcpFlag.ACK,
      window: 65160,
      options: [
        { kind: "mss", value: 1460 },
        { kind: "sackPermitted" },
        { kind: "timestamps", tsval: 1562217168, tsecr: 859764164 },
        { kind: "nop" },
        { kind: "windowScale", shift: 10 },
      ],
    };
    expect(bytesToHex(emitTcp(synAck, server, client))).toBe(tcpHex("tcpSynAck"));
  });

  it("emits the data segment and the FIN (options nop,nop,TS)", () => {
    const ts: TcpOption[] = [
      { kind: "nop" },
      { kind: "nop" },
      { kind: "timestamps", tsval: 859764164, tsecr: 1562217168 },
    ];
    const data: TcpSegment = {
      kind: "tcp",
      srcPort: 40001,
      dstPort: 8080,
      seq: 815075133,
      ack: 2998259717,
      flags: TcpFlag.PSH | TcpFlag.ACK,
      window: 63,
      urgent: 0,
      options: ts,
      payload: ascii("hello\n"),
    };
    expect(bytesToHex(emitTcp(data, client, server))).toBe(tcpHex("tcpPshAck"));
    const fin: TcpSegment = {
      ...data,
      seq: 815075139,
      flags: TcpFlag.FIN | TcpFlag.ACK,
      payload: new Uint8Array(0),
    };
    expect(bytesToHex(emitTcp(fin, client, server))).toBe(tcpHex("tcpFinAck"));
  });

  it("emits the RST-ACK from a closed port (no options)", () => {
    const rst: TcpSegment = {
      kind: "tcp",
      srcPort: 8081,
      dstPort: 40002,
      seq: 0,
      ack: 3517101141,
      flags: TcpFlag.RST | TcpFlag.ACK,
      window: 0,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    };
    expect(bytesToHex(emitTcp(rst, server, client))).toBe(tcpHex("tcpRstAck"));
  });

  it("a wrong checksum is reported and reproduced", () => {
    const b = golden("tcpPshAck").slice(34);
    b[b.length - 1] ^= 1; // flip a payload bit
    const r = parseTcp(b, { src: client, dst: server });
    expect(r.ok && r.value.checksumValid).toBe(false);
    expect(r.ok && emitTcp(r.value, client, server)).toEqual(b);
  });
});

describe("TCP options are parsed losslessly", () => {
  const roundTrip = (optionBytes: string): TcpOption[] => {
    const opts = hexToBytes(optionBytes);
    const hdr = new Uint8Array(20 + opts.length);
    hdr[12] = ((20 + opts.length) / 4) << 4;
    hdr.set(opts, 20);
    const r = parseTcp(hdr);
    expect(r.ok).toBe(true);
    if (!r.ok) return [];
    expect(bytesToHex(emitTcp(r.value, client, server).subarray(20))).toBe(optionBytes);
    return r.value.options;
  };

  it("SACK blocks", () => {
    expect(roundTrip("0101050a0000000100000009")).toEqual([
      { kind: "nop" },
      { kind: "nop" },
      { kind: "sack", blocks: [{ left: 1, right: 9 }] },
    ]);
  });

  it("unknown options (TCP Fast Open cookie request) stay raw", () => {
    expect(roundTrip("22020101")).toEqual([
      { kind: "raw", bytes: hexToBytes("2202") },
      { kind: "nop" },
      { kind: "nop" },
    ]);
  });

  it("EOL and its zero padding; bytes after it are kept", () => {
    expect(roundTrip("03030700")).toEqual([{ kind: "windowScale", shift: 7 }, { kind: "eol" }]);
    expect(roundTrip("0000000000000000")).toEqual([
      { kind: "eol" },
      { kind: "raw", bytes: new Uint8Array(7) },
    ]);
    expect(roundTrip("00ff0000")).toEqual([{ kind: "eol" }, { kind: "raw", bytes: hexToBytes("ff0000") }]);
  });

  it("malformed lengths (0, 1, past the end, wrong size for the kind)", () => {
    expect(roundTrip("02000000")).toEqual([{ kind: "raw", bytes: hexToBytes("02000000") }]);
    expect(roundTrip("01010208")).toEqual([
      { kind: "nop" },
      { kind: "nop" },
      { kind: "raw", bytes: hexToBytes("0208") },
    ]);
    expect(roundTrip("020305b4")).toEqual([
      { kind: "raw", bytes: hexToBytes("020305") },
      { kind: "raw", bytes: hexToBytes("b4") },
    ]);
  });

  it("emit pads to a multiple of 4 with zeros", () => {
    expect(tcpOptionsLength([{ kind: "windowScale", shift: 7 }])).toBe(4);
    const s: TcpSegment = {
      kind: "tcp",
      srcPort: 1,
      dstPort: 2,
      seq: 0,
      ack: 0,
      flags: TcpFlag.SYN,
      window: 0,
      urgent: 0,
      options: [{ kind: "windowScale", shift: 7 }],
      payload: new Uint8Array(0),
    };
    const b = emitTcp(s, client, server);
    expect(b[12] >>> 4).toBe(6);
    expect(bytesToHex(b.subarray(20))).toBe("03030700");
    expect(parseTcpOptions(b, 20, 24)).toEqual([{ kind: "windowScale", shift: 7 }, { kind: "eol" }]);
  });

  it("the 4 reserved bits above CWR survive (AccECN's AE is 0x100)", () => {
    const s: TcpSegment = {
      kind: "tcp",
      srcPort: 1,
      dstPort: 2,
      seq: 0,
      ack: 0,
      flags: 0x100 | TcpFlag.SYN | TcpFlag.ECE | TcpFlag.CWR,
      window: 0,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    };
    const b = emitTcp(s, client, server);
    expect(bytesToHex(b.subarray(12, 14))).toBe("51c2");
    const r = parseTcp(b);
    expect(r.ok && r.value.flags).toBe(0x1c2);
  });

  it("refuses a header it cannot read", () => {
    const b = golden("tcpSyn").slice(34);
    expect(parseTcp(b.subarray(0, 19)).ok).toBe(false);
    const low = b.slice();
    low[12] = 0x40;
    expect(parseTcp(low)).toEqual({ ok: false, error: "TCP: data offset 16 is less than 20" });
    expect(parseTcp(b.subarray(0, 39))).toEqual({
      ok: false,
      error: "TCP: data offset 40 but only 39 bytes",
    });
  });

  it("any option list re-parses to the same bytes", () => {
    const opt: fc.Arbitrary<TcpOption> = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((value) => ({ kind: "mss" as const, value })),
      fc.constant({ kind: "sackPermitted" as const }),
      fc
        .tuple(fc.nat(), fc.nat())
        .map(([tsval, tsecr]) => ({ kind: "timestamps" as const, tsval: tsval >>> 0, tsecr: tsecr >>> 0 })),
      fc.integer({ min: 0, max: 14 }).map((shift) => ({ kind: "windowScale" as const, shift })),
      fc.constant({ kind: "nop" as const }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }).map((bl) => ({
        kind: "sack" as const,
        blocks: bl.map(([left, right]) => ({ left, right })),
      })),
    );
    fc.assert(
      fc.property(fc.array(opt, { maxLength: 5 }), fc.uint8Array({ maxLength: 20 }), (options, payload) => {
        const s: TcpSegment = {
          kind: "tcp",
          srcPort: 5,
          dstPort: 6,
          seq: 7,
          ack: 8,
          flags: 0x18,
          window: 9,
          urgent: 0,
          options,
          payload,
        };
        if (tcpHeaderLength(s) > 60) return;
        const b = emitTcp(s, client, server);
        const r = parseTcp(b, { src: client, dst: server });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value.checksumValid).toBe(true);
        expect(emitTcp(r.value, client, server)).toEqual(b);
        // the parsed options are the given ones, plus an eol when padding was added
        expect(r.value.options.slice(0, options.length)).toEqual(options);
      }),
      { numRuns: 1000 },
    );
  });
});
