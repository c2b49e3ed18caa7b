/**
 * Canvas edits as the real commands they stand for: the canvas teaches the commands. Each plan
 * is a list of commands (run one after the other in the machine's terminal, where the learner
 * sees them) or a directive for things only the lab can do (a new machine, a cable).
 * Pure functions of the snapshot, so names are chosen against the live state.
 */
import type { DeviceView, NetnsView, WorldSnapshot } from "../worker/protocol";

export type Step = { machine: string; line: string } | { directive: string };
export type Plan = { ok: true; steps: Step[]; what: string } | { ok: false; error: string };

/** Something on the canvas a connection starts or ends at. */
export type Endpoint =
  | { kind: "machine"; machine: string }
  | { kind: "netns"; machine: string; netns: string }
  | { kind: "device"; machine: string; netns: string; device: string }
  | { kind: "bridge"; machine: string; netns: string; device: string };

const IFNAMSIZ = 15;
const NETNS_NAMES = ["RED", "BLUE", "GREEN", "ORANGE", "PURPLE", "YELLOW", "PINK", "CYAN"];

function nsOf(snap: WorldSnapshot, key: string): NetnsView | undefined {
  for (const m of snap.machines) for (const ns of m.namespaces) if (ns.key === key) return ns;
  return undefined;
}

function rootKey(machine: string): string {
  return `${machine}/root`;
}

function devNames(snap: WorldSnapshot, key: string): Set<string> {
  return new Set(nsOf(snap, key)?.devices.map((d) => d.name) ?? []);
}

/** `ip …` for a namespace: plain in the root one, `ip -n NAME …` in a named one. */
export function ipIn(snap: WorldSnapshot, key: string, rest: string): string | undefined {
  const ns = nsOf(snap, key);
  if (!ns) return undefined;
  if (ns.kind === "root") return `ip ${rest}`;
  if (ns.kind === "named" && ns.name) return `ip -n ${ns.name} ${rest}`;
  return undefined;
}

function freeName(base: string, taken: Set<string>, max = IFNAMSIZ): string {
  const b = base.slice(0, max);
  if (!taken.has(b)) return b;
  for (let i = 1; ; i++) {
    const s = String(i);
    const n = base.slice(0, max - s.length) + s;
    if (!taken.has(n)) return n;
  }
}

function allNetns(snap: WorldSnapshot, machine: string): Set<string> {
  return new Set(
    snap.machines
      .find((m) => m.name === machine)
      ?.namespaces.map((n) => n.name ?? "")
      .filter(Boolean) ?? [],
  );
}

export function planAddNetns(snap: WorldSnapshot, machine: string): Plan {
  const taken = allNetns(snap, machine);
  const name = NETNS_NAMES.find((n) => !taken.has(n)) ?? freeName("ns", taken);
  return { ok: true, steps: [{ machine, line: `ip netns add ${name}` }], what: `netns ${name}` };
}

export function planAddBridge(snap: WorldSnapshot, machine: string, netns = rootKey(machine)): Plan {
  let n = 0;
  const taken = devNames(snap, netns);
  while (taken.has(`br${n}`)) n++;
  const line = ipIn(snap, netns, `link add br${n} type bridge`);
  if (!line) return { ok: false, error: "that namespace has no name: enter it from a terminal instead" };
  return { ok: true, steps: [{ machine, line }], what: `bridge br${n}` };
}

export function planAddMachine(snap: WorldSnapshot): Plan {
  const taken = new Set(snap.machines.map((m) => m.name));
  let i = 1;
  while (taken.has(`node${i}`)) i++;
  return { ok: true, steps: [{ directive: `#@machine node${i}` }], what: `machine node${i}` };
}

function netnsKeyOf(e: Endpoint): string {
  return e.kind === "machine" ? rootKey(e.machine) : e.netns;
}

function label(snap: WorldSnapshot, key: string): string {
  const ns = nsOf(snap, key);
  if (!ns) return key;
  return ns.kind === "root" ? ns.machine : (ns.name ?? key);
}

function vethName(snap: WorldSnapshot, key: string, extraTaken: string[] = []): string {
  const own = label(snap, key)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "");
  return freeName(`veth-${own}`, new Set([...devNames(snap, key), ...extraTaken]));
}

function nextEth(snap: WorldSnapshot, machine: string): string {
  const taken = devNames(snap, rootKey(machine));
  let i = 0;
  while (taken.has(`eth${i}`)) i++;
  return `eth${i}`;
}

function findDev(snap: WorldSnapshot, key: string, name: string): DeviceView | undefined {
  return nsOf(snap, key)?.devices.find((d) => d.name === name);
}

/** Drawing a connection from `a` to `b`. */
export function planConnect(snap: WorldSnapshot, a: Endpoint, b: Endpoint): Plan {
  // a device onto a bridge: enslave it
  if ((a.kind === "device" && b.kind === "bridge") || (a.kind === "bridge" && b.kind === "device")) {
    const dev = a.kind === "device" ? a : (b as typeof a);
    const br = a.kind === "bridge" ? a : (b as Extract<Endpoint, { kind: "bridge" }>);
    if (dev.netns !== br.netns)
      return {
        ok: false,
        error: `${dev.device} and ${br.device} are in different namespaces: a bridge port must be in the bridge's namespace`,
      };
    const line = ipIn(snap, br.netns, `link set ${dev.device} master ${br.device}`);
    if (!line) return { ok: false, error: "that namespace has no name" };
    return { ok: true, steps: [{ machine: br.machine, line }], what: `${dev.device} → ${br.device}` };
  }
  // a device onto a namespace: move it there
  if (a.kind === "device" && (b.kind === "netns" || b.kind === "machine")) {
    if (a.machine !== b.machine) return { ok: false, error: "a device cannot move to another machine" };
    const target = netnsKeyOf(b);
    if (target === a.netns) return { ok: false, error: `${a.device} is already there` };
    const ns = nsOf(snap, target);
    const where = ns?.kind === "root" ? "1" : ns?.name;
    if (!where) return { ok: false, error: "that namespace has no name" };
    if (ns?.kind === "root") {
      // real Linux: `ip -n NS link set DEV netns 1` (init's namespace); the simulator has no pid 1
      return {
        ok: false,
        error: `to move ${a.device} back, type: ip -n ${label(snap, a.netns)} link set ${a.device} netns 1 (not simulated yet)`,
      };
    }
    const line = ipIn(snap, a.netns, `link set ${a.device} netns ${where}`);
    if (!line) return { ok: false, error: "that namespace has no name" };
    return { ok: true, steps: [{ machine: a.machine, line }], what: `${a.device} → netns ${where}` };
  }
  if (b.kind === "device" && (a.kind === "netns" || a.kind === "machine")) return planConnect(snap, b, a);
  // a namespace (or machine) to a bridge: a veth pair, one end enslaved
  if ((a.kind === "netns" || a.kind === "machine") && b.kind === "bridge") {
    if (a.machine !== b.machine)
      return { ok: false, error: "a veth pair cannot span machines: connect the machines to lay a cable" };
    const aKey = netnsKeyOf(a);
    const aName = vethName(snap, aKey);
    const brSide = freeName(`${aName}-br`, devNames(snap, b.netns));
    const aNs = nsOf(snap, aKey);
    const bNs = nsOf(snap, b.netns);
    if (!aNs || !bNs) return { ok: false, error: "namespace gone" };
    if (aKey === b.netns) {
      return {
        ok: false,
        error: `the bridge is in ${label(snap, aKey)} already: add a device there and connect it to ${b.device}`,
      };
    }
    const create = vethCommand(snap, aKey, aName, b.netns, brSide);
    if (!create) return { ok: false, error: "that namespace has no name" };
    const enslave = ipIn(snap, b.netns, `link set ${brSide} master ${b.device}`)!;
    return {
      ok: true,
      steps: [create, { machine: b.machine, line: enslave }],
      what: `${label(snap, aKey)} ↔ ${b.device}`,
    };
  }
  if (a.kind === "bridge" && (b.kind === "netns" || b.kind === "machine")) return planConnect(snap, b, a);
  // two namespaces: a veth pair; two machines: a cable
  if ((a.kind === "netns" || a.kind === "machine") && (b.kind === "netns" || b.kind === "machine")) {
    const aKey = netnsKeyOf(a);
    const bKey = netnsKeyOf(b);
    if (aKey === bKey) return { ok: false, error: "connect two different namespaces" };
    if (a.machine !== b.machine) {
      if (a.kind !== "machine" || b.kind !== "machine")
        return {
          ok: false,
          error:
            "a veth pair cannot span machines: connect the two machines (not their namespaces) to lay a cable",
        };
      const ea = nextEth(snap, a.machine);
      const eb = nextEth(snap, b.machine);
      return {
        ok: true,
        steps: [{ directive: `#@link ${a.machine}:${ea} ${b.machine}:${eb}` }],
        what: `cable ${a.machine}:${ea} ↔ ${b.machine}:${eb}`,
      };
    }
    const aName = vethName(snap, aKey);
    const bName = vethName(snap, bKey);
    // the kernel creates both ends in the namespace the command runs in before moving them
    const create = vethCommand(
      snap,
      aKey,
      aName,
      bKey,
      bName === aName ? freeName(bName, new Set([aName, ...devNames(snap, bKey)])) : bName,
    );
    if (!create) return { ok: false, error: "that namespace has no name" };
    return { ok: true, steps: [create], what: `${label(snap, aKey)} ↔ ${label(snap, bKey)}` };
  }
  if (a.kind === "bridge" && b.kind === "bridge") {
    if (a.machine !== b.machine) return { ok: false, error: "a veth pair cannot span machines" };
    const an = freeName(`veth-${a.device}`, devNames(snap, a.netns));
    const bn = freeName(`veth-${b.device}`, new Set([...devNames(snap, b.netns), an]));
    const create = vethCommand(snap, a.netns, an, b.netns, bn);
    if (!create) return { ok: false, error: "that namespace has no name" };
    return {
      ok: true,
      steps: [
        create,
        { machine: a.machine, line: ipIn(snap, a.netns, `link set ${an} master ${a.device}`)! },
        { machine: b.machine, line: ipIn(snap, b.netns, `link set ${bn} master ${b.device}`)! },
      ],
      what: `${a.device} ↔ ${b.device}`,
    };
  }
  if (a.kind === "device" && b.kind === "device") {
    return { ok: false, error: "drop a device on a bridge (to enslave it) or on a namespace (to move it)" };
  }
  return { ok: false, error: "those two cannot be connected" };
}

/**
 * `ip link add A [netns X] type veth peer name B [netns Y]`, run where the command needs no
 * entering: in the root namespace when one end is there, else with both ends named.
 */
function vethCommand(
  snap: WorldSnapshot,
  aKey: string,
  aName: string,
  bKey: string,
  bName: string,
): Step | undefined {
  const a = nsOf(snap, aKey);
  const b = nsOf(snap, bKey);
  if (!a || !b) return undefined;
  const where = (ns: NetnsView) =>
    ns.kind === "root" ? "" : ns.kind === "named" && ns.name ? ` netns ${ns.name}` : undefined;
  const wa = where(a);
  const wb = where(b);
  if (wa === undefined || wb === undefined) return undefined;
  return { machine: a.machine, line: `ip link add ${aName}${wa} type veth peer name ${bName}${wb}` };
}

export function planDelete(snap: WorldSnapshot, target: Endpoint | { kind: "switch"; name: string }): Plan {
  switch (target.kind) {
    case "device":
    case "bridge": {
      const line = ipIn(snap, target.netns, `link del ${target.device}`);
      if (!line) return { ok: false, error: "that namespace has no name" };
      return { ok: true, steps: [{ machine: target.machine, line }], what: target.device };
    }
    case "netns": {
      const ns = nsOf(snap, target.netns);
      if (!ns?.name)
        return {
          ok: false,
          error: "only a named namespace can be deleted (it lives while a process holds it)",
        };
      return {
        ok: true,
        steps: [{ machine: target.machine, line: `ip netns del ${ns.name}` }],
        what: `netns ${ns.name}`,
      };
    }
    case "machine":
      return {
        ok: false,
        error: "a machine cannot be deleted with a command: undo (Ctrl-Z) the step that created it",
      };
    case "switch":
      return { ok: false, error: "a switch is part of the lab's wiring: undo the step that created it" };
  }
}

export function planRename(
  snap: WorldSnapshot,
  machine: string,
  netns: string,
  device: string,
  to: string,
): Plan {
  if (!/^[^\s/:]{1,15}$/.test(to))
    return { ok: false, error: `"${to}" is not a valid interface name (1–15 characters, no spaces, / or :)` };
  if (devNames(snap, netns).has(to)) return { ok: false, error: `${to} exists already` };
  const dev = findDev(snap, netns, device);
  if (!dev) return { ok: false, error: `${device} is gone` };
  const run = (rest: string) => ({ machine, line: ipIn(snap, netns, rest)! });
  if (!ipIn(snap, netns, "")) return { ok: false, error: "that namespace has no name" };
  // the kernel refuses to rename an interface that is up (EBUSY)
  const steps = dev.up
    ? [run(`link set ${device} down`), run(`link set ${device} name ${to}`), run(`link set ${to} up`)]
    : [run(`link set ${device} name ${to}`)];
  return { ok: true, steps, what: `${device} → ${to}` };
}

export function planLinkState(
  snap: WorldSnapshot,
  machine: string,
  netns: string,
  device: string,
  up: boolean,
): Plan {
  const line = ipIn(snap, netns, `link set ${device} ${up ? "up" : "down"}`);
  if (!line) return { ok: false, error: "that namespace has no name" };
  return { ok: true, steps: [{ machine, line }], what: `${device} ${up ? "up" : "down"}` };
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/(\d{1,2}))?$/;

export function planAddr(
  snap: WorldSnapshot,
  machine: string,
  netns: string,
  device: string,
  cidr: string,
  remove = false,
): Plan {
  const c = cidr.trim();
  const m = CIDR.exec(c);
  if (
    !m ||
    [m[1], m[2], m[3], m[4]].some((o) => Number(o) > 255) ||
    (m[6] !== undefined && Number(m[6]) > 32)
  )
    return { ok: false, error: `"${c}" is not an IPv4 address like 10.0.0.1/24` };
  const line = ipIn(snap, netns, `addr ${remove ? "del" : "add"} ${m[5] ? c : c + "/24"} dev ${device}`);
  if (!line) return { ok: false, error: "that namespace has no name" };
  return { ok: true, steps: [{ machine, line }], what: c };
}

export function planRoute(
  snap: WorldSnapshot,
  machine: string,
  netns: string,
  dst: string,
  via: string,
  dev: string,
  remove = false,
): Plan {
  const d = dst.trim() || "default";
  if (d !== "default" && !CIDR.test(d))
    return { ok: false, error: `"${d}" is not a destination like 10.0.0.0/24 or default` };
  if (remove) {
    const line = ipIn(snap, netns, `route del ${d}`);
    return line
      ? { ok: true, steps: [{ machine, line }], what: `route ${d}` }
      : { ok: false, error: "that namespace has no name" };
  }
  const v = via.trim();
  const dv = dev.trim();
  if (!v && !dv) return { ok: false, error: "a route needs a gateway (via) or a device" };
  if (v && !/^(\d{1,3}\.){3}\d{1,3}$/.test(v)) return { ok: false, error: `"${v}" is not a gateway address` };
  const line = ipIn(snap, netns, `route add ${d}${v ? ` via ${v}` : ""}${dv ? ` dev ${dv}` : ""}`);
  if (!line) return { ok: false, error: "that namespace has no name" };
  return { ok: true, steps: [{ machine, line }], what: `route ${d}` };
}
