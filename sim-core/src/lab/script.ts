/**
 * The lab-script format (DESIGN.md): plain bash, one command a line, `\` continues a line,
 * `#` comments, and directives in comments — `#@machine NAME`, `#@link A:IF B:IF`,
 * `#@lan NAME A:IF B:IF …`. Parsed exactly as the oracle parses it.
 */
export type Step =
  | { kind: "machine"; name: string }
  | { kind: "link"; a: [string, string]; b: [string, string] }
  | { kind: "lan"; name: string; ends: [string, string][] }
  | { kind: "cmd"; line: string; machine: string };

export class LabSyntaxError extends Error {}

export function parseLab(text: string): Step[] {
  const steps: Step[] = [];
  let buf = "";
  let machine = "host";
  for (const raw of text.split(/\r?\n/)) {
    const line0 = raw.replace(/\s+$/, "");
    if (line0.endsWith("\\")) {
      buf += line0.slice(0, -1) + " ";
      continue;
    }
    const line = (buf + line0).trim();
    buf = "";
    if (!line) continue;
    if (line.startsWith("#@")) {
      const words = line.slice(2).split(/\s+/).filter(Boolean);
      const end = (w: string): [string, string] => {
        const i = w.indexOf(":");
        if (i <= 0 || i === w.length - 1) throw new LabSyntaxError(`bad endpoint "${w}" (want MACHINE:IF)`);
        return [w.slice(0, i), w.slice(i + 1)];
      };
      switch (words[0]) {
        case "machine":
          if (!words[1]) throw new LabSyntaxError("#@machine needs a name");
          machine = words[1];
          steps.push({ kind: "machine", name: machine });
          break;
        case "link":
          if (words.length < 3) throw new LabSyntaxError("#@link needs two endpoints");
          steps.push({ kind: "link", a: end(words[1]), b: end(words[2]) });
          break;
        case "lan":
          if (words.length < 2) throw new LabSyntaxError("#@lan needs a name");
          steps.push({ kind: "lan", name: words[1], ends: words.slice(2).map(end) });
          break;
        default:
          throw new LabSyntaxError(`unknown directive #@${words[0]}`);
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    steps.push({ kind: "cmd", line, machine });
  }
  return steps;
}
