/**
 * docker end to end through lab scripts: the network modes, published ports, shared namespaces,
 * the stop semantics of PID 1, user networks, and docker's messages and exit statuses.
 */
import { describe, expect, it } from "vitest";
import { runLab } from "../lab/runner";
import { parseTranscript } from "../lab/compare";

function outputs(script: string): Map<string, { output: string; exit: number }[]> {
  const m = new Map<string, { output: string; exit: number }[]>();
  for (const b of parseTranscript(runLab(script).transcript)) {
    const l = m.get(b.command) ?? [];
    l.push({ output: b.output, exit: b.exit });
    m.set(b.command, l);
  }
  return m;
}

const PULLED = /^(Unable to find|[0-9a-f]{12}: |latest: Pulling|Digest: |Status: )/;
const strip = (s: string) =>
  s
    .split("\n")
    .filter((l) => !PULLED.test(l))
    .join("\n");

describe("docker run and the network modes", () => {
  const out = outputs(`docker pull busybox
docker pull nginx
docker pull k8s.gcr.io/pause:3.6
docker pull nicolaka/netshoot
docker run --rm --network none busybox ip -br addr
docker run --rm --network host busybox ip -br link
docker run --rm busybox ip -br addr
docker run --rm busybox cat /etc/hosts
docker run -d --name pause0 k8s.gcr.io/pause:3.6
docker run -d --name web --net=container:pause0 nginx
docker run --rm --net=container:pause0 nicolaka/netshoot curl -s -o /dev/null -w '%{http_code}\\n' localhost
docker logs web 2>/dev/null | tail -1
docker exec web hostname
docker exec pause0 ls
docker exec web ip addr
docker ps --format '{{.Names}}\\t{{.Image}}\\t{{.Command}}'
docker top pause0
lsns -t net -o NS,TYPE,NPROCS,COMMAND
docker run -d -p 8080:80 --name p1 nginx
docker run -d -p 8080:80 --name p2 nginx
docker ps -a --filter name=p --format '{{.Names}} {{.Status}} {{.Ports}}'
docker run -d --name p1 nginx
docker run nosuch
docker run --volume /x:/y busybox
docker run -d -p 80 --net=container:pause0 nginx
docker exec nope ls
docker rm p1
`);
  const one = (c: string) => {
    const r = out.get(c);
    if (!r) throw new Error(`no output for ${c}`);
    return { ...r[0], output: strip(r[0].output) };
  };
  it("none: only lo, IPv6 off; host: the host's links; bridge: eth0 with 02:42 + its address", () => {
    expect(one("docker run --rm --network none busybox ip -br addr").output).toBe(
      "lo               UNKNOWN        127.0.0.1/8 ",
    );
    expect(one("docker run --rm --network host busybox ip -br link").output).toMatch(
      /^lo +UNKNOWN .*\ndocker0 +(UNKNOWN|DOWN) +02:42:/,
    );
    expect(one("docker run --rm busybox ip -br addr").output).toBe(
      "lo               UNKNOWN        127.0.0.1/8 ::1/128 \neth0@if4         UP             172.17.0.2/16 ",
    );
    expect(one("docker run --rm busybox cat /etc/hosts").output).toMatch(
      /\nff02::2\tip6-allrouters\n172\.17\.0\.2\t[0-9a-f]{12}$/,
    );
  });
  it("--net=container: shares the pause container's namespace: localhost reaches nginx", () => {
    expect(
      one(
        "docker run --rm --net=container:pause0 nicolaka/netshoot curl -s -o /dev/null -w '%{http_code}\\n' localhost",
      ).output,
    ).toBe("200");
    expect(one("docker logs web 2>/dev/null | tail -1").output).toMatch(
      /^127\.0\.0\.1 - - \[01\/Jan\/2024:00:00:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.88\.1" "-"$/,
    );
    const id = /^[0-9a-f]{12}$/.exec(one("docker exec web hostname").output);
    expect(id).not.toBeNull();
  });
  it("images only have their own programs", () => {
    expect(one("docker exec pause0 ls")).toEqual({
      output:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "ls": executable file not found in $PATH: unknown',
      exit: 126,
    });
    expect(one("docker exec web ip addr").exit).toBe(126);
  });
  it("ps, top and lsns see the containers' processes", () => {
    expect(one("docker ps --format '{{.Names}}\\t{{.Image}}\\t{{.Command}}'").output).toBe(
      'web\tnginx\t"/docker-entrypoint.…"\npause0\tk8s.gcr.io/pause:3.6\t"/pause"',
    );
    expect(one("docker top pause0").output).toMatch(
      /^UID {17}PID {17}PPID {16}C {19}STIME {15}TTY {17}TIME {16}CMD\nroot {16}\d+ +\d+ +0 +00:00 +\? +00:00:00 +\/pause$/,
    );
    expect(one("lsns -t net -o NS,TYPE,NPROCS,COMMAND").output).toMatch(/ net +4 \/pause$/m);
  });
  it("published ports, and the errors docker prints", () => {
    expect(one("docker run -d -p 8080:80 --name p2 nginx")).toEqual({
      output: expect.stringMatching(
        /^docker: Error response from daemon: driver failed programming external connectivity on endpoint p2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\.\nSee 'docker run --help'\.$/,
      ),
      exit: 125,
    });
    expect(one("docker ps -a --filter name=p --format '{{.Names}} {{.Status}} {{.Ports}}'").output).toEqual(
      expect.stringMatching(
        /^p2 Created \np1 Up 1 second 0\.0\.0\.0:8080->80\/tcp, :::8080->80\/tcp\npause0 Up \d seconds $/,
      ),
    );
    expect(one("docker run -d --name p1 nginx")).toEqual({
      output: expect.stringMatching(
        /^docker: Error response from daemon: Conflict\. The container name "\/p1" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\nSee 'docker run --help'\.$/,
      ),
      exit: 125,
    });
    expect(one("docker run nosuch")).toEqual({
      output:
        "docker: Error response from daemon: pull access denied for nosuch, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\nSee 'docker run --help'.",
      exit: 125,
    });
    expect(one("docker run --volume /x:/y busybox")).toEqual({
      output: "unknown flag: --volume\nSee 'docker run --help'.",
      exit: 125,
    });
    expect(one("docker run -d -p 80 --net=container:pause0 nginx")).toEqual({
      output:
        "docker: conflicting options: port publishing and the container type network mode.\nSee 'docker run --help'.",
      exit: 125,
    });
    expect(one("docker exec nope ls")).toEqual({ output: "Error: No such container: nope", exit: 1 });
    expect(one("docker rm p1")).toEqual({
      output: expect.stringMatching(
        /^Error response from daemon: You cannot remove a running container [0-9a-f]{64}\. Stop the container before attempting removal or force remove$/,
      ),
      exit: 1,
    });
  });
});

describe("stopping PID 1", () => {
  it("nginx exits on SIGQUIT at once; sleep as PID 1 ignores SIGTERM and is killed after 10 s", () => {
    const run = runLab(`docker run -d --name s busybox sleep 1000
docker run -d --name sl busybox sleep 1000
docker run -d --name ng nginx
docker stop ng
docker stop sl
docker ps -a --format '{{.Names}} {{.Status}}'
docker inspect -f '{{.State.ExitCode}}' sl ng
`);
    const b = parseTranscript(run.transcript);
    // a one-character name is not a valid container name
    expect(b[0].output).toMatch(
      /docker: Error response from daemon: Invalid container name \(s\), only \[a-zA-Z0-9\]\[a-zA-Z0-9_.-\] are allowed\.\nSee 'docker run --help'\.$/,
    );
    expect(b.find((x) => x.command === "docker ps -a --format '{{.Names}} {{.Status}}'")!.output).toBe(
      "ng Exited (0) 11 seconds ago\nsl Exited (137) Less than a second ago",
    );
    expect(b.find((x) => x.command.startsWith("docker inspect"))!.output).toBe("137\n0");
  });
});

describe("user-defined networks", () => {
  it("get br-<id>, the next pool, and their rules above docker0's", () => {
    const run = runLab(`docker network create mynet
docker network ls
ip -br link show type bridge
iptables -S FORWARD
iptables -t nat -S POSTROUTING
docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' mynet
`);
    const b = parseTranscript(run.transcript);
    const get = (c: string) => b.find((x) => x.command === c)!.output;
    const id = get("docker network create mynet");
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const br = `br-${id.slice(0, 12)}`;
    expect(get("docker network ls").replace(/^[0-9a-f]{12}/gm, "ID")).toBe(
      [
        "NETWORK ID     NAME      DRIVER    SCOPE",
        "ID   bridge    bridge    local",
        "ID   host      host      local",
        "ID   mynet     bridge    local",
        "ID   none      null      local",
      ].join("\n"),
    );
    expect(get("iptables -S FORWARD")).toBe(
      [
        "-P FORWARD DROP",
        "-A FORWARD -j DOCKER-USER",
        "-A FORWARD -j DOCKER-ISOLATION-STAGE-1",
        `-A FORWARD -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
        `-A FORWARD -o ${br} -j DOCKER`,
        `-A FORWARD -i ${br} ! -o ${br} -j ACCEPT`,
        `-A FORWARD -i ${br} -o ${br} -j ACCEPT`,
        "-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "-A FORWARD -o docker0 -j DOCKER",
        "-A FORWARD -i docker0 ! -o docker0 -j ACCEPT",
        "-A FORWARD -i docker0 -o docker0 -j ACCEPT",
      ].join("\n"),
    );
    expect(get("iptables -t nat -S POSTROUTING")).toBe(
      `-P POSTROUTING ACCEPT\n-A POSTROUTING -s 172.18.0.0/16 ! -o ${br} -j MASQUERADE\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`,
    );
    expect(
      get("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' mynet"),
    ).toBe("172.18.0.0/16 172.18.0.1");
  });
});

describe("signals, exec ids and a daemon without a bridge", () => {
  const out = outputs(`docker pull busybox
docker pull k8s.gcr.io/pause:3.6
docker run -d --name pause k8s.gcr.io/pause:3.6
docker run -d --name s1 --pid=container:pause busybox sleep 1000
docker run -d --name s2 busybox sleep 1000
docker exec -d s2 sleep 5
docker inspect -f '{{.ExecIDs}}' s2
sleep 6
docker inspect -f '{{.ExecIDs}}' s2
docker exec s2 true
docker inspect -f '{{.ExecIDs}}' s2
docker kill -s TERM s1 s2
docker ps -a --format '{{.Names}} {{.Status}}'
docker run --rm busybox nosuch
`);
  const one = (c: string) => out.get(c)![0];
  it("SIGTERM ends a process that is not its pid namespace's PID 1 (143); PID 1 ignores it", () => {
    expect(one("docker ps -a --format '{{.Names}} {{.Status}}'").output).toMatch(
      /^s2 Up \d+ seconds\ns1 Exited \(143\) Less than a second ago\npause Up \d+ seconds$/,
    );
  });
  it("a container lists an exec only while it runs", () => {
    expect(out.get("docker inspect -f '{{.ExecIDs}}' s2")!.map((r) => r.output)).toEqual([
      expect.stringMatching(/^\[[0-9a-f]{64}\]$/),
      "<nil>",
      "<nil>",
    ]);
  });
  it("a program the image lacks fails as runc 1.1 under containerd 1.6 fails", () => {
    expect(strip(one("docker run --rm busybox nosuch").output)).toBe(
      'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown.\nERRO[0000] error waiting for container: context canceled ',
    );
  });
  it("--bridge=none (a cluster node): the default network is disabled, the container has lo alone", () => {
    const k = outputs(`#@cluster demo nodes=2 pod-network=172.16.0.0/16
#@machine k8s-w1
docker run -d --name bb busybox sleep 1000
docker exec bb ip -br addr
docker inspect -f '{{.NetworkSettings.SandboxID}}|{{.NetworkSettings.SandboxKey}}|{{.NetworkSettings.IPAddress}}|{{.HostConfig.NetworkMode}}' bb
docker rm -f bb
lsns -t net -o NS,NPROCS,COMMAND
`);
    expect(k.get("docker run -d --name bb busybox sleep 1000")![0].exit).toBe(0);
    expect(k.get("docker exec bb ip -br addr")![0].output).toBe(
      "lo               UNKNOWN        127.0.0.1/8 ::1/128 ",
    );
    expect(
      k.get(
        "docker inspect -f '{{.NetworkSettings.SandboxID}}|{{.NetworkSettings.SandboxKey}}|{{.NetworkSettings.IPAddress}}|{{.HostConfig.NetworkMode}}' bb",
      )![0].output,
    ).toBe("|||default");
    expect(k.get("lsns -t net -o NS,NPROCS,COMMAND")![0].output.split("\n")).toHaveLength(2);
  });
});

describe("nginx:alpine", () => {
  it("was built on Alpine 3.18 (its start-up log names that gcc)", () => {
    const out = outputs(`docker run -d --name web nginx:alpine
docker logs web 2>&1 | grep gcc
`);
    expect(out.get("docker logs web 2>&1 | grep gcc")![0].output).toMatch(
      /\[notice\] 1#1: built by gcc 12\.2\.1 20220924 \(Alpine 12\.2\.1_git20220924-r10\) $/,
    );
  });
});
