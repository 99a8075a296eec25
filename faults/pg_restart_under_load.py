"""PostgreSQL is restarted while members sync; the app must recover by itself (no restart of
gunicorn) and, after the clients' retries, hold every activity exactly once.

It restarts the machine's PostgreSQL cluster: run it when nothing else uses the database."""

import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from faults.stack import Server, activity, post_batch, prepare, stored_ids

CLIENTS, SECONDS = 8, 20


def restart_postgresql() -> None:
    version = next(Path("/etc/postgresql").iterdir()).name
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )


def main() -> int:
    setup = prepare("cdtt_faults_pg", CLIENTS)
    server = Server(setup["url"])
    server.start()
    pid = server.process.pid
    sent: set[str] = set()
    refused = [0]
    lost = [0]  # batches still refused after a minute of retries
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def client(who):
        while time.monotonic() < stop_at:
            batch = [activity(setup, who) for _ in range(5)]
            with lock:
                sent.update(a["id"] for a in batch)
            give_up = time.monotonic() + 60  # bounded: a dead app fails the check, not hangs
            while True:  # retry the same batch until it is stored
                if time.monotonic() > give_up:
                    with lock:
                        lost[0] += 1
                    break
                try:
                    results = post_batch(server.base, who["token"], batch)
                    if {r["status"] for r in results} <= {200, 201}:
                        break
                except OSError:
                    pass
                with lock:
                    refused[0] += 1
                time.sleep(0.3)
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(who,)) for who in setup["crew"]]
    for thread in threads:
        thread.start()
    time.sleep(5)
    restart_postgresql()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    try:
        with urllib.request.urlopen(server.base + "/", timeout=10) as answer:
            healthy = answer.status == 200
    except OSError:
        healthy = False
    same_server = server.process.poll() is None and server.process.pid == pid
    server.stop()
    count, present = stored_ids(sent)
    print(
        f"pg_restart_under_load: sent {len(sent)}, stored {count}, refused during the "
        f"restart {refused[0]}, healthy after {healthy}, same gunicorn {same_server}"
    )
    ok = lost[0] == 0 and healthy and same_server and count == len(sent) == len(present)
    print("pg_restart_under_load: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
