"""The request loop of the benchmarks' long-lived Python workers.

One JSON request per line on stdin, one JSON reply per line on stdout, in
order; the Node side is test/bench/common/jsonLinesWorker.ts. A request that
raises is answered {"error": "Type: message"} and the worker keeps serving,
so one bad request does not lose the studies the process holds.

A worker script imports it through its own location (it is run as a file,
not as a package):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
    from jsonlines_worker import serve
"""
import json
import sys


def serve(handle):
    """Answers each request line with handle(request) until stdin closes."""
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = handle(json.loads(line))
        except Exception as e:  # report, keep serving
            reply = {"error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
