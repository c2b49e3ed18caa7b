# ipt-multiport: a server that accepts web ports with -m multiport and rejects the rest; curl from
# the client to open, rejected and dropped ports; the counters; --ports and ranges.
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
python3 -m http.server 8080 --bind 0.0.0.0 >/dev/null 2>&1 &
python3 -m http.server 9000 --bind 0.0.0.0 >/dev/null 2>&1 &
iptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 9000,9001 -j DROP
iptables -A INPUT -p tcp -m multiport ! --sports 1:1023 -j REJECT --reject-with tcp-reset
iptables -A INPUT -p icmp -j ACCEPT
iptables -L INPUT -n
iptables -L INPUT
#@machine client
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2:8080
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2:9000
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2:22
#@machine server
iptables -L INPUT -n -v | grep -v ESTABLISHED
iptables -R INPUT 2 -p tcp -m multiport --ports 80,8080 -j ACCEPT
iptables -S INPUT
