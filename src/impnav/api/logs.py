"""Access logs without personal data or secrets.

Uvicorn's access log line carries the client address and the full request target. Query strings
can hold a case's private key (`/cases/<id>/open?key=...`) or what a person typed (a NOC search),
and an IP address is personal data: this filter keeps only the method, the path, the protocol
and the status.
"""

from __future__ import annotations

import logging


class RedactAccessLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, target, version, status = args
            path = str(target).split("?", 1)[0]
            record.args = ("-", method, path, version, status)
        return True


def redact_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactAccessLog) for f in access.filters):
        access.addFilter(RedactAccessLog())
