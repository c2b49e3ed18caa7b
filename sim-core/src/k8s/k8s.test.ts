/**
 * Kubernetes pieces checked against their sources' definitions (go-yaml v2 via sigs.k8s.io/yaml,
 * client-go's jsonpath, apimachinery's HumanDuration, kubectl's pod STATUS), then kubectl and the
 * cluster end to end through lab scripts.
 */
import { describe, expect, it } from "vitest";
import { parseYaml, parseYamlAll, toYaml } from "./yaml";
import { jsonpath } from "./jsonpath";
import { age, podStatus } from "./kubectl";
import { parseClusterArgs, ClusterError } from "./directive";
import { runLab } from "../lab/runner";
import { parseTranscript } from "../lab/compare";

const S = 1e9;

describe("YAML", () => {
  it("reads a pod manifest: block sequences at their key's indentation, flow lists, comments", () => {
    const doc = parseYaml(`apiVersion: v1   # the core group
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: "1"}
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
  - name: sh
    image: busybox
    command: ["sh", "-c", 'echo hi; sleep 3600']
    tty: true
`) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(doc.metadata.labels).toEqual({ app: "web", tier: "1" });
    expect(doc.spec.containers[0].ports[0].containerPort).toBe(80);
    expect(doc.spec.containers[1].command).toEqual(["sh", "-c", "echo hi; sleep 3600"]);
    expect(doc.spec.containers[1].tty).toBe(true);
  });
  it("reads documents and block scalars", () => {
    const docs = parseYamlAll("a: |\n  x\n  y\nb: >-\n  p\n  q\n---\nc: 1\n");
    expect(docs).toEqual([{ a: "x\ny\n", b: "p q" }, { c: 1 }]);
  });
  it("writes as kubectl -o yaml does", () => {
    expect(
      toYaml({
        metadata: {
          name: "x",
          creationTimestamp: "2024-01-01T00:00:00Z",
          annotations: { ttl: "0", on: "true", json: '{"a":1}' },
        },
        spec: { containers: [{ name: "c", resources: {}, args: ["a b"] }] },
        status: {},
        data: { "f.json": '{\n  "x": 1\n}\n' },
      }),
    ).toBe(
      `data:
  f.json: |
    {
      "x": 1
    }
metadata:
  annotations:
    json: '{"a":1}'
    "on": "true"
    ttl: "0"
  creationTimestamp: "2024-01-01T00:00:00Z"
  name: x
spec:
  containers:
  - args:
    - a b
    name: c
    resources: {}
status: {}
`,
    );
  });
});

describe("jsonpath", () => {
  const list = {
    items: [
      { metadata: { name: "a" }, spec: { podCIDR: "10.0.0.0/24" } },
      { metadata: { name: "b" }, spec: { podCIDR: "10.0.1.0/24" } },
    ],
  };
  it("selects, joins with spaces, ranges, filters", () => {
    expect(jsonpath("{.items[*].spec.podCIDR}", list)).toBe("10.0.0.0/24 10.0.1.0/24");
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\t"}{.spec.podCIDR}{"\\n"}{end}', list)).toBe(
      "a\t10.0.0.0/24\nb\t10.0.1.0/24\n",
    );
    expect(jsonpath('{.items[?(@.metadata.name=="b")].spec.podCIDR}', list)).toBe("10.0.1.0/24");
    expect(jsonpath("{.items[0].metadata}", list)).toBe('{"name":"a"}');
    expect(jsonpath("{.items[*].nope}", list)).toBe("");
    expect(jsonpath("{..name}", list)).toBe("a b");
  });
});

describe("kubectl's columns", () => {
  it("AGE (duration.HumanDuration)", () => {
    expect(age(5 * S)).toBe("5s");
    expect(age(119 * S)).toBe("119s");
    expect(age(150 * S)).toBe("2m30s");
    expect(age(600 * S)).toBe("10m");
    expect(age(3 * 3600 * S + 60 * S)).toBe("3h1m");
    expect(age(50 * 3600 * S)).toBe("2d2h");
  });
  it("STATUS and RESTARTS (printPod)", () => {
    const pod = (state: object, restarts = 0, extra: object = {}) => ({
      metadata: { name: "p" },
      spec: { containers: [{ name: "c" }] },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "c", ready: "running" in state, restartCount: restarts, state, ...extra },
        ],
      },
      _now: 100 * S,
    });
    expect(podStatus(pod({ running: {} }))).toEqual({ ready: "1/1", status: "Running", restarts: "0" });
    expect(podStatus(pod({ waiting: { reason: "ContainerCreating" } })).status).toBe("ContainerCreating");
    expect(podStatus(pod({ terminated: { reason: "Completed", exitCode: 0 } })).status).toBe("Completed");
    expect(
      podStatus(
        pod({ waiting: { reason: "CrashLoopBackOff" } }, 2, {
          lastState: { terminated: { finishedAt: "2024-01-01T00:01:30Z" } },
        }),
      ),
    ).toEqual({ ready: "0/1", status: "CrashLoopBackOff", restarts: "2 (10s ago)" });
  });
});

describe("#@cluster", () => {
  it("checks its arguments", () => {
    expect(parseClusterArgs(["demo", "nodes=3", "pod-network=172.16.0.0/16"])).toEqual({
      name: "demo",
      nodes: 3,
      podNetwork: "172.16.0.0/16",
    });
    expect(() => parseClusterArgs(["demo", "nodes=3", "pod-network=172.16.0.1/16"])).toThrow(ClusterError);
    expect(() => parseClusterArgs(["demo", "size=3"])).toThrow(/unknown option/);
  });
});

function outputs(script: string): Map<string, { output: string; exit: number }[]> {
  const m = new Map<string, { output: string; exit: number }[]>();
  for (const b of parseTranscript(runLab(script).transcript)) {
    const l = m.get(b.command) ?? [];
    l.push({ output: b.output, exit: b.exit });
    m.set(b.command, l);
  }
  return m;
}

describe("kubectl on a cluster", () => {
  const out = outputs(`#@cluster demo nodes=3 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl get nodes
kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'
kubectl run web --image=nginx
kubectl run bad --image=nosuchimage
kubectl get pods
kubectl get pods -o wide
kubectl get pod nope
kubectl create -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
EOF
kubectl logs web
kubectl exec web -- ip addr
kubectl delete pod web
kubectl get pods
kubectl get deploy
#@machine k8s-w1
kubectl get nodes
`);
  const one = (c: string) => out.get(c)![0];
  it("lists the nodes with their roles and pod CIDRs", () => {
    expect(one("kubectl get nodes").output).toBe(
      "NAME     STATUS   ROLES                  AGE   VERSION\nk8s-m    Ready    control-plane,master   0s    v1.23.17\nk8s-w1   Ready    <none>                 0s    v1.23.17\nk8s-w2   Ready    <none>                 0s    v1.23.17",
    );
    expect(one("kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'").output).toBe(
      "172.16.0.0/24 172.16.1.0/24 172.16.2.0/24",
    );
  });
  it("schedules pods off the tainted control plane, spread over the workers", () => {
    const wide = one("kubectl get pods -o wide").output.split("\n");
    expect(wide[0]).toMatch(
      /^NAME {3}READY {3}STATUS +RESTARTS {3}AGE {3}IP {11}NODE {5}NOMINATED NODE {3}READINESS GATES$/,
    );
    expect(wide[1]).toMatch(
      /^bad {4}0\/1 {5}(ErrImagePull|ImagePullBackOff) +0 +\d+s +172\.16\.\d\.2 +k8s-w\d /,
    );
    expect(wide[2]).toMatch(/^web {4}1\/1 {5}Running +0 +\d+s +172\.16\.\d\.2 +k8s-w\d /);
  });
  it("answers with kubectl's errors", () => {
    expect(one("kubectl get pod nope")).toEqual({
      output: 'Error from server (NotFound): pods "nope" not found',
      exit: 1,
    });
    // (a transcript prints the here-document's body after the command line)
    expect(out.get([...out.keys()].find((k) => k.startsWith("kubectl create -f -"))!)![0].output).toMatch(
      /\nEOF\nError from server \(AlreadyExists\): error when creating "STDIN": pods "web" already exists$/,
    );
    expect(one("kubectl exec web -- ip addr")).toEqual({
      output:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "ip": executable file not found in $PATH: unknown\ncommand terminated with exit code 126',
      exit: 126,
    });
    expect(one("kubectl get deploy").output).toBe('error: the server doesn\'t have a resource type "deploy"');
    expect(out.get("kubectl get nodes")![1]).toEqual({
      output:
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
      exit: 1,
    });
  });
  it("shows nginx's log and deletes the pod", () => {
    expect(one("kubectl logs web").output).toContain("[notice] 1#1: start worker process 29");
    expect(one("kubectl delete pod web").output).toBe('pod "web" deleted');
    expect(out.get("kubectl get pods")![1].output).not.toContain("web");
  });
});

describe("kubelet and kubectl as a learner meets them", () => {
  const out = outputs(`#@cluster demo nodes=2 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: netshoot
    image: nicolaka/netshoot
    command: ["sleep", "infinity"]
EOF
kubectl describe pod two | sed -n '/^Events/,$p' | awk '{print $2, $NF}'
kubectl delete pod two
kubectl run sleeper --image=busybox -- sleep infinity
kubectl delete pod sleeper
kubectl run -it --rm once --image=busybox --restart=Never -- echo hi
kubectl run -it --rm fails --image=busybox --restart=Never -- sh -c 'echo bye; exit 3'
kubectl run nope --image=busybox --restart=Never -- nosuch
kubectl get pod nope
kubectl describe pod nope | grep -E '(Started|Failed) .*kubelet'
kubectl get events | awk '{print $4}' | uniq
#@machine k8s-w1
cat /etc/cni/net.d/10-flannel.conflist
`);
  const one = (c: string) => out.get(c)![0];
  it("starts a pod's containers one after the other, each pulled before it is created", () => {
    expect(one("kubectl describe pod two | sed -n '/^Events/,$p' | awk '{print $2, $NF}'").output).toBe(
      [
        " Events:",
        "Reason Message",
        "------ -------",
        "Scheduled k8s-w1",
        'Pulling "nginx"',
        "Pulled 200ms",
        "Created nginx",
        "Started nginx",
        'Pulling "nicolaka/netshoot"',
        "Pulled 200ms",
        "Created netshoot",
        "Started netshoot",
      ].join("\n"),
    );
  });
  it("kubectl delete prints the deletion, then waits: sleep as PID 1 keeps a pod for its grace period", () => {
    // with shareProcessNamespace, sleep is not PID 1: SIGTERM ends it at once
    expect(one("kubectl delete pod two")).toEqual({ output: 'pod "two" deleted', exit: 0 });
    // alone, it ignores SIGTERM: the 30 s grace period outlasts the oracle's 15 s
    expect(one("kubectl delete pod sleeper")).toEqual({ output: 'pod "sleeper" deleted', exit: 124 });
  });
  it("kubectl run -i of a pod that completes prints its logs, deletes it, and exits with its code", () => {
    expect(one("kubectl run -it --rm once --image=busybox --restart=Never -- echo hi")).toEqual({
      output: 'hi\npod "once" deleted',
      exit: 0,
    });
    expect(
      one("kubectl run -it --rm fails --image=busybox --restart=Never -- sh -c 'echo bye; exit 3'"),
    ).toEqual({ output: 'bye\npod "fails" deleted\npod default/fails terminated (Error)', exit: 3 });
  });
  it("a program the image lacks: Failed (not Started) and ContainerCannotRun", () => {
    expect(one("kubectl get pod nope").output).toMatch(/^NAME .*\nnope +0\/1 +ContainerCannotRun +0 /);
    expect(one("kubectl describe pod nope | grep -E '(Started|Failed) .*kubelet'").output).toMatch(
      /^ +Warning +Failed +\d+s +kubelet +Error: failed to start container "[0-9a-f]{64}": Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH: unknown$/,
    );
  });
  it("kubectl get events lists by event name: the object's name, then time", () => {
    expect(one("kubectl get events | awk '{print $4}' | uniq").output).toBe(
      "REASON\npod/fails\npod/nope\npod/once\npod/sleeper\npod/two",
    );
  });
  it("kube-flannel's install-cni left the conflist in /etc/cni/net.d", () => {
    expect(one("cat /etc/cni/net.d/10-flannel.conflist").output).toContain('"type": "flannel"');
  });
});

describe("kubectl get --field-selector", () => {
  it("selects pods by node, phase and name as the API server does", () => {
    const out = outputs(`#@cluster demo nodes=3 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl run a --image=nginx
kubectl run b --image=nginx
kubectl get po -A --field-selector spec.nodeName=k8s-w1 -o name
kubectl get pods --field-selector status.phase=Running,metadata.name!=a -o name
kubectl get pods --field-selector spec.foo=x
`);
    expect(out.get("kubectl get po -A --field-selector spec.nodeName=k8s-w1 -o name")![0].output).toMatch(
      /^pod\/a\npod\/kube-flannel-ds-\w{5}$/,
    );
    expect(
      out.get("kubectl get pods --field-selector status.phase=Running,metadata.name!=a -o name")![0].output,
    ).toBe("pod/b");
    expect(out.get("kubectl get pods --field-selector spec.foo=x")![0]).toEqual({
      output:
        'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=x": field label not supported: spec.foo',
      exit: 1,
    });
  });
});

describe("kubectl's verbs", () => {
  it("suggests as cobra does, and says which real commands are not modelled", () => {
    const out = outputs(`#@cluster demo nodes=2 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl gt pods
kubectl frobnicate
kubectl label pod x a=b
`);
    expect(out.get("kubectl gt pods")![0]).toEqual({
      output: `error: unknown command "gt" for "kubectl"\n\nDid you mean this?\n\tcp\n\tget\n\tset`,
      exit: 1,
    });
    expect(out.get("kubectl frobnicate")![0].output).toBe(
      `error: unknown command "frobnicate" for "kubectl"`,
    );
    expect(out.get("kubectl label pod x a=b")![0]).toEqual({
      output: "error: kubectl label: not modelled by the simulator",
      exit: 1,
    });
  });
});
