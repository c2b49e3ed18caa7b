/**
 * The journeys of every recorded lab (test/fixtures/shared and test/labs), snapshot-tested in one
 * line per packet: for each command that sent packets, its first two packets — what the packet
 * was, whether it was delivered or dropped (and the sentence that says why), how many hops, and
 * the machines it crossed. A change in the packet path that changes where a packet goes or why it
 * dies shows here; after checking the diff, update with `npx vitest run -u THIS_FILE`.
 * (journeys.test.ts has the hop-by-hop snapshots of a few labs.)
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Session } from "../../src/api/session";
import { commandsWithJourneys, getJourney } from "../../src/api/journeys";
import type { Journey } from "../../src/journey/journey";

const here = dirname(fileURLToPath(import.meta.url));
const DIRS = [join(here, "../fixtures/shared"), join(here, "../labs")];

const labs: { name: string; file: string }[] = [];
for (const dir of DIRS) {
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort())
    if (f.endsWith(".sh") && existsSync(join(dir, f.replace(/\.sh$/, ".real.txt"))))
      labs.push({ name: f.replace(/\.sh$/, ""), file: join(dir, f) });
}

/** The machines (and namespaces) a journey crossed, in order, without repeats in a row. */
function path(j: Journey): string {
  const out: string[] = [];
  for (const h of j.hops) {
    const p = h.netns === "root" ? h.machine : `${h.machine}/${h.netns}`;
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out.join(" > ");
}

function digest(j: Journey): string {
  const end = j.outcome === "dropped" ? `✗ ${j.dropReason}` : j.outcome;
  return `${j.summary} — ${end} — ${j.hopCount} hops: ${path(j)}`;
}

describe("every recorded lab's journeys", () => {
  for (const { name, file } of labs) {
    it(
      name,
      () => {
        const s = new Session({ script: readFileSync(file, "utf8") });
        const lines: string[] = [];
        for (const { command, journeys } of commandsWithJourneys(s)) {
          lines.push(`${command.machine}$ ${command.line}  (${journeys.length} packets)`);
          for (const id of journeys.slice(0, 2)) {
            const j = getJourney(s, id)!;
            // one hop per thing the kernel did, and every drop says why
            expect(j.hops.length).toBe(j.hopCount);
            if (j.outcome === "dropped") expect(j.dropReason).toMatch(/\w/);
            lines.push(`  ${digest(j)}`);
          }
        }
        expect(lines).toMatchSnapshot();
      },
      30_000,
    );
  }
});
