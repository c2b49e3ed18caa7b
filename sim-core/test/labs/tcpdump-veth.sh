# tcpdump on a veth pair between two namespaces (IPv6 off, so only what the commands send): ARP, ICMP echo,
# UDP to an open and a closed port, TCP with netcat; live captures with -l, -e, -v, -c and a filter; -w then -r
# with the printing options and filter expressions; errors.
ip netns add A
ip netns add B
ip netns exec A sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip netns exec B sysctl -w net.ipv6.conf.default.disable_ipv6=1
ip link add va netns A address 02:00:00:00:00:0a type veth peer name vb netns B address 02:00:00:00:00:0b
ip -n A addr add 10.0.0.1/24 dev va
ip -n B addr add 10.0.0.2/24 dev vb
ip -n B neigh replace 10.0.0.1 lladdr 02:00:00:00:00:0a nud permanent dev vb
ip -n A link set va up
ip -n B link set vb up
ip netns exec B nc -u -l -p 5555 >/tmp/udp.txt 2>&1 &
ip netns exec B nc -l -p 8080 >/tmp/tcp.txt 2>&1 &
ip netns exec B timeout -s INT 8 tcpdump -i vb -n -l 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' >/tmp/plain.txt 2>&1 &
ip netns exec B timeout -s INT 8 tcpdump -i vb -nn -e -v 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' >/tmp/ev.txt 2>&1 &
ip netns exec B timeout -s INT 8 tcpdump -i vb -n -c 3 >/tmp/c3.txt 2>&1 &
ip netns exec A timeout -s INT 8 tcpdump -i va -n -l 'tcp port 8080 and (tcp[tcpflags] & tcp-syn != 0)' >/tmp/syn.txt 2>&1 &
ip netns exec B timeout 8 tcpdump -i vb -w /tmp/cap.pcap >/tmp/w.txt 2>&1 &
sleep 0.2
ip netns exec A ping -c 2 -i 0.2 10.0.0.2
echo hello | ip netns exec A nc -u -w 1 -p 40001 10.0.0.2 5555
echo nobody | ip netns exec A nc -u -w 1 -p 40002 10.0.0.2 5556
echo 'hello over tcp' | ip netns exec A nc -N -p 40003 10.0.0.2 8080
sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/' /tmp/c3.txt
sleep 6
sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/' /tmp/plain.txt
sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/' /tmp/ev.txt
sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/' /tmp/syn.txt
cat /tmp/w.txt
cat /tmp/udp.txt /tmp/tcp.txt
tcpdump -r /tmp/cap.pcap -n -t 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -t -vv 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' 2>&1 | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -t -x arp
tcpdump -r /tmp/cap.pcap -n -t -X arp
tcpdump -r /tmp/cap.pcap -n -t -A arp and ether src 02:00:00:00:00:0a
tcpdump -r /tmp/cap.pcap -n -t -xx -c 1
tcpdump -r /tmp/cap.pcap -n -t -XX arp
tcpdump -r /tmp/cap.pcap -n -t -e -c 2
tcpdump -r /tmp/cap.pcap -nn -t -q 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -t -e -q -c 3 | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -t src 10.0.0.2 and not arp and 'not tcp or tcp[tcpflags] & (tcp-syn|tcp-push) != 0' | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -S -t 'tcp[tcpflags] & (tcp-syn|tcp-push) != 0' | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/:[0-9]{5,},/:N,/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -v -t udp | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n -v -t icmp and 'icmp[0] = 3' | sed -E 's/id [0-9]+, (seq|offset)/id N, \1/g; s/(seq|ack) [0-9]{4,}/\1 N/g; s/TS val [0-9]+ ecr [0-9]+/TS val N ecr N/; s/(cksum|sum) 0x[0-9a-f]+/\1 X/g; s/-> 0x[0-9a-f]+/-> X/'
tcpdump -r /tmp/cap.pcap -n 'host 10.0.0.1 and (udp or icmp)' | wc -l
tcpdump -r /tmp/cap.pcap -n 'dst port 8080 and tcp[13] & 0x0a != 0' | wc -l
tcpdump -r /tmp/cap.pcap -n 'net 10.0.0.0/24 and tcp and tcp[13] & 8 != 0' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ether host 02:00:00:00:00:0a and not tcp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'icmp[icmptype] == icmp-echoreply' | wc -l
tcpdump -r /tmp/cap.pcap -n 'portrange 5555-5556' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ip proto 17' | wc -l
tcpdump -r /tmp/cap.pcap -n 'proto \udp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'less 60' | wc -l
tcpdump -r /tmp/cap.pcap -n 'greater 100' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ether broadcast' | wc -l
tcpdump -r /tmp/cap.pcap -n '(src net 10.0.0.2/32 or dst port 40001) and not tcp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'tcp[13] & 2 != 0 or udp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ip[8] = 64 and not icmp and not tcp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'len >= 74 and not tcp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'arp[6:2] = 2' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ether proto \arp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ip host 10.0.0.1 && ! tcp' | wc -l
tcpdump -r /tmp/cap.pcap -n 'tcp dst port http-alt and tcp[13] & 2 != 0' | wc -l
tcpdump -r /tmp/cap.pcap -n 'tcp[tcpflags] == tcp-syn|tcp-ack' | wc -l
tcpdump -r /tmp/cap.pcap -n 'vlan' | wc -l
tcpdump -r /tmp/cap.pcap -n 'ip6' | wc -l
tcpdump -r /tmp/cap.pcap -n 'udp and'
tcpdump -r /tmp/cap.pcap -n 'port 99999'
tcpdump -r /tmp/cap.pcap -n 'host nosuchhost'
tcpdump -r /tmp/cap.pcap -n 'net 10.0.0.1/24'
tcpdump -r /tmp/cap.pcap -n 'foo'
tcpdump -r /tmp/cap.pcap -n 'tcp[100:3] = 1'
tcpdump -r /tmp/nosuch.pcap
tcpdump -r /etc/hosts
tcpdump -i nosuch0 -c 1
tcpdump -c 0 -r /tmp/cap.pcap
tcpdump -c x -r /tmp/cap.pcap
tcpdump -Z
tcpdump --version
tcpdump -h

