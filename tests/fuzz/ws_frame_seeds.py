#!/usr/bin/env python3
"""Writes the hand-made seeds of the ws_frame fuzzer to corpus/ws_frame/ (run again after editing).

Each seed: one byte choosing the message limit (an index into kLimits in ws_frame_fuzz.cpp), four
bytes seeding how the stream is cut into reads, then client frames as a browser would send them,
and the edge cases RFC 6455 names."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "ws_frame")
KEY = b"\x37\xfa\x21\x3d"
LIMIT_16K = 7  # kLimits index of 16 KiB, the server's default frame limit
LIMIT_1K = 4


def frame(op, payload=b"", fin=True, masked=True, rsv=0, length_form=None):
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    n = len(payload)
    form = length_form or ("7" if n < 126 else "16" if n <= 0xFFFF else "64")
    mask_bit = 0x80 if masked else 0
    if form == "7":
        head = bytes([b0, mask_bit | n])
    elif form == "16":
        head = bytes([b0, mask_bit | 126]) + struct.pack(">H", n)
    else:
        head = bytes([b0, mask_bit | 127]) + struct.pack(">Q", n)
    if not masked:
        return head + payload
    return head + KEY + bytes(c ^ KEY[i % 4] for i, c in enumerate(payload))


def close(code, reason=b""):
    return frame(8, struct.pack(">H", code) + reason)


say = b'{"v":1,"type":"say","cid":"c-1","text":"Jag har betalat tv\xc3\xa5 g\xc3\xa5nger"}'
seeds = {
    "text": frame(1, say),
    "binary": frame(2, bytes(range(256))),
    "empty_text": frame(1),
    "len16": frame(1, b"x" * 300),
    "fragmented_with_ping": frame(1, b'{"v":1,', fin=False) + frame(9, b"p") + frame(0, b'"type":"end"}'),
    "fragments_many": b"".join(frame(1 if i == 0 else 0, b"ab", fin=(i == 9)) for i in range(10)),
    "utf8_split_across_fragments": frame(1, b"\xc3", fin=False) + frame(0, b"\xa5"),
    "ping_pong_close": frame(9, b"hi") + frame(10, b"") + close(1000, b"bye"),
    "close_empty": frame(8),
    "close_one_byte": frame(8, b"\x03"),
    "close_code_1005": close(1005),
    "close_code_4999": close(4999, "ok \xe2\x9c\x93".encode("latin-1")),
    "close_bad_utf8": close(1000, b"\xff"),
    "unmasked": frame(1, b"hi", masked=False),
    "rsv_bits": frame(1, b"hi", rsv=4),
    "opcode_3": frame(3, b"hi"),
    "control_fragmented": frame(9, b"p", fin=False),
    "control_126": frame(9, b"p" * 126),
    "len16_not_shortest": frame(1, b"x" * 10, length_form="16"),
    "len64_not_shortest": frame(1, b"x" * 300, length_form="64"),
    "len64_top_bit": bytes([0x81, 0xFF]) + b"\x80" + b"\0" * 7 + KEY,
    "len64_huge": bytes([0x82, 0xFF]) + struct.pack(">Q", 1 << 40) + KEY,
    "too_big": frame(2, b"z" * 2000),
    "too_big_in_fragments": frame(2, b"z" * 600, fin=False) + frame(0, b"z" * 600),
    "text_bad_utf8": frame(1, b"\xc0\xaf"),
    "continuation_alone": frame(0, b"x"),
    "message_inside_message": frame(1, b"a", fin=False) + frame(1, b"b"),
    "truncated_header": frame(1, b"x" * 300)[:3],
    "truncated_payload": frame(1, say)[:-5],
    "many_small": b"".join(frame(1, b'{"v":1,"type":"typing","on":true}') for _ in range(20)),
}

os.makedirs(OUT, exist_ok=True)
for i, (name, stream) in enumerate(sorted(seeds.items())):
    limit = LIMIT_1K if name.startswith("too_big") else LIMIT_16K if i % 3 else i % 8
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([limit]) + struct.pack("<I", 0x9E3779B9 ^ (i * 7919)) + stream)
