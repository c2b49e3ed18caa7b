# json-bridge: `bridge -j` / `bridge -j -p` for fdb show (bridge ports, static, vxlan entries with dst/port/vni),
# link, `-d link`, vlan show, and `brctl`-free bridge inspection in JSON. Fixed MACs; ports kept down (no learning).
ip link add br0 address 02:00:00:00:00:01 type bridge
ip link add veth0 address 02:00:00:00:00:10 type veth peer name veth0p address 02:00:00:00:00:11
ip link add vxlan0 address 02:00:00:00:00:20 type vxlan id 42 dstport 4789 remote 192.168.1.2
ip link set veth0 master br0
ip link set vxlan0 master br0
bridge fdb add 02:00:00:00:00:aa dev veth0 master static
bridge fdb add 02:00:00:00:00:bb dev vxlan0 dst 192.168.1.3 port 4790 vni 43
bridge -j fdb show
bridge -j -p fdb show dev veth0
bridge -j -p fdb show dev vxlan0
bridge -j fdb show br br0 dev veth0
bridge -j link
bridge -j -p link
bridge -j -d link show dev veth0
bridge -j -p -d link show dev veth0
bridge -j vlan show
bridge -j -p vlan show
bridge -j fdb show dev nosuch
bridge -j -p fdb show br br0 dev veth0p
