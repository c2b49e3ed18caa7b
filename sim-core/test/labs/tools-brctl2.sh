# tools-brctl2: more bridge-utils brctl — several interfaces in one addif, show of a non-bridge,
# the set* commands and their range errors (forward delay only checked while STP runs), stp,
# showstp of a bridge that is down, and the difference between a machine's own namespace (where
# /sys belongs to another namespace: brctl falls back to ioctls, lists bridges in device order,
# ports by number, and shows three timers 2.5× too large) and `ip netns exec` (sysfs: sorted,
# right values).
ip link add zz type bridge
ip link add br0 address 02:00:00:00:00:b0 type bridge
ip link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11
ip link add a0 address 02:00:00:00:00:20 type veth peer name a1 address 02:00:00:00:00:21
brctl addif br0 v0 a0
brctl show
brctl show br0 v0
brctl show v0
brctl addif v0 a1
brctl delbr v0
brctl delbr
brctl addbr abcdefghijklmnopq
brctl addbr bad/name
brctl show
brctl showstp br0
brctl showstp br9
brctl showmacs br9
brctl setfd br0 4
brctl sethello br0 1
brctl setmaxage br0 10
brctl setbridgeprio br0 4096
brctl setbridgeprio br0 70000
brctl setbridgeprio br0 x
brctl setpathcost br0 v0 50
brctl setportprio br0 v0 10
brctl setportprio br0 v0 100
brctl setpathcost br0 v9 10
brctl setpathcost br0 v0 0
brctl setpathcost br0 v0 abc
brctl hairpin br0 v0 on
brctl hairpin br0 v0 maybe
brctl setfd br0 1
brctl setfd br9 4
ip -d link show br0 | grep -o 'forward_delay.*vlan_filtering [0-9]'
brctl stp br0 on
brctl setfd br0 1
brctl setfd br0 40
brctl sethello br0 20
brctl setmaxage br0 50
brctl stp br9 on
brctl stp br0 yes
brctl show br0
brctl showstp br0
bridge link
brctl setageing br0 100
brctl setageing br0 abc
brctl stp br0 0
brctl show br0
brctl -V
brctl -x
ip netns add X
ip -n X link add zz type bridge
ip -n X link add br0 address 02:00:00:00:00:b0 type bridge
ip -n X link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11
ip -n X link add a0 address 02:00:00:00:00:20 type veth peer name a1 address 02:00:00:00:00:21
ip netns exec X brctl addif br0 v0 a0
ip netns exec X brctl show
ip netns exec X brctl showstp br0
ip netns exec X brctl showmacs br0
