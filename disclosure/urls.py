from django.urls import path

from . import views
from .feeds import ListEditionFeed

urlpatterns = [
    path("lists/", views.list_index, name="list_index"),
    path("lists/feed/", ListEditionFeed(), name="list_feed"),
    path("lists/<int:pk>/", views.list_detail, name="list_edition_detail"),
    path("lists/<int:pk>/download.<str:fmt>", views.list_download, name="list_download"),
]
