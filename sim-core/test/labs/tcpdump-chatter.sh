# What tcpdump shows of the chatter a new interface sends by itself: IPv6 DAD, MLDv2 reports, router
# solicitations (in random order, so counted), with -v the ICMPv6 details, and a bridge's IGMPv3 reports.
ip netns add A
ip netns add B
ip link add veth0 netns A address 02:00:00:00:00:0a type veth peer name veth1 netns B address 02:00:00:00:00:0b
ip -n B link set veth1 up
ip netns exec B timeout 7 tcpdump -i veth1 -w /tmp/c.pcap >/dev/null 2>&1 &
ip -n A link add br0 address 02:00:00:00:00:10 type bridge
ip -n A link set veth0 master br0
sleep 0.3
ip -n A link set veth0 up
ip -n A link set br0 up
sleep 7
tcpdump -r /tmp/c.pcap -t -n 2>/dev/null | sort | uniq -c
tcpdump -r /tmp/c.pcap -t -n -e 2>/dev/null | sort | uniq -c
tcpdump -r /tmp/c.pcap -t -n -v 'ether src 02:00:00:00:00:0b and ip6[40] == 133' 2>/dev/null | head -3
tcpdump -r /tmp/c.pcap -t -n -vv 'ether src 02:00:00:00:00:0b and ip6[6] = 0 and ip6[40] == 58' 2>/dev/null | sort | uniq -c
tcpdump -r /tmp/c.pcap -t -n -v 'ether src 02:00:00:00:00:0b and ip6[40] == 135' 2>/dev/null | head -1
tcpdump -r /tmp/c.pcap -t -n -v igmp 2>/dev/null | sort | uniq -c
tcpdump -r /tmp/c.pcap -t -n 'ip6 and not icmp6' 2>/dev/null | sort | uniq -c
tcpdump -r /tmp/c.pcap -t -n 'icmp6 and ip6[40] == 143' 2>/dev/null | wc -l
tcpdump -r /tmp/c.pcap -t -n -x 'ether src 02:00:00:00:00:0b and ip6[40] == 133' 2>/dev/null | head -6
