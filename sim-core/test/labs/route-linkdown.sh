# route-linkdown: what routes show and do when links lose carrier (linkdown), go admin-down (routes
# removed, not restored), in multipath (dead linkdown nexthops), and when an address or a device
# is deleted (which routes go with it).
ip netns add A
ip link add v0 type veth peer name v1 netns A
ip link add w0 type veth peer name w1 netns A
ip addr add 10.1.0.1/24 dev v0
ip addr add 10.2.0.1/24 dev w0
ip link set v0 up
ip link set w0 up
ip link show v0
ip route
ip route add 10.50.0.0/16 via 10.1.0.2
ip route add 10.51.0.0/16 dev v0
ip route
ip route get 10.50.0.1
ip -n A link set v1 up
ip -n A link set w1 up
ip link show v0
ip route
ip route add 10.60.0.0/16 nexthop via 10.1.0.2 nexthop via 10.2.0.2 weight 3
ip route add 10.61.0.0/16 nexthop via 10.1.0.2 nexthop via 10.9.0.2
ip route
ip route show 10.60.0.0/16
ip -n A link set w1 down
ip route
ip route show 10.60.0.0/16
ip link set w0 down
ip route
ip link set w0 up
ip route
ip -n A link set w1 up
ip route
ip route add 10.70.0.0/16 via 10.2.0.2
ip route add 10.71.0.0/16 dev w0 src 10.2.0.1
ip route add 10.72.0.0/16 via 10.2.0.2 src 10.1.0.1
ip route
ip addr del 10.2.0.1/24 dev w0
ip route
ip addr add 10.2.0.1/24 dev w0
ip addr add 10.2.0.9/24 dev w0
ip route add 10.70.0.0/16 via 10.2.0.2
ip route
ip addr del 10.2.0.1/24 dev w0
ip addr
ip route
ip link del v0
ip route
ip link show v0
ip route add 10.50.0.0/16 via 10.1.0.2
ip route add 10.50.0.0/16 dev v0
