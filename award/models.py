"""Every feature's tables, imported in one place so that Alembic sees the whole schema.

Each feature owns its models (award/<feature>/models.py); import them from there.
"""

from award.announcements import models as announcements  # noqa: F401
from award.audit import models as audit  # noqa: F401
from award.auth import models as auth  # noqa: F401
from award.cycles import models as cycles  # noqa: F401
from award.grants import models as grants  # noqa: F401
from award.jury import models as jury  # noqa: F401
from award.mail import models as mail  # noqa: F401
from award.nominations import models as nominations  # noqa: F401
from award.rounds import models as rounds  # noqa: F401
