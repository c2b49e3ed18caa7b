# ipt-frag-nat: fragmented datagrams through a masquerading router. With conntrack active the
# router reassembles them (nf_defrag_ipv4) before NAT and fragments them again on the way out;
# counters count whole datagrams; a router without conntrack forwards fragments one by one.
ip netns add lan
ip netns add wan
ip link add eth0 netns lan type veth peer name lan0
ip link add eth0 netns wan type veth peer name wan0
ip -n lan addr add 10.6.0.2/24 dev eth0
ip addr add 10.6.0.1/24 dev lan0
ip addr add 198.51.100.1/24 dev wan0
ip -n wan addr add 198.51.100.2/24 dev eth0
ip -n lan link set eth0 up
ip link set lan0 up
ip link set wan0 up
ip -n wan link set eth0 up
ip -n lan route add default via 10.6.0.1
ip -n wan link set eth0 mtu 1400
ip link set wan0 mtu 1400
sysctl -w net.ipv4.ip_forward=1
iptables -A FORWARD -p icmp
ip netns exec lan ping -c 1 -W 1 -s 3000 198.51.100.2
ip -n wan route add default via 198.51.100.1
ip netns exec lan ping -c 1 -W 1 -s 3000 198.51.100.2
iptables -L FORWARD -n -v -x
ip route del 10.6.0.0/24 dev lan0
ip route add 10.6.0.0/24 dev lan0
ip -n wan route del default
iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
iptables -Z
ip netns exec lan ping -c 2 -i 0.2 -W 1 -s 3000 198.51.100.2
iptables -L FORWARD -n -v -x
iptables -t nat -L POSTROUTING -n -v -x
conntrack -L -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
ip -n wan -s link show eth0
