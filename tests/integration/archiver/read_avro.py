#!/usr/bin/python3
"""Reads Avro container files with Apache Avro's Python library (Debian python3-avro) and prints
one JSON object per record: the fields as decoded, ts both as the decoded type's name and as
microseconds since the epoch. The archiver's integration tests compare this with MySQL.

usage: read_avro.py FILE...
"""
import datetime
import json
import sys

from avro.datafile import DataFileReader
from avro.io import DatumReader

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def main(paths):
    for path in paths:
        with open(path, "rb") as f:
            reader = DataFileReader(f, DatumReader())
            codec = reader.get_meta("avro.codec").decode()
            for rec in reader:
                ts = rec["ts"]
                if isinstance(ts, datetime.datetime):
                    micros = (ts - EPOCH) // datetime.timedelta(microseconds=1)
                else:
                    micros = ts
                out = dict(rec)
                out["ts"] = micros
                out["ts_type"] = type(ts).__name__
                out["ts_iso"] = ts.isoformat() if isinstance(ts, datetime.datetime) else None
                out["file"] = path
                out["codec"] = codec
                print(json.dumps(out, ensure_ascii=False))
            reader.close()


if __name__ == "__main__":
    main(sys.argv[1:])
