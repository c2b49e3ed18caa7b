# Two namespaces on a Linux bridge, on a host where Docker set the FORWARD policy to DROP,
# then host access, a default route and MASQUERADE to reach the outside.
# The host's uplink to the outside machine (plugged first, so that it gets the NIC's ifindex 2:
# plugged later, after br0 and the veths took the low indexes, the cable cannot be made).
#@link host:eth0 outside:eth0
# What Docker leaves on every host it runs on:
sysctl -w net.ipv4.ip_forward=1
iptables -P FORWARD DROP
iptables -N DOCKER-USER
iptables -A FORWARD -j DOCKER-USER
iptables -A DOCKER-USER -j RETURN
ip netns add RED
ip link add reth0 netns RED type veth peer name reth1
ip netns add BLUE
ip link add beth0 netns BLUE type veth peer name beth1
ip link add br0 type bridge
ip link set reth1 master br0
ip link set beth1 master br0
ip netns exec RED ip addr add 11.11.11.2/24 dev reth0
ip netns exec BLUE ip addr add 11.11.11.3/24 dev beth0
ip netns exec RED ip link set reth0 up; ip link set reth1 up;
ip netns exec BLUE ip link set beth0 up; ip link set beth1 up;
ip link set br0 up
bridge link show
ip netns exec RED ping -c 1 -W 1 11.11.11.3
iptables -t filter -S
iptables -t filter -I DOCKER-USER -j ACCEPT
ip netns exec RED ping -c 1 -W 1 11.11.11.3
bridge fdb show br br0 | grep -v permanent
ping -c 1 -W 1 11.11.11.2
ip addr add 11.11.11.1/24 dev br0
ping -c 1 -W 1 11.11.11.2
ip -br addr
ip addr add 192.168.50.10/24 dev eth0
ip link set eth0 up
ip route add default via 192.168.50.1
#@machine outside
ip addr add 192.168.50.1/24 dev eth0
ip link set eth0 up
#@machine host
nsenter --net=/var/run/netns/RED
ping -c 1 -W 1 192.168.50.1
ip route add default via 11.11.11.1
ip route
ping -c 1 -W 1 192.168.50.10
ping -c 1 -W 1 192.168.50.1
exit
iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE
ip netns exec RED ping -c 1 -W 1 192.168.50.1
iptables -t nat -S
iptables -t nat -L -n -v
ip netns exec BLUE ping -c 1 -W 1 192.168.50.1
ip netns exec BLUE ip route add default via 11.11.11.1
ip netns exec BLUE ping -c 1 -W 1 192.168.50.1
#@machine outside
ip neigh
#@machine host
ip netns delete RED
ip netns delete BLUE
ip link delete br0
iptables -t filter -D DOCKER-USER -j ACCEPT
iptables -t nat -D POSTROUTING -s 11.11.11.0/24 -j MASQUERADE
iptables -S
