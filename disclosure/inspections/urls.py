from django.urls import path

from . import views
from .feeds import ResultFeed

app_name = "inspections"
urlpatterns = [
    path("inspections/", views.index, name="index"),
    path("inspections/feed/", ResultFeed(), name="feed"),
    path("inspections/plans/<id:pk>/", views.plan_detail, name="plan"),
    path("inspections/plans/<id:pk>/bundle.json", views.bundle, name="bundle"),
    path("inspections/results/<id:pk>/", views.result_detail, name="result"),
    path("inspections/verify_draw.py", views.recipe_file, name="recipe"),
]
