# snmp-udp: UDP and ICMP counters of a netcat UDP scan: datagrams read by the listener
# (InDatagrams counts what the program reads), closed ports (NoPorts), the port unreachables the
# per-destination rate limit lets through (OutDestUnreachs) or holds back (OutRateLimitHost), the
# namespace-wide limit (icmp_msgs_per_sec 0: OutRateLimitGlobal), and sends that fail on the
# pending ECONNREFUSED (OutDiscards).
#@link a:eth0 b:eth0
#@machine a
sleep 2
sysctl -w net.ipv4.icmp_msgs_per_sec=0
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -u -l -k -p 7000 > /dev/null 2>&1 &
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
nc -zuv 10.0.0.1 7001-7003; echo $?
#@machine a
grep -A1 '^Icmp:' /proc/net/snmp
grep -A1 '^Udp:' /proc/net/snmp
sysctl -w net.ipv4.icmp_msgs_per_sec=1000
#@machine b
cat /proc/net/snmp
nc -zuv 10.0.0.1 7000; echo $?
nc -zuv -w 1 10.0.0.1 7000; echo $?
nc -zu 10.0.0.1 7001; echo $?
nc -zuv 10.0.0.1 7001; echo $?
echo hi | nc -uv -w 1 10.0.0.1 7001; echo $?
nc -zuv -w 1 10.0.0.1 7001-7009; echo $?
sleep 3
nc -zuv -w 0 10.0.0.1 7001-7010; echo $?
cat /proc/net/snmp
cat /proc/net/netstat | grep '^IpExt'
#@machine a
cat /proc/net/snmp
cat /proc/net/netstat | grep '^IpExt'
sysctl -w net.ipv4.icmp_ratelimit=0
#@machine b
nc -zuv -w 0 10.0.0.1 7001-7003; echo $?
#@machine a
grep -A1 '^Icmp:' /proc/net/snmp
grep -A1 '^Udp:' /proc/net/snmp
