/** net-tools (arp, ifconfig, route, netstat) and bridge-utils (brctl) as shell commands. */
import type { CommandFn } from "../types";
import { arp } from "./arp";
import { ifconfig } from "./ifconfig";
import { route } from "./route";
import { netstat } from "./netstat";
import { brctl } from "./brctl";

export function nettoolsCommands(): [string, CommandFn][] {
  return [
    ["arp", arp],
    ["ifconfig", ifconfig],
    ["route", route],
    ["netstat", netstat],
    ["brctl", brctl],
  ];
}
