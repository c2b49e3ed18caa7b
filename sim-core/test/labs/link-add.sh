# link-add: `ip link add` for veth, bridge, vxlan (dummy: not in the oracle kernel, see NOTES-A),
# default names (veth0/veth1 peer-first), the `ip link add a type veth` quirk (`a` = `address`),
# `ip link del`, and every error message a typo gives.
ip link add veth0 type veth peer name veth1
ip link add br0 type bridge
ip link add vxlan0 type vxlan id 42 dstport 4789
ip link
ip link add a type veth
ip link add addr type veth
ip link add type veth
ip link add type bridge
ip link add type bridge
ip link add type vxlan id 7 dstport 4789
ip -br link
ip link add vethA type veth peer vethB
ip link add vethC type veth peer name vethD address 02:00:00:00:00:0d
ip link add vethE address 02:00:00:00:00:0e type veth
ip link add name vethF type veth peer name vethG
ip link add dev vethH type veth peer name vethI
ip -br link show type veth
ip link add veth0 type veth peer name veth9
ip link add veth8 type veth peer name veth0
ip link add vethX type veth peer name vethX
ip link add br0 type bridge
ip link add br1
ip link add br1 type
ip link add br1 type nosuchtype
ip link add br1 type Bridge
ip link add averyveryverylongname type bridge
ip link add abcdefghijklmno type bridge
ip link add abcdefghijklmnop type bridge
ip link add "bad name" type bridge
ip link add bad/name type bridge
ip link add br1 address 02:00:00:00:00:zz type bridge
ip link add br1 address 01:00:00:00:00:01 type bridge
ip link add br1 mtu 70000 type bridge
ip link add br1 mtu abc type bridge
ip link add br1 type bridge foo bar
ip link add br1 txqueuelen 5 type bridge
ip link add vxlan1 type vxlan
ip link add vxlan1 type vxlan id 42
ip link add vxlan1 type vxlan id 16777216 dstport 4789
ip link add vxlan1 type vxlan id abc dstport 4789
ip link add vxlan1 type vxlan id 42 dstport 4789
ip -br link
ip link del vethA
ip link del vethB
ip link delete vethD
ip link del dev vethF
ip link del nosuch
ip link del
ip link del lo
ip link del br0
ip link del br0
ip link del br1 type bridge
ip link del abcdefghijklmno type veth
ip -br link
