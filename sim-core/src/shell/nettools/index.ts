/** net-tools (arp, ifconfig, route, netstat) and bridge-utils (brctl) as shell commands. */
import type { CommandFn } from "../types";
import { arp } from "./arp";

export function nettoolsCommands(): [string, CommandFn][] {
  return [["arp", arp]];
}
