from django.urls import path

from . import views

app_name = "open_data"
urlpatterns = [
    path("data/", views.data_index, name="index"),
    path("data/dictionary/", views.data_dictionary, name="dictionary"),
    path("data/<slug:name>.<slug:fmt>", views.data_download, name="download"),
]
