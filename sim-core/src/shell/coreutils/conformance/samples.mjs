// Realistic inputs: what the lab's commands print on Debian 12 (taken from shared/labs/*.real.txt
// and from real runs of iproute2 6.1, iptables 1.8.9, conntrack 1.4.7, ss).
const E = "\x1b";

export const ipLink = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: enp0s8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT group default qlen 1000
    link/ether 66:4a:8c:09:c0:78 brd ff:ff:ff:ff:ff:ff
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
    link/ether 42:7b:d8:d5:f7:8c brd ff:ff:ff:ff:ff:ff
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
    link/ether 62:67:96:97:57:29 brd ff:ff:ff:ff:ff:ff
5: vethece9b30d@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default qlen 1000
    link/ether 62:67:96:97:57:29 brd ff:ff:ff:ff:ff:ff link-netns pod-1
6: veth0a1b2c3d@if2: <BROADCAST,MULTICAST> mtu 1450 qdisc noop master cni0 state DOWN mode DEFAULT group default qlen 1000
    link/ether 5e:12:9a:44:01:bc brd ff:ff:ff:ff:ff:ff link-netns pod-2
`;

export const ipRoute = `default via 192.168.100.1 dev enp0s8 
172.16.0.0/24 dev cni0 proto kernel scope link src 172.16.0.1 
172.16.1.0/24 via 172.16.1.0 dev flannel.1 onlink 
172.16.2.0/24 via 172.16.2.0 dev flannel.1 onlink 
192.168.100.0/24 dev enp0s8 proto kernel scope link src 192.168.100.10 
`;

export const ipCRoute = `default via ${E}[35m192.168.100.1 ${E}[0mdev ${E}[36menp0s8 ${E}[0m
${E}[35m172.16.0.0/24 ${E}[0mdev ${E}[36mcni0 ${E}[0mproto kernel scope link src ${E}[35m172.16.0.1 ${E}[0m
${E}[35m172.16.1.0/24 ${E}[0mvia ${E}[35m172.16.1.0 ${E}[0mdev ${E}[36mflannel.1 ${E}[0monlink 
${E}[35m172.16.2.0/24 ${E}[0mvia ${E}[35m172.16.2.0 ${E}[0mdev ${E}[36mflannel.1 ${E}[0monlink 
${E}[35m192.168.100.0/24 ${E}[0mdev ${E}[36menp0s8 ${E}[0mproto kernel scope link src ${E}[35m192.168.100.10 ${E}[0m
`;

export const ipBrAddr = `lo               UNKNOWN        127.0.0.1/8 ::1/128 
enp0s8           UP             192.168.100.10/24 fe80::644a:8cff:fe09:c078/64 
flannel.1        UNKNOWN        172.16.0.0/32 fe80::4cea:c3ff:fec3:86e4/64 
cni0             UP             172.16.0.1/24 fe80::489d:13ff:fe2a:436b/64 
vethece9b30d@if2 UP             fe80::6067:96ff:fe97:5729/64 
`;

export const ipCAddr = `1: ${E}[36mlo: ${E}[0m<LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state ${E}[32mUNKNOWN ${E}[0mgroup default qlen 1000
    link/loopback ${E}[33m00:00:00:00:00:00${E}[0m brd ${E}[33m00:00:00:00:00:00${E}[0m
    inet ${E}[35m127.0.0.1${E}[0m/8 scope host lo
       valid_lft forever preferred_lft forever
3: ${E}[36mdocker0: ${E}[0m<BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state ${E}[32mUP ${E}[0mgroup default qlen 1000
    link/ether ${E}[33mc6:e7:83:18:7f:24${E}[0m brd ${E}[33mff:ff:ff:ff:ff:ff${E}[0m
    inet ${E}[35m172.17.0.1${E}[0m/16 scope global docker0
       valid_lft forever preferred_lft forever
    inet6 ${E}[34mfe80::c4e7:83ff:fe18:7f24${E}[0m/64 scope link 
       valid_lft forever preferred_lft forever
`;

export const ipAddr = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host 
       valid_lft forever preferred_lft forever
2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 172.17.0.2/16 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 fe80::42:acff:fe11:2/64 scope link 
       valid_lft forever preferred_lft forever
`;

export const iptablesNatS = `-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-N DOCKER
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.16.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 10001 -j DNAT --to-destination 172.17.0.2:80
`;

export const iptablesFilterS = `-P INPUT ACCEPT
-P FORWARD DROP
-P OUTPUT ACCEPT
-A FORWARD -s 172.16.0.0/16 -j ACCEPT
-A FORWARD -d 172.16.0.0/16 -j ACCEPT
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
`;

export const iptablesLnv = `Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    3   204 DOCKER     0    --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL

Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 DOCKER     0    --  *      *       0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL

Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    1    60 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0           
`;

export const conntrackL = `tcp      6 431998 ESTABLISHED src=192.168.50.20 dst=192.168.50.10 sport=40312 dport=10001 src=172.17.0.2 dst=192.168.50.20 sport=80 dport=40312 [ASSURED] mark=0 use=1
tcp      6 118 TIME_WAIT src=192.168.50.20 dst=192.168.50.10 sport=40300 dport=10001 src=172.17.0.2 dst=192.168.50.20 sport=80 dport=40300 [ASSURED] mark=0 use=1
icmp     1 29 src=172.17.0.2 dst=192.168.50.20 type=8 code=0 id=1234 src=192.168.50.20 dst=192.168.50.10 type=0 code=0 id=1234 mark=0 use=1
udp      17 28 src=10.0.0.5 dst=10.0.0.1 sport=53000 dport=53 [UNREPLIED] src=10.0.0.1 dst=10.0.0.5 sport=53 dport=53000 mark=0 use=1
conntrack v1.4.7 (conntrack-tools): 4 flow entries have been shown.
`;

export const ssTln = `State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
LISTEN 0      5            0.0.0.0:80        0.0.0.0:*          
LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          
LISTEN 0      4096       127.0.0.53%lo:53        0.0.0.0:*          
LISTEN 0      128             [::]:22           [::]:*          
`;

export const bridgeFdb = `33:33:00:00:00:01 dev br0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
0a:d9:e2:43:ce:96 dev reth1 master br0 
ae:1c:2f:00:11:22 dev reth1 vlan 1 master br0 permanent
ae:1c:2f:00:11:22 dev reth1 master br0 permanent
a2:c6:71:f8:a1:f7 dev beth1 master br0 
33:33:00:00:00:01 dev beth1 self permanent
`;

export const ipNeigh = `192.168.50.10 dev eth0 lladdr 5a:f7:ff:db:e1:e8 REACHABLE 
192.168.50.1 dev eth0 lladdr 52:54:00:12:35:02 STALE 
172.17.0.2 dev docker0 lladdr 02:42:ac:11:00:02 DELAY 
10.0.0.9 dev eth1  FAILED 
`;

export const ping = `PING 172.17.0.1 (172.17.0.1) 56(84) bytes of data.
64 bytes from 172.17.0.1: icmp_seq=1 ttl=64 time=0.238 ms
64 bytes from 172.17.0.1: icmp_seq=2 ttl=64 time=0.061 ms
64 bytes from 172.17.0.1: icmp_seq=3 ttl=64 time=0.077 ms

--- 172.17.0.1 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 2041ms
rtt min/avg/max/mdev = 0.061/0.125/0.238/0.080 ms
`;

export const hosts = `127.0.0.1\tlocalhost
::1\tlocalhost ip6-localhost ip6-loopback
ff02::1\tip6-allnodes
ff02::2\tip6-allrouters
172.17.0.2\tweb1
`;

export const words = `banana
apple
Cherry
apple
10
9
2.5
-3
banana
 apple
1e3
0x10
1K
2M
512
`;

export const noTrailingNewline = "alpha beta\ngamma delta\nlast line";

export const binaryish = "abc\x00def\nfoo bar\n\x01\x02\x7f\nfoo\x00\n";

export const unicode = "héllo wörld\nnaïve café\n✓ done\n";

export const all = {
  ipLink,
  ipRoute,
  ipCRoute,
  ipBrAddr,
  ipCAddr,
  ipAddr,
  iptablesNatS,
  iptablesFilterS,
  iptablesLnv,
  conntrackL,
  ssTln,
  bridgeFdb,
  ipNeigh,
  ping,
  hosts,
  words,
};
