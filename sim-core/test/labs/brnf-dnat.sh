# brnf-dnat: DNAT on a bridge with br_netfilter. A container pings the bridge's address and a
# DNAT rule sends the ping to the other container on the same bridge: the frame stays bridged
# (TTL 64 in the reply, FORWARD sees in = out = br0) and the reply is translated back. A DNAT to
# an address behind another interface is routed instead (TTL 63). The host's own pings into
# the bridge never meet FORWARD.
sysctl -w net.ipv4.ip_forward=1
ip netns add c1
ip netns add c2
ip netns add far
ip link add br0 type bridge
ip link add v1 type veth peer name eth0 netns c1
ip link add v2 type veth peer name eth0 netns c2
ip link add vfar type veth peer name eth0 netns far
ip link set v1 master br0
ip link set v2 master br0
ip link set v1 up
ip link set v2 up
ip link set br0 up
ip link set vfar up
ip addr add 172.19.0.1/24 dev br0
ip addr add 10.5.0.1/24 dev vfar
ip -n c1 addr add 172.19.0.2/24 dev eth0
ip -n c2 addr add 172.19.0.3/24 dev eth0
ip -n far addr add 10.5.0.2/24 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip -n far link set eth0 up
ip -n c1 route add default via 172.19.0.1
ip -n c2 route add default via 172.19.0.1
ip -n far route add default via 10.5.0.1
ip netns exec c1 ping -c 1 -W 1 172.19.0.3
ip netns exec c2 ping -c 1 -W 1 172.19.0.2
iptables -t nat -A PREROUTING -d 172.19.0.1 -p icmp -j DNAT --to-destination 172.19.0.3
iptables -A FORWARD -i br0 -o br0 -p icmp
iptables -A FORWARD -i br0 ! -o br0 -p icmp
iptables -A FORWARD ! -i br0 -o br0 -p icmp
ip netns exec c1 ping -c 2 -i 0.2 -W 1 172.19.0.1
iptables -t nat -L PREROUTING -n -v
iptables -L FORWARD -n -v
conntrack -L -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
iptables -t nat -R PREROUTING 1 -d 172.19.0.1 -p icmp -j DNAT --to-destination 10.5.0.2
conntrack -F
iptables -Z
ip netns exec c1 ping -c 2 -i 0.2 -W 1 172.19.0.1
iptables -t nat -L PREROUTING -n -v
iptables -L FORWARD -n -v
conntrack -L -p icmp 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
iptables -Z
ping -c 1 -W 1 172.19.0.2
iptables -L FORWARD -n -v
iptables -P FORWARD DROP
ping -c 1 -W 1 172.19.0.3
ip netns exec c1 ping -c 1 -W 1 172.19.0.3
iptables -L FORWARD -n -v
