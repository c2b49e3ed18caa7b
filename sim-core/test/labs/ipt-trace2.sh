# ipt-trace2: xtables-monitor --trace through user chains: JUMP and GOTO verdicts, a chain's implicit
# return, RETURN, a DROP, a MARK; ping on lo (the request's OUTPUT and INPUT, no reply).
iptables -t raw -A OUTPUT -p icmp -j TRACE
iptables -N USER
iptables -N LAST
iptables -A OUTPUT -p icmp -j USER
iptables -A OUTPUT -p icmp -j MARK --set-mark 0x5
iptables -A USER -p icmp
iptables -A USER -d 127.0.0.1 -j RETURN
iptables -A USER -j ACCEPT
iptables -A INPUT -p icmp -g LAST
iptables -A LAST -m mark --mark 0x5 -j DROP
(timeout 2 xtables-monitor --trace & sleep 0.5; ping -c 1 -W 1 127.0.0.1 > /dev/null; wait) | sed -E 's/ [0-9a-f]{8} / X /; s/ ID=[0-9]+ / ID=N /'
iptables -L -n -v
