/**
 * procps-ng sysctl (4.0.2): read, write (`-w` or `key=value`), `-n -N -q -a -r/--pattern -e`,
 * names in dotted or slash form, and its messages ("cannot stat /proc/sys/…", "setting key …").
 */
import { STRERROR, KernelError } from "../../kernel/types";
import { sysctlDisplayName } from "../../kernel/sysctl";
import type { Cmd } from "../types";
import { SYSCTL_USAGE } from "./sysctl-usage";

/** procps: if the name's first separator is '/', it is a path; otherwise dots separate and slashes stand for dots. */
function pathOf(name: string): string {
  const firstSlash = name.indexOf("/");
  const firstDot = name.indexOf(".");
  if (firstSlash >= 0 && (firstDot < 0 || firstSlash < firstDot)) return name.replace(/^\/+/, "");
  return name
    .split(".")
    .map((c) => c.replace(/\//g, "."))
    .join("/");
}

export function sysctl(c: Cmd): number {
  const ns = c.ctx.ns;
  let write = false;
  let values = false;
  let names = false;
  let quiet = false;
  let all = false;
  let ignore = false;
  let pattern: RegExp | undefined;
  const vars: string[] = [];
  const argv = c.argv;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const [k, v] = a.split("=", 2);
      switch (k) {
        case "--all":
          all = true;
          break;
        case "--write":
          write = true;
          break;
        case "--values":
          values = true;
          break;
        case "--names":
          names = true;
          break;
        case "--quiet":
          quiet = true;
          break;
        case "--ignore":
          ignore = true;
          break;
        case "--pattern": {
          const p = v ?? argv[++i];
          pattern = new RegExp(p ?? "");
          break;
        }
        case "--help":
          c.out(SYSCTL_USAGE);
          return 0;
        case "--version":
          c.out("sysctl from procps-ng 4.0.2\n");
          return 0;
        case "--load":
        case "--system":
          return 0;
        default:
          // procps-ng 4.0.2's Usage(stderr) exits 0
          c.err(`sysctl: unrecognized option '${a}'\n${SYSCTL_USAGE}`);
          return 0;
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        switch (f) {
          case "a":
          case "A":
          case "X":
            all = true;
            break;
          case "w":
            write = true;
            break;
          case "n":
            values = true;
            break;
          case "N":
            names = true;
            break;
          case "q":
            quiet = true;
            break;
          case "e":
            ignore = true;
            break;
          case "b":
            values = true;
            break;
          case "o":
          case "x":
            break;
          case "p":
          case "f":
            return 0;
          case "r": {
            const p = a.slice(j + 1) || argv[++i];
            pattern = new RegExp(p ?? "");
            j = a.length;
            break;
          }
          case "h":
          case "d":
            c.out(SYSCTL_USAGE);
            return 0;
          case "V":
            c.out("sysctl from procps-ng 4.0.2\n");
            return 0;
          default:
            c.err(`sysctl: invalid option -- '${f}'\n${SYSCTL_USAGE}`);
            return 0;
        }
      }
      continue;
    }
    vars.push(a);
  }
  const show = (path: string): void => {
    const v = ns.sysctl.get(path) ?? "";
    const name = sysctlDisplayName(path);
    if (names) c.out(name + "\n");
    else if (values) c.out(v + "\n");
    else c.out(`${name} = ${v}\n`);
  };
  if (all) {
    for (const p of ns.sysctl.paths()) {
      if (pattern && !pattern.test(sysctlDisplayName(p))) continue;
      show(p);
    }
    return 0;
  }
  if (!vars.length) {
    if (argv.length === 1) {
      c.err(SYSCTL_USAGE);
      return 1;
    }
    c.err("sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const v of vars) {
    const eq = v.indexOf("=");
    // parse_setting_line: after leading blanks, a setting shorter than two characters or a
    // comment (# or ;) is skipped without a word (and counts as a failure)
    const t = v.replace(/^[ \t]+/, "");
    if ((write || eq >= 0) && (t.length < 2 || t[0] === "#" || t[0] === ";")) {
      status = 1;
      continue;
    }
    if (write && eq < 0) {
      c.err(`sysctl: command line(0): invalid syntax, continuing...\n`);
      status = 1;
      continue;
    }
    // a setting's key is trimmed of the blanks around it
    const name = eq >= 0 ? t.slice(0, t.indexOf("=")).replace(/[ \t]+$/, "") : v;
    const path = pathOf(name);
    if (path === "") {
      // realpath("/proc/sys/") is not below "/proc/sys/"
      c.err("sysctl: Path is not under /proc/sys/: /proc/sys/\n");
      status = 1;
      continue;
    }
    const display = sysctlDisplayName(path);
    if (!ns.sysctl.has(path)) {
      // a directory lists its contents
      const prefix = path + "/";
      const under = ns.sysctl.paths().filter((p) => p.startsWith(prefix));
      if (under.length && eq < 0) {
        for (const p of under) show(p);
        continue;
      }
      if (!ignore) {
        c.err(`sysctl: cannot stat /proc/sys/${path}: No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (eq >= 0) {
      const value = v.slice(eq + 1);
      try {
        ns.writeSysctl(path, value);
      } catch (e) {
        if (e instanceof KernelError) {
          c.err(`sysctl: setting key "${display}": ${STRERROR[e.errno]}\n`);
          status = 1;
          continue;
        }
        throw e;
      }
      if (!quiet) {
        if (names) c.out(display + "\n");
        else if (values) c.out(value + "\n");
        else c.out(`${display} = ${value}\n`);
      }
      continue;
    }
    show(path);
  }
  return status;
}
