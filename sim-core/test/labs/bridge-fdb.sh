# bridge-fdb: the FULL `bridge fdb show` of a bridge with two namespaces (RED, BLUE) on it — permanent local
# entries, `self permanent` multicast entries, learned entries after a ping — plus `br`/`dev` filters,
# `bridge fdb add/append/replace/del` with their errors, and `ageing_time` / `fdb_flush`.
# Every MAC is fixed so that the 33:33:ff:xx:xx:xx solicited-node entries are the same on every run, and
# router solicitations are off in RED/BLUE: they are re-sent at ~4, 12, 28, 60 s and would re-teach the bridge.
ip netns add RED
ip netns add BLUE
ip link add br0 type bridge
ip link set br0 address 02:b0:00:00:00:01
ip link add vred type veth peer name eth0 netns RED
ip link add vblue type veth peer name eth0 netns BLUE
ip link set vred address 02:00:00:00:00:a1
ip link set vblue address 02:00:00:00:00:b1
ip -n RED link set eth0 address 02:00:00:00:00:a0
ip -n BLUE link set eth0 address 02:00:00:00:00:b0
ip netns exec RED sysctl -w net.ipv6.conf.eth0.router_solicitations=0
ip netns exec BLUE sysctl -w net.ipv6.conf.eth0.router_solicitations=0
bridge fdb show
ip link set vred master br0
ip link set vblue master br0
bridge fdb show
ip -n RED addr add 10.0.0.1/24 dev eth0
ip -n BLUE addr add 10.0.0.2/24 dev eth0
ip link set br0 up
ip link set vred up
ip link set vblue up
ip -n RED link set eth0 up
ip -n BLUE link set eth0 up
sleep 2
ip netns exec RED ping -c 2 -i 0.2 -W 1 10.0.0.2
bridge fdb show
bridge fdb show br br0
bridge fdb show dev vred
bridge fdb show br br0 dev vblue
bridge fdb
bridge fdb show br nosuch
bridge fdb show dev nosuch
bridge fdb show | grep -v permanent
bridge fdb add 02:00:00:00:00:cc dev vred master static
bridge fdb add 02:00:00:00:00:dd dev vblue master
bridge fdb add 02:00:00:00:00:ee dev vblue
bridge fdb add 02:00:00:00:00:cc dev vblue master static
bridge fdb replace 02:00:00:00:00:cc dev vblue master static
bridge fdb append 02:00:00:00:00:ff dev vblue
bridge fdb show dev vblue
bridge fdb add 02:00:00:00:00:zz dev vblue master
bridge fdb add 02:00:00:00:00:11 dev nosuch master
bridge fdb add 02:00:00:00:00:11 master
bridge fdb add dev vblue master
bridge fdb add 02:00:00:00:00:11 dev vblue master bogus
bridge fdb add 02:00:00:00:00:11 dev br0 master
bridge fdb del 02:00:00:00:00:cc dev vblue master
bridge fdb del 02:00:00:00:00:cc dev vblue master
bridge fdb del 02:00:00:00:00:ee dev vblue
bridge fdb del 02:00:00:00:00:a1 dev vred master
bridge fdb show br br0 | grep -v 33:33
ip link set br0 type bridge ageing_time 1
ip -d link show br0 | grep -o 'ageing_time [0-9]*'
sleep 3
bridge fdb show br br0 | grep -v permanent
ip netns exec BLUE ping -c 1 -W 1 10.0.0.1
bridge fdb show br br0 | grep -v permanent
ip link set br0 type bridge ageing_time 30000
ip link set br0 type bridge fdb_flush
bridge fdb show br br0 | grep -v permanent
ip netns exec RED ping -c 1 -W 1 10.0.0.2 > /dev/null
bridge fdb show br br0 | grep -v permanent
ip link set br0 type bridge ageing_time abc
ip link set br0 type bridge ageing_tim 100
