# The atheris entry point is run by hand (see its docstring), never collected by pytest.
collect_ignore = ["fuzz_extract.py"]
