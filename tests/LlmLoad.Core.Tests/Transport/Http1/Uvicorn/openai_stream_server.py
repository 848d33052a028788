"""An OpenAI-compatible streaming endpoint on uvicorn + starlette, the HTTP stack vLLM serves with.

Used by UvicornCompatibilityTests: python3 openai_stream_server.py PORT ITL_SECONDS KEEP_ALIVE_SECONDS.
GET /stats answers how many distinct client connections (host, port) sent a completion request.
"""
import asyncio
import json
import sys
import time

import uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

PORT, ITL, KEEP_ALIVE = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
connections = set()


async def models(request):
    return JSONResponse({"object": "list", "data": [{"id": "uvicorn-model", "object": "model"}]})


async def stats(request):
    return JSONResponse({"connections": len(connections)})


async def chat(request):
    connections.add(tuple(request.scope["client"]))
    body = await request.json()
    tokens = body.get("max_completion_tokens") or body.get("max_tokens") or 16
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": "uvicorn-model"}

    def event(payload):
        return "data: " + json.dumps({**base, **payload}) + "\n\n"

    async def stream():
        yield event({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]})
        for i in range(tokens):
            await asyncio.sleep(ITL)
            yield event({"choices": [{"index": 0, "delta": {"content": f" w{i}"}, "finish_reason": None}]})
        yield event({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]})
        yield event({"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": tokens, "total_tokens": 3 + tokens}})
        yield "data: [DONE]\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream")


app = Starlette(routes=[
    Route("/v1/models", models),
    Route("/stats", stats),
    Route("/v1/chat/completions", chat, methods=["POST"]),
])
uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning", timeout_keep_alive=KEEP_ALIVE)
