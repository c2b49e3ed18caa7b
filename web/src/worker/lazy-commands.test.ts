import { beforeEach, describe, expect, it } from "vitest";
import {
  CommandNotLoaded,
  commandTable,
  createCluster,
  lazyCommandsLoaded,
  loadLazyCommands,
  needsLazyCommands,
  unloadLazyCommandsForTests,
} from "./lazy-commands";
import { defaultCommands, LAZY_COMMANDS, type LazyGroup } from "../../../sim-core/src/shell/commands/index";
import { lazyCommands as groupCode } from "../../../sim-core/src/shell/commands/groups";
import type { Cmd } from "../../../sim-core/src/shell/types";
import { fakeClockHost } from "./fake-clock-host";

const setup = fakeClockHost;

describe("lazily loaded programs", () => {
  beforeEach(() => unloadLazyCommandsForTests());

  it("are in the worker's command table from the start, as forwarders", () => {
    expect(lazyCommandsLoaded()).toBe(false);
    const table = commandTable();
    expect([...table.keys()].sort()).toEqual([...defaultCommands().keys()].sort());
    expect(() => table.get("grep")!({ argv: ["grep"] } as unknown as Cmd)).toThrow(CommandNotLoaded);
  });

  it("list exactly the names sim-core's table takes from each group", () => {
    const all = defaultCommands();
    const seen = new Set<string>();
    for (const group of Object.keys(LAZY_COMMANDS) as LazyGroup[]) {
      const names: readonly string[] = LAZY_COMMANDS[group];
      const code = groupCode(group).map(([n]) => n);
      for (const n of names) {
        expect(code, `${group}: ${n}`).toContain(n);
        expect(seen.has(n), `${n} in two groups`).toBe(false);
        seen.add(n);
        expect(all.has(n)).toBe(true);
      }
      // a program of the group not listed must be one the table has from elsewhere
      for (const n of code.filter((n) => !names.includes(n))) expect(all.has(n), `${group}: ${n}`).toBe(true);
    }
  });

  it("are seen in a line by name", () => {
    expect(needsLazyCommands("ip -br addr; echo M1'M'")).toBe(false);
    expect(needsLazyCommands("ip -n RED route")).toBe(true); // generous: `route` is net-tools
    expect(needsLazyCommands("ip a | grep inet")).toBe(true);
    expect(needsLazyCommands("ip netns exec RED iptables-save")).toBe(true);
    expect(needsLazyCommands("docker run -d nginx")).toBe(true);
    expect(needsLazyCommands("#@cluster k8s nodes=2")).toBe(true);
    expect(needsLazyCommands("p=gr; ${p}ep x /etc/hosts")).toBe(false);
  });

  it("run a line that names one only once the code is there, in order with the others", async () => {
    const { host, events, later, output } = setup();
    await host.load({ script: "", seed: 1 });
    host.submit("host", "ip netns add RED");
    host.submit("host", "ip netns list | grep -c RED");
    host.submit("host", "ip netns add BLUE");
    // the first ran at once; the second waits for its code, the third behind it
    expect(events.filter((e) => e.t === "done")).toHaveLength(1);
    await loadLazyCommands();
    later(0);
    expect(events.filter((e) => e.t === "done")).toHaveLength(3);
    expect(output()).toBe("1\n");
    expect(host.view().script).toBe("ip netns add RED\nip netns list | grep -c RED\nip netns add BLUE\n");
  });

  it("run a line again when the shell built the name itself, without printing twice", async () => {
    const { host, later, output, events } = setup();
    await host.load({ script: "", seed: 1 });
    host.submit("host", "echo one; p=gr; ${p}ep -c localhost /etc/hosts; echo two");
    // the forwarder found no code: the line is undone, waits for the code, runs again
    expect(output()).toBe("one\n");
    expect(host.view().busy).toBe(true);
    await loadLazyCommands();
    later(0);
    expect(output()).toBe("one\n1\ntwo\n");
    expect(events.filter((e) => e.t === "start")).toHaveLength(1);
    expect(events.filter((e) => e.t === "done")).toHaveLength(1);
    expect(host.view().script).toBe("echo one; p=gr; ${p}ep -c localhost /etc/hosts; echo two\n");
  });

  it("replay a lab that uses them once loaded", async () => {
    const { host } = setup();
    const r = await host.load({ script: "iptables -P FORWARD DROP\nip a | grep -c lo\n", seed: 1 });
    expect(r.ok).toBe(true);
    const i = await host.inspect({ machine: "host", netns: "host/root" });
    expect(i?.iptables?.[0].chains.find((c) => c.name === "FORWARD")?.policy).toBe("DROP");
  });

  it("start a cluster only once its machinery is loaded (the worker's session asks here)", async () => {
    expect(() => createCluster(undefined as never, undefined as never)).toThrow(CommandNotLoaded);
    const { host } = setup();
    const r = await host.load({ script: "#@cluster demo nodes=2 pod-network=172.16.0.0/16\n", seed: 1 });
    expect(r.ok).toBe(true);
    expect(lazyCommandsLoaded()).toBe(true);
    expect(r.view.machines.length).toBeGreaterThanOrEqual(2);
  });
});
