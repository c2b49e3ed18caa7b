/**
 * The preset DEFLATE dictionary of share-link format 2: text that lab scripts have in common, so
 * that even a short lab compresses well (deflate refers back into it like into earlier text). The
 * most common pieces come last (a nearer match is cheaper).
 *
 * FROZEN: every format-2 link ever shared decodes with exactly these bytes. A better dictionary
 * is a new link format (3), with this one kept for decoding old links.
 */
export const DICT_V2 = [
  '{"t":"","d":"","s":1,"a":"","p":{"m:host":[0,0],"ns:host/RED":[0,0],"d:host/root/br0":[0,0],"sw:sw1":[0,0]},',
  '"l":{"i":"","x":"","k":0,"b":0},"j":[0,0,0]}',
  "# A lab: two network namespaces joined by a veth pair, a bridge, routes, NAT.\n",
  "#@lan sw1 A:eth0 B:eth0\n#@lan sw2 B:eth1 C:eth0\n#@link host:eth0 outside:eth0\n",
  "#@lan vbox0 k8s-m:enp0s8 k8s-w1:enp0s8 k8s-w2:enp0s8\n#@machine k8s-m\n#@machine k8s-w1\n#@machine k8s-w2\n",
  "ip link add flannel.1 address 00:00:00:00:00:00 type vxlan id 1 local 192.168.100.10 dev enp0s8 dstport 8472 nolearning\n",
  "ip link set flannel.1 mtu 1450\nip addr add 172.16.0.0/32 dev flannel.1\nip link set flannel.1 up\n",
  "ip link add cni0 type bridge\nip link set cni0 mtu 1450\nip addr add 172.16.0.1/24 dev cni0\nip link set cni0 up\n",
  "ip route add 172.16.1.0/24 via 172.16.1.0 dev flannel.1 onlink\n",
  "ip neigh add 172.16.1.0 lladdr 00:00:00:00:00:00 dev flannel.1 nud permanent\n",
  "bridge fdb append 00:00:00:00:00:00 dev flannel.1 dst 192.168.100.101 self permanent\n",
  "iptables -A FORWARD -s 172.16.0.0/16 -j ACCEPT\niptables -A FORWARD -d 172.16.0.0/16 -j ACCEPT\n",
  "iptables -t nat -A POSTROUTING -s 172.16.0.0/16 -d 172.16.0.0/16 -j RETURN\n",
  "iptables -t nat -A POSTROUTING -s 172.16.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully\n",
  "iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.0.0/16 -j MASQUERADE --random-fully\n",
  "ip netns add pod-1\nip link add veth0 type veth peer name eth0 netns pod-1\nip link set veth0 master cni0\n",
  "ip -n pod-1 link set lo up\nip -n pod-1 link set eth0 mtu 1450\nip -n pod-1 route add default via 172.16.1.1\n",
  "ip link add docker0 type bridge\nip addr add 172.17.0.1/16 dev docker0\nip link set docker0 up\n",
  "iptables -t nat -N DOCKER\niptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n",
  "iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER\n",
  "iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n",
  "iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n",
  "ip netns exec web1 python3 -m http.server 80 --bind 0.0.0.0 >/dev/null 2>&1 &\n",
  "curl -s -o /dev/null -w '%{http_code}\\n' 192.168.50.10:8080\n",
  "iptables -P FORWARD DROP\niptables -N DOCKER-USER\niptables -A FORWARD -j DOCKER-USER\niptables -A DOCKER-USER -j RETURN\n",
  "iptables -t nat -A POSTROUTING -s 11.11.11.0/24 -j MASQUERADE\n",
  "iptables -t filter -S\niptables -t nat -S\niptables -t nat -L -n -v\niptables -L FORWARD -n -v\nconntrack -L\n",
  "cat /proc/sys/net/ipv4/ip_forward\necho 1 > /proc/sys/net/ipv4/ip_forward\nsysctl -w net.ipv4.ip_forward=1\n",
  "ip link add br0 type bridge\nip link set br0 up\nip link set reth1 master br0\nbridge link show\nbridge fdb show br br0\n",
  "ip link add reth0 netns RED type veth peer name reth1\nip link add beth0 netns BLUE type veth peer name beth1\n",
  "ip route add default via 192.168.1.1\nip route add 192.168.2.0/24 via 192.168.1.6\nip route get 192.168.2.5\nip route\n",
  "nsenter --net=/var/run/netns/RED\nexit\nip netns exec RED bash\nip -br addr\nip -c route\nip -c neigh\nip -c a\n",
  "ip link add veth0 type veth peer name veth1\nip link set veth0 netns RED\nip link set veth1 netns BLUE\n",
  "ip netns add RED\nip netns add BLUE\nip netns list\nip netns delete RED\n",
  "ip netns exec RED ip addr add 11.11.11.2/24 dev veth0\nip netns exec BLUE ip addr add 11.11.11.3/24 dev veth1\n",
  "ip -n RED link set veth0 up\nip -n BLUE link set veth1 up\nip -n RED addr add 10.0.0.1/24 dev veth0\n",
  "ip addr add 192.168.1.5/24 dev eth0\nip link set eth0 up\nip link set dev eth0 up\n",
  "ip netns exec RED ping -c 1 -W 1 11.11.11.3\nping -c 1 -W 1 192.168.1.1\n",
].join("");
