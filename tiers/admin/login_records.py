"""Login protection's records in the admin (django-axes), with its clean-up action guarded.

django-axes' "Clean up expired attempts" action declares no permission, so anyone who may view
the attempts could delete them, and it reads an attribute that only a login request carries,
failing with a server error elsewhere. Here it needs the delete permission and works.
"""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.action(permissions=["delete"], description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        AxesProxyHandler.update_request(request)  # the attempt time that the clean-up reads
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
