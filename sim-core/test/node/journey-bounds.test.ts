/**
 * The journey recorder is bounded whatever a lab sends: at most maxJourneys journeys (the oldest
 * go first), maxHops hops per journey (the rest counted as truncated) and maxEvents hops in all —
 * a `ping -f` keeps the newest packets, in bounded memory. Events of different journeys at the
 * same virtual time keep the order the kernel emitted them in.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Session } from "../../src/api/session";
import { commandsWithJourneys, getJourney, listJourneys } from "../../src/api/journeys";

const PAIR = [
  "ip netns add RED",
  "ip netns add BLUE",
  "ip link add va netns RED type veth peer name vb netns BLUE",
  "ip -n RED addr add 10.0.0.1/24 dev va",
  "ip -n BLUE addr add 10.0.0.2/24 dev vb",
  "ip -n RED link set va up",
  "ip -n BLUE link set vb up",
].join("\n");

function held(s: Session): number {
  let n = 0;
  for (const j of s.journeys!.journeys.values()) n += j.events.length;
  return n;
}

describe("the journey recorder's bounds", () => {
  it("keeps the newest maxJourneys journeys of a ping flood", () => {
    const s = new Session({ script: PAIR, journeys: { maxJourneys: 50 } });
    expect(s.runSync("host", "ip netns exec RED ping -f -c 300 10.0.0.2")).toBe(0);
    const rec = s.journeys!;
    expect(rec.journeys.size).toBe(50);
    expect(rec.size).toBe(held(s));
    // the newest are kept: the last echo reply is among them, the first request is not
    const ids = [...rec.journeys.keys()];
    expect(Math.min(...ids)).toBeGreaterThan(300);
    const listed = listJourneys(s, { kernel: true, limit: 1000 });
    expect(listed.length).toBe(50);
    expect(listed.at(-1)!.summary).toMatch(/^ICMP echo reply 10\.0\.0\.2 → 10\.0\.0\.1$/);
  });

  it("keeps at most maxEvents hops in all, forgetting the oldest journeys", () => {
    const s = new Session({ script: PAIR, journeys: { maxEvents: 500 } });
    s.runSync("host", "ip netns exec RED ping -f -c 1000 10.0.0.2");
    const rec = s.journeys!;
    expect(rec.size).toBe(held(s));
    expect(rec.size).toBeLessThanOrEqual(500);
    expect(rec.size).toBeGreaterThan(450);
    // what is kept is whole journeys: each still starts where its packet was sent
    for (const j of rec.journeys.values()) expect(j.events[0].kind).toBe("send");
    const c = commandsWithJourneys(s)[0];
    expect(getJourney(s, c.journeys.at(-1)!)!.outcome).toBe("delivered");
  });

  it("cuts a journey at maxHops and says how much it left out", () => {
    const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/shared");
    const s = new Session({
      script: readFileSync(join(fixtures, "flannel-vxlan.sh"), "utf8"),
      journeys: { maxHops: 10 },
    });
    const c = commandsWithJourneys(s).find(
      (x) => x.command.line === "ip netns exec pod-1 ping -c 1 -W 1 172.16.2.8",
    )!;
    const j = getJourney(s, c.journeys[0])!;
    expect(j.hops).toHaveLength(10);
    expect(j.truncatedHops).toBe(27);
  });

  it("orders the hops of different journeys by when the kernel emitted them", () => {
    const s = new Session({ script: PAIR });
    s.runSync("host", "ip netns exec RED ping -c 1 10.0.0.2");
    const rec = s.journeys!;
    const all: { order: number; t: number }[] = [];
    for (const j of rec.journeys.values()) {
      expect(j.order).toHaveLength(j.events.length);
      j.events.forEach((e, i) => all.push({ order: j.order[i], t: e.t }));
    }
    all.sort((a, b) => a.order - b.order);
    for (let i = 1; i < all.length; i++) expect(all[i].t).toBeGreaterThanOrEqual(all[i - 1].t);
  });
});
