/**
 * Prints, for every lab fixture, how the simulator scores against its real-kernel recording
 * (`exact/loose/exit`, as the oracle's compare counts them). `--diff NAME` shows the mismatches of one lab.
 * `--write-known` rewrites test/node/known-mismatches.json from the current mismatches (use it only
 * when a mismatch is understood and its reason is written in the file by hand afterwards).
 */
import { readdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
import { runLab } from "../src/lab/runner";
import { compareTranscripts, describeMismatches } from "../src/lab/compare";

const root = join(here, "..", "test");
const dirs = [join(root, "fixtures/shared"), join(root, "labs")];
const args = process.argv.slice(2);
const diffName = args.includes("--diff") ? args[args.indexOf("--diff") + 1] : undefined;
const knownPath = join(root, "node/known-mismatches.json");
const known: Record<string, Record<string, string>> = JSON.parse(readFileSync(knownPath, "utf8"));
const out: Record<string, Record<string, string>> = {};
let tot = 0;
let okLoose = 0;
for (const dir of dirs) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".sh")) continue;
    const name = f.slice(0, -3);
    const realPath = join(dir, `${name}.real.txt`);
    if (!existsSync(realPath)) continue;
    if (diffName && diffName !== name) continue;
    const { transcript } = runLab(readFileSync(join(dir, f), "utf8"));
    const s = compareTranscripts(readFileSync(realPath, "utf8"), transcript);
    tot += s.total;
    okLoose += Math.min(s.loose, s.exit);
    if (diffName) process.stdout.write(describeMismatches(s));
    else
      console.log(
        `${name.padEnd(24)} exact ${s.exact}/${s.total}, loose ${s.loose}/${s.total}, exit ${s.exit}/${s.total}`,
      );
    const bad = s.commands.filter((c) => !(c.loose && c.exit));
    if (bad.length)
      out[name] = Object.fromEntries(
        bad.map((c) => [String(c.index), known[name]?.[String(c.index)] ?? `TODO: ${c.command}`]),
      );
  }
}
if (!diffName) console.log(`total: ${okLoose}/${tot} commands match loosely with the same exit status`);
if (args.includes("--write-known")) writeFileSync(knownPath, JSON.stringify(out, null, 2) + "\n");
