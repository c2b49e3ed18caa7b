# link-show: every way to list links — `ip l`, `ip link show dev X`, `show type`, `show master`, `show up`,
# `-br`, `-o`, `-c`, `-d` for lo/veth/bridge/bridge port/vxlan, `-s`/`-s -s` (on lo and down devices only:
# their counters are deterministic), abbreviations and the error for each wrong form.
ip link add veth0 type veth peer name veth1
ip link add br0 type bridge
ip link add vxlan0 type vxlan id 42 dstport 4789
ip link set veth0 master br0
ip link set veth1 up
ip l
ip link show dev veth1
ip link show veth1
ip link list veth1
ip link ls veth1
ip li sh veth1
ip link show nosuch
ip link show dev
ip link show veth0 veth1
ip link show type veth
ip link show type bridge
ip link show type vxlan
ip link show type bridge_slave
ip link show type nosuch
ip link show master br0
ip link show master nosuch
ip link show up
ip link show down
ip -br link
ip -br link show veth0
ip -brief l
ip -o link
ip -oneline link show lo
ip -c link show veth1
ip -c -br link
ip -br -c link show up
ip -d link show lo
ip -d link show veth1
ip -d link show veth0
ip -d link show br0
ip -d link show vxlan0
ip -d -br link
ip -d -o link show veth1
ip -s link show veth0
ip -s -s link show veth0
ip -s link show br0
ping -c 2 -i 0.2 127.0.0.1 > /dev/null
ip -s link show lo
ip -s -s link show lo
ip -s -br link show lo
ip -stats link show lo
ip link show lo extra
ip link sho lo
ip link shw lo
ip lnk
ip -x link
ip link help 2>&1 | head -3
ip -h link show lo
ip -4 link show lo
ip -6 -br link show lo
