"""Date and time formats that override Django's per language (``FORMAT_MODULE_PATH``).

Django's English ``DATETIME_FORMAT`` ends in "p.m.", so a sentence that ends with a
date and time gets two full stops: Wagtail's lock banner read "… on Jan. 5, 2026,
9:32 p.m.. Unlock". English here uses the 24-hour clock and the day-month-year
order the public pages already use ("5 January 2026, 21:32"). French, Spanish and
Arabic keep Django's formats, which end in a number.
"""
