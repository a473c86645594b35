"""A stand-in app whose report_figures raises, as a half-finished app's selector might."""


def report_figures(*, year: int) -> dict:
    raise RuntimeError("this app's figures are broken")
