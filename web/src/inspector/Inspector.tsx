/**
 * The inspector: the selected item's live state (addresses, routes, neighbours, FDB, iptables
 * rules with counters), read from the simulator without recording anything, and forms whose
 * edits run the real commands (shown in the terminal, appended to the lab script).
 */
import { memo, useState } from "react";
import { useStore } from "zustand";
import { store, type Selection } from "../engine/store";
import type { LabController } from "../engine/lab";
import type { Inspection, IptTable } from "../worker/protocol";
import { planAddr, planDelete, planLinkState, planRename, planRoute } from "../engine/actions";
import { DevicePcapButton } from "../journey/DevicePcap";

export const Inspector = memo(function Inspector({ lab }: { lab: LabController }) {
  const sel = useStore(store, (s) => s.selection);
  const insp = useStore(store, (s) => s.inspection);
  return (
    <aside className="inspector" data-testid="inspector" aria-label="Inspector">
      {!sel ? (
        <LabInfo lab={lab} />
      ) : sel.kind === "switch" ? (
        <SwitchInfo lab={lab} sel={sel} />
      ) : (
        <Live lab={lab} sel={sel} insp={insp} />
      )}
    </aside>
  );
});

function LabInfo({ lab }: { lab: LabController }) {
  const title = useStore(store, (s) => s.title);
  const empty = useStore(store, (s) => s.script === "");
  const labs = useStore(store, (s) => s.labs);
  const description = useStore(store, (s) => s.description);
  const machines = useStore(store, (s) => s.machines.length);
  return (
    <div className="insp-body">
      <h2 className="insp-title">{title}</h2>
      {description && <p className="insp-desc">{description}</p>}
      {empty && labs.length > 0 && (
        <>
          <h3>Start from a lab</h3>
          <div className="starters">
            {labs.map((l) => (
              <button key={l.id} onClick={() => void lab.openStarter(l)} title={l.description}>
                {l.title}
              </button>
            ))}
          </div>
        </>
      )}
      <h3>How to</h3>
      <ul className="tips">
        <li>
          Type commands in the terminal below, as on a real machine: <code>ip netns add RED</code>
        </li>
        <li>
          Or draw: <b>Add</b> a namespace or a bridge, then drag the <span className="knob-sample">+</span> of
          one box onto another to join them with a veth pair.
        </li>
        <li>Click anything to inspect it here; double-click a namespace to open a shell inside it.</li>
        <li>
          Every drawing becomes a command in the terminal and in the lab script. Undo (Ctrl-Z outside the
          terminal) takes back a step.
        </li>
      </ul>
      <Script />
      <p className="muted small">
        {machines} machine{machines === 1 ? "" : "s"} · saved in this browser
      </p>
    </div>
  );
}

/** The document itself: the lab script, as it would run on a real machine. */
function Script() {
  const script = useStore(store, (s) => s.script);
  const lines = script.split("\n").filter(Boolean);
  if (!lines.length) return null;
  let n = 0;
  return (
    <>
      <h3>
        Lab script{" "}
        <span className="muted small">{lines.filter((l) => !l.startsWith("#")).length} commands</span>
      </h3>
      <ol className="script" data-testid="script">
        {lines.map((l, i) =>
          l.startsWith("#@") ? (
            <li key={i} className="script-dir">
              {l}
            </li>
          ) : (
            <li key={i} data-n={++n}>
              {l}
            </li>
          ),
        )}
      </ol>
    </>
  );
}

function SwitchInfo({ lab, sel }: { lab: LabController; sel: Extract<Selection, { kind: "switch" }> }) {
  const snap = useStore(store, (s) => s.snapshot);
  const sw = snap?.switches.find((x) => x.name === sel.name);
  return (
    <div className="insp-body">
      <Head kind="switch" name={sel.name} />
      <div className="insp-actions">
        <button
          className="danger"
          data-testid="insp-remove"
          title="Take the switch and its cables out of the lab script"
          onClick={() => void lab.removeFromLab({ kind: "switch", name: sel.name })}
        >
          Delete
        </button>
      </div>
      <p className="muted small">
        A switch of the lab&apos;s wiring (a <code>#@lan</code> or <code>#@link</code> directive). It learns
        MAC addresses like a bridge.
      </p>
      <h3>Cables</h3>
      <ul className="plain">
        {sw?.ports.map((p) => (
          <li key={p}>{p.replace("/root/", ":")}</li>
        ))}
      </ul>
    </div>
  );
}

function Head({
  kind,
  name,
  sub,
  state,
}: {
  kind: string;
  name: string;
  sub?: string;
  state?: { cls: string; text: string };
}) {
  return (
    <div className="insp-head">
      <span className={`badge badge-${kind}`}>{kind}</span>
      <span className="insp-name">{name}</span>
      {state && <span className={`state ${state.cls}`}>{state.text}</span>}
      {sub && <div className="insp-sub">{sub}</div>}
    </div>
  );
}

function Live({
  lab,
  sel,
  insp,
}: {
  lab: LabController;
  sel: Exclude<Selection, { kind: "switch" }>;
  insp: Inspection | null;
}) {
  const isDev = sel.kind === "device" || sel.kind === "bridge";
  const nsLabel = sel.netns.endsWith("/root")
    ? sel.machine
    : `netns ${sel.netns.slice(sel.netns.indexOf("/") + 1)}`;
  const snap = () => store.getState().snapshot!;
  if (!insp) {
    return (
      <div className="insp-body">
        <Head
          kind={sel.kind}
          name={isDev ? sel.device : sel.kind === "netns" ? sel.name : sel.machine}
          sub={isDev ? `in ${nsLabel}` : undefined}
        />
        <p className="muted small">reading…</p>
      </div>
    );
  }
  const d = insp.device;
  const st = d
    ? !d.flags.includes("UP")
      ? { cls: "down", text: "DOWN" }
      : !d.flags.includes("LOWER_UP")
        ? { cls: "nocarrier", text: "NO-CARRIER" }
        : { cls: "up", text: "UP" }
    : undefined;
  return (
    <div className="insp-body">
      <Head
        kind={sel.kind}
        name={isDev ? sel.device : sel.kind === "netns" ? sel.name : sel.machine}
        sub={isDev ? `in ${nsLabel}` : sel.kind === "machine" ? "root network namespace" : undefined}
        state={st}
      />
      {d && isDev && (
        <>
          <div className="insp-actions">
            <button
              className={d.flags.includes("UP") ? "" : "primary"}
              data-testid="insp-updown"
              onClick={() =>
                void lab.perform(
                  planLinkState(snap(), sel.machine, sel.netns, d.name, !d.flags.includes("UP")),
                )
              }
            >
              {d.flags.includes("UP") ? "Set down" : "Bring up"}
            </button>
            <Rename
              onRename={(to) =>
                void lab
                  .perform(planRename(snap(), sel.machine, sel.netns, d.name, to))
                  .then((ok) => ok && lab.select(null))
              }
              current={d.name}
            />
            <button
              className="danger"
              onClick={() =>
                void lab
                  .perform(
                    planDelete(snap(), {
                      kind: sel.kind as "device",
                      machine: sel.machine,
                      netns: sel.netns,
                      device: d.name,
                    }),
                  )
                  .then((ok) => ok && lab.select(null))
              }
            >
              Delete
            </button>
          </div>
          <dl className="kv">
            <dt>type</dt>
            <dd>{d.kind}</dd>
            {d.mac && (
              <>
                <dt>MAC</dt>
                <dd className="mono">{d.mac}</dd>
              </>
            )}
            <dt>MTU</dt>
            <dd>{d.mtu}</dd>
            {d.master && (
              <>
                <dt>master</dt>
                <dd>{d.master}</dd>
              </>
            )}
            {d.peer && (
              <>
                <dt>peer</dt>
                <dd>{d.peer}</dd>
              </>
            )}
            {d.ports && (
              <>
                <dt>ports</dt>
                <dd>{d.ports.join(", ") || "none"}</dd>
              </>
            )}
          </dl>
          <h3>Addresses</h3>
          <ul className="addrs">
            {d.addrs.map((a) => (
              <li key={a.local + a.prefixlen}>
                <span className="mono">
                  {a.local}/{a.prefixlen}
                </span>
                <span className="muted small">{a.scope}</span>
                {a.family === "inet" && (
                  <button
                    className="x"
                    title={`ip addr del ${a.local}/${a.prefixlen} dev ${d.name}`}
                    onClick={() =>
                      void lab.perform(
                        planAddr(snap(), sel.machine, sel.netns, d.name, `${a.local}/${a.prefixlen}`, true),
                      )
                    }
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
            {!d.addrs.length && <li className="muted small">none</li>}
          </ul>
          <OneField
            placeholder="10.0.0.1/24"
            label="Add address"
            testId="insp-addr"
            onSubmit={(v) => lab.perform(planAddr(snap(), sel.machine, sel.netns, d.name, v))}
          />
          {d.stats && (
            <>
              <h3>Counters</h3>
              <table className="tbl">
                <thead>
                  <tr>
                    <th />
                    <th>packets</th>
                    <th>bytes</th>
                    <th>dropped</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>RX</td>
                    <td>{d.stats.rx.packets}</td>
                    <td>{d.stats.rx.bytes}</td>
                    <td>{d.stats.rx.dropped}</td>
                  </tr>
                  <tr>
                    <td>TX</td>
                    <td>{d.stats.tx.packets}</td>
                    <td>{d.stats.tx.bytes}</td>
                    <td>{d.stats.tx.dropped}</td>
                  </tr>
                </tbody>
              </table>
              <DevicePcapButton lab={lab} netns={sel.netns} device={d.name} />
            </>
          )}
          {insp.fdb && (
            <>
              <h3>Forwarding database</h3>
              <table className="tbl">
                <thead>
                  <tr>
                    <th>MAC</th>
                    <th>port</th>
                    <th>state</th>
                  </tr>
                </thead>
                <tbody>
                  {insp.fdb
                    .filter((e) => !e.flags.includes("self") || e.dst)
                    .map((e, i) => (
                      <tr key={i}>
                        <td className="mono">{e.mac}</td>
                        <td>{e.dst ? `${e.dev} → ${e.dst}` : e.dev}</td>
                        <td>{e.state || "learned"}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
      {!isDev && sel.kind === "netns" && (
        <div className="insp-actions">
          <button onClick={() => lab.openTerminal(sel.machine, sel.name)}>Open a shell inside</button>
          <button
            className="danger"
            onClick={() =>
              void lab
                .perform(planDelete(snap(), { kind: "netns", machine: sel.machine, netns: sel.netns }))
                .then((ok) => ok && lab.select(null))
            }
          >
            Delete
          </button>
        </div>
      )}
      {!isDev && sel.kind === "machine" && (
        <div className="insp-actions">
          <button onClick={() => lab.openTerminal(sel.machine)}>Open its terminal</button>
          <button
            className="danger"
            data-testid="insp-remove"
            title="Take the machine, its commands and its cables out of the lab script"
            onClick={() => void lab.removeFromLab({ kind: "machine", name: sel.machine })}
          >
            Delete
          </button>
        </div>
      )}
      <h3>
        Routes <span className="muted small">{isDev ? `of ${nsLabel}` : "main table"}</span>
      </h3>
      <ul className="rows" data-testid="insp-routes">
        {insp.routes.map((r, i) => (
          <li key={i}>
            <span className="mono strong">
              {r.type && r.type !== "unicast" ? `${r.type} ` : ""}
              {r.dst}
            </span>
            <span className="mono">
              {r.gateway ? `via ${r.gateway} ` : ""}
              {r.dev ? `dev ${r.dev}` : ""}
            </span>
            {r.protocol === "kernel" ? (
              <span className="tag" title="Added by the kernel for a local address">
                kernel
              </span>
            ) : (
              <button
                className="x"
                title={`ip route del ${r.dst}`}
                onClick={() =>
                  void lab.perform(planRoute(snap(), sel.machine, sel.netns, r.dst, "", "", true))
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
        {!insp.routes.length && <li className="muted small">no IPv4 routes</li>}
      </ul>
      <RouteForm
        onSubmit={(dst, via, dev) => lab.perform(planRoute(snap(), sel.machine, sel.netns, dst, via, dev))}
      />
      <h3>Neighbours</h3>
      <ul className="rows">
        {insp.neigh.map((n, i) => (
          <li key={i}>
            <span className="mono strong">{n.dst}</span>
            <span className="mono">{n.lladdr ?? "(incomplete)"}</span>
            <span className={`tag nud-${(n.state[0] ?? "").toLowerCase()}`}>{n.state.join(",") || "?"}</span>
          </li>
        ))}
        {!insp.neigh.length && <li className="muted small">no entries</li>}
      </ul>
      <h3>iptables</h3>
      {insp.iptables === null ? (
        <p className="muted small">iptables is not available in this simulator build yet.</p>
      ) : (
        insp.iptables.map((t) => <IptTableView key={t.table} t={t} />)
      )}
    </div>
  );
}

function IptTableView({ t }: { t: IptTable }) {
  const quiet = t.chains.filter((c) => c.policy === "ACCEPT" && !c.rules.length);
  const loud = t.chains.filter((c) => !quiet.includes(c));
  return (
    <div className="ipt" data-testid={`ipt:${t.table}`}>
      <div className="ipt-table">table {t.table}</div>
      {loud.map((c) => (
        <div key={c.name} className="ipt-chain">
          <div className="ipt-chain-head">
            <span className="mono strong">{c.name}</span>
            {c.policy ? (
              <span className={`tag ${c.policy === "DROP" ? "tag-drop" : ""}`}>policy {c.policy}</span>
            ) : (
              <span className="tag">user chain</span>
            )}
            {c.pkts !== undefined && c.pkts > 0 && <span className="muted small">{c.pkts} pkts</span>}
          </div>
          {c.rules.map((r, i) => (
            <div key={i} className="ipt-rule" title={`${r.pkts} packets, ${r.bytes} bytes`}>
              <span className={`ipt-count${r.pkts ? " hit" : ""}`}>{r.pkts}</span>
              <span className="mono">{r.spec}</span>
            </div>
          ))}
          {!c.rules.length && <div className="ipt-rule muted small">no rules</div>}
        </div>
      ))}
      {quiet.length > 0 && (
        <div className="muted small ipt-quiet">
          {quiet.map((c) => c.name).join(", ")}: policy ACCEPT, no rules
        </div>
      )}
    </div>
  );
}

function OneField({
  placeholder,
  label,
  onSubmit,
  testId,
}: {
  placeholder: string;
  label: string;
  testId?: string;
  onSubmit: (v: string) => Promise<boolean>;
}) {
  const [v, setV] = useState("");
  return (
    <form
      className="one-field"
      onSubmit={(e) => {
        e.preventDefault();
        if (!v.trim()) return;
        void onSubmit(v).then((ok) => ok && setV(""));
      }}
    >
      <input
        value={v}
        placeholder={placeholder}
        aria-label={label}
        onChange={(e) => setV(e.currentTarget.value)}
        data-testid={testId}
        spellCheck={false}
      />
      <button type="submit">{label.split(" ")[0]}</button>
    </form>
  );
}

function RouteForm({ onSubmit }: { onSubmit: (dst: string, via: string, dev: string) => Promise<boolean> }) {
  const [dst, setDst] = useState("");
  const [via, setVia] = useState("");
  return (
    <form
      className="one-field"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(dst, via, "").then((ok) => {
          if (ok) {
            setDst("");
            setVia("");
          }
        });
      }}
    >
      <input
        value={dst}
        placeholder="default"
        aria-label="Route destination"
        onChange={(e) => setDst(e.currentTarget.value)}
        spellCheck={false}
      />
      <input
        value={via}
        placeholder="via 10.0.0.1"
        aria-label="Gateway"
        onChange={(e) => setVia(e.currentTarget.value)}
        spellCheck={false}
      />
      <button type="submit">Add</button>
    </form>
  );
}

function Rename({ current, onRename }: { current: string; onRename: (to: string) => void }) {
  const [editing, setEditing] = useState(false);
  if (!editing) return <button onClick={() => setEditing(true)}>Rename</button>;
  return (
    <input
      className="rename"
      autoFocus
      defaultValue={current}
      aria-label="New name"
      maxLength={15}
      onBlur={() => setEditing(false)}
      onKeyDown={(e) => {
        if (e.key === "Escape") setEditing(false);
        if (e.key === "Enter") {
          const v = e.currentTarget.value.trim();
          setEditing(false);
          if (v && v !== current) onRename(v);
        }
      }}
    />
  );
}
