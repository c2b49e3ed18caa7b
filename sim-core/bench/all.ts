/**
 * `npm run bench`: every benchmark of the simulator core, one after the other (each module runs
 * when imported): the topology/replay/scale figures, netfilter at kube-proxy scale, TCP, a
 * 100-node Kubernetes cluster with 3,000 pods created through kubectl, the size of the web
 * app's share link for each starter lab, and the runaway labs of the robustness suite (10,000
 * namespaces, 100,000 rules, floods stopped by Ctrl-C, a bridge loop).
 */
import "./bench";
import "./nf-bench";
import "./tcp-bench";
import "./k8s-bench";
import "./link-size";
import "./robust-bench";
