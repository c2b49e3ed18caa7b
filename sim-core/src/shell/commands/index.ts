/** The programs a simulated machine has, by name (what `PATH` finds). */
import type { CommandFn } from "../types";
import { ipCommand } from "../iproute/ip";
import { bridgeCommand } from "../iproute/bridge";
import { ping } from "./ping";
import { sysctl } from "./sysctl";
import { ls, tee, touch } from "./files";
import { hostname, id, nsenter, sleep, uname, whoami } from "./system";
import { textCommands } from "./text";

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
    ["nsenter", nsenter],
    ["whoami", whoami],
    ["id", id],
    ["uname", uname],
  ]);
  for (const [name, fn] of textCommands()) if (!m.has(name)) m.set(name, fn);
  return m;
}
