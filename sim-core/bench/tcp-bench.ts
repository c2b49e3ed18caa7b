/**
 * The simulated TCP (not a test): two machines on one cable (veth ↔ bridge ↔ veth, as the lab
 * fabric wires them),
 *   1. 10 MB sent from one socket to another: virtual time taken, wall-clock time per segment,
 *      segments and events executed;
 *   2. 200 short connections (handshake, a 100-byte request, a 1000-byte reply, FIN both ways);
 *   3. the same 10 MB through curl and python3 -m http.server (the shell programs).
 *
 *   npx tsx sim-core/bench/tcp-bench.ts
 */
import { performance } from "node:perf_hooks";
import { runLab, runCommand } from "../src/lab/runner";
import { Shell } from "../src/shell/interp";
import { defaultCommands } from "../src/shell/commands";
import { NS_PER_MS, NS_PER_S } from "../src/engine/scheduler";
import type { Ip4 } from "../src/util/brand";
import { socketsOf } from "../src/sockets/table";
import { TcpState } from "../src/sockets/tcp";

const SETUP = `#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
`;
const A = 0x0a000001 as Ip4;

function bulk(bytes: number): void {
  const { world } = runLab(SETUP);
  const sa = socketsOf(world.machine("a").root);
  const sb = socketsOf(world.machine("b").root);
  const ls = sa.tcpSocket();
  ls.bind(0, 5001);
  ls.listen(5);
  const c = sb.tcpSocket();
  c.connect(A, 5001);
  world.runUntil(world.sched.now + 10 * NS_PER_MS);
  const s = ls.accept()!;
  const chunk = new Uint8Array(64 * 1024);
  const t0v = world.sched.now;
  const ev0 = world.sched.executed;
  const w0 = performance.now();
  let written = 0;
  let received = 0;
  // the writer keeps 256 KB queued (a blocking write(2) with a 256 KB send buffer); the reader drains
  while (received < bytes) {
    while (written < bytes && c.sendQueued() < 256 * 1024) {
      const n = Math.min(chunk.length, bytes - written);
      c.write(chunk.subarray(0, n));
      written += n;
    }
    const next = world.sched.peek();
    if (next === undefined) break;
    world.sched.step();
    received += s.read().length;
  }
  const wall = performance.now() - w0;
  const virt = world.sched.now - t0v;
  const segs = s.segsIn;
  console.log(
    `bulk ${bytes / 1e6} MB: virtual ${(virt / NS_PER_MS).toFixed(2)} ms (${((bytes * 8) / (virt / NS_PER_S) / 1e9).toFixed(2)} Gbit/s virtual), ` +
      `wall ${wall.toFixed(0)} ms, ${segs} segments received, ${(((wall * 1000) / segs) as number).toFixed(2)} µs wall per segment, ` +
      `${world.sched.executed - ev0} events, cwnd ${c.cwnd}`,
  );
}

function shortConnections(n: number): void {
  const { world } = runLab(SETUP);
  const sa = socketsOf(world.machine("a").root);
  const sb = socketsOf(world.machine("b").root);
  const ls = sa.tcpSocket();
  ls.bind(0, 80);
  ls.listen(128);
  const w0 = performance.now();
  const t0 = world.sched.now;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const c = sb.tcpSocket();
    c.connect(A, 80);
    world.runUntil(world.sched.now + NS_PER_MS);
    const s = ls.accept();
    if (!s) continue;
    c.write(new Uint8Array(100));
    world.runUntil(world.sched.now + NS_PER_MS);
    s.read();
    s.write(new Uint8Array(1000));
    s.close();
    world.runUntil(world.sched.now + NS_PER_MS);
    if (c.read().length === 1000 && c.eof) ok++;
    c.close();
    world.runUntil(world.sched.now + NS_PER_MS);
  }
  const wall = performance.now() - w0;
  const tw = [...sa.tcp].filter((s) => s.state === TcpState.TIME_WAIT).length;
  console.log(
    `${n} short connections: ${ok} completed, wall ${wall.toFixed(0)} ms (${((wall * 1000) / n).toFixed(0)} µs each), virtual ${((world.sched.now - t0) / NS_PER_MS).toFixed(0)} ms, ${tw} in TIME-WAIT on the server (the active closer)`,
  );
}

function httpDownload(bytes: number): void {
  const { world } = runLab(
    SETUP + "#@machine a\npython3 -m http.server 8000 --directory /tmp >/dev/null 2>&1 &\n",
  );
  const a = world.machine("a");
  a.files.set("/tmp/big.bin", "x".repeat(bytes));
  const sh = new Shell(world, world.machine("b"), defaultCommands(), false);
  const w0 = performance.now();
  const t0 = world.sched.now;
  const { output, status } = runCommand(
    sh,
    "curl -s -o /dev/null -w '%{http_code} %{size_download}' 10.0.0.1:8000/big.bin",
  );
  const wall = performance.now() - w0;
  console.log(
    `curl ↔ http.server ${bytes / 1e6} MB: "${output}" exit ${status}, virtual ${((world.sched.now - t0) / NS_PER_MS).toFixed(2)} ms, wall ${wall.toFixed(0)} ms`,
  );
}

bulk(10 * 1000 * 1000);
shortConnections(200);
httpDownload(10 * 1000 * 1000);
