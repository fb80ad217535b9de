"""The `notice` format: the NOTICE / attribution texts the model licenses require."""

from __future__ import annotations

from llmaudit.licenses.copyright import find_copyright_lines
from llmaudit.models import (
    AuditResult,
    FactSource,
    LicenseFile,
    LicenseInfo,
    ModelAudit,
    PackageAudit,
    Verdict,
)
from llmaudit.records import record
from llmaudit.report.base import RenderContext
from llmaudit.report.document import bill_of_models, project_name, sorted_packages
from llmaudit.report.sbom import license_url, model_url
from llmaudit.report.templating import render_template

_NOTICE_FILES = ("NOTICE", "NOTICE.txt", "NOTICE.md")
_MAX_NOTICE_CHARS = 4000  # a NOTICE longer than this is cut, with a pointer to the file


@record(frozen=True, kw_only=True)
class NoticeFile:
    """A NOTICE file of the model repository, reproduced as Apache-2.0 §4(d) asks."""

    path: str
    text: str
    truncated: bool


@record(frozen=True, kw_only=True)
class LicenseNotice:
    """One license's required texts as they apply to one model."""

    key: str
    name: str
    via: str | None  # the ancestor it comes from, None for the model's own license
    notice: str | None
    attribution: tuple[str, ...]
    attribution_note: str  # how to credit, when the license fixes no literal string
    credit: str  # a ready-made credit line for that case (CC BY §3(a)(1))
    url: str | None
    copy_required: bool


@record(frozen=True, kw_only=True)
class ModelNotice:
    """Everything the NOTICE file says about one model."""

    id: str
    revision: str | None
    url: str | None
    license_key: str
    license_name: str
    unknown: bool
    base_models: tuple[str, ...]
    licenses: tuple[LicenseNotice, ...]
    repo_notice_files: tuple[str, ...]  # NOTICE files the repo has but the audit did not read
    copyright_lines: tuple[str, ...]  # from the repo's LICENSE / NOTICE files
    notice_files: tuple[NoticeFile, ...]
    author: str | None  # the card's author (the publishing account), when no line was found
    files_read: bool  # the audit read the repo's LICENSE / NOTICE files
    verdict: str  # the CLI's word: PASS, WARN, FAIL
    failed_rules: tuple[str, ...]


class NoticeRenderer:
    """Plain-text NOTICE to ship with a product that uses the audited models."""

    name = "notice"

    def render(self, result: AuditResult, ctx: RenderContext) -> str:
        """The NOTICE text: per model its license, notices and attribution strings."""
        models = [build_model_notice(m) for m in bill_of_models(result)]
        return render_template(
            "NOTICE.j2",
            project=project_name(result, "this product"),
            generated_at=result.generated_at,
            tool_version=result.tool_version,
            models=models,
            display_texts=_display_texts(models),
            packages=[(p, _package_copyright(p)) for p in sorted_packages(result.packages)],
            policy=result.policy,
        )


def build_model_notice(audit: ModelAudit) -> ModelNotice:
    """The notice facts of one model: own and inherited license texts, copyright lines."""
    match = audit.assessment.license
    resolved = audit.facts.source is not FactSource.UNRESOLVED and not audit.ref.local_path
    files = audit.facts.declaration.files
    notice_files = tuple(_notice_file(f) for f in files if _is_notice(f.path) and f.text.strip())
    read = {f.path for f in notice_files}
    copyright_lines = tuple(
        dict.fromkeys(line for f in files for line in find_copyright_lines(f.text))
    )
    return ModelNotice(
        id=audit.ref.id,
        revision=audit.facts.sha or audit.ref.revision or audit.facts.revision,
        url=model_url(audit.ref.id) if resolved else None,
        license_key=match.key,
        license_name=(audit.license_info.name if audit.license_info else match.name) or match.key,
        unknown=match.is_unknown,
        base_models=tuple(
            e.model_id for e in sorted(audit.lineage, key=lambda e: (e.depth, e.model_id))
        ),
        licenses=_license_notices(audit),
        repo_notice_files=tuple(f for f in audit.facts.files if _is_notice(f) and f not in read),
        copyright_lines=copyright_lines,
        notice_files=notice_files,
        author=None if copyright_lines else audit.facts.publisher,
        files_read=bool(files),
        verdict=audit.verdict.value.upper(),
        failed_rules=tuple(
            sorted({f.rule for f in audit.findings if f.effective_verdict is Verdict.FAIL})
        ),
    )


def _package_copyright(audit: PackageAudit) -> tuple[str, ...]:
    """Copyright lines of the license files the installed distribution ships."""
    return tuple(
        dict.fromkeys(
            line for f in audit.facts.license_files for line in find_copyright_lines(f.text)
        )
    )


def _is_notice(path: str) -> bool:
    return path.rsplit("/", 1)[-1] in _NOTICE_FILES


def _notice_file(file: LicenseFile) -> NoticeFile:
    text = file.text.strip()
    return NoticeFile(
        path=file.path, text=text[:_MAX_NOTICE_CHARS], truncated=len(text) > _MAX_NOTICE_CHARS
    )


def _license_notices(audit: ModelAudit) -> tuple[LicenseNotice, ...]:
    """The model's own license, then each different license up its lineage or obligations.

    A derivative carries its ancestors' notices: e.g. Llama 3.1 §1.b.i-ii require "Built
    with Llama" and the Llama notice on anything built from Llama, whatever its own license.
    """
    own = audit.assessment.license.key
    wanted: dict[str, str | None] = {}
    if not audit.assessment.license.is_unknown:
        wanted[own] = None
    for entry in sorted(audit.lineage, key=lambda e: (e.depth, e.model_id)):
        if not entry.license.is_unknown:
            wanted.setdefault(entry.license.key, entry.model_id)
    for obligation in audit.obligations:
        wanted.setdefault(obligation.license_key, obligation.inherited_from)
    notices = []
    carried = audit.license_infos()
    for key, via in wanted.items():
        info = audit.license_info if key == own else carried.get(key.strip().lower())
        notice = _notice_from(key, via, info, _credit_subject(audit, via))
        if notice is not None:
            notices.append(notice)
    return tuple(notices)


def _credit_subject(audit: ModelAudit, via: str | None) -> str:
    """Who and what to credit: the model (or the ancestor the license comes from)."""
    model_id = via or audit.ref.id
    owner = (
        audit.facts.publisher
        if via is None and audit.facts.publisher
        else model_id.split("/", 1)[0]
        if "/" in model_id
        else ""
    )
    where = "" if audit.ref.local_path and via is None else f" ({model_url(model_id)})"
    return f'"{model_id}"' + (f" by {owner}" if owner else "") + where


def _notice_from(
    key: str, via: str | None, info: LicenseInfo | None, subject: str
) -> LicenseNotice | None:
    if info is None:
        return (
            LicenseNotice(
                key=key,
                name=key,
                via=via,
                notice=None,
                attribution=(),
                attribution_note="",
                credit="",
                url=None,
                copy_required=False,
            )
            if via is None
            else None
        )
    url = license_url(info)
    credit = ""
    if info.attribution_note:
        credit = f"{subject}, licensed under the {info.name}" + (f" ({url})" if url else "")
    return LicenseNotice(
        key=key,
        name=info.name,
        via=via,
        notice=info.notice,
        attribution=tuple(info.attribution),
        attribution_note=info.attribution_note,
        credit=credit,
        url=url,
        copy_required=info.copy_license,
    )


def _display_texts(models: list[ModelNotice]) -> list[tuple[str, str]]:
    """Every distinct (attribution statement, license key), e.g. ("Built with Llama", ...)."""
    return sorted(
        {(text, lic.key) for m in models for lic in m.licenses for text in lic.attribution}
    )
