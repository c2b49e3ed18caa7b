/**
 * The per-namespace netfilter model: tables, built-in and user chains, rules and their
 * counters, and the kernel's checks when a rule set changes (nf_tables' commit-time
 * validation as iptables-nft 1.8.9 meets it: target/match table and hook restrictions, jump
 * loops -> EMLINK, jumps to base chains -> EOPNOTSUPP / ENOENT, busy chains -> EBUSY).
 *
 * iptables-nft quirks that are visible and mirrored: a table exists only once a command
 * changed it (iptables-save lists only those); base-chain policy counters are always 0.
 */
import type { Chain, Hook, Netfilter, Rule, Table, TableName, Target } from "./types";
import { TABLE_CHAINS } from "./types";

export function createNetfilter(): Netfilter {
  return {
    tables: {},
    conntrack: { byTuple: new Map(), entries: new Set(), nextId: 1, max: 262144 },
    generation: 0,
  };
}

export function isTableName(s: string): s is TableName {
  return s === "raw" || s === "mangle" || s === "filter" || s === "nat" || s === "security";
}

function newTable(name: TableName): Table {
  return {
    name,
    chains: TABLE_CHAINS[name].map((hook) => ({ name: hook, hook, policy: "ACCEPT", rules: [] })),
  };
}

/** The table, created (with its built-in chains, policy ACCEPT) when `create`. */
export function getTable(nf: Netfilter, name: TableName, create: boolean): Table | undefined {
  let t = nf.tables[name];
  if (!t && create) {
    t = newTable(name);
    nf.tables[name] = t;
  }
  return t;
}

/** A read-only view of a table that may not exist yet (listings of a fresh namespace). */
export function viewTable(nf: Netfilter, name: TableName): Table {
  return nf.tables[name] ?? newTable(name);
}

export function findChain(t: Table, name: string): Chain | undefined {
  return t.chains.find((c) => c.name === name);
}

export function isBuiltinName(t: TableName, name: string): boolean {
  return (TABLE_CHAINS[t] as readonly string[]).includes(name);
}

/** User chains sorted by name, as iptables-nft ≥ 1.8.7 lists them. */
export function userChainsSorted(t: Table): Chain[] {
  return t.chains
    .filter((c) => c.hook === null)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Built-in chains in hook order, then user chains sorted. */
export function chainsInListOrder(t: Table): Chain[] {
  const builtins = TABLE_CHAINS[t.name]
    .map((h) => t.chains.find((c) => c.hook === h && c.name === h))
    .filter((c): c is Chain => !!c);
  return [...builtins, ...userChainsSorted(t)];
}

export function targetChain(t: Target): string | null {
  return t.kind === "jump" || t.kind === "goto" ? t.chain : null;
}

/** How many rules of the table jump or go to `name` ("(N references)"). */
export function chainRefs(t: Table, name: string): number {
  let n = 0;
  for (const c of t.chains) for (const r of c.rules) if (targetChain(r.target) === name) n++;
  return n;
}

/** The next nf_tables handle of a table (chains and rules share one counter). */
export function allocHandle(t: Table): number {
  const h = t.nextHandle ?? 1;
  t.nextHandle = h + 1;
  return h;
}

/** iptables-nft creates a built-in chain in the kernel on first use. */
export function ensureChainHandle(t: Table, c: Chain): void {
  if (c.handle === undefined) c.handle = allocHandle(t);
}

export function touch(nf: Netfilter): void {
  nf.generation++;
}

// ---------------------------------------------------------------------------------------------
// Kernel-side validation

export const Errno = {
  EINVAL: "Invalid argument",
  EMLINK: "Too many links",
  EOPNOTSUPP: "Operation not supported",
  ENOENT: "No such file or directory",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
} as const;
export type Errno = (typeof Errno)[keyof typeof Errno];

const NAT_TARGETS = new Set(["MASQUERADE", "SNAT", "DNAT", "REDIRECT"]);

/** Hooks a target may be used from (xt_target.hooks); undefined = any. */
function targetHooks(t: Target): readonly Hook[] | undefined {
  switch (t.kind) {
    case "MASQUERADE":
      return ["POSTROUTING"];
    case "SNAT":
      return ["POSTROUTING", "INPUT"];
    case "DNAT":
    case "REDIRECT":
      return ["PREROUTING", "OUTPUT"];
    case "REJECT":
      return ["INPUT", "FORWARD", "OUTPUT"];
    default:
      return undefined;
  }
}

function ruleHooksOk(r: Rule, hooks: Set<Hook>): boolean {
  const th = targetHooks(r.target);
  if (th) for (const h of hooks) if (!th.includes(h)) return false;
  for (const m of r.matches) {
    if (m.kind === "addrtype") {
      if (m.limitIn) for (const h of hooks) if (h === "OUTPUT" || h === "POSTROUTING") return false;
      if (m.limitOut) for (const h of hooks) if (h === "PREROUTING" || h === "INPUT") return false;
    }
  }
  return true;
}

/** Checks of a single rule that do not depend on where it is reached from. */
export function checkRule(table: TableName, r: Rule, chain: string): Errno | null {
  const t = r.target;
  if (NAT_TARGETS.has(t.kind) && table !== "nat") return Errno.EINVAL;
  if ((t.kind === "NOTRACK" || t.kind === "TRACE") && table !== "raw") return Errno.EINVAL;
  if (t.kind === "REJECT" && t.with === "tcp-reset" && (r.proto !== 6 || r.protoInv)) return Errno.EINVAL;
  if ((r.src && r.src.inv && r.src.mask === 0) || (r.dst && r.dst.inv && r.dst.mask === 0))
    return Errno.EINVAL;
  for (const m of r.matches) {
    if (m.kind === "tcp" && (r.proto !== 6 || r.protoInv)) return Errno.EINVAL;
    if (m.kind === "udp" && (r.proto !== 17 || r.protoInv)) return Errno.EINVAL;
    if (m.kind === "icmp" && (r.proto !== 1 || r.protoInv)) return Errno.EINVAL;
  }
  const tc = targetChain(t);
  if (tc !== null && isBuiltinName(table, tc)) {
    return t.kind === "goto" && tc !== chain ? Errno.ENOENT : Errno.EOPNOTSUPP;
  }
  return null;
}

export interface ValidationError {
  errno: Errno;
  /** the rule the kernel refuses (the jump closing a loop, the misplaced target) */
  rule: Rule;
  chain: string;
}

/** Does this rule need the whole-table check (jumps, hook-restricted targets and matches)? */
export function needsTableCheck(r: Rule): boolean {
  if (targetChain(r.target) !== null || targetHooks(r.target) !== undefined) return true;
  return r.matches.some((m) => m.kind === "addrtype" && (m.limitIn || m.limitOut));
}

/** NFT_JUMP_STACK_SIZE: nft_chain_validate refuses a chain reached this many jumps deep (EMLINK). */
export const JUMP_STACK_SIZE = 16;

/**
 * Whole-table validation as nf_tables does at commit: loops reachable from a base chain and
 * chains JUMP_STACK_SIZE jumps deep (EMLINK), and hook restrictions of what each reachable chain
 * holds (EINVAL).
 */
export function validateTable(t: Table): ValidationError | null {
  const byName = new Map(t.chains.map((c) => [c.name, c] as const));
  const reach = new Map<string, Set<Hook>>();
  for (const base of t.chains) {
    if (base.hook === null) continue;
    const onPath = new Set<string>();
    // the deepest level each chain was checked at from this base (deeper must be checked again)
    const level = new Map<string, number>();
    let loop: ValidationError | null = null;
    const visit = (c: Chain, depth: number): void => {
      onPath.add(c.name);
      level.set(c.name, depth);
      let s = reach.get(c.name);
      if (!s) reach.set(c.name, (s = new Set()));
      s.add(base.hook!);
      for (const r of c.rules) {
        if (loop) return;
        const n = targetChain(r.target);
        if (n === null) continue;
        const next = byName.get(n);
        if (!next || next.hook !== null) continue;
        if (onPath.has(next.name) || depth + 1 >= JUMP_STACK_SIZE) {
          loop = { errno: Errno.EMLINK, rule: r, chain: c.name };
          return;
        }
        if ((level.get(next.name) ?? -1) >= depth + 1) continue;
        visit(next, depth + 1);
      }
      onPath.delete(c.name);
    };
    visit(base, 0);
    if (loop) return loop;
  }
  for (const c of t.chains) {
    const hooks = reach.get(c.name);
    if (!hooks) continue;
    for (const r of c.rules)
      if (!ruleHooksOk(r, hooks)) return { errno: Errno.EINVAL, rule: r, chain: c.name };
  }
  return null;
}

/** Deep copy of a table (transactions: restore works on a copy, committed at once). */
export function cloneTable(t: Table): Table {
  return JSON.parse(JSON.stringify(t)) as Table;
}

/** Rule equality as -D / -C compare them (the normalised rule, counters aside). */
export function sameRule(a: Rule, b: Rule): boolean {
  const strip = (r: Rule) => JSON.stringify({ ...r, counters: null, handle: null });
  return strip(a) === strip(b);
}
