/**
 * The packet side: what runs at each IPv4 netfilter hook, in the kernel's priority order
 * (raw −300, conntrack −200, mangle −150, nat DNAT −100, filter 0, security 50, nat SNAT 100,
 * conntrack confirm last), and ipt_do_table's walk of a chain (matches, counters, jumps and
 * gotos with their return stack, RETURN, policies). Rules are compiled once per rule-set
 * generation into plain records with numeric fields and match predicates, so a packet through
 * a 10,000-rule chain does no string work (kube-proxy scale).
 *
 * nat chains run only for a connection's first packet per direction (NEW or RELATED and no
 * binding yet); every later packet, replies included, is translated from its conntrack entry.
 */
import type { Ip4 } from "../util/brand";
import type {
  Chain,
  Hook,
  Match,
  Netfilter,
  NfEnv,
  NfSkb,
  NfTraceEvent,
  NfVerdict,
  NfWhere,
  Rule,
  Table,
  TableName,
  Target,
} from "./types";
import { ADDR_TYPE_NAMES, CtStatus, RejectWith } from "./types";
import { conntrackConfirm, conntrackIn, conntrackNeeded, ctExpire, ctStateBits } from "./conntrack";
import { logLine, tracePacketLine } from "./log";
import type { Manip, NatRequest } from "./nat";
import { natInitialized, natPacket, natSetup } from "./nat";
import { saveRule } from "./render";
import { ipTotalLength } from "./util";

// ---------------------------------------------------------------------------------------------
// Packet view: the header fields the rules test, read once per table

interface Pkt {
  src: number;
  dst: number;
  proto: number;
  /** fragment offset != 0 (the -f match, and no L4 header) */
  frag: boolean;
  sport: number;
  dport: number;
  /** tcp/udp header present */
  ports: boolean;
  icmpType: number;
  icmpCode: number;
  tcpFlags: number;
  inDev: string;
  outDev: string;
  len: number;
  ctBits: number;
}

function view(skb: NfSkb, ctActive: boolean): Pkt {
  const ip = skb.ip;
  const p = ip.payload;
  const frag = ip.fragOffset > 0;
  const v: Pkt = {
    src: ip.src >>> 0,
    dst: ip.dst >>> 0,
    proto: ip.protocol,
    frag,
    sport: -1,
    dport: -1,
    ports: false,
    icmpType: -1,
    icmpCode: -1,
    tcpFlags: 0,
    inDev: skb.inDev ?? "",
    outDev: skb.outDev ?? "",
    len: skb.len ?? ipTotalLength(ip),
    ctBits: ctActive ? ctStateBits(skb) : skb.untracked ? 1 << 8 : 1,
  };
  if (!frag) {
    if (p.kind === "tcp") {
      v.sport = p.srcPort;
      v.dport = p.dstPort;
      v.ports = true;
      v.tcpFlags = p.flags;
    } else if (p.kind === "udp") {
      v.sport = p.srcPort;
      v.dport = p.dstPort;
      v.ports = true;
    } else if (p.kind === "icmp") {
      v.icmpType = p.type;
      v.icmpCode = p.code;
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Compiled rules

const K = {
  NONE: 0,
  ACCEPT: 1,
  DROP: 2,
  RETURN: 3,
  JUMP: 4,
  GOTO: 5,
  REJECT: 6,
  LOG: 7,
  MARK: 8,
  TRACE: 9,
  NOTRACK: 10,
  NAT: 11,
} as const;

type Pred = (p: Pkt, skb: NfSkb, env: NfEnv) => boolean;

interface CRule {
  rule: Rule;
  num: number;
  hasSrc: boolean;
  srcAddr: number;
  srcMask: number;
  srcInv: boolean;
  hasDst: boolean;
  dstAddr: number;
  dstMask: number;
  dstInv: boolean;
  inName: string | null;
  inPrefix: boolean;
  inInv: boolean;
  outName: string | null;
  outPrefix: boolean;
  outInv: boolean;
  proto: number;
  protoInv: boolean;
  /** 0 any, 1 fragments only, 2 non-fragments only */
  frag: number;
  preds: Pred[];
  kind: number;
  jump: CChain | null;
}

interface CChain {
  chain: Chain;
  rules: CRule[];
}

interface Compiled {
  gen: number;
  tables: Partial<Record<TableName, Map<string, CChain>>>;
  ctActive: boolean;
}

const compiledCache = new WeakMap<Netfilter, Compiled>();

function ifaceMatch(name: string, prefix: boolean, dev: string): boolean {
  return prefix ? dev.startsWith(name) : dev === name;
}

function portPred(
  r: { min: number; max: number; inv: boolean } | null,
  which: "sport" | "dport",
): Pred | null {
  if (!r) return null;
  const { min, max, inv } = r;
  return which === "sport"
    ? (p) => (p.sport >= min && p.sport <= max) !== inv
    : (p) => (p.dport >= min && p.dport <= max) !== inv;
}

const TCP_OPTION_NUM: Record<string, number> = {
  eol: 0,
  nop: 1,
  mss: 2,
  windowScale: 3,
  sackPermitted: 4,
  sack: 5,
  timestamps: 8,
};

function compileMatch(m: Match): Pred | null {
  switch (m.kind) {
    case "tcp":
    case "udp": {
      const proto = m.kind === "tcp" ? 6 : 17;
      const preds: Pred[] = [(p) => p.proto === proto && p.ports];
      const sp = portPred(m.sport, "sport");
      const dp = portPred(m.dport, "dport");
      if (sp) preds.push(sp);
      if (dp) preds.push(dp);
      if (m.kind === "tcp" && m.flags) {
        const { mask, cmp, inv } = m.flags;
        preds.push((p) => ((p.tcpFlags & mask) === cmp) !== inv);
      }
      if (m.kind === "tcp" && m.option) {
        const { num, inv } = m.option;
        preds.push((_p, skb) => {
          const q = skb.ip.payload;
          const has =
            q.kind === "tcp" &&
            q.options.some((o) => (o.kind === "raw" ? o.bytes[0] : TCP_OPTION_NUM[o.kind]) === num);
          return has !== inv;
        });
      }
      return all(preds);
    }
    case "icmp": {
      const { type, codeMin, codeMax, inv } = m;
      if (type === 0xff) return (p) => p.proto === 1 && !p.frag && !inv;
      return (p) =>
        p.proto === 1 &&
        !p.frag &&
        (p.icmpType === type && p.icmpCode >= codeMin && p.icmpCode <= codeMax) !== inv;
    }
    case "comment":
      return null;
    case "addrtype": {
      const preds: Pred[] = [];
      const devOf = (p: Pkt) => (m.limitIn ? p.inDev || null : m.limitOut ? p.outDev || null : null);
      if (m.src) {
        const mask = m.src;
        const inv = m.srcInv;
        preds.push(
          (p, _s, env) =>
            ((mask & (1 << ADDR_TYPE_NAMES.indexOf(env.addrType(p.src as Ip4, devOf(p))))) !== 0) !== inv,
        );
      }
      if (m.dst) {
        const mask = m.dst;
        const inv = m.dstInv;
        preds.push(
          (p, _s, env) =>
            ((mask & (1 << ADDR_TYPE_NAMES.indexOf(env.addrType(p.dst as Ip4, devOf(p))))) !== 0) !== inv,
        );
      }
      return all(preds);
    }
    case "state": {
      const { mask, inv } = m;
      return (p) => ((p.ctBits & mask) !== 0) !== inv;
    }
    case "conntrack": {
      const preds: Pred[] = [];
      if (m.state) {
        const { mask, inv } = m.state;
        preds.push((p) => ((p.ctBits & mask) !== 0) !== inv);
      }
      const needCt: Pred[] = [];
      if (m.proto) {
        const { num, inv } = m.proto;
        needCt.push((_p, s) => (s.ct!.conn.orig.proto === num) !== inv);
      }
      const addr = (a: { addr: number; mask: number; inv: boolean } | null, get: (s: NfSkb) => number) => {
        if (!a) return;
        const { addr: v, mask, inv } = a;
        needCt.push((_p, s) => ((get(s) & mask) >>> 0 === v) !== inv);
      };
      addr(m.origSrc, (s) => s.ct!.conn.orig.src);
      addr(m.origDst, (s) => s.ct!.conn.orig.dst);
      addr(m.replSrc, (s) => s.ct!.conn.reply.src);
      addr(m.replDst, (s) => s.ct!.conn.reply.dst);
      const port = (r: { min: number; max: number; inv: boolean } | null, get: (s: NfSkb) => number) => {
        if (!r) return;
        const { min, max, inv } = r;
        needCt.push((_p, s) => {
          const v = get(s);
          return (v >= min && v <= max) !== inv;
        });
      };
      port(m.origSrcPort, (s) => s.ct!.conn.orig.sport);
      port(m.origDstPort, (s) => s.ct!.conn.orig.dport);
      port(m.replSrcPort, (s) => s.ct!.conn.reply.sport);
      port(m.replDstPort, (s) => s.ct!.conn.reply.dport);
      if (m.status) {
        const { mask, inv } = m.status;
        needCt.push((_p, s) => ((s.ct!.conn.status & mask) !== 0) !== inv);
      }
      if (m.dir) {
        const { reply, inv } = m.dir;
        needCt.push((_p, s) => ((s.ct!.dir === 1) === reply) !== inv);
      }
      if (needCt.length) {
        const inner = all(needCt)!;
        preds.push((p, s, env) => !!s.ct && inner(p, s, env));
      }
      return all(preds);
    }
    case "multiport": {
      const ranges = m.ports.map((r) => [r.min, r.max] as const);
      const inv = m.inv;
      const test = (v: number) => {
        for (const [a, b] of ranges) if (v >= a && v <= b) return true;
        return false;
      };
      if (m.dir === "sports") return (p) => p.ports && test(p.sport) !== inv;
      if (m.dir === "dports") return (p) => p.ports && test(p.dport) !== inv;
      return (p) => p.ports && (test(p.sport) || test(p.dport)) !== inv;
    }
    case "mark": {
      const { value, mask, inv } = m;
      return (_p, s) => ((s.mark & mask) >>> 0 === value) !== inv;
    }
    case "physdev": {
      const preds: Pred[] = [];
      const dev = (
        spec: { name: string; inv: boolean } | null,
        get: (s: NfSkb) => string | null | undefined,
      ) => {
        if (!spec) return;
        const prefix = spec.name.endsWith("+");
        const name = prefix ? spec.name.slice(0, -1) : spec.name;
        const inv = spec.inv;
        preds.push((_p, s) => {
          const d = get(s);
          if (!d) return inv && false;
          return ifaceMatch(name, prefix, d) !== inv;
        });
      };
      if (m.isIn) {
        const inv = m.isIn.inv;
        preds.push((_p, s) => !!s.physIn !== inv);
      }
      dev(m.physIn, (s) => s.physIn);
      if (m.isOut) {
        const inv = m.isOut.inv;
        preds.push((_p, s) => !!s.physOut !== inv);
      }
      dev(m.physOut, (s) => s.physOut);
      if (m.isBridged) {
        const inv = m.isBridged.inv;
        preds.push((_p, s) => !!(s.bridged && s.physOut) !== inv);
      }
      return all(preds);
    }
  }
}

function all(preds: Pred[]): Pred | null {
  if (preds.length === 0) return null;
  if (preds.length === 1) return preds[0];
  if (preds.length === 2) {
    const [a, b] = preds;
    return (p, s, e) => a(p, s, e) && b(p, s, e);
  }
  return (p, s, e) => {
    for (const f of preds) if (!f(p, s, e)) return false;
    return true;
  };
}

function targetKind(t: Target): number {
  switch (t.kind) {
    case "none":
      return K.NONE;
    case "ACCEPT":
      return K.ACCEPT;
    case "DROP":
      return K.DROP;
    case "RETURN":
      return K.RETURN;
    case "jump":
      return K.JUMP;
    case "goto":
      return K.GOTO;
    case "REJECT":
      return K.REJECT;
    case "LOG":
      return K.LOG;
    case "MARK":
      return K.MARK;
    case "TRACE":
      return K.TRACE;
    case "NOTRACK":
      return K.NOTRACK;
    case "MASQUERADE":
    case "SNAT":
    case "DNAT":
    case "REDIRECT":
      return K.NAT;
  }
}

function compileRule(r: Rule, num: number): CRule {
  const inName = r.inIface
    ? r.inIface.name.endsWith("+")
      ? r.inIface.name.slice(0, -1)
      : r.inIface.name
    : null;
  const outName = r.outIface
    ? r.outIface.name.endsWith("+")
      ? r.outIface.name.slice(0, -1)
      : r.outIface.name
    : null;
  const preds: Pred[] = [];
  for (const m of r.matches) {
    const p = compileMatch(m);
    if (p) preds.push(p);
  }
  return {
    rule: r,
    num,
    hasSrc: !!r.src,
    srcAddr: r.src ? r.src.addr >>> 0 : 0,
    srcMask: r.src ? r.src.mask >>> 0 : 0,
    srcInv: !!r.src?.inv,
    hasDst: !!r.dst,
    dstAddr: r.dst ? r.dst.addr >>> 0 : 0,
    dstMask: r.dst ? r.dst.mask >>> 0 : 0,
    dstInv: !!r.dst?.inv,
    inName,
    inPrefix: !!r.inIface?.name.endsWith("+"),
    inInv: !!r.inIface?.inv,
    outName,
    outPrefix: !!r.outIface?.name.endsWith("+"),
    outInv: !!r.outIface?.inv,
    proto: r.proto,
    protoInv: r.protoInv,
    frag: r.frag ? (r.frag.inv ? 2 : 1) : 0,
    preds,
    kind: targetKind(r.target),
    jump: null,
  };
}

function compileTable(t: Table): Map<string, CChain> {
  const m = new Map<string, CChain>();
  for (const c of t.chains) m.set(c.name, { chain: c, rules: c.rules.map((r, i) => compileRule(r, i + 1)) });
  for (const cc of m.values()) {
    for (const r of cc.rules) {
      if (r.kind === K.JUMP || r.kind === K.GOTO) {
        const t2 = r.rule.target as { chain: string };
        r.jump = m.get(t2.chain) ?? null;
      }
    }
  }
  return m;
}

function compiled(nf: Netfilter): Compiled {
  let c = compiledCache.get(nf);
  if (!c || c.gen !== nf.generation) {
    c = { gen: nf.generation, tables: {}, ctActive: conntrackNeeded(nf) };
    for (const [name, t] of Object.entries(nf.tables)) if (t) c.tables[name as TableName] = compileTable(t);
    compiledCache.set(nf, c);
  }
  return c;
}

/** Does the rule's IP part (addresses, interfaces, protocol, fragment) match? */
function ipMatch(r: CRule, p: Pkt): boolean {
  if (r.hasSrc && ((p.src & r.srcMask) >>> 0 === r.srcAddr) === r.srcInv) return false;
  if (r.hasDst && ((p.dst & r.dstMask) >>> 0 === r.dstAddr) === r.dstInv) return false;
  if (r.inName !== null && ifaceMatch(r.inName, r.inPrefix, p.inDev) === r.inInv) return false;
  if (r.outName !== null && ifaceMatch(r.outName, r.outPrefix, p.outDev) === r.outInv) return false;
  if (r.proto !== 0 && (p.proto === r.proto) === r.protoInv) return false;
  if (r.frag !== 0 && (r.frag === 1) !== p.frag) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Walking a chain (ipt_do_table)

type ChainOutcome =
  | { k: "accept" }
  | { k: "drop"; where: NfWhere }
  | { k: "reject"; where: NfWhere; target: Extract<Target, { kind: "REJECT" }> }
  | {
      k: "nat";
      where: NfWhere;
      target: Extract<Target, { kind: "MASQUERADE" | "SNAT" | "DNAT" | "REDIRECT" }>;
    };

interface Ctx {
  nf: Netfilter;
  env: NfEnv;
  hook: Hook;
  table: TableName;
  skb: NfSkb;
  /** nftrace lines being collected for this base chain */
  lines: string[] | null;
}

function ruleText(chain: string, r: Rule): string {
  return saveRule(chain, r);
}

function emit(ctx: Ctx, chain: string, rule: number | null, text: string, verdict: string): void {
  ctx.env.trace?.({ hook: ctx.hook, table: ctx.table, chain, rule, text, verdict } satisfies NfTraceEvent);
}

function nftraceRule(ctx: Ctx, chain: string, r: Rule, verdict: string): void {
  if (!ctx.skb.nftrace || !ctx.env.nftrace) return;
  const id = traceId(ctx);
  if (!ctx.lines) ctx.lines = [];
  if (ctx.lines.length === 0) ctx.lines.push(tracePacketLine(ctx.skb, id, ctx.hook));
  const h = r.handle ?? 0;
  ctx.lines.push(
    ` TRACE: 2 ${hex8(id)} ${ctx.table}:${chain}:rule:0x${h.toString(16)}:${verdict}  -4 -t ${ctx.table} ${ruleText(chain, r)}`,
  );
}

function nftraceOther(ctx: Ctx, chain: string, what: string): void {
  if (!ctx.skb.nftrace || !ctx.env.nftrace) return;
  const id = traceId(ctx);
  if (!ctx.lines) ctx.lines = [];
  if (ctx.lines.length === 0) ctx.lines.push(tracePacketLine(ctx.skb, id, ctx.hook));
  ctx.lines.push(` TRACE: 2 ${hex8(id)} ${ctx.table}:${chain}:${what}`);
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

function traceId(ctx: Ctx): number {
  if (ctx.skb.traceId === undefined) ctx.skb.traceId = ctx.env.random() >>> 0;
  return ctx.skb.traceId;
}

function where(ctx: Ctx, chain: string, r: CRule | null, policy?: string): NfWhere {
  return {
    table: ctx.table,
    chain,
    rule: r ? r.num : null,
    text: r ? ruleText(chain, r.rule) : `-P ${chain} ${policy}`,
  };
}

function walk(ctx: Ctx, base: CChain, p: Pkt): ChainOutcome {
  const tracing = !!ctx.env.trace;
  const stack: Array<{ chain: CChain; next: number }> = [];
  let chain = base;
  let i = 0;
  const skb = ctx.skb;
  for (;;) {
    const rules = chain.rules;
    if (i >= rules.length) {
      // end of chain: implicit return, or the policy of the base chain
      if (stack.length === 0) {
        const pol = base.chain.policy;
        const pc = base.chain.policyCounters;
        if (pc) {
          pc.pkts++;
          pc.bytes += p.len;
        }
        if (tracing) emit(ctx, base.chain.name, null, `-P ${base.chain.name} ${pol}`, pol);
        nftraceOther(ctx, base.chain.name, `policy:${pol} `);
        if (pol === "DROP") return { k: "drop", where: where(ctx, base.chain.name, null, "DROP") };
        return { k: "accept" };
      }
      // (nf_tables traces no event for the implicit return at the end of a user chain)
      if (tracing) emit(ctx, chain.chain.name, null, "", "RETURN");
      const fr = stack.pop()!;
      chain = fr.chain;
      i = fr.next;
      continue;
    }
    const r = rules[i];
    i++;
    if (!ipMatch(r, p)) continue;
    let ok = true;
    for (const f of r.preds) {
      if (!f(p, skb, ctx.env)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    r.rule.counters.pkts++;
    r.rule.counters.bytes += p.len;
    const cname = chain.chain.name;
    switch (r.kind) {
      case K.NONE:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "CONTINUE");
        nftraceRule(ctx, cname, r.rule, "CONTINUE");
        continue;
      case K.ACCEPT:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "ACCEPT");
        nftraceRule(ctx, cname, r.rule, "ACCEPT");
        return { k: "accept" };
      case K.DROP:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "DROP");
        nftraceRule(ctx, cname, r.rule, "DROP");
        return { k: "drop", where: where(ctx, cname, r) };
      case K.RETURN:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "RETURN");
        // xtables-monitor prints NFT_RETURN (-5) as a number
        nftraceRule(ctx, cname, r.rule, "0xfffffffb");
        if (stack.length === 0) {
          // RETURN in a base chain: the policy decides
          const pol = base.chain.policy;
          const pc = base.chain.policyCounters;
          if (pc) {
            pc.pkts++;
            pc.bytes += p.len;
          }
          if (tracing) emit(ctx, base.chain.name, null, `-P ${base.chain.name} ${pol}`, pol);
          nftraceOther(ctx, base.chain.name, `policy:${pol} `);
          if (pol === "DROP") return { k: "drop", where: where(ctx, base.chain.name, null, "DROP") };
          return { k: "accept" };
        }
        {
          const fr = stack.pop()!;
          chain = fr.chain;
          i = fr.next;
        }
        continue;
      case K.JUMP:
      case K.GOTO: {
        const to = r.jump!;
        const verb = r.kind === K.JUMP ? "JUMP" : "GOTO";
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), `${verb}:${to.chain.name}`);
        nftraceRule(ctx, cname, r.rule, `${verb}:${to.chain.name}`);
        if (r.kind === K.JUMP) stack.push({ chain, next: i });
        chain = to;
        i = 0;
        continue;
      }
      case K.REJECT:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "REJECT");
        nftraceRule(ctx, cname, r.rule, "DROP");
        return {
          k: "reject",
          where: where(ctx, cname, r),
          target: r.rule.target as Extract<Target, { kind: "REJECT" }>,
        };
      case K.LOG: {
        const t = r.rule.target as Extract<Target, { kind: "LOG" }>;
        ctx.env.log?.(t.level, logLine(skb, t.prefix, t.flags));
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "CONTINUE");
        nftraceRule(ctx, cname, r.rule, "CONTINUE");
        continue;
      }
      case K.MARK: {
        const t = r.rule.target as Extract<Target, { kind: "MARK" }>;
        skb.mark = ((skb.mark & ~t.mask) ^ t.value) >>> 0;
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "CONTINUE");
        nftraceRule(ctx, cname, r.rule, "CONTINUE");
        continue;
      }
      case K.TRACE:
        skb.nftrace = true;
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "CONTINUE");
        nftraceRule(ctx, cname, r.rule, "CONTINUE");
        continue;
      case K.NOTRACK:
        skb.untracked = true;
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), "CONTINUE");
        nftraceRule(ctx, cname, r.rule, "CONTINUE");
        continue;
      case K.NAT:
        if (tracing) emit(ctx, cname, r.num, ruleText(cname, r.rule), r.rule.target.kind);
        nftraceRule(ctx, cname, r.rule, "ACCEPT");
        return {
          k: "nat",
          where: where(ctx, cname, r),
          target: r.rule.target as Extract<Target, { kind: "MASQUERADE" | "SNAT" | "DNAT" | "REDIRECT" }>,
        };
    }
  }
}

/** Run one table's built-in chain for this hook. */
function runTable(c: Compiled, ctx: Ctx, ctActive: boolean): ChainOutcome {
  const tbl = c.tables[ctx.table];
  if (!tbl) return { k: "accept" };
  const base = tbl.get(ctx.hook);
  const exists =
    base && (base.chain.handle !== undefined || base.rules.length > 0 || base.chain.policy !== "ACCEPT");
  const out: ChainOutcome = exists ? walk(ctx, base, view(ctx.skb, ctActive)) : { k: "accept" };
  // base chains renamed away with -E still hook here
  const t = ctx.nf.tables[ctx.table];
  if (out.k === "accept" && t?.incompatible?.length) {
    for (const ch of t.incompatible) {
      if (ch.hook !== ctx.hook) continue;
      const cc = { chain: ch, rules: ch.rules.map((r, i) => compileRule(r, i + 1)) };
      const o = walk(ctx, cc, view(ctx.skb, ctActive));
      if (o.k !== "accept") return o;
    }
  }
  if (ctx.lines && ctx.lines.length) ctx.env.nftrace?.(ctx.lines);
  ctx.lines = null;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hooks

const PLAN: Record<Hook, ReadonlyArray<TableName | "ct" | "confirm" | "nat" | "natdst" | "natsrc">> = {
  PREROUTING: ["raw", "ct", "mangle", "natdst"],
  INPUT: ["mangle", "filter", "security", "natsrc", "confirm"],
  FORWARD: ["mangle", "filter", "security"],
  OUTPUT: ["raw", "ct", "mangle", "natdst", "filter", "security"],
  POSTROUTING: ["mangle", "natsrc", "confirm"],
};

function rejectVerdict(o: Extract<ChainOutcome, { k: "reject" }>): NfVerdict {
  const w = o.target.with;
  const icmp = RejectWith[w];
  return {
    verdict: "reject",
    where: o.where,
    icmp: icmp ? { type: icmp.type, code: icmp.code } : null,
    tcpReset: icmp === null,
  };
}

function dropReason(w: NfWhere): string {
  return w.rule === null
    ? `policy DROP of chain ${w.chain} (table ${w.table})`
    : `rule ${w.rule} of chain ${w.chain} (table ${w.table}): ${w.text}`;
}

/**
 * Run netfilter at one hook. The kernel calls this at PREROUTING (after ip_rcv), INPUT (after
 * the input route said local), FORWARD, OUTPUT (after the output route lookup) and POSTROUTING,
 * with the same skb object along one packet's path. It may replace skb.ip (NAT) and sets
 * skb.ct / skb.mark. "accept" means: continue the path with skb.ip.
 */
export function nfHook(nf: Netfilter, hook: Hook, skb: NfSkb, env: NfEnv): NfVerdict {
  const c = compiled(nf);
  const ctActive = c.ctActive;
  const ctx: Ctx = { nf, env, hook, table: "raw", skb, lines: null };
  for (const step of PLAN[hook]) {
    if (step === "ct") {
      if (!ctActive) continue;
      if (skb.untracked) continue;
      if ((hook === "PREROUTING" || hook === "OUTPUT") && (skb.ct === undefined || skb.ct === null)) {
        const now = env.now();
        if (now - (nf.conntrack.lastGc ?? -Infinity) >= 1000) {
          ctExpire(nf.conntrack, now);
          nf.conntrack.lastGc = now;
        }
        conntrackIn(nf, skb, env);
      }
      continue;
    }
    if (step === "confirm") {
      if (ctActive) conntrackConfirm(nf, skb);
      continue;
    }
    if (step === "natdst" || step === "natsrc") {
      if (!c.tables.nat || !ctActive) continue;
      const manip: Manip = step === "natdst" ? "DST" : "SRC";
      const v = natStep(c, ctx, manip);
      if (v) return v;
      continue;
    }
    ctx.table = step;
    const beforeDst = skb.ip.dst;
    const beforeMark = skb.mark;
    const o = runTable(c, ctx, ctActive);
    if (o.k === "drop") return { verdict: "drop", where: o.where, reason: dropReason(o.where) };
    if (o.k === "reject") return rejectVerdict(o);
    if (hook === "OUTPUT" && step === "mangle" && (skb.ip.dst !== beforeDst || skb.mark !== beforeMark)) {
      const v = reroute(skb, env);
      if (v) return v;
    }
  }
  return { verdict: "accept" };
}

function reroute(skb: NfSkb, env: NfEnv): NfVerdict | null {
  if (!env.rerouteOutput) return null;
  const dev = env.rerouteOutput(skb);
  if (dev === null)
    return {
      verdict: "drop",
      where: null,
      reason: "no route after the destination changed (ip_route_me_harder)",
    };
  skb.outDev = dev;
  return null;
}

/** The nat table at this hook: bind the first packet of a connection, translate every packet. */
function natStep(c: Compiled, ctx: Ctx, manip: Manip): NfVerdict | null {
  const { nf, env, skb, hook } = ctx;
  const s = skb.ct;
  if (!s || skb.untracked) return null;
  const conn = s.conn;
  const first = s.info === 2 /* NEW */ || s.info === 1 /* RELATED */ || s.info === 4;
  // RELATED ICMP errors are translated from their flow; a RELATED RST (REJECT's, nf_ct_attach) is not ICMP
  const isIcmpError = (s.info === 1 || s.info === 4) && skb.ip.protocol === 1;
  if (first && !isIcmpError && !natInitialized(conn, manip)) {
    ctx.table = "nat";
    const o = runTable(c, ctx, true);
    if (o.k === "drop") return { verdict: "drop", where: o.where, reason: dropReason(o.where) };
    if (o.k === "reject") return rejectVerdict(o);
    if (o.k === "nat") {
      const req = natRequest(o.target, skb, env, hook);
      if (req === null) {
        const reason = `${skb.outDev ?? "?"} ate my IP address`;
        env.log?.(6, reason);
        return { verdict: "drop", where: o.where, reason };
      }
      if (req !== "null") {
        if (o.target.kind === "MASQUERADE") conn.masqDev = skb.outDev;
        natSetup(nf, skb, manip, req, env.now(), () => env.random());
        if (env.trace) {
          env.trace({
            hook,
            table: "nat",
            chain: o.where.chain,
            rule: o.where.rule,
            text: `binding: ${describeConn(conn)}`,
            verdict: "NAT",
          });
        }
      } else natSetup(nf, skb, manip, null, env.now(), () => env.random());
    } else {
      natSetup(nf, skb, manip, null, env.now(), () => env.random());
    }
  }
  const beforeDst = skb.ip.dst;
  natPacket(skb, manip);
  if (hook === "OUTPUT" && skb.ip.dst !== beforeDst) {
    const v = reroute(skb, env);
    if (v) return v;
  }
  return null;
}

function describeConn(c: {
  orig: { src: number; dst: number };
  reply: { src: number; dst: number };
  status: number;
}): string {
  const ip = (n: number) => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  const parts: string[] = [];
  if (c.status & CtStatus.DST_NAT) parts.push(`DNAT ${ip(c.orig.dst)} -> ${ip(c.reply.src)}`);
  if (c.status & CtStatus.SRC_NAT) parts.push(`SNAT ${ip(c.orig.src)} -> ${ip(c.reply.dst)}`);
  return parts.join(", ") || "null binding";
}

/** The NAT range a target asks for; null = drop (no address); "null" = null binding. */
function natRequest(
  t: Extract<Target, { kind: "MASQUERADE" | "SNAT" | "DNAT" | "REDIRECT" }>,
  skb: NfSkb,
  env: NfEnv,
  hook: Hook,
): NatRequest | null | "null" {
  switch (t.kind) {
    case "SNAT":
    case "DNAT":
      return { range: t.range, random: t.random, randomFully: t.randomFully, persistent: t.persistent };
    case "MASQUERADE": {
      if ((skb.ct?.conn.orig.src ?? 0) === 0) return "null";
      const out = skb.outDev ?? "";
      const nh = env.nexthop ? env.nexthop(skb) : (skb.ip.dst as Ip4);
      const a = env.masqueradeSource(out, nh);
      if (a === null) return null;
      return {
        range: { minAddr: a, maxAddr: a, minPort: t.minPort, maxPort: t.maxPort },
        random: t.random,
        randomFully: t.randomFully,
        persistent: false,
      };
    }
    case "REDIRECT": {
      let a: number | null;
      if (hook === "OUTPUT") a = 0x7f000001;
      else a = skb.inDev && env.deviceAddress ? env.deviceAddress(skb.inDev) : null;
      if (a === null) return null;
      return {
        range: { minAddr: a, maxAddr: a, minPort: t.minPort, maxPort: t.maxPort },
        random: t.random,
        randomFully: false,
        persistent: false,
      };
    }
  }
}

export { compiled as compiledForTests };
