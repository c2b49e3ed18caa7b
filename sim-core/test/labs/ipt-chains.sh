# ipt-chains: user chains with -j (returns to the caller) and -g (returns to the caller's caller),
# RETURN, rules without a target, counters after known traffic (ping on lo: 84-byte packets),
# K suffixes, -x, -Z of one chain, references, -E renames and -X of chains in use.
iptables -N A
iptables -N B
iptables -N C
iptables -A INPUT -j A
iptables -A INPUT -p icmp
iptables -A A -p icmp --icmp-type echo-request -g B
iptables -A A -p icmp
iptables -A B -j C
iptables -A B -p icmp
iptables -A C -j RETURN
iptables -A C -p icmp
iptables -A OUTPUT -o lo -p icmp -j ACCEPT
iptables -A OUTPUT -p icmp
ping -c 3 -i 0.2 -W 1 127.0.0.1
iptables -L -n -v
iptables -L -n -v -x --line-numbers
ping -c 2 -i 0.2 -W 1 -s 60000 127.0.0.1
iptables -L -n -v
iptables -L INPUT -n -v -x
iptables -Z A
iptables -L A -n -v
iptables -X C
iptables -E C D
iptables -S B
iptables -D B 1
iptables -X D
iptables -S
iptables -P INPUT DROP
ping -c 1 -W 1 127.0.0.1
iptables -I INPUT -i lo -j ACCEPT
ping -c 1 -W 1 127.0.0.1
iptables -L INPUT -n -v --line-numbers
