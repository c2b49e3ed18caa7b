# neigh-arp: net-tools `arp` (-n, -a, -e, -i, -s, -d, temp/pub) next to `ip neigh`: its table
# formats for complete, incomplete, permanent and published entries, and its error messages.
#@lan lan1 H:eth0 T:eth0
#@machine T
ip link set eth0 address 02:00:00:00:00:02
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
#@machine H
ip link set eth0 address 02:00:00:00:00:01
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
arp -n
arp
arp -a
ping -c 1 -W 1 10.0.0.2
ping -c 1 -W 1 10.0.0.9
arp -n
ip neigh show 10.0.0.9
sleep 3
ip neigh show 10.0.0.9
arp -n
arp -a
arp -e
arp -n -i eth0
arp -n -i eth9
arp -n 10.0.0.2
arp -n 10.0.0.77
arp -s 10.0.0.20 02:00:00:00:00:20
arp -s 10.0.0.21 02:00:00:00:00:21 temp
arp -s 10.0.0.22 02:00:00:00:00:22 pub
arp -i eth0 -s 10.0.0.23 02:00:00:00:00:23
arp -i eth0 -Ds 10.0.0.22 eth0 pub
arp -n
ip neigh show nud all
ip neigh show proxy
arp -s 10.0.0.24 zz:00:00:00:00:24
arp -s 10.0.0.24
arp -s 10.0.0.300 02:00:00:00:00:24
arp -s nosuchhost 02:00:00:00:00:24
arp -s 10.9.9.9 02:00:00:00:00:24
arp -d 10.0.0.20
arp -d 10.0.0.20
arp -d 10.0.0.77
arp -d
arp -n
echo "10.0.0.2 tee" >> /etc/hosts
arp
arp -a
arp tee
arp -x
arp -n 2>&1 | head -1
arp -d 10.0.0.2
arp -n
