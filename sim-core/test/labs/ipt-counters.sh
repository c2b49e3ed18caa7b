# ipt-counters: exact counters of known traffic on lo (84-byte echo packets, 60028-byte ones):
# -L -n -v with K and M suffixes, -x, --line-numbers, -Z of one rule and one chain, -c on -A/-I,
# -L -Z together, iptables-save -c, -S -v, and policy counters once -P set them.
iptables -A INPUT -i lo -p icmp --icmp-type echo-request
iptables -A INPUT -i lo -p icmp --icmp-type echo-reply
iptables -A OUTPUT -o lo -p icmp
iptables -I OUTPUT -c 1000000 2000000000 -o lo -p udp
iptables -A OUTPUT -c 7 9999 -p tcp
ping -c 5 -i 0.2 -W 1 127.0.0.1 > /dev/null
iptables -L -n -v
ping -c 10 -i 0.2 -W 1 -s 60000 127.0.0.1 > /dev/null
iptables -L -n -v
iptables -L -n -v -x --line-numbers
iptables -S -v
iptables-save -c | grep -v '^#'
iptables -Z INPUT 2
iptables -L INPUT -n -v -x
iptables -L OUTPUT -n -v -x -Z
iptables -L OUTPUT -n -v -x
iptables -P INPUT ACCEPT
ping -c 2 -i 0.2 -W 1 127.0.0.1 > /dev/null
iptables -L INPUT -n -v -x
iptables -Z
iptables -L -n -v -x
iptables -S -v
