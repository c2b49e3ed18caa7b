/**
 * Go's text/tabwriter (the elastic-tabstops filter docker and kubectl print their tables with):
 * cells are tab-terminated; a column is a run of consecutive lines that have a cell in it; its
 * width is the widest cell plus `padding`, at least `minwidth`; the text after a line's last tab
 * is not part of any column and is not padded. Left alignment, padding with spaces, widths in
 * code points (what runewidth counts for the text these tools print).
 */

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
  /** AlignRight: pad before the cell text. */
  alignRight?: boolean;
}

/** docker's tables: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0) (kubectl's are the same). */
export const DOCKER_TABLE: TabwriterOptions = { minwidth: 10, padding: 3 };

function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Formats text whose cells are separated by "\t" and lines by "\n", as Writer.Flush does. */
export function tabwrite(text: string, opts: TabwriterOptions = DOCKER_TABLE): string {
  const endsWithNewline = text.endsWith("\n");
  const rawLines = (endsWithNewline ? text.slice(0, -1) : text).split("\n");
  const lines = rawLines.map((l) => l.split("\t"));
  const out: string[] = lines.map(() => "");
  // format(column, line0, line1): the recursive column-block algorithm of tabwriter.format
  const widths: number[] = [];
  const emit = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i];
      let s = "";
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        if (j < widths.length && j < cells.length - 1) {
          const pad = " ".repeat(Math.max(0, widths[j] - width(c)));
          s += opts.alignRight ? pad + c : c + pad;
        } else s += c;
      }
      out[i] = s;
    }
  };
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      emit(start, cur);
      start = cur;
      let w = opts.minwidth;
      let end = cur;
      for (; end < line1; end++) {
        if (column >= lines[end].length - 1) break;
        w = Math.max(w, width(lines[end][column]) + opts.padding);
      }
      widths.push(w);
      format(start, end);
      widths.pop();
      start = end;
      cur = end - 1;
    }
    emit(start, line1);
  };
  format(0, lines.length);
  return out.join("\n") + (endsWithNewline ? "\n" : "");
}
