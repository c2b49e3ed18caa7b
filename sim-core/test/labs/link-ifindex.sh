# link-ifindex: how ifindexes are allocated — one counter per netns, a veth's peer is registered first,
# deleted indexes are NOT reused (cyclic counter), explicit `index N`, devices moved between
# namespaces keep their ifindex unless it is taken there, what a new netns starts from, and
# the devices that cannot move (`The interface netns is immutable`).
ip link add veth0 type veth peer name veth1
ip link add br0 type bridge
ip link add vxlan0 type vxlan id 1 dstport 4789
ip link
ip link del veth0
ip link del vxlan0
ip link add veth2 type veth peer name veth3
ip link
ip link add br1 index 3 type bridge
ip link add br2 index 4 type bridge
ip link add br3 index 100 type bridge
ip link add br4 type bridge
ip link add br5 index 0 type bridge
ip link add br6 index -1 type bridge
ip link add br7 index abc type bridge
ip link
ip netns add RED
ip netns add BLUE
ip netns exec RED ip link
ip link set veth2 netns RED
ip netns exec RED ip link
ip link
ip netns exec RED ip link add br9 type bridge
ip link add vethA type veth peer name vethB netns RED
ip link
ip netns exec RED ip link
ip netns exec RED ip link add vethE type veth peer name vethF
ip netns exec RED ip link set vethE netns BLUE
ip netns exec RED ip link set vethB netns BLUE
ip -n BLUE link
ip -n BLUE link add vethG type veth peer name vethH
ip -n BLUE link set vethG netns RED
ip -n RED link
ip netns exec RED ip link set br9 netns BLUE
ip link set lo netns RED
ip netns delete RED
ip -n BLUE link
ip link
