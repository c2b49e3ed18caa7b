# addr-routes: the routes an address creates (main: prefix route `proto kernel scope link src`; local:
# `local` + `broadcast`), /32 and peer addresses, `linkdown` while the carrier is off, what happens to
# addresses and routes when the link goes admin-down/up or the address is deleted, a static route
# via a gateway on a down link, and `ip route show table all` (fixed MACs: the local fe80:: routes are sorted by address).
ip link add veth0 address 02:00:00:00:00:01 type veth peer name veth1 address 02:00:00:00:00:02
ip addr add 192.168.10.1/24 dev veth0
ip route
ip route show table local
ip link set veth0 up
ip route
ip route show table local
ip link set veth1 up
ip route
ip -4 route show table all
ip addr add 192.168.20.1/32 dev veth0
ip addr add 192.168.30.1 peer 192.168.30.2 dev veth0
ip addr add 192.168.40.1/24 dev veth0 scope link
ip addr add 192.168.50.1/24 dev veth0 noprefixroute
ip addr add 192.168.60.1/31 dev veth0
ip route
ip route show table local
ip route add 10.0.0.0/8 via 192.168.10.254
ip route add 172.16.0.0/12 dev veth0
ip route
ip link set veth1 down
ip route
ip route add 10.1.0.0/16 via 192.168.10.253
ip link set veth0 down
ip route
ip -4 addr show veth0
ip route show table local
ip route add 10.2.0.0/16 via 192.168.10.254
ip route add 10.2.0.0/16 dev veth0
ip link set veth0 up
ip route
ip route show table local
ip addr del 192.168.10.1/24 dev veth0
ip route
ip route show table local
ip route get 192.168.20.1
ip route get 192.168.60.0
ip route get 192.168.40.7
ip route get 10.99.0.1
ip addr flush dev veth0
ip route
ip route show table local
ip route show table main
ip route show table 255
ip route show table nosuch
ip link set veth0 down
ip link set veth0 up
ip link set veth1 up
sleep 3
ip route show table all
ip -6 route
