# bridge-stp: kernel STP (stp_state 1) between two bridges in two namespaces joined by two veth
# pairs (a loop): root election by priority (A 4096 wins, then B 0 takes over), root/designated/
# blocking ports, listening → learning → forwarding with forward_delay 2 s, the TC flag, a link
# failure healed by the blocked port, the bridge and port STP fields of `ip -d link`, `bridge link`
# and `brctl showstp`. Fixed MACs make the bridge ids stable; IPv6 is off (no autoconf traffic).
ip netns add A
ip netns add B
ip -n A link add br0 type bridge
ip -n B link add br0 type bridge
ip link add a1 netns A address 02:00:00:00:00:a1 type veth peer name b1 netns B address 02:00:00:00:00:b1
ip link add a2 netns A address 02:00:00:00:00:a2 type veth peer name b2 netns B address 02:00:00:00:00:b2
ip netns exec A sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec B sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n A link set a1 master br0
ip -n A link set a2 master br0
ip -n B link set b1 master br0
ip -n B link set b2 master br0
ip -n A -d link show br0 | grep -o 'bridge_id [^ ]* designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]*'
ip -n A link set br0 type bridge forward_delay 200 hello_time 100 priority 4096 stp_state 1
ip -n B link set br0 type bridge forward_delay 200 hello_time 100 stp_state 1
ip -n A -d link show br0 | grep -o 'forward_delay [0-9]* hello_time [0-9]* max_age [0-9]* ageing_time [0-9]* stp_state [0-9]* priority [0-9]*'
ip -n A link set br0 up
ip -n A link set a1 up
ip -n A link set a2 up
ip -n B link set br0 up
ip -n B link set b1 up
ip -n B link set b2 up
bridge -n A link
bridge -n B link
ip -n B -d link show br0 | grep -o 'bridge_id [^ ]* designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]* topology_change [0-9]* topology_change_detected [0-9]*'
ip -n B -d link show b1 | grep -o 'state [a-z]* priority [0-9]* cost [0-9]* .*port_id [^ ]* port_no [^ ]* designated_port [0-9]* designated_cost [0-9]* designated_bridge [^ ]* designated_root [^ ]*'
ip -n B -d link show b2 | grep -o 'state [a-z]* priority [0-9]* cost [0-9]* .*port_id [^ ]* port_no [^ ]* designated_port [0-9]* designated_cost [0-9]* designated_bridge [^ ]* designated_root [^ ]*'
sleep 2
bridge -n A link
bridge -n B link
sleep 2
bridge -n A link
bridge -n B link
ip -n A -d link show br0 | grep -o 'designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]* topology_change [0-9]* topology_change_detected [0-9]*'
ip -n B -d link show br0 | grep -o 'designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]* topology_change [0-9]* topology_change_detected [0-9]*'
ip -n B -d link show b2 | grep -o 'state [a-z]* .*designated_port [0-9]* designated_cost [0-9]* designated_bridge [^ ]* designated_root [^ ]*'
ip -n A link show br0
ip -n B link show br0
ip netns exec B brctl show
ip -n B link set br0 type bridge priority 0
sleep 1
bridge -n A link
bridge -n B link
ip -n A -d link show br0 | grep -o 'designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]*'
sleep 4
bridge -n A link
bridge -n B link
ip -n A link set a1 down
bridge -n A link
bridge -n B link
sleep 5
bridge -n A link
bridge -n B link
ip -n A -d link show br0 | grep -o 'designated_root [^ ]* root_port [0-9]* root_path_cost [0-9]*'
ip -n A link set br0 type bridge forward_delay 100
ip -n A link set br0 type bridge hello_time 20
ip -n A link set br0 type bridge max_age 100
ip -n A link set br0 type bridge stp_state 0
ip -n A link set br0 type bridge forward_delay 100
ip -n A -d link show br0 | grep -o 'forward_delay [0-9]* hello_time [0-9]* max_age [0-9]* ageing_time [0-9]* stp_state [0-9]*'
bridge -n A link
