/**
 * ipt-snat and ipt-dnat replayed: the router's iptables / conntrack commands run against the
 * library, the client's pings and curls are played through the router's hooks by a small model of
 * the three machines (client 10.0.1.2 — fw eth0 10.0.1.1 / eth1 10.0.2.1 — server 10.0.2.2 with a
 * web server on port 80), TCP as Linux and curl exchange it (SYN retransmitted after 1 s).
 */
import { describe, expect, it } from "vitest";
import snatLab from "../../test/labs/ipt-snat.real.txt?raw";
import dnatLab from "../../test/labs/ipt-dnat.real.txt?raw";
import type { Ipv4Packet } from "../wire/types";
import type { CmdResult, Netfilter, NfSkb } from "./types";
import { createNetfilter } from "./tables";
import { nfHook } from "./hooks";
import { tcpResetFor } from "./reject";
import { parseTranscript, runLine, shellWords } from "./testing/transcript";
import type { FakeKernel } from "./testing/packets";
import { fakeKernel, icmpEcho, ip4, tcp } from "./testing/packets";

const FW_ADDRS = [ip4("10.0.1.1"), ip4("10.0.2.1")];
const inNet = (a: number, net: string) => (a & 0xffffff00) >>> 0 === ip4(net);

class Lab {
  readonly nf: Netfilter = createNetfilter();
  readonly k: FakeKernel = fakeKernel({ eth0: ["10.0.1.1"], eth1: ["10.0.2.1"] });
  constructor(readonly serverRoutesBack: boolean) {}

  /** A packet entering the router on `inDev`; returns where it ends up and as what. */
  private router(ip: Ipv4Packet, inDev: string): { at: "client" | "server" | "fw"; ip: Ipv4Packet } | null {
    const skb: NfSkb = { ip, inDev, outDev: null, mark: 0 };
    if (nfHook(this.nf, "PREROUTING", skb, this.k.env).verdict !== "accept") return null;
    if (FW_ADDRS.includes(skb.ip.dst)) {
      if (nfHook(this.nf, "INPUT", skb, this.k.env).verdict !== "accept") return null;
      return { at: "fw", ip: skb.ip };
    }
    const out = inNet(skb.ip.dst, "10.0.1.0") ? "eth0" : inNet(skb.ip.dst, "10.0.2.0") ? "eth1" : null;
    if (!out) return null;
    skb.ip = { ...skb.ip, ttl: skb.ip.ttl - 1 };
    skb.outDev = out;
    if (nfHook(this.nf, "FORWARD", skb, this.k.env).verdict !== "accept") return null;
    if (nfHook(this.nf, "POSTROUTING", skb, this.k.env).verdict !== "accept") return null;
    return { at: out === "eth0" ? "client" : "server", ip: skb.ip };
  }

  /** The router sends a packet of its own. */
  private local(ip: Ipv4Packet): { at: "client" | "server"; ip: Ipv4Packet } | null {
    const out = inNet(ip.dst, "10.0.1.0") ? "eth0" : "eth1";
    const skb: NfSkb = { ip, inDev: null, outDev: out, mark: 0 };
    if (nfHook(this.nf, "OUTPUT", skb, this.k.env).verdict !== "accept") return null;
    if (nfHook(this.nf, "POSTROUTING", skb, this.k.env).verdict !== "accept") return null;
    return { at: out === "eth0" ? "client" : "server", ip: skb.ip };
  }

  /** From the client; the answer as the client receives it (or null). */
  private exchange(
    ip: Ipv4Packet,
    answer: (at: "server" | "fw", p: Ipv4Packet) => Ipv4Packet | null,
  ): Ipv4Packet | null {
    const there = this.router(ip, "eth0");
    if (!there || there.at === "client") return null;
    const reply = answer(there.at, there.ip);
    if (!reply) return null;
    if (there.at === "fw") return this.local(reply)?.ip ?? null;
    if (!this.serverRoutesBack && !inNet(reply.dst, "10.0.2.0")) return null;
    const back = this.router(reply, "eth1");
    return back && back.at === "client" ? back.ip : null;
  }

  ping(args: string[]): CmdResult {
    const count = args.includes("-c") ? Number(args[args.indexOf("-c") + 1]) : 1;
    const dst = args[args.length - 1];
    let got = 0;
    for (let seq = 1; seq <= count; seq++) {
      const r = this.exchange(icmpEcho("10.0.1.2", dst, { seq, id: 77 }), (at, p) =>
        at === "server" || at === "fw"
          ? icmpEcho(
              dst === "10.0.1.1" ? "10.0.1.1" : "10.0.2.2",
              p.src === ip4("10.0.1.2") ? "10.0.1.2" : ipStr(p.src),
              { seq, id: 77, reply: true },
            )
          : null,
      );
      if (r) got++;
      this.k.advance(200);
    }
    return { stdout: "", stderr: "", exitCode: got === count ? 0 : 1 };
  }

  private sport = 40000;

  curl(args: string[]): CmdResult {
    const target = args[args.length - 1];
    const [host, portS] = target.includes(":") ? target.split(":") : [target, "80"];
    const port = Number(portS);
    const timeout = args.includes("-m") ? Number(args[args.indexOf("-m") + 1]) * 1000 : 1e9;
    const sport = this.sport++;
    const c = "10.0.1.2";
    // the server answers on port 80; the router listens nowhere (RST)
    const answer = (at: "server" | "fw", p: Ipv4Packet): Ipv4Packet | null => {
      const t = p.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>;
      if (at === "server" && t.dstPort === 80) {
        if (t.flags & 0x02)
          return { ...tcp(ipStr(p.dst), 80, ipStr(p.src), t.srcPort, 0x12, { seq: 5000, ack: t.seq + 1 }) };
        return null;
      }
      return tcpResetFor(p);
    };
    // SYN, retransmitted at 1 s, 3 s …
    let synack: Ipv4Packet | null = null;
    let elapsed = 0;
    for (const wait of [1000, 2000, 4000]) {
      synack = this.exchange(tcp(c, sport, host, port, 0x02, { synOptions: true }), answer);
      if (synack) break;
      if (elapsed + wait > timeout) {
        this.k.advance(timeout - elapsed);
        return { stdout: "000\n", stderr: "", exitCode: 28 };
      }
      elapsed += wait;
      this.k.advance(wait);
    }
    const st = synack!.payload as Extract<Ipv4Packet["payload"], { kind: "tcp" }>;
    if (st.flags & 0x04) return { stdout: "000\n", stderr: "", exitCode: 7 };
    // the rest of a short HTTP exchange: ACK, request, response, FINs, last ACK
    const server = (flags: number, data = 0) => {
      const dstAtServer = this.lastAtServer!;
      return this.router(
        tcp(
          "10.0.2.2",
          80,
          ipStr(dstAtServer.src),
          (dstAtServer.payload as { srcPort: number }).srcPort,
          flags,
          { data },
        ),
        "eth1",
      );
    };
    this.lastAtServer = null;
    const c2s = (flags: number, data = 0) => {
      const r = this.router(tcp(c, sport, host, port, flags, { data }), "eth0");
      if (r && r.at === "server") this.lastAtServer = r.ip;
      return r;
    };
    c2s(0x10);
    c2s(0x18, 74);
    server(0x10);
    server(0x18, 156);
    c2s(0x10);
    server(0x18, 1157);
    c2s(0x10);
    c2s(0x11);
    server(0x11);
    c2s(0x10);
    this.k.advance(10);
    return { stdout: "200\n", stderr: "", exitCode: 0 };
  }
  private lastAtServer: Ipv4Packet | null = null;
}

function ipStr(a: number): string {
  return `${(a >>> 24) & 255}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

function replay(name: string, text: string, serverRoutesBack: boolean): void {
  describe(name, () => {
    const lab = new Lab(serverRoutesBack);
    const env = { now: lab.k.env.now };
    for (const [i, s] of parseTranscript(text).entries()) {
      const w = shellWords(s.command);
      const onFw = s.machine === "fw" && (w[0] === "iptables" || w[0] === "conntrack");
      const onClient = s.machine === "client" && (w[0] === "ping" || w[0] === "curl");
      if (!onFw && !onClient) continue;
      it(`[${i + 1}] ${s.machine}$ ${s.command}`, () => {
        if (onClient) {
          const r = w[0] === "ping" ? lab.ping(w.slice(1)) : lab.curl(w.slice(1));
          if (w[0] === "curl") expect(r.stdout).toBe(s.output);
          expect(r.exitCode).toBe(s.exit);
          return;
        }
        lab.k.advance(1);
        const r = runLine(lab.nf, s.command, env);
        expect(r.stdout + r.stderr).toBe(s.output);
        expect(r.exitCode).toBe(s.exit);
      });
    }
  });
}

replay("ipt-snat", snatLab, false);
replay("ipt-dnat", dnatLab, true);
