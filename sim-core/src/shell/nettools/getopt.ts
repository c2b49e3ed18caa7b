/**
 * glibc getopt_long as net-tools uses it: options and operands may be mixed (operands are moved
 * to the end), clustered short options, `-iARG` / `-i ARG`, `--long[=ARG]` with unique-prefix
 * matching, `--` ending the options, and getopt's own messages on stderr.
 */

export interface LongOpt {
  name: string;
  /** 0 no argument, 1 required. */
  hasArg: 0 | 1;
  /** The short option it stands for. */
  val: string;
}

export interface Parsed {
  opts: { opt: string; arg?: string }[];
  operands: string[];
  /** getopt's complaint ('?' returned): the message to print before the usage. */
  error?: string;
}

export function getoptLong(argv: string[], shortopts: string, longopts: LongOpt[] = []): Parsed {
  const prog = argv[0];
  const out: Parsed = { opts: [], operands: [] };
  const takesArg = (ch: string) => {
    const i = shortopts.indexOf(ch);
    return i >= 0 && shortopts[i + 1] === ":";
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      out.operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = longopts.find((l) => l.name === name);
      const cands = exact ? [exact] : longopts.filter((l) => l.name.startsWith(name));
      const uniq = new Set(cands.map((l) => `${l.name}/${l.hasArg}/${l.val}`));
      if (!cands.length) {
        out.error = `${prog}: unrecognized option '${a}'\n`;
        return out;
      }
      if (uniq.size > 1) {
        out.error = `${prog}: option '${a}' is ambiguous; possibilities:${cands.map((l) => " '--" + l.name + "'").join("")}\n`;
        return out;
      }
      const l = cands[0];
      if (l.hasArg) {
        let arg = eq >= 0 ? a.slice(eq + 1) : undefined;
        if (arg === undefined) {
          if (i + 1 >= argv.length) {
            out.error = `${prog}: option '--${l.name}' requires an argument\n`;
            return out;
          }
          arg = argv[++i];
        }
        out.opts.push({ opt: l.val, arg });
      } else {
        if (eq >= 0) {
          out.error = `${prog}: option '--${l.name}' doesn't allow an argument\n`;
          return out;
        }
        out.opts.push({ opt: l.val });
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j];
        if (ch === ":" || !shortopts.includes(ch)) {
          out.error = `${prog}: invalid option -- '${ch}'\n`;
          return out;
        }
        if (takesArg(ch)) {
          let arg = a.slice(j + 1);
          if (!arg) {
            if (i + 1 >= argv.length) {
              out.error = `${prog}: option requires an argument -- '${ch}'\n`;
              return out;
            }
            arg = argv[++i];
          }
          out.opts.push({ opt: ch, arg });
          break;
        }
        out.opts.push({ opt: ch });
      }
      continue;
    }
    out.operands.push(a);
  }
  return out;
}
