/**
 * A port of the oracle's `compare` (shared/oracle/compare): scores a simulator transcript against
 * a real-kernel recording command by command — exit status alike, "loose" output (colours, runs of
 * spaces, neighbour states, which random MAC is which, and the order of neighbour/FDB lines set
 * aside) and exact output — after normalising MACs, link-local addresses, bridge ids and times
 * consistently on each side.
 */

export interface Block {
  machine: string;
  command: string;
  output: string;
  exit: number;
}

export function parseTranscript(text: string): Block[] {
  const out: Block[] = [];
  let machine = "host";
  let cur: { machine: string; command: string; lines: string[]; exit: number } | undefined;
  const flush = () => {
    if (cur)
      out.push({ machine: cur.machine, command: cur.command, output: cur.lines.join("\n"), exit: cur.exit });
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("#@machine ")) {
      machine = line.split(/\s+/)[1];
      continue;
    }
    if (line.startsWith("$ ")) {
      flush();
      cur = { machine, command: line.slice(2), lines: [], exit: 0 };
      continue;
    }
    if (!cur) continue;
    const m = /^\[exit (\d+)\]$/.exec(line);
    if (m) cur.exit = Number(m[1]);
    else cur.lines.push(line);
  }
  flush();
  // splitlines() drops the final empty string
  for (const b of out) if (b.output.endsWith("\n")) b.output = b.output.replace(/\n$/, "");
  return out;
}

const MAC = /(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?![0-9a-f:])/g;
const LL6 = /(?<![0-9a-f:])fe80::[0-9a-f:]+/g;
const BRID = /(?<![0-9a-f:.])([0-9a-f]{4})\.([0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5})(?![0-9a-f:])/g;
const SPECIAL = new Set(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"]);
const TIMES: [RegExp, string][] = [
  [/time=[0-9.]+ ms/g, "time=<t> ms"],
  [/time [0-9]+ms/g, "time <t>ms"],
  [/rtt min\/avg\/max\/mdev = \S+ ms/g, "rtt min/avg/max/mdev = <rtt> ms"],
  [/^\d\d:\d\d:\d\d\.\d+ /gm, "<ts> "],
  [/ tentative/g, ""],
  [/(gc_timer|hello_timer|tcn_timer|topology_change_timer)\s+[0-9.]+/g, "$1 <t>"],
];
// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;
const NUD = /\b(REACHABLE|STALE|DELAY|PROBE)\b/g;

export class Normaliser {
  private names = new Map<string, string>();
  private counts = new Map<string, number>();

  private name(kind: string, value: string): string {
    const key = `${kind}\u0000${value}`;
    let n = this.names.get(key);
    if (!n) {
      const c = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, c);
      n = `<${kind}${c}>`;
      this.names.set(key, n);
    }
    return n;
  }

  exact(text: string): string {
    let t = text.replace(BRID, (_m, a: string, b: string) => `${a}.${this.name("brid", b)}`);
    t = t.replace(MAC, (m) =>
      SPECIAL.has(m) || m.startsWith("33:33:") || m.startsWith("01:00:5e:") ? m : this.name("mac", m),
    );
    t = t.replace(LL6, (m) => this.name("ll", m));
    for (const [re, rep] of TIMES) t = t.replace(re, rep);
    return t;
  }

  static loose(text: string, command = ""): string {
    let t = text
      .replace(ANSI, "")
      .replace(NUD, "<nud>")
      .replace(/<(mac|ll|brid)\d+>/g, "<$1>");
    let lines = t
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => l.replace(/[ \t]+/g, " ").replace(/\s+$/, ""));
    if (/\b(neigh|neighbour|neighbor|arp|fdb)\b/.test(command)) lines = lines.sort();
    t = lines.join("\n");
    return t;
  }
}

export interface CommandScore {
  index: number;
  machine: string;
  command: string;
  exit: boolean;
  loose: boolean;
  exact: boolean;
  real: Block;
  sim?: Block;
  realLoose: string;
  simLoose: string;
}

export interface Score {
  total: number;
  exact: number;
  loose: number;
  exit: number;
  commands: CommandScore[];
}

export function compareTranscripts(realText: string, simText: string, skip?: RegExp): Score {
  const real = parseTranscript(realText);
  const sim = parseTranscript(simText);
  const nr = new Normaliser();
  const ns = new Normaliser();
  const commands: CommandScore[] = [];
  let exact = 0;
  let loose = 0;
  let exit = 0;
  let skipped = 0;
  real.forEach((r, i) => {
    if (skip && skip.test(r.command)) {
      skipped++;
      return;
    }
    const s = sim[i];
    if (!s || s.command.trim() !== r.command.trim() || s.machine !== r.machine) {
      commands.push({
        index: i + 1,
        machine: r.machine,
        command: r.command,
        exit: false,
        loose: false,
        exact: false,
        real: r,
        sim: s,
        realLoose: "",
        simLoose: "",
      });
      return;
    }
    const re = nr.exact(r.output);
    const se = ns.exact(s.output);
    const okExit = (r.exit === 0) === (s.exit === 0);
    const rl = Normaliser.loose(re, r.command);
    const sl = Normaliser.loose(se, r.command);
    const okLoose = rl === sl;
    const okExact = re === se && r.exit === s.exit;
    exit += okExit ? 1 : 0;
    loose += okLoose ? 1 : 0;
    exact += okExact ? 1 : 0;
    commands.push({
      index: i + 1,
      machine: r.machine,
      command: r.command,
      exit: okExit,
      loose: okLoose,
      exact: okExact,
      real: r,
      sim: s,
      realLoose: rl,
      simLoose: sl,
    });
  });
  return { total: real.length - skipped, exact, loose, exit, commands };
}

/** The failing commands, as `compare --diff` prints them. */
export function describeMismatches(score: Score): string {
  let s = "";
  for (const c of score.commands) {
    if (c.loose && c.exit) continue;
    s += `[${c.index}] ${c.machine}$ ${c.command}${c.exit ? "" : `   (exit real ${c.real.exit} sim ${c.sim?.exit})`}\n`;
    if (!c.loose) {
      s += "   real: " + c.realLoose.replace(/\n/g, "\n         ") + "\n";
      s += "   sim:  " + c.simLoose.replace(/\n/g, "\n         ") + "\n";
    }
  }
  return (
    s +
    `exact ${score.exact}/${score.total}, loose ${score.loose}/${score.total}, exit ${score.exit}/${score.total}\n`
  );
}
