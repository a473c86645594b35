import factory
from django.core.files.base import ContentFile

from apps.reports.models import AnnualReport, ReportVersion


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("year",)

    year = 2020
    title = factory.LazyAttribute(lambda r: f"示范大学工会委员会{r.year}年工作总结")
    signing_unit = "示范大学工会委员会"


class ReportVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportVersion

    report = factory.SubFactory(AnnualReportFactory)
    number = factory.LazyAttribute(lambda v: v.report.versions.count() + 1)
    status = ReportVersion.Status.FAILED
    error = "RuntimeError: boom"
    # A snapshot without figures: enough for the Word export and the preview of a version.
    frozen = factory.LazyAttribute(
        lambda v: {
            "year": v.report.year,
            "texts": {"title": v.report.title, "signing_unit": v.report.signing_unit, "signing_date": "2021-01-22"},
            "figures": {},
        }
    )


def done_version(report: AnnualReport | None = None, content: bytes = b"%PDF-1.7 test") -> ReportVersion:
    """A finished version with a small stored file."""
    version = ReportVersionFactory.build(report=report or AnnualReportFactory(), status=ReportVersion.Status.DONE)
    version.error = ""
    version.file.save(f"reports/test/{version.uuid}.pdf", ContentFile(content), save=False)
    version.size = len(content)
    version.duration_ms = 1200
    version.save()
    return version
