/**
 * The `ip` command (ip/ip.c): global options, then the object chosen by prefix from the same
 * ordered table iproute2 uses (so `ip a`, `ip r`, `ip n`, `ip l`, `ip net` resolve the same way),
 * and the exit status rule `return -(object())`.
 */
import type { Cmd, CmdResult, Wait } from "../types";
import { ExitStatus } from "../types";
import {
  AF_BRIDGE,
  AF_INET,
  AF_INET6,
  AF_MPLS,
  AF_PACKET,
  AF_UNSPEC,
  IpCtx,
  type IpOpts,
  matches,
} from "./common";
import { doIplink } from "./iplink";
import { doIpaddr } from "./ipaddr-modify";
import { doIpmaddr } from "./ipmaddr";
import { doIproute } from "./iproute";
import { doIpneigh } from "./ipneigh";
import { doIpnetns, netnsSwitch } from "./ipnetns";
import { USAGE } from "./usage";
import { Out } from "./print";

export function defaultIpOpts(): IpOpts {
  return {
    family: AF_UNSPEC,
    stats: 0,
    details: 0,
    resolve: false,
    oneline: false,
    brief: false,
    json: false,
    pretty: false,
    color: false,
    numeric: false,
    all: false,
    force: false,
    human: false,
    timestamp: false,
    echo: false,
  };
}

export function readFamily(name: string): number {
  switch (name) {
    case "inet":
      return AF_INET;
    case "inet6":
      return AF_INET6;
    case "link":
      return AF_PACKET;
    case "mpls":
      return AF_MPLS;
    case "bridge":
      return AF_BRIDGE;
    default:
      return AF_UNSPEC;
  }
}

/** `-color[=always|auto|never]` (lib/color.c matches_color). */
export function matchesColor(opt: string): number | undefined {
  const eq = opt.indexOf("=");
  const name = eq >= 0 ? opt.slice(0, eq) : opt;
  const val = eq >= 0 ? opt.slice(eq + 1) : "";
  if (!matches(name, "-color")) return undefined;
  if (val === "" || val === "always") return 1;
  if (val === "auto") return 2;
  if (val === "never") return 0;
  return undefined;
}

type ObjFn = (ip: IpCtx, argv: string[], c: Cmd) => number | CmdResult;

const unsupported =
  (what: string): ObjFn =>
  (ip) => {
    ip.err(`ip ${what}: not modelled by the simulator\n`);
    return -1;
  };

/** cmds[] in ip.c's order: the first entry the word is a prefix of wins. */
const OBJECTS: [string, ObjFn][] = [
  ["address", (ip, a) => doIpaddr(ip, a)],
  ["addrlabel", unsupported("addrlabel")],
  ["maddress", (ip, a) => doIpmaddr(ip, a)],
  ["route", (ip, a) => doIproute(ip, a)],
  ["rule", (ip, a) => doIprule(ip, a)],
  ["neighbor", (ip, a) => doIpneigh(ip, a)],
  ["neighbour", (ip, a) => doIpneigh(ip, a)],
  ["ntable", unsupported("ntable")],
  ["ntbl", unsupported("ntable")],
  ["link", (ip, a) => doIplink(ip, a)],
  ["l2tp", unsupported("l2tp")],
  ["fou", unsupported("fou")],
  ["ila", unsupported("ila")],
  ["macsec", unsupported("macsec")],
  ["tunnel", unsupported("tunnel")],
  ["tunl", unsupported("tunnel")],
  ["tuntap", unsupported("tuntap")],
  ["tap", unsupported("tuntap")],
  ["token", unsupported("token")],
  ["tcpmetrics", unsupported("tcpmetrics")],
  ["tcp_metrics", unsupported("tcpmetrics")],
  ["monitor", unsupported("monitor")],
  ["xfrm", unsupported("xfrm")],
  ["mroute", unsupported("mroute")],
  ["mrule", unsupported("mrule")],
  ["netns", (ip, a, c) => doIpnetns(ip, a, (argv, ctx) => c.run(argv, ctx))],
  ["netconf", unsupported("netconf")],
  ["vrf", unsupported("vrf")],
  ["sr", unsupported("sr")],
  ["nexthop", unsupported("nexthop")],
  ["mptcp", unsupported("mptcp")],
  ["ioam", unsupported("ioam")],
  ["help", (ip) => usage(ip)],
  ["stats", unsupported("stats")],
];

function usage(ip: IpCtx): never {
  ip.err(USAGE["ip help"]);
  ip.exit(255);
}

/** `ip rule` (read-only: the three default rules every namespace has). */
function doIprule(ip: IpCtx, argv: string[]): number {
  if (argv.length && !matches(argv[0], "list") && !matches(argv[0], "show") && !matches(argv[0], "lst")) {
    ip.err("ip rule: only the default rules are modelled by the simulator\n");
    return -1;
  }
  const o = ip.out;
  const rules: [number, string][] = [
    [0, "local"],
    [32766, "main"],
    [32767, "default"],
  ];
  o.newJsonObj();
  for (const [prio, table] of rules) {
    if (o.isJson()) {
      o.openObject(null);
      o.uint(2, "priority", null, prio);
      o.string(2, "src", null, "all");
      o.string(2, "table", null, table);
      o.closeObject();
    } else o.printf("%u:\tfrom all lookup %s \n", prio, table);
  }
  o.deleteJsonObj();
  return 0;
}

export function ipCommand(c: Cmd): CmdResult {
  const opts = defaultIpOpts();
  const ip = new IpCtx(c.ctx, opts, { out: c.out, err: c.err });
  const argv = c.argv.slice(1);
  let i = 0;
  let color = 0;
  try {
    while (i < argv.length) {
      let opt = argv[i];
      if (opt === "--") {
        i++;
        break;
      }
      if (opt[0] !== "-") break;
      if (opt[1] === "-") opt = opt.slice(1);
      if (matches(opt, "-loops")) {
        i++;
        if (i >= argv.length) usage(ip);
      } else if (matches(opt, "-family")) {
        i++;
        if (i >= argv.length) usage(ip);
        if (argv[i] === "help") usage(ip);
        opts.family = readFamily(argv[i]);
        if (opts.family === AF_UNSPEC) ip.invarg("invalid protocol family", argv[i]);
      } else if (opt === "-4") opts.family = AF_INET;
      else if (opt === "-6") opts.family = AF_INET6;
      else if (opt === "-0") opts.family = AF_PACKET;
      else if (opt === "-M") opts.family = AF_MPLS;
      else if (opt === "-B") opts.family = AF_BRIDGE;
      else if (matches(opt, "-human") || matches(opt, "-human-readable")) opts.human = true;
      else if (matches(opt, "-iec")) {
        // accepted (IEC units only change -human output, which does not use them here)
      } else if (matches(opt, "-stats") || matches(opt, "-statistics")) opts.stats++;
      else if (matches(opt, "-details")) opts.details++;
      else if (matches(opt, "-resolve")) opts.resolve = true;
      else if (matches(opt, "-oneline")) opts.oneline = true;
      else if (matches(opt, "-timestamp")) opts.timestamp = true;
      else if (matches(opt, "-tshort")) opts.timestamp = true;
      else if (matches(opt, "-Version")) {
        c.out("ip utility, iproute2-6.1.0, libbpf 1.1.2\n");
        return 0;
      } else if (matches(opt, "-force")) opts.force = true;
      else if (matches(opt, "-batch")) {
        i++;
        if (i >= argv.length) usage(ip);
        ip.err("ip -batch: not modelled by the simulator\n");
        return 1;
      } else if (matches(opt, "-brief")) opts.brief = true;
      else if (matches(opt, "-json")) opts.json = true;
      else if (matches(opt, "-pretty")) opts.pretty = true;
      else if (matches(opt, "-rcvbuf")) {
        i++;
        if (i >= argv.length) usage(ip);
      } else if (matchesColor(opt) !== undefined) color = matchesColor(opt)!;
      else if (matches(opt, "-help")) usage(ip);
      else if (matches(opt, "-netns")) {
        // NEXT_ARG inside `while (argc > 1)` never finds the line incomplete: argv[1] is NULL
        i++;
        const ctx = netnsSwitch(ip, i < argv.length ? argv[i] : "(null)");
        if (!ctx) ip.exit(-1);
        ip.ctx = ctx!;
      } else if (matches(opt, "-Numeric")) opts.numeric = true;
      else if (matches(opt, "-all")) opts.all = true;
      else if (opt === "-echo") opts.echo = true;
      else {
        ip.err(`Option "${opt}" is unknown, try "ip -help".\n`);
        ip.exit(-1);
      }
      i++;
    }
    opts.color = color === 1 && !opts.json;
    ip.out = new Out({ json: opts.json, pretty: opts.pretty, color: opts.color, oneline: opts.oneline });
    const rest = argv.slice(i);
    if (rest.length < 1) usage(ip);
    const obj = OBJECTS.find(([name]) => matches(rest[0], name));
    if (!obj) {
      ip.err(`Object "${rest[0]}" is unknown, try "ip help".\n`);
      return 1;
    }
    const r = obj[1](ip, rest.slice(1), c);
    if (typeof r === "number") {
      ip.flush();
      return -r & 0xff;
    }
    ip.flush();
    return r as Generator<Wait, number, void>;
  } catch (e) {
    if (e instanceof ExitStatus) {
      ip.flush();
      return e.code;
    }
    throw e;
  }
}
