# netns-nsid: which namespace gets an nsid for which other one, and when: moving a veth end, creating a veth
# straight into a netns, `ip netns set NAME ID|auto`, `ip netns list-id` seen from each side, and how `ip link`
# prints the peer netns (`link-netns NAME` when the viewer can name it, `link-netnsid N` otherwise).
ip netns add RED
ip netns add BLUE
ip netns add GREEN
ip netns list
ip netns list-id
ip link add veth0 type veth peer name veth1
ip link set veth1 netns RED
ip netns list
ip netns list-id
ip -n RED netns list-id
ip -n RED netns list
ip link show veth0
ip -n RED link show veth1
ip link add veth2 type veth peer name veth3 netns BLUE
ip netns list
ip netns list-id
ip -n BLUE netns list-id
ip -n BLUE link show veth3
ip -n BLUE netns list-id
ip netns set GREEN 7
ip netns list
ip netns list-id
ip -n GREEN netns list-id
ip netns set GREEN 8
ip netns set BLUE 7
ip netns set NOPE 3
ip netns set GREEN -5
ip netns set GREEN abc
ip netns set GREEN
ip -n RED link add veth4 type veth peer name veth5 netns BLUE
ip -n RED netns list-id
ip -n BLUE netns list-id
ip -n RED link show veth4
ip -n BLUE link show veth5
ip -n BLUE netns list-id
ip netns exec RED ip link show veth4
ip netns exec BLUE ip -br link
ip netns add YELLOW
ip netns set YELLOW auto
ip netns list
ip link add veth6 type veth peer name veth7
ip link set veth7 netns YELLOW
ip link show veth6
ip -n YELLOW netns list-id
ip netns list-id nsid 0
ip netns list-id nsid 9
ip netns list-id target RED
ip netns delete RED
ip netns list
ip netns list-id
ip -n BLUE netns list-id
ip -n BLUE link
