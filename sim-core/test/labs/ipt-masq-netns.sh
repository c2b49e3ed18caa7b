# ipt-masq-netns: a router namespace between a LAN namespace and a WAN namespace that has no
# route back: the LAN reaches the WAN only once the router masquerades. conntrack shows the
# translated tuple, counters count only the first packet of a flow, SNAT to an address, a
# flush of the nat table, and a router without forwarding.
ip netns add lan
ip netns add rt
ip netns add wan
ip link add eth0 netns lan type veth peer name lan0 netns rt
ip link add eth0 netns wan type veth peer name wan0 netns rt
ip -n lan addr add 10.1.0.2/24 dev eth0
ip -n rt addr add 10.1.0.1/24 dev lan0
ip -n rt addr add 198.51.100.1/24 dev wan0
ip -n wan addr add 198.51.100.2/24 dev eth0
ip -n lan link set eth0 up
ip -n rt link set lan0 up
ip -n rt link set wan0 up
ip -n wan link set eth0 up
ip -n lan route add default via 10.1.0.1
ip netns exec lan ping -c 1 -W 1 198.51.100.2
ip netns exec rt sysctl -w net.ipv4.ip_forward=1
ip netns exec lan ping -c 1 -W 1 198.51.100.2
ip netns exec rt iptables -t nat -A POSTROUTING -s 10.1.0.0/24 -o wan0 -j MASQUERADE
ip netns exec lan ping -c 3 -i 0.2 -W 1 198.51.100.2
ip netns exec rt iptables -t nat -L POSTROUTING -n -v -x
ip netns exec rt conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
ip netns exec wan ip neigh show dev eth0
ip netns exec lan ping -c 1 -W 1 198.51.100.2
ip netns exec rt iptables -t nat -L POSTROUTING -n -v -x
ip netns exec rt conntrack -C
ip netns exec rt conntrack -F
ip netns exec rt iptables -t nat -R POSTROUTING 1 -s 10.1.0.0/24 -o wan0 -j SNAT --to-source 198.51.100.1
ip netns exec rt iptables -t nat -Z
ip netns exec lan ping -c 1 -W 1 198.51.100.2
ip netns exec rt iptables -t nat -S
ip netns exec rt iptables -t nat -L -n -v
ip netns exec rt conntrack -L -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
ip netns exec rt iptables -t nat -F
ip netns exec rt conntrack -F
ip netns exec lan ping -c 1 -W 1 198.51.100.2
iptables -t nat -S
conntrack -L
