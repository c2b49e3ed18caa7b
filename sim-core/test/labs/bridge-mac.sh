# bridge-mac: which MAC a bridge takes — random when created, the LOWEST port MAC (not the first) while the
# user has not set one, 00:00:00:00:00:00 after the last port leaves, a user-set MAC sticks; `address` at creation;
# the bridge_id / designated_root that follow it, and `brctl show`.
ip link add br0 type bridge
ip link add veth1 address 02:00:00:00:00:50 type veth peer name veth1p
ip link add veth2 address 02:00:00:00:00:30 type veth peer name veth2p
ip link add veth3 address 02:00:00:00:00:70 type veth peer name veth3p
ip link set veth1 master br0
ip link show br0
ip link set veth2 master br0
ip link show br0
ip link set veth3 master br0
ip link show br0
ip -d link show br0 | grep -o 'bridge_id [^ ]* designated_root [^ ]*'
brctl show
brctl show br0
ip link set veth2 nomaster
ip link show br0
ip link set veth2 master br0
ip link set veth2 address 02:00:00:00:00:90
ip link show br0
ip link set veth1 address 02:00:00:00:00:10
ip link show br0
ip link set veth1 nomaster
ip link set veth2 nomaster
ip link set veth3 nomaster
ip link show br0
ip -d link show br0 | grep -o 'bridge_id [^ ]* designated_root [^ ]*'
brctl show
ip link set veth3 master br0
ip link show br0
ip link set br0 address 02:00:00:00:00:99
ip link set veth1 master br0
ip link show br0
ip link set veth1 nomaster
ip link set veth3 nomaster
ip link show br0
ip link add br1 address 02:00:00:00:00:aa type bridge
ip link set veth1 master br1
ip link show br1
ip -d link show br1 | grep -o 'bridge_id [^ ]* designated_root [^ ]*'
ip link set veth2 master br1
ip link set veth3 master br1
brctl show
brctl show nosuch
brctl
