import { useEffect, useRef } from "react";
import { useStore } from "zustand";
import { store } from "../engine/store";
import type { LabController } from "../engine/lab";

export function TerminalPane({ lab }: { lab: LabController }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const machines = useStore(store, (s) => s.machines);
  const active = useStore(store, (s) => s.activeMachine);
  const running = useStore(store, (s) => s.running);
  const prompts = useStore(store, (s) => s.prompts);
  const time = useStore(store, (s) => s.time);

  useEffect(() => {
    const el = hostRef.current!;
    lab.terminals.mount(el);
    return () => lab.terminals.unmount();
  }, [lab]);

  const inNetns = /\[netns ([^\]]+)\]/.exec(prompts[active] ?? "")?.[1];

  return (
    <section className="term-pane" aria-label="Terminals">
      <div className="term-tabs" role="tablist">
        {machines.map((m) => (
          <button
            key={m}
            role="tab"
            aria-selected={m === active}
            className={`term-tab${m === active ? " on" : ""}`}
            data-testid={`tab:${m}`}
            onClick={() => lab.setActive(m)}
            title={`Terminal on ${m}`}
          >
            {running[m] ? <span className="spin" aria-label="running" /> : <span className="tab-dot" />}
            {m}
          </button>
        ))}
        <div className="term-tools">
          {inNetns && <span className="pill pill-dark">in netns {inNetns}</span>}
          <span className="vclock" title="Virtual time of the simulated world">
            t = {(time / 1e9).toFixed(1)} s
          </span>
          <button
            title="Smaller text"
            onClick={() => lab.terminals.setFontSize(lab.terminals.size - 1)}
            aria-label="Smaller text"
          >
            A−
          </button>
          <button
            title="Larger text (for a projector)"
            onClick={() => lab.terminals.setFontSize(lab.terminals.size + 1)}
            aria-label="Larger text"
          >
            A+
          </button>
        </div>
      </div>
      <div className="term-host" ref={hostRef} />
    </section>
  );
}
