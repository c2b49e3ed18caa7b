/**
 * bridge-utils 1.7.1 `brctl`: show (header only when a bridge is shown), addbr/delbr/addif/delif
 * (SIOCBRADDBR… with br_add_if's rules), stp, the set* timers and priorities (the kernel's STP
 * setters with their range checks), showmacs (the forwarding table sorted by MAC) and showstp.
 * libbridge reads /sys/class/net when it shows the namespace's devices — inside `ip netns exec`,
 * which remounts /sys — and then lists bridges and ports alphabetically; in a machine's own
 * namespace /sys belongs to another namespace (as on the oracle), so it falls back to the old
 * ioctls: bridges in device-list order, ports by port number, and BRCTL_GET_BRIDGE_INFO's
 * forward_delay, bridge_max_age and bridge_hello_time in raw jiffies, shown 2.5 times too large
 * (HZ 250 read as hundredths). Messages and exit statuses of brctl_cmd.c; stdout is
 * block-buffered, so error messages come before the table when both are printed.
 */
import type { Cmd } from "../types";
import { Errno, KernelError, PortState, STRERROR, PORT_STATE_NAMES } from "../../kernel/types";
import { BridgeDevice, type BridgePort } from "../../kernel/bridge";
import type { NetDevice } from "../../kernel/device";
import { rtnlDellink, rtnlNewlink, setMaster } from "../../kernel/rtnl-link";
import {
  bridgeIdHex,
  jiffiesToClock,
  stp,
  stpPort,
  stpSetAgeingTime,
  stpSetBridgePriority,
  stpSetEnabled,
  stpSetForwardDelay,
  stpSetHelloTime,
  stpSetMaxAge,
  stpSetPathCost,
  stpSetPortPriority,
} from "../../kernel/bridge-stp";

const COMMANDS: [number, string, string][] = [
  [1, "addbr", "<bridge>\t\tadd bridge"],
  [1, "delbr", "<bridge>\t\tdelete bridge"],
  [2, "addif", "<bridge> <device>\tadd interface to bridge"],
  [2, "delif", "<bridge> <device>\tdelete interface from bridge"],
  [3, "hairpin", "<bridge> <port> {on|off}\tturn hairpin on/off"],
  [2, "setageing", "<bridge> <time>\t\tset ageing time"],
  [2, "setbridgeprio", "<bridge> <prio>\t\tset bridge priority"],
  [2, "setfd", "<bridge> <time>\t\tset bridge forward delay"],
  [2, "sethello", "<bridge> <time>\t\tset hello time"],
  [2, "setmaxage", "<bridge> <time>\t\tset max message age"],
  [3, "setpathcost", "<bridge> <port> <cost>\tset path cost"],
  [3, "setportprio", "<bridge> <port> <prio>\tset port priority"],
  [0, "show", "[ <bridge> ]\t\tshow a list of bridges"],
  [1, "showmacs", "<bridge>\t\tshow a list of mac addrs"],
  [1, "showstp", "<bridge>\t\tshow bridge stp info"],
  [2, "stp", "<bridge> {on|off}\tturn stp on/off"],
];

function help(): string {
  let s = "Usage: brctl [commands]\ncommands:\n";
  for (const [, name, h] of COMMANDS) s += `\t${name.padEnd(10)}\t${h}\n`;
  return s;
}

/** brctl's stdout is a pipe here: buffered, flushed at exit after whatever went to stderr. */
class Out {
  buf = "";
  constructor(private readonly c: Cmd) {}
  out(s: string): void {
    this.buf += s;
  }
  err(s: string): void {
    this.c.err(s);
  }
  flush(): void {
    if (this.buf) this.c.out(this.buf);
    this.buf = "";
  }
}

export function brctl(c: Cmd): number {
  const o = new Out(c);
  const code = run(c, o);
  o.flush();
  return code;
}

function run(c: Cmd, o: Out): number {
  let args = c.argv.slice(1);
  // getopt_long(argc, argv, "Vh", …): options anywhere before the command
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a === "-h" || a === "--help") {
      o.out(help());
      return 0;
    }
    if (a === "-V" || a === "--version") {
      o.out("bridge-utils, 1.7\n");
      return 0;
    }
    if (a.startsWith("--") && a.length > 2) {
      o.err(`${c.argv[0]}: unrecognized option '${a}'\nUnknown option '?'\n`);
      o.out(help());
      return 1;
    }
    if (a.startsWith("-") && a.length > 1) {
      o.err(`${c.argv[0]}: invalid option -- '${a[1]}'\nUnknown option '?'\n`);
      o.out(help());
      return 1;
    }
    rest.push(a);
  }
  args = rest;
  if (!args.length) {
    o.out(help());
    return 1;
  }
  const cmd = COMMANDS.find(([, name]) => name === args[0]);
  if (!cmd) {
    o.err(`never heard of command [${args[0]}]\n`);
    o.out(help());
    return 1;
  }
  if (args.length < cmd[0] + 1) {
    o.out(`Incorrect number of arguments for command\nUsage: brctl ${cmd[1]} ${cmd[2]}\n`);
    return 1;
  }
  switch (cmd[1]) {
    case "addbr":
      return addbr(c, o, args[1]);
    case "delbr":
      return delbr(c, o, args[1]);
    case "addif":
      return addif(c, o, args[1], args.slice(2));
    case "delif":
      return delif(c, o, args[1], args.slice(2));
    case "hairpin":
      return hairpin(c, o, args[1], args[2], args[3]);
    case "setageing":
      return setTime(c, o, args[1], args[2], "ageing time", "ageing time", stpSetAgeingTime);
    case "setfd":
      return setTime(c, o, args[1], args[2], "forward delay", "forward delay", stpSetForwardDelay);
    case "sethello":
      return setTime(c, o, args[1], args[2], "hello timer", "hello timer", stpSetHelloTime);
    case "setmaxage":
      return setTime(c, o, args[1], args[2], "max age", "max age", stpSetMaxAge);
    case "setbridgeprio":
      return setBridgePrio(c, o, args[1], args[2]);
    case "setpathcost":
      return setPort(c, o, args[1], args[2], args[3], "path cost value", "path cost", stpSetPathCost);
    case "setportprio":
      return setPort(c, o, args[1], args[2], args[3], "priority value", "port priority", stpSetPortPriority);
    case "show":
      return show(c, o, args.slice(1));
    case "showmacs":
      return showmacs(c, o, args[1]);
    case "showstp":
      return showstp(c, o, args[1]);
    default:
      return stpCmd(c, o, args[1], args[2]);
  }
}

function bridgeOf(c: Cmd, name: string): BridgeDevice | undefined {
  const d = c.ctx.ns.byName(name);
  return d instanceof BridgeDevice ? d : undefined;
}

function errnoOf(e: unknown): number {
  if (e instanceof KernelError) return e.errno;
  throw e;
}

/** The bridge sysfs/ioctl helpers fail with ENODEV for a name that is not a bridge. */
function withBridge(c: Cmd, name: string, fn: (br: BridgeDevice) => void): number {
  const br = bridgeOf(c, name);
  if (!br) return Errno.ENODEV;
  try {
    fn(br);
    return 0;
  } catch (e) {
    return errnoOf(e);
  }
}

function addbr(c: Cmd, o: Out, name: string): number {
  // SIOCBRADDBR copies IFNAMSIZ-1 bytes of the name; br_add_bridge registers a bridge
  const n = name.slice(0, 15);
  let err = 0;
  if (!n || n === "." || n === ".." || /[/:\s]/.test(n)) err = Errno.EINVAL;
  else if (c.ctx.ns.byName(n)) err = Errno.EEXIST;
  else {
    try {
      rtnlNewlink(c.ctx.ns, {
        create: true,
        excl: true,
        replace: false,
        ifindex: 0,
        change: 0,
        flags: 0,
        ifname: n,
        kind: "bridge",
      });
    } catch (e) {
      err = errnoOf(e);
    }
  }
  if (!err) return 0;
  if (err === Errno.EEXIST) o.err(`device ${name} already exists; can't create bridge with the same name\n`);
  else o.err(`add bridge failed: ${STRERROR[err]}\n`);
  return 1;
}

function delbr(c: Cmd, o: Out, name: string): number {
  const d = c.ctx.ns.byName(name);
  let err = 0;
  if (!d) err = Errno.ENXIO;
  else if (!(d instanceof BridgeDevice)) err = Errno.EPERM;
  else if (d.up) err = Errno.EBUSY;
  else rtnlDellink(c.ctx.ns, d.ifindex);
  if (!err) return 0;
  if (err === Errno.ENXIO) o.err(`bridge ${name} doesn't exist; can't delete it\n`);
  else if (err === Errno.EBUSY) o.err(`bridge ${name} is still up; can't delete it\n`);
  else o.err(`can't delete bridge ${name}: ${STRERROR[err]}\n`);
  return 1;
}

/** SIOCBRADDIF / SIOCBRDELIF on a device that exists but is no bridge: not supported. */
function ifIoctl(c: Cmd, brname: string, dev: NetDevice, add: boolean): number {
  const d = c.ctx.ns.byName(brname);
  if (!d) return Errno.ENODEV;
  if (!(d instanceof BridgeDevice)) return Errno.EOPNOTSUPP;
  try {
    if (add) {
      // br_add_if: a device that already has a master is busy, even for the same bridge
      if (dev.master) throw new KernelError(Errno.EBUSY);
      c.ctx.ns.bridgeAddIf(d, dev);
    } else {
      if (dev.master !== d) throw new KernelError(Errno.EINVAL);
      setMaster(c.ctx.ns, dev, 0);
    }
    return 0;
  } catch (e) {
    return errnoOf(e);
  }
}

function addif(c: Cmd, o: Out, brname: string, ifnames: string[]): number {
  for (const ifname of ifnames) {
    const dev = c.ctx.ns.byName(ifname);
    const err = dev ? ifIoctl(c, brname, dev, true) : Errno.ENODEV;
    if (!err) continue;
    if (err === Errno.ENODEV) {
      if (!dev) o.err(`interface ${ifname} does not exist!\n`);
      else o.err(`bridge ${brname} does not exist!\n`);
    } else if (err === Errno.EBUSY)
      o.err(`device ${ifname} is already a member of a bridge; can't add it to bridge ${brname}.\n`);
    else if (err === Errno.ELOOP)
      o.err(`device ${ifname} is a bridge device itself; can't add it to bridge ${brname}.\n`);
    else o.err(`can't add ${ifname} to bridge ${brname}: ${STRERROR[err]}\n`);
    return 1;
  }
  return 0;
}

function delif(c: Cmd, o: Out, brname: string, ifnames: string[]): number {
  for (const ifname of ifnames) {
    const dev = c.ctx.ns.byName(ifname);
    const err = dev ? ifIoctl(c, brname, dev, false) : Errno.ENODEV;
    if (!err) continue;
    if (err === Errno.ENODEV) {
      if (!dev) o.err(`interface ${ifname} does not exist!\n`);
      else o.err(`bridge ${brname} does not exist!\n`);
    } else if (err === Errno.EINVAL) o.err(`device ${ifname} is not a port of ${brname}\n`);
    else o.err(`can't delete ${ifname} from ${brname}: ${STRERROR[err]}\n`);
    return 1;
  }
  return 0;
}

function onOff(v: string): number | undefined {
  if (v === "on" || v === "yes" || v === "1") return 1;
  if (v === "off" || v === "no" || v === "0") return 0;
  return undefined;
}

function stpCmd(c: Cmd, o: Out, brname: string, v: string): number {
  const on = onOff(v);
  if (on === undefined) {
    o.err("expect on/off for argument\n");
    return 1;
  }
  const err = withBridge(c, brname, (br) => stpSetEnabled(br, on));
  if (err) o.err(`set stp status failed: ${STRERROR[err]}\n`);
  return err ? 1 : 0;
}

/** hairpin: brctl's port flag write fails on this kernel with EOPNOTSUPP (as recorded). */
function hairpin(c: Cmd, o: Out, brname: string, port: string, v: string): number {
  const on = onOff(v);
  if (on === undefined) {
    o.err("expect on/off for argument\n");
    return 1;
  }
  o.err(`can't set ${port} to hairpin on bridge ${brname}: ${STRERROR[Errno.EOPNOTSUPP]}\n`);
  return 1;
}

/** sscanf("%lf") */
function parseDouble(s: string): number | undefined {
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s);
  return m ? parseFloat(m[0]) : undefined;
}

/** sscanf("%i"): decimal, 0x hex or 0 octal. */
function parseInt0(s: string): number | undefined {
  const m = /^\s*([-+]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(s);
  if (!m) return undefined;
  const v =
    m[2].startsWith("0x") || m[2].startsWith("0X")
      ? parseInt(m[2].slice(2), 16)
      : m[2].startsWith("0")
        ? parseInt(m[2] || "0", 8)
        : parseInt(m[2], 10);
  return m[1] === "-" ? -v : v;
}

function setTime(
  c: Cmd,
  o: Out,
  brname: string,
  v: string,
  bad: string,
  what: string,
  fn: (br: BridgeDevice, cs: number) => void,
): number {
  const secs = parseDouble(v);
  if (secs === undefined) {
    o.err(`bad ${bad} value\n`);
    return 1;
  }
  // the value goes to sysfs in centiseconds (__tv_to_jiffies with USER_HZ)
  const err = withBridge(c, brname, (br) => fn(br, Math.floor(secs * 100)));
  if (err) o.err(`set ${what} failed: ${STRERROR[err]}\n`);
  return err ? 1 : 0;
}

function setBridgePrio(c: Cmd, o: Out, brname: string, v: string): number {
  const prio = parseInt0(v);
  if (prio === undefined) {
    o.err("bad priority\n");
    return 1;
  }
  const err = withBridge(c, brname, (br) => stpSetBridgePriority(br, prio & 0xffff));
  if (err) o.err(`set bridge priority failed: ${STRERROR[err]}\n`);
  return err ? 1 : 0;
}

function setPort(
  c: Cmd,
  o: Out,
  brname: string,
  port: string,
  v: string,
  bad: string,
  what: string,
  fn: (p: BridgePort, n: number) => void,
): number {
  const n = parseInt0(v);
  if (n === undefined) {
    o.err(`bad ${bad}\n`);
    return 1;
  }
  const dev = c.ctx.ns.byName(port);
  let err = 0;
  if (!dev || !dev.port || dev.master?.name !== brname) err = Errno.ENODEV;
  else {
    try {
      fn(dev.port, n);
    } catch (e) {
      err = errnoOf(e);
    }
  }
  if (err) o.err(`set ${what} failed: ${STRERROR[err]}\n`);
  return err ? 1 : 0;
}

/** /sys/class/net is this namespace's (a namespace entered with `ip netns exec`). */
function sysfs(c: Cmd): boolean {
  return c.ctx.nsName !== undefined;
}

/** br_foreach_port: scandir + alphasort through sysfs, else BRCTL_GET_PORT_LIST (by port number). */
function portsSorted(c: Cmd, br: BridgeDevice): BridgePort[] {
  if (!sysfs(c)) return [...br.ports].sort((a, b) => a.portNo - b.portNo);
  return [...br.ports].sort((a, b) => (a.dev.name < b.dev.name ? -1 : a.dev.name > b.dev.name ? 1 : 0));
}

function show(c: Cmd, o: Out, names: string[]): number {
  let header = false;
  const one = (br: BridgeDevice) => {
    if (!header) {
      o.out("bridge name\tbridge id\t\tSTP enabled\tinterfaces\n");
      header = true;
    }
    o.out(`${br.name}\t\t${bridgeIdHex(stp(br).bridgeId)}\t${br.stpState ? "yes" : "no"}\t\t`);
    const ports = portsSorted(c, br);
    if (!ports.length) o.out("\n");
    ports.forEach((p, i) => o.out(`${i ? "\t\t\t\t\t\t\t" : ""}${p.dev.name}\n`));
  };
  if (!names.length) {
    // sysfs: scandir with alphasort; BRCTL_GET_BRIDGES: for_each_netdev order
    const brs = c.ctx.ns.listOrder().filter((d): d is BridgeDevice => d instanceof BridgeDevice);
    if (sysfs(c)) brs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const br of brs) one(br);
    return 0;
  }
  let rc = 0;
  for (const n of names) {
    const d = c.ctx.ns.byName(n);
    if (!d) {
      o.err(`bridge ${n} does not exist!\n`);
      rc = 1;
    } else if (!(d instanceof BridgeDevice)) {
      o.err(`device ${n} is not a bridge!\n`);
      rc = 1;
    } else one(d);
  }
  return rc;
}

function timer(cs: number): string {
  return `${String(Math.floor(cs / 100)).padStart(4)}.${String(cs % 100).padStart(2, "0")}`;
}

function showmacs(c: Cmd, o: Out, brname: string): number {
  const d = c.ctx.ns.byName(brname);
  if (!(d instanceof BridgeDevice)) {
    o.err(`read of forward table failed: ${STRERROR[d ? Errno.EOPNOTSUPP : Errno.ENODEV]}\n`);
    return 1;
  }
  const now = c.ctx.world.sched.now;
  const rows = d
    .liveFdb()
    .filter((e) => e.port && e.vlan === 0)
    .map((e) => ({ e, port: e.port!.portNo }));
  rows.sort((a, b) => (a.e.mac < b.e.mac ? -1 : a.e.mac > b.e.mac ? 1 : 0));
  o.out("port no\tmac addr\t\tis local?\tageing timer\n");
  for (const { e, port } of rows) {
    const age = e.isStatic || e.isLocal ? 0 : Math.floor((now - e.updated) / 10_000_000);
    o.out(`${String(port).padStart(3)}\t${e.mac}\t${e.isLocal ? "yes" : "no"}\t\t${timer(age)}\n`);
  }
  return 0;
}

function showstp(c: Cmd, o: Out, brname: string): number {
  const br = bridgeOf(c, brname);
  if (!br) {
    o.err(`bridge ${brname} does not exist!\n`);
    return 1;
  }
  const s = stp(br);
  const j = Math.floor(c.ctx.world.sched.now / 4_000_000);
  // through sysfs each timer file is read for both the current and the bridge value; the old
  // ioctl gives some fields in jiffies, which brctl takes for hundredths of a second
  const cs = (jf: number) => jiffiesToClock(jf);
  const sys = sysfs(c);
  const misread = (jf: number, cur: number) => (sys ? cs(cur) : jf);
  let out = `${br.name}\n`;
  out += ` bridge id\t\t${bridgeIdHex(s.bridgeId)}\n`;
  out += ` designated root\t${bridgeIdHex(s.designatedRoot)}\n`;
  out += ` root port\t\t${String(s.rootPort).padStart(4)}\t\t\tpath cost\t\t${String(s.rootPathCost).padStart(4)}\n`;
  out += ` max age\t\t${timer(cs(s.maxAge))}\t\t\tbridge max age\t\t${timer(misread(s.bridgeMaxAge, s.maxAge))}\n`;
  out += ` hello time\t\t${timer(cs(s.helloTime))}\t\t\tbridge hello time\t${timer(misread(s.bridgeHelloTime, s.helloTime))}\n`;
  out += ` forward delay\t\t${timer(misread(s.forwardDelay, s.forwardDelay))}\t\t\tbridge forward delay\t${timer(sys ? cs(s.forwardDelay) : cs(s.bridgeForwardDelay))}\n`;
  out += ` ageing time\t\t${timer(cs(s.ageingTime))}\n`;
  out += ` hello timer\t\t${timer(s.helloTimer.value(j))}\t\t\ttcn timer\t\t${timer(s.tcnTimer.value(j))}\n`;
  out += ` topology change timer\t${timer(s.topologyChangeTimer.value(j))}\t\t\tgc timer\t\t${timer(s.gcTimer.value(j))}\n`;
  out += ` flags\t\t\t${s.topologyChange ? "TOPOLOGY_CHANGE " : ""}${s.topologyChangeDetected ? "TOPOLOGY_CHANGE_DETECTED " : ""}\n\n\n`;
  for (const p of portsSorted(c, br)) {
    const sp = stpPort(p);
    out += `${p.dev.name} (${p.portNo})\n`;
    out += ` port id\t\t${sp.portId.toString(16).padStart(4, "0")}\t\t\tstate\t\t${PORT_STATE_NAMES[p.state ?? PortState.disabled].padStart(15)}\n`;
    out += ` designated root\t${bridgeIdHex(sp.designatedRoot)}\tpath cost\t\t${String(p.cost).padStart(4)}\n`;
    out += ` designated bridge\t${bridgeIdHex(sp.designatedBridge)}\tmessage age timer\t${timer(sp.messageAgeTimer.value(j))}\n`;
    out += ` designated port\t${sp.designatedPort.toString(16).padStart(4, "0")}\t\t\tforward delay timer\t${timer(sp.forwardDelayTimer.value(j))}\n`;
    out += ` designated cost\t${String(sp.designatedCost).padStart(4)}\t\t\thold timer\t\t${timer(sp.holdTimer.value(j))}\n`;
    out += ` flags\t\t\t${sp.configPending ? "CONFIG_PENDING " : ""}${sp.topologyChangeAck ? "TOPOLOGY_CHANGE_ACK " : ""}`;
    if (p.hairpin) out += `\n hairpin mode\t\t${String(1).padStart(4)}`;
    out += "\n\n";
  }
  o.out(out);
  return 0;
}
