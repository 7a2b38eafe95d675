#!/usr/bin/python3
"""Socket.IO peer for the Try it tests: python-socketio (Debian python3-socketio) on aiohttp,
behaving like the ChatApp seed (examples/001): JWT in the `auth.token` payload, chat rooms.

  join_chat {chatId}     enter the room, ack {ok, chatId}; the room hears user_status online.
                         A `private-…` chat refuses: an `error` event {code, message}, ack {ok: false, error}
  leave_chat {chatId}    leave the room, ack {ok, chatId}
  typing_start/_end      broadcast {chatId, userId} to the other members of the room

--legacy-v2 serves only a recorded Socket.IO 2.x (Engine.IO 3) polling handshake, to check that the
client explains a server it cannot talk to. Prints "READY <port>" once listening.
"""
import argparse
import asyncio
import json

import jwt
import socketio
from aiohttp import web

SECRET = "specsocket-test-secret"


def chat_app():
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*", max_http_buffer_size=64 * 1024 * 1024)

    @sio.event
    async def connect(sid, environ, auth):
        token = (auth or {}).get("token")
        if not token:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized: auth.token is missing")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError as e:
            raise socketio.exceptions.ConnectionRefusedError(f"unauthorized: {e}")
        await sio.save_session(sid, {"userId": claims.get("sub", "anonymous")})

    async def user_of(sid):
        return (await sio.get_session(sid))["userId"]

    @sio.event
    async def join_chat(sid, data):
        chat = data["chatId"]
        if chat.startswith("private-"):
            words = f"you are not a member of {chat}"
            await sio.emit("error", {"code": "forbidden", "message": words}, to=sid)
            return {"ok": False, "error": words}
        sio.enter_room(sid, chat)
        await sio.emit("user_status", {"userId": await user_of(sid), "status": "online"}, room=chat, skip_sid=sid)
        return {"ok": True, "chatId": chat}

    @sio.event
    async def leave_chat(sid, data):
        sio.leave_room(sid, data["chatId"])
        return {"ok": True, "chatId": data["chatId"]}

    async def typing(event, sid, data):
        chat = data["chatId"]
        await sio.emit(event, {"chatId": chat, "userId": await user_of(sid)}, room=chat, skip_sid=sid)

    @sio.event
    async def typing_start(sid, data):
        await typing("typing_start", sid, data)

    @sio.event
    async def typing_end(sid, data):
        await typing("typing_end", sid, data)

    app = web.Application()
    sio.attach(app)
    return app


def legacy_v2_app():
    """The bytes a Socket.IO 2.x server answers to a polling handshake (length-prefixed EIO3 framing)."""
    open_packet = "0" + json.dumps({"sid": "legacy", "upgrades": ["websocket"], "pingInterval": 25000, "pingTimeout": 5000})

    async def handshake(request):
        body = f"{len(open_packet)}:{open_packet}2:40"
        return web.Response(text=body, content_type="text/plain")

    app = web.Application()
    app.router.add_get("/socket.io/", handshake)
    return app


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=4000)
    parser.add_argument("--legacy-v2", action="store_true")
    args = parser.parse_args()
    runner = web.AppRunner(legacy_v2_app() if args.legacy_v2 else chat_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
