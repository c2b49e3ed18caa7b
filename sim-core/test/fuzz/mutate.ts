/**
 * Mutations of recorded lab commands for the fuzz suite: a command line is split into shell words
 * (quotes kept), then words are swapped with words of other commands, truncated, repeated,
 * replaced by unicode, huge or odd numbers, oddly quoted or emptied; whole lines are cut at any
 * character or glued to other lines with `;`, `|`, `&&`. Every mutation is plain data drawn by
 * fast-check (so a failure shrinks to a small case) and applied deterministically.
 */
import fc from "fast-check";

/** Shell-ish words: split on unquoted blanks, quotes and backslashes kept in the words. */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      cur += c;
      if (c === q) q = undefined;
      else if (c === "\\" && q === '"' && i + 1 < line.length) cur += line[++i];
      continue;
    }
    if (c === "'" || c === '"') {
      q = c;
      cur += c;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += c + line[++i];
    } else if (c === " " || c === "\t") {
      if (cur) out.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

export const HUGE_NUMBERS = [
  "0",
  "-1",
  "-0",
  "1e9",
  "4294967295",
  "4294967296",
  "2147483647",
  "2147483648",
  "-2147483649",
  "9007199254740993",
  "99999999999999999999999999",
  "18446744073709551616",
  "0x7fffffff",
  "0xffffffffffffffff",
  "1e308",
  "NaN",
  "Infinity",
  "-inf",
  "0.0000001",
  "1.5",
  "077",
  "08",
  "65536",
  "65535",
  "256",
  "1000000",
  "100000",
  "10000",
  "300.300.300.300",
  "1.2.3.4/33",
  "10.0.0.1/-1",
  "::ffff:1.2.3.4",
  "fe80::1%lo",
  "ff:ff:ff:ff:ff:ff",
  "00:00:00:00:00:00",
  "01:02:03:04:05:06:07",
];

export const ODD_STRINGS = [
  "",
  " ",
  "''",
  '""',
  "'",
  '"',
  "\\",
  "$",
  "$(",
  "`",
  "${",
  "$((1/0))",
  "$((2**63))",
  "${x:?boom}",
  "{1..3}",
  "{a,b}",
  "*",
  "?",
  "[",
  "~",
  "-",
  "--",
  "---",
  "-h",
  "--help",
  "help",
  "all",
  "default",
  "dev",
  "lo",
  "netns",
  "master",
  "nomaster",
  "via",
  "table",
  "-j",
  "-A",
  "-N",
  "-X",
  "-F",
  "DROP",
  "ACCEPT",
  "RETURN",
  ";",
  "|",
  "&",
  "&&",
  "||",
  ">",
  "<",
  "2>&1",
  ">/dev/null",
  "<<EOF",
  "#",
  "!",
  "(",
  ")",
  "{",
  "}",
  "\t",
  "a".repeat(16),
  "x".repeat(300),
  "é",
  "名前",
  "🙂",
  "\u202e",
  "e\u0301",
  "\u0000",
  "\u001b[31m",
  "\u00ff",
  "/",
  "..",
  ".",
  "/proc/sys/net/ipv4/ip_forward",
  "/dev/null",
  "/run/netns",
];

export type Mutation =
  | { k: "swap"; i: number; j: number }
  | { k: "steal"; i: number; from: number; j: number }
  | { k: "truncate"; at: number }
  | { k: "cut"; i: number }
  | { k: "repeat"; i: number; n: number }
  | { k: "unicode"; i: number; s: string }
  | { k: "number"; i: number; n: number }
  | { k: "odd"; i: number; n: number }
  | { k: "quote"; i: number; q: number }
  | { k: "empty"; i: number }
  | { k: "drop"; i: number }
  | { k: "glue"; from: number; op: number };

export interface FuzzCommand {
  /** Index of the base command in the corpus. */
  base: number;
  /** Which machine of the lab runs it (index, modulo). */
  machine: number;
  muts: Mutation[];
}

const GLUE = [" ; ", " | ", " && ", " || ", " & ", "\n", " $(", " `", " <<< "];
const QUOTES = ["'", '"', "$'", "\\", "\"'", "'\""];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant("swap" as const), i: fc.nat(40), j: fc.nat(40) }),
  fc.record({ k: fc.constant("steal" as const), i: fc.nat(40), from: fc.nat(100000), j: fc.nat(40) }),
  fc.record({ k: fc.constant("truncate" as const), at: fc.nat(400) }),
  fc.record({ k: fc.constant("cut" as const), i: fc.nat(40) }),
  fc.record({ k: fc.constant("repeat" as const), i: fc.nat(40), n: fc.integer({ min: 2, max: 50 }) }),
  fc.record({
    k: fc.constant("unicode" as const),
    i: fc.nat(40),
    s: fc.string({ unit: "grapheme", maxLength: 12 }),
  }),
  fc.record({ k: fc.constant("number" as const), i: fc.nat(40), n: fc.nat(HUGE_NUMBERS.length - 1) }),
  fc.record({ k: fc.constant("odd" as const), i: fc.nat(40), n: fc.nat(ODD_STRINGS.length - 1) }),
  fc.record({ k: fc.constant("quote" as const), i: fc.nat(40), q: fc.nat(QUOTES.length - 1) }),
  fc.record({ k: fc.constant("empty" as const), i: fc.nat(40) }),
  fc.record({ k: fc.constant("drop" as const), i: fc.nat(40) }),
  fc.record({ k: fc.constant("glue" as const), from: fc.nat(100000), op: fc.nat(GLUE.length - 1) }),
);

export const commandArb: fc.Arbitrary<FuzzCommand> = fc.record({
  base: fc.nat(100000),
  machine: fc.nat(7),
  muts: fc.array(mutationArb, { maxLength: 4 }),
});

/** Applies mutations to one corpus line; `corpus` gives the words other mutations steal. */
export function mutate(line: string, muts: Mutation[], corpus: readonly string[]): string {
  let w = words(line);
  let text: string | undefined;
  const at = (i: number) => (w.length ? i % w.length : 0);
  const other = (n: number) => corpus[n % corpus.length] ?? "";
  for (const m of muts) {
    if (text !== undefined) {
      // a line already cut or glued as text: re-split it
      w = words(text);
      text = undefined;
    }
    switch (m.k) {
      case "swap":
        if (w.length > 1) {
          const a = at(m.i);
          const b = at(m.j);
          [w[a], w[b]] = [w[b], w[a]];
        }
        break;
      case "steal": {
        const ow = words(other(m.from));
        if (ow.length) w[at(m.i)] = ow[m.j % ow.length];
        break;
      }
      case "truncate": {
        const s = w.join(" ");
        text = s.slice(0, m.at % (s.length + 1));
        break;
      }
      case "cut":
        w = w.slice(0, at(m.i) + 1);
        break;
      case "repeat":
        if (w.length) w.splice(at(m.i), 1, ...Array<string>(Math.min(m.n, 50)).fill(w[at(m.i)]));
        break;
      case "unicode":
        if (w.length) w[at(m.i)] = m.s;
        else w.push(m.s);
        break;
      case "number":
        if (w.length) {
          // prefer a word that is a number or holds one
          const idx = w.findIndex((x, k) => k >= at(m.i) && /\d/.test(x));
          const k = idx >= 0 ? idx : at(m.i);
          w[k] = /\d/.test(w[k]) ? w[k].replace(/\d+(\.\d+)?/, HUGE_NUMBERS[m.n]) : HUGE_NUMBERS[m.n];
        }
        break;
      case "odd":
        if (w.length) w.splice(at(m.i), 0, ODD_STRINGS[m.n]);
        else w.push(ODD_STRINGS[m.n]);
        break;
      case "quote": {
        if (!w.length) break;
        const q = QUOTES[m.q];
        const k = at(m.i);
        w[k] = q === "$'" ? `$'${w[k]}'` : q === "\\" ? w[k].replace(/(.)/g, "\\$1") : `${q}${w[k]}${q}`;
        break;
      }
      case "empty":
        if (w.length) w.splice(at(m.i) + 1, 0, "''");
        break;
      case "drop":
        if (w.length > 1) w.splice(at(m.i), 1);
        break;
      case "glue":
        text = w.join(" ") + GLUE[m.op] + other(m.from);
        break;
    }
  }
  return text ?? w.join(" ");
}
