#!/usr/bin/env python3
"""The peer a user would pick instead of hoso's decoders: the licensing and land XML formats with lxml into
strict pydantic models, the police's JSON with pydantic's `model_validate_json`, with the same checks as the
Rust decoders (benches/src/peer.rs describes the protocol).

    peer.py            reads a batch on standard input, prints one verdict per message
    peer.py --serve    reads a batch, prints `ready N`, then answers `time FORMAT PATH` with `elapsed SECONDS`
    peer.py --time N   reads a batch, decodes it N times, prints the rate of each format
"""

import sys
import time

from hoso_peer import land, licensing, police
from hoso_peer.xmlread import Refused

DECODERS = {"licensing": licensing.decode, "land": land.decode, "police": police.decode}
PATHS = {("police", "pydantic"): police.validate_only}


def verdict(fmt, data):
    """The verdict line on one message: `ok FAMILY KIND DOSSIER` or `err KIND`."""
    try:
        message = DECODERS[fmt](data)
    except Refused as e:
        return "err " + e.kind
    except (ValueError, RecursionError):
        # pydantic's ValidationError is a ValueError: a value that breaks a rule.
        return "err InvalidPayload"
    return f"ok {message.family} {message.kind} {message.dossier}"


def read_batch(stream):
    batch = []
    while True:
        header = stream.readline()
        if not header or header == b"end\n":
            return batch
        fmt, length = header.split()
        batch.append((fmt.decode(), stream.read(int(length))))


def one_pass(decode, messages):
    """Decodes every message once, refusals included, and returns the time taken."""
    started = time.perf_counter()
    for data in messages:
        try:
            decode(data)
        except (Refused, ValueError, RecursionError):
            pass
    return time.perf_counter() - started


def main(args):
    stdin, out = sys.stdin.buffer, sys.stdout
    batch = read_batch(stdin)
    by_format = {}
    for fmt, data in batch:
        by_format.setdefault(fmt, []).append(data)
    if not args:
        out.write("".join(verdict(fmt, data) + "\n" for fmt, data in batch))
    elif args[0] == "--serve":
        out.write(f"ready {len(batch)}\n")
        out.flush()
        for line in stdin:
            words = line.decode().split()
            if words[:1] != ["time"]:
                break
            fmt, path = words[1], words[2]
            decode = DECODERS[fmt] if path == "full" else PATHS[(fmt, path)]
            out.write(f"elapsed {one_pass(decode, by_format.get(fmt, [])):.9f}\n")
            out.flush()
    elif args[0] == "--time":
        rounds = int(args[1])
        for fmt, messages in by_format.items():
            size = sum(map(len, messages)) / (1024 * 1024)
            elapsed = sorted(one_pass(DECODERS[fmt], messages) for _ in range(rounds))[rounds // 2]
            out.write(f"{fmt}: {len(messages) / elapsed:.0f} messages/s, {size / elapsed:.2f} MiB/s\n")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
