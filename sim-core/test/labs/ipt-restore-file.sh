# ipt-restore-file: iptables-restore reading a file of the machine (and stdin), --noflush,
# --test, counters with -c, a COMMIT missing, an unknown table, then the rules at work:
# a ping through a netns whose INPUT the restored rules filter.
printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [5:300]\n:OUTPUT ACCEPT [0:0]\n:LOGDROP - [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p icmp -m icmp --icmp-type 8 -j LOGDROP\n-A LOGDROP -j LOG --log-prefix "RESTORED: "\n-A LOGDROP -j DROP\nCOMMIT\n' > /tmp/hs-rules.v4
cat /tmp/hs-rules.v4
iptables-restore /tmp/hs-rules.v4
iptables-save | grep -v '^#'
iptables -L -n -v
iptables-restore -c /tmp/hs-rules.v4
iptables -L FORWARD -n -v
printf '*nat\n-A POSTROUTING -s 10.4.0.0/24 -j MASQUERADE\nCOMMIT\n' | iptables-restore -n
iptables-save | grep -v '^#'
printf '*nat\n-F\nCOMMIT\n' | iptables-restore --test
iptables -t nat -S
printf '*filter\n-A INPUT -j ACCEPT\n' | iptables-restore
iptables-restore /tmp/hs-nonexistent.v4
printf '*bogus\nCOMMIT\n' | iptables-restore
iptables -S INPUT
ip netns add t
ip link add eth0 netns t type veth peer name vt
ip -n t addr add 10.4.0.2/24 dev eth0
ip addr add 10.4.0.1/24 dev vt
ip -n t link set eth0 up
ip link set vt up
ip netns exec t ping -c 1 -W 1 10.4.0.1
ping -c 1 -W 1 10.4.0.2
iptables -L INPUT -n -v
iptables -L LOGDROP -n -v
dmesg | grep -o 'RESTORED: IN=vt .*' | tail -n 1 | sed -E 's/ ID=[0-9]+//g; s/MAC=[0-9a-f:]+/MAC=M/'
