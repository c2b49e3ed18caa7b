import * as S from "../samples.mjs";
const c = (argv, stdin = "", files) => ({ argv, stdin, ...(files ? { files } : {}) });
// directories: an operand that is one ("d"), and standard input that is one (`< DIR`)
const D = (argv, files) => ({ argv, dirs: ["d"], ...(files ? { files } : {}) });
const stdinDir = (argv, files) => ({ argv, stdinDir: true, dirs: ["d"], ...(files ? { files } : {}) });
const A = { a: "one\ntwo\n" };
const F = { a: "1\n\n\n2\n", b: "x\ny", hosts: S.hosts };
export default [
  c(["cat"], S.ipLink),
  c(["cat", "-n"], S.ipRoute),
  c(["cat", "-b"], "a\n\nb\n"),
  c(["cat", "-s"], "a\n\n\n\nb\n\n"),
  c(["cat", "-ns"], "\n\na\n\n\nb\n"),
  c(["cat", "-E"], "a\r\nb\n"),
  c(["cat", "-A"], S.ipCRoute),
  c(["cat", "-A"], "\t\x01\x7f\x80\xff\n"),
  c(["cat", "-T"], "a\tb\n"),
  c(["cat", "-v"], "a\x1b[0m\t\n"),
  c(["cat", "-e"], "a\tb\n"),
  c(["cat", "-t"], "a\tb\n"),
  c(["cat", "hosts"], "", F),
  c(["cat", "-n", "a", "b", "a"], "", F),
  c(["cat", "b", "-", "b"], "stdin\n", F),
  c(["cat", "missing", "b"], "", F),
  c(["cat", "-x"], ""),
  c(["cat", "--show-all"], "a\tb\n"),
  c(["cat", "-n"], S.noTrailingNewline),
  c(["cat"], S.binaryish),
  // second batch
  c(["cat", "-sn"], "\n\n\na\n"),
  c(["cat", "-bE"], "a\n\nb\n"),
  c(["cat", "-vT"], "\ta\x80\n"),
  c(["cat", "-A", "-"], "x\r\n"),
  c(["cat", "-n", "-"], ""),
  c(["cat", "-u"], "a\n"),
  c(["cat", "-nb"], "a\n\nb\n"),
  D(["cat", "d"]),
  D(["cat", "-n", "a", "d", "a"], A),
  D(["cat", "-A", "d"]),
  stdinDir(["cat"]),
  stdinDir(["cat", "-", "-"]),
  stdinDir(["cat", "a", "-"], A),
];
