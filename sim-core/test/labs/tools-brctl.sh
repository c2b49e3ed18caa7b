# tools-brctl: bridge-utils brctl (show, addbr, addif, delif, delbr, stp, showmacs, showstp head)
# next to ip link: its table format, how it sees bridges made with ip link, and its errors.
brctl show
brctl addbr br0
ip link set br0 address 02:00:00:00:00:b0
brctl show
ip link add br1 address 02:00:00:00:00:b1 type bridge
ip link add v0 address 02:00:00:00:00:10 type veth peer name v1 address 02:00:00:00:00:11
ip link add w0 address 02:00:00:00:00:20 type veth peer name w1 address 02:00:00:00:00:21
brctl addif br0 v0
brctl addif br0 w0
brctl show
brctl show br0
brctl show br9
ip link show master br0
brctl addif br0 v0
brctl addif br1 v0
brctl addif br0 v9
brctl addif br9 v1
brctl addif br0 lo
brctl addbr br0
brctl addbr
brctl stp br0 on
brctl show
brctl stp br0 off
brctl stp br0 maybe
ip link set br0 up
ip link set v0 up
brctl showmacs br0
brctl delif br0 w0
brctl delif br0 w0
brctl show
brctl delbr br0
ip link set br0 down
brctl delbr br0
brctl delbr br0
brctl show
ip link set v1 master br1
brctl show
brctl bogus
brctl
