from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasesConfig(AppConfig):
    name = "apps.purchases"
    verbose_name = _("消费扶贫")
