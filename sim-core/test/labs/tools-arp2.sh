# tools-arp2: more net-tools arp — -V, -v, -H/-A with good and bad types and families, option
# errors (exit 3), -N, -f (no /etc/ethers; a file in /run) (format errors, swapped columns, temp), -v -s, setting
# our own address (EINVAL through lo), pub without a matching MAC, pub on our MAC, pub with a
# netmask, -D with a missing device, a 7-byte MAC, stray words, -i with a missing device, the
# SIOCDARP paths (priv, pub, route errors), BSD/Linux formats and filters, and what admin down
# does to permanent and proxy entries (all gone).
#@lan lan1 H:eth0 T:eth0
#@machine T
ip link set eth0 address 02:00:00:00:00:02
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
#@machine H
ip link set eth0 address 02:00:00:00:00:01
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
arp -V
arp -v
arp -vn
arp -H ax25
arp -H foo
arp -A inet6
arp -A foo
arp -i
arp --foo
arp --dev eth0
arp -N -n
arp -f
echo "02:00:00:00:00:33 10.0.0.33" > /run/ethers
echo "10.0.0.34 02:00:00:00:00:34 temp" >> /run/ethers
echo "bad" >> /run/ethers
echo "10.0.0.35 zz" >> /run/ethers
arp -f /run/ethers
arp -n
arp -v -s 10.0.0.40 02:00:00:00:00:40
arp -s 10.0.0.1 02:00:00:00:00:41
arp -s 10.9.9.9 02:00:00:00:00:41 pub
arp -s 10.0.0.42 02:00:00:00:00:01 pub
arp -n
ip neigh show proxy
arp -s 10.0.0.43 eth0 -D pub netmask 255.255.255.0
arp -s 10.0.0.44 -D eth9
arp -s 10.0.0.46 02:00:00:00:00:46:47
arp -s 10.0.0.47 02:00:00:00:00:47 bogus
arp -s 10.0.0.48 02:00:00:00:00:48 dev eth0 temp
arp -i eth9 -s 10.0.0.49 02:00:00:00:00:49
arp -d 10.9.9.9
arp -d 10.0.0.42
arp -d 10.0.0.42 pub
arp -i eth0 -d 10.0.0.42 pub
arp -i eth9 -d 10.0.0.48
arp -v -d 10.0.0.48
arp -d 10.0.0.49 priv
arp -n
arp -a -n
arp -e 10.0.0.1
arp -a 10.0.0.99
arp -n -H ether
arp -n -H ax25
arp -na
ip link set eth0 down
arp -n
ip neigh show nud all
ip neigh show proxy
ip link set eth0 up
arp -n
