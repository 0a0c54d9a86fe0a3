import re

from hypothesis import given
from hypothesis import strategies as st

from dshub import security


def test_join_code_uses_unambiguous_alphabet():
    codes = {security.new_join_code() for _ in range(500)}
    assert len(codes) > 490  # random, not a counter
    for code in codes:
        assert len(code) == 6
        assert not set(code) & set("0O1IL5S2Z8B")


def test_normalize_code_accepts_lower_case_and_spaces():
    assert security.normalize_code(" dem-dag ") == "DEMDAG"
    assert security.normalize_code("dem dag") == "DEMDAG"


def test_normalize_code_rejects_impossible_codes():
    for raw in (None, "", "ABC", "DEMDAGX", "D0MDAG", "<scr>!"):
        assert security.normalize_code(raw) is None


@given(st.text(max_size=20))
def test_normalize_code_never_returns_something_outside_the_alphabet(raw):
    code = security.normalize_code(raw)
    assert code is None or re.fullmatch(f"[{security.CODE_ALPHABET}]{{6}}", code)


def test_keys_have_at_least_128_bits_and_are_stored_as_hash():
    key = security.new_key()
    assert len(key) * 6 >= 128  # urlsafe base64: 6 bits per character
    digest = security.hash_key(key)
    assert key not in digest and len(digest) == 64
    assert security.key_matches(key, digest)
    assert not security.key_matches(key + "x", digest)
    assert security.new_key() != key


def test_rate_limit_buckets_are_hashed_and_separate_per_session_and_address(monkeypatch):
    from types import SimpleNamespace
    from unittest import mock

    from dshub.ui import core

    monkeypatch.setattr(core.secrets_service, "client_hash_key", lambda db: b"k" * 32)
    monkeypatch.setattr(core, "get_db", lambda: None)
    with (
        mock.patch.object(core.st, "context", SimpleNamespace(ip_address="203.0.113.7")),
        mock.patch.object(core.st, "session_state", {}),
    ):
        session, address, admin = core.session_bucket(), core.address_bucket(), core.client_bucket()
        assert core.session_bucket() == session  # stable within one browser session
    assert "203.0.113.7" not in address and len(address) == len(session) == 32
    assert session != address and admin == address  # the admin key stays limited per address

    def address_of(ip):
        with mock.patch.object(core.st, "context", SimpleNamespace(ip_address=ip)):
            return core.address_bucket()

    # a proxy that hides addresses does not switch the wide limit off: unknown clients share one bucket
    assert address_of(None) == address_of("") == address_of("not an address") != address
    # an IPv6 client counts by its /64, so stepping through its own network buys no new guesses
    assert address_of("2001:db8:1:2::1") == address_of("2001:db8:1:2:ffff::9") != address_of("2001:db8:1:3::1")
    assert address_of("::ffff:203.0.113.7") == address  # an IPv4 client seen through IPv6
    with mock.patch.object(core.st, "session_state", {}):
        assert core.session_bucket() != session  # another browser session


def test_address_buckets_are_keyed_so_trying_every_address_gives_nothing_back(monkeypatch):
    """Unkeyed SHA-256 of an IPv4 address is reversed by trying all 2^32; with HMAC and a server key it is not."""
    import hashlib
    from types import SimpleNamespace
    from unittest import mock

    from dshub.ui import core

    monkeypatch.setattr(core, "get_db", lambda: None)

    def bucket_under(key: bytes) -> str:
        monkeypatch.setattr(core.secrets_service, "client_hash_key", lambda db: key)
        with mock.patch.object(core.st, "context", SimpleNamespace(ip_address="203.0.113.7")):
            return core.address_bucket()

    first, second = bucket_under(b"a" * 32), bucket_under(b"b" * 32)
    assert first != second  # the key matters
    unkeyed = hashlib.sha256(b"address:203.0.113.7").hexdigest()[:32]
    assert unkeyed not in (first, second)  # what an attacker could compute without the key
    assert first == security.keyed_hash(b"a" * 32, "address:203.0.113.7")
