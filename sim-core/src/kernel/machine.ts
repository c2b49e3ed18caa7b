/**
 * A simulated machine: hostname, its own root network namespace, its registry of named network
 * namespaces (/var/run/netns, listed newest first as tmpfs readdir does), a few files of its own
 * (/etc/hosts, /etc/resolv.conf, files the user writes), its processes and its kernel log.
 */
import { Netns } from "./netns";
import type { World } from "./world";

export interface Process {
  pid: number;
  /** argv as `ps` shows it */
  argv: string[];
  netns: Netns;
  /** Called when the process is killed (to release sockets, netns references). */
  onKill?: () => void;
  /** Set by the shell for background jobs. */
  job?: number;
  /** The parent's pid (`ps -ef`'s PPID), when known. */
  ppid?: number;
  /** Namespaces other than the network one, when they are not the machine's initial ones. */
  nsproxy?: NsProxy;
  /** The pid inside its pid namespace (nsproxy.pid), when that is not the initial one. */
  nspid?: number;
  /** Virtual time it started at (ps START/STIME). */
  started?: number;
}

/**
 * The non-network namespaces of a task (struct nsproxy), for containers: a UTS namespace (its
 * own hostname), an IPC and a cgroup namespace (identity only), a mount namespace (its own root
 * filesystem: the files, and the programs its image has) and a pid namespace (pids from 1).
 * A task without one lives in the machine's initial namespaces.
 */
export interface NsProxy {
  uts?: { inode: number; hostname: string };
  ipc?: { inode: number };
  cgroup?: { inode: number };
  mnt?: {
    inode: number;
    /** The container's files by absolute path (its /etc/hosts, /etc/hostname, the image's files). */
    files: Map<string, string>;
    /** The programs in its PATH, by name (CommandFn values; the shell knows their type). */
    programs?: ReadonlyMap<string, unknown>;
  };
  pid?: PidNamespace;
}

/** A pid namespace: pids from 1 in the order tasks enter it (alloc_pid, one level deep). */
export class PidNamespace {
  private next = 1;
  constructor(readonly inode: number) {}
  alloc(): number {
    return this.next++;
  }
}

/**
 * /run/netns: name → netns, in creation order. It also answers the reverse question (the name of a
 * namespace, for every label and prompt) from an index rebuilt when the directory changes: a scan
 * per question made 10,000 namespaces quadratic.
 */
export class NetnsDir extends Map<string, Netns> {
  private index?: Map<Netns, string>;

  override set(name: string, ns: Netns): this {
    this.index = undefined;
    return super.set(name, ns);
  }

  override delete(name: string): boolean {
    this.index = undefined;
    return super.delete(name);
  }

  override clear(): void {
    this.index = undefined;
    super.clear();
  }

  /** The first name (in creation order) the namespace is mounted under. */
  nameOf(ns: Netns): string | undefined {
    if (!this.index) {
      this.index = new Map();
      for (const [n, v] of this) if (!this.index.has(v)) this.index.set(v, n);
    }
    return this.index.get(ns);
  }
}

export class Machine {
  hostname: string;
  readonly root: Netns;
  /** name → netns, in creation order (readdir on tmpfs lists the newest first). */
  readonly netnsDir = new NetnsDir();
  readonly files = new Map<string, string>();
  readonly processes = new Map<number, Process>();
  /** Namespace files bind-mounted outside /run/netns (Docker's /run/docker/netns/ID), by path. */
  readonly nsfs = new Map<string, Netns>();
  private nextPid = 100;

  /**
   * A task by pid, including PID 1 (/sbin/init, in the initial namespaces), which the simulator
   * does not keep in `processes` (ps and lsns add its row themselves).
   */
  process(pid: number, pidns?: PidNamespace): Process | undefined {
    // in a container's pid namespace, pids are that namespace's (its PID 1 is the container's)
    if (pidns) {
      for (const p of this.processes.values()) if (p.nsproxy?.pid === pidns && p.nspid === pid) return p;
      return undefined;
    }
    if (pid === 1) return { pid: 1, argv: ["/sbin/init"], netns: this.root, started: 0 };
    return this.processes.get(pid);
  }
  readonly dmesg: string[] = [];
  /** NICs created for this machine by lab directives (the oracle numbers them in order). */
  nicCount = 0;
  /** Hidden machines (the lab's switch fabric) are not shown. */
  hidden = false;

  constructor(
    readonly world: World,
    readonly name: string,
  ) {
    this.hostname = name;
    this.root = new Netns(world, this);
    this.root.refs = 1;
    this.files.set("/etc/hosts", `127.0.0.1\tlocalhost\n127.0.1.1\t${name}\n`);
    this.files.set("/etc/resolv.conf", "");
    this.files.set("/etc/hostname", `${name}\n`);
  }

  netnsName(ns: Netns): string | undefined {
    return this.netnsDir.nameOf(ns);
  }

  /** Every live namespace of the machine: root, named, and those held only by processes. */
  namespaces(): Netns[] {
    // a Set, not out.includes: 10,000 namespaces would make this quadratic
    const seen = new Set<Netns>([this.root]);
    for (const ns of this.netnsDir.values()) seen.add(ns);
    for (const ns of this.nsfs.values()) if (!ns.destroyed) seen.add(ns);
    for (const p of this.processes.values()) if (!p.netns.destroyed) seen.add(p.netns);
    return [...seen];
  }

  spawn(argv: string[], netns: Netns, opts: { nsproxy?: NsProxy; ppid?: number } = {}): Process {
    const p: Process = { pid: this.nextPid++, argv, netns, started: this.world.sched.now };
    if (opts.ppid !== undefined) p.ppid = opts.ppid;
    if (opts.nsproxy) {
      p.nsproxy = opts.nsproxy;
      if (opts.nsproxy.pid) p.nspid = opts.nsproxy.pid.alloc();
    }
    this.processes.set(p.pid, p);
    netns.refs++;
    return p;
  }

  kill(pid: number): boolean {
    const p = this.processes.get(pid);
    if (!p) return false;
    this.processes.delete(pid);
    p.onKill?.();
    this.world.releaseNetns(p.netns);
    return true;
  }

  log(line: string): void {
    const t = this.world.sched.now / 1e9;
    this.dmesg.push(`[${t.toFixed(6).padStart(12)}] ${line}`);
  }
}
