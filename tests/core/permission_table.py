from tests.permission_rows import ANONYMOUS, EVERY_ROLE, OFFICER, READ_ALL, Row

ROWS = [
    Row("core:home", ok=EVERY_ROLE),
    Row("healthz", ok={ANONYMOUS, *EVERY_ROLE}, ok_status=503, id="healthz (no worker running)"),
    Row("login", ok={ANONYMOUS, *EVERY_ROLE}),
    Row("logout", ok={ANONYMOUS, *EVERY_ROLE}, method="post", ok_status=302, writes_nothing=True),
    Row("password_change", ok=EVERY_ROLE),
    Row("password_change_done", ok=EVERY_ROLE),
    Row("password_reset", ok={ANONYMOUS, *EVERY_ROLE}),
    Row("password_reset_done", ok={ANONYMOUS, *EVERY_ROLE}),
    Row(
        "password_reset_confirm",
        ok={ANONYMOUS, *EVERY_ROLE},
        args={"uidb64": "MQ", "token": "set-password"},
        id="password_reset_confirm (invalid link)",
    ),
    Row("password_reset_complete", ok={ANONYMOUS, *EVERY_ROLE}),
    Row(
        "set_language",
        ok={ANONYMOUS, *EVERY_ROLE},
        method="post",
        data={"language": "en"},
        ok_status=302,
        writes_nothing=True,  # a cookie
    ),
    Row("core:import_upload", ok={OFFICER, "admin"}, args={"kind": "roster"}),
    Row(
        "core:import_preview",
        ok=set(),
        not_found=READ_ALL | EVERY_ROLE,
        args={"batch_uuid": "00000000-0000-0000-0000-000000000000"},
        id="core:import_preview (someone else's or no batch)",
    ),
    Row("core:union_settings", ok={OFFICER, "admin"}),
    Row(
        "core:union_settings",
        ok={OFFICER, "admin"},
        method="post",
        data={"name": "测试大学工会委员会", "short_name": "测大工会", "signature_name": ""},
        ok_status=302,
        writes=("core.UnionProfile",),
        id="core:union_settings (save)",
    ),
]
