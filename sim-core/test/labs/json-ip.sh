# json-ip: `ip -j` and `ip -j -p` (pretty) output for link, addr, route, neigh, netns list, and with -d / -s / -br,
# on a veth pair between the host and a netns RED with fixed MACs. JSON key order and types are the spec.
ip netns add RED
ip link add veth0 address 02:00:00:00:00:01 type veth peer name eth0 netns RED address 02:00:00:00:00:02
ip link add br0 address 02:00:00:00:00:03 type bridge
ip -j link show veth0
ip -j -p link show veth0
ip -j link show br0
ip -j -p link show lo
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.9/24 dev veth0 label veth0:9
ip link set veth0 up
ip -n RED addr add 10.0.0.2/24 dev eth0
ip -n RED link set eth0 up
ip -n RED link set lo up
ping -c 1 -W 1 10.0.0.2 > /dev/null
sleep 2
ip -j addr show dev veth0
ip -j -p addr show dev lo
ip -j -4 addr
ip -j -p -4 addr show dev veth0
ip -j -br link
ip -j -br addr
ip -j -p -br -4 addr
ip -j route
ip -j -p route
ip -j route show table local
ip route add 192.168.0.0/16 via 10.0.0.2
ip route add unreachable 172.16.0.0/12
ip -j -p route
ip -j route get 10.0.0.2
ip -j neigh
ip -j -p neigh
ip -j netns list
ip -j -p netns list
ip -j -n RED link show eth0
ip -j -p -n RED addr show eth0
ip -j -s link show lo
ip -j -p -s link show lo
ip -j -d link show br0
ip -j -d link show veth0
ip link add vA type veth peer name vB
ip -j link show vA
ip -j -p link show vB
ip -j link show nosuch
ip -j -p link show type nosuch
ip -j netns list-id
ip -j -p maddr show dev lo
