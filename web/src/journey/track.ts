/**
 * The journey view's data model, shared by the worker (which builds it from sim-core's journeys)
 * and the page (which plays it): the hops of one journey and the packets it caused — or of all
 * the packets of one command — merged into one time-ordered list of events, each placed on the
 * canvas (node ids, most specific first) and linked to the event it follows from, so that the
 * player can move every copy of a packet along the edges (a bridge flood forks one frame into
 * several, each continuing on its own port) and know which packets are still in flight.
 * Pure functions, no DOM.
 */

/** What the page asks to see. */
export type JourneyScope =
  /** One journey and everything it caused (its ARP, the reply, ICMP errors), recursively. */
  | { kind: "journey"; id: number }
  /** Every packet a command sent, with what they caused. */
  | { kind: "command"; id: number };

/** A command that sent packets (what the worker reports before anything is opened). */
export interface CommandInfo {
  /** CommandRef.id: the n-th command of the session (of the script, after a replay). */
  id: number;
  machine: string;
  line: string;
  /** Root journeys (packets the command itself sent). */
  count: number;
  /** The first and the last of them. */
  first: number;
  last: number;
  /** Virtual time of the first packet (ns). */
  t0: number;
}

export type Outcome = "delivered" | "dropped" | "sent";

export interface JourneyMeta {
  id: number;
  parent?: number;
  /** Index in JourneyView.journeys of the parent (-1: a root of the scope). */
  parentIndex: number;
  protocol: string;
  summary: string;
  outcome: Outcome;
  dropReason?: string;
  /** The drop's hop, as an index into JourneyView.rows. */
  dropRow?: number;
  hopCount: number;
  /** Hops the recorder left out (a very long journey). */
  truncatedHops: number;
  /** ICMP echo sequence (ping's icmp_seq) of an echo request or reply. */
  seq?: number;
  command?: { id: number; machine: string; line: string };
  /** Rows of this journey: the first and the last (indexes into JourneyView.rows). */
  firstRow: number;
  lastRow: number;
}

/** One hop of one packet, as the event list and the animation need it. */
export interface EventRow {
  /** Index into JourneyView.journeys. */
  j: number;
  /** The hop's Hop.index within its journey (what journeyHop and hopDetail take). */
  hop: number;
  /** Virtual time (ns). */
  t: number;
  kind: string;
  /** "xmit", "vxlan encap", "FORWARD DROP", "bridge forward → beth1", … */
  label: string;
  machine: string;
  /** "root" or the namespace's name. */
  netns: string;
  dev?: string;
  /** How to name the place when machine / netns / device would not say it (the lab's switches). */
  where?: string;
  /** The packet's protocol at this hop ("VXLAN" while it travels in an envelope). */
  proto: string;
  /** The packet in one line. */
  what: string;
  /** Canvas node ids where this hop happens, most specific first (d:…, ns:…, m:…, sw:…). */
  place: string[];
  /** A transmission: the canvas node ids where the frame arrives (the veth peer, the switch). */
  peer?: string[];
  /** The packet travels inside a VXLAN envelope here: its VNI and outer addresses. */
  env?: { vni: number; src: string; dst: string; port?: number };
  /** The packet inside the envelope, in one line. */
  inner?: string;
  /** This hop wraps the packet into its envelope (vxlan encap) / unwraps it (vxlan decap). */
  wrap?: boolean;
  unwrap?: boolean;
  /** A NAT rewrite: "dst 192.168.50.10:10001 → 172.17.0.2:80". */
  nat?: string;
  /** A drop: the sentence that says why. */
  drop?: string;
  /** A bridge floods the frame out of every port. */
  flood?: boolean;
  /** An Ethernet broadcast (ARP who-has). */
  bcast?: boolean;
  /** The row this hop follows from (-1: a packet is born here). Filled by linkRows. */
  pred: number;
}

export interface JourneyView {
  scope: JourneyScope;
  /** The command the scope belongs to. */
  command?: { id: number; machine: string; line: string };
  journeys: JourneyMeta[];
  rows: EventRow[];
  /** Journeys or rows left out to keep the view bounded. */
  omittedJourneys: number;
  omittedRows: number;
  /** Virtual time of the first row (ns). */
  t0: number;
}

/** How far back a hop looks for the transmission or the copy it continues. */
const LOOKBACK = 96;

/**
 * Fills `pred` for every row: the event this hop continues from. Within a journey a hop follows
 * the previous hop of the same packet, except that
 *  - the transmissions right after a bridge flood all follow the flood (one frame becomes many);
 *  - a reception follows the latest transmission whose far end is where it is received (which
 *    flooded copy arrived here);
 *  - a hop elsewhere than the previous hop continues the copy that is still at its place.
 * A journey's first hop has none: a packet is born there (its parent is a different packet).
 */
export function linkRows(rows: EventRow[]): void {
  const last = new Map<number, number>();
  const flood = new Map<number, number>();
  const taken = new Set<number>();
  const hasSucc = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const prev = last.get(r.j);
    let pred = -1;
    if (prev !== undefined) {
      const f = flood.get(r.j);
      if (r.kind === "xmit" && f !== undefined) pred = f;
      else {
        pred = prev;
        if (r.kind === "recv") {
          for (let k = i - 1; k >= 0 && k >= i - LOOKBACK; k--) {
            const x = rows[k];
            if (x.j === r.j && x.kind === "xmit" && !taken.has(k) && x.peer?.[0] === r.place[0]) {
              pred = k;
              taken.add(k);
              break;
            }
          }
        } else if (rows[prev].place[0] !== r.place[0]) {
          for (let k = i - 1; k >= 0 && k >= i - LOOKBACK; k--) {
            const x = rows[k];
            if (x.j === r.j && !hasSucc[k] && x.place[0] === r.place[0]) {
              pred = k;
              break;
            }
          }
        }
      }
    }
    r.pred = pred;
    if (pred >= 0) hasSucc[pred] = 1;
    if (r.flood) flood.set(r.j, i);
    else if (r.kind !== "xmit") flood.delete(r.j);
    last.set(r.j, i);
  }
}

/**
 * Where the packets are after row `k`: the rows up to k that nothing up to k follows from (one
 * per copy), the current row first. Copies of journeys that ended are left out, except a drop
 * (its marker stays) and a delivery of the last few rows.
 */
export function copiesAt(view: JourneyView, k: number, max = 48): number[] {
  const rows = view.rows;
  if (k < 0 || k >= rows.length) return [];
  const followed = new Uint8Array(k + 1);
  for (let i = 0; i <= k; i++) if (rows[i].pred >= 0) followed[rows[i].pred] = 1;
  const out: number[] = [k];
  for (let i = k - 1; i >= 0 && out.length < max; i--) {
    if (followed[i]) continue;
    const r = rows[i];
    const jm = view.journeys[r.j];
    const inFlight = jm.lastRow > k;
    if (inFlight || r.drop || (r.kind === "deliver" && k - i <= 3)) out.push(i);
  }
  return out;
}

/** The rows a protocol filter keeps (null: all), as indexes into rows. */
export function visibleRows(view: JourneyView, filter: string | null): number[] {
  const out: number[] = [];
  for (let i = 0; i < view.rows.length; i++) if (matches(view, view.rows[i], filter)) out.push(i);
  return out;
}

export function matches(view: JourneyView, r: EventRow, filter: string | null): boolean {
  if (!filter) return true;
  return r.proto === filter || view.journeys[r.j]?.protocol === filter || (filter === "VXLAN" && !!r.env);
}

/** The protocols of a view, for the filter (most frequent first). */
export function protocolsOf(view: JourneyView): string[] {
  const n = new Map<string, number>();
  for (const r of view.rows) {
    const p = view.journeys[r.j].protocol;
    n.set(p, (n.get(p) ?? 0) + 1);
    if (r.env) n.set("VXLAN", (n.get("VXLAN") ?? 0) + 1);
  }
  return [...n.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p);
}

/** A time offset for the event list: "+12.345 ms" from the view's first event. */
export function relTime(t: number, t0: number): string {
  const us = (t - t0) / 1000;
  if (us < 1000) return `+${us.toFixed(0)} µs`;
  if (us < 1e6) return `+${(us / 1000).toFixed(3)} ms`;
  return `+${(us / 1e6).toFixed(3)} s`;
}

/** Which kind of motion a step is (the player gives moves more time). */
export function stepKind(view: JourneyView, i: number): "born" | "move" | "stay" {
  const r = view.rows[i];
  if (r.pred < 0) return "born";
  return view.rows[r.pred].place[0] === r.place[0] ? "stay" : "move";
}
