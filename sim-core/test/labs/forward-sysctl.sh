# forward-sysctl: ip_forward is per network namespace: its default in a new netns, the three ways
# to read and set it (sysctl, /proc/sys/net/ipv4/ip_forward, conf/*/forwarding) and how they
# follow each other; per-interface forwarding; the defaults of rp_filter, arp_ignore,
# arp_announce, redirects in a fresh netns; and what `ip route get ... iif` says either way.
#@lan lan1 R:eth0 H:eth0
#@lan lan2 R:eth1 T:eth0
#@machine R
ip link set eth0 up
ip link set eth1 up
ip addr add 10.0.1.254/24 dev eth0
ip addr add 10.0.2.254/24 dev eth1
sysctl net.ipv4.ip_forward
cat /proc/sys/net/ipv4/ip_forward
ls /proc/sys/net/ipv4/conf/
cat /proc/sys/net/ipv4/conf/all/forwarding /proc/sys/net/ipv4/conf/default/forwarding /proc/sys/net/ipv4/conf/eth0/forwarding
sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter net.ipv4.conf.eth0.rp_filter
sysctl net.ipv4.conf.all.arp_ignore net.ipv4.conf.all.arp_announce net.ipv4.conf.eth0.arp_ignore
sysctl net.ipv4.conf.all.accept_redirects net.ipv4.conf.all.send_redirects net.ipv4.conf.all.proxy_arp
ip route get 10.0.2.5 from 10.0.1.1 iif eth0
ip netns add inner
ip netns exec inner sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=1
sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.default.forwarding net.ipv4.conf.eth0.forwarding net.ipv4.conf.eth1.forwarding
ip netns exec inner sysctl net.ipv4.ip_forward
ip netns exec inner cat /proc/sys/net/ipv4/ip_forward
ip route get 10.0.2.5 from 10.0.1.1 iif eth0
ip route get 10.0.9.9 from 10.0.1.1 iif eth0
ip link add v0 type veth peer name v1
sysctl net.ipv4.conf.v0.forwarding
echo 0 > /proc/sys/net/ipv4/conf/eth1/forwarding
sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.conf.eth1.forwarding
ip route get 10.0.2.5 from 10.0.1.1 iif eth0
ip route get 10.0.1.5 from 10.0.2.1 iif eth1
echo 0 > /proc/sys/net/ipv4/ip_forward
sysctl net.ipv4.conf.all.forwarding net.ipv4.conf.eth0.forwarding
echo 1 > /proc/sys/net/ipv4/conf/all/forwarding
sysctl net.ipv4.ip_forward net.ipv4.conf.eth0.forwarding net.ipv4.conf.eth1.forwarding net.ipv4.conf.v0.forwarding
sysctl -w net.ipv4.ip_forward=2
sysctl net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward=yes
sysctl -w net.ipv4.ip_forward=-1
sysctl net.ipv4.ip_forward
echo 5 > /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/ip_forward
sysctl -w net.ipv4.ip_forwarding=1
sysctl net.ipv4.conf.eth9.forwarding
sysctl -w net.ipv4.conf.eth9.forwarding=1
echo 1 > /proc/sys/net/ipv4/conf/eth9/forwarding
sysctl -w net.ipv4.ip_forward
sysctl -w net.ipv4.ip_forward =1
sysctl net/ipv4/ip_forward
sysctl -n net.ipv4.ip_forward
sysctl -a 2>/dev/null | grep -E '^net.ipv4.(ip_forward|conf.(all|eth0).forwarding) '
sysctl -q -w net.ipv4.ip_forward=0
sysctl net.ipv4.ip_forward
