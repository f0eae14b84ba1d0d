#!/usr/bin/env python3
"""Flood bench of the public live-chat surface (loopback only, bounded in time).

Drives a running OpenLines over HTTP: one address (127.0.0.2) starts chats, sends messages and opens
event streams (dropping each at once) as fast as N threads can, while real visitors at other addresses
(127.0.1.x) start a chat, write, and we measure the time until the operator's inbox shows the offer.
Compares that offer time quiet vs under the flood, and records answers by status, the service's RSS
(before, peak, after), the store file size, its file descriptors and the connections on its HTTP port.

The attacker runs in a process of its own at normal priority (its own interpreter lock, so it does not
slow the measuring visitor's Python thread); run this script with `chrt -r 1` to give the service and
the measurement the machine first, as they would have it with the attacker on another machine.

    python3 bench/flood/flood.py --base http://127.0.0.1:8106 --admin-key KEY --pid PID --store data/store.mv.db
"""
import argparse, http.client, json, multiprocessing, os, subprocess, threading, time, uuid, statistics
from urllib.parse import urlparse


def request(base, method, path, body=None, headers=None, source="127.0.0.1"):
    u = urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60, source_address=(source, 0))
    try:
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
        r = conn.getresponse()
        data = r.read()
        return r.status, (json.loads(data) if data and data[:1] in (b"{", b"[") else None)
    finally:
        conn.close()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return -1


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def http_connections(port):
    """Established connections on the service's HTTP port (the flood's sockets; the store's and engine's are internal)."""
    out = subprocess.run(["ss", "-Htan", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True).stdout
    return len([line for line in out.splitlines() if line.strip()])


def setup(base, admin):
    a = {"Authorization": "Bearer " + admin}
    run = uuid.uuid4().hex[:6]
    op, channel, connector = f"flood-op-{run}", f"flood-{run}", f"flood-chat-{run}"
    assert request(base, "POST", "/api/admin/operators", {"id": op, "name": "Olga"}, a)[0] == 201
    status, _ = request(base, "POST", "/api/admin/channels", {"id": channel, "name": "Flood", "timeZone": "UTC",
        "queue": {"entries": [{"kind": "OPERATOR", "id": op}], "mode": "STRICT", "idleTime": "PT10M",
                  "chatLimit": 1000, "limitExclusion": "CLOSED", "checkAvailability": True},
        "closing": {"ratingWait": "PT10M", "closeOnRating": True}}, a)
    assert status in (200, 201), status
    status, _ = request(base, "POST", f"/api/admin/channels/{channel}/connectors",
                        {"id": connector, "type": "livechat", "liveChat": {"consentRequired": False}}, a)
    assert status in (200, 201), status
    status, key = request(base, "POST", "/api/admin/api-keys",
                          {"userId": op, "displayName": "Olga", "roles": ["OPERATOR"], "operatorId": op}, a)
    assert status in (200, 201), status
    okey = {"Authorization": "Bearer " + key["key"]}
    assert request(base, "PUT", "/api/operators/me/presence", {"presence": "ONLINE"}, okey)[0] == 200
    return connector, okey


def visitor_offer_time(base, connector, okey, source, timeout):
    t0 = time.monotonic()
    status, chat = request(base, "POST", f"/livechat/{connector}/chats", {"name": "Real visitor"}, source=source)
    if status != 201:
        return None, f"start {status}"
    status, acc = request(base, "POST", "/livechat/messages", {"clientMessageId": uuid.uuid4().hex, "text": "Hello, I need help"},
                          {"X-LiveChat-Token": chat["token"]}, source=source)
    if status != 202:
        return None, f"message {status}"
    conv = acc["conversationId"]
    while time.monotonic() - t0 < timeout:
        status, inbox = request(base, "GET", "/api/operator/inbox", headers=okey)
        if status == 200 and any(o.get("conversationId") == conv for o in inbox.get("offers", [])):
            return time.monotonic() - t0, "offered"
        time.sleep(0.05)
    return None, "not offered"


def flood(base, connector, source, starts, messages, streams, threads, deadline):
    counts, tokens, lock = {}, [], threading.Lock()

    def count(kind, status):
        with lock:
            counts[f"{kind} {status}"] = counts.get(f"{kind} {status}", 0) + 1

    def starter(n):
        for _ in range(n):
            if time.monotonic() > deadline:
                return
            status, body = request(base, "POST", f"/livechat/{connector}/chats", {}, source=source)
            count("start", status)
            if status == 201:
                with lock:
                    tokens.append(body["token"])

    def sender(n):
        for i in range(n):
            if time.monotonic() > deadline or not tokens:
                return
            token = tokens[i % len(tokens)]
            status, _ = request(base, "POST", "/livechat/messages", {"clientMessageId": uuid.uuid4().hex, "text": "spam"},
                                {"X-LiveChat-Token": token}, source=source)
            count("message", status)

    def streamer(n):
        u = urlparse(base)
        for i in range(n):
            if time.monotonic() > deadline or not tokens:
                return
            token = tokens[i % len(tokens)]
            status, body = request(base, "POST", "/livechat/stream-tickets", {}, {"X-LiveChat-Token": token}, source=source)
            count("stream-ticket", status)
            if status not in (200, 201):
                continue
            # Open the stream, read its first bytes, then drop the connection as a closed browser tab does.
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30, source_address=(source, 0))
            try:
                conn.request("GET", "/livechat/events?ticket=" + body["ticket"], headers={"Accept": "text/event-stream"})
                r = conn.getresponse()
                count("stream", r.status)
                if r.status == 200:
                    r.fp.read1(64)
            except (OSError, http.client.HTTPException):
                count("stream", "error")
            finally:
                conn.close()

    for work, total in ((starter, starts), (sender, messages), (streamer, streams)):
        ts = [threading.Thread(target=work, args=(total // threads,)) for _ in range(threads)]
        [t.start() for t in ts]
        [t.join() for t in ts]
    return counts


def flood_process(base, connector, source, starts, messages, streams, threads, deadline, results):
    """The attacker, in a process of its own (its own interpreter lock) at normal priority, as another machine would be."""
    try:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    except (AttributeError, PermissionError):
        pass
    results.update(flood(base, connector, source, starts, messages, streams, threads, deadline))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base", required=True)
    p.add_argument("--admin-key", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--starts", type=int, default=10000)
    p.add_argument("--messages", type=int, default=10000)
    p.add_argument("--streams", type=int, default=2000)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--seconds", type=int, default=240, help="the flood stops after this, finished or not")
    p.add_argument("--samples", type=int, default=5)
    a = p.parse_args()
    connector, okey = setup(a.base, a.admin_key)
    port = urlparse(a.base).port
    store0, rss0, fd0, conn0 = os.path.getsize(a.store), rss_mb(a.pid), fds(a.pid), http_connections(port)
    # Each real visitor comes from an address of its own (127.0.1.x), as real visitors do.
    visitors = (f"127.0.1.{i % 250 + 1}" for i in range(10**6))
    quiet = [visitor_offer_time(a.base, connector, okey, next(visitors), 120) for _ in range(a.samples)]
    print("quiet offer times:", quiet, flush=True)
    t0 = time.monotonic()
    manager = multiprocessing.Manager()
    result = manager.dict()
    attacker = multiprocessing.Process(target=flood_process, args=(a.base, connector, "127.0.0.2", a.starts, a.messages,
                                                                    a.streams, a.threads, t0 + a.seconds, result))
    attacker.start()
    loaded, peak_rss = [], rss0
    while attacker.is_alive() and len(loaded) < a.samples * 4:
        loaded.append(visitor_offer_time(a.base, connector, okey, next(visitors), 120))
        peak_rss = max(peak_rss, rss_mb(a.pid))
        time.sleep(1)  # real visitors spread over the flood, not a flood of their own
    while attacker.is_alive():
        peak_rss = max(peak_rss, rss_mb(a.pid))
        time.sleep(1)
    attacker.join()
    elapsed = time.monotonic() - t0
    rss_end, conn_end = rss_mb(a.pid), http_connections(port)
    time.sleep(60)
    store1, rss1, fd1, conn1 = os.path.getsize(a.store), rss_mb(a.pid), fds(a.pid), http_connections(port)
    q = [t for t, _ in quiet if t is not None]
    l = [t for t, _ in loaded if t is not None]
    print(json.dumps({
        "flood_seconds": round(elapsed, 1),
        "quiet_offer_s": {"n": len(q), "median": round(statistics.median(q), 3) if q else None, "max": round(max(q), 3) if q else None},
        "flood_offer_s": {"n": len(l), "of": len(loaded), "median": round(statistics.median(l), 3) if l else None,
                          "max": round(max(l), 3) if l else None, "failures": [s for t, s in loaded if t is None]},
        "answers": dict(result),
        "rss_mb_before_peak_after60s": [round(rss0), round(peak_rss), round(rss1)], "store_bytes": [store0, store1],
        "fds_before_after60s": [fd0, fd1], "http_connections_before_end_after60s": [conn0, conn_end, conn1],
    }, indent=1))


if __name__ == "__main__":
    main()
