# netns-basic: `ip netns add/list/exec/identify/pids/delete`, `ip -n`, `ip -all netns exec`, the state of a new
# netns (lo DOWN, no addresses, no routes), entering with `ip netns exec X bash`, and every error message.
ip netns list
ip netns
ip netns add RED
ip netns add BLUE
ip netns add green-1
ip netns list
ip netns ls
ls /var/run/netns
ip netns add RED
ip netns add ""
ip netns add a/b
ip netns add .
ip netns add ..
ip netns add
ip netns add X Y
ip netns exec RED ip link
ip netns exec RED ip addr
ip netns exec RED ip route
ip netns exec RED ip -6 route
ip netns exec RED ping -c 1 -W 1 127.0.0.1
ip -n RED link set lo up
ip -n RED addr
ip netns exec RED ping -c 1 -W 1 127.0.0.1
ip -n RED route show table local
ip netns exec RED hostname
ip netns exec RED ip netns identify
ip netns identify
ip netns exec NOPE ip link
ip netns exec RED
ip netns exec RED nosuchcommand
ip netns exec RED false
ip -n NOPE link
ip -n RED lnk
ip -netns RED -br link
ip -all netns exec ip -br link show lo
ip netns exec RED bash
ip netns identify
ip -br link
ip netns list
exit
ip netns exec RED sleep 20 >/dev/null 2>&1 &
sleep 0.5
ip netns pids RED | wc -l
ip netns pids BLUE
ip netns pids NOPE
ip netns delete green-1
ip netns del BLUE
ip netns delete BLUE
ip netns delete
ip netns list
ip netns delete RED
ip netns list
ip netns delete NOPE
ip netns add RED
ip -n RED link
ip netns exec RED ip link add veth0 type veth peer name veth1
ip -n RED -br link
ip netns delete RED
ip netns list
ip -all netns delete
