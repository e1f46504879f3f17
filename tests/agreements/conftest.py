from tests.dossiers.conftest import clact, dossier, porteur  # noqa: F401
from tests.funding.conftest import campaign, chosen, manager  # noqa: F401
from tests.qvct.conftest import listener  # noqa: F401
from tests.review.conftest import _on_commit_now, filed, instructor  # noqa: F401
