/**
 * `npm run bench`: every benchmark of the simulator core, one after the other (each module runs
 * when imported): the topology/replay/scale figures, netfilter at kube-proxy scale, TCP, a
 * 100-node Kubernetes cluster with 3,000 pods created through kubectl, and the size of the web
 * app's share link for each starter lab.
 */
import "./bench";
import "./nf-bench";
import "./tcp-bench";
import "./k8s-bench";
import "./link-size";
