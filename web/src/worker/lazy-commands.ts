/**
 * The simulator's programs that load on demand in the web worker: the GNU text utilities,
 * iptables & co, net-tools, the socket programs (curl, nc, python3, ss) and the command lines of
 * docker, kubectl and tcpdump are nearly half of the simulator's code, and most commands never
 * need them. The worker's build puts this module in the place of sim-core's
 * `shell/commands/groups.ts` (vite.config.ts), so the shell's command table holds a forwarder
 * under each of their names from the start (TAB completion, `which` and PATH see them), and the
 * code arrives in one chunk: prefetched once the app is painted, or awaited by the host before it
 * runs a line that names one of them (`needsLazyCommands`). Plain module, no DOM: in Node (tests)
 * it works the same over sim-core's modules.
 */
import type { CommandFn } from "../../../sim-core/src/shell/types";
import type { World } from "../../../sim-core/src/kernel/world";
import type { Cluster, ClusterSpec } from "../../../sim-core/src/k8s/cluster";
import { defaultCommands, LAZY_COMMANDS, type LazyGroup } from "../../../sim-core/src/shell/commands/index";

/** A lazily loaded program ran before its code was there (a name the host did not see coming). */
export class CommandNotLoaded extends Error {
  constructor(readonly program: string) {
    super(`${program}: the program's code is not loaded yet`);
  }
}

let loaded: Map<string, CommandFn> | undefined;
let loading: Promise<void> | undefined;
let startCluster: ((world: World, spec: ClusterSpec) => Cluster) | undefined;

// In the worker's build this module and sim-core's command table import each other: nothing here
// may read LAZY_COMMANDS before the table's module has run, hence functions, not constants.
const groups = () => Object.keys(LAZY_COMMANDS) as LazyGroup[];

function forwarder(name: string): CommandFn {
  return (c) => {
    const fn = loaded?.get(name);
    if (!fn) throw new CommandNotLoaded(name);
    return fn(c);
  };
}

/** What sim-core's `shell/commands/groups.ts` provides: here, forwarders to code loaded later. */
export function lazyCommands(group: LazyGroup): [string, CommandFn][] {
  return LAZY_COMMANDS[group].map((name) => [name, forwarder(name)]);
}

/** The worker's command table: sim-core's, with the lazily loaded programs as forwarders. */
export function commandTable(): Map<string, CommandFn> {
  const m = defaultCommands();
  for (const group of groups()) for (const [name, fn] of lazyCommands(group)) m.set(name, fn);
  return m;
}

export function lazyCommandsLoaded(): boolean {
  return loaded !== undefined;
}

/** Loads the programs' code (one chunk); a failed load (offline) is tried again next time. */
export function loadLazyCommands(): Promise<void> {
  loading ??= Promise.all([
    import("../../../sim-core/src/shell/commands/groups"),
    import("../../../sim-core/src/k8s/cluster"),
  ]).then(
    ([mod, k8s]) => {
      const all = new Map<string, CommandFn>();
      for (const group of groups()) for (const [name, fn] of mod.lazyCommands(group)) all.set(name, fn);
      startCluster = k8s.createCluster;
      loaded = all;
    },
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

/**
 * What sim-core's `api/session.ts` imports as `createCluster` in the worker's build
 * (vite.config.ts): a cluster's machinery (Docker's engine, the kubelet, flannel, the CNI plugin)
 * is in the same chunk as the programs, since only `#@cluster` and `docker`/`kubectl` need it.
 */
export function createCluster(world: World, spec: ClusterSpec): Cluster {
  if (!startCluster) throw new CommandNotLoaded("#@cluster");
  return startCluster(world, spec);
}

/** For tests: forget the loaded code (the next load finds the module in the import cache). */
export function unloadLazyCommandsForTests(): void {
  loaded = undefined;
  startCluster = undefined;
  loading = undefined;
}

/** Words that name a lazily loaded program, or that start programs (a cluster's pods). */
let triggers: Set<string> | undefined;
const TRIGGERS = () =>
  (triggers ??= new Set<string>([...groups().flatMap((g) => LAZY_COMMANDS[g]), "#@cluster"]));

/**
 * True when a line (or a lab script) may run a lazily loaded program: one of the words it holds
 * is such a program's name. Generous on purpose (`ip route` counts): a false alarm only loads the
 * code sooner. A name the shell builds at run time (`$p`) goes unseen; the forwarder then throws
 * CommandNotLoaded and the host loads the code and runs the line again.
 */
export function needsLazyCommands(text: string): boolean {
  if (loaded) return false;
  const names = TRIGGERS();
  for (const word of text.match(/#@cluster|[\w.+-]+/g) ?? []) if (names.has(word)) return true;
  return false;
}
