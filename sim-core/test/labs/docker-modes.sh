# Simulator only (docker is not in the oracle): Docker's network modes one after the other — bridge
# (its own netns, eth0 on docker0), host (the host's netns), none (lo alone), and container: (a
# pause container owns the netns, nginx and netshoot join it: localhost reaches nginx, which logs
# 127.0.0.1); then what the host sees of them (ps, lsns, nsenter, ip link's link-netnsid, brctl).
docker run --rm busybox ip addr
docker run --rm busybox ip route
docker run --rm --network host busybox ip -br link
docker run --rm --network none busybox ip addr
docker run -d --name pause --ipc=shareable k8s.gcr.io/pause:3.6
docker run -d --name web --net=container:pause --ipc=container:pause nginx
docker run --rm --net=container:pause nicolaka/netshoot curl -s localhost | grep title
docker logs web 2>/dev/null | tail -1
docker run --rm --net=container:pause --pid=container:web busybox ps
docker exec web hostname
docker exec pause hostname
docker inspect -f '{{.HostConfig.NetworkMode}} {{.NetworkSettings.IPAddress}}' web pause
docker ps
ps -ef | grep -E 'pause|nginx' | grep -v grep
lsns -t net
nsenter -t $(docker inspect -f '{{.State.Pid}}' pause) -n ip -br addr
nsenter -t $(docker inspect -f '{{.State.Pid}}' pause) -u hostname
ip link show type veth
brctl show docker0
docker stop web pause
docker rm web pause
docker ps -a
ip link show type veth
