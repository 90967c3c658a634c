from django.urls import path

from . import views

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<id:pk>/", views.institution_detail, name="institution_detail"),
    path("licensing-decisions/", views.decision_list, name="decision_list"),
    path("who-approves/", views.who_approves, name="who_approves"),
]
