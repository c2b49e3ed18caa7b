/**
 * flanneld v0.16.1 with the kube subnet manager and the vxlan backend, as the kube-flannel
 * DaemonSet runs it on each node (`--ip-masq --kube-subnet-mgr --iface=enp0s8`, host network):
 * the lease is the node's spec.podCIDR; flannel.1 is created (VNI 1, local = the interface's
 * address, dev = the interface, UDP port left to the kernel's 8472, nolearning, a random MAC,
 * the MTU the kernel derives: 1450), the node is annotated (backend-data with the VtepMAC,
 * backend-type, kube-subnet-manager, public-ip), flannel.1 gets the lease's network address as
 * a /32 and goes up, the masquerade rules (4, with --random-fully) go into POSTROUTING and the
 * two FORWARD accepts into FORWARD, re-checked every 5 s (deleted and re-added as a block when
 * one is missing), /run/flannel/subnet.env is written, and every other node's lease is
 * programmed: the neighbour entry, the FDB entry, then the onlink route through flannel.1.
 */
import type { Ip4, Mac } from "../util/brand";
import { ip4Str } from "../util/inet";
import { NS_PER_S, type Nanos } from "../engine/scheduler";
import type { Cmd, Wait } from "../shell/types";
import { runIptables } from "../netfilter/iptables";
import { netfilterOf } from "../netfilter/glue";
import { addrAdd, fdbAppend, linkSetUp, neighSet, routeAdd, sysctlSet, vxlanAdd } from "../docker/netlink";
import { parseIp } from "../docker/engine";
import { WALL_EPOCH_S } from "../sockets/clock";
import { VxlanDevice } from "../kernel/vxlan";
import type { Cluster, NodeRt } from "./cluster";

export const FLANNEL_VERSION = "v0.16.1";

/** klog's header: "I0101 00:00:05.123456       1 main.go:217] " */
export function klog(level: "I" | "W" | "E", t: Nanos, pid: number, where: string, msg: string): string {
  const d = new Date((WALL_EPOCH_S + Math.floor(t / NS_PER_S)) * 1000);
  const us = Math.floor((t % NS_PER_S) / 1000);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(us).padStart(6, "0")} ${String(pid).padStart(7)} ${where}] ${msg}\n`;
}

interface Rule {
  table: string;
  chain: string;
  spec: string[];
}

export function masqRules(network: string, lease: string): Rule[] {
  return [
    { table: "nat", chain: "POSTROUTING", spec: ["-s", network, "-d", network, "-j", "RETURN"] },
    {
      table: "nat",
      chain: "POSTROUTING",
      spec: ["-s", network, "!", "-d", "224.0.0.0/4", "-j", "MASQUERADE", "--random-fully"],
    },
    { table: "nat", chain: "POSTROUTING", spec: ["!", "-s", network, "-d", lease, "-j", "RETURN"] },
    {
      table: "nat",
      chain: "POSTROUTING",
      spec: ["!", "-s", network, "-d", network, "-j", "MASQUERADE", "--random-fully"],
    },
  ];
}

export function forwardRules(network: string): Rule[] {
  return [
    { table: "filter", chain: "FORWARD", spec: ["-s", network, "-j", "ACCEPT"] },
    { table: "filter", chain: "FORWARD", spec: ["-d", network, "-j", "ACCEPT"] },
  ];
}

/** The state of one node's flanneld. */
export class Flanneld {
  lease?: { ip: Ip4; len: number };
  vtepMac?: Mac;
  /** Peers programmed (node name → lease network). */
  readonly peers = new Map<string, { subnet: Ip4; len: number; mac: Mac; publicIp: Ip4 }>();
  log: (s: string) => void = () => {};
  pid = 1;

  constructor(
    readonly cluster: Cluster,
    readonly node: NodeRt,
  ) {}

  private ipt(args: string[]): number {
    return runIptables(netfilterOf(this.node.machine.root), ["--wait", ...args], {}).exitCode;
  }

  private exists(r: Rule): boolean {
    return this.ipt(["-t", r.table, "-C", r.chain, ...r.spec]) === 0;
  }

  /** setupIPTables: AppendUnique each rule. */
  private setup(rules: Rule[]): void {
    for (const r of rules) {
      this.log(
        klog("I", this.node.now, this.pid, "iptables.go:167", `Adding iptables rule: ${r.spec.join(" ")}`),
      );
      if (!this.exists(r)) this.ipt(["-t", r.table, "-A", r.chain, ...r.spec]);
    }
  }

  private teardown(rules: Rule[]): void {
    for (const r of rules) {
      this.log(
        klog("I", this.node.now, this.pid, "iptables.go:179", `Deleting iptables rule: ${r.spec.join(" ")}`),
      );
      this.ipt(["-t", r.table, "-D", r.chain, ...r.spec]);
    }
  }

  /** ensureIPTables: all present, or the whole block deleted and re-added (order matters). */
  ensure(rules: Rule[]): void {
    if (rules.every((r) => this.exists(r))) return;
    this.log(
      klog(
        "I",
        this.node.now,
        this.pid,
        "iptables.go:155",
        "Some iptables rules are missing; deleting and recreating rules",
      ),
    );
    this.teardown(rules);
    this.setup(rules);
  }

  rules(): Rule[][] {
    const net = this.cluster.podNetworkText;
    const lease = this.lease ? `${ip4Str(this.lease.ip)}/${this.lease.len}` : "";
    return [masqRules(net, lease), forwardRules(net)];
  }

  /** flanneld's start-up on the node, up to the first subnet events. */
  start(): void {
    const node = this.node;
    const m = node.machine;
    const root = m.root;
    const t = () => node.now;
    const L = (where: string, msg: string) => this.log(klog("I", t(), this.pid, where, msg));
    L(
      "main.go:217",
      `CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[enp0s8] ifaceRegex:[] ipMasq:true subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}`,
    );
    const iface = root.byName("enp0s8");
    const addr = iface?.in4.find((a) => !a.secondary);
    if (!iface || !addr) {
      this.log(
        klog(
          "E",
          t(),
          this.pid,
          "main.go:250",
          "Failed to find any valid interface to use: failed to find IPv4 address for interface enp0s8",
        ),
      );
      return;
    }
    L("main.go:547", `Using interface with name enp0s8 and address ${ip4Str(addr.local)}`);
    L("main.go:569", `Defaulting external address to interface address (${ip4Str(addr.local)})`);
    L("kube.go:120", "Waiting 10m0s for node controller to sync");
    L("kube.go:378", "Starting kube subnet manager");
    L("kube.go:127", "Node controller sync successful");
    L("main.go:297", `Created subnet manager: Kubernetes Subnet Manager - ${node.name}`);
    L("main.go:300", "Installing signal handlers");
    L("main.go:426", "Found network config - Backend type: vxlan");
    L("vxlan.go:137", "VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false");
    // RegisterNetwork: the VTEP, the lease (node annotations), then the address
    let dev = root.byName("flannel.1");
    if (!(dev instanceof VxlanDevice)) {
      dev = vxlanAdd(
        root,
        "flannel.1",
        { vni: 1, local: addr.local, lowerIfindex: iface.ifindex, learning: false },
        { mac: this.randomMac() },
      );
    }
    this.vtepMac = dev.mac;
    sysctlSet(root, "net/ipv6/conf/flannel.1/accept_ra", "0");
    const cidr = node.podCIDR;
    this.lease = { ip: cidr.ip, len: cidr.len };
    const obj = this.cluster.api.get("Node", undefined, node.name)!;
    const ann = (obj.metadata.annotations ??= {});
    ann["flannel.alpha.coreos.com/backend-data"] = `{"VNI":1,"VtepMAC":"${this.vtepMac}"}`;
    ann["flannel.alpha.coreos.com/backend-type"] = "vxlan";
    ann["flannel.alpha.coreos.com/kube-subnet-manager"] = "true";
    ann["flannel.alpha.coreos.com/public-ip"] = ip4Str(addr.local);
    this.cluster.api.touch("Node", obj);
    if (!dev.in4.some((a) => a.local === cidr.ip)) addrAdd(dev, cidr.ip, 32);
    linkSetUp(dev);
    // masquerading and forwarding rules (first ensure now, then every 5 s)
    L("main.go:351", "Setting up masking rules");
    L("main.go:358", "Changing default FORWARD chain policy to ACCEPT");
    for (const r of this.rules()) this.ensure(r);
    // subnet.env
    const mtu = dev.mtu;
    m.files.set(
      "/run/flannel/subnet.env",
      `FLANNEL_NETWORK=${this.cluster.podNetworkText}\nFLANNEL_SUBNET=${ip4Str((cidr.ip + 1) >>> 0)}/${cidr.len}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=true\n`,
    );
    L("main.go:379", "Wrote subnet file to /run/flannel/subnet.env");
    L("main.go:383", "Running backend.");
    L("main.go:404", "Waiting for all goroutines to exit");
    L("vxlan_network.go:61", "watching for new subnet leases");
    // the other nodes' leases known now (the informer's initial list, by name)
    for (const other of this.cluster.nodes) if (other !== node && other.flannel?.vtepMac) this.added(other);
  }

  private randomMac(): Mac {
    const rng = this.node.machine.world.rng;
    const b = [(rng.below(256) & 0xfe) | 0x02];
    for (let i = 0; i < 5; i++) b.push(rng.below(256));
    return b.map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
  }

  /** EventAdded for another node's lease: ARP, FDB, then the route (handleSubnetEvents). */
  added(other: NodeRt): void {
    const f = other.flannel;
    if (!f?.vtepMac || !this.lease) return;
    const dev = this.node.machine.root.byName("flannel.1");
    if (!dev) return;
    const pub = other.ip;
    const sn = other.podCIDR;
    this.log(
      klog(
        "I",
        this.node.now,
        this.pid,
        "vxlan_network.go:118",
        `Received subnet event for ${ip4Str(sn.ip)}/${sn.len}`,
      ),
    );
    neighSet(dev, sn.ip, f.vtepMac);
    fdbAppend(dev, f.vtepMac, pub);
    routeAdd(this.node.machine.root, { dst: sn.ip, dstLen: sn.len, gw: sn.ip, dev, onlink: true }, true);
    this.peers.set(other.name, { subnet: sn.ip, len: sn.len, mac: f.vtepMac, publicIp: pub });
  }
}

/** The flanneld program of the flannel image: start-up, then the 5 s iptables resync. */
export function* flanneldMain(c: Cmd, f: Flanneld): Generator<Wait, number, void> {
  f.log = (s) => c.err(s);
  const self = c.ctx.machine.processes.get(c.pid);
  f.pid = self?.nspid ?? 1;
  f.start();
  // the cluster's other flannelds learn this node's lease
  for (const other of f.cluster.nodes)
    if (other !== f.node && other.flannel?.lease) other.flannel.added(f.node);
  const world = c.ctx.world;
  for (;;) {
    yield { until: world.sched.now + 5 * NS_PER_S, cond: () => c.interrupted() };
    if (c.interrupted()) return 0;
    for (const r of f.rules()) f.ensure(r);
  }
}

export { parseIp };
