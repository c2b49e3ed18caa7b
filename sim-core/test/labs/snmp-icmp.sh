# snmp-icmp: the kernel's IP and ICMP counters (/proc/net/snmp, /proc/net/netstat) on a host, a
# router and a target: echo requests and replies, forwarding, TTL expiry (InHdrErrors), no route
# (InNoRoutes, net unreachable), forwarding off (InAddrErrors), prohibit routes, broadcast echoes
# (ignored: InErrors), fragmentation and reassembly, DF over a small MTU (FragFails, frag needed).
#@lan lan1 H:eth0 R:eth0
#@lan lan2 R:eth1 T:eth0
#@machine H
sleep 2
cat /proc/net/snmp
cat /proc/net/netstat | grep -v '^TcpExt\|^MPTcpExt'
#@machine T
ip link set eth0 up
ip addr add 10.0.2.2/24 dev eth0
ip route add default via 10.0.2.254
#@machine R
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.254/24 dev eth1
grep '^Ip:' /proc/net/snmp
sysctl -w net.ipv4.ip_forward=1
grep '^Ip:' /proc/net/snmp
sysctl -w net.ipv4.ip_default_ttl=65
grep '^Ip:' /proc/net/snmp
sysctl -w net.ipv4.ip_default_ttl=64
#@machine H
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ip route add default via 10.0.1.254
ping -c 2 -i 0.2 10.0.1.254
cat /proc/net/snmp
ping -c 2 -i 0.2 10.0.2.2
ping -c 1 -t 1 10.0.2.2
ping -c 2 -i 0.2 192.168.9.9
ping -c 1 -s 3000 10.0.2.2
ping -c 1 -b 10.0.1.255
cat /proc/net/snmp
cat /proc/net/netstat | grep -v '^TcpExt\|^MPTcpExt'
#@machine R
cat /proc/net/snmp
cat /proc/net/netstat | grep -v '^TcpExt\|^MPTcpExt'
ip route add prohibit 10.0.9.0/24
ip link set eth1 mtu 1400
sysctl -w net.ipv4.ip_forward=0
#@machine H
ping -c 1 -W 1 10.0.2.2
#@machine R
sysctl -w net.ipv4.ip_forward=1
#@machine H
ping -c 1 10.0.9.9
ping -c 1 -M do -s 1450 10.0.2.2
ping -c 1 -s 1450 10.0.2.2
grep -A1 '^Icmp' /proc/net/snmp
#@machine R
cat /proc/net/snmp
cat /proc/net/netstat | grep -v '^TcpExt\|^MPTcpExt'
#@machine T
cat /proc/net/snmp
cat /proc/net/netstat | grep -v '^TcpExt\|^MPTcpExt'
