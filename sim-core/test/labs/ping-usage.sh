# ping-usage: iputils ping option parsing: the exact text and exit status of every usage error
# (no host, bad counts, sizes, ttl, intervals, timeouts, unknown options, bad interface, bad host).
#@lan lan1 H:eth0 T:eth0
#@machine T
ip link set eth0 up
ip addr add 10.0.0.2/24 dev eth0
#@machine H
ip link set eth0 up
ip addr add 10.0.0.1/24 dev eth0
ping
ping -c 0 10.0.0.2
ping -c x 10.0.0.2
ping -c -1 10.0.0.2
ping -c 9223372036854775808 10.0.0.2
ping -c
ping -s -1 10.0.0.2
ping -s x 10.0.0.2
ping -c 2 -s 65508 10.0.0.2
ping -c 1 -W 1 -s 70000 10.0.0.2
ping -c 1 -s 2147483648 10.0.0.2
ping -t 0 -c 1 10.0.0.2
ping -t 256 -c 1 10.0.0.2
ping -t x -c 1 10.0.0.2
ping -i x -c 1 10.0.0.2
ping -i -1 -c 1 10.0.0.2
ping -W x -c 1 10.0.0.2
ping -W -1 -c 1 10.0.0.2
ping -w x 10.0.0.2
ping -w 0 -c 1 10.0.0.2
ping -Q 300 -c 1 10.0.0.2
ping --foo 10.0.0.2
ping -I eth9 -c 1 10.0.0.2
ping -I 10.0.0.99 -c 1 10.0.0.2
ping 10.0.0.256
ping 1.2.3.4.5
ping -c 1 300
ping -c 1 0x0a000002
ping -c 1 10.2
ping -c 1 167772162
ping 10.0.0.2 10.0.0.3
ping -V
ping -c 1 -W 1 0.0.0.0
ping -c 1 -W 1 0
