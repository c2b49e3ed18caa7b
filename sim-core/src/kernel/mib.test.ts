/**
 * The SNMP counters and their files: the layout of a new namespace's /proc/net/snmp and snmp6
 * (as the oracle's 6.18 prints them), IcmpMsg lines only for the types seen (16 a line, In types
 * first), the lazily allocated groups, and the namespace-wide ICMP credit.
 */
import { describe, expect, it } from "vitest";
import { runLab, runCommand } from "../lab/runner";
import { Shell } from "../shell/interp";
import { defaultCommands } from "../shell/commands";
import { ICMP, IP, Mib, procNetSnmp } from "./mib";
import { IcmpGlobalLimit } from "./icmp-limit";
import { timerWheelDelay } from "./timer-wheel";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";

function host() {
  const { world } = runLab("");
  const m = world.machine("host");
  const sh = new Shell(world, m, defaultCommands(), false);
  return { world, ns: m.root, run: (line: string) => runCommand(sh, line).output };
}

describe("/proc/net/snmp", () => {
  it("starts with zeros, Forwarding 2 and the default TTL, and no IcmpMsg lines", () => {
    const { run } = host();
    const lines = run("cat /proc/net/snmp").split("\n");
    expect(lines[0].startsWith("Ip: Forwarding DefaultTTL InReceives InHdrErrors")).toBe(true);
    expect(lines[0].endsWith("FragCreates OutTransmits")).toBe(true);
    expect(lines[1]).toBe("Ip: 2 64 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
    expect(lines[5]).toBe("Tcp: 1 200 120000 -1 0 0 0 0 0 0 0 0 0 0 0");
    expect(lines.filter((l) => l.startsWith("IcmpMsg"))).toEqual([]);
    expect(lines.length).toBe(11);
    run("sysctl -w net.ipv4.ip_forward=1");
    expect(run("cat /proc/net/snmp").split("\n")[1].startsWith("Ip: 1 64 ")).toBe(true);
  });

  it("lists the ICMP types seen, 16 to a line, In before Out", () => {
    const { ns } = host();
    for (let t = 0; t < 20; t++) ns.mib.icmpIn(t);
    ns.mib.icmpOut(8);
    const msg = procNetSnmp(ns)
      .split("\n")
      .filter((l) => l.startsWith("IcmpMsg"));
    expect(msg).toHaveLength(4);
    expect(msg[0].split(" ")).toHaveLength(17);
    expect(msg[2]).toBe("IcmpMsg: InType16 InType17 InType18 InType19 OutType8");
    expect(msg[3]).toBe("IcmpMsg: 1 1 1 1 1");
    expect(ns.mib.icmp[ICMP.InMsgs]).toBe(20);
  });

  it("counts a ping over lo as the kernel does", () => {
    const { ns, run } = host();
    run("ping -c 1 127.0.0.1");
    expect(ns.mib.ip[IP.InReceives]).toBe(2);
    expect(ns.mib.ip[IP.OutRequests]).toBe(2);
    expect(ns.mib.ip[IP.OutTransmits]).toBe(2);
    expect(run("grep IcmpMsg /proc/net/snmp")).toBe(
      "IcmpMsg: InType0 InType8 OutType0 OutType8\nIcmpMsg: 1 1 1 1\n",
    );
  });
});

describe("/proc/net/snmp6", () => {
  it("prints name and value with a tab, the named ICMPv6 types, then TypeN lines for types seen", () => {
    const { run, ns } = host();
    const zero = run("cat /proc/net/snmp6").split("\n");
    expect(zero[0]).toBe("Ip6InReceives                   \t0");
    expect(zero.length).toBe(87);
    ns.mib.icmp6Out(133);
    const after = run("cat /proc/net/snmp6");
    expect(after).toContain("Icmp6OutRouterSolicits          \t1\n");
    expect(after).toContain("Icmp6OutType133                 \t1\nUdp6InDatagrams");
  });
});

describe("Mib", () => {
  it("allocates a group on its first use only", () => {
    const m = new Mib();
    const before = Object.keys(m).filter((k) => (m as unknown as Record<string, unknown>)[k] !== undefined);
    void m.tcpExt;
    const after = Object.keys(m).filter((k) => (m as unknown as Record<string, unknown>)[k] !== undefined);
    expect(after.length).toBe(before.length + 1);
    expect(m.udpLite.every((v) => v === 0)).toBe(true);
  });
});

describe("icmp_global_allow", () => {
  it("refuses everything at icmp_msgs_per_sec 0, then grants a burst", () => {
    const g = new IcmpGlobalLimit(1);
    expect(g.allow(10 * NS_PER_S, 0, 50)).toBe(false);
    expect(g.allow(10 * NS_PER_S, 1000, 50)).toBe(true);
    for (let i = 0; i < 20; i++) g.consume();
    expect(g.allow(10 * NS_PER_S, 1000, 50)).toBe(true);
  });
});

describe("timer wheel", () => {
  it("never fires early and rounds up to the level's granularity", () => {
    // 40 ms (10 jiffies, level 0): the next jiffy after the expiry
    expect(timerWheelDelay(0, 40 * NS_PER_MS)).toBe(44 * NS_PER_MS);
    // 1 s (250 jiffies, level 1): a multiple of 8 jiffies after the expiry
    const d = timerWheelDelay(3 * NS_PER_MS, NS_PER_S);
    expect(d).toBeGreaterThan(NS_PER_S);
    expect(d).toBeLessThanOrEqual(NS_PER_S + 32 * NS_PER_MS);
    expect((3 * NS_PER_MS + d) % (32 * NS_PER_MS)).toBe(0);
  });
});
