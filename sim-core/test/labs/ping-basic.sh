# ping-basic: iputils ping output when replies come back: counts and intervals, -s sizes (0, 1, 15,
# 16, fragmented, 65507), -q, -n, -t, -I dev/addr, -w/-W, names from /etc/hosts, own addresses,
# 127.0.0.0/8, and loopback taken down and up again.
#@lan lan1 H:eth0 T:eth0
#@machine T
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
#@machine H
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
ping -c 3 -i 0.2 10.0.0.2
ping -c 2 -i 0.2 -s 0 10.0.0.2
ping -c 1 -s 1 10.0.0.2
ping -c 1 -s 15 10.0.0.2
ping -c 1 -s 16 10.0.0.2
ping -c 1 -s 1472 10.0.0.2
ping -c 1 -s 1473 10.0.0.2
ping -c 1 -s 65507 10.0.0.2
ping -c 3 -i 0.2 -q 10.0.0.2
ping -c 1 -n 10.0.0.2
ping -c 1 -t 5 10.0.0.2
ping -c 1 -I eth0 10.0.0.2
ping -c 1 -I 10.0.0.1 10.0.0.2
ping -c 2 -w 5 -i 0.2 10.0.0.2
ping -c 1 -W 1 10.0.0.2
ping 10.0.0.2 -c 1
ping -c1 -i0.2 10.0.0.2
echo "10.0.0.2 db db.lab" >> /etc/hosts
cat /etc/hosts
ping -c 1 db
ping -c 1 db.lab
ping -c 1 -n db
ping -c 1 10.0.0.2
ping -c 1 nosuchhost
ping -c 1 DB
ping -c 1 10.0.0.1
ping -c 1 127.0.0.1
ping -c 1 127.1.2.3
ping -c 1 localhost
ping -c 1 H
ip neigh show nud all dev lo
ip link set lo down
ping -c 1 -W 1 127.0.0.1
ping -c 1 -W 1 10.0.0.1
ip route show table local
ip link set lo up
ip route show table local
ping -c 1 127.0.0.1
ping -c 1 10.0.0.1
