import { describe, expect, it } from "vitest";
import type { Ip4, Ip6, Mac } from "../util/brand";
import { ip4, ip6, ip6MulticastMac } from "./addr";
import { emitEthernet, parseEthernet } from "./ethernet";
import { echoRest, fragNeededRest, icmpError, icmpErrorTos } from "./icmp";
import { Icmpv6Type, Mld2RecordType, mld2ReportBody } from "./icmpv6";
import { mldHopByHopOptions } from "./ipv6";
import { LINKTYPE_ETHERNET, PCAP_SNAPLEN, PcapWriter, readPcap, writePcap } from "./pcap";
import { bytesToHex, GOLDEN, golden, hexToBytes } from "./testdata/golden";
import { ascii, pattern } from "./testdata/util";
import { EtherType, IpProto, TcpFlag, type EthernetFrame, type Ipv4Packet } from "./types";

const A = (s: string): Ip4 => ip4(s)!;
const A6 = (s: string): Ip6 => ip6(s)!;
const M = (s: string): Mac => s as Mac;

/** The first 24 + 16 + 90 bytes of veth-pair.pcap as tcpdump -w wrote them. */
const TCPDUMP_HEAD =
  "d4c3b2a1020004000000000000000000000004000100000087f5016ba91301005a0000005a000000" +
  GOLDEN.mldReportFromUnspecified.hex;

describe("pcap writer", () => {
  it("writes the same file header as tcpdump -w (magic, v2.4, snaplen 262144, Ethernet)", () => {
    const w = new PcapWriter();
    expect(bytesToHex(w.bytes())).toBe(TCPDUMP_HEAD.slice(0, 48));
    expect(PCAP_SNAPLEN).toBe(262144);
    expect(LINKTYPE_ETHERNET).toBe(1);
  });

  it("writes records as tcpdump does (seconds, microseconds, captured and original length)", () => {
    // tcpdump's record: ts 0x6b01f587 s, 0x0113a9 µs, 90 bytes
    const t = 0x6b01f587 * 1e6 + 0x0113a9;
    const file = writePcap([{ timeUs: t, frame: golden("mldReportFromUnspecified") }]);
    expect(bytesToHex(file)).toBe(TCPDUMP_HEAD);
  });

  it("cuts frames longer than the snaplen, keeping the original length", () => {
    const w = new PcapWriter(64);
    w.add(1_500_000, pattern(0, 100));
    const r = readPcap(w.bytes());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.snaplen).toBe(64);
    expect(r.value.records).toEqual([{ timeUs: 1_500_000, frame: pattern(0, 64), origLen: 100 }]);
    expect(w.byteLength).toBe(24 + 16 + 64);
  });
});

describe("pcap reader", () => {
  it("reads tcpdump's file", () => {
    const r = readPcap(hexToBytes(TCPDUMP_HEAD));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ linktype: 1, snaplen: 262144, nanosecond: false, bigEndian: false });
    expect(r.value.records[0].timeUs).toBe(0x6b01f587 * 1e6 + 0x0113a9);
    expect(r.value.records[0].frame).toEqual(golden("mldReportFromUnspecified"));
  });

  it("reads big-endian and nanosecond files", () => {
    const be = hexToBytes(
      "a1b2c3d4" +
        "00020004" +
        "00000000" +
        "00000000" +
        "0000ffff" +
        "00000001" +
        "00000002000000030000000200000005" +
        "abcd",
    );
    const r = readPcap(be);
    expect(r.ok && r.value.bigEndian).toBe(true);
    expect(r.ok && r.value.records).toEqual([{ timeUs: 2_000_003, frame: hexToBytes("abcd"), origLen: 5 }]);
    const ns = hexToBytes(
      "4d3cb2a1" +
        "0200" +
        "0400" +
        "00000000" +
        "00000000" +
        "ffff0000" +
        "01000000" +
        "02000000" +
        "40420f00" +
        "00000000" +
        "00000000",
    );
    const n = readPcap(ns);
    expect(n.ok && n.value.nanosecond).toBe(true);
    expect(n.ok && n.value.records[0].timeUs).toBe(2_001_000);
  });

  it("never throws: bad magic, short header, cut records", () => {
    expect(readPcap(new Uint8Array(10)).ok).toBe(false);
    expect(readPcap(hexToBytes("0a0d0d0a" + "00".repeat(24)))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/pcapng/),
    });
    const cut = readPcap(hexToBytes(TCPDUMP_HEAD).subarray(0, 24 + 16 + 50));
    expect(cut.ok && cut.value.truncated).toBe(true);
    expect(cut.ok && cut.value.records.length).toBe(0);
    const cutHeader = readPcap(hexToBytes(TCPDUMP_HEAD).subarray(0, 30));
    expect(cutHeader.ok && cutHeader.value.truncated).toBe(true);
  });
});

// ------------------------------------------------------------------ against the real tools

/** Frames built by hand (never parsed from a capture) for the tshark check. */
function handBuiltFrames(): Array<{ name: string; frame: EthernetFrame }> {
  const echo: Ipv4Packet = {
    kind: "ipv4",
    tos: 0,
    id: 2821,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: IpProto.ICMP,
    src: A("10.244.0.0"),
    dst: A("10.244.1.0"),
    payload: { kind: "icmp", type: 8, code: 0, rest: echoRest(7, 1), data: pattern(0, 56) },
  };
  const vxlan: EthernetFrame = {
    dst: M("02:00:00:00:00:02"),
    src: M("02:00:00:00:00:01"),
    ethertype: EtherType.IPv4,
    payload: {
      kind: "ipv4",
      tos: 0,
      id: 1,
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: IpProto.UDP,
      src: A("192.168.56.11"),
      dst: A("192.168.56.12"),
      payload: {
        kind: "udp",
        srcPort: 47556,
        dstPort: 8472,
        payload: {
          kind: "vxlan",
          flags: 0x08,
          vni: 1,
          inner: {
            dst: M("0a:00:00:00:00:02"),
            src: M("0a:00:00:00:00:01"),
            ethertype: EtherType.IPv4,
            payload: echo,
          },
        },
      },
    },
  };
  const syn: EthernetFrame = {
    dst: M("02:00:00:00:00:02"),
    src: M("02:00:00:00:00:01"),
    ethertype: EtherType.IPv4,
    payload: {
      kind: "ipv4",
      tos: 0,
      id: 2,
      df: true,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: IpProto.TCP,
      src: A("10.0.0.1"),
      dst: A("10.0.0.2"),
      payload: {
        kind: "tcp",
        srcPort: 40001,
        dstPort: 80,
        seq: 0xdeadbeef,
        ack: 0,
        flags: TcpFlag.SYN,
        window: 64240,
        urgent: 0,
        options: [
          { kind: "mss", value: 1460 },
          { kind: "sackPermitted" },
          { kind: "timestamps", tsval: 1, tsecr: 0 },
          { kind: "nop" },
          { kind: "windowScale", shift: 7 },
        ],
        payload: new Uint8Array(0),
      },
    },
  };
  const udp: Ipv4Packet = {
    kind: "ipv4",
    tos: 0,
    id: 3,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: IpProto.UDP,
    src: A("10.0.0.1"),
    dst: A("10.0.0.2"),
    payload: {
      kind: "udp",
      srcPort: 40000,
      dstPort: 9999,
      payload: { kind: "raw", bytes: ascii("hello\n") },
    },
  };
  const unreachable: EthernetFrame = {
    dst: M("02:00:00:00:00:01"),
    src: M("02:00:00:00:00:02"),
    ethertype: EtherType.IPv4,
    payload: {
      kind: "ipv4",
      tos: icmpErrorTos(0),
      id: 4,
      df: false,
      mf: false,
      fragOffset: 0,
      ttl: 64,
      protocol: IpProto.ICMP,
      src: A("10.0.0.254"),
      dst: A("10.0.0.1"),
      payload: icmpError(
        3,
        4,
        {
          ...udp,
          payload: { ...udp.payload, payload: { kind: "raw", bytes: pattern(0, 1400) } },
        } as Ipv4Packet,
        fragNeededRest(1400),
      )!,
    },
  };
  const group = A6("ff02::1:ff00:2");
  const mld: EthernetFrame = {
    dst: ip6MulticastMac(A6("ff02::16")),
    src: M("02:00:00:00:00:02"),
    ethertype: EtherType.IPv6,
    payload: {
      kind: "ipv6",
      trafficClass: 0,
      flowLabel: 0,
      hopLimit: 1,
      src: A6("fe80::ff:fe00:2"),
      dst: A6("ff02::16"),
      hopByHop: mldHopByHopOptions(),
      nextHeader: IpProto.ICMPV6,
      payload: {
        kind: "icmpv6",
        type: Icmpv6Type.MLD2_REPORT,
        code: 0,
        body: mld2ReportBody([{ type: Mld2RecordType.CHANGE_TO_EXCLUDE, group }]),
      },
    },
  };
  const arp: EthernetFrame = {
    dst: M("ff:ff:ff:ff:ff:ff"),
    src: M("02:00:00:00:00:01"),
    ethertype: EtherType.ARP,
    payload: {
      kind: "arp",
      op: 1,
      sha: M("02:00:00:00:00:01"),
      spa: A("10.0.0.1"),
      tha: M("00:00:00:00:00:00"),
      tpa: A("10.0.0.2"),
    },
  };
  return [
    { name: "vxlan", frame: vxlan },
    { name: "syn", frame: syn },
    {
      name: "udp",
      frame: {
        dst: M("02:00:00:00:00:02"),
        src: M("02:00:00:00:00:01"),
        ethertype: EtherType.IPv4,
        payload: udp,
      },
    },
    { name: "fragNeeded", frame: unreachable },
    { name: "mld", frame: mld },
    { name: "arp", frame: arp },
  ];
}

// Node-only helpers, loaded at run time so that this file still compiles with lib ES2022 only.
interface NodeFs {
  readFileSync(path: string): Uint8Array;
  writeFileSync(path: string, data: Uint8Array): void;
  mkdtempSync(prefix: string): string;
  rmSync(path: string, opts: { recursive: boolean; force: boolean }): void;
}
interface NodeChildProcess {
  execFileSync(file: string, args: string[], opts: { encoding: "utf8"; stdio?: unknown[] }): string;
}
const load = (m: string): Promise<unknown> => import(/* @vite-ignore */ m);
const fs = (await load("node:fs")) as NodeFs;
const cp = (await load("node:child_process")) as NodeChildProcess;
const tmpdir = ((await load("node:os")) as { tmpdir(): string }).tmpdir();
const { fileURLToPath } = (await load("node:url")) as { fileURLToPath(url: string): string };
const here = fileURLToPath((import.meta as unknown as { url: string }).url).replace(/[^/\\]*$/, "");
const console = (globalThis as unknown as { console: { warn(msg: string): void } }).console;

function hasTool(name: string): boolean {
  try {
    cp.execFileSync(name, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return true;
  } catch {
    return false;
  }
}
const HAVE_TSHARK = hasTool("tshark");
if (!HAVE_TSHARK) {
  console.warn(
    "wire/pcap.test.ts: tshark is not installed, skipping the tshark decode check (apt-get install -y tshark)",
  );
}

describe("the real captures in testdata/", () => {
  for (const file of ["veth-pair.pcap", "router.pcap", "vxlan.pcap"]) {
    it(`${file}: every frame parses, re-emits byte for byte, and matches the goldens`, () => {
      const r = readPcap(fs.readFileSync(here + "testdata/" + file));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.records.length).toBeGreaterThan(5);
      for (const [i, rec] of r.value.records.entries()) {
        expect(rec.origLen).toBe(rec.frame.length);
        const f = parseEthernet(rec.frame);
        expect(f.ok, `${file} #${i}`).toBe(true);
        if (f.ok) expect(bytesToHex(emitEthernet(f.value)), `${file} #${i}`).toBe(bytesToHex(rec.frame));
      }
      for (const g of Object.values(GOLDEN)) {
        if (g.file === file) expect(bytesToHex(r.value.records[g.index].frame)).toBe(g.hex);
      }
    });
  }
});

describe.skipIf(!HAVE_TSHARK)("tshark decodes a pcap our writer produced", () => {
  it("frames, virtual timestamps, protocols and checksums, VXLAN on 8472 included", () => {
    const frames = handBuiltFrames();
    const w = new PcapWriter();
    frames.forEach((f, i) => w.add(1_000_000 * (i + 1) + 250, emitEthernet(f.frame)));
    const dir = fs.mkdtempSync(tmpdir + "/hopscope-pcap-");
    const path = dir + "/hand-built.pcap";
    try {
      fs.writeFileSync(path, w.bytes());
      const out = cp.execFileSync(
        "tshark",
        [
          "-r",
          path,
          "-d",
          "udp.port==8472,vxlan",
          "-o",
          "ip.check_checksum:TRUE",
          "-o",
          "udp.check_checksum:TRUE",
          "-o",
          "tcp.check_checksum:TRUE",
          "-T",
          "fields",
          "-E",
          "separator=|",
          "-e",
          "frame.time_epoch",
          "-e",
          "frame.len",
          "-e",
          "frame.protocols",
          "-e",
          "ip.checksum.status",
          "-e",
          "udp.checksum.status",
          "-e",
          "tcp.checksum.status",
          "-e",
          "icmp.checksum.status",
          "-e",
          "icmpv6.checksum.status",
          "-e",
          "vxlan.vni",
          "-e",
          "icmp.type",
          "-e",
          "icmp.code",
          "-e",
          "icmp.mtu",
          "-e",
          "tcp.options.mss_val",
          "-e",
          "_ws.malformed",
          "-e",
          "_ws.expert.severity",
        ],
        { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
      );
      const rows = out
        .trim()
        .split("\n")
        .map((l) => l.split("|"));
      expect(rows.length).toBe(frames.length);
      const col = (i: number, c: number): string => rows[i][c];
      rows.forEach((_, i) => {
        expect(col(i, 0), "time").toBe(`${i + 1}.000250000`);
        expect(Number(col(i, 1)), "length").toBe(emitEthernet(frames[i].frame).length);
        expect(col(i, 13), `malformed in ${frames[i].name}`).toBe("");
        // no expert info at warning (6291456) or error (8388608) level
        for (const s of col(i, 14).split(",").filter(Boolean)) expect(Number(s)).toBeLessThan(6291456);
      });
      // 0: VXLAN-encapsulated ICMP echo request, every checksum good (1), VNI 1
      expect(col(0, 2)).toBe("eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data");
      expect(col(0, 3)).toBe("1,1");
      expect(col(0, 4)).toBe("1");
      expect(col(0, 6)).toBe("1");
      expect(col(0, 8)).toBe("1");
      expect(col(0, 9)).toBe("8");
      // 1: TCP SYN with options
      expect(col(1, 2)).toBe("eth:ethertype:ip:tcp");
      expect(col(1, 5)).toBe("1");
      expect(col(1, 12)).toBe("1460");
      // 2: UDP
      expect(col(2, 2)).toBe("eth:ethertype:ip:udp:data");
      expect(col(2, 4)).toBe("1");
      // 3: ICMP frag needed, quoting a UDP datagram
      expect(col(3, 2)).toBe("eth:ethertype:ip:icmp:ip:udp:data");
      expect(col(3, 9)).toBe("3");
      expect(col(3, 10)).toBe("4");
      expect(col(3, 11)).toBe("1400");
      expect(Number(col(3, 1))).toBe(14 + 576);
      // 4: MLDv2 report behind a hop-by-hop header
      expect(col(4, 2)).toBe("eth:ethertype:ipv6:ipv6.hopopts:icmpv6");
      expect(col(4, 7)).toBe("1");
      // 5: ARP
      expect(col(5, 2)).toBe("eth:ethertype:arp");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
