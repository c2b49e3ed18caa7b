import * as S from "../samples.mjs";
const c = (argv, stdin = "", files) => ({ argv, stdin, ...(files ? { files } : {}) });
// directories: an operand that is one ("d"), and standard input that is one (`< DIR`)
const D = (argv, files) => ({ argv, dirs: ["d"], ...(files ? { files } : {}) });
const stdinDir = (argv, files) => ({ argv, stdinDir: true, dirs: ["d"], ...(files ? { files } : {}) });
const A = { a: "one\ntwo\n" };
export default [
  c(["nl"], S.ipRoute),
  c(["nl"], "a\n\nb\n"),
  c(["nl", "-ba"], "a\n\nb\n"),
  c(["nl", "-bn"], "a\n\nb\n"),
  c(["nl", "-bp^b"], "a\n\nb\n"),
  c(["nl", "-n", "ln"], "a\nb\n"),
  c(["nl", "-n", "rz", "-w", "3"], "a\nb\n"),
  c(["nl", "-s", ": ", "-v", "10", "-i", "5"], "a\nb\n"),
  c(["nl", "-ba", "-l", "2"], "a\n\n\n\n\nb\n"),
  c(["nl"], "\\:\\:\\:\nh\n\\:\\:\nb1\nb2\n\\:\nf\n"),
  c(["nl"], S.noTrailingNewline),
  c(["nl", "-bx"], ""),
  c(["nl", "-n", "xx"], ""),
  c(["nl", "-w", "0"], ""),
  c(["nl", "-x"], ""),
  c(["nl", "missing"], ""),
  // second batch
  c(["nl", "-s", ""], "a\nb\n"),
  c(["nl", "-w", "1"], "a\nb\n"),
  c(["nl", "-ba", "-n", "ln", "-s", "|"], "a\n\nb\n"),
  c(["nl", "-v", "-2"], "a\nb\nc\n"),
  c(["nl", "-i", "0"], "a\nb\n"),
  c(["nl", "-p", "-bp."], "\\:\\:\na\n\\:\\:\nb\n"),
  c(["nl", "-d", "XY"], "XYXY\na\n"),
  c(["nl", "a", "b"], "", { a: "1\n", b: "2\n" }),
  c(["nl", "-bp["], "a\n"),
  D(["nl", "d"]),
  D(["nl", "a", "d", "a"], A),
  stdinDir(["nl"]),
];
