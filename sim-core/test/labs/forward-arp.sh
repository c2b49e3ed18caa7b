# forward-arp: ARP across a router: which neighbour entries appear on H, R and T after H pings T
# through R (H never learns T's MAC); default routes through two routers; the weak host model
# (arp_ignore=0: R answers ARP on eth0 for its eth1 address; arp_ignore=1 stops that); ping of a
# router's far-side address without forwarding.
#@lan lan1 H:eth0 R:eth0 S:eth0
#@lan lan2 R:eth1 T:eth0
#@lan lan3 S:eth1 U:eth0
#@machine T
ip link set eth0 address 02:00:00:00:02:02
ip link set eth0 up
ip addr add 10.0.2.2/24 dev eth0
ip route add default via 10.0.2.254
#@machine U
ip link set eth0 address 02:00:00:00:03:03
ip link set eth0 up
ip addr add 10.0.3.3/24 dev eth0
ip route add default via 10.0.3.253
#@machine S
ip link set eth0 address 02:00:00:00:01:fd
ip link set eth1 address 02:00:00:00:03:fd
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.253/24 dev eth0
ip addr add 10.0.3.253/24 dev eth1
ip route add default via 10.0.1.254
#@machine R
ip link set eth0 address 02:00:00:00:01:fe
ip link set eth1 address 02:00:00:00:02:fe
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.254/24 dev eth1
ip route add 10.0.3.0/24 via 10.0.1.253
#@machine H
ip link set eth0 address 02:00:00:00:01:01
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ip route add default via 10.0.1.254
ip route add 10.0.3.0/24 via 10.0.1.253
ping -c 1 10.0.2.254
ping -c 1 -W 1 10.0.2.2
ip neigh
#@machine R
ip neigh
sysctl -w net.ipv4.ip_forward=1
#@machine S
sysctl -w net.ipv4.ip_forward=1
#@machine H
ping -c 1 10.0.2.2
ping -c 1 10.0.3.3
ip neigh
ip route get 10.0.2.2
ip route get 10.0.3.3
#@machine R
ip neigh
#@machine S
ip neigh
#@machine T
ip neigh
ping -c 1 10.0.3.3
ip neigh
#@machine U
ip neigh
#@machine H
ip route add 10.0.2.254/32 dev eth0
ip neigh flush dev eth0
ping -c 1 10.0.2.254
ip neigh show 10.0.2.254
#@machine R
sysctl -w net.ipv4.conf.all.arp_ignore=1
#@machine H
ip neigh del 10.0.2.254 dev eth0
ping -c 1 -W 1 10.0.2.254
sleep 3
ip neigh show 10.0.2.254
ping -c 1 10.0.1.254
