#!/usr/bin/env python3
"""A small Language Server Protocol client: asks a YAML language server what
an editor would show for some files.

    lsp-client.py ROOT FILE... -- SERVER [ARGS...]

Starts SERVER (speaking LSP over its standard input and output), opens each
FILE (relative to ROOT, the workspace's folder) as an editor does, and prints
the diagnostics the server publishes for it, one a line:

    FILE:LINE:COLUMN: SEVERITY: MESSAGE

with LINE and COLUMN counted from 1 (the protocol counts from 0, columns in
UTF-16 units, which are characters for the text of our records). A file
without diagnostics prints "FILE: none". The schema store on the Internet is
turned off, so only the files' own modelines choose their schemas. Exits 0,
or 1 when the server does not answer within 60 seconds.
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}
SETTINGS = {"yaml": {"validate": True, "hover": False, "completion": False,
                     "schemaStore": {"enable": False}, "format": {"enable": False}}}


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Server:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(os.devnull, "wb"))
        self.next_id = 1
        self.lock = threading.Condition()
        self.responses = {}
        self.diagnostics = {}
        self.log = []
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            msg = json.loads(out.read(length))
            self.handle(msg)

    def handle(self, msg):
        method = msg.get("method")
        if method is not None and "id" in msg:
            # A request of the server's: answer as an editor would.
            result = None
            if method == "workspace/configuration":
                result = [SETTINGS.get(item.get("section", ""), SETTINGS)
                          if item.get("section") != "yaml" else SETTINGS["yaml"]
                          for item in msg["params"]["items"]]
            self.send({"id": msg["id"], "result": result})
            return
        with self.lock:
            if method == "textDocument/publishDiagnostics":
                p = msg["params"]
                self.diagnostics[p["uri"]] = p["diagnostics"]
            elif method == "window/logMessage":
                self.log.append(msg["params"]["message"])
            elif method is None:
                self.responses[msg["id"]] = msg
            self.lock.notify_all()

    def wait(self, what, timeout=60):
        end = time.time() + timeout
        with self.lock:
            while not what():
                left = end - time.time()
                if left <= 0:
                    return False
                self.lock.wait(left)
        return True


def main():
    args = sys.argv[1:]
    cut = args.index("--")
    root, files, cmd = args[0], args[1:cut], args[cut + 1:]
    s = Server(cmd)
    rid = s.request("initialize", {
        "processId": os.getpid(), "rootUri": uri_of(root),
        "workspaceFolders": [{"uri": uri_of(root), "name": "ledger"}],
        "capabilities": {"workspace": {"configuration": True},
                         "textDocument": {"publishDiagnostics": {}}}})
    if not s.wait(lambda: rid in s.responses):
        print("the language server did not answer initialize", file=sys.stderr)
        return 1
    s.notify("initialized", {})
    s.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    for f in files:
        path = os.path.join(root, f)
        uri = uri_of(path)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        if not s.wait(lambda: uri in s.diagnostics):
            print("no diagnostics for %s within 60 s" % f, file=sys.stderr)
            return 1
        diags = s.diagnostics[uri]
        if not diags:
            print("%s: none" % f)
        for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"],
                                              d["range"]["start"]["character"])):
            start = d["range"]["start"]
            print("%s:%d:%d: %s: %s" % (f, start["line"] + 1, start["character"] + 1,
                                        SEVERITY.get(d.get("severity", 1), "?"),
                                        " ".join(d["message"].split())))
        sys.stdout.flush()
    rid = s.request("shutdown", None)
    s.wait(lambda: rid in s.responses, 10)
    s.notify("exit", None)
    try:
        s.proc.wait(10)
    except subprocess.TimeoutExpired:
        s.proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
