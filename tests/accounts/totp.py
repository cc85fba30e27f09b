"""A small RFC 6238 (TOTP) implementation, independent of allauth's, for tests to type codes."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(
    secret_base32: str, *, at: float | None = None, step: int = 30, digits: int = 6
) -> str:
    key = base64.b32decode(secret_base32.upper(), casefold=True)
    if at is None:
        # A code typed in the last seconds of its window can reach the server in the next one,
        # which (with no clock tolerance) refuses it: wait for a fresh window instead.
        left = step - time.time() % step
        if left < 4:
            time.sleep(left + 0.05)
        at = time.time()
    counter = int(at // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"
