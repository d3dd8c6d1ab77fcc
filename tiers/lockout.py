"""Admin login protection: django-axes counts failed logins and locks the account or address out.

Only logins made through an HTTP request are counted; code that authenticates without one (the
test client, a shell) has no address to lock and is left to the next backend.
"""

from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
