"""An independent client for the SpecSocket mock tests (not SpecSocket's own transports).

Prints one JSON line per received message: {"event": name-or-null, "data": payload-text-or-json}.
Ends with {"done": true} (or {"error": "..."}) after receiving --count messages or after --timeout seconds.

  mock_client.py ws URL [--send TEXT] [--count N]
  mock_client.py socketio URL --path P [--namespace NS] [--token T] [--emit EVENT --send JSON] [--count N]
  mock_client.py stomp URL [--login L --passcode P] --subscribe DEST [--send-to DEST --send TEXT] [--count N]
  mock_client.py sse URL [--token T] [--last-event-id ID] [--count N]   (aiohttp; lines also carry "id"; a refused
      request prints {"status": N, "body": "..."})
"""
import argparse
import asyncio
import json
import sys
import threading


def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def run_ws(a):
    import websockets

    async with websockets.connect(a.url, max_size=None) as ws:
        if a.send is not None:
            await ws.send(a.send)
        got = 0
        while got < a.count:
            msg = await ws.recv()
            out({"event": None, "data": msg if isinstance(msg, str) else msg.hex()})
            got += 1


def run_socketio(a):
    import socketio

    sio = socketio.Client()
    received = []
    finished = threading.Event()

    @sio.on("*", namespace=a.namespace)
    def any_event(event, *args):
        out({"event": event, "data": args[0] if len(args) == 1 else list(args)})
        received.append(event)
        if len(received) >= a.count:
            finished.set()

    sio.connect(a.url, socketio_path=a.path, namespaces=[a.namespace], auth={"token": a.token} if a.token else None, transports=["websocket"])
    if a.emit:
        ack = sio.call(a.emit, json.loads(a.send), namespace=a.namespace, timeout=a.timeout) if a.ack else sio.emit(a.emit, json.loads(a.send), namespace=a.namespace)
        if a.ack:
            out({"event": "ack", "data": ack})
    if not finished.wait(a.timeout):
        out({"error": f"received {len(received)} of {a.count} events"})
    sio.disconnect()


async def run_stomp(a):
    import websockets
    from stomp.utils import Frame, convert_frame, parse_frame

    def frame(cmd, headers, body=""):
        return convert_frame(Frame(cmd, headers, body))

    async with websockets.connect(a.url, subprotocols=["v12.stomp"], max_size=None) as ws:
        headers = {"accept-version": "1.2", "host": "/"}
        if a.login is not None:
            headers.update({"login": a.login, "passcode": a.passcode or ""})
        await ws.send(frame("CONNECT", headers))
        reply = await ws.recv()
        f = parse_frame(reply.encode() if isinstance(reply, str) else reply)
        if f.cmd != "CONNECTED":
            out({"event": f.cmd, "data": f.body.decode() if isinstance(f.body, bytes) else f.body, "headers": f.headers})
            return
        await ws.send(frame("SUBSCRIBE", {"id": "sub-1", "destination": a.subscribe, "ack": "auto"}))
        if a.send_to:
            await ws.send(frame("SEND", {"destination": a.send_to, "content-type": "application/json"}, a.send))
        got = 0
        while got < a.count:
            raw = await ws.recv()
            if raw in ("\n", b"\n"):
                continue
            f = parse_frame(raw.encode() if isinstance(raw, str) else raw)
            body = f.body.decode() if isinstance(f.body, bytes) else f.body
            out({"event": f.cmd, "data": body.rstrip("\x00"), "headers": f.headers})
            got += 1
            if f.cmd == "ERROR":
                return


async def run_sse(a):
    import aiohttp

    headers = {"Accept": "text/event-stream"}
    if a.token is not None:
        headers["Authorization"] = f"Bearer {a.token}"
    if a.last_event_id is not None:
        headers["Last-Event-ID"] = a.last_event_id
    async with aiohttp.ClientSession() as session:
        async with session.get(a.url, headers=headers) as resp:
            if resp.status != 200:
                out({"status": resp.status, "body": await resp.text()})
                return
            got = 0
            fields = {}
            # The WHATWG event-stream rules, the part the mock uses: "field: value" lines, a blank line ends an event.
            async for raw in resp.content:
                line = raw.decode().rstrip("\r\n")
                if line:
                    name, _, value = line.partition(":")
                    if name in ("id", "event", "data"):
                        fields[name] = fields.get(name, "") + ("\n" if name == "data" and name in fields else "") + value.removeprefix(" ")
                    continue
                if "data" in fields:
                    out({"event": fields.get("event", "message"), "id": fields.get("id"), "data": json.loads(fields["data"])})
                    got += 1
                    if got >= a.count:
                        return
                fields = {}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["ws", "socketio", "stomp", "sse"])
    p.add_argument("url")
    p.add_argument("--send")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--timeout", type=float, default=15)
    p.add_argument("--path", default="/socket.io")
    p.add_argument("--namespace", default="/")
    p.add_argument("--token")
    p.add_argument("--emit")
    p.add_argument("--ack", action="store_true")
    p.add_argument("--login")
    p.add_argument("--passcode")
    p.add_argument("--subscribe")
    p.add_argument("--send-to")
    p.add_argument("--last-event-id")
    a = p.parse_args()
    try:
        if a.mode == "socketio":
            run_socketio(a)
        else:
            coro = run_ws(a) if a.mode == "ws" else run_sse(a) if a.mode == "sse" else run_stomp(a)
            asyncio.run(asyncio.wait_for(coro, a.timeout))
        out({"done": True})
    except Exception as e:  # reported to the test, which asserts on it
        out({"error": f"{type(e).__name__}: {e}"})


if __name__ == "__main__":
    main()
