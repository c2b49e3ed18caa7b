# TCP failures as curl and nc report them: refused (RST), timeouts (dropped SYN), unreachable routes.
#@link server:eth0 client:eth0
#@machine server
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
python3 -m http.server 80 >/dev/null 2>&1 &
ip route add blackhole 10.0.0.3/32
#@machine client
ip addr add 10.0.0.2/24 dev eth0
ip addr add 10.0.0.3/24 dev eth0
ip link set eth0 up
ip route add unreachable 10.9.0.0/16
ip route add blackhole 10.8.0.0/16
ip route add prohibit 10.7.0.0/16
curl -s -o /dev/null -w '%{http_code}\n' 10.0.0.1
curl -s 10.0.0.1:81
[ $? -eq 7 ] && echo refused
curl -sS 10.0.0.1:81
curl -v 10.0.0.1:81
curl -sS 10.9.1.1
curl -sS 10.8.1.1
curl -sS 10.7.1.1
curl -sS 10.6.1.1
curl -sS -m 2 10.0.0.99
curl -sS --connect-timeout 1 10.0.0.98
curl -sS -m 3 --interface 10.0.0.3 10.0.0.1
curl -sS --connect-timeout 2 -w '%{http_code}\n' --interface 10.0.0.3 10.0.0.1
curl -s -m 1 -o /dev/null -w '%{http_code} %{exitcode}\n' --interface 10.0.0.3 10.0.0.1
curl -sS nosuchhost
curl -sS http://nosuchhost:8080/x
curl -sS http://10.0.0.1:99999/
curl -sS ftp://10.0.0.1/
curl -sS 'http://[::1]:80/'
curl
curl -sS -m 2 -o /dev/null -w '%{http_code}\n' 10.0.0.1
curl -m 1 10.0.0.97
nc -zv 10.0.0.1 80
nc -zv 10.0.0.1 81
nc -zv -w 1 10.0.0.96 80
nc -zv 10.9.1.1 80
nc -z 10.0.0.1 79-81
echo $?
ip link set eth0 down
curl -sS 10.0.0.1
nc -zv 10.0.0.1 80
