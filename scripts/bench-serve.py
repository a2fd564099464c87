#!/usr/bin/env python3
"""Reload latency of `cardsite serve`: from writing a card to the reload
event arriving over SSE (debounce included), for a browser showing PAGE
(default: the edited card's page, as live.js reports it), and the server's
own time until every page and the search index were rebuilt.
Usage: [PAGE=/path/] bench-serve.py BIN SITE N"""
import http.client, json, os, statistics, subprocess, sys, threading, time, urllib.parse

bin_, site, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
proc = subprocess.Popen([bin_, "serve", "--port", "0", "--root", site], stderr=subprocess.PIPE, text=True)
addr = None
for line in proc.stderr:
    if "http://" in line:
        addr = line.split("http://")[1].split("/")[0]
        break
threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
host, port = addr.split(":")
conn = http.client.HTTPConnection(host, int(port))
page = os.environ.get("PAGE", "/benchmarks/bench-00001/")
conn.request("GET", "/__cardsite/events?path=" + urllib.parse.quote(page, safe=""))
resp = conn.getresponse()
events = []
def read():
    while True:
        line = resp.fp.readline()
        if not line:
            return
        if line.startswith(b"event: "):
            events.append((time.perf_counter(), line.strip()))
threading.Thread(target=read, daemon=True).start()
time.sleep(0.5)
card = os.path.join(site, "cards", "bench-00001.yaml")
text = open(card).read()
def status():
    c = http.client.HTTPConnection(host, int(port))
    c.request("GET", "/__cardsite/status")
    return json.loads(c.getresponse().read())
lat, complete, prep, server = [], [], [], []
for i in range(n):
    before = len(events)
    t = time.perf_counter()
    with open(card, "w") as f:
        f.write(text.replace("Synthetic benchmark 1", f"Synthetic benchmark 1 edit {i}"))
    while len(events) == before:
        time.sleep(0.001)
    lat.append((events[-1][0] - t) * 1000)
    time.sleep(0.2)
    for _ in range(500):
        s = status()
        if s.get("complete_millis") is not None:
            complete.append(s["complete_millis"])
            prep.append(s["prepare_millis"])
            server.append(s["millis"])
            break
        time.sleep(0.01)
lat.sort()
complete.sort()
print(json.dumps({"addr": addr, "page": page, "median_ms": statistics.median(lat), "p95_ms": lat[int(0.95 * (len(lat) - 1))], "max_ms": lat[-1],
                  "server_median_ms": statistics.median(server) if server else None,
                  "prepare_median_ms": statistics.median(prep) if prep else None,
                  "complete_median_ms": statistics.median(complete) if complete else None}))
sys.stdout.flush()
# Leave the server up for the caller's load test; it kills us afterwards.
time.sleep(float(os.environ.get("HOLD", "0")))
proc.terminate()
