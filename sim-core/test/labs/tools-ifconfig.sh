# tools-ifconfig: net-tools ifconfig: listing (no args = up interfaces only, -a, one interface, a
# down one), its counters after known traffic, configuring with it (address + netmask sets the
# broadcast, `ip addr add` without brd leaves "broadcast 0.0.0.0"), aliases (eth0:1), up/down,
# and its errors. The peer is a netns T behind a veth named eth0, and IPv6 is disabled on both
# ends first, so that no autoconfiguration traffic (whose amount depends on timing) shows up
# in the counters.
ip netns add T
ip link add eth0 type veth peer name eth0 netns T
sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip netns exec T sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip -n T link set eth0 address 02:00:00:00:00:02
ip -n T link set eth0 up
ip -n T addr add 10.0.0.2/24 dev eth0
ip link set eth0 address 02:00:00:00:00:01
ifconfig
ifconfig -a
ifconfig eth0
ifconfig eth9
ifconfig eth0 10.0.0.1 netmask 255.255.255.0 up
sleep 1
ifconfig eth0
ip addr show eth0
ping -c 2 -i 0.2 10.0.0.2
ifconfig eth0
ifconfig eth0:1 10.0.0.11 netmask 255.255.255.0
ifconfig
ip addr show eth0
ifconfig eth0:1 down
ip addr show eth0
ip addr add 10.0.5.1/24 dev eth0
ip addr add 10.0.6.1/24 brd + dev eth0
ip addr add 10.0.7.1/24 dev eth0 label eth0:7
ifconfig -a
ip addr del 10.0.5.1/24 dev eth0
ip addr del 10.0.6.1/24 dev eth0
ip addr del 10.0.7.1/24 dev eth0
ifconfig eth0 down
ifconfig
ifconfig eth0
ip link show eth0
ifconfig eth0 up
sleep 1
ip route
ifconfig eth0 10.0.0.300
ifconfig eth0 netmask 255.255.0.255
ifconfig eth0 mtu abc
ifconfig eth0 bogus
ifconfig eth0 hw ether 02:00:00:00:00:99
ifconfig eth0
ifconfig lo
ping -c 1 127.0.0.1
ifconfig lo
ifconfig -s
ifconfig -s -a
