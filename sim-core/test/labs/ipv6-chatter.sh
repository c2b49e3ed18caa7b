# ipv6-chatter: what IPv6 autoconfiguration sends by itself once a link has carrier — per device 2 MLDv2 reports
# from ::, 1 DAD neighbour solicitation, then (DAD done) 1 router solicitation + 2 MLDv2 reports from fe80::, and
# router solicitations again ~4, ~12, ~28, ~60 s later. Read as counters on a veth pair between two netns and
# as "TX dropped" on a vxlan with no FDB entry, at instants chosen inside the quiet windows (see NOTES-A.md).
ip netns add A
ip netns add B
ip link add veth0 netns A address 02:00:00:00:00:0a type veth peer name veth1 netns B address 02:00:00:00:00:0b
ip link add vx0 address 02:00:00:00:00:0c type vxlan id 7 dstport 4789
ip -n A -s link show veth0
ip -n B link set veth1 up
ip netns exec B tcpdump -i veth1 -w /tmp/ipv6-chatter-lab.pcap -U > /dev/null 2>&1 &
sleep 1
ip -n A -s link show veth0
ip -n A link set veth0 up
ip link set vx0 up
sleep 3.5
ip -n A -s link show veth0
ip -n B -s link show veth1
ip -s link show vx0
ip -n A -6 addr show veth0
sleep 5
ip -n A -s link show veth0
ip -s link show vx0
sleep 11
ip -n A -s link show veth0
ip -n B -s link show veth1
ip -s link show vx0
sleep 12
sleep 12
ip -n A -s link show veth0
ip -n B -s link show veth1
ip -s link show vx0
tcpdump -r /tmp/ipv6-chatter-lab.pcap -n 2>/dev/null | grep -c 'multicast listener report v2'
tcpdump -r /tmp/ipv6-chatter-lab.pcap -n 2>/dev/null | grep -c 'neighbor solicitation'
tcpdump -r /tmp/ipv6-chatter-lab.pcap -n 2>/dev/null | grep -c 'router solicitation'
tcpdump -r /tmp/ipv6-chatter-lab.pcap -n 2>/dev/null | grep -c ':: > ff02::16'
tcpdump -r /tmp/ipv6-chatter-lab.pcap -n -e 2>/dev/null | awk '{print $2, $4, $9}' | sort | uniq -c
