/** The programs a simulated machine has, by name (what `PATH` finds). */
import type { CommandFn } from "../types";
import { ipCommand } from "../iproute/ip";
import { bridgeCommand } from "../iproute/bridge";
import { ping } from "./ping";
import { sysctl } from "./sysctl";
import { cp, ls, mkdir, rm, rmdir, tee, touch } from "./files";
import {
  basename,
  date,
  dirname,
  env,
  getent,
  hostname,
  id,
  nsenter,
  seq,
  sleep,
  timeout,
  uname,
  which,
  whoami,
  xargs,
} from "./system";
import { lsns } from "./lsns";
import { nstat } from "./nstat";
import { ps } from "./ps";
import { lazyCommands } from "./groups";

/**
 * Programs whose code a host may load only when a line first names one (the web worker does, to
 * start sooner; see web/src/worker/lazy-commands.ts): each group and the names its programs have
 * in defaultCommands(). Their code is in ./groups.ts.
 */
export const LAZY_COMMANDS = {
  sockets: ["curl", "nc", "netcat", "python3", "ss"],
  docker: ["docker"],
  k8s: ["kubectl", "crictl"],
  capture: ["tcpdump"],
  netfilter: [
    "iptables",
    "iptables-nft",
    "iptables-save",
    "iptables-nft-save",
    "iptables-restore",
    "iptables-nft-restore",
    "conntrack",
    "xtables-monitor",
    "dmesg",
  ],
  nettools: ["arp", "ifconfig", "route", "netstat", "brctl"],
  text: [
    "grep",
    "egrep",
    "fgrep",
    "head",
    "tail",
    "wc",
    "sort",
    "uniq",
    "cut",
    "tr",
    "tac",
    "cat",
    "nl",
    "column",
    "sed",
    "awk",
    "mawk",
  ],
} as const satisfies Record<string, readonly string[]>;

export type LazyGroup = keyof typeof LAZY_COMMANDS;

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
    ...lazyCommands("sockets"),
    ["lsns", lsns],
    ["nstat", nstat],
    ["ps", ps],
    ...lazyCommands("docker"),
    ...lazyCommands("k8s"),
    ["getent", getent],
    ["seq", seq],
    ["xargs", xargs],
    ["env", env],
    ["which", which],
    ["date", date],
    ["basename", basename],
    ["dirname", dirname],
    ["mkdir", mkdir],
    ["rmdir", rmdir],
    ["rm", rm],
    ["cp", cp],
    ["mv", cp],
    ...lazyCommands("capture"),
  ]);
  for (const [name, fn] of lazyCommands("netfilter")) m.set(name, fn);
  for (const [name, fn] of lazyCommands("nettools")) m.set(name, fn);
  for (const [name, fn] of lazyCommands("text")) if (!m.has(name)) m.set(name, fn);
  return m;
}
