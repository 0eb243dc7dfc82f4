from django.urls import path

from .views import catalogue, enrollments, imports, register, requests

app_name = "programs"

urlpatterns = [
    path("", catalogue.ProgramListView.as_view(), name="program_list"),
    path("new/", catalogue.ProgramCreateView.as_view(), name="program_create"),
    path("<int:pk>/", catalogue.ProgramDetailView.as_view(), name="program_detail"),
    path("<int:pk>/edit/", catalogue.ProgramUpdateView.as_view(), name="program_update"),
    path("<int:pk>/delete/", catalogue.ProgramDeleteView.as_view(), name="program_delete"),
    # `dpp_pk`: a program of the catalogue (ДПП), apart from other areas' «programs».
    path("<int:dpp_pk>/cohorts/new/", catalogue.CohortCreateView.as_view(), name="cohort_create"),
    path("cohorts/<int:pk>/", catalogue.CohortDetailView.as_view(), name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", catalogue.CohortUpdateView.as_view(), name="cohort_update"),
    path("cohorts/<int:pk>/delete/", catalogue.CohortDeleteView.as_view(), name="cohort_delete"),
    path("cohorts/<int:pk>/apply/", catalogue.ApplyView.as_view(), name="apply"),
    path("enrollments/", enrollments.EnrollmentListView.as_view(), name="enrollment_list"),
    path(
        "enrollments/<int:pk>/",
        enrollments.EnrollmentDetailView.as_view(),
        name="enrollment_detail",
    ),
    path(
        "enrollments/<int:pk>/approve/",
        enrollments.EnrollmentApproveView.as_view(),
        name="enrollment_approve",
    ),
    path(
        "enrollments/<int:pk>/reject/",
        enrollments.EnrollmentRejectView.as_view(),
        name="enrollment_reject",
    ),
    path(
        "enrollments/<int:pk>/complete/",
        enrollments.EnrollmentCompleteView.as_view(),
        name="enrollment_complete",
    ),
    path(
        "enrollments/<int:pk>/withdraw/",
        enrollments.EnrollmentWithdrawView.as_view(),
        name="enrollment_withdraw",
    ),
    path(
        "enrollments/<int:pk>/document/",
        register.EnrollmentDocumentView.as_view(),
        name="enrollment_document",
    ),
    path(
        "enrollments/<int:pk>/certificate/",
        register.EnrollmentCertificateView.as_view(),
        name="enrollment_certificate",
    ),
    path("register/", register.RegisterCheckView.as_view(), name="register_check"),
    path("register/export/", register.RegisterExportView.as_view(), name="register_export"),
    path(
        "enrollments/<int:enrollment_pk>/support/new/",
        enrollments.SupportCreateView.as_view(),
        name="support_create",
    ),
    path("support/<int:pk>/edit/", enrollments.SupportUpdateView.as_view(), name="support_update"),
    path(
        "support/<int:pk>/delete/", enrollments.SupportDeleteView.as_view(), name="support_delete"
    ),
    path("requests/", requests.RequestListView.as_view(), name="request_list"),
    path("requests/new/", requests.RequestCreateView.as_view(), name="request_create"),
    path(
        "requests/new-staff/",
        requests.RequestStaffCreateView.as_view(),
        name="request_create_staff",
    ),
    path("requests/summary/", requests.RequestSummaryView.as_view(), name="request_summary"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request_detail"),
    path("requests/<int:pk>/edit/", requests.RequestUpdateView.as_view(), name="request_update"),
    path("requests/<int:pk>/delete/", requests.RequestDeleteView.as_view(), name="request_delete"),
    path("requests/<int:pk>/review/", requests.RequestReviewView.as_view(), name="request_review"),
    path(
        "no-recent-training/",
        requests.NoRecentTrainingView.as_view(),
        name="no_recent_training",
    ),
    path("my/", requests.MyTrainingView.as_view(), name="my_training"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/template/", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/upload/", imports.ImportUploadView.as_view(), name="import_upload"),
    path("import/batch/<int:pk>/", imports.ImportBatchView.as_view(), name="import_batch"),
    path(
        "import/batch/<int:pk>/answers/",
        imports.ImportAnswersView.as_view(),
        name="import_answers",
    ),
    path(
        "import/batch/<int:pk>/confirm/",
        imports.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
]
