"""50 simulated members sync for a minute on loopback, some resending what they already sent.
Exit 0 only with zero errors, nothing lost and nothing doubled. Prints throughput and
latency percentiles. Usage: python -m faults.load_sync [SECONDS] [MEMBERS]"""

import random
import statistics
import sys
import threading
import time

from faults.stack import Server, activity, post_batch, prepare, stored_ids


def main(seconds: float = 60, members: int = 50) -> int:
    setup = prepare("cdtt_faults_load", members)
    server = Server(setup["url"], workers=2, threads=8)
    server.start()
    sent: set[str] = set()
    latencies: list[float] = []
    errors: list[str] = []
    resends = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def member(who, rng):
        previous = None
        while time.monotonic() < stop_at:
            if previous and rng.random() < 0.15:
                batch = previous  # the phone did not get the answer last time: resend
                with lock:
                    resends[0] += 1
            else:
                batch = [activity(setup, who) for _ in range(rng.randint(1, 5))]
            started = time.monotonic()
            try:
                results = post_batch(server.base, who["token"], batch, timeout=30)
            except OSError as error:
                with lock:
                    errors.append(repr(error))
                continue
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                sent.update(a["id"] for a in batch)
                errors.extend(str(r) for r in results if r["status"] not in (200, 201))
            previous = batch
            time.sleep(rng.uniform(0.5, 1.5))  # a person tapping, then the next sync

    threads = [
        threading.Thread(target=member, args=(who, random.Random(i)))
        for i, who in enumerate(setup["crew"])
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    server.stop()
    count, present = stored_ids(sent)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    print(
        f"load_sync: {members} members for {wall:.0f} s: {len(latencies)} requests "
        f"({len(latencies) / wall:.1f}/s), {resends[0]} resends, {len(sent)} activities "
        f"({len(sent) / wall:.1f}/s); latency p50 {quantiles[49] * 1000:.0f} ms, "
        f"p95 {quantiles[94] * 1000:.0f} ms; errors {len(errors)}; stored {count}"
    )
    ok = not errors and count == len(sent) == len(present)
    print("load_sync: " + ("passed" if ok else "FAILED " + "; ".join(errors[:5])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*(float(a) for a in sys.argv[1:2]), *(int(a) for a in sys.argv[2:3])))
