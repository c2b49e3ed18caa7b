# bridge-carrier: a bridge's carrier/operstate with 0, 1 and 2 ports whose far ends go up and down — the bridge is UP
# while at least one port forwards, NO-CARRIER/DOWN when none does, UNKNOWN only before it ever had a port — and what
# the ports' `bridge link` states and the bridge's own addresses/routes do meanwhile.
ip link add br0 type bridge
ip addr add 10.0.0.1/24 dev br0
ip link set br0 up
ip -br link show br0
ip route
ip link add p1 type veth peer name p1x
ip link add p2 type veth peer name p2x
ip link set p1 master br0
ip -br link show br0
ip route
ip link set p1 up
ip link set p2 master br0
ip link set p2 up
ip -br link show br0
bridge link
ip link set p1x up
ip -br link show br0
ip route
bridge link
ip link set p2x up
ip -br link show br0
bridge link
ip link set p1x down
ip -br link show br0
bridge link
ip link set p2x down
ip -br link show br0
ip route
ip link set p2x up
ip -br link show br0
ip link set p2 down
ip -br link show br0
bridge link
ip link set p2 nomaster
ip link set p1 nomaster
ip -br link show br0
ip route
ip link set br0 down
ip link set br0 up
ip -br link show br0
