# ipt-verbose: what -v makes the commands print (the rule echo of -A/-I/-R/-C/-D, Deleting/Flushing chain)
# and iptables-save -t for a table no command has touched yet.
iptables-save -t nat | grep -v '^#'
iptables -v -A INPUT -s 1.2.3.4 -p tcp --dport 22 -j ACCEPT
iptables -v -I INPUT -i eth0 ! -s 10.0.0.0/8 -j DROP
iptables -v -A INPUT -p icmp -m comment --comment "hi there" -j LOG --log-prefix "X: "
iptables -v -R INPUT 1 -d 5.6.7.8 -j REJECT
iptables -v -C INPUT -d 5.6.7.8 -j REJECT
iptables -v -D INPUT -d 5.6.7.8 -j REJECT
iptables -v -D INPUT 1
iptables -v -N X
iptables -v -E X Y
iptables -v -X Y
iptables -v -P INPUT ACCEPT
iptables -v -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -v -A FORWARD -o eth1 -j ACCEPT
iptables -v -F INPUT
iptables -S
iptables-save -t security | grep -v '^#'
