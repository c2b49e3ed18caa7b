# addr-secondary: primary vs secondary IPv4 addresses (same subnet), their order, the `secondary` flag,
# deleting a secondary, deleting the primary with promote_secondaries off (all secondaries go too) and on
# (the next one is promoted), ifconfig-style labels, and `ip addr flush` of a subnet.
sysctl -w net.ipv4.conf.all.promote_secondaries=0
ip link add veth0 type veth peer name veth1
ip link set veth0 up
ip addr add 10.1.0.1/24 dev veth0
ip addr add 10.1.0.2/24 dev veth0
ip addr add 10.1.0.3/24 dev veth0 label veth0:3
ip addr add 10.1.0.4/16 dev veth0
ip addr add 10.1.5.5/16 dev veth0
ip addr add 10.1.0.5/25 dev veth0
ip -4 addr show veth0
ip -4 -br addr show veth0
ip -4 -o addr show veth0
ip route show table local
ip route
ip addr show secondary
ip -4 addr show primary
ip addr del 10.1.0.2/24 dev veth0
ip -4 -o addr show veth0
ip addr del 10.1.0.1/24 dev veth0
ip -4 -o addr show veth0
ip route
ip route show table local
sysctl -w net.ipv4.conf.veth0.promote_secondaries=1
ip addr add 10.2.0.1/24 dev veth0
ip addr add 10.2.0.2/24 dev veth0
ip addr add 10.2.0.3/24 dev veth0
ip -4 -o addr show to 10.2.0.0/24
ip addr del 10.2.0.1/24 dev veth0
ip -4 -o addr show to 10.2.0.0/24
ip route show table local
ip route
ip addr add 10.2.0.1/24 dev veth0
ip -4 -o addr show to 10.2.0.0/24
ip addr flush to 10.2.0.0/24
ip -4 -o addr show veth0
ip addr add 10.3.0.1/24 dev veth0
ip addr add 10.3.0.2/24 dev veth0
ip addr flush dev veth0 secondary
ip -4 -o addr show veth0
ip addr flush dev veth0 primary
ip -4 addr show veth0
ip route show table local
