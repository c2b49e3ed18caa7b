# ipt-brnf: br_netfilter. Two namespaces on a bridge with the FORWARD policy DROP: bridged frames
# traverse iptables FORWARD with in=out=br0 while net.bridge.bridge-nf-call-iptables=1 (blocked),
# -m physdev names the ports, and with the sysctl at 0 iptables no longer sees bridged frames.
ip netns add a
ip netns add b
ip link add br0 type bridge
ip link add va type veth peer name eth0 netns a
ip link add vb type veth peer name eth0 netns b
ip link set va master br0
ip link set vb master br0
ip link set va up
ip link set vb up
ip link set br0 up
ip -n a addr add 10.9.0.1/24 dev eth0
ip -n b addr add 10.9.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
sysctl net.bridge.bridge-nf-call-iptables
iptables -P FORWARD DROP
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-in va --physdev-out vb -j ACCEPT
iptables -A FORWARD -i br0 -o br0 -m physdev --physdev-is-bridged -j LOG --log-prefix "HS-BR: "
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -I FORWARD 2 -m physdev --physdev-in vb --physdev-out va -j ACCEPT
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -L FORWARD -n -v
iptables -Z FORWARD
sysctl -w net.bridge.bridge-nf-call-iptables=0
iptables -F FORWARD
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -L FORWARD -n -v
sysctl -w net.bridge.bridge-nf-call-iptables=1
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -A FORWARD -i br0 -o br0 -j ACCEPT
ip netns exec a ping -c 1 -W 1 10.9.0.2
iptables -L FORWARD -n -v
