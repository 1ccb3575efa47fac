"""The private edit link on the receipt page, without the link's token in the cookie.

Flask's session is a signed cookie, not an encrypted one: whoever has the cookie (a shared
computer, a proxy's log, a browser extension) can read what is in it. The browser that has
just sent a nomination should see its private edit link on the receipt page, but the cookie
must not carry the token of that link.

So the cookie carries a random receipt id (with the draft's key), and the edit token is
derived from that id with the app's secret key:

    token = HMAC-SHA256(SECRET_KEY, "nomination-edit-link:" + receipt id)

submit() stores only the token's SHA-256 hash, as for any edit token; the receipt page derives
the token again from the id in the cookie and shows the link only when its hash is the
nomination's. Nothing new is stored anywhere. The cookie alone does not give the token (that
needs the secret key), and neither does the secret key alone (that needs the id, which only
that browser ever had).

The id is made when check-your-answers is shown, so both requests of a double click on "Send"
carry the same one: the request that finds the nomination already sent still leads to a
receipt with the link. If SECRET_KEY is changed, the derived token no longer matches and the
page points to the e-mail instead; the links in e-mails keep working (they are checked against
the stored hash only).
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import MutableMapping

from award.nominations.models import Nomination
from award.tokens import token_hash

SESSION_KEY = "receipt"
PURPOSE = b"nomination-edit-link:"


def edit_token(secret_key: str | bytes, receipt_id: str) -> str:
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    digest = hmac.new(key, PURPOSE + receipt_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def receipt_id(session: MutableMapping, draft_key: str) -> str:
    """This browser's receipt id for the draft, made (and kept in the session) on first use.
    Only the latest draft's: the session is a cookie and must stay small."""
    receipt = session.get(SESSION_KEY) or {}
    if receipt.get("key") == draft_key and isinstance(receipt.get("id"), str):
        return receipt["id"]
    new_id = secrets.token_urlsafe(32)
    session[SESSION_KEY] = {"key": draft_key, "id": new_id}
    return new_id


def token_for_sender(session: MutableMapping, secret_key: str | bytes,
                     nomination: Nomination) -> str | None:
    """The nomination's edit token when this browser sent it, else None."""
    receipt = session.get(SESSION_KEY) or {}
    if receipt.get("key") != nomination.draft_key or not isinstance(receipt.get("id"), str):
        return None
    token = edit_token(secret_key, receipt["id"])
    if nomination.edit_token_hash is None or not hmac.compare_digest(
            token_hash(token), nomination.edit_token_hash):
        return None
    return token
