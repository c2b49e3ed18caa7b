# ping-unreach: iputils ping output when replies do not come back: no route (connect error),
# a neighbour that never answers ARP (Destination Host Unreachable, "+N errors", "pipe N"),
# a router that does not forward (silence), a router without a route (Destination Net
# Unreachable), a router whose next hop does not answer ARP, a REJECT rule, a broadcast address
# with and without -b, and -w/-W deadlines.
#@lan lan1 H:eth0 R:eth0
#@lan lan2 R:eth1 T:eth0
#@machine T
ip link set eth0 up
ip addr add 10.0.2.2/24 dev eth0
ip route add default via 10.0.2.254
#@machine R
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.254/24 dev eth1
#@machine H
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ping -c 1 192.168.9.9
ping -c 3 10.0.1.9
ping -c 1 -W 1 10.0.1.9
ping -c 4 -i 0.2 10.0.1.8
ip neigh show 10.0.1.8
ping -c 2 -q 10.0.1.7
ip route add default via 10.0.1.254
ping -c 2 -i 0.2 -W 1 10.0.2.2
#@machine R
sysctl -w net.ipv4.ip_forward=1
#@machine H
ping -c 2 -i 0.2 10.0.2.2
ping -c 2 -i 0.2 192.168.9.9
ping -c 2 -i 0.2 -n 192.168.9.9
ping -c 1 10.0.2.9
#@machine R
iptables -A FORWARD -d 10.0.2.2 -j REJECT
iptables -A FORWARD -d 10.0.2.3 -j REJECT --reject-with icmp-host-prohibited
iptables -A FORWARD -d 10.0.2.4 -j REJECT --reject-with icmp-net-unreachable
iptables -A FORWARD -d 10.0.2.5 -j REJECT --reject-with icmp-admin-prohibited
#@machine H
ping -c 2 -i 0.2 10.0.2.2
ping -c 1 10.0.2.3
ping -c 1 10.0.2.4
ping -c 1 10.0.2.5
ping -c 1 10.0.1.255
ping -c 1 -W 1 -b 10.0.1.255
ping -c 1 255.255.255.255
ping -c 1 -b 255.255.255.255
ping -c 1 -W 1 -I eth0 -b 255.255.255.255
ping -w 2 10.0.1.9
ping -c 2 -w 1 -i 0.2 10.0.1.6
