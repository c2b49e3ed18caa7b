# files-dirs: directories where a file is expected. A directory operand opens and then fails to
# read (EISDIR), and each text utility says so in its own words (cat, head, tail, wc with its
# counts line, grep -c/-L/-d/-r, sed's panic and its look-ahead for $, mawk's fatal read error,
# sort, uniq, cut, nl, tac, tr, column, tee); `< DIR` succeeds in bash and the program's reads fail;
# `> DIR`, `>> DIR` and `<> DIR` fail in bash; read, mapfile, source, bash and sh given one.
#@machine H
mkdir -p /run/lab/sub && printf 'one\ntwo\n' > /run/lab/f.txt && printf '/run/lab/f.txt\0/run/lab/sub\0' > /run/lab/list0
cat /run/lab/sub
cat < /run/lab/sub
cat /run/lab/f.txt /run/lab/sub /run/lab/f.txt
cat -n /run/lab/f.txt /run/lab/sub /run/lab/f.txt
cat - - < /run/lab/sub
{ cat; echo mid; cat; } < /run/lab/sub
cat < /run/lab/sub | wc -c
cat /proc/sys/net/ipv4/conf; echo $?
ip netns add red; cat /run/netns/red; head /run/netns/red; wc -c /run/netns/red
head /run/lab/sub
head < /run/lab/sub
head /run/lab/f.txt /run/lab/sub
head -n 0 -v /run/lab/sub
head -c -1 /run/lab/sub /run/lab/nosuch
tail /run/lab/sub
tail < /run/lab/sub
tail -n +1 /run/lab/sub
tail -n 1 /run/lab/f.txt - /run/lab/f.txt < /run/lab/sub
tail -f /run/lab/sub
tail -f < /run/lab/sub
tail -f /run/lab/nosuch
wc /run/lab/sub
wc < /run/lab/sub
wc -l /run/lab/sub
wc /run/lab/f.txt /run/lab/sub
wc -lw /run/lab/nosuch /run/lab/sub /run/lab/f.txt
wc --files0-from=/run/lab/sub
wc --files0-from=/run/lab/list0
printf '/run/lab/f.txt\0/run/lab/sub\0' | wc --files0-from=-
grep x /run/lab/sub
grep x < /run/lab/sub
grep -s x /run/lab/sub
grep -c o /run/lab/f.txt /run/lab/sub
grep -L o /run/lab/sub; grep -l o /run/lab/f.txt /run/lab/sub
grep -q o /run/lab/sub /run/lab/f.txt; echo $?
grep -d skip o /run/lab/sub; echo $?
grep -r o /run/lab/sub; echo $?
grep -f /run/lab/sub x /run/lab/f.txt
egrep x /proc/sys/net
sed p /run/lab/sub
sed p < /run/lab/sub
sed -n p /run/lab/f.txt /run/lab/sub /run/lab/f.txt
sed '$!d' /run/lab/f.txt /run/lab/sub /run/lab/f.txt
sed -n '$=' /run/lab/f.txt - < /run/lab/sub
sed -f /run/lab/sub /run/lab/f.txt
sed 'r /run/lab/sub' /run/lab/f.txt
sed -i p /run/lab/sub
awk 1 /run/lab/sub
awk 1 < /run/lab/sub
awk 1 /run/lab/f.txt /run/lab/sub /run/lab/f.txt
awk -f /run/lab/sub /run/lab/f.txt
awk 'BEGIN { print 1 } END { print 2 }' /run/lab/sub
awk 'BEGIN { print "a"; getline x < "/run/lab/sub"; print "b" }'
awk 'BEGIN { while (("cat /run/lab/sub" | getline l) > 0) print l; print "done" }'
mawk 1 /run/lab/sub
sort /run/lab/sub
sort < /run/lab/sub
sort /run/lab/f.txt /run/lab/sub
sort /run/lab/sub /run/lab/nosuch
sort -c /run/lab/sub
sort --files0-from=/run/lab/sub
uniq /run/lab/sub
uniq -c < /run/lab/sub
cut -c1 /run/lab/f.txt /run/lab/sub /run/lab/f.txt
cut -d: -f1 < /run/lab/sub
nl /run/lab/f.txt /run/lab/sub /run/lab/f.txt
nl < /run/lab/sub
tac /run/lab/f.txt /run/lab/sub
tac < /run/lab/sub
tr a b < /run/lab/sub
tee /run/lab/t.txt < /run/lab/sub; echo $?; ls /run/lab/t.txt
column /run/lab/sub
column -t < /run/lab/sub
column -t /run/lab/f.txt /run/lab/nosuch /run/lab/sub
echo x > /run/lab/sub
echo x >> /run/lab/sub; echo $?
echo x &> /run/lab/sub
cat <> /run/lab/sub
exec 3< /run/lab/sub; echo $?
read x < /run/lab/sub; echo "st=$? x=$x"
while read l; do echo "l=$l"; done < /run/lab/sub; echo $?
mapfile -t arr < /run/lab/sub; echo "${#arr[@]} $?"
source /run/lab/sub; echo $?
. /run/lab/sub
bash /run/lab/sub; echo $?
bash < /run/lab/sub; echo $?
sh /run/lab/sub; echo $?; sh < /run/lab/sub; echo $?
/run/lab/sub; echo $?
