"""The server is SIGKILLed in the middle of batch syncs; after a restart the clients retry.
Exit 0 only if every activity is stored exactly once (none lost, none doubled)."""

import sys
import threading
import time

from faults.stack import Server, activity, post_batch, prepare, stored_ids

CLIENTS, BATCHES, BATCH_SIZE = 4, 15, 25


def main() -> int:
    setup = prepare("cdtt_faults_kill", CLIENTS)
    server = Server(setup["url"])
    server.start()
    sent: set[str] = set()
    acknowledged: set[str] = set()
    failures = []
    cut = [0]  # requests that got no answer (cut by a kill, or refused while down)
    lock = threading.Lock()

    def client(who):
        for _ in range(BATCHES):
            batch = [activity(setup, who) for _ in range(BATCH_SIZE)]
            with lock:
                sent.update(a["id"] for a in batch)
            for _attempt in range(60):  # retry until the server answers, like the app does
                try:
                    results = post_batch(server.base, who["token"], batch)
                except OSError:
                    with lock:
                        cut[0] += 1
                    time.sleep(0.5)
                    continue
                statuses = {r["status"] for r in results}
                if statuses <= {200, 201}:
                    with lock:
                        acknowledged.update(a["id"] for a in batch)
                    break
                failures.append(results)
                break
            else:
                failures.append("gave up")

    threads = [threading.Thread(target=client, args=(who,)) for who in setup["crew"]]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    kills = 0
    for _ in range(2):  # kill twice while batches are in flight
        server.kill()
        kills += 1
        time.sleep(1)
        server.start()
        time.sleep(1)
    for thread in threads:
        thread.join(timeout=120)
    server.stop()
    count, present = stored_ids(sent)
    print(
        f"kill_during_sync: sent {len(sent)}, acknowledged {len(acknowledged)}, "
        f"stored {count}, server killed {kills} times, requests cut {cut[0]}, "
        f"failures {len(failures)}"
    )
    ok = (
        cut[0] > 0
        and not failures
        and count == len(sent) == len(present) == CLIENTS * BATCHES * BATCH_SIZE
    )
    print("kill_during_sync: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
