# ipt-args: what the fuzz suite's odd arguments taught: the udp match parses its ports with the
# option framework (getaddrinfo: 70000 wraps to 4464, "-1" and "0x10" are not ports, 3:1 is a
# range, ":" is everything, too many components), the tcp match with its own parser; a full range
# disappears in iptables-nft's payload expressions (a udp match with nothing left is gone);
# -h and -V print and exit where getopt meets them (the loaded extensions' helps follow the main
# one); getopt names the word before a bundle with an unknown letter inside it; -C/-D of a
# missing chain is a missing rule; -p is lowercased before it is looked up.
iptables -A INPUT -p udp --dport foo
iptables -A INPUT -p udp --dport 70000
iptables -A INPUT -p udp --sport 1:2:3
iptables -A INPUT -p udp --dport 22,80
iptables -A INPUT -p udp --dport 5:foo
iptables -A INPUT -p udp --dport foo:5
iptables -A INPUT -p udp --dport :
iptables -A INPUT -p udp --dport ''
iptables -A INPUT -p udp --dport 3:1
iptables -A INPUT -p udp --dport -1
iptables -A INPUT -p udp --dport 0x10
iptables -A INPUT -p udp --dport domain
iptables -A INPUT -p udp -m udp --sport 99999:1
iptables -A INPUT -p tcp --dport 5:foo
iptables -S INPUT
iptables -A INPUT --help | head -3
iptables -Z --help | head -2
iptables -Z INPUT 9 --help | head -2
iptables -p tcp --help | tail -4
iptables -p udp --help | tail -4
iptables -X nochain --help | head -1
iptables -A --help | head -1
iptables --help --bogus | head -1
iptables --bogus --help | head -1
iptables -t nosuch --help | head -1
iptables -p tcp --help | tail -22
iptables -p tcp -m udp -h | tail -24
iptables -p udp --sport : --dport 5: -A INPUT
iptables -p udp --sport :5 --dport 65536 -A INPUT
iptables -p udp --sport 4294967296 -A INPUT
iptables -p udp --sport +5 -A INPUT
iptables -p udp --sport 5: -A INPUT
iptables -p udp ! --sport : -A INPUT
iptables -p udp --sport 1::2 -A INPUT
iptables -p udp --sport ' 5' -A INPUT
iptables -p udp --sport 99999999999999999999 -A INPUT
iptables -p udp --dport http -A INPUT
iptables -p tcp --dport '' -A INPUT
iptables -p tcp -m comment -h | tail -n +69
iptables -p udp --sport -0 -A INPUT
iptables -p udp --sport 18446744073709551615 -A INPUT
iptables -p udp --sport 18446744073709551614 -A INPUT
iptables -p udp --sport 4294967295 -A INPUT
iptables -p udp --sport '5 ' -A INPUT
iptables -p udp --sport -5 -A INPUT
iptables -p udp --sport 0x5 -A INPUT
iptables -p udp --sport 05 -A INPUT
iptables -p udp --sport 65535: -A INPUT
iptables -p udp --dport 1: --sport : -A INPUT
iptables -p udp --dport 0:65535 -A INPUT
iptables -p udp ! --dport 0:65535 --sport 7 -A INPUT
iptables -p tcp ! --dport 0:65535 -A INPUT
iptables -p tcp --dport 0:65535 -A INPUT
iptables -p tcp ! --dport 0:65535 --syn -A INPUT
iptables -p tcp ! --dport 0:65535 --tcp-option 2 -A INPUT
iptables -p tcp --sport 0:65535 --dport 5 -A INPUT
iptables -S INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables -p udp --help | tail -12
iptables -p icmp --help | tail -45
iptables -m tcp -h | tail -3
iptables -j ACCEPT -h | tail -3
iptables -j DNAT -h | tail -12
iptables -m comment -h | tail -4
iptables -m addrtype -h | tail -n +69
iptables -m conntrack -h | tail -n +69
iptables -m state -h | tail -n +69
iptables -m multiport -h | tail -n +69
iptables -m mark -h | tail -n +69
iptables -m physdev -h | tail -n +69
iptables -j DROP -h | tail -n +69
iptables -j RETURN -h | tail -n +69
iptables -j TRACE -h | tail -n +69
iptables -j NOTRACK -h | tail -n +69
iptables -j CT -h | tail -n +69
iptables -j REJECT -h | tail -n +69
iptables -j LOG -h | tail -n +69
iptables -j MASQUERADE -h | tail -n +69
iptables -j SNAT -h | tail -n +69
iptables -j REDIRECT -h | tail -n +69
iptables -j MARK -h | tail -n +69
iptables -j foo -h | tail -n +69
iptables -m comment -p tcp -j DNAT -m udp -h | tail -n +69
iptables -j DNAT -j SNAT -h | tail -n +69
iptables -m comment -m comment -h | tail -n +69
iptables -p icmp -h | tail -n +69 | head -3
iptables -p 6 -h | tail -n +69 | head -3
iptables -p all -h | tail -n +69 | head -3
iptables -m nosuch -h | tail -n +69 | head -3
iptables -h -m tcp | tail -n +69 | head -3
iptables -V --bogus
iptables ! -V
iptables -A INPUT -V
iptables --bogus -V
iptables ! -h | head -1
iptables -L -h | head -1
iptables -L nochain -h | head -1
iptables -A -h
iptables -S -V
ping ping -c 1 -W 1 127.0.0.1
ping -c 1 -W 1 127.0.0.1 127.0.0.1
ping -c 1 -W 1 127.0.0.2 127.0.0.1 10.0.0.1
ping -c 1 -W 1 a b
ping -c 1 -W 1 127.0.0.1 b
iptables -D INPU
iptables -D INPU 1
iptables -D INPU -s 1.2.3.4
iptables -D INPUT -s 1.2.3.4
iptables -C INPU
iptables -p TCP --dport 80 -A INPUT
iptables -p Bogus -A INPUT
iptables -S INPUT
iptables -S -2147483649
iptables -Qn
iptables -nQ
iptables -L -Qn
iptables -L -é
iptables -L -nQ
