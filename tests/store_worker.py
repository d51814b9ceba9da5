"""One writer process for the review-store concurrency test: ``python store_worker.py DB WORKER CALLS START_AT``.

It reads a small result document on stdin, waits for the shared start time so the writers really overlap, then
alternates verdicts and run saves on the same database, reopening the store now and then as the CLI does.
"""

from __future__ import annotations

import json
import sys
import time

from xref.store import ReviewStore


def main(db: str, worker: int, calls: int, start_at: float) -> None:
    document = json.load(sys.stdin)
    flag_ids = [flag["id"] for cluster in document["clusters"] for flag in cluster["flags"]]
    flag_ids += [flag["id"] for flag in document["story_flags"]]
    # A run of this worker's own (different params, so a different run id) next to the shared one.
    own = {**document, "params": {**document["params"], "threshold": 0.5 + worker / 100}}
    time.sleep(max(0.0, start_at - time.time()))
    store = ReviewStore(db)
    try:
        for call in range(calls):
            if call % 10 == 0:
                store.close()
                store = ReviewStore(db)
            store.save_run(own if call % 2 else document)
            flag_id = flag_ids[call % len(flag_ids)]
            store.set_verdict(flag_id, "accepted", note=f"worker {worker} call {call}", reviewer=f"w{worker}")
    finally:
        store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
