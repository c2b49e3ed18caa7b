# Traffic for the printer's golden tests: captured by the simulator's tcpdump -w, then printed by the
# real tcpdump 4.99.3 (capture-golden.ts) and by ours (print.test.ts). ARP, ICMP echo, UDP, ICMP errors
# (port unreachable, time exceeded, net unreachable, frag needed), TCP with HTTP, VXLAN on 8472 and 4789,
# IPv6 chatter and IGMP from a bridge.
#@link r:eth0 h:eth0
#@link r:eth1 s:eth0
#@machine h
ip addr add 10.1.0.2/24 dev eth0
ip link set eth0 up
ip route add default via 10.1.0.1
ip link add br0 type bridge
ip link set br0 up
#@machine s
ip addr add 10.2.0.2/24 dev eth0
ip link set eth0 up
ip link set eth0 mtu 1400
ip route add default via 10.2.0.1
python3 -m http.server 80 >/dev/null 2>&1 &
ip link add vx0 type vxlan id 42 local 10.2.0.2 remote 10.1.0.2 dstport 8472
ip link add vx1 type vxlan id 7 local 10.2.0.2 remote 10.1.0.2 dstport 4789
ip addr add 10.42.0.2/24 dev vx0
ip addr add 10.7.0.2/24 dev vx1
ip link set vx0 up
ip link set vx1 up
#@machine r
sysctl -w net.ipv4.ip_forward=1
ip addr add 10.1.0.1/24 dev eth0
ip addr add 10.2.0.1/24 dev eth1
ip link set eth0 up
ip link set eth1 up
ip link set eth1 mtu 1400
#@machine h
ip link add vx0 type vxlan id 42 local 10.1.0.2 remote 10.2.0.2 dstport 8472
ip link add vx1 type vxlan id 7 local 10.1.0.2 remote 10.2.0.2 dstport 4789
ip addr add 10.42.0.1/24 dev vx0
ip addr add 10.7.0.1/24 dev vx1
ip link set vx0 up
ip link set vx1 up
timeout 12 tcpdump -i eth0 -U -w /tmp/h.pcap >/dev/null 2>&1 &
sleep 1
ping -c 2 -i 0.2 10.2.0.2
ping -c 1 -t 1 -W 1 10.2.0.2
ping -c 1 -W 1 10.9.9.9
ping -c 1 -W 1 -M do -s 1450 10.2.0.2
echo hello | nc -u -w 1 -p 40001 10.2.0.2 5555
curl -s -o /dev/null http://10.2.0.2/
ping -c 1 -W 1 10.42.0.2
ping -c 1 -W 1 10.7.0.2
sleep 10
