/**
 * Debian 12's /etc/services (netbase 6.4) and /etc/protocols, built in: what getservbyport /
 * getservbyname / getprotobynumber answer for iptables (`-L` without -n prints `dpt:http`, `-p gre`).
 * Generated from the files of a Debian 12 machine; do not edit by hand.
 */
const TCP =
  "1=tcpmux 7=echo 9=discard 11=systat 13=daytime 15=netstat 17=qotd 19=chargen 20=ftp-data 21=ftp 22=ssh 23=telnet 25=smtp 37=time 43=whois 49=tacacs 53=domain 70=gopher 79=finger 80=http 88=kerberos 102=iso-tsap 104=acr-nema 106=poppassd 110=pop3 111=sunrpc 113=auth 119=nntp 135=epmap 139=netbios-ssn 143=imap2 161=snmp 162=snmp-trap 163=cmip-man 164=cmip-agent 174=mailq 179=bgp 199=smux 209=qmtp 210=z3950 345=pawserv 346=zserv 369=rpc2portmap 370=codaauth2 389=ldap 427=svrloc 443=https 444=snpp 445=microsoft-ds 464=kpasswd 465=submissions 487=saft 512=exec 513=login 514=shell 515=printer 538=gdomap 540=uucp 543=klogin 544=kshell 548=afpovertcp 554=rtsp 563=nntps 587=submission 607=nqs 628=qmqp 631=ipp 636=ldaps 646=ldp 655=tinc 706=silc 749=kerberos-adm 750=kerberos4 751=kerberos-master 754=krb-prop 775=moira-db 777=moira-update 783=spamd 853=domain-s 871=supfilesrv 873=rsync 989=ftps-data 990=ftps 992=telnets 993=imaps 995=pop3s 1080=socks 1093=proofd 1094=rootd 1099=rmiregistry 1127=supfiledbg 1178=skkserv 1194=openvpn 1236=rmtcfg 1313=xtel 1314=xtelw 1352=lotusnote 1433=ms-sql-s 1524=ingreslock 1645=datametrics 1646=sa-msg-port 1649=kermit 1677=groupwise 1812=radius 1813=radius-acct 2000=cisco-sccp 2049=nfs 2086=gnunet 2101=rtcm-sc104 2119=gsigatekeeper 2121=iprop 2135=gris 2401=cvspserver 2430=venus 2431=venus-se 2432=codasrv 2433=codasrv-se 2583=mon 2600=zebrasrv 2601=zebra 2602=ripd 2603=ripngd 2604=ospfd 2605=bgpd 2606=ospf6d 2607=ospfapi 2608=isisd 2628=dict 2792=f5-globalsite 2811=gsiftp 2947=gpsd 3050=gds-db 3205=isns 3260=iscsi-target 3306=mysql 3389=ms-wbt-server 3493=nut 3632=distcc 3689=daap 3690=svn 4031=suucp 4094=sysrqd 4190=sieve 4353=f5-iquery 4369=epmd 4373=remctl 4460=ntske 4557=fax 4559=hylafax 4691=mtn 4899=radmin-port 4949=munin 5060=sip 5061=sip-tls 5222=xmpp-client 5269=xmpp-server 5308=cfengine 5432=postgresql 5556=freeciv 5666=nrpe 5667=nsca 5671=amqps 5672=amqp 5680=canna 6000=x11 6001=x11-1 6002=x11-2 6003=x11-3 6004=x11-4 6005=x11-5 6006=x11-6 6007=x11-7 6346=gnutella-svc 6347=gnutella-rtr 6379=redis 6444=sge-qmaster 6445=sge-execd 6446=mysql-proxy 6514=syslog-tls 6566=sane-port 6667=ircd 6697=ircs-u 7000=bbs 7100=font-service 8021=zope-ftp 8080=http-alt 8081=tproxy 8088=omniorb 8140=puppet 8990=clc-build-daemon 9098=xinetd 9101=bacula-dir 9102=bacula-fd 9103=bacula-sd 9418=git 9667=xmms2 9673=zope 10000=webmin 10050=zabbix-agent 10051=zabbix-trapper 10080=amanda 10081=kamanda 10082=amandaidx 10083=amidxtape 10809=nbd 11112=dicom 11371=hkp 17004=sgi-cad 17500=db-lsp 22125=dcap 22128=gsidcap 22273=wnn6 24554=binkp 27374=asp 30865=csync2 57000=dircproxy 60177=tfido 60179=fido";
const UDP =
  "7=echo 9=discard 13=daytime 19=chargen 21=fsp 37=time 49=tacacs 53=domain 67=bootps 68=bootpc 69=tftp 88=kerberos 111=sunrpc 123=ntp 137=netbios-ns 138=netbios-dgm 161=snmp 162=snmp-trap 163=cmip-man 164=cmip-agent 177=xdmcp 213=ipx 319=ptp-event 320=ptp-general 369=rpc2portmap 370=codaauth2 371=clearcase 389=ldap 427=svrloc 443=https 464=kpasswd 500=isakmp 512=biff 513=who 514=syslog 517=talk 518=ntalk 520=route 538=gdomap 546=dhcpv6-client 547=dhcpv6-server 554=rtsp 623=asf-rmcp 636=ldaps 646=ldp 655=tinc 750=kerberos4 751=kerberos-master 752=passwd-server 779=moira-ureg 853=domain-s 1194=openvpn 1210=predict 1434=ms-sql-m 1645=datametrics 1646=sa-msg-port 1701=l2f 1812=radius 1813=radius-acct 2049=nfs 2086=gnunet 2101=rtcm-sc104 2102=zephyr-srv 2103=zephyr-clt 2104=zephyr-hm 2430=venus 2431=venus-se 2432=codasrv 2433=codasrv-se 2583=mon 3130=icpv2 3205=isns 3493=nut 4500=ipsec-nat-t 4569=iax 5060=sip 5061=sip-tls 5353=mdns 5555=rplay 6346=gnutella-svc 6347=gnutella-rtr 6696=babel 7000=afs3-fileserver 7001=afs3-callback 7002=afs3-prserver 7003=afs3-vlserver 7004=afs3-kaserver 7005=afs3-volser 7007=afs3-bos 7008=afs3-update 7009=afs3-rmtsys 17001=sgi-cmsd 17002=sgi-crsd 17003=sgi-gcd 27374=asp";
/** name=port/proto for every service name and alias (getservbyname). */
const NAMES =
  "tcpmux=1/tcp echo=7/tcp echo=7/udp discard=9/tcp sink=9/tcp null=9/tcp discard=9/udp sink=9/udp null=9/udp systat=11/tcp users=11/tcp daytime=13/tcp daytime=13/udp netstat=15/tcp qotd=17/tcp quote=17/tcp chargen=19/tcp ttytst=19/tcp source=19/tcp chargen=19/udp ttytst=19/udp source=19/udp ftp-data=20/tcp ftp=21/tcp fsp=21/udp fspd=21/udp ssh=22/tcp telnet=23/tcp smtp=25/tcp mail=25/tcp time=37/tcp timserver=37/tcp time=37/udp timserver=37/udp whois=43/tcp nicname=43/tcp tacacs=49/tcp tacacs=49/udp domain=53/tcp domain=53/udp bootps=67/udp bootpc=68/udp tftp=69/udp gopher=70/tcp finger=79/tcp http=80/tcp www=80/tcp kerberos=88/tcp kerberos5=88/tcp krb5=88/tcp kerberos-sec=88/tcp kerberos=88/udp kerberos5=88/udp krb5=88/udp kerberos-sec=88/udp iso-tsap=102/tcp tsap=102/tcp acr-nema=104/tcp dicom=104/tcp pop3=110/tcp pop-3=110/tcp sunrpc=111/tcp portmapper=111/tcp sunrpc=111/udp portmapper=111/udp auth=113/tcp authentication=113/tcp tap=113/tcp ident=113/tcp nntp=119/tcp readnews=119/tcp untp=119/tcp ntp=123/udp epmap=135/tcp loc-srv=135/tcp netbios-ns=137/udp netbios-dgm=138/udp netbios-ssn=139/tcp imap2=143/tcp imap=143/tcp snmp=161/tcp snmp=161/udp snmp-trap=162/tcp snmptrap=162/tcp snmp-trap=162/udp snmptrap=162/udp cmip-man=163/tcp cmip-man=163/udp cmip-agent=164/tcp cmip-agent=164/udp mailq=174/tcp xdmcp=177/udp bgp=179/tcp smux=199/tcp qmtp=209/tcp z3950=210/tcp wais=210/tcp ipx=213/udp ptp-event=319/udp ptp-general=320/udp pawserv=345/tcp zserv=346/tcp rpc2portmap=369/tcp rpc2portmap=369/udp codaauth2=370/tcp codaauth2=370/udp clearcase=371/udp Clearcase=371/udp ldap=389/tcp ldap=389/udp svrloc=427/tcp svrloc=427/udp https=443/tcp https=443/udp snpp=444/tcp microsoft-ds=445/tcp kpasswd=464/tcp kpasswd=464/udp submissions=465/tcp ssmtp=465/tcp smtps=465/tcp urd=465/tcp saft=487/tcp isakmp=500/udp rtsp=554/tcp rtsp=554/udp nqs=607/tcp asf-rmcp=623/udp qmqp=628/tcp ipp=631/tcp ldp=646/tcp ldp=646/udp exec=512/tcp biff=512/udp comsat=512/udp login=513/tcp who=513/udp whod=513/udp shell=514/tcp cmd=514/tcp syslog=514/tcp syslog=514/udp printer=515/tcp spooler=515/tcp talk=517/udp ntalk=518/udp route=520/udp router=520/udp routed=520/udp gdomap=538/tcp gdomap=538/udp uucp=540/tcp uucpd=540/tcp klogin=543/tcp kshell=544/tcp krcmd=544/tcp dhcpv6-client=546/udp dhcpv6-server=547/udp afpovertcp=548/tcp nntps=563/tcp snntp=563/tcp submission=587/tcp ldaps=636/tcp ldaps=636/udp tinc=655/tcp tinc=655/udp silc=706/tcp kerberos-adm=749/tcp domain-s=853/tcp domain-s=853/udp rsync=873/tcp ftps-data=989/tcp ftps=990/tcp telnets=992/tcp imaps=993/tcp pop3s=995/tcp socks=1080/tcp proofd=1093/tcp rootd=1094/tcp openvpn=1194/tcp openvpn=1194/udp rmiregistry=1099/tcp lotusnote=1352/tcp lotusnotes=1352/tcp ms-sql-s=1433/tcp ms-sql-m=1434/udp ingreslock=1524/tcp datametrics=1645/tcp old-radius=1645/tcp datametrics=1645/udp old-radius=1645/udp sa-msg-port=1646/tcp old-radacct=1646/tcp sa-msg-port=1646/udp old-radacct=1646/udp kermit=1649/tcp groupwise=1677/tcp l2f=1701/udp l2tp=1701/udp radius=1812/tcp radius=1812/udp radius-acct=1813/tcp radacct=1813/tcp radius-acct=1813/udp radacct=1813/udp cisco-sccp=2000/tcp nfs=2049/tcp nfs=2049/udp gnunet=2086/tcp gnunet=2086/udp rtcm-sc104=2101/tcp rtcm-sc104=2101/udp gsigatekeeper=2119/tcp gris=2135/tcp cvspserver=2401/tcp venus=2430/tcp venus=2430/udp venus-se=2431/tcp venus-se=2431/udp codasrv=2432/tcp codasrv=2432/udp codasrv-se=2433/tcp codasrv-se=2433/udp mon=2583/tcp mon=2583/udp dict=2628/tcp f5-globalsite=2792/tcp gsiftp=2811/tcp gpsd=2947/tcp gds-db=3050/tcp gds_db=3050/tcp icpv2=3130/udp icp=3130/udp isns=3205/tcp isns=3205/udp iscsi-target=3260/tcp mysql=3306/tcp ms-wbt-server=3389/tcp nut=3493/tcp nut=3493/udp distcc=3632/tcp daap=3689/tcp svn=3690/tcp subversion=3690/tcp suucp=4031/tcp sysrqd=4094/tcp sieve=4190/tcp epmd=4369/tcp remctl=4373/tcp f5-iquery=4353/tcp ntske=4460/tcp ipsec-nat-t=4500/udp iax=4569/udp mtn=4691/tcp radmin-port=4899/tcp sip=5060/tcp sip=5060/udp sip-tls=5061/tcp sip-tls=5061/udp xmpp-client=5222/tcp jabber-client=5222/tcp xmpp-server=5269/tcp jabber-server=5269/tcp cfengine=5308/tcp mdns=5353/udp postgresql=5432/tcp postgres=5432/tcp freeciv=5556/tcp rptp=5556/tcp amqps=5671/tcp amqp=5672/tcp x11=6000/tcp x11-0=6000/tcp x11-1=6001/tcp x11-2=6002/tcp x11-3=6003/tcp x11-4=6004/tcp x11-5=6005/tcp x11-6=6006/tcp x11-7=6007/tcp gnutella-svc=6346/tcp gnutella-svc=6346/udp gnutella-rtr=6347/tcp gnutella-rtr=6347/udp redis=6379/tcp sge-qmaster=6444/tcp sge_qmaster=6444/tcp sge-execd=6445/tcp sge_execd=6445/tcp mysql-proxy=6446/tcp babel=6696/udp ircs-u=6697/tcp bbs=7000/tcp afs3-fileserver=7000/udp afs3-callback=7001/udp afs3-prserver=7002/udp afs3-vlserver=7003/udp afs3-kaserver=7004/udp afs3-volser=7005/udp afs3-bos=7007/udp afs3-update=7008/udp afs3-rmtsys=7009/udp font-service=7100/tcp xfs=7100/tcp http-alt=8080/tcp webcache=8080/tcp puppet=8140/tcp bacula-dir=9101/tcp bacula-fd=9102/tcp bacula-sd=9103/tcp xmms2=9667/tcp nbd=10809/tcp zabbix-agent=10050/tcp zabbix-trapper=10051/tcp amanda=10080/tcp dicom=11112/tcp hkp=11371/tcp db-lsp=17500/tcp dcap=22125/tcp gsidcap=22128/tcp wnn6=22273/tcp kerberos4=750/udp kerberos-iv=750/udp kdc=750/udp kerberos4=750/tcp kerberos-iv=750/tcp kdc=750/tcp kerberos-master=751/udp kerberos_master=751/udp kerberos-master=751/tcp passwd-server=752/udp passwd_server=752/udp krb-prop=754/tcp krb_prop=754/tcp krb5_prop=754/tcp hprop=754/tcp zephyr-srv=2102/udp zephyr-clt=2103/udp zephyr-hm=2104/udp iprop=2121/tcp supfilesrv=871/tcp supfiledbg=1127/tcp poppassd=106/tcp moira-db=775/tcp moira_db=775/tcp moira-update=777/tcp moira_update=777/tcp moira-ureg=779/udp moira_ureg=779/udp spamd=783/tcp skkserv=1178/tcp predict=1210/udp rmtcfg=1236/tcp xtel=1313/tcp xtelw=1314/tcp zebrasrv=2600/tcp zebra=2601/tcp ripd=2602/tcp ripngd=2603/tcp ospfd=2604/tcp bgpd=2605/tcp ospf6d=2606/tcp ospfapi=2607/tcp isisd=2608/tcp fax=4557/tcp hylafax=4559/tcp munin=4949/tcp lrrd=4949/tcp rplay=5555/udp nrpe=5666/tcp nsca=5667/tcp canna=5680/tcp syslog-tls=6514/tcp sane-port=6566/tcp sane=6566/tcp saned=6566/tcp ircd=6667/tcp zope-ftp=8021/tcp tproxy=8081/tcp omniorb=8088/tcp clc-build-daemon=8990/tcp xinetd=9098/tcp git=9418/tcp zope=9673/tcp webmin=10000/tcp kamanda=10081/tcp amandaidx=10082/tcp amidxtape=10083/tcp sgi-cmsd=17001/udp sgi-crsd=17002/udp sgi-gcd=17003/udp sgi-cad=17004/tcp binkp=24554/tcp asp=27374/tcp asp=27374/udp csync2=30865/tcp dircproxy=57000/tcp tfido=60177/tcp fido=60179/tcp";
/** name=number[,alias…] (getprotobyname / getprotobynumber). */
const PROTOS =
  "ip=0,IP hopopt=0,HOPOPT icmp=1,ICMP igmp=2,IGMP ggp=3,GGP ipencap=4,IP-ENCAP st=5,ST tcp=6,TCP egp=8,EGP igp=9,IGP pup=12,PUP udp=17,UDP hmp=20,HMP xns-idp=22,XNS-IDP rdp=27,RDP iso-tp4=29,ISO-TP4 dccp=33,DCCP xtp=36,XTP ddp=37,DDP idpr-cmtp=38,IDPR-CMTP ipv6=41,IPv6 ipv6-route=43,IPv6-Route ipv6-frag=44,IPv6-Frag idrp=45,IDRP rsvp=46,RSVP gre=47,GRE esp=50,IPSEC-ESP ah=51,IPSEC-AH skip=57,SKIP ipv6-icmp=58,IPv6-ICMP ipv6-nonxt=59,IPv6-NoNxt ipv6-opts=60,IPv6-Opts rspf=73,RSPF,CPHB vmtp=81,VMTP eigrp=88,EIGRP ospf=89,OSPFIGP ax.25=93,AX.25 ipip=94,IPIP etherip=97,ETHERIP encap=98,ENCAP pim=103,PIM ipcomp=108,IPCOMP vrrp=112,VRRP l2tp=115,L2TP isis=124,ISIS sctp=132,SCTP fc=133,FC mobility-header=135,Mobility-Header udplite=136,UDPLite mpls-in-ip=137,MPLS-in-IP manet=138 hip=139,HIP shim6=140,Shim6 wesp=141,WESP rohc=142,ROHC ethernet=143,Ethernet mptcp=262,MPTCP";

function table(s: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const kv of s.split(" ")) {
    const i = kv.indexOf("=");
    m.set(Number(kv.slice(0, i)), kv.slice(i + 1));
  }
  return m;
}
const tcpByPort = table(TCP);
const udpByPort = table(UDP);
const byName = new Map<string, { tcp?: number; udp?: number }>();
for (const kv of NAMES.split(" ")) {
  const [name, pp] = kv.split("=");
  const [port, proto] = pp.split("/");
  const e = byName.get(name) ?? {};
  if (proto === "tcp" && e.tcp === undefined) e.tcp = Number(port);
  if (proto === "udp" && e.udp === undefined) e.udp = Number(port);
  byName.set(name, e);
}
const protoByNum = new Map<number, string>();
const protoByName = new Map<string, number>();
for (const kv of PROTOS.split(" ")) {
  const [name, rest] = kv.split("=");
  const [num, ...aliases] = rest.split(",");
  const n = Number(num);
  if (!protoByNum.has(n)) protoByNum.set(n, name);
  protoByName.set(name, n);
  for (const a of aliases) protoByName.set(a, n);
}

/** getservbyport(port, proto): the service name, or undefined. */
export function serviceName(port: number, proto: "tcp" | "udp" | string): string | undefined {
  if (proto === "tcp") return tcpByPort.get(port);
  if (proto === "udp") return udpByPort.get(port);
  return undefined;
}

/** getservbyname(name, proto): the port, or undefined. */
export function servicePort(name: string, proto: string | null): number | undefined {
  const e = byName.get(name);
  if (!e) return undefined;
  if (proto === "tcp") return e.tcp;
  if (proto === "udp") return e.udp;
  return e.tcp ?? e.udp;
}

/** getprotobynumber(n)->p_name, or undefined. */
export function protocolName(n: number): string | undefined {
  return protoByNum.get(n);
}

/** getprotobyname(name)->p_proto, or undefined. */
export function protocolNumber(name: string): number | undefined {
  return protoByName.get(name);
}
