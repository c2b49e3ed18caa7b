import { describe, expect, it } from "vitest";
import { Session } from "../../../sim-core/src/api/session";
import { parseCheck, describeCheck, CheckSyntaxError, type Check } from "./checks";
import { evaluateChecks } from "./evaluate";

/** A lab: RED and BLUE on a bridge of a host whose FORWARD policy drops, plus a router lab. */
const BRIDGE = `ip netns add RED
ip netns add BLUE
ip link add reth0 netns RED type veth peer name reth1
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0
ip link set beth1 master br0
ip -n RED addr add 10.0.0.2/24 dev reth0
ip -n BLUE addr add 10.0.0.3/24 dev beth0
ip -n RED link set reth0 up
ip -n BLUE link set beth0 up
ip link set reth1 up
ip link set beth1 up
ip link set br0 up
sysctl -w net.ipv4.ip_forward=1
iptables -P FORWARD DROP
`;
const FIX = `iptables -A FORWARD -i br0 -o br0 -j ACCEPT
ip -n RED route add default via 10.0.0.1
ip addr add 10.0.0.1/24 dev br0
iptables -t nat -A POSTROUTING -s 10.0.0.0/24 ! -o br0 -j MASQUERADE
`;

function ctx(script: string, seed = 1) {
  const session = new Session({ seed, script });
  return { session, script: session.script(), seed };
}

function check(script: string, line: string, since = 0) {
  return evaluateChecks(ctx(script), [parseCheck(line)], { since })[0];
}

/** Each check must pass on `good` and fail on `bad`. */
function bothWays(line: string, bad: string, good: string, since?: { bad?: number; good?: number }) {
  const no = check(bad, line, since?.bad);
  const yes = check(good, line, since?.good);
  expect(no.ok, `${line} should fail before: ${no.detail}`).toBe(false);
  expect(yes.ok, `${line} should pass after: ${yes.detail}`).toBe(true);
}

describe("lesson checks, each against a real Session both ways", () => {
  it("netns", () => {
    bothWays("netns RED", "ip netns add BLUE\n", "ip netns add RED\n");
    bothWays("netns B/RED", "#@machine B\nip netns add BLUE\n", "#@machine B\nip netns add RED\n");
    expect(check("ip netns add RED\n", "netns B/RED").detail).toBe("there is no machine B");
  });

  it("link: exists, up/down, mtu, master, type", () => {
    bothWays("link RED reth0 up", BRIDGE.replace("ip -n RED link set reth0 up\n", ""), BRIDGE);
    bothWays("link host br0 up mtu 1500 type bridge", "ip link add br0 type bridge\n", BRIDGE);
    bothWays("link host reth1 master br0", BRIDGE.replace("ip link set reth1 master br0\n", ""), BRIDGE);
    bothWays("link host reth1 nomaster", BRIDGE, BRIDGE + "ip link set reth1 nomaster\n");
    bothWays("link host br0 mtu 1450", BRIDGE, BRIDGE + "ip link set br0 mtu 1450\n");
    bothWays("link host br0 down", BRIDGE, BRIDGE + "ip link set br0 down\n");
    expect(check(BRIDGE, "link host nope0").detail).toBe("there is no device nope0 in host");
  });

  it("addr", () => {
    bothWays("addr RED reth0 10.0.0.2/24", BRIDGE.replace("10.0.0.2/24", "10.0.0.9/24"), BRIDGE);
    bothWays("addr host br0 10.0.0.1", BRIDGE, BRIDGE + FIX);
    expect(check(BRIDGE, "addr RED reth0 10.0.0.2/16").detail).toBe("reth0 has 10.0.0.2/24");
  });

  it("route", () => {
    bothWays("route RED default via 10.0.0.1", BRIDGE, BRIDGE + FIX);
    bothWays("route RED 10.0.0.0/24 dev reth0", "ip netns add RED\n", BRIDGE);
    bothWays(
      "route host 10.9.0.0/16 via 10.0.0.2",
      BRIDGE + FIX,
      BRIDGE + FIX + "ip route add 10.9.0.0/16 via 10.0.0.2\n",
    );
    const wrongGw = check(BRIDGE + FIX, "route RED default via 10.0.0.3");
    expect(wrongGw).toMatchObject({ ok: false, detail: "the route is default via 10.0.0.1 dev reth0" });
  });

  it("rule and policy", () => {
    bothWays("rule host nat POSTROUTING -s 10.0.0.0/24 -j MASQUERADE", BRIDGE, BRIDGE + FIX);
    bothWays("rule host filter FORWARD -i br0 -j ACCEPT", BRIDGE, BRIDGE + FIX);
    bothWays("policy host filter FORWARD DROP", "ip netns add X\n", BRIDGE);
    bothWays("policy host filter FORWARD ACCEPT", BRIDGE, "ip netns add X\n");
    expect(check(BRIDGE, "rule host filter NOPE -j ACCEPT").detail).toMatch(/no chain NOPE/);
  });

  it("sysctl, in the root namespace and in a named one", () => {
    bothWays("sysctl host net.ipv4.ip_forward 1", "ip netns add X\n", BRIDGE);
    bothWays(
      "sysctl RED net/ipv4/ip_forward 1",
      BRIDGE,
      BRIDGE + "ip netns exec RED sysctl -w net.ipv4.ip_forward=1\n",
    );
  });

  it("ran: the learner's commands since the step began", () => {
    bothWays(
      "ran ip netns add",
      "ip link add d0 type dummy\n",
      "ip link add d0 type dummy\nip netns add X\n",
    );
    // commands before the step began do not count
    bothWays(
      "ran ip netns add",
      "ip netns add X\nip link add d0 type dummy\n",
      "ip netns add X\nip netns add Y\n",
      {
        bad: 1,
        good: 1,
      },
    );
    bothWays("ran /iptables .*-j MASQUERADE/", BRIDGE, BRIDGE + FIX);
    // an interrupted command is recorded as timeout -s INT …: it still counts
    bothWays("ran ping 10.0.0.3", BRIDGE, BRIDGE + "timeout -s INT 2.5 ip netns exec RED ping 10.0.0.3\n");
  });

  it("ping delivered, dropped, and dropped at a hop", () => {
    // the bridge's own FORWARD policy drops RED → BLUE only with br_netfilter; a routed lab instead:
    const routed = `#@lan sw1 A:eth0 B:eth0
#@lan sw2 B:eth1 C:eth0
#@machine A
ip addr add 192.168.1.5/24 dev eth0
ip link set eth0 up
ip route add 192.168.2.0/24 via 192.168.1.6
#@machine B
ip addr add 192.168.1.6/24 dev eth0
ip addr add 192.168.2.6/24 dev eth1
ip link set eth0 up
ip link set eth1 up
#@machine C
ip addr add 192.168.2.5/24 dev eth0
ip link set eth0 up
ip route add 192.168.1.0/24 via 192.168.2.6
`;
    const forwarding = routed + "#@machine B\nsysctl -w net.ipv4.ip_forward=1\n";
    const dropping = forwarding + "iptables -P FORWARD DROP\n";
    bothWays("reach A 192.168.2.5", routed, forwarding);
    bothWays("ping A 192.168.2.5 dropped", forwarding, routed);
    bothWays("ping A 192.168.2.5 dropped at B FORWARD", forwarding, dropping);
    // dropped, but not where the check says
    const elsewhere = check(dropping, "ping A 192.168.2.5 dropped at C INPUT");
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.detail).toMatch(/dropped at B FORWARD/);
    // without a route the ping never leaves: dropped where it started
    const viaB = forwarding + "#@machine A\nip route add default via 192.168.1.6\n";
    bothWays("ping A 10.9.9.9 dropped at A", viaB, routed);
    bothWays("ping A 10.9.9.9 dropped at B", routed, viaB);
  });

  it("ping with a size and don't-fragment: an MTU check", () => {
    const lab = BRIDGE + FIX + "ip link set br0 mtu 1400\n";
    bothWays("ping host 10.0.0.3 size 1400 df dropped", BRIDGE + FIX, lab);
    bothWays("ping host 10.0.0.3 size 1372 df delivered", lab.replace("mtu 1400", "mtu 1300"), lab);
  });

  it("probes do not change the learner's lab", () => {
    const c = ctx(BRIDGE + FIX);
    const before = JSON.stringify(c.session.snapshot());
    const v0 = c.session.world.version;
    const r = evaluateChecks(c, [parseCheck("reach RED 10.0.0.1")]);
    expect(r[0].ok).toBe(true);
    expect(JSON.stringify(c.session.snapshot())).toBe(before);
    expect(c.session.world.version).toBe(v0);
  });

  it("not, and probes that wait for the other checks", () => {
    bothWays("not netns RED", "ip netns add RED\n", "ip netns add BLUE\n");
    bothWays("not reach RED 10.0.0.1", BRIDGE + FIX, BRIDGE);
    // a small lab is probed at once; a big one once the other checks pass
    const checks = [parseCheck("netns GREEN"), parseCheck("reach RED 10.0.0.3")];
    const [state, probe] = evaluateChecks(ctx(BRIDGE), checks);
    expect(state.ok).toBe(false);
    // (evaluated: the bridge hands RED's frames to FORWARD, whose policy drops them)
    expect(probe.skipped).toBeUndefined();
    expect(probe).toMatchObject({ ok: false, detail: expect.stringMatching(/dropped at host FORWARD/) });
    const [, waiting] = evaluateChecks(ctx(BRIDGE + "ip netns list\n".repeat(40)), checks);
    expect(waiting).toMatchObject({ ok: false, skipped: true });
  });

  it("never throws: a check on a place that does not exist fails with a reason", () => {
    const r = evaluateChecks(
      ctx("ip netns add RED\n"),
      [parseCheck("route NOPE default"), parseCheck("ping Z/X 10.0.0.1 delivered")],
      { allProbes: true },
    );
    expect(r.map((x) => x.ok)).toEqual([false, false]);
    expect(r[0].detail).toBe("there is no namespace NOPE");
    expect(r[1].detail).toBe("there is no machine Z");
  });
});

describe("check syntax", () => {
  it("parses and describes every kind", () => {
    const lines = [
      "netns RED",
      "link RED veth0 up mtu 1450 master br0 type veth",
      "addr RED veth0 11.11.11.2/24",
      "route RED default via 11.11.11.1 dev veth0",
      "rule host nat POSTROUTING -s 11.11.11.0/24 -j MASQUERADE",
      "policy host filter FORWARD DROP",
      "sysctl B net.ipv4.ip_forward 1",
      "ping RED 11.11.11.3 dropped at host FORWARD DOCKER-USER dev br0",
      "ping k8s-w1/pod-1 172.16.2.8 size 1423 df dropped",
      "reach RED 11.11.11.3",
      "ran ip netns add",
      "ran /ping .*11\\.11\\.11\\.3/",
      "not reach RED 8.8.8.8",
      "netns RED # The namespace RED is there",
    ];
    for (const l of lines) {
      const c: Check = parseCheck(l);
      expect(describeCheck(c).length).toBeGreaterThan(5);
    }
    expect(describeCheck(parseCheck("netns RED # The namespace RED is there"))).toBe(
      "The namespace RED is there",
    );
    expect(describeCheck(parseCheck("ping RED 11.11.11.3 dropped at host FORWARD"))).toBe(
      "A ping from RED to 11.11.11.3 is dropped at host in FORWARD",
    );
  });

  it("refuses what it does not know, with a reason", () => {
    for (const [line, msg] of [
      ["frob RED", /unknown check "frob"/],
      ["netns", /expected a namespace name/],
      ["addr RED veth0 300.1.1.1/24", /expected an IPv4 address/],
      ["route RED 10.0.0.0/33", /bad prefix length/],
      ["rule host nats POSTROUTING -j X", /expected a table/],
      ["ping RED 1.2.3.4 maybe", /expected "delivered" or "dropped"/],
      ["ping RED 1.2.3.4 delivered at host", /unexpected "at"|"at" goes with "dropped"/],
      ["ran /(/", /bad regular expression/],
      ["netns <b>x</b>", /bad place/],
      ["link RED veth0 sideways", /unexpected "sideways"/],
    ] as const) {
      expect(() => parseCheck(line), line).toThrow(CheckSyntaxError);
      expect(() => parseCheck(line), line).toThrow(msg);
    }
  });
});

describe("curl probes", () => {
  it("an HTTP server reachable, or not", () => {
    const server =
      "ip netns add web\nip -n web link set lo up\nip netns exec web python3 -m http.server 8080 >/dev/null 2>&1 &\n";
    bothWays("curl web http://127.0.0.1:8080/", "ip netns add web\nip -n web link set lo up\n", server);
    bothWays(
      "curl web http://127.0.0.1:8080/nope 404",
      "ip netns add web\nip -n web link set lo up\n",
      server,
    );
    expect(
      check("ip netns add web\nip -n web link set lo up\n", "curl web http://127.0.0.1:8080/").detail,
    ).toBe("connection refused");
  });
});

describe("Docker containers and Kubernetes pods as places", () => {
  const HOST = "#@link host:eth0 client:eth0\nip addr add 192.168.50.10/24 dev eth0\nip link set eth0 up\n";
  const CLIENT =
    "#@machine client\nip addr add 192.168.50.20/24 dev eth0\nip link set eth0 up\n#@machine host\n";
  const WEB = "docker run -d --name web -p 10001:80 nginx\n";

  it("container:NAME is a running container's network namespace", () => {
    const lab = HOST + CLIENT + WEB;
    bothWays("netns container:web", HOST, lab);
    bothWays("addr container:web eth0 172.17.0.2/16", HOST, lab);
    bothWays("addr host/container:web eth0 172.17.0.2/16", HOST, lab);
    bothWays("route container:web default via 172.17.0.1 dev eth0", HOST, lab);
    bothWays("link container:web eth0 up", HOST, lab);
    // a stopped container has no namespace any more
    bothWays("netns container:web", lab + "docker stop web\n", lab);
    expect(check(HOST, "addr container:web eth0 172.17.0.2/16").detail).toBe(
      "there is no running container web",
    );
    expect(describeCheck(parseCheck("addr container:web eth0 172.17.0.2/16"))).toBe(
      "eth0 in container web has the address 172.17.0.2/16",
    );
  });

  it("probes enter a container's namespace: ping and curl from it, drops traced there", () => {
    const lab = HOST + CLIENT + WEB;
    bothWays(
      "reach container:web 192.168.50.20",
      HOST + CLIENT + "docker run -d --name web --network none nginx\n",
      lab,
    );
    bothWays(
      "curl container:web http://127.0.0.1/",
      HOST + CLIENT + "docker run -d --name web busybox sleep 1000\n",
      lab,
    );
    // without Docker's MASQUERADE the client cannot answer: no route back to 172.17.0.0/16
    const noMasq = lab + "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n";
    bothWays("ping container:web 192.168.50.20 dropped at client", lab, noMasq);
    // a container dropping its own packets: the drop is placed in its namespace
    const own = lab + "nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n iptables -A OUTPUT -j DROP\n";
    bothWays("ping container:web 192.168.50.20 dropped at container:web OUTPUT", lab, own);
  });

  it("pod:NAME is the namespace a pod's pause container holds, on whichever node runs it", () => {
    const cluster = "#@cluster demo nodes=2 pod-network=172.16.0.0/16\n#@machine k8s-m\n";
    // the pod starts while the next command lets time pass
    const pod = cluster + "kubectl run web --image=nginx\nkubectl get pods\n";
    bothWays("netns pod:web", cluster, pod);
    bothWays("addr pod:web eth0 172.16.1.2/24", cluster, pod);
    bothWays("addr k8s-w1/pod:web eth0 172.16.1.2/24", cluster, pod);
    expect(check(pod, "addr k8s-m/pod:web eth0 172.16.1.2/24").detail).toBe(
      "there is no running pod web on k8s-m",
    );
    bothWays("curl pod:web http://127.0.0.1/", cluster, pod);
    expect(describeCheck(parseCheck("curl k8s-w1/pod:web http://127.0.0.1/"))).toBe(
      "An HTTP request from pod web on k8s-w1 to http://127.0.0.1/ gets 200 OK",
    );
  });

  it("refuses a malformed container place", () => {
    expect(() => parseCheck("netns container:")).toThrow(/bad place/);
    expect(() => parseCheck("netns k8s-w1/pod:")).toThrow(/bad place/);
  });
});
