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
      same("bridge link show", "k8s-w1"),
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
    // the pods' addresses: host-local gives each node's first pod .2 (the recording chose .7 and .8);
    // pod-1's veth on k8s-w1: CNI's random name → the recording's
    const veth = run.world.machines
      .get("k8s-w1")!
      .root.list()
      .find((d) => /^veth[0-9a-f]{8}$/.test(d.name))!.name;
    const { failing, report } = comparePairs(real, run.transcript, pairs, (s) =>
      s
        .replace(/\b172\.16\.1\.2\b/g, "172.16.1.7")
        .replace(/\b172\.16\.2\.2\b/g, "172.16.2.8")
        .replaceAll(veth, "vethece9b30d"),
    );
    expect(failing, report).toEqual([]);
  });
});

/** Each command's output in a lab's simulated transcript (by command line, in order). */
function outputsOf(transcript: string): (cmd: string, machine?: string, nth?: number) => string {
  const blocks: { machine: string; cmd: string; out: string[] }[] = [];
  let machine = "host";
  for (const l of transcript.split("\n")) {
    if (l.startsWith("#@machine ")) machine = l.slice(10);
    else if (l.startsWith("$ ")) blocks.push({ machine, cmd: l.slice(2), out: [] });
    else blocks.at(-1)?.out.push(l);
  }
  return (cmd, m, nth = 0) => {
    const b = blocks.filter((x) => x.cmd === cmd && (m === undefined || x.machine === m))[nth];
    if (!b) throw new Error(`no command ${cmd}`);
    return b.out.join("\n").replace(/\n$/, "");
  };
}

describe("the seeds' walkthroughs run end to end (simulator only)", () => {
  it("docker-modes.sh: bridge, host and none; --net=container: on a shared pause container", () => {
    const out = outputsOf(runLab(read("docker-modes.sh")).transcript);
    const PULL = /^(Unable to find|[0-9a-f]{12}: |[\w.]+: Pulling from|Digest: |Status: )/;
    const noPull = (s: string) =>
      s
        .split("\n")
        .filter((l) => !PULL.test(l))
        .join("\n");
    expect(noPull(out("docker run --rm busybox ip addr"))).toMatch(
      /\n3: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n {4}link\/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n {4}inet 172\.17\.0\.2\/16 brd 172\.17\.255\.255 scope global eth0\n/,
    );
    expect(out("docker run --rm busybox ip route")).toBe(
      "default via 172.17.0.1 dev eth0 \n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2 ",
    );
    expect(out("docker run --rm --network host busybox ip -br link")).toMatch(/^lo .*\ndocker0 /);
    expect(out("docker run --rm --network none busybox ip addr")).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever",
    );
    expect(
      out("docker run --rm --net=container:pause nicolaka/netshoot curl -s localhost | grep title").split(
        "\n",
      )[0],
    ).toBe("<title>Welcome to nginx!</title>");
    expect(out("docker logs web 2>/dev/null | tail -1")).toMatch(
      /^127\.0\.0\.1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 615 /,
    );
    // --net=container: takes the pause container's hostname too
    expect(out("docker exec web hostname")).toMatch(/^[0-9a-f]{12}$/);
    expect(out("docker exec web hostname")).toBe(
      out("nsenter -t $(docker inspect -f '{{.State.Pid}}' pause) -u hostname"),
    );
    expect(out("lsns -t net")).toMatch(
      /\n4026\d+ net +4 +\d+ root +0 \/run\/docker\/netns\/[0-9a-f]{12} \/pause$/,
    );
    expect(out("ip link show type veth")).toMatch(
      /^\d+: veth[0-9a-f]{7}@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP mode DEFAULT group default qlen 1000\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 0$/,
    );
    expect(out("brctl show docker0")).toMatch(/\ndocker0\t\t8000\.0242[0-9a-f]{8}\tno\t\tveth[0-9a-f]{7}$/);
    expect(out("ip link show type veth", undefined, 1)).toBe("");
  });

  it("k8s-flannel.sh: pod CIDRs, pod-1 → pod-2 across nodes (ttl=62), route -n in a pod, subnet.env", () => {
    const out = outputsOf(runLab(read("k8s-flannel.sh")).transcript);
    expect(out("kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'")).toBe(
      "172.16.0.0/24 172.16.1.0/24 172.16.2.0/24",
    );
    expect(out("cat /run/flannel/subnet.env", "k8s-w1")).toBe(
      "FLANNEL_NETWORK=172.16.0.0/16\nFLANNEL_SUBNET=172.16.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true",
    );
    expect(out("kubectl exec pod-1 -- route -n")).toBe(
      [
        "Kernel IP routing table",
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
        "0.0.0.0         172.16.1.1      0.0.0.0         UG    0      0        0 eth0",
        "172.16.0.0      172.16.1.1      255.255.0.0     UG    0      0        0 eth0",
        "172.16.1.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0",
      ].join("\n"),
    );
    expect(out("kubectl exec pod-1 -- ping -c 1 -W 1 172.16.2.2")).toMatch(
      /\n64 bytes from 172\.16\.2\.2: icmp_seq=1 ttl=62 time=/,
    );
    expect(out("kubectl get cm -n kube-system kube-flannel-cfg")).toMatch(/\nkube-flannel-cfg {3}2 {6}\d+s$/);
    // on a node: the pause containers, their network namespaces, the veths and cni0's ports
    expect(out("docker ps", "k8s-w1")).toMatch(
      / k8s\.gcr\.io\/pause:3\.6 +"\/pause" .* k8s_POD_pod-1_default_/,
    );
    expect(out("lsns -t net", "k8s-w1")).toMatch(/ \/run\/docker\/netns\/[0-9a-f]{12} \/pause$/);
    expect(out("ip link | grep -E 'flannel|cni|veth' -A1", "k8s-w1")).toMatch(
      /\n5: veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP .*\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 0$/,
    );
    expect(out("brctl show cni0", "k8s-w1")).toMatch(/\ncni0\t\t8000\.[0-9a-f]{12}\tno\t\tveth[0-9a-f]{8}$/);
    expect(out("hostname", "k8s-m")).toBe("pod-2");
  });
});
