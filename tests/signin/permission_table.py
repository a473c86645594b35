from tests.permission_rows import ADMIN, ANONYMOUS, EVERY_ROLE, OFFICER, Row

ROWS = [
    # Off to the CAS server (anonymous) or on to the next page (signed in).
    Row("accounts:cas_login", ok={ANONYMOUS, *EVERY_ROLE}, ok_status=302),
    # Anyone signed in may enrol a second factor; one not enrolled is sent from the code page to enrolment.
    Row("accounts:otp_enrol", ok=EVERY_ROLE),
    Row("accounts:otp_verify", ok=EVERY_ROLE, ok_status=302),
    Row("accounts:refused_signin_list", ok={OFFICER, ADMIN}),
    Row("accounts:second_factor_list", ok={ADMIN}),
    Row(
        "accounts:second_factor_reset",
        ok={ADMIN},
        ok_status=302,
        method="post",
        args=lambda w: {"username": w.users[OFFICER].username},
        data={"note": "手机丢失"},
        writes=("accounts.AccountEvent",),
    ),
]
