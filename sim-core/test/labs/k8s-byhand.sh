# What flanneld v0.16.1 (vxlan, --ip-masq --kube-subnet-mgr --iface=enp0s8), dockershim and the CNI
# bridge plugin do on a 2-node cluster with one pod per node, call by call in their order:
# flannel.1 (no dstport: the kernel's 8472; nolearning; MTU from enp0s8), its /32, the masquerade and
# FORWARD rules, subnet.env, the peer's neighbour, FDB entry and onlink route; the pod's namespace as
# docker makes it for network "none" (lo up, IPv6 off); then CNI ADD: cni0 (MTU 1450), the veth
# (eth0 in the pod, veth+8 hex in the host, MTU 1450), hairpin, the address with its broadcast, the
# routes, the gateway on cni0 with its MAC pinned, ip_forward. The simulator's #@cluster must leave the
# same state behind (test: test/node/docker-k8s-labs.test.ts against k8s-cluster.sh).
#@lan demo k8s-m:enp0s8 k8s-w1:enp0s8
#@machine k8s-m
ip addr add 192.168.100.10/24 dev enp0s8
ip link set enp0s8 up
sysctl -w net.ipv4.ip_forward=1
ip link add flannel.1 address 5a:f8:60:e9:85:83 type vxlan id 1 local 192.168.100.10 dev enp0s8 nolearning
sysctl -w net.ipv6.conf.flannel.1.accept_ra=0
ip addr add 172.16.0.0/32 dev flannel.1
ip link set flannel.1 up
iptables -t nat -A POSTROUTING -s 172.16.0.0/16 -d 172.16.0.0/16 -j RETURN
iptables -t nat -A POSTROUTING -s 172.16.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully
iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.0.0/24 -j RETURN
iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.0.0/16 -j MASQUERADE --random-fully
iptables -t filter -A FORWARD -s 172.16.0.0/16 -j ACCEPT
iptables -t filter -A FORWARD -d 172.16.0.0/16 -j ACCEPT
mkdir -p /run/flannel
printf 'FLANNEL_NETWORK=172.16.0.0/16\nFLANNEL_SUBNET=172.16.0.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n' > /run/flannel/subnet.env
#@machine k8s-w1
ip addr add 192.168.100.101/24 dev enp0s8
ip link set enp0s8 up
sysctl -w net.ipv4.ip_forward=1
ip link add flannel.1 address d2:92:ef:13:f3:02 type vxlan id 1 local 192.168.100.101 dev enp0s8 nolearning
sysctl -w net.ipv6.conf.flannel.1.accept_ra=0
ip addr add 172.16.1.0/32 dev flannel.1
ip link set flannel.1 up
iptables -t nat -A POSTROUTING -s 172.16.0.0/16 -d 172.16.0.0/16 -j RETURN
iptables -t nat -A POSTROUTING -s 172.16.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully
iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.1.0/24 -j RETURN
iptables -t nat -A POSTROUTING ! -s 172.16.0.0/16 -d 172.16.0.0/16 -j MASQUERADE --random-fully
iptables -t filter -A FORWARD -s 172.16.0.0/16 -j ACCEPT
iptables -t filter -A FORWARD -d 172.16.0.0/16 -j ACCEPT
mkdir -p /run/flannel
printf 'FLANNEL_NETWORK=172.16.0.0/16\nFLANNEL_SUBNET=172.16.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n' > /run/flannel/subnet.env
ip neigh replace 172.16.0.0 lladdr 5a:f8:60:e9:85:83 dev flannel.1 nud permanent
bridge fdb append 5a:f8:60:e9:85:83 dev flannel.1 dst 192.168.100.10 self permanent
ip route replace 172.16.0.0/24 via 172.16.0.0 dev flannel.1 onlink
#@machine k8s-m
ip neigh replace 172.16.1.0 lladdr d2:92:ef:13:f3:02 dev flannel.1 nud permanent
bridge fdb append d2:92:ef:13:f3:02 dev flannel.1 dst 192.168.100.101 self permanent
ip route replace 172.16.1.0/24 via 172.16.1.0 dev flannel.1 onlink
ip netns add pod-m
ip -n pod-m link set lo up
ip netns exec pod-m sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip link add cni0 address 86:1b:5e:3a:c0:21 mtu 1450 type bridge
sysctl -w net.ipv6.conf.cni0.accept_ra=0
ip link set cni0 up
ip link add vetha1b2c3d4 mtu 1450 type veth peer name eth0 mtu 1450 netns pod-m
ip link set vetha1b2c3d4 up
sysctl -w net.ipv6.conf.vetha1b2c3d4.accept_ra=0
ip link set vetha1b2c3d4 master cni0
ip link set vetha1b2c3d4 type bridge_slave hairpin on
ip netns exec pod-m sysctl -w net.ipv6.conf.eth0.accept_dad=0
ip netns exec pod-m sysctl -w net.ipv4.conf.eth0.arp_notify=1
ip -n pod-m link set eth0 up
ip -n pod-m addr add 172.16.0.2/24 brd 172.16.0.255 dev eth0
ip -n pod-m route add 172.16.0.0/16 via 172.16.0.1 dev eth0
ip -n pod-m route add default via 172.16.0.1 dev eth0
ip addr add 172.16.0.1/24 brd 172.16.0.255 dev cni0
sysctl -w net.ipv4.ip_forward=1
#@machine k8s-w1
ip netns add pod-w
ip -n pod-w link set lo up
ip netns exec pod-w sysctl -w net.ipv6.conf.all.disable_ipv6=1
ip link add cni0 address 9e:44:0d:71:2b:6f mtu 1450 type bridge
sysctl -w net.ipv6.conf.cni0.accept_ra=0
ip link set cni0 up
ip link add vethe5f6a7b8 mtu 1450 type veth peer name eth0 mtu 1450 netns pod-w
ip link set vethe5f6a7b8 up
sysctl -w net.ipv6.conf.vethe5f6a7b8.accept_ra=0
ip link set vethe5f6a7b8 master cni0
ip link set vethe5f6a7b8 type bridge_slave hairpin on
ip netns exec pod-w sysctl -w net.ipv6.conf.eth0.accept_dad=0
ip netns exec pod-w sysctl -w net.ipv4.conf.eth0.arp_notify=1
ip -n pod-w link set eth0 up
ip -n pod-w addr add 172.16.1.2/24 brd 172.16.1.255 dev eth0
ip -n pod-w route add 172.16.0.0/16 via 172.16.1.1 dev eth0
ip -n pod-w route add default via 172.16.1.1 dev eth0
ip addr add 172.16.1.1/24 brd 172.16.1.255 dev cni0
sysctl -w net.ipv4.ip_forward=1
#@machine k8s-m
ip route
ip -d addr show flannel.1
ip addr show cni0
ip link show master cni0
bridge -d link show
bridge fdb show dev flannel.1
ip neigh show dev flannel.1
iptables -S
iptables -t nat -S
cat /run/flannel/subnet.env
ip netns exec pod-m ip addr
ip netns exec pod-m ip route
ip netns exec pod-m sysctl net.ipv6.conf.eth0.accept_dad net.ipv4.conf.eth0.arp_notify net.ipv6.conf.all.disable_ipv6
ip netns exec pod-m ping -c 1 -W 1 172.16.1.2
ip netns exec pod-m ping -c 1 -W 1 -M do -s 1422 172.16.1.2
ip netns exec pod-m ping -c 1 -W 1 -M do -s 1423 172.16.1.2
ping -c 1 -W 1 172.16.1.2
#@machine k8s-w1
ip route
ip -d link show flannel.1
ip link show master cni0
ip netns exec pod-w ip addr show eth0
ip netns exec pod-w ping -c 1 -W 1 172.16.0.2
ip netns exec pod-w ping -c 1 -W 1 192.168.100.10
ip route get 172.16.0.2
iptables -t nat -L POSTROUTING -n -v
ip -s link show flannel.1
