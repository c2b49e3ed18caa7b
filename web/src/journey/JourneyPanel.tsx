/**
 * The journey panel (beside the canvas): which command's packets, the player (play / pause, step
 * back / forward, speed, a slider to jump to any event), the drop's reason, the event list (one
 * row per hop: time, machine, device, what happened; filter by protocol) and the picked hop's
 * decisions, header tree and bytes. Narrow selectors everywhere: while the player runs, only the
 * rows that stop or start being current re-render.
 */
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import type { LabController } from "../engine/lab";
import { journeyStore, currentRow, SPEEDS } from "./state";
import { journeysOf, type JourneyController } from "./controller";
import { protocolsOf, relTime, type EventRow, type JourneyView } from "./track";
import { PacketDetail } from "./PacketDetail";
import { protoColor } from "./look";
import "./journey.css";

/** Fixed row height (px): the long lists are windowed. */
export const ROW_H = 40;
/** Up to this many events every row is in the page; beyond, only the visible ones. */
export const FULL_LIST = 600;

/** The controller for a lab, started once (the app mounts it). */
export function useJourneys(lab: LabController): { ctrl: JourneyController; open: boolean } {
  const ctrl = journeysOf(lab);
  useEffect(() => {
    ctrl.start();
  }, [ctrl]);
  const open = useStore(journeyStore, (s) => s.open);
  return { ctrl, open };
}

/** The button over the canvas that opens the panel. */
export function JourneyButton({ ctrl }: { ctrl: JourneyController }) {
  const open = useStore(journeyStore, (s) => s.open);
  const n = useStore(journeyStore, (s) => s.commands.length);
  return (
    <button
      type="button"
      className={`journey-toggle${open ? " on" : ""}`}
      data-testid="journeys-toggle"
      aria-pressed={open}
      onClick={() => ctrl.toggle()}
      title={open ? "Hide the packet journeys" : "Watch the packets your commands sent, hop by hop"}
    >
      <svg viewBox="0 0 20 20" className="ico" aria-hidden>
        <circle cx="4" cy="10" r="2.2" />
        <circle cx="16" cy="10" r="2.2" />
        <path d="M6.5 10h7" />
        <rect x="8" y="7.5" width="4.5" height="5" rx="1" />
      </svg>
      Packets{n > 0 && <span className="jt-count">{n}</span>}
    </button>
  );
}

export function JourneyPanel({ ctrl }: { ctrl: JourneyController }) {
  const hasView = useStore(journeyStore, (s) => !!s.view);
  const loading = useStore(journeyStore, (s) => s.loading);
  const error = useStore(journeyStore, (s) => s.error);
  const none = useStore(journeyStore, (s) => s.commands.length === 0);
  return (
    <aside className="journey-panel" aria-label="Packet journeys" data-testid="journey-panel">
      <header className="jp-head">
        <h2>Packet journeys</h2>
        <button
          type="button"
          className="jp-close"
          aria-label="Close the packet journeys"
          onClick={() => ctrl.close()}
        >
          ×
        </button>
      </header>
      <Picker ctrl={ctrl} />
      <Newest ctrl={ctrl} />
      {none && !hasView && (
        <p className="jp-empty">
          No packets yet. Run a command that sends some — <code>ping -c 1 …</code>, <code>curl</code>,{" "}
          <code>nc</code> — then watch them here, hop by hop. Clicking a ping line in the terminal replays its
          packet.
        </p>
      )}
      {error && <p className="jp-error">{error}</p>}
      {loading && !hasView && <p className="muted small jp-pad">Loading…</p>}
      {hasView && (
        <>
          <PlayerBar ctrl={ctrl} />
          <Outcome />
          <div className="jp-split">
            <EventList ctrl={ctrl} />
            <Detail />
          </div>
        </>
      )}
    </aside>
  );
}

// ---- which packets ----

function Picker({ ctrl }: { ctrl: JourneyController }) {
  const commands = useStore(journeyStore, (s) => s.commands);
  const command = useStore(journeyStore, (s) => s.command);
  const items = useStore(journeyStore, (s) => s.items);
  const scope = useStore(journeyStore, (s) => s.scope);
  if (!commands.length) return null;
  const cmd = commands.find((c) => c.id === command);
  const value = scope?.kind === "command" ? "all" : scope ? String(scope.id) : "";
  return (
    <div className="jp-picker">
      <label>
        <span>Command</span>
        <select
          data-testid="journey-command"
          value={command ?? ""}
          onChange={(e) => void ctrl.pickCommand(Number(e.target.value))}
        >
          {command === null && <option value="">Pick a command…</option>}
          {[...commands].reverse().map((c) => (
            <option key={c.id} value={c.id}>
              {c.machine}$ {c.line.length > 70 ? c.line.slice(0, 69) + "…" : c.line} ({c.count} packet
              {c.count === 1 ? "" : "s"})
            </option>
          ))}
        </select>
      </label>
      {cmd && (
        <label>
          <span>Packet</span>
          <select
            data-testid="journey-pick"
            value={value}
            onChange={(e) => {
              const v = e.target.value;
              void ctrl.openScope(
                v === "all" ? { kind: "command", id: cmd.id } : { kind: "journey", id: Number(v) },
              );
            }}
          >
            {cmd.count > 1 && (
              <option value="all">All {cmd.count} packets of this command, in time order</option>
            )}
            {scope?.kind === "journey" && !items?.some((j) => j.id === scope.id) && (
              <option value={scope.id}>packet {scope.id}</option>
            )}
            {(items ?? []).map((j, i) => (
              <option key={j.id} value={j.id}>
                {j.seq !== undefined ? `icmp_seq=${j.seq} · ` : `#${i + 1} · `}
                {j.summary} — {j.outcome}
                {j.children ? ` (+${j.children} caused)` : ""}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

/** A command that sent packets after the one shown: one click shows it. */
function Newest({ ctrl }: { ctrl: JourneyController }) {
  const latest = useStore(journeyStore, (s) => s.commands[s.commands.length - 1]);
  const shown = useStore(journeyStore, (s) => s.command);
  const seen = useStore(journeyStore, (s) => s.seen);
  if (!latest || shown === null || latest.id <= shown || latest.id <= seen) return null;
  return (
    <button
      type="button"
      className="jp-newest"
      data-testid="journey-newest"
      onClick={() => void ctrl.pickCommand(latest.id, { play: true })}
    >
      <span>New packets:</span> <code>{latest.line}</code> <b>Show ▸</b>
    </button>
  );
}

// ---- the player ----

function PlayerBar({ ctrl }: { ctrl: JourneyController }) {
  const playing = useStore(journeyStore, (s) => s.playing);
  const step = useStore(journeyStore, (s) => s.step);
  const total = useStore(journeyStore, (s) => s.steps.length);
  const speed = useStore(journeyStore, (s) => s.speed);
  const filter = useStore(journeyStore, (s) => s.filter);
  const view = useStore(journeyStore, (s) => s.view);
  const protocols = view ? protocolsOf(view) : [];
  const p = ctrl.player;
  return (
    <div className="jp-player" role="toolbar" aria-label="Player">
      <div className="jp-buttons">
        <button
          type="button"
          aria-label="Step back"
          title="Step back (← or ,)"
          disabled={step <= 0}
          onClick={() => (p.pause(), p.prev())}
        >
          <svg viewBox="0 0 20 20" aria-hidden>
            <path d="M5 4v12M16 4 7 10l9 6z" />
          </svg>
        </button>
        {playing ? (
          <button
            type="button"
            className="jp-play"
            aria-label="Pause"
            title="Pause (Space)"
            onClick={() => p.pause()}
          >
            <svg viewBox="0 0 20 20" aria-hidden>
              <path d="M6 4h3v12H6zM11 4h3v12h-3z" />
            </svg>
          </button>
        ) : (
          <button
            type="button"
            className="jp-play"
            aria-label="Play"
            title="Play (Space)"
            disabled={!total}
            onClick={() => p.play()}
          >
            <svg viewBox="0 0 20 20" aria-hidden>
              <path d="M6 4l10 6-10 6z" />
            </svg>
          </button>
        )}
        <button
          type="button"
          aria-label="Step forward"
          title="Step forward (→ or .)"
          disabled={step >= total - 1}
          onClick={() => (p.pause(), p.next())}
        >
          <svg viewBox="0 0 20 20" aria-hidden>
            <path d="M15 4v12M4 4l9 6-9 6z" />
          </svg>
        </button>
        <span className="jp-count" data-testid="journey-step" aria-live="off">
          {total ? step + 1 : 0} / {total}
        </span>
        <select
          aria-label="Speed"
          className="jp-speed"
          value={speed}
          onChange={(e) => ctrl.setSpeed(Number(e.target.value))}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <button
          type="button"
          className="jp-pcap"
          onClick={() => void ctrl.downloadJourney()}
          title="Save these packets as a pcap file (Wireshark, tcpdump -r)"
          data-testid="journey-pcap"
        >
          ⤓ pcap
        </button>
      </div>
      <div className="jp-scrub">
        <input
          type="range"
          aria-label="Jump to hop"
          min={0}
          max={Math.max(0, total - 1)}
          value={Math.max(0, step)}
          onChange={(e) => (p.pause(), p.jump(Number(e.target.value)))}
        />
        <select
          aria-label="Protocol filter"
          data-testid="journey-filter"
          value={filter ?? ""}
          onChange={(e) => ctrl.setFilter(e.target.value || null)}
        >
          <option value="">All protocols</option>
          {protocols.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** The journey in one line, and why it was dropped. */
function Outcome() {
  const view = useStore(journeyStore, (s) => s.view)!;
  const roots = view.journeys.filter((j) => j.parentIndex < 0);
  const dropped = view.journeys.filter((j) => j.dropReason && j.parentIndex < 0);
  const first = roots[0];
  const omitted = view.omittedJourneys + view.omittedRows;
  return (
    <div className="jp-outcome">
      {view.scope.kind === "journey" && first ? (
        <p className="jp-sum">
          <span className={`jp-badge ${first.outcome}`}>{first.outcome}</span> {first.summary}
          {view.journeys.length > 1 && (
            <span className="muted">
              {" "}
              · with {view.journeys.length - 1} packet{view.journeys.length > 2 ? "s" : ""} it caused
            </span>
          )}
        </p>
      ) : (
        <p className="jp-sum">
          {roots.length} packets of <code>{view.command?.line}</code>
          {dropped.length > 0 && <span className="jp-badge dropped">{dropped.length} dropped</span>}
        </p>
      )}
      {dropped[0]?.dropReason && (
        <p className="jp-reason" data-testid="drop-reason" role="note">
          <strong>Dropped:</strong> {dropped[0].dropReason}
        </p>
      )}
      {omitted > 0 && (
        <p className="muted small">
          Showing the first {view.rows.length} events
          {view.omittedJourneys > 0 && `; ${view.omittedJourneys} later packets of the command are left out`}
          {view.omittedRows > 0 && `; ${view.omittedRows} hops are left out`}.
        </p>
      )}
    </div>
  );
}

// ---- the event list ----

const HopRow = memo(function HopRow({
  view,
  row,
  index,
  current,
  onPick,
}: {
  view: JourneyView;
  row: EventRow;
  index: number;
  current: boolean;
  onPick: (row: number) => void;
}) {
  const j = view.journeys[row.j];
  const where = row.where
    ? [row.machine, ...row.where.split(" · ")]
    : [row.machine, row.netns !== "root" ? row.netns : "", row.dev ?? ""].filter(Boolean);
  return (
    <div
      className={`jl-row${current ? " on" : ""}${row.drop ? " drop" : ""}`}
      data-testid="hop"
      data-row={index}
      data-kind={row.kind}
      role="option"
      aria-selected={current}
      onClick={() => onPick(index)}
      style={{ height: ROW_H }}
    >
      <div className="jl-l1">
        <span
          className="jl-dot"
          style={{ background: protoColor(row.env ? "VXLAN" : j.protocol) }}
          aria-hidden
        />
        <span className="jl-what">{row.label}</span>
        <span className="jl-where">
          {where.map((w, i) => (
            <span
              key={i}
              className={
                i === 0 ? "jl-machine" : i === where.length - 1 && row.dev && !row.where ? "jl-dev" : "jl-ns"
              }
            >
              {w}
            </span>
          ))}
        </span>
        <span className="jl-time">{relTime(row.t, view.t0)}</span>
      </div>
      <div className="jl-l2">{row.drop ? row.drop : row.nat ? `NAT ${row.nat}` : row.what}</div>
    </div>
  );
});

function EventList({ ctrl }: { ctrl: JourneyController }) {
  const view = useStore(journeyStore, (s) => s.view)!;
  const steps = useStore(journeyStore, (s) => s.steps);
  const cur = useStore(journeyStore, (s) => currentRow(s));
  const step = useStore(journeyStore, (s) => s.step);
  const ref = useRef<HTMLDivElement>(null);
  const [win, setWin] = useState({ top: 0, height: 600 });
  const windowed = steps.length > FULL_LIST;
  const onPick = useCallback((row: number) => ctrl.selectRow(row), [ctrl]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWin({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // the current event stays in view
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || step < 0) return;
    const top = step * ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_H - el.clientHeight;
  }, [step, steps]);

  let from = 0;
  let to = steps.length;
  if (windowed) {
    from = Math.max(0, Math.floor(win.top / ROW_H) - 8);
    to = Math.min(steps.length, Math.ceil((win.top + win.height) / ROW_H) + 8);
  }
  const rows = [];
  for (let i = from; i < to; i++) {
    const r = steps[i];
    rows.push(
      <HopRow key={r} view={view} row={view.rows[r]} index={r} current={r === cur} onPick={onPick} />,
    );
  }
  return (
    <div
      className="jl"
      ref={ref}
      role="listbox"
      aria-label="Events"
      data-testid="event-list"
      data-count={steps.length}
      tabIndex={0}
      onScroll={
        windowed
          ? (e) => setWin({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })
          : undefined
      }
    >
      {windowed && <div style={{ height: from * ROW_H }} aria-hidden />}
      {rows}
      {windowed && <div style={{ height: (steps.length - to) * ROW_H }} aria-hidden />}
    </div>
  );
}

// ---- the hop's detail ----

function Detail() {
  const detail = useStore(journeyStore, (s) => s.detail);
  const view = useStore(journeyStore, (s) => s.view)!;
  if (!detail) return <div className="jp-detail" />;
  const r = view.rows[detail.row];
  return (
    <div className="jp-detail" aria-label="The hop in detail">
      <h3 className="jp-hop-title">
        {r.label}
        <span className="muted">
          {" "}
          · {r.machine}
          {r.where
            ? ` / ${r.where}`
            : `${r.netns !== "root" ? ` / ${r.netns}` : ""}${r.dev ? ` / ${r.dev}` : ""}`}
        </span>
      </h3>
      {detail.info ? (
        <PacketDetail key={detail.row} info={detail.info} />
      ) : detail.later ? (
        <p className="muted small jp-later">
          {r.what}
          <br />
          The headers and bytes show where the player stops (or at a slower speed).
        </p>
      ) : detail.loading ? (
        <p className="muted small">…</p>
      ) : (
        <p className="muted small">This hop is no longer recorded.</p>
      )}
    </div>
  );
}
