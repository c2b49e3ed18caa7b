# ipt-trace: -j TRACE with the nf_tables back-end writes nothing to dmesg: xtables-monitor --trace
# shows every base chain (PACKET line) and rule (TRACE lines with the rule handle and verdict) a
# marked packet meets; the nat chain only for the first packet. Packet ids and IP ids are blanked.
#@link client:eth0 fw:eth0
#@link fw:eth1 server:eth0
#@machine client
ip link set eth0 address 02:00:00:00:01:02
ip addr add 10.0.1.2/24 dev eth0
ip link set eth0 up
ip route add default via 10.0.1.1
#@machine fw
ip link set eth0 address 02:00:00:00:01:01
ip link set eth1 address 02:00:00:00:02:01
ip addr add 10.0.1.1/24 dev eth0
ip addr add 10.0.2.1/24 dev eth1
ip link set eth0 up
ip link set eth1 up
sysctl -w net.ipv4.ip_forward=1
#@machine server
ip link set eth0 address 02:00:00:00:02:02
ip addr add 10.0.2.2/24 dev eth0
ip link set eth0 up
ip route add default via 10.0.2.1
python3 -m http.server 80 --bind 0.0.0.0 >/dev/null 2>&1 &
#@machine fw
iptables -t raw -A PREROUTING -p icmp -j TRACE
iptables -A FORWARD -p icmp -j ACCEPT
iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE
iptables -t raw -A OUTPUT -p icmp -j TRACE
dmesg | grep -c TRACE
(timeout 2 xtables-monitor --trace & sleep 0.5; ping -c 2 -i 0.3 -W 1 10.0.2.2 > /dev/null; wait) | sed -E 's/ [0-9a-f]{8} / X /; s/ ID=[0-9]+ / ID=N /'
iptables -t nat -L POSTROUTING -n -v
