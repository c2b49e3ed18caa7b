/**
 * Test support: read a lab transcript recorded by the oracle (`$ COMMAND`, output, `[exit N]`)
 * and replay its iptables / iptables-save / iptables-restore / conntrack commands against the
 * library with a tiny shell (words, quotes, `printf … |`, `| grep -v RE`, `| grep -c RE`).
 */
import type { CmdEnv, CmdResult, Netfilter } from "../types";
import { runIptables } from "../iptables";
import { runIptablesRestore, runIptablesSave } from "../save";
import { runConntrack } from "../conntrack-cli";

export interface Step {
  machine: string;
  command: string;
  output: string;
  exit: number;
}

export function parseTranscript(text: string): Step[] {
  const steps: Step[] = [];
  let machine = "host";
  let cur: Step | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("#@machine ")) {
      machine = line.slice(10).trim();
      continue;
    }
    if (line.startsWith("$ ")) {
      cur = { machine, command: line.slice(2), output: "", exit: 0 };
      steps.push(cur);
      continue;
    }
    if (!cur) continue;
    const m = /^\[exit (\d+)\]$/.exec(line);
    if (m) cur.exit = Number(m[1]);
    else cur.output += line + "\n";
  }
  for (const s of steps) s.output = s.output.replace(/\n+$/, "\n").replace(/^\n$/, "");
  return steps;
}

/** POSIX-ish word splitting: '…', "…" (with \" \\ \$), backslash escapes, $'…' (ANSI-C). */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let have = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === " " || ch === "\t") {
      if (have) out.push(cur);
      cur = "";
      have = false;
      continue;
    }
    have = true;
    if (ch === "'") {
      const j = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, j);
      i = j;
    } else if (ch === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\" && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) i++;
        cur += s[i++];
      }
    } else if (ch === "\\" && i + 1 < s.length) {
      cur += s[++i];
    } else cur += ch;
  }
  if (have) out.push(cur);
  return out;
}

function printfFormat(fmt: string): string {
  return fmt.replace(/\\(n|t|\\)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
}

export type Tool = (argv: string[], env: CmdEnv) => CmdResult;

/** Run one transcript command line against a namespace. Unknown programs throw. */
export function runLine(
  nf: Netfilter,
  line: string,
  env: CmdEnv,
  extra: Record<string, Tool> = {},
): CmdResult {
  const stages = line.split(/ \| /).map((s) => s.trim());
  let stdin: string | undefined;
  let stderr = "";
  let last: CmdResult = { stdout: "", stderr: "", exitCode: 0 };
  for (const st of stages) {
    let w = shellWords(st);
    const merge = w.includes("2>&1");
    w = w.filter((x) => x !== "2>&1");
    const prog = w[0];
    const args = w.slice(1);
    const e: CmdEnv = { ...env, stdin };
    let r: CmdResult;
    if (prog === "iptables") r = runIptables(nf, args, e);
    else if (prog === "conntrack") r = runConntrack(nf, args, e);
    else if (prog === "iptables-save") r = runIptablesSave(nf, args, e);
    else if (prog === "iptables-restore") r = runIptablesRestore(nf, args, e);
    else if (prog === "printf") r = { stdout: printfFormat(args[0] ?? ""), stderr: "", exitCode: 0 };
    else if (prog === "grep") {
      const flags = args.filter((a) => a.startsWith("-"));
      const pat = new RegExp(args.filter((a) => !a.startsWith("-"))[0] ?? "");
      const inv = flags.includes("-v");
      const lines = (stdin ?? "").split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      const sel = lines.filter((l) => pat.test(l) !== inv);
      if (flags.includes("-c")) r = { stdout: `${sel.length}\n`, stderr: "", exitCode: sel.length ? 0 : 1 };
      else r = { stdout: sel.map((l) => l + "\n").join(""), stderr: "", exitCode: sel.length ? 0 : 1 };
    } else if (prog === "sed") {
      // sed -E 's/RE/REPL/g; s/…/…/'
      const script = args[args.length - 1];
      let text = stdin ?? "";
      for (const cmd of script.split(/;\s*/)) {
        const m = /^s\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/(g?)$/.exec(cmd.trim());
        if (!m) throw new Error(`transcript shell: sed script ${cmd}`);
        const re = new RegExp(m[1], m[3] ? "gm" : "m");
        const repl = m[2].replace(/\\(\d)/g, "$$$1");
        text = text
          .split("\n")
          .map((l) => l.replace(re, repl))
          .join("\n");
      }
      r = { stdout: text, stderr: "", exitCode: 0 };
    } else if (prog === "sort") {
      const lines = (stdin ?? "").split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      r = { stdout: lines.map((l) => l + "\n").join(""), stderr: "", exitCode: 0 };
    } else if (extra[prog]) r = extra[prog](args, e);
    else throw new Error(`transcript shell: unknown program ${prog}`);
    if (merge) r = { stdout: r.stderr + r.stdout, stderr: "", exitCode: r.exitCode };
    stdin = r.stdout;
    stderr += r.stderr;
    last = r;
  }
  return { stdout: last.stdout, stderr, exitCode: last.exitCode };
}
