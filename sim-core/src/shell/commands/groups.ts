/**
 * The programs of the groups a host may load on demand (LAZY_COMMANDS in ./index.ts), loaded up
 * front: the headless runner and the tests have them from the start. The web worker's build puts
 * web/src/worker/lazy-commands.ts in this module's place (vite.config.ts), which imports this
 * module itself the first time a line names one of these programs.
 */
import type { CommandFn } from "../types";
import type { LazyGroup } from "./index";
import { textCommands } from "./text";
import { curl } from "./curl";
import { nc } from "./nc";
import { python3 } from "./python3";
import { ss } from "./ss";
import { netfilterCommands } from "../../netfilter/commands";
import { nettoolsCommands } from "../nettools";
import { docker } from "../../docker/cli";
import { kubectl } from "../../k8s/kubectl";
import { crictl } from "../../k8s/crictl";
import { tcpdump } from "../../capture/tcpdump";

export function lazyCommands(group: LazyGroup): [string, CommandFn][] {
  switch (group) {
    case "sockets":
      return [
        ["curl", curl],
        ["nc", nc],
        ["netcat", nc],
        ["python3", python3],
        ["ss", ss],
      ];
    case "netfilter":
      return netfilterCommands();
    case "nettools":
      return nettoolsCommands();
    case "docker":
      return [["docker", docker]];
    case "k8s":
      return [
        ["kubectl", kubectl],
        ["crictl", crictl],
      ];
    case "capture":
      return [["tcpdump", tcpdump]];
    case "text":
      return [...textCommands()];
  }
}
