# tools-ifconfig2: ifconfig configuring — a /prefix address on a fresh device (brought up), the
# classful mask of a bare address, broadcast/-broadcast ("still in BROADCAST mode"), netmask with no
# address, mtu/txqueuelen/promisc/allmulti/-arp/-multicast and their flags, range errors, a name
# that is a hostname lookup (metric: DNS on lo), hw ether/foo, usage errors (exit 3), alias labels
# without address, 0.0.0.0 deleting an address, /etc/networks names (loopback), class D refused,
# -x/--help/-V, unknown devices, renaming with `name`.
ip netns add T
ip link add eth0 type veth peer name eth0 netns T
sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip netns exec T sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip link set eth0 address 02:00:00:00:00:01
ifconfig eth0 netmask 255.255.255.0
ifconfig eth0 10.1.2.3/24
ip addr show eth0
ip route
ifconfig eth0 172.16.5.5
ip -4 addr show eth0
ifconfig eth0 192.168.7.7 broadcast 192.168.7.100
ip -4 addr show eth0
ifconfig eth0 netmask 255.255.255.0
ip -4 addr show eth0
ifconfig eth0 broadcast 192.168.7.255
ifconfig eth0 -broadcast
ifconfig eth0
ifconfig eth0 broadcast
ip link show eth0
ifconfig eth0 mtu 1400 txqueuelen 500
ifconfig eth0 promisc allmulti -arp -multicast
ifconfig eth0
ip link show eth0
ifconfig eth0 -promisc -allmulti arp multicast
ifconfig eth0 txqueuelen -1
ifconfig eth0 mtu 70000
ifconfig eth0 metric 2
ifconfig eth0 hw ether zz:00:00:00:00:01
ifconfig eth0 hw foo 1
ifconfig eth0 hw
ifconfig eth0 mtu
ifconfig eth0 netmask
ifconfig eth0:3 up
ifconfig eth0:3
ifconfig eth0:3 netmask 255.255.0.0
ifconfig eth0:3 10.9.0.1
ifconfig eth0:3 netmask 255.255.0.0
ip -4 addr show eth0
ifconfig -s
ifconfig -s eth0:3
ifconfig eth0:3 0.0.0.0
ip -4 addr show eth0
ifconfig eth0 0.0.0.0
ip -4 addr show eth0
ifconfig eth0 loopback
ip -4 addr show eth0
ifconfig eth0 down
ifconfig eth0 224.0.0.5
ifconfig eth0 pointopoint 10.5.5.5
ifconfig eth0
ifconfig -x
ifconfig --help
ifconfig eth0 inet6 add ::1/128
ifconfig eth9 up
ifconfig eth9 10.0.0.1
ifconfig lo down
ifconfig -a
ifconfig lo up
ifconfig eth0 name eth5
ifconfig -a -s
ifconfig eth5 up
ifconfig -V
