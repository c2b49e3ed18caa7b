/**
 * Several terminals at once: tcpdump listening in one while ping sends from another, both paced
 * against real time; a terminal's next command waits for its running one, other terminals' do
 * not; the capture is recorded as a background job, so the script replays the same packets.
 */
import { describe, expect, it } from "vitest";
import { journeyApi } from "./journey-api";
import { fakeClockHost } from "./fake-clock-host";

const setup = fakeClockHost;

const LAB = `#@link a:eth0 b:eth0
#@machine a
sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
#@machine b
sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
`;

describe("SimHost with several terminals", () => {
  it("prints tcpdump's capture live while another terminal pings, and Ctrl-C gives its summary", async () => {
    const { host, later, output, done } = setup();
    await host.load({ script: LAB, seed: 1 });
    await host.prefetch(); // tcpdump's code loads on demand
    host.submit("a", "tcpdump -i eth0 -n icmp");
    later(200);
    expect(output("a")).toContain("listening on eth0");
    host.submit("b", "ping -c 3 10.0.0.1");
    later(300);
    // the ping runs although tcpdump has not finished
    expect(output("b")).toMatch(/icmp_seq=1 ttl=64/);
    expect(output("b")).not.toMatch(/icmp_seq=2/);
    later(1000);
    expect(output("b")).toMatch(/icmp_seq=2 ttl=64/);
    // paced: the third reply comes two seconds after the first, not at once
    expect(output("b")).not.toMatch(/icmp_seq=3/);
    later(1100);
    expect(output("b")).toMatch(/3 packets transmitted, 3 received/);
    expect(done("b")).toBe(1);
    // the capture printed the packets while it ran (libpcap hands them over each second)
    later(1200);
    expect(output("a").match(/ICMP echo request/g)).toHaveLength(3);
    expect(output("a").match(/ICMP echo reply/g)).toHaveLength(3);
    expect(done("a")).toBe(0);
    expect(host.view().busy).toBe(true);
    host.interrupt("a");
    later(50);
    expect(done("a")).toBe(1);
    expect(output("a")).toMatch(
      /\^C\n6 packets captured\n6 packets received by filter\n0 packets dropped by kernel\n$/,
    );
    const script = host.view().script;
    expect(script).toMatch(/^timeout -s INT [\d.]+ tcpdump -i eth0 -n icmp &$/m);
    expect(script).toMatch(/^ping -c 3 10\.0\.0\.1$/m);
    // the replay runs the capture in the background while the ping runs: the same packets
    const again = setup();
    await again.host.load({
      script: script.replace(/tcpdump -i eth0 -n icmp &/, "tcpdump -i eth0 -n -w /tmp/c.pcap icmp &"),
      seed: 1,
    });
    await again.host.prefetch();
    // (the background capture ends 3.8 s after it started, and writes its file then)
    again.host.submit("a", "sleep 3");
    again.later(3100);
    const file = journeyApi(() => again.host.liveSession()).machineFile("a", "/tmp/c.pcap");
    expect(file!.length).toBe(24 + 6 * (16 + 98));
    again.host.submit("a", "tcpdump -r /tmp/c.pcap -n");
    again.later(100);
    expect(again.output("a").match(/ICMP echo (request|reply)/g)).toHaveLength(6);
  });

  it("runs a terminal's commands in order, the others' meanwhile; a directive waits for them all", async () => {
    const { host, later, output, done, events } = setup();
    await host.load({ script: LAB, seed: 1 });
    host.submit("a", "sleep 2");
    host.submit("a", "echo after-sleep");
    host.submit("b", "echo from-b");
    later(100);
    expect(output("b")).toBe("from-b\n");
    expect(output("a")).toBe("");
    expect(host.directive("#@machine c").ok).toBe(true);
    host.submit("b", "echo b-after-directive");
    later(100);
    // the directive waits for `sleep 2`, and b's next command waits for the directive
    expect(events.some((e) => e.t === "world" && e.view.machines.includes("c"))).toBe(false);
    expect(output("b")).toBe("from-b\n");
    later(2100);
    expect(output("a")).toBe("after-sleep\n");
    expect(output("b")).toBe("from-b\nb-after-directive\n");
    expect(done("a")).toBe(2);
    expect(host.view().machines).toContain("c");
    expect(host.view().busy).toBe(false);
  });

  it("gives every terminal its turn while one floods", async () => {
    const { host, later, output, done } = setup();
    await host.load({ script: LAB, seed: 1 });
    host.submit("b", "ping -f -c 3000 10.0.0.1");
    host.submit("a", "ping -c 2 10.0.0.2");
    later(1200);
    expect(output("a")).toMatch(/icmp_seq=2 ttl=64/);
    later(30_000);
    expect(done("b")).toBe(1);
    expect(output("b")).toMatch(/3000 packets transmitted, 3000 received/);
  }, 60_000);
});
