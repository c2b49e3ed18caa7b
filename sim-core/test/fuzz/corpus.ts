/**
 * The fuzz corpus: the recorded labs (test/labs/*.sh, test/fixtures/shared/*.sh) as steps, and
 * every distinct command line of them (what mutations start from and steal words from).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLab, type Step } from "../../src/lab/script";

const here = dirname(fileURLToPath(import.meta.url));

export interface CorpusLab {
  name: string;
  steps: Step[];
  machines: string[];
}

export interface Corpus {
  labs: CorpusLab[];
  /** Every distinct command line of every lab. */
  lines: string[];
}

export function loadCorpus(): Corpus {
  const labs: CorpusLab[] = [];
  const lines = new Set<string>();
  for (const dir of [join(here, "../fixtures/shared"), join(here, "../labs")]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith(".sh")) continue;
      let steps: Step[];
      try {
        steps = parseLab(readFileSync(join(dir, f), "utf8"));
      } catch {
        continue;
      }
      const machines = new Set<string>(["host"]);
      for (const s of steps) {
        if (s.kind === "cmd") {
          lines.add(s.line);
          machines.add(s.machine);
        } else if (s.kind === "machine") machines.add(s.name);
      }
      labs.push({ name: f.slice(0, -3), steps, machines: [...machines] });
    }
  }
  return { labs, lines: [...lines] };
}
