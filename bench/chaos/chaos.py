#!/usr/bin/env python3
"""Chaos run of the core path on a running OpenLines, through its HTTP API only (Python 3 standard library).

Visitors keep writing on a live-chat channel while operators work their inbox as a person would (answer an
offer, reply to the client, close what they saw, now and then transfer to a colleague, take a colleague's chat over
or mark a chat as spam),
and the service is killed with SIGKILL and started again every few seconds. Then the visitors stop, the operators work on until
nothing is left, and the run checks what a contact center promises:

  - every client message the service acknowledged (202) is in the conversation it was acknowledged for,
    exactly once;
  - every operator reply the service acknowledged (201/202) is in its conversation exactly once, also when it was
    sent again (same Idempotency-Key) after its answer was lost to a kill;
  - every operator reply in a conversation's history reaches the client (DELIVERED), also one whose request was
    killed between storing and delivering it and never sent again;
  - a colleague's take-over that was accepted (202) and not followed by another move leaves the conversation with them;
  - every conversation ends CLOSED, or SPAM when an operator's spam mark was accepted: none is left waiting,
    offered or held while operators are free;
  - process health shows no incident and no stuck conversation.

Usage:
  python3 bench/chaos/chaos.py --base http://localhost:8080 --admin-key KEY --seconds 90 --kill-every 25 \
      --start "cd /path && java -jar target/openlines-0.1.0-SNAPSHOT.jar" --kill-pattern openlines-0.1.0-SNAPSHOT.jar
Raise the per-address limits of the service for the run (all visitors come from one address). Without
--start the service is not killed (a run of the load alone). Exit code 1 when a promise was broken.
"""
import argparse, http.client, json, os, random, sys, threading, time, urllib.error, uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "races"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import races  # noqa: E402  (its HTTP call, shared by the bench scripts)
import killer  # noqa: E402

args = None
stop = threading.Event()
lock = threading.Lock()
acked_client, acked_replies, problems = [], [], []
counts = {"kills": 0, "answers": 0, "closes": 0, "close_refused": 0, "transfers": 0, "take_overs": 0, "take_overs_refused": 0,
          "spam": 0,
          "blocked_as_spam": 0, "retries": 0}
marked_spam = set()
# Who held which conversation when an operator last looked at their inbox, and each conversation's accepted
# moves and ends in order: (operator, "transfer" | "take-over" | "close" | "spam").
held_by, accepted = {}, {}


def note(conversation, operator, action):
    with lock:
        accepted.setdefault(conversation, []).append((operator, action))


def call(method, path, body=None, key=None, headers=None):
    races.B = args.base
    return races.call(method, path, body, key, headers)


def patiently(method, path, body=None, key=None, headers=None, give_up=120):
    """The call, repeated while the service is down (connection refused or cut) or answers 503."""
    deadline = time.time() + give_up
    while True:
        try:
            status, answer = call(method, path, body, key, headers)
            if status != 503 or time.time() > deadline:
                return status, answer
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
            if time.time() > deadline:
                return None, None
        with lock:
            counts["retries"] += 1
        time.sleep(0.5)


def setup():
    run = uuid.uuid4().hex[:6]
    line = {"channel": f"chaos-{run}", "connector": f"chaos-chat-{run}", "keys": {}}
    operators = [f"op{i}-{run}" for i in range(args.operators)]
    for o in operators:
        assert patiently("POST", "/api/admin/operators", {"id": o, "name": o}, args.admin_key)[0] < 300
    status, body = patiently("POST", "/api/admin/channels", {"id": line["channel"], "name": line["channel"], "timeZone": "UTC",
        "queue": {"entries": [{"kind": "OPERATOR", "id": o} for o in operators], "mode": "EVENLY", "idleTime": "PT1M",
                  "chatLimit": args.chat_limit, "limitExclusion": "CLOSED", "checkAvailability": True}}, args.admin_key)
    assert status < 300, body
    status, body = patiently("POST", f"/api/admin/channels/{line['channel']}/connectors",
                             {"id": line["connector"], "type": "livechat", "liveChat": {"consentRequired": False}}, args.admin_key)
    assert status < 300, body
    for o in operators:
        status, body = patiently("POST", "/api/admin/api-keys",
                                 {"userId": o, "displayName": o, "roles": ["OPERATOR"], "operatorId": o}, args.admin_key)
        line["keys"][o] = body["key"]
        assert patiently("PUT", "/api/operators/me/presence", {"presence": "ONLINE"}, line["keys"][o])[0] < 300
    line["supervisor"] = patiently("POST", "/api/admin/api-keys",
                                   {"userId": "sup-" + run, "displayName": "Sup", "roles": ["SUPERVISOR"]}, args.admin_key)[1]["key"]
    return line


def visitor(line, number):
    rng = random.Random(number)
    while not stop.is_set():
        status, chat = patiently("POST", f"/livechat/{line['connector']}/chats", {"name": f"Visitor {number}"})
        if status != 201:
            time.sleep(1)
            continue
        token = {"X-LiveChat-Token": chat["token"]}
        for m in range(rng.randint(1, 3)):
            if stop.is_set():
                return
            text = f"v{number} {uuid.uuid4().hex[:10]}"
            # The same clientMessageId on every try: a message the service took before it died is not stored twice.
            status, body = patiently("POST", "/livechat/messages", {"clientMessageId": f"m-{m}", "text": text}, headers=token)
            if status == 202 and body.get("conversationId") is None:
                # The visitor is on the spam list (an operator marked their chat): acknowledged, by design not stored.
                with lock:
                    counts["blocked_as_spam"] += 1
            elif status == 202:
                with lock:
                    acked_client.append({"conversation": body["conversationId"], "text": text})
            time.sleep(rng.uniform(0.2, 3))
        # Wait until an operator closed it, as a visitor reading the answer would, then come back as someone new.
        deadline = time.time() + 60
        while not stop.is_set() and time.time() < deadline:
            status, session = patiently("GET", "/livechat/session", headers=token)
            if status == 200 and session.get("conversationStatus") == "CLOSED":
                break
            time.sleep(1)


def operator(line, name, draining):
    rng = random.Random(name)
    key = line["keys"][name]
    colleagues = [o for o in line["keys"] if o != name]
    while not (stop.is_set() and draining.is_set()):
        status, inbox = patiently("GET", "/api/operators/me/inbox", key=key)
        if status != 200:
            time.sleep(0.5)
            continue
        for offer in inbox["offers"]:
            if patiently("POST", f"/api/conversations/{offer['conversationId']}/answer", key=key)[0] == 204:
                with lock:
                    counts["answers"] += 1
        with lock:
            for gone in [c for c, holder in held_by.items() if holder == name]:
                del held_by[gone]
            for held in inbox["conversations"]:
                held_by[held["conversationId"]] = name
        for held in inbox["conversations"]:
            work_on(line, name, key, held["conversationId"], rng, colleagues)
        if rng.random() < args.take_over_chance and not stop.is_set():
            take_over(name, key, rng)
        time.sleep(rng.uniform(0.1, 0.5))


def take_over(name, key, rng):
    with lock:
        colleagues_chats = [c for c, holder in held_by.items() if holder != name]
    if not colleagues_chats:
        return
    conversation = rng.choice(colleagues_chats)
    status, _ = patiently("POST", f"/api/conversations/{conversation}/intercept", key=key,
                          headers={"Idempotency-Key": "take-over-" + uuid.uuid4().hex})
    if status == 202:
        with lock:
            counts["take_overs"] += 1
            held_by[conversation] = name
        note(conversation, name, "take-over")
    else:
        with lock:
            counts["take_overs_refused"] += 1


def work_on(line, name, key, conversation, rng, colleagues):
    status, messages = patiently("GET", f"/api/conversations/{conversation}/messages?limit=500", key=key)
    if status != 200 or not messages:
        return
    newest = messages[-1]
    if newest["author"] == "CLIENT":
        text = "re " + uuid.uuid4().hex[:10]
        # Sent again under the same key while the service is down or restarting, as the console does: a reply
        # acknowledged after any number of lost answers must still be in the conversation once.
        status, body = patiently("POST", f"/api/conversations/{conversation}/messages", {"text": text}, key,
                                 headers={"Idempotency-Key": "reply-" + text})
        if status in (201, 202):
            with lock:
                acked_replies.append({"conversation": conversation, "text": text})
        return
    if rng.random() < 0.1 and not stop.is_set():
        status, _ = patiently("POST", f"/api/conversations/{conversation}/transfer", {"operatorId": rng.choice(colleagues)}, key)
        if status == 202:
            with lock:
                counts["transfers"] += 1
            note(conversation, name, "transfer")
        return
    if rng.random() < 0.05 and not stop.is_set():
        status, _ = patiently("POST", f"/api/conversations/{conversation}/spam", key=key)
        if status == 202:
            with lock:
                counts["spam"] += 1
                marked_spam.add(conversation)
            note(conversation, name, "spam")
        return
    status, _ = patiently("POST", f"/api/conversations/{conversation}/close", {"seenMessageId": newest["id"]}, key,
                          headers={"Idempotency-Key": "close-" + newest["id"]})
    with lock:
        counts["closes" if status == 202 else "close_refused"] += 1
    if status == 202:
        note(conversation, name, "close")


def count_kill():
    with lock:
        counts["kills"] += 1


def conversations_of(line):
    rows, path = [], f"/api/supervisor/conversations?channelId={line['channel']}&limit=500"
    status, page = patiently("GET", path, key=line["supervisor"])
    return page if status == 200 else []


def undelivered_replies(line, conversation_ids):
    """Operators' replies in the histories that have not reached the client (not DELIVERED)."""
    found = []
    for conversation in conversation_ids:
        status, messages = patiently("GET", f"/api/supervisor/conversations/{conversation}/messages?limit=500", key=line["supervisor"])
        found += [(conversation, m["text"], m.get("delivery")) for m in (messages if status == 200 else [])
                  if m.get("author") == "OPERATOR" and not m.get("silent") and m.get("delivery") != "DELIVERED"]
    return found


def verify(line):
    texts, holders = {}, {}
    for row in conversations_of(line):
        holders[row["id"]] = row.get("operatorId")
        status, messages = patiently("GET", f"/api/supervisor/conversations/{row['id']}/messages?limit=500", key=line["supervisor"])
        texts[row["id"]] = (row["status"], [m["text"] for m in messages or []])
    # A reply whose request was killed before the messenger answered goes out once its claim runs out
    # (openlines.messages.retry-lease, 2 minutes by default): every reply in a history must reach the client.
    deadline = time.time() + args.delivery_wait
    while (waiting := undelivered_replies(line, texts)) and time.time() < deadline:
        time.sleep(5)
    for conversation, text, delivery in waiting:
        problems.append(f"operator reply {text!r} in {conversation} is {delivery} {args.delivery_wait} s after the run")
    for kind, acked in (("client message", acked_client), ("operator reply", acked_replies)):
        for a in acked:
            found = texts.get(a["conversation"], (None, []))[1].count(a["text"])
            if found != 1:
                problems.append(f"{kind} {a['text']!r} acknowledged for {a['conversation']} found there {found} times")
    for conversation, (status, _) in texts.items():
        expected = "SPAM" if conversation in marked_spam else "CLOSED"
        if status != expected:
            problems.append(f"conversation {conversation} ended {status}, expected {expected}")
    # A take-over accepted after the conversation's last accepted transfer, and followed by nobody else's close or
    # spam mark, left it with the colleague who took it over.
    for conversation, actions in accepted.items():
        moves = [(who, what) for who, what in actions if what in ("transfer", "take-over")]
        if not moves or moves[-1][1] != "take-over":
            continue
        taker = moves[-1][0]
        after = actions[max(i for i, a in enumerate(actions) if a == moves[-1]) + 1:]
        if any(who != taker for who, _ in after):
            continue
        if holders.get(conversation) != taker:
            problems.append(f"take-over of {conversation} by {taker} accepted; it ended with {holders.get(conversation)}")
    status, health = patiently("GET", "/api/supervisor/process-health?limit=500", key=line["supervisor"])
    for issue in (health if status == 200 else []):
        if issue.get("conversationId") in texts:
            problems.append(f"process health: {json.dumps(issue)[:300]}")
    return len(texts)


def main():
    global args
    p = argparse.ArgumentParser()
    p.add_argument("--base", default="http://localhost:8080")
    p.add_argument("--admin-key", required=True)
    p.add_argument("--seconds", type=int, default=90)
    p.add_argument("--visitors", type=int, default=12)
    p.add_argument("--operators", type=int, default=4)
    p.add_argument("--chat-limit", type=int, default=2)
    p.add_argument("--kill-every", type=float, default=25)
    p.add_argument("--start")
    p.add_argument("--kill-pattern")
    p.add_argument("--drain-seconds", type=int, default=180)
    p.add_argument("--delivery-wait", type=int, default=180, help="seconds a stored reply may take to reach the client")
    p.add_argument("--take-over-chance", type=float, default=0.1, help="per look at the inbox")
    args = p.parse_args()
    line = setup()
    draining = threading.Event()
    threads = [threading.Thread(target=visitor, args=(line, i)) for i in range(args.visitors)]
    threads += [threading.Thread(target=operator, args=(line, o, draining)) for o in line["keys"]]
    if args.start:
        threads.append(killer.thread(args.kill_every, args.kill_pattern, args.start, stop, count_kill))
    started = time.time()
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    # The operators work on until every conversation is closed (or the drain time is up).
    deadline = time.time() + args.drain_seconds
    while time.time() < deadline and any(r["status"] not in ("CLOSED", "SPAM") for r in conversations_of(line)):
        time.sleep(2)
    draining.set()
    for t in threads:
        t.join()
    conversations = verify(line)
    print(json.dumps({"seconds": round(time.time() - started), "conversations": conversations,
                      "client_messages_acked": len(acked_client), "replies_acked": len(acked_replies), **counts,
                      "problems": len(problems)}))
    for problem in problems[:40]:
        print("PROBLEM", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
