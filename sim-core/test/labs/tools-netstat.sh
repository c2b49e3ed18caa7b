# tools-netstat: net-tools netstat — listening TCP/UDP sockets (-l -t -u -n, names from /etc/hosts
# and /etc/services without -n), the UNIX block, the routing table (-r: MSS/Window/irtt layout,
# -e swaps to Metric/Ref/Use, -ee both), the interface table (-i, -ia, -ie) and its messages.
# One TCP and one UDP listener only (the kernel's listening-hash order is not the simulator's
# concern here); a netns peer with IPv6 off keeps the counters exact.
ip netns add T
ip link add eth0 type veth peer name eth0 netns T
sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip netns exec T sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip -n T link set eth0 up
ip -n T addr add 10.0.0.2/24 dev eth0
ip link set eth0 address 02:00:00:00:00:01
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
ip route add 10.5.0.0/16 via 10.0.0.2
ip route add default via 10.0.0.2 metric 100
nc -l -p 8080 >/dev/null 2>&1 &
nc -u -l -p 5353 >/dev/null 2>&1 &
sleep 1
netstat -tln
netstat -uln
netstat -ln
netstat -lntu
netstat -tl
netstat -ul
netstat -an --inet
netstat -t
netstat
netstat -x
netstat -lx
netstat -rn
netstat -r
netstat -rne
netstat -rnee
netstat -rC
ping -c 2 -i 0.2 10.0.0.2
netstat -i
netstat -ia
netstat -ie
netstat -V
netstat -M
netstat -y
netstat -A foo
