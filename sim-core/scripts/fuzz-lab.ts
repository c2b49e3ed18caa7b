/**
 * A lab of fuzzed commands for the oracle: the fuzz suite's mutations (test/fuzz/mutate.ts) of the
 * recorded labs' ip / iptables / bridge / sysctl / ping lines, kept to what runs alone on a small
 * world and ends quickly on a real machine (no pipes or expansions, no netns exec, pings with -c
 * and -W), after a few lines that build something to break. Record it with the oracle and score
 * it to see where the simulator answers an odd argument differently from the real tools (the fuzz
 * harness itself only sees throws, hangs and JavaScript errors):
 *
 *   npx tsx sim-core/scripts/fuzz-lab.ts [SEED] [N] > /tmp/fz.sh
 *   ../shared/oracle/real-linux /tmp/fz.sh > /tmp/fz.real.txt
 *
 * test/labs/fuzz-args.sh was made so (seed 1, before it and its sibling labs joined the corpus).
 */
import fc from "fast-check";
import { loadCorpus } from "../test/fuzz/corpus";
import { mutate, mutationArb } from "../test/fuzz/mutate";

const seed = Number(process.argv[2] ?? 1);
const n = Number(process.argv[3] ?? 150);

const SETUP = `# fuzz-args: mutated lab commands (test/fuzz's mutations: words swapped, repeated, truncated,
# replaced by unicode, huge numbers and odd strings) on a small world, recorded on the real kernel:
# the errors the tools print for arguments nobody types on purpose.
ip netns add a
ip netns add BLUE
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip link set v0 master br0
ip link set v0 up
ip link set v1 up
ip link set br0 up
ip addr add 10.0.0.1/24 dev br0
ip link add eth0 type veth peer name eth0p
ip link set eth0p up
ip link set eth0 up
ip addr add 10.0.2.1/24 dev eth0
iptables -N X
`;

const corpus = loadCorpus();
const base = corpus.lines.filter(
  (l) =>
    /^(ip |iptables |bridge |sysctl |ping -c \d)/.test(l) &&
    !/[&|;<>`$]|netns exec|sleep|tcpdump|nsenter|docker|kubectl|-f\b|-i |\bnc\b/.test(l),
);
const samples = fc.sample(
  fc.tuple(
    fc.nat(100000),
    fc.array(
      mutationArb.filter((m) => m.k !== "glue"),
      { minLength: 1, maxLength: 2 },
    ),
  ),
  { numRuns: n * 3, seed },
);
const out = new Set<string>();
for (const [b, muts] of samples) {
  const l = mutate(base[b % base.length], muts, base);
  // one plain command: no shell syntax, no control characters
  if (!l.trim() || [...l].some((ch) => ch < " " && ch !== "\t") || l.includes("\x7f")) continue;
  if (/[&|;<>`$\\(){}'"#!*?[~]/.test(l)) continue;
  if (!/^(ip|iptables|bridge|sysctl|ping)\b/.test(l)) continue;
  // a ping that ends within the oracle's 15 s
  if (/^ping/.test(l) && !(/ -c [1-3]\b/.test(l) && /-W/.test(l))) continue;
  // nothing that changes the world beyond this lab's own objects, or lists random MACs
  if (/\bnetns (exec|add|del)|\ball\b|-all|flush|\bsleep|\bexec\b/.test(l)) continue;
  if (/^ip -s link$|^bridge fdb *$/.test(l)) continue;
  out.add(l);
  if (out.size >= n) break;
}
process.stdout.write(SETUP + [...out].join("\n") + "\n");
