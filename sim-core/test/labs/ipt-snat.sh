# ipt-snat: a router (fw) between a client net (10.0.1.0/24) and a server net (10.0.2.0/24) whose
# server has no route back: nothing works until SNAT / MASQUERADE on the way out; conntrack shows
# the binding, later packets and replies are translated without the nat table (counters).
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
python3 -m http.server 80 --bind 0.0.0.0 >/dev/null 2>&1 &
#@machine client
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -t nat -A POSTROUTING -o eth1 -j SNAT --to-source 10.0.2.1
iptables -t nat -S
#@machine client
ping -c 2 -i 0.2 -W 1 10.0.2.2
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -t nat -L -n -v
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g; s/port=[0-9]{4,5}/port=N/g' | sort
conntrack -L -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -L -p tcp --dport 80 2>&1 | sed -E 's/port=[0-9]{4,5}/port=N/g'
conntrack -F
iptables -t nat -R POSTROUTING 1 -o eth1 -j MASQUERADE
iptables -t nat -Z
#@machine client
ping -c 1 -W 1 10.0.2.2
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -t nat -L POSTROUTING -n -v
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g; s/port=[0-9]{4,5}/port=N/g' | sort
conntrack -C
iptables -t nat -F
conntrack -F
#@machine client
ping -c 1 -W 1 10.0.2.2
