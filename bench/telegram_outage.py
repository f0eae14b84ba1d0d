#!/usr/bin/env python3
"""Telegram Bot API outage against the running application, over HTTP only.

A local stand-in for the Bot API (it does not listen while "down": connection refused) is set as a
Telegram connector's apiBaseUrl. While it is down, clients write through the Telegram webhook at a
steady rate, operators (polling their inbox through the operator API) answer, reply and close every
conversation. Then the Bot API comes back and the script waits until every chat has received what was
written to it. It checks, per chat: consent notice, greeting, the operator's reply, closing text and
rating request each arrive exactly once and in that order.

Usage (the application must already run; see bench/README.md):
  python3 bench/telegram_outage.py --base http://127.0.0.1:8103 --admin-key KEY \
      --outage-seconds 600 --conversations-per-minute 6
"""
import argparse
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TEXTS = ["We store this chat.", "Hello! An operator will be with you shortly."]
CLOSING = ["Thank you for contacting us.", "How did we do?"]


class FakeBotApi:
    """Answers sendMessage like Telegram while up; while down, the port is closed."""

    def __init__(self, port):
        self.port = port
        self.accepted = {}  # chat id -> texts in the order accepted
        self.lock = threading.Lock()
        self.server = None
        self.next_id = 1000

    def up(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def read_body(self):
                if "chunked" not in self.headers.get("Transfer-Encoding", ""):
                    return self.rfile.read(int(self.headers.get("Content-Length", 0)))
                data = b""
                while True:
                    size = int(self.rfile.readline().strip().split(b";")[0], 16)
                    if size == 0:
                        self.rfile.readline()
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()

            def do_POST(self):
                body = json.loads(self.read_body() or b"{}")
                with api.lock:
                    api.next_id += 1
                    api.accepted.setdefault(str(body.get("chat_id")), []).append(body.get("text"))
                    message_id = api.next_id
                answer = json.dumps({"ok": True, "result": {"message_id": message_id, "date": int(time.time()),
                                                            "chat": {"id": int(body.get("chat_id")), "type": "private"}}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


class Api:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, key=None, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if key:
            request.add_header("Authorization", "Bearer " + key)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
                return response.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, (json.loads(raw) if raw else None)


def setup(api, admin, run, operators, bot_api_port, idle):
    channel = "outage-" + run
    keys = {}
    for i in range(operators):
        operator_id = f"{run}-op{i}"
        api.call("POST", "/api/admin/operators", admin, {"id": operator_id, "name": operator_id})
        status, key = api.call("POST", "/api/admin/api-keys", admin,
                               {"userId": operator_id, "displayName": operator_id, "roles": ["OPERATOR"], "operatorId": operator_id})
        assert status in (200, 201), key
        keys[operator_id] = key["key"]
    status, body = api.call("POST", "/api/admin/channels", admin, {
        "id": channel, "name": channel, "timeZone": "UTC",
        "queue": {"entries": [{"kind": "OPERATOR", "id": op} for op in keys], "mode": "EVENLY", "idleTime": idle,
                  "chatLimit": 50, "limitExclusion": "CLOSED", "checkAvailability": True},
        "crm": {"leadCreation": "OFF", "routeToResponsible": False, "changeResponsibleOnTransfer": False},
        "closing": {"ratingWait": "PT0S", "closeOnRating": True}})
    assert status in (200, 201), body
    status, body = api.call("PUT", f"/api/channels/{channel}/lifecycle-settings", admin, {"automaticActions": {
        "consentNotice": TEXTS[0], "greeting": TEXTS[1], "closingText": CLOSING[0], "ratingRequest": CLOSING[1]}})
    assert status in (200, 201), body
    secret = "bench-secret-" + run
    status, connector = api.call("POST", f"/api/admin/channels/{channel}/connectors", admin, {
        "id": "tg-" + run, "type": "telegram",
        "telegram": {"botToken": "1234567:bench-" + run, "webhookSecret": secret, "apiBaseUrl": f"http://127.0.0.1:{bot_api_port}"}})
    assert status in (200, 201), connector
    for key in keys.values():
        api.call("PUT", "/api/operators/me/presence", key, {"presence": "ONLINE"})
    return channel, connector["id"], secret, keys


class Operator(threading.Thread):
    """Answers every offer, replies once and closes, through the operator API."""

    def __init__(self, api, key, stats, stop):
        super().__init__(daemon=True)
        self.api, self.key, self.stats, self.stop = api, key, stats, stop

    def run(self):
        while not self.stop.is_set():
            status, inbox = self.api.call("GET", "/api/operator/inbox", self.key)
            for offer in (inbox or {}).get("offers", []) if status == 200 else []:
                conversation = offer["conversationId"]
                if self.api.call("POST", f"/api/conversations/{conversation}/answer", self.key)[0] >= 300:
                    continue  # another operator's offer meanwhile, or already answered
                reply = f"Reply to {offer['clientId']}"
                status, message = self.api.call("POST", f"/api/conversations/{conversation}/messages", self.key, {"text": reply})
                close = self.api.call("POST", f"/api/conversations/{conversation}/close", self.key)[0]
                with self.stats["lock"]:
                    self.stats["answered"][offer["clientId"]] = (status, (message or {}).get("delivery"), close, time.time())
            self.stop.wait(1.0)


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--base", default="http://127.0.0.1:8103")
    args.add_argument("--admin-key", required=True)
    args.add_argument("--outage-seconds", type=int, default=600)
    args.add_argument("--conversations-per-minute", type=float, default=6)
    args.add_argument("--operators", type=int, default=3)
    args.add_argument("--bot-api-port", type=int, default=18103)
    args.add_argument("--idle", default="PT5M")
    args.add_argument("--drain-timeout-seconds", type=int, default=600)
    a = args.parse_args()
    api = Api(a.base)
    run = uuid.uuid4().hex[:6]
    bot_api = FakeBotApi(a.bot_api_port)
    channel, connector, secret, keys = setup(api, a.admin_key, run, a.operators, a.bot_api_port, a.idle)
    stats = {"lock": threading.Lock(), "answered": {}}
    stop = threading.Event()
    for key in keys.values():
        Operator(api, key, stats, stop).start()

    print(f"run {run}: channel {channel}, Bot API down for {a.outage_seconds} s, "
          f"{a.conversations_per_minute}/min conversations, {a.operators} operators")
    started = time.time()
    chats = []
    interval = 60.0 / a.conversations_per_minute
    n = 0
    while time.time() - started < a.outage_seconds:
        chat = str(7_000_000 + n)
        update = {"update_id": 10_000 + n, "message": {"message_id": 1, "date": int(time.time()),
                  "from": {"id": int(chat), "is_bot": False, "first_name": "Client", "last_name": chat},
                  "chat": {"id": int(chat), "type": "private"}, "text": "Hello from " + chat}}
        status, _ = api.call("POST", f"/webhooks/telegram/{connector}", None, update,
                             {"X-Telegram-Bot-Api-Secret-Token": secret})
        assert status == 200, status
        chats.append(chat)
        n += 1
        time.sleep(max(0.0, started + n * interval - time.time()))
    # Every conversation was handled while the Bot API was down?
    deadline = time.time() + 120
    while time.time() < deadline and len(stats["answered"]) < len(chats):
        time.sleep(1)
    answered_while_down = len(stats["answered"])
    reply_statuses = sorted({f"{s}/{d}" for s, d, _, _ in stats["answered"].values()})
    delivered_during_outage = sum(len(v) for v in bot_api.accepted.values())

    back = time.time()
    bot_api.up()
    expected = {chat: TEXTS + [f"Reply to {chat}"] + CLOSING for chat in chats}
    while time.time() - back < a.drain_timeout_seconds:
        with bot_api.lock:
            if all(len(bot_api.accepted.get(chat, [])) >= len(expected[chat]) for chat in chats):
                break
        time.sleep(1)
    drained = time.time() - back
    time.sleep(5)  # late duplicates would show up now
    stop.set()
    with bot_api.lock:
        exact = sum(1 for chat in chats if bot_api.accepted.get(chat) == expected[chat])
        duplicates = sum(max(0, len(bot_api.accepted.get(chat, [])) - len(set(bot_api.accepted.get(chat, [])))) for chat in chats)
        missing = sum(len(set(expected[chat]) - set(bot_api.accepted.get(chat, []))) for chat in chats)
    bot_api.down()
    print(json.dumps({
        "conversations": len(chats),
        "answered_replied_closed_while_down": answered_while_down,
        "reply_answers": reply_statuses,
        "texts_delivered_during_outage": delivered_during_outage,
        "texts_expected_after_back": sum(len(v) for v in expected.values()),
        "chats_with_every_text_once_in_order": exact,
        "duplicate_texts": duplicates,
        "missing_texts": missing,
        "seconds_from_back_to_all_delivered": round(drained, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
