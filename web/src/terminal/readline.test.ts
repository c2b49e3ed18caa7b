import { describe, expect, it } from "vitest";
import { LineEditor, type CompletionReply } from "./readline";

function setup(
  items: (line: string, cursor: number) => CompletionReply = (_l, c) => ({ from: c, to: c, items: [] }),
) {
  const out: string[] = [];
  const submitted: string[] = [];
  let interrupted = 0;
  let eof = 0;
  const ed = new LineEditor(
    { write: (s) => out.push(s), cols: () => 80 },
    {
      submit: (t) => submitted.push(t),
      complete: async (l, c) => items(l, c),
      interrupt: () => interrupted++,
      eof: () => eof++,
    },
  );
  ed.start("$ ");
  return { ed, out, submitted, counts: () => ({ interrupted, eof }) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("LineEditor", () => {
  it("edits like readline: cursor keys, Home/End, kill and yank", () => {
    const { ed } = setup();
    ed.feed("ip link");
    ed.feed("\x1b[D\x1b[D\x1b[D\x1b[D"); // left ×4
    ed.feed("X");
    expect(ed.buf).toBe("ip Xlink");
    ed.feed("\x01"); // Ctrl-A
    expect(ed.pos).toBe(0);
    ed.feed("\x05"); // Ctrl-E
    expect(ed.pos).toBe(8);
    ed.feed("\x17"); // Ctrl-W
    expect(ed.buf).toBe("ip ");
    ed.feed("\x19"); // Ctrl-Y
    expect(ed.buf).toBe("ip Xlink");
    ed.feed("\x1b[H\x0b"); // Home, Ctrl-K
    expect(ed.buf).toBe("");
    ed.feed("abc\x1b[D\x15"); // Ctrl-U before the cursor
    expect(ed.buf).toBe("c");
    ed.feed("\x7f"); // backspace at 0 does nothing
    expect(ed.buf).toBe("c");
    ed.feed("\x1b[3~"); // delete
    expect(ed.buf).toBe("");
  });

  it("submits lines and keeps a history for Up/Down", () => {
    const { ed, submitted } = setup();
    ed.feed("one\r");
    ed.accepted("one");
    ed.start("$ ");
    ed.feed("two\r");
    ed.accepted("two");
    ed.start("$ ");
    expect(submitted).toEqual(["one", "two"]);
    ed.feed("dra");
    ed.feed("\x1b[A");
    expect(ed.buf).toBe("two");
    ed.feed("\x1b[A");
    expect(ed.buf).toBe("one");
    ed.feed("\x1b[B\x1b[B");
    expect(ed.buf).toBe("dra");
  });

  it("searches history backwards with Ctrl-R", () => {
    const { ed, submitted } = setup();
    ed.setHistory(["ip netns add RED", "ping -c 1 10.0.0.2", "ip addr add 10.0.0.1/24 dev veth0"]);
    ed.feed("\x12ping");
    expect(ed.buf).toBe("ping -c 1 10.0.0.2");
    ed.feed("\x07"); // abort restores
    expect(ed.buf).toBe("");
    ed.feed("\x12ip\x12");
    expect(ed.buf).toBe("ip netns add RED");
    ed.feed("\r");
    expect(submitted).toEqual(["ip netns add RED"]);
  });

  it("keeps keys typed while a command runs, and runs pasted lines one by one", () => {
    const { ed, submitted } = setup();
    ed.feed("\x1b[200~ip netns add A\nip netns add B\nip netns list\x1b[201~");
    expect(submitted).toEqual(["ip netns add A"]);
    ed.accepted("ip netns add A");
    ed.start("$ ");
    expect(submitted).toEqual(["ip netns add A", "ip netns add B"]);
    ed.start("$ ");
    // the last line had no newline: it waits in the input line
    expect(ed.buf).toBe("ip netns list");
  });

  it("Ctrl-C interrupts a running command and drops the typeahead", () => {
    const { ed, counts } = setup();
    ed.feed("ping 10.0.0.2\r");
    ed.feed("echo later\r");
    ed.feed("\x03");
    expect(counts().interrupted).toBe(1);
    ed.start("$ ");
    expect(ed.buf).toBe("");
    ed.feed("half");
    ed.feed("\x03");
    expect(ed.buf).toBe("");
  });

  it("completes a unique word with a space, and the common prefix of several", async () => {
    const { ed, out } = setup((line, c) => {
      const from = line.lastIndexOf(" ", c - 1) + 1;
      const word = line.slice(from, c);
      return { from, to: c, items: ["link", "list", "address"].filter((x) => x.startsWith(word)) };
    });
    ed.feed("ip a\t");
    await tick();
    expect(ed.buf).toBe("ip address ");
    ed.feed("\x15ip l\t");
    await tick();
    expect(ed.buf).toBe("ip li");
    ed.feed("\t");
    await tick();
    await tick();
    // second TAB lists the choices
    expect(out.join("")).toMatch(/link\s+list/);
  });

  it("redraws a line longer than the terminal without losing track of the cursor", () => {
    const { ed, out } = setup();
    const long = "x".repeat(200);
    ed.feed(long);
    out.length = 0;
    ed.feed("\x01");
    // back to the prompt row (two rows up: 202 chars over 80 columns), then to column 2
    expect(out.join("")).toContain("\x1b[2A");
    expect(out.join("").endsWith("\r\x1b[2C")).toBe(true);
  });
});
