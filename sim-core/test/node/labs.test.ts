/**
 * Whole-lab scenario tests: every lab fixture (the shared seed labs and the labs recorded for this
 * project) is replayed headless and compared with its real-kernel recording by the port of the
 * oracle's `compare`. Every command must match loosely and by exit status, except the ones listed
 * in known-mismatches.json with a reason; a listed command that starts matching fails the test too,
 * so the list can only shrink.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const __dirname = dirname(fileURLToPath(import.meta.url));
import { describe, expect, it } from "vitest";
import { runLab } from "../../src/lab/runner";
import { compareTranscripts, describeMismatches } from "../../src/lab/compare";

const FIXTURES = [join(__dirname, "../fixtures/shared"), join(__dirname, "../labs")];
const known: Record<string, Record<string, string>> = JSON.parse(
  readFileSync(join(__dirname, "known-mismatches.json"), "utf8"),
);

const labs: { name: string; dir: string }[] = [];
for (const dir of FIXTURES) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".sh") && existsSync(join(dir, f.replace(/\.sh$/, ".real.txt"))))
      labs.push({ name: f.replace(/\.sh$/, ""), dir });
  }
}

describe("labs match their real-kernel recordings", () => {
  for (const { name, dir } of labs) {
    it(
      name,
      () => {
        const script = readFileSync(join(dir, `${name}.sh`), "utf8");
        const real = readFileSync(join(dir, `${name}.real.txt`), "utf8");
        const { transcript } = runLab(script, { seed: 1 });
        const score = compareTranscripts(real, transcript);
        const allowed = known[name] ?? {};
        const failing = score.commands.filter((c) => !(c.loose && c.exit)).map((c) => String(c.index));
        const unexpected = failing.filter((i) => !(i in allowed));
        const fixed = Object.keys(allowed).filter((i) => !failing.includes(i));
        const report = describeMismatches(score);
        expect(unexpected, `unexpected mismatches in ${name}:\n${report}`).toEqual([]);
        expect(
          fixed,
          `${name}: these listed mismatches now match — remove them from known-mismatches.json`,
        ).toEqual([]);
      },
      30_000,
    );
  }
});
