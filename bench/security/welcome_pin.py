# Issue 11, finding 1, as an attacker would try it: a transcript at the size cap, then N connections
# that resume it (last_seq 0) and never read, then ask for page after page without reading.
# Prints the server's RSS and /healthz latency. Usage (a server of your own on 127.0.0.1):
#   duet-server --demo --data /tmp/pin --port 8455 & python3 bench/security/welcome_pin.py 8455 $! 45
import json, os, socket, struct, sys, time, base64, urllib.request
PORT = int(sys.argv[1]); PID = int(sys.argv[2]); N = int(sys.argv[3]) if len(sys.argv) > 3 else 45
ORIGIN = f"http://127.0.0.1:{PORT}"

def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1])

def connect():
    s = socket.create_connection(("127.0.0.1", PORT))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws/customer HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {ORIGIN}\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf: buf += s.recv(4096)
    return s, buf.split(b"\r\n\r\n", 1)[1]

def send(s, obj):
    data = json.dumps(obj).encode(); mask = os.urandom(4)
    n = len(data)
    hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
    s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

def frames(s, rest=b""):
    buf = rest
    while True:
        while len(buf) < 2: buf += s.recv(65536)
        n = buf[1] & 0x7f; off = 2
        if n == 126:
            while len(buf) < 4: buf += s.recv(65536)
            n = struct.unpack(">H", buf[2:4])[0]; off = 4
        elif n == 127:
            while len(buf) < 10: buf += s.recv(65536)
            n = struct.unpack(">Q", buf[2:10])[0]; off = 10
        while len(buf) < off + n: buf += s.recv(65536)
        op = buf[0] & 0x0f; payload = buf[off:off + n]; buf = buf[off + n:]
        if op == 8: raise SystemExit(f"closed by the server: {payload[:2].hex()} {payload[2:]!r}")
        if op == 1: yield payload

def healthz_ms():
    t = time.time(); urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=30).read(); return (time.time() - t) * 1000

s, rest = connect(); it = frames(s, rest)
send(s, {"v": 1, "type": "hello", "site": "demo", "locale": "en"})
w = json.loads(next(it)); resume = w["resume"]
text = "x" * 3990
sent = refused = 0
for i in range(200):
    time.sleep(0.21)  # within the per-connection rate (5/s)
    send(s, {"v": 1, "type": "say", "cid": f"m{i}", "text": f"{i} {text}"})
    while True:
        m = json.loads(next(it))
        if m.get("type") == "ack" and m["cid"] == f"m{i}": sent += 1; break
        if m.get("type") == "error" and m.get("cid") == f"m{i}":
            if m["code"] == "conversation_full": refused = 1
            break
        if m.get("type") == "error" and m["code"] == "rate_limited": time.sleep(0.3); send(s, {"v": 1, "type": "say", "cid": f"m{i}", "text": f"{i} {text}"})
    if refused: break
print(f"transcript: {sent} messages of 4 KB stored, then conversation_full={bool(refused)}")
time.sleep(1)
before = rss_kb(PID); h0 = healthz_ms()
idle = []
for i in range(N):
    c, _ = connect(); send(c, {"v": 1, "type": "hello", "site": "demo", "resume": resume, "last_seq": 0}); idle.append(c)
time.sleep(3)
after = rss_kb(PID); h1 = healthz_ms()
print(f"{N} resumes that never read: RSS {before/1024:.1f} -> {after/1024:.1f} MB (+{(after-before)/1024:.1f} MB); /healthz {h0:.0f} ms -> {h1:.0f} ms")
# The same connections now ask for page after page and still never read.
for c in idle:
    for k in range(40): send(c, {"v": 1, "type": "replay", "after": 0})
time.sleep(3)
peak = rss_kb(PID); h2 = healthz_ms()
closed = 0
for c in idle:
    c.settimeout(0.2)
    try:
        while c.recv(1 << 20): pass
        closed += 1
    except Exception: pass
print(f"then 40 replay requests each, unread: RSS {peak/1024:.1f} MB; /healthz {h2:.0f} ms; {closed}/{N} closed by the server")
