/**
 * What the web app's "create a cluster" canvas action uses: validate the form with
 * `checkCluster` (it throws a ClusterError with the message to show), then apply it with
 * `session.directive(clusterStep(spec))`, which builds the cluster's machines (k8s-m, k8s-w1…,
 * see `clusterMachines`) and records `#@cluster NAME nodes=N pod-network=CIDR` in the script, so
 * replaying the script rebuilds the same cluster.
 */
import type { Step } from "../lab/script";
import { checkCluster, type ClusterSpec } from "../k8s/directive";

export {
  checkCluster,
  clusterDirective,
  clusterMachines,
  ClusterError,
  type ClusterSpec,
} from "../k8s/directive";

/** The directive step for a (validated) cluster request. */
export function clusterStep(spec: ClusterSpec): Step {
  return { kind: "cluster", ...checkCluster(spec) };
}
