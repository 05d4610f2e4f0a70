from django.urls import path

from sepakat.budgeting import views_alignment

app_name = "budgeting"

urlpatterns = [
    path(
        "<str:region_code>/<int:year>/keselarasan/",
        views_alignment.alignment,
        name="alignment",
    ),
]
