"""What every public page needs: the navigation with one name per page, and the
reader's 大字模式 (large type, high contrast), remembered in a cookie."""

from urllib.parse import urlencode

from django.urls import reverse

LARGE_TEXT_COOKIE = "large_text"

# The public pages in the navigation: (url name, the page's one name). The same name is
# the page's <title>, its h1 and every link back to it.
PAGES = (
    ("home", "首页"),
    ("search", "检索"),
    ("institution_list", "许可机构查询"),
    ("decision_list", "许可决定公示"),
    ("list_index", "辅助生殖机构和精子库名单"),
    ("application_list", "设置申请信息公开"),
    ("credit:index", "信用信息公示"),
    ("inspections:index", "监督抽查结果"),
    ("who_approves", "谁审批什么"),
    ("open_data:index", "开放数据"),
)
PAGE_NAMES = dict(PAGES)


def page_url(name):
    return "/" if name == "home" else reverse(name)


def large_text(request):
    return request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"


def nav_items(path):
    """Each nav entry with `current`: "page" on the page itself, "true" inside its section
    (an institution under 许可机构查询), "" elsewhere."""
    items = []
    for name, label in PAGES:
        url = page_url(name)
        if path == url:
            current = "page"
        elif url != "/" and path.startswith(url):
            current = "true"
        else:
            current = ""
        items.append({"name": name, "label": label, "url": url, "current": current})
    return items


def public_site(request):
    large = large_text(request)
    switch = urlencode({"size": "normal" if large else "large", "next": request.get_full_path()})
    return {
        "large_text": large,
        "body_class": "large-text" if large else "",
        "text_size_url": f"{reverse('text_size')}?{switch}",
        "nav_items": nav_items(request.path),
        "page_names": PAGE_NAMES,
    }
