# ct-states: conntrack states as -m conntrack / -m state count them on a router (NEW, ESTABLISHED,
# RELATED for an ICMP error about a flow, UNTRACKED after NOTRACK), the entries conntrack -L shows
# (TCP TIME_WAIT [ASSURED], ICMP, SYN_SENT [UNREPLIED]) and conntrack -D / -F / -C / filters.
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
iptables -A FORWARD -m conntrack --ctstate NEW
iptables -A FORWARD -m conntrack --ctstate ESTABLISHED
iptables -A FORWARD -m conntrack --ctstate RELATED
iptables -A FORWARD -m conntrack --ctstate INVALID
iptables -A FORWARD -m conntrack --ctstate UNTRACKED
iptables -A FORWARD -m state --state NEW,ESTABLISHED
conntrack -L
#@machine client
ping -c 2 -i 0.2 -W 1 10.0.2.2
#@machine fw
iptables -L FORWARD -n -v
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -C
#@machine client
curl -s -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
conntrack -L -p tcp 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
conntrack -L -p tcp --state TIME_WAIT 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
conntrack -L -u ASSURED 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
conntrack -L -s 10.0.1.2 -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -L -d 10.0.9.9
conntrack -D -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -C
conntrack -F
conntrack -C
iptables -Z FORWARD
#@machine server
iptables -A INPUT -p tcp --dport 80 -j REJECT
#@machine client
curl -s -m 2 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
iptables -L FORWARD -n -v
conntrack -L 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g'
#@machine server
iptables -R INPUT 1 -p tcp --dport 80 -j DROP
#@machine client
curl -s -m 1 -o /dev/null -w '%{http_code}\n' 10.0.2.2
#@machine fw
conntrack -L -p tcp 2>&1 | sed -E 's/port=[0-9]{5}/port=N/g; s/^(tcp +6) [0-9]+/\1 T/'
conntrack -F
iptables -Z FORWARD
iptables -t raw -A PREROUTING -p icmp -j NOTRACK
#@machine client
ping -c 1 -W 1 10.0.2.2
#@machine fw
iptables -L FORWARD -n -v
conntrack -C
