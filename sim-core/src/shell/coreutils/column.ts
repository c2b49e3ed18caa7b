/**
 * column (util-linux 2.38.1): fill columns (default) or rows (-x) to a width of 80 (-c), and
 * tables (-t) with -s, -o, -N, -R, -H, -d, -l, -O, -L and -J. Cell widths follow
 * libsmartcols with encoding disabled: ANSI colour sequences are zero-width. In the C locale a
 * byte above 0x7f is not a character, so column prints it as "\xHH" (mbs_invalid_encode).
 */
import { failsOnRead, isReadError, printVersion, tryHelp } from "./common.js";
import { getopt } from "./getopt.js";
import { HELP } from "./help.js";
import type { TextIO } from "./types.js";

const LONG = [
  { name: "columns", arg: "required", key: "c" },
  { name: "fillrows", arg: "none", key: "x" },
  { name: "help", arg: "none", key: "h" },
  { name: "json", arg: "none", key: "J" },
  { name: "keep-empty-lines", arg: "none", key: "L" },
  { name: "output-separator", arg: "required", key: "o" },
  { name: "output-width", arg: "required", key: "c" },
  { name: "separator", arg: "required", key: "s" },
  { name: "table", arg: "none", key: "t" },
  { name: "table-columns", arg: "required", key: "N" },
  { name: "table-columns-limit", arg: "required", key: "l" },
  { name: "table-hide", arg: "required", key: "H" },
  { name: "table-name", arg: "required", key: "n" },
  { name: "table-noextreme", arg: "required", key: "E" },
  { name: "table-noheadings", arg: "none", key: "d" },
  { name: "table-order", arg: "required", key: "O" },
  { name: "table-right", arg: "required", key: "R" },
  { name: "table-truncate", arg: "required", key: "T" },
  { name: "table-wrap", arg: "required", key: "W" },
  { name: "table-empty-lines", arg: "none", key: "L" },
  { name: "table-header-repeat", arg: "none", key: "e" },
  { name: "tree", arg: "required", key: "r" },
  { name: "tree-id", arg: "required", key: "i" },
  { name: "tree-parent", arg: "required", key: "p" },
  { name: "version", arg: "none", key: "V" },
] as const;

/** util-linux mbs_nwidth in the C locale: printable ASCII is 1 wide, "\e[…m" and controls 0. */
export function cellWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) {
      if (s[i + 1] === "[") {
        const e = s.indexOf("m", i + 1);
        if (e >= 0) i = e;
      }
      continue;
    }
    if (c < 127) w++;
  }
  return w;
}

/** Bytes that are not ASCII are shown as \xHH by column in the C locale. */
function encodeInvalid(s: string): string {
  return /[\x80-\xff]/.test(s) ? s.replace(/[\x80-\xff]/g, (ch) => "\\x" + ch.charCodeAt(0).toString(16)) : s;
}

const TAB = 8;

function parseU32(v: string): number | null {
  return /^[0-9]+$/.test(v) && Number(v) <= 0xffffffff ? Number(v) : null;
}

export function column(io: TextIO): number {
  const prog = io.argv[0];
  const r = getopt(io.argv, { short: "c:dE:eH:hi:Jl:LN:n:O:o:p:R:r:s:T:tVW:x", long: LONG });
  let width = 80;
  let mode: "fillcols" | "fillrows" | "table" = "fillcols";
  let outSep = "  ";
  let inSep = "\t ";
  let greedy = true;
  let keepEmpty = false;
  let names: string[] | null = null;
  let right: string | null = null;
  let hide: string | null = null;
  let noHeadings = false;
  let maxCols = 0;
  let order: string | null = null;
  let json = false;
  let tableName: string | null = null;
  let tree: string | null = null;
  const die = (m: string) => {
    io.stderr(`${prog}: ${m}\n`);
    return 1;
  };
  for (const o of r.options) {
    const v = o.value ?? "";
    switch (o.key) {
      case "c": {
        const n = parseU32(v);
        if (n === null) return die(`invalid columns argument: '${v}'`);
        width = n;
        break;
      }
      case "d":
        noHeadings = true;
        break;
      case "J":
        json = true;
        mode = "table";
        break;
      case "L":
        keepEmpty = true;
        break;
      case "l": {
        const n = parseU32(v);
        if (n === null) return die(`invalid columns limit argument: '${v}'`);
        if (n === 0) return die("columns limit must be greater than zero");
        maxCols = n;
        break;
      }
      case "N":
        names = v.split(",");
        break;
      case "n":
        tableName = v;
        break;
      case "O":
        order = v;
        break;
      case "o":
        outSep = v;
        break;
      case "R":
        right = v;
        break;
      case "H":
        hide = v;
        break;
      case "r":
        tree = v;
        break;
      case "s":
        inSep = v;
        greedy = false;
        break;
      case "t":
        mode = "table";
        break;
      case "x":
        mode = "fillrows";
        break;
      case "E":
      case "e":
      case "T":
      case "W":
      case "i":
      case "p":
        break;
      case "h":
        io.stdout(HELP.column ?? "");
        return 0;
      case "V":
        return printVersion(io, "column");
    }
  }
  if (r.error) {
    io.stderr(`${r.error}\n${tryHelp(prog)}`);
    return 1;
  }
  if (tree !== null) {
    const ids = r.options.some((o) => o.key === "i") && r.options.some((o) => o.key === "p");
    if (!ids) return die("options --tree-id and --tree-parent are required for tree formatting");
    mode = "table";
  }
  if (
    mode !== "table" &&
    (order !== null ||
      tableName !== null ||
      hide !== null ||
      right !== null ||
      names !== null ||
      r.options.some((o) => "TWE".includes(o.key)))
  )
    return die("option --table required for all --table-*");
  if (names === null && json) return die("option --table-columns required for --json");

  // read input
  const rows: string[][] = [];
  const entries: string[] = [];
  let maxLength = 0;
  let status = 0;
  const files = r.operands.length ? r.operands : [null];
  const isSep = (ch: string) => inSep.includes(ch);
  const splitCells = (line: string): string[] => {
    const cells: string[] = [];
    if (greedy) {
      let i = 0;
      while (i < line.length) {
        while (i < line.length && isSep(line[i])) i++;
        if (i >= line.length) break;
        if (maxCols && cells.length + 1 === maxCols) {
          cells.push(line.slice(i));
          break;
        }
        let j = i;
        while (j < line.length && !isSep(line[j])) j++;
        cells.push(line.slice(i, j));
        i = j;
      }
    } else {
      let rest: string | null = line;
      while (rest !== null) {
        if (maxCols && cells.length + 1 === maxCols) {
          cells.push(rest);
          break;
        }
        let k = -1;
        for (let x = 0; x < rest.length; x++)
          if (isSep(rest[x])) {
            k = x;
            break;
          }
        if (k < 0) {
          cells.push(rest);
          rest = null;
        } else {
          cells.push(rest.slice(0, k));
          rest = rest.slice(k + 1);
        }
      }
    }
    return cells;
  };
  for (const f of files) {
    const data = f === null ? io.stdin : io.readFile(f);
    if (isReadError(data)) {
      // read_input: a read error (a directory) is fatal, before anything is printed
      if (failsOnRead(data)) {
        io.stderr(`${prog}: read failed: ${data.message}\n`);
        return 1;
      }
      io.stderr(`${prog}: ${f}: ${data.message}\n`);
      status = 1;
      continue;
    }
    if (data === "") continue;
    const lines = data.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    for (const raw of lines) {
      const line = encodeInvalid(raw);
      if (/^[ \t\n\v\f\r]*$/.test(line)) {
        if (keepEmpty) {
          if (mode === "table") rows.push([]);
          else entries.push("");
        }
        continue;
      }
      if (mode === "table") rows.push(splitCells(line));
      else {
        entries.push(line);
        maxLength = Math.max(maxLength, cellWidth(line));
      }
    }
  }

  if (mode !== "table") {
    if (entries.length === 0) return status;
    if (maxLength >= width) {
      io.stdout(entries.map((e) => e + "\n").join(""));
      return status;
    }
    const colw = (maxLength + TAB) & ~(TAB - 1);
    const numcols = Math.max(1, Math.floor(width / colw));
    let out = "";
    const pad = (chcnt: number, endcol: number) => {
      let s = "";
      let cnt: number;
      while ((cnt = (chcnt + TAB) & ~(TAB - 1)) <= endcol) {
        s += "\t";
        chcnt = cnt;
      }
      return s;
    };
    if (mode === "fillcols") {
      const numrows = Math.ceil(entries.length / numcols);
      for (let row = 0; row < numrows; row++) {
        let endcol = colw;
        let chcnt = 0;
        for (let base = row, col = 0; col < numcols; col++) {
          out += entries[base];
          chcnt += cellWidth(entries[base]);
          if ((base += numrows) >= entries.length) break;
          const tabs = pad(chcnt, endcol);
          out += tabs;
          if (tabs) chcnt = (chcnt + TAB * tabs.length) & ~(TAB - 1);
          endcol += colw;
        }
        out += "\n";
      }
    } else {
      const ncols = Math.floor(width / colw);
      let col = 0;
      let endcol = colw;
      let chcnt = 0;
      for (let i = 0; i < entries.length; i++) {
        out += entries[i];
        chcnt += cellWidth(entries[i]);
        if (i === entries.length - 1) break;
        if (++col === ncols) {
          chcnt = col = 0;
          endcol = colw;
          out += "\n";
        } else {
          let cnt: number;
          while ((cnt = (chcnt + TAB) & ~(TAB - 1)) <= endcol) {
            out += "\t";
            chcnt = cnt;
          }
          endcol += colw;
        }
      }
      if (chcnt || entries.length) out += "\n";
    }
    io.stdout(out);
    return status;
  }

  if (rows.length === 0) return status;
  let ncols = Math.max(names?.length ?? 0, ...rows.map((rw) => rw.length));
  if (names && json && rows.some((rw) => rw.length > names!.length)) {
    const line = rows.findIndex((rw) => rw.length > names!.length) + 1;
    return die(`line ${line}: for JSON the name of the column ${names.length + 1} is required`);
  }
  ncols = Math.max(ncols, 0);
  const colNames = Array.from({ length: ncols }, (_, i) => names?.[i] ?? "");
  // column selectors: names or 1-based numbers
  const selects = (spec: string | null): Set<number> => {
    const set = new Set<number>();
    if (!spec) return set;
    for (const s of spec.split(",")) {
      const byName = colNames.indexOf(s);
      if (byName >= 0) set.add(byName);
      else if (/^[0-9]+$/.test(s) && Number(s) >= 1) set.add(Number(s) - 1);
    }
    return set;
  };
  const rightSet = selects(right);
  const hideSet = selects(hide);
  let cols = Array.from({ length: ncols }, (_, i) => i);
  if (order) {
    const ord = [...selects(order)];
    cols = [...ord, ...cols.filter((c) => !ord.includes(c))];
  }
  cols = cols.filter((c) => !hideSet.has(c));
  const showHeader = names !== null && !noHeadings;

  if (json) {
    const esc = (s: string) =>
      '"' +
      // eslint-disable-next-line no-control-regex
      s.replace(/[\\"\x00-\x1f]/g, (c) =>
        c === "\\" ? "\\\\" : c === '"' ? '\\"' : "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
      ) +
      '"';
    let out = `{\n   ${esc(tableName ?? "table")}: [\n`;
    out += rows
      .map(
        (rw) =>
          "      {\n" +
          cols
            .map(
              (c) =>
                `         ${esc(colNames[c])}: ${rw[c] === undefined || rw[c] === "" ? "null" : esc(rw[c])}`,
            )
            .join(",\n") +
          "\n      }",
      )
      .join(",")
      .replace(/\},\s+\{/g, "},{");
    out += "\n   ]\n}\n";
    io.stdout(out);
    return status;
  }

  // column.c: the exit status of a printed table is scols_print_table's, errors reading
  // files notwithstanding
  status = 0;
  const all = showHeader ? [colNames, ...rows] : rows;
  const widths = cols.map((c) => Math.max(0, ...all.map((rw) => cellWidth(rw[c] ?? ""))));
  let out = "";
  for (const rw of all) {
    let line = "";
    cols.forEach((c, k) => {
      const cell = rw[c] ?? "";
      const padLen = Math.max(0, widths[k] - cellWidth(cell));
      const last = k === cols.length - 1;
      if (rightSet.has(c)) line += " ".repeat(padLen) + cell;
      else line += last ? cell : cell + " ".repeat(padLen);
      if (!last) line += outSep;
    });
    out += line + "\n";
  }
  io.stdout(out);
  return status;
}
