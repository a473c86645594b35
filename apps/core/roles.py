"""The portal's roles. Which actions each role may perform is declared by the apps (apps.core.registry)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("教职工")
    BRANCH_CHAIR = "branch_chair", _("分工会主席")
    OFFICER = "officer", _("工会干部")
    COMMITTEE = "committee", _("提案工作委员会")
    HANDLER = "handler", _("承办部门")
    LEADERSHIP = "leadership", _("校领导")
    ADMIN = "admin", _("系统管理员")
