import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import { ip4 } from "./addr";
import { echoRest } from "./icmp";
import { emitIpv4, parseIpv4 } from "./ipv4";
import { ipv4HeaderLength, ipv4TotalLength } from "./length";
import { bytesToHex, golden, GOLDEN, hexToBytes } from "./testdata/golden";
import { concat, pattern, strip } from "./testdata/util";
import { IpProto, type Ipv4Packet } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const ipHex = (name: keyof typeof GOLDEN): string => GOLDEN[name].hex.slice(28);

describe("IPv4 (golden: veth-pair.pcap)", () => {
  // tcpdump -v: "IP (tos 0x0, ttl 64, id 36430, offset 0, flags [DF], proto ICMP (1), length 84)
  //   10.0.0.1 > 10.0.0.2: ICMP echo request, id 10659, seq 1, length 64"
  const echo: Ipv4Packet = {
    kind: "ipv4",
    tos: 0,
    id: 36430,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: IpProto.ICMP,
    src: A("10.0.0.1"),
    dst: A("10.0.0.2"),
    payload: {
      kind: "icmp",
      type: 8,
      code: 0,
      rest: echoRest(10659, 1),
      data: golden("icmpEchoRequest").slice(42),
    },
  };

  it("emits the captured echo request, header checksum and total length computed", () => {
    expect(bytesToHex(emitIpv4(echo))).toBe(ipHex("icmpEchoRequest"));
  });

  it("parses it, filling in the fields emit computes", () => {
    const r = parseIpv4(golden("icmpEchoRequest").subarray(14));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.checksum).toBe(0x9858);
    expect(r.value.totalLength).toBe(84);
    expect(r.value.checksumValid).toBe(true);
    expect(strip(r.value)).toEqual(echo);
  });

  it("fragments keep their slice raw; the slices reassemble into the echo request", () => {
    // "flags [+], length 1500" then "offset 1480, flags [none], length 548"
    const first = parseIpv4(golden("fragmentFirst").subarray(14));
    const last = parseIpv4(golden("fragmentLast").subarray(14));
    expect(first.ok && last.ok).toBe(true);
    if (!first.ok || !last.ok) return;
    expect(first.value).toMatchObject({ id: 36431, df: false, mf: true, fragOffset: 0, totalLength: 1500 });
    expect(last.value).toMatchObject({ id: 36431, df: false, mf: false, fragOffset: 1480, totalLength: 548 });
    expect(first.value.payload.kind).toBe("raw");
    expect(last.value.payload.kind).toBe("raw");
    if (first.value.payload.kind !== "raw" || last.value.payload.kind !== "raw") return;
    expect(first.value.payload.bytes.length).toBe(1480);
    expect(last.value.payload.bytes.length).toBe(528);

    // Hand-built fragments (raw slices of the reassembled datagram) emit the captured bytes.
    const whole = concat(first.value.payload.bytes, last.value.payload.bytes);
    const frag = (mf: boolean, off: number, bytes: Uint8Array): Ipv4Packet => ({
      kind: "ipv4",
      tos: 0,
      id: 36431,
      df: false,
      mf,
      fragOffset: off,
      ttl: 64,
      protocol: 1,
      src: A("10.0.0.1"),
      dst: A("10.0.0.2"),
      payload: { kind: "raw", bytes },
    });
    expect(bytesToHex(emitIpv4(frag(true, 0, whole.subarray(0, 1480))))).toBe(ipHex("fragmentFirst"));
    expect(bytesToHex(emitIpv4(frag(false, 1480, whole.subarray(1480))))).toBe(ipHex("fragmentLast"));

    // The reassembled payload is ping's 2008-byte ICMP echo request: 8-byte header, 16-byte
    // timestamp, then bytes counting up from 0x10.
    const header = hexToBytes("4500" + "07ec" + "8e4f0000400100000a0000010a000002");
    const re = parseIpv4(concat(header, whole));
    expect(re.ok).toBe(true);
    if (!re.ok || re.value.payload.kind !== "icmp") return;
    expect(re.value.payload.checksumValid).toBe(true);
    expect(re.value.payload.rest).toBe(echoRest(10660, 1));
    expect(re.value.payload.data.subarray(16)).toEqual(pattern(0x10, 2000 - 16));
  });

  it("carries options (ping -R: NOP + record route) and pads the header", () => {
    // "options (NOP,RR 10.0.0.1, 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0 0.0.0.0)"
    const rr: Ipv4Packet = {
      kind: "ipv4",
      tos: 0,
      id: 36432,
      df: true,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: 1,
      src: A("10.0.0.1"),
      dst: A("10.0.0.2"),
      options: concat(hexToBytes("01" + "07" + "27" + "08" + "0a000001"), new Uint8Array(32)),
      payload: {
        kind: "icmp",
        type: 8,
        code: 0,
        rest: echoRest(10661, 1),
        data: golden("echoRecordRouteRequest").slice(14 + 60 + 8),
      },
    };
    expect(ipv4HeaderLength(rr)).toBe(60);
    expect(ipv4TotalLength(rr)).toBe(124);
    expect(bytesToHex(emitIpv4(rr))).toBe(ipHex("echoRecordRouteRequest"));
    const r = parseIpv4(golden("echoRecordRouteReply").subarray(14));
    expect(r.ok && bytesToHex(r.value.options!)).toBe("0727100a0000010a0000020a000002" + "00".repeat(25));
  });

  it("pads options that are not a multiple of 4 with zeros", () => {
    const p: Ipv4Packet = { ...echo, options: hexToBytes("9404") }; // router alert without its value
    const b = emitIpv4(p);
    expect(b[0]).toBe(0x46);
    expect(bytesToHex(b.subarray(20, 24))).toBe("94040000");
  });

  it("reports a bad header checksum and re-emits it as given", () => {
    const b = golden("icmpEchoRequest").slice(14);
    b[11] ^= 0xff;
    const r = parseIpv4(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.checksumValid).toBe(false);
    expect(emitIpv4(r.value)).toEqual(b);
  });

  it("a quoted header whose total length exceeds the bytes (inside an ICMP error)", () => {
    // The 548-byte quote of a 1052-byte UDP datagram.
    const quote = golden("icmpPortUnreachable576").subarray(14 + 20 + 8);
    const r = parseIpv4(quote);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.payload.kind !== "udp") return;
    expect(r.value.totalLength).toBe(1052);
    expect(r.value.checksumValid).toBe(true);
    expect(r.value.payload.length).toBe(1032);
    expect(r.value.payload.checksumValid).toBeUndefined();
    expect(r.value.payload.payload.kind === "raw" && r.value.payload.payload.bytes.length).toBe(548 - 28);
    expect(ipv4TotalLength(r.value)).toBe(548);
    expect(emitIpv4(r.value)).toEqual(quote);
  });

  it("ignores bytes past the total length", () => {
    const b = concat(golden("udpHello").subarray(14), new Uint8Array(12));
    const r = parseIpv4(b);
    expect(r.ok && ipv4TotalLength(r.value)).toBe(34);
  });

  it("refuses what is not an IPv4 header", () => {
    const b = golden("icmpEchoRequest").slice(14);
    expect(parseIpv4(b.subarray(0, 19)).ok).toBe(false);
    const v6 = b.slice();
    v6[0] = 0x65;
    expect(parseIpv4(v6)).toEqual({ ok: false, error: "IPv4: version field is 6" });
    const ihl = b.slice();
    ihl[0] = 0x44;
    expect(parseIpv4(ihl).ok).toBe(false);
    ihl[0] = 0x4f;
    expect(parseIpv4(ihl.subarray(0, 40)).ok).toBe(false);
  });

  it("keeps unknown protocols raw and a bogus total length readable", () => {
    const b = golden("udpHello").slice(14);
    b[9] = 47; // GRE
    const r = parseIpv4(b);
    expect(r.ok && r.value.payload).toEqual({ kind: "raw", bytes: b.slice(20) });
    const bogus = golden("udpHello").slice(14);
    bogus[2] = 0;
    bogus[3] = 10; // total length 10 < header length
    const q = parseIpv4(bogus);
    expect(q.ok && q.value.totalLength).toBe(10);
    expect(q.ok && emitIpv4(q.value)).toEqual(bogus);
  });
});
