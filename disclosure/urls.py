from django.urls import path

from . import views
from .feeds import ApplicationNoticeFeed, ListEditionFeed

urlpatterns = [
    path("lists/", views.list_index, name="list_index"),
    path("lists/feed/", ListEditionFeed(), name="list_feed"),
    path("lists/<id:pk>/", views.list_detail, name="list_edition_detail"),
    path("lists/<id:pk>/download.<str:fmt>", views.list_download, name="list_download"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/feed/", ApplicationNoticeFeed(), name="application_feed"),
    path("applications/<id:pk>/", views.application_detail, name="application_detail"),
]
