/**
 * tcpdump live in one terminal while another terminal sends: the Session runs both commands at
 * once (one per terminal), the capture prints the ping as it happens, Ctrl-C ends it with
 * tcpdump's statistics, and the script records the capture as a background job, so a replay
 * captures the same packets.
 */
import { describe, expect, it } from "vitest";
import { Session } from "../../src/api/session";
import { NS_PER_MS } from "../../src/engine/scheduler";

const LAB = [
  "#@link a:eth0 b:eth0",
  "#@machine a",
  "sysctl -w net.ipv6.conf.all.disable_ipv6=1",
  "ip addr add 10.0.0.1/24 dev eth0",
  "ip link set eth0 up",
  "#@machine b",
  "sysctl -w net.ipv6.conf.all.disable_ipv6=1",
  "ip addr add 10.0.0.2/24 dev eth0",
  "ip link set eth0 up",
].join("\n");

describe("tcpdump in one terminal, ping in another", () => {
  it("prints the packets live and ends on Ctrl-C with the summary", () => {
    const s = new Session({ script: LAB });
    let out = "";
    let err = "";
    const cap = s.run("a", "tcpdump -i eth0 -n -t icmp", (chunk, stream) => {
      if (stream === "stdout") out += chunk;
      else err += chunk;
    });
    let limit = s.world.sched.now;
    expect(cap.advance(limit)).toBe(false);
    expect(err).toBe(
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n",
    );
    const ping = s.run("b", "ping -c 2 10.0.0.1", () => {});
    while (!ping.done) {
      limit += 50 * NS_PER_MS;
      cap.advance(limit);
      ping.advance(limit);
    }
    // the ring hands packets over within a second
    limit += 1500 * NS_PER_MS;
    cap.advance(limit);
    expect(
      out
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/id \d+/, "id N")),
    ).toEqual([
      "IP 10.0.0.2 > 10.0.0.1: ICMP echo request, id N, seq 1, length 64",
      "IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id N, seq 1, length 64",
      "IP 10.0.0.2 > 10.0.0.1: ICMP echo request, id N, seq 2, length 64",
      "IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id N, seq 2, length 64",
    ]);
    expect(cap.done).toBe(false);
    cap.interrupt();
    expect(cap.advance(limit)).toBe(true);
    expect(err).toMatch(/\n4 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n$/);
    const script = s.script();
    const line = script.split("\n").find((l) => l.includes("tcpdump"))!;
    expect(line).toMatch(/^timeout -s INT [\d.]+ tcpdump -i eth0 -n -t icmp &$/);
    // the replay runs the capture in the background while the ping runs
    const r = new Session({ script: script.replace(line, line.replace("icmp &", "-w /tmp/p.pcap icmp &")) });
    r.runSync("a", "sleep 3");
    let text = "";
    r.runSync("a", "tcpdump -r /tmp/p.pcap -n -t", (c) => (text += c));
    expect(text.match(/ICMP echo/g)?.length).toBe(4);
  });
});
