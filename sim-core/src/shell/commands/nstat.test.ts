/**
 * nstat's history (one file per machine, increments since the last run) and its fnmatch patterns;
 * netstat -s printing what its unsorted tables miss as "Name: value".
 */
import { describe, expect, it } from "vitest";
import { runLab, runCommand } from "../../lab/runner";
import { Shell } from "../interp";
import { defaultCommands } from ".";
import { fnmatchCasefold } from "./nstat";

function host() {
  const { world } = runLab("");
  const sh = new Shell(world, world.machine("host"), defaultCommands(), false);
  return (line: string) => runCommand(sh, line);
}

describe("nstat", () => {
  it("matches patterns as fnmatch(FNM_CASEFOLD)", () => {
    expect(fnmatchCasefold("icmp*", "IcmpInMsgs")).toBe(true);
    expect(fnmatchCasefold("Ip[!6]*", "Ip6InReceives")).toBe(false);
    expect(fnmatchCasefold("Ip[!6]*", "IpExtInOctets")).toBe(true);
    expect(fnmatchCasefold("Tcp?xt*", "TcpExtTW")).toBe(true);
    expect(fnmatchCasefold("Udp", "UdpInDatagrams")).toBe(false);
  });

  it("keeps a history per machine and prints increments since the last run", () => {
    const run = host();
    expect(run("nstat -rn").output).toBe("");
    expect(run("cat /tmp/.nstat.u0").output).toBe("#kernel\n");
    run("ping -c 1 127.0.0.1");
    expect(run("nstat IcmpOutEchos").output).toBe(
      "#kernel\n" + "IcmpOutEchos".padEnd(32) + "1".padEnd(16) + "   0.0\n",
    );
    expect(run("nstat IcmpOutEchos").output).toBe("#kernel\n");
    expect(run("nstat -a -s -j IcmpOutEchos").output).toBe('{"kernel":{"IcmpOutEchos":1}}\n');
    expect(run("ls -l /tmp/.nstat.u0").output.startsWith("-rw------- ")).toBe(true);
  });

  it("refuses a history it cannot parse, and one from another source", () => {
    const run = host();
    run("echo garbage > /run/h");
    expect(run("NSTAT_HISTORY=/run/h nstat")).toEqual({
      output: "nstat.c:146: error parsing history file\n",
      status: 254,
    });
    run("printf '#other\\nIpInReceives 1\\n' > /run/h2");
    expect(run("NSTAT_HISTORY=/run/h2 nstat IpInReceives").output).toBe(
      "nstat: history is stale, ignoring it.\n#kernel\n",
    );
  });
});

describe("netstat -s", () => {
  it("prints the counters its bsearch misses as Name: value", () => {
    const run = host();
    const out = run("netstat -s").output;
    expect(out.startsWith("Ip:\n    Forwarding: 2\n    0 total packets received\n    0 forwarded\n")).toBe(
      true,
    );
    expect(out).toContain(
      "Icmp:\n    0 ICMP messages received\n    0 input ICMP message failed\n    ICMP input histogram:\n",
    );
    expect(out.endsWith("IpExt:\nMPTcpExt:\n")).toBe(true);
  });
});
