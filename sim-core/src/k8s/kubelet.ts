/**
 * kubelet v1.23 with dockershim, per node: a pod handed to it gets a sandbox — the pause
 * container `k8s_POD_<pod>_<ns>_<uid>_0` (network none, or host for hostNetwork pods; the pod's
 * name as hostname) — then CNI ADD in the pause container's network namespace, then each
 * container `k8s_<name>_<pod>_<ns>_<uid>_<restarts>` joining the sandbox's network and IPC
 * namespaces (and its pid namespace with shareProcessNamespace), with the kubelet-managed
 * /etc/hosts and the cluster's resolv.conf. Images are pulled once per node (0.2 s). A
 * container that exits is restarted as restartPolicy says, with the 10 s doubling back-off
 * (CrashLoopBackOff). Deleting a pod stops its containers (SIGTERM, SIGKILL after the grace
 * period), tears the network down (CNI DEL) and stops the sandbox.
 */
import type { Ip4 } from "../util/brand";
import { ip4Str } from "../util/inet";
import { NS_PER_MS, NS_PER_S } from "../engine/scheduler";
import type { Wait } from "../shell/types";
import { Driver } from "../shell/driver";
import { socketsOf } from "../sockets/table";
import { DockerError, type Container, type RunOptions } from "../docker/engine";
import { IMAGES, findImage, parseRef, type ImageSpec } from "../docker/images";
import { timestamp, type Obj } from "./api";
import { cniAdd, cniDel, CniError } from "./cni";
import type { NodeRt } from "./cluster";
import { PAUSE_IMAGE } from "./cluster";

const PULL_TIME = 200 * NS_PER_MS;
const SYNC_DELAY = 50 * NS_PER_MS;

export interface PodRt {
  pod: Obj;
  sandbox?: Container;
  ip?: Ip4;
  containers: Map<string, Container>;
  restarts: Map<string, number>;
  /** Container name → a pending restart. */
  backoff: Map<string, number>;
  deleting: boolean;
  gone: boolean;
}

/** Go's time.Duration.String() for the durations kubelet reports. */
function goDuration(ns: number): string {
  if (ns < 1e6) return `${ns / 1000}µs`;
  if (ns < 1e9) return `${+(ns / 1e6).toFixed(6)}ms`;
  return `${+(ns / 1e9).toFixed(9)}s`;
}

function key(pod: Obj): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

export class Kubelet {
  readonly pods = new Map<string, PodRt>();
  private readonly byUid = new Map<string, PodRt>();
  pid = 0;

  constructor(readonly node: NodeRt) {}

  get api() {
    return this.node.cluster.api;
  }

  get now() {
    return this.node.now;
  }

  podCount(): number {
    let n = 0;
    for (const p of this.pods.values()) if (!p.gone && !p.pod.spec.hostNetwork) n++;
    return n;
  }

  pod(ns: string, name: string): PodRt | undefined {
    return this.pods.get(`${ns}/${name}`);
  }

  prePull(repo: string): void {
    const img = IMAGES.find((i) => i.repo === repo);
    if (img) this.node.engine.pulled.add(img);
  }

  /** The kubelet process and what dockershim changes in the containers it creates. */
  start(): void {
    const m = this.node.machine;
    const p = m.spawn(
      [
        "/usr/bin/kubelet",
        "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf",
        "--kubeconfig=/etc/kubernetes/kubelet.conf",
        "--config=/var/lib/kubelet/config.yaml",
        "--network-plugin=cni",
        `--pod-infra-container-image=${PAUSE_IMAGE}`,
      ],
      m.root,
      { ppid: 1 },
    );
    this.pid = p.pid;
    const table = socketsOf(m.root);
    for (const [addr, port] of [
      [0x7f000001, 10248],
      [0, 10250],
    ]) {
      const sk = table.tcpSocket();
      sk.owners.push({ comm: "kubelet", pid: p.pid, fd: 20 + (port % 10) });
      if (!sk.bind(addr, port)) sk.listen(4096);
    }
    this.node.engine.etcOverride = (c) => this.etcFor(c);
  }

  private etcFor(c: Container): { hosts?: string; resolv?: string } | undefined {
    const uid = c.opts.labels?.["io.kubernetes.pod.uid"];
    if (!uid) return undefined;
    const prt = this.byUid.get(uid);
    if (!prt) return undefined;
    const pod = prt.pod;
    const hostNet = !!pod.spec.hostNetwork;
    const m = this.node.machine;
    const resolv = hostNet
      ? (m.files.get("/etc/resolv.conf") ?? "")
      : `nameserver 10.96.0.10\nsearch ${pod.metadata.namespace}.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n`;
    if (c.opts.labels?.["io.kubernetes.docker.type"] !== "container") return { resolv };
    const hosts = hostNet
      ? `# Kubernetes-managed hosts file (host network).\n${m.files.get("/etc/hosts") ?? ""}`
      : "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n" +
        (prt.ip !== undefined ? `${ip4Str(prt.ip)}\t${pod.metadata.name}\n` : "");
    return { hosts, resolv };
  }

  /** A pod bound to this node: its status starts as ContainerCreating; the sync follows shortly. */
  admit(pod: Obj, immediate = pod.metadata.namespace === "kube-system"): void {
    const prt: PodRt = {
      pod,
      containers: new Map(),
      restarts: new Map(),
      backoff: new Map(),
      deleting: false,
      gone: false,
    };
    this.pods.set(key(pod), prt);
    this.byUid.set(pod.metadata.uid, prt);
    const ts = timestamp(this.now);
    pod.status = {
      conditions: [
        { lastProbeTime: null, lastTransitionTime: ts, status: "True", type: "Initialized" },
        {
          lastProbeTime: null,
          lastTransitionTime: ts,
          message: `containers with unready status: [${pod.spec.containers.map((c: Obj) => c.name).join(" ")}]`,
          reason: "ContainersNotReady",
          status: "False",
          type: "Ready",
        },
        {
          lastProbeTime: null,
          lastTransitionTime: ts,
          message: `containers with unready status: [${pod.spec.containers.map((c: Obj) => c.name).join(" ")}]`,
          reason: "ContainersNotReady",
          status: "False",
          type: "ContainersReady",
        },
        { lastProbeTime: null, lastTransitionTime: ts, status: "True", type: "PodScheduled" },
      ],
      containerStatuses: pod.spec.containers.map((c: Obj) => ({
        image: c.image,
        imageID: "",
        lastState: {},
        name: c.name,
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: "ContainerCreating" } },
      })),
      hostIP: ip4Str(this.node.ip),
      phase: "Pending",
      qosClass: pod.spec.containers.some((c: Obj) => c.resources?.requests || c.resources?.limits)
        ? "Burstable"
        : "BestEffort",
      startTime: ts,
    };
    if (immediate) this.sync(prt);
    else this.node.machine.world.sched.after(SYNC_DELAY, () => this.sync(prt));
  }

  private event(prt: PodRt, type: "Normal" | "Warning", reason: string, message: string): void {
    const pod = prt.pod;
    if (pod.metadata.namespace === "kube-system" && type === "Normal") return;
    this.api.event(pod.metadata.namespace, `Pod/${pod.metadata.name}`, type, reason, "kubelet", message);
  }

  private labels(prt: PodRt, container: string, type: "podsandbox" | "container"): Record<string, string> {
    const md = prt.pod.metadata;
    const l: Record<string, string> = {
      "io.kubernetes.docker.type": type,
      "io.kubernetes.pod.name": md.name,
      "io.kubernetes.pod.namespace": md.namespace,
      "io.kubernetes.pod.uid": md.uid,
    };
    if (type === "container") {
      l["io.kubernetes.container.name"] = container;
      l["io.kubernetes.sandbox.id"] = prt.sandbox?.id ?? "";
    } else {
      l["io.kubernetes.container.name"] = "POD";
      for (const [k, v] of Object.entries(md.labels ?? {})) l[k] = String(v);
    }
    return l;
  }

  private opts(image: ImageSpec, ref: string, name: string, extra: Partial<RunOptions>): RunOptions {
    return {
      image,
      imageRef: ref,
      name,
      tty: false,
      openStdin: false,
      detach: true,
      autoRemove: false,
      networkMode: "none",
      ipcMode: "shareable",
      pidMode: "",
      publish: [],
      ...extra,
    };
  }

  /** SyncPod: the sandbox and the network, then the containers. */
  private sync(prt: PodRt): void {
    if (prt.deleting || prt.gone) return;
    const pod = prt.pod;
    const e = this.node.engine;
    const md = pod.metadata;
    const hostNet = !!pod.spec.hostNetwork;
    if (!prt.sandbox) {
      const pause = findImage("k8s.gcr.io/pause", "3.6")!;
      e.pulled.add(pause);
      try {
        const sb = e.create(
          this.opts(pause, PAUSE_IMAGE, `k8s_POD_${md.name}_${md.namespace}_${md.uid}_0`, {
            networkMode: hostNet ? "host" : "none",
            hostname: hostNet ? undefined : md.name,
            labels: this.labels(prt, "POD", "podsandbox"),
          }),
        );
        prt.sandbox = sb;
        e.startContainer(sb);
      } catch (err) {
        if (!(err instanceof DockerError)) throw err;
        this.event(prt, "Warning", "FailedCreatePodSandBox", `Failed to create pod sandbox: ${err.message}`);
        return;
      }
      if (!hostNet) {
        try {
          const r = cniAdd(this.node.machine, prt.sandbox.id, prt.sandbox.netns!);
          prt.ip = r.ip;
        } catch (err) {
          if (!(err instanceof CniError)) throw err;
          this.event(
            prt,
            "Warning",
            "FailedCreatePodSandBox",
            `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "${prt.sandbox.id}" network for pod "${md.name}": networkPlugin cni failed to set up pod "${md.name}_${md.namespace}" network: ${err.message}`,
          );
          return;
        }
      } else prt.ip = this.node.ip;
      pod.status.podIP = ip4Str(prt.ip!);
      pod.status.podIPs = [{ ip: ip4Str(prt.ip!) }];
    }
    // kuberuntime's SyncPod starts the containers one after the other: a container whose image is
    // being pulled holds back the ones after it (a failed pull does not)
    for (const c of pod.spec.containers) {
      if (prt.backoff.get(c.name) === 0) break;
      if (prt.containers.has(c.name) || prt.backoff.has(c.name)) continue;
      this.startContainer(prt, c);
      if (prt.backoff.get(c.name) === 0) break;
    }
    this.api.touch("Pod", pod);
  }

  private status(prt: PodRt, name: string): Obj {
    return prt.pod.status.containerStatuses.find((s: Obj) => s.name === name);
  }

  private startContainer(prt: PodRt, spec: Obj, justPulled = false): void {
    const e = this.node.engine;
    const ref = parseRef(spec.image);
    const image = ref ? findImage(ref.repo, ref.tag) : undefined;
    const st = this.status(prt, spec.name);
    const full = ref ? `${ref.repo}:${ref.tag}` : spec.image;
    if (!image) {
      this.event(prt, "Normal", "Pulling", `Pulling image "${spec.image}"`);
      const msg = `rpc error: code = Unknown desc = Error response from daemon: pull access denied for ${ref?.repo ?? spec.image}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
      this.event(prt, "Warning", "Failed", `Failed to pull image "${spec.image}": ${msg}`);
      this.event(prt, "Warning", "Failed", "Error: ErrImagePull");
      st.state = { waiting: { message: msg, reason: "ErrImagePull" } };
      prt.backoff.set(spec.name, 1);
      this.node.machine.world.sched.after(10 * NS_PER_S, () => {
        if (prt.gone || prt.deleting) return;
        st.state = {
          waiting: { message: `Back-off pulling image "${spec.image}"`, reason: "ImagePullBackOff" },
        };
        this.event(prt, "Normal", "BackOff", `Back-off pulling image "${spec.image}"`);
        this.event(prt, "Warning", "Failed", "Error: ImagePullBackOff");
      });
      this.api.touch("Pod", prt.pod);
      return;
    }
    const pulled = e.pulled.has(image);
    if (!pulled && spec.imagePullPolicy !== "Never") {
      this.event(prt, "Normal", "Pulling", `Pulling image "${spec.image}"`);
      prt.backoff.set(spec.name, 0);
      this.node.machine.world.sched.after(PULL_TIME, () => {
        prt.backoff.delete(spec.name);
        if (prt.gone || prt.deleting) return;
        e.pulled.add(image);
        this.event(
          prt,
          "Normal",
          "Pulled",
          `Successfully pulled image "${spec.image}" in ${goDuration(PULL_TIME)}`,
        );
        this.startContainer(prt, spec, true);
        this.sync(prt);
      });
      return;
    }
    if (pulled && !justPulled && prt.restarts.get(spec.name) === undefined)
      this.event(prt, "Normal", "Pulled", `Container image "${spec.image}" already present on machine`);
    const restarts = prt.restarts.get(spec.name) ?? 0;
    const sb = prt.sandbox!;
    const md = prt.pod.metadata;
    const sbMode = `container:${sb.id}`;
    const ctr = e.create(
      this.opts(image, spec.image, `k8s_${spec.name}_${md.name}_${md.namespace}_${md.uid}_${restarts}`, {
        networkMode: sbMode,
        ipcMode: sbMode,
        pidMode: prt.pod.spec.shareProcessNamespace ? sbMode : "",
        utsMode: prt.pod.spec.hostNetwork ? "host" : undefined,
        entrypoint: spec.command,
        cmd: spec.args ?? (spec.command ? [] : undefined),
        env: (spec.env ?? []).map((v: Obj) => `${v.name}=${v.value ?? ""}`),
        tty: !!spec.tty,
        openStdin: !!spec.stdin,
        workdir: spec.workingDir,
        labels: this.labels(prt, spec.name, "container"),
        imageById: true,
      }),
    );
    this.event(prt, "Normal", "Created", `Created container ${spec.name}`);
    prt.containers.set(spec.name, ctr);
    ctr.onExit = (status) => this.exited(prt, spec, ctr, status);
    try {
      e.startContainer(ctr);
    } catch (err) {
      if (!(err instanceof DockerError)) throw err;
      this.event(prt, "Warning", "Failed", `Error: ${err.message}`);
      return;
    }
    st.containerID = `docker://${ctr.id}`;
    st.image = full;
    st.imageID = `docker-pullable://${image.repo}@sha256:${image.digest}`;
    // runc could not execute the program: dockershim's StartContainer fails
    if (ctr.error) {
      this.event(
        prt,
        "Warning",
        "Failed",
        `Error: failed to start container "${ctr.id}": Error response from daemon: ${ctr.error}`,
      );
      return;
    }
    // docker start succeeded: Started, even when the program has already exited
    this.event(prt, "Normal", "Started", `Started container ${spec.name}`);
    if (!ctr.running) return;
    st.ready = true;
    st.started = true;
    st.restartCount = restarts;
    st.state = { running: { startedAt: timestamp(this.now) } };
    this.refreshPhase(prt);
  }

  private refreshPhase(prt: PodRt): void {
    const pod = prt.pod;
    const sts: Obj[] = pod.status.containerStatuses;
    const allRunning = sts.every((s) => s.state.running);
    const ts = timestamp(this.now);
    const set = (type: string, ok: boolean) => {
      const c = pod.status.conditions.find((x: Obj) => x.type === type);
      if (!c) return;
      const want = ok ? "True" : "False";
      if (c.status !== want) {
        c.status = want;
        c.lastTransitionTime = ts;
      }
      if (ok) {
        delete c.message;
        delete c.reason;
      } else {
        c.reason = "ContainersNotReady";
        c.message = `containers with unready status: [${sts
          .filter((s) => !s.ready)
          .map((s) => s.name)
          .join(" ")}]`;
      }
    };
    set("Ready", allRunning);
    set("ContainersReady", allRunning);
    if (allRunning) pod.status.phase = "Running";
    else if (sts.every((s) => s.state.terminated)) {
      const failed = sts.some((s) => s.state.terminated.exitCode !== 0);
      if (pod.spec.restartPolicy === "Never" || (pod.spec.restartPolicy === "OnFailure" && !failed))
        pod.status.phase = failed ? "Failed" : "Succeeded";
    }
    this.api.touch("Pod", pod);
  }

  private exited(prt: PodRt, spec: Obj, ctr: Container, status: number): void {
    if (prt.gone) return;
    const st = this.status(prt, spec.name);
    const started = st.state.running?.startedAt ?? timestamp(this.now);
    const term: Obj = {
      containerID: `docker://${ctr.id}`,
      exitCode: status,
      finishedAt: timestamp(this.now),
      // dockershim: a container with State.Error could not run
      reason: ctr.error ? "ContainerCannotRun" : status === 0 ? "Completed" : "Error",
      startedAt: started,
    };
    if (ctr.error) term.message = ctr.error;
    st.ready = false;
    st.started = false;
    st.state = { terminated: term };
    if (prt.deleting) return;
    const policy = prt.pod.spec.restartPolicy ?? "Always";
    const restart = policy === "Always" || (policy === "OnFailure" && status !== 0);
    this.refreshPhase(prt);
    if (!restart) return;
    const n = (prt.restarts.get(spec.name) ?? 0) + 1;
    const delay = n === 1 ? 0 : Math.min(10 * 2 ** (n - 2), 300) * NS_PER_S;
    prt.backoff.set(spec.name, n);
    const go = () => {
      prt.backoff.delete(spec.name);
      if (prt.gone || prt.deleting) return;
      prt.restarts.set(spec.name, n);
      st.lastState = { terminated: term };
      // the dead container of the previous attempt is removed
      const old = prt.containers.get(spec.name);
      if (old && this.node.engine.containers.includes(old)) this.node.engine.removeContainer(old);
      prt.containers.delete(spec.name);
      this.startContainer(prt, spec);
      st.restartCount = n;
      this.api.touch("Pod", prt.pod);
    };
    if (delay === 0) {
      this.node.machine.world.sched.after(SYNC_DELAY, go);
      return;
    }
    st.lastState = { terminated: term };
    st.restartCount = n - 1;
    st.state = {
      waiting: {
        message: `back-off ${delay / NS_PER_S}s restarting failed container=${spec.name} pod=${prt.pod.metadata.name}_${prt.pod.metadata.namespace}(${prt.pod.metadata.uid})`,
        reason: "CrashLoopBackOff",
      },
    };
    this.event(prt, "Warning", "BackOff", "Back-off restarting failed container");
    this.node.machine.world.sched.after(delay, go);
    this.api.touch("Pod", prt.pod);
  }

  /** KillPod: containers (grace period), CNI DEL, the sandbox; then the API object goes. */
  *kill(prt: PodRt, grace?: number): Generator<Wait, void, void> {
    if (prt.deleting) {
      yield { until: Infinity, cond: () => prt.gone };
      return;
    }
    prt.deleting = true;
    const e = this.node.engine;
    const g = grace ?? prt.pod.spec.terminationGracePeriodSeconds ?? 30;
    const ctrs = [...prt.containers.values()].filter((c) => c.running);
    for (const c of ctrs) this.event(prt, "Normal", "Killing", `Stopping container ${c.name.split("_")[1]}`);
    // all containers get the signal at once, and the grace period runs for all of them
    const gens = ctrs.map((c) => e.stop(c, g));
    const driver = Driver.of(e.world);
    let done = 0;
    for (const gen of gens)
      driver.start(
        (function* () {
          yield* gen;
          return 0;
        })(),
        () => done++,
      );
    yield { until: Infinity, cond: () => done >= gens.length };
    const sb = prt.sandbox;
    if (sb && !prt.pod.spec.hostNetwork) cniDel(this.node.machine, sb.id, sb.netns);
    if (sb) yield* e.stop(sb, 10);
    for (const c of [...prt.containers.values(), ...(sb ? [sb] : [])])
      if (e.containers.includes(c)) e.removeContainer(c);
    prt.gone = true;
    this.pods.delete(key(prt.pod));
    this.byUid.delete(prt.pod.metadata.uid);
    this.api.delete("Pod", prt.pod);
  }
}
