"""The admin page that imports a paper register from XLSX (logic in register_import.py);
its URL and menu item are registered in wagtail_hooks.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.http import content_disposition_header

from .register_import import (
    COLUMNS,
    MAX_ROWS,
    ImportFileError,
    build_template,
    import_rows,
    parse,
    validate,
)
from .territory import authority_of

IMPORT_URL_NAME = "licensing_register_import"
TEMPLATE_FILENAME = "登记册导入模板.xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_IMPORTED = "未导入任何数据：请修改以下问题后重新上传"
LICENCE_LIST_URL_NAME = "wagtailsnippets_licensing_licence:list"


class RegisterImportForm(forms.Form):
    file = forms.FileField(
        label="登记册文件（.xlsx）",
        help_text="用本页模板填写的Excel文件；全部行检查无误才会导入。",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )


def admin_urls():
    """The URL patterns to hand to Wagtail's register_admin_urls hook."""
    return [path("register-import/", register_import, name=IMPORT_URL_NAME)]


def register_import(request):
    """GET: instructions, template download and upload form; POST: check, then import."""
    _require_permission(request.user)
    if request.GET.get("template"):
        return _template_response()
    posted = request.method == "POST"
    form = RegisterImportForm(request.POST, request.FILES) if posted else RegisterImportForm()
    errors = []
    if posted and form.is_valid():
        errors = _check_and_import(request, form)
        if errors is None:
            return redirect(LICENCE_LIST_URL_NAME)
    return TemplateResponse(request, "licensing/register_import.html", {
        "form": form,
        "errors": errors,
        "not_imported": NOT_IMPORTED,
        "columns": COLUMNS,
        "authority": authority_of(request.user),
        "max_rows": MAX_ROWS,
    })


def _require_permission(user):
    """Importing adds licences: only those who may add a licence (territory is per row)."""
    if not (user.is_superuser or user.has_perm("licensing.add_licence")):
        raise PermissionDenied("您的账号没有新增许可的权限，不能导入登记册。")


def _template_response():
    response = HttpResponse(build_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, TEMPLATE_FILENAME)
    return response


def _check_and_import(request, form):
    """The row errors to show, or None once the file is imported (message queued).

    A file-level problem goes on the form's file field; row problems are returned
    for the table. Nothing is saved unless every row passes.
    """
    try:
        rows = parse(form.cleaned_data["file"])
    except ImportFileError as error:
        form.add_error("file", str(error))
        return []
    plans, errors = validate(request.user, rows)
    if errors:
        return errors
    try:
        summary = import_rows(request.user, plans)
    except (ValidationError, PermissionDenied, IntegrityError) as error:
        # The register changed between the check and the save; the transaction rolled back.
        return [(None, "", f"保存时发生冲突，请重新上传：{_describe(error)}")]
    messages.success(
        request,
        f"导入完成：新增机构 {summary.institutions_created} 家，"
        f"复用已有机构 {summary.institutions_reused} 家，"
        f"新增许可 {summary.licences_created} 条。",
    )
    return None


def _describe(error):
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    if isinstance(error, IntegrityError):
        return "许可证编号或统一社会信用代码已被他人同时登记。"
    return str(error)
