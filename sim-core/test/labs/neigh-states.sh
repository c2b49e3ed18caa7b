# neigh-states: neighbour states produced by traffic and time, on the pinging side and on the
# responder side (REACHABLE, DELAY, PROBE->REACHABLE, STALE, INCOMPLETE, FAILED), with H's
# base_reachable_time shortened to 1 s by sysctl. STALE comes from an ARP request whose sender
# never gets an IP reply (X's ping is dropped by iptables on H).
#@lan lan1 H:eth0 T:eth0 X:eth0
#@machine T
ip link set eth0 address 02:00:00:00:00:02
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
#@machine X
ip link set eth0 address 02:00:00:00:00:03
ip link set eth0 up
ip addr add 10.0.0.3/24 dev eth0
#@machine H
ip link set eth0 address 02:00:00:00:00:01
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
sysctl net.ipv4.neigh.eth0.base_reachable_time_ms net.ipv4.neigh.eth0.delay_first_probe_time
sysctl net.ipv4.neigh.eth0.mcast_solicit net.ipv4.neigh.eth0.ucast_solicit net.ipv4.neigh.eth0.retrans_time_ms
sysctl net.ipv4.neigh.eth0.gc_stale_time
sysctl net.ipv4.neigh.default.gc_thresh1
sysctl -w net.ipv4.neigh.eth0.base_reachable_time_ms=1000
ip neigh
ping -c 1 -W 1 10.0.0.2
ip neigh
#@machine T
ip neigh
#@machine H
sleep 2.5
ip neigh
ip neigh show nud delay
#@machine T
ip neigh
#@machine H
sleep 7
ip neigh
ip neigh show nud reachable
#@machine T
ip neigh
#@machine H
ip neigh del 10.0.0.2 dev eth0
ip neigh
iptables -A INPUT -s 10.0.0.3 -p icmp -j DROP
#@machine X
ping -c 1 -W 1 10.0.0.1
ip neigh
#@machine H
ip neigh
ip neigh show nud stale
ping -c 1 -W 1 10.0.0.9
ip neigh
ip neigh show nud incomplete
ip neigh show 10.0.0.9
sleep 3
ip neigh
ip neigh show nud failed
ip -4 neigh show nud all
ip neigh show nud permanent
ping -c 1 -W 1 10.0.0.9
ip neigh show 10.0.0.9
#@machine T
ip -4 neigh show nud all
