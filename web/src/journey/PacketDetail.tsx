/**
 * One hop in detail: what the kernel decided there (the route, the bridge's choice, the
 * neighbour step, the netfilter hook / table / chain / rule / verdict with the conntrack state,
 * a NAT rewrite, the TTL, the VXLAN envelope), then the packet as a layered header tree
 * (Ethernet / IPv4 / ICMP; outer and inner layers of an encapsulated packet) and its bytes in hex.
 * Picking a field highlights its bytes, and hovering a byte names its field.
 */
import { memo, useMemo, useState } from "react";
import type { HeaderField, HeaderLayer } from "../../../sim-core/src/api/journeys";
import type { Hop, HopInfo } from "../worker/journey-api";

type Span = { offset: number; length: number; name: string };

/** Every field of a tree, outermost first (for a byte's owner). */
function fieldsOf(layer: HeaderLayer, out: (HeaderField & { layer: string })[] = []) {
  for (const f of layer.fields) out.push({ ...f, layer: layer.name });
  if (layer.child) fieldsOf(layer.child, out);
  return out;
}

const LayerView = memo(function LayerView({
  layer,
  depth,
  sel,
  onPick,
}: {
  layer: HeaderLayer;
  depth: number;
  sel: Span | null;
  onPick: (s: Span) => void;
}) {
  const [open, setOpen] = useState(true);
  const on = (o: number, l: number) => !!sel && sel.offset === o && sel.length === l;
  return (
    <li className="ht-layer" data-layer={layer.name}>
      <button
        type="button"
        className={`ht-head${on(layer.offset, layer.length) ? " on" : ""}`}
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          onPick({ offset: layer.offset, length: layer.length, name: layer.name });
        }}
      >
        <span className="ht-caret" aria-hidden>
          {open ? "▾" : "▸"}
        </span>
        <span className="ht-name">{layer.name}</span>
        <span className="ht-sum">{layer.summary}</span>
      </button>
      {open && (
        <>
          {layer.fields.length > 0 && (
            <ul className="ht-fields">
              {layer.fields.map((f, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className={`ht-field${on(f.offset, f.length) ? " on" : ""}`}
                    data-field={f.name}
                    data-offset={f.offset}
                    data-length={f.length}
                    onClick={() => onPick({ offset: f.offset, length: f.length, name: f.name })}
                  >
                    <span className="ht-fname">{f.name}</span>
                    <span className="ht-fval">{f.value}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {layer.child && (
            <ul className="ht-children">
              <LayerView layer={layer.child} depth={depth + 1} sel={sel} onPick={onPick} />
            </ul>
          )}
        </>
      )}
    </li>
  );
});

export function HeaderTree({
  root,
  sel,
  onPick,
}: {
  root: HeaderLayer;
  sel: Span | null;
  onPick: (s: Span) => void;
}) {
  return (
    <ul className="ht" data-testid="headers" aria-label="Headers">
      <LayerView layer={root} depth={0} sel={sel} onPick={onPick} />
    </ul>
  );
}

const hex2 = (b: number) => b.toString(16).padStart(2, "0");

export const HexView = memo(function HexView({
  bytes,
  sel,
  root,
  onPick,
}: {
  bytes: Uint8Array;
  sel: Span | null;
  root: HeaderLayer;
  onPick: (s: Span) => void;
}) {
  const fields = useMemo(() => fieldsOf(root), [root]);
  const owner = (o: number) => {
    // the smallest field that covers the byte
    let best: (HeaderField & { layer: string }) | undefined;
    for (const f of fields)
      if (o >= f.offset && o < f.offset + f.length && (!best || f.length <= best.length)) best = f;
    return best;
  };
  const rows: number[] = [];
  for (let o = 0; o < bytes.length; o += 16) rows.push(o);
  const lit = (o: number) => !!sel && o >= sel.offset && o < sel.offset + sel.length;
  return (
    <div className="hex" data-testid="hex" aria-label={`${bytes.length} bytes`}>
      {rows.map((o) => (
        <div className="hex-row" key={o}>
          <span className="hex-off">{o.toString(16).padStart(4, "0")}</span>
          <span className="hex-bytes">
            {Array.from(bytes.subarray(o, o + 16), (b, i) => {
              const at = o + i;
              const f = owner(at);
              return (
                <span
                  key={i}
                  className={`hb${lit(at) ? " on" : ""}${i === 8 ? " gap" : ""}`}
                  data-o={at}
                  title={f ? `${f.layer} · ${f.name}: ${f.value}` : undefined}
                  onClick={() => f && onPick({ offset: f.offset, length: f.length, name: f.name })}
                >
                  {hex2(b)}
                </span>
              );
            })}
          </span>
          <span className="hex-ascii" aria-hidden>
            {Array.from(bytes.subarray(o, o + 16), (b, i) => (
              <span key={i} className={lit(o + i) ? "on" : undefined}>
                {b >= 32 && b < 127 ? String.fromCharCode(b) : "·"}
              </span>
            ))}
          </span>
        </div>
      ))}
    </div>
  );
});

/** What the kernel decided at the hop, as label / value pairs. */
export function decisions(h: Hop): [string, string][] {
  const out: [string, string][] = [];
  if (h.route) {
    const r = h.route;
    out.push(["route", `${r.dir} ${r.result} to ${r.dst}`]);
    if (r.matched)
      out.push(["matched", `${r.matched}${r.table && r.table !== "main" ? ` (table ${r.table})` : ""}`]);
    if (r.via) out.push(["via", r.via]);
    if (r.dev) out.push(["out dev", r.dev]);
    if (r.src) out.push(["src", r.src]);
    if (r.mtu) out.push(["mtu", String(r.mtu)]);
  }
  if (h.bridge) {
    const b = h.bridge;
    const what =
      b.action === "forward"
        ? `forward to port ${b.port} (FDB has ${b.mac})`
        : b.action === "flood"
          ? `flood out of every port (${b.mac} not in the FDB${b.mac === "ff:ff:ff:ff:ff:ff" ? ": broadcast" : ""})`
          : b.action === "local"
            ? `deliver up to the bridge itself (${b.mac} is its own)`
            : `link-local frame (${b.mac})`;
    out.push(["bridge", what]);
  }
  if (h.neigh) {
    const n = h.neigh;
    const what: Record<string, string> = {
      lookup: `look up ${n.ip} in the neighbour table`,
      resolve: `${n.ip} unknown: ask with ARP, the packet waits`,
      resolved: `${n.ip} is at ${n.mac ?? "?"}: the waiting packets go`,
      reply: `answer: ${n.ip} is at ${n.mac ?? "this interface"}`,
      failed: `${n.ip} did not answer: FAILED`,
    };
    out.push(["neighbour", what[n.action] ?? n.action]);
  }
  if (h.netfilter) {
    const f = h.netfilter;
    out.push(["hook", f.hook]);
    if (f.table) out.push(["table", f.table]);
    if (f.chain) out.push(["chain", f.chain]);
    if (f.rule !== undefined) out.push(["rule", `${f.rule}${f.ruleText ? `: ${f.ruleText}` : ""}`]);
    else if (f.policy) out.push(["rule", "none matched: the chain's policy"]);
    if (f.verdict) out.push(["verdict", f.verdict]);
    if (f.ct) out.push(["conntrack", f.ct]);
  }
  if (h.nat) {
    const ep = (e: { src: string; dst: string; sport?: number; dport?: number }) =>
      `${e.src}${e.sport !== undefined ? `:${e.sport}` : ""} → ${e.dst}${e.dport !== undefined ? `:${e.dport}` : ""}`;
    out.push(["before NAT", ep(h.nat.before)]);
    out.push(["after NAT", ep(h.nat.after)]);
  }
  if (h.ttl) out.push(["TTL", `${h.ttl.before} → ${h.ttl.after}`]);
  if (h.vxlan)
    out.push([
      "VXLAN",
      `VNI ${h.vxlan.vni}, outer ${h.vxlan.outerSrc}:${h.vxlan.srcPort} → ${h.vxlan.outerDst}:${h.vxlan.dstPort}`,
    ]);
  return out;
}

/** The hop's decisions, header tree and bytes. */
export function PacketDetail({ info }: { info: HopInfo }) {
  const h = info.hop;
  const d = info.detail;
  const hasAfter = !!d?.after;
  const afterName =
    h.kind === "encap" ? "After encap" : h.kind === "decap" ? "Inner frame" : h.nat ? "After NAT" : "After";
  const [which, setWhich] = useState<"before" | "after">(h.kind === "encap" || !!h.nat ? "after" : "before");
  const [sel, setSel] = useState<Span | null>(null);
  const pkt = which === "after" && d?.after ? d.after : d;
  const facts = decisions(h);
  return (
    <div className="pd" data-testid="hop-detail">
      {facts.length > 0 && (
        <dl className="pd-facts">
          {facts.map(([k, v], i) => (
            <div key={i}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {h.reason && <p className="pd-drop">{h.reason}</p>}
      {!d && <p className="muted small">No packet bytes at this hop ({h.text}).</p>}
      {d && pkt && (
        <>
          {hasAfter && (
            <div className="seg" role="group" aria-label="Which packet">
              <button
                type="button"
                aria-pressed={which === "before"}
                onClick={() => (setWhich("before"), setSel(null))}
              >
                {h.kind === "decap" ? "Outer packet" : "As it came"}
              </button>
              <button
                type="button"
                aria-pressed={which === "after"}
                onClick={() => (setWhich("after"), setSel(null))}
              >
                {afterName}
              </button>
            </div>
          )}
          <HeaderTree root={pkt.headers} sel={sel} onPick={setSel} />
          <HexView bytes={pkt.bytes} sel={sel} root={pkt.headers} onPick={setSel} />
        </>
      )}
    </div>
  );
}
