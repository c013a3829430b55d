"""Registration for a meeting: the form, the organisers' vetting, the pre-approved list, e-mails and access.

- ``forms``, ``views``: "Register for the meeting" (``portal:meeting_register``);
- ``vetting``: approve / decline one or many registrations (access and e-mails follow);
- ``invitations``: the CSV import of pre-approved participants;
- ``emails``, ``delivery``: the e-mails to registrants, through the portal's outbox;
- ``access``: the Attendees group, and its end some days after the meeting (``expire_meeting_access``);
- ``admin_views``, ``admin_forms``: the organisers' listing in the Wagtail admin.
"""
