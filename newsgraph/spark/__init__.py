"""The pipeline on Apache Spark: `newsgraph extract --engine spark --out DIR`, and `newsgraph load DIR`.

    engine.py   the driver: the Spark session, the chunks still to do, the job, the summary
    inputs.py   JSONL, Parquet and text/HTML/feed files as an RDD of (chunk, position, Article | Failure)
    task.py     one chunk on an executor: the pipeline (model loaded once per Python worker), its tables
    layout.py   the output directory: the manifest, one marker per finished chunk, the table files
    load.py     the tables back into ArticleResults, and into the SQLite store

Articles are dealt into chunks by their id (a hash of the text), so the same article always lands in the
same chunk; a chunk is written whole, table by table, and then marked done, so a rerun skips it.
Only `engine` imports pyspark, and only when it runs: the rest works without it (`load` needs pyarrow).
"""
