/**
 * How iptables 1.8.9 (nf_tables) prints rules: `-S` / iptables-save (the save() functions of
 * the libxt_* extensions, nft-shared's field order) and `-L` (print_header, print_rule_details,
 * print_ifaces, print_ipv4_addresses, the extensions' print() functions, xtables_print_num).
 * Field order, padding, inversion marks and quoting are copied from recorded output.
 */
import type { Ip4 } from "../util/brand";
import { protocolName, serviceName } from "./services";
import type { AddrSpec, Chain, IfaceSpec, Match, PortRange, Rule, Target } from "./types";
import { ADDR_TYPE_NAMES, CtStatus, LogFlag } from "./types";
import { addrToAnyName, ipToString, maskSuffix, padLeft, padRight } from "./util";

// ---------------------------------------------------------------------------------------------
// Names shared by parse and print

/** xtables_chain_protos: the names iptables knows without /etc/protocols. */
export const CHAIN_PROTOS: ReadonlyArray<readonly [string, number]> = [
  ["tcp", 6],
  ["sctp", 132],
  ["udp", 17],
  ["udplite", 136],
  ["icmp", 1],
  ["icmpv6", 58],
  ["ipv6-icmp", 58],
  ["esp", 50],
  ["ah", 51],
  ["ipv6-mh", 135],
  ["mh", 135],
  ["all", 0],
];

/** -S / iptables-save: proto_to_name(proto, 0) */
export function protoSaveName(p: number): string {
  for (const [n, v] of CHAIN_PROTOS) if (v === p) return n;
  return protocolName(p) ?? String(p);
}

/** ICMP type names (libxt_icmp's icmp_codes), first match wins when printing. */
export const ICMP_CODES: ReadonlyArray<readonly [string, number, number, number]> = [
  ["any", 0xff, 0, 0xff],
  ["echo-reply", 0, 0, 0xff],
  ["destination-unreachable", 3, 0, 0xff],
  ["network-unreachable", 3, 0, 0],
  ["host-unreachable", 3, 1, 1],
  ["protocol-unreachable", 3, 2, 2],
  ["port-unreachable", 3, 3, 3],
  ["fragmentation-needed", 3, 4, 4],
  ["source-route-failed", 3, 5, 5],
  ["network-unknown", 3, 6, 6],
  ["host-unknown", 3, 7, 7],
  ["network-prohibited", 3, 9, 9],
  ["host-prohibited", 3, 10, 10],
  ["TOS-network-unreachable", 3, 11, 11],
  ["TOS-host-unreachable", 3, 12, 12],
  ["communication-prohibited", 3, 13, 13],
  ["host-precedence-violation", 3, 14, 14],
  ["precedence-cutoff", 3, 15, 15],
  ["source-quench", 4, 0, 0xff],
  ["redirect", 5, 0, 0xff],
  ["network-redirect", 5, 0, 0],
  ["host-redirect", 5, 1, 1],
  ["TOS-network-redirect", 5, 2, 2],
  ["TOS-host-redirect", 5, 3, 3],
  ["echo-request", 8, 0, 0xff],
  ["router-advertisement", 9, 0, 0xff],
  ["router-solicitation", 10, 0, 0xff],
  ["time-exceeded", 11, 0, 0xff],
  ["ttl-zero-during-transit", 11, 0, 0],
  ["ttl-zero-during-reassembly", 11, 1, 1],
  ["parameter-problem", 12, 0, 0xff],
  ["ip-header-bad", 12, 0, 0],
  ["required-option-missing", 12, 1, 1],
  ["timestamp-request", 13, 0, 0xff],
  ["timestamp-reply", 14, 0, 0xff],
  ["address-mask-request", 17, 0, 0xff],
  ["address-mask-reply", 18, 0, 0xff],
];
/** extra names accepted when parsing */
export const ICMP_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ["pong", "echo-reply"],
  ["ping", "echo-request"],
  ["ttl-exceeded", "time-exceeded"],
];

export const TCP_FLAG_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["FIN", 0x01],
  ["SYN", 0x02],
  ["RST", 0x04],
  ["PSH", 0x08],
  ["ACK", 0x10],
  ["URG", 0x20],
];

/** ctstate / state names in print order, with their bits */
export const CT_STATE_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["INVALID", 1 << 0],
  ["NEW", 1 << 3],
  ["RELATED", 1 << 2],
  ["ESTABLISHED", 1 << 1],
  ["UNTRACKED", 1 << 8],
  ["SNAT", 1 << 9],
  ["DNAT", 1 << 10],
];

export const CT_STATUS_NAMES: ReadonlyArray<readonly [string, number]> = [
  ["EXPECTED", CtStatus.EXPECTED],
  ["SEEN_REPLY", CtStatus.SEEN_REPLY],
  ["ASSURED", CtStatus.ASSURED],
  ["CONFIRMED", CtStatus.CONFIRMED],
];

/** LOG levels as the nft-backed LOG prints them without -n */
export const LOG_LEVEL_PRINT = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"];

// ---------------------------------------------------------------------------------------------
// -S / iptables-save

/** xtables_save_string */
export function saveString(v: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(v)) return " " + v;
  let out = ' "';
  for (const ch of v) {
    if (ch === '"' || ch === "\\" || ch === "'") out += "\\";
    out += ch;
  }
  return out + '"';
}

function saveAddr(flag: string, a: AddrSpec): string {
  return `${a.inv ? " !" : ""} ${flag} ${ipToString(a.addr)}/${maskSavePart(a.mask)}`;
}

function maskSavePart(mask: number): string {
  const s = maskSuffix(mask);
  return s === "" ? "32" : s.slice(1);
}

function saveIface(flag: string, i: IfaceSpec): string {
  return `${i.inv ? " !" : ""} ${flag} ${i.name}`;
}

function portsText(r: PortRange): string {
  return r.min === r.max ? String(r.min) : `${r.min}:${r.max}`;
}

function tcpFlagNames(v: number): string {
  if (v === 0) return "NONE";
  const out: string[] = [];
  for (const [n, b] of TCP_FLAG_NAMES) if (v & b) out.push(n);
  return out.join(",");
}

function stateNames(mask: number): string {
  const out: string[] = [];
  for (const [n, b] of CT_STATE_NAMES) if (mask & b) out.push(n);
  return out.join(",");
}

function statusNames(mask: number): string {
  if (mask === 0) return "NONE";
  const out: string[] = [];
  for (const [n, b] of CT_STATUS_NAMES) if (mask & b) out.push(n);
  return out.join(",");
}

function addrTypeNames(mask: number): string {
  const out: string[] = [];
  for (let i = 0; i < ADDR_TYPE_NAMES.length; i++) if (mask & (1 << i)) out.push(ADDR_TYPE_NAMES[i]);
  return out.join(",");
}

function hex(n: number): string {
  return "0x" + (n >>> 0).toString(16);
}

function saveCtAddr(name: string, a: AddrSpec | null): string {
  if (!a) return "";
  return `${a.inv ? " !" : ""} --${name} ${ipToString(a.addr)}${maskSuffix(a.mask)}`;
}
function saveCtPort(name: string, p: PortRange | null): string {
  if (!p) return "";
  return `${p.inv ? " !" : ""} --${name} ${portsText(p)}`;
}

/** The save() text of one match, starting with " -m NAME". */
export function saveMatch(m: Match): string {
  switch (m.kind) {
    case "tcp": {
      let s = " -m tcp";
      // tcp_save skips a full range even inverted (kept only with --tcp-option, see nftPortMatch)
      const some = (r: PortRange | null): r is PortRange => !!r && (r.min !== 0 || r.max !== 65535);
      if (some(m.sport)) s += `${m.sport.inv ? " !" : ""} --sport ${portsText(m.sport)}`;
      if (some(m.dport)) s += `${m.dport.inv ? " !" : ""} --dport ${portsText(m.dport)}`;
      if (m.option) s += `${m.option.inv ? " !" : ""} --tcp-option ${m.option.num}`;
      if (m.flags)
        s += `${m.flags.inv ? " !" : ""} --tcp-flags ${tcpFlagNames(m.flags.mask)} ${tcpFlagNames(m.flags.cmp)}`;
      return s;
    }
    case "udp": {
      let s = " -m udp";
      if (m.sport) s += `${m.sport.inv ? " !" : ""} --sport ${portsText(m.sport)}`;
      if (m.dport) s += `${m.dport.inv ? " !" : ""} --dport ${portsText(m.dport)}`;
      return s;
    }
    case "icmp": {
      let s = " -m icmp" + (m.inv ? " !" : "");
      if (m.type === 0xff) s += " --icmp-type any";
      else {
        s += ` --icmp-type ${m.type}`;
        if (m.codeMin !== 0 || m.codeMax !== 0xff) s += `/${m.codeMin}`;
      }
      return s;
    }
    case "comment":
      return " -m comment --comment" + saveString(m.text);
    case "addrtype": {
      let s = " -m addrtype";
      if (m.src) s += `${m.srcInv ? " !" : ""} --src-type ${addrTypeNames(m.src)}`;
      if (m.dst) s += `${m.dstInv ? " !" : ""} --dst-type ${addrTypeNames(m.dst)}`;
      if (m.limitIn) s += " --limit-iface-in";
      if (m.limitOut) s += " --limit-iface-out";
      return s;
    }
    case "conntrack": {
      let s = " -m conntrack";
      if (m.state) s += `${m.state.inv ? " !" : ""} --ctstate ${stateNames(m.state.mask)}`;
      if (m.proto) s += `${m.proto.inv ? " !" : ""} --ctproto ${m.proto.num}`;
      s += saveCtAddr("ctorigsrc", m.origSrc);
      s += saveCtAddr("ctorigdst", m.origDst);
      s += saveCtAddr("ctreplsrc", m.replSrc);
      s += saveCtAddr("ctrepldst", m.replDst);
      s += saveCtPort("ctorigsrcport", m.origSrcPort);
      s += saveCtPort("ctorigdstport", m.origDstPort);
      s += saveCtPort("ctreplsrcport", m.replSrcPort);
      s += saveCtPort("ctrepldstport", m.replDstPort);
      if (m.status) s += `${m.status.inv ? " !" : ""} --ctstatus ${statusNames(m.status.mask)}`;
      if (m.dir) s += ` --ctdir ${m.dir.reply ? "REPLY" : "ORIGINAL"}`;
      return s;
    }
    case "state":
      return ` -m state${m.inv ? " !" : ""} --state ${stateNames(m.mask)}`;
    case "multiport":
      return ` -m multiport${m.inv ? " !" : ""} --${m.dir} ${m.ports.map(portsText).join(",")}`;
    case "mark":
      return ` -m mark${m.inv ? " !" : ""} --mark ${markText(m.value, m.mask)}`;
    case "physdev": {
      let s = " -m physdev";
      if (m.isIn) s += `${m.isIn.inv ? " !" : ""} --physdev-is-in`;
      if (m.physIn) s += `${m.physIn.inv ? " !" : ""} --physdev-in ${m.physIn.name}`;
      if (m.isOut) s += `${m.isOut.inv ? " !" : ""} --physdev-is-out`;
      if (m.physOut) s += `${m.physOut.inv ? " !" : ""} --physdev-out ${m.physOut.name}`;
      if (m.isBridged) s += `${m.isBridged.inv ? " !" : ""} --physdev-is-bridged`;
      return s;
    }
  }
}

function markText(value: number, mask: number): string {
  return mask >>> 0 === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function natRangeText(t: Extract<Target, { kind: "SNAT" | "DNAT" }>): string {
  const r = t.range;
  let s = "";
  if (r.minAddr !== null) {
    s += ipToString(r.minAddr);
    if (r.maxAddr !== null && r.maxAddr !== r.minAddr) s += "-" + ipToString(r.maxAddr);
  }
  if (r.minPort !== null) {
    s += ":" + r.minPort;
    if (r.maxPort !== null && r.maxPort !== r.minPort) s += "-" + r.maxPort;
  }
  return s;
}

function portRangeText(min: number | null, max: number | null): string {
  if (min === null) return "";
  return max !== null && max !== min ? `${min}-${max}` : String(min);
}

/** The `-j TARGET …` part of -S. */
export function saveTarget(t: Target): string {
  switch (t.kind) {
    case "none":
      return "";
    case "ACCEPT":
    case "DROP":
    case "RETURN":
    case "TRACE":
      return ` -j ${t.kind}`;
    case "jump":
      return ` -j ${t.chain}`;
    case "goto":
      return ` -g ${t.chain}`;
    case "REJECT":
      return ` -j REJECT --reject-with ${t.with}`;
    case "LOG": {
      let s = " -j LOG";
      if (t.prefix !== "") s += " --log-prefix" + saveString(t.prefix);
      if (t.level !== 4) s += ` --log-level ${t.level}`;
      if (t.flags & LogFlag.TCPSEQ) s += " --log-tcp-sequence";
      if (t.flags & LogFlag.TCPOPT) s += " --log-tcp-options";
      if (t.flags & LogFlag.IPOPT) s += " --log-ip-options";
      if (t.flags & LogFlag.UID) s += " --log-uid";
      if (t.flags & LogFlag.MACDECODE) s += " --log-macdecode";
      return s;
    }
    case "MASQUERADE": {
      let s = " -j MASQUERADE";
      if (t.minPort !== null) s += " --to-ports " + portRangeText(t.minPort, t.maxPort);
      if (t.random) s += " --random";
      if (t.randomFully) s += " --random-fully";
      return s;
    }
    case "SNAT":
    case "DNAT": {
      let s = ` -j ${t.kind} --to-${t.kind === "SNAT" ? "source" : "destination"} ${natRangeText(t)}`;
      if (t.random) s += " --random";
      if (t.randomFully) s += " --random-fully";
      if (t.persistent) s += " --persistent";
      return s;
    }
    case "REDIRECT": {
      let s = " -j REDIRECT";
      if (t.minPort !== null) s += " --to-ports " + portRangeText(t.minPort, t.maxPort);
      if (t.random) s += " --random";
      return s;
    }
    case "MARK":
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case "NOTRACK":
      return t.form === "CT" ? " -j CT --notrack" : " -j NOTRACK";
  }
}

/** The rule part of `-A CHAIN …` (without "-A CHAIN"), as -S prints it. */
export function saveRuleSpec(r: Rule, counters = false): string {
  let s = "";
  if (r.src) s += saveAddr("-s", r.src);
  if (r.dst) s += saveAddr("-d", r.dst);
  if (r.inIface) s += saveIface("-i", r.inIface);
  if (r.outIface) s += saveIface("-o", r.outIface);
  if (r.proto !== 0 || r.protoInv) s += `${r.protoInv ? " !" : ""} -p ${protoSaveName(r.proto)}`;
  if (r.frag) s += r.frag.inv ? " ! -f" : " -f";
  for (const m of r.matches) s += saveMatch(m);
  if (counters) s += ` -c ${r.counters.pkts} ${r.counters.bytes}`;
  s += saveTarget(r.target);
  return s;
}

export function saveRule(chain: string, r: Rule, counters = false): string {
  return `-A ${chain}${saveRuleSpec(r, counters)}`;
}

// ---------------------------------------------------------------------------------------------
// -L

export const Fmt = {
  NUMERIC: 1,
  NOCOUNTS: 2,
  KILOMEGAGIGA: 4,
  OPTIONS: 8,
  NOTABLE: 16,
  NOTARGET: 32,
  VIA: 64,
  LINENUMBERS: 128,
} as const;

/** xtables_print_num */
export function printNum(n: number, format: number): string {
  if (!(format & Fmt.KILOMEGAGIGA)) return padLeft(String(n), 8) + " ";
  if (n <= 99999) return padLeft(String(n), 5) + " ";
  for (const suffix of ["K", "M", "G"]) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return padLeft(String(n), 4) + suffix + " ";
  }
  n = Math.floor((n + 500) / 1000);
  return padLeft(String(n), 4) + "T ";
}

export function printHeader(format: number): string {
  let s = "";
  if (format & Fmt.LINENUMBERS) s += padRight("num", 4) + " ";
  if (!(format & Fmt.NOCOUNTS)) {
    if (format & Fmt.KILOMEGAGIGA) s += padLeft("pkts", 5) + " " + padLeft("bytes", 5) + " ";
    else s += padLeft("pkts", 8) + " " + padLeft("bytes", 10) + " ";
  }
  if (!(format & Fmt.NOTARGET)) s += padRight("target", 9) + " ";
  s += " prot ";
  if (format & Fmt.OPTIONS) s += "opt";
  if (format & Fmt.VIA) s += " " + padRight("in", 6) + " " + padRight("out", 6) + " ";
  s += " " + padRight("source", 19) + " ";
  s += " " + padRight("destination", 19) + " ";
  return s;
}

export interface Resolver {
  hostName?: (ip: Ip4) => string | null;
}

function printPort(port: number, proto: string, numeric: boolean): string {
  if (numeric) return String(port);
  return serviceName(port, proto) ?? String(port);
}

function printPorts(name: string, r: PortRange | null, proto: string, numeric: boolean): string {
  if (!r) return "";
  const inv = r.inv ? "!" : "";
  if (r.min === r.max) return ` ${name}:${inv}${printPort(r.min, proto, numeric)}`;
  return ` ${name}s:${inv}${printPort(r.min, proto, numeric)}:${printPort(r.max, proto, numeric)}`;
}

function printCtAddr(name: string, a: AddrSpec | null, numeric: boolean, res: Resolver): string {
  if (!a) return "";
  const host = numeric ? ipToString(a.addr) : addrToAnyName(a.addr, res.hostName);
  return `${a.inv ? " !" : ""} ${name} ${host}${maskSuffix(a.mask)}`;
}
function printCtPort(name: string, p: PortRange | null): string {
  if (!p) return "";
  return `${p.inv ? " !" : ""} ${name} ${portsText(p)}`;
}

/** The print() text of one match (-L). */
export function printMatch(m: Match, numeric: boolean, res: Resolver, proto = 6): string {
  switch (m.kind) {
    case "tcp": {
      let s = " tcp";
      s += printPorts("spt", m.sport, "tcp", numeric);
      s += printPorts("dpt", m.dport, "tcp", numeric);
      if (m.option) s += ` option=${m.option.inv ? "!" : ""}${m.option.num}`;
      if (m.flags) {
        s += " flags:" + (m.flags.inv ? "!" : "");
        if (numeric)
          s += `0x${m.flags.mask.toString(16).toUpperCase().padStart(2, "0")}/0x${m.flags.cmp
            .toString(16)
            .toUpperCase()
            .padStart(2, "0")}`;
        else s += `${tcpFlagNames(m.flags.mask)}/${tcpFlagNames(m.flags.cmp)}`;
      }
      return s;
    }
    case "udp":
      return " udp" + printPorts("spt", m.sport, "udp", numeric) + printPorts("dpt", m.dport, "udp", numeric);
    case "icmp": {
      let s = " icmp";
      if (!numeric) {
        const e = ICMP_CODES.find(([, t, a, b]) => t === m.type && a === m.codeMin && b === m.codeMax);
        if (e) return `${s} ${m.inv ? "!" : ""}${e[0]}`;
      }
      if (m.inv) s += " !";
      s += `type ${m.type}`;
      if (m.codeMin === m.codeMax) s += ` code ${m.codeMin}`;
      else if (m.codeMin !== 0 || m.codeMax !== 0xff) s += ` codes ${m.codeMin}-${m.codeMax}`;
      return s;
    }
    case "comment":
      return ` /* ${m.text} */`;
    case "addrtype": {
      let s = " ADDRTYPE match";
      if (m.src) s += ` src-type ${m.srcInv ? "!" : ""}${addrTypeNames(m.src)}`;
      if (m.dst) s += ` dst-type ${m.dstInv ? "!" : ""}${addrTypeNames(m.dst)}`;
      if (m.limitIn) s += " limit-in";
      if (m.limitOut) s += " limit-out";
      return s;
    }
    case "conntrack": {
      let s = "";
      if (m.state) s += `${m.state.inv ? " !" : ""} ctstate ${stateNames(m.state.mask)}`;
      if (m.proto) s += `${m.proto.inv ? " !" : ""} ctproto ${m.proto.num}`;
      s += printCtAddr("ctorigsrc", m.origSrc, numeric, res);
      s += printCtAddr("ctorigdst", m.origDst, numeric, res);
      s += printCtAddr("ctreplsrc", m.replSrc, numeric, res);
      s += printCtAddr("ctrepldst", m.replDst, numeric, res);
      s += printCtPort("ctorigsrcport", m.origSrcPort);
      s += printCtPort("ctorigdstport", m.origDstPort);
      s += printCtPort("ctreplsrcport", m.replSrcPort);
      s += printCtPort("ctrepldstport", m.replDstPort);
      if (m.status) s += `${m.status.inv ? " !" : ""} ctstatus ${statusNames(m.status.mask)}`;
      if (m.dir) s += ` ctdir ${m.dir.reply ? "REPLY" : "ORIGINAL"}`;
      return s;
    }
    case "state":
      return `${m.inv ? " !" : ""} state ${stateNames(m.mask)}`;
    case "multiport": {
      const pname = proto === 17 ? "udp" : "tcp";
      let s = ` multiport ${m.dir} `;
      if (m.inv) s += " !";
      s += m.ports
        .map((p) =>
          p.min === p.max
            ? printPort(p.min, pname, numeric)
            : `${printPort(p.min, pname, numeric)}:${printPort(p.max, pname, numeric)}`,
        )
        .join(",");
      return s;
    }
    case "mark":
      return ` mark match${m.inv ? " !" : ""} ${markText(m.value, m.mask)}`;
    case "physdev": {
      let s = " PHYSDEV match";
      if (m.isIn) s += `${m.isIn.inv ? " !" : ""} --physdev-is-in`;
      if (m.physIn) s += `${m.physIn.inv ? " !" : ""} --physdev-in ${m.physIn.name}`;
      if (m.isOut) s += `${m.isOut.inv ? " !" : ""} --physdev-is-out`;
      if (m.physOut) s += `${m.physOut.inv ? " !" : ""} --physdev-out ${m.physOut.name}`;
      if (m.isBridged) s += `${m.isBridged.inv ? " !" : ""} --physdev-is-bridged`;
      return s;
    }
  }
}

/** The target column name of -L. */
export function targetName(t: Target): string {
  switch (t.kind) {
    case "none":
      return "";
    case "jump":
    case "goto":
      return t.chain;
    case "NOTRACK":
      return "CT";
    default:
      return t.kind;
  }
}

/** The print() text of the target (-L), after the matches. */
export function printTarget(t: Target, numeric: boolean): string {
  switch (t.kind) {
    case "REJECT":
      return ` reject-with ${t.with}`;
    case "LOG": {
      let s = " LOG";
      if (numeric) s += ` flags ${t.flags} level ${t.level}`;
      else {
        s += ` level ${LOG_LEVEL_PRINT[t.level] ?? t.level}`;
        if (t.flags & LogFlag.TCPSEQ) s += " tcp-sequence";
        if (t.flags & LogFlag.TCPOPT) s += " tcp-options";
        if (t.flags & LogFlag.IPOPT) s += " ip-options";
        if (t.flags & LogFlag.UID) s += " uid";
        if (t.flags & LogFlag.MACDECODE) s += " macdecode";
      }
      if (t.prefix !== "") s += ` prefix "${t.prefix}"`;
      return s;
    }
    case "MASQUERADE": {
      let s = "";
      if (t.minPort !== null) s += " masq ports: " + portRangeText(t.minPort, t.maxPort);
      if (t.random) s += " random";
      if (t.randomFully) s += " random-fully";
      return s;
    }
    case "SNAT":
    case "DNAT": {
      let s = " to:" + natRangeText(t);
      if (t.random) s += " random";
      if (t.randomFully) s += " random-fully";
      if (t.persistent) s += " persistent";
      return s;
    }
    case "REDIRECT": {
      let s = "";
      if (t.minPort !== null) s += " redir ports " + portRangeText(t.minPort, t.maxPort);
      if (t.random) s += " random";
      return s;
    }
    case "MARK": {
      const v = t.value >>> 0;
      const m = t.mask >>> 0;
      if (v === 0) return ` MARK and ${hex(~m)}`;
      if (v === m) return ` MARK or ${hex(v)}`;
      if (m === 0) return ` MARK xor ${hex(v)}`;
      if (m === 0xffffffff) return ` MARK set ${hex(v)}`;
      return ` MARK xset ${hex(v)}/${hex(m)}`;
    }
    case "NOTRACK":
      return t.form === "CT" ? " CT notrack" : " NOTRACK";
    default:
      return "";
  }
}

function protoListName(p: number, numeric: boolean): string {
  if (numeric) return String(p);
  for (const [n, v] of CHAIN_PROTOS) if (v === p) return n;
  return protocolName(p) ?? String(p);
}

function printAddr(a: AddrSpec | null, numeric: boolean, res: Resolver): string {
  const inv = a?.inv ? "!" : " ";
  if ((!a || a.mask === 0) && !numeric) return inv + padRight("anywhere", 19) + " ";
  const addr = a ? a.addr : 0;
  const mask = a ? a.mask : 0;
  const host = numeric ? ipToString(addr) : addrToAnyName(addr, res.hostName);
  return inv + padRight(host + maskSuffix(mask), 19) + " ";
}

function printIface(i: IfaceSpec | null, numeric: boolean): string {
  return (i?.inv ? "!" : "") + (i && i.name !== "" ? i.name : numeric ? "*" : "any");
}

/** One rule line of -L (print_firewall), without the newline. */
export function printRule(r: Rule, num: number, format: number, res: Resolver): string {
  const numeric = (format & Fmt.NUMERIC) !== 0;
  let s = "";
  if (format & Fmt.LINENUMBERS) s += padRight(String(num), 4) + " ";
  if (!(format & Fmt.NOCOUNTS)) s += printNum(r.counters.pkts, format) + printNum(r.counters.bytes, format);
  if (!(format & Fmt.NOTARGET)) s += padRight(targetName(r.target), 9) + " ";
  s += r.protoInv ? "!" : " ";
  s += padRight(protoListName(r.proto, numeric), 5);
  if (format & Fmt.OPTIONS) {
    s += r.frag?.inv ? "!" : "-";
    s += r.frag ? "f" : "-";
    s += " ";
  }
  if (format & Fmt.VIA) {
    s += " " + padRight(printIface(r.inIface, numeric), 6) + " ";
    s += padRight(printIface(r.outIface, numeric), 6) + " ";
  }
  s += printAddr(r.src, numeric, res);
  s += printAddr(r.dst, numeric, res);
  if (r.target.kind === "goto") s += "[goto] ";
  for (const m of r.matches) s += printMatch(m, numeric, res, r.proto);
  s += printTarget(r.target, numeric);
  return s;
}

/** "Chain X (policy P …)" / "Chain X (N references)" */
export function printChainHeader(c: Chain, refs: number, verbose: boolean): string {
  if (c.hook !== null) {
    const pc = c.policyCounters ?? { pkts: 0, bytes: 0 };
    return verbose
      ? `Chain ${c.name} (policy ${c.policy} ${pc.pkts} packets, ${pc.bytes} bytes)`
      : `Chain ${c.name} (policy ${c.policy})`;
  }
  return `Chain ${c.name} (${refs} references)`;
}

/** The line `iptables -v -A/-I/-R/-D/-C` prints for each rule (print_firewall_line, FMT_PRINT_RULE). */
export function printRuleLine(r: Rule, res: Resolver = {}): string {
  let s = targetName(r.target) + " ";
  s += r.protoInv ? "!" : " ";
  s += protoListName(r.proto, false) + " ";
  s += "opt ";
  s += (r.frag?.inv ? "!" : "-") + (r.frag ? "f" : "-") + " ";
  s += `in ${(r.inIface?.inv ? "!" : "") + (r.inIface?.name || "*")} `;
  s += `out ${(r.outIface?.inv ? "!" : "") + (r.outIface?.name || "*")} `;
  const addr = (a: AddrSpec | null) => (a ? ipToString(a.addr) + maskSuffix(a.mask) : "0.0.0.0/0");
  s += (r.src?.inv ? "!" : " ") + addr(r.src) + " ";
  s += (r.dst?.inv ? "!" : " ") + "-> " + addr(r.dst);
  s += "  ";
  if (r.target.kind === "goto") s += "[goto] ";
  for (const m of r.matches) s += printMatch(m, true, res, r.proto);
  s += printTarget(r.target, true);
  return s;
}
