"""Reports in the layout of Decree 30/2020/NĐ-CP on administrative documents, shared by every
app that writes one (monitoring's periodic review, steering's task progress report).

``document`` lays out the page in python-docx (letterhead with the national motto, title, body,
tables, figures, signature, recipients), ``wording`` holds the letterhead's phrases, ``report``
the frame of a report (its letterhead details, the numbered sections, tables and charts, the
proposals and the closing), ``charts`` the figure style of its charts, ``forms`` the letterhead
fields of a report's form with their defaults, and ``options`` the same fields as the options
of a report's management command.
"""
