import * as S from "../samples.mjs";
const c = (argv, stdin = "", files) => ({ argv, stdin, ...(files ? { files } : {}) });
// directories: an operand that is one ("d"), and standard input that is one (`< DIR`)
const D = (argv, files) => ({ argv, dirs: ["d"], ...(files ? { files } : {}) });
const stdinDir = (argv, files) => ({ argv, stdinDir: true, dirs: ["d"], ...(files ? { files } : {}) });
const A = { a: "one\ntwo\n" };
export default [
  c(["tac"], S.ipRoute),
  c(["tac"], S.noTrailingNewline),
  c(["tac"], ""),
  c(["tac", "-s", ","], "a,b,c,"),
  c(["tac", "-s", ",", "-b"], ",a,b,c"),
  c(["tac", "-r", "-s", "[0-9]"], "a1b2c3"),
  c(["tac", "a", "b"], "", { a: "1\n2\n", b: "3\n4" }),
  c(["tac", "missing"], ""),
  c(["tac", "-x"], ""),
  D(["tac", "d"]),
  D(["tac", "a", "d"], A),
  D(["tac", "d", "a"], A),
  D(["tac", "missing", "d"]),
  D(["tac", "-s", "o", "a", "d", "a"], A),
  stdinDir(["tac"]),
  stdinDir(["tac", "-", "a"], A),
];
