/**
 * Linking hops into the paths copies of a packet take: a reception follows the transmission
 * whose far end it is at, the transmissions after a bridge flood all follow the flood, and the
 * copies in flight at an event are the hops nothing follows yet.
 */
import { describe, expect, it } from "vitest";
import { copiesAt, linkRows, matches, relTime, visibleRows, type EventRow, type JourneyView } from "./track";

let t = 0;
function r(j: number, kind: string, place: string, extra: Partial<EventRow> = {}): EventRow {
  return {
    j,
    hop: 0,
    t: t++,
    kind,
    label: kind,
    machine: "m",
    netns: "root",
    proto: j === 1 ? "ARP" : "ICMP",
    what: "",
    place: [place],
    pred: -1,
    ...extra,
  };
}

function view(rows: EventRow[]): JourneyView {
  const journeys = [0, 1].map((j) => ({
    id: j + 10,
    parentIndex: j - 1,
    protocol: j === 1 ? "ARP" : "ICMP",
    summary: "",
    outcome: "sent" as const,
    hopCount: 0,
    truncatedHops: 0,
    firstRow: rows.findIndex((x) => x.j === j),
    lastRow: rows.map((x) => x.j).lastIndexOf(j),
  }));
  return { scope: { kind: "journey", id: 10 }, journeys, rows, omittedJourneys: 0, omittedRows: 0, t0: 0 };
}

describe("linkRows and copiesAt", () => {
  it("forks a flooded frame and follows each copy to where it is received", () => {
    const rows = [
      r(0, "send", "ns:A"), // 0
      r(0, "neigh", "d:A/eth0"), // 1 waits for ARP
      r(1, "send", "d:A/eth0"), // 2
      r(1, "xmit", "d:A/eth0", { peer: ["d:br/p1"] }), // 3
      r(1, "recv", "d:br/p1"), // 4
      r(1, "bridge", "d:br/br0", { flood: true }), // 5
      r(1, "xmit", "d:br/p2", { peer: ["d:B/eth0"] }), // 6
      r(1, "xmit", "d:br/p3", { peer: ["d:C/eth0"] }), // 7
      r(1, "recv", "d:C/eth0"), // 8
      r(1, "recv", "d:B/eth0"), // 9
      r(1, "neigh", "d:B/eth0"), // 10 (at B: continues B's copy, not C's)
      r(0, "xmit", "d:A/eth0"), // 11
    ];
    linkRows(rows);
    expect(rows.map((x) => x.pred)).toEqual([-1, 0, -1, 2, 3, 4, 5, 5, 7, 6, 9, 1]);
    const v = view(rows);
    // after both copies arrived: B's and C's, and the ICMP waiting at A
    expect(copiesAt(v, 9)).toEqual([9, 8, 1]);
    // the ARP journey over: its copies are no longer drawn
    expect(copiesAt(v, 11)).toEqual([11]);
  });

  it("filters by protocol (a VXLAN filter keeps the hops in an envelope)", () => {
    const rows = [
      r(0, "send", "a"),
      r(1, "send", "a"),
      r(0, "xmit", "a", { env: { vni: 1, src: "x", dst: "y" } }),
    ];
    linkRows(rows);
    const v = view(rows);
    expect(visibleRows(v, null)).toEqual([0, 1, 2]);
    expect(visibleRows(v, "ARP")).toEqual([1]);
    expect(visibleRows(v, "VXLAN")).toEqual([2]);
    expect(matches(v, rows[2], "ICMP")).toBe(true);
  });

  it("prints times relative to the first event", () => {
    expect(relTime(15_000, 0)).toBe("+15 µs");
    expect(relTime(2_500_000, 0)).toBe("+2.500 ms");
    expect(relTime(3_000_000_000, 1_000_000_000)).toBe("+2.000 s");
  });
});
