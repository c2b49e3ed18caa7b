# ipt-errors2: more mistakes a learner makes (missing arguments, lower-case names, matches without
# their protocol or options, --syn with --tcp-flags, NAT ranges) and comma-separated addresses.
iptables -D INPUT
iptables -I
iptables -R INPUT
iptables -N
iptables -t
iptables -L -t nat
iptables -t NAT -L
iptables -A input -j ACCEPT
iptables -P FORWARD drop
iptables -A INPUT -j DROP -p tcp
iptables -A INPUT -p tcp --dport 22,80 -j ACCEPT
iptables -A INPUT -s 192.168.1.0/24,10.0.0.1 -j ACCEPT
iptables -A INPUT -m multiport --dports 22,80 -p tcp -j ACCEPT
iptables -A INPUT -m tcp --dport 22 -j ACCEPT
iptables -A INPUT -p udp -m tcp --dport 22 -j ACCEPT
iptables -A INPUT -j
iptables -A INPUT -m
iptables -I INPUT 2 -j ACCEPT
iptables -A INPUT -p icmp --dport 22
iptables -A INPUT -p tcp --syn --tcp-flags SYN SYN
iptables -A INPUT -p tcp --tcp-flags FOO SYN
iptables -A INPUT -m state
iptables -A INPUT -m conntrack
iptables -A INPUT -m mark
iptables -A INPUT -j LOG --log-prefix "1234567890123456789012345678901234567890"
iptables -A INPUT -j MARK
iptables -A INPUT -j MARK --set-mark 0x100000000
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:70000
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3
iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080
iptables -t nat -A PREROUTING -j REDIRECT
iptables -A INPUT -i
iptables -A INPUT -o lo -j ACCEPT
iptables -A FORWARD -m physdev --physdev-in
iptables -A INPUT -m comment --comment
iptables -A INPUT -m icmp --icmp-type 8 -j ACCEPT
iptables -A INPUT -p icmp -m icmp
iptables -A INPUT -s 10.0.0.0/8 -d 10.0.0.0/8 -s 1.1.1.1
iptables -C INPUT -s 192.168.1.0/24 -j ACCEPT
iptables -D INPUT -s 192.168.1.0/24 -j ACCEPT
iptables -S INPUT
iptables -L INPUT --line-numbers -n
iptables -D INPUT 2
iptables -Z INPUT 1
iptables -Z INPUT 9
iptables -L INPUT 1 -v -n
iptables -A INPUT -m addrtype --dst-type local -j ACCEPT
iptables -A INPUT -p all -j ACCEPT
iptables -A INPUT -p ALL -j ACCEPT
iptables -A INPUT -p 0 -j ACCEPT
iptables -A INPUT ! -p all -j ACCEPT
iptables -A INPUT -f -p tcp --dport 22
iptables -S INPUT
iptables -F
iptables -X
iptables -F -t nat
iptables --flush
iptables -S
