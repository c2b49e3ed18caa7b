/**
 * Netfilter through the simulated kernel (not a test): a router namespace between a client and a
 * server namespace, pings forwarded through it, and
 *   1. `iptables -A` ×10,000 run through the shell (kube-proxy scale),
 *   2. echo request + reply through a 10,000-rule FORWARD chain that no packet matches (every rule
 *      is evaluated), against the same path with no rules: packets/s and the added cost,
 *   3. 100 flows (ICMP echo ids) through DNAT + MASQUERADE: time per new flow, conntrack entries.
 *
 *   npx tsx sim-core/bench/nf-bench.ts
 */
import { performance } from "node:perf_hooks";
import { newWorld, runCommand } from "../src/lab/runner";
import { Shell } from "../src/shell/interp";
import { defaultCommands } from "../src/shell/commands";
import { NS_PER_MS } from "../src/engine/scheduler";
import type { Ip4 } from "../src/util/brand";
import type { Ipv4Packet } from "../src/wire/types";
import type { Netns } from "../src/kernel/netns";
import { peekNetfilter } from "../src/netfilter/glue";

const world = newWorld(1);
const host = world.machine("host");
const sh = new Shell(world, host, defaultCommands(), false);

function sh1(line: string): string {
  const { output, status } = runCommand(sh, line);
  if (status !== 0) throw new Error(`${line}: exit ${status}\n${output}`);
  return output;
}

for (const line of [
  "ip netns add c",
  "ip netns add r",
  "ip netns add s",
  "ip link add eth0 netns c type veth peer name rc netns r",
  "ip link add eth0 netns s type veth peer name rs netns r",
  "ip -n c addr add 10.0.1.2/24 dev eth0",
  "ip -n r addr add 10.0.1.1/24 dev rc",
  "ip -n r addr add 10.0.2.1/24 dev rs",
  "ip -n s addr add 10.0.2.2/24 dev eth0",
  "ip -n c link set eth0 up",
  "ip -n r link set rc up",
  "ip -n r link set rs up",
  "ip -n s link set eth0 up",
  "ip -n c route add default via 10.0.1.1",
  "ip -n s route add default via 10.0.2.1",
  "ip netns exec r sysctl -qw net.ipv4.ip_forward=1",
]) {
  sh1(line);
}
const ns = (name: string): Netns => host.netnsDir.get(name)!;
const client = ns("c");
const router = ns("r");

const ip4 = (s: string) => s.split(".").reduce((a, o) => a * 256 + Number(o), 0) as Ip4;

/** One echo request from the client to `dst`, run until its reply is back (or 10 ms pass). */
let replies = 0;
client.stack.icmpListeners.add((ip) => {
  if (ip.payload.kind === "icmp" && ip.payload.type === 0) replies++;
});
function echo(dst: Ip4, id: number, seq: number): void {
  const r = client.stack.routeOutput(dst);
  if (!r.ok) throw new Error("no route");
  const pkt: Ipv4Packet = {
    kind: "ipv4",
    tos: 0,
    id: 0,
    df: true,
    mf: false,
    fragOffset: 0,
    ttl: 64,
    protocol: 1,
    src: r.rt.src,
    dst,
    payload: { kind: "icmp", type: 8, code: 0, rest: ((id << 16) | seq) >>> 0, data: new Uint8Array(56) },
  };
  client.stack.sendLocal(pkt, r.rt, { jid: world.newJid(), mark: 0 });
  world.runUntil(world.sched.now + 10 * NS_PER_MS);
}

function echoes(label: string, n: number, dst: Ip4): number {
  for (let i = 0; i < 50; i++) echo(dst, 1, i); // warm-up (ARP, JIT, rule compilation)
  replies = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) echo(dst, 1, (i + 50) & 0xffff);
  const ms = performance.now() - t0;
  if (replies !== n) throw new Error(`${label}: ${replies}/${n} replies`);
  const perPacket = ms / (2 * n);
  console.log(
    `${label.padEnd(58)} ${((2 * n) / (ms / 1000)).toFixed(0).padStart(8)} forwarded packets/s  ${(perPacket * 1000).toFixed(1)} µs/packet`,
  );
  return perPacket;
}

const server = ip4("10.0.2.2");
const base = echoes("echo through the router, no rules", 5000, server);

// 1. 10,000 rules appended one command at a time through the shell
const N = 10_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) {
  sh1(
    `ip netns exec r iptables -A FORWARD -d 10.96.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${80 + (i % 100)} -j ACCEPT`,
  );
}
let ms = performance.now() - t0;
console.log(
  `${"iptables -A ×10,000 (shell, ip netns exec)".padEnd(58)} ${ms.toFixed(0).padStart(8)} ms total   ${((ms / N) * 1000).toFixed(1)} µs/command`,
);
const nf = peekNetfilter(router)!;
console.log(
  `${"rules in FORWARD".padEnd(58)} ${String(nf.tables.filter!.chains.find((c) => c.name === "FORWARD")!.rules.length).padStart(8)}`,
);

// 2. the same pings through the 10,000-rule chain
t0 = performance.now();
echo(server, 1, 0);
console.log(
  `${"first packet after the change (compiles the chain)".padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`,
);
const full = echoes("echo through a 10,000-rule FORWARD chain (no match)", 2000, server);
console.log(
  `${"added cost of the 10,000-rule chain".padEnd(58)} ${((full - base) * 1000).toFixed(1).padStart(8)} µs/packet`,
);

// 3. 100 flows through DNAT + MASQUERADE (conntrack active)
sh1("ip netns exec r iptables -F FORWARD");
sh1("ip netns exec r iptables -t nat -A PREROUTING -d 10.0.1.1 -p icmp -j DNAT --to-destination 10.0.2.2");
sh1("ip netns exec r iptables -t nat -A POSTROUTING -o rs -j MASQUERADE");
const front = ip4("10.0.1.1");
for (let i = 0; i < 20; i++) echo(front, 60000 + i, 1); // warm-up flows
replies = 0;
t0 = performance.now();
const FLOWS = 100;
for (let f = 0; f < FLOWS; f++) echo(front, 1000 + f, 1);
ms = performance.now() - t0;
if (replies !== FLOWS) throw new Error(`flows: ${replies}/${FLOWS} replies`);
console.log(
  `${"100 new flows through DNAT + MASQUERADE".padEnd(58)} ${ms.toFixed(1).padStart(8)} ms total   ${((ms / FLOWS) * 1000).toFixed(1)} µs/flow`,
);
t0 = performance.now();
for (let f = 0; f < FLOWS; f++) for (let s = 2; s < 12; s++) echo(front, 1000 + f, s);
ms = performance.now() - t0;
console.log(
  `${"10 more echoes on each of the 100 flows (established)".padEnd(58)} ${((2000 / ms) * 1000).toFixed(0).padStart(8)} forwarded packets/s  ${((ms / 2000) * 1000).toFixed(1)} µs/packet`,
);
console.log(
  `${"conntrack entries in the router".padEnd(58)} ${String(nf.conntrack.entries.size).padStart(8)}`,
);
