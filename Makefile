# ПрофРост: commands for developers and CI. `make help` lists them.

UV := scripts/uv
RUN := $(UV) run --no-sync
HOST_PORT ?= 127.0.0.1:8000
DEMO_TEACHERS ?= 2000
# The worker needs a broker; without one the web process runs tasks eagerly itself.
CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0

.DEFAULT_GOAL := help
.PHONY: help install run migrate demo test bench lint format worker beat clean

help:
	@echo "make run      установить, применить миграции, загрузить демо-регион (если база пуста) и запустить http://$(HOST_PORT)"
	@echo "make test     ruff, проверка миграций, тесты на SQLite и PostgreSQL, браузерные тесты, фаззинг API"
	@echo "make bench    замеры производительности (benchmarks/), цифры в docs/performance.md; не входит в make test"
	@echo "make lint     ruff check и ruff format --check"
	@echo "make format   исправить то, что ruff умеет исправлять сам"
	@echo "make migrate  применить миграции"
	@echo "make demo     пересоздать базу var/profrost.sqlite3 и загрузить демо-регион"
	@echo "make worker   Celery worker (брокер: CELERY_BROKER_URL, по умолчанию локальный Redis)"
	@echo "make beat     планировщик Celery"
	@echo "make clean    удалить .venv, кэши и собранную статику (база и файлы в var/ остаются)"

install:
	$(UV) sync --frozen

migrate: install
	$(RUN) python manage.py migrate

run: migrate
	$(RUN) python manage.py seed_demo --teachers $(DEMO_TEACHERS) --if-empty
	$(RUN) python manage.py runserver $(HOST_PORT)

demo: install
	rm -f var/profrost.sqlite3
	$(RUN) python manage.py migrate
	$(RUN) python manage.py seed_demo --teachers $(DEMO_TEACHERS)

test:
	scripts/test.sh

# Benchmarks write docs/performance.md; minutes long, so never part of `make test`.
bench: install
	$(RUN) python benchmarks/run.py

lint: install
	$(RUN) ruff check
	$(RUN) ruff format --check

format: install
	$(RUN) ruff check --fix
	$(RUN) ruff format

worker: install
	CELERY_BROKER_URL=$(CELERY_BROKER_URL) $(RUN) celery -A profrost worker --loglevel INFO

beat: install
	CELERY_BROKER_URL=$(CELERY_BROKER_URL) $(RUN) celery -A profrost beat --loglevel INFO \
		--schedule var/celerybeat-schedule

clean:
	rm -rf .venv .ruff_cache .pytest_cache .hypothesis test-results var/static
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
