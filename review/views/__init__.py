"""The review pages: the instruction (list, dossier, decision), the committee and the interviews."""
