# netstat-s: net-tools' `netstat -s` over /proc/net/snmp and /proc/net/netstat: the sentences of
# its tables, the counters it prints as "Name: value" because its lookup misses them (unsorted
# tables, newer counters), the ICMP histograms, sections without a table (IcmpMsg, UdpLite, IpExt,
# MPTcpExt), -t/-u/-w choosing protocols, -6 (/proc/net/snmp6), and its usage errors.
#@link a:eth0 b:eth0
#@machine h
netstat -s
ping -c 2 -i 0.2 127.0.0.1 > /dev/null
nc -zv 127.0.0.1 5000
nc -zu 127.0.0.1 5001
netstat -s
netstat -st
netstat -su
netstat -sw
netstat -s --tcp --udp
netstat -s -6
netstat -sA inet
netstat -s -A inet6 -u
netstat -s -x
netstat -s -r
[ $? -eq 3 ] && echo usage
sysctl -w net.ipv4.ip_forward=1
netstat -s | head -3
#@machine a
sleep 2
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -lk -p 7000 > /dev/null 2>&1 &
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
ping -c 3 -i 0.2 10.0.0.1 > /dev/null
ping -c 1 -t 1 -s 2000 10.0.0.1 > /dev/null
nc -zuv 10.0.0.1 7001-7008
nc -zv 10.0.0.1 7000
nc -zv 10.0.0.1 7001
netstat -s
#@machine a
netstat -s
