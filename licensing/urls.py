from django.urls import path

from . import badge, views
from .institution_feeds import InstitutionFeed, RegionFeed

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<id:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<id:pk>/badge/", badge.badge, name="institution_badge"),
    path("institutions/<id:pk>/feed/", InstitutionFeed(), name="institution_feed"),
    path("regions/<str:code>/feed/", RegionFeed(), name="region_feed"),
    path("licensing-decisions/", views.decision_list, name="decision_list"),
    path("who-approves/", views.who_approves, name="who_approves"),
]
