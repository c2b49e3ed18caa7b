/**
 * The simulator's docker and Kubernetes build what the real tools build: their labs
 * (simulator only) against recordings of the same state built by hand on the real kernel.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLab } from "../../src/lab/runner";
import { comparePairs, type Pair } from "./paired";

const labs = join(dirname(fileURLToPath(import.meta.url)), "../labs");
const read = (f: string) => readFileSync(join(labs, f), "utf8");

describe("docker run -p leaves the kernel state dockerd leaves", () => {
  it("docker-run.sh matches docker-byhand.real.txt", () => {
    const sim = runLab(read("docker-run.sh")).transcript;
    const nsenter = (c: string) => `nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ${c}`;
    const same = (c: string, machine?: string): Pair => ({ real: c, sim: c, machine });
    const inNs = (c: string): Pair => ({ real: `ip netns exec web ${c}`, sim: nsenter(c) });
    const pairs: Pair[] = [
      same("iptables -S"),
      same("iptables -t nat -S"),
      same("ip addr show docker0"),
      same("ip link show master docker0"),
      same("ip route"),
      inNs("ip addr"),
      inNs("ip route"),
      inNs("sysctl net.ipv6.conf.eth0.disable_ipv6 net.ipv6.conf.lo.disable_ipv6"),
      inNs("ping -c 1 -W 1 192.168.50.20"),
      same("bridge link show"),
      same("curl -s -o /dev/null -w '%{http_code}\\n' 192.168.50.10:10001", "client"),
      same("conntrack -L 2>/dev/null | grep -c dport=10001", "host"),
      inNs("ping -c 1 -W 1 192.168.50.20"),
    ];
    const { failing, report } = comparePairs(
      read("docker-byhand.real.txt"),
      sim,
      pairs,
      (s) => s.replace(/veth[0-9a-f]{7}\b/g, "veth1a2b3c4"),
      (s) => s.replace(/link-netns web/g, "link-netnsid 0"),
    );
    expect(failing, report).toEqual([]);
  });
});

describe("a #@cluster node holds what flannel, dockershim and the CNI bridge plugin build", () => {
  it("k8s-cluster.sh matches k8s-byhand.real.txt", () => {
    const run = runLab(read("k8s-cluster.sh"));
    // the veth names CNI chose, by node → the recording's
    const names = new Map<string, string>();
    for (const [node, want] of [
      ["k8s-m", "vetha1b2c3d4"],
      ["k8s-w1", "vethe5f6a7b8"],
    ]) {
      const dev = run.world.machines
        .get(node)!
        .root.list()
        .find((d) => /^veth[0-9a-f]{8}$/.test(d.name));
      if (dev) names.set(dev.name, want);
    }
    const pid = (pod: string) =>
      `$(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_${pod}))`;
    const inPod = (pod: string, c: string, machine: string): Pair => ({
      real: `ip netns exec ${pod} ${c}`,
      sim: `nsenter -t ${pid(pod)} -n ${c}`,
      machine,
    });
    const same = (c: string, machine: string): Pair => ({ real: c, sim: c, machine });
    const pairs: Pair[] = [
      same("ip route", "k8s-m"),
      same("ip -d addr show flannel.1", "k8s-m"),
      same("ip addr show cni0", "k8s-m"),
      same("ip link show master cni0", "k8s-m"),
      same("bridge -d link show", "k8s-m"),
      same("bridge fdb show dev flannel.1", "k8s-m"),
      same("ip neigh show dev flannel.1", "k8s-m"),
      same("iptables -S", "k8s-m"),
      same("iptables -t nat -S", "k8s-m"),
      same("cat /run/flannel/subnet.env", "k8s-m"),
      inPod("pod-m", "ip addr", "k8s-m"),
      inPod("pod-m", "ip route", "k8s-m"),
      inPod(
        "pod-m",
        "sysctl net.ipv6.conf.eth0.accept_dad net.ipv4.conf.eth0.arp_notify net.ipv6.conf.all.disable_ipv6",
        "k8s-m",
      ),
      inPod("pod-m", "ping -c 1 -W 1 172.16.1.2", "k8s-m"),
      inPod("pod-m", "ping -c 1 -W 1 -M do -s 1422 172.16.1.2", "k8s-m"),
      inPod("pod-m", "ping -c 1 -W 1 -M do -s 1423 172.16.1.2", "k8s-m"),
      same("ping -c 1 -W 1 172.16.1.2", "k8s-m"),
      same("ip route", "k8s-w1"),
      same("ip -d link show flannel.1", "k8s-w1"),
      same("ip link show master cni0", "k8s-w1"),
      inPod("pod-w", "ip addr show eth0", "k8s-w1"),
      inPod("pod-w", "ping -c 1 -W 1 172.16.0.2", "k8s-w1"),
      inPod("pod-w", "ping -c 1 -W 1 192.168.100.10", "k8s-w1"),
      same("ip route get 172.16.0.2", "k8s-w1"),
      same("iptables -t nat -L POSTROUTING -n -v", "k8s-w1"),
    ];
    const { failing, report } = comparePairs(
      read("k8s-byhand.real.txt"),
      run.transcript,
      pairs,
      (s) => s.replace(/veth[0-9a-f]{8}\b/g, (n) => names.get(n) ?? n),
      (s) => s.replace(/link-netns pod-[mw]\b/g, "link-netnsid 0"),
    );
    expect(failing, report).toEqual([]);
  });
});

describe("the node-level commands of flannel-vxlan.sh on a #@cluster print what the real kernel printed", () => {
  it("k8s-flannel.sh matches flannel-vxlan.real.txt", () => {
    const run = runLab(read("k8s-flannel.sh"));
    const real = readFileSync(join(labs, "../fixtures/shared/flannel-vxlan.real.txt"), "utf8");
    const pid = (pod: string) =>
      `$(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_${pod}))`;
    const inPod = (c: string, simC = c): Pair => ({
      real: `ip netns exec pod-1 ${c}`,
      sim: `nsenter -t ${pid("pod-1")} -n ${simC}`,
      machine: "k8s-w1",
    });
    const same = (c: string, machine: string): Pair => ({ real: c, sim: c, machine });
    const pairs: Pair[] = [
      same("ip -c route | grep 172.16.", "k8s-m"),
      same("ip -d addr show flannel.1", "k8s-m"),
      same("bridge fdb show dev flannel.1", "k8s-m"),
      same("ip neigh show dev flannel.1", "k8s-m"),
      same("ping -c 1 -W 1 172.16.1.0", "k8s-m"),
      same("ping -c 1 -W 1 172.16.2.0", "k8s-m"),
      same("iptables -t filter -S | grep 172.16.0.0", "k8s-m"),
      same("iptables -t nat -S | grep 'A POSTROUTING'", "k8s-m"),
      inPod("ip route"),
      inPod("ping -c 1 -W 1 172.16.1.1"),
      inPod("ping -c 1 -W 1 172.16.2.8", "ping -c 1 -W 1 172.16.2.2"),
      inPod("ip -c neigh"),
      inPod("ping -c 1 -W 1 -M do -s 1422 172.16.2.8", "ping -c 1 -W 1 -M do -s 1422 172.16.2.2"),
      inPod("ping -c 1 -W 1 -M do -s 1423 172.16.2.8", "ping -c 1 -W 1 -M do -s 1423 172.16.2.2"),
      inPod("ping -c 1 -W 1 192.168.100.102"),
      same("ip neigh show dev flannel.1", "k8s-w1"),
      same("iptables -t nat -L POSTROUTING -n -v", "k8s-w1"),
      {
        real: "ip netns exec pod-2 ping -c 1 -W 1 172.16.1.7",
        sim: `nsenter -t ${pid("pod-2")} -n ping -c 1 -W 1 172.16.1.2`,
        machine: "k8s-w2",
      },
      { real: "ip route get 172.16.1.7", sim: "ip route get 172.16.1.2", machine: "k8s-w2" },
    ];
    // the pods' addresses: host-local gives each node's first pod .2 (the recording chose .7 and .8)
    const { failing, report } = comparePairs(real, run.transcript, pairs, (s) =>
      s.replace(/\b172\.16\.1\.2\b/g, "172.16.1.7").replace(/\b172\.16\.2\.2\b/g, "172.16.2.8"),
    );
    expect(failing, report).toEqual([]);
  });
});
