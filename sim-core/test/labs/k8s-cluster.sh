# Simulator only (#@cluster, kubectl, docker: not in the oracle): a 2-node cluster with one pod on
# each node, then the same inspection as k8s-byhand.sh, whose recording it must match
# (test/node/docker-k8s-labs.test.ts; veth names, MACs and the unnamed pod netns set aside).
#@cluster demo nodes=2 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl get nodes -o wide
kubectl run pod-m --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-m"}}' -- sleep infinity
kubectl run pod-w --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-w1"}}' -- sleep infinity
kubectl get pods -o wide
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
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n ip addr
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n ip route
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n sysctl net.ipv6.conf.eth0.accept_dad net.ipv4.conf.eth0.arp_notify net.ipv6.conf.all.disable_ipv6
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n ping -c 1 -W 1 172.16.1.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n ping -c 1 -W 1 -M do -s 1422 172.16.1.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-m)) -n ping -c 1 -W 1 -M do -s 1423 172.16.1.2
ping -c 1 -W 1 172.16.1.2
#@machine k8s-w1
ip route
ip -d link show flannel.1
ip link show master cni0
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-w)) -n ip addr show eth0
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-w)) -n ping -c 1 -W 1 172.16.0.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-w)) -n ping -c 1 -W 1 192.168.100.10
ip route get 172.16.0.2
iptables -t nat -L POSTROUTING -n -v
ip -s link show flannel.1
docker ps
crictl pods
lsns -t net
brctl show cni0
#@machine k8s-m
kubectl exec pod-m -- route -n
kubectl exec pod-w -- ping -c 1 -W 1 172.16.0.2
kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'
