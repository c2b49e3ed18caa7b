# brnf-why-fail: "ping WHY FAIL?" — two namespaces on a bridge of a host where Docker set the
# FORWARD policy to DROP. br_netfilter (net.bridge.bridge-nf-call-iptables, 1 in every netns of
# this kernel) sends bridged IPv4 through iptables FORWARD with in = out = the bridge: the policy
# counter shows the drops, -m physdev sees the ports, conntrack tracks the bridged flows, LOG
# prints PHYSIN/PHYSOUT, and ARP is not affected (the neighbour entries resolve).
sysctl net.bridge.bridge-nf-call-iptables
sysctl net.bridge.bridge-nf-call-arptables
iptables -P FORWARD DROP
ip netns add c1
ip netns add c2
ip link add br0 type bridge
ip link add v1 type veth peer name eth0 netns c1
ip link add v2 type veth peer name eth0 netns c2
ip link set v1 master br0
ip link set v2 master br0
ip link set v1 up
ip link set v2 up
ip link set br0 up
ip -n c1 addr add 172.18.0.2/16 dev eth0
ip -n c2 addr add 172.18.0.3/16 dev eth0
ip -n c1 link set eth0 up
ip -n c2 link set eth0 up
ip netns exec c1 ping -c 2 -i 0.2 -W 1 172.18.0.3
ip netns exec c1 ip neigh show 172.18.0.3
iptables -L FORWARD -n -v -x
iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in v1 -j LOG --log-prefix "BRNF-NEW: "
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in v1 -j ACCEPT
ip netns exec c1 ping -c 3 -i 0.2 -W 1 172.18.0.3
ip netns exec c2 ping -c 1 -W 1 172.18.0.2
iptables -L FORWARD -n -v -x --line-numbers
conntrack -L 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
conntrack -L -p icmp --src 172.18.0.3 2>&1 | sed -E 's/id=[0-9]+/id=N/g'
dmesg | grep -o 'BRNF-NEW: .*' | tail -n 1 | sed -E 's/ ID=[0-9]+//g; s/MAC=[0-9a-f:]+/MAC=M/'
iptables -S FORWARD
iptables -D FORWARD -i br0 -o br0 -m physdev --physdev-in v1 -j ACCEPT
ip netns exec c1 ping -c 1 -W 1 172.18.0.3
sysctl -w net.bridge.bridge-nf-call-iptables=0
ip netns exec c1 ping -c 1 -W 1 172.18.0.3
ip netns exec c2 ping -c 1 -W 1 172.18.0.2
sysctl -w net.bridge.bridge-nf-call-iptables=1
iptables -A FORWARD -i br0 -o br0 -j ACCEPT
ip netns exec c2 ping -c 1 -W 1 172.18.0.2
iptables -L FORWARD -n -v
ip netns exec c1 sysctl net.bridge.bridge-nf-call-iptables
ip netns exec c1 iptables -S
