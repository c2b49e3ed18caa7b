/**
 * crictl v1.23 on a cluster node, talking to dockershim: `crictl pods` (the sandboxes),
 * `crictl ps [-a]` (the containers), `crictl images`, with crictl's table (tabwriter, min width
 * 20, padding 3), 13-character ids and ages. Elsewhere it cannot reach a runtime.
 */
import type { Cmd } from "../shell/types";
import { tabwrite } from "../docker/tabwriter";
import { humanDuration } from "../docker/cli";
import { Cluster } from "./cluster";

const CTABLE = { minwidth: 20, padding: 3 };

export function crictl(c: Cmd): number {
  const args = c.argv.slice(1);
  const node = Cluster.ofMachine(c.ctx.machine)?.nodes.find((n) => n.machine === c.ctx.machine);
  const sub = args.find((a) => !a.startsWith("-"));
  if (!sub) {
    c.out(
      "NAME:\n   crictl - client for CRI\n\nUSAGE:\n   crictl [global options] command [command options] [arguments...]\n\nCOMMANDS:\n   images   List images\n   ps       List containers\n   pods     List pods\n",
    );
    return 0;
  }
  if (!node) {
    c.err(
      'FATA[0000] unable to determine runtime API version: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /var/run/dockershim.sock: connect: no such file or directory"\n',
    );
    return 1;
  }
  const e = node.engine;
  const now = e.now;
  const all = args.includes("-a") || args.includes("--all");
  const q = args.includes("-q") || args.includes("--quiet");
  switch (sub) {
    case "pods": {
      const rows = ["POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME"];
      for (const ctr of [...e.containers].reverse()) {
        const l = ctr.opts.labels ?? {};
        if (l["io.kubernetes.docker.type"] !== "podsandbox") continue;
        if (q) {
          rows.push(ctr.id);
          continue;
        }
        rows.push(
          [
            ctr.id.slice(0, 13),
            `${humanDuration(now - ctr.created)} ago`,
            ctr.running ? "Ready" : "NotReady",
            l["io.kubernetes.pod.name"],
            l["io.kubernetes.pod.namespace"],
            "0",
            "(default)",
          ].join("\t"),
        );
      }
      c.out(
        q
          ? rows.slice(1).join("\n") + (rows.length > 1 ? "\n" : "")
          : tabwrite(rows.join("\n") + "\n", CTABLE),
      );
      return 0;
    }
    case "ps": {
      const rows = ["CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID"];
      for (const ctr of [...e.containers].reverse()) {
        const l = ctr.opts.labels ?? {};
        if (l["io.kubernetes.docker.type"] !== "container") continue;
        if (!all && !ctr.running) continue;
        if (q) {
          rows.push(ctr.id);
          continue;
        }
        const attempt = ctr.name.split("_").at(-1) ?? "0";
        rows.push(
          [
            ctr.id.slice(0, 13),
            ctr.image.id.slice(0, 13),
            `${humanDuration(now - ctr.created)} ago`,
            ctr.running ? "Running" : "Exited",
            l["io.kubernetes.container.name"],
            attempt,
            (l["io.kubernetes.sandbox.id"] ?? "").slice(0, 13),
          ].join("\t"),
        );
      }
      c.out(
        q
          ? rows.slice(1).join("\n") + (rows.length > 1 ? "\n" : "")
          : tabwrite(rows.join("\n") + "\n", CTABLE),
      );
      return 0;
    }
    case "images": {
      const rows = ["IMAGE\tTAG\tIMAGE ID\tSIZE"];
      for (const img of e.pulled)
        rows.push(
          [
            img.repo.includes("/") || img.repo.includes(".") ? img.repo : `docker.io/library/${img.repo}`,
            img.tags[0],
            img.id.slice(0, 13),
            img.size,
          ].join("\t"),
        );
      c.out(tabwrite(rows.join("\n") + "\n", CTABLE));
      return 0;
    }
    default:
      c.err(`FATA[0000] no help topic for '${sub}'\n`);
      return 1;
  }
}
