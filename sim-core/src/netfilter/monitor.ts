/**
 * `xtables-monitor` (iptables 1.8.9, xtables-monitor.c): with the nf_tables back-end, -j TRACE
 * writes nothing to the kernel log; the traces are read with `xtables-monitor --trace`, which
 * runs until killed and prints what NfEnv.nftrace receives (the lines are made by hooks.ts).
 * This module parses its command line: either an immediate result (help, version, errors) or the
 * streaming mode the shell must run, printing trace lines as packets go by.
 */
import type { CmdResult } from "./types";

const USAGE = `xtables-monitor 1.8.9 (nf_tables)
Usage: xtables-monitor [ -t | -e ]
        --trace    -t    trace ruleset traversal of packets tagged via -j TRACE rule
        --event    -e    show events that modify the ruleset
Optional arguments:
        --ipv4     -4    only monitor IPv4
        --ipv6     -6    only monitor IPv6
\t--counters -c    show counters in rules
`;

export interface MonitorMode {
  trace: boolean;
  events: boolean;
  counters: boolean;
  /** -6 only: IPv4 traces are not shown */
  ipv6Only: boolean;
}

const LONG: Record<string, string> = {
  "--counters": "c",
  "--trace": "t",
  "--event": "e",
  "--ipv4": "4",
  "--ipv6": "6",
  "--version": "V",
  "--help": "h",
};

/** Parse `xtables-monitor ARGV…`: a finished result, or the mode to stream in. */
export function runXtablesMonitor(argv: readonly string[]): CmdResult | MonitorMode {
  const mode: MonitorMode = { trace: false, events: false, counters: false, ipv6Only: false };
  const bad: CmdResult = {
    stdout: "",
    stderr: "xtables-monitor 1.8.9: Bad argument.\nTry `xtables-monitor -h' for more information.\n",
    exitCode: 2,
  };
  for (const a of argv) {
    const letters = a.startsWith("--")
      ? [LONG[a]]
      : a.startsWith("-") && a.length > 1
        ? [...a.slice(1)]
        : [undefined];
    for (const l of letters) {
      switch (l) {
        case "c":
          mode.counters = true;
          break;
        case "t":
          mode.trace = true;
          break;
        case "e":
          mode.events = true;
          break;
        case "4":
          mode.ipv6Only = false;
          break;
        case "6":
          mode.ipv6Only = true;
          break;
        case "V":
          return { stdout: "xtables-monitor 1.8.9\n", stderr: "", exitCode: 0 };
        case "h":
          return { stdout: USAGE, stderr: "", exitCode: 1 };
        default:
          return bad;
      }
    }
  }
  if (!mode.trace && !mode.events) return { stdout: USAGE, stderr: "", exitCode: 1 };
  return mode;
}
