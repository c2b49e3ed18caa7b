/**
 * A kubeadm-style Kubernetes v1.23 cluster on simulated machines, built by the lab directive
 * `#@cluster NAME nodes=N pod-network=CIDR` (or the canvas): machines k8s-m, k8s-w1… on a
 * switch NAME through enp0s8 (192.168.100.10, .101, .102…), ip_forward on, Docker as the
 * runtime through dockershim (dockerd started as such nodes run it for CNI:
 * `--bridge=none --iptables=false --ip-masq=false`, so no docker0 and no DOCKER chains), a
 * kubelet per node, the control plane's static pods on k8s-m (which is tainted NoSchedule), a
 * /24 of the pod network per node in registration order (kube-controller-manager's
 * --allocate-node-cidrs), and the kube-flannel DaemonSet's pod on every node, whose flanneld
 * builds the VXLAN overlay. There is no kube-proxy and no CoreDNS: no Services, no cluster DNS.
 */
import type { Ip4 } from "../util/brand";
import { ip4Str, networkOf } from "../util/inet";
import type { World } from "../kernel/world";
import type { Machine } from "../kernel/machine";
import { rtnlNewaddr } from "../kernel/rtnl-addr";
import { Scope } from "../kernel/types";
import { DockerEngine, HANDLES, parseIp } from "../docker/engine";
import { linkSetUp } from "../docker/netlink";
import { registerImages, type ImageSpec } from "../docker/images";
import { socketsOf } from "../sockets/table";
import type { Cmd, CmdResult, Wait } from "../shell/types";
import { ApiServer, type Obj } from "./api";
import { Flanneld, flanneldMain, FLANNEL_VERSION } from "./flannel";
import { Kubelet } from "./kubelet";
import { CNI_CONFLIST } from "./cni";
import { ClusterError, clusterMachines, type ClusterSpec } from "./directive";

export { ClusterError, type ClusterSpec };

export const K8S_VERSION = "v1.23.17";
export const PAUSE_IMAGE = "k8s.gcr.io/pause:3.6";
export const FLANNEL_IMAGE = `rancher/mirrored-flannelcni-flannel:${FLANNEL_VERSION}`;

/** One node: its machine, address, pod CIDR, container runtime, kubelet and flanneld. */
export class NodeRt {
  readonly engine: DockerEngine;
  readonly kubelet: Kubelet;
  flannel?: Flanneld;
  constructor(
    readonly cluster: Cluster,
    readonly name: string,
    readonly machine: Machine,
    readonly ip: Ip4,
    readonly podCIDR: { ip: Ip4; len: number },
    readonly master: boolean,
  ) {
    this.engine = DockerEngine.of(machine);
    this.kubelet = new Kubelet(this);
  }
  get now(): number {
    return this.machine.world.sched.now;
  }
}

const clusters = new WeakMap<World, Cluster[]>();

export class Cluster {
  readonly api: ApiServer;
  readonly nodes: NodeRt[] = [];
  readonly podNetwork: { ip: Ip4; len: number };

  static all(world: World): Cluster[] {
    return clusters.get(world) ?? [];
  }

  /** The cluster a machine is a node of. */
  static ofMachine(m: Machine): Cluster | undefined {
    return Cluster.all(m.world).find((c) => c.nodes.some((n) => n.machine === m));
  }

  constructor(
    readonly world: World,
    readonly spec: ClusterSpec,
  ) {
    this.api = new ApiServer(world);
    const [a, l] = spec.podNetwork.split("/");
    this.podNetwork = { ip: parseIp(a)!, len: Number(l) };
  }

  get podNetworkText(): string {
    return `${ip4Str(this.podNetwork.ip)}/${this.podNetwork.len}`;
  }

  node(name: string): NodeRt | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  get master(): NodeRt {
    return this.nodes[0];
  }

  /** kube-scheduler (default profile): a schedulable node with the fewest pods, in node order. */
  schedule(pod: Obj): NodeRt | undefined {
    const spec = pod.spec ?? {};
    if (spec.nodeName) return this.node(spec.nodeName);
    const tolerates = (taint: Obj) =>
      (spec.tolerations ?? []).some(
        (t: Obj) =>
          (t.operator === "Exists" && (!t.key || t.key === taint.key)) ||
          (t.key === taint.key && (t.value ?? "") === (taint.value ?? "")),
      );
    const fits = (n: NodeRt) => {
      const obj = this.api.get("Node", undefined, n.name)!;
      if (obj.spec.unschedulable) return false;
      if ((obj.spec.taints ?? []).some((t: Obj) => t.effect === "NoSchedule" && !tolerates(t))) return false;
      for (const [k, v] of Object.entries(spec.nodeSelector ?? {}))
        if (obj.metadata.labels?.[k] !== v) return false;
      return true;
    };
    const candidates = this.nodes.filter(fits);
    let best: NodeRt | undefined;
    let bestCount = Infinity;
    for (const n of candidates) {
      const count = n.kubelet.podCount();
      if (count < bestCount) {
        best = n;
        bestCount = count;
      }
    }
    return best;
  }

  /** A pod object accepted by the apiserver: scheduled and handed to its node's kubelet. */
  submitPod(pod: Obj): void {
    this.api.create("Pod", pod);
    const node = this.schedule(pod);
    if (!node) {
      pod.status = {
        phase: "Pending",
        conditions: [
          {
            lastProbeTime: null,
            lastTransitionTime: pod.metadata.creationTimestamp,
            message: `0/${this.nodes.length} nodes are available: ${this.nodes.length} node(s) didn't match Pod's node affinity/selector.`,
            reason: "Unschedulable",
            status: "False",
            type: "PodScheduled",
          },
        ],
        qosClass: "BestEffort",
      };
      this.api.event(
        pod.metadata.namespace,
        `Pod/${pod.metadata.name}`,
        "Warning",
        "FailedScheduling",
        "default-scheduler",
        pod.status.conditions[0].message,
      );
      return;
    }
    pod.spec.nodeName = node.name;
    if (!pod.spec.hostNetwork || !pod.metadata.namespace.startsWith("kube-"))
      this.api.event(
        pod.metadata.namespace,
        `Pod/${pod.metadata.name}`,
        "Normal",
        "Scheduled",
        "default-scheduler",
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.name}`,
      );
    node.kubelet.admit(pod);
  }
}

// ---------------------------------------------------------------- images of the control plane

function daemonImage(
  repo: string,
  tag: string,
  id: string,
  size: string,
  created: string,
  program: string,
): ImageSpec {
  return {
    repo,
    remote: repo.replace(/^k8s\.gcr\.io\//, ""),
    tags: [tag],
    id,
    digest: id.split("").reverse().join(""),
    layers: [id.slice(0, 12), id.slice(12, 24)],
    size,
    created,
    config: {
      Entrypoint: null,
      Cmd: [program],
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      ExposedPorts: [],
      WorkingDir: "",
      Labels: null,
    },
    programs: [program, "sh"],
    files: () => ({}),
  };
}

/** A control-plane daemon: its listening sockets, then it waits for SIGTERM. */
function daemon(ports: [string, number][]): (c: Cmd) => CmdResult {
  return function* (c: Cmd): Generator<Wait, number, void> {
    const table = socketsOf(c.ctx.ns);
    const socks = [];
    for (const [a, p] of ports) {
      const sk = table.tcpSocket();
      sk.owners.push({
        comm: c.argv[0].slice(c.argv[0].lastIndexOf("/") + 1).slice(0, 15),
        pid: c.pid,
        fd: 3 + socks.length,
      });
      if (!sk.bind(a === "*" ? 0 : (parseIp(a) ?? 0), p)) sk.listen(4096);
      socks.push(sk);
    }
    try {
      yield { until: Infinity, cond: () => c.interrupted() };
      return 0;
    } finally {
      for (const s of socks) s.close();
    }
  };
}

let imagesRegistered = false;

function registerClusterImages(): void {
  if (imagesRegistered) return;
  imagesRegistered = true;
  const flannel: ImageSpec = {
    repo: "rancher/mirrored-flannelcni-flannel",
    remote: "rancher/mirrored-flannelcni-flannel",
    tags: [FLANNEL_VERSION],
    id: "404fc3ab67492a7a0deb0a7c6e2e8d9c48e9ebeb08c4fa7c9d1e3f0b5e8e61ab",
    digest: "c3aa5a0f8e5b0ea3e3b2f1d5f1bb9ffe0e2c13de0d7b0f4b4c8a0e1d2c3b4a59",
    layers: ["59bf1c3509f3", "a3b2c1d0e9f8"],
    size: "69.5MB",
    created: "2021-12-08T09:17:33.420110593Z",
    config: {
      Entrypoint: ["/opt/bin/flanneld"],
      Cmd: null,
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
      ExposedPorts: [],
      WorkingDir: "",
      Labels: null,
    },
    programs: ["flanneld", "sh"],
    files: () => ({}),
  };
  registerImages(
    [
      flannel,
      daemonImage(
        "k8s.gcr.io/etcd",
        "3.5.6-0",
        "fce326961ae2d51a5f726883fd59d2a8c2ccc3e45d3bb859882db58e422e59e7",
        "299MB",
        "2022-11-10T17:50:47.148209214Z",
        "etcd",
      ),
      daemonImage(
        "k8s.gcr.io/kube-apiserver",
        K8S_VERSION,
        "62bc5d8258d67c2ab2b1d7d1d86c3a8d3b0e8d18d1b34e71fd0d3b4cf4a6e1a0",
        "130MB",
        "2023-02-22T13:37:50.116317131Z",
        "kube-apiserver",
      ),
      daemonImage(
        "k8s.gcr.io/kube-controller-manager",
        K8S_VERSION,
        "1dab4fc7b6e0d2b6e95cc12fd4cde5e72a0b7f3d0a9c2c3d9b1e2f3a4b5c6d7e",
        "120MB",
        "2023-02-22T13:37:52.016339482Z",
        "kube-controller-manager",
      ),
      daemonImage(
        "k8s.gcr.io/kube-scheduler",
        K8S_VERSION,
        "bc6794cb54ac5a0e3aa7b4a0bb50e2f4c3e4a27b0b1b2c3d4e5f6a7b8c9d0e1f",
        "51MB",
        "2023-02-22T13:37:53.912223017Z",
        "kube-scheduler",
      ),
    ],
    {
      flanneld: flanneldProgram,
      etcd: daemon([
        ["127.0.0.1", 2379],
        ["192.168.100.10", 2379],
        ["192.168.100.10", 2380],
        ["127.0.0.1", 2381],
      ]),
      "kube-apiserver": daemon([["*", 6443]]),
      "kube-controller-manager": daemon([["127.0.0.1", 10257]]),
      "kube-scheduler": daemon([["127.0.0.1", 10259]]),
    },
  );
  for (const p of ["flanneld", "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"])
    HANDLES[p] = ["SIGTERM", "SIGINT"];
}

/** /opt/bin/flanneld in the kube-flannel pod's container (host network). */
function flanneldProgram(c: Cmd): CmdResult {
  const cluster = Cluster.ofMachine(c.ctx.machine);
  const node = cluster?.nodes.find((n) => n.machine === c.ctx.machine);
  if (!cluster || !node) {
    c.err(
      'E0101 00:00:00.000000       1 main.go:330] Error registering network: failed to acquire lease: node "" pod cidr not assigned\n',
    );
    return 1;
  }
  node.flannel ??= new Flanneld(cluster, node);
  return flanneldMain(c, node.flannel);
}

// ---------------------------------------------------------------- building a cluster

function nodeObject(cluster: Cluster, n: NodeRt): Obj {
  const labels: Obj = {
    "beta.kubernetes.io/arch": "amd64",
    "beta.kubernetes.io/os": "linux",
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": n.name,
    "kubernetes.io/os": "linux",
  };
  if (n.master) {
    labels["node-role.kubernetes.io/control-plane"] = "";
    labels["node-role.kubernetes.io/master"] = "";
    labels["node.kubernetes.io/exclude-from-external-load-balancers"] = "";
  }
  const cidr = `${ip4Str(n.podCIDR.ip)}/${n.podCIDR.len}`;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "/var/run/dockershim.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
      labels,
      name: n.name,
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      ...(n.master ? { taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/master" }] } : {}),
    },
    status: {
      addresses: [
        { address: ip4Str(n.ip), type: "InternalIP" },
        { address: n.name, type: "Hostname" },
      ],
      allocatable: {
        cpu: "2",
        "ephemeral-storage": "37986400431",
        "hugepages-2Mi": "0",
        memory: "1913424Ki",
        pods: "110",
      },
      capacity: {
        cpu: "2",
        "ephemeral-storage": "41218252Ki",
        "hugepages-2Mi": "0",
        memory: "2015824Ki",
        pods: "110",
      },
      conditions: [] as Obj[],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [] as Obj[],
      nodeInfo: {
        architecture: "amd64",
        bootID: cluster.api.uid(),
        containerRuntimeVersion: "docker://20.10.24",
        kernelVersion: "6.18.0-hopscope",
        kubeProxyVersion: K8S_VERSION,
        kubeletVersion: K8S_VERSION,
        machineID: cluster.api.uid().replace(/-/g, ""),
        operatingSystem: "linux",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        systemUUID: cluster.api.uid(),
      },
    },
  };
}

function conditions(ts: string): Obj[] {
  return [
    {
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
      message: "Flannel is running on this node",
      reason: "FlannelIsUp",
      status: "False",
      type: "NetworkUnavailable",
    },
    {
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
      message: "kubelet has sufficient memory available",
      reason: "KubeletHasSufficientMemory",
      status: "False",
      type: "MemoryPressure",
    },
    {
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
      message: "kubelet has no disk pressure",
      reason: "KubeletHasNoDiskPressure",
      status: "False",
      type: "DiskPressure",
    },
    {
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
      message: "kubelet has sufficient PID available",
      reason: "KubeletHasSufficientPID",
      status: "False",
      type: "PIDPressure",
    },
    {
      lastHeartbeatTime: ts,
      lastTransitionTime: ts,
      message: "kubelet is posting ready status. AppArmor enabled",
      reason: "KubeletReady",
      status: "True",
      type: "Ready",
    },
  ];
}

const ADMIN_CONF = (server: string, name: string) => `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    server: https://${server}:6443
  name: ${name}
contexts:
- context:
    cluster: ${name}
    user: kubernetes-admin
  name: kubernetes-admin@${name}
current-context: kubernetes-admin@${name}
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==
`;

export const FLANNEL_NET_CONF = (network: string) => `{
  "Network": "${network}",
  "Backend": {
    "Type": "vxlan"
  }
}
`;

/** Applies a `#@cluster` directive to a world. */
export function createCluster(world: World, spec: ClusterSpec): Cluster {
  registerClusterImages();
  const existing = Cluster.all(world);
  if (existing.length)
    throw new ClusterError(`#@cluster: this lab already has a cluster (${existing[0].spec.name})`);
  const cluster = new Cluster(world, spec);
  clusters.set(world, [cluster]);
  const api = cluster.api;
  const names = clusterMachines(spec.nodes);
  for (const n of names)
    if (world.machines.has(n)) throw new ClusterError(`#@cluster: machine ${n} already exists`);
  world.lan(
    spec.name,
    names.map((n) => [n, "enp0s8"] as [string, string]),
  );
  for (const ns of ["default", "kube-node-lease", "kube-public", "kube-system"])
    api.create("Namespace", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  api.create("ConfigMap", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "kube-flannel-cfg",
      namespace: "kube-system",
      labels: { app: "flannel", tier: "node" },
    },
    data: { "cni-conf.json": CNI_CONFLIST, "net-conf.json": FLANNEL_NET_CONF(cluster.podNetworkText) },
  });
  names.forEach((name, i) => {
    const m = world.machine(name);
    const ip = ((192 << 24) | (168 << 16) | (100 << 8) | (i === 0 ? 10 : 100 + i)) >>> 0;
    const nic = m.root.byName("enp0s8")!;
    rtnlNewaddr(m.root, {
      ifindex: nic.ifindex,
      local: ip as Ip4,
      prefixLen: 24,
      scope: Scope.universe,
      create: true,
      excl: true,
      replace: false,
    });
    linkSetUp(nic);
    m.root.writeSysctl("net/ipv4/ip_forward", "1");
    const podCIDR = { ip: ((cluster.podNetwork.ip + (i << 8)) >>> 0) as Ip4, len: 24 };
    const node = new NodeRt(cluster, name, m, ip as Ip4, podCIDR, i === 0);
    cluster.nodes.push(node);
    const e = node.engine;
    e.config = {
      bridge: false,
      iptables: false,
      ipMasq: false,
      ipForward: true,
      userlandProxy: true,
      args: ["--bridge=none", "--iptables=false", "--ip-masq=false"],
    };
    e.preloaded.add("k8s.gcr.io/pause");
    e.start();
    for (const img of [
      "k8s.gcr.io/pause",
      "rancher/mirrored-flannelcni-flannel",
      ...(i === 0
        ? [
            "k8s.gcr.io/etcd",
            "k8s.gcr.io/kube-apiserver",
            "k8s.gcr.io/kube-controller-manager",
            "k8s.gcr.io/kube-scheduler",
          ]
        : []),
    ])
      node.kubelet.prePull(img);
    node.kubelet.start();
    // kube-flannel's install-cni init container: cp /etc/kube-flannel/cni-conf.json there
    m.files.set("/etc/cni/net.d/10-flannel.conflist", CNI_CONFLIST);
    const obj = nodeObject(cluster, node);
    api.create("Node", obj);
    obj.status.conditions = conditions(obj.metadata.creationTimestamp);
    m.files.set(
      "/etc/kubernetes/kubelet.conf",
      ADMIN_CONF(ip4Str(cluster.master.ip), "kubernetes").replace(/kubernetes-admin/g, `system:node:${name}`),
    );
    if (i === 0) {
      m.files.set("/etc/kubernetes/admin.conf", ADMIN_CONF(ip4Str(ip), "kubernetes"));
      m.files.set("/root/.kube/config", ADMIN_CONF(ip4Str(ip), "kubernetes"));
      for (const sp of staticPods(cluster, node)) cluster.submitPod(sp);
    }
  });
  // the kube-flannel DaemonSet: one pod per node, in node order
  for (const node of cluster.nodes) cluster.submitPod(flannelPod(cluster, node));
  return cluster;
}

const SUFFIX = "bcdfghjklmnpqrstvwxz2456789";

export function randomSuffix(world: World, n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += SUFFIX[world.rng.below(SUFFIX.length)];
  return s;
}

function flannelPod(cluster: Cluster, node: NodeRt): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: "kube-flannel-ds-",
      labels: {
        app: "flannel",
        "controller-revision-hash": "7f5bb5b5c4",
        "pod-template-generation": "1",
        tier: "node",
      },
      name: `kube-flannel-ds-${randomSuffix(cluster.world)}`,
      namespace: "kube-system",
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          blockOwnerDeletion: true,
          controller: true,
          kind: "DaemonSet",
          name: "kube-flannel-ds",
          uid: cluster.api.uid(),
        },
      ],
    },
    spec: {
      containers: [
        {
          args: ["--ip-masq", "--kube-subnet-mgr", "--iface=enp0s8"],
          command: ["/opt/bin/flanneld"],
          image: FLANNEL_IMAGE,
          imagePullPolicy: "IfNotPresent",
          name: "kube-flannel",
          resources: { limits: { cpu: "100m", memory: "50Mi" }, requests: { cpu: "100m", memory: "50Mi" } },
          securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] }, privileged: false },
        },
      ],
      dnsPolicy: "ClusterFirst",
      hostNetwork: true,
      nodeName: node.name,
      priorityClassName: "system-node-critical",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      serviceAccountName: "flannel",
      terminationGracePeriodSeconds: 30,
      tolerations: [{ effect: "NoSchedule", operator: "Exists" }],
    },
  };
}

function staticPods(cluster: Cluster, node: NodeRt): Obj[] {
  const ip = ip4Str(node.ip);
  const mk = (component: string, image: string, command: string[]): Obj => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      annotations: { "kubernetes.io/config.source": "file" },
      labels: { component, tier: "control-plane" },
      name: `${component}-${node.name}`,
      namespace: "kube-system",
    },
    spec: {
      containers: [{ command, image, imagePullPolicy: "IfNotPresent", name: component }],
      dnsPolicy: "ClusterFirst",
      hostNetwork: true,
      nodeName: node.name,
      priorityClassName: "system-node-critical",
      restartPolicy: "Always",
      tolerations: [{ effect: "NoExecute", operator: "Exists" }],
    },
  });
  return [
    mk("etcd", "k8s.gcr.io/etcd:3.5.6-0", [
      "etcd",
      `--advertise-client-urls=https://${ip}:2379`,
      "--data-dir=/var/lib/etcd",
      `--initial-advertise-peer-urls=https://${ip}:2380`,
      `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
      `--listen-peer-urls=https://${ip}:2380`,
      `--name=${node.name}`,
    ]),
    mk("kube-apiserver", `k8s.gcr.io/kube-apiserver:${K8S_VERSION}`, [
      "kube-apiserver",
      `--advertise-address=${ip}`,
      "--allow-privileged=true",
      "--authorization-mode=Node,RBAC",
      "--etcd-servers=https://127.0.0.1:2379",
      "--secure-port=6443",
      "--service-cluster-ip-range=10.96.0.0/12",
    ]),
    mk("kube-controller-manager", `k8s.gcr.io/kube-controller-manager:${K8S_VERSION}`, [
      "kube-controller-manager",
      "--allocate-node-cidrs=true",
      `--cluster-cidr=${cluster.podNetworkText}`,
      "--cluster-name=kubernetes",
      "--leader-elect=true",
      "--service-cluster-ip-range=10.96.0.0/12",
      "--use-service-account-credentials=true",
    ]),
    mk("kube-scheduler", `k8s.gcr.io/kube-scheduler:${K8S_VERSION}`, [
      "kube-scheduler",
      "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
      "--bind-address=127.0.0.1",
      "--kubeconfig=/etc/kubernetes/scheduler.conf",
      "--leader-elect=true",
    ]),
  ];
}

export { networkOf };
