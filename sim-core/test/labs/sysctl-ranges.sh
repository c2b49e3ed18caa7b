# sysctl-ranges: what the kernel accepts when a value is written to the net.* sysctls people touch
# (proc_dointvec vs proc_dointvec_minmax ranges, special handlers), by hand through /proc/sys
# and with sysctl -w, and what reads back. Each write runs in a subshell so its error shows.
#@machine H
ip link add v0 type veth peer name v1
for v in -1 0 1 2 5 2147483647 2147483648 -2147483648 -2147483649 abc 1abc 0x10 010 +3 ' 7 ' '4 5' ''; do (echo "$v" > /proc/sys/net/ipv4/ip_forward) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_forward)"; done
for v in 0 1 64 255 256 -1 0x20 abc; do (echo "$v" > /proc/sys/net/ipv4/ip_default_ttl) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_default_ttl)"; done
for v in -1 0 1 2 3 7; do (echo $v > /proc/sys/net/ipv4/conf/v0/forwarding) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/forwarding)"; done
for v in -1 0 1 2 3 9; do (echo $v > /proc/sys/net/ipv4/conf/all/rp_filter) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/all/rp_filter)"; done
for v in -1 0 1 2 3 8 9; do (echo $v > /proc/sys/net/ipv4/conf/v0/arp_ignore) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/arp_ignore)"; done
for v in -1 0 1 2 3; do (echo $v > /proc/sys/net/ipv4/conf/v0/arp_announce) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/arp_announce)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/accept_local) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/accept_local)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/route_localnet) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/route_localnet)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/proxy_arp) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/proxy_arp)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/send_redirects) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/send_redirects)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/accept_redirects) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/accept_redirects)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/v0/arp_filter) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/v0/arp_filter)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/icmp_echo_ignore_all) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/icmp_echo_ignore_all)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/icmp_echo_ignore_broadcasts) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/icmp_echo_ignore_broadcasts)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/ip_nonlocal_bind) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_nonlocal_bind)"; done
for v in -1 0 1 2 3; do (echo $v > /proc/sys/net/ipv4/tcp_syncookies) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/tcp_syncookies)"; done
for v in '1024 65000' '0 100' '1 1' '2000 1000' '5000 65535' '5000 65536' '40000' 'a b' '32768 60999'; do (echo "$v" > /proc/sys/net/ipv4/ip_local_port_range) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_local_port_range)"; done
for v in -1 0 1 1023 65535 65536; do (echo $v > /proc/sys/net/ipv4/ip_unprivileged_port_start) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_unprivileged_port_start)"; done
for v in '0 0' '1 0' '0 2147483647' '-1 5' '0 2147483648'; do (echo "$v" > /proc/sys/net/ipv4/ping_group_range) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ping_group_range)"; done
for v in -1 0 1 2 5; do (echo $v > /proc/sys/net/ipv6/conf/v0/disable_ipv6) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv6/conf/v0/disable_ipv6)"; done
for v in -1 0 1 2 3; do (echo $v > /proc/sys/net/ipv6/conf/all/forwarding) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv6/conf/all/forwarding)"; done
for v in -1 0 1 2 7; do (echo $v > /proc/sys/net/bridge/bridge-nf-call-iptables) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/bridge/bridge-nf-call-iptables)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/bridge/bridge-nf-call-ip6tables) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/bridge/bridge-nf-call-ip6tables)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/bridge/bridge-nf-call-arptables) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/bridge/bridge-nf-call-arptables)"; done
for v in -1 0 1 1024 2147483647; do (echo $v > /proc/sys/net/ipv4/neigh/default/gc_thresh1) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/default/gc_thresh1)"; done
for v in -1 0 1 4096; do (echo $v > /proc/sys/net/ipv4/neigh/default/gc_thresh3) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/default/gc_thresh3)"; done
for v in -1 0 1 30 2147483; do (echo $v > /proc/sys/net/ipv4/neigh/default/gc_interval) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/default/gc_interval)"; done
for v in -1 0 1 60 2147484; do (echo $v > /proc/sys/net/ipv4/neigh/v0/gc_stale_time) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/gc_stale_time)"; done
for v in -1 0 1 30 2147484; do (echo $v > /proc/sys/net/ipv4/neigh/v0/base_reachable_time) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/base_reachable_time) $(cat /proc/sys/net/ipv4/neigh/v0/base_reachable_time_ms)"; done
for v in -1 0 1 1500 30000; do (echo $v > /proc/sys/net/ipv4/neigh/v0/base_reachable_time_ms) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/base_reachable_time_ms) $(cat /proc/sys/net/ipv4/neigh/v0/base_reachable_time)"; done
for v in -1 0 1 3 5; do (echo $v > /proc/sys/net/ipv4/neigh/v0/delay_first_probe_time) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/delay_first_probe_time)"; done
for v in -1 0 1 3 10; do (echo $v > /proc/sys/net/ipv4/neigh/v0/ucast_solicit) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/ucast_solicit)"; done
for v in -1 0 1 3; do (echo $v > /proc/sys/net/ipv4/neigh/v0/mcast_solicit) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/mcast_solicit)"; done
for v in -1 0 1 1000; do (echo $v > /proc/sys/net/ipv4/neigh/v0/retrans_time_ms) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/neigh/v0/retrans_time_ms) $(cat /proc/sys/net/ipv4/neigh/v0/retrans_time)"; done
for v in -1 0 1 4096 2147483647; do (echo $v > /proc/sys/net/core/somaxconn) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/core/somaxconn)"; done
for v in -1 0 1 1000; do (echo $v > /proc/sys/net/ipv4/tcp_fin_timeout) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/tcp_fin_timeout)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/conf/all/log_martians) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/conf/all/log_martians)"; done
for v in -1 0 1 68 1500 65536; do (echo $v > /proc/sys/net/ipv4/route/min_pmtu) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/route/min_pmtu)"; done
for v in -1 0 1 2 3; do (echo $v > /proc/sys/net/ipv4/fwmark_reflect) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/fwmark_reflect)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/ip_forward_use_pmtu) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_forward_use_pmtu)"; done
for v in -1 0 1 2; do (echo $v > /proc/sys/net/ipv4/ip_no_pmtu_disc) 2>/dev/null; echo "[$v] $? $(cat /proc/sys/net/ipv4/ip_no_pmtu_disc)"; done
sysctl -w net.ipv4.ip_default_ttl=0
sysctl -w net.ipv4.ip_default_ttl=256
sysctl -w net.ipv4.ip_default_ttl=0x40
sysctl -w net.ipv4.ip_local_port_range='2000 1000'
sysctl -w net.ipv4.ip_local_port_range='2000 3000'
sysctl -w net.ipv4.conf.all.rp_filter=3
sysctl -w net.ipv4.icmp_echo_ignore_all=2
sysctl -w net.bridge.bridge-nf-call-iptables=5
sysctl net.bridge.bridge-nf-call-iptables
sysctl -w net.ipv4.tcp_syncookies=3
sysctl -w net.ipv4.neigh.v0.gc_stale_time=-1
sysctl -w net.ipv4.ip_forward='1 2'
echo 5 > /proc/sys/net/ipv4/ip_default_ttl 2>&1; echo $?
echo 0 > /proc/sys/net/ipv4/ip_default_ttl 2>&1; echo $?
echo 0 > /proc/sys/net/ipv4/ip_default_ttl; echo $?
printf 0 > /proc/sys/net/ipv4/ip_default_ttl
printf 32 > /proc/sys/net/ipv4/ip_default_ttl; cat /proc/sys/net/ipv4/ip_default_ttl
cat /proc/sys/net/ipv4/ip_default_ttl > /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward
echo 300 | tee /proc/sys/net/ipv4/ip_default_ttl
echo 1 > /proc/sys/net/ipv4/conf
echo 1 > /proc/sys/net/ipv4/conf/nosuch/forwarding
echo 1 >> /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward
