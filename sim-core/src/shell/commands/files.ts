/** File commands over the virtual filesystem: cat (GNU coreutils messages), ls (plain listing), tee, touch. */
import { STRERROR } from "../../kernel/types";
import type { Cmd } from "../types";

export function cat(c: Cmd): number {
  const files = c.argv.slice(1).filter((a) => a !== "-" || true);
  const opts = files.filter((a) => a.startsWith("-") && a !== "-");
  let number = false;
  for (const o of opts) {
    if (o === "-n" || o === "--number") number = true;
    else if (!/^-[A-Za-z]+$/.test(o)) {
      c.err(`cat: unrecognized option '${o}'\nTry 'cat --help' for more information.\n`);
      return 1;
    }
  }
  const operands = files.filter((a) => !(a.startsWith("-") && a !== "-"));
  let status = 0;
  let out = "";
  const inputs = operands.length ? operands : ["-"];
  for (const f of inputs) {
    if (f === "-") {
      out += c.stdin;
      continue;
    }
    const r = c.fs.read(c.ctx, f);
    if (!r.ok) {
      c.out(numberLines(out, number));
      out = "";
      c.err(`cat: ${f}: ${STRERROR[r.errno]}\n`);
      status = 1;
      continue;
    }
    out += r.value;
  }
  c.out(numberLines(out, number));
  return status;
}

function numberLines(s: string, on: boolean): string {
  if (!on || !s) return s;
  const lines = s.split("\n");
  const last = lines.pop();
  let out = lines.map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`).join("");
  if (last) out += `${String(lines.length + 1).padStart(6)}\t${last}`;
  return out;
}

export function ls(c: Cmd): number {
  const args = c.argv.slice(1);
  const flags = args.filter((a) => a.startsWith("-")).join("");
  const one = flags.includes("1") || flags.includes("l");
  const paths = args.filter((a) => !a.startsWith("-"));
  const targets = paths.length ? paths : ["."];
  let status = 0;
  const multi = targets.length > 1;
  for (const [i, p] of targets.entries()) {
    const r = c.fs.list(c.ctx, p);
    if (!r.ok) {
      if (r.errno === 20) {
        c.out(p + "\n");
        continue;
      }
      c.err(`ls: cannot access '${p}': ${STRERROR[r.errno]}\n`);
      status = 2;
      continue;
    }
    if (multi) c.out(`${i ? "\n" : ""}${p}:\n`);
    const names = r.value;
    if (!names.length) continue;
    c.out(one ? names.join("\n") + "\n" : names.join("  ") + "\n");
  }
  return status;
}

export function tee(c: Cmd): number {
  const append = c.argv.includes("-a") || c.argv.includes("--append");
  let status = 0;
  for (const f of c.argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const r = c.fs.write(c.ctx, f, c.stdin, append);
    if (!r.ok) {
      c.err(`tee: ${f}: ${STRERROR[r.errno]}\n`);
      status = 1;
    }
  }
  c.out(c.stdin);
  return status;
}

export function touch(c: Cmd): number {
  let status = 0;
  for (const f of c.argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const r = c.fs.write(c.ctx, f, "", true);
    if (!r.ok) {
      c.err(`touch: cannot touch '${f}': ${STRERROR[r.errno]}\n`);
      status = 1;
    }
  }
  return status;
}
