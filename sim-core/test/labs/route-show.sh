# route-show: `ip route show` selectors (dev, via, proto, scope, type, root, match, exact, table
# local|main|all|N), prefix-matched abbreviations, `ip route flush` with selectors, and their errors.
#@lan lan1 H:eth0 R1:eth0
#@lan lan2 H:eth1 R2:eth0
#@machine H
ip link set eth0 address 02:00:00:00:01:10
ip link set eth1 address 02:00:00:00:02:10
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.10/24 dev eth0
ip addr add 10.0.2.10/24 dev eth1
ip route add default via 10.0.1.1
ip route add 10.10.0.0/16 via 10.0.1.1 proto static
ip route add 10.10.5.0/24 via 10.0.2.1 metric 100
ip route add 10.10.5.7 dev eth1 scope link
ip route add 10.20.0.0/16 dev eth1 proto 99
ip route add 10.30.0.0/16 via 10.0.2.1 table 100
ip route add default via 10.0.2.1 table 100
ip route add 10.40.0.0/16 via 10.0.1.1 proto boot scope global
ip route
ip r
ip r s
ip route list
ip -4 route show
ip route show dev eth1
ip route show dev eth9
ip route show via 10.0.2.1
ip route show proto static
ip route show proto kernel
ip route show proto boot
ip route show scope link
ip route show scope global
ip route show type unicast
ip route show root 10.10.0.0/16
ip route show match 10.10.5.7
ip route show match 10.10.5.8
ip route show exact 10.10.0.0/16
ip route show exact 10.10.0.0/17
ip route show 10.10.5.0/24
ip route show 10.10.0.0/16
ip route show table 100
ip route show table main
ip route show table local
ip route show table all
ip -4 route show table all
route -n
route -n -A inet
ip -s route
ip route show table 200
ip route show table bogus
ip route show bogus
ip route show dev
ip -d route show 10.10.0.0/16
ip route flush dev eth9
ip route flush proto static
ip route
ip route flush dev eth1
ip route
ip route flush table 100
ip route show table 100
ip route flush 10.40.0.0/16
ip route
ip route flush table main
ip route
ip route show table local
