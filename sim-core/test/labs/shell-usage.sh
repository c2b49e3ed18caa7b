# shell-usage: usage errors of ip, bridge, ip netns, nsenter: unknown objects and commands, missing
# arguments, unknown devices and namespaces, bad options; and which abbreviations ip accepts.
#@machine H
ip
ip foo
ip link foo
ip addr foo
ip -x link
ip -4
ip addr add 10.0.0.1/24
ip addr add dev lo
ip addr add 10.0.0.1/33 dev lo
ip addr add 10.0.0.1/24 dev eth9
ip addr del 10.0.0.1/24 dev lo
ip addr show eth9
ip link set eth9 up
ip link set up
ip link set lo bogus
ip link add
ip link add v0
ip link add v0 type bogus
ip link add name lo type veth
ip link del v0
ip link del
ip l
ip a
ip r
ip n
ip ro sh
ip addr sh lo
ip li show lo
ip ad
ip ne
ip net
ip netns add RED
ip netns add RED
ip netns
ip netns exec NOPE ip link
ip netns exec RED
ip netns exec RED nosuchcmd
ip netns exec RED ip -br link
ip netns del NOPE
ip netns delete RED
ip netns
ip netns bogus
nsenter --net=/var/run/netns/NOPE ip link
nsenter --bogus ip link
nsenter ip link
bridge
bridge foo
bridge link show dev eth9
bridge fdb show dev eth9
bridge vlan bogus
ip -V
ip netns add BLUE
ip netns exec BLUE bash
foo
ip -br link
ip link show eth9; echo rc=$?
exit
nsenter --net=/var/run/netns/BLUE
ip -br addr
exit
exit
ip netns del BLUE
