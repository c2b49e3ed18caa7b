# A three-node Kubernetes v1.23 cluster with flannel's vxlan backend and the CNI bridge plugin, as in
# the study notes: a pod on each worker, pod-1 → pod-2 across nodes (ttl=62), then on k8s-w1 what
# kubelet and flanneld built — the pod's pause container, cni0, flannel.1 and its routes, neighbours
# and FDB entries — and the MTU limit of 1450 seen from the pod. Simulator only: the real-kernel
# oracle has no Kubernetes (flannel-vxlan.sh wires the same nodes by hand).
#@cluster demo nodes=3 pod-network=172.16.0.0/16
#@machine k8s-m
kubectl get nodes -o wide
kubectl run pod-1 --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-w1"}}' -- sleep infinity
kubectl run pod-2 --image=nicolaka/netshoot --overrides='{"spec":{"nodeName":"k8s-w2"}}' -- sleep infinity
kubectl get pods -o wide
kubectl exec pod-1 -- ping -c 1 172.16.2.2
#@machine k8s-w1
docker ps --format '{{.Names}}' | grep pod-1
cat /run/flannel/subnet.env
ip -br addr
ip -d link show flannel.1
ip route
ip neigh show dev flannel.1
bridge fdb show dev flannel.1
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ip route
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -M do -s 1422 172.16.2.2
nsenter -t $(docker inspect -f '{{.State.Pid}}' $(docker ps -q -f name=k8s_POD_pod-1)) -n ping -c 1 -M do -s 1423 172.16.2.2
