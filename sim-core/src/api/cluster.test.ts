/**
 * The canvas's "create a cluster" action through the Session API: validation, the directive it
 * records, a replay that rebuilds the same cluster, and terminals inside containers.
 */
import { describe, expect, it } from "vitest";
import { Session } from "./session";
import { checkCluster, clusterMachines, clusterStep, ClusterError } from "./cluster";

describe("Session: clusters and containers", () => {
  it("validates, applies and records a cluster; a replay rebuilds it", () => {
    expect(() => checkCluster({ name: "x", nodes: 0, podNetwork: "10.244.0.0/16" })).toThrow(ClusterError);
    const s = new Session();
    s.directive(clusterStep({ name: "demo", nodes: 2, podNetwork: "172.16.0.0/16" }));
    expect(s.script()).toBe("#@cluster demo nodes=2 pod-network=172.16.0.0/16\n");
    expect(clusterMachines(2)).toEqual(["k8s-m", "k8s-w1"]);
    expect(s.machines()).toEqual(expect.arrayContaining(["k8s-m", "k8s-w1"]));
    let out = "";
    s.runSync(
      "k8s-m",
      "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\nEOF",
      (c) => (out += c),
    );
    expect(out).toBe("pod/web created\n");
    s.runSync("k8s-m", "sleep 1");
    const replay = new Session({ script: s.script() });
    let got = "";
    replay.runSync("k8s-m", "kubectl get pods -o jsonpath='{.items[*].status.podIP}'", (c) => (got += c));
    expect(got).toBe("172.16.1.2");
    const snap = replay.snapshot();
    expect(snap.machines.map((m) => m.name)).toEqual(expect.arrayContaining(["k8s-m", "k8s-w1"]));
    // the canvas names a pod's namespace after the pod
    const w1 = snap.machines.find((m) => m.name === "k8s-w1")!;
    expect(w1.namespaces.filter((n) => n.kind === "anonymous").map((n) => n.holder)).toEqual(["pod web"]);
  });

  it("a container's namespace is named after the container", () => {
    const s = new Session();
    s.runSync("host", "docker run -d --name web nginx");
    s.runSync("host", "docker run -d --name side --net=container:web busybox sleep 1000");
    const holders = () =>
      s
        .snapshot()
        .machines.find((m) => m.name === "host")!
        .namespaces.filter((n) => n.kind === "anonymous")
        .map((n) => n.holder);
    expect(holders()).toEqual(["container web"]);
    s.runSync("host", "docker rm -f side web");
    expect(holders()).toEqual([]);
  });

  it("a terminal that enters a container shows its prompt and leaves it with exit", () => {
    const s = new Session();
    s.runSync("host", "docker run -dit --name box busybox");
    s.runSync("host", "docker exec -it box sh");
    expect(s.prompt("host")).toBe("/ # ");
    let h = "";
    s.runSync("host", "hostname", (c) => (h += c));
    expect(h).toMatch(/^[0-9a-f]{12}\n$/);
    s.runSync("host", "exit");
    expect(s.prompt("host")).toBe("root@host:~# ");
  });
});
