import json, time, urllib.request, sys
AM = sys.argv[1]
def post(alerts):
    req = urllib.request.Request(AM + "/api/v2/alerts", data=json.dumps(alerts).encode(), headers={"Content-Type": "application/json"}, method="POST")
    print(urllib.request.urlopen(req).status, flush=True)
S = "2024-01-02T03:04:05.123Z"; E = "2024-01-02T04:04:05Z"
G = "http://prom:9090/graph?g0.expr=up"
def al(labels, ann=None, ends=None):
    a = {"labels": labels, "annotations": ann or {}, "startsAt": S, "generatorURL": G}
    if ends: a["endsAt"] = ends
    return a
basic = lambda i, ends=None: al({"alertname": "X", "instance": i, "job": "node"}, {"summary": "CPU high on " + i}, ends)
rich = lambda i, ends=None: al({"alertname": "Rich", "case": "rich", "team": "db", "job": "node", "instance": i}, {"summary": "s"}, ends)
post([basic("a:9100"), basic("b:9100"), rich("a:9100"), rich("b:9100"),
      al({"alertname": "T" + "é" * 1100, "case": "trunc", "job": "node"}),
      al({"alertname": "F", "case": "fail"}),
      al({"alertname": "B", "case": "big"}, {"big": "x" * 520000})])
time.sleep(4)
post([rich("b:9100", E)])
time.sleep(4)
post([basic("a:9100", E), basic("b:9100", E), rich("a:9100", E)])
time.sleep(5)
