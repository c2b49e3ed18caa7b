# mtu-pmtu: MTU and fragmentation: ping -M do at and over the local MTU (local error), through a
# router onto a 1400-byte link (Frag needed and DF set, then the learned PMTU in `ip route get`
# and later local errors), fragmentation without DF (-M dont, default -M want), and what
# `ip route flush cache` does to the learned PMTU.
#@lan lan1 H:eth0 R:eth0
#@lan lan2 R:eth1 T:eth0
#@machine T
ip link set eth0 mtu 1400
ip link set eth0 up
ip addr add 10.0.2.2/24 dev eth0
ip route add default via 10.0.2.254
#@machine R
ip link set eth0 up
ip link set eth1 mtu 1400
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.254/24 dev eth1
sysctl -w net.ipv4.ip_forward=1
ip link show eth1
#@machine H
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ip route add default via 10.0.1.254
ping -c 1 -M do -s 1472 10.0.1.254
ping -c 1 -M do -s 1473 10.0.1.254
ping -c 2 -i 0.2 -M do -s 1473 10.0.1.254
ping -c 1 -M dont -s 1473 10.0.1.254
ping -c 1 -M do -s 1372 10.0.2.2
ip route get 10.0.2.2
ping -c 1 -M do -s 1373 10.0.2.2
ip route get 10.0.2.2
ip route show cache
ping -c 2 -i 0.2 -M do -s 1373 10.0.2.2
ping -c 1 -M do -s 1372 10.0.2.2
ping -c 1 -M dont -s 1373 10.0.2.2
ping -c 1 -s 1373 10.0.2.2
ping -c 1 -M want -s 1373 10.0.2.2
ip route flush cache
ip route get 10.0.2.2
ping -c 1 -s 1373 10.0.2.2
ping -c 1 -s 1373 10.0.2.2
ping -c 1 -M dont -s 3000 10.0.2.2
ping -c 1 -M bogus 10.0.2.2
ping -c 1 -M do -s 65507 10.0.2.2
#@machine T
ping -c 1 -M do -s 1373 10.0.2.254
ping -c 1 -M do -s 1372 10.0.1.1
ip route get 10.0.1.1
