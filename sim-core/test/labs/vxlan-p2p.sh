# vxlan-p2p: a point-to-point VXLAN between two machines without flannel — `remote … dstport 4789 dev eth0`,
# the default FDB entry that `remote` creates, learning, `ip -d link show`, MTU with and without `dev`
# (1450 vs 1500) and pings at the size limit, what `local` adds, and the errors for missing/duplicate/bad parameters.
#@link A:eth0 B:eth0
#@machine A
ip addr add 192.168.1.1/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 42 remote 192.168.1.2 dstport 4789 dev eth0
ip -d link show vxlan0
bridge fdb show dev vxlan0
ip addr add 10.0.0.1/24 dev vxlan0
ip link set vxlan0 up
ip -br link
#@machine B
ip addr add 192.168.1.2/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 42 remote 192.168.1.1 local 192.168.1.2 dstport 4789
ip -d link show vxlan0
ip addr add 10.0.0.2/24 dev vxlan0
ip link set vxlan0 up
#@machine A
ping -c 2 -i 0.2 -W 1 10.0.0.2
bridge fdb show dev vxlan0
ip neigh show dev vxlan0
ping -c 1 -W 1 -M do -s 1422 10.0.0.2
ping -c 1 -W 1 -M do -s 1423 10.0.0.2
#@machine B
bridge fdb show dev vxlan0
ip link show vxlan0
ping -c 1 -W 1 -M do -s 1472 10.0.0.1
ping -c 1 -W 1 -s 1472 10.0.0.1
ping -c 1 -W 1 -M do -s 1473 10.0.0.1
ip link set vxlan0 mtu 1450
ping -c 1 -W 1 -M do -s 1422 10.0.0.1
#@machine A
ip link add vxlan1 type vxlan id 42 dstport 4789
ip link add vxlan1 type vxlan id 42 dstport 4790
ip link add vxlan2 type vxlan id 43 dstport 4789 dev eth0
ip link add vxlan3 type vxlan id 44 dstport 70000
ip link add vxlan3 type vxlan id 44 dstport abc
ip link add vxlan3 type vxlan id 44 dstport 4789 remote 10.0.0.300
ip link add vxlan3 type vxlan id 44 dstport 4789 remote 192.168.1.2 group 239.1.1.1
ip link add vxlan3 type vxlan id 44 dstport 4789 group 239.1.1.1
ip link add vxlan3 type vxlan id 44 dstport 4789 local 192.168.1.1 remote 2001:db8::1
ip link add vxlan3 type vxlan id 44 dstport 4789 dev nosuch
ip link add vxlan3 type vxlan vni 44 dstport 4789 ttl 300
ip link add vxlan3 type vxlan id 44 dstport 4789 bogus
ip link add vxlan3 type vxlan id 0 dstport 4789
ip link add vxlan4 type vxlan id 16777215 dstport 0
ip -d link show vxlan4
ip -br link
ip link del vxlan1
ip link del vxlan2
ip link del vxlan3
ip link del vxlan4
ip link set eth0 down
ip link show vxlan0
ping -c 1 -W 1 10.0.0.2
