"""Product limits on what people type (the length of each free text) and on how the history groups edits.

They bound what one request can store; they are not rules of a call, which come from its definition.
"""

import datetime as dt

# Free texts of the dossier, in characters.
SECTION_TEXT = 5000  # each text of the project section (scope, diagnostic, objectives…)
CRITERION_TEXT = 5000  # the answer to one selection criterion of a support programme
ACTION_TEXT = 3000  # an action's description and its motivation
# What agents and porteurs write to each other or to the file.
MESSAGE_TEXT = 5000  # a message of the conversation with the ARS
REASON_TEXT = 3000  # reasons and justifications: withdrawal, complements, decisions, lifted findings
ANNOTATION_TEXT = 3000  # a private note of the ARS
COMMENT_TEXT = 2000  # a committee member's comment on one criterion
INTERVIEW_TEXT = 10000  # the ARACT's interview report
EVALUATION_TEXT = 3000  # each text of an establishment's own evaluation of its approach

# A history value longer than this is kept as a compact change (excerpt, lengths, fingerprints).
HISTORY_VALUE = 200
# Autosaves by one author on one part of the dossier, each within this delay of the previous one, show as one
# editing session in the history.
EDITING_SESSION_GAP = dt.timedelta(minutes=30)
