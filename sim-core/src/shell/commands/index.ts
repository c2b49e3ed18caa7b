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
import { textCommands } from "./text";
import { curl } from "./curl";
import { nc } from "./nc";
import { python3 } from "./python3";
import { ss } from "./ss";
import { lsns } from "./lsns";
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
    ["lsns", lsns],
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
  ]);
  for (const [name, fn] of netfilterCommands()) m.set(name, fn);
  for (const [name, fn] of nettoolsCommands()) m.set(name, fn);
  for (const [name, fn] of textCommands()) if (!m.has(name)) m.set(name, fn);
  return m;
}
