ip link add veth0 type veth peer name veth1
ip addr add 2001:db8::1/64 dev veth0
ip addr show veth0
ip -6 route show table all
ip link set veth0 up
ip link set veth1 up
ip addr show veth0
ip -6 route show table all
sleep 3
ip addr show veth0
ip -6 route show table all
ip addr add 2001:db8::1/64 dev veth0
ip addr add 2001:db8:1::5/48 dev veth0 nodad
ip addr add fd00::7/64 dev veth0 noprefixroute
ip -6 addr show dev veth0
ip -6 route
ip addr del 2001:db8::1/64 dev veth0
ip addr del 2001:db8::9/64 dev veth0
ip -6 route
ip link set veth0 down
ip addr show veth0
ip link set veth0 up
ip addr show veth0
ip -6 addr add 2001:db8::2/64 dev veth1
ip link set veth1 mtu 1200
ip -6 addr add 2001:db8::3/64 dev veth1
sysctl -w net.ipv6.conf.veth1.disable_ipv6=1
ip -6 addr add 2001:db8::3/64 dev veth1
ip -6 addr add 2001:db8::3/64 dev lo
ip -6 addr show dev lo
ip addr flush dev lo
ip addr show dev lo
ip -6 route show table local
