/**
 * The `#@cluster NAME nodes=N pod-network=CIDR` directive: its arguments and their checks, with
 * no dependency on the simulator (the lab parser and the web app's canvas use it as is).
 */

export interface ClusterSpec {
  name: string;
  nodes: number;
  podNetwork: string;
}

export class ClusterError extends Error {}

/** The machines a cluster of `nodes` nodes is made of: k8s-m, then k8s-w1, k8s-w2… */
export function clusterMachines(nodes: number): string[] {
  return ["k8s-m", ...Array.from({ length: nodes - 1 }, (_, i) => `k8s-w${i + 1}`)];
}

function ip4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
}

/** Validates a cluster request (the canvas's form, or the directive's words). */
export function checkCluster(spec: ClusterSpec): ClusterSpec {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(spec.name))
    throw new ClusterError(`#@cluster: invalid name "${spec.name}"`);
  if (!Number.isInteger(spec.nodes) || spec.nodes < 1 || spec.nodes > 155)
    throw new ClusterError("#@cluster: nodes must be between 1 and 155");
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(spec.podNetwork);
  const ip = m ? ip4(m[1]) : undefined;
  const len = m ? Number(m[2]) : 0;
  const mask = len ? (0xffffffff << (32 - len)) >>> 0 : 0;
  if (!m || ip === undefined || len > 22 || len < 8 || (ip & mask) >>> 0 !== ip)
    throw new ClusterError(
      "#@cluster: pod-network must be a network between /8 and /22, such as 172.16.0.0/16",
    );
  if (2 ** (24 - len) < spec.nodes)
    throw new ClusterError(`#@cluster: pod-network ${spec.podNetwork} has fewer than ${spec.nodes} /24s`);
  return spec;
}

/** The directive's words after `#@cluster`. */
export function parseClusterArgs(words: string[]): ClusterSpec {
  const name = words[0];
  if (!name || name.includes("=")) throw new ClusterError("#@cluster needs a name");
  let nodes = 3;
  let podNetwork = "10.244.0.0/16";
  for (const w of words.slice(1)) {
    const i = w.indexOf("=");
    const k = i < 0 ? w : w.slice(0, i);
    const v = i < 0 ? "" : w.slice(i + 1);
    if (k === "nodes" && /^\d+$/.test(v)) nodes = Number(v);
    else if (k === "pod-network" && v) podNetwork = v;
    else throw new ClusterError(`#@cluster: unknown option "${w}" (want nodes=N pod-network=CIDR)`);
  }
  return checkCluster({ name, nodes, podNetwork });
}

/** The directive's text for a spec (what the script records). */
export function clusterDirective(spec: ClusterSpec): string {
  return `#@cluster ${spec.name} nodes=${spec.nodes} pod-network=${spec.podNetwork}`;
}
