"""Server-Sent Events peer (aiohttp): GET /events with `Authorization: Bearer <token>` streams ticks.

The first stream sends a valid tick (id 1), a tick without an event name (id 2, the default `message`), an invalid
tick (id 3), then ends; the client reconnects and a stream that carries `Last-Event-ID` begins with a `resumed`
event echoing it, then ticks until the client leaves. Anything else: 401, or a non-stream 200 at /plain.
"""
import argparse
import asyncio
import json
import sys

from aiohttp import web


def event(name, data, event_id=None):
    lines = ([f"id: {event_id}"] if event_id else []) + ([f"event: {name}"] if name else []) + [f"data: {json.dumps(data)}"]
    return ("\n".join(lines) + "\n\n").encode()


async def events(request):
    if request.headers.get("Authorization") != f"Bearer {request.app['token']}":
        return web.Response(status=401, text="bad token")
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
    await resp.prepare(request)
    await resp.write(b"retry: 50\n\n")  # reconnect quickly after this stream ends
    last = request.headers.get("Last-Event-ID")
    if last is None:
        await resp.write(event("tick", {"price": 1.5}, "1"))
        await resp.write(event(None, {"price": 2}, "2"))
        await resp.write(event("tick", {"price": "high"}, "3"))
        return resp
    await resp.write(event("resumed", {"lastEventId": last}))
    n = int(last) if last.isdigit() else 0
    while True:
        n += 1
        await resp.write(event("tick", {"price": float(n)}, str(n)))
        await asyncio.sleep(0.5)


async def plain(_request):
    return web.Response(text="<html>not a stream</html>", content_type="text/html")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="sse-token")
    args = parser.parse_args()
    app = web.Application()
    app["token"] = args.token
    app.router.add_get("/events", events)
    app.router.add_get("/plain", plain)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    print(f"READY {site._server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
