# link-set: `ip link set` up/down/name/address/mtu/master/nomaster/alias/txqueuelen/arp/promisc/multicast
# on veth and bridge, what each changes in `ip link show`, and the error for every wrong input.
ip link add veth0 type veth peer name veth1
ip link add br0 type bridge
ip link set veth0 up
ip link show veth0
ip link set dev veth0 down
ip link set veth0 name eth0
ip link set veth0 up
ip link show eth0
ip link show veth1
ip link set eth0 name veth1
ip link set eth0 name abcdefghijklmnop
ip link set eth0 name veth0
ip link set veth0 up
ip link set veth0 address 02:00:00:00:00:01
ip link set veth0 addr 02:00:00:00:00:02
ip link set veth0 address 01:00:00:00:00:01
ip link set veth0 address 00:00:00:00:00:00
ip link set veth0 address 02:00:00:00:00
ip link set veth0 address xx
ip link set veth0 address
ip link set veth0 mtu 9000
ip link set veth0 mtu 67
ip link set veth0 mtu 68
ip link set veth0 mtu 65535
ip link set veth0 mtu 65536
ip link set veth0 mtu -1
ip link set veth0 mtu 1500
ip link set veth0 alias "uplink to RED"
ip link set veth0 txqueuelen 500
ip link set veth0 txqlen 600
ip link set veth0 arp off
ip link set veth0 promisc on
ip link set veth0 multicast off
ip link set veth0 allmulticast on
ip link show veth0
ip link set veth0 arp on promisc off multicast on allmulticast off alias ""
ip link show veth0
ip link set veth0 promisc maybe
ip link set veth0 up down
ip link set veth0 sideways
ip link set veth0
ip link set nosuch up
ip link set dev nosuch up
ip link set up
ip link set veth0 master br0
ip link show veth0
ip link show br0
ip link set veth0 master nosuch
ip link set veth0 master veth1
ip link show veth0
ip link show br0
ip link set br0 master br0
ip link set lo master br0
ip link set veth0 nomaster
ip link set veth0 nomaster
ip link show veth0
ip link set veth0 master br0
ip link set veth0 mtu 1400
ip link show br0
ip link set br0 mtu 1600
ip link set br0 mtu 1300
ip link show
ip link set lo down
ip link show lo
ip link set lo mtu 1000
ip link set lo address 02:00:00:00:00:09
ip link set lo up
ip link show lo
