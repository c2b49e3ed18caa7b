import { describe, expect, it } from "vitest";
import { Session } from "./session";
import { complete } from "./complete";
import { query, queryJson } from "./query";

const LAB = `ip netns add RED
ip netns add BLUE
ip link add veth-red netns RED type veth peer name veth-blue netns BLUE
ip link add br0 type bridge
ip link add dummy0 type dummy
`;

function items(s: Session, line: string, machine = "host"): string[] {
  return complete(s, machine, line).items;
}

describe("complete", () => {
  const s = new Session({ script: LAB });

  it("completes command names", () => {
    expect(items(s, "pi")).toEqual(["ping"]);
    expect(items(s, "sysc")).toEqual(["sysctl"]);
    expect(items(s, "ns")).toContain("nsenter");
  });

  it("follows iproute2's object table and prefix rule", () => {
    expect(items(s, "ip ")).toEqual(["address", "help", "link", "neighbour", "netns", "route", "rule"]);
    expect(items(s, "ip li")).toEqual(["link"]);
    expect(items(s, "ip a ")).toContain("add");
    expect(items(s, "ip link s")).toEqual(["set", "show"]);
    expect(items(s, "ip -")).toContain("-brief");
  });

  it("completes device names of the namespace the command runs in", () => {
    expect(items(s, "ip link set ")).toEqual(expect.arrayContaining(["br0", "dummy0", "lo"]));
    expect(items(s, "ip link set d")).toEqual(["dev", "dummy0"]);
    expect(items(s, "ip link set dummy0 d")).toEqual(["down", "dynamic"]);
    expect(items(s, "ip -n RED link set ")).toEqual(expect.arrayContaining(["veth-red", "lo"]));
    expect(items(s, "ip -n RED link set ")).not.toContain("br0");
    expect(items(s, "ip netns exec BLUE ip link set v")).toEqual(["veth-blue"]);
    expect(items(s, "ip addr add 10.0.0.1/24 dev b")).toEqual(["br0"]);
    expect(items(s, "ip link set dummy0 master ")).toEqual(expect.arrayContaining(["br0"]));
  });

  it("completes netns names and link types", () => {
    expect(items(s, "ip netns exec ")).toEqual(["BLUE", "RED"]);
    expect(items(s, "ip netns del R")).toEqual(["RED"]);
    expect(items(s, "ip link add x type v")).toEqual(["veth", "vlan", "vrf", "vxlan"]);
    expect(items(s, "ip link add x type veth ")).toEqual(["peer"]);
    expect(items(s, "ip link add x type veth peer name y netns ")).toEqual(["BLUE", "RED"]);
    expect(items(s, "ip neigh add 1.2.3.4 lladdr 00:11:22:33:44:55 nud p")).toEqual(["permanent", "probe"]);
  });

  it("completes inside wrappers and after pipes", () => {
    expect(items(s, "ip -br a | gr")).toEqual(["grep"]);
    expect(items(s, "timeout 5 pi")).toEqual(["ping"]);
    expect(items(s, "nsenter --net=/var/run/netns/RED ip link set ")).toContain("veth-red");
  });

  it("completes iptables tables, chains, targets and options", () => {
    expect(items(s, "iptables -t ")).toEqual(["filter", "mangle", "nat", "raw", "security"]);
    expect(items(s, "iptables -A ")).toEqual(["FORWARD", "INPUT", "OUTPUT"]);
    expect(items(s, "iptables -t nat -A ")).toEqual(["INPUT", "OUTPUT", "POSTROUTING", "PREROUTING"]);
    expect(items(s, "iptables -A FORWARD -j MA")).toEqual(["MARK", "MASQUERADE"]);
    expect(items(s, "iptables -A FORWARD -p tcp --d")).toEqual(
      expect.arrayContaining(["--destination", "--destination-port", "--dport"]),
    );
    expect(items(s, "iptables -A FORWARD -m conntrack --ctstate ")).toContain("ESTABLISHED");
    expect(items(s, "iptables -A FORWARD -i ")).toContain("br0");
    expect(items(s, "iptables -P FORWARD ")).toEqual(["ACCEPT", "DROP"]);
  });

  it("completes bridge, ping and sysctl", () => {
    expect(items(s, "bridge ")).toEqual(["fdb", "help", "link", "vlan"]);
    expect(items(s, "bridge fdb show br ")).toContain("br0");
    expect(items(s, "ping -I ")).toContain("br0");
    expect(items(s, "ping -M ")).toEqual(["do", "dont", "probe", "want"]);
    expect(items(s, "sysctl net.ipv4.ip_for")).toContain("net.ipv4.ip_forward");
    expect(items(s, "sysctl net.")).toContain("net.ipv4.");
  });

  it("completes file paths", () => {
    expect(items(s, "cat /proc/sys/net/ipv4/ip_f")).toContain("/proc/sys/net/ipv4/ip_forward");
    expect(items(s, "cat /etc/ho")).toEqual(["/etc/hostname", "/etc/hosts"]);
    expect(items(s, "cat /var/run/netns/")).toEqual(["/var/run/netns/BLUE", "/var/run/netns/RED"]);
    expect(items(s, "echo 1 > /proc/sys/net/ipv4/ip_forw")).toContain("/proc/sys/net/ipv4/ip_forward");
    expect(items(s, "cat /proc/sys/net/ip")).toEqual(["/proc/sys/net/ipv4/", "/proc/sys/net/ipv6/"]);
  });

  it("reports where the completed word starts", () => {
    const c = complete(s, "host", "ip link set dum");
    expect(c.from).toBe(12);
    expect(c.to).toBe(15);
    const mid = complete(s, "host", "ip li set", 5);
    expect(mid.items).toEqual(["link"]);
    expect(mid.from).toBe(3);
  });
});

describe("query", () => {
  it("reads state without recording, spawning or changing the world", () => {
    const s = new Session({ script: LAB + "ip addr add 10.1.1.1/24 dev br0\n" });
    const before = s.script();
    const version = s.world.version;
    const addrs = queryJson<{ ifname: string; addr_info: { local: string }[] }[]>(s, "host", null, [
      "ip",
      "-j",
      "addr",
      "show",
      "dev",
      "br0",
    ]);
    expect(addrs?.[0].addr_info.map((a) => a.local)).toContain("10.1.1.1");
    const red = queryJson<{ ifname: string }[]>(s, "host", "host/RED", ["ip", "-j", "link"]);
    expect(red?.map((l) => l.ifname)).toEqual(["lo", "veth-red"]);
    expect(s.script()).toBe(before);
    expect(s.world.version).toBe(version);
    expect(query(s, "host", null, ["ping", "-c", "1", "10.1.1.1"]).status).not.toBe(0);
  });
});
