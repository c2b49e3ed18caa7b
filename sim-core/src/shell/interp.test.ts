/**
 * The interpreter against bash 5.2: each case's expected output was produced by the real
 * `bash -c "LINE 2>&1"` (what the lab oracle runs), stdout first and stderr after.
 */
import { describe, expect, it } from "vitest";
import { World } from "../kernel/world";
import { Shell } from "./interp";
import { defaultCommands } from "./commands";

function shell(interactive = false): { run: (line: string) => string } {
  const world = new World({ seed: 1 });
  const sh = new Shell(world, world.machine("H"), defaultCommands(), interactive);
  sh.cSuffix = interactive ? "" : " 2>&1";
  return {
    run(line: string) {
      let out = "";
      let err = "";
      const st = sh.runSync(interactive ? line : line + " 2>&1", {
        out: (s) => (out += s),
        err: (s) => (err += s),
      });
      return out + err + (st ? `[${st}]` : "");
    },
  };
}

const cases: [string, string][] = [
  ['echo {1..3} {a,b}{1,2} x{a,b,}y {,} "{a,b}" {a}', "1 2 3 a1 a2 b1 b2 xay xby xy {a,b} {a}\n"],
  [
    "x=a.b.c; echo ${x%.*} ${x%%.*} ${x#*.} ${x##*.} ${x/./-} ${x//./-} ${#x} ${x:2} ${x: -2} ${x^^}",
    "a.b a b.c c a-b.c a-b-c 5 b.c .c A.B.C\n",
  ],
  ['a=(1 2 3); a+=(4); a[7]=x; echo ${#a[@]} ${!a[*]} "${a[*]}"', "5 0 1 2 3 7 1 2 3 4 x\n"],
  [
    'set -- a "b c" d; echo $#; for i in "$@"; do echo "[$i]"; done; shift; echo $1',
    "3\n[a]\n[b c]\n[d]\nb c\n",
  ],
  ['IFS=:; x=a:b::c; for i in $x; do echo "<$i>"; done', "<a>\n<b>\n<>\n<c>\n"],
  ['x="  a  b  "; echo [$x] ["$x"]', "[ a b ] [  a  b  ]\n"],
  ["echo \"${x:-'a'}\" ${x:-'a  b'} ${x:-a  b}", "'a' a  b a b\n"],
  ["echo $((1/0)); echo after", 'bash: line 1: 1/0: division by 0 (error token is "0")\n[1]'],
  ["x=abc; echo ${x:?oops}; echo ${y:?oops}; echo after", "abc\nbash: line 1: y: oops\n[127]"],
  ["echo ${x$}; echo after", "bash: line 1: ${x$}: bad substitution\n[1]"],
  ["set -u; echo $y; echo after", "bash: line 1: y: unbound variable\n[127]"],
  ["(( 1/0 )); echo $?", '1\nbash: line 1: ((: 1/0 : division by 0 (error token is "0 ")\n'],
  ["case x in a) echo a;; x|y) echo xy;& z) echo z;;& *) echo star;; esac", "xy\nz\nstar\n"],
  ["f() { local x=1; echo $x $1; return 3; }; f q; echo $?", "1 q\n3\n"],
  ["f() { bar; }; f", "environment: line 1: bar: command not found\n[127]"],
  ["true | false; echo ${PIPESTATUS[@]} $?", "0 1 1\n"],
  ["set -o pipefail; false | true; echo $?", "1\n"],
  ["set -e; false; echo no", "[1]"],
  ['set -x; x=1; echo "a b" $x', "a b 1\n+ x=1\n+ echo 'a b' 1\n"],
  ["while read l; do echo \"<$l>\"; done <<< $'a\\nb c\\n d'", "<a>\n<b c>\n<d>\n"],
  ['read a b <<< "1 2 3"; echo "$a|$b"', "1|2 3\n"],
  ["[[ abc =~ ^a(b)c$ ]] && echo ${BASH_REMATCH[1]}", "b\n"],
  ["[ 1 -eq a ]; echo $?", "2\nbash: line 1: [: a: integer expression expected\n"],
  ["[ a b c d ]; echo $?", "2\nbash: line 1: [: too many arguments\n"],
  [
    "printf '%s-%d\\n' a 1 b; printf '%d\\n' abc; echo $?",
    "a-1\nb-0\n0\n1\nbash: line 1: printf: abc: invalid number\n",
  ],
  ["printf '%5.2f|%x|%o|%e|%c|%q\\n' 3.14159 255 8 1234.5 hello 'a b'", " 3.14|ff|10|1.234500e+03|h|a\\ b\n"],
  [
    "x=1; declare -p x; declare -a y=(1 2); declare -p y",
    'declare -- x="1"\ndeclare -a y=([0]="1" [1]="2")\n',
  ],
  ["readonly r=1; r=2; echo $?", "bash: line 1: r: readonly variable\n[1]"],
  [
    "echo /proc/sys/net/ipv4/conf/l* /proc/sys/net/nosuch*",
    "/proc/sys/net/ipv4/conf/lo /proc/sys/net/nosuch*\n",
  ],
  ["echo abc > /proc/sys/net/ipv4/ip_forward", "[1]"],
  ["(echo abc > /proc/sys/net/ipv4/ip_forward)", "bash: line 1: echo: write error: Invalid argument\n[1]"],
  ["echo 1 > /proc/sys/net/ipv4/conf", "bash: line 1: /proc/sys/net/ipv4/conf: Is a directory\n[1]"],
  [
    "if; then fi",
    "bash: -c: line 1: syntax error near unexpected token `;'\nbash: -c: line 1: `if; then fi 2>&1'\n[2]",
  ],
  ["exit 3; echo no", "[3]"],
  ["type -t ls echo if; command -v echo ip nosuch", "file\nbuiltin\nkeyword\necho\n/usr/sbin/ip\n"],
];

describe("bash -c, as the oracle runs each line", () => {
  for (const [line, want] of cases) {
    it(line, () => expect(shell().run(line)).toBe(want));
  }

  it("forgets everything between lines", () => {
    const sh = shell();
    sh.run("x=5; f() { :; }; set -e; cd /proc");
    expect(sh.run('echo "[$x]"; type -t f; echo $-; pwd')).toBe("[]\nhBc\n/\n");
  });
});

describe("an interactive shell", () => {
  it("keeps state, expands aliases on later lines, and numbers its history", () => {
    const sh = shell(true);
    expect(sh.run("foo")).toBe("bash: foo: command not found\n[127]");
    sh.run("x=5; alias say='echo said'");
    expect(sh.run("echo $x; say hi")).toBe("5\nsaid hi\n");
    expect(sh.run("history")).toBe(
      "    1  foo\n    2  x=5; alias say='echo said'\n    3  echo $x; say hi\n    4  history\n",
    );
    expect(sh.run("echo $((1/0)); echo after")).toBe('bash: 1/0: division by 0 (error token is "0")\n[1]');
  });

  it("lays out ls in columns on the terminal, one per line in a pipe", () => {
    const sh = shell(true);
    expect(sh.run("ls /proc/sys/net/ipv4/conf")).toBe("all  default  lo\n");
    expect(sh.run("ls /proc/sys/net/ipv4/conf | cat")).toBe("all\ndefault\nlo\n");
    expect(sh.run("ls /proc/sys/net/ipv4/conf > /run/x; cat /run/x")).toBe("all\ndefault\nlo\n");
  });
});
