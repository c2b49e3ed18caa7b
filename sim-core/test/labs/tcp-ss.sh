# ss: listening and established TCP sockets, UDP sockets, processes, filters, /proc/net/tcp.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
ss -tln
ss -t
ss -uln
python3 -m http.server 8000 >/dev/null 2>&1 &
nc -l -p 9000 >/dev/null 2>&1 &
nc -u -l -p 5353 >/dev/null 2>&1 &
nc -l 10.0.0.1 9001 >/dev/null 2>&1 &
ss -tln | sort
ss -ltn sport = :9001
ss -tl sport = :8000
ss -tlnp | sed 's/pid=[0-9]*/pid=N/' | sort
ss -tlnp sport = :8000 | sed 's/pid=[0-9]*/pid=N/'
ss -uln
ss -ulnp | sed 's/pid=[0-9]*/pid=N/'
ss -tuln | sort
ss -lntu4 '( sport = :5353 or sport = :8000 )'
ss -tan | sort
ss -ta sport = :9000
ss -lt4n src 10.0.0.1
ss -tln sport = :8000
ss -tln '( sport = :8000 or sport = :9000 )' | sort
cat /proc/net/tcp | grep -c ' 0A '
cat /proc/net/tcp | grep ':2328 ' | cut -c7-80
cat /proc/net/udp | cut -c7-60
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
nc -p 40000 10.0.0.1 9000 >/dev/null 2>&1 &
ss -tn
ss -tan
ss -tnp | sed 's/pid=[0-9]*/pid=N/'
#@machine a
ss -tn
ss -tan | sort
ss -tnp | sed 's/pid=[0-9]*/pid=N/'
ss -tn state established
ss -o -tn | sed 's/keepalive,[^)]*/K/'
