#!/usr/bin/python3
"""Raw WebSocket peer for the Try it tests (Python `websockets`, Debian python3-websockets).

Serves the raw-WebSocket seed systems of examples/ on one port:
  /ws/data, /ws/user   000 Dataverse pub/sub: acknowledges data messages, echoes notifications
  /chat                002 Fern chat: replies to {text} with {id, message}
  /ws?token=JWT        004 JWT service: 401 + JSON body for a bad token, close 4001 for an expired one,
                       subscribe/unsubscribe/ping commands, events as {type, data}
  /faults/...          big (20 MB frame), burst?n=N, invalid-json, stream (until killed),
                       echo (handshake facts, then every frame back), close?code=&reason=

Prints "READY <port>" on stdout once listening (port 0 = any free port).
"""
import argparse
import asyncio
import http
import json
import ssl
import sys
from urllib.parse import parse_qs, urlsplit

import jwt
import websockets

SECRET = "specsocket-test-secret"


def token_problem(path):
    """None when the JWT in ?token= is valid; else (kind, words)."""
    token = parse_qs(urlsplit(path).query).get("token", [None])[0]
    if not token:
        return ("missing", "token query parameter is required")
    try:
        jwt.decode(token, SECRET, algorithms=["HS256"])
        return None
    except jwt.ExpiredSignatureError:
        return ("expired", "token expired")
    except jwt.InvalidTokenError as e:
        return ("invalid", f"invalid token: {e}")


async def process_request(path, headers):
    route = urlsplit(path).path
    known = route in ("/ws/data", "/ws/user", "/chat", "/ws") or route.startswith("/faults/")
    if not known:
        return (http.HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], f"no channel at {route}\n".encode())
    if route == "/ws":
        problem = token_problem(path)
        # An expired token is accepted and then closed with 4001, as many services do after the upgrade.
        if problem and problem[0] != "expired":
            body = json.dumps({"error": "unauthorized", "message": problem[1]}).encode()
            return (http.HTTPStatus.UNAUTHORIZED, [("Content-Type", "application/json")], body)
    return None


async def dataverse(ws, route):
    async for raw in ws:
        msg = json.loads(raw)
        if route == "/ws/data":
            await ws.send(json.dumps({"type": "data.ack", "uuid": msg.get("uuid"), "received": msg.get("type")}))
        else:
            await ws.send(json.dumps({"has_unread": bool(msg.get("has_unread"))}))


async def fern_chat(ws):
    counter = 23823049
    async for raw in ws:
        text = json.loads(raw).get("text", "")
        message = "Hello there, how are you?" if text == "Hello, world." else f"You said: {text}"
        await ws.send(json.dumps({"id": str(counter), "message": message}))
        counter += 1


CHANNEL_EVENTS = {
    "conversation:conv-123": {"type": "chat_message", "data": {"conversation_id": "conv-123", "sender_id": "user-456", "content": "Hello there!"}},
    "notifications": {"type": "notification", "data": {"message": "New comment on your post", "level": "info"}},
    "tasks": {"type": "status_update", "data": {"entity_type": "task", "entity_id": "task-789", "status": "completed"}},
}


def error(code, message):
    return json.dumps({"type": "error", "data": {"code": code, "message": message}})


async def jwt_service(ws, path):
    if token_problem(path):
        await ws.close(4001, "token expired")
        return
    async for raw in ws:
        try:
            msg = json.loads(raw)
            kind, data = msg["type"], msg.get("data", {})
        except (ValueError, KeyError, TypeError):
            await ws.send(error("invalid_request", "messages must be JSON objects with a type"))
            continue
        if kind == "ping":
            await ws.send(json.dumps({"type": "pong", "data": {}}))
        elif kind in ("subscribe", "unsubscribe"):
            channel = data.get("channel")
            if channel not in CHANNEL_EVENTS:
                await ws.send(error("subscription_failed", f"unknown channel {channel}"))
                continue
            await ws.send(json.dumps({"type": f"{kind}d", "data": {"channel": channel}}))
            if kind == "subscribe":
                await ws.send(json.dumps(CHANNEL_EVENTS[channel]))
        else:
            await ws.send(error("invalid_request", f"unknown command {kind}"))


async def faults(ws, path):
    split = urlsplit(path)
    name = split.path.rsplit("/", 1)[-1]
    if name == "big":
        await ws.send(json.dumps({"type": "big", "blob": "x" * (20 * 1024 * 1024)}))
    elif name == "burst":
        n = int(parse_qs(split.query).get("n", ["50000"])[0])
        for i in range(n):
            await ws.send(json.dumps({"type": "tick", "seq": i}))
        await ws.send(json.dumps({"type": "done", "count": n}))
    elif name == "invalid-json":
        await ws.send('{"type": "broken", "value": ')
        await ws.send(json.dumps({"type": "after-invalid"}))
    elif name == "close":
        query = parse_qs(split.query)
        await ws.close(int(query.get("code", ["1000"])[0]), query.get("reason", [""])[0])
    elif name == "echo":
        # First what the handshake carried, then every frame back as it came (text or binary).
        seen = {k: ws.request_headers.get(k) for k in ("Authorization", "Cookie", "X-Trace") if ws.request_headers.get(k)}
        await ws.send(json.dumps({"subprotocol": ws.subprotocol, "headers": seen, "query": parse_qs(split.query)}))
        async for frame in ws:
            await ws.send(frame)
    elif name == "stream":
        i = 0
        while True:
            await ws.send(json.dumps({"type": "tick", "seq": i}))
            i += 1
            await asyncio.sleep(0.01)
    await ws.wait_closed()


async def handler(ws, path):
    route = urlsplit(path).path
    try:
        if route in ("/ws/data", "/ws/user"):
            await dataverse(ws, route)
        elif route == "/chat":
            await fern_chat(ws)
        elif route == "/ws":
            await jwt_service(ws, path)
        else:
            await faults(ws, path)
    except websockets.ConnectionClosed:
        pass


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--tls-cert", help="serve wss:// with this certificate (PEM) ...")
    parser.add_argument("--tls-key", help="... and this key")
    args = parser.parse_args()
    ssl_context = None
    if args.tls_cert:
        ssl_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)
    async with websockets.serve(handler, "127.0.0.1", args.port, process_request=process_request, max_size=64 * 1024 * 1024, subprotocols=["chat.v1", "chat.v2"], ssl=ssl_context) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
