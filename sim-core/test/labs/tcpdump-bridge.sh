# Where tcpdump sees frames around a bridge: on a port (both directions), on the bridge device (what is passed
# up, plus, while tcpdump holds it promiscuous, what it forwards), on lo (once), on a router's two sides with TTL
# and the ICMP errors (time exceeded, net unreachable, port unreachable), and the promiscuity counter.
ip netns add R
ip netns add B1
ip netns add B2
ip netns add H
ip netns exec R sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec B1 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec B2 sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec H sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec R sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec R sysctl -w net.ipv4.ip_forward=1
ip -n R link add br0 address 02:00:00:00:01:00 type bridge
ip -n R link set br0 type bridge mcast_snooping 0
ip link add p1 netns R address 02:00:00:00:01:01 type veth peer name e1 netns B1 address 02:00:00:00:00:01
ip link add p2 netns R address 02:00:00:00:01:02 type veth peer name e2 netns B2 address 02:00:00:00:00:02
ip link add rh netns R address 02:00:00:00:02:01 type veth peer name eh netns H address 02:00:00:00:02:02
ip -n R link set p1 master br0
ip -n R link set p2 master br0
ip -n R addr add 10.1.0.1/24 dev br0
ip -n R addr add 10.2.0.1/24 dev rh
ip -n B1 addr add 10.1.0.11/24 dev e1
ip -n B2 addr add 10.1.0.12/24 dev e2
ip -n H addr add 10.2.0.2/24 dev eh
ip -n R link set br0 up
ip -n R link set p1 up
ip -n R link set p2 up
ip -n R link set rh up
ip -n R link set lo up
ip -n B1 link set e1 up
ip -n B2 link set e2 up
ip -n H link set eh up
ip -n B1 route add default via 10.1.0.1
ip -n H route add default via 10.2.0.1
ip netns exec R timeout -s INT 9 tcpdump -i p1 -n -l -e >/tmp/p1.txt 2>&1 &
ip netns exec R timeout -s INT 9 tcpdump -i br0 -n -l -e >/tmp/br0.txt 2>&1 &
ip netns exec R timeout -s INT 9 tcpdump -i rh -n -l -v >/tmp/rh.txt 2>&1 &
ip netns exec R timeout -s INT 9 tcpdump -i lo -n -l >/tmp/lo.txt 2>&1 &
ip netns exec R timeout -s INT 9 tcpdump -i br0 -p -n -l >/tmp/br0p.txt 2>&1 &
sleep 0.3
ip -n R -d link show br0 | grep -o 'promiscuity [0-9]*'
ip -n R -d link show p1 | grep -o 'promiscuity [0-9]*'
ip netns exec B1 ping -c 1 -W 1 10.1.0.12
ip netns exec B1 ping -c 1 -W 1 10.2.0.2
ip netns exec B1 ping -c 1 -W 1 -t 1 10.2.0.2
ip netns exec B1 ping -c 1 -W 1 10.9.9.9
ip netns exec R ping -c 1 -W 1 10.1.0.1
echo x | ip netns exec H nc -u -w 1 -p 40000 10.1.0.11 5555
sleep 6
sed -E 's/id [0-9]+, seq/id N, seq/' /tmp/p1.txt
sed -E 's/id [0-9]+, seq/id N, seq/' /tmp/br0.txt
sed -E 's/id [0-9]+, seq/id N, seq/; s/id [0-9]+, offset/id N, offset/' /tmp/rh.txt
sed -E 's/id [0-9]+, seq/id N, seq/' /tmp/lo.txt
sed -E 's/id [0-9]+, seq/id N, seq/' /tmp/br0p.txt
ip -n R -d link show br0 | grep -o 'promiscuity [0-9]*'
