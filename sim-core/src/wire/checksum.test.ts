import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ip4 } from "../util/brand";
import { ip4, writeIp4 } from "./addr";
import {
  checksumUpdate16,
  checksumUpdate32,
  decreaseTtlChecksum,
  foldSum,
  internetChecksum,
  pseudoHeaderSum4,
  sumBytes,
  udpChecksumUpdate32,
} from "./checksum";
import { golden, hexToBytes } from "./testdata/golden";

const A = (s: string): Ip4 => ip4(s)!;

describe("RFC 1071 Internet checksum", () => {
  it("RFC 1071 §3 worked example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2", () => {
    const b = hexToBytes("0001f203f4f5f6f7");
    expect(foldSum(sumBytes(b, 0, b.length))).toBe(0xddf2);
    expect(internetChecksum(b)).toBe(0x220d);
  });

  it("pads an odd last byte with zero", () => {
    expect(internetChecksum(hexToBytes("01"))).toBe(0xfeff);
    expect(internetChecksum(hexToBytes("0102ab"))).toBe(~(0x0102 + 0xab00) & 0xffff);
  });

  it("a captured IPv4 header (with its checksum) sums to 0; zeroing the field gives it back", () => {
    const f = golden("icmpEchoRequest");
    const hdr = f.slice(14, 34);
    expect(internetChecksum(hdr)).toBe(0);
    const stored = (hdr[10] << 8) | hdr[11];
    hdr[10] = hdr[11] = 0;
    expect(internetChecksum(hdr)).toBe(stored);
  });

  it("UDP over IPv4 with the pseudo-header, on a captured datagram", () => {
    const f = golden("udpHello");
    const udp = f.slice(34);
    expect(
      internetChecksum(udp, 0, udp.length, pseudoHeaderSum4(A("10.0.0.1"), A("10.0.0.2"), 17, udp.length)),
    ).toBe(0);
  });
});

describe("RFC 1624 incremental update (csum_replace4, as NAT does)", () => {
  it("rewriting the source of a captured echo request equals recomputing (IP header)", () => {
    const f = golden("icmpEchoRequest").slice(14, 34);
    const old = A("10.0.0.1");
    const neu = A("192.168.56.11");
    const check = (f[10] << 8) | f[11];
    writeIp4(f, 12, neu);
    f[10] = f[11] = 0;
    expect(checksumUpdate32(check, old, neu)).toBe(internetChecksum(f));
  });

  it("rewriting a captured UDP datagram's source address and port (pseudo-header + port)", () => {
    const f = golden("udpHello");
    const udp = f.slice(34);
    const check = (udp[6] << 8) | udp[7];
    const c1 = udpChecksumUpdate32(check, A("10.0.0.1"), A("172.17.0.1"));
    const c2 = checksumUpdate16(c1, 40000, 1024);
    udp[0] = 1024 >> 8;
    udp[1] = 1024 & 0xff;
    udp[6] = udp[7] = 0;
    expect(c2).toBe(
      internetChecksum(udp, 0, udp.length, pseudoHeaderSum4(A("172.17.0.1"), A("10.0.0.2"), 17, udp.length)),
    );
  });

  it("UDP: a zero checksum stays zero; a result of zero becomes 0xffff", () => {
    expect(udpChecksumUpdate32(0, 1, 2)).toBe(0);
    // adding 1 to the data takes 1 off the checksum: 0x0001 → 0x0000, sent as 0xffff
    expect(checksumUpdate32(0x0001, 0, 1)).toBe(0);
    expect(udpChecksumUpdate32(0x0001, 0, 1)).toBe(0xffff);
    expect(checksumUpdate32(0xfffe, 0, 1)).toBe(0xfffd);
  });

  it("equals a full recomputation for any header and any 32-bit rewrite", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 60 }),
        fc.nat({ max: 9 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (data, slot, value) => {
          const b = data.slice(0, data.length & ~1);
          const off = 2 + Math.min(slot, ((b.length - 2) >> 2) - 1) * 4;
          b[0] = b[1] = 0;
          const check = internetChecksum(b);
          const oldValue = ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
          b[off] = value >>> 24;
          b[off + 1] = value >>> 16;
          b[off + 2] = value >>> 8;
          b[off + 3] = value;
          // Only all-zero data (sum 0, checksum 0xffff) tells the two zeros apart: csum_replace4
          // never yields 0xffff, a real header is never all zeros.
          if (b.every((x) => x === 0)) return;
          expect(checksumUpdate32(check, oldValue, value)).toBe(internetChecksum(b));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("16-bit rewrites equal a full recomputation too", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 8, maxLength: 40 }),
        fc.integer({ min: 0, max: 0xffff }),
        (data, value) => {
          const b = data.slice(0, data.length & ~1);
          b[0] = b[1] = 0;
          const check = internetChecksum(b);
          const old = (b[2] << 8) | b[3];
          b[2] = value >>> 8;
          b[3] = value;
          if (b.every((x) => x === 0)) return;
          expect(checksumUpdate16(check, old, value)).toBe(internetChecksum(b));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe("ip_decrease_ttl", () => {
  it("gives the checksum a real Linux router put on a forwarded packet", () => {
    // Echo reply 10.0.2.1 → 10.0.1.1 as forwarded by the router namespace (ttl 63): rebuild the
    // header as it arrived (ttl 64, checksum recomputed) and decrement the TTL the kernel's way.
    const f = golden("routedEchoReply");
    const hdr = f.slice(14, 34);
    expect(hdr[8]).toBe(63);
    const forwarded = (hdr[10] << 8) | hdr[11];
    hdr[8] = 64;
    hdr[10] = hdr[11] = 0;
    const arrived = internetChecksum(hdr);
    expect(decreaseTtlChecksum(arrived)).toBe(forwarded);
  });

  it("agrees with a full recomputation except for Linux's own choice of zero", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1, max: 255 }),
        (data, ttl) => {
          const b = data.slice();
          b[8] = ttl;
          b[10] = b[11] = 0;
          const before = internetChecksum(b);
          b[8] = ttl - 1;
          const full = internetChecksum(b);
          const inc = decreaseTtlChecksum(before);
          if (inc !== full) {
            expect([inc, full].sort()).toEqual([0, 0xffff].sort());
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
