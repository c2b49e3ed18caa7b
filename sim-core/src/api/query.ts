/**
 * Read-only queries for the inspector: runs a program (`ip -j addr`, `bridge -j fdb show`,
 * `iptables -L -n -v -x`) in a namespace without recording it in the lab script and without
 * touching anything a replay would see — no process is spawned (pids feed ICMP ids), no virtual
 * time passes, the shell's state ($?, cwd, entered netns) is left alone. A program that would
 * need virtual time or another program is refused.
 */
import type { Session } from "./session";
import type { Netns } from "../kernel/netns";
import type { Cmd, ExecCtx } from "../shell/types";
import { ExitStatus } from "../shell/types";

export interface QueryResult {
  status: number;
  out: string;
  err: string;
}

/** Resolves "machine/root", "machine/NAME" (a named netns) or a netns name to a namespace. */
export function findNetns(session: Session, machine: string, netns?: string | null): Netns | undefined {
  const m = session.world.machines.get(machine);
  if (!m) return undefined;
  if (!netns || netns === "root" || netns === `${machine}/root`) return m.root;
  const name = netns.startsWith(`${machine}/`) ? netns.slice(machine.length + 1) : netns;
  const named = m.netnsDir.get(name);
  if (named) return named;
  const anon = /^ns:(\d+)$/.exec(name);
  if (anon) return m.namespaces().find((ns) => ns.inode === Number(anon[1]));
  return undefined;
}

/** Runs one read-only program in a namespace of a machine. */
export function query(
  session: Session,
  machine: string,
  netns: string | null | undefined,
  argv: string[],
): QueryResult {
  const ns = findNetns(session, machine, netns);
  if (!ns) return { status: 1, out: "", err: `no such namespace: ${machine} ${netns ?? ""}\n` };
  const fn = session.commands.get(argv[0]);
  if (!fn) return { status: 127, out: "", err: `${argv[0]}: command not found\n` };
  const ctx: ExecCtx = { world: session.world, machine: ns.machine, ns, nsName: ns.name };
  let out = "";
  let err = "";
  const refuse = (): never => {
    throw new Refused();
  };
  const cmd: Cmd = {
    argv,
    stdin: "",
    out: (s) => (out += s),
    err: (s) => (err += s),
    ctx,
    env: new Map([["PATH", "/usr/sbin:/usr/bin:/sbin:/bin"]]),
    fs: session.shell(ns.machine.name).fs,
    interrupted: () => false,
    run: refuse,
    runScript: refuse,
    spawn: refuse,
    interactive: false,
    pid: 0,
  };
  const version = session.world.version;
  try {
    const r = fn(cmd);
    let status: number;
    if (typeof r === "number") status = r;
    else {
      const step = r.next();
      if (!step.done) {
        r.return(0);
        return { status: 1, out, err: err + `${argv[0]}: needs virtual time; not a query\n` };
      }
      status = step.value;
    }
    if (session.world.version !== version) err += `${argv[0]}: warning: the query changed the world\n`;
    return { status, out, err };
  } catch (e) {
    if (e instanceof ExitStatus) return { status: e.code, out, err };
    if (e instanceof Refused)
      return { status: 1, out, err: err + `${argv[0]}: runs another program; not a query\n` };
    throw e;
  }
}

class Refused extends Error {}

/** Runs a query whose output is JSON (`ip -j …`, `bridge -j …`); undefined when it fails. */
export function queryJson<T = unknown>(
  session: Session,
  machine: string,
  netns: string | null | undefined,
  argv: string[],
): T | undefined {
  const r = query(session, machine, netns, argv);
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.out || "null") as T;
  } catch {
    return undefined;
  }
}
