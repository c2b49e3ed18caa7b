# link-operstate: flags and operstate as the ends of a veth pair, a bridge and a vxlan go up and down:
# M-DOWN (peer down, same netns only), NO-CARRIER + LOWERLAYERDOWN, UP, UNKNOWN (lo, vxlan, port-less bridge),
# what a peer in another netns looks like, qdisc noop -> noqueue on first up; /sys is NOT per-netns in the oracle, so no sysfs reads.
ip link add veth0 type veth peer name veth1
ip -br link show type veth
ip link set veth0 up
ip link show veth0
ip link show veth1
ip link set veth1 up
ip link show veth0
ip link show veth1
ip link set veth0 down
ip link show veth0
ip link show veth1
ip link set veth0 up
ip -br link show type veth
ip netns add RED
ip link set veth1 netns RED
ip link show veth0
ip -n RED link show veth1
ip -n RED link set veth1 up
ip link show veth0
ip -n RED link show veth1
ip link set veth0 down
ip -n RED link show veth1
ip link add br0 type bridge
ip link set br0 up
ip link show br0
ip link add veth2 type veth peer name veth3
ip link set veth2 master br0
ip link show br0
ip link set veth2 up
ip link show br0
ip link set veth3 up
ip link show br0
ip link set veth3 down
ip link show br0
ip link set veth2 nomaster
ip link show br0
ip link set br0 down
ip link show br0
ip link add vxlan0 type vxlan id 42 dstport 4789
ip link set vxlan0 up
ip link show vxlan0
ip link set lo down
ip link show lo
ip -br link
