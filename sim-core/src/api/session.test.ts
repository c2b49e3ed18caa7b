import { describe, expect, it } from "vitest";
import { Session } from "./session";

describe("Session.runSync", () => {
  it("interrupts a command that would run for ever after the runner's 15 s, as Ctrl-C would", () => {
    const s = new Session({ seed: 1 });
    let out = "";
    const status = s.runSync("host", "ping 127.0.0.1", (x) => (out += x));
    expect(status).toBe(0);
    expect(out).toContain("15 packets transmitted, 15 received, 0% packet loss");
    // the session is usable afterwards
    let echo = "";
    expect(s.runSync("host", "echo hi", (x) => (echo += x))).toBe(0);
    expect(echo).toBe("hi\n");
  });

  it("interrupts a command nothing will wake up", () => {
    const s = new Session({ seed: 1 });
    expect(s.runSync("host", "sleep 100")).toBe(130);
  });

  it("lets a command that ends by itself finish, however long it takes", () => {
    const s = new Session({ seed: 1 });
    let out = "";
    expect(s.runSync("host", "ping -c 3 -i 2 127.0.0.1", (x) => (out += x))).toBe(0);
    expect(out).toContain("3 packets transmitted, 3 received");
  });
});

describe("Session.run and exit", () => {
  it("an `exit` at the top level ends only its own line, as each lab line is its own bash -c", () => {
    const s = new Session({ seed: 1 });
    let out = "";
    const o = (x: string) => (out += x);
    expect(s.runSync("host", "exit", o)).toBe(0);
    expect(s.runSync("host", "echo hi", o)).toBe(0);
    expect(s.runSync("host", "exit 3", o)).toBe(3);
    expect(s.runSync("host", "ip netns add A", o)).toBe(0);
    expect(s.runSync("host", "ip netns exec A bash", o)).toBe(0);
    expect(s.runSync("host", "ip -br link", o)).toBe(0);
    expect(s.runSync("host", "exit", o)).toBe(0);
    expect(s.runSync("host", "ip netns identify", o)).toBe(0);
    expect(out).toBe("hi\nlo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n");
  });
});

describe("PID 1", () => {
  it("is init in the machine's initial network namespace: `netns 1` and `nsenter -t 1` reach it", () => {
    const s = new Session({ seed: 1 });
    const o: string[] = [];
    const run = (l: string) => s.runSync("host", l, (x) => o.push(x));
    run("ip netns add A");
    run("ip link add v0 type veth peer name v1");
    run("ip link set v1 netns A");
    expect(run("ip -n A link set v1 netns 1")).toBe(0);
    o.length = 0;
    run("ip -br link show v1");
    expect(o.join("")).toMatch(/^v1@v0 /);
    o.length = 0;
    expect(run("ip netns exec A nsenter -t 1 -n ip -br link show v0")).toBe(0);
    expect(o.join("")).toMatch(/^v0@v1 /);
    o.length = 0;
    expect(run("ip link set v0 netns 4242")).toBe(2);
    expect(o.join("")).toBe("RTNETLINK answers: No such process\n");
  });
});
