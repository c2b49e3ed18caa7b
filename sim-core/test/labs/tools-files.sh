# tools-files: hostname, /etc/hosts and /etc/resolv.conf as a fresh machine has them, appending to
# /etc/hosts and resolving through it, reading and writing /proc/sys by hand (and its errors),
# and sysctl's read/-w/-n/-e/-q/-a forms with their error messages and exit statuses.
#@machine web1
hostname
hostname -s
cat /etc/hosts
cat /etc/resolv.conf
echo "10.0.0.2 db" >> /etc/hosts
echo "10.0.0.3 cache cache.lab" >> /etc/hosts
cat /etc/hosts
getent hosts db
getent hosts cache.lab
getent hosts web1
getent hosts nosuch
hostname web2
hostname
getent hosts web2
cat /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/ip_default_ttl
cat /proc/sys/net/ipv4/conf/lo/forwarding
cat /proc/sys/net/ipv4/conf/eth0/forwarding
cat /proc/sys/net/ipv4/ip_forwarding
echo 1 > /proc/sys/net/ipv4/ip_forward
cat /proc/sys/net/ipv4/ip_forward
echo abc > /proc/sys/net/ipv4/ip_forward
(echo abc > /proc/sys/net/ipv4/ip_forward)
echo 1 > /proc/sys/net/ipv4/nosuch
echo 1 > /proc/sys/net/ipv4/conf
echo 64 > /proc/sys/net/ipv4/ip_default_ttl
echo 0 > /proc/sys/net/ipv4/ip_default_ttl
(echo 0 > /proc/sys/net/ipv4/ip_default_ttl)
echo 256 > /proc/sys/net/ipv4/ip_default_ttl
cat /proc/sys/net/ipv4/ip_default_ttl
ls /proc/sys/net/ipv4/conf
sysctl net.ipv4.ip_default_ttl
sysctl -w net.ipv4.ip_default_ttl=32
sysctl -w net.ipv4.ip_default_ttl=0
sysctl -w net.ipv4.ip_default_ttl=300
sysctl -n net.ipv4.ip_default_ttl
sysctl -w net.ipv4.ip_default_ttl=64 net.ipv4.ip_forward=0
sysctl net.ipv4.ip_default_ttl net.ipv4.ip_forward
sysctl net.ipv4.nosuch
sysctl -e net.ipv4.nosuch
sysctl -q net.ipv4.nosuch
sysctl -w net.ipv4.nosuch=1
sysctl
sysctl -w
sysctl -x
sysctl net.ipv4.ip_forward=1
sysctl -a 2>/dev/null | grep -c '^net.ipv4.conf.lo.'
sysctl -a 2>/dev/null | grep 'ip_forward'
sysctl -a --pattern 'net.ipv4.conf.lo.(forwarding|rp_filter)$'
sysctl net.ipv4.conf.lo | grep forwarding
sysctl -N net.ipv4.ip_forward
