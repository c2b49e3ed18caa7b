/**
 * `npm run -s lab -- FILE.sh [--seed N]`: runs a lab script headless and prints its transcript
 * in the oracle's format.
 */
import { readFileSync } from "node:fs";
import { runLab } from "../lab/runner";

function main(argv: string[]): number {
  let seed = 1;
  let trace = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seed") {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) {
        process.stderr.write(`lab: --seed needs a non-negative integer\n`);
        return 2;
      }
      seed = v;
    } else if (a.startsWith("--seed=")) seed = Number(a.slice(7));
    else if (a === "--trace") trace = true;
    else if (a === "-h" || a === "--help") {
      process.stdout.write("usage: npm run -s lab -- FILE.sh [--seed N] [--trace]\n");
      return 0;
    } else files.push(a);
  }
  if (files.length !== 1) {
    process.stderr.write("usage: npm run -s lab -- FILE.sh [--seed N] [--trace]\n");
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(files[0], "utf8");
  } catch (e) {
    process.stderr.write(`lab: ${files[0]}: ${(e as Error).message}\n`);
    return 2;
  }
  const { transcript } = runLab(text, {
    seed,
    trace: trace
      ? {
          emit: (e) =>
            process.stderr.write(
              `${(e.t / 1e6).toFixed(3).padStart(10)}ms ${e.machine}/${e.netns}${e.dev ? " " + e.dev : ""} ${e.kind}: ${e.text}\n`,
            ),
        }
      : undefined,
  });
  process.stdout.write(transcript);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
