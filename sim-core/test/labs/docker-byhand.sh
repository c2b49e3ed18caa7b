# What dockerd 20.10 (libnetwork, classic iptables) does for `docker run -d -p 10001:80 --name web nginx`,
# call by call in its order: the chains, ip_forward and FORWARD DROP, docker0 (its own 02:42 MAC,
# accept_ra 0, the address with its broadcast), the network's rules, DOCKER-USER, then the container's
# namespace, the veth made in the host and moved in as eth0 (MAC from the IP, IPv6 off), the default
# route and the published port's rules. The simulator's docker must leave the same state behind
# (test: docker/docker-byhand.test.ts against docker-run.sh).
#@link host:eth0 client:eth0
ip addr add 192.168.50.10/24 dev eth0
ip link set eth0 up
iptables -t nat -N DOCKER
iptables -t filter -N DOCKER
iptables -t filter -N DOCKER-ISOLATION-STAGE-1
iptables -t filter -N DOCKER-ISOLATION-STAGE-2
iptables -t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN
sysctl -w net.ipv4.ip_forward=1
iptables -t filter -P FORWARD DROP
ip link add docker0 address 02:42:5c:1e:9a:3b type bridge
sysctl -w net.ipv6.conf.docker0.accept_ra=0
ip addr add 172.17.0.1/16 brd 172.17.255.255 dev docker0
ip link set docker0 up
iptables -t nat -I POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -I DOCKER -i docker0 -j RETURN
iptables -t filter -I FORWARD -i docker0 -o docker0 -j ACCEPT
iptables -t filter -I FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8
iptables -t filter -I FORWARD -o docker0 -j DOCKER
iptables -t filter -I FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -t filter -I FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -t filter -I DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
iptables -t filter -I DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
iptables -t filter -N DOCKER-USER
iptables -t filter -A DOCKER-USER -j RETURN
iptables -t filter -I FORWARD -j DOCKER-USER
ip netns add web
ip -n web link set lo up
ip link add veth1a2b3c4 type veth peer name veth9f8e7d6
ip link set veth1a2b3c4 master docker0
ip link set veth1a2b3c4 up
ip link set veth9f8e7d6 netns web
ip -n web link set veth9f8e7d6 name eth0
ip -n web link set eth0 address 02:42:ac:11:00:02
ip -n web addr add 172.17.0.2/16 brd 172.17.255.255 dev eth0
ip netns exec web sysctl -w net.ipv6.conf.eth0.disable_ipv6=1
ip -n web link set eth0 up
ip -n web route add default via 172.17.0.1
iptables -t nat -A DOCKER -p tcp -d 0/0 --dport 10001 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0
iptables -t filter -A DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT
iptables -t nat -A POSTROUTING -p tcp -s 172.17.0.2 -d 172.17.0.2 --dport 80 -j MASQUERADE
ip netns exec web python3 -m http.server 80 >/dev/null 2>&1 &
iptables -S
iptables -t nat -S
ip addr show docker0
ip link show master docker0
ip route
ip netns exec web ip addr
ip netns exec web ip route
ip netns exec web sysctl net.ipv6.conf.eth0.disable_ipv6 net.ipv6.conf.lo.disable_ipv6
ip netns exec web ping -c 1 -W 1 192.168.50.20
bridge link show
#@machine client
ip addr add 192.168.50.20/24 dev eth0
ip link set eth0 up
curl -s -o /dev/null -w '%{http_code}\n' 192.168.50.10:10001
#@machine host
conntrack -L 2>/dev/null | grep -c dport=10001
ip netns exec web ping -c 1 -W 1 192.168.50.20
