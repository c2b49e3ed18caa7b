/**
 * The `iptables` command (iptables-nft 1.8.9, xtables.c do_commandx and the nft_cmd_* /
 * nft_rule_* operations): -A -I -D -R -C -F -Z -N -X -E -P -L -S with their options, output
 * and error messages, against one namespace's Netfilter model.
 */
import type { Chain, CmdEnv, CmdResult, Netfilter, Rule, Table, TableName } from "./types";
import { Cmd, IptError, KNOWN_TARGETS, formatError, other, param, parseIptables } from "./parse";
import type { ParsedCommand } from "./parse";
import { Fmt, printChainHeader, printHeader, printRule, printRuleLine, saveRule } from "./render";
import {
  Errno,
  allocHandle,
  ensureChainHandle,
  chainRefs,
  chainsInListOrder,
  checkRule,
  findChain,
  getTable,
  isBuiltinName,
  isTableName,
  needsTableCheck,
  sameRule,
  touch,
  validateTable,
  viewTable,
} from "./tables";

const out = (stdout: string, stderr = "", exitCode = 0): CmdResult => ({ stdout, stderr, exitCode });

export function resourceError(op: string, errno: string, what: string): IptError {
  return new IptError("resource", ` ${op} failed (${errno}): ${what}`);
}

/** Run `iptables ARGV…` (argv without the program name). */
export function runIptables(nf: Netfilter, argv: readonly string[], env: CmdEnv = {}): CmdResult {
  try {
    const pc = parseIptables(argv, env);
    if (pc.early !== undefined) return out(pc.early);
    return execute(nf, pc, env);
  } catch (e) {
    if (e instanceof IptError) return out(e.kind === "plain" ? "" : "", formatError(e), e.exitCode);
    throw e;
  }
}

/** Run a parsed command; throws IptError. Exported for iptables-restore. */
export function execute(nf: Netfilter, pc: ParsedCommand, env: CmdEnv, deferJumpCheck = false): CmdResult {
  if (!isTableName(pc.table)) {
    throw new IptError("version", `table '${pc.table}' does not exist`);
  }
  const tname: TableName = pc.table;
  const cmd = pc.command;

  if (cmd & (Cmd.LIST | Cmd.LIST_RULES)) {
    const text = cmd & Cmd.LIST ? list(nf, tname, pc, env) : listRules(nf, tname, pc);
    // -L -Z: list, then zero (with -v, "Zeroing chain `X'" after the listing)
    const zeroed = cmd & (Cmd.ZERO | Cmd.ZERO_NUM) ? zero(nf, tname, pc, pc.verbose > 0, true) : "";
    return out(text + zeroed);
  }
  switch (cmd) {
    case Cmd.APPEND:
    case Cmd.INSERT:
    case Cmd.REPLACE:
    case Cmd.CHECK:
    case Cmd.DELETE:
      return ruleCommand(nf, tname, pc, deferJumpCheck);
    case Cmd.DELETE_NUM:
      return deleteNum(nf, tname, pc);
    case Cmd.FLUSH:
      return flush(nf, tname, pc);
    case Cmd.ZERO:
    case Cmd.ZERO_NUM:
      return out(zero(nf, tname, pc, pc.verbose > 0));
    case Cmd.NEW_CHAIN:
      return newChain(nf, tname, pc.chain!);
    case Cmd.DELETE_CHAIN:
      return deleteChain(nf, tname, pc.chain, pc.verbose > 0);
    case Cmd.RENAME_CHAIN:
      return renameChain(nf, tname, pc.chain!, pc.newName!);
    case Cmd.SET_POLICY:
      return setPolicy(nf, tname, pc);
  }
  throw param("no command specified");
}

// ---------------------------------------------------------------------------------------------
// Rules

function opName(cmd: number): string {
  if (cmd === Cmd.INSERT) return "RULE_INSERT";
  if (cmd === Cmd.REPLACE) return "RULE_REPLACE";
  if (cmd === Cmd.DELETE || cmd === Cmd.DELETE_NUM) return "RULE_DELETE";
  return "RULE_APPEND";
}

function ruleCommand(nf: Netfilter, tname: TableName, pc: ParsedCommand, deferJumpCheck: boolean): CmdResult {
  const deferValidation = deferJumpCheck;
  const chainName = pc.chain!;
  const existing = nf.tables[tname];
  // -j CHAIN: the chain must exist in this table (iptables-restore checks at COMMIT)
  if (pc.jumpChain !== null && !deferJumpCheck) {
    const tv = existing ?? viewTable(nf, tname);
    if (!findChain(tv, pc.jumpChain)) throw param(`Chain '${pc.jumpChain}' does not exist`);
  }
  const view = existing ?? viewTable(nf, tname);
  const chain = findChain(view, chainName);
  // -C / -D by spec look the rule up (nft_rule_find): no chain is no such rule
  if (!chain && (pc.command === Cmd.CHECK || pc.command === Cmd.DELETE))
    throw other("Bad rule (does a matching rule exist in that chain?).");
  if (!chain) throw other("No chain/target/match by that name.");
  // -R N looks the rule up in the kernel: a built-in chain iptables-nft has not created has none
  if (pc.command === Cmd.REPLACE && !chainExists(chain)) throw other("No chain/target/match by that name.");

  const echo = pc.verbose ? pc.rules.map((r) => printRuleLine(r) + "\n").join("") : "";
  if (pc.command === Cmd.CHECK || pc.command === Cmd.DELETE) {
    for (const r of pc.rules) {
      const i = chain.rules.findIndex((x) => sameRule(x, r));
      if (i < 0) throw other("Bad rule (does a matching rule exist in that chain?).");
      if (pc.command === Cmd.DELETE) {
        const t = getTable(nf, tname, true)!;
        findChain(t, chainName)!.rules.splice(i, 1);
        touch(nf);
      }
    }
    return out(echo);
  }

  const op = opName(pc.command);
  const c0 = findChain(view, chainName)!;
  if (pc.command === Cmd.INSERT && pc.rulenum > c0.rules.length + 1)
    throw other("Index of insertion too big.");
  if (pc.command === Cmd.REPLACE && pc.rulenum > c0.rules.length)
    throw other("Index of replacement too big.");
  const rules = pc.rules;
  for (const r of rules) {
    const e = checkRule(tname, r, chainName);
    if (e) throw resourceError(op, e, `rule in chain ${chainName}`);
  }
  // apply in place, undo if the kernel refuses (the batch is all or nothing)
  const created = !existing;
  const t = getTable(nf, tname, true)!;
  const c = findChain(t, chainName)!;
  const validate = !deferValidation && rules.some(needsTableCheck);
  // the chain is copied only when the kernel may refuse the change (a copy per rule made an
  // iptables-restore of 100,000 rules quadratic)
  const undo = { handle: c.handle, nextHandle: t.nextHandle, rules: validate ? c.rules.slice() : c.rules };
  ensureChainHandle(t, c);
  for (const r of rules) r.handle = allocHandle(t);
  if (pc.command === Cmd.APPEND) for (const r of rules) c.rules.push(r);
  else if (pc.command === Cmd.INSERT) c.rules.splice(pc.rulenum - 1, 0, ...rules);
  else if (pc.command === Cmd.REPLACE) c.rules.splice(pc.rulenum - 1, 1, ...rules);
  if (validate) {
    const v = validateTable(t);
    if (v) {
      if (created) delete nf.tables[tname];
      else {
        c.rules = undo.rules;
        c.handle = undo.handle;
        t.nextHandle = undo.nextHandle;
      }
      throw resourceError(op, v.errno, `rule in chain ${chainName}`);
    }
  }
  touch(nf);
  return out(echo);
}

/**
 * Whether the chain exists in the kernel. iptables-nft creates a built-in chain on first use (a
 * rule added, a policy set, `-F CHAIN`, `-F -v`, a restore that declares it) and `-X` deletes the
 * empty ones whose policy is ACCEPT; listings show the missing ones as empty ACCEPT chains anyway.
 */
function chainExists(c: Chain): boolean {
  return c.hook === null || c.handle !== undefined;
}

function deleteNum(nf: Netfilter, tname: TableName, pc: ParsedCommand): CmdResult {
  const t = nf.tables[tname];
  const c = t && findChain(t, pc.chain!);
  if (!c || !chainExists(c)) throw other("No chain/target/match by that name.");
  if (pc.rulenum > c.rules.length) throw other("Index of deletion too big.");
  c.rules.splice(pc.rulenum - 1, 1);
  touch(nf);
  return out("");
}

// ---------------------------------------------------------------------------------------------
// Chains

function flush(nf: Netfilter, tname: TableName, pc: ParsedCommand): CmdResult {
  const t = nf.tables[tname];
  if (pc.chain !== null) {
    if (!(t && findChain(t, pc.chain)) && !isBuiltinName(tname, pc.chain))
      throw other("No chain/target/match by that name.");
    // flushing a built-in chain creates it
    const tt = getTable(nf, tname, true)!;
    const c = findChain(tt, pc.chain)!;
    if (c.hook !== null) ensureChainHandle(tt, c);
    c.rules = [];
    touch(nf);
    return out(pc.verbose ? `Flushing chain \`${c.name}'\n` : "");
  }
  let text = "";
  // with -v, iptables-nft first creates every built-in chain of the table
  const tt = pc.verbose ? getTable(nf, tname, true)! : t;
  const chains = tt ? chainsInListOrder(tt) : chainsInListOrder(viewTable(nf, tname));
  for (const c of chains) {
    if (pc.verbose) text += `Flushing chain \`${c.name}'\n`;
    if (tt && c.hook !== null && pc.verbose) ensureChainHandle(tt, c);
    c.rules = [];
  }
  if (tt) touch(nf);
  return out(text);
}

/**
 * -Z. Alone it works on the chains the kernel has (a built-in chain not created yet is not found);
 * after a listing (-L -Z) on every chain listed.
 */
function zero(nf: Netfilter, tname: TableName, pc: ParsedCommand, verbose: boolean, listed = false): string {
  const t = nf.tables[tname];
  const view = t ?? viewTable(nf, tname);
  if (pc.chain !== null) {
    const c = findChain(view, pc.chain);
    if (!c) throw other("No chain/target/match by that name.");
    if (!listed && !chainExists(c)) {
      if (pc.command & Cmd.ZERO_NUM) throw other("Bad rule (does a matching rule exist in that chain?).");
      throw other("No chain/target/match by that name.");
    }
    if (pc.command & Cmd.ZERO_NUM) {
      const r = c.rules[pc.rulenum - 1];
      if (r) r.counters = { pkts: 0, bytes: 0 };
      return "";
    }
    for (const r of c.rules) r.counters = { pkts: 0, bytes: 0 };
    if (c.hook !== null && t) c.policyCounters = { pkts: 0, bytes: 0 };
    return verbose ? `Zeroing chain \`${c.name}'\n` : "";
  }
  let text = "";
  for (const c of chainsInListOrder(view)) {
    if (!listed && !chainExists(c)) continue;
    if (verbose) text += `Zeroing chain \`${c.name}'\n`;
    for (const r of c.rules) r.counters = { pkts: 0, bytes: 0 };
    if (c.hook !== null && t) c.policyCounters = { pkts: 0, bytes: 0 };
  }
  return text;
}

function newChain(nf: Netfilter, tname: TableName, name: string): CmdResult {
  const view = nf.tables[tname] ?? viewTable(nf, tname);
  if (findChain(view, name)) throw other("Chain already exists.");
  const t = getTable(nf, tname, true)!;
  t.chains.push({ name, hook: null, policy: "ACCEPT", rules: [], handle: allocHandle(t) });
  touch(nf);
  return out("");
}

function deleteChain(nf: Netfilter, tname: TableName, name: string | null, verbose = false): CmdResult {
  const t = nf.tables[tname];
  if (name !== null) {
    const c = t ? findChain(t, name) : undefined;
    if (!c || !chainExists(c)) throw other("No chain/target/match by that name.");
    if (c.hook !== null) {
      // iptables-nft ≥ 1.8.8 deletes an empty built-in chain; its policy must be ACCEPT
      if (c.rules.length > 0) throw resourceError("CHAIN_DEL", Errno.EBUSY, `chain ${name}`);
      if (c.policy !== "ACCEPT") throw other("Directory not empty.");
      dropBuiltin(c);
      touch(nf);
      return out("");
    }
    if (c.rules.length > 0 || chainRefs(t!, name) > 0) {
      throw resourceError("CHAIN_DEL", Errno.EBUSY, `chain ${name}`);
    }
    t!.chains = t!.chains.filter((x) => x !== c);
    touch(nf);
    return out(verbose ? `Deleting chain \`${name}'\n` : "");
  }
  if (!t) return out("");
  const users = chainsInListOrder(t).filter((c) => c.hook === null);
  for (const c of users) {
    const refs = t.chains.some(
      (o) =>
        o.hook !== null &&
        o.rules.some((r) => r.target.kind !== "none" && "chain" in r.target && r.target.chain === c.name),
    );
    const selfOrOthers = chainRefs(t, c.name) > 0;
    if (c.rules.length > 0 || refs || selfOrOthers) {
      throw resourceError("CHAIN_DEL", Errno.EBUSY, `chain ${c.name}`);
    }
  }
  t.chains = t.chains.filter((c) => c.hook !== null);
  // and the built-in chains that are empty with policy ACCEPT (silently, even with -v)
  for (const c of t.chains) if (c.rules.length === 0 && c.policy === "ACCEPT") dropBuiltin(c);
  touch(nf);
  return out(verbose ? users.map((c) => `Deleting chain \`${c.name}'\n`).join("") : "");
}

/** A built-in chain deleted from the kernel: listings show it again as a fresh empty chain. */
function dropBuiltin(c: Chain): void {
  c.handle = undefined;
  c.policyCounters = undefined;
}

function renameChain(nf: Netfilter, tname: TableName, from: string, to: string): CmdResult {
  const t = nf.tables[tname];
  if ((t && findChain(t, to)) || isBuiltinName(tname, to)) throw other("File exists.");
  const c = t ? findChain(t, from) : undefined;
  if (!t || !c) throw other("No chain/target/match by that name.");
  if (KNOWN_TARGETS.has(to)) throw other("No chain/target/match by that name.");
  if (c.hook !== null) {
    // iptables-nft renames the base chain; it keeps its hook but iptables no longer knows it
    t.incompatible = [...(t.incompatible ?? []), { ...c, name: to }];
    t.chains = t.chains.map((x) =>
      x === c ? { name: c.name, hook: c.hook, policy: "ACCEPT", rules: [] } : x,
    );
    touch(nf);
    return out("");
  }
  c.name = to;
  for (const ch of t.chains) {
    for (const r of ch.rules) {
      if ((r.target.kind === "jump" || r.target.kind === "goto") && r.target.chain === from)
        r.target.chain = to;
    }
  }
  touch(nf);
  return out("");
}

function setPolicy(nf: Netfilter, tname: TableName, pc: ParsedCommand): CmdResult {
  const name = pc.chain!;
  const pol = pc.policy!;
  if (!isBuiltinName(tname, name)) throw other("Bad built-in chain name.");
  if (pol !== "ACCEPT" && pol !== "DROP") throw other("Bad policy name. Run `dmesg' for more information.");
  const t = getTable(nf, tname, true)!;
  const c = findChain(t, name)!;
  ensureChainHandle(t, c);
  c.policy = pol;
  c.policyCounters = pc.counters ? { ...pc.counters } : (c.policyCounters ?? { pkts: 0, bytes: 0 });
  touch(nf);
  return out("");
}

// ---------------------------------------------------------------------------------------------
// Listings

const INCOMPATIBLE = (t: string) =>
  `# Table \`${t}' contains incompatible base-chains, use 'nft' tool to list them.\n`;

function listFormat(pc: ParsedCommand): number {
  let f = Fmt.OPTIONS;
  if (pc.numeric) f |= Fmt.NUMERIC;
  if (!pc.verbose) f |= Fmt.NOCOUNTS;
  else f |= Fmt.VIA;
  if (!pc.exact) f |= Fmt.KILOMEGAGIGA;
  if (pc.lineNumbers) f |= Fmt.LINENUMBERS;
  return f;
}

function list(nf: Netfilter, tname: TableName, pc: ParsedCommand, env: CmdEnv): string {
  const t = nf.tables[tname] ?? viewTable(nf, tname);
  const fmt = listFormat(pc);
  const res = { hostName: env.hostName };
  const text = t.incompatible?.length ? INCOMPATIBLE(tname) : "";
  if (pc.chain !== null) {
    const c = findChain(t, pc.chain);
    if (!c)
      throw new IptError(
        "plain",
        `iptables v1.8.9 (nf_tables): chain \`${pc.chain}' in table \`${tname}' is incompatible, use 'nft' tool.\n`,
      );
    if (pc.rulenum > 0) {
      const r = c.rules[pc.rulenum - 1];
      return r ? text + printRule(r, pc.rulenum, fmt, res) + "\n" : text;
    }
    return text + listChain(t, c.name, fmt, pc.verbose > 0, res);
  }
  const parts = chainsInListOrder(t).map((c) => listChain(t, c.name, fmt, pc.verbose > 0, res));
  return text + parts.join("\n");
}

function listChain(
  t: Table,
  name: string,
  fmt: number,
  verbose: boolean,
  res: { hostName: CmdEnv["hostName"] },
): string {
  const c = findChain(t, name)!;
  let s = printChainHeader(c, chainRefs(t, name), verbose) + "\n";
  s += printHeader(fmt) + "\n";
  c.rules.forEach((r, i) => {
    s += printRule(r, i + 1, fmt, res) + "\n";
  });
  return s;
}

function listRules(nf: Netfilter, tname: TableName, pc: ParsedCommand): string {
  const t = nf.tables[tname] ?? viewTable(nf, tname);
  const counters = pc.verbose > 0;
  const pol = (c: { name: string; policy: string; policyCounters?: { pkts: number; bytes: number } }) =>
    `-P ${c.name} ${c.policy}${counters ? ` -c ${c.policyCounters?.pkts ?? 0} ${c.policyCounters?.bytes ?? 0}` : ""}\n`;
  let text = t.incompatible?.length ? INCOMPATIBLE(tname) : "";
  if (pc.chain !== null) {
    const c = findChain(t, pc.chain);
    if (!c)
      throw new IptError(
        "plain",
        `iptables v1.8.9 (nf_tables): chain \`${pc.chain}' in table \`${tname}' is incompatible, use 'nft' tool.\n`,
      );
    if (pc.rulenum > 0) {
      const r = c.rules[pc.rulenum - 1];
      return r ? text + saveRule(c.name, r, counters) + "\n" : text;
    }
    text += c.hook !== null ? pol(c) : `-N ${c.name}\n`;
    for (const r of c.rules) text += saveRule(c.name, r, counters) + "\n";
    return text;
  }
  const chains = chainsInListOrder(t);
  for (const c of chains) if (c.hook !== null) text += pol(c);
  for (const c of chains) if (c.hook === null) text += `-N ${c.name}\n`;
  for (const c of chains) for (const r of c.rules) text += saveRule(c.name, r, counters) + "\n";
  return text;
}

export type { Rule };
