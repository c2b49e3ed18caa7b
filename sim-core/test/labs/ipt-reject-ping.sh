# ipt-reject-ping: REJECT as ping sees it, spaced out so that icmp_ratelimit never hides an
# error: each --reject-with on a router (From the router's address), REJECT in INPUT of the
# target (From the target), REJECT and DROP in OUTPUT of the sender itself (sendmsg fails),
# REJECT on lo, counters, and the errors iptables gives for misplaced REJECT options.
ip netns add a
ip netns add r
ip netns add b
ip link add eth0 netns a type veth peer name ra netns r
ip link add eth0 netns b type veth peer name rb netns r
ip -n a addr add 10.3.1.2/24 dev eth0
ip -n r addr add 10.3.1.1/24 dev ra
ip -n r addr add 10.3.2.1/24 dev rb
ip -n b addr add 10.3.2.2/24 dev eth0
ip -n a link set eth0 up
ip -n r link set ra up
ip -n r link set rb up
ip -n b link set eth0 up
ip -n a route add default via 10.3.1.1
ip -n b route add default via 10.3.2.1
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip netns exec r iptables -A FORWARD -p icmp -j REJECT
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-net-unreachable
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-host-unreachable
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-proto-unreachable
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-net-prohibited
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-host-prohibited
ip netns exec a ping -c 1 -W 1 10.3.2.2
sleep 1
ip netns exec r iptables -R FORWARD 1 -p icmp -j REJECT --reject-with icmp-admin-prohibited
ip netns exec a ping -c 2 -i 0.3 -W 1 10.3.2.2
ip netns exec r iptables -L FORWARD -n -v
ip netns exec r iptables -F FORWARD
ip netns exec b iptables -A INPUT -p icmp --icmp-type echo-request -j REJECT --reject-with icmp-host-prohibited
ip netns exec a ping -c 1 -W 1 10.3.2.2
ip netns exec b ping -c 1 -W 1 10.3.2.1
ip netns exec b iptables -F INPUT
ip netns exec a iptables -A OUTPUT -d 10.3.2.2 -j REJECT
ip netns exec a ping -c 1 -W 1 10.3.2.2
ip netns exec a iptables -R OUTPUT 1 -d 10.3.2.2 -j DROP
ip netns exec a ping -c 1 -W 1 10.3.2.2
ip netns exec a iptables -L OUTPUT -n -v
ip netns exec a iptables -F OUTPUT
ip netns exec a iptables -A INPUT -i lo -j REJECT
ip netns exec a ip link set lo up
ip netns exec a ping -c 1 -W 1 127.0.0.1
ip netns exec a iptables -L INPUT -n -v
iptables -A FORWARD -p icmp -j REJECT --reject-with tcp-reset
iptables -t nat -A PREROUTING -j REJECT
iptables -A INPUT -j REJECT --reject-with icmp-bogus
iptables -S
