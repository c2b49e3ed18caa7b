/**
 * Lesson checks: what a step asks of the learner, as one line each of a small language that an
 * author writes in a lesson's ```check block. This module is pure (no simulator): it parses and
 * describes checks; `evaluate.ts` runs them against a Session inside the worker.
 *
 *   netns  NS                              the named namespace exists (NS or MACHINE/NS)
 *   link   WHERE DEV [up|down] [mtu N] [master BR|nomaster] [type KIND]
 *   addr   WHERE DEV ADDR[/LEN]             the address is on the device
 *   route  WHERE DST [via GW] [dev DEV]     a route of the main table (DST: default or a prefix)
 *   rule   WHERE TABLE CHAIN ARGS…          an iptables rule whose `iptables -S` form holds ARGS in order
 *   policy WHERE TABLE CHAIN POLICY         a built-in chain's policy
 *   sysctl WHERE KEY VALUE                  `sysctl -n KEY` prints VALUE
 *   ping   WHERE TARGET [size N] [df] delivered
 *   ping   WHERE TARGET [size N] [df] dropped [at WHERE [CHAIN|HOOK …] [dev DEV]]
 *   reach  WHERE TARGET                     shorthand for `ping WHERE TARGET delivered`
 *   curl   WHERE URL [STATUS]               an HTTP request from WHERE gets STATUS (default 200)
 *   ran    WORDS… | /REGEX/                 the learner typed such a command during this step
 *   not    CHECK                            the opposite
 *   … # LABEL                               what the learner sees instead of the generated text
 *
 * WHERE is MACHINE (its root namespace), MACHINE/NS, or NS (a namespace of `host`): a bare name
 * is a machine when the lab has a machine of that name, else a namespace of `host`. Docker and
 * Kubernetes namespaces have no name: `container:NAME` is the network namespace of a running
 * Docker container (on `host`, or `MACHINE/container:NAME`), `pod:NAME` a Kubernetes pod's (the
 * one its pause container holds, on whichever node runs it, or `MACHINE/pod:NAME`).
 *
 * `ping` and `curl` run a probe (one echo request, -W 1) in a copy of the lab replayed from its script, so
 * probing never changes the learner's lab; where it was dropped comes from the packet's trace
 * events (the data the packet-journey view is built from). A journey-based predicate plugs in as
 * another `PingExpect` (see evaluate.ts, `dropsOf`).
 */

export const CheckKind = {
  netns: "netns",
  link: "link",
  addr: "addr",
  route: "route",
  rule: "rule",
  policy: "policy",
  sysctl: "sysctl",
  ping: "ping",
  curl: "curl",
  ran: "ran",
  not: "not",
} as const;
export type CheckKind = (typeof CheckKind)[keyof typeof CheckKind];

/** A place in the lab: a machine's root namespace, or a named namespace of a machine. */
export interface Where {
  /** As written: `host`, `RED`, `k8s-w1/pod-1`, `container:web`, `pod:web`. */
  raw: string;
  machine?: string;
  netns?: string;
  /** The network namespace of this running Docker container (`container:NAME`). */
  container?: string;
  /** The network namespace of this Kubernetes pod (`pod:NAME`: its pause container's). */
  pod?: string;
}

export interface DropSite {
  where: Where;
  /** Netfilter chains or hooks (FORWARD, POSTROUTING, DOCKER-USER…): any of them matches. */
  chains: string[];
  dev?: string;
}

export type Check =
  | { kind: "netns"; where: Where; label?: string }
  | {
      kind: "link";
      where: Where;
      dev: string;
      up?: boolean;
      mtu?: number;
      master?: string | null;
      type?: string;
      label?: string;
    }
  | { kind: "addr"; where: Where; dev: string; addr: string; label?: string }
  | { kind: "route"; where: Where; dst: string; via?: string; dev?: string; label?: string }
  | { kind: "rule"; where: Where; table: string; chain: string; args: string[]; label?: string }
  | { kind: "policy"; where: Where; table: string; chain: string; policy: string; label?: string }
  | { kind: "sysctl"; where: Where; key: string; value: string; label?: string }
  | {
      kind: "ping";
      where: Where;
      target: string;
      size?: number;
      df?: boolean;
      expect: "delivered" | "dropped";
      at?: DropSite;
      label?: string;
    }
  | { kind: "curl"; where: Where; url: string; status: number; label?: string }
  | { kind: "ran"; words?: string[]; regex?: string; label?: string }
  | { kind: "not"; check: Check; label?: string };

export interface CheckResult {
  ok: boolean;
  /** What was found (shown under a failing check; the probe's verdict for pings). */
  detail?: string;
  /** Not evaluated yet (a probe waits until the step's other checks pass). */
  skipped?: boolean;
}

export class CheckSyntaxError extends Error {}

const NAME = /^[A-Za-z0-9_][\w.@:+-]{0,63}$/;
const TABLES = ["filter", "nat", "mangle", "raw", "security"];

const CONTAINER = /^(container|pod):([A-Za-z0-9][\w.-]{0,62})$/;

function parseWhere(w: string | undefined, what = "a place (MACHINE, NS or MACHINE/NS)"): Where {
  if (!w) throw new CheckSyntaxError(`expected ${what}`);
  const i = w.indexOf("/");
  const machine = i >= 0 ? w.slice(0, i) : undefined;
  const rest = i >= 0 ? w.slice(i + 1) : w;
  if ((machine !== undefined && !NAME.test(machine)) || !NAME.test(rest))
    throw new CheckSyntaxError(`bad place "${w}"`);
  if (/^(container|pod):/.test(rest)) {
    const m = CONTAINER.exec(rest);
    if (!m) throw new CheckSyntaxError(`bad place "${w}" (container:NAME or pod:NAME)`);
    return m[1] === "container" ? { raw: w, machine, container: m[2] } : { raw: w, machine, pod: m[2] };
  }
  if (machine !== undefined) return { raw: w, machine, netns: rest };
  return { raw: w };
}

function name(w: string | undefined, what: string): string {
  if (!w || !NAME.test(w)) throw new CheckSyntaxError(`expected ${what}${w ? `, not "${w}"` : ""}`);
  return w;
}

function int(w: string | undefined, what: string, max = 1_000_000): number {
  if (!w || !/^\d{1,7}$/.test(w) || Number(w) > max) throw new CheckSyntaxError(`expected ${what}`);
  return Number(w);
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
function addrArg(w: string | undefined, what: string, prefixOk = true): string {
  if (!w) throw new CheckSyntaxError(`expected ${what}`);
  const [a, len, extra] = w.split("/");
  if (extra !== undefined || !IPV4.test(a) || a.split(".").some((x) => Number(x) > 255))
    throw new CheckSyntaxError(`expected ${what}, not "${w}"`);
  if (len !== undefined && (!prefixOk || !/^\d{1,2}$/.test(len) || Number(len) > 32))
    throw new CheckSyntaxError(`bad prefix length in "${w}"`);
  return w;
}

/** Splits a check line into words; "double quotes" group words. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]);
  return out;
}

/** Parses one check line (see the module comment). Throws CheckSyntaxError with a reason. */
export function parseCheck(line: string): Check {
  let text = line.trim();
  let label: string | undefined;
  const hash = text.search(/\s#\s/);
  if (hash >= 0) {
    label = text.slice(hash + 3).trim() || undefined;
    text = text.slice(0, hash).trim();
  }
  const c = parseBare(text);
  if (label) c.label = label.slice(0, 200);
  return c;
}

function parseBare(text: string): Check {
  const [kind, ...rest] = words(text);
  const w = rest;
  const done = (n: number) => {
    if (w.length > n) throw new CheckSyntaxError(`unexpected "${w[n]}"`);
  };
  switch (kind) {
    case "netns": {
      done(1);
      const where = parseWhere(w[0], "a namespace name");
      if (!where.netns && !where.container && !where.pod)
        return { kind, where: { raw: where.raw, netns: where.raw } };
      return { kind, where };
    }
    case "link": {
      const c: Extract<Check, { kind: "link" }> = {
        kind,
        where: parseWhere(w[0]),
        dev: name(w[1], "a device name"),
      };
      for (let i = 2; i < w.length; i++) {
        const k = w[i];
        if (k === "up" || k === "down") c.up = k === "up";
        else if (k === "mtu") c.mtu = int(w[++i], "an MTU", 65535);
        else if (k === "master") c.master = name(w[++i], "a bridge name");
        else if (k === "nomaster") c.master = null;
        else if (k === "type") c.type = name(w[++i], "a device type");
        else throw new CheckSyntaxError(`unexpected "${k}" (up, down, mtu N, master BR, nomaster, type T)`);
      }
      return c;
    }
    case "addr":
      done(3);
      return {
        kind,
        where: parseWhere(w[0]),
        dev: name(w[1], "a device name"),
        addr: addrArg(w[2], "an IPv4 address"),
      };
    case "route": {
      const where = parseWhere(w[0]);
      const dst = w[1] === "default" || w[1] === "0.0.0.0/0" ? "default" : addrArg(w[1], "a destination");
      const c: Extract<Check, { kind: "route" }> = { kind, where, dst };
      for (let i = 2; i < w.length; i++) {
        if (w[i] === "via") c.via = addrArg(w[++i], "a gateway address", false);
        else if (w[i] === "dev") c.dev = name(w[++i], "a device name");
        else throw new CheckSyntaxError(`unexpected "${w[i]}" (via GW, dev DEV)`);
      }
      return c;
    }
    case "rule":
    case "policy": {
      const where = parseWhere(w[0]);
      const table = w[1];
      if (!table || !TABLES.includes(table))
        throw new CheckSyntaxError(
          `expected a table (${TABLES.join(", ")})${table ? `, not "${table}"` : ""}`,
        );
      const chain = name(w[2], "a chain name");
      if (kind === "policy") {
        done(4);
        const policy = w[3];
        if (policy !== "ACCEPT" && policy !== "DROP") throw new CheckSyntaxError("expected ACCEPT or DROP");
        return { kind, where, table, chain, policy };
      }
      const args = w.slice(3);
      if (!args.length)
        throw new CheckSyntaxError("expected the rule's arguments (-s 10.0.0.0/24 -j MASQUERADE)");
      return { kind, where, table, chain, args };
    }
    case "sysctl": {
      done(3);
      const where = parseWhere(w[0]);
      const key = w[1];
      if (!key || !/^[\w.\-/]{1,128}$/.test(key)) throw new CheckSyntaxError("expected a sysctl key");
      if (w[2] === undefined) throw new CheckSyntaxError("expected a value");
      return { kind, where, key: key.replace(/\//g, "."), value: w[2] };
    }
    case "reach":
      done(2);
      return { kind: "ping", where: parseWhere(w[0]), target: target(w[1]), expect: "delivered" };
    case "ping": {
      const c: Extract<Check, { kind: "ping" }> = {
        kind,
        where: parseWhere(w[0]),
        target: target(w[1]),
        expect: "delivered",
      };
      let i = 2;
      for (; i < w.length; i++) {
        if (w[i] === "size") c.size = int(w[++i], "a payload size", 65507);
        else if (w[i] === "df") c.df = true;
        else break;
      }
      const verdict = w[i++];
      if (verdict !== "delivered" && verdict !== "dropped")
        throw new CheckSyntaxError(`expected "delivered" or "dropped"${verdict ? `, not "${verdict}"` : ""}`);
      c.expect = verdict;
      if (w[i] === "at") {
        if (verdict !== "dropped") throw new CheckSyntaxError(`"at" goes with "dropped"`);
        const site: DropSite = { where: parseWhere(w[++i], "where the packet is dropped"), chains: [] };
        for (i++; i < w.length; i++) {
          if (w[i] === "dev") site.dev = name(w[++i], "a device name");
          else if (/^[A-Z][A-Z0-9_-]{0,28}$/.test(w[i])) site.chains.push(w[i]);
          else throw new CheckSyntaxError(`unexpected "${w[i]}" (a chain or hook in capitals, or dev DEV)`);
        }
        c.at = site;
      } else done(i);
      return c;
    }
    case "curl": {
      done(3);
      const where = parseWhere(w[0]);
      const url = w[1];
      if (!url || !/^(https?:\/\/)?[\w.-]+(:\d{1,5})?(\/[\w./%-]*)?$/.test(url))
        throw new CheckSyntaxError(`expected a URL (http://10.0.0.2:8080/)${url ? `, not "${url}"` : ""}`);
      const status = w[2] === undefined ? 200 : int(w[2], "an HTTP status", 999);
      return { kind, where, url, status };
    }
    case "ran": {
      if (!w.length) throw new CheckSyntaxError("expected the command's words or a /regex/");
      const joined = text.replace(/^ran\s+/, "");
      const re = /^\/(.+)\/$/.exec(joined);
      if (re) {
        try {
          new RegExp(re[1]);
        } catch {
          throw new CheckSyntaxError(`bad regular expression /${re[1]}/`);
        }
        if (re[1].length > 200) throw new CheckSyntaxError("regular expression too long");
        return { kind, regex: re[1] };
      }
      return { kind, words: w };
    }
    case "not": {
      const inner = text.replace(/^not\s+/, "");
      if (!inner || inner === "not") throw new CheckSyntaxError("expected a check after not");
      return { kind, check: parseBare(inner) };
    }
    default:
      throw new CheckSyntaxError(
        kind
          ? `unknown check "${kind}" (netns, link, addr, route, rule, policy, sysctl, ping, reach, curl, ran, not)`
          : "empty check",
      );
  }
}

function target(w: string | undefined): string {
  if (!w || !/^[A-Za-z0-9][\w.-]{0,252}$/.test(w))
    throw new CheckSyntaxError("expected an address or host name to ping");
  return w;
}

/** The learner-facing sentence for a check. */
export function describeCheck(c: Check): string {
  if (c.label) return c.label;
  const at = (w: Where) => placeText(w);
  switch (c.kind) {
    case "netns":
      if (c.where.container || c.where.pod) return `${at(c.where)} is running`;
      return `Namespace ${c.where.netns}${c.where.machine ? ` exists on ${c.where.machine}` : " exists"}`;
    case "link": {
      const parts: string[] = [];
      if (c.up !== undefined) parts.push(c.up ? "is up" : "is down");
      if (c.mtu !== undefined) parts.push(`has MTU ${c.mtu}`);
      if (c.master === null) parts.push("is on no bridge");
      else if (c.master) parts.push(`is a port of ${c.master}`);
      if (c.type) parts.push(`is a ${c.type} device`);
      return `${c.dev} in ${at(c.where)} ${parts.length ? joinAnd(parts) : "exists"}`;
    }
    case "addr":
      return `${c.dev} in ${at(c.where)} has the address ${c.addr}`;
    case "route":
      return `${at(c.where)} has a route to ${c.dst}${c.via ? ` via ${c.via}` : ""}${c.dev ? ` dev ${c.dev}` : ""}`;
    case "rule":
      return `${at(c.where)}: ${c.table} ${c.chain} has a rule ${c.args.join(" ")}`;
    case "policy":
      return `${at(c.where)}: the ${c.table} ${c.chain} policy is ${c.policy}`;
    case "sysctl":
      return `${c.key} = ${c.value} in ${at(c.where)}`;
    case "ping": {
      const what = `A ping${c.size !== undefined ? ` of ${c.size} bytes${c.df ? " (don't fragment)" : ""}` : c.df ? " (don't fragment)" : ""} from ${at(c.where)} to ${c.target}`;
      if (c.expect === "delivered") return `${what} gets its reply`;
      if (!c.at) return `${what} gets no reply`;
      const chains = c.at.chains.length ? ` in ${c.at.chains.join(" or ")}` : "";
      return `${what} is dropped at ${at(c.at.where)}${chains}${c.at.dev ? ` on ${c.at.dev}` : ""}`;
    }
    case "curl":
      return `An HTTP request from ${at(c.where)} to ${c.url} gets ${c.status}${c.status === 200 ? " OK" : ""}`;
    case "ran":
      return c.words ? `You ran \`${c.words.join(" ")}\`` : `You ran a command matching /${c.regex}/`;
    case "not":
      return `Not any more: ${describeCheck(c.check)}`;
  }
}

function joinAnd(parts: string[]): string {
  return parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function placeText(w: Where): string {
  const on = w.machine && w.machine !== "host" ? ` on ${w.machine}` : "";
  if (w.container) return `container ${w.container}${on}`;
  if (w.pod) return `pod ${w.pod}${on}`;
  if (w.machine && w.netns) return w.machine === "host" ? w.netns : `${w.netns} on ${w.machine}`;
  return w.raw;
}

/** Every check of a list, flattened through `not` (for deciding which need a probe). */
export function isProbe(c: Check): boolean {
  return c.kind === "ping" || c.kind === "curl" || (c.kind === "not" && isProbe(c.check));
}
