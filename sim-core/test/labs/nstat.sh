# nstat (iproute2 6.1): counters as increments since the last run, kept in the history file
# /tmp/.nstat.u0 (or $NSTAT_HISTORY); -r resets it, -n only updates it, -s leaves it alone, -a
# shows absolute values, -z zeros, patterns (fnmatch, any case) choose counters, -j/-p JSON; a
# history that went down is "(overflow)", one from another source is stale, garbage fails.
#@machine h
nstat -V
nstat -rn
cat /tmp/.nstat.u0
nstat
ping -c 3 -i 0.2 127.0.0.1 > /dev/null
nstat
nstat
ping -c 1 127.0.0.1 > /dev/null
nstat -s
nstat -s 'icmp*'
nstat -a
nstat -az 'Ip[!6]*'
nstat -n
nstat -a 'Udp*' 'IcmpMsg*'
nc -zu 127.0.0.1 9 ; nc -zv 127.0.0.1 9
nstat -s 'Udp*' 'Tcp*'
nstat -sj
nstat -sjp 'Icmp*'
nstat -j 'Nothing'
nstat -jp 'Nothing'
cat /tmp/.nstat.u0
NSTAT_HISTORY=/run/h nstat 'IpIn*'
ls /run/h
NSTAT_HISTORY=/run/h nstat 'IpIn*'
printf '#kernel\nIpInReceives 1000\nIcmpInMsgs 1\n' > /run/h2
NSTAT_HISTORY=/run/h2 nstat -z 'IpInReceives' 'IcmpInMsgs'
printf '#other\nIpInReceives 1\n' > /run/h3
NSTAT_HISTORY=/run/h3 nstat 'IpInReceives'
printf 'garbage\n' > /run/h4
NSTAT_HISTORY=/run/h4 nstat
NSTAT_HISTORY=/run/nosuchdir/h nstat
nstat -t 0
nstat -x
nstat --help
nstat -r 'Tcp*'
