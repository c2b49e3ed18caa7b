/**
 * net-tools and bridge-utils over the simulated kernel: hardware-address parsing, interface
 * name ordering, the DNS queries a failed lookup sends to the nameserver on lo, arp/route/ifconfig
 * going through the same kernel state `ip` shows, and brctl with kernel STP (BPDUs on the wire,
 * root election, a blocked port in a loop).
 */
import { describe, expect, it } from "vitest";
import { runLab, runCommand } from "../../lab/runner";
import { Shell } from "../interp";
import { defaultCommands } from "../commands";
import { inEther } from "./hw";
import { nstrcmp } from "./ifconfig";
import { NS_PER_S } from "../../engine/scheduler";

function lab(script: string) {
  const { world } = runLab(script);
  const host = world.machines.get("host")!;
  const sh = new Shell(world, host, defaultCommands(), false);
  return { world, host, run: (line: string) => runCommand(sh, line) };
}

describe("net-tools helpers", () => {
  it("in_ether: short groups, zero fill, trailing bytes ignored, bad digits refused", () => {
    expect(inEther("2:0:0:0:0:a")).toBe("02:00:00:00:00:0a");
    expect(inEther("02:00:00:00:00:46:47")).toBe("02:00:00:00:00:46");
    expect(inEther("1:2:3")).toBe("01:02:03:00:00:00");
    expect(inEther("zz:00:00:00:00:01")).toBeUndefined();
  });

  it("nstrcmp sorts numbers as numbers and aliases after their device", () => {
    expect(["lo", "eth10", "eth0:1", "eth2", "eth0"].sort(nstrcmp)).toEqual([
      "eth0",
      "eth0:1",
      "eth2",
      "eth10",
      "lo",
    ]);
  });
});

describe("net-tools commands", () => {
  it("a failed host lookup asks 127.0.0.1 twice: 4 packets on lo", () => {
    const t = lab("ip link add eth0 type veth peer name eth1\n");
    const r = t.run("ifconfig eth0 bogus");
    expect(r.output).toBe("bogus: Host name lookup failure\nifconfig: `--help' gives usage information.\n");
    expect(r.status).toBe(1);
    const lo = t.host.root.lo.stats;
    expect([lo.rxPackets, lo.rxBytes]).toEqual([4, 260]);
  });

  it("arp -s and ip neigh share the table; pub makes a proxy entry", () => {
    const t = lab(
      "ip link add eth0 type veth peer name eth1\nip link set eth0 up\nip addr add 10.0.0.1/24 dev eth0\n",
    );
    expect(t.run("arp -s 10.0.0.20 02:00:00:00:00:20").status).toBe(0);
    expect(t.run("ip neigh show 10.0.0.20").output).toBe(
      "10.0.0.20 dev eth0 lladdr 02:00:00:00:00:20 PERMANENT \n",
    );
    expect(t.run("arp -i eth0 -Ds 10.0.0.22 eth0 pub").status).toBe(0);
    expect(t.run("ip neigh show proxy").output).toBe("10.0.0.22 dev eth0 proxy \n");
    expect(t.run("arp -an").output).toContain("? (10.0.0.22) at <from_interface> PERM PUB on eth0\n");
    expect(t.run("arp -s 10.9.9.9 02:00:00:00:00:24").output).toBe("SIOCSARP: Network is unreachable\n");
  });

  it("route add/del go through the FIB with their exit statuses", () => {
    const t = lab(
      "ip link add eth0 type veth peer name eth1\nip link set eth0 up\nip addr add 10.0.0.1/24 dev eth0\n",
    );
    expect(t.run("route add -net 10.20.0.0/16 gw 10.0.0.253 metric 5").status).toBe(0);
    expect(t.run("ip route show 10.20.0.0/16").output).toBe(
      "10.20.0.0/16 via 10.0.0.253 dev eth0 metric 5 linkdown \n",
    );
    const dup = t.run("route add -net 10.20.0.0/16 gw 10.0.0.253 metric 5");
    expect([dup.output, dup.status]).toEqual(["SIOCADDRT: File exists\n", 7]);
    expect(t.run("route -n").output).toContain(
      "10.20.0.0       10.0.0.253      255.255.0.0     UG    5      0        0 eth0\n",
    );
    expect(t.run("route del -net 10.20.0.0/16").status).toBe(0);
    expect(t.run("route del -net 10.20.0.0/16").status).toBe(7);
  });

  it("ifconfig sets a classful address, then the netmask recomputes the broadcast", () => {
    const t = lab("ip link add eth0 type veth peer name eth1\n");
    t.run("ifconfig eth0 10.0.0.1 netmask 255.255.255.0");
    expect(t.run("ip -4 -o addr show eth0").output).toContain(
      "inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0",
    );
    expect(t.run("ifconfig eth0").output.split("\n").slice(0, 2)).toEqual([
      "eth0: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1500",
      "        inet 10.0.0.1  netmask 255.255.255.0  broadcast 10.0.0.255",
    ]);
  });
});

describe("bridge STP", () => {
  const LOOP = `
ip netns add A
ip netns add B
ip -n A link add br0 type bridge
ip -n B link add br0 type bridge
ip link add a1 netns A address 02:00:00:00:00:a1 type veth peer name b1 netns B address 02:00:00:00:00:b1
ip link add a2 netns A address 02:00:00:00:00:a2 type veth peer name b2 netns B address 02:00:00:00:00:b2
ip netns exec A sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec B sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n A link set a1 master br0
ip -n A link set a2 master br0
ip -n B link set b1 master br0
ip -n B link set b2 master br0
ip -n A link set br0 type bridge forward_delay 200 priority 4096 stp_state 1
ip -n B link set br0 type bridge forward_delay 200 stp_state 1
ip -n A link set br0 up
ip -n A link set a1 up
ip -n A link set a2 up
ip -n B link set br0 up
ip -n B link set b1 up
ip -n B link set b2 up
`;

  it("elects the lower bridge id and blocks the second link of the loop", () => {
    const t = lab(LOOP);
    t.world.sched.runUntil(t.world.sched.now + 6 * NS_PER_S);
    expect(t.run("bridge -n B link").output).toBe(
      "3: b1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n" +
        "4: b2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state blocking priority 32 cost 2 \n",
    );
    expect(t.run("ip -n B -d link show br0").output).toContain("root_port 1 root_path_cost 2 ");
    expect(t.run("ip netns exec B brctl show").output).toBe(
      "bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.0200000000b1\tyes\t\tb1\n\t\t\t\t\t\t\tb2\n",
    );
  });

  it("sends 52-byte configuration BPDUs from designated ports only", () => {
    const t = lab(LOOP);
    const a1 = t.host.netnsDir.get("A")!.byName("a1")!;
    const b2 = t.host.netnsDir.get("B")!.byName("b2")!;
    const tx0 = [a1.stats.txPackets, a1.stats.txBytes, b2.stats.txPackets];
    t.world.sched.runUntil(t.world.sched.now + 10 * NS_PER_S);
    const sent = a1.stats.txPackets - tx0[0];
    expect(sent).toBeGreaterThanOrEqual(4);
    expect((a1.stats.txBytes - tx0[1]) % 52).toBe(0);
    // b2 is blocking: after the election it sends nothing more
    const b2sent = b2.stats.txPackets;
    t.world.sched.runUntil(t.world.sched.now + 10 * NS_PER_S);
    expect(b2.stats.txPackets).toBe(b2sent);
  });
});
