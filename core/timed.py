"""Calling plugin code with a time limit.

A reactor that hangs (a network call, a deadlock, an endless loop) must not
hold every later event and every other plugin hostage, so the kernel runs
reactors on a worker thread and waits at most the configured time.

Python cannot kill a thread. A call that overruns is abandoned: it goes on
(or stays stuck) on its daemon thread, which never keeps the process alive,
its result is thrown away, and later calls go to a fresh worker. One worker
is reused for every call otherwise, because starting a thread per call
would cost more than most reactors take.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable
from typing import Any


class CallTimedOut(Exception):
    """The call did not return within the limit; it was left running."""


class _Worker:
    """A daemon thread that runs one call at a time, handed over through two locks."""

    def __init__(self) -> None:
        self._job: tuple[Callable[..., Any], dict[str, Any]] | None = None
        self._result: Any = None
        self._error: BaseException | None = None
        self._abandoned = False
        self._ready = threading.Lock()
        self._done = threading.Lock()
        self._ready.acquire()
        self._done.acquire()
        threading.Thread(target=self._run, name="runnerup-reactor", daemon=True).start()

    def _run(self) -> None:
        while True:
            self._ready.acquire()
            job = self._job
            if job is None or self._abandoned:
                return
            function, kwargs = job
            try:
                self._result, self._error = function(**kwargs), None
            except BaseException as exc:  # handed to the caller, which decides
                self._result, self._error = None, exc
            if self._abandoned:
                return
            self._done.release()

    def call(self, function: Callable[..., Any], kwargs: dict[str, Any], seconds: float) -> Any:
        self._job = (function, kwargs)
        self._ready.release()
        if not self._done.acquire(timeout=seconds):
            self._abandoned = True
            self.stop()  # the thread ends as soon as the call returns, if it ever does
            raise CallTimedOut
        error, self._error = self._error, None
        result, self._result = self._result, None
        if error is not None:
            raise error
        return result

    def stop(self) -> None:
        self._job = None
        # Already released when the thread has not taken its job yet.
        with contextlib.suppress(RuntimeError):
            self._ready.release()


class TimedCaller:
    """``caller(function, kwargs)``: the call's result, or :class:`CallTimedOut`.

    ``seconds=None`` calls inline, with no limit and no thread (for
    debugging a plugin, or where threads are unwelcome).
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._worker: _Worker | None = None

    def __call__(self, function: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
        if self.seconds is None:
            return function(**kwargs)
        if self._worker is None:
            self._worker = _Worker()
            # A caller dropped without close() (a test's kernel) still ends its thread.
            weakref.finalize(self, self._worker.stop)
        try:
            return self._worker.call(function, kwargs, self.seconds)
        except CallTimedOut:
            self._worker = None  # stuck: the next call gets a fresh thread
            raise

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
