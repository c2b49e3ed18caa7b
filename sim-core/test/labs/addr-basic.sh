# addr-basic: `ip addr add/del/show/replace` on a veth — plain, `brd +`, `label`, `/32`, `peer`, `scope`,
# the output forms (`ip a`, `-4`, `-6`, `-br`, `-o`, `show dev`, `show up`, `-c`) and every error message.
ip link add veth0 type veth peer name veth1
ip addr add 10.0.0.1/24 dev veth0
ip addr show dev veth0
ip addr add 10.0.0.1/24 dev veth0
ip addr add 10.0.0.1/25 dev veth0
ip addr add 10.0.1.1/24 brd + dev veth0
ip addr add 10.0.2.1/24 broadcast 10.0.2.127 dev veth0
ip addr add 10.0.3.1/24 dev veth0 label veth0:1
ip addr add 10.0.4.1/24 dev veth0 label eth9
ip addr add 10.0.5.1/32 dev veth0
ip addr add 10.0.6.1 dev veth0
ip addr add 10.0.7.1 peer 10.0.7.2 dev veth0
ip addr add 10.0.8.1/24 peer 10.0.8.2/24 dev veth0
ip addr add 10.0.9.1/24 dev veth0 scope link
ip addr add 10.0.10.1/24 dev veth0 scope host
ip addr add 127.0.0.2/8 dev veth0
ip addr add 10.0.11.1/24 dev veth0 valid_lft forever preferred_lft forever
ip addr add 10.0.12.1/24 dev veth0 valid_lft soon
ip -4 addr show veth0
ip link set veth0 up
ip link set veth1 up
ip a
ip -4 a
ip -6 a
ip -4 -br a
ip -br addr show veth0
ip -4 -o addr show veth0
ip -c -4 addr show dev veth0
ip addr show up
ip -4 addr show scope link
ip -4 addr show label veth0:1
ip addr show to 10.0.0.0/16
ip addr replace 10.0.0.1/24 dev veth0 brd 10.0.0.255
ip addr replace 10.0.20.1/24 dev veth0
ip -4 -o addr show veth0
ip addr del 10.0.20.1/24 dev veth0
ip addr del 10.0.20.1/24 dev veth0
ip addr del 10.0.6.1 dev veth0
ip addr del 10.0.5.1/24 dev veth0
ip addr del 10.0.3.1 dev veth0
ip addr del dev veth0
ip addr add 10.0.0.300/24 dev veth0
ip addr add 10.0.0.1/33 dev veth0
ip addr add 10.0.0.1/ dev veth0
ip addr add 10.0.0.1/24
ip addr add 10.0.0.1/24 dev nosuch
ip addr add dev veth0
ip addr add 10.0.0.1/24 dev veth0 bogus
ip addr add 10.0.0.1/24 dev veth0 scope galaxy
ip addr add 10.0.0.1/24 dev veth0 label other
ip addr add fe80::1/64 dev veth0 brd +
ip addr add 2001:db8::1/64 dev veth0
ip addr add 2001:db8::1/129 dev veth0
ip addr show dev nosuch
ip addr show veth9
ip addr sh nosuch
ip addr show dev veth0 extra
ip addr flush dev veth0 scope link
ip -4 -o addr show veth0
ip addr flush dev veth0
ip addr show veth0
ip addr flush dev nosuch
ip addr flush
