# Simulator only (docker does not exist in the oracle): `docker run -d -p 10001:80 --name web nginx`
# on a fresh machine, then the same inspection as docker-byhand.sh, whose recording it must match
# (docker/docker-byhand.test.ts; veth names, MACs and the unnamed netns set aside).
#@link host:eth0 client:eth0
ip addr add 192.168.50.10/24 dev eth0
ip link set eth0 up
docker run -d -p 10001:80 --name web nginx
docker ps
iptables -S
iptables -t nat -S
ip addr show docker0
ip link show master docker0
ip route
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip addr
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip route
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n sysctl net.ipv6.conf.eth0.disable_ipv6 net.ipv6.conf.lo.disable_ipv6
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ping -c 1 -W 1 192.168.50.20
bridge link show
#@machine client
ip addr add 192.168.50.20/24 dev eth0
ip link set eth0 up
curl -s -o /dev/null -w '%{http_code}\n' 192.168.50.10:10001
#@machine host
conntrack -L 2>/dev/null | grep -c dport=10001
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ping -c 1 -W 1 192.168.50.20
docker logs web 2>/dev/null
docker inspect -f '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.MacAddress}} {{.NetworkSettings.Gateway}} {{.HostConfig.NetworkMode}}' web
ps -ef
lsns -t net
