# ttl-routers: TTL through a chain of three routers: the TTL printed in replies (64, 63, 62, 61),
# ping -t N expiring at router N ("From R icmp_seq=N Time to live exceeded", which source address
# the router uses), -t reaching a router's own addresses, and a routing loop between two routers.
#@lan lan1 H:eth0 R1:eth0
#@lan lan2 R1:eth1 R2:eth0
#@lan lan3 R2:eth1 R3:eth0
#@lan lan4 R3:eth1 T:eth0
#@machine R1
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.1/24 dev eth1
ip route add default via 10.0.2.2
sysctl -w net.ipv4.ip_forward=1
#@machine R2
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.2.2/24 dev eth0
ip addr add 10.0.3.2/24 dev eth1
ip route add 10.0.1.0/24 via 10.0.2.1
ip route add 10.0.4.0/24 via 10.0.3.3
sysctl -w net.ipv4.ip_forward=1
#@machine R3
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.3.3/24 dev eth0
ip addr add 10.0.4.3/24 dev eth1
ip route add default via 10.0.3.2
sysctl -w net.ipv4.ip_forward=1
#@machine T
ip link set eth0 up
ip addr add 10.0.4.4/24 dev eth0
ip route add default via 10.0.4.3
#@machine H
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ip route add default via 10.0.1.254
ping -c 1 10.0.1.254
ping -c 1 10.0.2.1
ping -c 1 10.0.2.2
ping -c 1 10.0.3.2
ping -c 1 10.0.3.3
ping -c 1 10.0.4.3
ping -c 1 10.0.4.4
ping -c 1 -t 1 10.0.4.4
ping -c 1 -t 2 10.0.4.4
ping -c 1 -t 3 10.0.4.4
ping -c 1 -t 4 10.0.4.4
ping -c 1 -t 1 10.0.2.1
ping -c 1 -t 1 10.0.2.2
ping -c 2 -i 0.2 -t 2 -n 10.0.4.4
ping -c 1 -t 1 -q 10.0.4.4
#@machine T
ping -c 1 10.0.1.1
ping -c 1 -t 3 10.0.1.1
ping -c 1 -t 4 10.0.1.1
#@machine R2
ip route add default via 10.0.2.1
#@machine H
ip route get 10.99.0.1
ping -c 1 10.99.0.1
ping -c 1 -t 5 10.99.0.1
ping -c 1 -t 6 10.99.0.1
#@machine R1
ping -c 1 10.99.0.1
