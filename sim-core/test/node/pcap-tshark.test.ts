/**
 * The pcap files the simulator writes, read back by Debian's tshark (Wireshark's dissectors, VXLAN
 * on udp/8472 as flannel uses it): the journey of flannel's pod-to-pod ping, the capture of a
 * device (a link) from the Session's recorder, and a file written by the simulated tcpdump -w.
 * tshark is installed by scripts/ensure-tshark.sh (npm test); without it these tests are skipped
 * with a message saying so.
 */
import { describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "../../src/api/session";
import { commandsWithJourneys, devicePcap, getJourney, journeyPcap } from "../../src/api/journeys";
import { latin1ToBytes } from "../../src/capture/latin1";

const haveTshark = spawnSync("tshark", ["-v"], { stdio: "ignore" }).status === 0;
if (!haveTshark)
  console.warn(
    "tshark.test.ts: SKIPPED — Debian's tshark is not installed (bash scripts/ensure-tshark.sh installs it)",
  );

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/shared");
const tmp = haveTshark ? mkdtempSync(join(tmpdir(), "hopscope-pcap-")) : "";

/** tshark's fields, one row per frame. */
function tshark(bytes: Uint8Array, name: string, fields: string[]): string[][] {
  const file = join(tmp, name);
  writeFileSync(file, bytes);
  const out = execFileSync(
    "tshark",
    [
      "-r",
      file,
      "-d",
      "udp.port==8472,vxlan",
      "-T",
      "fields",
      "-E",
      "separator=|",
      ...fields.flatMap((f) => ["-e", f]),
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return out
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("|"));
}

describe.skipIf(!haveTshark)("pcap files open in tshark with the same packets", () => {
  const s = new Session({ script: readFileSync(join(fixtures, "flannel-vxlan.sh"), "utf8") });
  const cmd = commandsWithJourneys(s).find(
    (c) => c.command.line === "ip netns exec pod-1 ping -c 1 -W 1 172.16.2.8",
  )!;
  const ping = getJourney(s, cmd.journeys[0])!;

  it("a journey: the pod's echo request, bare in the pods and cni0, wrapped in VXLAN VNI 1 on the underlay", () => {
    const rows = tshark(journeyPcap(s, ping.id), "journey.pcap", [
      "ip.src",
      "ip.dst",
      "udp.dstport",
      "vxlan.vni",
      "icmp.type",
    ]);
    const xmits = ping.hops.filter((h) => h.label === "xmit");
    expect(rows.length).toBe(xmits.length);
    rows.forEach((r, i) => {
      const p = xmits[i].packet!;
      if (p.protocol === "VXLAN") {
        // outer and inner IPv4 addresses both appear, the VNI is decoded, the inner packet is the echo request
        expect(r[0]).toBe(`${p.src},${p.inner!.src}`);
        expect(r[1]).toBe(`${p.dst},${p.inner!.dst}`);
        expect(r[2]).toBe("8472");
        expect(r[3]).toBe("1");
      } else {
        expect(r[0]).toBe(p.src);
        expect(r[1]).toBe(p.dst);
        expect(r[3]).toBe("");
      }
      expect(r[4]).toBe("8");
    });
    expect(rows.some((r) => r[3] === "1")).toBe(true);
  });

  it("a device: what crossed k8s-w1's enp0s8, in both directions", () => {
    const rows = tshark(devicePcap(s, "k8s-w1/root/enp0s8"), "dev.pcap", [
      "eth.type",
      "vxlan.vni",
      "icmp.type",
      "arp.opcode",
    ]);
    expect(rows.length).toBe(s.deviceFrames().filter((f) => f.key === "k8s-w1/root/enp0s8").length);
    // the pod ping's request went out encapsulated and its reply came back the same way
    expect(rows.filter((r) => r[1] === "1" && r[2] === "8").length).toBeGreaterThan(0);
    expect(rows.filter((r) => r[1] === "1" && r[2] === "0").length).toBeGreaterThan(0);
  });

  it("tcpdump -w: the file the simulated tcpdump wrote", () => {
    const lab = new Session({
      script: [
        "ip netns add A",
        "ip link add va netns A type veth peer name vb",
        "ip -n A addr add 10.9.0.1/24 dev va",
        "ip addr add 10.9.0.2/24 dev vb",
        "ip -n A link set va up",
        "ip link set vb up",
        "timeout 3 tcpdump -i vb -w /tmp/x.pcap icmp or arp >/dev/null 2>&1 &",
        "ip netns exec A ping -c 2 -i 0.2 10.9.0.2",
        "sleep 3",
      ].join("\n"),
    });
    const bytes = latin1ToBytes(lab.world.machines.get("host")!.files.get("/tmp/x.pcap")!);
    const rows = tshark(bytes, "w.pcap", ["arp.opcode", "icmp.type", "icmp.seq"]);
    expect(rows.map((r) => r.join(" ").trim())).toEqual(["1", "2", "8 1", "0 1", "8 2", "0 2"]);
  });
});
