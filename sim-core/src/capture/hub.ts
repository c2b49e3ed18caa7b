/**
 * Packet sockets (AF_PACKET, what libpcap opens): the kernel hands every frame that crosses a
 * device to the sockets bound to it — dev_queue_xmit_nit on transmit, __netif_receive_skb's
 * ptype_all walk on receive. So a capture on a veth sees both directions, on a bridge port both
 * the frames arriving from the wire and those the bridge forwards out of it, on the bridge device
 * what is passed up to it (everything it forwards too while it is promiscuous), on a VXLAN device
 * the inner frames, on lo every packet twice (libpcap drops the outgoing copy, so tcpdump prints
 * it once but counts it twice as "received by filter").
 *
 * The world holds one hub (World.capture) only while something listens, so a world without
 * captures pays one property check per hop. Besides sockets bound to one device, a recorder may
 * listen to every device (the Session's flight recorder, for "download pcap" of a link).
 */
import type { EthernetFrame } from "../wire/types";
import type { NetDevice } from "../kernel/device";
import type { CaptureTap, World } from "../kernel/world";
import type { Nanos } from "../engine/scheduler";
import { captureBytes } from "./emit";

/** One frame as a socket gets it. */
export interface CapturedFrame {
  /** Virtual time of the hop, in nanoseconds. */
  t: Nanos;
  dev: NetDevice;
  /** PACKET_OUTGOING */
  outgoing: boolean;
  frame: EthernetFrame;
  /** The bytes (lazily emitted, shared by every socket that got this frame). */
  bytes(): Uint8Array;
}

export type FrameListener = (f: CapturedFrame) => void;

class Hub implements CaptureTap {
  readonly byDev = new Map<NetDevice, Set<FrameListener>>();
  readonly any = new Set<FrameListener>();
  constructor(readonly world: World) {}

  frame(dev: NetDevice, frame: EthernetFrame, outgoing: boolean): void {
    const set = this.byDev.get(dev);
    if (!set && !this.any.size) return;
    let bytes: Uint8Array | undefined;
    const f: CapturedFrame = {
      t: this.world.sched.now,
      dev,
      outgoing,
      frame,
      bytes: () => (bytes ??= captureBytes(frame)),
    };
    if (set) for (const l of [...set]) l(f);
    for (const l of this.any) l(f);
  }

  empty(): boolean {
    return !this.byDev.size && !this.any.size;
  }
}

const hubs = new WeakMap<World, Hub>();

function hubOf(world: World): Hub {
  let h = hubs.get(world);
  if (!h) {
    h = new Hub(world);
    hubs.set(world, h);
  }
  world.capture = h;
  return h;
}

function release(world: World, h: Hub): void {
  if (h.empty() && world.capture === h) world.capture = undefined;
}

/** Binds a listener to one device (a packet socket bound with sll_ifindex); returns the unbind. */
export function listenDevice(dev: NetDevice, fn: FrameListener): () => void {
  const world = dev.ns.world;
  const h = hubOf(world);
  let set = h.byDev.get(dev);
  if (!set) {
    set = new Set();
    h.byDev.set(dev, set);
  }
  set.add(fn);
  return () => {
    const s = h.byDev.get(dev);
    if (s) {
      s.delete(fn);
      if (!s.size) h.byDev.delete(dev);
    }
    release(world, h);
  };
}

/** A listener on every device of the world; returns the unbind. */
export function listenAll(world: World, fn: FrameListener): () => void {
  const h = hubOf(world);
  h.any.add(fn);
  return () => {
    h.any.delete(fn);
    release(world, h);
  };
}
