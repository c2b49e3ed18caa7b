/**
 * The packet side: hook order, verdicts that name the rule, counters, jumps/gotos/RETURN,
 * conntrack states, NAT bindings and their translation of later packets and replies, ICMP errors
 * un-NATed, LOG lines, nftrace lines.
 */
import { describe, expect, it } from "vitest";
import type { Netfilter } from "./types";
import { runIptables } from "./iptables";
import { createNetfilter } from "./tables";
import { runConntrack } from "./conntrack-cli";
import { nfHook } from "./hooks";
import {
  deliver,
  fakeKernel,
  forward,
  icmpEcho,
  icmpError,
  ip4,
  send,
  skbOf,
  tcp,
  udp,
} from "./testing/packets";

function ipt(nf: Netfilter, cmd: string): void {
  const r = runIptables(nf, cmd.split(" "));
  if (r.exitCode !== 0) throw new Error(`${cmd}: ${r.stderr}`);
}

const FW = { eth0: ["10.0.1.1"], eth1: ["10.0.2.1"] };

describe("filter verdicts", () => {
  it("a policy DROP names the chain and policy", () => {
    const nf = createNetfilter();
    ipt(nf, "-P FORWARD DROP");
    const k = fakeKernel(FW);
    const r = forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(r.hook).toBe("FORWARD");
    expect(r.verdict).toEqual({
      verdict: "drop",
      where: { table: "filter", chain: "FORWARD", rule: null, text: "-P FORWARD DROP" },
      reason: "policy DROP of chain FORWARD (table filter)",
    });
  });

  it("a DROP rule in a user chain names that rule", () => {
    const nf = createNetfilter();
    ipt(nf, "-N DOCKER-USER");
    ipt(nf, "-A FORWARD -j DOCKER-USER");
    ipt(nf, "-A DOCKER-USER -s 10.0.1.0/24 -p icmp -j DROP");
    const k = fakeKernel(FW);
    const r = forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(r.verdict.verdict).toBe("drop");
    if (r.verdict.verdict === "drop") {
      expect(r.verdict.where).toEqual({
        table: "filter",
        chain: "DOCKER-USER",
        rule: 1,
        text: "-A DOCKER-USER -s 10.0.1.0/24 -p icmp -j DROP",
      });
    }
    const L = runIptables(nf, ["-L", "-n", "-v", "-x"]).stdout;
    expect(L).toContain(
      "       1       84 DOCKER-USER  0    --  *      *       0.0.0.0/0            0.0.0.0/0",
    );
  });

  it("REJECT returns the ICMP code or a TCP reset", () => {
    const nf = createNetfilter();
    ipt(nf, "-A INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset");
    ipt(nf, "-A INPUT -p tcp -j REJECT --reject-with icmp-host-prohibited");
    const k = fakeKernel(FW);
    const a = deliver(nf, k, tcp("10.0.1.2", 40000, "10.0.1.1", 22, 0x02), "eth0");
    expect(a.verdict).toMatchObject({ verdict: "reject", tcpReset: true, icmp: null, where: { rule: 1 } });
    const b = deliver(nf, k, tcp("10.0.1.2", 40000, "10.0.1.1", 80, 0x02), "eth0");
    expect(b.verdict).toMatchObject({
      verdict: "reject",
      tcpReset: false,
      icmp: { type: 3, code: 10 },
      where: { rule: 2 },
    });
  });

  it("-g returns to the caller's caller, -j to the caller, RETURN pops", () => {
    const nf = createNetfilter();
    for (const c of ["A", "B", "C"]) ipt(nf, `-N ${c}`);
    ipt(nf, "-A INPUT -j A");
    ipt(nf, "-A INPUT -p icmp");
    ipt(nf, "-A A -p icmp --icmp-type echo-request -g B");
    ipt(nf, "-A A -p icmp");
    ipt(nf, "-A B -j C");
    ipt(nf, "-A B -p icmp");
    ipt(nf, "-A C -j RETURN");
    ipt(nf, "-A C -p icmp");
    const k = fakeKernel({ lo: ["127.0.0.1"] });
    deliver(nf, k, icmpEcho("127.0.0.1", "127.0.0.1"), "lo");
    deliver(nf, k, icmpEcho("127.0.0.1", "127.0.0.1", { reply: true }), "lo");
    const t = nf.tables.filter!;
    const counts = (name: string) => t.chains.find((c) => c.name === name)!.rules.map((r) => r.counters.pkts);
    expect(counts("INPUT")).toEqual([2, 2]);
    expect(counts("A")).toEqual([1, 1]);
    expect(counts("B")).toEqual([1, 1]);
    expect(counts("C")).toEqual([1, 0]);
  });

  it("-i/-o with + wildcards and inversion, addresses with masks", () => {
    const nf = createNetfilter();
    ipt(nf, "-P FORWARD DROP");
    ipt(nf, "-A FORWARD -i eth+ ! -o eth0 -s 10.0.1.0/24 ! -d 10.0.9.0/24 -j ACCEPT");
    const k = fakeKernel(FW);
    expect(forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1").verdict.verdict).toBe("accept");
    expect(forward(nf, k, icmpEcho("10.0.1.2", "10.0.9.2"), "eth0", "eth1").verdict.verdict).toBe("drop");
    expect(forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth1", "eth0").verdict.verdict).toBe("drop");
    expect(forward(nf, k, icmpEcho("10.0.3.2", "10.0.2.2"), "eth0", "eth1").verdict.verdict).toBe("drop");
  });

  it("MARK sets skb->mark and -m mark matches it", () => {
    const nf = createNetfilter();
    ipt(nf, "-t mangle -A PREROUTING -p icmp -j MARK --set-mark 0x4000/0x4000");
    ipt(nf, "-A FORWARD -m mark --mark 0x4000/0x4000 -j DROP");
    const k = fakeKernel(FW);
    const r = forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(r.skb.mark).toBe(0x4000);
    expect(r.verdict.verdict).toBe("drop");
  });
});

describe("conntrack", () => {
  it("ping: NEW then ESTABLISHED, confirmed at POSTROUTING, listed like conntrack -L", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -m conntrack --ctstate NEW");
    ipt(nf, "-A FORWARD -m conntrack --ctstate ESTABLISHED");
    const k = fakeKernel(FW);
    forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2", { id: 87 }), "eth1", "eth0");
    k.advance(1);
    forward(nf, k, icmpEcho("10.0.2.2", "10.0.1.2", { id: 87, reply: true }), "eth0", "eth1");
    const f = nf.tables.filter!.chains.find((c) => c.name === "FORWARD")!;
    expect(f.rules.map((r) => r.counters.pkts)).toEqual([1, 1]);
    k.advance(5);
    const L = runConntrack(nf, ["-L"], { now: k.env.now });
    expect(L.stdout).toBe(
      "icmp     1 29 src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=87 src=10.0.2.2 dst=10.0.1.2 type=0 code=0 id=87 mark=0 use=1\n",
    );
    expect(L.stderr).toBe("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
  });

  it("a first packet dropped before confirm leaves no entry", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -m conntrack --ctstate NEW -j DROP");
    const k = fakeKernel(FW);
    forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(nf.conntrack.entries.size).toBe(0);
  });

  it("no rule needs conntrack: nothing is tracked", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -j ACCEPT");
    const k = fakeKernel(FW);
    forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(nf.conntrack.entries.size).toBe(0);
  });

  it("TCP: SYN_SENT, SYN_RECV, ESTABLISHED [ASSURED], FIN_WAIT, TIME_WAIT", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -m state --state INVALID -j DROP");
    const k = fakeKernel(FW);
    const c = "10.0.1.2";
    const s = "10.0.2.2";
    const line = () => runConntrack(nf, ["-L"], { now: k.env.now }).stdout;
    forward(nf, k, tcp(c, 40000, s, 80, 0x02), "eth0", "eth1");
    k.advance(1);
    expect(line()).toBe(
      `tcp      6 119 SYN_SENT src=${c} dst=${s} sport=40000 dport=80 [UNREPLIED] src=${s} dst=${c} sport=80 dport=40000 mark=0 use=1\n`,
    );
    forward(nf, k, tcp(s, 80, c, 40000, 0x12), "eth1", "eth0");
    k.advance(1);
    expect(line()).toContain("tcp      6 59 SYN_RECV ");
    forward(nf, k, tcp(c, 40000, s, 80, 0x10), "eth0", "eth1");
    k.advance(1);
    expect(line()).toBe(
      `tcp      6 431999 ESTABLISHED src=${c} dst=${s} sport=40000 dport=80 src=${s} dst=${c} sport=80 dport=40000 [ASSURED] mark=0 use=1\n`,
    );
    forward(nf, k, tcp(c, 40000, s, 80, 0x11), "eth0", "eth1");
    k.advance(1);
    expect(line()).toContain(" 119 FIN_WAIT ");
    forward(nf, k, tcp(s, 80, c, 40000, 0x11), "eth1", "eth0");
    forward(nf, k, tcp(c, 40000, s, 80, 0x10), "eth0", "eth1");
    k.advance(1);
    expect(line()).toContain(" 119 TIME_WAIT ");
    // a stray ACK for an unknown connection is picked up (nf_conntrack_tcp_loose), a stray RST is INVALID
    const r = forward(nf, k, tcp(c, 40001, s, 80, 0x04), "eth0", "eth1");
    expect(r.verdict.verdict).toBe("drop");
  });

  it("a RST answering a SYN kills the entry", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -m conntrack --ctstate INVALID -j DROP");
    const k = fakeKernel(FW);
    forward(nf, k, tcp("10.0.1.2", 40000, "10.0.2.2", 81, 0x02), "eth0", "eth1");
    forward(nf, k, tcp("10.0.2.2", 81, "10.0.1.2", 40000, 0x14), "eth1", "eth0");
    expect(nf.conntrack.entries.size).toBe(0);
  });

  it("UDP: UNREPLIED 30 s, then ASSURED 120 s once the stream lasts 2 s", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -m state --state NEW");
    const k = fakeKernel(FW);
    forward(nf, k, udp("10.0.1.2", 5000, "10.0.2.2", 53), "eth0", "eth1");
    k.advance(10);
    expect(runConntrack(nf, ["-L"], { now: k.env.now }).stdout).toBe(
      "udp      17 29 src=10.0.1.2 dst=10.0.2.2 sport=5000 dport=53 [UNREPLIED] src=10.0.2.2 dst=10.0.1.2 sport=53 dport=5000 mark=0 use=1\n",
    );
    forward(nf, k, udp("10.0.2.2", 53, "10.0.1.2", 5000), "eth1", "eth0");
    k.advance(10);
    expect(runConntrack(nf, ["-L"], { now: k.env.now }).stdout).toContain(
      "udp      17 29 src=10.0.1.2 dst=10.0.2.2 sport=5000 dport=53 src=",
    );
    k.advance(3000);
    forward(nf, k, udp("10.0.1.2", 5000, "10.0.2.2", 53), "eth0", "eth1");
    k.advance(10);
    expect(runConntrack(nf, ["-L"], { now: k.env.now }).stdout).toContain(" [ASSURED] mark=0 use=1");
    expect(runConntrack(nf, ["-L"], { now: k.env.now }).stdout).toMatch(/^udp {6}17 119 /);
    k.advance(121000);
    expect(runConntrack(nf, ["-C"], { now: k.env.now }).stdout).toBe("0\n");
  });

  it("NOTRACK makes packets UNTRACKED", () => {
    const nf = createNetfilter();
    ipt(nf, "-t raw -A PREROUTING -p icmp -j NOTRACK");
    ipt(nf, "-A FORWARD -m conntrack --ctstate UNTRACKED");
    const k = fakeKernel(FW);
    forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2"), "eth0", "eth1");
    expect(nf.tables.filter!.chains.find((c) => c.name === "FORWARD")!.rules[0].counters.pkts).toBe(1);
    expect(nf.conntrack.entries.size).toBe(0);
  });
});

describe("NAT", () => {
  it("MASQUERADE: the first packet binds, replies and later packets follow conntrack", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A POSTROUTING -o eth1 -j MASQUERADE");
    const k = fakeKernel(FW);
    const a = forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2", { id: 5 }), "eth0", "eth1");
    expect(a.verdict.verdict).toBe("accept");
    expect(a.skb.ip.src).toBe(ip4("10.0.2.1"));
    const reply = deliver(nf, k, icmpEcho("10.0.2.2", "10.0.2.1", { id: 5, reply: true }), "eth1");
    expect(reply.skb.ip.dst).toBe(ip4("10.0.1.2"));
    // the reply is then forwarded: POSTROUTING does not touch it
    const skb = reply.skb;
    skb.outDev = "eth0";
    expect(nfHook(nf, "POSTROUTING", skb, k.env).verdict).toBe("accept");
    expect(skb.ip.src).toBe(ip4("10.0.2.2"));
    const b = forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2", { id: 5, seq: 2 }), "eth0", "eth1");
    expect(b.skb.ip.src).toBe(ip4("10.0.2.1"));
    const rule = nf.tables.nat!.chains.find((c) => c.name === "POSTROUTING")!.rules[0];
    expect(rule.counters).toEqual({ pkts: 1, bytes: 84 });
    const L = runConntrack(nf, ["-L"], { now: () => 2000 }).stdout;
    expect(L).toBe(
      "icmp     1 29 src=10.0.1.2 dst=10.0.2.2 type=8 code=0 id=5 src=10.0.2.2 dst=10.0.2.1 type=0 code=0 id=5 mark=0 use=1\n",
    );
  });

  it("SNAT keeps the source port unless the reply tuple is taken", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A POSTROUTING -o eth1 -j SNAT --to-source 10.0.2.1");
    const k = fakeKernel(FW);
    const a = forward(nf, k, tcp("10.0.1.2", 40000, "10.0.2.2", 80, 0x02), "eth0", "eth1");
    expect(a.skb.ip.payload).toMatchObject({ srcPort: 40000 });
    const b = forward(nf, k, tcp("10.0.1.3", 40000, "10.0.2.2", 80, 0x02), "eth0", "eth1");
    expect(b.skb.ip.src).toBe(ip4("10.0.2.1"));
    const port = (b.skb.ip.payload as { srcPort: number }).srcPort;
    expect(port).not.toBe(40000);
    expect(port).toBeGreaterThanOrEqual(1024);
    // the reply to the second connection goes back to 10.0.1.3:40000
    const r = deliver(nf, k, tcp("10.0.2.2", 80, "10.0.2.1", port, 0x12), "eth1");
    expect(r.skb.ip.dst).toBe(ip4("10.0.1.3"));
    expect(r.skb.ip.payload).toMatchObject({ dstPort: 40000 });
  });

  it("--random-fully picks a random port even without a clash", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A POSTROUTING -o eth1 -j MASQUERADE --random-fully");
    const k = fakeKernel(FW);
    const a = forward(nf, k, tcp("10.0.1.2", 40000, "10.0.2.2", 80, 0x02), "eth0", "eth1");
    expect((a.skb.ip.payload as { srcPort: number }).srcPort).not.toBe(40000);
  });

  it("DNAT to another host, and the reply's source restored", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80");
    const k = fakeKernel(FW);
    const skb = skbOf(tcp("10.0.1.2", 40000, "10.0.1.1", 8080, 0x02), "eth0", null);
    expect(nfHook(nf, "PREROUTING", skb, k.env).verdict).toBe("accept");
    expect(skb.ip.dst).toBe(ip4("10.0.2.2"));
    expect(skb.ip.payload).toMatchObject({ dstPort: 80 });
    skb.outDev = "eth1";
    nfHook(nf, "FORWARD", skb, k.env);
    nfHook(nf, "POSTROUTING", skb, k.env);
    const back = forward(nf, k, tcp("10.0.2.2", 80, "10.0.1.2", 40000, 0x12), "eth1", "eth0");
    expect(back.skb.ip.src).toBe(ip4("10.0.1.1"));
    expect(back.skb.ip.payload).toMatchObject({ srcPort: 8080 });
    expect(runConntrack(nf, ["-L", "-g"], { now: () => 2000 }).stdout).toBe(
      "tcp      6 59 SYN_RECV src=10.0.1.2 dst=10.0.1.1 sport=40000 dport=8080 src=10.0.2.2 dst=10.0.1.2 sport=80 dport=40000 mark=0 use=1\n",
    );
  });

  it("an ICMP error about a masqueraded flow is RELATED and its quoted header un-NATed", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A POSTROUTING -o eth1 -j MASQUERADE");
    ipt(nf, "-A FORWARD -m conntrack --ctstate RELATED");
    const k = fakeKernel(FW);
    const out = forward(nf, k, udp("10.0.1.2", 5000, "10.0.2.2", 53), "eth0", "eth1");
    const err = icmpError("10.0.2.2", "10.0.2.1", 3, 3, out.skb.ip);
    const back = forward(nf, k, err, "eth1", "eth0");
    expect(back.verdict.verdict).toBe("accept");
    expect(back.skb.ip.dst).toBe(ip4("10.0.1.2"));
    const q = (back.skb.ip.payload as { data: Uint8Array }).data;
    expect([...q.subarray(12, 16)]).toEqual([10, 0, 1, 2]);
    expect(nf.tables.filter!.chains.find((c) => c.name === "FORWARD")!.rules[0].counters.pkts).toBe(1);
  });

  it("DNAT in OUTPUT asks the kernel to re-route", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80");
    ipt(nf, "-A OUTPUT -o eth1 -p tcp --dport 80");
    const k = fakeKernel(FW);
    k.env.rerouteOutput = (skb) => (skb.ip.dst === ip4("10.0.2.2") ? "eth1" : "eth0");
    const r = send(nf, k, tcp("10.0.1.1", 40000, "10.0.1.9", 8080, 0x02), "eth0");
    expect(r.skb.outDev).toBe("eth1");
    expect(nf.tables.filter!.chains.find((c) => c.name === "OUTPUT")!.rules[0].counters.pkts).toBe(1);
  });
});

describe("LOG and TRACE", () => {
  it("LOG writes nf_log_syslog's line", () => {
    const nf = createNetfilter();
    ipt(nf, "-A FORWARD -j LOG --log-prefix FWD:");
    const k = fakeKernel(FW);
    forward(nf, k, icmpEcho("10.0.1.2", "10.0.2.2", { id: 87, ipId: 61956 }), "eth0", "eth1");
    expect(k.logs).toEqual([
      {
        level: 4,
        text: "FWD:IN=eth0 OUT=eth1 MAC=02:00:00:00:01:01:02:00:00:00:01:02:08:00 SRC=10.0.1.2 DST=10.0.2.2 LEN=84 TOS=0x00 PREC=0x00 TTL=63 ID=61956 DF PROTO=ICMP TYPE=8 CODE=0 ID=87 SEQ=1 ",
      },
    ]);
  });

  it("TRACE produces xtables-monitor --trace lines for existing base chains", () => {
    const nf = createNetfilter();
    ipt(nf, "-t raw -A OUTPUT -p icmp -j TRACE");
    ipt(nf, "-A OUTPUT -j ACCEPT");
    const k = fakeKernel(FW);
    send(nf, k, icmpEcho("10.0.2.1", "10.0.2.2", { ipId: 17003 }), "eth1");
    expect(k.nftrace.map((l) => l.replace(/ [0-9a-f]{8} /, " X "))).toEqual([
      "PACKET: 2 X OUT=eth1 SRC=10.0.2.1 DST=10.0.2.2 LEN=84 TOS=0x0 TTL=64 ID=17003 DF ",
      " TRACE: 2 X raw:OUTPUT:rule:0x2:CONTINUE  -4 -t raw -A OUTPUT -p icmp -j TRACE",
      " TRACE: 2 X raw:OUTPUT:policy:ACCEPT ",
      "PACKET: 2 X OUT=eth1 SRC=10.0.2.1 DST=10.0.2.2 LEN=84 TOS=0x0 TTL=64 ID=17003 DF ",
      " TRACE: 2 X filter:OUTPUT:rule:0x2:ACCEPT  -4 -t filter -A OUTPUT -j ACCEPT",
    ]);
  });
});

describe("conntrack command", () => {
  it("-I creates, -G gets, -U sets the mark, -D deletes, -E reports no events", () => {
    const nf = createNetfilter();
    const env = { now: () => 0 };
    const I = runConntrack(
      nf,
      "-I -p tcp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 --state ESTABLISHED -t 100".split(" "),
      env,
    );
    expect(I).toEqual({
      stdout:
        "tcp      6 100 ESTABLISHED src=1.1.1.1 dst=2.2.2.2 sport=1 dport=2 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 sport=2 dport=1 mark=0 use=1\n",
      stderr: "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been created.\n",
      exitCode: 0,
    });
    expect(runConntrack(nf, ["-G"], env).exitCode).toBe(2);
    expect(runConntrack(nf, "-G -p icmp -s 1.1.1.1 -d 2.2.2.2".split(" "), env).stderr).toBe(
      "conntrack v1.4.7 (conntrack-tools): Operation failed: such conntrack doesn't exist\n",
    );
    expect(runConntrack(nf, "-U -p tcp -m 7".split(" "), env).stderr).toBe(
      "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been updated.\n",
    );
    expect(runConntrack(nf, ["-L"], env).stdout).toContain(" mark=7 use=1");
    expect(runConntrack(nf, ["-E"], env).stderr).toBe(
      "conntrack v1.4.7 (conntrack-tools): 0 flow events have been shown.\n",
    );
    expect(runConntrack(nf, ["-D"], env).exitCode).toBe(0);
    expect(runConntrack(nf, ["-D"], env)).toMatchObject({
      exitCode: 1,
      stderr: "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n",
    });
  });
});

describe("iptables -v echo and -E of a built-in chain", () => {
  it("renaming INPUT leaves an incompatible base chain that still filters", () => {
    const nf = createNetfilter();
    ipt(nf, "-A INPUT -p icmp -j DROP");
    ipt(nf, "-E INPUT X");
    expect(runIptables(nf, ["-S"]).stdout).toBe(
      "# Table `filter' contains incompatible base-chains, use 'nft' tool to list them.\n-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n",
    );
    const k = fakeKernel(FW);
    expect(deliver(nf, k, icmpEcho("10.0.1.2", "10.0.1.1"), "eth0").verdict.verdict).toBe("drop");
  });
});

describe("hairpin NAT (container to its own published port)", () => {
  it("DNAT then MASQUERADE on the bridge, and the reply translated back both ways", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A PREROUTING -p tcp --dport 10001 -j DNAT --to-destination 172.17.0.2:80");
    ipt(nf, "-t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE");
    const k = fakeKernel({ eth0: ["192.168.50.10"], docker0: ["172.17.0.1"] });
    const r = forward(nf, k, tcp("172.17.0.2", 40000, "192.168.50.10", 10001, 0x02), "docker0", "docker0");
    expect(r.verdict.verdict).toBe("accept");
    expect(r.skb.ip.src).toBe(ip4("172.17.0.1"));
    expect(r.skb.ip.dst).toBe(ip4("172.17.0.2"));
    expect(r.skb.ip.payload).toMatchObject({ srcPort: 40000, dstPort: 80 });
    const back = forward(nf, k, tcp("172.17.0.2", 80, "172.17.0.1", 40000, 0x12), "docker0", "docker0");
    expect(back.skb.ip.src).toBe(ip4("192.168.50.10"));
    expect(back.skb.ip.dst).toBe(ip4("172.17.0.2"));
    expect(back.skb.ip.payload).toMatchObject({ srcPort: 10001, dstPort: 40000 });
    expect(runConntrack(nf, ["-L"], { now: () => 2000 }).stdout).toBe(
      "tcp      6 59 SYN_RECV src=172.17.0.2 dst=192.168.50.10 sport=40000 dport=10001 src=172.17.0.2 dst=172.17.0.1 sport=80 dport=40000 mark=0 use=1\n",
    );
  });

  it("REDIRECT in OUTPUT goes to 127.0.0.1", () => {
    const nf = createNetfilter();
    ipt(nf, "-t nat -A OUTPUT -p tcp --dport 80 -j REDIRECT --to-ports 3128");
    const k = fakeKernel(FW);
    const r = send(nf, k, tcp("10.0.1.1", 40000, "93.184.216.34", 80, 0x02), "eth0");
    expect(r.skb.ip.dst).toBe(ip4("127.0.0.1"));
    expect(r.skb.ip.payload).toMatchObject({ dstPort: 3128 });
  });
});
