/**
 * The iptables lines of the project's shared labs (bridge-nat, docker-bridge, flannel-vxlan),
 * copied here with their recorded output: the rule set-up, -S listings and, for docker-bridge,
 * the `-t nat -L -n -v` counters after the lab's traffic (replayed through the hooks).
 */
import { describe, expect, it } from "vitest";
import type { Netfilter, NfSkb } from "./types";
import { createNetfilter } from "./tables";
import { nfHook } from "./hooks";
import { runIptables } from "./iptables";
import { shellWords } from "./testing/transcript";
import { fakeKernel, icmpEcho, ip4, skbOf, tcp } from "./testing/packets";

function run(nf: Netfilter, line: string): { out: string; exit: number } {
  const r = runIptables(nf, shellWords(line).slice(1));
  return { out: r.stdout + r.stderr, exit: r.exitCode };
}

describe("bridge-nat.sh", () => {
  it("rules and listings", () => {
    const nf = createNetfilter();
    for (const l of [
      "iptables -P FORWARD DROP",
      "iptables -N DOCKER-USER",
      "iptables -A FORWARD -j DOCKER-USER",
      "iptables -A DOCKER-USER -j RETURN",
    ]) {
      expect(run(nf, l)).toEqual({ out: "", exit: 0 });
    }
    expect(run(nf, "iptables -t filter -S").out).toBe(
      "-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N DOCKER-USER\n-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -j RETURN\n",
    );
    expect(run(nf, "iptables -t filter -I DOCKER-USER -j ACCEPT").exit).toBe(0);
    expect(run(nf, "iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE").exit).toBe(0);
    expect(run(nf, "iptables -t nat -S").out).toBe(
      "-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE\n",
    );
    expect(run(nf, "iptables -t nat -L -n -v").out).toBe(
      [
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "",
        "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "",
        "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "",
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    0     0 MASQUERADE  0    --  *      *       11.11.11.0/24        0.0.0.0/0           ",
        "",
      ].join("\n"),
    );
    expect(run(nf, "iptables -t filter -D DOCKER-USER -j ACCEPT").exit).toBe(0);
    expect(run(nf, "iptables -t nat -D POSTROUTING -s 11.11.11.0/24 -j MASQUERADE").exit).toBe(0);
    expect(run(nf, "iptables -S").out).toBe(
      "-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n-N DOCKER-USER\n-A FORWARD -j DOCKER-USER\n-A DOCKER-USER -j RETURN\n",
    );
  });

  it("br_netfilter: RED -> BLUE across br0 is dropped by the FORWARD policy until DOCKER-USER accepts", () => {
    const nf = createNetfilter();
    for (const l of [
      "iptables -P FORWARD DROP",
      "iptables -N DOCKER-USER",
      "iptables -A FORWARD -j DOCKER-USER",
      "iptables -A DOCKER-USER -j RETURN",
    ])
      run(nf, l);
    const k = fakeKernel({ br0: [] });
    const bridged = () => {
      const skb: NfSkb = {
        ...skbOf(icmpEcho("11.11.11.2", "11.11.11.3"), "br0", null),
        physIn: "reth1",
        bridged: true,
      };
      nfHook(nf, "PREROUTING", skb, k.env);
      skb.outDev = "br0";
      skb.physOut = "beth1";
      return nfHook(nf, "FORWARD", skb, k.env);
    };
    expect(bridged()).toMatchObject({ verdict: "drop", where: { chain: "FORWARD", rule: null } });
    run(nf, "iptables -t filter -I DOCKER-USER -j ACCEPT");
    expect(bridged()).toEqual({ verdict: "accept" });
  });
});

describe("docker-bridge.sh", () => {
  const nf = createNetfilter();
  const setup = [
    "iptables -t nat -N DOCKER",
    "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
    "iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
    "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
    "iptables -t nat -A DOCKER -i docker0 -j RETURN",
    "iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 10001 -j DNAT --to-destination 172.17.0.2:80",
  ];
  it("set-up and -S", () => {
    for (const l of setup) expect(run(nf, l)).toEqual({ out: "", exit: 0 });
    expect(run(nf, "iptables -t nat -S").out).toBe(
      [
        "-P PREROUTING ACCEPT",
        "-P INPUT ACCEPT",
        "-P OUTPUT ACCEPT",
        "-P POSTROUTING ACCEPT",
        "-N DOCKER",
        "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
        "-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
        "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        "-A DOCKER -i docker0 -j RETURN",
        "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 10001 -j DNAT --to-destination 172.17.0.2:80",
        "",
      ].join("\n"),
    );
  });
  it("the lab's traffic gives the recorded counters", () => {
    const k = fakeKernel({ eth0: ["192.168.50.10"], docker0: ["172.17.0.1"] });
    const pre = (ip: NfSkb["ip"], dev: string) => {
      const skb = skbOf(ip, dev, null);
      nfHook(nf, "PREROUTING", skb, k.env);
      return skb;
    };
    // web1: ping 172.17.0.1 (local: DOCKER, RETURN on -i docker0), then INPUT
    const s1 = pre(icmpEcho("172.17.0.2", "172.17.0.1"), "docker0");
    nfHook(nf, "INPUT", s1, k.env);
    // web1: ping 192.168.50.20 (forwarded, MASQUERADE on eth0)
    const s2 = pre(icmpEcho("172.17.0.2", "192.168.50.20", { id: 9 }), "docker0");
    s2.outDev = "eth0";
    nfHook(nf, "FORWARD", s2, k.env);
    nfHook(nf, "POSTROUTING", s2, k.env);
    expect(s2.ip.src).toBe(ip4("192.168.50.10"));
    // host: curl 172.17.0.2:80 (OUTPUT: not LOCAL, no DOCKER)
    const s3: NfSkb = {
      ip: tcp("172.17.0.1", 41000, "172.17.0.2", 80, 0x02),
      inDev: null,
      outDev: "docker0",
      mark: 0,
    };
    nfHook(nf, "OUTPUT", s3, k.env);
    nfHook(nf, "POSTROUTING", s3, k.env);
    // client: curl 192.168.50.10:10001 (DNAT to 172.17.0.2:80) and :10002 (no rule)
    const s4 = pre(tcp("192.168.50.20", 42000, "192.168.50.10", 10001, 0x02, { synOptions: true }), "eth0");
    expect(s4.ip.dst).toBe(ip4("172.17.0.2"));
    s4.outDev = "docker0";
    nfHook(nf, "FORWARD", s4, k.env);
    nfHook(nf, "POSTROUTING", s4, k.env);
    const s5 = pre(tcp("192.168.50.20", 42001, "192.168.50.10", 10002, 0x02, { synOptions: true }), "eth0");
    nfHook(nf, "INPUT", s5, k.env);
    expect(run(nf, "iptables -t nat -L -n -v").out).toBe(
      [
        "Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    3   204 DOCKER     0    --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL",
        "",
        "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "",
        "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    0     0 DOCKER     0    --  *      *       0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL",
        "",
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    1    84 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0           ",
        "",
        "Chain DOCKER (2 references)",
        " pkts bytes target     prot opt in     out     source               destination         ",
        "    1    84 RETURN     0    --  docker0 *       0.0.0.0/0            0.0.0.0/0           ",
        "    1    60 DNAT       6    --  !docker0 *       0.0.0.0/0            0.0.0.0/0            tcp dpt:10001 to:172.17.0.2:80",
        "",
      ].join("\n"),
    );
  });
});

describe("flannel-vxlan.sh", () => {
  it("rules, -S | grep, and -L POSTROUTING format", () => {
    const nf = createNetfilter();
    for (const l of [
      "iptables -A FORWARD -s 172.16.0.0/16 -j ACCEPT",
      "iptables -A FORWARD -d 172.16.0.0/16 -j ACCEPT",
      "iptables -t nat -A POSTROUTING -s 172.16.0.0/16 -d 172.16.0.0/16 -j RETURN",
      "iptables -t nat -A POSTROUTING -s 172.16.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully",
      "iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.1.0/24 -j RETURN",
      "iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.0.0/16 -j MASQUERADE --random-fully",
    ]) {
      expect(run(nf, l)).toEqual({ out: "", exit: 0 });
    }
    expect(run(nf, "iptables -t filter -S").out).toContain(
      "-A FORWARD -s 172.16.0.0/16 -j ACCEPT\n-A FORWARD -d 172.16.0.0/16 -j ACCEPT\n",
    );
    const L = run(nf, "iptables -t nat -L POSTROUTING -n -v").out.split("\n");
    expect(L.slice(0, 2)).toEqual([
      "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)",
      " pkts bytes target     prot opt in     out     source               destination         ",
    ]);
    expect(L[3]).toBe(
      "    0     0 MASQUERADE  0    --  *      *       172.16.0.0/16       !224.0.0.0/4          random-fully",
    );
    expect(L[4]).toBe(
      "    0     0 RETURN     0    --  *      *      !172.16.0.0/16        172.16.1.0/24       ",
    );
  });
});
