# ipt-render: how iptables -S, -L, -L -n, -L -v, --line-numbers and iptables-save print every match and target
# the simulator implements (normalisation, inversion, service and protocol names, quoting).
iptables -A INPUT -s 10.1.2.3/8 -d 192.168.1.1/255.255.255.0 -j ACCEPT
iptables -A INPUT ! -s 10.0.0.1 ! -d 0/0 -i eth+ -p tcp ! --dport 80 -j DROP
iptables -A INPUT -p tcp --sport 1000:2000 --dport 22 -j ACCEPT
iptables -A INPUT -p tcp -m tcp --dport 443:443 --sport :1024 -j ACCEPT
iptables -A INPUT -p udp --dport 53: -j ACCEPT
iptables -A INPUT -p tcp --syn -j ACCEPT
iptables -A INPUT -p tcp ! --syn -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags SYN,ACK,FIN SYN -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags ALL NONE -j ACCEPT
iptables -A INPUT -p tcp --tcp-flags ALL ALL -j ACCEPT
iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 8 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 3/4 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type any -j ACCEPT
iptables -A INPUT -p icmp ! --icmp-type port-unreachable -j ACCEPT
iptables -A INPUT -p icmp -m icmp --icmp-type 0 -j ACCEPT
iptables -A INPUT -p 1 -j ACCEPT
iptables -A INPUT -p 6 -j ACCEPT
iptables -A INPUT -p 17 -j ACCEPT
iptables -A INPUT -p 47 -j ACCEPT
iptables -A INPUT -p all -j ACCEPT
iptables -A INPUT ! -p tcp -j ACCEPT
iptables -A INPUT -p TCP -j ACCEPT
iptables -A INPUT -p sctp -j ACCEPT
iptables -A INPUT -m comment --comment "hello world" -j ACCEPT
iptables -A INPUT -m comment --comment 'say "hi"' -j ACCEPT
iptables -A INPUT -m comment --comment simple -j ACCEPT
iptables -A INPUT -m comment --comment 'back\slash' -j ACCEPT
iptables -A INPUT -m addrtype --src-type LOCAL --dst-type UNICAST,BROADCAST -j ACCEPT
iptables -A INPUT -m addrtype ! --dst-type LOCAL --limit-iface-in -j ACCEPT
iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -m conntrack ! --ctstate INVALID,NEW,UNTRACKED -j ACCEPT
iptables -A INPUT -m conntrack --ctorigdst 1.2.3.4 --ctorigdstport 80 --ctproto tcp -j ACCEPT
iptables -A INPUT -m conntrack --ctstatus ASSURED -j ACCEPT
iptables -A INPUT -m conntrack --ctstate DNAT,SNAT -j ACCEPT
iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
iptables -A INPUT -p udp -m multiport ! --sports 53,67 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --ports 22 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --destination-ports ssh,http -j ACCEPT
iptables -A INPUT -m mark --mark 0x4000/0x4000 -j ACCEPT
iptables -A INPUT -m mark ! --mark 5 -j ACCEPT
iptables -A INPUT -m physdev --physdev-in veth1 --physdev-out veth2 --physdev-is-bridged -j ACCEPT
iptables -A FORWARD -m physdev ! --physdev-is-in --physdev-is-out -j ACCEPT
iptables -A INPUT -j REJECT
iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-host-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-port-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
iptables -A INPUT -j REJECT --reject-with net-unreach
iptables -A INPUT -j REJECT --reject-with host-unreach
iptables -A INPUT -j REJECT --reject-with port-unreach
iptables -A INPUT -j REJECT --reject-with proto-unreach
iptables -A INPUT -j REJECT --reject-with net-prohib
iptables -A INPUT -j REJECT --reject-with host-prohib
iptables -A INPUT -p tcp -j REJECT --reject-with tcp-rst
iptables -A INPUT -j REJECT --reject-with echo-reply
iptables -A INPUT -j LOG
iptables -A INPUT -j LOG --log-prefix "IN: " --log-level 7
iptables -A INPUT -j LOG --log-prefix 'x"y' --log-level warning
iptables -A INPUT -j LOG --log-level alert --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
iptables -A INPUT -j MARK --set-mark 0x10/0xff
iptables -A INPUT -j MARK --set-xmark 5
iptables -A INPUT -j MARK --and-mark 0xf0
iptables -A INPUT -j MARK --or-mark 3
iptables -A INPUT -j MARK --xor-mark 3
iptables -A INPUT -j MARK --set-mark 0
iptables -t raw -A PREROUTING -j TRACE
iptables -t raw -A OUTPUT -p icmp -j TRACE
iptables -t nat -A POSTROUTING -j MASQUERADE --random
iptables -t nat -A POSTROUTING -j MASQUERADE --random-fully
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000
iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000 --random
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4
iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4-1.2.3.10
iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000-2000 --random-fully
iptables -t nat -A POSTROUTING -p udp -j SNAT --to 1.2.3.4:53 --persistent
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1
iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1:8080
iptables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to-destination 10.0.0.1-10.0.0.3:8080-8090
iptables -t nat -A PREROUTING -p tcp --dport 82 -j DNAT --to-destination :8080
iptables -t nat -A OUTPUT -p tcp -j REDIRECT --to-ports 3128
iptables -t nat -A OUTPUT -j RETURN
iptables -A OUTPUT -o lo+ -j ACCEPT
iptables -A OUTPUT -o eth0 -j ACCEPT
iptables -A OUTPUT ! -o eth0 -j ACCEPT
iptables -A FORWARD -i veth1234567890ab -o veth1234567890ab -j ACCEPT
iptables -A FORWARD -f -j ACCEPT
iptables -A FORWARD ! -f -j ACCEPT
iptables -S
iptables -t nat -S
iptables -t raw -S
iptables -L -n
iptables -L -n -v
iptables -t nat -L -n
iptables -t nat -L -n -v --line-numbers
iptables-save | grep -v '^#'
iptables -A INPUT -d 0/0 -s 0.0.0.0/0 -j ACCEPT
iptables -A INPUT -p tcp ! --dport 80 -i eth+ -j DROP
iptables -A INPUT -p tcp -m comment --comment x --dport 80 -j ACCEPT
iptables -A INPUT -m mark --mark 1 -p tcp --dport 80 -j ACCEPT
iptables -A INPUT -m comment --comment a -m comment --comment b
iptables -A INPUT -p tcp --dport 80 -m tcp --sport 5 -j ACCEPT
iptables -A INPUT -p udp -m udp --dport 80 -m multiport --dports 1,2 -j ACCEPT
iptables -A INPUT -m state ! --state NEW -j ACCEPT
iptables -A INPUT -m state --state INVALID,UNTRACKED -j DROP
iptables -A INPUT -s 127.0.0.1 -d 169.254.0.0/16 -j ACCEPT
iptables -A INPUT -s 1.2.3.4/255.0.255.0 -j ACCEPT
iptables -A INPUT -s localhost -j ACCEPT
iptables -A INPUT -p tcp --dport http -j ACCEPT
iptables -A INPUT -p tcp --tcp-option 2 -j ACCEPT
iptables -A INPUT -p 200 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type ping -j ACCEPT
iptables -A INPUT -p icmp --icmp-type 3 -j ACCEPT
iptables -A INPUT -p icmp --icmp-type host-unreachable -j ACCEPT
iptables -A INPUT -m conntrack --ctstate NEW --ctdir ORIGINAL -j ACCEPT
iptables -A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 ! --ctreplsrc 10.1.1.1 --ctorigsrcport 5:10 -j ACCEPT
iptables -A INPUT -j LOG --log-level 0
iptables -A INPUT -j LOG --log-level 2
iptables -A INPUT -j LOG --log-level 3
iptables -A INPUT -j LOG --log-level 5
iptables -A INPUT -j LOG --log-level 6
iptables -A INPUT -j LOG --log-level error
iptables -A INPUT -j LOG --log-level panic
iptables -A INPUT -j LOG --log-prefix abc --log-macdecode
iptables -t raw -A PREROUTING -j NOTRACK
iptables -t raw -A PREROUTING -j CT --notrack
iptables -A INPUT -j REJECT --reject-with admin-prohib
iptables -A INPUT -j REJECT --reject-with icmp-admin-prohib
iptables -N X
iptables -A INPUT -j X
iptables -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -A FORWARD -m addrtype --src-type LOCAL --limit-iface-in
iptables -A INPUT -n -j ACCEPT
iptables -A INPUT --line-numbers -j ACCEPT
iptables -A INPUT -j ACCEPT extra
iptables -A INPUT -j ACCEPT ! !
iptables -A INPUT --src 1.1.1.1 --dest 2.2.2.2 --proto udp --jump ACCEPT --in-interface lo
iptables -A INPUT --dport 1
iptables -A INPUT -p tcp --dp 5 -j ACCEPT
iptables -t raw -S
iptables -t mangle -S
iptables -L -n
iptables -t raw -L -v -n
iptables -S
iptables -L -n
iptables -L -n -v -x --line-numbers
iptables -L INPUT 2
iptables -L INPUT 3 -n -v
iptables -S INPUT 3
iptables -nvL FORWARD
iptables --list OUTPUT --numeric --verbose --line-numbers
iptables -t raw -L -n -v
iptables -S -v
iptables -L
iptables -t raw -L -v
iptables -t nat -L
iptables -F -v
iptables -Z -v
iptables -t nat -Z POSTROUTING -v
