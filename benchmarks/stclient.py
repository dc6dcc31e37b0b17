"""A Streamlit client without a browser: one websocket session that runs a page and moves its widgets.

It speaks the protocol the browser's frontend speaks (Streamlit 1.67), so that a load test can
drive hundreds of sessions from one asyncio process, and measure the server alone:

1. ``GET /_stcore/health`` (the server sets the ``_streamlit_xsrf`` cookie there, kept per session);
2. the websocket ``/_stcore/stream``, subprotocols ``streamlit, <xsrf token or a placeholder>``
   (and, on a reconnect, the session's id third, as the frontend sends it);
3. nothing runs on connect: :meth:`Session.run` sends ``BackMsg.rerun_script`` (the query
   string, ``page_name`` from the URL path the first time, then the ``page_script_hash`` from the
   ``navigation`` message) and collects the deltas until ``script_finished``.

The page is kept as a small model (:attr:`Session.nodes`, by delta path): widgets by key or label
with their ids, types and current values, the fragment each one is in, texts, exceptions. Stale
elements are dropped at the end of a run the way the frontend does (a full run: every element
the run did not send; a fragment run: those of its fragments). :meth:`Session.set` resends every
widget's state, as the frontend does on a change (with ``fragment_id`` for a widget in a
fragment) and returns the response time, send -> ``script_finished``.

- Messages of ``global.minCachedMessageSize`` (10 KB) or more are cached here by hash; their hashes
  go back with every rerun (``cached_message_hashes``), and the server then sends only a
  ``ref_hash``, which is looked up.
- ``st.fragment(run_every=...)`` is driven by the client: the server sends ``auto_rerun``
  (interval, fragment id) and this client sends those fragment reruns on a timer, as a browser
  does (``auto_rerun=False`` turns that off). Their times are in :attr:`Session.auto_times`.
- :meth:`Session.reconnect`: a new connection (for a replica's failover), timed.
- Errors are counted in :attr:`Session.errors`: ``exception`` (an exception element arrived),
  ``dropped`` (the socket closed under us), ``timeout`` (no ``script_finished`` in time), and
  ``cache_miss`` (a ``ref_hash`` this client never got).

Only for loopback servers (the load tests'): there is no TLS.

    async with Session("http://127.0.0.1:8501", "/Playground") as s:
        await s.run()
        seconds = await s.set("margin", 2.0)
"""

import asyncio
import contextlib
import dataclasses
import re
import time
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

XSRF_COOKIE = "_streamlit_xsrf"
PLACEHOLDER = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends when it has no token
FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = {
    FINISHED.FINISHED_SUCCESSFULLY,
    FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    FINISHED.FINISHED_WITH_COMPILE_ERROR,
}
# the element types whose state the frontend sends, and the WidgetState field each one uses
VALUE_FIELD = {
    "slider": "double_array_value",
    "text_input": "string_value",
    "text_area": "string_value",
    "selectbox": "string_value",
    "radio": "string_value",
    "checkbox": "bool_value",
    "number_input": "double_value",
    "button_group": "string_array_value",
    "multiselect": "string_array_value",
    "color_picker": "string_value",
}
TRIGGERS = {"button", "download_button"}  # sent once, True, when pressed
# the element types whose text :meth:`Session.texts` gives (a custom component's: its JSON data)
TEXT_TYPES = {"markdown", "text", "heading", "alert", "code", "exception", "metric", "html", "bidi_component"}


class SessionError(Exception):
    """The session could not do what was asked (no such widget, the socket dropped, a timeout)."""


class Dropped(SessionError):
    pass


class Timeout(SessionError):
    pass


@dataclasses.dataclass
class Node:
    """One element or block of the page, as the last delta at its path drew it."""

    kind: str  # the element's type ("slider", "markdown"...) or "block"
    proto: object  # the element's own message (Slider, Markdown...), or the Block
    run_id: str  # the script run that sent it
    fragment_id: str  # the fragment it was drawn in, "" if none

    @property
    def widget_id(self):
        return getattr(self.proto, "id", "") if self.kind != "block" else ""

    @property
    def key(self):
        """The user's key of a widget (from its id, ``$$ID-<hash>-<key>``), else None."""
        parts = self.widget_id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else None

    @property
    def label(self):
        return getattr(self.proto, "label", None)

    @property
    def text(self):
        p = self.proto
        if self.kind == "exception":
            return f"{p.type}: {p.message}"
        if self.kind == "code":
            return p.code_text
        if self.kind == "metric":
            return f"{p.label} {p.body}"
        if self.kind == "bidi_component":
            return p.json
        return getattr(p, "body", "")


@dataclasses.dataclass
class _Pending:
    """A rerun sent and not yet finished: resolved by the first run after it that covers it."""

    fragment_id: str  # "" for a full run
    sent: float
    future: asyncio.Future
    auto: bool = False
    started: bool = False
    any_run: bool = False  # its run was cut short for another (st.rerun): the next one finishes it


class Session:
    """One browser tab's worth of Streamlit session, without the browser."""

    def __init__(self, base_url, path="/", query="", *, timeout=30.0, auto_rerun=True):
        self.base_url = base_url.rstrip("/")
        self.path = "/" + path.lstrip("/") if path else "/"
        self.query = query.lstrip("?")
        self.timeout = timeout
        self.auto_rerun = auto_rerun
        self.errors = {"exception": 0, "dropped": 0, "timeout": 0, "cache_miss": 0}
        self.times = []  # (what, seconds) of each request this session made
        self.auto_times = []  # seconds of each auto fragment rerun
        self.exceptions = []  # the text of each exception element received
        self.refs = 0  # messages the server sent as a ref_hash (this client had them cached)
        self.ws = None
        self.session_id = ""
        self._turn = asyncio.Lock()  # one request out at a time (see _request)
        self._reset_page()

    def _reset_page(self):
        self.nodes = {}  # delta path (tuple) -> Node
        self.values = {}  # widget id -> WidgetState with the value the user (or the server) set
        self.cache = {}  # hash -> ForwardMsg
        self.page_hash = ""
        self.run_id = ""
        self.run_fragments = ()
        self.in_run = False  # between a new_session and its script_finished: the page is half drawn
        self.last_status = None
        self.running = False
        self._pending = []
        self._auto = {}  # fragment id -> (interval, task)
        self._reader = None

    # ------------------------------------------------------------------ connection

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def _health(self):
        """GET /_stcore/health; return the xsrf cookie (or None). Raises OSError if no server."""
        parts = urlsplit(self.base_url)
        host, port = parts.hostname, parts.port or 80
        reader, writer = await asyncio.open_connection(host, port)
        try:
            prefix = parts.path.rstrip("/")
            writer.write(
                f"GET {prefix}/_stcore/health HTTP/1.1\r\nHost: {host}:{port}\r\n"
                "Connection: close\r\n\r\n".encode()
            )
            await writer.drain()
            raw = await asyncio.wait_for(reader.read(-1), self.timeout)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        status = head.split(" ", 2)
        if len(status) < 2 or status[1] != "200":
            raise OSError(f"health: {head.splitlines()[0] if head else 'no answer'}")
        match = re.search(rf"(?im)^set-cookie:\s*{XSRF_COOKIE}=([^;\r\n]+)", head)
        return match.group(1) if match else None

    async def connect(self):
        """The health check and the websocket, as the frontend opens them."""
        xsrf = await self._health()
        ws_url = "ws" + self.base_url[4:] + "/_stcore/stream"
        protocols = ["streamlit", xsrf or PLACEHOLDER]
        if self.session_id:
            protocols.append(self.session_id)
        headers = {"Cookie": f"{XSRF_COOKIE}={xsrf}"} if xsrf else None
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=protocols,
            origin=self.base_url,
            additional_headers=headers,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        self._reader = asyncio.create_task(self._read(self.ws))

    async def close(self):
        for _, task in self._auto.values():
            task.cancel()
        self._auto.clear()
        if self.ws is not None:
            ws, self.ws = self.ws, None
            with contextlib.suppress(Exception):
                await ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
            self._reader = None
        self._fail_pending(Dropped("closed"))

    async def reconnect(self, *, fresh=False, deadline=60.0):
        """A new connection after the old one dropped (a replica gone: nginx sends us to another).

        The frontend's way by default: the old session's id goes with the connection (a server
        that still has it gives it back; another one starts a new session) and a full rerun with
        every widget's state. ``fresh=True``: a reload of the page instead (a new session, the
        page model forgotten). Tries until a server answers, for at most `deadline` seconds;
        returns the seconds from the call to the end of the first run.
        """
        t0 = time.monotonic()
        await self.close()
        if fresh:
            self.session_id = ""
            self._reset_page()
        while True:
            try:
                await self.connect()
                break
            except (TimeoutError, OSError, websockets.exceptions.WebSocketException):
                if time.monotonic() - t0 > deadline:
                    raise
                await asyncio.sleep(0.1)
        if fresh or not self.page_hash:
            await self.run()
        else:
            await self._request("", widget_states=self._widget_states, what="reconnect")
        return time.monotonic() - t0

    # ------------------------------------------------------------------ requests

    async def run(self):
        """Connect if needed and run the page as a browser opening its URL; returns the seconds."""
        if self.ws is None:
            await self.connect()
        return await self._request("", widget_states=self._widget_states, what="run")

    async def rerun(self, fragment_id=""):
        """Rerun the page (or one fragment) with the widgets as they are; returns the seconds."""
        return await self._request(fragment_id, widget_states=self._widget_states, what="rerun")

    async def set(self, label_or_key, value=True):
        """Change a widget as a user would and wait for the rerun; return its seconds.

        A slider takes a number (or a list for a range), a text box a string, a select box or
        radio an option's index or its text, a checkbox a bool; a button (a form's submit button
        too) is pressed whatever `value`. A widget inside a form only keeps its value until the
        form's submit button is pressed, as in a browser: then 0.0 is returned and nothing sent.
        """
        node = self.widget(label_or_key)
        wid = node.widget_id
        if node.kind in TRIGGERS:
            trigger = WidgetState(id=wid, trigger_value=True)
            return await self._request(
                node.fragment_id, widget_states=lambda: self._widget_states(extra=trigger), what=label_or_key
            )
        self.values[wid] = _state(node, value)
        if getattr(node.proto, "form_id", "") and node.kind != "button":
            return 0.0
        return await self._request(node.fragment_id, widget_states=self._widget_states, what=label_or_key)

    async def _request(self, fragment_id, *, widget_states, what, auto=False):
        """Send one rerun and wait for the run that serves it; the seconds from the call.

        One request at a time a session (``_turn``): a request made while another is out waits
        for it, and its time counts from the call, as a click during a run waits for it in a
        browser. So the first run to start after the send is the one that serves it, and no run
        started for an earlier request is taken for it. `widget_states`: a function, called at
        the send, for the widgets as they are then.
        """
        t0, pending = time.monotonic(), None
        try:
            async with asyncio.timeout(self.timeout), self._turn:
                if self.ws is None:
                    raise Dropped("not connected")
                pending = _Pending(
                    fragment_id, time.monotonic(), asyncio.get_running_loop().create_future(), auto
                )
                self._pending.append(pending)
                try:
                    await self.ws.send(self._rerun_msg(fragment_id, widget_states(), auto))
                except websockets.exceptions.ConnectionClosed as error:
                    self._dropped()
                    raise Dropped(str(error)) from error
                await pending.future
        except TimeoutError:
            self.errors["timeout"] += 1
            self._pending = [p for p in self._pending if p is not pending]
            raise Timeout(f"{what}: no script_finished in {self.timeout} s") from None
        seconds = time.monotonic() - t0
        (self.auto_times.append(seconds) if auto else self.times.append((what, seconds)))
        return seconds

    def _rerun_msg(self, fragment_id, widget_states, auto):
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        else:
            cs.page_name = self.path.strip("/")
        cs.widget_states.widgets.extend(widget_states)
        if fragment_id:
            cs.fragment_id = fragment_id
        cs.is_auto_rerun = auto
        cs.cached_message_hashes.extend(self.cache)
        cs.context_info.url = self.url
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        return msg.SerializeToString()

    def _widget_states(self, extra=None):
        """Every widget's state, as the frontend sends with each rerun (one per id)."""
        states, seen = [], set()
        for node in self.nodes.values():
            wid = node.widget_id
            if not wid or wid in seen or node.kind not in VALUE_FIELD:
                continue
            seen.add(wid)
            state = self.values.get(wid) or _default_state(node)
            if state is not None:
                states.append(state)
        if extra is not None:
            states.append(extra)
        return states

    async def wait_idle(self, timeout=None):
        """Wait until no request of this session is waiting for its run to finish."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while any(not p.future.done() for p in self._pending) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    # ------------------------------------------------------------------ the page model

    @property
    def url(self):
        return f"{self.base_url}{self.path}" + (f"?{self.query}" if self.query else "")

    def widgets(self):
        """The page's widgets, in page order: {id: Node}."""
        out = {}
        for path in sorted(self.nodes):
            node = self.nodes[path]
            if node.widget_id and node.kind in VALUE_FIELD.keys() | TRIGGERS:
                out.setdefault(node.widget_id, node)
        return out

    def widget(self, label_or_key):
        """The widget with that key, else the one with that label; SessionError if none or many."""
        widgets = list(self.widgets().values())
        found = [w for w in widgets if w.key == label_or_key] or [
            w for w in widgets if w.label == label_or_key
        ]
        if len(found) != 1:
            names = sorted({w.key or w.label for w in widgets})
            raise SessionError(f"{len(found)} widgets are {label_or_key!r}; the page has {names}")
        return found[0]

    def value(self, label_or_key):
        """A widget's current value as this client would send it (a list for a slider)."""
        node = self.widget(label_or_key)
        state = self.values.get(node.widget_id) or _default_state(node)
        if state is None:
            return None
        field = state.WhichOneof("value")
        got = getattr(state, field)
        return list(got.data) if hasattr(got, "data") else got

    def texts(self, kinds=TEXT_TYPES):
        """The page's texts (markdown, headings, alerts...), in page order."""
        return [self.nodes[p].text for p in sorted(self.nodes) if self.nodes[p].kind in kinds]

    def text(self):
        return "\n".join(self.texts())

    def fragments(self):
        """The ids of the fragments on the page."""
        return {n.fragment_id for n in self.nodes.values() if n.fragment_id}

    def page_exceptions(self):
        return [n.text for n in self.nodes.values() if n.kind == "exception"]

    # ------------------------------------------------------------------ the server's messages

    async def _read(self, ws):
        try:
            async for raw in ws:
                if isinstance(raw, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.exceptions.ConnectionClosed:
            pass
        if self.ws is ws:  # not closed by us
            self._dropped()

    def _dropped(self):
        if self.ws is None:
            return
        self.ws = None
        self.errors["dropped"] += 1
        for _, task in self._auto.values():
            task.cancel()
        self._auto.clear()
        self._fail_pending(Dropped("the server closed the socket"))

    def _fail_pending(self, error):
        for p in self._pending:
            if not p.future.done():
                p.future.set_exception(error)
                p.future.exception()  # retrieved: an auto rerun's future has nobody waiting
        self._pending = []

    def _handle(self, msg):
        if msg.HasField("ref_hash"):
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.errors["cache_miss"] += 1
                return
            self.refs += 1
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            msg = full
        elif msg.metadata.cacheable and msg.hash:
            kept = ForwardMsg()
            kept.CopyFrom(msg)
            self.cache[msg.hash] = kept
        kind = msg.WhichOneof("type")
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(msg)

    def _on_new_session(self, msg):
        init = msg.new_session.initialize
        if init.session_id:
            self.session_id = init.session_id
        self.run_id = msg.metadata.run.script_run_id
        self.run_fragments = tuple(msg.metadata.run.fragment_ids)
        self.in_run = True
        if not self.run_fragments:  # a full run: the frontend forgets its timers; the run sends them again
            for _, task in self._auto.values():
                task.cancel()
            self._auto.clear()
        for p in self._pending:  # a full run covers every request; a fragment run, its fragment's
            if p.any_run or not self.run_fragments or p.fragment_id in self.run_fragments:
                p.started = True

    def _on_navigation(self, msg):
        self.page_hash = msg.navigation.page_script_hash or self.page_hash

    def _on_page_info_changed(self, msg):
        self.query = msg.page_info_changed.query_string

    def _on_delta(self, msg):
        delta = msg.delta
        path = tuple(msg.metadata.delta_path)
        run_id = msg.metadata.run.script_run_id or self.run_id
        which = delta.WhichOneof("type")
        if which == "add_block":
            self.nodes[path] = Node("block", delta.add_block, run_id, delta.fragment_id)
        elif which == "new_element":
            kind = delta.new_element.WhichOneof("type")
            if kind is None:
                return
            proto = getattr(delta.new_element, kind)
            self.nodes[path] = node = Node(kind, proto, run_id, delta.fragment_id)
            if kind == "exception":
                self.errors["exception"] += 1
                self.exceptions.append(node.text)
            elif kind in VALUE_FIELD and getattr(proto, "set_value", False):
                state = _default_state(node)  # the server set it: its value wins over ours
                if state is not None:
                    self.values[node.widget_id] = state

    def _on_script_finished(self, msg):
        status = msg.script_finished
        self.last_status = status
        self.in_run = False
        now = time.monotonic()
        fragments = set(self.run_fragments)
        if status in (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            stale = [
                p
                for p, n in self.nodes.items()
                if n.run_id != self.run_id and (not fragments or n.fragment_id in fragments)
            ]
            for p in stale:
                del self.nodes[p]
            if not fragments:  # the frontend drops the state of widgets no longer on the page
                live = {n.widget_id for n in self.nodes.values()}
                self.values = {k: v for k, v in self.values.items() if k in live}
        rest = []
        for p in self._pending:
            if p.started and status in DONE:
                if not p.future.done():
                    p.future.set_result(now - p.sent)
            else:
                if p.started and status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    p.any_run = True
                rest.append(p)
        self._pending = rest

    def _on_session_status_changed(self, msg):
        self.running = msg.session_status_changed.script_is_running

    def _on_auto_rerun(self, msg):
        fid, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
        if not self.auto_rerun or not fid:
            return
        old = self._auto.get(fid)
        if old is not None and old[0] == interval:
            return
        if old is not None:
            old[1].cancel()
        self._auto[fid] = (interval, asyncio.get_running_loop().create_task(self._timer(fid, interval)))

    def _on_stop_auto_rerun(self, msg):
        for fid in msg.stop_auto_rerun.fragment_ids:
            old = self._auto.pop(fid, None)
            if old is not None:
                old[1].cancel()

    async def _timer(self, fragment_id, interval):
        """A fragment's run_every: a rerun of it every `interval` seconds, as the browser's setInterval.

        A tick while this fragment's last auto rerun is still out (waiting its turn or running)
        is skipped: the server would have merged the two into one run.
        """
        out = None
        while self.ws is not None:
            await asyncio.sleep(interval)
            if out is None or out.done():
                out = asyncio.get_running_loop().create_task(self._auto_rerun(fragment_id))

    async def _auto_rerun(self, fragment_id):
        with contextlib.suppress(SessionError):
            await self._request(fragment_id, widget_states=self._widget_states, what="auto", auto=True)


def _state(node, value):
    """The WidgetState a user's `value` gives widget `node`."""
    state = WidgetState(id=node.widget_id)
    field = VALUE_FIELD[node.kind]
    if node.kind in ("selectbox", "radio") and isinstance(value, int) and not isinstance(value, bool):
        value = node.proto.options[value]
    if field == "double_array_value":
        state.double_array_value.data.extend(
            float(v) for v in (value if isinstance(value, list | tuple) else [value])
        )
    elif field == "string_array_value":
        state.string_array_value.data.extend(str(v) for v in value)
    elif field == "double_value":
        state.double_value = float(value)
    elif field == "bool_value":
        state.bool_value = bool(value)
    else:
        state.string_value = str(value)
    return state


def _default_state(node):
    """The state the frontend sends for a widget nobody has touched (the server's value or default)."""
    p, kind = node.proto, node.kind
    set_value = getattr(p, "set_value", False)
    if kind == "slider":
        return _state(node, list(p.value if set_value else p.default))
    if kind in ("text_input", "text_area", "number_input", "color_picker"):
        if set_value and p.HasField("value"):
            return _state(node, p.value)
        return _state(node, p.default) if p.HasField("default") else None
    if kind in ("selectbox", "radio"):
        if set_value and p.HasField("raw_value"):
            return _state(node, p.raw_value)
        return (
            _state(node, p.options[p.default])
            if p.HasField("default") and p.default < len(p.options)
            else None
        )
    if kind == "checkbox":
        return _state(node, p.value if set_value else p.default)
    if kind == "button_group":
        values = list(p.raw_values) if set_value else [p.options[i].content for i in p.default]
        return _state(node, values)
    return None
