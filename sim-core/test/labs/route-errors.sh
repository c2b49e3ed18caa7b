# route-errors: ip route add/del/replace/change/append and every error message and exit status
# for wrong input (bad prefix, host bits set, unknown device, gateway not on link, down device,
# onlink, duplicate, missing route, garbage keywords, missing arguments).
#@lan lan1 R:eth0 H:eth0
#@lan lan2 R:eth1 X:eth0
#@machine R
ip link set eth0 up
ip addr add 10.0.1.1/24 dev eth0
ip addr add 10.0.2.1/24 dev eth1
ip route add 10.9.0.0/16 via 10.0.1.254
ip route add 10.9.0.0/16 via 10.0.1.253
ip route add 10.9.0.0/16 via 10.0.1.254 metric 10
ip route append 10.9.0.0/16 via 10.0.1.253
ip route
ip route replace 10.9.0.0/16 via 10.0.1.252
ip route
ip route change 10.9.0.0/16 via 10.0.1.251
ip route change 10.8.0.0/16 via 10.0.1.251
ip route replace 10.8.0.0/16 via 10.0.1.251
ip route
ip route del 10.8.0.0/16
ip route del 10.8.0.0/16
ip route del 10.9.0.0/16 via 10.0.1.99
ip route del 10.9.0.0/16 dev eth1
ip route del 10.9.0.0/16 metric 10
ip route del 10.9.0.0/16
ip route del 10.9.0.0/16
ip route del 10.9.0.0/16
ip route
ip route add 10.10.0.0/16 via 10.0.2.254
ip route add 10.10.0.0/16 via 10.0.2.254 dev eth1
ip route add 10.10.0.0/16 dev eth1
ip route add 10.11.0.0/16 via 10.0.9.1
ip route add 10.11.0.0/16 via 10.0.9.1 dev eth0
ip route add 10.11.0.0/16 via 10.0.9.1 dev eth0 onlink
ip route add 10.11.0.0/16 via 10.0.9.1 dev eth1 onlink
ip route add 10.11.0.0/16 via 10.0.9.1 onlink
ip route add 10.12.0.0/16 via 10.0.1.1
ip route add 10.12.0.0/16 via 10.0.2.1
ip route add 10.12.0.0/16 via 10.0.1.254 dev eth1
ip route add 10.12.0.0/33 dev eth0
ip route add 10.12.0.1/16 dev eth0
ip route add 10.12.0.0/16 dev eth9
ip route add 10.12.0.0/16
ip route add 10.12.0.0/16 via
ip route add 10.12.0.0/16 dev
ip route add 10.12.0.0/16 via 10.0.1.300
ip route add 10.12.0.0/16 via eth0
ip route add 10.12.0.0/16 dev eth0 foo
ip route add 10.12.0.0/16 dev eth0 foo bar
ip route add foo dev eth0
ip route add 10.12.0.0/16 dev eth0 metric abc
ip route add 10.12.0.0/16 dev eth0 scope bogus
ip route add 10.12.0.0/16 dev eth0 proto bogus
ip route add 10.12.0.0/16 dev eth0 table bogus
ip route add 10.14.0.0/16 dev eth0 src 10.0.1.99
ip route add 10.14.0.0/16 dev eth0 src 10.0.2.1
ip route add 10.15.0.0/16 dev eth0 src 10.0.1.1
ip route add 10.12 dev eth0
ip route add 10.13.0.0/16 via 10.0.1.254 dev lo
ip route add default via 10.0.9.1
ip route add default via 10.0.1.254
ip route add default via 10.0.1.253
ip route add 0.0.0.0/0 via 10.0.1.253 metric 5
ip route
ip route add 10.16.0.0/16 via 10.0.1.254 metric 10
ip route add 10.16.0.0/16 via 10.0.1.253 metric 20
ip route del 10.16.0.0/16
ip route show 10.16.0.0/16
ip route del default
ip route
ip route flush
ip route
ip route bogus
ip route add
ip route del 10.99.0.0/16 dev eth0 via
