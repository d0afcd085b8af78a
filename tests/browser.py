"""Helpers for the browser tests: Debian's headless Chromium over the DevTools protocol (a
small stdlib websocket client: selenium is not a dependency), and the leak check that looks
for the samples' raw identifiers in whatever a page or a file shows."""
from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import phonenumbers
import pytest


class DevTools:
    """Chromium's DevTools protocol over one websocket, pages as flattened sessions.

    A minimal RFC 6455 client (text frames, client-side masking, no extensions): enough
    for JSON commands and the events they cause, which are kept in :attr:`events`.
    """

    def __init__(self, url: str, timeout: float = 60):
        where = urlparse(url)
        self.sock = socket.create_connection((where.hostname, where.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {where.path} HTTP/1.1\r\nHost: {where.netloc}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response
        self.events: list[dict] = []
        self._id = 0

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            data += chunk
        return data

    def _frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> dict:
        parts = []
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                n = int.from_bytes(self._read(2), "big")
            elif n == 127:
                n = int.from_bytes(self._read(8), "big")
            payload = self._read(n)  # the server does not mask
            opcode = first & 0x0F
            if opcode == 0x9:
                self._frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("DevTools closed the connection")
            parts.append(payload)
            if first & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._frame(0x1, json.dumps(message).encode())
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, predicate, timeout: float = 60) -> dict:
        for event in self.events:
            if predicate(event):
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._message()
            self.events.append(event)
            if predicate(event):
                return event
        raise TimeoutError("no such DevTools event")

    def close(self) -> None:
        self.sock.close()


# Counts what the page drew: plotly figures with their SVG, and initialised DataTables.
STATE = """(() => {
  const figures = [...document.querySelectorAll('.plotly-graph-div')];
  return {figures: figures.length,
          drawn: figures.filter(f => f.classList.contains('js-plotly-plot')
                                     && f.querySelector('svg.main-svg')).length,
          itables: document.querySelectorAll('table[id^="itables_"]').length,
          tables: document.querySelectorAll('table.dataTable').length,
          rows: document.querySelectorAll('table.dataTable tbody tr').length};
})()"""


class Page:
    """A page opened in its own tab, with what it logged and requested."""

    def __init__(self, devtools: DevTools, url: str):
        self.devtools = devtools
        target = devtools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = devtools.call("Target.attachToTarget",
                                     {"targetId": target, "flatten": True})["sessionId"]
        self.target = target
        for domain in ("Page", "Network", "Runtime", "Log"):
            devtools.call(f"{domain}.enable", session=self.session)
        self._start = len(devtools.events)
        devtools.call("Page.navigate", {"url": url}, session=self.session)
        devtools.wait_for(lambda e: e.get("sessionId") == self.session
                          and e.get("method") == "Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.devtools.call("Runtime.evaluate", {"expression": expression,
                                                         "returnByValue": True,
                                                         "awaitPromise": True},
                                    session=self.session)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def settle(self, done, timeout: float = 60) -> dict:
        """Poll the page's state until ``done(state)``; charts and tables draw after load."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.evaluate(STATE)
            if done(state) or time.monotonic() > deadline:
                return state
            time.sleep(0.25)

    def _events(self, method: str) -> list[dict]:
        return [e["params"] for e in self.devtools.events[self._start:]
                if e.get("sessionId") == self.session and e.get("method") == method]

    def requests(self) -> list[str]:
        return [e["request"]["url"] for e in self._events("Network.requestWillBeSent")]

    def errors(self) -> list[str]:
        console = [" ".join(str(a.get("value", a.get("description", ""))) for a in e["args"])
                   for e in self._events("Runtime.consoleAPICalled") if e["type"] in ("error", "assert")]
        thrown = [e["exceptionDetails"].get("exception", {}).get("description")
                  or e["exceptionDetails"]["text"] for e in self._events("Runtime.exceptionThrown")]
        logged = [f"{e['entry']['source']}: {e['entry']['text']} {e['entry'].get('url', '')}"
                  for e in self._events("Log.entryAdded") if e["entry"]["level"] == "error"]
        return console + thrown + logged

    def close(self) -> None:
        self.devtools.call("Target.closeTarget", {"targetId": self.target})



@contextlib.contextmanager
def chromium_session(profile: Path):
    """Headless Chromium (profile in ``profile``) and a DevTools connection to it; missing
    Chromium fails the test."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")
    process = subprocess.Popen(
        [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--window-size=1280,900", "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found: list[str] = []
    ready = threading.Event()

    def read_stderr():  # keep draining: a full pipe would stall the browser
        for line in process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read_stderr, daemon=True).start()
    if not ready.wait(60) or not found:
        process.kill()
        pytest.fail(f"chromium did not start (exit status {process.poll()})")
    devtools = DevTools(found[0])
    yield devtools
    try:
        devtools.call("Browser.close")
    except (ConnectionError, OSError):
        pass
    devtools.close()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# ---------------------------------------------------------------------- the leak check

IDENTIFYING = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "IBAN_CODE": "iban",
               "CREDIT_CARD": "card", "BE_NATIONAL_NUMBER": "national_number",
               "FR_NIR": "national_number", "NL_BSN": "bsn"}
# Linear-time patterns (the DuckDB file has long runs of letters and digits): an e-mail's
# local part starts where its run starts; digit groups are matched possessively.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
                    r"(?:\.[A-Za-z0-9-]{1,63}){0,5}\.[A-Za-z]{2,24}")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
# A run of digit groups and the separators people write between them: 0475/12.34.56,
# +32 (0)475 12 34 56.
_DIGITS = re.compile(r"\+?\d++(?:[ ./()\-\u00a0]{1,3}+\d++)*+")


def _forms(id_type: str, canonical: str) -> set[str]:
    """The spellings a report could reduce a canonical identifier to (see :func:`_tokens`)."""
    if id_type == "email":
        return {canonical}
    if id_type == "iban":
        return {canonical.upper()}
    if id_type == "phone":
        number = phonenumbers.parse(canonical)
        national = re.sub(r"\D", "", phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.NATIONAL))
        country, rest = str(number.country_code), str(number.national_number)
        return {country + rest, "00" + country + rest, national, country + "0" + rest}
    digits = re.sub(r"\D", "", canonical)
    return {digits, digits.lstrip("0")} if id_type == "bsn" else {digits}


def _tokens(text: str) -> set[str]:
    """Every identifier-like token of ``text``, reduced as :func:`_forms` does: e-mails in lower
    case, IBANs compact (each valid length), digit runs without separators — each run of
    consecutive digit groups, so a phone between other numbers is found too."""
    found = {m.group(0).lower() for m in _EMAIL.finditer(text)}
    for match in _IBAN.finditer(text):
        compact = match.group(0).replace(" ", "")
        found |= {compact[:n] for n in range(14, len(compact) + 1)}
    for match in _DIGITS.finditer(text):
        groups = re.findall(r"\d+", match.group(0))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                joined = "".join(groups[i:j])
                if len(joined) > 19:
                    break
                if len(joined) >= 8:
                    found.add(joined)
    return found


def _identifiers_in(id_type: str | None, text: str) -> set[str]:
    """The identifiers a source value holds: the whole value for an identifier column,
    what phonenumbers, an e-mail and an IBAN pattern find in free text."""
    from ccaudit.index.identifiers import normalise

    found = set()
    if id_type:
        canonical = normalise(id_type, text)
        if canonical:
            return _forms(id_type, canonical)
    for match in _EMAIL.finditer(text):
        found |= _forms("email", match.group(0).lower())
    for match in _IBAN.finditer(text):
        canonical = normalise("iban", match.group(0))
        found |= _forms("iban", canonical) if canonical else set()
    for region in ("BE", "NL", "FR"):
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            found |= _forms("phone", phonenumbers.format_number(
                match.number, phonenumbers.PhoneNumberFormat.E164))
    return found


def raw_identifiers(samples_dir: Path) -> set[str]:
    """Every e-mail, phone, national number, BSN, IBAN and card number in the samples: from
    the export columns the gold file says hold them, and the spans said in the calls."""
    from ccaudit.sources.tables import read_tables

    gold = pd.read_csv(samples_dir / "gold" / "columns.csv", keep_default_na=False)
    gold["types"] = gold["entities"].map(lambda e: [IDENTIFYING[x] for x in e.split(";") if x in IDENTIFYING])
    gold = gold[gold["types"].map(bool)]
    found: set[str] = set()
    for source, columns in gold.groupby("source"):
        for chunk in read_tables(samples_dir / "exports" / source):
            for column in columns[columns["sheet"] == (chunk.sheet or "")].itertuples():
                only = column.types[0] if column.entities in IDENTIFYING else None
                for value in chunk.frame[column.column].dropna().astype(str):
                    found |= _identifiers_in(only, value)
    spans = pd.read_csv(samples_dir / "gold" / "transcript_spans.csv", keep_default_na=False)
    for span in spans[spans["entity_type"].isin(list(IDENTIFYING))].itertuples():
        found |= _identifiers_in(IDENTIFYING[span.entity_type], span.text)
    return found
