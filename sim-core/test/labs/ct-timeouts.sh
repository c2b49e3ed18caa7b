# ct-timeouts: conntrack entries age on the clock: an ICMP flow shows 30 s minus the time
# since its last packet and is gone after it; nf_conntrack_count follows the table; -o extended;
# the entries a router tracks for its own pings; conntrack -D by address.
ip netns add a
ip link add eth0 netns a type veth peer name va
ip -n a addr add 10.7.0.2/24 dev eth0
ip addr add 10.7.0.1/24 dev va
ip -n a link set eth0 up
ip link set va up
iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
sysctl net.netfilter.nf_conntrack_count
ping -c 1 -W 1 10.7.0.2 > /dev/null
ip netns exec a ping -c 1 -W 1 10.7.0.1 > /dev/null
sysctl net.netfilter.nf_conntrack_count
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g' | sort
sleep 5
conntrack -L -o extended 2>&1 | sed -E 's/id=[0-9]+/id=N/g' | sort
conntrack -D -s 10.7.0.2 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -C
sleep 13
sleep 13
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -C
sysctl net.netfilter.nf_conntrack_count
ping -c 1 -W 1 10.7.0.2 > /dev/null
conntrack -L -p icmp -d 10.7.0.2 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
iptables -L INPUT -n -v
