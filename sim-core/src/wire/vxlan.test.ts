import { describe, expect, it } from "vitest";
import type { Ip4, Mac } from "../util/brand";
import { ip4 } from "./addr";
import { emitEthernet, parseEthernet } from "./ethernet";
import { echoRest } from "./icmp";
import { frameLength, VXLAN_OVERHEAD } from "./length";
import { bytesToHex, golden, GOLDEN } from "./testdata/golden";
import { EtherType, type EthernetFrame } from "./types";
import { emitVxlan, parseVxlan, VXLAN_FLAG_VNI, VXLAN_IANA_PORT, VXLAN_LINUX_PORT } from "./vxlan";

const A = (s: string): Ip4 => ip4(s)!;
const M = (s: string): Mac => s as Mac;

/** An outer frame as Linux's vxlan driver sends it: no DF, ttl 64, UDP checksum computed (udpcsum). */
function underlay(
  srcMac: string,
  dstMac: string,
  id: number,
  src: string,
  dst: string,
  srcPort: number,
  dstPort: number,
  vni: number,
  inner: EthernetFrame,
): EthernetFrame {
  return {
    dst: M(dstMac),
    src: M(srcMac),
    ethertype: EtherType.IPv4,
    payload: {
      kind: "ipv4",
      tos: 0,
      id,
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: 17,
      src: A(src),
      dst: A(dst),
      payload: {
        kind: "udp",
        srcPort,
        dstPort,
        payload: { kind: "vxlan", flags: VXLAN_FLAG_VNI, vni, inner },
      },
    },
  };
}

describe("VXLAN (golden: vxlan.pcap, two namespaces with flannel.1-style and IANA-port devices)", () => {
  it("emits the flannel-style encapsulated echo request (VNI 1, port 8472) byte for byte", () => {
    // tcpdump: "192.168.56.11.47556 > 192.168.56.12.8472: OTV, flags [I] (0x08), overlay 0, instance 1
    //   0a:00:00:00:00:01 > 0a:00:00:00:00:02 … 10.244.0.0 > 10.244.1.0: ICMP echo request, id 11321, seq 1"
    const inner: EthernetFrame = {
      dst: M("0a:00:00:00:00:02"),
      src: M("0a:00:00:00:00:01"),
      ethertype: EtherType.IPv4,
      payload: {
        kind: "ipv4",
        tos: 0,
        id: 2821,
        df: true,
        mf: false,
        fragOffset: 0,
        ttl: 64,
        protocol: 1,
        src: A("10.244.0.0"),
        dst: A("10.244.1.0"),
        payload: {
          kind: "icmp",
          type: 8,
          code: 0,
          rest: echoRest(11321, 1),
          data: golden("vxlan8472EchoRequest").slice(50 + 42),
        },
      },
    };
    const f = underlay(
      "02:00:00:00:00:01",
      "02:00:00:00:00:02",
      54802,
      "192.168.56.11",
      "192.168.56.12",
      47556,
      VXLAN_LINUX_PORT,
      1,
      inner,
    );
    expect(bytesToHex(emitEthernet(f))).toBe(GOLDEN.vxlan8472EchoRequest.hex);
    expect(frameLength(f)).toBe(frameLength(inner) + VXLAN_OVERHEAD);
  });

  it("emits the encapsulated broadcast ARP request (VNI 42, port 4789)", () => {
    const inner: EthernetFrame = {
      dst: M("ff:ff:ff:ff:ff:ff"),
      src: M("0e:00:00:00:00:01"),
      ethertype: EtherType.ARP,
      payload: {
        kind: "arp",
        op: 1,
        sha: M("0e:00:00:00:00:01"),
        spa: A("10.42.0.1"),
        tha: M("00:00:00:00:00:00"),
        tpa: A("10.42.0.2"),
      },
    };
    const f = underlay(
      "02:00:00:00:00:01",
      "02:00:00:00:00:02",
      54803,
      "192.168.56.11",
      "192.168.56.12",
      59127,
      VXLAN_IANA_PORT,
      42,
      inner,
    );
    expect(bytesToHex(emitEthernet(f))).toBe(GOLDEN.vxlan4789ArpRequest.hex);
  });

  it("parses down to the inner frame", () => {
    const r = parseEthernet(golden("vxlan4789ArpReply"));
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.payload.kind !== "ipv4" || r.value.payload.payload.kind !== "udp") return;
    const vx = r.value.payload.payload.payload;
    expect(vx.kind).toBe("vxlan");
    if (vx.kind !== "vxlan") return;
    expect(vx.vni).toBe(42);
    expect(vx.flags).toBe(VXLAN_FLAG_VNI);
    expect(vx.inner.payload).toEqual({
      kind: "arp",
      op: 2,
      sha: "0e:00:00:00:00:02",
      spa: A("10.42.0.2"),
      tha: "0e:00:00:00:00:01",
      tpa: A("10.42.0.1"),
    });
  });

  it("header alone", () => {
    const payload = golden("vxlan4789ArpRequest").subarray(42);
    const r = parseVxlan(payload);
    expect(r.ok && r.value.vni).toBe(42);
    expect(r.ok && emitVxlan(r.value)).toEqual(payload);
    expect(parseVxlan(payload.subarray(0, 7)).ok).toBe(false);
    expect(parseVxlan(payload.subarray(0, 8 + 13))).toEqual({
      ok: false,
      error: "VXLAN: inner frame: Ethernet: frame of 13 bytes is shorter than the 14-byte header",
    });
  });

  it("reserved bits set: not VXLAN for Linux, so the UDP payload stays raw", () => {
    const b = golden("vxlan4789ArpRequest").slice();
    b[42 + 7] = 1;
    const r = parseEthernet(b);
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.payload.kind !== "ipv4" || r.value.payload.payload.kind !== "udp") return;
    expect(r.value.payload.payload.payload).toMatchObject({
      kind: "raw",
      malformed: expect.stringMatching(/reserved/),
    });
    expect(emitEthernet(r.value)).toEqual(b);
  });
});
