/**
 * kubectl v1.23.17 against the simulated cluster (from a machine with a kubeconfig — k8s-m's
 * /root/.kube/config): get (pods, nodes, namespaces, configmaps, daemonsets, events; -o
 * wide/yaml/json/name/jsonpath=…, -A, -n, -l, --show-labels, --no-headers), describe pod|node,
 * run (with -it/--rm attach, --restart, --labels, --env, --port, --command, --dry-run=client),
 * apply/create -f (a file or `-` for stdin; Pods), delete (waits for the pod to go), logs
 * (-c, -f, --tail, -p), exec (-it enters the container; -c), wait, version, cluster-info — with
 * kubectl's table layout (tabwriter: min width 6, padding 3), its ages and its error messages.
 * Other resource kinds are answered as a server without them answers.
 */
import type { Cmd, CmdResult, Wait } from "../shell/types";
import { NS_PER_S, type Nanos } from "../engine/scheduler";
import { tabwrite } from "../docker/tabwriter";
import { ociExecError } from "../docker/cli";
import { Cluster, K8S_VERSION, randomSuffix, type NodeRt } from "./cluster";
import { parseTimestamp, timestamp, type Obj } from "./api";
import { jsonpath, JsonPathError } from "./jsonpath";
import { parseYamlAll, toYaml, YamlError } from "./yaml";
import type { PodRt } from "./kubelet";
import { parseRef } from "../docker/images";
import { Driver } from "../shell/driver";

const KTABLE = { minwidth: 6, padding: 3 };

class KError extends Error {
  constructor(
    message: string,
    readonly status = 1,
  ) {
    super(message);
  }
}

/** apimachinery duration.HumanDuration (kubectl's AGE). */
export function age(ns: number): string {
  const seconds = Math.floor(ns / NS_PER_S);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** time.RFC1123Z: "Mon, 01 Jan 2024 00:00:05 +0000" */
function rfc1123z(ts: string): string {
  const d = new Date(Date.parse(ts));
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

// ---------------------------------------------------------------- arguments

interface Args {
  pos: string[];
  flags: Map<string, string>;
  dash: string[] | undefined;
}

const BOOL = new Set([
  "A",
  "all-namespaces",
  "show-labels",
  "no-headers",
  "i",
  "stdin",
  "t",
  "tty",
  "rm",
  "command",
  "f-follow",
  "follow",
  "previous",
  "p",
  "all",
  "force",
  "now",
  "wait",
  "short",
  "w",
  "watch",
]);

const SHORT: Record<string, string> = {
  n: "namespace",
  o: "output",
  l: "selector",
  A: "all-namespaces",
  f: "filename",
  c: "container",
  i: "stdin",
  t: "tty",
  p: "previous",
  w: "watch",
};

/** The flags each command models; any other is refused as kubectl refuses an unknown flag. */
const ALLOWED: Record<string, string[]> = {
  get: [
    "namespace",
    "output",
    "selector",
    "field-selector",
    "all-namespaces",
    "show-labels",
    "no-headers",
    "watch",
  ],
  describe: ["namespace", "selector", "all-namespaces"],
  run: [
    "namespace",
    "image",
    "restart",
    "labels",
    "env",
    "port",
    "stdin",
    "tty",
    "rm",
    "command",
    "dry-run",
    "output",
    "overrides",
    "image-pull-policy",
  ],
  apply: ["filename", "namespace"],
  create: ["filename", "namespace"],
  delete: [
    "namespace",
    "filename",
    "selector",
    "field-selector",
    "all",
    "grace-period",
    "force",
    "now",
    "wait",
  ],
  logs: ["namespace", "container", "follow", "tail", "previous"],
  exec: ["namespace", "container", "stdin", "tty"],
  wait: ["namespace", "for", "timeout", "selector", "all"],
  version: ["short", "client", "output"],
};

function parseArgs(argv: string[], verb: string): Args {
  const a = parseArgsRaw(argv, verb);
  const allowed = ALLOWED[verb];
  if (allowed)
    for (const k of a.flags.keys())
      if (!allowed.includes(k) && k !== "kubeconfig" && k !== "p")
        throw new KError(`error: unknown flag: --${k}\nSee 'kubectl ${verb} --help' for usage.`);
  return a;
}

function parseArgsRaw(argv: string[], verb: string): Args {
  const flags = new Map<string, string>();
  const pos: string[] = [];
  let dash: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      dash = argv.slice(i + 1);
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (BOOL.has(name) || (name === "follow" && verb === "logs"))
        flags.set(name, eq >= 0 ? a.slice(eq + 1) : "true");
      else if (eq >= 0) flags.set(name, a.slice(eq + 1));
      else {
        if (i + 1 >= argv.length)
          throw new KError(
            `error: flag needs an argument: --${name}\nSee 'kubectl ${verb} --help' for usage.`,
          );
        flags.set(name, argv[++i]);
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        const long =
          ch === "f" && verb === "logs" ? "follow" : ch === "p" && verb !== "logs" ? "p" : SHORT[ch];
        if (!long)
          throw new KError(
            `error: unknown shorthand flag: '${ch}' in ${a}\nSee 'kubectl ${verb} --help' for usage.`,
          );
        if (
          BOOL.has(long) ||
          (long === "follow" && verb === "logs") ||
          long === "stdin" ||
          long === "tty" ||
          long === "all-namespaces" ||
          long === "previous" ||
          long === "watch"
        ) {
          flags.set(long, "true");
          continue;
        }
        let v: string;
        if (j + 1 < a.length) v = a.slice(a[j + 1] === "=" ? j + 2 : j + 1);
        else if (i + 1 < argv.length) v = argv[++i];
        else
          throw new KError(
            `error: flag needs an argument: '${ch}' in -${ch}\nSee 'kubectl ${verb} --help' for usage.`,
          );
        flags.set(long, v);
        break;
      }
      continue;
    }
    pos.push(a);
  }
  return { pos, flags, dash };
}

const RESOURCES: Record<string, string> = {
  pod: "Pod",
  pods: "Pod",
  po: "Pod",
  node: "Node",
  nodes: "Node",
  no: "Node",
  namespace: "Namespace",
  namespaces: "Namespace",
  ns: "Namespace",
  configmap: "ConfigMap",
  configmaps: "ConfigMap",
  cm: "ConfigMap",
  daemonset: "DaemonSet",
  daemonsets: "DaemonSet",
  ds: "DaemonSet",
  event: "Event",
  events: "Event",
  ev: "Event",
};

const PLURAL: Record<string, string> = {
  Pod: "pods",
  Node: "nodes",
  Namespace: "namespaces",
  ConfigMap: "configmaps",
  DaemonSet: "daemonsets.apps",
  Event: "events",
};

const CLUSTER_SCOPED = new Set(["Node", "Namespace"]);

function kindOf(r: string): string {
  const [res] = r.toLowerCase().split(".");
  const k = RESOURCES[res];
  if (!k) throw new KError(`error: the server doesn't have a resource type "${r}"`);
  return k;
}

// ---------------------------------------------------------------- selectors

function matchSelector(labels: Record<string, string> | undefined, sel: string): boolean {
  const l = labels ?? {};
  const parts = sel.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const vals = m[3].split(",").map((x) => x.trim());
      const has = m[1] in l && vals.includes(l[m[1]]);
      if (m[2] === "in" ? !has : has) return false;
    } else if ((m = /^([^!=]+)!=(.*)$/.exec(p))) {
      if (l[m[1]] === m[2]) return false;
    } else if ((m = /^([^!=]+)==?(.*)$/.exec(p))) {
      if (l[m[1]] !== m[2]) return false;
    } else if (p.startsWith("!")) {
      if (p.slice(1) in l) return false;
    } else if (!(p in l)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- the program

export function kubectl(c: Cmd): CmdResult {
  return run(c);
}

function* run(c: Cmd): Generator<Wait, number, void> {
  try {
    return yield* dispatch(c, c.argv.slice(1));
  } catch (e) {
    if (e instanceof KError) {
      c.err(e.message + "\n");
      return e.status;
    }
    if (e instanceof JsonPathError) {
      c.err(`error: error parsing jsonpath ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function clusterFor(c: Cmd): Cluster {
  const kubeconfig = c.env.get("KUBECONFIG") ?? "/root/.kube/config";
  const has = c.fs.read(c.ctx, kubeconfig).ok;
  const cluster = Cluster.all(c.ctx.world)[0];
  if (!has || !cluster)
    throw new KError(
      "The connection to the server localhost:8080 was refused - did you specify the right host or port?",
    );
  // a container can reach the apiserver only from a node's network (host network pods)
  return cluster;
}

function* dispatch(c: Cmd, argv: string[]): Generator<Wait, number, void> {
  const verb = argv[0];
  const rest = argv.slice(1);
  if (verb === undefined || verb === "--help" || verb === "-h") {
    c.out(USAGE);
    return 0;
  }
  if (verb === "version") return version(c, rest);
  const cl = clusterFor(c);
  switch (verb) {
    case "get":
      return yield* getCmd(c, cl, parseArgs(rest, "get"));
    case "describe":
      return describe(c, cl, parseArgs(rest, "describe"));
    case "run":
      return yield* runCmd(c, cl, parseArgs(rest, "run"));
    case "apply":
    case "create":
      return applyCmd(c, cl, parseArgs(rest, verb), verb);
    case "delete":
      return yield* deleteCmd(c, cl, parseArgs(rest, "delete"));
    case "logs":
      return yield* logsCmd(c, cl, parseArgs(rest, "logs"));
    case "exec":
      return yield* execCmd(c, cl, parseArgs(rest, "exec"));
    case "wait":
      return yield* waitCmd(c, cl, parseArgs(rest, "wait"));
    case "cluster-info":
      c.out(
        `\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://${ipOf(cl.master)}:6443\x1b[0m\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`,
      );
      return 0;
    case "api-resources":
      c.out(
        tabwrite(
          "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\nconfigmaps\tcm\tv1\ttrue\tConfigMap\nevents\tev\tv1\ttrue\tEvent\nnamespaces\tns\tv1\tfalse\tNamespace\nnodes\tno\tv1\tfalse\tNode\npods\tpo\tv1\ttrue\tPod\ndaemonsets\tds\tapps/v1\ttrue\tDaemonSet\n",
          KTABLE,
        ),
      );
      return 0;
    default: {
      if (KUBECTL_COMMANDS.includes(verb)) {
        c.err(`error: kubectl ${verb}: not modelled by the simulator\n`);
        return 1;
      }
      // cobra's suggestions: a Levenshtein distance of at most 2, or a prefix
      const near = KUBECTL_COMMANDS.filter(
        (n) => levenshtein(verb.toLowerCase(), n) <= 2 || n.startsWith(verb.toLowerCase()),
      );
      // (cli.RunNoErrOutput, then CheckErr: "error: " and the message, with no usage line)
      const hint = near.length ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join("")}` : "\n";
      c.err(`error: unknown command "${verb}" for "kubectl"${hint}`);
      return 1;
    }
  }
}

/** kubectl 1.23's commands (cobra sorts them by name). */
const KUBECTL_COMMANDS = [
  "annotate",
  "api-resources",
  "api-versions",
  "apply",
  "attach",
  "auth",
  "autoscale",
  "certificate",
  "cluster-info",
  "completion",
  "config",
  "cordon",
  "cp",
  "create",
  "debug",
  "delete",
  "describe",
  "diff",
  "drain",
  "edit",
  "exec",
  "explain",
  "expose",
  "get",
  "kustomize",
  "label",
  "logs",
  "options",
  "patch",
  "plugin",
  "port-forward",
  "proxy",
  "replace",
  "rollout",
  "run",
  "scale",
  "set",
  "taint",
  "top",
  "uncordon",
  "version",
  "wait",
];

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

const USAGE = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/overview/

Basic Commands (Beginner):
  create        Create a resource from a file or from stdin
  run           Run a particular image on the cluster

Basic Commands (Intermediate):
  get           Display one or many resources
  delete        Delete resources by file names, stdin, resources and names, or by resources and label selector

Troubleshooting and Debugging Commands:
  describe      Show details of a specific resource or group of resources
  logs          Print the logs for a container in a pod
  exec          Execute a command in a container

Advanced Commands:
  apply         Apply a configuration to a resource by file name or stdin
  wait          Experimental: Wait for a specific condition on one or many resources

Other Commands:
  version       Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function ipOf(n: NodeRt): string {
  return `${n.ip >>> 24}.${(n.ip >>> 16) & 255}.${(n.ip >>> 8) & 255}.${n.ip & 255}`;
}

function version(c: Cmd, argv: string[]): number {
  const a = parseArgs(argv, "version");
  const info = (v: string, date: string) =>
    `version.Info{Major:"1", Minor:"23", GitVersion:"${v}", GitCommit:"953be8927218ec8067e1af2641e540238ffd7576", GitTreeState:"clean", BuildDate:"${date}", GoVersion:"go1.19.6", Compiler:"gc", Platform:"linux/amd64"}`;
  const short = a.flags.has("short");
  c.out(
    short
      ? `Client Version: ${K8S_VERSION}\n`
      : `Client Version: ${info(K8S_VERSION, "2023-02-22T13:34:27Z")}\n`,
  );
  if (a.flags.has("client")) return 0;
  const cl = Cluster.all(c.ctx.world)[0];
  if (!cl || !c.fs.read(c.ctx, c.env.get("KUBECONFIG") ?? "/root/.kube/config").ok) {
    c.err(
      "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n",
    );
    return 1;
  }
  c.out(
    short
      ? `Server Version: ${K8S_VERSION}\n`
      : `Server Version: ${info(K8S_VERSION, "2023-02-22T13:27:46Z")}\n`,
  );
  return 0;
}

// ---------------------------------------------------------------- get

function namespaceOf(a: Args): string {
  return a.flags.get("namespace") ?? "default";
}

function allNs(a: Args): boolean {
  return a.flags.get("all-namespaces") === "true";
}

function objects(cl: Cluster, kind: string, a: Args): Obj[] {
  if (kind === "DaemonSet") return daemonSets(cl);
  if (kind === "Event") return [];
  const ns = CLUSTER_SCOPED.has(kind) || allNs(a) ? undefined : namespaceOf(a);
  let list = cl.api.list(kind, ns);
  const sel = a.flags.get("selector");
  if (sel) list = list.filter((o) => matchSelector(o.metadata.labels, sel));
  const fsel = a.flags.get("field-selector");
  if (fsel) list = list.filter(fieldSelector(kind, fsel, sel ?? ""));
  if (kind === "Pod" || kind === "ConfigMap" || kind === "DaemonSet")
    list = [...list].sort((x, y) =>
      x.metadata.namespace + "/" + x.metadata.name < y.metadata.namespace + "/" + y.metadata.name ? -1 : 1,
    );
  else list = [...list].sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : 1));
  return list;
}

/** The fields the API server can select on, per kind (pods: GetAttrs in pkg/registry/core/pod). */
const FIELDS: Record<string, string[]> = {
  Pod: [
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "status.phase",
    "status.podIP",
    "status.nominatedNodeName",
  ],
  Node: ["metadata.name", "spec.unschedulable"],
};

/** --field-selector: `f=v`, `f==v`, `f!=v`, joined by commas. */
function fieldSelector(kind: string, text: string, labels: string): (o: Obj) => boolean {
  const terms = text.split(",").map((t) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(t);
    if (!m) throw new KError(`error: invalid field selector: '${text}'`);
    const [, field, op, value] = m;
    const known = FIELDS[kind] ?? ["metadata.name", "metadata.namespace"];
    if (!known.includes(field))
      throw new KError(
        `Error from server (BadRequest): Unable to find "/v1, Resource=${PLURAL[kind] ?? kind.toLowerCase() + "s"}" that match label selector "${labels}", field selector "${text}": field label not supported: ${field}`,
      );
    return { path: field.split("."), neg: op === "!=", value };
  });
  return (o) =>
    terms.every((t) => {
      let v: unknown = o;
      for (const k of t.path) v = (v as Obj | undefined)?.[k];
      const str = v === undefined || v === null ? "" : String(v);
      return (str === t.value) !== t.neg;
    });
}

function daemonSets(cl: Cluster): Obj[] {
  const n = cl.nodes.length;
  const ready = cl.api
    .list("Pod", "kube-system")
    .filter((p) => p.metadata.name.startsWith("kube-flannel-ds-") && p.status?.phase === "Running").length;
  return [
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: "kube-flannel-ds",
        namespace: "kube-system",
        labels: { app: "flannel", tier: "node" },
        creationTimestamp: cl.api.list("Node")[0]?.metadata.creationTimestamp,
      },
      spec: {
        selector: { matchLabels: { app: "flannel" } },
        template: { spec: { nodeSelector: undefined } },
      },
      status: {
        currentNumberScheduled: n,
        desiredNumberScheduled: n,
        numberAvailable: ready,
        numberReady: ready,
        updatedNumberScheduled: n,
      },
    },
  ];
}

/** The STATUS column of a pod (kubectl's printPod). */
export function podStatus(p: Obj): { ready: string; status: string; restarts: string } {
  let reason: string = p.status?.reason ?? p.status?.phase ?? "Pending";
  const sts: Obj[] = p.status?.containerStatuses ?? [];
  let restarts = 0;
  let ready = 0;
  let lastRestart: Nanos | undefined;
  let hasRunning = false;
  for (let i = sts.length - 1; i >= 0; i--) {
    const s = sts[i];
    restarts += s.restartCount ?? 0;
    const lt = s.lastState?.terminated?.finishedAt;
    if (lt) {
      const t = parseTimestamp(lt);
      if (lastRestart === undefined || t > lastRestart) lastRestart = t;
    }
    if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
    else if (s.state?.terminated)
      reason = s.state.terminated.signal
        ? `Signal:${s.state.terminated.signal}`
        : `ExitCode:${s.state.terminated.exitCode}`;
    else if (s.ready && s.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === "Completed" && hasRunning) reason = "Running";
  if (p.metadata.deletionTimestamp) reason = "Terminating";
  const total = (p.spec?.containers ?? []).length;
  return {
    ready: `${ready}/${total}`,
    status: reason,
    restarts: restarts ? `${restarts} (${age(p._now - (lastRestart ?? p._now))} ago)` : "0",
  };
}

function nodeRoles(n: Obj): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length))
    .sort();
  return roles.length ? roles.join(",") : "<none>";
}

function labelsText(l: Record<string, string> | undefined): string {
  const e = Object.entries(l ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(",") : "<none>";
}

function table(cl: Cluster, kind: string, list: Obj[], a: Args): string {
  const wide = a.flags.get("output") === "wide";
  const now = cl.api.now();
  const ageOf = (o: Obj) => age(now - parseTimestamp(o.metadata.creationTimestamp));
  let head: string[];
  let rows: string[][];
  switch (kind) {
    case "Pod":
      head = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
      if (wide) head.push("IP", "NODE", "NOMINATED NODE", "READINESS GATES");
      rows = list.map((p) => {
        const s = podStatus({ ...p, _now: now });
        const r = [p.metadata.name, s.ready, s.status, s.restarts, ageOf(p)];
        if (wide) r.push(p.status?.podIP ?? "<none>", p.spec.nodeName ?? "<none>", "<none>", "<none>");
        return r;
      });
      break;
    case "Node":
      head = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
      if (wide) head.push("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
      rows = list.map((n) => {
        const ready = n.status.conditions.find((x: Obj) => x.type === "Ready")?.status === "True";
        let st = ready ? "Ready" : "NotReady";
        if (n.spec.unschedulable) st += ",SchedulingDisabled";
        const r = [n.metadata.name, st, nodeRoles(n), ageOf(n), n.status.nodeInfo.kubeletVersion];
        if (wide)
          r.push(
            n.status.addresses.find((x: Obj) => x.type === "InternalIP")?.address ?? "<none>",
            "<none>",
            n.status.nodeInfo.osImage,
            n.status.nodeInfo.kernelVersion,
            n.status.nodeInfo.containerRuntimeVersion,
          );
        return r;
      });
      break;
    case "Namespace":
      head = ["NAME", "STATUS", "AGE"];
      rows = list.map((n) => [n.metadata.name, n.status.phase, ageOf(n)]);
      break;
    case "ConfigMap":
      head = ["NAME", "DATA", "AGE"];
      rows = list.map((m) => [m.metadata.name, String(Object.keys(m.data ?? {}).length), ageOf(m)]);
      break;
    case "DaemonSet":
      head = ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"];
      if (wide) head.push("CONTAINERS", "IMAGES", "SELECTOR");
      rows = list.map((d) => {
        const r = [
          d.metadata.name,
          ...[
            d.status.desiredNumberScheduled,
            d.status.currentNumberScheduled,
            d.status.numberReady,
            d.status.updatedNumberScheduled,
            d.status.numberAvailable,
          ].map(String),
          "<none>",
          ageOf(d),
        ];
        if (wide) r.push("kube-flannel", "rancher/mirrored-flannelcni-flannel:v0.16.1", "app=flannel");
        return r;
      });
      break;
    default:
      head = ["NAME"];
      rows = list.map((o) => [o.metadata.name]);
  }
  if (a.flags.get("show-labels") === "true") {
    head.push("LABELS");
    rows.forEach((r, i) => r.push(labelsText(list[i].metadata.labels)));
  }
  if (allNs(a) && !CLUSTER_SCOPED.has(kind)) {
    head.unshift("NAMESPACE");
    rows.forEach((r, i) => r.unshift(list[i].metadata.namespace));
  }
  const lines = [...(a.flags.get("no-headers") === "true" ? [] : [head]), ...rows];
  return tabwrite(lines.map((l) => l.join("\t")).join("\n") + "\n", KTABLE);
}

/** The object as the API returns it (no simulator-only fields). */
function clean(o: Obj): Obj {
  return JSON.parse(JSON.stringify(o, (k, v) => (k.startsWith("_") ? undefined : v)));
}

function eventsTable(cl: Cluster, a: Args): string | undefined {
  const ns = allNs(a) ? undefined : namespaceOf(a);
  // the API server lists by key: namespace, then the event's name, `<object>.<first time in hex>`
  const objName = (e: { involved: string }) => e.involved.slice(e.involved.indexOf("/") + 1);
  const evs = cl.api.events
    .filter((e) => ns === undefined || e.namespace === ns)
    .map((e, i) => ({ e, i }))
    .sort(
      (x, y) =>
        (x.e.namespace < y.e.namespace ? -1 : x.e.namespace > y.e.namespace ? 1 : 0) ||
        (objName(x.e) < objName(y.e) ? -1 : objName(x.e) > objName(y.e) ? 1 : 0) ||
        x.e.first - y.e.first ||
        x.i - y.i,
    )
    .map((x) => x.e);
  if (!evs.length) return undefined;
  const now = cl.api.now();
  const head = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  const rows = evs.map((e) => [
    age(now - e.last),
    e.type,
    e.reason,
    e.involved.replace(/^Pod\//, "pod/").replace(/^Node\//, "node/"),
    e.message,
  ]);
  if (ns === undefined) {
    head.unshift("NAMESPACE");
    rows.forEach((r, i) => r.unshift(evs[i].namespace));
  }
  return tabwrite([head, ...rows].map((l) => l.join("\t")).join("\n") + "\n", KTABLE);
}

/** get, and with -w a row each time an object changes (a watch event), until Ctrl-C. */
function* getCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  const st = get(c, cl, a);
  if (a.flags.get("watch") !== "true" || st || !a.pos.length) return st;
  const kind = kindOf(a.pos[0].split("/")[0].split(",")[0]);
  const flags = new Map(a.flags);
  flags.set("no-headers", "true");
  const versions = () =>
    new Map(objects(cl, kind, a).map((o) => [o.metadata.name, o.metadata.resourceVersion as string]));
  let seen = versions();
  let lastVersion = cl.api.version;
  for (;;) {
    yield { until: Infinity, cond: () => c.interrupted() || cl.api.version !== lastVersion };
    if (c.interrupted()) return 0;
    lastVersion = cl.api.version;
    const now = versions();
    for (const o of objects(cl, kind, a))
      if (seen.get(o.metadata.name) !== now.get(o.metadata.name))
        c.out(table(cl, kind, [o], { ...a, flags }));
    seen = now;
  }
}
function get(c: Cmd, cl: Cluster, a: Args): number {
  if (!a.pos.length) {
    c.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
    return 1;
  }
  let specs: { kind: string; names: string[] }[];
  if (a.pos[0].includes("/"))
    specs = a.pos.map((p) => ({ kind: kindOf(p.split("/")[0]), names: [p.split("/")[1]] }));
  else specs = a.pos[0].split(",").map((r) => ({ kind: kindOf(r), names: a.pos.slice(1) }));
  const out = a.flags.get("output");
  const results: { kind: string; objs: Obj[] }[] = [];
  let st = 0;
  const errs: string[] = [];
  for (const s of specs) {
    if (s.kind === "Event" && !s.names.length) {
      const t = eventsTable(cl, a);
      if (t) c.out(t);
      else c.err(`No resources found in ${namespaceOf(a)} namespace.\n`);
      return 0;
    }
    const all = objects(cl, s.kind, {
      ...a,
      flags: new Map([...a.flags].filter(([k]) => s.names.length === 0 || k !== "selector")),
    });
    if (s.names.length) {
      const found: Obj[] = [];
      for (const n of s.names) {
        const o = all.find((x) => x.metadata.name === n);
        if (o) found.push(o);
        else {
          errs.push(`Error from server (NotFound): ${PLURAL[s.kind]} "${n}" not found`);
          st = 1;
        }
      }
      results.push({ kind: s.kind, objs: found });
    } else results.push({ kind: s.kind, objs: all });
  }
  const needClean =
    out === "yaml" || out === "json" || !!out?.startsWith("jsonpath") || !!out?.startsWith("custom-columns");
  const objs = results.flatMap((r) => r.objs.map((o) => (needClean ? clean(o) : o)));
  const single = specs.length === 1 && specs[0].names.length === 1;
  if (out === "yaml" || out === "json") {
    if (objs.length || single) {
      const doc =
        single && objs.length === 1
          ? objs[0]
          : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "", selfLink: "" } };
      if (objs.length) c.out(out === "yaml" ? toYaml(doc) : JSON.stringify(sortKeys(doc), null, 4) + "\n");
    }
  } else if (out === "name") {
    for (const r of results)
      for (const o of r.objs) c.out(`${PLURAL[r.kind].split(".")[0].replace(/s$/, "")}/${o.metadata.name}\n`);
  } else if (out?.startsWith("jsonpath=") || out?.startsWith("jsonpath-as-json=")) {
    const tmpl = out.slice(out.indexOf("=") + 1);
    const data =
      single && objs.length === 1
        ? objs[0]
        : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "", selfLink: "" } };
    if (objs.length || !single) c.out(jsonpath(tmpl, data));
  } else if (out?.startsWith("custom-columns=")) {
    const cols = out
      .slice(15)
      .split(",")
      .map((x) => x.split(":"));
    const lines = [
      cols.map((x) => x[0]).join("\t"),
      ...objs.map((o) => cols.map((x) => jsonpath(`{${x[1]}}`, o) || "<none>").join("\t")),
    ];
    c.out(tabwrite(lines.join("\n") + "\n", KTABLE));
  } else if (out !== undefined && out !== "wide") {
    c.err(
      `error: unable to match a printer suitable for the output format "${out}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n`,
    );
    return 1;
  } else {
    for (const r of results) {
      if (!r.objs.length) continue;
      c.out(table(cl, r.kind, r.objs, a));
    }
    if (!objs.length && !errs.length) {
      const k = specs[0].kind;
      c.err(
        CLUSTER_SCOPED.has(k)
          ? "No resources found\n"
          : allNs(a)
            ? "No resources found\n"
            : `No resources found in ${namespaceOf(a)} namespace.\n`,
      );
    }
  }
  for (const e of errs) c.err(e + "\n");
  return st;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Obj)[k])]),
    );
  return v;
}

// ---------------------------------------------------------------- describe

function multiline(title: string, m: Record<string, string> | undefined, sep = "="): string[] {
  const e = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  if (!e.length) return [`${title}:\t<none>`];
  return e.map(([k, v], i) => `${i === 0 ? `${title}:` : ""}\t${k}${sep}${v}`);
}

function eventsSection(cl: Cluster, ns: string, involved: string): string[] {
  // DescribeEvents sorts by the last time seen (insertion sort: stable on a pod's few events)
  const evs = [...(cl.api.eventsOf.get(`${ns}/${involved}`) ?? [])].sort((a, b) => a.last - b.last);
  if (!evs.length) return ["Events:\t<none>"];
  const now = cl.api.now();
  const lines = ["Events:", "  Type\tReason\tAge\tFrom\tMessage", "  ----\t------\t----\t----\t-------"];
  for (const e of evs) {
    const ageText =
      e.count > 1 ? `${age(now - e.last)} (x${e.count} over ${age(now - e.first)})` : age(now - e.first);
    lines.push(`  ${e.type}\t${e.reason}\t${ageText}\t${e.from}\t${e.message}`);
  }
  return lines;
}

function describePod(cl: Cluster, p: Obj): string {
  const L: string[] = [];
  const md = p.metadata;
  L.push(`Name:\t${md.name}`, `Namespace:\t${md.namespace}`);
  L.push(`Priority:\t${p.spec.priority ?? 0}`);
  if (p.spec.priorityClassName) L.push(`Priority Class Name:\t${p.spec.priorityClassName}`);
  L.push(`Node:\t${p.spec.nodeName ? `${p.spec.nodeName}/${p.status?.hostIP ?? ""}` : "<none>"}`);
  if (p.status?.startTime) L.push(`Start Time:\t${rfc1123z(p.status.startTime)}`);
  L.push(...multiline("Labels", md.labels));
  L.push(...multiline("Annotations", md.annotations, ": "));
  L.push(
    `Status:\t${podStatus({ ...p, _now: cl.api.now() }).status === "Terminating" ? "Terminating (lasts <invalid>)" : p.status?.phase}`,
  );
  L.push(`IP:\t${p.status?.podIP ?? ""}`);
  if (p.status?.podIPs?.length) {
    L.push("IPs:");
    for (const ip of p.status.podIPs) L.push(`  IP:\t${ip.ip}`);
  } else L.push("IPs:\t<none>");
  const owner = md.ownerReferences?.[0];
  if (owner) L.push(`Controlled By:\t${owner.kind}/${owner.name}`);
  L.push("Containers:");
  for (const ct of p.spec.containers) {
    const s = (p.status?.containerStatuses ?? []).find((x: Obj) => x.name === ct.name) ?? {};
    L.push(`  ${ct.name}:`);
    L.push(`    Container ID:\t${s.containerID ?? ""}`);
    L.push(`    Image:\t${ct.image}`);
    L.push(`    Image ID:\t${s.imageID ?? ""}`);
    const port = ct.ports?.[0];
    L.push(`    Port:\t${port ? `${port.containerPort}/${port.protocol ?? "TCP"}` : "<none>"}`);
    L.push(`    Host Port:\t${port ? `${port.hostPort ?? 0}/${port.protocol ?? "TCP"}` : "<none>"}`);
    if (ct.command) {
      L.push("    Command:");
      for (const x of ct.command) L.push(`      ${x}`);
    }
    if (ct.args) {
      L.push("    Args:");
      for (const x of ct.args) L.push(`      ${x}`);
    }
    const state = (st: Obj | undefined, title: string) => {
      if (!st || !Object.keys(st).length) return;
      if (st.running) {
        L.push(`    ${title}:\tRunning`, `      Started:\t${rfc1123z(st.running.startedAt)}`);
      } else if (st.waiting) {
        L.push(`    ${title}:\tWaiting`, `      Reason:\t${st.waiting.reason}`);
      } else if (st.terminated) {
        L.push(
          `    ${title}:\tTerminated`,
          `      Reason:\t${st.terminated.reason}`,
          ...(st.terminated.message ? [`      Message:\t${st.terminated.message}`] : []),
          `      Exit Code:\t${st.terminated.exitCode}`,
        );
        L.push(
          `      Started:\t${rfc1123z(st.terminated.startedAt)}`,
          `      Finished:\t${rfc1123z(st.terminated.finishedAt)}`,
        );
      }
    };
    state(s.state, "State");
    state(s.lastState, "Last State");
    L.push(`    Ready:\t${s.ready ? "True" : "False"}`);
    L.push(`    Restart Count:\t${s.restartCount ?? 0}`);
    if (ct.resources?.limits) {
      L.push("    Limits:");
      for (const [k, v] of Object.entries(ct.resources.limits)) L.push(`      ${k}:\t${v}`);
    }
    if (ct.resources?.requests) {
      L.push("    Requests:");
      for (const [k, v] of Object.entries(ct.resources.requests)) L.push(`      ${k}:\t${v}`);
    }
    if (ct.env?.length) {
      L.push("    Environment:");
      for (const e of ct.env) L.push(`      ${e.name}:\t${e.value ?? ""}`);
    } else L.push("    Environment:\t<none>");
    L.push("    Mounts:");
    for (const v of ct.volumeMounts ?? [])
      L.push(`      ${v.mountPath} from ${v.name} (${v.readOnly ? "ro" : "rw"})`);
    if (!(ct.volumeMounts ?? []).length) L.push("      <none>");
  }
  if (p.status?.conditions?.length) {
    L.push("Conditions:", "  Type\tStatus");
    for (const cd of p.status.conditions) L.push(`  ${cd.type} \t${cd.status} `);
  }
  L.push("Volumes:");
  const vols = p.spec.volumes ?? [];
  if (!vols.length) L.push("  <none>");
  for (const v of vols) {
    L.push(`  ${v.name}:`);
    if (v.projected) {
      L.push(
        "    Type:\tProjected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:\t3607",
        "    ConfigMapName:\tkube-root-ca.crt",
        "    ConfigMapOptional:\t<nil>",
        "    DownwardAPI:\ttrue",
      );
    } else if (v.hostPath)
      L.push(
        "    Type:\tHostPath (bare host directory volume)",
        `    Path:\t${v.hostPath.path}`,
        `    HostPathType:\t${v.hostPath.type ?? ""}`,
      );
  }
  L.push(`QoS Class:\t${p.status?.qosClass ?? "BestEffort"}`);
  L.push(...multiline("Node-Selectors", p.spec.nodeSelector));
  const tol = (p.spec.tolerations ?? []) as Obj[];
  if (!tol.length) L.push("Tolerations:\t<none>");
  tol.forEach((t, i) => {
    let s = t.key ?? "";
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === "Exists" && !t.value) s += " op=Exists";
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    L.push(`${i === 0 ? "Tolerations:" : ""}\t${s.replace(/^ /, "")}`);
  });
  L.push(...eventsSection(cl, md.namespace, `Pod/${md.name}`));
  return tabwrite(L.join("\n") + "\n", { minwidth: 0, padding: 2 });
}

function describeNode(cl: Cluster, n: Obj): string {
  const L: string[] = [];
  const md = n.metadata;
  L.push(`Name:\t${md.name}`, `Roles:\t${nodeRoles(n)}`);
  L.push(...multiline("Labels", md.labels));
  L.push(...multiline("Annotations", md.annotations, ": "));
  L.push(`CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}`);
  const taints = (n.spec.taints ?? []) as Obj[];
  if (!taints.length) L.push("Taints:\t<none>");
  taints.forEach((t, i) =>
    L.push(`${i === 0 ? "Taints:" : ""}\t${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`),
  );
  L.push(`Unschedulable:\t${n.spec.unschedulable ? "true" : "false"}`);
  const renew = timestamp(cl.api.now() - (cl.api.now() % (10 * NS_PER_S)));
  L.push(
    "Lease:",
    `  HolderIdentity:\t${md.name}`,
    "  AcquireTime:\t<unset>",
    `  RenewTime:\t${rfc1123z(renew)}`,
  );
  L.push(
    "Conditions:",
    "  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage",
    "  ----\t------\t-----------------\t------------------\t------\t-------",
  );
  for (const cd of n.status.conditions)
    L.push(
      `  ${cd.type}\t${cd.status}\t${rfc1123z(cd.lastHeartbeatTime)}\t${rfc1123z(cd.lastTransitionTime)}\t${cd.reason}\t${cd.message}`,
    );
  L.push("Addresses:");
  for (const ad of n.status.addresses) L.push(`  ${ad.type}:\t${ad.address}`);
  for (const [title, m] of [
    ["Capacity", n.status.capacity],
    ["Allocatable", n.status.allocatable],
  ] as [string, Obj][]) {
    L.push(`${title}:`);
    for (const k of ["cpu", "ephemeral-storage", "hugepages-2Mi", "memory", "pods"])
      L.push(`  ${k}:\t${m[k]}`);
  }
  const ni = n.status.nodeInfo;
  L.push(
    "System Info:",
    `  Machine ID:\t${ni.machineID}`,
    `  System UUID:\t${ni.systemUUID}`,
    `  Boot ID:\t${ni.bootID}`,
    `  Kernel Version:\t${ni.kernelVersion}`,
    `  OS Image:\t${ni.osImage}`,
    `  Operating System:\t${ni.operatingSystem}`,
    `  Architecture:\t${ni.architecture}`,
    `  Container Runtime Version:\t${ni.containerRuntimeVersion}`,
    `  Kubelet Version:\t${ni.kubeletVersion}`,
    `  Kube-Proxy Version:\t${ni.kubeProxyVersion}`,
  );
  L.push(`PodCIDR:\t${n.spec.podCIDR}`, `PodCIDRs:\t${(n.spec.podCIDRs ?? []).join(",")}`);
  const pods = cl.api
    .list("Pod")
    .filter(
      (p) => p.spec.nodeName === md.name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed",
    );
  L.push(`Non-terminated Pods:\t(${pods.length} in total)`);
  L.push(
    "  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge",
    "  ---------\t----\t------------\t----------\t---------------\t-------------\t---",
  );
  const now = cl.api.now();
  let cpuReq = 0;
  let memReq = 0;
  for (const p of pods) {
    const r = p.spec.containers[0]?.resources ?? {};
    const cpu = r.requests?.cpu ?? "0";
    const mem = r.requests?.memory ?? "0";
    cpuReq += cpu.endsWith("m") ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000;
    memReq += mem.endsWith("Mi") ? Number(mem.slice(0, -2)) : 0;
    const pct = (v: string, tot: number) =>
      v === "0"
        ? "0 (0%)"
        : `${v} (${Math.floor(((v.endsWith("m") ? Number(v.slice(0, -1)) : v.endsWith("Mi") ? Number(v.slice(0, -2)) : 0) / tot) * 100)}%)`;
    L.push(
      `  ${p.metadata.namespace}\t${p.metadata.name}\t${pct(cpu, 2000)}\t${pct(r.limits?.cpu ?? "0", 2000)}\t${pct(mem, 1868)}\t${pct(r.limits?.memory ?? "0", 1868)}\t${age(now - parseTimestamp(p.metadata.creationTimestamp))}`,
    );
  }
  const cpuText = cpuReq ? `${cpuReq}m (${Math.floor((cpuReq / 2000) * 100)}%)` : "0 (0%)";
  const memText = memReq ? `${memReq}Mi (${Math.floor((memReq / 1868) * 100)}%)` : "0 (0%)";
  L.push(
    "Allocated resources:",
    "  (Total limits may be over 100 percent, i.e., overcommitted.)",
    "  Resource\tRequests\tLimits",
    "  --------\t--------\t------",
    `  cpu\t${cpuText}\t${cpuText}`,
    `  memory\t${memText}\t${memText}`,
    "  ephemeral-storage\t0 (0%)\t0 (0%)",
    "  hugepages-2Mi\t0 (0%)\t0 (0%)",
  );
  L.push(...eventsSection(cl, "default", `Node/${md.name}`));
  return tabwrite(L.join("\n") + "\n", { minwidth: 0, padding: 2 });
}

function describe(c: Cmd, cl: Cluster, a: Args): number {
  if (!a.pos.length) {
    c.err(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    return 1;
  }
  let kind: string;
  let names: string[];
  if (a.pos[0].includes("/")) {
    kind = kindOf(a.pos[0].split("/")[0]);
    names = [a.pos[0].split("/")[1]];
  } else {
    kind = kindOf(a.pos[0]);
    names = a.pos.slice(1);
  }
  const list = objects(cl, kind, a);
  const chosen = names.length ? names.map((n) => list.find((o) => o.metadata.name === n) ?? n) : list;
  let st = 0;
  const parts: string[] = [];
  for (const o of chosen) {
    if (typeof o === "string") {
      c.err(`Error from server (NotFound): ${PLURAL[kind]} "${o}" not found\n`);
      st = 1;
      continue;
    }
    if (kind === "Pod") parts.push(describePod(cl, o));
    else if (kind === "Node") parts.push(describeNode(cl, o));
    else if (kind === "ConfigMap") {
      const L = [
        `Name:\t${o.metadata.name}`,
        `Namespace:\t${o.metadata.namespace}`,
        ...multiline("Labels", o.metadata.labels),
        ...multiline("Annotations", o.metadata.annotations, ": "),
        "",
        "Data",
        "====",
      ];
      let s = tabwrite(L.join("\n") + "\n", { minwidth: 0, padding: 2 });
      for (const [k, v] of Object.entries(o.data ?? {})) s += `${k}:\n----\n${v}\n`;
      s += "\nBinaryData\n====\n\nEvents:  <none>\n";
      parts.push(s);
    } else parts.push(tabwrite(`Name:\t${o.metadata.name}\n`, { minwidth: 0, padding: 2 }));
  }
  c.out(parts.join("\n\n"));
  if (!chosen.length) c.err(`No resources found in ${namespaceOf(a)} namespace.\n`);
  return st;
}

// ---------------------------------------------------------------- creating pods

function podDefaults(cl: Cluster, pod: Obj): Obj {
  const vol = `kube-api-access-${randomSuffix(cl.world)}`;
  const spec = pod.spec;
  for (const ct of spec.containers) {
    const ref = parseRef(String(ct.image ?? ""));
    ct.imagePullPolicy ??= !ref || ref.tag === "latest" ? "Always" : "IfNotPresent";
    ct.resources ??= {};
    ct.terminationMessagePath ??= "/dev/termination-log";
    ct.terminationMessagePolicy ??= "File";
    ct.volumeMounts = [
      ...(ct.volumeMounts ?? []),
      { mountPath: "/var/run/secrets/kubernetes.io/serviceaccount", name: vol, readOnly: true },
    ];
  }
  spec.dnsPolicy ??= "ClusterFirst";
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= "PreemptLowerPriority";
  spec.priority ??= 0;
  spec.restartPolicy ??= "Always";
  spec.schedulerName ??= "default-scheduler";
  spec.securityContext ??= {};
  spec.serviceAccount ??= "default";
  spec.serviceAccountName ??= "default";
  spec.terminationGracePeriodSeconds ??= 30;
  spec.tolerations = [
    ...(spec.tolerations ?? []),
    { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
    {
      effect: "NoExecute",
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      tolerationSeconds: 300,
    },
  ];
  spec.volumes = [
    ...(spec.volumes ?? []),
    {
      name: vol,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
          { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
          {
            downwardAPI: {
              items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
            },
          },
        ],
      },
    },
  ];
  return pod;
}

function validatePod(pod: Obj, source: string): string | undefined {
  const name = pod.metadata?.name;
  if (!name)
    return `error: error validating "${source}": error validating data: ValidationError(Pod.metadata): missing required field "name"`;
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name))
    return `The Pod "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  const cs = pod.spec?.containers;
  if (!Array.isArray(cs) || !cs.length)
    return `The Pod "${name}" is invalid: spec.containers: Required value`;
  for (const [i, ct] of cs.entries()) {
    if (!ct?.name) return `The Pod "${name}" is invalid: spec.containers[${i}].name: Required value`;
    if (!ct.image) return `The Pod "${name}" is invalid: spec.containers[${i}].image: Required value`;
  }
  return undefined;
}

function submit(cl: Cluster, pod: Obj): void {
  cl.submitPod(podDefaults(cl, pod));
}

function* runCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  const name = a.pos[0];
  if (!name) throw new KError("error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = a.flags.get("image");
  if (!image) throw new KError("error: --image is required");
  const ns = namespaceOf(a);
  const restart = a.flags.get("restart") ?? "Always";
  if (!["Always", "OnFailure", "Never"].includes(restart))
    throw new KError(`error: invalid restart policy: ${restart}`);
  const labels: Record<string, string> = {};
  for (const l of (a.flags.get("labels") ?? `run=${name}`).split(",")) {
    const [k, v] = l.split("=");
    labels[k] = v ?? "";
  }
  const stdin = a.flags.get("stdin") === "true";
  const tty = a.flags.get("tty") === "true";
  const container: Obj = { image, name, resources: {} };
  const extra = [...a.pos.slice(1), ...(a.dash ?? [])];
  if (extra.length) {
    if (a.flags.get("command") === "true") container.command = extra;
    else container.args = extra;
  }
  const env = a.flags.get("env");
  if (env)
    container.env = env
      .split(",")
      .map((kv) => ({ name: kv.split("=")[0], value: kv.split("=").slice(1).join("=") }));
  const port = a.flags.get("port");
  if (port) container.ports = [{ containerPort: Number(port) }];
  if (stdin) container.stdin = true;
  if (stdin && !tty) container.stdinOnce = true;
  if (tty) container.tty = true;
  const pod: Obj = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { creationTimestamp: null, labels, name },
    spec: { containers: [container], dnsPolicy: "ClusterFirst", restartPolicy: restart },
    status: {},
  };
  const overrides = a.flags.get("overrides");
  if (overrides !== undefined) {
    let patch: unknown;
    try {
      patch = JSON.parse(overrides);
    } catch {
      throw new KError("error: Invalid JSON Patch");
    }
    mergePatch(pod, patch);
  }
  const dry = a.flags.get("dry-run");
  if (dry !== undefined) {
    if (dry !== "client" && dry !== "server" && dry !== "none")
      throw new KError(`error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
    const out = a.flags.get("output");
    if (out === "yaml") c.out(toYaml(pod));
    else if (out === "json") c.out(JSON.stringify(pod, null, 4) + "\n");
    else c.out(`pod/${name} created (dry run)\n`);
    return 0;
  }
  if (cl.api.get("Pod", ns, name))
    throw new KError(`Error from server (AlreadyExists): pods "${name}" already exists`);
  delete pod.metadata.creationTimestamp;
  delete pod.status;
  pod.metadata.namespace = ns;
  submit(cl, pod);
  if (!stdin) {
    c.out(`pod/${name} created\n`);
    return 0;
  }
  // attach (handleAttachPod): wait for the pod to run or to complete; a completed pod's logs are
  // printed instead; then --rm deletes it, and with --restart=Never its exit code is kubectl's
  const completed = () => ["Succeeded", "Failed"].includes(cl.api.get("Pod", ns, name)?.status?.phase);
  yield {
    until: Infinity,
    cond: () => podRunning(cl, ns, name) !== undefined || completed() || c.interrupted(),
  };
  const rm = a.flags.get("rm") === "true";
  const node = cl.nodes.find((n) => n.kubelet.pods.has(`${ns}/${name}`));
  const prt = node?.kubelet.pod(ns, name);
  if (!node || !prt) return 130;
  const ctr = prt.containers.get(name)!;
  const finish = function* (): Generator<Wait, number, void> {
    const st = prt.pod.status?.containerStatuses?.[0]?.state?.terminated;
    const phase = prt.pod.status?.phase;
    if (rm) {
      yield* node.kubelet.kill(prt, 30);
      c.out(`pod "${name}" deleted\n`);
    }
    if (restart !== "Never" || phase !== "Failed") return 0;
    if (!st?.exitCode) throw new KError(`pod ${ns}/${name} failed with unknown exit code`);
    c.err(`pod ${ns}/${name} terminated (${st.reason})\n${st.message ?? ""}`);
    return st.exitCode;
  };
  if (completed() && ctr && !ctr.running) {
    for (const l of ctr.log) c.out(l.text);
    return yield* finish();
  }
  c.err("If you don't see a command prompt, try pressing enter.\n");
  const prog = ctr.path.slice(ctr.path.lastIndexOf("/") + 1);
  if (["sh", "bash", "ash", "zsh"].includes(prog) && !ctr.args.length) {
    ctr.interactive = true;
    const ctx = {
      ...ctr.ctx(),
      onLeave: (status: number) => {
        ctr.engine.leaveInteractive(ctr, status);
        // --rm: the pod goes when the session ends
        if (rm) Driver.of(cl.world).start(wrap(node.kubelet.kill(prt, 30)));
      },
    };
    const r = c.run(["sh"], ctx);
    if (typeof r !== "number") yield* r;
    c.fs.cwd = "/";
    return 0;
  }
  const sink = { out: c.out, err: c.err };
  ctr.attached.add(sink);
  yield { until: Infinity, cond: () => !ctr.running || c.interrupted() };
  ctr.attached.delete(sink);
  if (!c.interrupted()) yield { until: Infinity, cond: () => completed() || restart !== "Never" };
  return yield* finish();
}

/** RFC 7386 JSON merge patch (what --overrides applies). */
function mergePatch(target: Obj, patch: unknown): void {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return;
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete target[k];
    else if (
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      target[k] &&
      typeof target[k] === "object" &&
      !Array.isArray(target[k])
    )
      mergePatch(target[k], v);
    else target[k] = v;
  }
}

function podRunning(cl: Cluster, ns: string, name: string): PodRt | undefined {
  for (const n of cl.nodes) {
    const prt = n.kubelet.pod(ns, name);
    if (
      prt &&
      [...prt.containers.values()].some((x) => x.running) &&
      prt.containers.size === prt.pod.spec.containers.length
    )
      return prt;
  }
  return undefined;
}

function readManifest(c: Cmd, a: Args): { docs: Obj[]; source: string } {
  const f = a.flags.get("filename");
  if (!f) throw new KError("error: must specify one of -f and -k");
  let text: string;
  let source: string;
  if (f === "-") {
    text = c.stdin;
    source = "STDIN";
  } else {
    const r = c.fs.read(c.ctx, f);
    if (!r.ok) throw new KError(`error: the path "${f}" does not exist`);
    text = r.value;
    source = f;
  }
  try {
    const docs = parseYamlAll(text).filter((d) => d !== null) as Obj[];
    const flat: Obj[] = [];
    for (const d of docs)
      if (d.kind === "List" && Array.isArray(d.items)) flat.push(...d.items);
      else flat.push(d);
    return { docs: flat, source };
  } catch (e) {
    if (e instanceof YamlError)
      throw new KError(`error: error parsing ${source}: error converting YAML to JSON: yaml: ${e.message}`);
    throw e;
  }
}

function applyCmd(c: Cmd, cl: Cluster, a: Args, verb: "apply" | "create"): number {
  if (verb === "create" && !a.flags.has("filename")) {
    if (a.pos[0] === "namespace" || a.pos[0] === "ns") {
      const name = a.pos[1];
      if (!name) throw new KError("error: exactly one NAME is required, got 0");
      if (cl.api.get("Namespace", undefined, name))
        throw new KError(`Error from server (AlreadyExists): namespaces "${name}" already exists`);
      cl.api.create("Namespace", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      });
      c.out(`namespace/${name} created\n`);
      return 0;
    }
    throw new KError(
      `error: Unexpected args: [${a.pos.join(" ")}]\nSee 'kubectl create -h' for help and examples`,
    );
  }
  const { docs, source } = readManifest(c, a);
  if (!docs.length) throw new KError("error: no objects passed to " + verb);
  let st = 0;
  for (const d of docs) {
    if (d.kind === "Namespace" && d.apiVersion === "v1") {
      const name = d.metadata?.name;
      if (cl.api.get("Namespace", undefined, name)) {
        if (verb === "create") {
          c.err(
            `Error from server (AlreadyExists): error when creating "${source}": namespaces "${name}" already exists\n`,
          );
          st = 1;
        } else c.out(`namespace/${name} unchanged\n`);
        continue;
      }
      cl.api.create("Namespace", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels: { "kubernetes.io/metadata.name": name } },
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "Active" },
      });
      c.out(`namespace/${name} created\n`);
      continue;
    }
    if (d.kind !== "Pod" || d.apiVersion !== "v1") {
      c.err(
        `error: unable to recognize "${source}": no matches for kind "${d.kind}" in version "${d.apiVersion}"\n`,
      );
      st = 1;
      continue;
    }
    const bad = validatePod(d, source);
    if (bad) {
      c.err(bad + "\n");
      st = 1;
      continue;
    }
    const ns = d.metadata.namespace ?? namespaceOf(a);
    if (!cl.api.get("Namespace", undefined, ns)) {
      c.err(`Error from server (NotFound): error when creating "${source}": namespaces "${ns}" not found\n`);
      st = 1;
      continue;
    }
    const existing = cl.api.get("Pod", ns, d.metadata.name);
    if (existing) {
      if (verb === "create") {
        c.err(
          `Error from server (AlreadyExists): error when creating "${source}": pods "${d.metadata.name}" already exists\n`,
        );
        st = 1;
      } else c.out(`pod/${d.metadata.name} unchanged\n`);
      continue;
    }
    const pod: Obj = JSON.parse(JSON.stringify(d));
    pod.metadata.namespace = ns;
    submit(cl, pod);
    c.out(`pod/${pod.metadata.name} created\n`);
  }
  return st;
}

// ---------------------------------------------------------------- delete

function* deleteCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  let targets: { kind: string; ns: string; name: string }[];
  const ns = namespaceOf(a);
  if (a.flags.has("filename")) {
    const { docs } = readManifest(c, a);
    targets = docs.map((d) => ({ kind: d.kind, ns: d.metadata?.namespace ?? ns, name: d.metadata?.name }));
  } else {
    if (!a.pos.length)
      throw new KError(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    let kind: string;
    let names: string[];
    if (a.pos[0].includes("/")) {
      kind = kindOf(a.pos[0].split("/")[0]);
      names = a.pos.map((p) => p.split("/")[1]);
    } else {
      kind = kindOf(a.pos[0]);
      names = a.pos.slice(1);
    }
    if (!names.length && a.flags.get("all") !== "true" && !a.flags.has("selector"))
      throw new KError(`error: resource(s) were provided, but no name was specified`);
    if (!names.length) names = objects(cl, kind, a).map((o) => o.metadata.name);
    targets = names.map((n) => ({ kind, ns, name: n }));
  }
  let st = 0;
  const waits: PodRt[] = [];
  const force = a.flags.get("force") === "true" && a.flags.get("grace-period") === "0";
  if (force)
    c.err(
      "warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  const grace =
    a.flags.get("grace-period") !== undefined
      ? Number(a.flags.get("grace-period"))
      : a.flags.get("now") === "true"
        ? 1
        : undefined;
  for (const t of targets) {
    if (t.kind === "Namespace") {
      c.err(
        `Error from server (Forbidden): namespaces "${t.name}" is forbidden: deleting namespaces is not modelled\n`,
      );
      st = 1;
      continue;
    }
    if (t.kind !== "Pod") {
      c.err(
        `Error from server (NotFound): ${PLURAL[t.kind] ?? t.kind.toLowerCase() + "s"} "${t.name}" not found\n`,
      );
      st = 1;
      continue;
    }
    const pod = cl.api.get("Pod", t.ns, t.name);
    if (!pod) {
      c.err(`Error from server (NotFound): pods "${t.name}" not found\n`);
      st = 1;
      continue;
    }
    const node = pod.spec.nodeName ? cl.node(pod.spec.nodeName) : undefined;
    const prt = node?.kubelet.pod(t.ns, t.name);
    pod.metadata.deletionTimestamp = timestamp(
      cl.api.now() + (grace ?? pod.spec.terminationGracePeriodSeconds ?? 30) * NS_PER_S,
    );
    pod.metadata.deletionGracePeriodSeconds = grace ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    if (!prt || !node) {
      cl.api.delete("Pod", pod);
    } else if (force) {
      Driver.of(cl.world).start(wrap(node.kubelet.kill(prt, 0)));
      cl.api.delete("Pod", pod);
    } else {
      Driver.of(cl.world).start(wrap(node.kubelet.kill(prt, grace)));
      if (a.flags.get("wait") !== "false") waits.push(prt);
    }
    // kubectl prints each deletion as the API server accepts it, then waits for them all
    c.out(`pod "${t.name}" ${force ? "force " : ""}deleted\n`);
  }
  if (waits.length) yield { until: Infinity, cond: () => waits.every((p) => p.gone) };
  return st;
}

function* wrap(g: Generator<Wait, void, void>): Generator<Wait, number, void> {
  yield* g;
  return 0;
}

// ---------------------------------------------------------------- logs / exec / wait

function findPod(cl: Cluster, ns: string, name: string): { pod: Obj; prt?: PodRt } {
  const pod = cl.api.get("Pod", ns, name);
  if (!pod) throw new KError(`Error from server (NotFound): pods "${name}" not found`);
  const node = pod.spec.nodeName ? cl.node(pod.spec.nodeName) : undefined;
  return { pod, prt: node?.kubelet.pod(ns, name) };
}

function pickContainer(c: Cmd, pod: Obj, want: string | undefined, verb: "logs" | "exec"): string {
  const names: string[] = pod.spec.containers.map((x: Obj) => x.name);
  if (want) {
    if (!names.includes(want))
      throw new KError(
        verb === "logs"
          ? `error: container ${want} is not valid for pod ${pod.metadata.name}`
          : `Error from server (BadRequest): container ${want} is not valid for pod ${pod.metadata.name}`,
      );
    return want;
  }
  if (names.length > 1) {
    if (verb === "logs")
      throw new KError(
        `error: a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(" ")}]`,
      );
    c.err(`Defaulted container "${names[0]}" out of: ${names.join(", ")}\n`);
  }
  return names[0];
}

function* logsCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  let name = a.pos[0];
  if (!name)
    throw new KError(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  if (name.startsWith("pod/")) name = name.slice(4);
  const ns = namespaceOf(a);
  const { pod, prt } = findPod(cl, ns, name);
  const cname = pickContainer(c, pod, a.flags.get("container") ?? a.pos[1], "logs");
  const ctr = prt?.containers.get(cname);
  if (!ctr) {
    const w =
      (pod.status?.containerStatuses ?? []).find((s: Obj) => s.name === cname)?.state?.waiting?.reason ??
      "ContainerCreating";
    throw new KError(
      `Error from server (BadRequest): container "${cname}" in pod "${name}" is waiting to start: ${w}`,
    );
  }
  const tail = a.flags.get("tail");
  const recs: { stream: string; text: string }[] = [];
  for (const l of ctr.log)
    for (const part of l.text.split(/(?<=\n)/)) if (part) recs.push({ stream: l.stream, text: part });
  const shown =
    tail === undefined || Number(tail) < 0 ? recs : recs.slice(Math.max(0, recs.length - Number(tail)));
  for (const r of shown) c.out(r.text);
  if (a.flags.get("follow") !== "true") return 0;
  const sink = { out: c.out, err: c.out };
  ctr.attached.add(sink);
  try {
    yield { until: Infinity, cond: () => !ctr.running || c.interrupted() };
  } finally {
    ctr.attached.delete(sink);
  }
  return 0;
}

function* execCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  let name = a.pos[0];
  if (!name) throw new KError("error: pod, type/name or --filename must be specified");
  if (name.startsWith("pod/")) name = name.slice(4);
  let prog = a.dash ?? [];
  if (!a.dash) {
    prog = a.pos.slice(1);
    if (prog.length)
      c.err(
        "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n",
      );
  }
  if (!prog.length) throw new KError("error: you must specify at least one command for the container");
  const ns = namespaceOf(a);
  const { pod, prt } = findPod(cl, ns, name);
  const cname = pickContainer(c, pod, a.flags.get("container"), "exec");
  const ctr = prt?.containers.get(cname);
  if (!ctr || !ctr.running)
    throw new KError(`error: unable to upgrade connection: container not found ("${cname}")`);
  const ctx = ctr.ctx();
  const base = prog[0].slice(prog[0].lastIndexOf("/") + 1);
  if (!(ctx.nsproxy?.mnt?.programs as ReadonlyMap<string, unknown> | undefined)?.has(base)) {
    c.err(`${ociExecError(prog[0])}\ncommand terminated with exit code 126\n`);
    return 126;
  }
  const env = new Map<string, string>();
  for (const kv of ctr.image.config.Env) env.set(kv.split("=")[0], kv.split("=").slice(1).join("="));
  env.set("HOSTNAME", ctr.hostname);
  env.set("HOME", "/root");
  if (a.flags.get("tty") === "true") env.set("TERM", "xterm");
  if (a.flags.get("stdin") === "true" && ["sh", "bash", "ash", "zsh"].includes(base) && prog.length === 1) {
    const m = ctr.engine.machine;
    const proc = m.spawn([prog[0]], ctx.ns, { nsproxy: ctx.nsproxy, ppid: ctr.shimPid });
    const r = c.run(["sh"], { ...ctx, onLeave: () => m.kill(proc.pid) });
    if (typeof r !== "number") yield* r;
    c.fs.cwd = "/";
    return 0;
  }
  const saved = c.fs.cwd;
  c.fs.cwd = ctr.image.config.WorkingDir || "/";
  let st: number;
  try {
    const r = c.run(prog, ctx, { env });
    st = typeof r === "number" ? r : yield* r;
  } finally {
    c.fs.cwd = saved;
  }
  if (st) c.err(`command terminated with exit code ${st}\n`);
  return st;
}

function* waitCmd(c: Cmd, cl: Cluster, a: Args): Generator<Wait, number, void> {
  const cond = a.flags.get("for");
  if (!cond) throw new KError("error: --for must be specified");
  const timeout = parseDuration(a.flags.get("timeout") ?? "30s");
  const ns = namespaceOf(a);
  let names = a.pos.map((p) => (p.includes("/") ? p.split("/")[1] : p));
  if (a.pos[0] && !a.pos[0].includes("/")) names = a.pos.slice(1);
  if (a.flags.get("all") === "true" || a.flags.has("selector"))
    names = objects(cl, "Pod", a).map((o) => o.metadata.name);
  if (!names.length) throw new KError("error: no matching resources found");
  const want = cond.replace(/^condition=/, "").toLowerCase();
  const deleteWait = cond === "delete";
  const deadline = cl.api.now() + timeout;
  let st = 0;
  for (const n of names) {
    const ok = () => {
      const p = cl.api.get("Pod", ns, n);
      if (deleteWait) return !p;
      return !!p?.status?.conditions?.some((x: Obj) => x.type.toLowerCase() === want && x.status === "True");
    };
    if (!cl.api.get("Pod", ns, n) && !deleteWait) {
      c.err(`Error from server (NotFound): pods "${n}" not found\n`);
      st = 1;
      continue;
    }
    yield { until: deadline, cond: () => ok() || c.interrupted() };
    if (ok()) c.out(`pod/${n} condition met\n`);
    else {
      c.err(`error: timed out waiting for the condition on pods/${n}\n`);
      st = 1;
    }
  }
  return st;
}

function parseDuration(s: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(s);
  if (!m)
    throw new KError(`error: invalid argument "${s}" for "--timeout" flag: time: invalid duration "${s}"`);
  return Number(m[1]) * (m[2] === "m" ? 60 : m[2] === "h" ? 3600 : 1) * NS_PER_S;
}
