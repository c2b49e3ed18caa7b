# snmp-tcp: TCP counters: a refused connection (RST: AttemptFails, OutRsts), an established one
# held open (ActiveOpens, PassiveOpens, CurrEstab), SYNs into a DROP rule with tcp_syn_retries 1
# (6.18 retransmits 1 s apart and gives up after 3 s: RetransSegs, TCPTimeouts, TCPSynRetrans,
# TCPAbortOnTimeout), and a connect that curl abandons before the kernel does (no AttemptFails).
#@link server:eth0 client:eth0
#@machine server
sleep 2
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -lk -p 5001 > /dev/null 2>&1 &
iptables -A INPUT -p tcp --dport 5003 -j DROP
#@machine client
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
grep -A1 '^Tcp:' /proc/net/snmp
nc -zv 10.0.0.1 5002; echo $?
grep -A1 '^Tcp:' /proc/net/snmp
nc 10.0.0.1 5001 > /dev/null 2>&1 &
sleep 1
grep -A1 '^Tcp:' /proc/net/snmp
ss -tn | sed -E 's/:[0-9]{5}/:NNNNN/'
#@machine server
grep -A1 '^Tcp:' /proc/net/snmp
ss -tn | sed -E 's/:[0-9]{5}/:NNNNN/'
#@machine client
sysctl -w net.ipv4.tcp_syn_retries=1
nc -v 10.0.0.1 5003; echo $?
grep -A1 '^Tcp:' /proc/net/snmp
nstat -az 'TcpExtTCPTimeouts' 'TcpExtTCPSynRetrans' 'TcpExtTCPAbortOnTimeout' 'TcpExtTCPLostRetransmit' 'TcpExtTcpTimeoutRehash' 'TcpExtTCPAbortOnClose' 'TcpExtListen*' 'TcpExtEmbryonicRsts'
curl -s -m 2 10.0.0.1:5003; echo $?
nstat -az 'Tcp[AR]*' 'TcpExtTCPTimeouts' 'TcpExtTCPSynRetrans' 'TcpExtTCPLostRetransmit'
#@machine server
grep -A1 '^Tcp:' /proc/net/snmp
grep -A1 '^Ip:' /proc/net/snmp
nstat -a 'TcpExt*'
#@machine client
nstat -a 'TcpExt*'
