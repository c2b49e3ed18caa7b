# vxlan-fdb: VXLAN among three machines with no `remote`: flooding through all-zeros FDB entries
# (`bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst …`), what `learning` (default) adds after a ping,
# what `nolearning` does not, static entries, `bridge fdb` errors specific to vxlan, and the TX drop without any entry.
#@lan sw A:eth0 B:eth0 C:eth0
#@machine A
ip addr add 192.168.1.1/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 100 dstport 4789 dev eth0 local 192.168.1.1
bridge fdb show dev vxlan0
ip addr add 10.0.0.1/24 dev vxlan0
ip link set vxlan0 up
ping -c 1 -W 1 10.0.0.2
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.2
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3
bridge fdb add 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.4
bridge fdb show dev vxlan0
#@machine B
ip addr add 192.168.1.2/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 100 dstport 4789 dev eth0 local 192.168.1.2
ip addr add 10.0.0.2/24 dev vxlan0
ip link set vxlan0 up
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.1
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3
#@machine C
ip addr add 192.168.1.3/24 dev eth0
ip link set eth0 up
ip link add vxlan0 type vxlan id 100 dstport 4789 dev eth0 local 192.168.1.3 nolearning
ip -d link show vxlan0
ip addr add 10.0.0.3/24 dev vxlan0
ip link set vxlan0 up
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.1
bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.2
#@machine A
ping -c 2 -i 0.2 -W 1 10.0.0.2
ping -c 2 -i 0.2 -W 1 10.0.0.3
bridge fdb show dev vxlan0 | grep -v 00:00:00:00:00:00
#@machine B
ping -c 1 -W 1 10.0.0.3
bridge fdb show dev vxlan0 | grep -v 00:00:00:00:00:00
#@machine C
bridge fdb show dev vxlan0
ip neigh show dev vxlan0
#@machine A
bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3
bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.3
bridge fdb del 00:00:00:00:00:00 dev vxlan0 dst 192.168.1.4
bridge fdb show dev vxlan0 | grep 00:00:00:00:00:00
bridge fdb add 02:00:00:00:00:99 dev vxlan0 dst 192.168.1.9
bridge fdb add 02:00:00:00:00:99 dev vxlan0 dst 192.168.1.8
bridge fdb replace 02:00:00:00:00:99 dev vxlan0 dst 192.168.1.8
bridge fdb add 02:00:00:00:00:98 dev vxlan0 dst 192.168.1.9 port 4790 vni 200 self permanent
bridge fdb add 02:00:00:00:00:97 dev vxlan0 dst 10.0.0.300
bridge fdb add 02:00:00:00:00:97 dev vxlan0 dst 192.168.1.9 port 70000
bridge fdb add 02:00:00:00:00:97 dev vxlan0 dst 192.168.1.9 master
bridge fdb add 02:00:00:00:00:97 dev eth0 dst 192.168.1.9
bridge fdb show dev vxlan0 | grep 02:00:00:00:00:9
bridge fdb del 02:00:00:00:00:99 dev vxlan0
bridge fdb del 02:00:00:00:00:99 dev vxlan0
ip link set vxlan0 type vxlan nolearning
ip link set vxlan0 type vxlan id 101
ip link set vxlan0 type vxlan dstport 4790
