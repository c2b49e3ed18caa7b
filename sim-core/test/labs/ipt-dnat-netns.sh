# ipt-dnat-netns: DNAT of ICMP to a namespace behind the host (the router): a client namespace
# pings the host's outside address and the server namespace answers (the reply is translated
# back, so ping shows the address it asked); DNAT in OUTPUT re-routes the host's own pings;
# conntrack shows the bindings; LOG in FORWARD shows the translated packets; DNAT's errors.
ip netns add client
ip netns add server
ip link add eth0 netns client type veth peer name out0
ip link add eth0 netns server type veth peer name in0
ip -n client addr add 203.0.113.2/24 dev eth0
ip addr add 203.0.113.1/24 dev out0
ip addr add 10.2.0.1/24 dev in0
ip -n server addr add 10.2.0.2/24 dev eth0
ip -n client link set eth0 up
ip link set out0 up
ip link set in0 up
ip -n server link set eth0 up
ip -n server route add default via 10.2.0.1
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A PREROUTING -i out0 -d 203.0.113.1 -p icmp -j DNAT --to-destination 10.2.0.2
iptables -A FORWARD -j LOG --log-prefix "DNATFWD: "
ip netns exec client ping -c 2 -i 0.2 -W 1 203.0.113.1
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -L --dst-nat 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -L -g 10.2.0.2 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
dmesg | grep -o 'DNATFWD: .*' | tail -n 4 | sed -E 's/ ID=[0-9]+//g; s/MAC=[0-9a-f:]+/MAC=M/'
iptables -t nat -L PREROUTING -n -v
iptables -L FORWARD -n -v
iptables -t nat -A OUTPUT -d 192.0.2.9 -p icmp -j DNAT --to-destination 10.2.0.2
ping -c 1 -W 1 192.0.2.9
iptables -t nat -L OUTPUT -n -v
conntrack -L -d 192.0.2.9 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
iptables -t nat -A OUTPUT -d 192.0.2.10 -p icmp -j DNAT --to-destination 127.0.0.1
ping -c 1 -W 1 192.0.2.10
iptables -A FORWARD -j DNAT --to-destination 10.2.0.2
iptables -t nat -A PREROUTING -p icmp -j DNAT
iptables -t nat -A PREROUTING -j DNAT --to-destination 10.2.0.2:80
ip netns exec server iptables -A INPUT -s 203.0.113.2 -j DROP
ip netns exec client ping -c 1 -W 1 203.0.113.1
ip netns exec server iptables -L INPUT -n -v
