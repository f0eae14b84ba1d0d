#!/usr/bin/env python3
"""A slow Telegram and a service killed now and then, over HTTP only (Python 3 standard library).

A local stand-in for the Bot API takes every sendMessage at once (the client has it from that moment, as with the
real Telegram) but answers only after --slow-seconds, so a SIGKILL of the service often falls while a message is on
its way. Telegram clients write through the webhook; operators answer, reply under an Idempotency-Key (sent again
while the service is down, as the console does, or, with --abandon-chance, never sent again after a lost answer) and
close. The service is killed every --kill-every seconds and started again with --start. Then the run waits until
every chat has its reply and checks:

  - every reply an operator wrote reaches its chat: the acknowledged ones, and the ones whose request was killed and
    never sent again (stored before the kill, delivered once its claim runs out: openlines.messages.retry-lease);
  - how many texts a chat got twice: the Bot API has no idempotency key, so a kill between Telegram taking a message
    and OpenLines recording it sends it again (docs/connectors.md, "exactly once in every case but one"); this is
    reported, with the kills, not counted as a failure.

Usage:
  python3 bench/telegram_kills.py --base http://localhost:8080 --admin-key KEY --seconds 180 --kill-every 25 \
      --start /path/to/start.sh --kill-pattern '[j]ars/new.jar'
Exit code 1 when a reply never reached its chat.
"""
import argparse, json, os, random, sys, threading, time, urllib.error, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "chaos"))
import telegram_outage  # noqa: E402  (its Bot API stand-in, set-up and HTTP calls)
import killer  # noqa: E402

args = None
stop = threading.Event()
lock = threading.Lock()
written = {}  # chat id -> the reply text an operator wrote (acknowledged or not)
acknowledged, abandoned = set(), set()
conversations = {}  # chat id -> its conversation
counts = {"kills": 0, "webhooks": 0, "lost_answers": 0}


class SlowBotApi(telegram_outage.FakeBotApi):
    """Takes every sendMessage that arrived, also when its caller is killed before the answer (the client has it, as
    with the real Telegram), after a pause of up to --slow-seconds."""

    def __init__(self, port, slow):
        super().__init__(port)
        self.slow = slow

    def up(self):
        super().up()
        handler = self.server.RequestHandlerClass
        take = handler.do_POST
        slow = self.slow

        def do_post_slowly(request):
            time.sleep(random.uniform(0, slow))
            try:
                take(request)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the service was killed while it waited: the message was taken all the same

        handler.do_POST = do_post_slowly


REFUSED = "refused"  # the request never reached the service
CUT = "cut"  # the service may have got it: the answer was lost


def call(api, method, path, key=None, body=None, headers=None):
    try:
        return api.call(method, path, key, body, headers)
    except urllib.error.URLError as error:
        return None, REFUSED if isinstance(error.reason, ConnectionRefusedError) else CUT
    except ConnectionRefusedError:
        return None, REFUSED
    except (ConnectionError, TimeoutError, OSError):
        return None, CUT


def patiently(api, method, path, key=None, body=None, headers=None, give_up=180):
    deadline = time.time() + give_up
    while time.time() < deadline:
        status, answer = call(api, method, path, key, body, headers)
        if status is not None and status != 503:
            return status, answer
        time.sleep(1)
    return None, None


def operator(api, key, rng):
    """Answers every offer; in each conversation held, writes one reply, then closes it."""
    while not (stop.is_set() and len(acknowledged | abandoned) >= counts["webhooks"]):
        status, inbox = call(api, "GET", "/api/operator/inbox", key)
        if status != 200:
            time.sleep(1)
            continue
        for item in inbox.get("offers", []):
            patiently(api, "POST", f"/api/conversations/{item['conversationId']}/answer", key)
        for item in inbox.get("conversations", []):
            conversation, chat = item["conversationId"], item["clientId"]
            with lock:
                replied = chat in written
            if not replied:
                reply(api, key, rng, conversation, chat)
            with lock:
                done = chat in acknowledged or chat in abandoned
            if done:
                patiently(api, "POST", f"/api/conversations/{conversation}/close", key, {},
                          {"Idempotency-Key": "close-" + conversation})
        time.sleep(0.5)


def reply(api, key, rng, conversation, chat):
    """One reply under its key; after a lost answer sent again, or (--abandon-chance) never again."""
    text = f"Reply to {chat} " + uuid.uuid4().hex[:6]
    with lock:
        written[chat] = text
        conversations[chat] = conversation
    headers = {"Idempotency-Key": "reply-" + text}
    status, why = call(api, "POST", f"/api/conversations/{conversation}/messages", key, {"text": text}, headers)
    if status is None and why == CUT:
        with lock:
            counts["lost_answers"] += 1
        if rng.random() < args.abandon_chance:
            with lock:
                abandoned.add(chat)  # the operator never sends it again
            return
    if status is None or status == 503:
        status, _ = patiently(api, "POST", f"/api/conversations/{conversation}/messages", key, {"text": text}, headers)
    if status in (201, 202):
        with lock:
            acknowledged.add(chat)
    else:
        print("reply to", chat, "answered", status, "- left", file=sys.stderr)
        with lock:
            abandoned.add(chat)


def expected_replies(api, supervisor):
    """The replies that must reach their chat: every acknowledged one, and every abandoned one the service stored (a
    request killed before the service stored it left nothing to deliver)."""
    with lock:
        expected = {chat: written[chat] for chat in acknowledged}
        maybe = [(chat, written[chat], conversations[chat]) for chat in abandoned]
    for chat, text, conversation in maybe:
        status, messages = patiently(api, "GET", f"/api/supervisor/conversations/{conversation}/messages?limit=500", supervisor)
        if status == 200 and any(m.get("text") == text for m in messages):
            expected[chat] = text
    return expected


def count_kill():
    with lock:
        counts["kills"] += 1


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--admin-key", required=True)
    p.add_argument("--seconds", type=int, default=180)
    p.add_argument("--chats-per-minute", type=float, default=20)
    p.add_argument("--operators", type=int, default=3)
    p.add_argument("--slow-seconds", type=float, default=3)
    p.add_argument("--abandon-chance", type=float, default=0.5)
    p.add_argument("--kill-every", type=float, default=25)
    p.add_argument("--start", required=True)
    p.add_argument("--kill-pattern", required=True)
    p.add_argument("--bot-api-port", type=int, default=18104)
    p.add_argument("--drain-seconds", type=int, default=300)
    args = p.parse_args()
    api = telegram_outage.Api(args.base)
    run = uuid.uuid4().hex[:6]
    bot_api = SlowBotApi(args.bot_api_port, args.slow_seconds)
    bot_api.up()
    _, connector, secret, keys = telegram_outage.setup(api, args.admin_key, run, args.operators, args.bot_api_port, "PT5M")
    status, body = api.call("POST", "/api/admin/api-keys", args.admin_key,
                            {"userId": "sup-" + run, "displayName": "Supervisor", "roles": ["SUPERVISOR"]})
    assert status in (200, 201), body
    supervisor = body["key"]
    threads = [threading.Thread(target=operator, args=(api, key, random.Random(i)), daemon=True)
               for i, key in enumerate(keys.values())]
    threads.append(killer.thread(args.kill_every, args.kill_pattern, args.start, stop, count_kill))
    for t in threads:
        t.start()
    started, n = time.time(), 0
    while time.time() - started < args.seconds:
        chat = str(8_000_000 + n)
        update = {"update_id": 20_000 + n, "message": {"message_id": 1, "date": int(time.time()),
                  "from": {"id": int(chat), "is_bot": False, "first_name": "Client", "last_name": chat},
                  "chat": {"id": int(chat), "type": "private"}, "text": "Hello from " + chat}}
        if patiently(api, "POST", f"/webhooks/telegram/{connector}", None, update,
                     {"X-Telegram-Bot-Api-Secret-Token": secret})[0] == 200:
            with lock:
                counts["webhooks"] += 1
        n += 1
        time.sleep(max(0.0, started + n * 60.0 / args.chats_per_minute - time.time()))
    stop.set()
    deadline = time.time() + args.drain_seconds
    while time.time() < deadline:
        expected = expected_replies(api, supervisor)
        with lock, bot_api.lock:
            missing = [c for c, text in expected.items() if text not in bot_api.accepted.get(c, [])]
        if len(acknowledged | abandoned) >= counts["webhooks"] and not missing:
            break
        time.sleep(5)
    time.sleep(5)  # late copies would show up now
    expected = expected_replies(api, supervisor)
    with lock, bot_api.lock:
        missing = sorted(c for c, text in expected.items() if text not in bot_api.accepted.get(c, []))
        twice = sum(len(texts) - len(set(texts)) for texts in bot_api.accepted.values())
        replies_twice = sum(1 for c, text in written.items() if bot_api.accepted.get(c, []).count(text) > 1)
    print(json.dumps({"seconds": round(time.time() - started), "chats": counts["webhooks"], "replies_written": len(written),
                      "acknowledged": len(acknowledged), "abandoned_after_a_lost_answer": len(abandoned),
                      "abandoned_and_stored": len(set(expected) - acknowledged),
                      "kills": counts["kills"], "lost_answers": counts["lost_answers"],
                      "replies_missing": len(missing), "texts_twice": twice, "replies_twice": replies_twice}))
    for chat in missing[:20]:
        print("MISSING reply to", chat, written[chat])
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
