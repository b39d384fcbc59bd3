from django.urls import URLPattern, path

from glasna.cases import plan_views

urlpatterns: list[URLPattern] = [
    path("tasks/", plan_views.tasks_due, name="tasks_due"),
    path("cases/<int:case_id>/tasks/", plan_views.add_task, name="task_add"),
    path("cases/<int:case_id>/tasks/<int:task_id>/done/", plan_views.complete_task, name="task_done"),
    path("cases/<int:case_id>/tasks/<int:task_id>/reopen/", plan_views.reopen_task, name="task_reopen"),
    path("cases/<int:case_id>/services/", plan_views.record_service, name="service_record"),
]
