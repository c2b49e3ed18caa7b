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
}

export class Machine {
  hostname: string;
  readonly root: Netns;
  /** name → netns, in creation order (readdir on tmpfs lists the newest first). */
  readonly netnsDir = new Map<string, Netns>();
  readonly files = new Map<string, string>();
  readonly processes = new Map<number, Process>();
  private nextPid = 100;
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
    for (const [n, v] of this.netnsDir) if (v === ns) return n;
    return undefined;
  }

  /** Every live namespace of the machine: root, named, and those held only by processes. */
  namespaces(): Netns[] {
    const out: Netns[] = [this.root];
    for (const ns of this.netnsDir.values()) if (!out.includes(ns)) out.push(ns);
    for (const p of this.processes.values())
      if (!out.includes(p.netns) && !p.netns.destroyed) out.push(p.netns);
    return out;
  }

  spawn(argv: string[], netns: Netns): Process {
    const p: Process = { pid: this.nextPid++, argv, netns };
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
