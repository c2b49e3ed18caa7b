/** File commands over the virtual filesystem (GNU coreutils 9.1 messages): cat, ls, tee, touch, mkdir, rmdir, rm, cp, mv. */
import { STRERROR } from "../../kernel/types";
import type { Cmd } from "../types";
import type { Stat } from "../fs";
import { NS_PER_S } from "../../engine/scheduler";
import { WALL_EPOCH_S } from "../../sockets/clock";

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

/**
 * GNU ls 9.1 in the C locale: one name per line when stdout is not a terminal, columns sized to
 * the terminal's width (tab-padded, as ls does with its default tabsize of 8) when it is;
 * `-l` with modes, links, owner, size and the date on the virtual clock; -a -A -d -1 -C -x -r
 * -t -S -U -h -n -p -F -R; non-directory operands first, then each directory under a header.
 */
export function ls(c: Cmd): number {
  const o = {
    all: false,
    almost: false,
    long: false,
    one: false,
    dir: false,
    human: false,
    reverse: false,
    sort: "name" as "name" | "time" | "size" | "none",
    numeric: false,
    slash: false,
    classify: false,
    recursive: false,
    across: false,
    columns: false,
    inode: false,
  };
  const operands: string[] = [];
  let dashdash = false;
  for (const a of c.argv.slice(1)) {
    if (dashdash || a === "-" || !a.startsWith("-")) {
      operands.push(a);
      continue;
    }
    if (a === "--") {
      dashdash = true;
      continue;
    }
    if (a.startsWith("--")) {
      const name = a.slice(2).split("=")[0];
      const long: Record<string, () => void> = {
        all: () => (o.all = true),
        "almost-all": () => (o.almost = true),
        directory: () => (o.dir = true),
        "human-readable": () => (o.human = true),
        reverse: () => (o.reverse = true),
        "numeric-uid-gid": () => ((o.numeric = true), (o.long = true)),
        classify: () => (o.classify = true),
        recursive: () => (o.recursive = true),
        color: () => {},
        inode: () => (o.inode = true),
      };
      const hits = Object.keys(long).filter((k) => k.startsWith(name));
      if (hits.length !== 1 && !long[name]) {
        c.err(`ls: unrecognized option '${a}'\nTry 'ls --help' for more information.\n`);
        return 2;
      }
      long[long[name] ? name : hits[0]]();
      continue;
    }
    for (const f of a.slice(1)) {
      switch (f) {
        case "a":
          o.all = true;
          break;
        case "A":
          o.almost = true;
          break;
        case "l":
          o.long = true;
          break;
        case "1":
          o.one = true;
          o.columns = o.across = false;
          break;
        case "C":
          o.columns = true;
          o.one = o.across = false;
          break;
        case "x":
          o.across = true;
          o.one = o.columns = false;
          break;
        case "d":
          o.dir = true;
          break;
        case "h":
          o.human = true;
          break;
        case "r":
          o.reverse = true;
          break;
        case "t":
          o.sort = "time";
          break;
        case "S":
          o.sort = "size";
          break;
        case "U":
        case "f":
          o.sort = "none";
          if (f === "f") o.all = true;
          break;
        case "n":
          o.numeric = o.long = true;
          break;
        case "p":
          o.slash = true;
          break;
        case "F":
          o.classify = true;
          break;
        case "R":
          o.recursive = true;
          break;
        case "i":
          o.inode = true;
          break;
        case "g":
        case "o":
        case "G":
          o.long = true;
          break;
        default:
          c.err(`ls: invalid option -- '${f}'\nTry 'ls --help' for more information.\n`);
          return 2;
      }
    }
  }
  const tty = !!c.isatty;
  const format = o.long ? "long" : o.one ? "one" : o.across ? "across" : o.columns || tty ? "columns" : "one";
  const width = c.columns ?? 80;
  let status = 0;
  const fs = c.fs;
  const join = (dir: string, n: string) => (dir.endsWith("/") ? dir + n : `${dir}/${n}`);
  type Entry = { name: string; path: string; st: Stat };
  const sortEntries = (es: Entry[]): Entry[] => {
    if (o.sort === "none") return es;
    const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const cmp =
      o.sort === "time"
        ? (a: Entry, b: Entry) => b.st.mtime - a.st.mtime || byName(a, b)
        : o.sort === "size"
          ? (a: Entry, b: Entry) => b.st.size - a.st.size || byName(a, b)
          : byName;
    const sorted = [...es].sort(cmp);
    return o.reverse ? sorted.reverse() : sorted;
  };
  const suffix = (e: Entry) => {
    if (o.classify)
      return e.st.kind === "dir" ? "/" : e.st.kind === "exec" ? "*" : e.st.kind === "link" ? "@" : "";
    if (o.slash && e.st.kind === "dir") return "/";
    return "";
  };
  const print = (es: Entry[], total: boolean) => {
    if (format === "long") {
      if (total) c.out(`total ${es.reduce((n, e) => n + blocks(e.st), 0)}\n`);
      c.out(
        longLines(
          es.map((e) => ({ name: e.name + suffix(e), st: e.st })),
          o.human,
          c.ctx.world.sched.now,
        ),
      );
      return;
    }
    const names = es.map((e) => e.name + suffix(e));
    if (format === "one") c.out(names.map((n) => n + "\n").join(""));
    else c.out(columnize(names, width, format === "across"));
  };
  const files: Entry[] = [];
  const dirs: Entry[] = [];
  const targets = operands.length ? operands : ["."];
  for (const t of targets) {
    const st = fs.stat(c.ctx, t);
    if (!st) {
      c.err(`ls: cannot access '${t}': No such file or directory\n`);
      status = 2;
      continue;
    }
    // a symlink operand is followed unless -l or -d (then it is listed itself)
    const follow = st.kind === "link" && !o.long && !o.dir ? fs.isDir(c.ctx, t) : false;
    if ((st.kind === "dir" || follow) && !o.dir) dirs.push({ name: t, path: t, st });
    else files.push({ name: t, path: t, st });
  }
  if (files.length) print(sortEntries(files), false);
  const sortedDirs =
    o.sort === "none"
      ? dirs
      : [...dirs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) * (o.reverse ? -1 : 1));
  const header = targets.length > 1 || o.recursive;
  let first = !files.length;
  const listDir = (d: Entry) => {
    const l = fs.list(c.ctx, d.path);
    if (!first) c.out("\n");
    first = false;
    if (!l.ok) {
      if (header) c.out(`${d.name}:\n`);
      c.err(`ls: cannot open directory '${d.name}': ${STRERROR[l.errno]}\n`);
      status = 2;
      return;
    }
    if (header) c.out(`${d.name}:\n`);
    let names = l.value.filter((n) => o.all || o.almost || !n.startsWith("."));
    if (o.all) names = [".", "..", ...names];
    const entries: Entry[] = [];
    for (const n of names) {
      const p = n === "." ? d.path : n === ".." ? join(d.path, "..") : join(d.path, n);
      const st = fs.stat(c.ctx, p);
      if (st) entries.push({ name: n, path: p, st });
    }
    const sorted = sortEntries(entries);
    print(sorted, true);
    if (o.recursive)
      for (const e of sorted)
        if (e.st.kind === "dir" && e.name !== "." && e.name !== "..")
          listDir({ name: join(d.name, e.name), path: e.path, st: e.st });
  };
  for (const d of sortedDirs) listDir(d);
  return status;
}

/** 1K blocks used (tmpfs and ext4 allocate 4K pages; proc and sysfs nothing). */
function blocks(st: Stat): number {
  if (st.blocks !== undefined) return st.blocks;
  if (st.kind !== "file" || st.size === 0) return 0;
  return Math.ceil(st.size / 4096) * 4;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function modeString(st: Stat): string {
  const t = st.kind === "dir" ? "d" : st.kind === "link" ? "l" : st.kind === "special" ? "c" : "-";
  const m = st.kind === "exec" ? 0o755 : st.mode;
  const bit = (b: number, ch: string) => (m & b ? ch : "-");
  let s =
    t +
    bit(0o400, "r") +
    bit(0o200, "w") +
    bit(0o100, "x") +
    bit(0o40, "r") +
    bit(0o20, "w") +
    bit(0o10, "x") +
    bit(0o4, "r") +
    bit(0o2, "w") +
    bit(0o1, "x");
  if (m & 0o1000) s = s.slice(0, 9) + (m & 0o1 ? "t" : "T");
  return s;
}

function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ["K", "M", "G", "T"];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const r = v < 10 ? Math.ceil(v * 10) / 10 : Math.ceil(v);
  return (v < 10 ? r.toFixed(1) : String(r)) + units[u];
}

/** `ls -l` lines, columns right-aligned as ls aligns them. */
function longLines(es: { name: string; st: Stat }[], human: boolean, now: number): string {
  const rows = es.map((e) => {
    const d = new Date((WALL_EPOCH_S + Math.floor(e.st.mtime / NS_PER_S)) * 1000);
    const nowS = WALL_EPOCH_S + Math.floor(now / NS_PER_S);
    const age = nowS - d.getTime() / 1000;
    const recent = age < 15778476 && age > -3600;
    const hm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    const date = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${recent ? hm : String(d.getUTCFullYear()).padStart(5)}`;
    return {
      mode: modeString(e.st),
      links: String(e.st.nlink),
      size: human ? humanSize(e.st.size) : String(e.st.size),
      date,
      name: e.name + (e.st.kind === "link" && e.st.target ? ` -> ${e.st.target}` : ""),
    };
  });
  const lw = Math.max(0, ...rows.map((r) => r.links.length));
  const sw = Math.max(0, ...rows.map((r) => r.size.length));
  return rows
    .map((r) => `${r.mode} ${r.links.padStart(lw)} root root ${r.size.padStart(sw)} ${r.date} ${r.name}\n`)
    .join("");
}

/** ls's many-per-line formats (-C down the columns, -x across), padded with tabs of 8. */
function columnize(names: string[], width: number, across: boolean): string {
  const n = names.length;
  if (!n) return "";
  const MIN = 3;
  const maxCols = Math.max(1, Math.min(n, Math.floor(width / MIN)));
  let best = { cols: 1, widths: [0] };
  for (let cols = maxCols; cols >= 1; cols--) {
    const rows = Math.ceil(n / cols);
    const widths = new Array<number>(cols).fill(MIN);
    let lineLen = cols * MIN;
    let valid = true;
    for (let i = 0; i < n && valid; i++) {
      const col = across ? i % cols : Math.floor(i / rows);
      const real = names[i].length + (col === cols - 1 ? 0 : 2);
      if (widths[col] < real) {
        lineLen += real - widths[col];
        widths[col] = real;
        valid = lineLen < width;
      }
    }
    if (valid) {
      best = { cols, widths };
      break;
    }
  }
  const cols = best.cols;
  const rows = Math.ceil(n / cols);
  const indent = (from: number, to: number): string => {
    let s = "";
    while (from < to) {
      if (Math.floor(to / 8) > Math.floor((from + 1) / 8)) {
        s += "\t";
        from += 8 - (from % 8);
      } else {
        s += " ";
        from++;
      }
    }
    return s;
  };
  let out = "";
  for (let r = 0; r < rows; r++) {
    let pos = 0;
    let line = "";
    for (let col = 0; col < cols; col++) {
      const i = across ? r * cols + col : r + col * rows;
      if (i >= n) break;
      const next = across ? i + 1 : i + rows;
      line += names[i];
      const w = best.widths[col];
      if (across ? col + 1 < cols && next < n : next < n) {
        line += indent(pos + names[i].length, pos + w);
        pos += w;
      }
    }
    out += line + "\n";
  }
  return out;
}

export function tee(c: Cmd): number {
  const append = c.argv.includes("-a") || c.argv.includes("--append");
  let status = 0;
  // standard output is the first of tee's outputs
  c.out(c.stdin);
  for (const f of c.argv.slice(1).filter((a) => !a.startsWith("-"))) {
    const r = c.fs.write(c.ctx, f, c.stdin, append);
    if (!r.ok) {
      c.err(`tee: ${f}: ${STRERROR[r.errno]}\n`);
      status = 1;
    }
  }
  // `tee < DIR`: the outputs are opened, then the first read fails
  if (c.stdinErrno) {
    c.err(`tee: read error: ${STRERROR[c.stdinErrno]}\n`);
    status = 1;
  }
  return status;
}

export function touch(c: Cmd): number {
  let status = 0;
  for (const f of c.argv.slice(1).filter((a) => !a.startsWith("-"))) {
    if (c.fs.isDir(c.ctx, f)) continue;
    const r = c.fs.write(c.ctx, f, "", true);
    if (!r.ok) {
      c.err(`touch: cannot touch '${f}': ${STRERROR[r.errno]}\n`);
      status = 1;
      continue;
    }
    c.fs.touch(c.ctx, f);
  }
  return status;
}

function splitOpts(
  c: Cmd,
  allowed: string,
  name: string,
): { flags: Set<string>; operands: string[] } | number {
  const flags = new Set<string>();
  const operands: string[] = [];
  let dd = false;
  for (const a of c.argv.slice(1)) {
    if (dd || !a.startsWith("-") || a === "-") {
      operands.push(a);
      continue;
    }
    if (a === "--") {
      dd = true;
      continue;
    }
    if (a.startsWith("--")) {
      const long: Record<string, string> = {
        "--parents": "p",
        "--recursive": "r",
        "--force": "f",
        "--verbose": "v",
      };
      if (!long[a]) {
        c.err(`${name}: unrecognized option '${a}'\nTry '${name} --help' for more information.\n`);
        return 1;
      }
      flags.add(long[a]);
      continue;
    }
    for (const f of a.slice(1)) {
      if (!allowed.includes(f)) {
        c.err(`${name}: invalid option -- '${f}'\nTry '${name} --help' for more information.\n`);
        return 1;
      }
      flags.add(f === "R" ? "r" : f);
    }
  }
  return { flags, operands };
}

/** coreutils mkdir (-p, -v). */
export function mkdir(c: Cmd): number {
  const o = splitOpts(c, "pvm", "mkdir");
  if (typeof o === "number") return o;
  if (!o.operands.length) {
    c.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const d of o.operands) {
    if (o.flags.has("p")) {
      const abs = c.fs.resolve(d);
      let cur = "";
      for (const seg of abs.split("/").filter(Boolean)) {
        cur += "/" + seg;
        if (c.fs.isDir(c.ctx, cur)) continue;
        const r = c.fs.mkdir(c.ctx, cur);
        if (!r.ok) {
          c.err(`mkdir: cannot create directory '${d}': ${STRERROR[r.errno]}\n`);
          status = 1;
          break;
        }
        if (o.flags.has("v")) c.out(`mkdir: created directory '${cur}'\n`);
      }
      continue;
    }
    const r = c.fs.mkdir(c.ctx, d);
    if (!r.ok) {
      c.err(`mkdir: cannot create directory '${d}': ${STRERROR[r.errno]}\n`);
      status = 1;
    } else if (o.flags.has("v")) c.out(`mkdir: created directory '${d}'\n`);
  }
  return status;
}

/** coreutils rmdir. */
export function rmdir(c: Cmd): number {
  const o = splitOpts(c, "pv", "rmdir");
  if (typeof o === "number") return o;
  if (!o.operands.length) {
    c.err("rmdir: missing operand\nTry 'rmdir --help' for more information.\n");
    return 1;
  }
  let status = 0;
  for (const d of o.operands) {
    const r = c.fs.remove(c.ctx, d, true);
    if (!r.ok) {
      c.err(`rmdir: failed to remove '${d}': ${STRERROR[r.errno]}\n`);
      status = 1;
    }
  }
  return status;
}

/** coreutils rm (-r, -f, -v). */
export function rm(c: Cmd): number {
  const o = splitOpts(c, "rRfvid", "rm");
  if (typeof o === "number") return o;
  if (!o.operands.length) {
    if (o.flags.has("f")) return 0;
    c.err("rm: missing operand\nTry 'rm --help' for more information.\n");
    return 1;
  }
  let status = 0;
  const removeTree = (p: string): boolean => {
    if (c.fs.kind(c.ctx, p) === "dir") {
      const l = c.fs.list(c.ctx, p);
      if (l.ok) for (const n of l.value) if (!removeTree(`${p}/${n}`)) return false;
      const r = c.fs.remove(c.ctx, p, true);
      if (!r.ok) {
        c.err(`rm: cannot remove '${p}': ${STRERROR[r.errno]}\n`);
        return false;
      }
    } else {
      const r = c.fs.remove(c.ctx, p, false);
      if (!r.ok) {
        c.err(`rm: cannot remove '${p}': ${STRERROR[r.errno]}\n`);
        return false;
      }
    }
    if (o.flags.has("v")) c.out(`removed '${p}'\n`);
    return true;
  };
  for (const f of o.operands) {
    const kind = c.fs.kind(c.ctx, f);
    if (!kind) {
      if (!o.flags.has("f")) {
        c.err(`rm: cannot remove '${f}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (kind === "dir" && !o.flags.has("r")) {
      c.err(`rm: cannot remove '${f}': Is a directory\n`);
      status = 1;
      continue;
    }
    if (!removeTree(f)) status = 1;
  }
  return status;
}

/** coreutils cp / mv for regular files. */
export function cp(c: Cmd): number {
  const name = c.argv[0].slice(c.argv[0].lastIndexOf("/") + 1);
  const o = splitOpts(c, "rRfvaipT", name);
  if (typeof o === "number") return o;
  if (o.operands.length < 2) {
    c.err(
      o.operands.length
        ? `${name}: missing destination file operand after '${o.operands[0]}'\nTry '${name} --help' for more information.\n`
        : `${name}: missing file operand\nTry '${name} --help' for more information.\n`,
    );
    return 1;
  }
  const dest = o.operands[o.operands.length - 1];
  const srcs = o.operands.slice(0, -1);
  const destDir = c.fs.isDir(c.ctx, dest);
  if (srcs.length > 1 && !destDir) {
    c.err(`${name}: target '${dest}': Not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const s of srcs) {
    const r = c.fs.read(c.ctx, s);
    if (!r.ok) {
      c.err(
        r.errno === 21
          ? `${name}: -r not specified; omitting directory '${s}'\n`
          : `${name}: cannot stat '${s}': ${STRERROR[r.errno]}\n`,
      );
      status = 1;
      continue;
    }
    const to = destDir ? `${dest.replace(/\/+$/, "")}/${s.slice(s.lastIndexOf("/") + 1)}` : dest;
    const w = c.fs.write(c.ctx, to, r.value, false);
    if (!w.ok) {
      c.err(`${name}: cannot create regular file '${to}': ${STRERROR[w.errno]}\n`);
      status = 1;
      continue;
    }
    if (name === "mv") c.fs.remove(c.ctx, s, false);
  }
  return status;
}
