# vxlan-bridge: an L2 overlay — on each machine a bridge br0 with a vxlan port and a veth to a netns, so the two
# namespaces share one subnet across machines. Pins the two FDBs involved (bridge `master br0` entries vs vxlan
# `self` entries with `dst`), `bridge link`, MTU 1450 inside, and the ARP/ICMP path. Fixed MACs everywhere; IPv6 is disabled on the machines
# (as on many k8s nodes) so that the bridges/VTEPs send no chatter that the other side would learn at random times.
#@link A:eth0 B:eth0
#@machine A
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip addr add 192.168.1.1/24 dev eth0
ip link set eth0 up
ip link add vxlan0 address 02:00:00:00:0a:01 type vxlan id 42 remote 192.168.1.2 dstport 4789 dev eth0
ip link add br0 address 02:00:00:00:0a:02 type bridge
ip link set vxlan0 master br0
ip netns add ns1
ip link add vns1 address 02:00:00:00:0a:03 type veth peer name eth0 netns ns1
ip -n ns1 link set eth0 address 02:00:00:00:0a:04
ip link set vns1 master br0
ip -n ns1 addr add 10.10.0.1/24 dev eth0
ip -n ns1 link set eth0 up
ip link set vns1 up
ip link set vxlan0 up
ip link set br0 up
bridge link
ip link show br0
#@machine B
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip addr add 192.168.1.2/24 dev eth0
ip link set eth0 up
ip link add vxlan0 address 02:00:00:00:0b:01 type vxlan id 42 remote 192.168.1.1 dstport 4789 dev eth0
ip link add br0 address 02:00:00:00:0b:02 type bridge
ip link set vxlan0 master br0
ip netns add ns2
ip link add vns2 address 02:00:00:00:0b:03 type veth peer name eth0 netns ns2
ip -n ns2 link set eth0 address 02:00:00:00:0b:04
ip link set vns2 master br0
ip -n ns2 addr add 10.10.0.2/24 dev eth0
ip -n ns2 link set eth0 up
ip link set vns2 up
ip link set vxlan0 up
ip link set br0 up
#@machine A
ip netns exec ns1 ping -c 2 -i 0.2 -W 1 10.10.0.2
ip netns exec ns1 ip neigh
bridge fdb show br br0
bridge fdb show dev vxlan0
ip netns exec ns1 ping -c 1 -W 1 -M do -s 1472 10.10.0.2
ip netns exec ns1 ping -c 1 -W 1 -M do -s 1422 10.10.0.2
ip link show vxlan0
ip link show br0
#@machine B
bridge fdb show dev vxlan0
ip netns exec ns2 ping -c 1 -W 1 192.168.1.1
ip netns exec ns2 ping -c 1 -W 1 10.10.0.1
ip link set vxlan0 nomaster
ip netns exec ns2 ping -c 1 -W 1 10.10.0.1
bridge fdb show dev vxlan0
