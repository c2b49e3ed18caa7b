# tools-route: net-tools `route`: its table (-n and with names: "default", "_gateway"? hostnames
# from /etc/hosts), adding and deleting routes with it (-net/-host, netmask, gw, dev, metric,
# reject) as `ip route` then shows them, and its error messages.
#@lan lan1 H:eth0 R:eth0
#@machine H
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
route
route -n
route add default gw 10.0.0.254
route add -net 10.20.0.0 netmask 255.255.0.0 gw 10.0.0.253
route add -net 10.30.0.0/16 dev eth0
route add -host 10.40.0.7 gw 10.0.0.253
route add -net 10.50.0.0/16 gw 10.0.0.253 metric 5
route add -net 10.60.0.0/16 reject
route -n
ip route
echo "10.0.0.253 gw2" >> /etc/hosts
route
route -e
route add -net 10.20.0.0 netmask 255.255.0.0 gw 10.0.0.253
route add -net 10.70.0.0/16 gw 10.9.9.9
route add -net 10.70.0.1/16 gw 10.0.0.253
route add -net 10.70.0.0 netmask 255.255.0.0
route add -net 10.70.0.0/16 dev eth9
route add -net 10.70.0.0/16 gw nosuchhost
route add -net 10.70.0.0 netmask 255.0.255.0 gw 10.0.0.253
route add 10.70.0.0 gw 10.0.0.253
route add -net bogus gw 10.0.0.253
route add
route del -net 10.20.0.0 netmask 255.255.0.0
route del -net 10.20.0.0 netmask 255.255.0.0
route del -host 10.40.0.7
route del default
route del default
route del -net 10.60.0.0/16 reject
route -n
route -x
