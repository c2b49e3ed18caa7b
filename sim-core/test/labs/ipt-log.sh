# ipt-log: LOG lines as dmesg shows them (nf_log_syslog: IN= OUT= MAC= SRC= … PROTO=…) for a
# forwarded ping and its reply, a packet to the router, one from it, TCP with flags, an ICMP error
# quoting the packet it answers, prefixes and levels. Changing fields (IP and ICMP ids, ports) are
# blanked with sed; dmesg's timestamps are cut by grep -o.
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
iptables -A FORWARD -p icmp -j LOG --log-prefix "HS-FWD: "
iptables -A FORWARD -p tcp --tcp-flags SYN,ACK SYN -j LOG --log-prefix "HS-SYN: " --log-level 6
iptables -A INPUT -p icmp -j LOG --log-prefix "HS-IN: "
iptables -A OUTPUT -p icmp -j LOG --log-prefix "HS-OUT: "
#@machine client
ping -c 1 -W 1 10.0.2.2
ping -c 1 -W 1 10.0.1.1
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine server
iptables -A INPUT -p tcp --dport 81 -j REJECT
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2:81
#@machine fw
dmesg | grep -o 'HS-[A-Z]*: .*' | tail -n 7 | sed -E 's/ ID=[0-9]+//g; s/(SPT|DPT)=[0-9]{5}/\1=N/g'
iptables -L -n -v
