/**
 * The bridge's Spanning Tree Protocol as Linux implements 802.1D (net/bridge/br_stp.c,
 * br_stp_if.c, br_stp_timer.c, br_stp_bpdu.c) with stp_state 1 (kernel STP; no /sbin/bridge-stp):
 * bridge ids (priority + the bridge_id address, all zeros until a port or an address sets it),
 * root election, root and designated ports, port states disabled → blocking → listening →
 * learning → forwarding driven by forward_delay timers, configuration BPDUs sent every hello time
 * from designated ports (802.2 LLC frames to 01:80:c2:00:00:00, counted on the port devices),
 * topology change detection and notification (TCN BPDUs, the TC flag, ageing cut to twice the
 * forward delay), message age, the hold timer, and the fdb garbage-collection timer. Without STP
 * the same port-state selection makes every enabled port forward at once.
 *
 * Times are kept in jiffies (CONFIG_HZ=250 on the oracle's kernel) and shown in centiseconds as
 * the kernel converts them (jiffies_to_clock_t), timers expire on jiffy boundaries, and the
 * hello and hold timers are rounded to whole seconds (round_jiffies), as in the kernel.
 */
import type { Mac } from "../util/brand";
import type { Nanos, TimerHandle } from "../engine/scheduler";
import type { EthernetFrame } from "../wire/types";
import type { SkbMeta } from "./device";
import { portCost, type BridgeDevice, type BridgePort } from "./bridge";
import { Errno, KernelError, PortState } from "./types";
import { TraceKind } from "../engine/trace";

export const HZ = 250;
const JIFFY: Nanos = 4_000_000;
const STP_HZ = 256;
const MESSAGE_AGE_INCR = 1;
const BR_HOLD_TIME = 1 * HZ;
const BR_MIN_HELLO_TIME = 1 * HZ;
const BR_MAX_HELLO_TIME = 10 * HZ;
const BR_MIN_FORWARD_DELAY = 2 * HZ;
const BR_MAX_FORWARD_DELAY = 30 * HZ;
const BR_MIN_MAX_AGE = 6 * HZ;
const BR_MAX_MAX_AGE = 40 * HZ;
const BR_MAX_PORT_PRIORITY = 63;
const BR_PORT_BITS = 10;
const BR_NO_STP = 0;
const BR_KERNEL_STP = 1;
export const STP_GROUP_ADDR = "01:80:c2:00:00:00" as Mac;
const ZERO_MAC = "00:00:00:00:00:00" as Mac;

/** clock_t (centiseconds, USER_HZ 100) ↔ jiffies, rounding down both ways as the kernel does. */
export const clockToJiffies = (cs: number): number => Math.floor((cs * HZ) / 100);
export const jiffiesToClock = (j: number): number => Math.floor((j * 100) / HZ);

/** bridge_id: two bytes of priority and a MAC, compared as 8 bytes (memcmp). */
export interface BridgeId {
  prio: number;
  addr: Mac;
}

function cmpId(a: BridgeId, b: BridgeId): number {
  if (a.prio !== b.prio) return a.prio < b.prio ? -1 : 1;
  return a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0;
}

/** `ip -d link` style: 8000.2:0:0:0:0:30 */
export function bridgeIdText(id: BridgeId): string {
  return `${id.prio.toString(16).padStart(4, "0")}.${id.addr
    .split(":")
    .map((h) => parseInt(h, 16).toString(16))
    .join(":")}`;
}

/** brctl style: 8000.020000000030 */
export function bridgeIdHex(id: BridgeId): string {
  return `${id.prio.toString(16).padStart(4, "0")}.${id.addr.replace(/:/g, "")}`;
}

/** A kernel timer: expires on a jiffy, reports its remaining time like br_timer_value. */
class Timer {
  private handle?: TimerHandle;
  /** Expiry in jiffies. */
  expires = 0;
  constructor(
    private readonly br: BridgeDevice,
    private readonly fn: () => void,
  ) {}

  mod(expires: number): void {
    this.handle?.cancel();
    this.expires = expires;
    this.handle = this.br.world.sched.at(expires * JIFFY, () => {
      this.handle = undefined;
      this.fn();
    });
  }

  del(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }

  pending(): boolean {
    return this.handle !== undefined;
  }

  /** br_timer_value: centiseconds left, 0 when not pending. */
  value(now: number): number {
    return this.handle ? jiffiesToClock(Math.max(0, this.expires - now)) : 0;
  }
}

/** The STP part of struct net_bridge. */
export class StpBridge {
  /** bridge_id.addr: zero until a port or a set address gives the bridge one. */
  idAddr: Mac = ZERO_MAC;
  designatedRoot: BridgeId;
  rootPathCost = 0;
  rootPort = 0;
  maxAge = 20 * HZ;
  helloTime = 2 * HZ;
  forwardDelay = 15 * HZ;
  bridgeMaxAge = 20 * HZ;
  bridgeHelloTime = 2 * HZ;
  bridgeForwardDelay = 15 * HZ;
  bridgeAgeingTime = 300 * HZ;
  ageingTime = 300 * HZ;
  topologyChange = false;
  topologyChangeDetected = false;
  /** br_stp_enable_bridge ran (the bridge is open). */
  open = false;
  readonly helloTimer: Timer;
  readonly tcnTimer: Timer;
  readonly topologyChangeTimer: Timer;
  readonly gcTimer: Timer;

  constructor(readonly br: BridgeDevice) {
    // br_dev_newlink: an address given at creation is the bridge id at once
    if (br.addrAssign === "set") this.idAddr = br.mac;
    this.designatedRoot = { prio: br.priority, addr: this.idAddr };
    this.helloTimer = new Timer(br, () => helloTimerExpired(br));
    this.tcnTimer = new Timer(br, () => tcnTimerExpired(br));
    this.topologyChangeTimer = new Timer(br, () => topologyChangeTimerExpired(br));
    this.gcTimer = new Timer(br, () => fdbCleanup(br));
  }

  get bridgeId(): BridgeId {
    return { prio: this.br.priority, addr: this.idAddr };
  }
}

/** The STP part of struct net_bridge_port. */
export class StpPort {
  portId: number;
  designatedRoot: BridgeId;
  designatedCost = 0;
  designatedBridge: BridgeId;
  designatedPort: number;
  /** jiffies when the root's information was recorded (minus its message age). */
  designatedAge = 0;
  topologyChangeAck = false;
  configPending = false;
  readonly messageAgeTimer: Timer;
  readonly forwardDelayTimer: Timer;
  readonly holdTimer: Timer;

  constructor(readonly p: BridgePort) {
    const br = p.br;
    this.portId = makePortId(p.priority, p.portNo);
    const s = stp(br);
    this.designatedRoot = s.designatedRoot;
    this.designatedBridge = s.bridgeId;
    this.designatedPort = this.portId;
    this.designatedCost = s.rootPathCost;
    this.messageAgeTimer = new Timer(br, () => messageAgeTimerExpired(p));
    this.forwardDelayTimer = new Timer(br, () => forwardDelayTimerExpired(p));
    this.holdTimer = new Timer(br, () => holdTimerExpired(p));
  }
}

const bridges = new WeakMap<BridgeDevice, StpBridge>();
const ports = new WeakMap<BridgePort, StpPort>();

export function stp(br: BridgeDevice): StpBridge {
  let s = bridges.get(br);
  if (!s) {
    s = new StpBridge(br);
    bridges.set(br, s);
  }
  return s;
}

export function stpPort(p: BridgePort): StpPort {
  let s = ports.get(p);
  if (!s) {
    s = new StpPort(p);
    ports.set(p, s);
  }
  return s;
}

function makePortId(priority: number, portNo: number): number {
  return ((priority << BR_PORT_BITS) | (portNo & ((1 << BR_PORT_BITS) - 1))) & 0xffff;
}

function jiffies(br: BridgeDevice): number {
  return Math.floor(br.world.sched.now / JIFFY);
}

/** round_jiffies: to a whole second (down within its first quarter), never into the past. */
function roundJiffies(br: BridgeDevice, j: number): number {
  const rem = j % HZ;
  const r = rem < HZ / 4 ? j - rem : j - rem + HZ;
  return r > jiffies(br) ? r : j;
}

function live(p: BridgePort): boolean {
  return p.br.ports.includes(p);
}

function getPort(br: BridgeDevice, portNo: number): BridgePort | undefined {
  return br.ports.find((p) => p.portNo === portNo);
}

/** The values `ip -d link` shows for the bridge: the current timers in centiseconds. */
function syncShown(br: BridgeDevice): void {
  const s = stp(br);
  br.forwardDelay = jiffiesToClock(s.forwardDelay);
  br.helloTime = jiffiesToClock(s.helloTime);
  br.maxAge = jiffiesToClock(s.maxAge);
  br.ageingTime = jiffiesToClock(s.ageingTime);
}

function setState(p: BridgePort, state: PortState): void {
  if (p.state === state) return;
  p.state = state;
  const names = ["disabled", "listening", "learning", "forwarding", "blocking"];
  p.br.ns.machine.log(`${p.br.name}: port ${p.portNo}(${p.dev.name}) entered ${names[state]} state`);
}

// ---------------------------------------------------------------- br_stp.c

export function isRootBridge(br: BridgeDevice): boolean {
  const s = stp(br);
  return cmpId(s.bridgeId, s.designatedRoot) === 0;
}

function isDesignatedPort(p: BridgePort): boolean {
  const sp = stpPort(p);
  return cmpId(sp.designatedBridge, stp(p.br).bridgeId) === 0 && sp.designatedPort === sp.portId;
}

function shouldBecomeRootPort(p: BridgePort, rootPort: number): boolean {
  const br = p.br;
  const s = stp(br);
  const sp = stpPort(p);
  if (p.state === PortState.disabled || isDesignatedPort(p)) return false;
  if (cmpId(s.bridgeId, sp.designatedRoot) <= 0) return false;
  if (!rootPort) return true;
  const rp = getPort(br, rootPort)!;
  const sr = stpPort(rp);
  let t = cmpId(sp.designatedRoot, sr.designatedRoot);
  if (t) return t < 0;
  const a = sp.designatedCost + p.cost;
  const b = sr.designatedCost + rp.cost;
  if (a !== b) return a < b;
  t = cmpId(sp.designatedBridge, sr.designatedBridge);
  if (t) return t < 0;
  if (sp.designatedPort !== sr.designatedPort) return sp.designatedPort < sr.designatedPort;
  return sp.portId < sr.portId;
}

function rootSelection(br: BridgeDevice): void {
  const s = stp(br);
  let rootPort = 0;
  for (const p of br.ports) if (shouldBecomeRootPort(p, rootPort)) rootPort = p.portNo;
  s.rootPort = rootPort;
  if (!rootPort) {
    s.designatedRoot = s.bridgeId;
    s.rootPathCost = 0;
  } else {
    const p = getPort(br, rootPort)!;
    s.designatedRoot = stpPort(p).designatedRoot;
    s.rootPathCost = stpPort(p).designatedCost + p.cost;
  }
}

function becomeDesignatedPort(p: BridgePort): void {
  const s = stp(p.br);
  const sp = stpPort(p);
  sp.designatedRoot = s.designatedRoot;
  sp.designatedCost = s.rootPathCost;
  sp.designatedBridge = s.bridgeId;
  sp.designatedPort = sp.portId;
}

function shouldBecomeDesignatedPort(p: BridgePort): boolean {
  const s = stp(p.br);
  const sp = stpPort(p);
  if (isDesignatedPort(p)) return true;
  if (cmpId(sp.designatedRoot, s.designatedRoot) !== 0) return true;
  if (s.rootPathCost !== sp.designatedCost) return s.rootPathCost < sp.designatedCost;
  const t = cmpId(s.bridgeId, sp.designatedBridge);
  if (t) return t < 0;
  return sp.portId < sp.designatedPort;
}

function designatedPortSelection(br: BridgeDevice): void {
  for (const p of br.ports)
    if (p.state !== PortState.disabled && shouldBecomeDesignatedPort(p)) becomeDesignatedPort(p);
}

function configurationUpdate(br: BridgeDevice): void {
  rootSelection(br);
  designatedPortSelection(br);
}

function becomeRootBridge(br: BridgeDevice): void {
  const s = stp(br);
  s.maxAge = s.bridgeMaxAge;
  s.helloTime = s.bridgeHelloTime;
  s.forwardDelay = s.bridgeForwardDelay;
  topologyChangeDetection(br);
  s.tcnTimer.del();
  if (br.up) {
    configBpduGeneration(br);
    s.helloTimer.mod(jiffies(br) + s.helloTime);
  }
  syncShown(br);
}

function transmitConfig(p: BridgePort): void {
  const br = p.br;
  const s = stp(br);
  const sp = stpPort(p);
  if (sp.holdTimer.pending()) {
    sp.configPending = true;
    return;
  }
  let messageAge = 0;
  if (!isRootBridge(br)) {
    const root = getPort(br, s.rootPort);
    messageAge = root ? jiffies(br) - stpPort(root).designatedAge + MESSAGE_AGE_INCR : 0;
  }
  if (messageAge < s.maxAge) {
    sendConfigBpdu(p, {
      topologyChange: s.topologyChange,
      topologyChangeAck: sp.topologyChangeAck,
      root: s.designatedRoot,
      rootPathCost: s.rootPathCost,
      bridgeId: s.bridgeId,
      portId: sp.portId,
      messageAge,
      maxAge: s.maxAge,
      helloTime: s.helloTime,
      forwardDelay: s.forwardDelay,
    });
    sp.topologyChangeAck = false;
    sp.configPending = false;
    if (br.stpState === BR_KERNEL_STP) sp.holdTimer.mod(roundJiffies(br, jiffies(br) + BR_HOLD_TIME));
  }
}

function configBpduGeneration(br: BridgeDevice): void {
  for (const p of br.ports) if (p.state !== PortState.disabled && isDesignatedPort(p)) transmitConfig(p);
}

function transmitTcn(br: BridgeDevice): void {
  const p = getPort(br, stp(br).rootPort);
  if (p) sendTcnBpdu(p);
}

/** __br_set_topology_change: ageing drops to twice the forward delay while a change lasts. */
function setTopologyChange(br: BridgeDevice, val: boolean): void {
  const s = stp(br);
  if (br.stpState === BR_KERNEL_STP && s.topologyChange !== val) {
    s.ageingTime = val ? 2 * s.forwardDelay : s.bridgeAgeingTime;
    syncShown(br);
  }
  s.topologyChange = val;
}

function topologyChangeDetection(br: BridgeDevice): void {
  const s = stp(br);
  if (br.stpState !== BR_KERNEL_STP) return;
  const isroot = isRootBridge(br);
  br.ns.machine.log(`${br.name}: topology change detected, ${isroot ? "propagating" : "sending tcn bpdu"}`);
  if (isroot) {
    setTopologyChange(br, true);
    s.topologyChangeTimer.mod(jiffies(br) + s.bridgeForwardDelay + s.bridgeMaxAge);
  } else if (!s.topologyChangeDetected) {
    transmitTcn(br);
    s.tcnTimer.mod(jiffies(br) + s.bridgeHelloTime);
  }
  s.topologyChangeDetected = true;
}

function topologyChangeAcknowledge(p: BridgePort): void {
  stpPort(p).topologyChangeAck = true;
  transmitConfig(p);
}

function isDesignatedForSomePort(br: BridgeDevice): boolean {
  const id = stp(br).bridgeId;
  return br.ports.some((p) => p.state !== PortState.disabled && cmpId(stpPort(p).designatedBridge, id) === 0);
}

function makeForwarding(p: BridgePort): void {
  const br = p.br;
  const s = stp(br);
  const sp = stpPort(p);
  if (p.state !== PortState.blocking) return;
  if (br.stpState === BR_NO_STP || s.forwardDelay === 0) {
    setState(p, PortState.forwarding);
    topologyChangeDetection(br);
    sp.forwardDelayTimer.del();
  } else setState(p, PortState.listening);
  if (s.forwardDelay !== 0) sp.forwardDelayTimer.mod(jiffies(br) + s.forwardDelay);
}

function makeBlocking(p: BridgePort): void {
  if (p.state !== PortState.disabled && p.state !== PortState.blocking) {
    if (p.state === PortState.forwarding || p.state === PortState.learning) topologyChangeDetection(p.br);
    setState(p, PortState.blocking);
    stpPort(p).forwardDelayTimer.del();
  }
}

/** br_port_state_selection (and the bridge's carrier: on while a port forwards). */
export function portStateSelection(br: BridgeDevice): void {
  const s = stp(br);
  let live = 0;
  for (const p of br.ports) {
    if (p.state === PortState.disabled) continue;
    const sp = stpPort(p);
    if (p.portNo === s.rootPort) {
      sp.configPending = false;
      sp.topologyChangeAck = false;
      makeForwarding(p);
    } else if (isDesignatedPort(p)) {
      sp.messageAgeTimer.del();
      makeForwarding(p);
    } else {
      sp.configPending = false;
      sp.topologyChangeAck = false;
      makeBlocking(p);
    }
    if (p.state === PortState.forwarding) live++;
  }
  br.setCarrier(live > 0);
}

function supersedesPortInfo(p: BridgePort, b: ConfigBpdu): boolean {
  const sp = stpPort(p);
  let t = cmpId(b.root, sp.designatedRoot);
  if (t) return t < 0;
  if (b.rootPathCost !== sp.designatedCost) return b.rootPathCost < sp.designatedCost;
  t = cmpId(b.bridgeId, sp.designatedBridge);
  if (t) return t < 0;
  if (cmpId(b.bridgeId, stp(p.br).bridgeId) !== 0) return true;
  return b.portId <= sp.designatedPort;
}

function receivedConfigBpdu(p: BridgePort, b: ConfigBpdu): void {
  const br = p.br;
  const s = stp(br);
  const sp = stpPort(p);
  const wasRoot = isRootBridge(br);
  if (supersedesPortInfo(p, b)) {
    // br_record_config_information
    sp.designatedRoot = b.root;
    sp.designatedCost = b.rootPathCost;
    sp.designatedBridge = b.bridgeId;
    sp.designatedPort = b.portId;
    sp.designatedAge = jiffies(br) - b.messageAge;
    sp.messageAgeTimer.mod(jiffies(br) + (b.maxAge - b.messageAge));
    configurationUpdate(br);
    portStateSelection(br);
    if (!isRootBridge(br) && wasRoot) {
      s.helloTimer.del();
      if (s.topologyChangeDetected) {
        s.topologyChangeTimer.del();
        transmitTcn(br);
        s.tcnTimer.mod(jiffies(br) + s.bridgeHelloTime);
      }
    }
    if (p.portNo === s.rootPort) {
      // br_record_config_timeout_values
      s.maxAge = b.maxAge;
      s.helloTime = b.helloTime;
      s.forwardDelay = b.forwardDelay;
      setTopologyChange(br, b.topologyChange);
      syncShown(br);
      configBpduGeneration(br);
      if (b.topologyChangeAck) {
        s.topologyChangeDetected = false;
        s.tcnTimer.del();
      }
    }
  } else if (isDesignatedPort(p)) transmitConfig(p);
}

function receivedTcnBpdu(p: BridgePort): void {
  if (isDesignatedPort(p)) {
    p.br.ns.machine.log(`${p.br.name}: port ${p.portNo}(${p.dev.name}) received tcn bpdu`);
    topologyChangeDetection(p.br);
    topologyChangeAcknowledge(p);
  }
}

// ---------------------------------------------------------------- br_stp_timer.c

function helloTimerExpired(br: BridgeDevice): void {
  const s = stp(br);
  if (!br.up) return;
  configBpduGeneration(br);
  if (br.stpState === BR_KERNEL_STP) s.helloTimer.mod(roundJiffies(br, jiffies(br) + s.helloTime));
}

function messageAgeTimerExpired(p: BridgePort): void {
  const br = p.br;
  if (!live(p) || p.state === PortState.disabled) return;
  br.ns.machine.log(
    `${br.name}: port ${p.portNo}(${p.dev.name}) neighbor ${bridgeIdHex(stpPort(p).designatedBridge)} lost`,
  );
  const wasRoot = isRootBridge(br);
  becomeDesignatedPort(p);
  configurationUpdate(br);
  portStateSelection(br);
  if (isRootBridge(br) && !wasRoot) becomeRootBridge(br);
}

function forwardDelayTimerExpired(p: BridgePort): void {
  const br = p.br;
  if (!live(p)) return;
  const s = stp(br);
  if (p.state === PortState.listening) {
    setState(p, PortState.learning);
    stpPort(p).forwardDelayTimer.mod(jiffies(br) + s.forwardDelay);
  } else if (p.state === PortState.learning) {
    setState(p, PortState.forwarding);
    if (isDesignatedForSomePort(br)) topologyChangeDetection(br);
    br.setCarrier(true);
  }
  br.world.topologyChanged();
}

function tcnTimerExpired(br: BridgeDevice): void {
  const s = stp(br);
  if (!isRootBridge(br) && br.up) {
    transmitTcn(br);
    s.tcnTimer.mod(jiffies(br) + s.bridgeHelloTime);
  }
}

function topologyChangeTimerExpired(br: BridgeDevice): void {
  stp(br).topologyChangeDetected = false;
  setTopologyChange(br, false);
}

function holdTimerExpired(p: BridgePort): void {
  if (live(p) && stpPort(p).configPending) transmitConfig(p);
}

/** br_fdb_cleanup: the garbage collector runs every hold time (ageing, or forward delay during a change). */
function fdbCleanup(br: BridgeDevice): void {
  if (br.dying) return;
  const s = stp(br);
  const delay = s.topologyChange ? s.forwardDelay : s.ageingTime;
  let work = delay;
  const now = jiffies(br);
  for (const e of br.liveFdb()) {
    if (e.isLocal || e.isStatic) continue;
    const t = Math.floor(e.updated / JIFFY) + delay;
    if (t > now) work = Math.min(work, t - now);
  }
  s.gcTimer.mod(now + Math.max(work, 3));
}

// ---------------------------------------------------------------- br_stp_if.c

function initPort(p: BridgePort): void {
  const sp = stpPort(p);
  sp.portId = makePortId(p.priority, p.portNo);
  becomeDesignatedPort(p);
  setState(p, PortState.blocking);
  sp.topologyChangeAck = false;
  sp.configPending = false;
}

function enablePort(p: BridgePort): void {
  initPort(p);
  portStateSelection(p.br);
}

function disablePort(p: BridgePort): void {
  const br = p.br;
  const sp = stpPort(p);
  const wasRoot = isRootBridge(br);
  becomeDesignatedPort(p);
  setState(p, PortState.disabled);
  sp.topologyChangeAck = false;
  sp.configPending = false;
  sp.messageAgeTimer.del();
  sp.forwardDelayTimer.del();
  sp.holdTimer.del();
  // br_fdb_delete_by_port: the port's learned entries go
  br.fdb = br.fdb.filter((e) => e.port !== p || e.isLocal || e.isStatic);
  configurationUpdate(br);
  portStateSelection(br);
  if (isRootBridge(br) && !wasRoot) becomeRootBridge(br);
}

function enableBridge(br: BridgeDevice): void {
  const s = stp(br);
  s.open = true;
  if (br.stpState === BR_KERNEL_STP) s.helloTimer.mod(jiffies(br) + s.helloTime);
  s.gcTimer.mod(jiffies(br) + HZ / 10);
  configBpduGeneration(br);
}

function disableBridge(br: BridgeDevice): void {
  const s = stp(br);
  s.open = false;
  for (const p of br.ports) {
    if (p.state === PortState.disabled) continue;
    const sp = stpPort(p);
    becomeDesignatedPort(p);
    setState(p, PortState.disabled);
    sp.topologyChangeAck = false;
    sp.configPending = false;
    sp.messageAgeTimer.del();
    sp.forwardDelayTimer.del();
    sp.holdTimer.del();
  }
  setTopologyChange(br, false);
  s.topologyChangeDetected = false;
  s.helloTimer.del();
  s.topologyChangeTimer.del();
  s.tcnTimer.del();
  s.gcTimer.del();
}

/** A port that left the bridge: its timers stop (del_nbp → br_stp_disable_port). */
export function stpPortRemoved(p: BridgePort): void {
  const sp = ports.get(p);
  if (!sp) return;
  sp.messageAgeTimer.del();
  sp.forwardDelayTimer.del();
  sp.holdTimer.del();
}

/**
 * What every port and carrier event leads to (br_stp_enable_bridge / br_stp_disable_bridge on
 * open and close, br_port_carrier_check per port): a port whose device runs with carrier is
 * enabled (blocking, then per the state selection), one that lost it is disabled. With
 * `selection`, the state selection runs once more (port added or removed).
 */
export function stpUpdate(br: BridgeDevice, selection: boolean): void {
  const s = stp(br);
  if (br.up && !s.open) enableBridge(br);
  if (!br.up && s.open) disableBridge(br);
  if (!br.up) {
    if (selection) br.setCarrier(false);
    return;
  }
  let changed = false;
  for (const p of [...br.ports]) {
    const enabled = p.dev.up && p.dev.carrier && p.dev.running();
    // br_port_carrier_check: the cost follows the link speed unless one was set (BR_ADMIN_COST)
    if (enabled && !p.adminCost) p.cost = portCost(p.dev);
    if (enabled && p.state === PortState.disabled) {
      enablePort(p);
      changed = true;
    } else if (!enabled && p.state !== PortState.disabled) {
      disablePort(p);
      changed = true;
    }
  }
  if (selection && !changed) {
    const wasRoot = isRootBridge(br);
    configurationUpdate(br);
    portStateSelection(br);
    if (isRootBridge(br) && !wasRoot) becomeRootBridge(br);
  }
}

/** br_stp_change_bridge_id: the bridge's address changed (lowest port MAC, or set by the user). */
export function stpChangeBridgeId(br: BridgeDevice, addr: Mac): void {
  const s = stp(br);
  for (const p of br.ports) stpPort(p);
  const wasRoot = isRootBridge(br);
  const old = s.idAddr;
  s.idAddr = addr;
  for (const p of br.ports) {
    const sp = stpPort(p);
    if (sp.designatedBridge.addr === old) sp.designatedBridge = { ...sp.designatedBridge, addr };
    if (sp.designatedRoot.addr === old) sp.designatedRoot = { ...sp.designatedRoot, addr };
  }
  configurationUpdate(br);
  if (br.ports.length) portStateSelection(br);
  if (isRootBridge(br) && !wasRoot) becomeRootBridge(br);
}

/** br_stp_set_bridge_priority */
export function stpSetBridgePriority(br: BridgeDevice, prio: number): void {
  prio &= 0xffff;
  const wasRoot = isRootBridge(br);
  for (const p of br.ports) {
    if (p.state !== PortState.disabled && isDesignatedPort(p)) {
      const sp = stpPort(p);
      sp.designatedBridge = { ...sp.designatedBridge, prio };
    }
  }
  for (const p of br.ports) stpPort(p);
  br.priority = prio;
  configurationUpdate(br);
  if (br.ports.length) portStateSelection(br);
  if (isRootBridge(br) && !wasRoot) becomeRootBridge(br);
}

/** br_stp_set_port_priority */
export function stpSetPortPriority(p: BridgePort, prio: number): void {
  if (prio > BR_MAX_PORT_PRIORITY || prio < 0) throw new KernelError(Errno.ERANGE);
  const sp = stpPort(p);
  const id = makePortId(prio, p.portNo);
  if (isDesignatedPort(p)) sp.designatedPort = id;
  sp.portId = id;
  p.priority = prio;
  if (cmpId(stp(p.br).bridgeId, sp.designatedBridge) === 0 && sp.portId < sp.designatedPort) {
    becomeDesignatedPort(p);
    portStateSelection(p.br);
  }
}

/** br_stp_set_path_cost */
export function stpSetPathCost(p: BridgePort, cost: number): void {
  if (cost < 1 || cost > 65535) throw new KernelError(Errno.ERANGE);
  p.cost = cost;
  p.adminCost = true;
  configurationUpdate(p.br);
  portStateSelection(p.br);
}

/** br_stp_set_enabled: kernel STP starts (no user-space helper) or stops; port states stay. */
export function stpSetEnabled(br: BridgeDevice, val: number): void {
  const s = stp(br);
  if (val) {
    if (br.stpState !== BR_NO_STP) return;
    if (s.bridgeForwardDelay < BR_MIN_FORWARD_DELAY) setForwardDelayRaw(br, BR_MIN_FORWARD_DELAY);
    else if (s.bridgeForwardDelay > BR_MAX_FORWARD_DELAY) setForwardDelayRaw(br, BR_MAX_FORWARD_DELAY);
    br.stpState = BR_KERNEL_STP;
    br.ns.machine.log(`${br.name}: using kernel STP`);
    if (br.up) s.helloTimer.mod(jiffies(br) + s.helloTime);
    if (br.ports.length) portStateSelection(br);
    return;
  }
  if (br.stpState === BR_NO_STP) return;
  s.helloTimer.del();
  s.topologyChangeTimer.del();
  s.tcnTimer.del();
  br.stpState = BR_NO_STP;
}

function setForwardDelayRaw(br: BridgeDevice, t: number): void {
  const s = stp(br);
  s.bridgeForwardDelay = t;
  if (isRootBridge(br)) s.forwardDelay = t;
  syncShown(br);
}

/** br_set_forward_delay (centiseconds): checked against 2…30 s only while STP runs. */
export function stpSetForwardDelay(br: BridgeDevice, cs: number): void {
  const t = clockToJiffies(cs);
  if (br.stpState !== BR_NO_STP && (t < BR_MIN_FORWARD_DELAY || t > BR_MAX_FORWARD_DELAY))
    throw new KernelError(Errno.ERANGE);
  setForwardDelayRaw(br, t);
}

/** br_set_hello_time (centiseconds): 1…10 s. */
export function stpSetHelloTime(br: BridgeDevice, cs: number): void {
  const t = clockToJiffies(cs);
  if (t < BR_MIN_HELLO_TIME || t > BR_MAX_HELLO_TIME) throw new KernelError(Errno.ERANGE);
  const s = stp(br);
  s.bridgeHelloTime = t;
  if (isRootBridge(br)) s.helloTime = t;
  syncShown(br);
}

/** br_set_max_age (centiseconds): 6…40 s. */
export function stpSetMaxAge(br: BridgeDevice, cs: number): void {
  const t = clockToJiffies(cs);
  if (t < BR_MIN_MAX_AGE || t > BR_MAX_MAX_AGE) throw new KernelError(Errno.ERANGE);
  const s = stp(br);
  s.bridgeMaxAge = t;
  if (isRootBridge(br)) s.maxAge = t;
  syncShown(br);
}

/** br_set_ageing_time (centiseconds); the gc runs again at once. */
export function stpSetAgeingTime(br: BridgeDevice, cs: number): void {
  const s = stp(br);
  s.bridgeAgeingTime = clockToJiffies(cs);
  s.ageingTime = s.bridgeAgeingTime;
  syncShown(br);
  // mod_delayed_work(gc_work, 0): the collector runs (and rearms itself) even on a bridge that is down
  s.gcTimer.mod(jiffies(br));
}

/** The bridge's current ageing time in ns (what the fdb expiry uses). */
export function stpAgeingNs(br: BridgeDevice): Nanos {
  return stp(br).ageingTime * JIFFY;
}

// ---------------------------------------------------------------- br_stp_bpdu.c

interface ConfigBpdu {
  topologyChange: boolean;
  topologyChangeAck: boolean;
  root: BridgeId;
  rootPathCost: number;
  bridgeId: BridgeId;
  portId: number;
  messageAge: number;
  maxAge: number;
  helloTime: number;
  forwardDelay: number;
}

function putId(b: number[], id: BridgeId): void {
  b.push((id.prio >> 8) & 0xff, id.prio & 0xff, ...id.addr.split(":").map((h) => parseInt(h, 16)));
}

function getId(b: Uint8Array, o: number): BridgeId {
  const addr = [...b.slice(o + 2, o + 8)].map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
  return { prio: (b[o] << 8) | b[o + 1], addr };
}

const setTicks = (j: number): [number, number] => {
  const t = Math.floor((STP_HZ * j) / HZ) & 0xffff;
  return [t >> 8, t & 0xff];
};
const getTicks = (b: Uint8Array, o: number): number => Math.ceil((((b[o] << 8) | b[o + 1]) * HZ) / STP_HZ);

/** br_send_bpdu: 802.2 LLC (DSAP/SSAP 0x42, UI) to the bridge group address, out of the port itself. */
function sendBpdu(p: BridgePort, data: number[], what: string): void {
  if (!p.dev.up) return;
  const bytes = Uint8Array.from([0x42, 0x42, 0x03, ...data]);
  const frame: EthernetFrame = {
    dst: STP_GROUP_ADDR,
    src: p.dev.mac,
    ethertype: bytes.length,
    payload: { kind: "raw", bytes },
  };
  const meta: SkbMeta = { jid: p.br.world.newJid(), mark: 0 };
  p.br.ns.stack.trace(TraceKind.send, meta, `${p.br.name}: STP ${what} out of ${p.dev.name}`, {
    dev: p.dev.name,
    frame,
  });
  p.br.world.capture?.frame(p.dev, frame, true);
  p.dev.xmit(frame, meta);
}

function sendConfigBpdu(p: BridgePort, b: ConfigBpdu): void {
  if (p.br.stpState !== BR_KERNEL_STP) return;
  const d: number[] = [0, 0, 0, 0x00, (b.topologyChange ? 0x01 : 0) | (b.topologyChangeAck ? 0x80 : 0)];
  putId(d, b.root);
  d.push(
    (b.rootPathCost >>> 24) & 0xff,
    (b.rootPathCost >>> 16) & 0xff,
    (b.rootPathCost >>> 8) & 0xff,
    b.rootPathCost & 0xff,
  );
  putId(d, b.bridgeId);
  d.push((b.portId >> 8) & 0xff, b.portId & 0xff);
  d.push(
    ...setTicks(b.messageAge),
    ...setTicks(b.maxAge),
    ...setTicks(b.helloTime),
    ...setTicks(b.forwardDelay),
  );
  sendBpdu(p, d, `config BPDU (root ${bridgeIdHex(b.root)} cost ${b.rootPathCost})`);
}

function sendTcnBpdu(p: BridgePort): void {
  if (p.br.stpState !== BR_KERNEL_STP) return;
  sendBpdu(p, [0, 0, 0, 0x80], "TCN BPDU");
}

/** br_stp_rcv: a BPDU that reached a port of a bridge running kernel STP. */
function stpRcv(p: BridgePort, frame: EthernetFrame): void {
  const br = p.br;
  if (frame.payload.kind !== "raw") return;
  const b = frame.payload.bytes;
  if (b.length < 7 || b[0] !== 0x42 || b[1] !== 0x42 || b[2] !== 0x03) return;
  if (b[3] !== 0 || b[4] !== 0 || b[5] !== 0) return;
  if (br.stpState !== BR_KERNEL_STP || !br.up || p.state === PortState.disabled) return;
  if (frame.dst !== STP_GROUP_ADDR) return;
  const type = b[6];
  if (type === 0x00) {
    if (b.length < 3 + 35) return;
    const o = 7;
    const bpdu: ConfigBpdu = {
      topologyChange: (b[o] & 0x01) !== 0,
      topologyChangeAck: (b[o] & 0x80) !== 0,
      root: getId(b, o + 1),
      rootPathCost: ((b[o + 9] << 24) | (b[o + 10] << 16) | (b[o + 11] << 8) | b[o + 12]) >>> 0,
      bridgeId: getId(b, o + 13),
      portId: (b[o + 21] << 8) | b[o + 22],
      messageAge: getTicks(b, o + 23),
      maxAge: getTicks(b, o + 25),
      helloTime: getTicks(b, o + 27),
      forwardDelay: getTicks(b, o + 29),
    };
    if (bpdu.messageAge > bpdu.maxAge) return;
    receivedConfigBpdu(p, bpdu);
  } else if (type === 0x80) receivedTcnBpdu(p);
}

/** is_link_local_ether_addr: 01:80:c2:00:00:0X */
export function isLinkLocalMac(mac: string): boolean {
  return mac.startsWith("01:80:c2:00:00:0");
}

/**
 * br_handle_frame for a link-local destination: true when the frame goes on through the normal
 * forwarding path (BPDUs while STP is off, group_fwd_mask), false when it was taken here (a BPDU
 * for kernel STP, learned from when the port learns) or dropped (pause frames, other reserved
 * groups, which go up the port device's own stack where nothing listens).
 */
export function bridgeLinkLocal(p: BridgePort, frame: EthernetFrame): boolean {
  const br = p.br;
  const x = parseInt(frame.dst.slice(15), 16);
  if (x === 0x00) {
    if (br.stpState === BR_NO_STP) return true;
  } else if (x === 0x01) return false;
  else if (br.groupFwdMask & (1 << x)) return true;
  // __br_handle_local_finish: learn the sender on a learning/forwarding port
  if (p.learning && (p.state === PortState.learning || p.state === PortState.forwarding))
    br.learn(p, frame.src);
  if (x === 0x00) stpRcv(p, frame);
  return false;
}
