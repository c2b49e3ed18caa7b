# snmp6: /proc/net/snmp6 (its layout, all zero on a new machine) and the IPv6 counters of the
# chatter a new interface sends by itself: DAD neighbour solicitation, MLDv2 reports (two when the
# solicited-node group is joined, two more once DAD is done), router solicitations 4 s apart.
#@link a:eth0 b:eth0
#@machine a
cat /proc/net/snmp6
ip link set eth0 up
#@machine b
ip link set eth0 up
sleep 4
grep -E '^(Ip6Out|Icmp6Out)' /proc/net/snmp6 | grep -v '[[:space:]]0$'
#@machine a
sleep 3
grep -E '^(Ip6Out|Icmp6Out)' /proc/net/snmp6 | grep -v '[[:space:]]0$'
nstat -a 'Icmp6Out*'
