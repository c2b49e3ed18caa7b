/** The programs a simulated machine has, by name (what `PATH` finds). */
import type { CommandFn } from "../types";
import { ipCommand } from "../iproute/ip";
import { bridgeCommand } from "../iproute/bridge";
import { ping } from "./ping";
import { sysctl } from "./sysctl";
import { ls, tee, touch } from "./files";
import { hostname, id, nsenter, sleep, timeout, uname, whoami } from "./system";
import { textCommands } from "./text";
import { curl } from "./curl";
import { nc } from "./nc";
import { python3 } from "./python3";
import { ss } from "./ss";
import { netfilterCommands } from "../../netfilter/commands";
import { nettoolsCommands } from "../nettools";

export function defaultCommands(): Map<string, CommandFn> {
  const m = new Map<string, CommandFn>([
    ["ip", ipCommand],
    ["bridge", bridgeCommand],
    ["ping", ping],
    ["sysctl", sysctl],
    ["ls", ls],
    ["tee", tee],
    ["touch", touch],
    ["hostname", hostname],
    ["sleep", sleep],
    ["timeout", timeout],
    ["nsenter", nsenter],
    ["whoami", whoami],
    ["id", id],
    ["uname", uname],
    ["curl", curl],
    ["nc", nc],
    ["netcat", nc],
    ["python3", python3],
    ["ss", ss],
  ]);
  for (const [name, fn] of netfilterCommands()) m.set(name, fn);
  for (const [name, fn] of nettoolsCommands()) m.set(name, fn);
  for (const [name, fn] of textCommands()) if (!m.has(name)) m.set(name, fn);
  return m;
}
