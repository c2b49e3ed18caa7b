# ipt-dnat: publish the server's port 80 on the router's client-side address, port 8080 (DNAT to
# another host), with and without a way back; what conntrack shows; a DNAT range with a port.
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
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.1.1:8080
#@machine fw
iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80
iptables -t nat -L -n -v
#@machine client
curl -s -o /dev/null -w '%{http_code}\n' 10.0.1.1:8080
curl -s -o /dev/null -w '%{http_code}\n' 10.0.1.1:8080
#@machine fw
iptables -t nat -L PREROUTING -n -v
conntrack -L -p tcp 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
conntrack -L -p tcp --dport 8080 -g 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
iptables -A FORWARD -p tcp -d 10.0.2.2 --dport 80 --syn -m conntrack --ctstate DNAT -j LOG --log-prefix "HS-DNAT: "
iptables -P FORWARD DROP
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A FORWARD -i eth0 -o eth1 -p tcp --dport 80 -m conntrack --ctstate NEW -j ACCEPT
#@machine client
curl -s -o /dev/null -w '%{http_code}\n' 10.0.1.1:8080
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -L FORWARD -n -v | grep -v ESTABLISHED
iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8081 -j DNAT --to-destination 10.0.2.2
iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8082 -j DNAT --to-destination :80
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.1.1:8081
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.1.1:8082
#@machine fw
iptables -t nat -L PREROUTING -n -v --line-numbers
