/**
 * GNU getopt_long (glibc 2.36 posix/getopt.c) as the GNU tools see it: options and operands
 * may be mixed (argv is permuted), `--` ends the options, short options cluster (`-nA1`),
 * required arguments may be attached or separate, long options may be abbreviated to a unique
 * prefix and take `--name=value`. Diagnostics are glibc's, prefixed with argv[0].
 */
import { pushAll } from "../../util/array";

export type ArgKind = "none" | "required" | "optional";

export interface LongOption {
  name: string;
  arg: ArgKind;
  /** what the option means to the tool: usually its short letter */
  key: string;
}

export interface ParsedOption {
  key: string;
  value?: string;
  /** how the user spelled it, e.g. `-A` or `--after-context` */
  spelled: string;
  /** index in argv of the argument the option came from */
  argIndex: number;
}

export interface GetoptResult {
  /** options in command-line order; parsing stops at the first error */
  options: ParsedOption[];
  operands: string[];
  /** glibc's diagnostic (without trailing newline), if an option was bad */
  error?: string;
}

export interface GetoptConfig {
  /** getopt's optstring, e.g. "nA:B:C:" (a letter followed by ':' takes an argument, '::' optional) */
  short: string;
  long?: readonly LongOption[];
  /** stop at the first operand (optstring starting with '+', or POSIXLY_CORRECT) */
  stopAtOperand?: boolean;
  /** getopt_long_only is not needed by any tool here */
}

function shortKind(short: string, ch: string): ArgKind | null {
  if (ch === ":" || ch === "+" || ch === "-") return null;
  const i = short.indexOf(ch);
  if (i < 0) return null;
  if (short[i + 1] === ":") return short[i + 2] === ":" ? "optional" : "required";
  return "none";
}

export function getopt(argv: readonly string[], cfg: GetoptConfig): GetoptResult {
  const prog = argv[0] ?? "";
  const long = cfg.long ?? [];
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  let i = 1;
  const fail = (error: string): GetoptResult => ({ options, operands, error });
  while (i < argv.length) {
    const arg = argv[i];
    if (arg === "--") {
      pushAll(operands, argv.slice(i + 1));
      break;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      if (cfg.stopAtOperand) {
        pushAll(operands, argv.slice(i));
        break;
      }
      operands.push(arg);
      i++;
      continue;
    }
    if (arg.startsWith("--") && long.length > 0) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      const name = eq >= 0 ? body.slice(0, eq) : body;
      let found: LongOption | undefined = long.find((o) => o.name === name);
      if (!found) {
        const matches = long.filter((o) => o.name.startsWith(name));
        if (matches.length > 0) {
          const first = matches[0];
          const ambiguous = matches.filter((o, k) => k === 0 || o.arg !== first.arg || o.key !== first.key);
          if (ambiguous.length > 1) {
            return fail(
              `${prog}: option '--${body}' is ambiguous; possibilities:` +
                ambiguous.map((o) => ` '--${o.name}'`).join(""),
            );
          }
          found = first;
        }
      }
      if (!found) return fail(`${prog}: unrecognized option '--${body}'`);
      const spelled = `--${found.name}`;
      if (eq >= 0) {
        if (found.arg === "none") return fail(`${prog}: option '--${found.name}' doesn't allow an argument`);
        options.push({ key: found.key, value: body.slice(eq + 1), spelled, argIndex: i });
        i++;
      } else if (found.arg === "required") {
        if (i + 1 >= argv.length) return fail(`${prog}: option '--${found.name}' requires an argument`);
        options.push({ key: found.key, value: argv[i + 1], spelled, argIndex: i });
        i += 2;
      } else {
        options.push({ key: found.key, spelled, argIndex: i });
        i++;
      }
      continue;
    }
    // a cluster of short options
    let j = 1;
    const argIndex = i;
    i++;
    while (j < arg.length) {
      const ch = arg[j];
      const kind = shortKind(cfg.short, ch);
      if (kind === null) return fail(`${prog}: invalid option -- '${ch}'`);
      j++;
      if (kind === "none") {
        options.push({ key: ch, spelled: `-${ch}`, argIndex });
        continue;
      }
      if (j < arg.length) {
        options.push({ key: ch, value: arg.slice(j), spelled: `-${ch}`, argIndex });
      } else if (kind === "required") {
        if (i >= argv.length) return fail(`${prog}: option requires an argument -- '${ch}'`);
        options.push({ key: ch, value: argv[i], spelled: `-${ch}`, argIndex });
        i++;
      } else {
        options.push({ key: ch, spelled: `-${ch}`, argIndex });
      }
      break;
    }
  }
  return { options, operands };
}
