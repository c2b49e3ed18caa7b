# shell-bash: what bash itself prints and returns, as the oracle runs each line (`bash -c LINE`):
# unknown commands (exit 127), &&/||/; chains, pipes and a pipeline's exit status, where stderr
# goes in pipes and redirections, quoting and escapes, line continuation, comments, globs.
#@machine H
foo
foo bar baz
ipp route
/usr/sbin/nosuch
./nosuch
true && echo yes
false && echo yes
false || echo no
true || echo no
false; echo after
false; echo $?
true; echo $?
foo; echo $?
ip route show dev eth9; echo $?
ip link show lo > /dev/null && echo found
ip link show eth9 > /dev/null && echo found
ip link show eth9 2> /dev/null || echo missing
ip link | grep -c mtu
ip link | grep -c nosuch
ip link | grep nosuch
ip link show eth9 | cat
ip link show eth9 | cat; echo ${PIPESTATUS[0]} $?
ip link show eth9 2>&1 | cat
false | true
true | false
ip link show lo | head -1
echo one two | wc -w
ip route show table local > /run/routes.txt
cat /run/routes.txt
ip link show lo > /run/links.txt
wc -l < /run/links.txt
echo first > /run/notes.txt
echo second >> /run/notes.txt
cat /run/notes.txt
cat /run/nosuch.txt
cat < /run/nosuch.txt
echo 'single  quoted $X' "double  quoted" \$X
X=5; echo "$X" '$X' \$X $X
echo "it's" 'say "hi"' a\ b
echo a\
b
echo \
  multi \
  line
echo hash # comment
echo #nothing
echo a;echo b
echo {1..3}
echo /proc/sys/net/ipv4/conf/l*
echo $((6*7))
echo $(hostname)
exit 3
