/**
 * A line editor that behaves like bash's readline (emacs mode) on an xterm: cursor keys,
 * Home/End, Ctrl-A/E/B/F, Alt-B/F, Ctrl-K/U/W/Y (kill ring of one), Ctrl-L, history with
 * Up/Down and Ctrl-P/N, Ctrl-R reverse incremental search, TAB completion (double TAB lists),
 * Ctrl-C, Ctrl-D. Keys typed while a command runs are kept (typeahead) and replayed at the next
 * prompt, which is also how a pasted multi-line script runs line by line. Plain class: it only
 * writes escape sequences through TermIO, so it is tested without a DOM.
 */

export interface TermIO {
  write(s: string): void;
  cols(): number;
}

export interface CompletionReply {
  from: number;
  to: number;
  items: string[];
}

export interface EditorHandlers {
  /** A line was entered (the text of all continuation lines so far, joined by "\n"). */
  submit(text: string): void;
  complete(line: string, cursor: number): Promise<CompletionReply>;
  /** Ctrl-C while a command runs. */
  interrupt(): void;
  /** Ctrl-D on an empty line. */
  eof(): void;
}

const BRACKET_START = "\x1b[200~";
const BRACKET_END = "\x1b[201~";

/** Escape sequences xterm sends, by meaning. */
const KEYS: Record<string, string> = {
  "\x1b[A": "up",
  "\x1bOA": "up",
  "\x1b[B": "down",
  "\x1bOB": "down",
  "\x1b[C": "right",
  "\x1bOC": "right",
  "\x1b[D": "left",
  "\x1bOD": "left",
  "\x1b[H": "home",
  "\x1bOH": "home",
  "\x1b[1~": "home",
  "\x1b[7~": "home",
  "\x1b[F": "end",
  "\x1bOF": "end",
  "\x1b[4~": "end",
  "\x1b[8~": "end",
  "\x1b[3~": "delete",
  "\x1b[1;5C": "word-right",
  "\x1b[1;5D": "word-left",
  "\x1b[1;3C": "word-right",
  "\x1b[1;3D": "word-left",
  "\x1bf": "word-right",
  "\x1bb": "word-left",
  "\x1bd": "kill-word",
  "\x1b\x7f": "backward-kill-word",
  "\x1b[5~": "ignore",
  "\x1b[6~": "ignore",
  "\x1b[2~": "ignore",
};

function width(s: string): number {
  return [...s].length;
}

function lcp(items: string[]): string {
  if (!items.length) return "";
  let p = items[0];
  for (const s of items) {
    let i = 0;
    while (i < p.length && i < s.length && p[i] === s[i]) i++;
    p = p.slice(0, i);
  }
  return p;
}

export class LineEditor {
  prompt = "";
  buf = "";
  pos = 0;
  /** Lines entered so far of an unfinished command (continuation prompt "> "). */
  pending: string[] = [];
  history: string[] = [];
  private hIndex = 0;
  private hSaved = "";
  private killRing = "";
  private search: { query: string; index: number; failed: boolean; saved: string; savedPos: number } | null =
    null;
  /** Rows between the prompt's first row and the cursor. */
  private cursorRow = 0;
  /** Accepting keys (false while a command runs or a completion is pending). */
  private active = false;
  private typeahead = "";
  private lastWasTab = false;
  private completing = false;
  private inPaste = false;

  constructor(
    private readonly io: TermIO,
    private readonly h: EditorHandlers,
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  /** Shows a prompt and starts editing a new line; replays typeahead. */
  start(prompt: string): void {
    this.prompt = prompt;
    if (prompt !== "> ") this.basePrompt = prompt;
    this.buf = "";
    this.pos = 0;
    this.cursorRow = 0;
    this.hIndex = this.history.length;
    this.search = null;
    this.active = true;
    this.io.write(prompt);
    this.drain();
  }

  /** Continues an unfinished command with the "> " prompt. */
  startContinuation(): void {
    this.start("> ");
  }

  /** Stops editing (a command runs): keys go to typeahead. */
  stop(): void {
    this.active = false;
  }

  /** Erases the prompt and input from the screen (to print something above it). */
  suspend(): void {
    if (!this.active) return;
    let out = "";
    if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    out += "\r\x1b[J";
    this.io.write(out);
    this.cursorRow = 0;
  }

  /** Redraws the prompt and input after `suspend`. */
  resume(): void {
    if (!this.active) return;
    this.cursorRow = 0;
    this.render(true);
  }

  /** Puts text in the input line (restoring what the user had typed). */
  setInput(buf: string, pos = buf.length): void {
    if (!this.active) return;
    this.buf = buf;
    this.pos = Math.max(0, Math.min(buf.length, pos));
    this.render();
  }

  /** Types a command line again, ahead of the typeahead (a command a restart kept from running). */
  retype(text: string): void {
    this.typeahead = text.replace(/\r\n?|\n/g, "\r") + "\r" + this.typeahead;
  }

  /** Ctrl-C / flush: drops the typeahead. */
  flushTypeahead(): void {
    this.typeahead = "";
  }

  setHistory(lines: string[]): void {
    this.history = lines.slice(-1000);
    this.hIndex = this.history.length;
  }

  addHistory(line: string): void {
    const l = line.trim();
    if (!l || l.startsWith(" ")) return;
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > 1000) this.history.splice(0, this.history.length - 1000);
    this.hIndex = this.history.length;
  }

  /** Data from the terminal (keys, pastes). */
  feed(data: string): void {
    // bracketed paste: newlines run lines, tabs are text
    let d = data;
    if (d.includes(BRACKET_START) || this.inPaste) {
      let out = "";
      let rest = d;
      while (rest) {
        if (this.inPaste) {
          const end = rest.indexOf(BRACKET_END);
          const chunk = end < 0 ? rest : rest.slice(0, end);
          out += stripControls(chunk.replace(/\r\n?|\n/g, "\r").replace(/\t/g, "    "));
          if (end < 0) rest = "";
          else {
            this.inPaste = false;
            rest = rest.slice(end + BRACKET_END.length);
          }
        } else {
          const start = rest.indexOf(BRACKET_START);
          if (start < 0) {
            out += rest;
            rest = "";
          } else {
            out += rest.slice(0, start);
            this.inPaste = true;
            rest = rest.slice(start + BRACKET_START.length);
          }
        }
      }
      d = out;
    } else if (d.length > 1 && /[\r\n]/.test(d) && !d.startsWith("\x1b")) {
      // an unbracketed paste
      d = d.replace(/\r\n?|\n/g, "\r").replace(/\t/g, "    ");
    }
    if (!this.active || this.completing) {
      if (d.includes("\x03") && !this.completing) {
        this.typeahead = "";
        this.h.interrupt();
        return;
      }
      this.typeahead += d;
      return;
    }
    this.typeahead += d;
    this.drain();
  }

  private drain(): void {
    while (this.typeahead && this.active && !this.completing) {
      const t = this.typeahead;
      let key = t[0];
      if (t[0] === "\x1b") {
        const seq = Object.keys(KEYS).find((k) => t.startsWith(k));
        if (seq) key = seq;
        else {
          // eslint-disable-next-line no-control-regex -- terminal input is control characters
          const m = /^\x1b\[[0-9;]*[A-Za-z~]/.exec(t) ?? /^\x1bO[A-Za-z]/.exec(t);
          key = m ? m[0] : t.length > 1 && t[1] !== "\x1b" ? t.slice(0, 2) : "\x1b";
        }
      }
      this.typeahead = t.slice(key.length);
      this.key(key);
    }
  }

  private key(k: string): void {
    const named = KEYS[k];
    const wasTab = this.lastWasTab;
    this.lastWasTab = false;
    if (this.search) return this.searchKey(k, named);
    switch (named ?? k) {
      case "\r":
      case "\n":
        return this.enter();
      case "\t":
        this.lastWasTab = true;
        void this.tab(wasTab);
        return;
      case "\x7f":
      case "\b":
        if (this.pos > 0) {
          this.buf = this.buf.slice(0, this.pos - 1) + this.buf.slice(this.pos);
          this.pos--;
          this.render();
        }
        return;
      case "delete":
        if (this.pos < this.buf.length) {
          this.buf = this.buf.slice(0, this.pos) + this.buf.slice(this.pos + 1);
          this.render();
        }
        return;
      case "left":
      case "\x02":
        if (this.pos > 0) this.moveTo(this.pos - 1);
        return;
      case "right":
      case "\x06":
        if (this.pos < this.buf.length) this.moveTo(this.pos + 1);
        return;
      case "home":
      case "\x01":
        return this.moveTo(0);
      case "end":
      case "\x05":
        return this.moveTo(this.buf.length);
      case "word-left":
        return this.moveTo(this.wordStart(this.pos));
      case "word-right":
        return this.moveTo(this.wordEnd(this.pos));
      case "up":
      case "\x10":
        return this.historyMove(-1);
      case "down":
      case "\x0e":
        return this.historyMove(1);
      case "\x0b": // Ctrl-K
        this.killRing = this.buf.slice(this.pos);
        this.buf = this.buf.slice(0, this.pos);
        return this.render();
      case "\x15": // Ctrl-U
        this.killRing = this.buf.slice(0, this.pos);
        this.buf = this.buf.slice(this.pos);
        this.pos = 0;
        return this.render();
      case "\x17": // Ctrl-W: kill the previous whitespace-delimited word
      case "backward-kill-word": {
        let i = this.pos;
        const isSep =
          named === "backward-kill-word"
            ? (c: string) => !/[A-Za-z0-9]/.test(c)
            : (c: string) => c === " " || c === "\t";
        while (i > 0 && isSep(this.buf[i - 1])) i--;
        while (i > 0 && !isSep(this.buf[i - 1])) i--;
        this.killRing = this.buf.slice(i, this.pos);
        this.buf = this.buf.slice(0, i) + this.buf.slice(this.pos);
        this.pos = i;
        return this.render();
      }
      case "kill-word": {
        const e = this.wordEnd(this.pos);
        this.killRing = this.buf.slice(this.pos, e);
        this.buf = this.buf.slice(0, this.pos) + this.buf.slice(e);
        return this.render();
      }
      case "\x19": // Ctrl-Y
        return this.insert(this.killRing);
      case "\x0c": // Ctrl-L
        this.io.write("\x1b[H\x1b[2J");
        this.cursorRow = 0;
        return this.render(true);
      case "\x12": // Ctrl-R
        this.search = {
          query: "",
          index: this.history.length,
          failed: false,
          saved: this.buf,
          savedPos: this.pos,
        };
        return this.render();
      case "\x03": // Ctrl-C
        this.moveTo(this.buf.length);
        this.io.write("^C\r\n");
        this.pending = [];
        this.typeahead = "";
        this.start(this.prompt === "> " ? this.basePrompt : this.prompt);
        return;
      case "\x04": // Ctrl-D
        if (this.buf === "" && this.pending.length === 0) {
          this.h.eof();
          return;
        }
        if (this.pos < this.buf.length) {
          this.buf = this.buf.slice(0, this.pos) + this.buf.slice(this.pos + 1);
          this.render();
        }
        return;
      case "\x07":
      case "ignore":
      case "\x1b":
        return;
    }
    if (k.length === 1 && k >= " ") return this.insert(k);
    // eslint-disable-next-line no-control-regex -- terminal input is control characters
    if (k.length > 1 && !k.startsWith("\x1b")) return this.insert(k.replace(/[\x00-\x1f\x7f]/g, ""));
  }

  /** The prompt to go back to after Ctrl-C in a continuation. */
  basePrompt = "$ ";

  private insert(s: string): void {
    if (!s) return;
    this.buf = this.buf.slice(0, this.pos) + s + this.buf.slice(this.pos);
    this.pos += s.length;
    this.render();
  }

  private moveTo(p: number): void {
    this.pos = Math.max(0, Math.min(this.buf.length, p));
    this.render();
  }

  private wordStart(p: number): number {
    let i = p;
    while (i > 0 && !/[A-Za-z0-9]/.test(this.buf[i - 1])) i--;
    while (i > 0 && /[A-Za-z0-9]/.test(this.buf[i - 1])) i--;
    return i;
  }

  private wordEnd(p: number): number {
    let i = p;
    while (i < this.buf.length && !/[A-Za-z0-9]/.test(this.buf[i])) i++;
    while (i < this.buf.length && /[A-Za-z0-9]/.test(this.buf[i])) i++;
    return i;
  }

  private historyMove(dir: number): void {
    const next = this.hIndex + dir;
    if (next < 0 || next > this.history.length) return;
    if (this.hIndex === this.history.length) this.hSaved = this.buf;
    this.hIndex = next;
    this.buf = next === this.history.length ? this.hSaved : this.history[next];
    this.pos = this.buf.length;
    this.render();
  }

  private enter(): void {
    this.moveTo(this.buf.length);
    this.io.write("\r\n");
    this.cursorRow = 0;
    const text = [...this.pending, this.buf].join("\n");
    this.active = false;
    this.h.submit(text);
  }

  /** Called by the terminal when the shell said the command is unfinished. */
  continueLine(): void {
    this.pending.push(this.buf);
    this.startContinuation();
  }

  /** Called when a command (all its lines) was accepted. */
  accepted(joined: string): void {
    this.pending = [];
    this.addHistory(joined);
  }

  private async tab(second: boolean): Promise<void> {
    const line = this.buf;
    const cursor = this.pos;
    this.completing = true;
    let reply: CompletionReply;
    try {
      reply = await this.h.complete(line, cursor);
    } catch {
      reply = { from: cursor, to: cursor, items: [] };
    } finally {
      this.completing = false;
    }
    if (this.buf !== line || this.pos !== cursor || !this.active) {
      this.drain();
      return;
    }
    const word = line.slice(reply.from, cursor);
    const items = reply.items;
    if (items.length === 1) {
      const it = items[0];
      const space = /[/=]$/.test(it) || (it.endsWith(".") && !word.includes(" ")) ? "" : " ";
      this.replaceWord(reply.from, cursor, quoteWord(it) + (this.buf[cursor] === " " ? "" : space));
    } else if (items.length > 1) {
      const common = lcp(items);
      if (common.length > word.length) this.replaceWord(reply.from, cursor, quoteWord(common));
      else if (second) this.list(items);
      else this.io.write("\x07");
    } else this.io.write("\x07");
    this.drain();
  }

  private replaceWord(from: number, to: number, text: string): void {
    this.buf = this.buf.slice(0, from) + text + this.buf.slice(to);
    this.pos = from + text.length;
    this.render();
  }

  /** Lists completions under the line, in columns (bash's display-completions). */
  private list(items: string[]): void {
    const shown = items.map((s) =>
      s.length > 1 && s.endsWith("/")
        ? s.slice(s.slice(0, -1).lastIndexOf("/") + 1)
        : s.slice(s.lastIndexOf("/") + 1) || s,
    );
    const max = 200;
    const list = shown.slice(0, max);
    const w = Math.max(...list.map(width)) + 2;
    const cols = Math.max(1, Math.floor(this.io.cols() / w));
    const rows = Math.ceil(list.length / cols);
    let out = "";
    for (let r = 0; r < rows; r++) {
      let line = "";
      for (let c = 0; c < cols; c++) {
        const i = c * rows + r;
        if (i >= list.length) break;
        line += list[i].padEnd(w);
      }
      out += line.trimEnd() + "\r\n";
    }
    if (items.length > max) out += `… and ${items.length - max} more\r\n`;
    this.moveTo(this.buf.length);
    this.io.write("\r\n" + out);
    this.cursorRow = 0;
    this.render(true);
  }

  // ---- reverse-i-search ----

  private searchKey(k: string, named: string | undefined): void {
    const s = this.search!;
    if (k === "\x12") {
      this.searchFrom(s.index - 1);
      return this.render();
    }
    if (k === "\x07" || k === "\x03") {
      this.buf = s.saved;
      this.pos = s.savedPos;
      this.search = null;
      this.render();
      if (k === "\x03") this.key(k);
      return;
    }
    if (k === "\x7f" || k === "\b") {
      s.query = s.query.slice(0, -1);
      this.searchFrom(this.history.length - 1);
      return this.render();
    }
    if (k.length === 1 && k >= " ") {
      s.query += k;
      this.searchFrom(Math.min(s.index, this.history.length - 1));
      return this.render();
    }
    // any other key accepts the match and is then processed normally
    this.search = null;
    if (s.index < this.history.length && !s.failed) this.hIndex = s.index;
    this.render();
    if (k === "\x1b" || named === "ignore") return;
    this.key(k);
  }

  private searchFrom(start: number): void {
    const s = this.search!;
    if (!s.query) {
      s.failed = false;
      return;
    }
    for (let i = start; i >= 0; i--) {
      const at = this.history[i].lastIndexOf(s.query);
      if (at >= 0) {
        s.index = i;
        s.failed = false;
        this.buf = this.history[i];
        this.pos = at;
        return;
      }
    }
    s.failed = true;
  }

  // ---- rendering ----

  private render(fresh = false): void {
    const cols = Math.max(1, this.io.cols());
    let head: string;
    let body: string;
    let cursorIdx: number;
    if (this.search) {
      head = `(${this.search.failed ? "failed " : ""}reverse-i-search)\`${this.search.query}': `;
      body = this.buf;
      cursorIdx = width(head) + width(this.buf.slice(0, this.pos));
    } else {
      head = this.prompt;
      body = this.buf;
      cursorIdx = width(head) + width(this.buf.slice(0, this.pos));
    }
    const len = width(head) + width(body);
    let out = "";
    if (!fresh && this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
    out += "\r\x1b[J" + head + body;
    let endRow = Math.floor(len / cols);
    if (len > 0 && len % cols === 0) out += " \b"; // leave the pending-wrap state on the next row
    const targetRow = Math.floor(cursorIdx / cols);
    const col = cursorIdx % cols;
    if (len > 0 && len % cols === 0) endRow = len / cols;
    if (endRow > targetRow) out += `\x1b[${endRow - targetRow}A`;
    out += "\r";
    if (col > 0) out += `\x1b[${col}C`;
    this.cursorRow = targetRow;
    this.io.write(out);
  }
}

/** Drops control characters a paste may carry, keeping the Enter keys ("\r"). */
function stripControls(s: string): string {
  let out = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === "\r" || (code >= 0x20 && code !== 0x7f)) out += c;
  }
  return out;
}

/** Quotes a completion like bash does for names with shell metacharacters. */
function quoteWord(s: string): string {
  return /[\s'"\\$`!&|;<>()*?[\]{}]/.test(s.replace(/[=/]$/, ""))
    ? s.replace(/([\s'"\\$`!&|;<>()*?[\]{}])/g, "\\$1")
    : s;
}
