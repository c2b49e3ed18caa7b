/**
 * The long fuzz run: `npx tsx sim-core/scripts/fuzz.ts [COMMANDS] [--seed N] [--verbose]`
 * (default 100,000 commands). Throws mutated lab commands at the simulator (test/fuzz/) and prints
 * its figures: commands run, distinct failures (each with one reproducer), the worst command
 * latency and the worst single slice in wall ms, and the heap.
 */
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { writeFileSync } from "node:fs";
import { loadCorpus } from "../test/fuzz/corpus";
import { commandArb } from "../test/fuzz/mutate";
import { runCase, type Failure, type FuzzCase } from "../test/fuzz/harness";

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
const seed = args.includes("--seed") ? Number(args[args.indexOf("--seed") + 1]) : 1;
const verbose = args.includes("--verbose");
/** `--current FILE`: each command is written there before it runs (what a hang was running). */
const current = args.includes("--current") ? args[args.indexOf("--current") + 1] : undefined;
const onCommand = current
  ? (lab: string, machine: string, line: string) => writeFileSync(current, `${lab}\n${machine}\n${line}\n`)
  : undefined;

const corpus = loadCorpus();
const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  lab: fc.nat(10_000),
  prefix: fc.nat(1000),
  seed: fc.integer({ min: 1, max: 1000 }),
  cmds: fc.array(commandArb, { minLength: 1, maxLength: 25 }),
});

const t0 = performance.now();
let commands = 0;
let cases = 0;
let interrupted = 0;
let worstMs = 0;
let worstCmd = "";
let worstWhere = "";
let worstSlice = 0;
let worstSliceCmd = "";
let heapPeak = 0;
const failures = new Map<string, { count: number; first: Failure }>();
let batch = 0;
while (commands < total) {
  const sample = fc.sample(caseArb, { numRuns: 50, seed: seed * 100_003 + batch++ });
  for (const c of sample) {
    const s = runCase(corpus, c, { onCommand });
    cases++;
    commands += s.commands;
    interrupted += s.interrupted;
    if (s.worstCommandMs > worstMs) {
      worstMs = s.worstCommandMs;
      worstCmd = s.worstCommand;
      worstWhere = s.worstCommandWhere;
    }
    if (s.worstSliceMs > worstSlice) {
      worstSlice = s.worstSliceMs;
      worstSliceCmd = s.worstSliceCommand;
    }
    for (const f of s.failures) {
      const have = failures.get(f.signature);
      if (have) have.count++;
      else {
        failures.set(f.signature, { count: 1, first: f });
        if (verbose) console.log(`new failure: ${f.signature}\n  ${f.machine}$ ${f.line}`);
      }
    }
    if (commands >= total) break;
  }
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  if (batch % 20 === 0)
    console.error(
      `… ${commands} commands, ${failures.size} distinct failures, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
}
const secs = (performance.now() - t0) / 1000;
console.log(`commands fuzzed:        ${commands} (${cases} cases, seed ${seed}, ${secs.toFixed(1)} s)`);
console.log(`interrupted (Ctrl-C):   ${interrupted}`);
console.log(`distinct failures:      ${failures.size}`);
console.log(
  `worst command latency:  ${worstMs.toFixed(1)} ms wall (${JSON.stringify(worstCmd.slice(0, 120))}; ${worstWhere})`,
);
console.log(
  `worst single slice:     ${worstSlice.toFixed(1)} ms wall (${JSON.stringify(worstSliceCmd.slice(0, 120))})`,
);
console.log(
  `memory:                 heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB now, peak seen ${(heapPeak / 1048576).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
);
for (const [sig, { count, first }] of [...failures].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`\n[${count}×] ${sig}`);
  console.log(`  lab ${first.lab}, machine ${first.machine}`);
  console.log(`  $ ${first.line.slice(0, 300)}`);
  console.log(`  ${first.detail.split("\n").slice(0, 6).join("\n  ")}`);
}
process.exitCode = failures.size ? 1 : 0;
