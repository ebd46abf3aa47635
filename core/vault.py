"""Crypto-shredding: personal data sealed per person, forgettable on request.

A plugin seals a contact's name, email or notes with :meth:`Vault.seal`
under a subject id (an opaque id, never the name itself); the key lives in
the store's key table, apart from the log. ``forget`` destroys the key: the
sealed bytes stay in the log (so the hash chain stays valid) but can never
be read again, and views show "forgotten contact".
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from .store import Store

FORGOTTEN = "forgotten contact"


class Sealed(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """Ciphertext of one value, with the subject whose key opens it."""

    subject: str
    nonce: bytes
    ct: bytes


class Vault:
    """AES-GCM per subject; keys cached for the life of one command."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ciphers: dict[str, Any] = {}

    def _cipher(self, subject: str, *, create: bool) -> Any:
        cipher = self._ciphers.get(subject)
        if cipher is not None:
            return cipher
        key = self._store.load_key(subject)
        if key is None:
            if not create:
                return None
            self._store.save_key(subject, os.urandom(32))
            key = self._store.load_key(subject)
            assert key is not None
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        cipher = self._ciphers[subject] = AESGCM(key)
        return cipher

    def seal(self, subject: str, value: str) -> Sealed:
        cipher = self._cipher(subject, create=True)
        nonce = os.urandom(12)
        return Sealed(subject, nonce, cipher.encrypt(nonce, value.encode(), subject.encode()))

    def open(self, sealed: Sealed | None, default: str = FORGOTTEN) -> str:
        """The plain value, or ``default`` once the subject was forgotten."""
        if sealed is None:
            return ""
        cipher = self._cipher(sealed.subject, create=False)
        if cipher is None:
            return default
        from cryptography.exceptions import InvalidTag

        try:
            return cipher.decrypt(sealed.nonce, sealed.ct, sealed.subject.encode()).decode()
        except InvalidTag:
            return default

    def is_forgotten(self, subject: str) -> bool:
        return self._cipher(subject, create=False) is None

    def forget(self, subject: str) -> bool:
        self._ciphers.pop(subject, None)
        return self._store.delete_key(subject)
