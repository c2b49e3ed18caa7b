# link-mtu: MTU defaults and limits per device type — veth/bridge 68..65535, lo, vxlan with and
# without `dev` (lower MTU - 50), a bridge following its smallest port until the user sets its MTU,
# MTU < 68 removing IPv4 from lo, MTU < 1280 removing IPv6, and the error strings.
ip link add veth0 type veth peer name veth1
ip link add veth2 mtu 9000 type veth peer name veth3
ip link add veth4 type veth peer name veth5 mtu 1400
ip -br link show type veth
ip link show veth2
ip link show veth3
ip link show veth5
ip link set veth0 mtu 67
ip link set veth0 mtu 65536
ip link set veth0 mtu 0
ip link set veth0 mtu 99999999999
ip link set veth0 mtu 1500.5
ip link set veth0 mtu
ip link add br0 type bridge
ip link show br0
ip link set veth0 master br0
ip link set veth2 master br0
ip link show br0
ip link set veth4 master br0
ip link show br0
ip link set veth4 nomaster
ip link show br0
ip link set veth0 mtu 1450
ip link show br0
ip link set br0 mtu 1300
ip link show br0
ip link set veth4 master br0
ip link show br0
ip link set veth0 mtu 1000
ip link show br0
ip link set br0 mtu 67
ip link set br0 mtu 65536
ip link add vxlan0 type vxlan id 1 dstport 4789
ip link show vxlan0
ip link set veth1 mtu 1600
ip link add vxlan1 type vxlan id 2 dstport 4789 dev veth1
ip link show vxlan1
ip link set vxlan1 mtu 1550
ip link set vxlan1 mtu 1551
ip link set veth1 mtu 1200
ip link show vxlan1
ip link add vxlan2 mtu 9000 type vxlan id 3 dstport 4789 dev veth1
ip link show vxlan2
ip link set vxlan0 mtu 65535
ip link set vxlan0 mtu 65536
ip addr add 10.9.9.9/24 dev veth1
ip link set veth1 up
ip link set veth0 up
ip -br addr show veth1
ip link set lo mtu 60
ip -br addr show lo
ip link set lo mtu 65536
ip -br addr show lo
ip link set veth1 mtu 1500
ip -br addr show veth1
ip link set veth1 mtu 1279
ip -br addr show veth1
ip -br addr show veth0
