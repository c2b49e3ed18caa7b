# odd-args: what fuzzed arguments taught about ping, ip and sysctl: ping resolves with IDN
# (non-ASCII names are not encodable) and, given several hosts, checks their number against -R/-T,
# resolves each and connects to the first hop; `ip -n` without a name opens "(null)", "" is a
# directory setns() refuses; get_addr_ipv4 is strtoul per byte ("-0", "+7", "0x0a", blanks);
# sysctl's bad options exit 0 and settings shorter than two characters or comments are skipped;
# the bridge checks a VLAN id (1-4094) before it finds VLAN filtering missing.
ping -c 1 -W 1 é
ping -c 1 -W 1 ẘ
ping -c 1 -W 1 名前
ping -c 1 -W 1 🙂
ping -c 1 -W 1 a🙂
ping -c 1 -W 1 Ä
ping -c 1 -W 1 ß
ping -c 1 -W 1 ①
ping -c 1 -W 1 x_y
ping -c 1 -W 1 'a b'
ping -c 1 -W 1 1 1 1 1 1 1 1 1 1 10.0.0.2
ping -c 1 -W 1 1 1 1 1 1 1 1 1 1 1 10.0.0.2
ping -c 1 -W 1 nosuch 1 1 1 1 1 1 1 1 1 1 10.0.0.2
ping -R -c 1 -W 1 1 10.0.0.2
ping -T tsonly -c 1 -W 1 1 10.0.0.2
ping -T tsprespec -c 1 -W 1 1 1 1 1 1 10.0.0.2
ping -T tsprespec -c 1 -W 1 1 1 1 1 10.0.0.2
ip -n
ip -n nosuch link
ip -n ''
ip link add eth0 type veth peer name eth1
ip neigh add -0.0.5 lladdr 02:00:00:00:00:05 dev eth0
ip neigh add 0x0a.010.0.+7 lladdr 02:00:00:00:00:05 dev eth0
ip neigh add ' 10.1.2.3' lladdr 02:00:00:00:00:05 dev eth0
ip neigh add 10.1.2.-3 lladdr 02:00:00:00:00:05 dev eth0
ip neigh add 10.1 lladdr 02:00:00:00:00:05 dev eth0
ip addr add -0.0.5/8 dev lo
ip route add 0x0a.0.0.0/8 dev lo
ip neigh show dev eth0 | sort
ip addr show dev lo
ip route show dev lo
sysctl -w -F
sysctl -w D
sysctl -w sysctl
sysctl -w a b
sysctl a
sysctl -w sysctl sysctl D
sysctl -F
sysctl -w -F
sysctl --bogus
sysctl -w --bogus
sysctl -n -F
sysctl -F -w
sysctl -w -F net.ipv4.ip_forward=1
sysctl -w x
sysctl -w -q -F
sysctl -w ' a'
sysctl -w '  '
sysctl -w ' ab'
sysctl -w '#ab'
sysctl -w ';ab'
sysctl ab
sysctl -w a=1
sysctl -w =1
sysctl -w ' =1'
ip link add br0 type bridge
ip link add v0 type veth peer name v1
ip link set v0 master br0
bridge vlan add vid 0 dev v0
bridge vlan add vid 4095 dev v0
bridge vlan del vid 4095 dev v0
bridge vlan del vid 0 dev v0
bridge vlan del vid 5 dev v0
bridge vlan del vid 0 dev v1
bridge vlan del vid 0 dev br0 self
bridge vlan add vid 0-5 dev v0
