"""Room codes, lecturer keys and student ids: random, from :mod:`secrets`, checked in constant time.

A room code is what a hall types from the projector: :data:`CODE_LENGTH` characters of
:data:`ALPHABET`, which leaves out the characters a projected font lets a reader confuse
(0/O, 1/I/L, 2/Z, 5/S, 8/B). 25 characters, 7 of them: log2(25**7) = 32.5 bits of
:mod:`secrets` randomness, above the 30 a lecture needs. Typed codes are read forgivingly
(lower case, spaces and a dash are fine).

A lecturer key is 128 bits (:func:`secrets.token_urlsafe`), stored only as its SHA-256 (a
random key needs no slow hash) and compared with :func:`hmac.compare_digest`. A student id is
128 bits too: it is what lets a phone change its own answer, and only its own.

Examples
--------
>>> code = new_code()
>>> len(code), set(code) <= set(ALPHABET)
(7, True)
>>> normalize_code(" " + code[:3].lower() + "-" + code[3:]) == code
True
>>> display_code("4KX9TQR")
'4KX-9TQR'
>>> normalize_code("4kx 9tqr"), normalize_code("4KX-0TQR")  # 0 is never in a code
('4KX9TQR', None)
>>> key = new_key()
>>> key_matches(key, hash_key(key)), key_matches(key + "x", hash_key(key)), key_matches(None, hash_key(key))
(True, False, False)
>>> round(CODE_BITS, 1), KEY_BITS
(32.5, 128)
"""

import hashlib
import hmac
import math
import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # no 0 O 1 I L 2 Z 5 S 8 B
CODE_LENGTH = 7
CODE_BITS = CODE_LENGTH * math.log2(len(ALPHABET))
KEY_BYTES = 16
KEY_BITS = 8 * KEY_BYTES
MAX_TOKEN_CHARS = 100  # a key or a student id longer than this is refused before it is hashed or looked up
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{1,{MAX_TOKEN_CHARS}}}")  # what secrets.token_urlsafe writes

assert len(set(ALPHABET)) == len(ALPHABET) and CODE_BITS >= 30


def new_code():
    """A fresh room code (upper case, no separator)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code):
    """The code as the projector shows it: two groups, easier to read out and type."""
    return f"{code[:3]}-{code[3:]}"


def normalize_code(text):
    """A typed code in its stored form, or None when it cannot be a code (any type, any length)."""
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    return code


def new_key():
    """A fresh lecturer key: 128 random bits, URL-safe text."""
    return secrets.token_urlsafe(KEY_BYTES)


def new_student_id():
    """A fresh student id: 128 random bits, URL-safe text."""
    return secrets.token_urlsafe(KEY_BYTES)


def hash_key(key):
    """The SHA-256 of a key, hex: all that is stored of it."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_matches(key, stored_hash):
    """Whether `key` (any value) is the key whose hash is `stored_hash`, compared in constant time."""
    if not isinstance(key, str) or not key or len(key) > MAX_TOKEN_CHARS:
        return False
    return hmac.compare_digest(hash_key(key), stored_hash)


def is_token(text):
    """Whether `text` (any value) has a token's shape: URL-safe characters, at most MAX_TOKEN_CHARS."""
    return isinstance(text, str) and _TOKEN.fullmatch(text) is not None


def tokens_match(given, stored):
    """Whether `given` (any value) is the token `stored`, compared in constant time."""
    if not isinstance(given, str) or not given or len(given) > MAX_TOKEN_CHARS:
        return False
    return hmac.compare_digest(given.encode(), stored.encode())
