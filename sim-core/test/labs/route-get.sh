# route-get: longest-prefix match, metrics, route types (blackhole/unreachable/prohibit/throw) and
# what `ip route get` prints for them, with from/iif/oif/mark/fibmatch/connected, plus its errors.
#@lan lan1 H:eth0 R1:eth0 R2:eth0
#@lan lan2 H:eth1 R3:eth0
#@machine H
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.10/24 dev eth0
ip addr add 10.0.2.10/24 dev eth1
ip route get 10.0.1.1
ip route get 10.0.1.10
ip route get 127.0.0.1
ip route get 10.0.1.255
ip route get 255.255.255.255
ip route get 224.0.0.5
ip route get 8.8.8.8
ip route add default via 10.0.1.1
ip route add 172.16.0.0/12 via 10.0.1.2
ip route add 172.16.5.0/24 via 10.0.2.3
ip route add 172.16.5.128/25 via 10.0.1.2 metric 50
ip route add 172.16.5.128/25 via 10.0.2.3 metric 20
ip route get 8.8.8.8
ip route get 172.20.0.1
ip route get 172.16.5.1
ip route get 172.16.5.200
ip route get fibmatch 172.16.5.200
ip route get fibmatch 8.8.8.8
ip route get 172.16.5.200 oif eth0
ip route get 172.16.5.200 oif eth1
ip route get 172.16.5.200 from 10.0.1.10
ip route get 172.16.5.200 from 10.0.2.10
ip route get 172.16.5.200 from 10.0.9.9
ip route get 172.16.5.200 mark 7
ip route get 172.16.5.200 from 10.0.1.1 iif eth0
ip route get 10.0.2.77 from 10.0.1.1 iif eth0
ip route get 10.0.1.10 from 10.0.1.1 iif eth0
ip route get 172.16.5.200 iif eth0
ip route get 172.16.5.200 oif eth9
ip route get 172.16.5.0/24
ip route get 172.16.5.300
ip route get
ip route get to 8.8.8.8
ip route get 8.8.8.8 bogus
ip route add blackhole 192.0.2.0/24
ip route add unreachable 198.51.100.0/24
ip route add prohibit 203.0.113.0/24
ip route add throw 100.64.0.0/10
ip route add blackhole 192.0.2.0/24
ip route add blackhole 192.0.2.128/25 dev eth0
ip route add unreachable 198.51.100.0/24 via 10.0.1.1
ip route
ip route get 192.0.2.1
ip route get 198.51.100.1
ip route get 203.0.113.1
ip route get 100.64.0.1
ping -c 1 -W 1 192.0.2.1
ping -c 1 -W 1 198.51.100.1
ping -c 1 -W 1 203.0.113.1
ping -c 1 -W 1 100.64.0.1
ip route del 192.0.2.0/24
ip route del unreachable 198.51.100.0/24
ip route del blackhole 203.0.113.0/24
ip route del prohibit 203.0.113.0/24
ip route del default
ip route get 8.8.8.8
ip route get 100.64.0.1
ip route show type unreachable
ip route show type throw
