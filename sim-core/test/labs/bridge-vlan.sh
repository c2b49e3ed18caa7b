#@machine H
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v0 master br0
bridge vlan add vid 10 dev v0
bridge vlan del vid 1 dev v0
bridge vlan set vid 10 dev v0 state forwarding
bridge vlan tunnelshow
bridge vlan global show
bridge vlan add vid 10
bridge vlan add dev v0
bridge vlan bogus
bridge vlan
bridge -d vlan show
bridge vlan del vid 1 dev v1
bridge vlan del vid 1 dev br0
bridge vlan del vid 1 dev br0 self
bridge vlan add vid 5000 dev v0
bridge vlan add vid 10-5 dev v0
bridge vlan add vid 10-20 dev v0 pvid
bridge vlan add vid 10 dev nope
bridge vlan set vid 10 dev nope
bridge vlan set vid 10
bridge vlan show dev nope
bridge vlan show dev v0
bridge -s vlan show
bridge -j vlan show
bridge vlan global set vid 1 dev br0 mcast_snooping 1
bridge vlan global bogus
bridge vlan help
bridge -j -d vlan show
bridge vlan tunnelshow dev v0 dev v1
bridge vlan set vid 10 dev v0 state bogus
bridge vlan global
