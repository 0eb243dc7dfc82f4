app_name = "datarequests"

urlpatterns = []
