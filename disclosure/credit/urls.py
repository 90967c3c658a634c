from django.urls import path

from . import views
from .feeds import PenaltyFeed

app_name = "credit"
urlpatterns = [
    path("credit/", views.credit_index, name="index"),
    path("credit/feed/", PenaltyFeed(), name="feed"),
    path("credit/methodology/", views.methodology, name="methodology"),
    path("credit/penalties/<id:pk>/", views.penalty_detail, name="penalty_detail"),
    path("credit/download.<str:fmt>", views.penalty_download, name="download"),
]
