/**
 * The TCP state machine between two machines on one cable: handshake bytes against a capture
 * of Linux 6.18 (tcpdump -x inside an oracle lab: nc -zv -p 40001 10.0.0.1 81 from 10.0.0.2),
 * RST for a closed port, SYN back-off, data and FIN/TIME_WAIT, ICMP errors, UDP.
 */
import { describe, expect, it } from "vitest";
import { runLab } from "../lab/runner";
import type { World } from "../kernel/world";
import type { TraceEvent } from "../engine/trace";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import { emitTcp } from "../wire/tcp";
import { TcpFlag, type TcpSegment } from "../wire/types";
import type { Ip4 } from "../util/brand";
import { Errno } from "../kernel/types";
import { socketsOf } from "./table";
import { TcpState, advMss, initialWindow, windowScale } from "./tcp";
import { bytesOf, textOf } from "./bytes";

const A = 0x0a000001 as Ip4; // 10.0.0.1
const B = 0x0a000002 as Ip4; // 10.0.0.2

function lab(extra = ""): { world: World; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  const { world } = runLab(
    `#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
${extra}`,
    { trace: { emit: (e) => events.push(e) } },
  );
  return { world, events };
}

const nsOf = (w: World, m: string) => w.machine(m).root;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/** TCP segments sent by a machine's stack (the socket layer's "send" events). */
function sent(events: TraceEvent[], machine: string): { t: number; seg: TcpSegment; src: Ip4; dst: Ip4 }[] {
  const out = [];
  for (const e of events) {
    if (e.kind !== "send" || e.machine !== machine || !e.ip || e.ip.payload.kind !== "tcp") continue;
    out.push({ t: e.t, seg: e.ip.payload, src: e.ip.src, dst: e.ip.dst });
  }
  return out;
}

describe("TCP handshake", () => {
  it("sends Linux's SYN: mss 1460, sackOK, TS, nop, wscale, window 64240 (golden capture)", () => {
    const { world, events } = lab();
    const sk = socketsOf(nsOf(world, "b")).tcpSocket();
    expect(sk.bind(0, 40001)).toBe(0);
    expect(sk.connect(A, 81)).toBe(0);
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    const syn = sent(events, "b")[0];
    expect(syn.seg.flags).toBe(TcpFlag.SYN);
    // 10.0.0.2.40001 > 10.0.0.1.81: Flags [S], seq 247063791, win 64240,
    // options [mss 1460,sackOK,TS val 3967876024 ecr 0,nop,wscale 10]
    const golden =
      "9c4100510eb9e4ef00000000a002faf0" + "14310000" + "020405b40402080aec80fbb8000000000103030a";
    const ts = syn.seg.options.find((o) => o.kind === "timestamps");
    const mine: TcpSegment = {
      ...syn.seg,
      seq: 247063791,
      options: syn.seg.options.map((o) => (o.kind === "timestamps" ? { ...o, tsval: 3967876024 } : o)),
      checksum: 0x1431,
    };
    expect(ts).toBeDefined();
    expect(hex(emitTcp(mine, B, A))).toBe(golden);
    // and the kernel answered the closed port with RST|ACK, seq 0, ack ISN+1, window 0
    const rst = sent(events, "a")[0];
    expect(rst.seg.flags).toBe(TcpFlag.RST | TcpFlag.ACK);
    expect(rst.seg.seq).toBe(0);
    expect(rst.seg.ack).toBe((syn.seg.seq + 1) >>> 0);
    const goldenRst = "00519c41000000000eb9e4f0501400000b920000";
    expect(hex(emitTcp({ ...rst.seg, ack: 0x0eb9e4f0 }, A, B))).toBe(goldenRst);
    expect(sk.state).toBe(TcpState.CLOSE);
    expect(sk.err).toBe(Errno.ECONNREFUSED);
  });

  it("completes the three-way handshake and queues the child for accept()", () => {
    const { world, events } = lab();
    const ls = socketsOf(nsOf(world, "a")).tcpSocket();
    expect(ls.bind(0, 80)).toBe(0);
    expect(ls.listen(5)).toBe(0);
    const c = socketsOf(nsOf(world, "b")).tcpSocket();
    expect(c.connect(A, 80)).toBe(0);
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    expect(c.state).toBe(TcpState.ESTABLISHED);
    const child = ls.accept()!;
    expect(child.state).toBe(TcpState.ESTABLISHED);
    expect(child.remotePort).toBe(c.localPort);
    const synack = sent(events, "a")[0].seg;
    expect(synack.flags).toBe(TcpFlag.SYN | TcpFlag.ACK);
    // the passive side rounds its window to the MSS less the timestamp option: 45 * 1448
    expect(synack.window).toBe(65160);
    expect(synack.options.map((o) => o.kind)).toEqual([
      "mss",
      "sackPermitted",
      "timestamps",
      "nop",
      "windowScale",
    ]);
    const ack = sent(events, "b")[1].seg;
    expect(ack.flags).toBe(TcpFlag.ACK);
    expect(ack.options.map((o) => o.kind)).toEqual(["nop", "nop", "timestamps"]);
    expect(c.mssCache).toBe(1448);
  });

  it("picks ephemeral ports in ip_local_port_range and refuses a busy port", () => {
    const { world } = lab();
    const t = socketsOf(nsOf(world, "a"));
    const a = t.tcpSocket();
    expect(a.bind(0, 8000)).toBe(0);
    expect(a.listen(5)).toBe(0);
    const b = t.tcpSocket();
    expect(b.bind(0, 8000)).toBe(Errno.EADDRINUSE);
    expect(b.bind(0x0b000001, 8001)).toBe(Errno.EADDRNOTAVAIL);
    const c = t.tcpSocket();
    expect(c.connect(B, 9)).toBe(0);
    expect(c.localPort).toBeGreaterThanOrEqual(32768);
    expect(c.localPort).toBeLessThanOrEqual(60999);
  });

  it("retransmits an unanswered SYN 1 s apart (tcp_syn_linear_timeouts), then 2, 4 … s, and gives up with ETIMEDOUT after 127 s", () => {
    // the server has no route back: its SYN-ACKs are dropped
    const { world, events } = lab("#@machine a\nip route add blackhole 10.0.0.2/32");
    const ls = socketsOf(nsOf(world, "a")).tcpSocket();
    ls.bind(0, 80);
    ls.listen(5);
    const c = socketsOf(nsOf(world, "b")).tcpSocket();
    const t0 = world.sched.now;
    c.connect(A, 80);
    world.runUntil(t0 + 200 * NS_PER_S);
    const syns = sent(events, "b").filter((s) => s.seg.flags === TcpFlag.SYN);
    // 6.18: four linear timeouts, then exponential back-off until tcp_model_timeout(6) = 127 s;
    // each timer fires a few jiffies late (the timer wheel), so the times creep up
    expect(syns.map((s) => Math.floor((s.t - t0) / NS_PER_S))).toEqual([0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 69]);
    expect(c.state).toBe(TcpState.CLOSE);
    expect(c.err).toBe(Errno.ETIMEDOUT);
  });
});

describe("TCP data and close", () => {
  it("moves data both ways, segments by MSS, and ends in TIME_WAIT on the active closer", () => {
    const { world } = lab();
    const ls = socketsOf(nsOf(world, "a")).tcpSocket();
    ls.bind(0, 80);
    ls.listen(5);
    const c = socketsOf(nsOf(world, "b")).tcpSocket();
    c.connect(A, 80);
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    const s = ls.accept()!;
    const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
    expect(c.write(big)).toBe(0);
    // the reader drains its queue as a program would; the window reopens as it reads
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 50 && parts.reduce((n, p) => n + p.length, 0) < big.length; i++) {
      world.runUntil(world.sched.now + 10 * NS_PER_MS);
      parts.push(s.read());
    }
    const got = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      got.set(p, o);
      o += p.length;
    }
    expect(got.length).toBe(big.length);
    expect(got[99_999]).toBe(99_999 & 0xff);
    expect(s.segsIn).toBeGreaterThanOrEqual(Math.ceil(100_000 / 1448));
    s.write(bytesOf("reply"));
    world.runUntil(world.sched.now + 100 * NS_PER_MS);
    expect(textOf(c.read())).toBe("reply");
    c.close();
    world.runUntil(world.sched.now + 100 * NS_PER_MS);
    expect(s.state).toBe(TcpState.CLOSE_WAIT);
    expect(c.state).toBe(TcpState.FIN_WAIT2);
    s.close();
    world.runUntil(world.sched.now + 100 * NS_PER_MS);
    expect(s.state).toBe(TcpState.CLOSE);
    expect(c.state).toBe(TcpState.TIME_WAIT);
    world.runUntil(world.sched.now + 61 * NS_PER_S);
    expect(c.state).toBe(TcpState.CLOSE);
  });

  it("resets the connection when the application closes with unread data", () => {
    const { world } = lab();
    const ls = socketsOf(nsOf(world, "a")).tcpSocket();
    ls.bind(0, 80);
    ls.listen(5);
    const c = socketsOf(nsOf(world, "b")).tcpSocket();
    c.connect(A, 80);
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    const s = ls.accept()!;
    c.write(bytesOf("unread"));
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    s.close();
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    expect(c.state).toBe(TcpState.CLOSE);
    expect(c.err).toBe(Errno.ECONNRESET);
  });

  it("fails a connect with EHOSTUNREACH when ARP gets no answer (the kernel's ICMP to itself)", () => {
    const { world } = lab();
    const c = socketsOf(nsOf(world, "b")).tcpSocket();
    const t0 = world.sched.now;
    c.connect(0x0a000063 as Ip4, 80);
    world.runUntil(t0 + 5 * NS_PER_S);
    expect(c.state).toBe(TcpState.CLOSE);
    expect(c.err).toBe(Errno.EHOSTUNREACH);
  });
});

describe("UDP", () => {
  it("delivers datagrams and reports port unreachable to a connected socket", () => {
    const { world } = lab();
    const srv = socketsOf(nsOf(world, "a")).udpSocket();
    expect(srv.bind(0, 5353)).toBe(0);
    const cl = socketsOf(nsOf(world, "b")).udpSocket();
    expect(cl.connect(A, 5353)).toBe(0);
    expect(cl.send(bytesOf("hello"))).toBe(0);
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    const d = srv.recv()!;
    expect(textOf(d.data)).toBe("hello");
    expect(d.from).toBe(B);
    const cl2 = socketsOf(nsOf(world, "b")).udpSocket();
    cl2.connect(A, 5454);
    cl2.send(bytesOf("x"));
    world.runUntil(world.sched.now + 10 * NS_PER_MS);
    expect(cl2.send(bytesOf("x"))).toBe(Errno.ECONNREFUSED);
  });
});

describe("Linux's numbers", () => {
  it("derives MSS, initial window and window scale as the kernel does", () => {
    expect(advMss(1500)).toBe(1460);
    expect(advMss(65536)).toBe(65495);
    expect(initialWindow(1460)).toBe(64240);
    expect(initialWindow(65495)).toBe(65495);
    const sys = (rmem: string, max: number) => ({ get: () => rmem, int: () => max });
    expect(windowScale(sys("4096 131072 6291456", 212992))).toBe(7);
    expect(windowScale(sys("4096 131072 33554432", 4194304))).toBe(10);
  });
});
