"""What the agreements tell the apps above them, without importing them: a convention became fully signed.

The follow-up (monitoring) listens to open its reports; sent inside the signing's transaction.
"""

from django.dispatch import Signal

# Sent with `dossier` and `user` once both parties have signed and the dossier moved to « convention signée ».
convention_signed = Signal()
