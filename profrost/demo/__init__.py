"""The demo region of `manage.py seed_demo`, one module (or subpackage) per area.

Each area's builder reads what earlier builders made from the shared `DemoContext` and adds its
own rows; `settings.DEMO_BUILDERS` lists them in order. Everything is drawn from one
`random.Random` and the given day, so the same seed and day give the same data. The product
apps know nothing of the demo.
"""
