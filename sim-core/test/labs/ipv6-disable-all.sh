# Writing net.ipv6.conf.all.disable_ipv6 also sets conf.default (addrconf_disable_ipv6), so a
# device created afterwards starts with IPv6 off: what a Docker "none" container (a pod sandbox)
# gives the eth0 CNI adds later.
ip netns add t
ip netns exec t sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip netns exec t sysctl net.ipv6.conf.default.disable_ipv6 net.ipv6.conf.lo.disable_ipv6
ip link add v1 type veth peer name v2 netns t
ip link set v1 up
ip -n t link set v2 up
ip -n t addr show v2
ip netns exec t sysctl net.ipv6.conf.v2.disable_ipv6
ip netns exec t sysctl -w net.ipv6.conf.all.disable_ipv6=0
ip netns exec t sysctl net.ipv6.conf.default.disable_ipv6 net.ipv6.conf.v2.disable_ipv6
ip -n t -br addr show lo
