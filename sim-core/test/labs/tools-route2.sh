# tools-route2: more net-tools route — -V, usage and flush errors, -C (the empty routing cache),
# -A/--inet, -e/-ee layouts, mss/window/irtt (shown by -ee, netstat -rn and ip route), every
# INET_setroute error (bad mss/window, extra words, duplicate netmask/gw, host with netmask,
# NETWORK as gateway, bad metric, missing netmask, alias device, /33, /x), the device as last
# word, routes with equal prefix and different metrics or gateways, del by metric/gw/dev.
#@lan lan1 H:eth0 R:eth0
#@machine H
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
route -V
route bogus
route flush
route -C
route -Cn
route -A foo
route --inet -n
route -ee
route -n -e -e
route del
route add -net 10.1.0.0/16 dev eth0 mss 1400 window 8000 irtt 50
route add -net 10.2.0.0/16 dev eth0 mtu 30
route add -net 10.3.0.0/16 dev eth0 window 10
route add -net 10.4.0.0/16 eth0
route add -net 10.5.0.0/16 eth0 extra
route add -net 10.6.0.0 netmask 255.255.0.0 netmask 255.255.0.0 dev eth0
route add -host 10.7.0.1 netmask 255.255.0.0 dev eth0
route add -net 10.8.0.0/16 gw 10.0.0.9 gw 10.0.0.8
route add -net 10.9.0.0/16 gw default
route add -net 10.10.0.0/16 metric x dev eth0
route add -net 10.11.0.0/16 dev eth0 metric 3
route add -net 10.11.0.0/16 dev eth0 metric 4
route add -net 10.11.0.0/16 gw 10.0.0.7 metric 3
route add 10.12.0.0/16 dev eth0
route add -net 10.13.0.0 dev eth0
route add -net 10.14.0.0/16 dev eth0:1
route add -net 10.15.0.0/16 dyn mod reinstate dev eth0
route add -net 10.16.0.0/16 gateway 10.0.0.5
route add -net 10.17.0.0/16 dev eth0 reject
route add -net 10.18.0.0/33 dev eth0
route add -net 10.19.0.0/x dev eth0
route add -net link-local dev eth0
route add default dev eth0
route -n
route -ee
ip route
cat /proc/net/route
route del -net 10.11.0.0/16
route del -net 10.11.0.0/16 metric 4
route del -net 10.11.0.0/16 gw 10.0.0.9
route del -net 10.11.0.0/16 dev lo
route del 10.12.0.0/16
route del -net 10.13.0.0
route del -host 10.99.0.1
route -n
route -vn
netstat -rn
netstat -r -n -e -e
netstat -V
netstat -x
