# shell-expand: bash 5.2's expansions as a lab script uses them, one `bash -c` per line: brace
# expansion, parameter expansion (defaults, lengths, pattern removal and replacement, case,
# substrings, indirection), arrays, arithmetic (operators, bases, errors), word splitting on
# IFS, quoting, pathname expansion against /proc/sys, command substitution, and printf.
#@machine H
echo {1..5} {a..e} {1..10..3} {5..1} {05..11} {a,b}{1,2} x{a,b,}y
echo {1..3}{,} {,} "{a,b}" {a} a{b,c} \{1..3} {1..3
for i in {1..3}; do echo "veth$i"; done
x=a.b.c; echo ${x%.*} ${x%%.*} ${x#*.} ${x##*.} ${x/./-} ${x//./-} ${x/#a/Z} ${x/%c/Z}
x=hello; echo ${#x} ${x:1} ${x:1:3} ${x: -2} ${x:(-3):2} ${x^} ${x^^} ${x,,} ${x@Q}
unset y; echo "[${y:-def}] [${y-def}] [${y:+alt}] [${y:=set}] [$y]"
y=; echo "[${y:-def}] [${y-def}] [${y:+alt}] [${y+alt}]"
echo ${nosuch:?is required}; echo after
echo "${nosuch?}"
echo ${x$}
name=x; x=42; echo ${!name}
ifs=(eth0 eth1 "br 0"); echo ${#ifs[@]} ${ifs[1]} "${ifs[2]}" ${!ifs[@]}; for i in "${ifs[@]}"; do echo "<$i>"; done
a=(); a+=(one); a+=(two three); a[5]=six; echo ${#a[@]} ${!a[@]} "${a[*]}" ${a[-1]}
declare -A m=([eth0]=10.0.0.1 [eth1]=10.0.1.1); echo ${m[eth1]} ${#m[@]}; m[lo]=127.0.0.1; echo ${m[lo]}
echo $((6*7)) $((2**10)) $((17/5)) $((17%5)) $((-17/5)) $((1<<8)) $((0xff)) $((010)) $((2#1010)) $((16#ff))
echo $((1 < 2)) $((1 == 2)) $((!0)) $((~0)) $((3 & 5)) $((3 | 5)) $((3 ^ 5)) $((1 ? 10 : 20)) $((1, 2))
i=5; echo $((i++)) $i $((++i)) $((i+=10)) $((i*=2)) $i
n=3; echo $((n*n)) $(( n > 2 && n < 5 )) $((2**63)) $((9223372036854775807 + 1))
echo $((1/0)); echo after
echo $((1+)); echo after
echo $((09)); echo after
echo $(( 2 ** -1 ))
((x = 3 * 4)); echo $x; ((x > 10)) && echo big; ((0)); echo $?
let 'y = 7 * 6' z=1+1; echo $y $z
x="  a   b  "; echo [$x] ["$x"]; set -- $x; echo $#
IFS=: read -r a b c <<< "x:y:z"; echo $a-$b-$c
IFS=,; v="1,2,,3"; for f in $v; do echo "<$f>"; done
echo 'single $x' "double $x" \$x "a\"b" 'it'\''s' $'tab\there' "$(echo nested "$(echo deep)")"
echo /proc/sys/net/ipv4/conf/*/forwarding
echo /proc/sys/net/ipv4/ip_forw* /proc/sys/net/ipv4/ip_?efault_ttl /proc/sys/net/ipv4/conf/[ad]*
echo /proc/sys/net/nosuch* "/proc/sys/net/ipv4/conf/*" /proc/sys/net/ipv4/conf/\*
x='/proc/sys/net/ipv4/conf/l*'; echo $x "$x"
echo $(hostname) `hostname` "$(ip -o link show lo | cut -d: -f2)"
echo "$(printf 'a\nb\n\n\n')|"
x=$(false); echo $?; x=$(exit 3); echo $?
printf '%s|%5s|%-5s|%.2s\n' abc abc abc abc
printf '%d %i %05d %x %X %o %#x %+d %c\n' 42 -7 42 255 255 8 255 5 hello
printf '%.3f %e %g %10.2f\n' 3.14159 1234.5 0.0001 2.5
printf '%s=%s\n' a 1 b 2 c
printf '%b\n' 'x\ty' 'a\nb'; printf '%q\n' "a b" "it's" ''
printf '%d\n' abc 12abc; echo $?
printf; echo $?
printf '%z\n' x
printf -v out '%03d' 7; echo $out
echo -e 'a\tb\x41\0101' -n; echo -n no-newline; echo; echo -E 'a\tb'
