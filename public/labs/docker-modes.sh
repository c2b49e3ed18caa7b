# Docker's network modes: bridge (a namespace of its own on docker0), host (the host's), none (lo
# alone), and container: — a pause container owns a namespace, nginx and a netshoot sidecar join it
# and share localhost, the way a Kubernetes pod does. Then what the host sees: lsns, nsenter, the one
# veth on docker0. Simulator only: the real-kernel oracle has no Docker.
docker run --rm busybox ip -br addr
docker run --rm --network host busybox ip -br link
docker run --rm --network none busybox ip -br addr
docker run -d --name pause --ipc=shareable k8s.gcr.io/pause:3.6
docker run -d --name web --net=container:pause --ipc=container:pause nginx
docker run --rm --net=container:pause nicolaka/netshoot curl -s localhost | grep title
docker inspect -f '{{.HostConfig.NetworkMode}} {{.NetworkSettings.IPAddress}}' web pause
docker ps
lsns -t net
nsenter -t $(docker inspect -f '{{.State.Pid}}' web) -n ip -br addr
docker run --rm --net=container:pause --pid=container:web busybox ps
brctl show docker0
