"""A request id on every request, response and log line, and log lines as JSON for the log collectors."""

import contextvars
import json
import logging
import re
import time
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
# An id set by the reverse proxy is kept when it is a plain token; anything else is replaced, never logged.
VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
logger = logging.getLogger("qvct.request")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if VALID.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request.id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            logger.info(
                "requête",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
            return response
        finally:
            REQUEST_ID.reset(token)


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request it was written in (« - » outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


FIELDS = ("method", "path", "status", "ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message, the request's fields, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
