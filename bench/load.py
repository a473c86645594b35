"""Load test: logged-in sessions against a real gunicorn on 127.0.0.1, bounded in count and time.

    python bench/load.py [--sessions 50] [--seconds 60] [--workers 4]

Starts gunicorn on a free local port over the database that DATABASE_URL names (the demo by default; the big
university with DATABASE_URL=postgres://postgres@127.0.0.1:5432/union_portal_bench), signs in one session per
simulated user (the demo's role accounts, round robin) and has each of them open its role's everyday pages in a
loop until the time is up. Prints the requests, the errors (goal 0) and p50/p95 per page and overall; a second
run of the login page alone gives the plain rate to compare the pages' with (issue 13's "≥ 50% of login").
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "union-demo-2020"
PAGES = {
    "staff": ["/", "/activities/", "/welfare/history/", "/proposals/", "/proposals/mine/"],
    "chair": ["/", "/members/", "/activities/list/", "/welfare/visits/"],
    "officer": ["/", "/members/", "/welfare/", "/welfare/distributions/", "/purchases/", "/activities/plan/"],
    "leader": ["/", "/reports/dashboard/", "/welfare/", "/proposals/statistics/"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {"DJANGO_SETTINGS_MODULE": "union_portal.settings.local", "DEBUG": "False", **os.environ}
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "union_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


def signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(base + "/accounts/login/", timeout=30)
    token = session.cookies.get("csrftoken")
    response = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"could not sign in as {username}: {response.status_code}")
    return session


def run(base: str, sessions: list[tuple[str, requests.Session]], seconds: float) -> dict:
    timings, errors, lock = defaultdict(list), defaultdict(int), threading.Lock()
    stop = time.monotonic() + seconds

    def user(role: str, session: requests.Session) -> None:
        pages, index = PAGES[role], 0
        while time.monotonic() < stop:
            path = pages[index % len(pages)]
            index += 1
            start = time.perf_counter()
            try:
                status = session.get(base + path, timeout=60, allow_redirects=False).status_code
            except requests.RequestException:
                status = 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[path].append(elapsed)
                if status != 200:
                    errors[f"{path} → {status}"] += 1

    threads = [threading.Thread(target=user, args=pair) for pair in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"timings": timings, "errors": errors, "seconds": seconds}


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(share * (len(values) - 1)))]


def report(result: dict, title: str) -> tuple[float, int]:
    every = [t for values in result["timings"].values() for t in values]
    rate = len(every) / result["seconds"]
    print(f"\n{title}: {len(every)} requests in {result['seconds']:.0f} s = {rate:.1f} req/s; "
          f"errors {sum(result['errors'].values())}; p50 {statistics.median(every):.0f} ms; "
          f"p95 {percentile(every, 0.95):.0f} ms")  # fmt: skip
    for path, values in sorted(result["timings"].items()):
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"  {path:32} {len(values):6d}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms")
    for what, count in result["errors"].items():
        print(f"  ERROR {what}: {count}")
    return rate, sum(result["errors"].values())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    process, base = start_gunicorn(args.workers)
    try:
        roles = list(PAGES)  # the demo accounts are named after their roles
        sessions = [(roles[n % len(roles)], signed_in(base, roles[n % len(roles)])) for n in range(args.sessions)]
        pages, errors = report(run(base, sessions, args.seconds), f"{args.sessions} signed-in sessions")
        anonymous = [("login", requests.Session()) for _ in range(args.sessions)]
        PAGES["login"] = ["/accounts/login/"]
        login, _ = report(run(base, anonymous, min(args.seconds, 20)), "the login page alone (the plain rate)")
        print(f"\npages' rate / login page's rate: {pages / login:.0%}")
        return 1 if errors else 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
