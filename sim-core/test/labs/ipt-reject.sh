# ipt-reject: REJECT with every --reject-with type iptables accepts, as ping and curl see it from
# the client (ICMP unreachable codes, tcp-reset = connection refused), compared with DROP.
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
iptables -A FORWARD -j REJECT
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-net-unreachable
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-host-unreachable
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-proto-unreachable
#@machine client
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-net-prohibited
#@machine client
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-host-prohibited
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j REJECT --reject-with icmp-admin-prohibited
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -p tcp -j REJECT --reject-with tcp-reset
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -R FORWARD 1 -j DROP
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine server
iptables -A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset
iptables -A INPUT -p icmp -j REJECT
#@machine fw
iptables -F FORWARD
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
ping -c 1 -W 1 10.0.2.2
#@machine server
iptables -L INPUT -n -v
