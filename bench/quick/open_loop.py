#!/usr/bin/env python3
"""Quick open-loop driver (throughput engineer's, until the harness bench lands): sets up one EVENLY
channel with N online operators and a live-chat connector, then starts visitor chats at a fixed rate
(POST /livechat/{connector}/chats + POST /livechat/messages) and reports HTTP latencies and status
codes, plus time to offer read from the service's own histogram on /actuator/prometheus.

usage: open_loop.py BASE ADMIN_KEY RATE SECONDS [OPERATORS]
"""
import http.client, json, sys, threading, time, urllib.parse, uuid, queue, collections

base, admin, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
operators = int(sys.argv[5]) if len(sys.argv) > 5 else 200
u = urllib.parse.urlparse(base)
local = threading.local()

def call(method, path, body=None, headers=None):
    if not hasattr(local, "c"):
        local.c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    for attempt in range(2):
        try:
            local.c.request(method, path, json.dumps(body) if body is not None else None, h)
            r = local.c.getresponse()
            data = r.read()
            return r.status, data
        except (http.client.HTTPException, OSError):
            local.c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    raise RuntimeError("no answer")

auth = {"Authorization": "Bearer " + admin}
run = uuid.uuid4().hex[:6]
channel = "bench-" + run
ops = ["op-%s-%d" % (run, i) for i in range(operators)]
for o in ops:
    s, d = call("POST", "/api/admin/operators", {"id": o, "name": o}, auth); assert s < 300, d
s, d = call("POST", "/api/admin/channels", {"id": channel, "name": "Bench", "timeZone": "UTC",
    "queue": {"entries": [{"kind": "OPERATOR", "id": o} for o in ops], "mode": "EVENLY", "idleTime": "PT10M",
              "chatLimit": 100, "limitExclusion": "CLOSED", "checkAvailability": True}}, auth); assert s < 300, d
s, d = call("POST", "/api/admin/channels/%s/connectors" % channel, {"id": "chat-" + run, "type": "livechat",
    "liveChat": {"consentRequired": False},
    # all visitors come from this one address: the per-address abuse limits are raised for the bench
    "rateLimits": {"chatStartsPerMinutePerAddress": 100000, "messagesPerMinutePerAddress": 100000,
                   "messagesPerMinutePerSession": 100000, "maxWaitingConversations": 100000}}, auth); assert s < 300, d
for o in ops:
    s, d = call("POST", "/api/admin/api-keys", {"userId": o, "displayName": o, "roles": ["OPERATOR"], "operatorId": o}, auth); assert s < 300, d
    key = json.loads(d)["key"]
    s, d = call("PUT", "/api/operators/me/presence", {"presence": "ONLINE"}, {"Authorization": "Bearer " + key}); assert s < 300, d

def histogram():
    s, d = call("GET", "/actuator/prometheus")
    buckets, count, total = {}, 0, 0.0
    for row in d.decode().splitlines():
        if row.startswith("openlines_conversation_time_to_offer_seconds_bucket"):
            le = row.split('le="')[1].split('"')[0]
            buckets[float("inf") if le == "+Inf" else float(le)] = float(row.rsplit(" ", 1)[1])
        elif row.startswith("openlines_conversation_time_to_offer_seconds_count"):
            count = float(row.rsplit(" ", 1)[1])
        elif row.startswith("openlines_outbox_depth "):
            total = float(row.rsplit(" ", 1)[1])
    return buckets, count, total

def quantile(before, after, q):
    les = sorted(after)
    n = after[float("inf")] - before.get(float("inf"), 0)
    if n <= 0:
        return None
    for le in les:
        if after[le] - before.get(le, 0) >= q * n:
            return le
    return None

lat = collections.defaultdict(list)
codes = collections.Counter()
lock = threading.Lock()
work = queue.Queue()

def visitor():
    t0 = time.time()
    s, d = call("POST", "/livechat/chat-%s/chats" % run, {"name": "V"})
    if s != 201:
        with lock: codes["start %d" % s] += 1
        return
    token = json.loads(d)["token"]
    t1 = time.time()
    s, d = call("POST", "/livechat/messages", {"clientMessageId": "m1", "text": "Hello"}, {"X-LiveChat-Token": token})
    t2 = time.time()
    with lock:
        codes["message %d" % s] += 1
        lat["start"].append(t1 - t0); lat["message"].append(t2 - t1)

def worker():
    while True:
        job = work.get()
        if job is None: return
        try: visitor()
        except Exception as e:
            with lock: codes["error " + type(e).__name__] += 1

threads = [threading.Thread(target=worker, daemon=True) for _ in range(64)]
for t in threads: t.start()
before, c0, _ = histogram()
start = time.time(); n = 0; late = 0
while time.time() - start < seconds:
    due = start + n / rate
    now = time.time()
    if due > now: time.sleep(due - now)
    elif now - due > 0.5: late += 1
    work.put(1); n += 1
sent_for = time.time() - start
for _ in threads: work.put(None)
for t in threads: t.join()
done = time.time() - start
deadline = time.time() + 120
while True:
    after, c1, depth = histogram()
    if c1 - c0 >= codes.get("message 202", 0) or time.time() > deadline: break
    time.sleep(1)
drained = time.time() - start
def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else None
print("rate %.0f/s for %.0f s: %d visitors (%d scheduled late), HTTP done after %.1f s, offers counted after %.1f s" % (rate, sent_for, n, late, done, drained))
print("codes", dict(codes))
for k in ("start", "message"):
    print("%s POST p50 %.0f ms p99 %.0f ms max %.0f ms" % (k, pct(lat[k], .5) * 1000, pct(lat[k], .99) * 1000, max(lat[k]) * 1000))
print("offered %d of %d accepted; time to offer (histogram bucket upper bounds) p50 <= %s s, p99 <= %s s" % (
    c1 - c0, codes.get("message 202", 0), quantile(before, after, .5), quantile(before, after, .99)))
