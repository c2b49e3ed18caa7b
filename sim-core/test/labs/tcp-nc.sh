# OpenBSD netcat over TCP: listeners, port scans, data both ways, and ss showing the sockets.
#@link a:eth0 b:eth0
#@machine a
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nc -l -p 5000 >/run/got.txt 2>&1 &
nc -l 5001 >/run/got1.txt </dev/null 2>&1 &
nc -lk 5002 >/run/gotk.txt 2>&1 &
nc -l 127.0.0.1 5003 >/dev/null 2>&1 &
nc -l -p 5004 -s 10.0.0.1 >/dev/null 2>&1 &
ss -tln | sort
ss -tlnp | sed 's/pid=[0-9]*/pid=N/' | sort
python3 -m http.server 5002
nc -zv 127.0.0.1 5003
nc -zv 10.0.0.1 5003
#@machine b
ip addr add 10.0.0.2/24 dev eth0
ip link set eth0 up
echo 'hello over tcp' | nc -N 10.0.0.1 5000
echo one | nc -N 10.0.0.1 5001
echo k1 | nc -N 10.0.0.1 5002
echo k2 | nc -N 10.0.0.1 5002
nc -zv 10.0.0.1 5000-5004
nc -zv 10.0.0.1 22 80 443 5004
nc -z 10.0.0.1 5004 && echo open
nc -vz 10.0.0.1 http
nc -v -w 1 10.0.0.1 5005
nc -w 1 -p 40000 10.0.0.1 5002 </dev/null
nc
nc -l
nc -z 10.0.0.1
nc -zv 10.0.0.1 70000
nc -x
#@machine a
cat /run/got.txt
cat /run/got1.txt
cat /run/gotk.txt
ss -tln
ss -tan | grep -c TIME-WAIT
ss -tn state time-wait | wc -l
