import json, sys, http.server, threading
PORT = int(sys.argv[1]); OUT = sys.argv[2]
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def handle_one(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n).decode('utf-8', 'surrogateescape')
        status = 200
        parts = self.path.split('/')
        if len(parts) > 2 and parts[1] == 'status':
            status = int(parts[2])
        with lock:
            with open(OUT, 'a') as f:
                f.write(json.dumps({"method": self.command, "path": self.path,
                                    "headers": dict(self.headers), "body": body, "status": status}) + "\n")
        resp = b'{"message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect"]}' if status == 400 else b'boom' if status >= 300 else b'ok'
        self.send_response(status)
        self.send_header('Content-Length', str(len(resp)))
        self.end_headers()
        self.wfile.write(resp)
    do_POST = do_PUT = do_GET = handle_one
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', PORT), H).serve_forever()
