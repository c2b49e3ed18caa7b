import * as S from "../samples.mjs";
const c = (argv, stdin = "", files) => ({ argv, stdin, ...(files ? { files } : {}) });
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
];
