/**
 * `npm run bench` (part of it): a 100-node Kubernetes cluster (`#@cluster`, flannel VXLAN,
 * dockershim) with 3,000 pods created through kubectl on k8s-m (`kubectl apply -f -`, 30 pods a
 * manifest), until every pod is Running; then a cross-node pod → pod ping. Prints wall-clock
 * times. BENCH_K8S_NODES / BENCH_K8S_PODS change the size.
 */
import { performance } from "node:perf_hooks";
import { newWorld, runCommand } from "../src/lab/runner";
import { Shell } from "../src/shell/interp";
import { defaultCommands } from "../src/shell/commands";
import { createCluster, Cluster } from "../src/k8s/cluster";
import { NS_PER_S } from "../src/engine/scheduler";

function line(label: string, value: string): void {
  console.log(`${label.padEnd(58)} ${value}`);
}

function heapMb(): number {
  if (global.gc) global.gc();
  return process.memoryUsage().heapUsed / 1048576;
}

{
  const NODES = Number(process.env.BENCH_K8S_NODES ?? 100);
  const PODS = Number(process.env.BENCH_K8S_PODS ?? 3000);
  const PER_APPLY = 30;
  const h0 = heapMb();
  const t0 = performance.now();
  const world = newWorld(1);
  createCluster(world, { name: "bench", nodes: NODES, podNetwork: "10.244.0.0/16" });
  const cluster = Cluster.all(world)[0];
  const tCluster = performance.now() - t0;
  line(
    `create a ${NODES}-node cluster (#@cluster: flannel, kubelet, dockershim)`,
    `${tCluster.toFixed(0)} ms, heap +${(heapMb() - h0).toFixed(0)} MB`,
  );
  const sh = new Shell(world, world.machine("k8s-m"), defaultCommands(), false);
  const t1 = performance.now();
  let applies = 0;
  for (let i = 0; i < PODS; i += PER_APPLY) {
    let manifest = "";
    for (let k = i; k < Math.min(PODS, i + PER_APPLY); k++)
      manifest += `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${k}\n  labels:\n    app: bench\nspec:\n  containers:\n  - name: c\n    image: k8s.gcr.io/pause:3.6\n`;
    const r = runCommand(sh, `kubectl apply -f - <<'EOF'\n${manifest}EOF`, false);
    applies++;
    if (r.status) throw new Error(r.output);
  }
  const tSubmit = performance.now() - t1;
  line(`  ${PODS} pods through kubectl (${applies} × kubectl apply -f -)`, `${tSubmit.toFixed(0)} ms`);
  // let the kubelets create them (sandbox, CNI ADD, container) until every pod runs
  const t2 = performance.now();
  const running = () =>
    cluster.api.list("Pod", "default").filter((p) => p.status?.phase === "Running").length;
  let waited = 0;
  while (running() < PODS && waited < 60) {
    sh.driver.idleUntil(world.sched.now + NS_PER_S);
    waited++;
  }
  const tRun = performance.now() - t2;
  line(`  until all ${running()} pods are Running (${waited} s virtual)`, `${tRun.toFixed(0)} ms`);
  line(
    `  total: cluster + ${PODS} pods`,
    `${(performance.now() - t0).toFixed(0)} ms, heap +${(heapMb() - h0).toFixed(0)} MB`,
  );
  const t3 = performance.now();
  const get = runCommand(sh, "kubectl get pods -o wide", false);
  line(
    `  kubectl get pods -o wide (${get.output.split("\n").length - 2} rows)`,
    `${(performance.now() - t3).toFixed(0)} ms`,
  );
  // a cross-node ping between the first pod and one on the last worker
  const pods = cluster.api.list("Pod", "default");
  const a = pods.find((p) => p.spec.nodeName === "k8s-w1");
  const b = pods.find((p) => p.spec.nodeName === `k8s-w${NODES - 1}`);
  if (a && b) {
    const node = cluster.node("k8s-w1")!;
    const ctr = node.kubelet.pod("default", a.metadata.name)!.sandbox!;
    const wsh = new Shell(world, node.machine, defaultCommands(), false);
    const t4 = performance.now();
    const r = runCommand(wsh, `nsenter -t ${ctr.pid} -n ping -c 1 -W 1 ${b.status.podIP}`, false);
    line(
      `  ${a.metadata.name}@k8s-w1 → ${b.metadata.name}@k8s-w${NODES - 1} ping`,
      `${(performance.now() - t4).toFixed(1)} ms wall (${/ttl=(\d+)/.exec(r.output)?.[0] ?? "LOST"})`,
    );
  }
}
