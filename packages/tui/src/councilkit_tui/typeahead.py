"""Keys typed ahead land where the clerk meant them.

Over SSH, keys arrive bunched: ``Tab`` and ``Parish Council`` typed quickly come in
one read.  Textual hands each key to whatever has focus *when the app takes the key
from its queue*, but a key's effect (``Tab`` moving focus, ``Enter`` submitting a form
that opens the next screen, ``F5`` switching area, a case loading in a worker before
its moves are on keys) happens later, as messages travel between widgets.  So the
letters after a ``Tab`` landed in the field being left ("LunchParish Council").  It
happens in a bare two-field Textual app too.

:class:`OrderedKeys` holds each key until the one before it has been dealt with: every
widget on the screen has handled every message the key caused, and the screen's workers
(a case, a page of a list, search results) have finished.  Then the next key goes to
whatever has focus at that moment, so each key is applied in order, where the clerk
would have seen the cursor had they typed slowly.  A key is never held longer than
:data:`HOLD_LIMIT` seconds behind one whose work has not finished: a slow store delays
typing, it never swallows it.  The app's quit key is never held.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.worker import WorkerState

#: the longest a key waits for the work of the keys before it (seconds)
HOLD_LIMIT = 5.0
_ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)


class _Release(events.Event):
    """A key held while earlier keys were dealt with, to be handled now (in the app's own queue)."""

    def __init__(self, event: events.Event) -> None:
        super().__init__()
        self.event = event


class OrderedKeys(App[Any]):
    """An app whose keys (and pastes) are applied one at a time, each after the last one's work is done."""

    #: workers of the app itself that keys wait for (the councils being read, the store opened)
    KEYS_WAIT_FOR_GROUPS: frozenset[str] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: deque[events.Event] = deque()
        self._in_flight = False
        self._watcher: asyncio.Task[None] | None = None

    def unheld_keys(self) -> set[str]:
        """Keys never held behind others (quitting must always work)."""
        return set()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _Release):
            await self._deliver(event.event)
            return
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Key) and event.key in self.unheld_keys():
                await super().on_event(event)
            elif self._in_flight or self._held:
                self._held.append(event)
            else:
                await self._deliver(event)
            return
        await super().on_event(event)

    async def _deliver(self, event: events.Event) -> None:
        self._in_flight = True
        try:
            await super().on_event(event)  # as Textual does: priority bindings, else to the focused widget
        finally:
            self._watcher = asyncio.create_task(self._release_when_settled())

    async def _release_when_settled(self) -> None:
        with contextlib.suppress(Exception):  # an app closing: nothing left to deliver to
            await self.settled(HOLD_LIMIT)
        if self._held and not self._exit:
            self.post_message(_Release(self._held.popleft()))
        else:
            self._in_flight = False

    async def keys_delivered(self, limit: float = 30.0) -> None:
        """Wait until every key received so far has been handled (for tests that type a burst)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while (self._in_flight or self._held) and loop.time() < deadline:
            await asyncio.sleep(0.005)

    # is the work of the last key done? ------------------------------------------------------------
    def _busy(self) -> Any:
        """Something still working for the keys so far: a widget or a worker; None when all is done."""
        try:
            screen = self.screen
        except Exception:
            return None
        nodes = [self, *screen.walk_children(with_self=True)]
        for node in nodes:
            if node.is_running and not (node._closing or node._closed) and not _waiting(node):
                return node
        on_screen = set(map(id, nodes[1:]))
        for worker in self.workers:
            if worker.state in _ACTIVE and (id(worker.node) in on_screen or (
                    worker.node is self and worker.group in self.KEYS_WAIT_FOR_GROUPS)):
                return worker
        return None

    async def settled(self, limit: float = HOLD_LIMIT) -> bool:
        """Wait until every message caused so far is handled and the screen's workers are done (at most
        ``limit`` seconds); True if they are."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        spins = 0
        while loop.time() < deadline:
            if self._busy() is None:
                await asyncio.sleep(0)  # a callback may run once a queue empties: let it, then look again
                if self._busy() is None:
                    return True
            spins += 1
            await asyncio.sleep(0 if spins < 100 else 0.001)
        return False


def _waiting(node: Any) -> bool:
    """Is ``node``'s message loop waiting for a message, with none queued (so not handling one now)?

    Textual's message queue (``textual._queue.Queue``, Textual being pinned) has no count of
    messages being handled; a loop that is waiting is one awaiting the queue's ``ready_event``.
    """
    queue = node._message_queue
    return queue.empty() and bool(getattr(queue.ready_event, "_waiters", None))
