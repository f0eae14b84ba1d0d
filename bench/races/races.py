#!/usr/bin/env python3
"""Races on a running OpenLines, through its HTTP API only (Python 3 standard library).

Each check sets up its own operators and live-chat channel with the admin key, then fires two requests
at the same instant, many rounds over, and says whether every round ended as one of the allowed outcomes:

  answers          three operators answer an offer to everyone at once: exactly one gets it
  close-message    the holder closes what they saw while the client writes: either the close comes first and
                   the message opens a new conversation that reaches an operator, or the message comes
                   first and the close is refused (409) with the message shown to the holder
  same-client      one visitor sends six first messages at once: one conversation holding all six
  transfer-message the holder transfers while the client writes: the colleague sees the message
  transfer-takeover the holder transfers while a colleague takes over: exactly one of the two happens
  close-transfer   the holder closes, then at once transfers while a colleague takes over: once the close
                   is accepted neither is (409, or 403 once the process closed it), and the conversation
                   ends CLOSED in nobody's inbox

Usage: B=http://localhost:8080 ADMIN_KEY=... python3 bench/races/races.py [check ...]
Raise the per-address limits for the run (OPENLINES_RATELIMITS_DEFAULTS_CHATSTARTSPERMINUTEPERADDRESS and
..._MESSAGESPERMINUTEPERADDRESS): all visitors come from one address here.
Exit code 1 when a round ended otherwise.
"""
import json, os, sys, threading, time, urllib.error, urllib.request, uuid

B = os.environ.get("B", "http://localhost:8080")
ADMIN = os.environ.get("ADMIN_KEY", "")
ROUNDS = int(os.environ.get("ROUNDS", "10"))


def call(method, path, body=None, key=None, headers=None):
    h = {"Content-Type": "application/json"}
    if key:
        h["Authorization"] = "Bearer " + key
    h.update(headers or {})
    req = urllib.request.Request(B + path, json.dumps(body).encode() if body is not None else None, h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw


def wait(predicate, what, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def at_once(*requests):
    results, barrier = [None] * len(requests), threading.Barrier(len(requests))
    def run(i):
        barrier.wait()
        results[i] = requests[i]()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


class Line:
    """Three online operators on a fresh live-chat channel, a supervisor key."""

    def __init__(self, mode):
        run = uuid.uuid4().hex[:6]
        self.channel, self.connector, self.keys = f"race-{run}", f"race-chat-{run}", {}
        for name in ("anna", "ben", "carl"):
            operator = f"{name}-{run}"
            assert call("POST", "/api/admin/operators", {"id": operator, "name": name}, ADMIN)[0] < 300
        operators = [f"{n}-{run}" for n in ("anna", "ben", "carl")]
        status, body = call("POST", "/api/admin/channels", {"id": self.channel, "name": self.channel, "timeZone": "UTC",
            "queue": {"entries": [{"kind": "OPERATOR", "id": o} for o in operators], "mode": mode, "idleTime": "PT12H",
                      "chatLimit": 50, "limitExclusion": "CLOSED", "checkAvailability": True}}, ADMIN)
        assert status < 300, body
        status, body = call("POST", f"/api/admin/channels/{self.channel}/connectors",
                            {"id": self.connector, "type": "livechat", "liveChat": {"consentRequired": False}}, ADMIN)
        assert status < 300, body
        for operator in operators:
            status, body = call("POST", "/api/admin/api-keys",
                                {"userId": operator, "displayName": operator, "roles": ["OPERATOR"], "operatorId": operator}, ADMIN)
            self.keys[operator] = body["key"]
            assert call("PUT", "/api/operators/me/presence", {"presence": "ONLINE"}, self.keys[operator])[0] < 300
        self.supervisor = call("POST", "/api/admin/api-keys",
                               {"userId": "sup-" + run, "displayName": "Sup", "roles": ["SUPERVISOR"]}, ADMIN)[1]["key"]

    def chat(self):
        status, body = call("POST", f"/livechat/{self.connector}/chats", {"name": "Visitor"})
        assert status == 201, body
        return body["token"]

    def write(self, token, message_id, text):
        return call("POST", "/livechat/messages", {"clientMessageId": message_id, "text": text}, headers={"X-LiveChat-Token": token})

    def inbox(self, operator):
        body = call("GET", "/api/operators/me/inbox", key=self.keys[operator])[1]
        return {x["conversationId"] for x in body["offers"] + body["conversations"]}

    def holder_of(self, conversation):
        return wait(lambda: next((o for o in self.keys if conversation in self.inbox(o)), None), "an offer")

    def answered(self, token):
        conversation = self.write(token, "m-1", "Hello")[1]["conversationId"]
        holder = self.holder_of(conversation)
        assert call("POST", f"/api/conversations/{conversation}/answer", key=self.keys[holder])[0] == 204
        return conversation, holder

    def client_texts(self, conversation):
        return [m["text"] for m in call("GET", f"/api/supervisor/conversations/{conversation}/messages", key=self.supervisor)[1]
                if m["author"] == "CLIENT"]

    def status(self, conversation):
        rows = call("GET", f"/api/supervisor/conversations?channelId={self.channel}&limit=500", key=self.supervisor)[1]
        return next(r["status"] for r in rows if r["id"] == conversation)


def answers():
    line = Line("ALL")
    token = None
    for i in range(ROUNDS):
        token = line.chat()
        conversation = line.write(token, "m-1", "Hello")[1]["conversationId"]
        wait(lambda: all(conversation in line.inbox(o) for o in line.keys), "the offer to everyone")
        codes = at_once(*[lambda o=o: call("POST", f"/api/conversations/{conversation}/answer", key=line.keys[o])[0] for o in line.keys])
        yield sorted(codes) == [204, 409, 409], f"answers {sorted(codes)}"


def close_message():
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        conversation, holder = line.answered(token)
        path = f"/api/conversations/{conversation}"
        # The close names the newest message the holder saw, as the console does.
        seen = call("GET", path + "/messages", key=line.keys[holder])[1][-1]["id"]
        closed, (status, written) = at_once(
            lambda: call("POST", path + "/close", {"seenMessageId": seen}, key=line.keys[holder])[0],
            lambda: line.write(token, "m-2", f"one more thing {i}"))
        later = written["conversationId"]
        if later == conversation:
            # The message joined the conversation first: the close must have been refused, with nothing
            # changed, so the holder reads it and closes again.
            shown = any(m["text"] == f"one more thing {i}" for m in call("GET", path + "/messages", key=line.keys[holder])[1])
            newest = call("GET", path + "/messages", key=line.keys[holder])[1][-1]["id"]
            again = call("POST", path + "/close", {"seenMessageId": newest}, key=line.keys[holder])[0]
            yield closed == 409 and status == 202 and shown and again == 202, \
                f"message {status} first, close {closed} (the holder sees it: {shown}), close again {again}"
            continue
        reached = wait(lambda: any(later in line.inbox(o) for o in line.keys) or None, "the late message's operator", 10)
        yield closed == 202 and status == 202 and bool(reached) and f"one more thing {i}" in line.client_texts(later), \
            f"close {closed} first, message {status} into a new conversation"


def same_client():
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        results = at_once(*[lambda j=j: line.write(token, f"m-{j}", f"part {j}") for j in range(6)])
        conversations = {body["conversationId"] for status, body in results if status == 202}
        ok = len(conversations) == 1 and all(status == 202 for status, _ in results)
        if ok:
            conversation = conversations.pop()
            ok = wait(lambda: len(line.client_texts(conversation)) == 6 or None, "six stored messages", 10)
        yield bool(ok), f"{len(conversations)} conversation(s), codes {[s for s, _ in results]}"


def transfer_message():
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        conversation, holder = line.answered(token)
        colleague = next(o for o in line.keys if o != holder)
        transferred, (status, _) = at_once(
            lambda: call("POST", f"/api/conversations/{conversation}/transfer", {"operatorId": colleague}, key=line.keys[holder])[0],
            lambda: line.write(token, "m-2", f"during the transfer {i}"))
        wait(lambda: conversation in line.inbox(colleague), "the colleague's offer")
        call("POST", f"/api/conversations/{conversation}/answer", key=line.keys[colleague])
        seen = call("GET", f"/api/conversations/{conversation}/messages", key=line.keys[colleague])[1]
        yield transferred == 202 and status == 202 and any(m["text"] == f"during the transfer {i}" for m in seen), \
            f"transfer {transferred}, message {status}"


def transfer_and_take_over_at_once(line, conversation, holder):
    """The holder transfers to one colleague while the other takes over: their codes, the target, the interceptor."""
    target, interceptor = [o for o in line.keys if o != holder]
    codes = at_once(
        lambda: call("POST", f"/api/conversations/{conversation}/transfer", {"operatorId": target}, key=line.keys[holder])[0],
        lambda: call("POST", f"/api/conversations/{conversation}/intercept", key=line.keys[interceptor])[0])
    return codes, target, interceptor


def holders_a_second_later(line, conversation):
    time.sleep(1)
    return [o for o in line.keys if conversation in line.inbox(o)]


def transfer_takeover():
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        conversation, holder = line.answered(token)
        codes, target, interceptor = transfer_and_take_over_at_once(line, conversation, holder)
        # The transfer's loss is a 403 when the take-over was carried out before its check: no longer the holder's.
        winner = target if codes == [202, 409] else interceptor if codes in ([409, 202], [403, 202]) else None
        ok = winner is not None and wait(lambda: conversation in line.inbox(winner) or None, "the winner's inbox", 10)
        holders = holders_a_second_later(line, conversation)
        yield bool(ok) and holders == [winner], f"transfer/take-over {codes}, now with {len(holders)} operator(s)"


def close_transfer():
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        conversation, holder = line.answered(token)
        closed = call("POST", f"/api/conversations/{conversation}/close", key=line.keys[holder])[0]
        codes, _, _ = transfer_and_take_over_at_once(line, conversation, holder)
        ended = wait(lambda: line.status(conversation) == "CLOSED" or None, "the close", 10)
        holders = holders_a_second_later(line, conversation)
        yield closed == 202 and all(c in (403, 409) for c in codes) and bool(ended) and not holders, \
            f"close {closed}, then transfer/take-over {codes}, now with {len(holders)} operator(s)"


def end_or_takeover():
    """The holder closes and marks spam while a colleague takes over, all at once: exactly one is a 202, and it happens."""
    line = Line("EVENLY")
    for i in range(ROUNDS):
        token = line.chat()
        conversation, holder = line.answered(token)
        interceptor = next(o for o in line.keys if o != holder)
        codes = at_once(
            lambda: call("POST", f"/api/conversations/{conversation}/close", key=line.keys[holder])[0],
            lambda: call("POST", f"/api/conversations/{conversation}/spam", key=line.keys[holder])[0],
            lambda: call("POST", f"/api/conversations/{conversation}/intercept", key=line.keys[interceptor])[0])
        accepted = [what for what, code in zip(("close", "spam", "take-over"), codes) if code == 202]
        expected = {"close": "CLOSED", "spam": "SPAM", "take-over": "IN_PROGRESS"}.get(accepted[0]) if len(accepted) == 1 else None
        try:
            ended = expected and wait(lambda: line.status(conversation) == expected or None, "the accepted action", 30)
        except AssertionError:
            ended = False
        holders = holders_a_second_later(line, conversation)
        right_holder = holders == ([interceptor] if accepted == ["take-over"] else [])
        yield bool(ended) and right_holder, f"close/spam/take-over {codes}, now {line.status(conversation)} with {holders}"


CHECKS = {"answers": answers, "close-message": close_message, "same-client": same_client,
          "transfer-message": transfer_message, "transfer-takeover": transfer_takeover, "close-transfer": close_transfer,
          "end-or-takeover": end_or_takeover}

if __name__ == "__main__":
    if not ADMIN:
        sys.exit("Set ADMIN_KEY to an admin API key (and B to the service's address)")
    failed = 0
    for name in sys.argv[1:] or CHECKS:
        rounds = list(CHECKS[name]())
        bad = [what for ok, what in rounds if ok is False]
        ties = [what for ok, what in rounds if ok is None]
        failed += len(bad)
        print(f"{name}: {len(rounds) - len(bad) - len(ties)} of {len(rounds)} rounds as allowed"
              + "".join(f"\n  {w}" for w in ties) + "".join(f"\n  not allowed: {w}" for w in bad))
    sys.exit(1 if failed else 0)
