# ipt-errors: every iptables 1.8.9 (nf_tables) error message and exit status a learner meets:
# unknown/duplicate chains, busy chains, policies, bad built-in chain, nat + DROP, bad protocol,
# port, mask, host, unknown target/match/option, missing arguments, rule numbers, -D/-C misses,
# -E renames, jump loops and jumps to built-in chains, target and hook restrictions.
iptables -A FOO -j ACCEPT
iptables -N FOO
iptables -N FOO
iptables -N INPUT
iptables -X INPUT
iptables -X BAR
iptables -A FOO -j ACCEPT
iptables -X FOO
iptables -A INPUT -j FOO
iptables -F FOO
iptables -X FOO
iptables -D INPUT 1
iptables -X FOO
iptables -P FOO DROP
iptables -P INPUT FOO
iptables -P INPUT RETURN
iptables -P INPUT REJECT
iptables -P BAR ACCEPT
iptables -t nat -P INPUT DROP
iptables -t nat -A FORWARD -j ACCEPT
iptables -t nat -A INPUT -j DROP
iptables -t foo -L
iptables -t filter -A PREROUTING -j ACCEPT
iptables -A INPUT -p foo -j ACCEPT
iptables -A INPUT -p 300 -j ACCEPT
iptables -A INPUT -p tcp --dport 70000 -j ACCEPT
iptables -A INPUT -p tcp --dport foo -j ACCEPT
iptables -A INPUT -p tcp --dport 5:3 -j ACCEPT
iptables -A INPUT -p tcp --sport 1:2:3
iptables -A INPUT --dport 80 -j ACCEPT
iptables -A INPUT -s 1.2.3.4/33 -j ACCEPT
iptables -A INPUT -s 1.2.3.400 -j ACCEPT
iptables -A INPUT -s nosuchhost.invalid -j ACCEPT
iptables -A INPUT -j NOPE
iptables -A INPUT -j nope
iptables -A INPUT -m nope -j ACCEPT
iptables -A INPUT --foo
iptables -A INPUT -x
iptables -A
iptables -A INPUT -s
iptables -A INPUT ! -s
iptables -I INPUT 5 -j ACCEPT
iptables -I INPUT 0 -j ACCEPT
iptables -I INPUT x -j ACCEPT
iptables -D INPUT 5
iptables -D INPUT 0
iptables -R INPUT 5 -j ACCEPT
iptables -D INPUT -s 9.9.9.9 -j ACCEPT
iptables -C INPUT -s 9.9.9.9 -j ACCEPT
iptables -L NOPE
iptables -S NOPE
iptables -F NOPE
iptables -Z NOPE
iptables -E FOO BAR
iptables -N A
iptables -E A FOO
iptables -E A INPUT
iptables -E A ACCEPT
iptables -E A
iptables -N B
iptables -A A -j B
iptables -A B -j A
iptables -A B -j B
iptables -A INPUT -j B
iptables -N C
iptables -N D
iptables -A C -j D
iptables -A D -j C
iptables -A INPUT -j C
iptables -F C
iptables -A INPUT -j C
iptables -A D -g C
iptables -A D -j INPUT
iptables -A D -g OUTPUT
iptables -A INPUT -g INPUT
iptables -X
iptables -A INPUT -j REJECT --reject-with tcp-reset
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with foo
iptables -A INPUT -j REJECT --reject-with echo-reply
iptables -A INPUT -j MASQUERADE
iptables -A D -j MASQUERADE
iptables -t nat -A PREROUTING -j MASQUERADE
iptables -t nat -A POSTROUTING -j DNAT --to-destination 1.2.3.4
iptables -t nat -A PREROUTING -j DNAT
iptables -t nat -A PREROUTING -j SNAT --to-source 1.2.3.4
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4:80
iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 80
iptables -t mangle -A PREROUTING -j REJECT
iptables -t raw -A PREROUTING -j REJECT
iptables -A INPUT -p tcp --tcp-flags SYN
iptables -A INPUT -p icmp --icmp-type nope
iptables -A INPUT -p icmp --icmp-type 300
iptables -A INPUT -m state --state FOO
iptables -A INPUT -m conntrack --ctstate FOO
iptables -A INPUT -m multiport --dports 1,2
iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
iptables -A INPUT -m addrtype --src-type FOO
iptables -A INPUT -m addrtype
iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out
iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in
iptables -A INPUT -m comment
iptables -A INPUT -i eth0 -o eth1
iptables -A OUTPUT -i eth0
iptables -A FORWARD -i veth1234567890ab -j ACCEPT
iptables -A INPUT -j ACCEPT -j DROP
iptables -A INPUT -s 1.1.1.1 -s 2.2.2.2
iptables -A INPUT ! -d 0/0 -j ACCEPT
iptables -A INPUT -m mark --mark foo
iptables -A INPUT -j LOG --log-level foo
iptables -A INPUT -j LOG --log-level err
iptables -A INPUT -j LOG --log-prefix ""
iptables -A INPUT -j ACCEPT extra
iptables -A INPUT -j ACCEPT ! !
iptables -A INPUT -n -j ACCEPT
iptables -A INPUT --line-numbers -j ACCEPT
iptables -D INPUT 1 -s 1.1.1.1
iptables -L -s 1.2.3.4
iptables -S -n
iptables -L -S
iptables -A INPUT -A INPUT
iptables -L foo bar baz
iptables -P INPUT
iptables -N "a b"
iptables -N -foo
iptables -N aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -N ACCEPT
iptables -N RETURN
iptables
iptables -S
iptables -L -n
