# Simulator only: the flannel walkthrough on a real-looking cluster (3 nodes, flannel v0.16.1 vxlan,
# the CNI bridge plugin, dockershim): the nodes' pod CIDRs, pod-1 on k8s-w1 and pod-2 on k8s-w2,
# pod-1 → pod-2 across nodes (ttl=62), the pod's routes, flannel.1's parameters, subnet.env; then the
# node-level commands of ../fixtures/shared/flannel-vxlan.sh, which must print what the real kernel
# printed there (test/node/docker-k8s-labs.test.ts), apart from what Kubernetes picks at random.
#@cluster demo nodes=3 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl get nodes -o wide
kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'
kubectl run pod-0 --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-m"}}' -- sleep infinity
kubectl run pod-1 --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-w1"}}' -- sleep infinity
kubectl run pod-2 --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-w2"}}' -- sleep infinity
kubectl get pods -o wide
cat /run/flannel/subnet.env
kubectl get cm -n kube-system kube-flannel-cfg
ip -c route | grep 172.16.
ip -br addr
ip -d addr show flannel.1
bridge fdb show dev flannel.1
ip neigh show dev flannel.1
ping -c 1 -W 1 172.16.1.0
ping -c 1 -W 1 172.16.2.0
iptables -t filter -S | grep 172.16.0.0
iptables -t nat -S | grep 'A POSTROUTING'
#@machine k8s-w1
cat /run/flannel/subnet.env
ip link | grep -E 'flannel|cni|veth' -A1
bridge link show
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ip -c addr show eth0
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ip route
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -W 1 172.16.1.1
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -W 1 172.16.2.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ip -c neigh
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -W 1 -M do -s 1422 172.16.2.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -W 1 -M do -s 1423 172.16.2.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -W 1 192.168.100.102
ip neigh show dev flannel.1
iptables -t nat -L POSTROUTING -n -v
docker ps
lsns -t net
brctl show cni0
#@machine k8s-w2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-2)) -n ping -c 1 -W 1 172.16.1.2
ip route get 172.16.1.2
ip -s link show flannel.1
#@machine k8s-m
kubectl exec pod-1 -- route -n
kubectl exec pod-1 -- ping -c 1 -W 1 172.16.2.2
kubectl exec -it pod-2 -- sh
hostname
ip -br addr
exit
