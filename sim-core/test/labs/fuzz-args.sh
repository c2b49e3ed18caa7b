# fuzz-args: mutated lab commands (test/fuzz's mutations: words swapped, repeated, truncated,
# replaced by unicode, huge numbers and odd strings) on a small world, recorded on the real kernel:
# the errors the tools print for arguments nobody types on purpose.
ip netns add a
ip netns add BLUE
ip link add v0 type veth peer name v1
ip link add br0 type bridge
ip link set v0 master br0
ip link set v0 up
ip link set v1 up
ip link set br0 up
ip addr add 10.0.0.1/24 dev br0
ip link add eth0 type veth peer name eth0p
ip link set eth0p up
ip link set eth0 up
ip addr add 10.0.2.1/24 dev eth0
iptables -N X
sysctl -w net.ipv4.ip_forward=-1
ip netns 𐿇ᴅ b
sysctl -w net.ipv4.ip_forward=2
sysctl 	 -w net.ipv4.ip_forwarding=1
iptables --help -Z 10.12.0.0/16 9
ip ⁇鿿𐒵ࡢꟲϨꏈ＼ add v0 v0 v0 v0 v0 v0 type veth peer name v1
iptables -A INPUT -s 🠑∲𓏲ࡩ -
iptables -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P -P FORWARD DROP
ip addr add 2001:
ip ip ip ip ip 🞐🙆𛈢𞢈⧾𑣥𔔉🥱 ip ip ip neigh del 10.0.2.254 dev eth0
ip link del abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno abcdefghijklmno type veth
sysctl é net/ipv4/ip_forward
ip link add vxlan1 type vxlan vxlan vxlan vxlan id . abc dstport 4789
ip link add br1 address 300.300.300.300:00:00:00:00:01 type bridge
iptables -t raw -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A -A PREROUTING NOTRACK
ip v0 show 00:00:00:00:00:00
iptables -A -j DOCKER-USER RETURN
iptables -A INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT INPUT -m conntrack 1.2.3.4 --ctorigdst --ctorigdstport 80 --ctproto tcp -j ACCEPT
ip link up veth3 set
iptables -t
bridge add
ip
iptables -t 𖨛ᛀ -S
ip -n BLUE netns li
ip -n é R link set p1 tunnelshow br0
ip NaN
ip -n lan master eth0 up
iptables -A -j RETURN
iptables -P FORWARD
iptables iptables iptables iptables -P DROP FORWARD
ip ip ip ip
ip add br0 type
ip link add reth0 netns RED type veth peer name 
ip link set reth1 master br0
iptables -A INPUT -p udp -m addr --dport 22 -j ACCEPT
ip -n r addr add 2147483648.2.1/24 dev rb
ip route add
ping ping ping ping ping -c 1 -W 1 11.11.11.2
iptables -A INPUT -j REJECT  proto-unreach
sysctl net.ipv4.conf.eth9.forwarding
iptables
sysctl 𒒪ཌྷŴ𑋜ڹⰶ𑌗 net.ipv4.ip_forward=yes
sysctl -w net.ip
ping -c 1 -W 1 11.11.11.2
sysctl net/ipv-0/ip_forward
iptables -R FORWARD 1
ip -n web1 link set 沈𝧡ᦺ up
ip veth3 add veth2 mtu 9000 type veth peer name link
sysctl master -w net.ipv4.ip_forward
ip link set out0 up
bridge -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d -d vlan show
ip route bogus 10.12.0.0/16 dev eth0 table add
iptables -t nat -L OUTPUT OUTPUT OUTPUT OUTPUT OUTPUT OUTPUT -n -v
ip 𝜣Ỵ𞁔ᗌב⣣𑼦駂ꃲ𝀁 del dev vethF
ip route show table 1000000
ip link add eth0 netns t type veth -N peer name vt
ip DROP route get 172.16.5.300
sysctl ẳ𝁯∱𝔚ꤐꝨ𛆞𛈆 net.ipv4.conf.eth9.forwarding=1
bridge vlan add v0 10-20 𘧐ㅩ易劉ӑ𝦎𓅅ꗪ🪸🢭 vid pvid
ip link add beth0 netns BLUE veth type peer name beth1
ip -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n -n link set eth0 address 02:00:00:00:00:02
iptables -L OUTPUT INPUT -v -x -Z
ip route 10.0.1.253 10.0.3.0/24 via 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 add 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253 10.0.1.253
iptables -A DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER -j RETURN
ip link set reth1 master
iptables 𐐡ᖵ⺯𓌋ፅ𞋄ᴽ𐭍 A INPUT
iptables -A -j FORWARD DOCKER-USER
iptables -N DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER DOCKER-USER
ip link set
ip iptables add br0 type bridge
ip add
ip link set set set set set set set set set set set set set set set set set set set s
ip route add prohibit 99999999999999999999999999.0.0/16
sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl sysctl -w net.ipv4.conf.eth9.forwarding=1
iptables -A FORWAR
ip -j
ip link set br00:00:00:00:00:00 mtu
ip -n client addr add ➖ꖻ🅧 dev eth0
iptables -A INPUT -m conntrack --c
ip link set v0 master br0
ip route ꤶᒮᲱ𐞦ጭᏵ𐃴𖺌𒈟 table 08
ip 𝚅ꦝ s
ip route add 10.12.0.0/16 add eth9
bridge link set dev vred hairpin / maybe
ip 𐙵𞡃𓎑﵏𛇄🁝 add 10.9.0.0/16 via 10.0.1.254
bridge route show
ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip ip addr show up
bridge 𑤣 set dev é vred flood off
iptables -A INPUT -p udp -m udp --dport help 80 -m multiport --dports 1,2 -j ACCEPT
sysctl -q -q 𔘐Ṡ┸꣔Ꮂ -q -q -q -q -q -w net.ipv4.ip_forward=0
ip link add vxff:ff:ff:ff:ff:ff address 02:00:00:00:00:0c type vxlan id 7 dstport 4789
ip type add vethe5f6a7b8 mtu 1450 link veth peer name eth0 mtu 1450 netns pod-w
iptables -A INPUT -s 1.2.3.400 -j ACCEPT
sysctl net/ipv4/ip_forw
ip route 	 get from 10.0.1.10
ip -n client link set eth100000 up
ip link set br0 type bridge stp_state 0
ip -d link show show
iptables -t nat -A POSTROUTING -j ⪪😙
iptables ㍯ꚎݾⳠꠖꌟ𑲎 INPUT -p 0 -j ACCEPT
iptables -A FORWARD -m -c ꛧ܊ꀽ LOCAL --limit-iface-in
iptables DOCK
ip -n far add add add add add add add add add add add add add add add add add default via 10.5.0.1
ip link set va master ᾡ𘠪𛄐ﯙ⍫ӂ⑲𐏋🏌Ἐ
ip 
ip route show table name
ip link add ÿ veth0 address 02:00:00:00:00:01 type veth peer name eth0 netns RED address 02:00:00:00:00:02
sysctl -n net.ipv::ffff:1.2.3.4.ip_forward
ip link set beth1 master br0
ip -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -j -n RED link show eth0
ip -n rt link set link link link link link link link link up
sysctl -w -w -w -w -w -w -w -w -w -w -w 🫱𑫦𑠤ࡘጱ -w -w -w -w net.ipv4.tcp_syncookies=3
ip link set beth1
ip link br0 br0 mtu 65536
iptables route get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get get 8.8.8.8 bogus
ip link route eth1 address 02:00:00:00:02:fe
ip route route route route route route route route route route route route route route route route route route route route route route route route route route route route route route route route route show type unreachable
iptables -t filter -I DO
iptables -A FORWARD / -p icmp fdb ACCEPT
ip add netns web1
ip neigh show dev eth0 nud
ip link add reth0 netns RED type veth name reth1
iptables -A INPUT -j X
ip route add 10.11.0.0/16 via 10.0.9.1 netns dev eth0
ip net name
iptables -A AA -j
iptables -A FORWARD --ctstate conntrack
ip link add vx1 address
ip -n A link set a1
bridge bridge bridge bridge bridge bridge bridge bridge bridge bridge link show
iptables -n INPUT -m conntrack --ctstate INVALID -j DROP
sysctl net.ipv9007199254740993.neigh.eth0.gc_stale_time
bridge -p fdb show dev veth0
ip set bogus lo
ip route add 10.9.0.0/16 dev
bridge fdb add 02:00:00:00:00:98 dev vxlan0 dst 192.168.1.9 port 4790 vni
ip link set v0x7fffffff mtu
ip --- link add br0 type
ip route add blackhole 0.2.0/24
ip link add va type veth peer lo name eth0 netns a
sysctl ︑𑴯
iptables -A INPUT -j MARK --set-xmark 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5 10.0.0.50 5 5 5 5 5 5 5 5 5 5 5 5 5 5 5
ip link set reth-1 master br0
ip route
iptables -t raw ῢ𘧆ΐ🝎ꕦᑞ𛁳𑝅𓇦 -v -n
ip link br0 va master set
iptables -1 DOCKER-USER
iptables -A add 🦞 RETURN
