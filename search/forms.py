"""The search form: free text plus the facets, validated before any backend sees them."""

from django import forms

from . import registry
from .documents import SearchQuery

FACET_LABELS = {
    "type": "类型", "city": "设区市", "county": "县（市、区）", "service": "许可项目",
    "technology": "批准技术", "status": "状态",
}


def choices(facet, empty):
    return [("", empty)] + sorted(registry.labels(facet).items())


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    type = forms.ChoiceField(label="类型", required=False)
    city = forms.ChoiceField(label="设区市", required=False)
    county = forms.ChoiceField(label="县（市、区）", required=False)
    service = forms.ChoiceField(label="许可项目", required=False)
    technology = forms.ChoiceField(label="批准技术", required=False)
    status = forms.ChoiceField(label="状态", required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = types
        labels = {"type": "全部类型", "city": "全部设区市", "county": "全部县（市、区）",
                  "service": "全部项目", "technology": "全部技术", "status": "全部状态"}
        for facet, empty in labels.items():
            self.fields[facet].choices = choices(facet, empty)
        if city := (self.data.get("city") if self.is_bound else None):
            # A county's code starts with its city's: offer only the chosen city's counties.
            self.fields["county"].choices = [
                c for c in self.fields["county"].choices if not c[0] or c[0].startswith(city)
            ]

    def query(self, per_page=20):
        data = self.cleaned_data
        types = (data["type"],) if data.get("type") else tuple(self.types or ())
        return SearchQuery(
            text=data.get("q", ""), types=types, city=data.get("city", ""),
            county=data.get("county", ""), service=data.get("service", ""),
            technology=data.get("technology", ""), status=data.get("status", ""),
            page=data.get("page") or 1, per_page=per_page,
        )
