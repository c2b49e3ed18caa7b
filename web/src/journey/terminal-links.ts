/**
 * Terminal lines as links to their packets: hovering a command that sent packets (its prompt line
 * or any line of its output) underlines it, and a click replays its journey — a ping reply line
 * (`icmp_seq=N`) the journey of that echo request. The file of `tcpdump -w FILE` is a link that
 * downloads it. Which command a line belongs to is read from the screen (the prompt line above
 * it, and how many times the same command was typed after it); xterm.js asks only on hover.
 */
import type { IBuffer, ILink, ILinkProvider, Terminal } from "@xterm/xterm";
import { store } from "../engine/store";
import { journeyStore } from "./state";
import type { JourneyController } from "./controller";

/** `root@host:~# `, `root@host [netns RED]:/tmp# `, a BusyBox container's `/ # `. */
const PROMPT = /^(root@[^\s:#]+(?: \[netns [^\]]+\])?:[^#\n]*# |\/[^\s#]* # )/;
/** How far up a line looks for its command's prompt. */
const LOOKUP = 3000;

/** The logical line (wrapped rows joined) that row `y` (0-based) belongs to. */
export function logicalLine(buf: IBuffer, y: number): { start: number; end: number; text: string } {
  let start = y;
  while (start > 0 && buf.getLine(start)?.isWrapped) start--;
  let end = start;
  let text = buf.getLine(start)?.translateToString(true) ?? "";
  while (buf.getLine(end + 1)?.isWrapped) {
    end++;
    text += buf.getLine(end)?.translateToString(true) ?? "";
  }
  return { start, end, text };
}

/** The command typed on a prompt line, or null when the line is no prompt. */
export function commandOf(text: string): string | null {
  const m = PROMPT.exec(text);
  if (!m) return null;
  const cmd = text.slice(m[1].length).trim();
  return cmd || null;
}

/** The ping sequence number a line of ping's output names. */
export function seqOf(text: string): number | undefined {
  const m = /\bicmp_seq=(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `tcpdump … -w FILE …`: the file. */
export function tcpdumpFile(cmd: string): string | undefined {
  if (!/(^|[\s;&|(])tcpdump\s/.test(cmd)) return undefined;
  const m = /\s-(?:[A-Za-z]*w)\s*(\S+)/.exec(cmd.slice(cmd.indexOf("tcpdump")));
  return m && m[1] !== "-" ? m[1] : undefined;
}

interface Found {
  /** First row of the prompt line of the command. */
  promptRow: number;
  promptEnd: number;
  cmd: string;
  /** The prompt's length (where the command starts on the line). */
  promptLen: number;
}

/** The command whose prompt line is at or above row y (null past LOOKUP rows, or at the prompt being typed). */
function commandAbove(buf: IBuffer, y: number, cursorRow: number): Found | null {
  for (let r = y, n = 0; r >= 0 && n < LOOKUP; n++) {
    const l = logicalLine(buf, r);
    const cmd = l.start < cursorRow ? commandOf(l.text) : null;
    if (cmd) return { promptRow: l.start, promptEnd: l.end, cmd, promptLen: PROMPT.exec(l.text)![1].length };
    if (l.start >= cursorRow && r === y) return null;
    r = l.start - 1;
  }
  return null;
}

/** How many times `cmd` was typed after the prompt at row `from` (its occurrence from the latest). */
function laterOccurrences(buf: IBuffer, from: number, cmd: string, cursorRow: number): number {
  let n = 0;
  for (let r = from; r < cursorRow;) {
    const l = logicalLine(buf, r);
    if (commandOf(l.text) === cmd) n++;
    r = l.end + 1;
  }
  return n;
}

function provider(ctrl: JourneyController, machine: string, term: Terminal): ILinkProvider {
  return {
    provideLinks(bufferLine, callback) {
      const buf = term.buffer.active;
      const y = bufferLine - 1;
      const cursorRow = buf.baseY + buf.cursorY;
      const found = commandAbove(buf, y, cursorRow);
      if (!found) return callback(undefined);
      const line = logicalLine(buf, y);
      const cols = term.cols;
      const at = (i: number) => ({ x: (i % cols) + 1, y: line.start + Math.floor(i / cols) + 1 });
      const links: ILink[] = [];
      const onPrompt = line.start === found.promptRow;
      const file = onPrompt ? tcpdumpFile(found.cmd) : undefined;
      if (file) {
        const i = line.text.indexOf(file, found.promptLen);
        if (i >= 0)
          links.push({
            range: { start: at(i), end: at(i + file.length - 1) },
            text: file,
            decorations: { pointerCursor: true, underline: true },
            activate: () => void ctrl.downloadFile(machine, file),
          });
      }
      const sent = journeyStore
        .getState()
        .commands.some((c) => c.machine === machine && c.line.trim() === found.cmd);
      if (sent) {
        const text = line.text.replace(/\s+$/, "");
        const first = onPrompt ? found.promptLen : Math.max(0, text.search(/\S/));
        if (text.length > first) {
          const seq = onPrompt ? undefined : seqOf(text);
          links.push({
            range: { start: at(first), end: at(text.length - 1) },
            text: text.slice(first),
            decorations: { pointerCursor: true, underline: true },
            activate: () => {
              const occurrence = laterOccurrences(buf, found.promptEnd + 1, found.cmd, cursorRow);
              void ctrl.openFromTerminal(machine, found.cmd, occurrence, seq);
            },
          });
        }
      }
      callback(links.length ? links : undefined);
    },
  };
}

/** Registers the link provider on every machine's terminal (terminals come and go with machines). */
export function linkTerminals(ctrl: JourneyController): () => void {
  const done = new WeakSet<Terminal>();
  const attach = () => {
    for (const m of store.getState().machines) {
      const t = ctrl.lab.terminals.terminal(m);
      if (!t || done.has(t.term)) continue;
      done.add(t.term);
      t.term.registerLinkProvider(provider(ctrl, m, t.term));
    }
  };
  attach();
  const a = store.subscribe((s, p) => {
    if (s.machines !== p.machines || s.ready !== p.ready) attach();
  });
  const b = journeyStore.subscribe((s, p) => {
    if (s.commands !== p.commands) attach();
  });
  return () => {
    a();
    b();
  };
}
