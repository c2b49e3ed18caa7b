# link-maddr: `ip maddr` — the link-layer, IPv4 and IPv6 memberships every device has (bridge snooping groups, solicited-node), filters, -j, add/del of link addresses and errors.
ip link add br0 type bridge
ip link add v0 address 02:00:00:00:00:a0 type veth peer name v1 address 02:00:00:00:00:a1
ip link set v0 master br0
ip link set br0 up
ip link set v0 up
ip link set v1 up
sleep 2
ip maddr
ip maddr show dev v0
ip -4 maddr
ip -6 maddr show dev br0
ip -j maddr show dev lo
ip maddr show dev nosuch
ip maddr add 33:33:00:00:00:99 dev v1
ip maddr show dev v1
ip maddr del 33:33:00:00:00:99 dev v1
ip maddr add 1.2.3.4 dev v1
ip maddr bogus
