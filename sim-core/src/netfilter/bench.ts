/**
 * Micro-benchmark of the packet side at kube-proxy scale (not a test): a FORWARD chain of
 * 10,000 service rules (`-d 10.96.x.y/32 -p tcp -m comment --comment … -m tcp --dport P -j ACCEPT`)
 * that a packet traverses to the end, the same through a jump to a 10,000-rule user chain with
 * the nat table and conntrack active, and the cost of loading the rules with iptables-restore.
 *
 *   npx tsx sim-core/src/netfilter/bench.ts
 */
import type { Ip4 } from "../util/brand";
import type { Ipv4Packet } from "../wire/types";
import type { NfEnv, NfSkb } from "./types";
import { createNetfilter } from "./tables";
import { runIptablesRestore } from "./save";
import { nfHook } from "./hooks";

// the host's clock and console (Node): this script runs outside the simulator
declare const console: { log(line: string): void };
declare const performance: { now(): number };

const N = 10_000;

function rules(chain: string): string {
  let s = "";
  for (let i = 0; i < N; i++) {
    const a = `10.96.${(i >> 8) & 255}.${i & 255}`;
    s += `-A ${chain} -d ${a}/32 -p tcp -m comment --comment "default/svc-${i}:http cluster IP" -m tcp --dport ${80 + (i % 100)} -j ACCEPT\n`;
  }
  return s;
}

let clock = 0;
let seed = 1;
const env: NfEnv = {
  now: () => clock,
  random: () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0),
  addrType: () => "UNICAST",
  masqueradeSource: () => 0x0a000001 as Ip4,
};

function packet(i: number): Ipv4Packet {
  return {
    kind: "ipv4",
    tos: 0,
    id: i & 0xffff,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: 6,
    src: (0x0a000102 + (i % 250)) as Ip4,
    dst: 0x0a000202 as Ip4, // matches none of the service rules
    payload: {
      kind: "tcp",
      srcPort: 30000 + (i % 30000),
      dstPort: 80,
      seq: 1,
      ack: 0,
      flags: 0x10,
      window: 100,
      urgent: 0,
      options: [],
      payload: new Uint8Array(0),
    },
  };
}

function time(label: string, iters: number, f: (i: number) => void): number {
  for (let i = 0; i < Math.min(iters, 200); i++) f(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) f(i);
  const dt = performance.now() - t0;
  const per = dt / iters;
  console.log(`${label.padEnd(64)} ${per.toFixed(4)} ms/packet  (${iters} packets, ${dt.toFixed(1)} ms)`);
  return per;
}

// 1. load: iptables-restore of 10,000 rules
const nf = createNetfilter();
let t0 = performance.now();
const r = runIptablesRestore(nf, [], {
  stdin: `*filter\n:FORWARD ACCEPT [0:0]\n${rules("FORWARD")}COMMIT\n`,
});
if (r.exitCode !== 0) throw new Error(r.stderr);
console.log(`${"iptables-restore of 10,000 rules".padEnd(64)} ${(performance.now() - t0).toFixed(1)} ms`);

// 2. FORWARD, 10,000 rules, no conntrack, miss: every rule is evaluated
const skbOf = (i: number): NfSkb => ({ ip: packet(i), inDev: "eth0", outDev: "eth1", mark: 0 });
t0 = performance.now();
nfHook(nf, "FORWARD", skbOf(0), env);
console.log(`${"first packet (compiles the rule set)".padEnd(64)} ${(performance.now() - t0).toFixed(1)} ms`);
time("FORWARD hook, 10,000-rule chain, no match", 2000, (i) => nfHook(nf, "FORWARD", skbOf(i), env));

// 3. with the nat table and conntrack: a jump to a 10,000-rule user chain (kube-proxy's layout)
const nf2 = createNetfilter();
const r2 = runIptablesRestore(nf2, [], {
  stdin:
    `*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES\n` +
    rules("KUBE-SERVICES").replaceAll("-j ACCEPT", "-j DNAT --to-destination 10.244.1.2:8080") +
    `-A POSTROUTING -s 10.244.0.0/16 ! -d 10.244.0.0/16 -j MASQUERADE\nCOMMIT\n` +
    `*filter\n:FORWARD ACCEPT [0:0]\n:KUBE-FORWARD - [0:0]\n-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A FORWARD -j KUBE-FORWARD\n` +
    rules("KUBE-FORWARD") +
    `COMMIT\n`,
});
if (r2.exitCode !== 0) throw new Error(r2.stderr);
time("new connection: PREROUTING (ct + nat 10,000) + FORWARD (10,000) + POSTROUTING", 1000, (i) => {
  clock += 1;
  const skb: NfSkb = { ip: packet(i * 7919), inDev: "eth0", outDev: null, mark: 0 };
  skb.ip = {
    ...skb.ip,
    payload: {
      ...(skb.ip.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>),
      flags: 0x02,
      srcPort: 1024 + (i % 60000),
    },
  };
  nfHook(nf2, "PREROUTING", skb, env);
  skb.outDev = "eth1";
  nfHook(nf2, "FORWARD", skb, env);
  nfHook(nf2, "POSTROUTING", skb, env);
});
{
  // the reply of connection 0 (10.0.2.2:80 -> 10.0.1.2:1024) makes it ESTABLISHED
  const first: NfSkb = { ip: packet(0), inDev: "eth0", outDev: null, mark: 0 };
  first.ip = {
    ...first.ip,
    payload: {
      ...(first.ip.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>),
      flags: 0x02,
      srcPort: 1024,
    },
  };
  nfHook(nf2, "PREROUTING", first, env);
  first.outDev = "eth1";
  nfHook(nf2, "FORWARD", first, env);
  nfHook(nf2, "POSTROUTING", first, env);
  const p0 = packet(0);
  const reply: NfSkb = {
    ip: {
      ...p0,
      src: p0.dst,
      dst: p0.src,
      payload: {
        ...(p0.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>),
        flags: 0x12,
        srcPort: 80,
        dstPort: 1024,
      },
    },
    inDev: "eth1",
    outDev: null,
    mark: 0,
  };
  nfHook(nf2, "PREROUTING", reply, env);
  reply.outDev = "eth0";
  nfHook(nf2, "FORWARD", reply, env);
  nfHook(nf2, "POSTROUTING", reply, env);
}
time("established packet (conntrack hit, first FORWARD rule accepts)", 5000, (i) => {
  const skb: NfSkb = { ip: packet(0), inDev: "eth0", outDev: null, mark: 0 };
  skb.ip = {
    ...skb.ip,
    payload: {
      ...(skb.ip.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>),
      flags: 0x10,
      srcPort: 1024,
    },
  };
  void i;
  nfHook(nf2, "PREROUTING", skb, env);
  skb.outDev = "eth1";
  nfHook(nf2, "FORWARD", skb, env);
  nfHook(nf2, "POSTROUTING", skb, env);
});
console.log(`conntrack entries: ${nf2.conntrack.entries.size}`);
