# bridge-stp-off: what a bridge with STP off does with the bridge group address 01:80:c2:00:00:00:
# it forwards BPDUs like any multicast, so two STP bridges joined through it (A—X—B, plus a direct
# A—B cable: a loop) still see each other and block one port; once X runs STP itself it consumes
# them and takes part. Also group_fwd_mask's restricted bits.
ip netns add A
ip netns add X
ip netns add B
ip -n A link add br0 type bridge
ip -n X link add br0 type bridge
ip -n B link add br0 type bridge
ip link add a1 netns A address 02:00:00:00:00:a1 type veth peer name x1 netns X address 02:00:00:00:00:c1
ip link add b1 netns B address 02:00:00:00:00:b1 type veth peer name x2 netns X address 02:00:00:00:00:c2
ip link add a2 netns A address 02:00:00:00:00:a2 type veth peer name b2 netns B address 02:00:00:00:00:b2
ip netns exec A sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec X sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec B sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n A link set a1 master br0
ip -n A link set a2 master br0
ip -n X link set x1 master br0
ip -n X link set x2 master br0
ip -n B link set b1 master br0
ip -n B link set b2 master br0
ip -n A link set br0 type bridge forward_delay 200 hello_time 100 priority 4096 stp_state 1
ip -n B link set br0 type bridge forward_delay 200 hello_time 100 stp_state 1
ip -n X link set br0 type bridge forward_delay 200 hello_time 100
ip -n X link set br0 type bridge group_fwd_mask 1
ip -n X link set br0 type bridge group_fwd_mask 8
ip -n X -d link show br0 | grep -o 'group_fwd_mask [^ ]*'
ip -n X link set br0 up
ip -n X link set x1 up
ip -n X link set x2 up
ip -n A link set br0 up
ip -n A link set a1 up
ip -n A link set a2 up
ip -n B link set br0 up
ip -n B link set b1 up
ip -n B link set b2 up
sleep 5
bridge -n A link
bridge -n X link
bridge -n B link
ip -n B -d link show br0 | grep -o 'root_port [0-9]* root_path_cost [0-9]*'
ip -n B -d link show b1 | grep -o 'state [a-z]* .*designated_port [0-9]* designated_cost [0-9]* designated_bridge [^ ]* designated_root [^ ]*'
ip -n B -d link show b2 | grep -o 'state [a-z]* .*designated_port [0-9]* designated_cost [0-9]* designated_bridge [^ ]* designated_root [^ ]*'
ip -n X link set br0 type bridge stp_state 1
sleep 1
bridge -n X link
ip -n X -d link show br0 | grep -o 'root_port [0-9]* root_path_cost [0-9]*'
sleep 6
bridge -n A link
bridge -n X link
bridge -n B link
ip -n B -d link show br0 | grep -o 'root_port [0-9]* root_path_cost [0-9]*'
