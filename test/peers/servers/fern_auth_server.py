#!/usr/bin/python3
"""WebSocket peer (Python `websockets`, Debian python3-websockets) for test/fixtures/fern/auth-fallbacks and
auth-subprotocol: each route takes the token ONLY the way a header-less client can send it, and ignores any
Authorization header, so a connection that authenticates here used the fallback.

  /query          the token as ?access_token= (else HTTP 401 with a JSON body)
  /auth-message   the first message must be {"type": "auth", "params": {"token": TOKEN}} (else close 4001);
                  answered {"type": "authenticated"}; then {"type": "say", "text"} -> {"type": "said", "text"}
  /subprotocol    the subprotocols `token` and TOKEN (else HTTP 401); the server chooses `token`

Every route records what it saw of the handshake; {"type": "say", "text": "handshake?"} is answered with it.
Prints "READY <port>" on stdout once listening (port 0 = any free port).
"""
import argparse
import asyncio
import http
import json
from urllib.parse import parse_qs, urlsplit

import websockets

TOKEN = "fern-fallback-token"


def unauthorized(words):
    body = json.dumps({"error": "unauthorized", "message": words}).encode()
    return (http.HTTPStatus.UNAUTHORIZED, [("Content-Type", "application/json")], body)


def offered(headers):
    return [p.strip() for v in headers.get_all("Sec-WebSocket-Protocol") for p in v.split(",") if p.strip()]


async def process_request(path, headers):
    split = urlsplit(path)
    if split.path == "/query":
        if parse_qs(split.query).get("access_token", [None])[0] != TOKEN:
            return unauthorized("send the token as the access_token query parameter")
    elif split.path == "/subprotocol":
        protocols = offered(headers)
        if "token" not in protocols or TOKEN not in protocols:
            return unauthorized("offer the subprotocols token and the key")
    elif split.path != "/auth-message":
        return (http.HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], f"no channel at {split.path}\n".encode())
    return None


async def talk(ws, handshake):
    async for raw in ws:
        msg = json.loads(raw)
        if msg.get("type") == "say":
            text = json.dumps(handshake) if msg.get("text") == "handshake?" else msg.get("text", "")
            await ws.send(json.dumps({"type": "said", "text": text}))
        else:
            await ws.send(json.dumps({"type": "error", "message": f"unexpected {msg.get('type')}"}))


async def handler(ws, path):
    split = urlsplit(path)
    handshake = {
        "authorization": ws.request_headers.get("Authorization"),
        "query": sorted(parse_qs(split.query)),
        "protocol": ws.subprotocol,
    }
    if split.path == "/auth-message":
        try:
            first = json.loads(await asyncio.wait_for(ws.recv(), 10))
        except (ValueError, asyncio.TimeoutError):
            first = None
        token = ((first or {}).get("params") or {}).get("token") if isinstance(first, dict) else None
        if not isinstance(first, dict) or first.get("type") != "auth" or token != TOKEN:
            await ws.close(4001, "unauthorized: send the auth message first")
            return
        await ws.send(json.dumps({"type": "authenticated"}))
    await talk(ws, handshake)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    async with websockets.serve(handler, "127.0.0.1", args.port, process_request=process_request, subprotocols=["token"]) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
