#!/usr/bin/env -S npx tsx
// Differential fuzzing against the real tools (Debian 12, LC_ALL=C): random grep/sed regexes,
// awk programs and sort/uniq/cut/tr/wc/column/nl/head/tail/tac invocations are run on both
// sides and any difference in stdout, stderr or exit status is printed.
//
//   npx tsx sim-core/src/shell/coreutils/conformance/differential.mjs [seed] [rounds]
/* global process, console */
import { spawnSync } from "node:child_process";
import { coreutils } from "../index.ts";

let seed = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 300);
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = (a) => a[rnd(a.length)];

function compare(argv, stdin) {
  const real = spawnSync(argv[0], argv.slice(1), { input: stdin, env: { LC_ALL: "C" } });
  let out = "";
  let err = "";
  const status = coreutils[argv[0]]({
    argv,
    stdin,
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: () => undefined,
  });
  const r = { out: real.stdout.toString(), err: real.stderr.toString(), status: real.status };
  if (r.out === out && r.err === err && r.status === status) return true;
  console.log(JSON.stringify(argv), "stdin", JSON.stringify(stdin));
  console.log("  real", JSON.stringify(r.out), r.status, JSON.stringify(r.err));
  console.log("  sim ", JSON.stringify(out), status, JSON.stringify(err));
  return false;
}

// grep / sed
const reAtoms = [
  "a",
  "b",
  ".",
  "[ab]",
  "[^a]",
  "\\(a\\)",
  "x",
  "[[:digit:]]",
  "\\w",
  "\\b",
  "^",
  "$",
  "\\<",
  "ab",
];
const reOps = ["*", "\\+", "\\?", "", "", "\\{1,2\\}"];
const bre = (d) =>
  d <= 0 ? pick(reAtoms) + pick(reOps) : bre(d - 1) + (rnd(4) === 0 ? "\\|" : "") + bre(d - 1);
// awk
const atoms = [
  "$1",
  "$0",
  "NF",
  "NR",
  "x",
  "a[$1]",
  '"s"',
  "1",
  "0.5",
  "length($0)",
  "substr($0,2)",
  "$NF",
  "i",
  "-x",
  "!x",
  '"10"',
  "$2",
];
const ops = [" + ", " - ", " * ", " % ", " ", " < ", " == ", " != ", " && ", " || ", " >= "];
const expr = (d) => (d <= 0 || rnd(3) === 0 ? pick(atoms) : `(${expr(d - 1)}${pick(ops)}${expr(d - 1)})`);
const stmt = (d) =>
  pick([
    () => `print ${expr(d)}`,
    () => `x = ${expr(d)}`,
    () => `if (${expr(d)}) { ${stmt(d - 1)} } else ${stmt(d - 1)}`,
    () => `a[${expr(d)}]++`,
    () => `gsub(/${pick(["a", "x*", "^", "[0-9]+", "b|c"])}/, "${pick(["&", "\\\\&", "[&]"])}")`,
    () => `printf "${pick(["%d", "%s", "%5.2f", "%c", "%x", "%e", "%g", "%.3s"])}\\n", ${expr(d)}`,
    () => `n = split($0, b, "${pick([" ", ":", "", "a+", "."])}"); print n, b[1], b[n]`,
    () => `$${rnd(4)} = ${expr(d)}`,
    () => `NF = ${rnd(4)}; print`,
  ])();
// everything else
const words = [
  "a",
  "B",
  "10",
  "9",
  "-1",
  "2.5",
  "1K",
  "x y",
  " b",
  "v1.2",
  "Jan",
  "",
  "a:b",
  "0x1",
  "1e2",
  "_",
];
const line = () => Array.from({ length: 1 + rnd(3) }, () => pick(words)).join(pick([" ", ":", "  ", "\t"]));
const sortOpt = () =>
  pick(["-n", "-r", "-f", "-b", "-d", "-g", "-h", "-V", "-M", "-s", "-u", "-k2", "-k1,1", "-k2n", "-t:"]);

let bad = 0;
for (let n = 0; n < rounds; n++) {
  const text = pick(["ab aab\nxbx 12\nbaab\n", "aaa\n\nb a\n", "a1b2\nab\n"]);
  const re = bre(rnd(3));
  const data = Array.from({ length: rnd(7) }, line).join("\n") + (rnd(4) ? "\n" : "");
  const runs = [
    [["sed", `s/${re}/[&]/${pick(["", "g", "2", "2g"])}`], text],
    [["grep", pick(["-o", "-c", "-n", "-w", "-x", "-v", "-ow", "--color=always"]), re], text],
    [["grep", "-E", "-o", re.replace(/\\([()+?{}|])/g, "$1")], text],
    [["awk", `{ ${stmt(2)}; ${stmt(2)} } END { for (k in a) print k, a[k] }`], text],
    [["sort", sortOpt(), sortOpt()], data],
    [["uniq", pick(["-c", "-d", "-u", "-i", "-f1", "-s1", "-w1", "-D"])], data],
    [["cut", pick(["-d:", "-d "]), pick(["-f1", "-f2-", "-f-2", "-f1,3", "-f2"])], data],
    [
      [
        "tr",
        ...pick([
          ["a-z", "A-Z"],
          ["-d", "0-9"],
          ["-s", " "],
          ["[:lower:]", "[:upper:]"],
        ]),
      ],
      data,
    ],
    [["column", ...pick([["-t"], ["-t", "-s", ":"], [], ["-x"]])], data],
  ];
  for (const [argv, stdin] of runs) if (!compare(argv, stdin)) bad++;
}
console.log(`${bad} mismatches in ${rounds} rounds`);
process.exitCode = bad ? 1 : 0;
