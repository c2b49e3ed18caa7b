# bridge-link: `bridge link show` / `bridge -d link` of bridge ports — the quirk that a veth peer's ifindex
# (which lives in another netns) is resolved in the bridge's netns: a wrong name (vred@br0), `ifN` when that index
# is free there (vgrn@if40, and the peer index is only honoured when the local end has an explicit index too), nothing when it equals the port's own index (vblue: ); port states disabled/forwarding,
# a forced state, STP listening/learning/forwarding/blocking; `bridge link set`, `type bridge_slave`, and errors.
ip netns add RED
ip netns add GREEN
ip netns add BLUE
ip link add br0 type bridge
ip link add vred type veth peer name eth0 netns RED
ip link add vgrn index 41 type veth peer name eth0 netns GREEN index 40
ip link add vblue index 30 type veth peer name eth0 netns BLUE index 30
ip link add vloc type veth peer name vlocp
ip link set vred master br0
ip link set vgrn master br0
ip link set vblue master br0
ip link set vloc master br0
ip link
ip -n RED link show eth0
bridge link show
bridge link
bridge link show dev vgrn
bridge link show dev nosuch
ip link set br0 up
ip link set vred up
ip link set vgrn up
ip link set vblue up
ip link set vloc up
bridge link
ip -n RED link set eth0 up
ip -n GREEN link set eth0 up
ip -n BLUE link set eth0 up
ip link set vlocp up
bridge link
bridge -d link show dev vred
bridge link set dev vred hairpin on
bridge link set dev vred cost 100 priority 5
bridge link set dev vred learning off
bridge link set dev vred flood off
bridge -d link show dev vred
bridge link set dev vred state 1
bridge link show dev vred
bridge link set dev vred hairpin maybe
bridge link set dev nosuch hairpin on
bridge link set dev br0 hairpin on
bridge link set dev vred priority 64
bridge link set dev vred state 9
ip link set vred type bridge_slave hairpin off learning on flood on cost 2 priority 32 state 3
bridge -d link show dev vred
ip link set vred type bridge_slave bogus on
ip link set br0 type bridge forward_delay 300 stp_state 1
ip -d link show br0 | grep -o 'forward_delay [0-9]* .*stp_state [0-9]'
bridge link
ip link set vblue down
ip link set vblue up
sleep 1
bridge link show dev vblue
sleep 4
bridge link show dev vblue
sleep 4
bridge link show dev vblue
ip link set vlocp master br0
sleep 5
bridge link
ip link set br0 type bridge stp_state 0
bridge link
bridge vlan show
bridge lnk
