"""Two-factor sign-in (issue 18): a time-based one-time password (TOTP) after the password, with django-otp.

Staff (``TWO_FACTOR_REQUIRED_GROUPS``, admin access, superusers) must confirm a
device before the admin opens; anyone else may turn it on from their account.
``devices`` holds the rules and the device operations, ``views`` the pages,
``middleware`` the enforcement, ``admin_views`` an administrator's reset.
"""
