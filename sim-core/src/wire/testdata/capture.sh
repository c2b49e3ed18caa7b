#!/bin/bash
# Re-records the golden captures in this folder from the real kernel, inside a throw-away sandbox:
# a private network + mount namespace (unshare -n -m) holding its own named namespaces and veth
# pairs. Nothing is sent from, or configured in, the machine's own network namespace.
#
#   apt-get install -y iproute2 iputils-ping tcpdump ethtool netcat-openbsd python3
#   sudo bash capture.sh OUTDIR        # writes OUTDIR/{veth-pair,router,vxlan}.pcap
#
# TX checksum offload is turned off on every veth: otherwise tcpdump sees the partial checksums
# of CHECKSUM_PARTIAL skbs (Wireshark's "incorrect, should be …" on veth captures).
# IDs, timestamps, TCP sequence numbers, VXLAN source ports and DAD nonces differ on every run;
# the test files embed the frames of one run as hex (golden.ts), so re-recording means updating it.
set -euo pipefail
OUT=$(realpath "${1:?usage: capture.sh OUTDIR}")
if [ "${HOPSCOPE_SANDBOX:-}" != 1 ]; then
  exec env HOPSCOPE_SANDBOX=1 unshare -n -m --propagation private bash "$0" "$OUT"
fi
mount -t tmpfs none /run
mkdir -p /run/netns
ip link set lo up

cap() { # cap NS IFACE FILE: start tcpdump, wait until it listens
  ip netns exec "$1" tcpdump -i "$2" -w "$3" -U 2>"$3.log" &
  for _ in $(seq 50); do grep -q listening "$3.log" 2>/dev/null && break; sleep 0.1; done
}
stop() { kill "$1"; wait "$1" 2>/dev/null || true; rm -f "$2.log"; }
nooffload() { ip netns exec "$1" ethtool -K "$2" tx off >/dev/null; }

# 1. veth-pair.pcap: a ↔ b. IPv6 DAD/MLD/RS as the link comes up, ARP, ping (plain, fragmented,
#    record route), ping -6, UDP to a closed port (small and 1024 bytes), TCP with nc, TCP RST.
ip netns add a; ip netns add b
A="ip netns exec a"; B="ip netns exec b"
ip link add va netns a type veth peer name vb netns b
$A ip link set va address be:f9:cc:dd:06:17; $B ip link set vb address 02:00:00:00:00:02
$A ip link set lo up; $B ip link set lo up
nooffload a va; nooffload b vb
$A ip addr add 10.0.0.1/24 dev va; $B ip addr add 10.0.0.2/24 dev vb
$A ip link set va up
cap a va "$OUT/veth-pair.pcap"; TD=$!
$B ip link set vb up
sleep 3
$A ping -c 1 10.0.0.2 >/dev/null
$A ping -c 1 -s 2000 10.0.0.2 >/dev/null
$A ping -c 1 -R 10.0.0.2 >/dev/null
$A ping -6 -c 1 fe80::ff:fe00:2%va >/dev/null
$A python3 - <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 40000))
s.sendto(b"hello\n", ("10.0.0.2", 9999))
time.sleep(0.3)
s.sendto(bytes(range(256)) * 4, ("10.0.0.2", 9999))
PY
sleep 0.5
$B bash -c 'nc -l 8080 >/dev/null' &
sleep 0.5
$A bash -c 'printf "hello\n" | nc -N -p 40001 10.0.0.2 8080'
sleep 0.5
$A nc -z -p 40002 10.0.0.2 8081 || true
sleep 1
stop $TD "$OUT/veth-pair.pcap"
ip netns del a; ip netns del b

# 2. router.pcap: a — r — b, r forwarding, r–b link at mtu 1400. Frag needed, time exceeded,
#    a forwarded echo reply (ip_decrease_ttl checksum).
for n in a r b; do ip netns add $n; ip netns exec $n ip link set lo up; done
R="ip netns exec r"
ip link add va netns a type veth peer name ra netns r
ip link add vb netns b type veth peer name rb netns r
$A ip link set va address 02:00:00:00:00:0a; $R ip link set ra address 02:00:00:00:01:0a
$R ip link set rb address 02:00:00:00:01:0b; $B ip link set vb address 02:00:00:00:00:0b
for x in "a va" "r ra" "r rb" "b vb"; do
  set -- $x; nooffload $1 $2; ip netns exec $1 sysctl -qw net.ipv6.conf.$2.disable_ipv6=1
done
$A ip addr add 10.0.1.1/24 dev va; $R ip addr add 10.0.1.254/24 dev ra
$R ip addr add 10.0.2.254/24 dev rb; $B ip addr add 10.0.2.1/24 dev vb
$R ip link set rb mtu 1400; $B ip link set vb mtu 1400
$R sysctl -qw net.ipv4.ip_forward=1
$A ip link set va up; $R ip link set rb up; $B ip link set vb up
$A ip route add default via 10.0.1.254; $B ip route add default via 10.0.2.254
cap a va "$OUT/router.pcap"; TD=$!
$R ip link set ra up
sleep 1
$A ping -c 1 -M do -s 1400 10.0.2.1 >/dev/null || true
$A ping -c 1 -t 1 10.0.2.1 >/dev/null || true
$A ping -c 1 10.0.2.1 >/dev/null
sleep 1
stop $TD "$OUT/router.pcap"
for n in a r b; do ip netns del $n; done

# 3. vxlan.pcap: the underlay between two "nodes": a flannel.1-style VXLAN (VNI 1, port 8472,
#    static neighbour + FDB entries, /32 address, onlink route) and a plain one (VNI 42, port 4789).
for n in a b; do ip netns add $n; ip netns exec $n ip link set lo up; done
ip link add eth0 netns a type veth peer name eth0 netns b
$A ip link set eth0 address 02:00:00:00:00:01; $B ip link set eth0 address 02:00:00:00:00:02
for n in a b; do
  nooffload $n eth0
  ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
$A ip addr add 192.168.56.11/24 dev eth0; $B ip addr add 192.168.56.12/24 dev eth0
$A ip link set eth0 up
$A ip link add flannel.1 type vxlan id 1 local 192.168.56.11 dev eth0 dstport 8472 nolearning
$B ip link add flannel.1 type vxlan id 1 local 192.168.56.12 dev eth0 dstport 8472 nolearning
$A ip link add vx42 type vxlan id 42 remote 192.168.56.12 local 192.168.56.11 dev eth0 dstport 4789
$B ip link add vx42 type vxlan id 42 remote 192.168.56.11 local 192.168.56.12 dev eth0 dstport 4789
$A ip link set flannel.1 address 0a:00:00:00:00:01; $B ip link set flannel.1 address 0a:00:00:00:00:02
$A ip link set vx42 address 0e:00:00:00:00:01; $B ip link set vx42 address 0e:00:00:00:00:02
$A ip addr add 10.244.0.0/32 dev flannel.1; $B ip addr add 10.244.1.0/32 dev flannel.1
$A ip addr add 10.42.0.1/24 dev vx42; $B ip addr add 10.42.0.2/24 dev vx42
for n in a b; do ip netns exec $n ip link set flannel.1 up; ip netns exec $n ip link set vx42 up; done
$A ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
$B ip route add 10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
$A ip neigh add 10.244.1.0 lladdr 0a:00:00:00:00:02 dev flannel.1 nud permanent
$B ip neigh add 10.244.0.0 lladdr 0a:00:00:00:00:01 dev flannel.1 nud permanent
$A bridge fdb add 0a:00:00:00:00:02 dev flannel.1 dst 192.168.56.12
$B bridge fdb add 0a:00:00:00:00:01 dev flannel.1 dst 192.168.56.11
cap a eth0 "$OUT/vxlan.pcap"; TD=$!
$B ip link set eth0 up
sleep 1
$A ping -c 1 -I 10.244.0.0 10.244.1.0 >/dev/null
$A ping -c 1 10.42.0.2 >/dev/null
sleep 1
stop $TD "$OUT/vxlan.pcap"
for n in a b; do ip netns del $n; done
echo "wrote $OUT/veth-pair.pcap $OUT/router.pcap $OUT/vxlan.pcap"
