/**
 * The short fuzz run of CI (a few seconds): random and mutated lab commands thrown at a Session,
 * sliced as the worker slices it; nothing may throw, hang, print a JavaScript error or leave the
 * world inconsistent (test/fuzz/harness.ts). The long run is `npx tsx sim-core/scripts/fuzz.ts`.
 * The seed is fixed so CI is repeatable; FUZZ_SEED / FUZZ_RUNS explore further.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadCorpus } from "./corpus";
import { commandArb } from "./mutate";
import { runCase, type FuzzCase } from "./harness";

const corpus = loadCorpus();
const seed = Number(process.env.FUZZ_SEED ?? 20240601);
const numRuns = Number(process.env.FUZZ_RUNS ?? 40);

const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  lab: fc.nat(10_000),
  prefix: fc.nat(1000),
  seed: fc.integer({ min: 1, max: 1000 }),
  cmds: fc.array(commandArb, { minLength: 1, maxLength: 8 }),
});

describe("fuzzed commands", () => {
  it("the corpus holds the recorded labs", () => {
    expect(corpus.labs.length).toBeGreaterThan(50);
    expect(corpus.lines.length).toBeGreaterThan(1000);
  });

  it("never throw, hang, leak a JavaScript error or break an invariant", () => {
    let commands = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        // generous wall-clock limits: CI machines are slow and shared; a real hang is forever
        const s = runCase(corpus, c, { wallLimitMs: 3000, hangMs: 15000, slowSliceMs: 8000 });
        commands += s.commands;
        const report = s.failures.map(
          (f) =>
            `${f.signature}\n  lab ${f.lab} (${f.before.length} steps before), ${f.machine}$ ${f.line}\n  ${f.detail}`,
        );
        expect(report).toEqual([]);
      }),
      { numRuns, seed, endOnFailure: true },
    );
    expect(commands).toBeGreaterThan(numRuns);
  }, 120_000);
});
