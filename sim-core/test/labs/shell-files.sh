# shell-files: files as a network lab touches them: GNU ls (one name per line in a pipe, -l, -a,
# -d, -1, errors), redirections and their errors, builtins writing to /proc/sys (the error text
# goes where stderr points), tee, touch, mkdir, rm, cp, mv, cat, test, and the lookup commands
# (type, command -v, which, getent), seq, xargs, env and a script run with bash and source.
#@machine H
ls /proc/sys/net/ipv4/conf
ls /proc/sys/net/ipv4/conf/lo | head -5
ls -d /proc/sys/net/ipv4/conf /proc/sys/net/ipv4/ip_forward
ls /proc/sys/net/ipv4/conf/lo/forwarding /proc/sys/net/ipv4/conf/default
ls /nosuch; echo $?
ls -z
ls --bogus
ls -l /proc/sys/net/ipv4/conf | awk '{print $1, $2, $3, $4, $5, $NF}'
ls -l /proc/sys/net/ipv4/ip_forward | awk '{print $1, $2, $3, $4, $5, $NF}'
ls -1 /proc/sys/net/ipv4/neigh
ls /proc/sys/net/ipv4/conf/ | wc -l
mkdir /run/lab && cd /run/lab && touch b a C _x .hidden 10 9 && ls
ls -a /run/lab
ls -A /run/lab
ls -r /run/lab
ls /run/lab/*
echo /run/lab/* /run/lab/.* /run/lab/[a-z] /run/lab/?
mkdir /run/lab/sub /run/lab/sub2 && ls -p /run/lab && ls -F /run/lab | tail -3
ls -l /run/lab | awk '{print $1, $2, $5, $NF}'
echo hello > /run/lab/f.txt; echo world >> /run/lab/f.txt; cat /run/lab/f.txt; ls -l /run/lab/f.txt | awk '{print $1, $5}'
ls /run/lab/sub /run/lab/f.txt /run/lab/sub2
mkdir /run/lab/sub; echo $?
mkdir /run/nosuch/dir
mkdir -p /run/lab/p/q/r && ls -R /run/lab/p
rmdir /run/lab/p; rm /run/lab/p; rm -r /run/lab/p && ls /run/lab/p
rm /run/lab/nosuch; rm -f /run/lab/nosuch; echo $?
cp /run/lab/f.txt /run/lab/g.txt && mv /run/lab/g.txt /run/lab/h.txt && cat /run/lab/h.txt && ls /run/lab/g.txt
cp /run/lab/nosuch /run/lab/x; cp /run/lab/f.txt
cat /run/lab/sub
cat < /run/lab/sub
echo x > /run/lab/sub
echo x > /run/nosuch/file
echo x > /proc/sys/net/ipv4/nosuch
echo 1 > /proc/sys/net/ipv4/conf
echo abc > /proc/sys/net/ipv4/ip_forward
echo abc > /proc/sys/net/ipv4/ip_forward 2>/run/lab/err; cat /run/lab/err
(echo abc > /proc/sys/net/ipv4/ip_forward); echo $?
printf 'abc\n' > /proc/sys/net/ipv4/ip_forward 2>/dev/null; echo $?
{ echo 1; } > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward
echo 0 | tee /proc/sys/net/ipv4/ip_forward /run/lab/t.txt; cat /run/lab/t.txt
x=/run/lab/f.txt; cat $x > /dev/null && echo ok; y="a b"; echo hi > $y
echo hi > $nosuchvar
cat /run/lab/f.txt | grep -c o; grep hello < /run/lab/f.txt; wc -l < /run/lab/f.txt
echo both &> /run/lab/both.txt; ls /nosuch >> /run/lab/both.txt 2>&1; cat /run/lab/both.txt
cat <<EOT > /run/lab/doc.txt
cat <<< "line one $(hostname) $((1+1))" > /run/lab/doc.txt; cat /run/lab/doc.txt
cat <<< 'literal $HOME $(hostname)'
[ -f /run/lab/f.txt ] && echo f; [ -d /run/lab/sub ] && echo d; [ -s /run/lab/f.txt ] && echo s; [ -e /run/lab/none ] || echo none
[ -x /usr/sbin/ip ] && echo exec; [ -L /bin ] && echo link; [ -r /etc/hosts ] && echo readable
printf 'echo script args: $#\necho first=$1\nexit 4\n' > /run/lab/s.sh; bash /run/lab/s.sh a b; echo $?
printf 'v=sourced\nf() { echo in-f; }\n' > /run/lab/lib.sh; . /run/lab/lib.sh; echo $v; f; source /run/lab/nosuch
bash /run/lab/nosuch.sh
bash -c 'echo inner $0 $1; exit 5' zero one; echo $?
bash -c 'nosuchcmd'
echo 'echo from stdin' | bash
type echo ls ip sysctl cd if nosuch
type -t echo ls if; type -p ip; type -a echo | head -2
command -v ip echo if nosuch; echo $?
command -V ls
which ip ping ls nosuch; echo $?
which -a ls
hash; ls / > /dev/null; hash
getent hosts localhost; getent hosts H; getent hosts 127.0.0.1; getent hosts nosuch; echo $?
getent ahosts localhost
getent
getent foo bar
seq 3; seq 2 4; seq 0 5 20; seq -s, 5; seq -w 8 10; seq 5 1; echo $?
seq; seq x; seq 1 0 3
seq 1 0.5 3
echo a b c | xargs -n 1 echo item; printf '1\n2\n' | xargs -I{} echo n={}
echo lo | xargs ip -o link show | cut -d' ' -f2
echo | xargs nosuchcmd; echo $?
echo x | xargs false; echo $?
env -i A=1 B=2 env; env -i A=1 sh -c 'echo $A'
env nosuchcmd; echo $?
ip netns add red; ip netns exec red nosuchcmd; echo $?
ip netns exec red cd /
ip netns exec red echo hello from red; ip netns exec red sh -c 'ip -o link show | wc -l'
nsenter ip -o link show lo | cut -d' ' -f2
nsenter --net=/run/netns/red nosuchcmd; echo $?
timeout 1 nosuchcmd; echo $?
basename /proc/sys/net/ipv4/ip_forward; dirname /proc/sys/net/ipv4/ip_forward; basename /a/b.txt .txt
