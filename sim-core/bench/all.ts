/**
 * `npm run bench`: every benchmark of the simulator core, one after the other (each module runs
 * when imported): the topology/replay/scale figures, netfilter at kube-proxy scale, TCP.
 */
import "./bench";
import "./nf-bench";
import "./tcp-bench";
