"""Set up a new union's installation: its name and the first officer's account (no demo, no Django admin).

Run it again with other values to change them: it updates what exists and creates what does not.

    manage.py setup_union --name 某某大学工会委员会 --short-name 某大工会 --officer zhangsan
"""

import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.core.roles import Role
from apps.core.union import union_profile_save


class Command(BaseCommand):
    help = "设置本工会的名称和第一个工会干部账号（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="工会名称，例如：某某大学工会委员会")
        parser.add_argument("--short-name", default="", help="简称")
        parser.add_argument("--signature", default="", help="年度报告的落款单位（默认为工会名称）")
        parser.add_argument("--officer", required=True, help="第一个工会干部账号的用户名")
        parser.add_argument("--officer-name", default="", help="该干部的姓名")
        parser.add_argument("--officer-email", default="")
        parser.add_argument(
            "--officer-password",
            default=os.environ.get("UNION_OFFICER_PASSWORD", ""),
            help="密码（也可放在环境变量 UNION_OFFICER_PASSWORD；都不给时交互输入；账号已存在时不给则不改）",
        )

    def handle(self, *args, **options):
        User = get_user_model()
        existing = User.objects.filter(username=options["officer"]).first()
        password = options["officer_password"]
        if not password and existing is None:
            password = self._ask_password()
        try:
            with transaction.atomic():
                profile = union_profile_save(
                    by=None, name=options["name"], short_name=options["short_name"], signature_name=options["signature"]
                )
                officer = existing or User(username=options["officer"])
                officer.role = Role.OFFICER
                officer.is_active = True
                if options["officer_name"]:
                    officer.first_name = options["officer_name"]
                if options["officer_email"]:
                    officer.email = options["officer_email"]
                if password:
                    password_validation.validate_password(password, officer)
                    officer.set_password(password)
                officer.full_clean()
                officer.save()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"工会：{profile.name}；工会干部账号：{officer.username}"))

    def _ask_password(self) -> str:
        if not self.stdin_is_interactive():
            raise CommandError("新账号需要密码：--officer-password 或环境变量 UNION_OFFICER_PASSWORD。")
        password = getpass.getpass("工会干部账号的密码：")
        if not password or password != getpass.getpass("再输一遍："):
            raise CommandError("两次输入的密码不一致或为空。")
        return password

    @staticmethod
    def stdin_is_interactive() -> bool:
        return os.isatty(0)
