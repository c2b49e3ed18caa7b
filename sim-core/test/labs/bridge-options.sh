# ip link … type bridge options: VLAN options on a kernel without VLAN filtering, the IGMP/MLD
# snooping settings and their checks (jiffies at HZ=250, clamped query intervals), group_address,
# nf_call_iptables sending bridged traffic through iptables with the sysctl at 0
#@machine m1
ip link add br0 type bridge
ip link add br0 type bridge
ip link set br0 type bridge stp_state 1
ip -d link show br0 | grep -o 'stp_state [0-9]'
ip link set br0 type bridge ageing_time 1000
ip link set br0 type bridge forward_delay 100
ip link set br0 type bridge forward_delay 1
ip link set br0 type bridge vlan_filtering 1
bridge vlan show
ip link set br0 type bridge vlan_filtering 0
ip link add v1 type veth peer name v1p
ip link set v1 master br0
bridge link show
bridge link set dev v1 cost 50
bridge link set dev v1 priority 70
bridge link set dev v1 guard on
bridge -d link show dev v1
bridge fdb show br br0 | grep -v 33:33 | grep -v 01:00
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb add 02:00:00:00:00:01 dev v1 master static
bridge fdb show dev v1 | grep -v 33:33 | grep -v 01:00
bridge fdb del 02:00:00:00:00:01 dev v1 master
bridge fdb del 02:00:00:00:00:01 dev v1 master
bridge fdb add zz dev v1
ip link set v1 nomaster
ip link set v1 nomaster
ip link del br0
ip link show type bridge
brctl show
#@machine m2
ip link add br1 type bridge vlan_filtering 0
ip link show br1
ip link add br0 type bridge
ip link set br0 type bridge forward_delay 500 vlan_filtering 1 hello_time 300
ip -d link show br0 | grep -o 'forward_delay [0-9]* hello_time [0-9]*'
ip link set br0 type bridge vlan_default_pvid 1
ip link set br0 type bridge vlan_protocol 802.1ad
ip link set br0 type bridge vlan_stats_enabled 1
ip link set br0 type bridge vlan_stats_per_port 1
ip link set br0 type bridge mcast_vlan_snooping 1
ip -d link show br0 | grep -o 'vlan_filtering [0-9]* vlan_protocol [^ ]*'
#@machine m3
ip link add br0 type bridge
ip link set br0 type bridge mcast_vlan_snooping 1 nf_call_iptables 1
ip -d link show br0 | grep -o 'nf_call_iptables [0-9]'
ip link set br0 type bridge mcast_vlan_snooping 0 no_linklocal_learn 1 nf_call_arptables 1 nf_call_ip6tables 1
ip -d link show br0 | grep -o 'no_linklocal_learn [0-9]\|nf_call_[a-z0-9]* [0-9]'
ip link set br0 type bridge mcast_query_interval 50
ip link set br0 type bridge mcast_startup_query_interval 10
ip link set br0 type bridge mcast_query_interval 9000000000
ip link set br0 type bridge mcast_startup_query_interval 9000000000
ip -d link show br0 | grep -o 'mcast_query_interval [0-9]*\|mcast_startup_query_interval [0-9]*'
ip link set br0 type bridge mcast_query_interval 3000 mcast_last_member_interval 55 mcast_membership_interval 999 mcast_querier_interval 777 mcast_query_response_interval 333 mcast_startup_query_interval 444
ip -d link show br0 | grep -o 'mcast_[a-z_]*interval [0-9]*'
ip link set br0 type bridge mcast_router 3
ip link set br0 type bridge mcast_router 2 mcast_querier 1 mcast_query_use_ifaddr 1 mcast_stats_enabled 1 mcast_hash_max 512 mcast_hash_elasticity 4 mcast_last_member_count 5 mcast_startup_query_count 6
ip -d link show br0 | grep -o 'mcast_router [0-9]*\|mcast_querier [0-9]*\|mcast_query_use_ifaddr [0-9]*\|mcast_stats_enabled [0-9]*\|mcast_hash_[a-z]* [0-9]*\|mcast_[a-z_]*count [0-9]*'
ip link set br0 type bridge mcast_igmp_version 1
ip link set br0 type bridge mcast_igmp_version 3 mcast_mld_version 3
ip link set br0 type bridge mcast_mld_version 2
ip -d link show br0 | grep -o 'mcast_igmp_version [0-9]*\|mcast_mld_version [0-9]*'
ip link set br0 type bridge group_address 01:80:c2:00:00:01
ip link set br0 type bridge group_address 01:80:c2:00:00:03
ip link set br0 type bridge group_address 01:80:c2:00:00:10
ip link set br0 type bridge group_address 02:80:c2:00:00:0e
ip link set br0 type bridge group_address zz
ip link set br0 type bridge group_address 01:80:c2:00:00:0e
ip -d link show br0 | grep -o 'group_address [0-9a-f:]*'
ip link set br0 type bridge mcast_router 256
ip link set br0 type bridge mcast_hash_max -1
ip link set br0 type bridge mcast_query_interval -1
ip link set br0 type bridge vlan_protocol 802.1x
ip link set br0 type bridge vlan_default_pvid 70000
ip link set br0 type bridge mcast_snooping 0
ip -j -d link show br0 | grep -o '"mcast_snooping":[0-9]*'
ip link set br0 type bridge mcast_s 1
ip link set br0 type bridge nf 1
ip link set br0 type bridge mcast_q 1
ip link add br9 type bridge nf_call_iptables 1 mcast_router 7
ip link show br9
#@machine m4
ip netns add a
ip netns add b
ip link add br0 type bridge
ip link set br0 up
ip link add va type veth peer name eth0 netns a
ip link add vb type veth peer name eth0 netns b
ip link set va master br0
ip link set vb master br0
ip link set va up
ip link set vb up
ip -n a addr add 10.9.0.1/24 dev eth0
ip -n b addr add 10.9.0.2/24 dev eth0
ip -n a link set eth0 up
ip -n b link set eth0 up
sysctl -w net.bridge.bridge-nf-call-iptables=0
iptables -P FORWARD DROP
ip netns exec a ping -c1 -W1 10.9.0.2
ip link set br0 type bridge nf_call_iptables 1
ip netns exec a ping -c1 -W1 10.9.0.2
iptables -L FORWARD -v -n -x
ip link set br0 type bridge nf_call_iptables 0
ip netns exec a ping -c1 -W1 10.9.0.2
iptables -L FORWARD -v -n -x
