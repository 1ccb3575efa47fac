"""Secret links (the nominator's edit link, invitations, password resets): the token goes
into the link, only its SHA-256 hash into the database."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
