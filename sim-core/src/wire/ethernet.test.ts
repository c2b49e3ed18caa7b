import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Ip4, Mac } from "../util/brand";
import { ip4 } from "./addr";
import { emitEthernet, parseEthernet } from "./ethernet";
import { frameLength } from "./length";
import { GOLDEN, golden, bytesToHex, hexToBytes } from "./testdata/golden";
import { checksumFlags, concat, strip } from "./testdata/util";
import { EtherType, type EthernetFrame } from "./types";

const names = Object.keys(GOLDEN) as Array<keyof typeof GOLDEN>;

describe("every golden frame captured from Linux", () => {
  it.each(names)(
    "%s: parses, re-emits byte for byte, and recomputes Linux's checksums and lengths",
    (name) => {
      const bytes = golden(name);
      const r = parseEthernet(bytes);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // 1. round trip as parsed (checksums and lengths as captured)
      expect(bytesToHex(emitEthernet(r.value))).toBe(GOLDEN[name].hex);
      // 2. every checksum in the frame (IPv4 header, ICMP, UDP, TCP, ICMPv6, inner frames) checks
      const flags = checksumFlags(r.value);
      if (r.value.payload.kind !== "arp") expect(flags.length).toBeGreaterThan(0);
      for (const [path, valid] of flags) expect(valid, path).toBe(true);
      // 3. with every checksum and length field dropped, emit computes exactly what Linux sent
      expect(bytesToHex(emitEthernet(strip(r.value)))).toBe(GOLDEN[name].hex);
      // 4. length.ts agrees with the real size
      expect(frameLength(r.value)).toBe(bytes.length);
      expect(frameLength(strip(r.value))).toBe(bytes.length);
    },
  );
});

describe("Ethernet II header", () => {
  it("reads the captured ARP request header by hand", () => {
    const r = parseEthernet(golden("arpRequest"));
    expect(r.ok && r.value.dst).toBe("ff:ff:ff:ff:ff:ff");
    expect(r.ok && r.value.src).toBe("be:f9:cc:dd:06:17");
    expect(r.ok && r.value.ethertype).toBe(EtherType.ARP);
  });

  it("keeps a physical NIC's padding up to 60 bytes as `padding` and gives it back", () => {
    const padded = concat(golden("arpRequest"), new Uint8Array(18));
    const r = parseEthernet(padded);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.payload.kind).toBe("arp");
    expect(r.value.padding).toEqual(new Uint8Array(18));
    expect(frameLength(r.value)).toBe(60);
    expect(emitEthernet(r.value)).toEqual(padded);
  });

  it("keeps bytes past the IPv4 total length as padding", () => {
    const padded = concat(golden("udpHello"), hexToBytes("000000000000deadbeef"));
    const r = parseEthernet(padded);
    expect(r.ok && r.value.payload.kind).toBe("ipv4");
    if (!r.ok) return;
    expect(bytesToHex(r.value.padding!)).toBe("000000000000deadbeef");
    expect(emitEthernet(r.value)).toEqual(padded);
  });

  it("leaves unknown EtherTypes and VLAN tags raw", () => {
    const vlan = hexToBytes(
      "ffffffffffff02000000000181000064080600010800060400010200000000010a000001000000000000",
    );
    const r = parseEthernet(vlan);
    expect(r.ok && r.value.ethertype).toBe(EtherType.VLAN);
    expect(r.ok && r.value.payload).toEqual({ kind: "raw", bytes: vlan.slice(14) });
    const lldp = hexToBytes("0180c200000e020000000001" + "88cc" + "0207040200000000");
    const l = parseEthernet(lldp);
    expect(l.ok && l.value.payload.kind).toBe("raw");
    expect(l.ok && emitEthernet(l.value)).toEqual(lldp);
  });

  it("an unreadable payload of a known EtherType is raw with the reason, not a failure", () => {
    const r = parseEthernet(hexToBytes("ffffffffffff020000000001080045000014"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.payload.kind).toBe("raw");
    expect(r.value.payload.kind === "raw" && r.value.payload.malformed).toMatch(/IPv4/);
  });

  it("fails only when there is no Ethernet header", () => {
    expect(parseEthernet(new Uint8Array(13))).toEqual({ ok: false, error: expect.stringMatching(/14-byte/) });
    expect(parseEthernet(new Uint8Array(14)).ok).toBe(true);
  });

  it("emits a hand-built broadcast ARP frame", () => {
    const f: EthernetFrame = {
      dst: "ff:ff:ff:ff:ff:ff" as Mac,
      src: "02:00:00:00:00:01" as Mac,
      ethertype: EtherType.ARP,
      payload: {
        kind: "arp",
        op: 1,
        sha: "02:00:00:00:00:01" as Mac,
        spa: ip4("192.168.56.11") as Ip4,
        tha: "00:00:00:00:00:00" as Mac,
        tpa: ip4("192.168.56.12") as Ip4,
      },
    };
    // the underlay ARP request of the VXLAN capture (vxlan.pcap frame 0)
    expect(bytesToHex(emitEthernet(f))).toBe(
      "ffffffffffff02000000000108060001080006040001020000000001c0a8380b000000000000c0a8380c",
    );
  });
});

describe("parse never throws, and whatever parses re-emits to the same bytes", () => {
  const goldens = names.map((n) => golden(n));

  function check(bytes: Uint8Array): void {
    const r = parseEthernet(bytes);
    if (!r.ok) {
      expect(bytes.length).toBeLessThan(14);
      return;
    }
    // The one bit no representation keeps: the IPv4 reserved flag (0x8000). Skip such frames.
    const out = emitEthernet(r.value);
    if (bytesToHex(out) !== bytesToHex(bytes)) {
      expect(hasReservedIpFlag(bytes), bytesToHex(bytes)).toBe(true);
    }
    expect(frameLength(r.value)).toBe(bytes.length);
  }

  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 3000 });
  });

  it("golden frames cut short at every length", () => {
    for (const g of goldens) for (let n = 0; n <= g.length; n++) check(g.subarray(0, n));
  });

  it("golden frames with random bytes changed", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: goldens.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (gi, edits, cut) => {
          const b = goldens[gi].slice();
          for (const [pos, val] of edits) b[pos % b.length] = val;
          check(b);
          check(b.subarray(0, cut % (b.length + 1)));
        },
      ),
      { numRuns: 4000 },
    );
  });
});

/** Whether an IPv4 header anywhere in the frame (outer or VXLAN-inner) has the reserved flag set. */
function hasReservedIpFlag(bytes: Uint8Array): boolean {
  for (let i = 12; i + 8 < bytes.length; i++) {
    if (
      bytes[i] === 0x08 &&
      bytes[i + 1] === 0x00 &&
      bytes[i + 2] >>> 4 === 4 &&
      (bytes[i + 8] & 0x80) !== 0
    ) {
      return true;
    }
  }
  return false;
}
