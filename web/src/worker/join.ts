/**
 * A command typed over several lines (an open `for … do`, a trailing pipe) becomes one line of
 * the lab script, as bash's cmdhist stores it: lines joined with "; " or " " where a separator
 * would be a syntax error. Newlines inside quotes are kept (the script's only multi-line case).
 */
export function joinContinuation(text: string): string {
  if (!text.includes("\n")) return text;
  let out = "";
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"') {
        out += ch + (text[i + 1] ?? "");
        i++;
        continue;
      }
      out += ch;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    if (ch === "\\" && text[i + 1] === "\n") {
      i++;
      continue;
    }
    if (ch === "\n") {
      const before = out.replace(/\s+$/, "");
      if (before === "" || /(\|\||&&|\||\bdo|\bthen|\belse|\{|\(|;|\bin)$/.test(before))
        out = before === "" ? "" : before + " ";
      else out = before + "; ";
      continue;
    }
    out += ch;
  }
  return out.replace(/;\s*$/, "").trim();
}
