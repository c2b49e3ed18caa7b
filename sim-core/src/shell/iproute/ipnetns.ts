/**
 * `ip netns` (ip/ipnetns.c): add/attach/delete/list/list-id/set/identify/pids/exec. Named
 * namespaces live in the machine's /var/run/netns; nsids are what the current namespace has
 * assigned (RTM_GETNSID never allocates); `exec` runs a program in the namespace.
 */
import { Netns } from "../../kernel/netns";
import { Errno, KernelError, STRERROR } from "../../kernel/types";
import type { CmdResult, ExecCtx } from "../types";
import { PRINT_ANY, PRINT_FP, PRINT_JSON } from "./print";
import { getInteger, type IpCtx, matches } from "./common";
import { USAGE } from "./usage";

function usage(ip: IpCtx): never {
  ip.err(USAGE["ip netns help"]);
  ip.exit(255);
}

function invalidName(name: string): boolean {
  return !name || name.length > 255 || name.includes("/") || name === "." || name === "..";
}

/** get_netnsid_from_name: the id the current namespace gave it, or -1. */
function nsidOfName(ip: IpCtx, name: string): number {
  const ns = ip.ctx.machine.netnsDir.get(name);
  if (!ns) return -1;
  if (ns === ip.ns) return -1;
  return ip.ns.nsidOf(ns) ?? -1;
}

function list(ip: IpCtx): number {
  const o = ip.out;
  o.newJsonObj();
  for (const name of [...ip.ctx.machine.netnsDir.keys()].reverse()) {
    o.openObject(null);
    o.string(PRINT_ANY, "name", "%s", name);
    const id = nsidOfName(ip, name);
    if (id >= 0) o.int(PRINT_ANY, "id", " (id: %d)", id);
    o.string(PRINT_FP, null, "\n", null);
    o.closeObject();
  }
  o.deleteJsonObj();
  return 0;
}

function listId(ip: IpCtx, args: string[]): number {
  let target = -1;
  let nsid = -1;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "target-nsid" || args[i] === "nsid") {
      const v = args[++i];
      if (v === undefined) ip.incomplete();
      const n = getInteger(v);
      if (n === undefined) ip.invarg(`"${args[i - 1]}" value is invalid`, v);
      if (n < 0) ip.invarg(`"${args[i - 1]}" value should be >= 0`, v);
      if (args[i - 1] === "nsid") nsid = n;
      else target = n;
    } else usage(ip);
  }
  void target;
  // with `nsid N` it is an RTM_GETNSID request for that id, not a dump
  if (nsid >= 0 && ![...ip.ns.nsids.values()].includes(nsid)) {
    ip.rtnlError(new KernelError(Errno.ENOENT, "Peer netns reference is invalid."));
    return -2;
  }
  const o = ip.out;
  o.newJsonObj();
  const entries = [...ip.ns.nsids.entries()].sort((a, b) => a[1] - b[1]);
  for (const [ns, id] of entries) {
    if (nsid >= 0 && id !== nsid) continue;
    o.openObject(null);
    o.uint(PRINT_ANY, "nsid", "nsid %u ", id);
    const name = ip.ctx.machine.netnsName(ns);
    if (name) o.string(PRINT_ANY, "name", "(iproute2 netns name: %s)", name);
    o.string(PRINT_FP, null, "\n", null);
    o.closeObject();
  }
  o.deleteJsonObj();
  return 0;
}

function add(ip: IpCtx, args: string[], create: boolean): number {
  const m = ip.ctx.machine;
  if (create && args.length < 1) {
    ip.err("No netns name specified\n");
    return -1;
  }
  let target: Netns | undefined;
  if (!create) {
    if (args.length < 2) {
      ip.err("No netns name and PID specified\n");
      return -1;
    }
    const pid = getInteger(args[1]);
    if (pid === undefined || !pid) {
      ip.err(`Invalid PID: ${args[1]}\n`);
      return -1;
    }
    const p = m.process(pid);
    if (!p) {
      ip.err(`Bind /proc/${pid}/ns/net -> /run/netns/${args[0]} failed: No such file or directory\n`);
      return -1;
    }
    target = p.netns;
  }
  const name = args[0];
  const path = `/run/netns/${name}`;
  if (m.netnsDir.has(name)) {
    ip.err(`Cannot create namespace file "${path}": File exists\n`);
    return -1;
  }
  const ns = target ?? new Netns(ip.ctx.world, m);
  ns.refs++;
  m.netnsDir.set(name, ns);
  ip.ctx.world.topologyChanged();
  return 0;
}

function del(ip: IpCtx, args: string[]): number {
  const m = ip.ctx.machine;
  const names = ip.opts.all ? [...m.netnsDir.keys()] : args.slice(0, 1);
  if (!names.length && !ip.opts.all) {
    ip.err("No netns name specified\n");
    return -1;
  }
  for (const name of names) {
    const ns = m.netnsDir.get(name);
    if (!ns) {
      ip.err(`Cannot remove namespace file "/run/netns/${name}": No such file or directory\n`);
      return -1;
    }
    m.netnsDir.delete(name);
    ip.ctx.world.releaseNetns(ns);
  }
  ip.ctx.world.topologyChanged();
  return 0;
}

function set(ip: IpCtx, args: string[]): number {
  if (args.length < 1) {
    ip.err("No netns name specified\n");
    return -1;
  }
  if (args.length < 2) {
    ip.err("No nsid specified\n");
    return -1;
  }
  const [name, v] = args;
  let id: number;
  if (v === "auto") id = -1;
  else {
    const n = getInteger(v);
    if (n === undefined) ip.invarg('Invalid "netnsid" value', v);
    if (n < 0) ip.invarg('"netnsid" value should be >= 0', v);
    id = n;
  }
  const ns = ip.ctx.machine.netnsDir.get(name);
  if (!ns) {
    ip.err(`Cannot open network namespace "${name}": No such file or directory\n`);
    return -1;
  }
  try {
    if (ns === ip.ns) {
      // an id for oneself is allowed
    }
    if (id < 0) ip.ns.nsidAlloc(ns);
    else ip.ns.nsidSet(ns, id);
  } catch (e) {
    if (e instanceof KernelError) {
      ip.rtnlError(e);
      return -2;
    }
    throw e;
  }
  return 0;
}

function identify(ip: IpCtx, args: string[]): number {
  if (args.length > 1) {
    ip.err("extra arguments specified\n");
    return -1;
  }
  let ns = ip.ns;
  if (args.length === 1) {
    if (!/^\d+$/.test(args[0]) && args[0] !== "self") {
      ip.err(`Specified string '${args[0]}' is not a pid\n`);
      return -1;
    }
    const p = ip.ctx.machine.process(Number(args[0]));
    if (!p) {
      ip.err(`Cannot open network namespace: ${STRERROR[Errno.ENOENT]}\n`);
      return -1;
    }
    ns = p.netns;
  }
  for (const [name, n] of [...ip.ctx.machine.netnsDir].reverse()) if (n === ns) ip.out.printf("%s\n", name);
  return 0;
}

function pids(ip: IpCtx, args: string[]): number {
  if (args.length < 1) {
    ip.err("No netns name specified\n");
    return -1;
  }
  if (args.length > 1) {
    ip.err("extra arguments specified\n");
    return -1;
  }
  const ns = ip.ctx.machine.netnsDir.get(args[0]);
  if (!ns) {
    ip.err("Cannot open network namespace: No such file or directory\n");
    return -1;
  }
  for (const p of [...ip.ctx.machine.processes.values()].sort((a, b) => a.pid - b.pid))
    if (p.netns === ns && p.argv[0] !== "-bash") ip.out.printf("%d\n", p.pid);
  return 0;
}

/** The namespace and context `ip netns exec NAME` switches to, or an error already printed. */
export function netnsSwitch(ip: IpCtx, name: string): ExecCtx | undefined {
  // /var/run/netns/NAME opens a directory for "", "." and "..": setns() refuses it
  if (name === "" || name === "." || name === "..") {
    ip.err(`setting the network namespace "${name}" failed: Invalid argument\n`);
    return undefined;
  }
  const ns = ip.ctx.machine.netnsDir.get(name);
  if (!ns) {
    ip.err(`Cannot open network namespace "${name}": No such file or directory\n`);
    return undefined;
  }
  return { ...ip.ctx, ns, nsName: name };
}

/** do_netns. `exec` hands back the program to run (a generator), everything else a status. */
export function doIpnetns(
  ip: IpCtx,
  argv: string[],
  run: (argv: string[], ctx: ExecCtx) => CmdResult,
): number | CmdResult {
  if (argv.length < 1) return list(ip);
  if (!ip.opts.all && argv.length > 1 && invalidName(argv[1])) {
    ip.err(`Invalid netns name "${argv[1]}"\n`);
    ip.exit(-1);
  }
  const c = argv[0];
  const rest = argv.slice(1);
  if (matches(c, "list") || matches(c, "show") || matches(c, "lst")) return list(ip);
  if (matches(c, "list-id")) return listId(ip, rest);
  if (matches(c, "help")) usage(ip);
  if (matches(c, "add")) return add(ip, rest, true);
  if (matches(c, "set")) return set(ip, rest);
  if (matches(c, "delete")) return del(ip, rest);
  if (matches(c, "identify")) return identify(ip, rest);
  if (matches(c, "pids")) return pids(ip, rest);
  if (matches(c, "exec")) {
    if (rest.length < 1 && !ip.opts.all) {
      ip.err("No netns name specified\n");
      return -1;
    }
    if ((rest.length < 2 && !ip.opts.all) || (rest.length < 1 && ip.opts.all)) {
      ip.err("No command specified\n");
      return -1;
    }
    if (ip.opts.all) return execAll(ip, rest, run);
    const ctx = netnsSwitch(ip, rest[0]);
    if (!ctx) return 1;
    return run(rest.slice(1), ctx);
  }
  if (matches(c, "monitor")) return 0;
  if (matches(c, "attach")) return add(ip, rest, false);
  ip.err(`Command "${c}" is unknown, try "ip netns help".\n`);
  ip.exit(-1);
}

function* execAll(
  ip: IpCtx,
  argv: string[],
  run: (argv: string[], ctx: ExecCtx) => CmdResult,
): Generator<import("../types").Wait, number, void> {
  for (const name of [...ip.ctx.machine.netnsDir.keys()].reverse()) {
    ip.flush();
    ip.out.printf("\nnetns: %s\n", name);
    ip.flush();
    const r = run(argv, { ...ip.ctx, ns: ip.ctx.machine.netnsDir.get(name)!, nsName: name });
    if (typeof r !== "number") yield* r;
  }
  return 0;
}

export { PRINT_JSON };
