/**
 * dockerd on one machine (Docker 20.10, libnetwork's bridge driver, classic iptables layout):
 * started by the first `docker` command (or by kubelet on a cluster node), it creates docker0
 * (172.17.0.1/16, a MAC 02:42:… of its own), turns on ip_forward (and then sets FORWARD's policy
 * to DROP), and programs the DOCKER, DOCKER-ISOLATION-STAGE-1/2 and DOCKER-USER chains with the
 * same iptables calls in the same order libnetwork makes them. Containers get a network
 * namespace (bind-mounted at /run/docker/netns/ID) with a veth pair named `veth`+7 hex (the peer,
 * registered first, becomes eth0), MAC 02:42 + the IPv4 address, the lowest free address of the
 * network, a default route via the gateway; published ports get the DNAT/ACCEPT/MASQUERADE rules
 * and a docker-proxy process. Containers also get UTS, IPC, mount, pid and cgroup namespaces,
 * processes (under a containerd-shim) and a json-file log.
 */
import type { Ip4, Mac } from "../util/brand";
import { ip4Str, networkOf } from "../util/inet";
import type { Machine, NsProxy } from "../kernel/machine";
import { PidNamespace } from "../kernel/machine";
import { Netns } from "../kernel/netns";
import { KernelError } from "../kernel/types";
import { NS_PER_MS, NS_PER_S, type Nanos } from "../engine/scheduler";
import type { Cmd, CmdResult, CommandFn, ExecCtx, Wait } from "../shell/types";
import { ExitStatus } from "../shell/types";
import { Shell } from "../shell/interp";
import { Driver } from "../shell/driver";
import { defaultCommands } from "../shell/commands";
import { netfilterOf } from "../netfilter/glue";
import { runIptables } from "../netfilter/iptables";
import { socketsOf } from "../sockets/table";
import { TcpState, type TcpSocket } from "../sockets/tcp";
import { WALL_EPOCH_S } from "../sockets/clock";
import {
  addrAdd,
  bridgeAdd,
  linkDel,
  linkSetMac,
  linkSetMaster,
  linkSetName,
  linkSetNs,
  linkSetUp,
  routeAdd,
  sysctlSet,
  vethAdd,
} from "./netlink";
import { IMAGES, IMAGE_PROGRAMS, PROGRAM_SETS, findImage, type ImageSpec } from "./images";
import { ENTRYPOINT_LOG, nginxProgram, nginxServe, nginxStartLog } from "./nginx";
import { randomName } from "./names";
import { busyboxPs } from "../shell/commands/ps";

export class DockerError extends Error {
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
  }
}

export interface DaemonConfig {
  /** --bridge=none: no default bridge network (docker0). */
  bridge: boolean;
  iptables: boolean;
  ipMasq: boolean;
  ipForward: boolean;
  userlandProxy: boolean;
  /** Extra dockerd arguments shown by ps. */
  args: string[];
}

export const DEFAULT_DAEMON: DaemonConfig = {
  bridge: true,
  iptables: true,
  ipMasq: true,
  ipForward: true,
  userlandProxy: true,
  args: [],
};

export interface Endpoint {
  id: string;
  network: Network;
  ip: Ip4;
  mac: Mac;
  /** The host end of the veth pair. */
  hostVeth?: string;
  ifname: string;
  aliases: string[] | null;
}

export interface Network {
  id: string;
  name: string;
  driver: "bridge" | "host" | "null";
  created: Nanos;
  bridge?: string;
  subnet?: Ip4;
  prefixLen?: number;
  gateway?: Ip4;
  /** Addresses handed out (the gateway included). */
  allocated: Set<number>;
  isDefault: boolean;
  options: Map<string, string>;
  labels: Map<string, string>;
  internal: boolean;
  icc: boolean;
  /** Set when the user gave --subnet (IPAM Config in inspect). */
  userSubnet: boolean;
}

export interface PortBinding {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  proto: "tcp" | "udp";
  /** The proxy processes' pids (IPv4 and IPv6 listeners). */
  proxies: number[];
  /** Whether the iptables rules are in place. */
  ruled: boolean;
}

export interface RunOptions {
  image: ImageSpec;
  /** The reference as typed (docker ps IMAGE). */
  imageRef: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  hostname?: string;
  tty: boolean;
  openStdin: boolean;
  detach: boolean;
  autoRemove: boolean;
  /** "default", "bridge", "host", "none", "container:X" or a network name. */
  networkMode: string;
  ipcMode: string;
  pidMode: string;
  utsMode?: string;
  publish: { hostIp: string; hostPort: string; containerPort: number; proto: "tcp" | "udp" }[];
  labels?: Record<string, string>;
  workdir?: string;
  stopTimeout?: number;
  /** kubelet: the image id as the reference (docker ps shows the short id). */
  imageById?: boolean;
}

export interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
  time: Nanos;
}

type State = "created" | "running" | "exited" | "dead" | "removing";

export class Container {
  state: State = "created";
  pid = 0;
  exitCode = 0;
  startedAt?: Nanos;
  finishedAt?: Nanos;
  restartCount = 0;
  readonly log: LogLine[] = [];
  /** Where a `docker run` without -d (or `docker logs -f`) is listening. */
  readonly attached = new Set<{ out(s: string): void; err(s: string): void }>();
  netns?: Netns;
  /** Its own network namespace (bridge, none, user networks): the sandbox. */
  sandbox?: { id: string; key: string; netns: Netns };
  /**
   * Config.NetworkDisabled: the default bridge on a daemon run with --bridge=none. libnetwork
   * builds no sandbox; runc's new network namespace has only lo (up, with ::1).
   */
  networkDisabled = false;
  endpoints: Endpoint[] = [];
  nsproxy?: NsProxy;
  readonly files = new Map<string, string>();
  shimPid = 0;
  ports: PortBinding[] = [];
  /** Signals delivered to the main process and not yet acted on. */
  signals = new Set<string>();
  killed = false;
  shell?: Shell;
  /** The entered shell (docker run -it / attach) instead of a program. */
  interactive = false;
  /** PID 1 waits without a job: pause (for SIGINT/SIGTERM) or a shell on its terminal. */
  idle?: "pause" | "shell";
  /** Error set by a failed start (docker inspect State.Error). */
  error = "";
  /** Networks the container is connected to, in order (bridge mode or user networks). */
  networks: string[] = [];
  execIds: string[] = [];
  /** Told when PID 1 exits (kubelet watches its containers this way). */
  onExit?: (status: number) => void;

  constructor(
    readonly engine: DockerEngine,
    readonly id: string,
    public name: string,
    readonly created: Nanos,
    readonly opts: RunOptions,
    readonly path: string,
    readonly args: string[],
  ) {}

  get image(): ImageSpec {
    return this.opts.image;
  }

  get running(): boolean {
    return this.state === "running";
  }

  get hostname(): string {
    return this.nsproxy?.uts?.hostname ?? this.configHostname;
  }

  configHostname = "";

  /** The context a program started in the container runs in. */
  ctx(): ExecCtx {
    const m = this.engine.machine;
    return { world: m.world, machine: m, ns: this.netns ?? m.root, nsproxy: this.nsproxy };
  }

  write(stream: "stdout" | "stderr", text: string): void {
    if (!text) return;
    this.log.push({ stream, text, time: this.engine.world.sched.now });
    for (const a of this.attached) (stream === "stdout" ? a.out : a.err)(text);
  }

  /** Every task of the container (its pid namespace, or those sharing its mount namespace). */
  pids(): number[] {
    const out: number[] = [];
    for (const p of this.engine.machine.processes.values())
      if (p.nsproxy && p.nsproxy.mnt === this.nsproxy?.mnt) out.push(p.pid);
    return out.sort((a, b) => a - b);
  }
}

const engines = new WeakMap<Machine, DockerEngine>();

/** Programs that install a handler for a signal (as PID 1 the others ignore SIGTERM and SIGINT). */
export const HANDLES: Record<string, string[]> = {
  ping: ["SIGINT", "SIGQUIT"],
  python3: ["SIGINT"],
  tcpdump: ["SIGINT", "SIGTERM"],
  nc: [],
  curl: [],
};

/** Signals whose default action ends a process, with their numbers. */
const DEFAULT_KILLS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

function hex(rng: { u32(): number }, n: number): string {
  let s = "";
  while (s.length < n) s += rng.u32().toString(16).padStart(8, "0");
  return s.slice(0, n);
}

/** Go's time.Time in RFC 3339 with nanoseconds (trailing zeros trimmed), as JSON shows it. */
export function rfc3339Nano(t: Nanos): string {
  const secs = Math.floor(t / NS_PER_S);
  const ns = Math.round(t - secs * NS_PER_S);
  const d = new Date((WALL_EPOCH_S + secs) * 1000);
  const base = d.toISOString().slice(0, 19);
  const frac = ns ? "." + String(ns).padStart(9, "0").replace(/0+$/, "") : "";
  return `${base}${frac}Z`;
}

export const ZERO_TIME = "0001-01-01T00:00:00Z";

export class DockerEngine {
  readonly world;
  started = false;
  config: DaemonConfig = { ...DEFAULT_DAEMON };
  readonly networks: Network[] = [];
  readonly containers: Container[] = [];
  /** Pulled images (ids). */
  readonly pulled = new Set<ImageSpec>();
  dockerdPid = 0;
  containerdPid = 0;
  private commandsCache?: Map<string, CommandFn>;
  /** Dynamic host ports handed out (-p PORT), from the start of ip_local_port_range. */
  private lastDynamic = 0;

  static of(machine: Machine): DockerEngine {
    let e = engines.get(machine);
    if (!e) {
      e = new DockerEngine(machine);
      engines.set(machine, e);
    }
    return e;
  }

  static peek(machine: Machine): DockerEngine | undefined {
    return engines.get(machine);
  }

  private constructor(readonly machine: Machine) {
    this.world = machine.world;
  }

  get commands(): Map<string, CommandFn> {
    if (!this.commandsCache) this.commandsCache = defaultCommands();
    return this.commandsCache;
  }

  get now(): Nanos {
    return this.world.sched.now;
  }

  id(): string {
    return hex(this.world.rng, 64);
  }

  // ---------------------------------------------------------------- iptables

  iptables(args: string[], ns: Netns = this.machine.root): void {
    const r = runIptables(netfilterOf(ns), ["--wait", ...args], {
      now: () => this.world.sched.now / NS_PER_MS,
      wallClock: () => WALL_EPOCH_S + Math.floor(this.world.sched.now / NS_PER_S),
    });
    if (r.exitCode)
      throw new DockerError(`iptables failed: iptables --wait ${args.join(" ")}: ${r.stderr.trim()}`);
  }

  private iptablesQuiet(args: string[]): boolean {
    const r = runIptables(netfilterOf(this.machine.root), ["--wait", ...args], {});
    return r.exitCode === 0;
  }

  /** iptables.EnsureJumpRule: delete if present, then insert at the top. */
  private ensureJump(from: string, to: string): void {
    while (this.iptablesQuiet(["-t", "filter", "-D", from, "-j", to]));
    this.iptables(["-t", "filter", "-I", from, "-j", to]);
  }

  // ---------------------------------------------------------------- daemon

  /** dockerd's start-up: processes, the bridge driver, the predefined networks. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const m = this.machine;
    const root = m.root;
    this.containerdPid = m.spawn(["/usr/bin/containerd"], root, { ppid: 1 }).pid;
    this.dockerdPid = m.spawn(
      [
        "/usr/bin/dockerd",
        "-H",
        "fd://",
        "--containerd=/run/containerd/containerd.sock",
        ...this.config.args,
      ],
      root,
      { ppid: 1 },
    ).pid;
    const cfg = this.config;
    // bridge driver configure: setupIPChains, then setupIPForwarding
    if (cfg.iptables) {
      this.iptables(["-t", "nat", "-N", "DOCKER"]);
      this.iptables(["-t", "filter", "-N", "DOCKER"]);
      this.iptables(["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-1"]);
      this.iptables(["-t", "filter", "-N", "DOCKER-ISOLATION-STAGE-2"]);
      this.iptables(["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-1", "-j", "RETURN"]);
      this.iptables(["-t", "filter", "-A", "DOCKER-ISOLATION-STAGE-2", "-j", "RETURN"]);
    }
    if (cfg.ipForward && root.sysctl.get("net/ipv4/ip_forward") !== "1") {
      root.writeSysctl("net/ipv4/ip_forward", "1");
      if (cfg.iptables) this.iptables(["-t", "filter", "-P", "FORWARD", "DROP"]);
    }
    if (cfg.bridge)
      this.createBridgeNetwork("bridge", "docker0", 0xac110000 as Ip4, 16, true, {
        options: new Map([
          ["com.docker.network.bridge.default_bridge", "true"],
          ["com.docker.network.bridge.enable_icc", "true"],
          ["com.docker.network.bridge.enable_ip_masquerade", "true"],
          ["com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"],
          ["com.docker.network.bridge.name", "docker0"],
          ["com.docker.network.driver.mtu", "1500"],
        ]),
      });
    this.networks.push(this.plainNetwork("host", "host"), this.plainNetwork("none", "null"));
    if (cfg.iptables) this.arrangeUserFilterRule();
    for (const img of IMAGES)
      if (img.repo.endsWith("/pause") && this.preloaded.has(img.repo)) this.pulled.add(img);
  }

  /** Images a node has before anything is pulled (kubeadm's pre-pulled pause). */
  readonly preloaded = new Set<string>();

  private plainNetwork(name: string, driver: "host" | "null"): Network {
    return {
      id: this.id(),
      name,
      driver,
      created: this.now,
      allocated: new Set(),
      isDefault: false,
      options: new Map(),
      labels: new Map(),
      internal: false,
      icc: true,
      userSubnet: false,
    };
  }

  /** controller.arrangeUserFilterRule: DOCKER-USER exists, returns, and is FORWARD's first rule. */
  private arrangeUserFilterRule(): void {
    if (!this.iptablesQuiet(["-t", "filter", "-L", "DOCKER-USER", "-n"])) {
      this.iptables(["-t", "filter", "-N", "DOCKER-USER"]);
    }
    if (!this.iptablesQuiet(["-t", "filter", "-C", "DOCKER-USER", "-j", "RETURN"]))
      this.iptables(["-t", "filter", "-A", "DOCKER-USER", "-j", "RETURN"]);
    this.ensureJump("FORWARD", "DOCKER-USER");
  }

  /** The bridge driver's createNetwork: the device, its address, then the iptables rules. */
  createBridgeNetwork(
    name: string,
    brName: string,
    subnet: Ip4,
    prefixLen: number,
    isDefault: boolean,
    extra: {
      options?: Map<string, string>;
      labels?: Map<string, string>;
      internal?: boolean;
      userSubnet?: boolean;
      id?: string;
    } = {},
  ): Network {
    const root = this.machine.root;
    const gw = ((subnet + 1) >>> 0) as Ip4;
    const net: Network = {
      id: extra.id ?? this.id(),
      name,
      driver: "bridge",
      created: this.now,
      bridge: brName,
      subnet,
      prefixLen,
      gateway: gw,
      allocated: new Set([gw]),
      isDefault,
      options: extra.options ?? new Map(),
      labels: extra.labels ?? new Map(),
      internal: !!extra.internal,
      icc: true,
      userSubnet: !!extra.userSubnet,
    };
    // setupDevice: the bridge with a random 02:42 MAC of its own
    const br = bridgeAdd(root, brName, { mac: this.randomMac() });
    sysctlSet(root, `net/ipv6/conf/${brName}/accept_ra`, "0");
    addrAdd(br, gw, prefixLen);
    linkSetUp(br);
    if (this.config.iptables) this.networkRules(net);
    this.networks.push(net);
    return net;
  }

  private randomMac(): Mac {
    const b = [0x02, 0x42];
    for (let i = 0; i < 4; i++) b.push(this.world.rng.below(256));
    return b.map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
  }

  /** setupIPTablesInternal + the nat jumps + isolation, in libnetwork's order. */
  private networkRules(net: Network): void {
    const br = net.bridge!;
    const sub = `${ip4Str(net.subnet!)}/${net.prefixLen}`;
    const hairpin = !this.config.userlandProxy;
    if (this.config.ipMasq) {
      this.iptables(["-t", "nat", "-I", "POSTROUTING", "-s", sub, "!", "-o", br, "-j", "MASQUERADE"]);
      if (!hairpin) this.iptables(["-t", "nat", "-I", "DOCKER", "-i", br, "-j", "RETURN"]);
    }
    if (net.icc) this.iptables(["-t", "filter", "-I", "FORWARD", "-i", br, "-o", br, "-j", "ACCEPT"]);
    else this.iptables(["-t", "filter", "-A", "FORWARD", "-i", br, "-o", br, "-j", "DROP"]);
    this.iptables(["-t", "filter", "-I", "FORWARD", "-i", br, "!", "-o", br, "-j", "ACCEPT"]);
    const preJump = ["-m", "addrtype", "--dst-type", "LOCAL", "-j", "DOCKER"];
    if (!this.iptablesQuiet(["-t", "nat", "-C", "PREROUTING", ...preJump]))
      this.iptables(["-t", "nat", "-A", "PREROUTING", ...preJump]);
    const outJump = hairpin ? preJump : [...preJump, "!", "--dst", "127.0.0.0/8"];
    if (!this.iptablesQuiet(["-t", "nat", "-C", "OUTPUT", ...outJump]))
      this.iptables(["-t", "nat", "-A", "OUTPUT", ...outJump]);
    this.iptables(["-t", "filter", "-I", "FORWARD", "-o", br, "-j", "DOCKER"]);
    this.iptables([
      "-t",
      "filter",
      "-I",
      "FORWARD",
      "-o",
      br,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ]);
    this.ensureJump("FORWARD", "DOCKER-ISOLATION-STAGE-1");
    this.iptables([
      "-t",
      "filter",
      "-I",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      br,
      "!",
      "-o",
      br,
      "-j",
      "DOCKER-ISOLATION-STAGE-2",
    ]);
    this.iptables(["-t", "filter", "-I", "DOCKER-ISOLATION-STAGE-2", "-o", br, "-j", "DROP"]);
  }

  private removeNetworkRules(net: Network): void {
    const br = net.bridge!;
    const sub = `${ip4Str(net.subnet!)}/${net.prefixLen}`;
    const del = (a: string[]) => this.iptablesQuiet(a);
    del(["-t", "nat", "-D", "POSTROUTING", "-s", sub, "!", "-o", br, "-j", "MASQUERADE"]);
    del(["-t", "nat", "-D", "DOCKER", "-i", br, "-j", "RETURN"]);
    del(["-t", "filter", "-D", "FORWARD", "-i", br, "-o", br, "-j", "ACCEPT"]);
    del(["-t", "filter", "-D", "FORWARD", "-i", br, "!", "-o", br, "-j", "ACCEPT"]);
    del(["-t", "filter", "-D", "FORWARD", "-o", br, "-j", "DOCKER"]);
    del([
      "-t",
      "filter",
      "-D",
      "FORWARD",
      "-o",
      br,
      "-m",
      "conntrack",
      "--ctstate",
      "RELATED,ESTABLISHED",
      "-j",
      "ACCEPT",
    ]);
    del([
      "-t",
      "filter",
      "-D",
      "DOCKER-ISOLATION-STAGE-1",
      "-i",
      br,
      "!",
      "-o",
      br,
      "-j",
      "DOCKER-ISOLATION-STAGE-2",
    ]);
    del(["-t", "filter", "-D", "DOCKER-ISOLATION-STAGE-2", "-o", br, "-j", "DROP"]);
  }

  // ---------------------------------------------------------------- networks

  network(ref: string): Network | undefined {
    return (
      this.networks.find((n) => n.name === ref) ??
      this.networks.find((n) => n.id === ref) ??
      (ref.length >= 1 ? this.networks.filter((n) => n.id.startsWith(ref)).at(0) : undefined)
    );
  }

  /** The local default pools: 172.17-19/16, 172.20-31 (from /14s), then 192.168.x.0/20. */
  private nextPool(): { subnet: Ip4; len: number } {
    const used = this.networks.filter((n) => n.subnet !== undefined);
    const overlaps = (s: number, l: number) =>
      used.some((n) => {
        const len = Math.min(l, n.prefixLen!);
        return networkOf(s, len) === networkOf(n.subnet!, len);
      }) ||
      this.machine.root
        .list()
        .some((d) =>
          d.in4.some(
            (a) => networkOf(a.local, Math.min(l, a.prefixLen)) === networkOf(s, Math.min(l, a.prefixLen)),
          ),
        );
    for (let b = 17; b <= 31; b++) {
      const s = ((172 << 24) | (b << 16)) >>> 0;
      if (!overlaps(s, 16)) return { subnet: s as Ip4, len: 16 };
    }
    for (let c = 0; c < 256; c += 16) {
      const s = ((192 << 24) | (168 << 16) | (c << 8)) >>> 0;
      if (!overlaps(s, 20)) return { subnet: s as Ip4, len: 20 };
    }
    throw new DockerError(
      "Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network",
    );
  }

  networkCreate(
    name: string,
    o: {
      subnet?: string;
      gateway?: string;
      internal?: boolean;
      labels?: Map<string, string>;
      driver?: string;
    },
  ): Network {
    this.start();
    if (this.networks.some((n) => n.name === name))
      throw new DockerError(`Error response from daemon: network with name ${name} already exists`);
    if (o.driver && o.driver !== "bridge") {
      if (o.driver === "overlay")
        throw new DockerError(
          'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
        );
      throw new DockerError(`Error response from daemon: plugin "${o.driver}" not found`);
    }
    let pool: { subnet: Ip4; len: number };
    if (o.subnet) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(o.subnet);
      const ip = m ? parseIp(m[1]) : undefined;
      if (!m || ip === undefined || Number(m[2]) > 32)
        throw new DockerError(`invalid CIDR address: ${o.subnet}`);
      const len = Number(m[2]);
      if (networkOf(ip, len) !== ip)
        throw new DockerError(
          `Error response from daemon: invalid pool request: Invalid Address/Mask combination for pool: ${o.subnet}`,
        );
      pool = { subnet: ip, len };
      for (const n of this.networks)
        if (
          n.subnet !== undefined &&
          networkOf(n.subnet, Math.min(len, n.prefixLen!)) === networkOf(ip, Math.min(len, n.prefixLen!))
        )
          throw new DockerError(
            "Error response from daemon: Pool overlaps with other one on this address space",
          );
    } else pool = this.nextPool();
    const id = this.id();
    const net = this.createBridgeNetwork(name, `br-${id.slice(0, 12)}`, pool.subnet, pool.len, false, {
      id,
      internal: o.internal,
      labels: o.labels,
      userSubnet: !!o.subnet,
    });
    this.arrangeUserFilterRule();
    return net;
  }

  networkRemove(net: Network): void {
    if (net.driver !== "bridge" || net.isDefault)
      throw new DockerError(
        `Error response from daemon: ${net.name} is a pre-defined network and cannot be removed`,
      );
    const users = this.containers.filter((c) => c.endpoints.some((e) => e.network === net));
    if (users.length)
      throw new DockerError(
        `Error response from daemon: error while removing network: network ${net.name} id ${net.id} has active endpoints`,
      );
    if (this.config.iptables) this.removeNetworkRules(net);
    const br = this.machine.root.byName(net.bridge!);
    if (br) linkDel(br);
    this.networks.splice(this.networks.indexOf(net), 1);
  }

  private allocIp(net: Network): Ip4 {
    const size = 2 ** (32 - net.prefixLen!);
    for (let i = 1; i < size - 1; i++) {
      const ip = ((net.subnet! + i) >>> 0) as Ip4;
      if (!net.allocated.has(ip)) {
        net.allocated.add(ip);
        return ip;
      }
    }
    throw new DockerError(
      `no available IPv4 addresses on this network's address pools: ${net.name} (${net.id})`,
    );
  }

  // ---------------------------------------------------------------- containers

  container(ref: string): Container | undefined {
    const byName = this.containers.find((c) => c.name === ref.replace(/^\//, ""));
    if (byName) return byName;
    const exact = this.containers.find((c) => c.id === ref);
    if (exact) return exact;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const matches = this.containers.filter((c) => c.id.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  pullImage(img: ImageSpec): void {
    this.pulled.add(img);
  }

  /** docker create: validation, the name, the config (no namespaces yet). */
  create(o: RunOptions): Container {
    this.start();
    if (o.name !== undefined) {
      if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(o.name))
        throw new DockerError(
          `Error response from daemon: Invalid container name (${o.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
          125,
        );
      const other = this.containers.find((c) => c.name === o.name);
      if (other)
        throw new DockerError(
          `Error response from daemon: Conflict. The container name "/${o.name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`,
          125,
        );
    }
    const mode = o.networkMode;
    if (mode.startsWith("container:")) {
      const ref = mode.slice(10);
      if (!ref)
        throw new DockerError("--net: invalid net mode: invalid container format container:<name|id>", 125);
      if (o.publish.length)
        throw new DockerError(
          "conflicting options: port publishing and the container type network mode",
          125,
        );
      if (o.hostname) throw new DockerError("conflicting options: hostname and the network mode", 125);
      const other = this.container(ref);
      if (!other) throw new DockerError(`Error response from daemon: No such container: ${ref}`, 125);
    } else if (mode === "host" && o.hostname) {
      throw new DockerError("conflicting options: hostname and the network mode", 125);
    } else if (!["default", "bridge", "host", "none"].includes(mode)) {
      if (!this.network(mode))
        throw new DockerError(`Error response from daemon: network ${mode} not found`, 125);
    } else if ((mode === "default" || mode === "bridge") && !this.network("bridge") && this.config.bridge) {
      throw new DockerError("Error response from daemon: network bridge not found", 125);
    }
    for (const m of [o.ipcMode, o.pidMode]) {
      if (m.startsWith("container:") && !this.container(m.slice(10)))
        throw new DockerError(`Error response from daemon: No such container: ${m.slice(10)}`, 125);
    }
    const id = this.id();
    let name = o.name;
    for (let retry = 0; name === undefined; retry++) {
      const n = randomName(this.world.rng, retry);
      if (!this.containers.some((c) => c.name === n)) name = n;
    }
    const entry = o.entrypoint ?? o.image.config.Entrypoint ?? [];
    const cmd = o.cmd ?? (o.entrypoint ? [] : (o.image.config.Cmd ?? []));
    const argv = [...entry, ...cmd];
    const c = new Container(this, id, name, this.now, o, argv[0] ?? "", argv.slice(1));
    c.configHostname = o.hostname ?? id.slice(0, 12);
    if (mode === "host") c.configHostname = this.machine.hostname;
    for (const [k, v] of Object.entries(o.image.files())) c.files.set(k, v);
    this.containers.push(c);
    return c;
  }

  /** docker start: namespaces, network, port mappings, then the main process. */
  startContainer(c: Container): void {
    if (c.running) return;
    const o = c.opts;
    if (!c.path) {
      throw new DockerError("Error response from daemon: No command specified", 125);
    }
    const m = this.machine;
    const inode = () => this.world.allocNetnsInode();
    // the other namespaces
    const mode = o.networkMode;
    let joinNet: Container | undefined;
    if (mode.startsWith("container:")) {
      joinNet = this.container(mode.slice(10))!;
      if (!joinNet?.running)
        throw new DockerError(
          `Error response from daemon: cannot join network of a non running container: ${joinNet?.id ?? mode.slice(10)}`,
          125,
        );
      c.configHostname = joinNet.hostname;
    }
    const shareOf = (mode2: string, key: "ipc" | "pid"): Container | undefined => {
      if (!mode2.startsWith("container:")) return undefined;
      const other = this.container(mode2.slice(10));
      if (!other?.running)
        throw new DockerError(
          `Error response from daemon: cannot join ${key === "ipc" ? "IPC" : "PID"} of a non running container: ${other?.id ?? mode2.slice(10)}`,
          125,
        );
      return other;
    };
    const ipcFrom = shareOf(o.ipcMode, "ipc");
    const pidFrom = shareOf(o.pidMode, "pid");
    const nsproxy: NsProxy = {
      uts: o.utsMode === "host" ? undefined : { inode: inode(), hostname: c.configHostname },
      ipc: o.ipcMode === "host" ? undefined : (ipcFrom?.nsproxy?.ipc ?? { inode: inode() }),
      mnt: { inode: inode(), files: c.files, programs: this.programsOf(c.image) },
      pid: o.pidMode === "host" ? undefined : (pidFrom?.nsproxy?.pid ?? new PidNamespace(inode())),
      cgroup: { inode: inode() },
    };
    c.nsproxy = nsproxy;
    // the network namespace
    try {
      if (mode === "host") c.netns = m.root;
      else if (joinNet) c.netns = joinNet.netns;
      else this.createSandbox(c);
    } catch (e) {
      c.nsproxy = undefined;
      throw e;
    }
    this.writeEtc(c, joinNet);
    // port mappings (ProgramExternalConnectivity)
    try {
      if (mode !== "host") this.mapPorts(c);
    } catch (e) {
      this.releaseNetwork(c);
      c.nsproxy = undefined;
      c.netns = undefined;
      throw e;
    }
    if (mode === "host" && o.publish.length) {
      // the daemon discards them (the CLI printed the warning)
    }
    c.shimPid = m.spawn(
      [
        "/usr/bin/containerd-shim-runc-v2",
        "-namespace",
        "moby",
        "-id",
        c.id,
        "-address",
        "/run/containerd/containerd.sock",
      ],
      m.root,
      { ppid: 1 },
    ).pid;
    c.state = "running";
    c.startedAt = this.now;
    c.finishedAt = undefined;
    c.signals.clear();
    c.killed = false;
    c.exitCode = 0;
    this.launchMain(c);
  }

  private programsOf(img: ImageSpec): Map<string, CommandFn | null> {
    const base = this.commands;
    const out = new Map<string, CommandFn | null>();
    if (img.programs === "netshoot") {
      for (const n of base.keys())
        if (!["docker", "kubectl", "crictl", "python3"].includes(n)) out.set(n, null);
      for (const n of ["sh", "bash", "echo", "printf", "test", "[", "true", "false", "kill", "pwd"])
        out.set(n, null);
      out.set("zsh", shellAlias);
      out.set("ash", shellAlias);
      return out;
    }
    for (const n of Array.isArray(img.programs) ? img.programs : PROGRAM_SETS[img.programs]) {
      const extra = IMAGE_PROGRAMS.get(n);
      if (extra) {
        out.set(n, extra);
        continue;
      }
      if (n === "nginx") out.set(n, nginxCommand);
      else if (n === "pause") out.set(n, pauseCommand);
      else if (n === "ash" || n === "zsh") out.set(n, shellAlias);
      else if (n === "ps") out.set(n, busyboxPs);
      else if (
        base.has(n) ||
        ["sh", "bash", "echo", "printf", "test", "[", "true", "false", "kill", "pwd"].includes(n)
      )
        out.set(n, null);
    }
    return out;
  }

  /** A network namespace of the container's own, with lo up, then its endpoints. */
  private createSandbox(c: Container): void {
    const m = this.machine;
    const ns = new Netns(this.world, m);
    const sid = this.id();
    const key = `/run/docker/netns/${sid.slice(0, 12)}`;
    ns.refs++;
    m.nsfs.set(key, ns);
    m.world.topologyChanged();
    ns.open(ns.lo);
    c.sandbox = { id: sid, key, netns: ns };
    c.netns = ns;
    // kubelet's pause containers are named k8s_POD_<pod>_<namespace>_<uid>_<attempt>
    ns.holder = () => {
      const pod = /^k8s_POD_(.+?)_[^_]+_[^_]+_\d+$/.exec(c.name);
      return pod ? `pod ${pod[1]}` : `container ${c.name}`;
    };
    const mode = c.opts.networkMode;
    if (mode === "none") {
      // no network: IPv6 off in the whole namespace (the loopback loses ::1)
      sysctlSet(ns, "net/ipv6/conf/all/disable_ipv6", "1");
      return;
    }
    const nets = c.networks.length ? c.networks : [mode === "default" ? "bridge" : mode];
    c.networks = [...nets];
    // connectToNetwork: the bridge of a daemon without one disables the container's network
    if (!this.config.bridge && nets[0] === "bridge" && nets.length === 1) {
      m.nsfs.delete(key);
      c.sandbox = undefined;
      c.networkDisabled = true;
      return;
    }
    nets.forEach((n, i) => {
      const net = this.network(n)!;
      this.joinNetwork(c, net, i === 0);
    });
  }

  /** CreateEndpoint + Join: the veth pair, eth<N> in the sandbox, its MAC, address and routes. */
  joinNetwork(c: Container, net: Network, gateway: boolean): Endpoint {
    const root = this.machine.root;
    const ns = c.sandbox!.netns;
    const ip = this.allocIp(net);
    const mac = macFromIp(ip);
    const name = () => {
      for (;;) {
        const n = `veth${hex(this.world.rng, 7)}`;
        if (!root.byName(n)) return n;
      }
    };
    const hostName = name();
    const tmpName = name();
    const { dev: host, peer } = vethAdd(root, hostName, tmpName);
    const br = root.byName(net.bridge!)!;
    linkSetMaster(host, br);
    linkSetUp(host);
    // osl AddInterface: into the sandbox, renamed eth<N>, MAC, address, up
    const ifname = `eth${c.endpoints.length}`;
    linkSetNs(peer, ns);
    linkSetName(peer, ifname);
    linkSetMac(peer, mac);
    addrAdd(peer, ip, net.prefixLen!);
    // setInterfaceIPv6: no IPv6 address on this network, so IPv6 is off on the interface
    sysctlSet(ns, `net/ipv6/conf/${ifname}/disable_ipv6`, "1");
    linkSetUp(peer);
    if (gateway) routeAdd(ns, { dst: 0 as Ip4, dstLen: 0, gw: net.gateway, dev: peer });
    const ep: Endpoint = { id: this.id(), network: net, ip, mac, hostVeth: hostName, ifname, aliases: null };
    c.endpoints.push(ep);
    if (!c.networks.includes(net.name)) c.networks.push(net.name);
    return ep;
  }

  /** docker network connect: another endpoint in a running container's sandbox. */
  /** docker network disconnect: the endpoint's veth goes, its address is released. */
  disconnect(c: Container, net: Network): void {
    const ep = c.endpoints.find((x) => x.network === net);
    if (!ep && !c.networks.includes(net.name))
      throw new DockerError(
        `Error response from daemon: container ${c.id} is not connected to network ${net.name}`,
      );
    c.networks = c.networks.filter((n) => n !== net.name);
    if (!ep) return;
    if (c.endpoints[0] === ep) for (const b of c.ports) this.unmapPort(b, ep.ip, net.bridge!);
    if (c.endpoints[0] === ep) c.ports = [];
    net.allocated.delete(ep.ip);
    const dev = ep.hostVeth ? this.machine.root.byName(ep.hostVeth) : undefined;
    if (dev) linkDel(dev);
    c.endpoints = c.endpoints.filter((x) => x !== ep);
  }

  connect(c: Container, net: Network): void {
    if (c.opts.networkMode.startsWith("container:") || c.opts.networkMode === "host")
      throw new DockerError(
        "Error response from daemon: container sharing network namespace with another container or host cannot be connected to any other network",
      );
    if (net.driver !== "bridge")
      throw new DockerError(
        `Error response from daemon: container cannot be disconnected from host network or connected to host network`,
      );
    if (c.networks.includes(net.name) || c.endpoints.some((e) => e.network === net))
      throw new DockerError(
        `Error response from daemon: endpoint with name ${c.name} already exists in network ${net.name}`,
      );
    if (c.running && c.sandbox) {
      const gw = c.endpoints.length === 0;
      this.joinNetwork(c, net, gw);
    } else if (!c.networks.includes(net.name)) c.networks.push(net.name);
  }

  private writeEtc(c: Container, joined?: Container): void {
    this.writeEtcDocker(c, joined);
    // kubelet manages a pod's /etc/hosts and dockershim its resolv.conf
    const over = this.etcOverride?.(c);
    if (over?.hosts !== undefined) c.files.set("/etc/hosts", over.hosts);
    if (over?.resolv !== undefined) c.files.set("/etc/resolv.conf", over.resolv);
  }

  private writeEtcDocker(c: Container, joined?: Container): void {
    const m = this.machine;
    const files = c.files;
    files.set("/etc/hostname", `${c.hostname}\n`);
    if (c.opts.networkMode === "host") {
      files.set("/etc/hosts", m.files.get("/etc/hosts") ?? "");
    } else if (joined) {
      files.set("/etc/hosts", joined.files.get("/etc/hosts") ?? "");
      files.set("/etc/resolv.conf", joined.files.get("/etc/resolv.conf") ?? "");
      return;
    } else {
      let hosts =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";
      const ep = c.endpoints[0];
      if (ep) hosts += `${ip4Str(ep.ip)}\t${c.hostname}\n`;
      files.set("/etc/hosts", hosts);
    }
    const userNet = c.endpoints.some((e) => !e.network.isDefault);
    if (userNet) files.set("/etc/resolv.conf", "nameserver 127.0.0.11\noptions ndots:0\n");
    else {
      // the host's, without loopback nameservers; the defaults when none is left
      const host = (m.files.get("/etc/resolv.conf") ?? "")
        .split("\n")
        .filter((l) => !/^\s*nameserver\s+127\./.test(l));
      const has = host.some((l) => /^\s*nameserver\s/.test(l));
      let text = host.join("\n").replace(/\n+$/, "");
      if (!has) text = (text ? text + "\n" : "") + "\nnameserver 8.8.8.8\nnameserver 8.8.4.4";
      files.set("/etc/resolv.conf", text.replace(/^\n+/, "") + "\n");
    }
  }

  /** A pod's /etc/hosts and /etc/resolv.conf, as kubelet and dockershim write them (k8s module). */
  etcOverride?: (c: Container) => { hosts?: string; resolv?: string } | undefined;

  // ---------------------------------------------------------------- ports

  private mapPorts(c: Container): void {
    const ep = c.endpoints[0];
    const specs = c.opts.publish;
    if (!specs.length) return;
    if (!ep) return; // --network none: nothing to map to
    const net = ep.network;
    const done: PortBinding[] = [];
    try {
      for (const p of specs) {
        let hostPort: number;
        if (p.hostPort === "") hostPort = this.dynamicPort(p.hostIp || "0.0.0.0", p.proto);
        else {
          hostPort = Number(p.hostPort);
          const clash = this.containers.find((o) =>
            o.ports.some(
              (b) =>
                b.hostPort === hostPort &&
                b.proto === p.proto &&
                (b.hostIp === (p.hostIp || "0.0.0.0") || b.hostIp === "0.0.0.0" || !p.hostIp),
            ),
          );
          if (clash || done.some((b) => b.hostPort === hostPort && b.proto === p.proto))
            throw new DockerError(
              `Error response from daemon: driver failed programming external connectivity on endpoint ${c.name} (${ep.id}): Bind for ${p.hostIp || "0.0.0.0"}:${hostPort} failed: port is already allocated`,
              125,
            );
        }
        const b: PortBinding = {
          hostIp: p.hostIp || "0.0.0.0",
          hostPort,
          containerPort: p.containerPort,
          proto: p.proto,
          proxies: [],
          ruled: false,
        };
        done.push(b);
        if (this.config.iptables) {
          this.forwardRules("-A", b, ep.ip, net.bridge!);
          b.ruled = true;
        }
        if (this.config.userlandProxy) {
          const err = this.startProxy(b, ep.ip, b.hostIp);
          if (err)
            throw new DockerError(
              `Error response from daemon: driver failed programming external connectivity on endpoint ${c.name} (${ep.id}): Error starting userland proxy: listen ${b.proto}4 ${b.hostIp}:${b.hostPort}: bind: address already in use`,
              125,
            );
          if (!p.hostIp) this.startProxy(b, ep.ip, "::");
        }
      }
    } catch (e) {
      for (const b of done) this.unmapPort(b, ep.ip, net.bridge!);
      throw e;
    }
    c.ports = done;
  }

  private dynamicPort(hostIp: string, proto: string): number {
    const [lo, hi] = [32768, 60999];
    let p = this.lastDynamic ? this.lastDynamic + 1 : lo;
    for (let n = 0; n <= hi - lo; n++, p++) {
      if (p > hi) p = lo;
      const used = this.containers.some((o) =>
        o.ports.some(
          (b) => b.hostPort === p && b.proto === proto && (b.hostIp === hostIp || b.hostIp === "0.0.0.0"),
        ),
      );
      if (!used) {
        this.lastDynamic = p;
        return p;
      }
    }
    throw new DockerError("Error response from daemon: all ports are allocated", 125);
  }

  /** iptables.Forward: the DNAT, the ACCEPT toward the container, the hairpin MASQUERADE. */
  private forwardRules(action: "-A" | "-D", b: PortBinding, cip: Ip4, br: string): void {
    const hairpin = !this.config.userlandProxy;
    const daddr = b.hostIp === "0.0.0.0" ? "0/0" : b.hostIp;
    const c = ip4Str(cip);
    const run =
      action === "-A" ? (a: string[]) => this.iptables(a) : (a: string[]) => void this.iptablesQuiet(a);
    const dnat = [
      "-t",
      "nat",
      action,
      "DOCKER",
      "-p",
      b.proto,
      "-d",
      daddr,
      "--dport",
      String(b.hostPort),
      "-j",
      "DNAT",
      "--to-destination",
      `${c}:${b.containerPort}`,
    ];
    if (!hairpin) dnat.push("!", "-i", br);
    run(dnat);
    run([
      "-t",
      "filter",
      action,
      "DOCKER",
      "!",
      "-i",
      br,
      "-o",
      br,
      "-p",
      b.proto,
      "-d",
      c,
      "--dport",
      String(b.containerPort),
      "-j",
      "ACCEPT",
    ]);
    run([
      "-t",
      "nat",
      action,
      "POSTROUTING",
      "-p",
      b.proto,
      "-s",
      c,
      "-d",
      c,
      "--dport",
      String(b.containerPort),
      "-j",
      "MASQUERADE",
    ]);
  }

  private unmapPort(b: PortBinding, cip: Ip4, br: string): void {
    if (b.ruled) this.forwardRules("-D", b, cip, br);
    b.ruled = false;
    for (const pid of b.proxies) this.machine.kill(pid);
    b.proxies = [];
  }

  /** docker-proxy: a TCP relay on the host port (the IPv6 one is a process that listens nowhere here). */
  private startProxy(b: PortBinding, cip: Ip4, hostIp: string): number {
    const m = this.machine;
    const argv = [
      "/usr/bin/docker-proxy",
      "-proto",
      b.proto,
      "-host-ip",
      hostIp,
      "-host-port",
      String(b.hostPort),
      "-container-ip",
      ip4Str(cip),
      "-container-port",
      String(b.containerPort),
    ];
    const proc = m.spawn(argv, m.root, { ppid: this.dockerdPid });
    b.proxies.push(proc.pid);
    if (hostIp === "::" || b.proto !== "tcp") return 0;
    const table = socketsOf(m.root);
    const ls = table.tcpSocket();
    ls.owners.push({ comm: "docker-proxy", pid: proc.pid, fd: 4 });
    const addr = parseIp(hostIp) ?? 0;
    let e = ls.bind(addr, b.hostPort);
    if (!e) e = ls.listen(4096);
    if (e) {
      ls.close();
      m.kill(proc.pid);
      b.proxies.pop();
      return e;
    }
    const alive = () => m.processes.has(proc.pid);
    Driver.of(this.world).start(proxyLoop(ls, cip, b.containerPort, alive, proc.pid));
    proc.onKill = () => ls.close();
    return 0;
  }

  // ---------------------------------------------------------------- processes

  /** The main process: the image's entrypoint and command, under the shim. */
  private launchMain(c: Container): void {
    const m = this.machine;
    const ctx = c.ctx();
    const argv = [c.path, ...c.args];
    const proc = m.spawn(argv, ctx.ns, { nsproxy: c.nsproxy, ppid: c.shimPid });
    c.pid = proc.pid;
    const shell = new Shell(this.world, m, this.commands, false, { ctx, pid: proc.pid });
    shell.fs.cwd = c.opts.workdir || c.image.config.WorkingDir || "/";
    c.shell = shell;
    // PID 1s that only wait for a signal or for their terminal hold no running job
    const prog = argv[0].slice(argv[0].lastIndexOf("/") + 1);
    const waitsOnTty =
      ["sh", "bash", "ash", "zsh"].includes(prog) && argv.length === 1 && (c.opts.tty || c.opts.openStdin);
    if (c.interactive || waitsOnTty) {
      c.idle = "shell";
      return;
    }
    if (
      prog === "pause" &&
      (c.nsproxy?.mnt?.programs as ReadonlyMap<string, unknown> | undefined)?.get("pause") === pauseCommand
    ) {
      c.idle = "pause";
      if (proc.nspid !== undefined && proc.nspid !== 1)
        c.write("stderr", "Warning: pause should be the first process\n");
      return;
    }
    const io = { out: (s: string) => c.write("stdout", s), err: (s: string) => c.write("stderr", s) };
    const gen = this.mainProcess(c, argv, io, proc.pid, shell);
    Driver.of(this.world).start(gen, (status) => this.exited(c, proc.pid, status));
  }

  /** The end of a PID 1 that held no job (pause, a shell on its terminal). */
  private finishIdle(c: Container, status: number): void {
    if (!c.idle || !c.running) return;
    c.idle = undefined;
    this.exited(c, c.pid, status);
  }

  /** The user left the container's interactive shell (PID 1): it exits with that status. */
  leaveInteractive(c: Container, status: number): void {
    c.interactive = false;
    this.finishIdle(c, status);
  }

  private *mainProcess(
    c: Container,
    argv0: string[],
    io: { out(s: string): void; err(s: string): void },
    pid: number,
    shell: Shell,
  ): Generator<Wait, number, void> {
    let argv = argv0;
    const ctx = c.ctx();
    const prog = (a: string) => a.slice(a.lastIndexOf("/") + 1);
    if (argv[0] === "/docker-entrypoint.sh") {
      argv = argv.slice(1);
      if (argv[0] === "nginx" || argv[0] === "nginx-debug") {
        if (!argv.includes("-q")) io.out(ENTRYPOINT_LOG);
      }
      if (!argv.length) return 0;
    }
    // the image's program at that path (/pause, /opt/bin/flanneld), else a PATH lookup
    const programs = c.nsproxy?.mnt?.programs as ReadonlyMap<string, CommandFn | null> | undefined;
    const own = argv[0].includes("/") ? programs?.get(prog(argv[0])) : undefined;
    const fn = own ?? shell.findProgram(argv[0], ctx);
    if (!fn) {
      c.error = `failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`;
      return 127;
    }
    if (prog(argv[0]) === "nginx") {
      this.machine.processes.get(pid)!.argv = ["nginx: master process nginx -g daemon off;"];
    }
    const handles = (sig: string) => {
      const p = prog(argv[0]);
      if (p === "nginx" || p === "pause") return ["SIGTERM", "SIGINT", "SIGQUIT"].includes(sig);
      return (HANDLES[p] ?? []).includes(sig);
    };
    const interrupted = () => {
      if (!c.signals.size) return false;
      for (const s of c.signals) if (handles(s)) return true;
      return false;
    };
    // the kernel protects only PID 1 of a pid namespace from signals it has no handler for: a
    // container sharing another's pid namespace (--pid=container:, a pod's shareProcessNamespace)
    // or the host's dies of SIGTERM/SIGINT/SIGQUIT/SIGHUP (128 + the signal's number)
    const pid1 = this.machine.processes.get(pid)?.nspid === 1;
    const fatal = (): number => {
      if (pid1) return 0;
      for (const s of c.signals) if (!handles(s) && DEFAULT_KILLS[s]) return DEFAULT_KILLS[s];
      return 0;
    };
    const cmd = shell.makeCmd(argv, io, ctx, "", pid, interrupted);
    const inner = asGen(() => fn(cmd));
    let r = inner.next();
    while (!r.done) {
      const w = r.value;
      yield {
        until: w.until,
        cond: () => c.killed || fatal() > 0 || interrupted() || (w.cond ? w.cond() : false),
      };
      if (c.killed) {
        inner.return(137);
        return 137;
      }
      const sig = fatal();
      if (sig) {
        inner.return(128 + sig);
        return 128 + sig;
      }
      r = inner.next();
    }
    return r.value;
  }

  /** PID 1 exited: the rest of its pid namespace dies, the network goes, the state is kept. */
  private exited(c: Container, pid: number, status: number): void {
    const m = this.machine;
    if (c.pid !== pid) return;
    m.kill(pid);
    for (const p of [...m.processes.values()])
      if (p.nsproxy && p.nsproxy.mnt === c.nsproxy?.mnt && p.nsproxy.pid === c.nsproxy?.pid) m.kill(p.pid);
    if (c.shimPid) m.kill(c.shimPid);
    c.shimPid = 0;
    c.exitCode = status;
    c.state = "exited";
    c.idle = undefined;
    c.pid = 0;
    c.finishedAt = this.now;
    c.interactive = false;
    this.releaseNetwork(c);
    // containers sharing its network namespace keep it (their processes hold it)
    if (c.opts.autoRemove) this.removeContainer(c);
    c.onExit?.(status);
  }

  /** sandbox.Delete: port mappings, endpoints (the veth goes), the netns bind mount. */
  private releaseNetwork(c: Container): void {
    const ep0 = c.endpoints[0];
    for (const b of c.ports) this.unmapPort(b, ep0?.ip ?? (0 as Ip4), ep0?.network.bridge ?? "");
    c.ports = [];
    const root = this.machine.root;
    for (const ep of c.endpoints) {
      ep.network.allocated.delete(ep.ip);
      const dev = ep.hostVeth ? root.byName(ep.hostVeth) : undefined;
      if (dev) {
        try {
          linkDel(dev);
        } catch (e) {
          if (!(e instanceof KernelError)) throw e;
        }
      }
    }
    c.endpoints = [];
    if (c.sandbox) {
      const m = this.machine;
      m.nsfs.delete(c.sandbox.key);
      this.world.releaseNetns(c.sandbox.netns);
      c.sandbox = undefined;
      m.world.topologyChanged();
    } else if (c.networkDisabled && c.netns) {
      this.world.releaseNetns(c.netns);
      c.networkDisabled = false;
      this.machine.world.topologyChanged();
    }
    c.netns = undefined;
  }

  /** Delivers a signal to PID 1 (docker kill, docker stop's first step). */
  signal(c: Container, sig: string): void {
    if (!c.running) return;
    if (sig === "SIGKILL" || sig === "KILL" || sig === "9") {
      c.killed = true;
      this.finishIdle(c, 137);
      return;
    }
    const name = sig.startsWith("SIG") ? sig : `SIG${sig}`;
    c.signals.add(name);
    // pause's handlers (SIGINT, SIGTERM): "Shutting down, got signal: …", exit 0
    if (c.idle === "pause" && (name === "SIGTERM" || name === "SIGINT")) {
      c.write("stderr", `Shutting down, got signal: ${name === "SIGTERM" ? "Terminated" : "Interrupt"}\n`);
      this.finishIdle(c, 0);
    }
  }

  /** docker stop: the image's stop signal, then SIGKILL after the timeout; waits for the exit. */
  *stop(c: Container, timeout?: number): Generator<Wait, void, void> {
    if (!c.running) return;
    const t = timeout ?? c.opts.stopTimeout ?? 10;
    this.signal(c, c.image.config.StopSignal ?? "SIGTERM");
    if (c.interactive) {
      // an interactive shell as PID 1 ignores SIGTERM as well
    }
    const deadline = this.now + t * NS_PER_S;
    yield { until: deadline, cond: () => !c.running };
    if (c.running) {
      c.killed = true;
      yield { until: Infinity, cond: () => !c.running };
    }
  }

  removeContainer(c: Container): void {
    c.state = "removing";
    const i = this.containers.indexOf(c);
    if (i >= 0) this.containers.splice(i, 1);
    c.state = "dead";
  }

  /** An exec'd process's context (the container's namespaces). */
  execCtx(c: Container): ExecCtx {
    return c.ctx();
  }

  /** `docker logs` text of one stream kind. */
  logs(c: Container): LogLine[] {
    return c.log;
  }
}

function* proxyLoop(
  ls: TcpSocket,
  cip: Ip4,
  cport: number,
  alive: () => boolean,
  pid: number,
): Generator<Wait, number, void> {
  const pairs: { a: TcpSocket; b: TcpSocket; aDone: boolean; bDone: boolean }[] = [];
  const table = ls.table;
  try {
    for (;;) {
      yield {
        until: Infinity,
        cond: () =>
          !alive() ||
          ls.acceptQueue.length > 0 ||
          pairs.some(
            (p) =>
              p.a.recvQueued() > 0 ||
              p.b.recvQueued() > 0 ||
              (p.a.eof && !p.aDone) ||
              (p.b.eof && !p.bDone && p.b.state !== TcpState.SYN_SENT) ||
              (p.b.state === TcpState.CLOSE && !p.bDone),
          ),
      };
      if (!alive()) return 0;
      for (let a = ls.accept(); a; a = ls.accept()) {
        a.owners.push({ comm: "docker-proxy", pid, fd: 5 });
        const b = table.tcpSocket();
        b.owners.push({ comm: "docker-proxy", pid, fd: 6 });
        b.connect(cip, cport);
        pairs.push({ a, b, aDone: false, bDone: false });
      }
      for (const p of [...pairs]) {
        if (p.b.state === TcpState.SYN_SENT) continue;
        if (p.b.state === TcpState.CLOSE && !p.bDone && p.b.err) {
          p.a.close();
          pairs.splice(pairs.indexOf(p), 1);
          continue;
        }
        const fromA = p.a.read();
        if (fromA.length) p.b.write(fromA);
        const fromB = p.b.read();
        if (fromB.length) p.a.write(fromB);
        if (p.a.eof && !p.aDone) {
          p.aDone = true;
          p.b.shutdownWrite();
        }
        if (p.b.eof && !p.bDone) {
          p.bDone = true;
          p.a.shutdownWrite();
        }
        if (p.aDone && p.bDone) {
          p.a.close();
          p.b.close();
          pairs.splice(pairs.indexOf(p), 1);
        }
      }
    }
  } finally {
    for (const p of pairs) {
      p.a.close();
      p.b.close();
    }
    ls.close();
  }
}

function* asGen(f: () => CmdResult): Generator<Wait, number, void> {
  let r: CmdResult;
  try {
    r = f();
  } catch (e) {
    if (e instanceof ExitStatus) return e.code;
    throw e;
  }
  if (typeof r === "number") return r;
  try {
    return yield* r;
  } catch (e) {
    if (e instanceof ExitStatus) return e.code;
    throw e;
  }
}

export function parseIp(s: string): Ip4 | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return (((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0) as Ip4;
}

/** GenerateMACFromIP: 02:42 followed by the four bytes of the IPv4 address. */
export function macFromIp(ip: Ip4): Mac {
  const b = [0x02, 0x42, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
}

// ---------------------------------------------------------------- image programs

/** /pause: sleeps until SIGINT or SIGTERM ("Shutting down, got signal: Terminated"). */
function* pauseMain(c: Cmd): Generator<Wait, number, void> {
  const p = c.ctx.machine.processes.get(c.pid);
  if (p && p.nspid !== undefined && p.nspid !== 1) c.err("Warning: pause should be the first process\n");
  yield { until: Infinity, cond: () => c.interrupted() };
  c.err("Shutting down, got signal: Terminated\n");
  return 0;
}

function pauseCommand(c: Cmd): CmdResult {
  if (c.argv[1] === "-v") {
    c.out("pause.c v3.6\n");
    return 0;
  }
  return pauseMain(c);
}

/** The `nginx` program of the image: a server when run with -g 'daemon off;' (or alone). */
function nginxCommand(c: Cmd): CmdResult {
  const m = c.ctx.machine;
  return nginxProgram(
    c,
    (sig) => {
      // the master of this container (the same mount namespace), if any
      for (const p of m.processes.values()) {
        if (p.nsproxy?.mnt === c.ctx.nsproxy?.mnt && p.argv[0]?.startsWith("nginx: master")) {
          const engine = DockerEngine.peek(m);
          const ctr = engine?.containers.find((x) => x.pid === p.pid);
          if (ctr && (sig === "stop" || sig === "quit")) ctr.signals.add("SIGQUIT");
          return true;
        }
      }
      return false;
    },
    () => nginxMain(c),
  );
}

function* nginxMain(c: Cmd): Generator<Wait, number, void> {
  const m = c.ctx.machine;
  const self = m.processes.get(c.pid);
  const pidns = c.ctx.nsproxy?.pid;
  const nsPid = self?.nspid ?? c.pid;
  // the entrypoint's helper processes used up pids; the workers come after them
  const workers: number[] = [];
  const workerProcs: number[] = [];
  if (pidns) while (pidns.alloc() < 28);
  for (let i = 0; i < 2; i++) {
    const w = m.spawn(["nginx: worker process"], c.ctx.ns, { nsproxy: c.ctx.nsproxy, ppid: c.pid });
    workers.push(w.nspid ?? w.pid);
    workerProcs.push(w.pid);
  }
  const alpine = !!c.ctx.nsproxy?.mnt?.files.has("/etc/alpine-release");
  c.err(nginxStartLog(c.ctx.world.sched.now, nsPid, workers, alpine));
  const stopped = () => c.interrupted() || !m.processes.has(c.pid);
  try {
    return yield* nginxServe(c, { masterPid: nsPid, workerPid: workers[0] }, stopped);
  } finally {
    for (const w of workerProcs) m.kill(w);
  }
}

/** ash and zsh are the shell under another name. */
function shellAlias(c: Cmd): CmdResult {
  return c.run(["sh", ...c.argv.slice(1)], c.ctx);
}

export { findImage };
