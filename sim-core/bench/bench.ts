/**
 * `npm run bench`: how fast the simulator core is, on this machine, in wall-clock time.
 * Prints one line per measurement; nothing here is a pass/fail test. `npm run bench` bundles it
 * with esbuild first (as the app's worker is bundled): under tsx the helpers it adds to every
 * function cost a third more.
 *
 *  1. replaying the seed labs (the shared labs) headless, as `npm run -s lab` does;
 *  2. building a bridge with N namespaces attached (veth pairs, addresses, links up) and pinging
 *     across it, for N = 50 and 250;
 *  3. creating 10,000 network namespaces (time and heap);
 *  4. a ping flood (`ping -f -c 5000`) between two namespaces: packets and events per second.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runLab, runCommand, newWorld } from "../src/lab/runner";
import { Shell } from "../src/shell/interp";
import { defaultCommands } from "../src/shell/commands";

// run from the repository root (npm run bench bundles this file first, as the worker bundle is)
const fixtures = join(process.cwd(), "sim-core/test/fixtures/shared");

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

function heapMb(): number {
  if (global.gc) global.gc();
  return process.memoryUsage().heapUsed / 1048576;
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

// 0. a 100-machine flannel-style cluster with 30 pod namespaces each (the target:
//    build < 2 s, one cross-node ping < 5 ms), built through the shell exactly as a lab would
{
  const NODES = Number(process.env.BENCH_NODES ?? 100);
  const PODS = Number(process.env.BENCH_PODS ?? 30);
  const h0 = heapMb();
  const t0 = performance.now();
  const world = newWorld(1);
  const nodes = Array.from({ length: NODES }, (_, i) => `node${i + 1}`);
  world.lan(
    "underlay",
    nodes.map((n) => [n, "eth0"] as [string, string]),
  );
  const commands = defaultCommands();
  const shells = nodes.map((n) => new Shell(world, world.machine(n), commands, false));
  const nodeIp = (i: number) => `192.168.${(i + 1) >> 8}.${(i + 1) & 255}`;
  const vtepMac = (i: number) =>
    `0a:58:00:00:${((i + 1) >> 8).toString(16).padStart(2, "0")}:${((i + 1) & 255).toString(16).padStart(2, "0")}`;
  let ncmd = 0;
  const run = (sh: Shell, l: string) => {
    ncmd++;
    const r = runCommand(sh, l, false);
    if (r.status) throw new Error(`${l}: ${r.output}`);
  };
  shells.forEach((sh, i) => {
    const n = i + 1;
    run(sh, `ip addr add ${nodeIp(i)}/16 dev eth0`);
    run(sh, "ip link set eth0 up");
    run(sh, "sysctl -qw net.ipv4.ip_forward=1");
    run(
      sh,
      `ip link add flannel.1 address ${vtepMac(i)} type vxlan id 1 local ${nodeIp(i)} dev eth0 dstport 8472 nolearning`,
    );
    run(sh, `ip addr add 10.244.${n}.0/32 dev flannel.1`);
    run(sh, "ip link set flannel.1 up");
    run(sh, "ip link add cni0 type bridge");
    run(sh, `ip addr add 10.244.${n}.1/24 dev cni0`);
    run(sh, "ip link set cni0 up");
    for (let j = 0; j < NODES; j++) {
      if (j === i) continue;
      run(sh, `ip route add 10.244.${j + 1}.0/24 via 10.244.${j + 1}.0 dev flannel.1 onlink`);
      run(sh, `ip neigh add 10.244.${j + 1}.0 lladdr ${vtepMac(j)} dev flannel.1 nud permanent`);
      run(sh, `bridge fdb append ${vtepMac(j)} dev flannel.1 dst ${nodeIp(j)}`);
    }
    for (let k = 1; k <= PODS; k++) {
      run(sh, `ip netns add pod${k}`);
      run(sh, `ip link add veth${k} type veth peer name eth0 netns pod${k}`);
      run(sh, `ip link set veth${k} master cni0`);
      run(sh, `ip link set veth${k} up`);
      run(sh, `ip -n pod${k} addr add 10.244.${n}.${k + 1}/24 dev eth0`);
      run(sh, `ip -n pod${k} link set eth0 up`);
      run(sh, `ip -n pod${k} route add default via 10.244.${n}.1`);
    }
  });
  const built = performance.now() - t0;
  line(
    `build ${NODES} nodes × ${PODS} pods (${ncmd} commands)`,
    `${built.toFixed(0)} ms, heap +${(heapMb() - h0).toFixed(0)} MB`,
  );
  // what the interfaces do by themselves right after coming up (IPv6 DAD, MLD reports, router
  // solicitations flooding through 100 bridges): a lab's commands would have spent this time
  const e0 = world.sched.executed;
  const ts = performance.now();
  new Shell(world, world.machine("node1"), commands, false).driver.idleUntil(world.sched.now + 5e9);
  line(`  let the cluster settle for 5 s of virtual time`, `${ms(ts)}, ${world.sched.executed - e0} events`);
  const last = NODES;
  for (const attempt of ["first (ARP on both sides)", "second", "median of 20 more"]) {
    if (attempt.startsWith("median")) {
      const t: number[] = [];
      for (let k = 0; k < 20; k++) {
        const t1 = performance.now();
        runCommand(shells[0], `ip netns exec pod1 ping -c 1 -W 1 10.244.${last}.${PODS + 1}`, false);
        t.push(performance.now() - t1);
      }
      t.sort((a, b) => a - b);
      line(`  pod1@node1 → pod${PODS}@node${last} ping, ${attempt}`, `${t[10].toFixed(2)} ms wall`);
      continue;
    }
    const e0 = world.sched.executed;
    const v0 = world.sched.now;
    const t1 = performance.now();
    const r = runCommand(shells[0], `ip netns exec pod1 ping -c 1 -W 1 10.244.${last}.${PODS + 1}`, false);
    const dt = performance.now() - t1;
    line(
      `  pod1@node1 → pod${PODS}@node${last} ping, ${attempt}`,
      `${dt.toFixed(2)} ms wall, ${world.sched.executed - e0} events, ${((world.sched.now - v0) / 1e6).toFixed(3)} ms virtual (${r.output.includes("1 received") ? "answered" : "LOST"})`,
    );
  }
}

// 1. seed labs
if (process.env.BENCH_ONLY === "cluster") process.exit(0);
for (const f of readdirSync(fixtures)
  .filter((x) => x.endsWith(".sh"))
  .sort()) {
  const text = readFileSync(join(fixtures, f), "utf8");
  runLab(text); // warm-up (JIT)
  const times: number[] = [];
  let commands = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = runLab(text);
    times.push(performance.now() - t0);
    commands = r.results.length;
  }
  times.sort((a, b) => a - b);
  line(`replay ${f} (${commands} commands), median of 3`, `${times[1].toFixed(1)} ms`);
}

// 2. a bridge with N namespaces
function bridgeWith(n: number): void {
  const world = newWorld(1);
  const sh = new Shell(world, world.machine("host"), defaultCommands(), false);
  const run = (l: string) => {
    const r = runCommand(sh, l, false);
    if (r.status) throw new Error(`${l}: ${r.output}`);
  };
  const t0 = performance.now();
  const h0 = heapMb();
  run("ip link add br0 type bridge");
  run("ip link set br0 up");
  run("ip addr add 10.0.0.1/16 dev br0");
  for (let i = 1; i <= n; i++) {
    run(`ip netns add ns${i}`);
    run(`ip link add v${i} type veth peer name eth0 netns ns${i}`);
    run(`ip link set v${i} master br0`);
    run(`ip link set v${i} up`);
    run(`ip -n ns${i} addr add 10.0.${(i >> 8) & 255}.${(i & 255) + 1}/16 dev eth0`);
    run(`ip -n ns${i} link set eth0 up`);
  }
  line(
    `build a bridge with ${n} namespaces (${6 * n + 3} commands)`,
    `${ms(t0)}, heap +${(heapMb() - h0).toFixed(1)} MB`,
  );
  const t1 = performance.now();
  for (let i = 1; i <= n; i++) runCommand(sh, `ip netns exec ns${i} ping -c 1 -W 1 10.0.0.1`, false);
  line(
    `  ping the bridge from each of the ${n} namespaces`,
    `${ms(t1)}, virtual time ${(world.sched.now / 1e9).toFixed(1)} s`,
  );
}
bridgeWith(50);
bridgeWith(250);

// 3. 10,000 namespaces
{
  const world = newWorld(1);
  const sh = new Shell(world, world.machine("host"), defaultCommands(), false);
  const h0 = heapMb();
  const t0 = performance.now();
  for (let i = 0; i < 10000; i++) runCommand(sh, `ip netns add n${i}`, false);
  line("create 10,000 network namespaces", `${ms(t0)}, heap +${(heapMb() - h0).toFixed(1)} MB`);
  const t1 = performance.now();
  runCommand(sh, "ip netns list | wc -l", false);
  line("  ip netns list | wc -l over them", ms(t1));
}

// 4. ping flood
{
  const world = newWorld(1);
  const sh = new Shell(world, world.machine("host"), defaultCommands(), false);
  for (const l of [
    "ip netns add a",
    "ip netns add b",
    "ip link add va netns a type veth peer name vb netns b",
    "ip -n a addr add 10.9.0.1/24 dev va",
    "ip -n b addr add 10.9.0.2/24 dev vb",
    "ip -n a link set va up",
    "ip -n b link set vb up",
  ])
    runCommand(sh, l, false);
  const e0 = world.sched.executed;
  const t0 = performance.now();
  const r = runCommand(sh, "ip netns exec a ping -f -c 5000 10.9.0.2", false);
  const dt = performance.now() - t0;
  const events = world.sched.executed - e0;
  line(
    "ping -f -c 5000 between two namespaces",
    `${dt.toFixed(1)} ms, ${Math.round(5000 / (dt / 1000))} echo/s, ${Math.round(events / (dt / 1000))} events/s (${r.output.includes("5000 received") ? "all answered" : "LOSS"})`,
  );
}
