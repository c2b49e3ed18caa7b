# UDP with netcat: a listener, datagrams both ways, ICMP port unreachable for a closed port.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -u -l -p 5353 >/run/udp.txt 2>&1 &
nc -u -l 127.0.0.1 5354 >/dev/null 2>&1 &
ss -uln | sort
ss -ua sport = :5353
ss -uan sport = :5354
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
echo hello udp | nc -u -w 1 -p 40001 10.0.0.1 5353
echo again | nc -u -w 1 10.0.0.1 5353
echo nobody | nc -u -w 1 10.0.0.1 5454
nc -zuv 10.0.0.1 5353
nc -zuv 10.0.0.1 5454
nc -zu 10.0.0.1 5454; echo $?
nc -zuv 10.0.0.1 53
echo x | nc -u -w 1 10.0.0.9 5353
echo x | nc -u -w 1 10.9.0.1 5353
ss -uan
#@machine a
cat /run/udp.txt
ss -uan
