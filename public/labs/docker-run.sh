# `docker run -d -p 10001:80 nginx` on a host, a client fetching the page through the published
# port, then what Docker built underneath: docker0, the container's namespace and its veth, the
# MASQUERADE for the way out and the DNAT (and FORWARD hole) for the port. Simulator only: the
# real-kernel oracle has no Docker (docker-bridge.sh is the same lab by hand).
#@link host:eth0 client:eth0
ip addr add 192.168.50.10/24 dev eth0
ip link set eth0 up
docker run -d --name web -p 10001:80 nginx
docker ps
#@machine client
ip addr add 192.168.50.20/24 dev eth0
ip link set eth0 up
curl -s 192.168.50.10:10001 | grep title
#@machine host
ip -br addr show docker0
ip link show master docker0
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip -br addr
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip route
iptables -t nat -S POSTROUTING
iptables -t nat -S DOCKER
iptables -S DOCKER
conntrack -L 2>/dev/null | grep dport=10001
lsns -t net
