/**
 * Compares chosen commands of a simulator-only lab (docker, kubectl, #@cluster: no such thing in
 * the oracle) with the commands of a lab recorded on the real kernel that builds the same state
 * by hand: each pair is (the recording's command, the simulator lab's command, both on one
 * machine), scored by the oracle's compare after names the tools choose at random (veth names,
 * an unnamed netns, pod addresses) are mapped onto the recording's.
 */
import { parseTranscript, compareTranscripts, describeMismatches, type Block } from "../../src/lab/compare";

export interface Pair {
  real: string;
  sim: string;
  machine?: string;
}

function find(blocks: Block[], cmd: string, machine: string | undefined, from: number): number {
  for (let i = from; i < blocks.length; i++)
    if (blocks[i].command === cmd && (machine === undefined || blocks[i].machine === machine)) return i;
  return -1;
}

function emit(blocks: Block[]): string {
  let s = "";
  let m = "";
  for (const b of blocks) {
    if (b.machine !== m) {
      s += `#@machine ${b.machine}\n`;
      m = b.machine;
    }
    s += `$ ${b.command}\n${b.output ? b.output + "\n" : ""}${b.exit ? `[exit ${b.exit}]\n` : ""}`;
  }
  return s;
}

/** Scores the pairs; `map` rewrites the simulator's output (its random names → the recording's). */
export function comparePairs(
  realText: string,
  simText: string,
  pairs: Pair[],
  map: (s: string) => string = (s) => s,
  mapReal: (s: string) => string = (s) => s,
): { failing: string[]; report: string } {
  const real = parseTranscript(realText);
  const sim = parseTranscript(simText);
  const rOut: Block[] = [];
  const sOut: Block[] = [];
  let ri = 0;
  let si = 0;
  for (const p of pairs) {
    const r = find(real, p.real, p.machine, ri);
    const s = find(sim, p.sim, p.machine, si);
    if (r < 0) throw new Error(`recording has no "${p.real}" after command ${ri}`);
    if (s < 0) throw new Error(`simulator transcript has no "${p.sim}" after command ${si}`);
    ri = r + 1;
    si = s + 1;
    rOut.push({ ...real[r], output: mapReal(real[r].output) });
    sOut.push({ ...sim[s], command: real[r].command, output: map(sim[s].output) });
  }
  const score = compareTranscripts(emit(rOut), emit(sOut));
  const failing = score.commands.filter((c) => !(c.loose && c.exit)).map((c) => c.command);
  return { failing, report: describeMismatches(score) };
}
