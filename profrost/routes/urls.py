app_name = "routes"

urlpatterns = []
