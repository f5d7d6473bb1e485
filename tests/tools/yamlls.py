"""A small Language Server Protocol client for the real yaml-language-server (npm, in tests/tools/), over stdio.

The server is required, not optional: a missing server or node fails the test with a message saying how to
install it (scripts/install-test-tools.sh does).
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parent
SERVER = TOOLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TIMEOUT = 60.0


def require_server() -> list[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node saknas: installera Debians paket 'npm' (scripts/install-test-tools.sh).", pytrace=False)
    if not SERVER.is_file():
        pytest.fail(f"yaml-language-server saknas ({SERVER}): kör 'npm ci --prefix tests/tools' "
                    "(scripts/install-test-tools.sh).", pytrace=False)
    return [node, str(SERVER), "--stdio"]


class YamlLanguageServer:
    """One server process; requests are answered in order, notifications are kept for `wait_for`."""

    def __init__(self, root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.proc = subprocess.Popen(require_server(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=root)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.notifications: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(),
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                                    "capabilities": {"workspace": {"configuration": True},
                                                     "textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            headers: dict[str, str] = {}
            while (line := out.readline()) not in (b"\r\n", b""):
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            if not headers:
                return
            self.inbox.put(json.loads(out.read(int(headers["content-length"]))))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        found = self._next(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in found, found
        return found.get("result")

    def wait_for(self, method: str, match: Any) -> dict[str, Any]:
        for seen in self.notifications:
            if seen["method"] == method and match(seen["params"]):
                return seen
        return self._next(lambda m: m.get("method") == method and match(m["params"]))

    def _next(self, wanted: Any) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                raise AssertionError("yaml-language-server svarade inte i tid") from None
            if "method" in message and "id" in message:  # a request from the server
                self._answer(message)
            elif wanted(message):
                return message
            elif "method" in message:
                self.notifications.append(message)

    def _answer(self, message: dict[str, Any]) -> None:
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [self.settings if item.get("section") == "yaml" else None
                      for item in message["params"]["items"]]
        self._send({"id": message["id"], "result": result})

    def open(self, path: Path) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                              "text": path.read_text(encoding="utf-8")}})
        return uri

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        return list(self.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri)["params"]
                    ["diagnostics"])

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": {"line": line, "character": character}})
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else json.dumps(contents, ensure_ascii=False)

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
