/**
 * Robustness figures (not a test): what the runaway labs of the robustness issue cost, driven
 * through a Session exactly as the app's worker drives it (Run.advance in slices of 2,000 units
 * of work, Ctrl-C when the user presses it):
 *
 *   1. 10,000 network namespaces: `ip netns add` one command at a time, `ip netns list`,
 *      `ip -all netns delete`: time and heap;
 *   2. 100,000 iptables rules: one `iptables-restore` of them, then `iptables -A` ×100,000 in a
 *      shell loop, and an echo request + reply through the 100,000-rule chain;
 *   3. floods that never end by themselves (`ping -f`, `ping` without `-c`, `ping -c 2^63-1`):
 *      stopped by Ctrl-C after 1 s of wall time; how long the Ctrl-C takes, the longest slice;
 *   4. a bridge loop without STP: the broadcast storm's work and the alert the app shows.
 *
 *   npx tsx sim-core/bench/robust-bench.ts      (or as part of `npm run bench`)
 */
import { performance } from "node:perf_hooks";
import { Session } from "../src/api/session";
import { NS_PER_S } from "../src/engine/scheduler";

function heapMb(): number {
  if (global.gc) global.gc();
  return process.memoryUsage().heapUsed / 1048576;
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

interface Sliced {
  out: string;
  status: number;
  wallMs: number;
  worstSliceMs: number;
  slices: number;
  /** Wall ms from Ctrl-C to the command's end (undefined: it ended by itself). */
  stopMs?: number;
}

/** Runs one line as the worker does; Ctrl-C after `ctrlCMs` of wall time. */
function sliced(s: Session, cmd: string, ctrlCMs = Infinity, machine = "host"): Sliced {
  let out = "";
  // the last 64 KB (a flood's statistics come last)
  const run = s.run(machine, cmd, (x) => {
    out = (out + x).slice(-65536);
  });
  const t0 = performance.now();
  let worst = 0;
  let slices = 0;
  let ctrlC: number | undefined;
  for (;;) {
    const s0 = performance.now();
    const done = run.advance(run.started + 3600 * NS_PER_S, 2000);
    const now = performance.now();
    worst = Math.max(worst, now - s0);
    slices++;
    if (done) break;
    if (ctrlC === undefined && now - t0 >= ctrlCMs) ctrlC = now;
    if (ctrlC !== undefined) run.interrupt();
  }
  const end = performance.now();
  return {
    out,
    status: run.status,
    wallMs: end - t0,
    worstSliceMs: worst,
    slices,
    stopMs: ctrlC === undefined ? undefined : end - ctrlC,
  };
}

function must(r: Sliced, cmd: string): Sliced {
  if (r.status !== 0) throw new Error(`${cmd}: exit ${r.status}\n${r.out.slice(0, 400)}`);
  return r;
}

// 1. 10,000 namespaces
{
  const N = 10_000;
  const s = new Session({ journeys: false });
  const h0 = heapMb();
  const t0 = performance.now();
  let worst = 0;
  for (let i = 0; i < N; i++) {
    const c0 = performance.now();
    must(sliced(s, `ip netns add n${i}`), "ip netns add");
    worst = Math.max(worst, performance.now() - c0);
  }
  const createMs = performance.now() - t0;
  const h1 = heapMb();
  line(
    "ip netns add ×10,000 (one command each)",
    `${createMs.toFixed(0)} ms, worst command ${worst.toFixed(1)} ms, heap +${(h1 - h0).toFixed(1)} MB`,
  );
  let r = must(sliced(s, "ip netns list | wc -l"), "list");
  line("  ip netns list | wc -l", `${r.wallMs.toFixed(1)} ms (${r.out.trim()} lines)`);
  r = must(sliced(s, "ip -all netns delete"), "delete");
  line(
    "  ip -all netns delete",
    `${r.wallMs.toFixed(1)} ms, longest slice ${r.worstSliceMs.toFixed(1)} ms, heap after ${(heapMb() - h0).toFixed(1)} MB over the start`,
  );
  const bad = s.checkInvariants();
  if (bad.length) throw new Error(`invariants after 10,000 netns: ${bad[0].detail}`);
}

// 2. 100,000 iptables rules
{
  const N = 100_000;
  const s = new Session({ journeys: false });
  for (const l of [
    "ip netns add c",
    "ip netns add r",
    "ip netns add d",
    "ip link add eth0 netns c type veth peer name rc netns r",
    "ip link add eth0 netns d type veth peer name rd netns r",
    "ip -n c addr add 10.0.1.2/24 dev eth0",
    "ip -n r addr add 10.0.1.1/24 dev rc",
    "ip -n r addr add 10.0.2.1/24 dev rd",
    "ip -n d addr add 10.0.2.2/24 dev eth0",
    "ip -n c link set eth0 up",
    "ip -n d link set eth0 up",
    "ip -n r link set rc up",
    "ip -n r link set rd up",
    "ip -n c route add default via 10.0.1.1",
    "ip -n d route add default via 10.0.2.1",
    "ip netns exec r sysctl -qw net.ipv4.ip_forward=1",
  ])
    must(sliced(s, l), l);
  const rules = Array.from(
    { length: N },
    (_, i) =>
      `-A FORWARD -d 10.96.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${80 + (i % 100)} -j ACCEPT`,
  );
  s.world.machine("host").files.set("/tmp/rules", `*filter\n${rules.join("\n")}\nCOMMIT\n`);
  const h0 = heapMb();
  let r = must(sliced(s, "ip netns exec r iptables-restore /tmp/rules"), "iptables-restore");
  line(
    "iptables-restore of 100,000 rules",
    `${r.wallMs.toFixed(0)} ms, longest slice ${r.worstSliceMs.toFixed(0)} ms, heap +${(heapMb() - h0).toFixed(1)} MB`,
  );
  r = must(sliced(s, "ip netns exec c ping -c 1 -W 1 10.0.2.2"), "ping");
  line("  first echo + reply through them (compiles the chain)", `${r.wallMs.toFixed(1)} ms`);
  r = must(sliced(s, "ip netns exec c ping -c 100 -i 0.002 -q 10.0.2.2"), "ping");
  line("  100 echoes + replies through them", `${(r.wallMs / 100).toFixed(2)} ms each`);
  r = must(sliced(s, "ip netns exec r iptables -S FORWARD | wc -l"), "iptables -S");
  line("  iptables -S FORWARD | wc -l", `${r.wallMs.toFixed(0)} ms (${r.out.trim()} lines)`);
  must(sliced(s, "ip netns exec r iptables -F FORWARD"), "flush");
  r = sliced(
    s,
    `ip netns exec r bash -c 'for i in $(seq 0 ${N - 1}); do iptables -A FORWARD -d 10.96.$((i>>8&255)).$((i&255))/32 -p tcp --dport $((80+i%100)) -j ACCEPT; done'`,
  );
  line(
    "iptables -A ×100,000 in a shell loop",
    `${r.wallMs.toFixed(0)} ms (${((r.wallMs / N) * 1000).toFixed(0)} µs each), longest slice ${r.worstSliceMs.toFixed(0)} ms, exit ${r.status}`,
  );
  r = must(sliced(s, "ip netns exec c ping -c 1 -W 1 10.0.2.2"), "ping");
  line("  echo + reply through them", `${r.wallMs.toFixed(1)} ms`);
}

// 3. floods and pings that do not end by themselves, Ctrl-C after 1 s
{
  const s = new Session({ journeys: false });
  for (const l of [
    "ip netns add a",
    "ip link add va netns a type veth peer name vb",
    "ip -n a addr add 10.9.0.1/24 dev va",
    "ip addr add 10.9.0.2/24 dev vb",
    "ip -n a link set va up",
    "ip link set vb up",
  ])
    must(sliced(s, l), l);
  for (const cmd of [
    "ping -f 10.9.0.1",
    "ping -f -c 9223372036854775807 10.9.0.1",
    "ping 10.9.0.1",
    "ping -i 0.002 10.9.0.1",
    "ping -f 10.9.0.99",
  ]) {
    const v0 = s.world.sched.now;
    const r = sliced(s, cmd, 1000);
    const sent = /(\d+) packets transmitted/.exec(r.out)?.[1] ?? "?";
    line(
      `${cmd}, Ctrl-C after 1 s${/-[fi]/.test(cmd) ? "" : " (unpaced)"}`,
      `stops in ${r.stopMs?.toFixed(1)} ms, longest slice ${r.worstSliceMs.toFixed(1)} ms, ${sent} sent in ${((s.world.sched.now - v0) / NS_PER_S).toFixed(1)} virtual s`,
    );
  }
}

// 4. a bridge loop without STP
{
  const s = new Session({ journeys: false });
  for (const l of [
    "ip link add br0 type bridge",
    "ip link add br1 type bridge",
    "ip link add a0 type veth peer name a1",
    "ip link add b0 type veth peer name b1",
    "ip link add c0 type veth peer name c1",
    "ip link set a0 master br0",
    "ip link set b0 master br0",
    "ip link set c0 master br0",
    "ip link set a1 master br1",
    "ip link set b1 master br1",
    "ip link set c1 master br1",
    "for d in br0 br1 a0 a1 b0 b1 c0 c1; do ip link set $d up; done",
    "ip addr add 10.0.0.1/24 dev br0",
  ])
    must(sliced(s, l), l);
  const e0 = s.world.sched.executed;
  const r = sliced(s, "ping -c 3 -W 1 10.0.0.9");
  const alerts = s.alerts();
  line(
    "bridge loop (2 bridges, 3 cables), ping -c 3 into it",
    `${r.wallMs.toFixed(0)} ms, ${s.world.sched.executed - e0} events, ${alerts.length} alerts`,
  );
  for (const a of alerts) line(`  alert`, `${a.device}: ${a.text}`);
}
