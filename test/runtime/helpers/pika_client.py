"""A client that catwire did not write: Python pika (Debian python3-pika), for the foreign-client
tests. Run with /usr/bin/python3 (the PATH python may lack pika):

    python3 pika_client.py < request.json

The request (JSON on stdin) names an action and its arguments; the answer is one JSON document on stdout.
- publish: {"url", "exchange", "routingKey", "bodies": [text], "properties": {...}} publishes
  each body with publisher confirms and the given pika BasicProperties fields.
- get: {"url", "queue", "count", "timeoutS"} takes up to `count` messages with basic.get.
- rpc: {"url", "exchange", "routingKey", "body", "properties", "timeoutS"} is the textbook RPC
  client: a named, exclusive reply queue, a fresh correlation_id, and the first reply whose
  correlation_id matches.
"""
import json
import sys
import time
import uuid

import pika


def connect(url):
    return pika.BlockingConnection(pika.URLParameters(url))


def text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def describe(properties, body):
    """The parts of a received message the tests look at, as JSON."""
    headers = {k: text(v) for k, v in (properties.headers or {}).items()}
    return {
        "body": body.decode("utf-8", "replace"),
        "contentType": properties.content_type,
        "type": properties.type,
        "messageId": properties.message_id,
        "correlationId": properties.correlation_id,
        "appId": properties.app_id,
        "headers": headers,
    }


def publish(req):
    connection = connect(req["url"])
    channel = connection.channel()
    channel.confirm_delivery()
    properties = pika.BasicProperties(**req.get("properties", {}))
    for body in req["bodies"]:
        channel.basic_publish(req["exchange"], req["routingKey"], body.encode("utf-8"), properties)
    connection.close()
    return {"published": len(req["bodies"])}


def get(req):
    connection = connect(req["url"])
    channel = connection.channel()
    messages = []
    deadline = time.monotonic() + req.get("timeoutS", 10)
    while len(messages) < req["count"] and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(req["queue"], auto_ack=True)
        if method is None:
            connection.sleep(0.05)
            continue
        messages.append(describe(properties, body))
    connection.close()
    return {"messages": messages}


def rpc(req):
    connection = connect(req["url"])
    channel = connection.channel()
    reply_queue = "pika-rpc-client-" + uuid.uuid4().hex
    channel.queue_declare(queue=reply_queue, exclusive=True)
    correlation_id = str(uuid.uuid4())
    properties = pika.BasicProperties(reply_to=reply_queue, correlation_id=correlation_id, **req.get("properties", {}))
    channel.basic_publish(req["exchange"], req["routingKey"], req["body"].encode("utf-8"), properties)
    deadline = time.monotonic() + req.get("timeoutS", 10)
    while time.monotonic() < deadline:
        method, reply_properties, body = channel.basic_get(reply_queue, auto_ack=True)
        if method is None:
            connection.sleep(0.05)
        elif reply_properties.correlation_id == correlation_id:
            connection.close()
            return {"sentCorrelationId": correlation_id, "replyQueue": reply_queue, "reply": describe(reply_properties, body)}
    connection.close()
    return {"sentCorrelationId": correlation_id, "replyQueue": reply_queue, "reply": None}


ACTIONS = {"publish": publish, "get": get, "rpc": rpc}

if __name__ == "__main__":
    request = json.load(sys.stdin)
    print(json.dumps(ACTIONS[request["action"]](request)))
