# mtu-link: `ip link set mtu` on veths, bridges and lo (limits and error messages), how a changed
# MTU shows in `ip link`/`ip addr`/`ifconfig`, a bridge's MTU following its ports, a per-route
# `mtu` and `mtu lock`, and ping -M do against those limits.
ip netns add A
ip link add v0 type veth peer name v1 netns A
ip addr add 10.1.0.1/24 dev v0
ip link set v0 up
ip -n A addr add 10.1.0.2/24 dev v1
ip -n A link set v1 up
ip link show v0
ip link set v0 mtu 1280
ip link show v0
ip link set v0 mtu 67
ip link set v0 mtu 68
ip link set v0 mtu 65535
ip link set v0 mtu 65536
ip link set v0 mtu 0
ip link set v0 mtu -1
ip link set v0 mtu abc
ip link set v0 mtu
ip link set v9 mtu 1400
ip link set dev v0 mtu 9000
ip addr show v0
ip link set lo mtu 1400
ip link show lo
ip link set lo mtu 65536
ip link set lo mtu 1500000
ip link set v0 mtu 1500
ping -c 1 -M do -s 1472 10.1.0.2
ip -n A link set v1 mtu 1000
ping -c 1 -M do -s 1472 -W 1 10.1.0.2
ping -c 1 -M dont -s 1472 -W 1 10.1.0.2
ping -c 1 -M dont -s 972 10.1.0.2
ip -n A link set v1 mtu 1500
ip route add 10.9.0.0/16 dev v0 mtu 1300
ip route add 10.8.0.0/16 dev v0 mtu lock 1200
ip route add 10.7.0.0/16 dev v0 mtu 100000
ip route add 10.6.0.0/16 dev v0 mtu abc
ip route
ip route get 10.9.0.1
ip route get 10.8.0.1
ping -c 1 -M do -s 1273 -W 1 10.9.0.1
ip link add br0 type bridge
ip link show br0
ip link set v0 master br0
ip link show br0
ip link set v0 mtu 1400
ip link show br0
ip link set br0 mtu 1450
ip link show v0
ip link set br0 mtu 1600
ifconfig v0 mtu 1300
ip link show v0
ifconfig v0 mtu 20
