/**
 * One xterm.js terminal per machine (a tab each), fed by the simulator's events: a command's
 * output streams in as produced; commands the canvas runs are echoed after the prompt as if typed.
 * Plain class; React only provides the element the terminals live in.
 */
import { Terminal, type ITheme } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import { LineEditor, type CompletionReply } from "./readline";
import { joinContinuation } from "../worker/join";
import type { SimEvent } from "../worker/protocol";

export interface TerminalBackend {
  submit(machine: string, text: string): Promise<{ needsMore: boolean; id?: number }>;
  complete(machine: string, line: string, cursor: number): Promise<CompletionReply>;
  interrupt(machine: string): void;
  /** A terminal's running state changed (tab badges). */
  onRunning(machine: string, running: boolean): void;
  /** A key that means something else in a terminal than elsewhere in the app was pressed here. */
  hint?(what: "undo"): void;
}

export const THEME: ITheme = {
  background: "#0d1117",
  foreground: "#e6edf3",
  cursor: "#f0f6fc",
  cursorAccent: "#0d1117",
  selectionBackground: "#264f78",
  scrollbarSliderBackground: "rgba(139, 148, 158, 0.22)",
  scrollbarSliderHoverBackground: "rgba(139, 148, 158, 0.4)",
  scrollbarSliderActiveBackground: "rgba(139, 148, 158, 0.5)",
  black: "#484f58",
  red: "#ff7b72",
  green: "#56d364",
  yellow: "#e3b341",
  blue: "#79c0ff",
  magenta: "#d2a8ff",
  cyan: "#56d4dd",
  white: "#c9d1d9",
  brightBlack: "#8b949e",
  brightRed: "#ffa198",
  brightGreen: "#7ee787",
  brightYellow: "#f2cc60",
  brightBlue: "#a5d6ff",
  brightMagenta: "#e2c5ff",
  brightCyan: "#87e8f0",
  brightWhite: "#f0f6fc",
};

const FONT =
  '"JetBrains Mono", "Cascadia Mono", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace';
const DIM = "\x1b[38;5;244m";
/** How long an Enter's echo waits for the simulator's first answer before it is shown anyway. */
const ECHO_WAIT_MS = 50;
const RESET = "\x1b[0m";

function crlf(s: string): string {
  return s.replace(/\r?\n/g, "\r\n");
}

export class MachineTerminal {
  readonly el: HTMLDivElement;
  readonly term: Terminal;
  readonly fit: FitAddon;
  readonly editor: LineEditor;
  /** Commands of this terminal that have not finished (typed or from the canvas). */
  private inflight = 0;
  private prompt: string;
  private opened = false;
  /** The tab shows a spinner only for commands that take a while (no re-render for quick ones). */
  private spinnerTimer?: ReturnType<typeof setTimeout>;
  private spinning = false;
  /** Input the user had typed when the canvas ran a command here. */
  private saved: { buf: string; pos: number } | null = null;
  /**
   * What the terminal shows for an Enter key (the newline, the prompt of a continuation…), held
   * back until the simulator answers: see `enterKey`. Null when nothing is held.
   */
  private held: string | null = null;
  private heldTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly machine: string,
    prompt: string,
    private readonly backend: TerminalBackend,
    fontSize: number,
  ) {
    this.prompt = prompt;
    this.el = document.createElement("div");
    this.el.className = "term";
    this.el.dataset.machine = machine;
    this.el.dataset.testid = "terminal-inactive";
    this.term = new Terminal({
      fontFamily: FONT,
      fontSize,
      lineHeight: 1.15,
      theme: THEME,
      // a blinking cursor is a CSS animation of colours: a main-thread frame at every vsync, and
      // with one pending Chrome defers the worker's reply to a key until after that frame
      cursorBlink: false,
      scrollback: 5000,
      allowProposedApi: false,
      drawBoldTextInBrightColors: true,
      minimumContrastRatio: 1,
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.editor = new LineEditor(
      { write: (s) => this.write(s), cols: () => this.term.cols },
      {
        submit: (text) => this.submit(text),
        complete: (line, cursor) => this.backend.complete(this.machine, line, cursor),
        interrupt: () => this.interrupt(),
        eof: () => {
          if (/\[netns /.test(this.prompt)) this.run("exit", true);
          else this.write("\x07");
        },
      },
    );
    this.term.onData((d) => this.editor.feed(d));
    this.term.attachCustomKeyEventHandler((e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing) {
        if (e.type === "keydown") this.enterKey(e);
        return false;
      }
      // Ctrl-Z and Ctrl-Y are the terminal's (^Z, readline's yank), not the lab's undo/redo
      // (App.tsx leaves keys typed in a terminal alone): say once where undo is
      if (e.type === "keydown" && e.ctrlKey && !e.altKey && !e.metaKey && (e.key === "z" || e.key === "Z"))
        this.backend.hint?.("undo");
      // Ctrl-Shift-C/V are the terminal's copy/paste
      if (e.type === "keydown" && e.ctrlKey && e.shiftKey && (e.key === "C" || e.key === "c")) {
        const sel = this.term.getSelection();
        if (sel) void navigator.clipboard?.writeText(sel).catch(() => {});
        return false;
      }
      return true;
    });
  }

  /** Everything the terminal prints goes through here. */
  private write(s: string): void {
    if (this.held !== null) this.held += s;
    else this.term.write(s);
  }

  /**
   * Enter, handled before xterm.js sees the key: the line goes to the simulator at once, and the
   * screen is left alone until its answer (or ECHO_WAIT_MS) — so that the key's echo and the
   * command's output are parsed together and drawn in the same frame, the first after the answer.
   * Touching the DOM here (xterm's own key handling, the echo) would request a frame, and after
   * a key that requests one Chrome defers other tasks, the worker's answer included, until that
   * frame is done: the output would land a frame or two later.
   */
  private enterKey(e: KeyboardEvent): void {
    e.preventDefault();
    if (this.held === null) {
      this.held = "";
      this.heldTimer = setTimeout(() => this.release(), ECHO_WAIT_MS);
    }
    this.editor.feed("\r");
  }

  /** Prints what an Enter key held back, parsed at once (as xterm.js does right after a key). */
  release(): void {
    if (this.held === null) return;
    clearTimeout(this.heldTimer);
    const s = this.held;
    this.held = null;
    if (!s) return;
    // input("", true) is an empty keystroke: xterm.js then parses the next write synchronously
    // (its fast path after user input) instead of on a timer, and clears a selection as a key does
    this.term.input("", true);
    this.term.write(s);
  }

  /** Attaches to the page (the first time the tab is shown). */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.term.open(this.el);
    // bracketed paste: pasted newlines run lines one by one, pasted tabs stay text
    this.term.write("\x1b[?2004h");
    this.resize();
  }

  resize(): void {
    if (!this.opened || !this.el.isConnected || this.el.offsetParent === null) return;
    try {
      this.fit.fit();
    } catch {
      // not measurable yet
    }
  }

  setFontSize(px: number): void {
    this.term.options.fontSize = px;
    this.resize();
  }

  get busy(): boolean {
    return this.inflight > 0;
  }

  /** Prints the banner and the first prompt. */
  greet(banner: string): void {
    if (banner) this.term.write(crlf(banner));
    this.editor.start(this.prompt);
  }

  /** Types a command as if the user did (double-click on a netns types `ip netns exec NAME bash`). */
  type(text: string): void {
    this.editor.feed(text + "\r");
  }

  /** Runs a command typed by code, shown after the prompt. */
  run(line: string, shown: boolean): void {
    if (shown) {
      // typed into the line (after the running command, if any: typeahead), so it shows as typed
      this.editor.feed((this.editor.isActive ? "\x01\x0b" : "") + line + "\r");
      return;
    }
    void this.submit(line);
  }

  private async submit(text: string): Promise<void> {
    const line = this.editor.pending.length ? joinContinuation(text) : text;
    if (this.editor.pending.length === 0 && /^\s*clear\s*$/.test(line)) {
      this.write("\x1b[H\x1b[2J\x1b[3J");
      this.editor.addHistory(line);
      this.editor.start(this.prompt);
      this.release();
      return;
    }
    if (this.editor.pending.length === 0 && /^\s*history\s*$/.test(line)) {
      this.editor.addHistory(line);
      const h = this.editor.history;
      this.write(crlf(h.map((l, i) => `${String(i + 1).padStart(5)}  ${l}\n`).join("")));
      this.editor.start(this.prompt);
      this.release();
      return;
    }
    this.inflight++;
    performance.mark("hopscope:submit");
    this.running(true);
    let r: { needsMore: boolean; id?: number };
    try {
      r = await this.backend.submit(this.machine, text);
    } catch (e) {
      this.write(crlf(`hopscope: ${String(e)}\n`));
      this.finishOne(this.prompt);
      this.release();
      return;
    }
    if (r.needsMore) {
      this.inflight--;
      if (this.inflight === 0) this.running(false);
      this.editor.continueLine();
      this.release();
      return;
    }
    this.editor.accepted(joinContinuation(text));
  }

  private running(on: boolean): void {
    clearTimeout(this.spinnerTimer);
    if (on) {
      this.spinnerTimer = setTimeout(() => {
        this.spinning = true;
        this.backend.onRunning(this.machine, true);
      }, 250);
    } else if (this.spinning) {
      this.spinning = false;
      this.backend.onRunning(this.machine, false);
    }
  }

  /**
   * Ctrl-C while a command runs. The "^C" is not echoed here: the simulator prints it where the
   * signal lands in the command's output, so a line it printed before (a ping reply on its way)
   * comes before the ^C, and the statistics after.
   */
  private interrupt(): void {
    this.backend.interrupt(this.machine);
  }

  private finishOne(prompt: string): void {
    this.prompt = prompt;
    this.inflight = Math.max(0, this.inflight - 1);
    if (this.inflight > 0) return;
    this.running(false);
    this.editor.start(prompt);
    if (this.saved) {
      const { buf, pos } = this.saved;
      this.saved = null;
      this.editor.setInput(buf, pos);
    }
  }

  handle(ev: SimEvent): void {
    switch (ev.t) {
      case "start":
        if (ev.echo) {
          // a command from the canvas: shown as if typed at a fresh prompt
          if (this.inflight === 0 && this.editor.isActive) {
            this.saved = this.editor.buf ? { buf: this.editor.buf, pos: this.editor.pos } : null;
            this.editor.suspend();
          }
          this.editor.stop();
          this.inflight++;
          this.running(true);
          this.write(ev.prompt + ev.line + "\r\n");
          this.editor.addHistory(ev.line);
        }
        return;
      case "out":
        if (this.editor.isActive) {
          // output while the prompt is up (a background job's notice)
          this.editor.suspend();
          this.write(crlf(ev.data));
          this.editor.resume();
        } else this.write(crlf(ev.data));
        return;
      case "done":
        if (ev.requeue) this.editor.retype(ev.requeue);
        this.finishOne(ev.prompt);
        return;
    }
  }

  /** After the world was rebuilt (undo, redo, a lab loaded): a note and a fresh prompt. */
  reset(prompt: string, note?: string): void {
    const typed = this.editor.isActive ? { buf: this.editor.buf, pos: this.editor.pos } : null;
    this.editor.suspend();
    this.inflight = 0;
    this.editor.pending = [];
    this.editor.flushTypeahead();
    this.running(false);
    if (note) this.write(crlf(`${DIM}${note}${RESET}\n`));
    this.prompt = prompt;
    this.editor.start(prompt);
    if (typed?.buf) this.editor.setInput(typed.buf, typed.pos);
    this.release();
  }

  setHistory(lines: string[]): void {
    this.editor.setHistory(lines);
  }

  /**
   * What the terminal shows above its current line, as plain text (the last `max` lines; wrapped
   * rows joined): kept with the lab so that a reload shows it again (colours are not kept).
   */
  scrollbackText(max: number): string {
    const buf = this.term.buffer.active;
    const end = buf.baseY + buf.cursorY;
    const lines: string[] = [];
    for (let y = end - 1; y >= 0 && lines.length < max; y--) {
      let text = buf.getLine(y)?.translateToString(true) ?? "";
      while (y > 0 && buf.getLine(y)?.isWrapped)
        text = (buf.getLine(--y)?.translateToString(false) ?? "") + text;
      lines.push(text);
    }
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    return lines.reverse().join("\n");
  }

  /**
   * Shows text kept from before a reload, dimmed, in place of what the terminal shows (the banner
   * and the prompt: the text has them from then); the note and the prompt follow (reset).
   */
  prefill(text: string): void {
    if (!text) return;
    this.editor.suspend();
    this.write("\x1b[H\x1b[2J\x1b[3J" + crlf(`${DIM}${text}${RESET}\n`));
  }

  focus(): void {
    this.term.focus();
  }

  dispose(): void {
    this.term.dispose();
    this.el.remove();
  }
}

/** All terminals, one per machine; one visible at a time. */
export class Terminals {
  private readonly map = new Map<string, MachineTerminal>();
  private container?: HTMLElement;
  private active = "";
  private fontSize: number;
  private ro?: ResizeObserver;
  private banner = "";

  constructor(private readonly backend: TerminalBackend) {
    const saved = Number(globalThis.localStorage?.getItem("hopscope:fontSize"));
    this.fontSize = saved >= 10 && saved <= 28 ? saved : (globalThis.innerWidth ?? 0) >= 1800 ? 16 : 14;
  }

  setBanner(text: string): void {
    this.banner = text;
  }

  mount(container: HTMLElement): void {
    this.container = container;
    for (const t of this.map.values()) container.appendChild(t.el);
    this.ro = new ResizeObserver(() => this.map.get(this.active)?.resize());
    this.ro.observe(container);
    if (this.active) this.show(this.active);
  }

  unmount(): void {
    this.ro?.disconnect();
    this.container = undefined;
  }

  get(machine: string, prompt = `root@${machine}:~# `): MachineTerminal {
    let t = this.map.get(machine);
    if (!t) {
      t = new MachineTerminal(machine, prompt, this.backend, this.fontSize);
      this.map.set(machine, t);
      this.container?.appendChild(t.el);
      t.el.style.display = "none";
      t.open();
      t.greet(this.map.size === 1 ? this.banner : "");
    }
    return t;
  }

  has(machine: string): boolean {
    return this.map.has(machine);
  }

  show(machine: string, focus = true): void {
    this.active = machine;
    const t = this.get(machine);
    for (const [m, x] of this.map) {
      const on = m === machine;
      x.el.style.display = on ? "block" : "none";
      x.el.dataset.testid = on ? "terminal" : "terminal-inactive";
      if (on) x.el.setAttribute("data-testid", "terminal");
      else x.el.setAttribute("data-testid", "terminal-inactive");
    }
    t.resize();
    if (focus) t.focus();
  }

  /** Keeps one terminal per machine that exists; drops the others. */
  sync(machines: string[], prompts: Record<string, string>, history: Record<string, string[]>): void {
    for (const m of machines) {
      if (!this.map.has(m)) {
        const t = this.get(m, prompts[m]);
        t.setHistory(history[m] ?? []);
      }
    }
    for (const [m, t] of this.map) {
      if (!machines.includes(m)) {
        t.dispose();
        this.map.delete(m);
      }
    }
  }

  handle(events: SimEvent[]): void {
    const touched = new Set<MachineTerminal>();
    for (const ev of events) {
      if (ev.t === "start" || ev.t === "out" || ev.t === "done") {
        const t = this.get(ev.machine, ev.t === "out" ? undefined : ev.prompt);
        t.handle(ev);
        touched.add(t);
      }
    }
    // the answer to an Enter: its echo and the output in one write, parsed now
    for (const t of touched) t.release();
  }

  reset(prompts: Record<string, string>, note: string | undefined, history: Record<string, string[]>): void {
    for (const [m, t] of this.map) {
      if (prompts[m] === undefined) continue;
      t.reset(prompts[m], m === this.active ? note : undefined);
      t.setHistory(history[m] ?? []);
    }
  }

  setFontSize(px: number): void {
    this.fontSize = Math.max(10, Math.min(28, px));
    globalThis.localStorage?.setItem("hopscope:fontSize", String(this.fontSize));
    for (const t of this.map.values()) t.setFontSize(this.fontSize);
  }

  get size(): number {
    return this.fontSize;
  }

  resizeActive(): void {
    this.map.get(this.active)?.resize();
  }

  /** Each terminal's text above its prompt (see MachineTerminal.scrollbackText). */
  scrollback(maxLines: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [m, t] of this.map) {
      const text = t.scrollbackText(maxLines);
      if (text) out[m] = text;
    }
    return out;
  }

  /** Text kept from before a reload, shown again in the terminals it came from. */
  prefill(texts: Record<string, string>): void {
    for (const [m, t] of this.map) if (texts[m]) t.prefill(texts[m]);
  }

  terminal(machine: string): MachineTerminal | undefined {
    return this.map.get(machine);
  }
}

/** Per machine, the commands of a script (the terminal's history after a reload). */
export function historyFromScript(script: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let machine = "host";
  for (const raw of script.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^#@machine\s+(\S+)/.exec(line);
    if (m) {
      machine = m[1];
      continue;
    }
    if (line.startsWith("#")) continue;
    (out[machine] ??= []).push(line.replace(/^timeout -s INT [\d.]+ /, ""));
  }
  return out;
}
