# UDP "scans" with netcat (Debian's udptest: only with -v) and the kernel's ICMP rate limit per
# destination (6 at once, then one a second), which makes closed ports look open.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -u -l -k -p 7000 > /dev/null 2>&1 &
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
nc -zuv 10.0.0.1 7000; echo $?
nc -zuv -w 1 10.0.0.1 7000; echo $?
nc -zu 10.0.0.1 7001; echo $?
nc -zuv 10.0.0.1 7001; echo $?
echo hi | nc -uv -w 1 10.0.0.1 7001; echo $?
nc -zuv -w 1 10.0.0.1 7001-7009; echo $?
sleep 3
nc -zuv -w 0 10.0.0.1 7001-7010; echo $?
