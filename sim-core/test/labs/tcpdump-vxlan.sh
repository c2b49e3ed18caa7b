# tcpdump around VXLAN: the underlay NIC shows UDP 8472 (printed as OTV) and 4789 (VXLAN) with the inner frame,
# the vxlan device shows the inner frames, -v adds the outer and inner IP headers; filters on the outer packet.
#@link n1:eth0 n2:eth0
#@machine n1
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip addr add 192.168.1.1/24 dev eth0
ip link set eth0 up
ip link add vx0 address 02:00:00:00:10:01 type vxlan id 42 local 192.168.1.1 remote 192.168.1.2 dstport 8472
ip link add vx1 address 02:00:00:00:11:01 type vxlan id 7 local 192.168.1.1 remote 192.168.1.2 dstport 4789
ip addr add 10.42.0.1/24 dev vx0
ip addr add 10.7.0.1/24 dev vx1
ip link set vx0 up
ip link set vx1 up
#@machine n2
sysctl -w net.ipv6.conf.all.disable_ipv6=1
sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip addr add 192.168.1.2/24 dev eth0
ip link set eth0 up
ip link add vx0 address 02:00:00:00:10:02 type vxlan id 42 local 192.168.1.2 remote 192.168.1.1 dstport 8472
ip link add vx1 address 02:00:00:00:11:02 type vxlan id 7 local 192.168.1.2 remote 192.168.1.1 dstport 4789
ip addr add 10.42.0.2/24 dev vx0
ip addr add 10.7.0.2/24 dev vx1
ip link set vx0 up
ip link set vx1 up
timeout -s INT 6 tcpdump -i eth0 -n -l not ip6 >/tmp/eth0.txt 2>&1 &
timeout -s INT 6 tcpdump -i eth0 -n -l -v udp port 4789 >/tmp/eth0v.txt 2>&1 &
timeout -s INT 6 tcpdump -i eth0 -n -l -e -c 2 not ip6 >/tmp/eth0e.txt 2>&1 &
timeout -s INT 6 tcpdump -i vx0 -n -l -e >/tmp/vx0.txt 2>&1 &
timeout 6 tcpdump -i eth0 -w /tmp/vx.pcap not ip6 >/dev/null 2>&1 &
sleep 0.3
#@machine n1
ping -c 1 -W 1 10.42.0.2
ping -c 1 -W 1 10.7.0.2
#@machine n2
sleep 6
sed -E 's/id [0-9]+, seq/id N, seq/; s/\.[0-9]{4,5} > 192/.P > 192/' /tmp/eth0.txt
sed -E 's/id [0-9]+, seq/id N, seq/; s/id [0-9]+, offset/id N, offset/; s/\.[0-9]{4,5} > 192/.P > 192/' /tmp/eth0v.txt
cat /tmp/eth0e.txt
sed -E 's/id [0-9]+, seq/id N, seq/' /tmp/vx0.txt
tcpdump -r /tmp/vx.pcap -n -t -vv udp port 8472 | sed -E 's/id [0-9]+, seq/id N, seq/; s/id [0-9]+, offset/id N, offset/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/; s/\.[0-9]{4,5} > 192/.P > 192/'
tcpdump -r /tmp/vx.pcap -n -t -q | sed -E 's/\.[0-9]{4,5} > 192/.P > 192/'
tcpdump -r /tmp/vx.pcap -n -t -x -c 1 udp port 4789 | sed -E 's/\.[0-9]{4,5} > 192/.P > 192/; s/^(.*0x00[01]0:).*/\1 …/'
tcpdump -r /tmp/vx.pcap -n 'udp[8:2] = 0x0800' | wc -l
