# shell-control: bash's compound commands and control flow as one-line scripts: if/elif/else,
# case with ;; ;& ;;&, for (both forms), while/until with break/continue, functions with local
# and return, positional parameters, read, set -e / -u / -x / -o pipefail, PIPESTATUS, subshells,
# groups, and the messages and exit statuses of every error bash reports on the way.
#@machine H
if ip link show lo > /dev/null; then echo up; else echo down; fi
if ip link show eth9 2>/dev/null; then echo yes; elif true; then echo elif; else echo no; fi
for dev in lo nosuch; do if ip link show $dev >/dev/null 2>&1; then echo "$dev ok"; else echo "$dev missing"; fi; done
case eth0 in lo) echo loop;; eth*|en*) echo ethernet;; *) echo other;; esac
case x in a) echo a;; x|y) echo xy;& z) echo z;;& *) echo star;; esac
case "a b" in "a b") echo quoted;; esac; case abc in a?c) echo glob;; esac; case '*' in \*) echo star;; esac
for ((i = 0; i < 3; i++)); do echo "i=$i"; done
for i in 1 2 3 4 5; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done
for i in 1 2; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done
n=0; while [ $n -lt 3 ]; do n=$((n+1)); echo n=$n; done; until [ $n -eq 0 ]; do n=$((n-1)); done; echo $n
ip -o link show | while read -r idx name rest; do echo "${name%:}"; done
printf 'a 1\nb 2\nc 3\n' | while read k v; do echo "$v:$k"; done
while read line; do echo "[$line]"; done < /proc/sys/net/ipv4/ip_local_port_range
read -r first rest <<< "one two three"; echo "$first|$rest"; read -a arr <<< "x y z"; echo ${arr[2]} ${#arr[@]}
echo "a\\b" | { read v; echo $v; }; echo "a\\b" | { read -r v; echo $v; }
read x < /dev/null; echo $? "[$x]"
f() { echo "args=$# first=$1 all=$*"; }; f a "b c" d; f
f() { local v=inner; echo $v; return 7; }; v=outer; f; echo $? $v
f() { echo in; return; echo never; }; f; echo $?
g() { echo "g:$1"; shift; echo "g:$1"; }; g 1 2
count() { local n=0; for x in "$@"; do n=$((n+1)); done; echo $n; }; count a b "c d"; count
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 5
function h { echo "h here"; }; h; type h
f() { echo hi; }; declare -f f; type -t f echo ls if
set -- a b c; echo $# $1 $3; shift; echo $# $@; shift 5; echo $?
(cd /proc/sys/net; pwd); pwd
x=1; (x=2; echo in $x); echo out $x; { x=3; }; echo $x
(exit 3); echo $?; ( false ) || echo failed
true | false | true; echo ${PIPESTATUS[@]} $?
false | true; echo $?; set -o pipefail; false | true; echo $?
set -e; echo before; false; echo after
set -e; false || echo handled; if false; then :; fi; echo survived
set -u; echo ${unset_var:-ok}; echo $unset_var; echo after
set -x; x=5; echo "x is $x"; ip link show lo > /dev/null
set -o | grep -E '^(errexit|nounset|pipefail|xtrace)'
echo $-; set -e; echo $-
! false; echo $?; ! true; echo $?
true && false || echo or; false && echo no; echo $?
exit 3
(exit 256); echo $?; (exit -1); echo $?
exit abc
return 2; echo $?
break; echo $?
local x=1
foo() { bar; }; foo; echo $?
if; then fi
echo )
fi
for x in; do echo never; done; echo ok
case
while true do; done
f() { echo ok }
echo $((
echo ${x
[[ -d /proc/sys/net && ! -f /proc/sys/net ]] && echo dir
[[ eth0 == eth* ]] && echo match; [[ eth0 == "eth*" ]] || echo literal
[[ 10.0.0.1 =~ ^([0-9]+)\.([0-9]+) ]] && echo ${BASH_REMATCH[0]} ${BASH_REMATCH[2]}
[[ -n "" || -z "" ]] && echo empty; [[ 5 -gt 3 ]] && echo gt; [[ a < b ]] && echo less
[[ 1 -eq a ]]; echo $?; [ 1 -eq a ]; echo $?
[ -f /proc/sys/net/ipv4/ip_forward ] && echo file; [ -d /proc/sys/net/ipv4/conf ] && echo dir; [ -e /nosuch ] || echo none
[ a = a -a b = b ] && echo and; [ a = b -o b = b ] && echo or; [ ! -z x ] && echo notz
[ 2 -lt 10 ] && echo lt; [ 2 \< 10 ] || echo strless; test 3 -ge 3 && echo ge
[ a b c ]; echo $?; [ a -foo b ]; echo $?; [ -q x ]; echo $?; [ 1 -eq ]; echo $?
[ x; echo $?; test; echo $?; test ""; echo $?; test -n; echo $?
