/**
 * Command-line flags as docker's CLI (cobra + spf13/pflag) parses them: `--name x`, `--name=x`,
 * `-p80:80`, combined booleans (`-dit`), `--` to stop, and — for commands that take a program
 * (run, exec) — flag parsing stops at the first positional argument. Errors carry pflag's text.
 */

export interface FlagSpec {
  /** Long name without dashes. */
  long: string;
  short?: string;
  /** Takes a value. */
  value?: boolean;
  /** May be given several times (values accumulate). */
  multi?: boolean;
}

export class FlagError extends Error {}

export interface Parsed {
  flags: Map<string, string[]>;
  args: string[];
}

export function parseFlags(argv: string[], specs: FlagSpec[], interspersed = true): Parsed {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const set = (s: FlagSpec, v: string) => {
    const l = flags.get(s.long) ?? [];
    if (s.multi) l.push(v);
    else l.splice(0, l.length, v);
    flags.set(s.long, l);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const s = byLong.get(name);
      if (!s) throw new FlagError(`unknown flag: --${name}`);
      if (s.value) {
        let v: string;
        if (eq >= 0) v = a.slice(eq + 1);
        else if (i + 1 < argv.length) v = argv[++i];
        else throw new FlagError(`flag needs an argument: --${name}`);
        set(s, v);
      } else {
        const v = eq >= 0 ? a.slice(eq + 1) : "true";
        if (!["true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False"].includes(v))
          throw new FlagError(
            `invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
          );
        set(s, /^(true|1|t|TRUE|True)$/.test(v) ? "true" : "false");
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        const s = byShort.get(ch);
        if (!s) throw new FlagError(`unknown shorthand flag: '${ch}' in ${a}`);
        if (s.value) {
          let v: string;
          if (j + 1 < a.length) v = a.slice(a[j + 1] === "=" ? j + 2 : j + 1);
          else if (i + 1 < argv.length) v = argv[++i];
          else throw new FlagError(`flag needs an argument: '${ch}' in -${ch}`);
          set(s, v);
          break;
        }
        set(s, "true");
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i + 1));
      break;
    }
  }
  return { flags, args };
}

export function flag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return v?.[v.length - 1];
}

export function bool(p: Parsed, name: string): boolean {
  return flag(p, name) === "true";
}

export function multi(p: Parsed, name: string): string[] {
  return p.flags.get(name) ?? [];
}
